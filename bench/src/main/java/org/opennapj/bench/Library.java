package org.opennapj.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, generated music library shaped like napload's (the load generator of
 * BENCHMARKS.md, "Tools"): each user owns albums of 12 tracks shared as
 * {@code C:\Music\<artist>\<album>\NN - <title>.mp3}; artist = 1-2 words (30 % two) from an
 * artist vocabulary, album 1-3 and title 1-4 words from a title vocabulary, every word drawn
 * with a Zipf popularity. The words and numbers differ from napload's (this is not a copy of its
 * generator) but the shape - vocabulary sizes, word counts, skew - is the same, so posting list
 * lengths are comparable.
 *
 * <p>The same seed always gives the same files and queries.
 */
public final class Library {

    /** One shared file as a client sends it in a 100 message. */
    public record SharedFile(String path, String md5, long size, int bitrate, int freq, int duration,
                             String artistWord, String titleWord) {

        /** The data of the 100 (share file) message for this file. */
        public String shareLine() {
            return '"' + path + "\" " + md5 + ' ' + size + ' ' + bitrate + ' ' + freq + ' ' + duration;
        }
    }

    private static final String CONSONANTS = "bdfghklmnprstvz";
    private static final String VOWELS = "aeiou";
    private static final int[] BITRATES = {128, 128, 128, 128, 128, 128, 192, 160, 256, 320};
    private static final int[] FREQS = {44100, 44100, 44100, 48000, 22050};
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long seed;
    private final String[] artistWords;
    private final String[] titleWords;
    private final double[] artistCdf;
    private final double[] titleCdf;

    public Library(long seed) {
        this(seed, 2000, 20000, 1.0);
    }

    public Library(long seed, int artistVocabulary, int titleVocabulary, double zipf) {
        this.seed = seed;
        this.artistWords = new String[artistVocabulary];
        this.titleWords = new String[titleVocabulary];
        for (int i = 0; i < artistVocabulary; i++) {
            artistWords[i] = word(i);
        }
        for (int i = 0; i < titleVocabulary; i++) {
            titleWords[i] = word(artistVocabulary + i);  // distinct from every artist word
        }
        this.artistCdf = zipfCdf(artistVocabulary, zipf);
        this.titleCdf = zipfCdf(titleVocabulary, zipf);
    }

    /** A pronounceable, capitalised word unique to {@code id}: two or more consonant-vowel syllables. */
    static String word(int id) {
        int syllables = CONSONANTS.length() * VOWELS.length();
        StringBuilder sb = new StringBuilder(8);
        int v = id;
        int n = 0;
        do {
            int s = v % syllables;
            v /= syllables;
            sb.append(CONSONANTS.charAt(s / VOWELS.length())).append(VOWELS.charAt(s % VOWELS.length()));
            n++;
        } while (v > 0 || n < 2);
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.toString();
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private String words(String[] vocabulary, double[] cdf, int count, SplittableRandom rnd, String[] firstOut) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String w = vocabulary[draw(cdf, rnd)];
            if (i == 0) {
                firstOut[0] = w;
            } else {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    /** The {@code files} files user {@code user} shares; the same arguments give the same list. */
    public List<SharedFile> files(int user, int files) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + user);
        List<SharedFile> out = new ArrayList<>(files);
        String[] first = new String[1];
        String artist = null;
        String artistWord = null;
        String album = null;
        int album0 = 0;
        for (int i = 0; i < files; i++) {
            int track = i % 12;
            if (track == 0) {
                artist = words(artistWords, artistCdf, rnd.nextInt(10) < 3 ? 2 : 1, rnd, first);
                artistWord = first[0];
                // the album number makes every album path of one user distinct (no duplicates)
                album = words(titleWords, titleCdf, 1 + rnd.nextInt(3), rnd, first) + " " + (++album0);
            }
            String title = words(titleWords, titleCdf, 1 + rnd.nextInt(4), rnd, first);
            String path = "C:\\Music\\" + artist + "\\" + album + "\\" + (track < 9 ? "0" : "") + (track + 1)
                    + " - " + title + ".mp3";
            char[] md5 = new char[32];
            for (int k = 0; k < 32; k++) {
                md5[k] = HEX[rnd.nextInt(16)];
            }
            long size = 1_500_000 + rnd.nextInt(9_000_000);
            int bitrate = BITRATES[rnd.nextInt(BITRATES.length)];
            int freq = FREQS[rnd.nextInt(FREQS.length)];
            int duration = (int) (size * 8 / (bitrate * 1000L));
            out.add(new SharedFile(path, new String(md5), size, bitrate, freq, duration, artistWord, first[0]));
        }
        return out;
    }

    /**
     * {@code n} search strings (the data of a 200 message) in napload's default mix: 90 % an
     * artist word and a title word of one shared file of a random user among {@code users}
     * (each sharing {@code filesPerUser}), 10 % two independently drawn title words.
     */
    public List<String> queries(int n, int users, int filesPerUser, int maxResults) {
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a;
            String b;
            if (rnd.nextInt(10) == 0) {
                a = titleWords[draw(titleCdf, rnd)];
                b = titleWords[draw(titleCdf, rnd)];
            } else {
                int user = rnd.nextInt(users);
                List<SharedFile> fs = files(user, filesPerUser);
                SharedFile f = fs.get(rnd.nextInt(fs.size()));
                a = f.artistWord();
                b = f.titleWord();
            }
            out.add("FILENAME CONTAINS \"" + a.toLowerCase() + " " + b.toLowerCase() + "\" MAX_RESULTS " + maxResults);
        }
        return out;
    }
}
