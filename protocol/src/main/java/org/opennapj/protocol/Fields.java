package org.opennapj.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the fields of a message body: words separated by spaces, where a field that
 * starts with a double quote runs to the next double quote ({@code "random band - song.mp3"}).
 *
 * <p>The protocol has no escaping: a quoted field cannot contain {@code "}. Rules of
 * {@link #split(String)}:
 * <ul>
 * <li>Fields are separated by runs of spaces (ASCII 32 only; tabs and every other byte are
 *     ordinary characters). Leading and trailing spaces are ignored.</li>
 * <li>A field that starts with {@code "} ends at the next {@code "}; the quotes are removed, so
 *     {@code ""} is an empty field. Text right after the closing quote starts a new field
 *     ({@code "a"b} is {@code a}, {@code b}).</li>
 * <li>A {@code "} inside an unquoted word is part of the word ({@code a"b} is one field).</li>
 * <li>A quote that is never closed is an error.</li>
 * </ul>
 */
public final class Fields {

    private static final char SPACE = ' ';
    private static final char QUOTE = '"';
    /** Longest piece of a bad value quoted back in an error message. */
    private static final int MAX_SHOWN = 40;

    private Fields() {
    }

    /**
     * All fields of {@code data}; an empty or all-space body gives an empty list.
     *
     * @throws MalformedFieldsException if a quoted field is never closed
     */
    public static List<String> split(String data) throws MalformedFieldsException {
        return split(data, Integer.MAX_VALUE);
    }

    /**
     * At most {@code limit} fields of {@code data}. When the limit is reached, the last field is the
     * raw rest of the body after the previous field and the spaces that follow it: not unquoted,
     * not checked for quotes, trailing spaces kept. For example
     * {@code split("bob  hello \"x\" y", 2)} is {@code [bob, hello "x" y]}, and
     * {@code split("bob \"hi there\"", 2)} is {@code [bob, "hi there"]} with the quotes.
     * If nothing follows the previous field, the list is shorter than {@code limit}.
     *
     * @param limit the largest number of fields wanted, at least 1
     * @throws MalformedFieldsException if a quoted field before the last is never closed
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public static List<String> split(String data, int limit) throws MalformedFieldsException {
        Objects.requireNonNull(data, "data");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        List<String> fields = new ArrayList<>(Math.min(limit, 8));
        int n = data.length();
        int i = skipSpaces(data, 0);
        while (i < n) {
            if (fields.size() == limit - 1) {
                fields.add(data.substring(i));
                break;
            }
            if (data.charAt(i) == QUOTE) {
                int close = data.indexOf(QUOTE, i + 1);
                if (close < 0) {
                    throw new MalformedFieldsException("unbalanced quote at position " + i);
                }
                fields.add(data.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = data.indexOf(SPACE, i);
                if (end < 0) {
                    end = n;
                }
                fields.add(data.substring(i, end));
                i = end;
            }
            i = skipSpaces(data, i);
        }
        return fields;
    }

    /** {@code s} in double quotes. The protocol cannot escape, so {@code s} should not contain {@code "}. */
    public static String quote(String s) {
        return QUOTE + s + QUOTE;
    }

    /**
     * The first field of a message whose first field is mandatory (a nick, a port...).
     *
     * @param what names the field in the error, e.g. "a nick"
     * @throws MalformedFieldsException "a nick is required" when the data has no non-empty first field
     */
    public static String first(String data, String what) throws MalformedFieldsException {
        List<String> f = split(data);
        if (f.isEmpty() || f.get(0).isEmpty()) {
            throw new MalformedFieldsException(what + " is required");
        }
        return f.get(0);
    }

    /** The parts, each turned into text with {@link String#valueOf(Object)}, separated by single spaces. */
    public static String join(Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(SPACE);
            }
            sb.append(parts[i]);
        }
        return sb.toString();
    }

    /**
     * Whether {@code s} is a decimal integer that fits in a {@code long}: an optional {@code +} or
     * {@code -} followed by one or more ASCII digits, nothing else (no spaces).
     */
    public static boolean isInteger(String s) {
        try {
            parseLong(s, Long.MIN_VALUE, Long.MAX_VALUE);
            return true;
        } catch (MalformedFieldsException e) {
            return false;
        }
    }

    /**
     * {@code s} as a number in {@code min..max}. Accepts an optional {@code +} or {@code -} and
     * ASCII digits (leading zeros allowed); anything else, including surrounding spaces, is not a
     * number.
     *
     * @throws MalformedFieldsException {@code 'abc' is not a number} or
     *                                  {@code 70000 is out of range 0..65535}
     * @throws IllegalArgumentException if {@code min > max}
     */
    public static long parseLong(String s, long min, long max) throws MalformedFieldsException {
        Objects.requireNonNull(s, "s");
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n) {
            throw notANumber(s);
        }
        // Accumulate negatively so Long.MIN_VALUE is reachable; keep checking digits after overflow
        // so that "99999999999999999999x" is reported as not a number rather than out of range.
        long negativeValue = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw notANumber(s);
            }
            if (!overflow) {
                try {
                    negativeValue = Math.subtractExact(Math.multiplyExact(negativeValue, 10), c - '0');
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
        }
        if (!negative && negativeValue == Long.MIN_VALUE) {
            overflow = true;
        }
        long value = negative ? negativeValue : -negativeValue;
        if (overflow || value < min || value > max) {
            throw new MalformedFieldsException(shown(s) + " is out of range " + min + ".." + max);
        }
        return value;
    }

    /** {@code s} as a number in {@code min..max}; see {@link #parseLong}. */
    public static int parseInt(String s, int min, int max) throws MalformedFieldsException {
        return (int) parseLong(s, min, max);
    }

    private static int skipSpaces(String data, int from) {
        int i = from;
        while (i < data.length() && data.charAt(i) == SPACE) {
            i++;
        }
        return i;
    }

    private static MalformedFieldsException notANumber(String s) {
        return new MalformedFieldsException("'" + shown(s) + "' is not a number");
    }

    private static String shown(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
    }
}
