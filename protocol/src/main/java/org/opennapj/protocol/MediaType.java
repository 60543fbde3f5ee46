package org.opennapj.protocol;

import java.util.Locale;
import java.util.Map;

/**
 * The media type of a shared file. Files shared with 100 (and 870) are {@link #MP3}; 10300 (share
 * generic media file) carries one of the other words. The wire name is the lower-case word used in
 * 10300 and in the {@code TYPE} search criterion.
 */
public enum MediaType {
    MP3("mp3"),
    AUDIO("audio"),
    VIDEO("video"),
    TEXT("text"),
    IMAGE("image"),
    APPLICATION("application");

    private static final MediaType[] VALUES = values();

    /** Bit mask with every media type set (see {@link #bit()}). */
    public static final int ALL_MASK = (1 << VALUES.length) - 1;

    private static final Map<String, MediaType> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp3", MP3),
            Map.entry("wav", AUDIO), Map.entry("ogg", AUDIO), Map.entry("oga", AUDIO), Map.entry("flac", AUDIO),
            Map.entry("wma", AUDIO), Map.entry("aac", AUDIO), Map.entry("m4a", AUDIO), Map.entry("mid", AUDIO),
            Map.entry("midi", AUDIO), Map.entry("mp2", AUDIO), Map.entry("au", AUDIO), Map.entry("aif", AUDIO),
            Map.entry("aiff", AUDIO), Map.entry("opus", AUDIO), Map.entry("ra", AUDIO),
            Map.entry("avi", VIDEO), Map.entry("mpg", VIDEO), Map.entry("mpeg", VIDEO), Map.entry("mp4", VIDEO),
            Map.entry("mkv", VIDEO), Map.entry("mov", VIDEO), Map.entry("wmv", VIDEO), Map.entry("webm", VIDEO),
            Map.entry("asf", VIDEO), Map.entry("rm", VIDEO), Map.entry("flv", VIDEO), Map.entry("ogv", VIDEO),
            Map.entry("jpg", IMAGE), Map.entry("jpeg", IMAGE), Map.entry("gif", IMAGE), Map.entry("png", IMAGE),
            Map.entry("bmp", IMAGE), Map.entry("tif", IMAGE), Map.entry("tiff", IMAGE), Map.entry("webp", IMAGE),
            Map.entry("svg", IMAGE),
            Map.entry("txt", TEXT), Map.entry("nfo", TEXT), Map.entry("htm", TEXT), Map.entry("html", TEXT),
            Map.entry("md", TEXT), Map.entry("csv", TEXT), Map.entry("xml", TEXT), Map.entry("log", TEXT),
            Map.entry("ini", TEXT), Map.entry("m3u", TEXT), Map.entry("pls", TEXT), Map.entry("cue", TEXT));

    private final String wireName;

    MediaType(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case word used on the wire ("mp3", "audio", ...). */
    public String wireName() {
        return wireName;
    }

    /** The type whose wire name equals {@code s} ignoring case, or null if there is none. */
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

    /** The type a file name's extension suggests; {@link #APPLICATION} when unknown. */
    public static MediaType forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return APPLICATION;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), APPLICATION);
    }

    /** This type's bit in a mask of types. */
    public int bit() {
        return 1 << ordinal();
    }

    /** The type with this ordinal (the inverse of {@link #ordinal()}, without a copy of the values). */
    public static MediaType byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
