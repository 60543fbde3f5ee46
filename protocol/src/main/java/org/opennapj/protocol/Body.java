package org.opennapj.protocol;

import java.util.Arrays;

/**
 * A message body built directly as the bytes that go on the wire (ISO-8859-1: one byte per
 * character, characters above U+00FF become {@code ?}, as {@link Framing} writes them). Reused
 * for many lines, it lets a server build thousands of result lines without a String per line.
 * Not thread-safe.
 */
public final class Body {

    private byte[] buf;
    private int len;

    public Body() {
        this(128);
    }

    public Body(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Empties the body, keeping its buffer. */
    public Body clear() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    /** The buffer holding the body in positions [0, {@link #length()}); valid until the next append. */
    public byte[] bytes() {
        return buf;
    }

    public Body append(char c) {
        ensure(1);
        buf[len++] = c <= 0xFF ? (byte) c : (byte) '?';
        return this;
    }

    public Body append(CharSequence s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[p + i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        len = p + n;
        return this;
    }

    /** Appends bytes that are already ISO-8859-1 text. */
    public Body append(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends a number in decimal. */
    public Body append(long v) {
        if (v == Long.MIN_VALUE) {
            return append(Long.toString(v));
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        // digits were written least significant first
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
        }
    }

    /** The body as text (for tests and logs). */
    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
