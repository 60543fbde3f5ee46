package org.opennapj.server.core;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * Kinds of operator notice. Moderators and up are told about operator actions (kills, bans,
 * level changes, ...) as 404 lines; each chooses the kinds it receives with 10203 (user mode),
 * all of them by default. The names are the ones clients send in 10203.
 */
public enum Notice {
    ERROR, BAN, CHANGE, KILL, LEVEL, SERVER, MUZZLE, PORT, WALLOP, CLOAK, FLOOD, PING, MSG, WHOIS, ABUSE;

    /** Every kind. */
    public static final int ALL = (1 << 15) - 1;

    public int bit() {
        return 1 << ordinal();
    }

    /**
     * Applies a 10203 mode change to {@code mode}: words are {@code ALL}, {@code NONE}, a kind's
     * name (turn it on) or {@code -NAME} (turn it off), any case; unknown words are returned in
     * {@code unknown}.
     */
    public static int apply(int mode, String change, StringJoiner unknown) {
        for (String word : change.strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            String w = word.toUpperCase(Locale.ROOT);
            if (w.equals("ALL")) {
                mode = ALL;
                continue;
            }
            if (w.equals("NONE")) {
                mode = 0;
                continue;
            }
            boolean off = w.startsWith("-");
            Notice n = find(off ? w.substring(1) : w);
            if (n == null) {
                unknown.add(word);
            } else if (off) {
                mode &= ~n.bit();
            } else {
                mode |= n.bit();
            }
        }
        return mode;
    }

    private static Notice find(String name) {
        for (Notice n : values()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** A mode as 10203 shows it: {@code ALL}, {@code NONE} or the kinds' names. */
    public static String describe(int mode) {
        if ((mode & ALL) == ALL) {
            return "ALL";
        }
        if (mode == 0) {
            return "NONE";
        }
        StringJoiner j = new StringJoiner(" ");
        for (Notice n : values()) {
            if ((mode & n.bit()) != 0) {
                j.add(n.name());
            }
        }
        return j.toString();
    }
}
