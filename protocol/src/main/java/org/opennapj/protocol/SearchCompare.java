package org.opennapj.protocol;

import java.util.Locale;

/**
 * How a search criterion (LINESPEED, BITRATE, FREQ, SIZE, DURATION in a 200) compares: {@code AT
 * LEAST}, {@code AT BEST} (the protocol's word for "at most") or {@code EQUAL TO}.
 */
public enum SearchCompare {
    AT_LEAST("AT LEAST"),
    AT_BEST("AT BEST"),
    EQUAL_TO("EQUAL TO");

    private final String wire;

    SearchCompare(String wire) {
        this.wire = wire;
    }

    /** The wire form ("AT LEAST", ...). */
    public String wireName() {
        return wire;
    }

    /** Whether {@code actual} satisfies this comparison against {@code wanted}. */
    public boolean test(long actual, long wanted) {
        return switch (this) {
            case AT_LEAST -> actual >= wanted;
            case AT_BEST -> actual <= wanted;
            case EQUAL_TO -> actual == wanted;
        };
    }

    /** Parses "AT LEAST" etc., ignoring case and extra blanks; null if not a comparison. */
    public static SearchCompare fromWire(String s) {
        if (s == null) {
            return null;
        }
        String norm = String.join(" ", s.trim().split("\\s+")).toUpperCase(Locale.ROOT);
        for (SearchCompare c : values()) {
            if (c.wire.equals(norm)) {
                return c;
            }
        }
        return null;
    }
}
