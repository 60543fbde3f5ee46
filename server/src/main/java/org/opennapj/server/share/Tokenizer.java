package org.opennapj.server.share;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits shared paths and search strings into index words, the way opennap-ng does.
 *
 * <ul>
 *   <li>A word is a maximal run of word characters: ASCII letters and digits, the apostrophe, and
 *       every character above U+0080 (opennap-ng's {@code WORD_CHAR}; U+0080 itself separates).
 *       Everything else (spaces, punctuation, '-', '_', '.', path separators) separates words.</li>
 *   <li>Words are lower-cased: ASCII letters, and also the Latin-1 capitals U+00C0..U+00DE
 *       (except U+00D7), which opennap-ng (C locale) leaves alone.</li>
 *   <li>Only the last {@link IndexSettings#pathDepth()} components of a path are indexed; the
 *       separator is the first '/' or '\' found in the path, and the component before the first
 *       separator is never indexed. With {@link IndexSettings#ignoreSuffix()} the extension of the
 *       last component is dropped.</li>
 *   <li>A file is indexed under at most {@value #MAX_WORDS_PER_FILE} distinct words, the last ones
 *       of its path (opennap-ng drops the leading ones too).</li>
 * </ul>
 * Search words are split and lower-cased the same way (without path depth or suffix handling).
 */
public final class Tokenizer {

    /** Most distinct words a single file is indexed under (opennap-ng's kOMaxTokens). */
    public static final int MAX_WORDS_PER_FILE = 31;

    private Tokenizer() {
    }

    /** Whether {@code c} is part of a word. */
    public static boolean isWordChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '\'';
        }
        return c > 0x80;
    }

    /** Lower-cases one word character (ASCII and Latin-1 capitals; others via the JDK). */
    public static char toLower(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        if (c <= 0xFF) {
            return c >= 0xC0 && c <= 0xDE && c != 0xD7 ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    /** Start offset (inclusive) of the part of {@code path} that is indexed. */
    public static int indexStart(String path, int pathDepth) {
        int n = path.length();
        char sep = 0;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '\\') {
                sep = c;
                break;
            }
        }
        if (sep == 0) {
            return 0; // a bare file name: index all of it
        }
        int start = 0;
        int count = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (path.charAt(i) == sep) {
                start = i + 1;
                if (pathDepth > 0 && ++count == pathDepth) {
                    break;
                }
            }
        }
        return start;
    }

    /** End offset (exclusive) of the indexed part: before the extension of the last component if requested. */
    public static int indexEnd(String path, int start, boolean ignoreSuffix) {
        int n = path.length();
        if (!ignoreSuffix) {
            return n;
        }
        for (int i = n - 1; i >= start; i--) {
            char c = path.charAt(i);
            if (c == '.') {
                return i;
            }
            if (c == '/' || c == '\\') {
                break;
            }
        }
        return n;
    }

    /** The part of {@code path} that is indexed under these settings. */
    public static String indexedPart(String path, IndexSettings settings) {
        int start = indexStart(path, settings.pathDepth());
        return path.substring(start, indexEnd(path, start, settings.ignoreSuffix()));
    }

    /**
     * The distinct words {@code path} is indexed under, in path order (the last
     * {@value #MAX_WORDS_PER_FILE} distinct ones).
     */
    public static List<String> indexWords(String path, IndexSettings settings) {
        int start = indexStart(path, settings.pathDepth());
        int end = indexEnd(path, start, settings.ignoreSuffix());
        Scanner sc = new Scanner();
        sc.resetBackward(path, start, end);
        ArrayList<String> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        while (out.size() < MAX_WORDS_PER_FILE && sc.previous()) {
            String w = sc.word();
            if (seen.add(w)) {
                out.add(w);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** The distinct words of a search string, in order, lower-cased. */
    public static List<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        Scanner sc = new Scanner();
        sc.resetForward(text, 0, text.length());
        while (sc.next()) {
            out.add(sc.word());
        }
        return new ArrayList<>(out);
    }

    /**
     * Reusable word scanner over a char range; the current word is lower-cased into
     * {@link #buf}[0, {@link #len}). Not thread-safe.
     */
    static final class Scanner {
        char[] buf = new char[64];
        int len;
        /** Offset of the current word in the scanned text. */
        int wordStart;
        private CharSequence text;
        private int lo;
        private int hi;
        private int pos;

        void resetForward(CharSequence s, int from, int to) {
            text = s;
            lo = from;
            hi = to;
            pos = from;
        }

        void resetBackward(CharSequence s, int from, int to) {
            text = s;
            lo = from;
            hi = to;
            pos = to;
        }

        /** Moves to the next word going forward; false at the end. */
        boolean next() {
            int i = pos;
            while (i < hi && !isWordChar(text.charAt(i))) {
                i++;
            }
            if (i >= hi) {
                pos = hi;
                return false;
            }
            int s = i;
            while (i < hi && isWordChar(text.charAt(i))) {
                i++;
            }
            load(s, i);
            pos = i;
            return true;
        }

        /** Moves to the previous word going backward; false at the start. */
        boolean previous() {
            int i = pos;
            while (i > lo && !isWordChar(text.charAt(i - 1))) {
                i--;
            }
            if (i <= lo) {
                pos = lo;
                return false;
            }
            int e = i;
            while (i > lo && isWordChar(text.charAt(i - 1))) {
                i--;
            }
            load(i, e);
            pos = i;
            return true;
        }

        private void load(int s, int e) {
            int n = e - s;
            if (n > buf.length) {
                buf = new char[Math.max(n, buf.length * 2)];
            }
            for (int k = 0; k < n; k++) {
                buf[k] = toLower(text.charAt(s + k));
            }
            len = n;
            wordStart = s;
        }

        String word() {
            return new String(buf, 0, len);
        }
    }
}
