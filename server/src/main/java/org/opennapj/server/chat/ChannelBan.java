package org.opennapj.server.chat;

import java.util.Locale;

/**
 * A ban on a channel (422): a {@code nick!address} pattern where {@code *} matches any run of
 * characters and {@code ?} one character, case-insensitive, with who set it, why and when (UNIX
 * seconds).
 */
record ChannelBan(String target, String setBy, String reason, long when) {

    /**
     * The pattern a 422/423 argument stands for, as opennap-ng reads it: one with a {@code !} is
     * taken as it is; digits and dots are an address ({@code 10.0.0.} covers the range, as
     * {@code *!10.0.0.*}); anything else is a nick ({@code bob!*}).
     */
    static String normalize(String arg) {
        if (arg.indexOf('!') >= 0) {
            return arg;
        }
        boolean address = !arg.isEmpty();
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                address = false;
                break;
            }
        }
        if (address) {
            return "*!" + arg + (arg.endsWith(".") ? "*" : "");
        }
        return arg + "!*";
    }

    /** Whether this ban covers a user with that nick and dotted-quad address. */
    boolean covers(String nick, String ip) {
        return glob(target.toLowerCase(Locale.ROOT), (nick + "!" + ip).toLowerCase(Locale.ROOT));
    }

    /** Whether the pattern names exactly one nick (no wildcard in its nick part), or null. */
    String exactNick() {
        int bang = target.indexOf('!');
        String nick = bang < 0 ? target : target.substring(0, bang);
        return nick.isEmpty() || nick.indexOf('*') >= 0 || nick.indexOf('?') >= 0 ? null : nick;
    }

    /** Glob matching with {@code *} and {@code ?}, linear backtracking over the last star. */
    static boolean glob(String pattern, String s) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
