package org.opennapj.server.share;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.MediaType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShareIndexTest {

    private final ShareIndex index = new ShareIndex(IndexSettings.defaults());

    private static SearchQuery q(String s) {
        try {
            return SearchQuery.parse(s, 0);
        } catch (InvalidSearchException e) {
            throw new AssertionError(e);
        }
    }

    private List<Integer> search(String query) {
        return search(query, null);
    }

    private List<Integer> search(String query, IntPredicate ownerFilter) {
        List<Integer> out = new ArrayList<>();
        index.search(q(query), ownerFilter, f -> out.add(f));
        return out;
    }

    private List<Integer> browse(int owner, int limit) {
        List<Integer> out = new ArrayList<>();
        index.browse(owner, limit, f -> out.add(f));
        return out;
    }

    private int mp3(int owner, String path) {
        return index.add(owner, path, "md5-" + path.hashCode(), 1000, 128, 44100, 200, MediaType.MP3);
    }

    @Test
    void fileFieldsAreTheProtocolsSharedFileLine() throws Exception {
        for (String path : List.of("C:\\Music\\Björk - Jóga.mp3", "\u65e5\u672c - song.mp3")) {
            int f = index.add(3, path, "0123456789abcdef0123456789abcdef-4000", 4_000_000_000L, 320, 48000, 305, MediaType.MP3);
            org.opennapj.protocol.Body fromIndex = new org.opennapj.protocol.Body();
            index.appendFileFields(f, fromIndex);
            org.opennapj.protocol.SharedFile file = new org.opennapj.protocol.SharedFile(path,
                    "0123456789abcdef0123456789abcdef-4000", 4_000_000_000L, 320, 48000, 305);
            assertThat(fromIndex.toString()).isEqualTo(file.appendTo(new org.opennapj.protocol.Body()).toString());
        }
        int f = index.add(3, "a b.mp3", "md5", 1, 2, 3, 4, MediaType.MP3);
        org.opennapj.protocol.Body line = new org.opennapj.protocol.Body();
        index.appendFileFields(f, line);
        assertThat(org.opennapj.protocol.SharedFile.parse(line.toString()))
                .isEqualTo(new org.opennapj.protocol.SharedFile("a b.mp3", "md5", 1, 2, 3, 4));
    }

    @Test
    void addKeepsTheRecordExactly() {
        int f = index.add(7, "C:\\Music\\Björk - Jóga.mp3", "0123456789abcdef0123456789ABCDEF", 4_000_000_000L,
                320, 48000, 305, MediaType.MP3);
        assertThat(index.path(f)).isEqualTo("C:\\Music\\Björk - Jóga.mp3");
        assertThat(index.checksum(f)).isEqualTo("0123456789abcdef0123456789ABCDEF");
        assertThat(index.size(f)).isEqualTo(4_000_000_000L);
        assertThat(index.bitrate(f)).isEqualTo(320);
        assertThat(index.freq(f)).isEqualTo(48000);
        assertThat(index.duration(f)).isEqualTo(305);
        assertThat(index.owner(f)).isEqualTo(7);
        assertThat(index.type(f)).isEqualTo(MediaType.MP3);
        assertThat(index.count(7)).isEqualTo(1);
        assertThat(index.totalFiles()).isEqualTo(1);
        assertThat(index.totalBytes()).isEqualTo(4_000_000_000L);
        assertThat(index.isLive(f)).isTrue();
        assertThat(index.find(7, "C:\\Music\\Björk - Jóga.mp3")).isEqualTo(f);
        assertThat(index.find(7, "c:\\music\\björk - jóga.mp3")).isEqualTo(-1);
        assertThat(index.find(8, "C:\\Music\\Björk - Jóga.mp3")).isEqualTo(-1);
    }

    @Test
    void searchMatchesWholeWordsCaseInsensitively() {
        int a = mp3(1, "C:\\Music\\Beatles\\The Beatles - Let It Be.mp3");
        int b = mp3(2, "C:\\x\\Björk - Jóga.mp3");
        mp3(3, "C:\\x\\Beat It.mp3");
        assertThat(search("FILENAME CONTAINS \"beatles\"")).containsExactly(a);
        assertThat(search("FILENAME CONTAINS \"BEATLES let\"")).containsExactly(a);
        assertThat(search("FILENAME CONTAINS \"beat\"")).hasSize(1); // whole words only
        assertThat(search("FILENAME CONTAINS \"BJÖRK\"")).containsExactly(b);
        assertThat(search("FILENAME CONTAINS \"beatles nothere\"")).isEmpty();
        assertThat(search("FILENAME CONTAINS \"mp3\"")).isEmpty(); // suffix not indexed
        assertThat(search("FILENAME CONTAINS \"music\"")).isEmpty(); // beyond path depth 2
        assertThat(search("FILENAME CONTAINS \"x\"")).hasSize(2);
    }

    @Test
    void exclusionsAndCriteria() {
        int live = index.add(1, "C:\\a\\Song Live.mp3", "c1", 5000, 128, 44100, 100, MediaType.MP3);
        int studio = index.add(1, "C:\\a\\Song Studio.mp3", "c2", 9000, 192, 48000, 300, MediaType.MP3);
        int wav = index.add(1, "C:\\a\\Song.wav", "c3", 9000, 1411, 44100, 300, MediaType.AUDIO);
        int wma = index.add(1, "C:\\a\\Song Other.wma", "WMA-FILE", 9000, 128, 44100, 300, MediaType.MP3);
        int avi = index.add(1, "C:\\a\\Song.avi", "c5", 9000, 0, 0, 0, MediaType.VIDEO);
        assertThat(search("FILENAME CONTAINS \"song -live\"")).containsExactlyInAnyOrder(studio, wma);
        assertThat(search("FILENAME CONTAINS \"song\" FILENAME EXCLUDES \"studio other\"")).containsExactly(live);
        assertThat(search("FILENAME CONTAINS \"song -nonexistent\"")).hasSize(3);
        assertThat(search("FILENAME CONTAINS \"song\" BITRATE \"AT LEAST\" 160")).containsExactly(studio);
        assertThat(search("FILENAME CONTAINS \"song\" BITRATE \"AT BEST\" 128")).containsExactlyInAnyOrder(live, wma);
        assertThat(search("FILENAME CONTAINS \"song\" FREQ \"EQUAL TO\" 48000")).containsExactly(studio);
        assertThat(search("FILENAME CONTAINS \"song\" SIZE \"AT BEST\" 5000")).containsExactly(live);
        assertThat(search("FILENAME CONTAINS \"song\" DURATION \"AT LEAST\" 200")).containsExactlyInAnyOrder(studio, wma);
        assertThat(search("FILENAME CONTAINS \"song\" TYPE audio")).containsExactly(wav);
        assertThat(search("FILENAME CONTAINS \"song\" TYPE video")).containsExactly(avi);
        assertThat(search("FILENAME CONTAINS \"song\" TYPE any")).hasSize(5);
        assertThat(search("FILENAME CONTAINS \"song\" WMA-FILE")).containsExactly(wma);
        int wma2 = index.add(1, "C:\\a\\Song Third.WMA", "c7", 1, 1, 1, 1, MediaType.AUDIO);
        assertThat(search("FILENAME CONTAINS \"song\" WMA-FILE")).containsExactlyInAnyOrder(wma, wma2);
        assertThat(search("FILENAME CONTAINS \"song\" WMA-FILE TYPE audio")).containsExactly(wma2);
        // LINESPEED is left to the owner filter
        assertThat(search("FILENAME CONTAINS \"song\" LINESPEED \"AT LEAST\" 9")).hasSize(3);
    }

    @Test
    void ownerFilterMaxResultsAndEarlyStop() {
        for (int i = 0; i < 50; i++) {
            mp3(i % 5, "C:\\d\\common " + i + ".mp3");
        }
        assertThat(search("FILENAME CONTAINS common MAX_RESULTS 1000")).hasSize(50);
        assertThat(search("FILENAME CONTAINS common MAX_RESULTS 7")).hasSize(7);
        assertThat(search("FILENAME CONTAINS common", o -> o != 0)).hasSize(40)
                .allSatisfy(f -> assertThat(index.owner(f)).isNotZero());
        List<Integer> seen = new ArrayList<>();
        index.search(q("FILENAME CONTAINS common"), null, f -> {
            seen.add(f);
            return seen.size() < 3;
        });
        assertThat(seen).hasSize(3);
    }

    @Test
    void browseInSharingOrderWithLimit() {
        int a = mp3(4, "C:\\x\\a.mp3");
        int b = mp3(4, "C:\\x\\b.mp3");
        int c = mp3(4, "C:\\x\\c.mp3");
        mp3(5, "C:\\x\\d.mp3");
        assertThat(browse(4, 0)).containsExactly(a, b, c);
        assertThat(browse(4, 2)).containsExactly(a, b);
        assertThat(browse(9, 0)).isEmpty();
        assertThat(index.remove(4, "C:\\x\\b.mp3")).isTrue();
        assertThat(browse(4, 0)).containsExactly(a, c);
        List<Integer> seen = new ArrayList<>();
        index.browse(4, 0, f -> seen.add(f) && false);
        assertThat(seen).containsExactly(a);
    }

    @Test
    void removeTakesTheFirstExactMatchOnly() {
        int a = mp3(1, "C:\\x\\dup.mp3");
        int b = mp3(1, "C:\\x\\dup.mp3");
        assertThat(index.remove(1, "C:\\X\\DUP.mp3")).isFalse();
        assertThat(index.remove(2, "C:\\x\\dup.mp3")).isFalse();
        assertThat(index.remove(1, "C:\\x\\dup.mp3")).isTrue();
        assertThat(index.isLive(a)).isFalse();
        assertThat(browse(1, 0)).containsExactly(b);
        assertThat(search("FILENAME CONTAINS dup")).containsExactly(b);
        assertThat(index.remove(1, "C:\\x\\dup.mp3")).isTrue();
        assertThat(index.remove(1, "C:\\x\\dup.mp3")).isFalse();
        assertThat(index.count(1)).isZero();
        assertThat(index.totalFiles()).isZero();
        assertThat(index.wordCount()).isZero();
    }

    @Test
    void removeAllClearsEverything() {
        for (int i = 0; i < 300; i++) {
            mp3(1, "C:\\dir\\shared word" + i + ".mp3");
            mp3(2, "C:\\dir\\shared other" + i + ".mp3");
        }
        long before = index.totalBytes();
        assertThat(index.removeAll(1)).isEqualTo(300);
        assertThat(index.removeAll(1)).isZero();
        assertThat(index.count(1)).isZero();
        assertThat(index.totalFiles()).isEqualTo(300);
        assertThat(index.totalBytes()).isEqualTo(before - 300 * 1000L);
        assertThat(search("FILENAME CONTAINS \"shared\" MAX_RESULTS 1000")).hasSize(300)
                .allSatisfy(f -> assertThat(index.owner(f)).isEqualTo(2));
        assertThat(search("FILENAME CONTAINS \"word5\"")).isEmpty();
        assertThat(index.wordFrequency("shared")).isEqualTo(300);
        assertThat(index.wordFrequency("word5")).isZero();
        assertThat(index.removeAll(2)).isEqualTo(300);
        assertThat(index.wordCount()).isZero();
        assertThat(index.totalBytes()).isZero();
    }

    @Test
    void detachedFilesVanishAtOnceAndLeaveInSlices() {
        for (int i = 0; i < 250; i++) {
            mp3(1, "C:\\dir\\shared word" + i + ".mp3");
            mp3(2, "C:\\dir\\shared other" + i + ".mp3");
        }
        int kept = mp3(2, "C:\\dir\\word7 kept.mp3");
        assertThat(index.detachAll(1)).isEqualTo(250);
        assertThat(index.detachAll(1)).isZero();
        // out of sight at once: searches, checksums, the owner's count and browse
        assertThat(index.count(1)).isZero();
        assertThat(search("FILENAME CONTAINS \"shared\" MAX_RESULTS 1000")).hasSize(250)
                .allSatisfy(f -> assertThat(index.owner(f)).isEqualTo(2));
        assertThat(search("FILENAME CONTAINS \"word7\"")).containsExactly(kept);
        List<Integer> hits = new ArrayList<>();
        index.findByChecksum("md5-" + "C:\\dir\\shared word7.mp3".hashCode(), 1000, 0, hits::add);
        assertThat(hits).isEmpty();
        index.browse(1, 0, f -> hits.add(f));
        assertThat(hits).isEmpty();
        // the owner id can be reused at once without inheriting anything
        int fresh = mp3(1, "C:\\new\\fresh.mp3");
        assertThat(index.count(1)).isEqualTo(1);
        assertThat(index.totalFiles()).isEqualTo(250 + 251 + 1);
        // removal in slices of 100: three slices, the last one reports nothing left
        assertThat(index.removeDetached(100)).isTrue();
        assertThat(index.totalFiles()).isEqualTo(150 + 251 + 1);
        assertThat(index.removeDetached(100)).isTrue();
        assertThat(index.removeDetached(100)).isFalse();
        assertThat(index.removeDetached(100)).isFalse();
        assertThat(index.totalFiles()).isEqualTo(252);
        assertThat(index.wordFrequency("shared")).isEqualTo(250);
        assertThat(index.wordFrequency("word5")).isZero();
        assertThat(search("FILENAME CONTAINS fresh")).containsExactly(fresh);
    }

    /** Paths of the files a search finds. */
    private Set<String> searchPaths(String query) {
        Set<String> out = new HashSet<>();
        index.search(q(query), null, f -> out.add(index.path(f)));
        return out;
    }

    private List<String> browsePaths(int owner) {
        List<String> out = new ArrayList<>();
        index.browse(owner, 0, f -> out.add(index.path(f)));
        return out;
    }

    @Test
    void aMostlyEmptiedIndexShrinksAndStillAnswersTheSame() {
        for (int owner = 0; owner < 100; owner++) {
            for (int i = 0; i < 1000; i++) {
                mp3(owner, "C:\\music\\artist" + owner + "\\song" + i + " common word" + (i % 50) + ".mp3");
            }
        }
        int slots = index.capacity();
        for (int owner = 0; owner < 95; owner++) {
            index.detachAll(owner);
        }
        assertThat(index.compactIfSparse()).as("not while detached files wait").isFalse();
        while (index.removeDetached(10_000)) {
            // slices until none is left
        }
        Set<String> common = searchPaths("FILENAME CONTAINS \"common\" MAX_RESULTS 100000");
        Set<String> word7 = searchPaths("FILENAME CONTAINS \"word7\" MAX_RESULTS 100000");
        Set<String> artist97 = searchPaths("FILENAME CONTAINS \"artist97 song12\" MAX_RESULTS 100000");
        List<String> browse98 = browsePaths(98);
        assertThat(common).hasSize(5000);

        assertThat(index.compactIfSparse()).isTrue();
        assertThat(index.capacity()).isLessThan(slots / 10);
        assertThat(index.compactIfSparse()).as("dense now").isFalse();

        assertThat(searchPaths("FILENAME CONTAINS \"common\" MAX_RESULTS 100000")).isEqualTo(common);
        assertThat(searchPaths("FILENAME CONTAINS \"word7\" MAX_RESULTS 100000")).isEqualTo(word7).hasSize(100);
        assertThat(searchPaths("FILENAME CONTAINS \"artist97 song12\" MAX_RESULTS 100000")).isEqualTo(artist97);
        assertThat(browsePaths(98)).isEqualTo(browse98);
        assertThat(index.totalFiles()).isEqualTo(5000);
        assertThat(index.count(97)).isEqualTo(1000);
        String path = "C:\\music\\artist96\\song3 common word3.mp3";
        int f = index.find(96, path);
        assertThat(f).isNotNegative();
        assertThat(index.path(f)).isEqualTo(path);
        assertThat(index.owner(f)).isEqualTo(96);
        List<Integer> hits = new ArrayList<>();
        index.findByChecksum("md5-" + path.hashCode(), 1000, 0, hits::add);
        assertThat(hits).containsExactly(f);

        // and it goes on working: removals, new files, growth
        assertThat(index.remove(96, path)).isTrue();
        assertThat(searchPaths("FILENAME CONTAINS \"artist96 song3\"")).isEmpty();
        for (int i = 0; i < 20_000; i++) {
            mp3(200, "C:\\new\\fresh" + i + " common.mp3");
        }
        assertThat(index.wordFrequency("common")).isEqualTo(4999 + 20_000);
        assertThat(searchPaths("FILENAME CONTAINS \"fresh19999\"")).containsExactly("C:\\new\\fresh19999 common.mp3");
        assertThat(index.removeAll(200)).isEqualTo(20_000);
        assertThat(searchPaths("FILENAME CONTAINS \"common\" MAX_RESULTS 100000")).hasSize(4999);
    }

    @Test
    void reusedIdsCarryNoStaleWords() {
        int a = mp3(1, "C:\\x\\alpha beta.mp3");
        assertThat(index.remove(1, "C:\\x\\alpha beta.mp3")).isTrue();
        int b = index.add(2, "C:\\y\\gamma.mp3", "zz", 1, 2, 3, 4, MediaType.VIDEO);
        assertThat(b).isEqualTo(a); // the id is reused
        assertThat(search("FILENAME CONTAINS alpha TYPE any")).isEmpty();
        assertThat(search("FILENAME CONTAINS gamma TYPE any")).containsExactly(b);
        assertThat(index.type(b)).isEqualTo(MediaType.VIDEO);
        assertThat(index.owner(b)).isEqualTo(2);
        List<Integer> hits = new ArrayList<>();
        index.findByChecksum("md5-" + "C:\\x\\alpha beta.mp3".hashCode(), 1000, 0, hits::add);
        assertThat(hits).isEmpty();
    }

    @Test
    void accessorsRejectDeadIds() {
        int a = mp3(1, "C:\\x\\a.mp3");
        index.removeAll(1);
        assertThatThrownBy(() -> index.path(a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.owner(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.size(12345)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.add(-1, "p", "c", 1, 1, 1, 1, MediaType.MP3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findByChecksumComparesExactlyAndBySize() {
        int a = index.add(1, "C:\\x\\a.mp3", "abcdef", 100, 0, 0, 0, MediaType.MP3);
        int b = index.add(2, "C:\\x\\b.mp3", "abcdef", 100, 0, 0, 0, MediaType.MP3);
        index.add(3, "C:\\x\\c.mp3", "abcdef", 101, 0, 0, 0, MediaType.MP3);
        index.add(4, "C:\\x\\d.mp3", "ABCDEF", 100, 0, 0, 0, MediaType.MP3);
        List<Integer> hits = new ArrayList<>();
        index.findByChecksum("abcdef", 100, 0, hits::add);
        assertThat(hits).containsExactlyInAnyOrder(a, b);
        hits.clear();
        index.findByChecksum("abcdef", 100, 1, hits::add);
        assertThat(hits).hasSize(1);
        hits.clear();
        index.findByChecksum("abcde", 100, 0, hits::add);
        assertThat(hits).isEmpty();
    }

    @Test
    void charactersBeyondLatin1AreKept() {
        int f = index.add(1, "C:\\音楽\\日本 Song.mp3", "chk€", 1, 2, 3, 4, MediaType.MP3);
        assertThat(index.path(f)).isEqualTo("C:\\音楽\\日本 Song.mp3");
        assertThat(index.checksum(f)).isEqualTo("chk€");
        assertThat(search("FILENAME CONTAINS \"日本 song\"")).containsExactly(f);
        assertThat(search("FILENAME CONTAINS \"音楽\"")).containsExactly(f);
        assertThat(index.find(1, "C:\\音楽\\日本 Song.mp3")).isEqualTo(f);
        List<Integer> hits = new ArrayList<>();
        index.findByChecksum("chk€", 1, 0, hits::add);
        assertThat(hits).containsExactly(f);
        assertThat(index.remove(1, "C:\\音楽\\日本 Song.mp3")).isTrue();
        assertThat(index.wordCount()).isZero();
    }

    @Test
    void visitorsMustNotModifyTheIndex() {
        mp3(1, "C:\\x\\a.mp3");
        mp3(1, "C:\\x\\a b.mp3");
        assertThatThrownBy(() -> index.search(q("FILENAME CONTAINS a"), null, f -> {
            index.removeAll(1);
            return true;
        })).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void veryCommonWordsAreFine() {
        for (int i = 0; i < 120_000; i++) {
            index.add(i % 40, "C:\\Music\\The Band - Track " + (i % 997) + ".mp3", "c" + i, i, 128, 44100, 60,
                    MediaType.MP3);
        }
        assertThat(index.wordFrequency("the")).isEqualTo(120_000);
        assertThat(search("FILENAME CONTAINS \"the band\" MAX_RESULTS 100")).hasSize(100);
        assertThat(search("FILENAME CONTAINS \"the track 5\" MAX_RESULTS 1000")).hasSize(121)
                .allSatisfy(f -> assertThat(index.path(f)).endsWith(" 5.mp3"));
        assertThat(search("FILENAME CONTAINS \"the\" SIZE \"EQUAL TO\" 119999")).hasSize(1);
        assertThat(index.removeAll(7)).isEqualTo(3000);
        assertThat(index.wordFrequency("the")).isEqualTo(117_000);
        for (int o = 0; o < 40; o++) {
            index.removeAll(o);
        }
        assertThat(index.totalFiles()).isZero();
        assertThat(index.wordCount()).isZero();
    }

    // ------------------------------------------------------------------ randomized model check

    private record ModelFile(int id, int owner, String path, String checksum, long size, int bitrate, int freq,
                             int duration, MediaType type, Set<String> words) {
    }

    private static final String[] VOCAB = {"Love", "love", "LOVE", "the", "The", "Beatles", "björk", "BJÖRK",
        "don't", "rock", "roll", "a", "b", "mp3", "live", "01", "02", "x'y", "ÿes", "zèbre", "Ünder", "日本", "Song"};
    private static final String[] SEPS = {" ", " - ", "_", ".", " (", ") ", "-", ",", "  "};
    private static final String[] EXTS = {".mp3", ".MP3", ".wma", ".avi", "", ".jpg"};
    private static final String[] CHECKSUMS = {"abc", "ABC", "WMA-FILE", "wma-file", "00000000000000000000000000000000", "d41d8"};
    private static final MediaType[] TYPES = MediaType.values();

    private static String randomPath(Random r) {
        StringBuilder sb = new StringBuilder();
        boolean unix = r.nextBoolean();
        char sep = unix ? '/' : '\\';
        if (!unix) {
            sb.append("C:");
        }
        int dirs = r.nextInt(4);
        for (int i = 0; i < dirs; i++) {
            sb.append(sep).append(VOCAB[r.nextInt(VOCAB.length)]);
        }
        sb.append(sep);
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(SEPS[r.nextInt(SEPS.length)]);
            }
            sb.append(VOCAB[r.nextInt(VOCAB.length)]);
        }
        sb.append(EXTS[r.nextInt(EXTS.length)]);
        return sb.toString();
    }

    private static String cmp(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "\"AT LEAST\"";
            case 1 -> "\"AT BEST\"";
            default -> "\"EQUAL TO\"";
        };
    }

    private static String randomQuery(Random r) {
        StringBuilder sb = new StringBuilder("FILENAME CONTAINS \"");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(30) == 0 ? "nowhere" : VOCAB[r.nextInt(VOCAB.length)]).append(' ');
        }
        if (r.nextInt(4) == 0) {
            sb.append('-').append(VOCAB[r.nextInt(VOCAB.length)]);
        }
        sb.append("\" MAX_RESULTS 1000000");
        if (r.nextInt(5) == 0) {
            sb.append(" FILENAME EXCLUDES \"").append(VOCAB[r.nextInt(VOCAB.length)]).append('"');
        }
        if (r.nextInt(3) == 0) {
            sb.append(" BITRATE ").append(cmp(r)).append(" \"").append(new int[] {64, 128, 192}[r.nextInt(3)]).append('"');
        }
        if (r.nextInt(5) == 0) {
            sb.append(" FREQ ").append(cmp(r)).append(" ").append(r.nextBoolean() ? 44100 : 22050);
        }
        if (r.nextInt(4) == 0) {
            sb.append(" SIZE ").append(cmp(r)).append(" ").append(r.nextInt(6));
        }
        if (r.nextInt(5) == 0) {
            sb.append(" DURATION ").append(cmp(r)).append(" ").append(r.nextInt(300));
        }
        switch (r.nextInt(8)) {
            case 0 -> sb.append(" TYPE any");
            case 1 -> sb.append(" TYPE audio");
            case 2 -> sb.append(" TYPE video/avi");
            case 3 -> sb.append(" TYPE audio/mpeg");
            default -> { }
        }
        if (r.nextInt(8) == 0) {
            sb.append(" WMA-FILE");
        }
        return sb.toString();
    }

    private static boolean bruteMatch(SearchQuery q, ModelFile m, IntPredicate ownerFilter) {
        if (!m.words.containsAll(q.includeWords())) {
            return false;
        }
        for (String w : q.excludeWords()) {
            if (m.words.contains(w)) {
                return false;
            }
        }
        if (!q.acceptsType(m.type)) {
            return false;
        }
        if (m.bitrate < q.minBitrate() || m.bitrate > q.maxBitrate() || m.freq < q.minFreq() || m.freq > q.maxFreq()
                || m.size < q.minSize() || m.size > q.maxSize() || m.duration < q.minDuration()
                || m.duration > q.maxDuration()) {
            return false;
        }
        if (q.wmaOnly() && !m.checksum.equalsIgnoreCase("WMA-FILE") && !m.path.toLowerCase().endsWith(".wma")) {
            return false;
        }
        return ownerFilter == null || ownerFilter.test(m.owner);
    }

    @Test
    void randomizedOperationsAgreeWithABruteForceModel() {
        for (long seed = 1; seed <= 4; seed++) {
            IndexSettings settings = new IndexSettings((int) (seed % 4), seed % 2 == 1);
            runRandomized(seed, settings);
        }
    }

    private void runRandomized(long seed, IndexSettings settings) {
        Random r = new Random(seed);
        int queries = 0;
        int queriesWithHits = 0;
        ShareIndex idx = new ShareIndex(settings);
        Map<Integer, ModelFile> live = new HashMap<>();
        Map<Integer, List<ModelFile>> byOwner = new HashMap<>();
        int owners = 12;
        for (int step = 0; step < 6000; step++) {
            int op = r.nextInt(100);
            int owner = r.nextInt(owners);
            List<ModelFile> mine = byOwner.computeIfAbsent(owner, k -> new ArrayList<>());
            if (op < 62) {
                String path = !mine.isEmpty() && r.nextInt(10) == 0 ? mine.get(r.nextInt(mine.size())).path
                        : randomPath(r);
                String cs = CHECKSUMS[r.nextInt(CHECKSUMS.length)];
                long size = r.nextInt(6);
                int br = new int[] {64, 128, 192}[r.nextInt(3)];
                int fq = r.nextBoolean() ? 44100 : 22050;
                int du = r.nextInt(300);
                MediaType type = r.nextInt(3) == 0 ? TYPES[r.nextInt(TYPES.length)] : MediaType.MP3;
                int id = idx.add(owner, path, cs, size, br, fq, du, type);
                assertThat(live).doesNotContainKey(id);
                ModelFile m = new ModelFile(id, owner, path, cs, size, br, fq, du, type,
                        new HashSet<>(Tokenizer.indexWords(path, settings)));
                live.put(id, m);
                mine.add(m);
            } else if (op < 85) {
                String path = !mine.isEmpty() && r.nextInt(5) != 0 ? mine.get(r.nextInt(mine.size())).path
                        : randomPath(r);
                ModelFile first = mine.stream().filter(m -> m.path.equals(path)).findFirst().orElse(null);
                assertThat(idx.find(owner, path)).isEqualTo(first == null ? -1 : first.id);
                assertThat(idx.remove(owner, path)).isEqualTo(first != null);
                if (first != null) {
                    mine.remove(first);
                    live.remove(first.id);
                }
            } else if (op < 87) {
                // a logout takes the files out of sight at once and removes them in slices
                assertThat(r.nextBoolean() ? idx.removeAll(owner) : idx.detachAll(owner)).isEqualTo(mine.size());
                assertThat(idx.count(owner)).isZero();
                for (ModelFile m : mine) {
                    live.remove(m.id);
                }
                mine.clear();
            } else if (op < 97) {
                SearchQuery q = q(randomQuery(r));
                int filterMod = r.nextInt(3);
                IntPredicate filter = filterMod == 0 ? null : o -> o % (filterMod + 1) != 0;
                Set<Integer> expected = new HashSet<>();
                for (ModelFile m : live.values()) {
                    if (bruteMatch(q, m, filter)) {
                        expected.add(m.id);
                    }
                }
                List<Integer> got = new ArrayList<>();
                idx.search(q, filter, got::add);
                queries++;
                if (!expected.isEmpty()) {
                    queriesWithHits++;
                }
                assertThat(got).as("seed %d step %d query %s", seed, step, q).doesNotHaveDuplicates();
                assertThat(new HashSet<>(got)).as("seed %d step %d query %s", seed, step, q).isEqualTo(expected);
                for (int f : got) {
                    ModelFile m = live.get(f);
                    assertThat(idx.path(f)).isEqualTo(m.path);
                    assertThat(idx.checksum(f)).isEqualTo(m.checksum);
                    assertThat(idx.owner(f)).isEqualTo(m.owner);
                    assertThat(idx.size(f)).isEqualTo(m.size);
                    assertThat(idx.bitrate(f)).isEqualTo(m.bitrate);
                    assertThat(idx.freq(f)).isEqualTo(m.freq);
                    assertThat(idx.duration(f)).isEqualTo(m.duration);
                    assertThat(idx.type(f)).isEqualTo(m.type);
                }
                // a small limit returns a subset of the right size
                int limit = 1 + r.nextInt(5);
                String limited = q.toRequest(limit);
                List<Integer> some = new ArrayList<>();
                idx.search(q(limited), filter, some::add);
                assertThat(some).hasSize(Math.min(limit, expected.size()));
                assertThat(expected).containsAll(some);
            } else if (op < 98) {
                idx.removeDetached(r.nextInt(40));
            } else {
                ModelFile any = live.isEmpty() ? null : new ArrayList<>(live.values()).get(r.nextInt(live.size()));
                String cs = any != null && r.nextBoolean() ? any.checksum : CHECKSUMS[r.nextInt(CHECKSUMS.length)];
                long size = any != null && r.nextBoolean() ? any.size : r.nextInt(6);
                Set<Integer> expected = new HashSet<>();
                for (ModelFile m : live.values()) {
                    if (m.checksum.equals(cs) && m.size == size) {
                        expected.add(m.id);
                    }
                }
                List<Integer> got = new ArrayList<>();
                idx.findByChecksum(cs, size, 0, got::add);
                assertThat(got).doesNotHaveDuplicates();
                assertThat(new HashSet<>(got)).isEqualTo(expected);
            }
            if (step % 500 == 0 || step == 5999) {
                for (int slices = 0; idx.removeDetached(7); slices++) {
                    assertThat(slices).as("slices to remove the detached files").isLessThan(6000);
                }
                checkTotals(idx, live, byOwner, owners);
            }
        }
        // the random data must exercise both outcomes
        assertThat(queriesWithHits).as("queries with hits").isGreaterThan(queries / 5);
        assertThat(queriesWithHits).as("queries with hits").isLessThan(queries);
        for (int o = 0; o < owners; o++) {
            idx.removeAll(o);
        }
        assertThat(idx.totalFiles()).isZero();
        assertThat(idx.wordCount()).isZero();
    }

    private static void checkTotals(ShareIndex idx, Map<Integer, ModelFile> live, Map<Integer, List<ModelFile>> byOwner,
                                    int owners) {
        assertThat(idx.totalFiles()).isEqualTo(live.size());
        assertThat(idx.totalBytes()).isEqualTo(live.values().stream().mapToLong(ModelFile::size).sum());
        Set<String> allWords = new HashSet<>();
        for (ModelFile m : live.values()) {
            allWords.addAll(m.words);
        }
        assertThat(idx.wordCount()).isEqualTo(allWords.size());
        for (String w : allWords) {
            long n = live.values().stream().filter(m -> m.words.contains(w)).count();
            assertThat(idx.wordFrequency(w)).as(w).isEqualTo((int) n);
        }
        for (int o = 0; o < owners; o++) {
            List<ModelFile> mine = byOwner.getOrDefault(o, List.of());
            assertThat(idx.count(o)).isEqualTo(mine.size());
            List<Integer> got = new ArrayList<>();
            idx.browse(o, 0, got::add);
            assertThat(got).isEqualTo(mine.stream().map(ModelFile::id).toList());
        }
    }
}
