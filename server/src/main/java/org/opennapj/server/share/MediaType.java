package org.opennapj.server.share;

/**
 * Media type of a shared file. Files shared with message 100/870 are {@link #MP3}; message 10300
 * carries one of the major MIME types (or "mp3"). The wire name is the lower-case name used in
 * message 10300 and in the {@code TYPE} search criterion.
 */
public enum MediaType {
    MP3("mp3"),
    AUDIO("audio"),
    VIDEO("video"),
    TEXT("text"),
    IMAGE("image"),
    APPLICATION("application");

    private static final MediaType[] VALUES = values();

    /** Bit mask with every media type set. */
    static final int ALL_MASK = (1 << VALUES.length) - 1;

    private final String wireName;

    MediaType(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the wire ("mp3", "audio", ...). */
    public String wireName() {
        return wireName;
    }

    /** Returns the type whose wire name equals {@code s} ignoring case, or null if there is none. */
    public static MediaType fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (MediaType t : VALUES) {
            if (t.wireName.equalsIgnoreCase(s)) {
                return t;
            }
        }
        return null;
    }

    /** This type's bit in a type mask (see {@link SearchQuery#typeMask()}). */
    public int bit() {
        return 1 << ordinal();
    }

    static MediaType byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
