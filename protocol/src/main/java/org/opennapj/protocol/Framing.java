package org.opennapj.protocol;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Napster wire frame: {@code <length:2><type:2><data:length>}.
 *
 * <p>Length and type are unsigned 16-bit numbers, little-endian for every client except
 * Napster 2.0 beta 10.3 and later, which frames big-endian. Such a client announces itself with
 * its very first message, a 920 with data {@code 1}, so the order can be detected from the first
 * four bytes of a connection ({@link #detectOrder}). The data is text; this project maps it to and
 * from bytes as ISO-8859-1 so arbitrary bytes round-trip exactly.
 */
public final class Framing {

    /** opennap-ng's default {@code max_command_length}: the largest body a server accepts. */
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 2048;

    /** Bytes in a frame header (length and type). */
    public static final int HEADER_LENGTH = 4;

    /** The largest body a frame can carry: the length field is 16 bits. */
    public static final int MAX_DATA_LENGTH = 0xFFFF;

    /** The largest numeric a frame can carry: the type field is 16 bits. */
    public static final int MAX_TYPE = 0xFFFF;

    private Framing() {
    }

    /**
     * The whole frame for one message: header in {@code order}, then the data as ISO-8859-1.
     * A char above U+00FF (which cannot come from a decoded frame) is sent as {@code ?}.
     *
     * @throws IllegalArgumentException if {@code type} is outside 0..65535 or the data is longer
     *                                  than 65535 bytes
     */
    public static byte[] encode(int type, String data, ByteOrder order) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(order, "order");
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("message type " + type + " is out of range 0.." + MAX_TYPE);
        }
        int length = data.length();
        if (length > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException(
                    "message " + type + " has " + length + " bytes of data, a frame holds at most " + MAX_DATA_LENGTH);
        }
        byte[] frame = new byte[HEADER_LENGTH + length];
        putShort(frame, 0, length, order);
        putShort(frame, 2, type, order);
        for (int i = 0; i < length; i++) {
            char c = data.charAt(i);
            frame[HEADER_LENGTH + i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return frame;
    }

    /** Same as {@link #encode(int, String, ByteOrder)} for a {@link Message}. */
    public static byte[] encode(Message message, ByteOrder order) {
        return encode(message.type(), message.data(), order);
    }

    /**
     * Decides the byte order of a connection from the first four bytes its client ever sent.
     *
     * @return {@link ByteOrder#BIG_ENDIAN} only when the big-endian reading gives type 920 (the
     *         Napster 2.0 beta 10.3+ pre-login message) and the little-endian reading does not give a
     *         catalogued type; otherwise {@link ByteOrder#LITTLE_ENDIAN}
     */
    public static ByteOrder detectOrder(byte b0, byte b1, byte b2, byte b3) {
        int bigEndianType = (b2 & 0xFF) << 8 | (b3 & 0xFF);
        int littleEndianType = (b3 & 0xFF) << 8 | (b2 & 0xFF);
        if (bigEndianType == MessageType.BETA_PRELOGIN.code() && !MessageType.isKnown(littleEndianType)) {
            return ByteOrder.BIG_ENDIAN;
        }
        return ByteOrder.LITTLE_ENDIAN;
    }

    /** Reads an unsigned 16-bit number from two bytes in the given order. */
    static int readShort(byte first, byte second, ByteOrder order) {
        if (order == ByteOrder.BIG_ENDIAN) {
            return (first & 0xFF) << 8 | (second & 0xFF);
        }
        return (second & 0xFF) << 8 | (first & 0xFF);
    }

    private static void putShort(byte[] into, int at, int value, ByteOrder order) {
        byte high = (byte) (value >>> 8);
        byte low = (byte) value;
        if (order == ByteOrder.BIG_ENDIAN) {
            into[at] = high;
            into[at + 1] = low;
        } else {
            into[at] = low;
            into[at + 1] = high;
        }
    }
}
