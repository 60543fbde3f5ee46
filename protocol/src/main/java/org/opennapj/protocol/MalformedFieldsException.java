package org.opennapj.protocol;

/**
 * A message body could not be read as fields: an unbalanced quote, or a field that should be a
 * number and is not, or is out of range. The message says what is wrong in words fit to send back
 * to the client (e.g. in a 404).
 */
public final class MalformedFieldsException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedFieldsException(String message) {
        super(message);
    }
}
