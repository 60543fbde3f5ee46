package org.opennapj.server.store;

import java.util.Locale;

/** User levels, lowest first, with the names the protocol uses (604 whois, 606 change level). */
public enum Level {
    LEECH("Leech"), USER("User"), MODERATOR("Moderator"), ADMIN("Admin"), ELITE("Elite");

    private final String wireName;

    Level(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    /** Parses a level name (any case) or its number 0..4; null when it is neither. */
    public static Level parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip().toLowerCase(Locale.ROOT);
        for (Level l : values()) {
            if (l.wireName.toLowerCase(Locale.ROOT).equals(t) || Integer.toString(l.ordinal()).equals(t)) {
                return l;
            }
        }
        return null;
    }
}
