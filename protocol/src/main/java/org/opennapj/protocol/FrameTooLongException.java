package org.opennapj.protocol;

/**
 * A frame header announced a body longer than the connection's limit (opennap-ng's
 * {@code max_command_length}, 2048 by default). The decoder has consumed nothing; the caller is
 * expected to close the connection without reading the body.
 */
public final class FrameTooLongException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int length;
    private final int type;
    private final int limit;

    /**
     * @param length the body length the header announced
     * @param type   the numeric the header announced
     * @param limit  the largest body length that was allowed
     */
    public FrameTooLongException(int length, int type, int limit) {
        super("message " + type + " announces " + length + " bytes of data, the limit is " + limit);
        this.length = length;
        this.type = type;
        this.limit = limit;
    }

    /** The body length the header announced. */
    public int length() {
        return length;
    }

    /** The numeric the header announced. */
    public int type() {
        return type;
    }

    /** The largest body length that was allowed. */
    public int limit() {
        return limit;
    }
}
