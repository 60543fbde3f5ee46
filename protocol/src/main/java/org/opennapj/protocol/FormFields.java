package org.opennapj.protocol;

import java.util.List;

/** Shared checks of the typed message forms: required fields, addresses, ports. */
final class FormFields {

    /** The largest wire address: IPv4 as an unsigned 32-bit number (see {@link IpAddress}). */
    static final long MAX_IP = 0xFFFF_FFFFL;

    private FormFields() {
    }

    /** The fields of {@code data}, at least {@code count} of them, else "expected {@code layout}". */
    static List<String> atLeast(String data, int count, String layout) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < count) {
            throw new MalformedFieldsException("expected " + layout);
        }
        return f;
    }

    /** A field that may not be empty (a nick, a file name). */
    static String text(String s, String what) throws MalformedFieldsException {
        if (s.isEmpty()) {
            throw new MalformedFieldsException(what + " is required");
        }
        return s;
    }

    /** A field that must be one non-empty word (a nick, a checksum): a quoted field may hold spaces. */
    static String word(String s, String what) throws MalformedFieldsException {
        if (s.isEmpty() || s.indexOf(' ') >= 0) {
            throw new MalformedFieldsException(what + " must be one word");
        }
        return s;
    }

    /** An {@code <ip>} field; negative values (the same 32 bits printed signed) are read as unsigned. */
    static long ip(String s) throws MalformedFieldsException {
        return Fields.parseLong(s, Integer.MIN_VALUE, MAX_IP) & MAX_IP;
    }

    static int port(String s) throws MalformedFieldsException {
        return Fields.parseInt(s, 0, 65535);
    }

    static int count(String s) throws MalformedFieldsException {
        return Fields.parseInt(s, 0, Integer.MAX_VALUE);
    }

    /** Checks a value given to a form's constructor. */
    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void checkText(String s, String what) {
        check(s != null && !s.isEmpty(), what + " must not be empty");
    }

    static void checkWord(String s, String what) {
        check(s != null && !s.isEmpty() && s.indexOf(' ') < 0, what + " must be one word (no spaces)");
    }
}
