package org.opennapj.server.share;

import java.util.Arrays;

/** Growable list of ints (no boxing). */
final class IntList {
    private int[] a;
    private int n;

    IntList(int capacity) {
        a = new int[Math.max(capacity, 2)];
    }

    int size() {
        return n;
    }

    int get(int i) {
        return a[i];
    }

    /** Replaces every element v by {@code map[v]}. */
    void remap(int[] map) {
        for (int i = 0; i < n; i++) {
            a[i] = map[a[i]];
        }
    }

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n + (n >> 1) + 2);
        }
        a[n++] = v;
    }

    /** Removes the element at {@code i}, keeping the order of the others. */
    void removeAt(int i) {
        System.arraycopy(a, i + 1, a, i, n - i - 1);
        n--;
        if (a.length > 32 && n < (a.length >> 2)) {
            a = Arrays.copyOf(a, n << 1);
        }
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
