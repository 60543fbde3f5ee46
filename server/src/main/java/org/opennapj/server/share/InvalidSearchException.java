package org.opennapj.server.share;

import java.io.Serial;

/**
 * Thrown by {@link SearchQuery#parse(String, int)} for a malformed search request. The message is
 * meant to be sent to the user as is (e.g. in a 404).
 */
public final class InvalidSearchException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidSearchException(String message) {
        super(message);
    }
}
