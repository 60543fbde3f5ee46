package org.opennapj.server.store;

/** A storage operation failed; the change it carried was not made durable. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
