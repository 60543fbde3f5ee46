package org.opennapj.client;

/** A download request (203) that did not get a 204. */
public final class DownloadRefusedException extends ServerRefusalException {

    private static final long serialVersionUID = 1L;

    /** Which answer came. */
    public enum Kind {
        /** 206: the user is not online, does not share the file, or the server refused (see the detail). */
        GET_ERROR,
        /** 609: the uploader refused. */
        ACCEPT_FAILED,
        /** 620: the uploader's queue for us is full. */
        QUEUE_FULL
    }

    private final Kind kind;

    public DownloadRefusedException(Kind kind, int numeric, String detail) {
        super(numeric, detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
