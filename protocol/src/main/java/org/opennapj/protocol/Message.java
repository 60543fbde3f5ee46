package org.opennapj.protocol;

/**
 * One Napster protocol message: the numeric {@code <type>} and the {@code <data>} text of a
 * {@code <length><type><data>} frame.
 *
 * <p>The data is the frame's bytes decoded as ISO-8859-1, one char per byte, so any byte
 * sequence survives a decode/encode round trip unchanged. It is never {@code null}; an empty
 * body is {@code ""}.
 *
 * @param type the numeric, 0..65535
 * @param data the body text, one char (0..255) per wire byte
 */
public record Message(int type, String data) {

    /** Validates the type range and turns a {@code null} body into {@code ""}. */
    public Message {
        if (type < 0 || type > Framing.MAX_TYPE) {
            throw new IllegalArgumentException("message type " + type + " is out of range 0.." + Framing.MAX_TYPE);
        }
        if (data == null) {
            data = "";
        }
    }

    /** A message with the given numeric and body ({@code null} means empty). */
    public static Message of(int type, String data) {
        return new Message(type, data);
    }

    /** A message with the given catalogued numeric and body ({@code null} means empty). */
    public static Message of(MessageType type, String data) {
        return new Message(type.code(), data);
    }

    /** The catalogue entry for this message's numeric, or {@code null} if it is not catalogued. */
    public MessageType messageType() {
        return MessageType.of(type);
    }

    /** The whole frame (header and body) in the given byte order; see {@link Framing#encode}. */
    public byte[] encode(java.nio.ByteOrder order) {
        return Framing.encode(type, data, order);
    }

    /**
     * For logs: the numeric, a space and the body in double quotes, e.g. {@code 205 "bob hello"}.
     * Control characters (0x00-0x1f, 0x7f-0x9f) are shown as {@code \xNN} so a log line stays one line;
     * everything else, including quotes inside the body, is shown as is.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(data.length() + 10);
        sb.append(type).append(" \"");
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                sb.append("\\x");
                sb.append(Character.forDigit(c >> 4 & 0xf, 16));
                sb.append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
