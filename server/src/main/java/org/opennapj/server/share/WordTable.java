package org.opennapj.server.share;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interned index words and their posting lists. Words get small int ids (reused once a word has
 * no files left); each id has an unsorted {@code int[]} posting list of file ids. Removal from a
 * posting list is by position (the caller remembers where each of its files sits) and moves the
 * last entry into the hole, so it costs O(1) whatever the list length.
 *
 * <p>Words are stored as ISO-8859-1 bytes; a word containing a character above U+00FF (which a
 * Latin-1 decoded message never produces) is stored as a 0 byte followed by its UTF-16BE form,
 * which cannot collide because 0 is not a word character. Single-threaded.
 */
final class WordTable {
    private static final int[] NO_POSTINGS = new int[0];

    /** Open addressing, linear probing: wordId + 1, 0 = empty. */
    private int[] slots = new int[1024];
    private int mask = slots.length - 1;

    private byte[][] keys = new byte[256][];
    private int[] hashes = new int[256];
    private int[][] postings = new int[256][];
    private int[] sizes = new int[256];

    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId;
    private int liveWords;

    int liveWords() {
        return liveWords;
    }

    int[] postings(int word) {
        return postings[word];
    }

    int size(int word) {
        return sizes[word];
    }

    String wordString(int word) {
        byte[] k = keys[word];
        if (k.length > 0 && k[0] == 0) {
            return new String(k, 1, k.length - 1, StandardCharsets.UTF_16BE);
        }
        return new String(k, StandardCharsets.ISO_8859_1);
    }

    static int hash(char[] buf, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + buf[i];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** Word id of {@code buf[0,len)}, or -1. */
    int find(char[] buf, int len) {
        int h = hash(buf, len);
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                return -1;
            }
            int id = v - 1;
            if (hashes[id] == h && keyEquals(keys[id], buf, len)) {
                return id;
            }
        }
    }

    /** Word id of a word given as a String (already lower-cased); -1 if unknown. */
    int find(String word, char[] scratch) {
        char[] buf = word.length() <= scratch.length ? scratch : new char[word.length()];
        word.getChars(0, word.length(), buf, 0);
        return find(buf, word.length());
    }

    /** Word id of {@code buf[0,len)}, created (with an empty posting list) when new. */
    int intern(char[] buf, int len) {
        int h = hash(buf, len);
        int s = h & mask;
        for (; ; s = (s + 1) & mask) {
            int v = slots[s];
            if (v == 0) {
                break;
            }
            int id = v - 1;
            if (hashes[id] == h && keyEquals(keys[id], buf, len)) {
                return id;
            }
        }
        int id = allocId();
        keys[id] = encode(buf, len);
        hashes[id] = h;
        postings[id] = NO_POSTINGS;
        sizes[id] = 0;
        slots[s] = id + 1;
        liveWords++;
        if (liveWords * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    /** Replaces every file id f in the posting lists by {@code map[f]}; positions stay as they are. */
    void remapFiles(int[] map) {
        for (int w = 0; w < nextId; w++) {
            int[] p = postings[w];
            if (p == null) {
                continue;
            }
            for (int i = 0, n = sizes[w]; i < n; i++) {
                p[i] = map[p[i]];
            }
        }
    }

    /** Appends {@code file} to the word's list; returns its position. */
    int addPosting(int word, int file) {
        int[] p = postings[word];
        int n = sizes[word];
        if (n == p.length) {
            p = Arrays.copyOf(p, n < 2 ? 2 : n + (n >> 1));
            postings[word] = p;
        }
        p[n] = file;
        sizes[word] = n + 1;
        return n;
    }

    /**
     * Removes the entry at {@code pos}; the last entry moves into its place. Returns the file id
     * that moved to {@code pos}, or -1 when none did. A word left without files is deleted.
     */
    int removePostingAt(int word, int pos) {
        int[] p = postings[word];
        int last = sizes[word] - 1;
        int moved = -1;
        if (pos != last) {
            moved = p[last];
            p[pos] = moved;
        }
        sizes[word] = last;
        if (last == 0) {
            release(word);
        } else if (p.length > 16 && last < (p.length >> 2)) {
            postings[word] = Arrays.copyOf(p, last << 1);
        }
        return moved;
    }

    private void release(int id) {
        int h = hashes[id];
        int s = h & mask;
        while (slots[s] != id + 1) {
            s = (s + 1) & mask;
        }
        deleteSlot(s);
        keys[id] = null;
        postings[id] = null;
        liveWords--;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = id;
    }

    /** Backward-shift deletion for linear probing (no tombstones). */
    private void deleteSlot(int hole) {
        int i = hole;
        int j = hole;
        while (true) {
            slots[i] = 0;
            while (true) {
                j = (j + 1) & mask;
                int v = slots[j];
                if (v == 0) {
                    return;
                }
                int ideal = hashes[v - 1] & mask;
                boolean stays = i <= j ? (i < ideal && ideal <= j) : (i < ideal || ideal <= j);
                if (!stays) {
                    slots[i] = v;
                    i = j;
                    break;
                }
            }
        }
    }

    private int allocId() {
        if (freeCount > 0) {
            return freeIds[--freeCount];
        }
        if (nextId == keys.length) {
            int cap = keys.length + (keys.length >> 1);
            keys = Arrays.copyOf(keys, cap);
            hashes = Arrays.copyOf(hashes, cap);
            postings = Arrays.copyOf(postings, cap);
            sizes = Arrays.copyOf(sizes, cap);
        }
        return nextId++;
    }

    private void rehash(int capacity) {
        int[] ns = new int[capacity];
        int m = capacity - 1;
        for (int v : slots) {
            if (v != 0) {
                int s = hashes[v - 1] & m;
                while (ns[s] != 0) {
                    s = (s + 1) & m;
                }
                ns[s] = v;
            }
        }
        slots = ns;
        mask = m;
    }

    private static byte[] encode(char[] buf, int len) {
        boolean latin1 = true;
        for (int i = 0; i < len; i++) {
            if (buf[i] > 0xFF) {
                latin1 = false;
                break;
            }
        }
        if (latin1) {
            byte[] k = new byte[len];
            for (int i = 0; i < len; i++) {
                k[i] = (byte) buf[i];
            }
            return k;
        }
        byte[] k = new byte[1 + 2 * len];
        for (int i = 0; i < len; i++) {
            k[1 + 2 * i] = (byte) (buf[i] >>> 8);
            k[2 + 2 * i] = (byte) buf[i];
        }
        return k;
    }

    private static boolean keyEquals(byte[] k, char[] buf, int len) {
        if (k.length > 0 && k[0] == 0) {
            if (k.length != 1 + 2 * len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                char c = (char) (((k[1 + 2 * i] & 0xFF) << 8) | (k[2 + 2 * i] & 0xFF));
                if (c != buf[i]) {
                    return false;
                }
            }
            return true;
        }
        if (k.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if ((k[i] & 0xFF) != buf[i]) {
                return false;
            }
        }
        return true;
    }
}
