package org.opennapj.server.share;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opennapj.protocol.MediaType;
import org.opennapj.protocol.SearchCompare;

/**
 * A parsed search request (the data of message 200):
 * <pre>
 * [FILENAME CONTAINS "words"] MAX_RESULTS &lt;n&gt; [FILENAME CONTAINS "more"] [FILENAME EXCLUDES "words"]
 * [LINESPEED &lt;cmp&gt; &lt;n&gt;] [BITRATE &lt;cmp&gt; "&lt;n&gt;"] [FREQ &lt;cmp&gt; "&lt;n&gt;"] [SIZE &lt;cmp&gt; &lt;n&gt;]
 * [DURATION &lt;cmp&gt; &lt;n&gt;] [TYPE &lt;mime&gt;] [WMA-FILE] [LOCAL_ONLY]
 * </pre>
 * Keywords are case-insensitive and may appear in any order; any argument may be quoted, a quote
 * runs to the next quote. {@code <cmp>} is {@code "AT LEAST"}, {@code "AT BEST"} or
 * {@code "EQUAL TO"} (unquoted two-word forms are accepted too); numbers may be quoted.
 *
 * <p>Semantics (following opennap-ng 0.50 unless noted):
 * <ul>
 *   <li>FILENAME CONTAINS clauses accumulate: a file must have every word. Words are split like
 *       file names ({@link Tokenizer}). In FILENAME CONTAINS, the words of a blank-separated
 *       chunk starting with '-' are exclusions (Napster 2.0 beta 8); FILENAME EXCLUDES words are
 *       all exclusions. (opennap-ng treats any '-' before a word as an exclusion marker, so
 *       "jay-z" or "artist - title" would exclude "z"/"title"; we do not.)</li>
 *   <li>Repeated criteria on the same attribute narrow a range: AT LEAST sets the minimum,
 *       AT BEST the maximum, EQUAL TO both.</li>
 *   <li>TYPE: default mp3 only; {@code any} (or {@code *}, {@code *}/{@code *}) matches every
 *       type; otherwise the major MIME type selects one {@link MediaType}, so {@code audio} does
 *       <em>not</em> include mp3 files (as in opennap-ng). Extension: a full MIME type is
 *       accepted and reduced to its major type, except MPEG audio subtypes
 *       ({@code audio/mpeg}, {@code audio/mp3}, ...) which select mp3.</li>
 *   <li>WMA-FILE (opennap-ng rejects it as unknown): only files whose checksum is
 *       {@code WMA-FILE} (what Napster clients send for .wma files) or whose path ends in
 *       {@code .wma}; without an explicit TYPE it matches mp3 and audio files.</li>
 *   <li>LOCAL_ONLY (or LOCAL): search this server only.</li>
 *   <li>Anything else is an error, as is a request without any include word.</li>
 * </ul>
 */
public final class SearchQuery {

    /** Default number of results when neither the request nor the server limit them. */
    public static final int DEFAULT_MAX_RESULTS = 100;

    private static final Set<String> MPEG_AUDIO_SUBTYPES =
            Set.of("mpeg", "mpeg3", "mp3", "mpg", "x-mpeg", "x-mp3", "x-mpeg3", "mpa");

    private final List<String> includeWords;
    private final List<String> excludeWords;
    private final int maxResults;
    private final boolean localOnly;
    private final boolean wmaOnly;
    private final int typeMask;
    private final boolean typeGiven;
    private final SearchCompare linespeedCompare;
    private final int linespeed;
    private final long[] range; // min/max pairs per Attr

    private enum Attr { LINESPEED, BITRATE, FREQ, SIZE, DURATION }

    private SearchQuery(Builder b, int maxResults) {
        this.includeWords = Collections.unmodifiableList(new ArrayList<>(b.include));
        this.excludeWords = Collections.unmodifiableList(new ArrayList<>(b.exclude));
        this.maxResults = maxResults;
        this.localOnly = b.local;
        this.wmaOnly = b.wma;
        this.typeGiven = b.typeMask != 0;
        this.typeMask = b.typeMask != 0 ? b.typeMask
                : b.wma ? MediaType.MP3.bit() | MediaType.AUDIO.bit() : MediaType.MP3.bit();
        this.linespeedCompare = b.linespeedCompare;
        this.linespeed = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, b.linespeed));
        this.range = b.range;
    }

    /**
     * Parses the data of a 200 message.
     *
     * @param data          the request
     * @param maxResultsCap the server's max_results; &lt;= 0 means no cap. A missing or non-positive
     *                      MAX_RESULTS means the cap ({@value #DEFAULT_MAX_RESULTS} if none).
     * @throws InvalidSearchException with a message for the user
     */
    public static SearchQuery parse(String data, int maxResultsCap) throws InvalidSearchException {
        return parse(data, maxResultsCap, WordFilter.NONE);
    }

    /**
     * Parses a request, dropping the words of the filter file (never indexed, so they cannot
     * narrow a search) as opennap-ng does; a request left with no word to look for is invalid.
     */
    public static SearchQuery parse(String data, int maxResultsCap, WordFilter filter) throws InvalidSearchException {
        if (data == null) {
            throw new InvalidSearchException("search failed: empty request");
        }
        Lexer lx = new Lexer(data);
        Builder b = new Builder();
        b.filter = filter;
        Long requested = null;
        String kw;
        while ((kw = lx.next()) != null) {
            switch (kw.toUpperCase(Locale.ROOT)) {
                case "FILENAME" -> {
                    String op = lx.next();
                    if (op == null) {
                        throw fail("FILENAME needs CONTAINS or EXCLUDES");
                    }
                    String opu = op.toUpperCase(Locale.ROOT);
                    if (!opu.equals("CONTAINS") && !opu.equals("EXCLUDES")) {
                        throw fail("FILENAME must be followed by CONTAINS or EXCLUDES, not " + show(op));
                    }
                    String text = lx.next();
                    if (text == null) {
                        throw fail("FILENAME " + opu + " needs a quoted string");
                    }
                    b.addWords(text, opu.equals("CONTAINS"));
                }
                case "MAX_RESULTS" -> requested = number(lx, "MAX_RESULTS");
                case "TYPE" -> {
                    String t = lx.next();
                    if (t == null) {
                        throw fail("TYPE needs a media type (mp3, audio, video, text, image, application or any)");
                    }
                    b.typeMask = typeMask(t);
                }
                case "LINESPEED" -> b.criterion(lx, Attr.LINESPEED);
                case "BITRATE" -> b.criterion(lx, Attr.BITRATE);
                case "FREQ" -> b.criterion(lx, Attr.FREQ);
                case "SIZE" -> b.criterion(lx, Attr.SIZE);
                case "DURATION" -> b.criterion(lx, Attr.DURATION);
                case "LOCAL_ONLY", "LOCAL" -> b.local = true;
                case "WMA-FILE" -> b.wma = true;
                default -> throw fail("unknown search keyword " + show(kw));
            }
        }
        if (b.include.isEmpty()) {
            throw new InvalidSearchException("search failed: request contained no valid words");
        }
        int max;
        if (requested == null || requested <= 0) {
            max = maxResultsCap > 0 ? maxResultsCap : DEFAULT_MAX_RESULTS;
        } else if (maxResultsCap > 0) {
            max = (int) Math.min(requested, maxResultsCap);
        } else {
            max = (int) Math.min(requested, Integer.MAX_VALUE);
        }
        return new SearchQuery(b, max);
    }

    // ------------------------------------------------------------------ accessors

    /** Words every result must contain (lower case, distinct, in request order). */
    public List<String> includeWords() {
        return includeWords;
    }

    /** Words no result may contain (lower case, distinct). */
    public List<String> excludeWords() {
        return excludeWords;
    }

    /** Most results to return (&gt;= 1). */
    public int maxResults() {
        return maxResults;
    }

    /** The last LINESPEED comparison given, or null. Prefer {@link #linespeedMatches(int)}. */
    public SearchCompare linespeedCompare() {
        return linespeedCompare;
    }

    /** The value of the last LINESPEED criterion (0 if none). */
    public int linespeed() {
        return linespeed;
    }

    /** Whether a sharer with this link type passes all LINESPEED criteria. */
    public boolean linespeedMatches(int speed) {
        return inRange(Attr.LINESPEED, speed);
    }

    /** LOCAL_ONLY: do not forward to linked servers. */
    public boolean localOnly() {
        return localOnly;
    }

    /** WMA-FILE was given. */
    public boolean wmaOnly() {
        return wmaOnly;
    }

    /** Bit set of accepted {@link MediaType}s ({@link MediaType#bit()}). */
    public int typeMask() {
        return typeMask;
    }

    /** Whether the request had a TYPE criterion. */
    public boolean typeGiven() {
        return typeGiven;
    }

    /** Whether files of this type are searched. */
    public boolean acceptsType(MediaType type) {
        return (typeMask & type.bit()) != 0;
    }

    public long minLinespeed() { return min(Attr.LINESPEED); }
    public long maxLinespeed() { return max(Attr.LINESPEED); }
    public long minBitrate() { return min(Attr.BITRATE); }
    public long maxBitrate() { return max(Attr.BITRATE); }
    public long minFreq() { return min(Attr.FREQ); }
    public long maxFreq() { return max(Attr.FREQ); }
    public long minSize() { return min(Attr.SIZE); }
    public long maxSize() { return max(Attr.SIZE); }
    public long minDuration() { return min(Attr.DURATION); }
    public long maxDuration() { return max(Attr.DURATION); }

    /** Whether a file with these attributes passes the type, bitrate, freq, size and duration criteria. */
    public boolean matchesAttributes(MediaType type, long size, int bitrate, int freq, int duration) {
        return acceptsType(type) && inRange(Attr.SIZE, size) && inRange(Attr.BITRATE, bitrate)
                && inRange(Attr.FREQ, freq) && inRange(Attr.DURATION, duration);
    }

    /**
     * The request in canonical form (words joined, ranges as comparisons), e.g. for forwarding
     * to linked servers. {@code maxResults} replaces this query's limit.
     */
    public String toRequest(int maxResults) {
        StringBuilder sb = new StringBuilder("FILENAME CONTAINS \"").append(String.join(" ", includeWords))
                .append("\" MAX_RESULTS ").append(maxResults);
        if (!excludeWords.isEmpty()) {
            sb.append(" FILENAME EXCLUDES \"").append(String.join(" ", excludeWords)).append('"');
        }
        for (Attr a : Attr.values()) {
            long lo = min(a);
            long hi = max(a);
            String name = a.name();
            if (lo == hi) {
                sb.append(' ').append(name).append(" \"EQUAL TO\" \"").append(lo).append('"');
            } else {
                if (lo != Long.MIN_VALUE) {
                    sb.append(' ').append(name).append(" \"AT LEAST\" \"").append(lo).append('"');
                }
                if (hi != Long.MAX_VALUE) {
                    sb.append(' ').append(name).append(" \"AT BEST\" \"").append(hi).append('"');
                }
            }
        }
        if (typeGiven) {
            sb.append(" TYPE ").append(typeMask == MediaType.ALL_MASK ? "any" : typeName(typeMask));
        }
        if (wmaOnly) {
            sb.append(" WMA-FILE");
        }
        if (localOnly) {
            sb.append(" LOCAL_ONLY");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toRequest(maxResults);
    }

    private static String typeName(int mask) {
        for (MediaType t : MediaType.values()) {
            if (mask == t.bit()) {
                return t.wireName();
            }
        }
        return "any";
    }

    private long min(Attr a) {
        return range[2 * a.ordinal()];
    }

    private long max(Attr a) {
        return range[2 * a.ordinal() + 1];
    }

    private boolean inRange(Attr a, long v) {
        return v >= min(a) && v <= max(a);
    }

    // ------------------------------------------------------------------ parsing helpers

    private static InvalidSearchException fail(String what) {
        return new InvalidSearchException("search failed: " + what);
    }

    /** Quotes a user-supplied token for an error message, shortened. */
    private static String show(String s) {
        String t = org.opennapj.server.core.Shown.cut(s, 40);
        return '"' + t + '"';
    }

    private static long number(Lexer lx, String what) throws InvalidSearchException {
        String v = lx.next();
        if (v == null) {
            throw fail(what + " needs a number");
        }
        return parseNumber(v, what);
    }

    private static long parseNumber(String v, String what) throws InvalidSearchException {
        String t = v.trim();
        int i = 0;
        int n = t.length();
        if (n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+')) {
            i = 1;
        }
        if (i == n || n - i > 18) {
            throw fail(what + " value " + show(v) + " is not a number");
        }
        for (int k = i; k < n; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                throw fail(what + " value " + show(v) + " is not a number");
            }
        }
        return Long.parseLong(t);
    }

    private static int typeMask(String arg) throws InvalidSearchException {
        String t = arg.trim().toLowerCase(Locale.ROOT);
        if (t.equals("any") || t.equals("*") || t.equals("*/*")) {
            return MediaType.ALL_MASK;
        }
        int slash = t.indexOf('/');
        String major = slash < 0 ? t : t.substring(0, slash);
        String minor = slash < 0 ? null : t.substring(slash + 1);
        if (major.equals("audio") && minor != null && MPEG_AUDIO_SUBTYPES.contains(minor)) {
            return MediaType.MP3.bit();
        }
        MediaType m = MediaType.fromWire(major);
        if (m == null) {
            throw fail("invalid type " + show(arg)
                    + " (use mp3, audio, video, text, image, application or any)");
        }
        return m.bit();
    }

    /** Splits the request into arguments like opennap-ng's next_arg(), but rejects an unclosed quote. */
    private static final class Lexer {
        private final String s;
        private int pos;
        boolean quoted;

        Lexer(String s) {
            this.s = s;
        }

        String next() throws InvalidSearchException {
            int n = s.length();
            while (pos < n && isBlank(s.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                return null;
            }
            if (s.charAt(pos) == '"') {
                int close = s.indexOf('"', pos + 1);
                if (close < 0) {
                    throw fail("unbalanced quote");
                }
                String arg = s.substring(pos + 1, close);
                pos = close + 1;
                quoted = true;
                return arg;
            }
            int start = pos;
            while (pos < n && !isBlank(s.charAt(pos))) {
                pos++;
            }
            quoted = false;
            return s.substring(start, pos);
        }

        int mark() {
            return pos;
        }

        void reset(int mark) {
            pos = mark;
        }
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static final class Builder {
        final Set<String> include = new LinkedHashSet<>();
        final Set<String> exclude = new LinkedHashSet<>();
        WordFilter filter = WordFilter.NONE;
        boolean local;
        boolean wma;
        int typeMask;
        SearchCompare linespeedCompare;
        long linespeed;
        final long[] range = new long[2 * Attr.values().length];

        Builder() {
            for (int i = 0; i < range.length; i += 2) {
                range[i] = Long.MIN_VALUE;
                range[i + 1] = Long.MAX_VALUE;
            }
        }

        void addWords(String text, boolean contains) {
            Tokenizer.Scanner sc = new Tokenizer.Scanner();
            int n = text.length();
            int i = 0;
            while (i < n) {
                while (i < n && isBlank(text.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !isBlank(text.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    break;
                }
                boolean excluded = !contains || text.charAt(start) == '-';
                sc.resetForward(text, start, i);
                while (sc.next()) {
                    if (!filter.contains(sc.buf, sc.len)) {
                        (excluded ? exclude : include).add(sc.word());
                    }
                }
            }
        }

        void criterion(Lexer lx, Attr attr) throws InvalidSearchException {
            String name = attr.name();
            String op = lx.next();
            if (op == null) {
                throw fail(name + " needs a comparison (\"AT LEAST\", \"AT BEST\" or \"EQUAL TO\")");
            }
            if (!lx.quoted && (op.equalsIgnoreCase("AT") || op.equalsIgnoreCase("EQUAL"))) {
                int m = lx.mark();
                String second = lx.next();
                if (second != null && !lx.quoted) {
                    op = op + " " + second;
                } else {
                    lx.reset(m);
                }
            }
            SearchCompare cmp = SearchCompare.fromWire(op);
            if (cmp == null) {
                throw fail("invalid comparison " + show(op) + " for " + name
                        + " (use \"AT LEAST\", \"AT BEST\" or \"EQUAL TO\")");
            }
            long v = number(lx, name);
            int i = 2 * attr.ordinal();
            switch (cmp) {
                case AT_LEAST -> range[i] = v;
                case AT_BEST -> range[i + 1] = v;
                case EQUAL_TO -> {
                    range[i] = v;
                    range[i + 1] = v;
                }
            }
            if (attr == Attr.LINESPEED) {
                linespeedCompare = cmp;
                linespeed = v;
            }
        }
    }
}
