package org.opennapj.server.share;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data directory's {@code filter} file (opennap-ng's format): one word per line, words that are
 * never indexed and are dropped from search requests (common words such as {@code mp3} or
 * {@code the}, which would match too many files to narrow a search). A file whose name has such a
 * word is still indexed under its other words. Looked up without allocating: the index asks for
 * every word of every shared file.
 */
public final class WordFilter {

    /** No words filtered. */
    public static final WordFilter NONE = new WordFilter(List.of());

    private final char[][] table;
    private final int mask;
    private final int size;

    public WordFilter(List<String> words) {
        int cap = 16;
        while (cap < words.size() * 2) {
            cap <<= 1;
        }
        table = new char[cap][];
        mask = cap - 1;
        int n = 0;
        for (String w : words) {
            char[] c = w.toLowerCase(Locale.ROOT).toCharArray();
            if (c.length == 0 || contains(c, c.length)) {
                continue;
            }
            int i = hash(c, c.length) & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = c;
            n++;
        }
        size = n;
    }

    /** Reads a filter file; a missing file filters nothing. Blank lines are skipped. */
    public static WordFilter load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return NONE;
        }
        return new WordFilter(lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** Whether the lower-case word {@code buf[0, len)} is filtered. */
    public boolean contains(char[] buf, int len) {
        if (size == 0) {
            return false;
        }
        int i = hash(buf, len) & mask;
        char[] c;
        while ((c = table[i]) != null) {
            if (c.length == len && java.util.Arrays.equals(c, 0, len, buf, 0, len)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private static int hash(char[] c, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + c[i];
        }
        return h ^ (h >>> 16);
    }
}
