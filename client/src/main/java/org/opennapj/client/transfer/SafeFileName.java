package org.opennapj.client.transfer;

import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name a peer or the server sent into a plain base name that is safe to create in
 * the download folder: never a path, never a device, never empty.
 *
 * <p>Only the part after the last {@code /} or {@code \} (and after a drive such as {@code C:}) is kept; control
 * characters, NUL and the characters Windows forbids in names become {@code _}; leading dots and
 * trailing dots and spaces are dropped (no {@code .}, {@code ..} or hidden files); a Windows
 * device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension) gets a {@code _} prefix;
 * the result is cut to 200 characters keeping the extension; an empty result is {@code download}.
 */
public final class SafeFileName {
    static final int MAX_LENGTH = 200;
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
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean bad = c < 0x20 || c == 0x7f || "<>:\"|?*/\\".indexOf(c) >= 0;
            s.append(bad ? '_' : c);
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
        if (name.length() > MAX_LENGTH) {
            int ext = name.lastIndexOf('.');
            String suffix = ext > 0 && name.length() - ext <= 16 ? name.substring(ext) : "";
            name = name.substring(0, MAX_LENGTH - suffix.length()) + suffix;
        }
        return name;
    }
}
