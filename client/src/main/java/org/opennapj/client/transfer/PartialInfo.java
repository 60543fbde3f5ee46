package org.opennapj.client.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * What a partial download ({@code <name>.part}) holds: the nick it came from, the file's name as
 * that peer shares it, and its whole size. Written next to the partial file as
 * {@code <name>.part.info} when the partial file is created; a later download resumes the partial
 * file only when its own nick, name and size match (two different files may have the same base
 * name, and only the base name names the partial file).
 */
record PartialInfo(String nick, String fileName, long size) {

    /** Larger than any description this class writes; a larger file is not read. */
    private static final int MAX_BYTES = 8192;

    static Path path(Path partial) {
        return partial.resolveSibling(partial.getFileName() + ".info");
    }

    boolean matches(String otherNick, String otherFileName, long otherSize) {
        return nick.toLowerCase(Locale.ROOT).equals(otherNick.toLowerCase(Locale.ROOT))
                && fileName.equals(otherFileName)
                && (otherSize < 0 || size == otherSize);
    }

    static void write(Path partial, PartialInfo info) throws IOException {
        Path p = path(partial);
        if (Files.isSymbolicLink(p)) Files.delete(p);
        Properties props = new Properties();
        props.setProperty("nick", info.nick);
        props.setProperty("file", info.fileName);
        props.setProperty("size", Long.toString(info.size));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        props.store(bytes, "an OpenNapJ partial download: where it comes from");
        Files.write(p, bytes.toByteArray());
    }

    /** The description next to {@code partial}, or null if there is none or it cannot be read. */
    static PartialInfo read(Path partial) {
        Path p = path(partial);
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > MAX_BYTES) return null;
            String text;
            try (InputStream in = Files.newInputStream(p)) {
                text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.ISO_8859_1);
            }
            Properties props = new Properties();
            props.load(new StringReader(text));
            String nick = props.getProperty("nick");
            String file = props.getProperty("file");
            String size = props.getProperty("size");
            if (nick == null || file == null || size == null) return null;
            return new PartialInfo(nick, file, Long.parseLong(size));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
