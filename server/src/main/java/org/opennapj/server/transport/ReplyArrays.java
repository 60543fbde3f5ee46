package org.opennapj.server.transport;

import io.netty.util.internal.PlatformDependent;
import java.util.Queue;

/**
 * The byte arrays the core encodes replies into, used again once they are written. A connection
 * takes one when a batch of work first has a reply for it and hands it to its event loop at the
 * batch's end; the event loop copies it into the socket's buffer and gives it back here. Without
 * this every batch cost each connection it answered a new array of at least 512 bytes, most of
 * the garbage a login leaves (a login's replies come in two or three batches).
 *
 * <p>Arrays come in eight sizes, 512 bytes to 64 KiB; each size keeps at most 256 KiB of arrays
 * (512 of the smallest, 4 of the largest), so the pool stays under 2 MiB. Taken on the core
 * thread only; given back from any thread.
 */
final class ReplyArrays {

    static final int SMALLEST = 512;
    private static final int SIZES = 8;
    private static final int BYTES_KEPT_PER_SIZE = 256 * 1024;

    @SuppressWarnings("unchecked")
    private final Queue<byte[]>[] free = new Queue[SIZES];

    ReplyArrays() {
        for (int s = 0; s < SIZES; s++) {
            // many event loops give back, only the core takes
            free[s] = PlatformDependent.newFixedMpscQueue(BYTES_KEPT_PER_SIZE / (SMALLEST << s));
        }
    }

    /** An array of at least {@code capacity} bytes (core thread). */
    byte[] take(int capacity) {
        int s = sizeFor(capacity);
        if (s >= SIZES) {
            return new byte[capacity];
        }
        byte[] a = free[s].poll();
        return a != null ? a : new byte[SMALLEST << s];
    }

    /** Gives an array back for later use (any thread); one of another length is left to the collector. */
    void give(byte[] a) {
        int s = sizeFor(a.length);
        if (s < SIZES && a.length == SMALLEST << s) {
            // with assertions on (the tests), an array is overwritten when given back: a reply
            // still read from it after that would arrive garbled and fail the test that sent it
            assert poison(a);
            free[s].offer(a);
        }
    }

    static final byte POISON = (byte) 0xA5;

    private static boolean poison(byte[] a) {
        java.util.Arrays.fill(a, POISON);
        return true;
    }

    /** How many arrays of each size are kept now (for tests). */
    int kept(int size) {
        return free[sizeFor(size)].size();
    }

    private static int sizeFor(int capacity) {
        int s = 0;
        while (s < SIZES && SMALLEST << s < capacity) {
            s++;
        }
        return s;
    }
}
