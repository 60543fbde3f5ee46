package org.opennapj.client.transfer;

import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name a peer or the server sent into a plain base name that is safe to create in
 * the download folder: never a path, never a device, never empty.
 *
 * <p>Only the part after the last {@code /} or {@code \} (and after a drive such as {@code C:}) is kept; control
 * characters (C0 and C1), DEL, NUL, the bidirectional controls (which can make {@code evil.exe}
 * look like {@code exe.mp3}) and the characters Windows forbids in names become {@code _}; leading dots and
 * trailing dots and spaces are dropped (no {@code .}, {@code ..} or hidden files); a Windows
 * device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension) gets a {@code _} prefix;
 * the result is cut to {@value #MAX_BYTES} bytes of UTF-8 on a character boundary, keeping the
 * extension (file systems count a name's bytes, at most 255, and the download adds
 * {@code .part.info} for its partial file's description); an empty result is {@code download}.
 */
public final class SafeFileName {
    /** Longest name made, in UTF-8 bytes: with {@code .part.info} (10 bytes) it stays within 240. */
    static final int MAX_BYTES = 230;
    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CLOCK$",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeFileName() {}

    /**
     * A name as it came over the wire (one char per byte) as local text: the bytes read as UTF-8
     * when they are valid UTF-8 (as OpenNapJ and Unix clients send), otherwise as Windows-1252
     * (as Windows clients send).
     */
    public static String localText(String wire) {
        byte[] bytes = new byte[wire.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = wire.charAt(i);
            if (c > 0xff) return wire; // already text
            bytes[i] = (byte) c;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
    }

    public static String of(String remote) {
        if (remote == null) return "download";
        int cut = Math.max(remote.lastIndexOf('/'), remote.lastIndexOf('\\'));
        String base = remote.substring(cut + 1);
        if (base.length() >= 2 && base.charAt(1) == ':' && Character.isLetter(base.charAt(0))) base = base.substring(2);
        StringBuilder s = new StringBuilder(base.length());
        for (int i = 0; i < base.length(); ) {
            int c = base.codePointAt(i);
            i += Character.charCount(c);
            boolean bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || "<>:\"|?*/\\".indexOf(c) >= 0
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200e || c == 0x200f || c == 0x061c
                    || Character.isSurrogate((char) c); // an unpaired half has no UTF-8 form
            if (bad) s.append('_');
            else s.appendCodePoint(c);
        }
        String name = s.toString();
        int start = 0;
        while (start < name.length() && (name.charAt(start) == '.' || name.charAt(start) == ' ')) start++;
        int end = name.length();
        while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) end--;
        name = name.substring(start, end);
        if (name.isEmpty()) return "download";
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        if (DEVICES.contains(stem)) name = "_" + name;
        if (utf8Length(name) > MAX_BYTES) {
            int ext = name.lastIndexOf('.');
            String suffix = ext > 0 && utf8Length(name.substring(ext)) <= 16 ? name.substring(ext) : "";
            String head = name.substring(0, name.length() - suffix.length());
            int room = MAX_BYTES - utf8Length(suffix);
            int keep = 0;
            int bytes = 0;
            while (keep < head.length()) {
                int c = head.codePointAt(keep);
                int n = utf8Length(new String(Character.toChars(c)));
                if (bytes + n > room) break;
                bytes += n;
                keep += Character.charCount(c);
            }
            while (keep > 0 && (head.charAt(keep - 1) == ' ' || head.charAt(keep - 1) == '.')) keep--;
            name = (keep == 0 ? "download" : head.substring(0, keep)) + suffix;
        }
        return name;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
