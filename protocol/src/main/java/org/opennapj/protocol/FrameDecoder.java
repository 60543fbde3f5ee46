package org.opennapj.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Cuts {@code <length><type><data>} frames out of a stream of bytes, one {@link Message} at a
 * time. It does no IO and keeps no bytes of its own: the caller accumulates what it read in a
 * {@link ByteBuffer} (in read mode) and calls {@link #next} until it returns {@code null}.
 *
 * <p>The only state is the configuration (limit and byte order); an instance belongs to one
 * connection and is not thread-safe.
 */
public final class FrameDecoder {

    private final int maxLength;
    private ByteOrder order;

    /**
     * @param maxLength the largest body accepted (the server's {@code max_command_length}); 0 or
     *                  less means no limit other than the frame's own 65535
     * @param order     the connection's byte order, normally little-endian
     */
    public FrameDecoder(int maxLength, ByteOrder order) {
        this.maxLength = maxLength <= 0 ? Framing.MAX_DATA_LENGTH : Math.min(maxLength, Framing.MAX_DATA_LENGTH);
        this.order = Objects.requireNonNull(order, "order");
    }

    /** Changes the byte order, e.g. after {@link Framing#detectOrder} saw a big-endian client. */
    public void setOrder(ByteOrder order) {
        this.order = Objects.requireNonNull(order, "order");
    }

    /** The current byte order. */
    public ByteOrder order() {
        return order;
    }

    /** The largest body length accepted (65535 when constructed with no limit). */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The next complete message in {@code in}, from its position.
     *
     * @return the message, with {@code in}'s position advanced past its frame; or {@code null},
     *         with the position unchanged, if {@code in} does not yet hold a complete frame
     * @throws FrameTooLongException if the header announces a body longer than the limit; the
     *                               position is then unchanged and the body has not been looked at
     */
    public Message next(ByteBuffer in) throws FrameTooLongException {
        int start = in.position();
        if (in.limit() - start < Framing.HEADER_LENGTH) {
            return null;
        }
        int length = Framing.readShort(in.get(start), in.get(start + 1), order);
        int type = Framing.readShort(in.get(start + 2), in.get(start + 3), order);
        if (length > maxLength) {
            throw new FrameTooLongException(length, type, maxLength);
        }
        int bodyStart = start + Framing.HEADER_LENGTH;
        if (in.limit() - bodyStart < length) {
            return null;
        }
        String data;
        if (length == 0) {
            data = "";
        } else if (in.hasArray()) {
            data = new String(in.array(), in.arrayOffset() + bodyStart, length, StandardCharsets.ISO_8859_1);
        } else {
            byte[] body = new byte[length];
            in.get(bodyStart, body);
            data = new String(body, StandardCharsets.ISO_8859_1);
        }
        in.position(bodyStart + length);
        return new Message(type, data);
    }
}
