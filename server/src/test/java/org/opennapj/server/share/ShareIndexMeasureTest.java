package org.opennapj.server.share;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opennapj.protocol.MediaType;

/**
 * Manual measurement of heap use and timings with a million synthetic files. Disabled unless run
 * with {@code -Dopennapj.measure=true}; can also be started through {@link #main(String[])}.
 * Prints figures, asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "opennapj.measure", matches = "true")
class ShareIndexMeasureTest {

    private static final int FILES = 1_000_000;
    private static final int BIG_USER_FILES = 5_000;

    @Test
    void measure() {
        run();
    }

    public static void main(String[] args) {
        run();
    }

    /** Synthetic words with a Zipf-like popularity. */
    private static final class Vocabulary {
        final String[] words;
        final double[] cumulative;

        Vocabulary(Random r, int n) {
            words = new String[n];
            String[] common = {"the", "of", "and", "love", "you", "live", "remix", "mix", "a", "in", "me", "my", "i"};
            for (int i = 0; i < n; i++) {
                if (i < common.length) {
                    words[i] = common[i];
                    continue;
                }
                int len = 3 + r.nextInt(7);
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < len; k++) {
                    sb.append((char) ('a' + r.nextInt(26)));
                }
                sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
                words[i] = sb.toString();
            }
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        String pick(Random r) {
            int i = Arrays.binarySearch(cumulative, r.nextDouble());
            return words[i < 0 ? Math.min(-i - 1, words.length - 1) : i];
        }

        String phrase(Random r, int min, int max) {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(pick(r));
            }
            return sb.toString();
        }
    }

    private static String hex(Random r) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    private static String path(Random r, Vocabulary v, String[] artists) {
        String artist = artists[r.nextInt(artists.length)];
        return "C:\\My Music\\" + artist + "\\" + v.phrase(r, 1, 3) + "\\" + String.format("%02d", 1 + r.nextInt(15))
                + " - " + artist + " - " + v.phrase(r, 1, 5) + ".mp3";
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void run() {
        Random r = new Random(2024);
        Vocabulary v = new Vocabulary(r, 60_000);
        String[] artists = new String[20_000];
        for (int i = 0; i < artists.length; i++) {
            artists[i] = v.phrase(r, 1, 3);
        }
        long before = usedHeap();
        ShareIndex index = new ShareIndex(IndexSettings.defaults());
        long pathChars = 0;
        long t0 = System.nanoTime();
        int users = (FILES - BIG_USER_FILES) / 100;
        for (int i = 0; i < FILES - BIG_USER_FILES; i++) {
            String p = path(r, v, artists);
            pathChars += p.length();
            index.add(1 + i % users, p, hex(r), 3_000_000 + r.nextInt(5_000_000), 128, 44100, 240, MediaType.MP3);
        }
        long t1 = System.nanoTime();
        String[] bigPaths = new String[BIG_USER_FILES];
        for (int i = 0; i < BIG_USER_FILES; i++) {
            bigPaths[i] = path(r, v, artists);
            pathChars += bigPaths[i].length();
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < BIG_USER_FILES; i++) {
            index.add(0, bigPaths[i], hex(r), 4_000_000, 192, 44100, 200, MediaType.MP3);
        }
        long t3 = System.nanoTime();
        long after = usedHeap();
        double perFile = (after - before) / (double) index.totalFiles();
        System.out.printf("files=%d words=%d avg path=%.1f chars%n", index.totalFiles(), index.wordCount(),
                pathChars / (double) FILES);
        System.out.printf("heap: %.1f MB, %.0f bytes/file%n", (after - before) / 1e6, perFile);
        System.out.printf("add: %.2f us/file (bulk); 5000 files for one user: %.1f ms%n",
                (t1 - t0) / 1e3 / (FILES - BIG_USER_FILES), (t3 - t2) / 1e6);
        System.out.printf("frequency: the=%d love=%d live=%d mix=%d%n", index.wordFrequency("the"),
                index.wordFrequency("love"), index.wordFrequency("live"), index.wordFrequency("mix"));

        String rare = v.words[30_000].toLowerCase();
        String[] queries = {
            "FILENAME CONTAINS \"the\" MAX_RESULTS 100",
            "FILENAME CONTAINS \"the love\" MAX_RESULTS 100",
            "FILENAME CONTAINS \"the of and\" MAX_RESULTS 100",
            "FILENAME CONTAINS \"the\" BITRATE \"EQUAL TO\" 320 MAX_RESULTS 100",
            "FILENAME CONTAINS \"the -love\" SIZE \"AT LEAST\" 7999000 MAX_RESULTS 100",
            "FILENAME CONTAINS \"" + rare + "\" MAX_RESULTS 100",
            "FILENAME CONTAINS \"the " + rare + "\" MAX_RESULTS 100",
            "FILENAME CONTAINS \"nosuchword the\" MAX_RESULTS 100",
        };
        for (String qs : queries) {
            SearchQuery q;
            try {
                q = SearchQuery.parse(qs, 100);
            } catch (InvalidSearchException e) {
                throw new AssertionError(e);
            }
            int[] hits = new int[1];
            for (int i = 0; i < 20; i++) { // warm-up
                hits[0] = 0;
                index.search(q, o -> o != 17, f -> ++hits[0] > 0);
            }
            int rounds = 200;
            long s = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                hits[0] = 0;
                index.search(q, o -> o != 17, f -> ++hits[0] > 0);
            }
            long e = System.nanoTime();
            System.out.printf("search %-75s hits=%3d %8.1f us%n", qs, hits[0], (e - s) / 1e3 / rounds);
        }

        long s = System.nanoTime();
        int removed = index.removeAll(0);
        long e = System.nanoTime();
        System.out.printf("removeAll(5000-file user): %d files in %.2f ms%n", removed, (e - s) / 1e6);
        for (int i = 0; i < BIG_USER_FILES; i++) {
            index.add(0, bigPaths[i], hex(r), 4_000_000, 192, 44100, 200, MediaType.MP3);
        }
        s = System.nanoTime();
        for (int i = BIG_USER_FILES - 1; i >= 0; i--) {
            index.remove(0, bigPaths[i]);
        }
        e = System.nanoTime();
        System.out.printf("remove one by one (5000, last first): %.2f ms total%n", (e - s) / 1e6);
        s = System.nanoTime();
        int n = 0;
        for (int u = 1; u <= users; u++) {
            n += index.removeAll(u);
        }
        e = System.nanoTime();
        System.out.printf("removeAll of every other user: %d files in %.1f ms; words left=%d%n", n, (e - s) / 1e6,
                index.wordCount());
    }
}
