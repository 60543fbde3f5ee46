package org.opennapj.server.share;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.MediaType;

/**
 * The in-memory index of every shared file: per-owner lists for browsing, an inverted word index
 * for searching and a checksum/size index for resume (215) look-ups.
 *
 * <p>Layout: a file is an int id (ids of removed files are reused) into columns of primitive
 * arrays (owner, size, bitrate, frequency, duration, type) plus one byte array holding its path
 * and checksum as ISO-8859-1 bytes, and one int array of (word id, position in that word's
 * posting list) pairs. Words are interned to ids whose posting lists are plain {@code int[]}s.
 * Because each file knows where it sits in each posting list, removing a file costs
 * O(words of the file) however long the lists are, so {@link #removeAll(int)} is linear in the
 * owner's files. A search walks only the shortest posting list among its words and checks each
 * candidate's other words in the candidate's own (at most {@value Tokenizer#MAX_WORDS_PER_FILE})
 * word pairs.
 *
 * <p>Not thread-safe: meant to be owned by one thread. Visitors must not modify the index
 * (a {@link ConcurrentModificationException} is thrown if they do).
 */
public final class ShareIndex {
    private static final int[] NO_WORDS = new int[0];
    private static final int UTF16_FLAG = 0x80;
    private static final int INITIAL_CAPACITY = 1024;
    /** Indexes with at most this many file slots are never compacted (see {@link #compactIfSparse}). */
    private static final int COMPACT_ABOVE = 64 * 1024;

    private final IndexSettings settings;
    private final WordTable words = new WordTable();
    private final Tokenizer.Scanner scanner = new Tokenizer.Scanner();
    private final int[] tmpWords = new int[Tokenizer.MAX_WORDS_PER_FILE];
    private char[] scratch = new char[64];

    // ---- file columns, indexed by file id ----
    private int[] owner = new int[INITIAL_CAPACITY];
    private long[] size = new long[INITIAL_CAPACITY];
    private int[] bitrate = new int[INITIAL_CAPACITY];
    private int[] freq = new int[INITIAL_CAPACITY];
    private int[] duration = new int[INITIAL_CAPACITY];
    /** type ordinal, | UTF16_FLAG when data is UTF-16BE instead of ISO-8859-1. */
    private byte[] flags = new byte[INITIAL_CAPACITY];
    /** path bytes followed by checksum bytes; null = free id. */
    private byte[][] data = new byte[INITIAL_CAPACITY][];
    /** length in bytes of the path part of data. */
    private char[] pathLen = new char[INITIAL_CAPACITY];
    private int[] pathHash = new int[INITIAL_CAPACITY];
    /** (word id, position in that word's posting list) pairs. */
    private int[][] fileWords = new int[INITIAL_CAPACITY][];
    /**
     * One bit per word of the file, bit {@code word id mod 64}: a search rejects most candidates
     * by this dense column without reading the file's pair list.
     */
    private long[] wordBits = new long[INITIAL_CAPACITY];
    /** checksum index: hash of (checksum, size) and a doubly linked chain per bucket. */
    private int[] csHash = new int[INITIAL_CAPACITY];
    private int[] csNext = new int[INITIAL_CAPACITY];
    private int[] csPrev = new int[INITIAL_CAPACITY];
    private int[] csBuckets = newBuckets(INITIAL_CAPACITY);

    private int highWater;
    private int[] freeIds = new int[64];
    private int freeCount;
    private int liveFiles;
    private long totalBytes;
    private int modCount;

    private final Map<Integer, IntList> byOwner = new HashMap<>();
    /** Owner value of files waiting in {@link #detached}. */
    private static final int DETACHED = -1;
    /** File lists of departed owners, removed a slice at a time. */
    private final ArrayDeque<IntList> detached = new ArrayDeque<>();

    public ShareIndex(IndexSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Words never indexed (the filter file); core thread. */
    private WordFilter filter = WordFilter.NONE;

    /** Sets the words never indexed; files shared before keep the words they were indexed under. */
    public void filter(WordFilter f) {
        this.filter = Objects.requireNonNull(f, "filter");
    }

    public WordFilter filter() {
        return filter;
    }

    public IndexSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ updates

    /**
     * Adds one shared file for {@code owner} (an id &gt;= 0 assigned by the caller) and returns its
     * file id. {@code path} and {@code checksum} are kept exactly as given. Duplicates are not
     * checked here (see {@link #find(int, String)}).
     *
     * @throws IllegalArgumentException if owner is negative or the path is longer than 65535 bytes
     */
    public int add(int owner, String path, String checksum, long size, int bitrate, int freq,
                   int duration, MediaType type) {
        if (owner < 0) {
            throw new IllegalArgumentException("owner must be >= 0: " + owner);
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(type, "type");
        boolean latin1 = isLatin1(path) && isLatin1(checksum);
        int plen = latin1 ? path.length() : 2 * path.length();
        if (plen > Character.MAX_VALUE) {
            throw new IllegalArgumentException("path too long: " + path.length() + " chars");
        }
        byte[] bytes = encode(path, checksum, latin1);

        int f = allocId();
        this.owner[f] = owner;
        this.size[f] = size;
        this.bitrate[f] = bitrate;
        this.freq[f] = freq;
        this.duration[f] = duration;
        this.flags[f] = (byte) (type.ordinal() | (latin1 ? 0 : UTF16_FLAG));
        this.data[f] = bytes;
        this.pathLen[f] = (char) plen;
        this.pathHash[f] = path.hashCode();
        int[] pairs = indexWords(f, path);
        this.fileWords[f] = pairs;
        this.wordBits[f] = wordBits(pairs);

        int h = checksumHash(checksum, size);
        csHash[f] = h;
        linkChecksum(f);

        byOwner.computeIfAbsent(owner, k -> new IntList(16)).add(f);
        liveFiles++;
        totalBytes += size;
        modCount++;
        if (liveFiles > csBuckets.length) {
            rehashChecksums(csBuckets.length * 2);
        }
        return f;
    }

    /** Removes {@code owner}'s first file (in sharing order) whose path equals {@code path}. */
    public boolean remove(int owner, String path) {
        IntList list = byOwner.get(owner);
        if (list == null) {
            return false;
        }
        int i = indexOf(list, path);
        if (i < 0) {
            return false;
        }
        int f = list.get(i);
        list.removeAt(i);
        if (list.size() == 0) {
            byOwner.remove(owner);
        }
        removeFile(f);
        return true;
    }

    /**
     * Removes all of {@code owner}'s files and returns how many there were. Costs
     * O(files x words per file), independent of posting list lengths.
     */
    public int removeAll(int owner) {
        IntList list = byOwner.remove(owner);
        if (list == null) {
            return 0;
        }
        int n = list.size();
        for (int i = 0; i < n; i++) {
            removeFile(list.get(i));
        }
        return n;
    }

    /**
     * Takes all of {@code owner}'s files out of sight at once, for removal in slices by
     * {@link #removeDetached}: they no longer match searches or checksum look-ups, count for the
     * owner or appear in its browse, and the owner id may be reused at once. Costs one write per
     * file, so a user with thousands of files can leave without stalling everyone else's
     * searches; the files still count in {@link #totalFiles()} until removed. Returns how many
     * files were detached.
     */
    public int detachAll(int owner) {
        IntList list = byOwner.remove(owner);
        if (list == null) {
            return 0;
        }
        int n = list.size();
        for (int i = 0; i < n; i++) {
            this.owner[list.get(i)] = DETACHED;
        }
        detached.addLast(list);
        return n;
    }

    /**
     * Removes at most {@code maxFiles} detached files (see {@link #detachAll}); returns whether
     * detached files remain.
     */
    public boolean removeDetached(int maxFiles) {
        int budget = maxFiles;
        while (budget > 0 && !detached.isEmpty()) {
            IntList list = detached.peekFirst();
            while (budget > 0 && list.size() > 0) {
                int last = list.size() - 1;
                removeFile(list.get(last));
                list.removeAt(last);
                budget--;
            }
            if (list.size() == 0) {
                detached.removeFirst();
            }
        }
        return !detached.isEmpty();
    }

    /**
     * Gives back the memory of a mostly empty index (after a mass logout): when fewer than a
     * quarter of the file slots hold a file, and there are more than {@link #COMPACT_ABOVE}
     * slots, the files are renumbered densely in their current order and every column shrinks to
     * fit. Costs one pass over the slots and over the remaining files' postings. File ids change:
     * call it between operations, never from a visitor (none is held across calls today). Does
     * nothing while detached files wait for removal. Returns whether it compacted.
     */
    public boolean compactIfSparse() {
        int slots = data.length;
        if (slots <= COMPACT_ABOVE || !detached.isEmpty() || liveFiles >= slots / 4) {
            return false;
        }
        int[] newId = new int[highWater];
        int n = 0;
        for (int f = 0; f < highWater; f++) {
            if (data[f] == null) {
                newId[f] = -1;
                continue;
            }
            // moving down never overwrites a file not yet moved: n <= f
            owner[n] = owner[f];
            size[n] = size[f];
            bitrate[n] = bitrate[f];
            freq[n] = freq[f];
            duration[n] = duration[f];
            flags[n] = flags[f];
            data[n] = data[f];
            pathLen[n] = pathLen[f];
            pathHash[n] = pathHash[f];
            fileWords[n] = fileWords[f];
            wordBits[n] = wordBits[f];
            csHash[n] = csHash[f];
            newId[f] = n++;
        }
        Arrays.fill(data, n, highWater, null);
        Arrays.fill(fileWords, n, highWater, null);
        resize(Math.max(INITIAL_CAPACITY, n + (n >> 1)));
        words.remapFiles(newId);
        for (IntList list : byOwner.values()) {
            list.remap(newId);
        }
        highWater = n;
        freeIds = new int[64];
        freeCount = 0;
        // the chains are rebuilt over the new ids
        rehashChecksums(Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, n)) << 1));
        modCount++;
        return true;
    }

    /** Number of file slots (free or not): what the columns are sized for. */
    int capacity() {
        return data.length;
    }

    // ------------------------------------------------------------------ queries

    /** Number of files {@code owner} shares. */
    public int count(int owner) {
        IntList list = byOwner.get(owner);
        return list == null ? 0 : list.size();
    }

    /** Bytes {@code owner} shares (adds up its files: for rare checks, not per message). */
    public long bytes(int owner) {
        IntList list = byOwner.get(owner);
        long total = 0;
        for (int i = 0; list != null && i < list.size(); i++) {
            total += size[list.get(i)];
        }
        return total;
    }

    /** Number of shared files. */
    public int totalFiles() {
        return liveFiles;
    }

    /** Sum of the sizes of all shared files. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Number of distinct words in the index. */
    public int wordCount() {
        return words.liveWords();
    }

    /**
     * Number of files indexed under {@code word} (a single word as produced by
     * {@link Tokenizer#words(String)}: lower case); 0 if none. Lets the server warn about words
     * above {@code file_count_threshold}.
     */
    public int wordFrequency(String word) {
        int w = findWord(word);
        return w < 0 ? 0 : words.size(w);
    }

    /** File id of {@code owner}'s first file with exactly this path, or -1. */
    public int find(int owner, String path) {
        IntList list = byOwner.get(owner);
        if (list == null) {
            return -1;
        }
        int i = indexOf(list, path);
        return i < 0 ? -1 : list.get(i);
    }

    /** Owner's files in the order shared, at most {@code limit} (&lt;= 0: all), until the visitor returns false. */
    public void browse(int owner, int limit, FileVisitor visitor) {
        IntList list = byOwner.get(owner);
        if (list == null) {
            return;
        }
        int n = list.size();
        if (limit > 0 && limit < n) {
            n = limit;
        }
        int mc = modCount;
        for (int i = 0; i < n; i++) {
            boolean more = visitor.visit(list.get(i));
            checkMod(mc);
            if (!more) {
                return;
            }
        }
    }

    /**
     * Runs a search: calls the visitor for each file that has every include word, no exclude
     * word, and matches the query's type, bitrate, frequency, size, duration and WMA criteria,
     * and whose owner passes {@code ownerFilter} (null: all owners); at most
     * {@link SearchQuery#maxResults()} hits. LINESPEED is an owner property: the caller applies it
     * in {@code ownerFilter} (see {@link SearchQuery#linespeedMatches(int)}).
     */
    public void search(SearchQuery query, IntPredicate ownerFilter, FileVisitor visitor) {
        List<String> include = query.includeWords();
        int ni = include.size();
        if (ni == 0) {
            return;
        }
        int[] inc = new int[ni];
        int best = -1;
        int bestSize = Integer.MAX_VALUE;
        for (int i = 0; i < ni; i++) {
            int w = findWord(include.get(i));
            if (w < 0) {
                return; // a word no file has: nothing can match
            }
            inc[i] = w;
            int s = words.size(w);
            if (s < bestSize) {
                bestSize = s;
                best = w;
            }
        }
        List<String> exclude = query.excludeWords();
        int[] exc = new int[exclude.size()];
        int ne = 0;
        for (String word : exclude) {
            int w = findWord(word);
            if (w >= 0) {
                exc[ne++] = w;
            }
        }

        final int max = query.maxResults();
        final int typeMask = query.typeMask();
        final long minBr = query.minBitrate(), maxBr = query.maxBitrate();
        final long minFq = query.minFreq(), maxFq = query.maxFreq();
        final long minSz = query.minSize(), maxSz = query.maxSize();
        final long minDu = query.minDuration(), maxDu = query.maxDuration();
        final boolean wma = query.wmaOnly();
        // most searches are words only: then the attribute columns are not read at all, and the
        // words (already in the file's own short pair list) are checked before anything else
        final boolean attributes = minBr != Long.MIN_VALUE || maxBr != Long.MAX_VALUE
                || minFq != Long.MIN_VALUE || maxFq != Long.MAX_VALUE
                || minSz != Long.MIN_VALUE || maxSz != Long.MAX_VALUE
                || minDu != Long.MIN_VALUE || maxDu != Long.MAX_VALUE;
        final boolean otherWords = ni > 1 || ne > 0;
        long need = 0;
        for (int w : inc) {
            if (w != best) {
                need |= 1L << w;
            }
        }
        final long needBits = need;

        int[] list = words.postings(best);
        int n = bestSize;
        int hits = 0;
        int mc = modCount;
        for (int i = 0; i < n; i++) {
            int f = list[i];
            if ((typeMask & (1 << (flags[f] & 0x7F))) == 0) {
                continue;
            }
            if (otherWords) {
                if ((wordBits[f] & needBits) != needBits) {
                    continue;   // some include word is certainly missing
                }
                int[] fw = fileWords[f];
                if (!hasAll(fw, inc, best) || hasAny(fw, exc, ne)) {
                    continue;
                }
            }
            if (attributes) {
                int br = bitrate[f];
                int fq = freq[f];
                long sz = size[f];
                int du = duration[f];
                if (br < minBr || br > maxBr || fq < minFq || fq > maxFq
                        || sz < minSz || sz > maxSz || du < minDu || du > maxDu) {
                    continue;
                }
            }
            if (wma && !isWma(f)) {
                continue;
            }
            int o = owner[f];
            if (o == DETACHED || (ownerFilter != null && !ownerFilter.test(o))) {
                continue;
            }
            boolean more = visitor.visit(f);
            checkMod(mc);
            if (++hits >= max || !more) {
                return;
            }
        }
    }

    /**
     * Resume (215) look-up: files whose checksum equals {@code checksum} exactly and whose size
     * equals {@code size}; at most {@code limit} (&lt;= 0: no limit).
     */
    public void findByChecksum(String checksum, long size, int limit, FileVisitor visitor) {
        Objects.requireNonNull(checksum, "checksum");
        int h = checksumHash(checksum, size);
        int hits = 0;
        int mc = modCount;
        for (int f = csBuckets[h & (csBuckets.length - 1)]; f >= 0; f = csNext[f]) {
            if (csHash[f] == h && this.size[f] == size && owner[f] != DETACHED && checksumEquals(f, checksum)) {
                boolean more = visitor.visit(f);
                checkMod(mc);
                if (!more || (limit > 0 && ++hits >= limit)) {
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ record accessors

    /** Whether {@code fileId} is a currently shared file. */
    public boolean isLive(int fileId) {
        return fileId >= 0 && fileId < highWater && data[fileId] != null;
    }

    public String path(int fileId) {
        byte[] d = data[live(fileId)];
        return (flags[fileId] & UTF16_FLAG) == 0
                ? new String(d, 0, pathLen[fileId], StandardCharsets.ISO_8859_1)
                : new String(d, 0, pathLen[fileId], StandardCharsets.UTF_16BE);
    }

    public String checksum(int fileId) {
        byte[] d = data[live(fileId)];
        int p = pathLen[fileId];
        return (flags[fileId] & UTF16_FLAG) == 0
                ? new String(d, p, d.length - p, StandardCharsets.ISO_8859_1)
                : new String(d, p, d.length - p, StandardCharsets.UTF_16BE);
    }

    /**
     * Appends a file's fields as search (201) and browse (212) replies carry them:
     * {@code "<path>" <checksum> <size> <bitrate> <freq> <duration>}, copying the stored bytes. The
     * same line as {@link org.opennapj.protocol.SharedFile#appendTo} writes (ShareIndexTest checks it).
     */
    public void appendFileFields(int fileId, Body b) {
        byte[] d = data[live(fileId)];
        b.append('"');
        if ((flags[fileId] & UTF16_FLAG) != 0) {
            b.append(path(fileId)).append("\" ").append(checksum(fileId));
        } else {
            int p = pathLen[fileId];
            b.append(d, 0, p).append('"').append(' ').append(d, p, d.length - p);
        }
        b.append(' ').append(size[fileId])
                .append(' ').append(bitrate[fileId])
                .append(' ').append(freq[fileId])
                .append(' ').append(duration[fileId]);
    }

    public long size(int fileId) {
        return size[live(fileId)];
    }

    public int bitrate(int fileId) {
        return bitrate[live(fileId)];
    }

    public int freq(int fileId) {
        return freq[live(fileId)];
    }

    public int duration(int fileId) {
        return duration[live(fileId)];
    }

    public int owner(int fileId) {
        return owner[live(fileId)];
    }

    public MediaType type(int fileId) {
        return MediaType.byOrdinal(flags[live(fileId)] & 0x7F);
    }

    // ------------------------------------------------------------------ internals

    private int live(int f) {
        if (!isLive(f)) {
            throw new IllegalArgumentException("no shared file with id " + f);
        }
        return f;
    }

    private void checkMod(int expected) {
        if (modCount != expected) {
            throw new ConcurrentModificationException("share index modified from a visitor");
        }
    }

    private int findWord(String word) {
        if (word.length() > scratch.length) {
            scratch = new char[word.length()];
        }
        return words.find(word, scratch);
    }

    /** Interns the indexed words of {@code path} and appends f to their posting lists. */
    private int[] indexWords(int f, String path) {
        int start = Tokenizer.indexStart(path, settings.pathDepth());
        int end = Tokenizer.indexEnd(path, start, settings.ignoreSuffix());
        Tokenizer.Scanner sc = scanner;
        sc.resetBackward(path, start, end);
        int[] tmp = tmpWords;
        int k = 0;
        WordFilter filtered = filter;
        outer:
        while (k < tmp.length && sc.previous()) {
            if (filtered.contains(sc.buf, sc.len)) {
                continue;
            }
            int w = words.intern(sc.buf, sc.len);
            for (int j = 0; j < k; j++) {
                if (tmp[j] == w) {
                    continue outer;
                }
            }
            tmp[k++] = w;
        }
        if (k == 0) {
            return NO_WORDS;
        }
        int[] pairs = new int[2 * k];
        for (int j = 0; j < k; j++) {
            int w = tmp[j];
            pairs[2 * j] = w;
            pairs[2 * j + 1] = words.addPosting(w, f);
        }
        return pairs;
    }

    private void removeFile(int f) {
        int[] pairs = fileWords[f];
        for (int k = 0; k < pairs.length; k += 2) {
            int w = pairs[k];
            int pos = pairs[k + 1];
            int moved = words.removePostingAt(w, pos);
            if (moved >= 0) {
                int[] mp = fileWords[moved];
                for (int j = 0; j < mp.length; j += 2) {
                    if (mp[j] == w) {
                        mp[j + 1] = pos;
                        break;
                    }
                }
            }
        }
        unlinkChecksum(f);
        liveFiles--;
        totalBytes -= size[f];
        data[f] = null;
        fileWords[f] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = f;
        modCount++;
    }

    private int allocId() {
        if (freeCount > 0) {
            return freeIds[--freeCount];
        }
        if (highWater == data.length) {
            resize(data.length + (data.length >> 1));
        }
        return highWater++;
    }

    /** Sizes every file column to {@code cap} slots (more when growing, fewer when compacting). */
    private void resize(int cap) {
        owner = Arrays.copyOf(owner, cap);
        size = Arrays.copyOf(size, cap);
        bitrate = Arrays.copyOf(bitrate, cap);
        freq = Arrays.copyOf(freq, cap);
        duration = Arrays.copyOf(duration, cap);
        flags = Arrays.copyOf(flags, cap);
        data = Arrays.copyOf(data, cap);
        pathLen = Arrays.copyOf(pathLen, cap);
        pathHash = Arrays.copyOf(pathHash, cap);
        fileWords = Arrays.copyOf(fileWords, cap);
        wordBits = Arrays.copyOf(wordBits, cap);
        csHash = Arrays.copyOf(csHash, cap);
        csNext = Arrays.copyOf(csNext, cap);
        csPrev = Arrays.copyOf(csPrev, cap);
    }

    private int indexOf(IntList list, String path) {
        int h = path.hashCode();
        for (int i = 0, n = list.size(); i < n; i++) {
            int f = list.get(i);
            if (pathHash[f] == h && pathEquals(f, path)) {
                return i;
            }
        }
        return -1;
    }

    private static long wordBits(int[] pairs) {
        long bits = 0;
        for (int j = 0; j < pairs.length; j += 2) {
            bits |= 1L << pairs[j];
        }
        return bits;
    }

    private static boolean hasAll(int[] pairs, int[] wanted, int skip) {
        for (int w : wanted) {
            if (w != skip && !contains(pairs, w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasAny(int[] pairs, int[] unwanted, int n) {
        for (int i = 0; i < n; i++) {
            if (contains(pairs, unwanted[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] pairs, int w) {
        for (int j = 0; j < pairs.length; j += 2) {
            if (pairs[j] == w) {
                return true;
            }
        }
        return false;
    }

    /** WMA-FILE criterion: checksum "WMA-FILE" (how Napster clients share .wma) or a ".wma" path. */
    private boolean isWma(int f) {
        if (checksum(f).equalsIgnoreCase("WMA-FILE")) {
            return true;
        }
        String p = path(f);
        return p.regionMatches(true, p.length() - 4, ".wma", 0, 4);
    }

    private boolean pathEquals(int f, String path) {
        byte[] d = data[f];
        int plen = pathLen[f];
        if ((flags[f] & UTF16_FLAG) == 0) {
            if (plen != path.length()) {
                return false;
            }
            for (int i = 0; i < plen; i++) {
                if ((d[i] & 0xFF) != path.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        return path(f).equals(path);
    }

    private boolean checksumEquals(int f, String checksum) {
        byte[] d = data[f];
        int p = pathLen[f];
        if ((flags[f] & UTF16_FLAG) == 0) {
            int n = d.length - p;
            if (n != checksum.length()) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((d[p + i] & 0xFF) != checksum.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        return checksum(f).equals(checksum);
    }

    private static boolean isLatin1(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static byte[] encode(String path, String checksum, boolean latin1) {
        if (latin1) {
            int p = path.length();
            byte[] b = new byte[p + checksum.length()];
            for (int i = 0; i < p; i++) {
                b[i] = (byte) path.charAt(i);
            }
            for (int i = 0, n = checksum.length(); i < n; i++) {
                b[p + i] = (byte) checksum.charAt(i);
            }
            return b;
        }
        byte[] a = path.getBytes(StandardCharsets.UTF_16BE);
        byte[] c = checksum.getBytes(StandardCharsets.UTF_16BE);
        byte[] b = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, b, a.length, c.length);
        return b;
    }

    // ---- checksum chains ----

    private static int[] newBuckets(int n) {
        int[] b = new int[n];
        Arrays.fill(b, -1);
        return b;
    }

    private static int checksumHash(String checksum, long size) {
        int h = checksum.hashCode() * 31 + Long.hashCode(size);
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void linkChecksum(int f) {
        int b = csHash[f] & (csBuckets.length - 1);
        int head = csBuckets[b];
        csPrev[f] = -1;
        csNext[f] = head;
        if (head >= 0) {
            csPrev[head] = f;
        }
        csBuckets[b] = f;
    }

    private void unlinkChecksum(int f) {
        int prev = csPrev[f];
        int next = csNext[f];
        if (prev >= 0) {
            csNext[prev] = next;
        } else {
            csBuckets[csHash[f] & (csBuckets.length - 1)] = next;
        }
        if (next >= 0) {
            csPrev[next] = prev;
        }
    }

    private void rehashChecksums(int buckets) {
        csBuckets = newBuckets(buckets);
        for (int f = 0; f < highWater; f++) {
            if (data[f] != null) {
                linkChecksum(f);
            }
        }
    }
}
