package org.opennapj.server;

import java.io.IOException;

/** Another running server holds the data directory a server was to start on. */
public final class DataDirectoryInUseException extends IOException {

    public DataDirectoryInUseException(String message) {
        super(message);
    }
}
