package org.opennapj.web;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A count of events per client address within a window (failed sign-ins, registrations): once an
 * address has {@code max} events in the last {@code windowSeconds}, it is refused until the oldest
 * leaves the window. At most {@link #MAX_ADDRESSES} addresses are remembered (the one unseen longest
 * is forgotten first). Shared by the web's request threads, under its own lock.
 */
final class AddressLimits {

    static final int MAX_ADDRESSES = 100_000;

    private final int max;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> events = new LinkedHashMap<>(16, 0.75f, true);

    AddressLimits(int max, long windowSeconds) {
        this.max = max;
        this.windowMillis = windowSeconds * 1000;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    synchronized long retryAfter(String address, long now) {
        ArrayDeque<Long> times = events.get(address);
        if (times == null) {
            return 0;
        }
        drop(times, now);
        if (times.isEmpty()) {
            events.remove(address);
            return 0;
        }
        if (times.size() < max) {
            return 0;
        }
        return Math.max(1, (times.peekFirst() + windowMillis - now + 999) / 1000);
    }

    /** Counts one event from {@code address}. */
    synchronized void add(String address, long now) {
        ArrayDeque<Long> times = events.get(address);
        if (times == null) {
            if (events.size() >= MAX_ADDRESSES) {
                Iterator<String> eldest = events.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            times = new ArrayDeque<>();
            events.put(address, times);
        }
        drop(times, now);
        times.addLast(now);
        while (times.size() > max) {
            times.removeFirst();
        }
    }

    /** Forgets an address's events (a sign-in that succeeded). */
    synchronized void clear(String address) {
        events.remove(address);
    }

    private void drop(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
