package org.opennapj.client.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the unterminated lines of the client-to-client protocol from a data connection, with a
 * timeout on every read. Napster peers end neither the request nor a size or offset
 * with a line feed: a number ends at the first byte that is not a digit (which is kept for the
 * caller, it is file data) or when the peer has sent nothing more for the short "quiet" time.
 */
final class PeerInput {
    static final int MAX_DIGITS = 19;

    private final Socket socket;
    private final InputStream in;
    private final int stepMillis;
    private final int quietMillis;
    private final byte[] held = new byte[16];
    private int heldCount;

    PeerInput(Socket socket, Duration step, Duration quiet) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream(), 8192); // every read of the connection goes through here
        this.stepMillis = (int) Math.max(1, step.toMillis());
        this.quietMillis = (int) Math.max(1, quiet.toMillis());
        socket.setSoTimeout(stepMillis);
    }

    /** One byte, or -1 at the end of the stream; a silent peer is a {@link SocketTimeoutException}. */
    int read() throws IOException {
        if (heldCount > 0) return held[--heldCount] & 0xff;
        return in.read();
    }

    /** Puts a byte back; it is the next one read. */
    void unread(int b) {
        held[heldCount++] = (byte) b;
    }

    /** Reads data: bytes put back first, then at most {@code len} from the socket; -1 at the end. */
    int read(byte[] into, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (heldCount > 0) {
            int n = 0;
            while (heldCount > 0 && n < len) into[off + n++] = held[--heldCount];
            return n;
        }
        return in.read(into, off, len);
    }

    /** The next byte if the peer sends one within the quiet time; -2 if it stays quiet; -1 at the end. */
    int readIfPromptly() throws IOException {
        if (heldCount > 0 || in.available() > 0) return read();
        socket.setSoTimeout(quietMillis);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } finally {
            socket.setSoTimeout(stepMillis);
        }
    }

    /** Reads exactly {@code word} (e.g. {@code GET}); anything else is a protocol error. */
    void expect(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            int b = read();
            if (b != word.charAt(i)) throw new PeerProtocolException("expected " + word + " from the peer" + got(b));
        }
    }

    /** The one-byte greeting {@code 1} a data port sends on every connection. */
    void expectGreeting() throws IOException {
        int b = read();
        if (b != '1') throw new PeerProtocolException("expected the greeting 1 from the peer" + got(b));
    }

    /**
     * Reads {@code <nick> "<filename>" <number>} of at most {@code maxLength} bytes. Leading
     * spaces before the nick are allowed (some clients send none, which is the usual form).
     */
    PeerHeader readHeader(int maxLength) throws IOException {
        StringBuilder nick = new StringBuilder();
        int used = 0;
        int b = read();
        while ((b == ' ' || b == '\r' || b == '\n') && used++ < maxLength) b = read();
        while (b > ' ' && b != '"') {
            if (++used > maxLength) throw new PeerProtocolException("request too long");
            nick.append((char) b);
            b = read();
        }
        if (nick.isEmpty()) throw new PeerProtocolException("request has no nick" + got(b));
        if (b != ' ') throw new PeerProtocolException("malformed request after the nick" + got(b));
        b = read();
        if (b != '"') throw new PeerProtocolException("request has no quoted file name" + got(b));
        byte[] name = new byte[maxLength];
        int n = 0;
        while (true) {
            b = read();
            if (b < 0) throw new PeerProtocolException("request ended inside the file name");
            if (b == '"') break;
            if (b == 0 || b == '\n' || b == '\r') throw new PeerProtocolException("control character in the file name");
            if (n >= maxLength) throw new PeerProtocolException("request too long");
            name[n++] = (byte) b;
        }
        if (n == 0) throw new PeerProtocolException("empty file name");
        b = read();
        if (b != ' ') throw new PeerProtocolException("malformed request after the file name" + got(b));
        long number = readQuietNumber();
        return new PeerHeader(nick.toString(), new String(name, 0, n, StandardCharsets.ISO_8859_1), number);
    }

    /**
     * A number the peer sends with nothing after it until we answer: digits until a non-digit,
     * the end of the stream, or a quiet pause. A line feed after it is allowed and dropped.
     */
    long readQuietNumber() throws IOException {
        int b = read();
        if (b < '0' || b > '9') {
            throw new PeerProtocolException(b >= 0 && b != '-' ? "peer refused: " + textFrom(b) : "expected a number" + got(b));
        }
        StringBuilder digits = new StringBuilder();
        while (b >= '0' && b <= '9') {
            digits.append((char) b);
            if (digits.length() > MAX_DIGITS) throw new PeerProtocolException("number too long");
            b = readIfPromptly();
        }
        if (b >= 0 && b != '\n' && b != '\r') unread(b);
        return parse(digits);
    }

    /**
     * The size an uploader sends before the data: digits up to the first non-digit (kept, it is
     * data). When the size is expected, the digits stop once they spell it, so a file whose data
     * starts with a digit is still read right.
     */
    long readSizeBeforeData(long expected) throws IOException {
        String want = expected >= 0 ? Long.toString(expected) : null;
        int b = read();
        if (b < '0' || b > '9') {
            throw new PeerProtocolException(b >= 0 ? "peer refused: " + textFrom(b) : "peer closed before sending the size");
        }
        StringBuilder digits = new StringBuilder();
        while (true) {
            digits.append((char) b);
            if (digits.length() > MAX_DIGITS) throw new PeerProtocolException("size too long");
            if (want != null && digits.toString().equals(want)) break;
            b = read();
            if (b < '0' || b > '9') {
                if (b >= 0) unread(b);
                break;
            }
        }
        return parse(digits);
    }

    private static long parse(CharSequence digits) throws PeerProtocolException {
        try {
            return Long.parseLong(digits.toString());
        } catch (NumberFormatException e) {
            throw new PeerProtocolException("number out of range");
        }
    }

    /** The rest of an error text the peer sent, starting with {@code first}; at most 128 printable bytes. */
    private String textFrom(int first) throws IOException {
        StringBuilder s = new StringBuilder();
        int b = first;
        while (b >= 0 && s.length() < 128) {
            s.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
            b = readIfPromptly();
        }
        return s.toString().strip();
    }

    private static String got(int b) {
        if (b < 0) return ", but it closed the connection";
        return ", got " + (b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b));
    }
}
