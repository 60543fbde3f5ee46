package org.opennapj.web;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A count of events per client address within a window (failed sign-ins, registrations): once an
 * address has {@code max} events in the last {@code windowSeconds}, it is refused until the oldest
 * leaves the window. At most {@link #MAX_ADDRESSES} addresses are remembered (the one unseen longest
 * is forgotten first). An IPv6 address counts with the others of its /64 (one host commonly has
 * a whole /64 to pick addresses from). Shared by the web's request threads, under its own lock.
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

    /**
     * What {@code address} is counted as: itself, or for an IPv6 address its /64 network
     * ({@code 2001:db8:1:2::/64}). Only a literal address is parsed (never a name lookup).
     */
    static String key(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            byte[] b = java.net.InetAddress.getByName(literal).getAddress(); // a literal with ':' is never looked up
            if (b.length != 16) {
                return java.net.InetAddress.getByAddress(b).getHostAddress(); // an IPv4-mapped address
            }
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                k.append(Integer.toHexString((b[i] & 0xff) << 8 | (b[i + 1] & 0xff))).append(':');
            }
            return k.append(":/64").toString();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return address;
        }
    }

    /**
     * Counts one attempt from {@code address} if it is under its limit, in one step with the
     * check (so concurrent attempts cannot all pass it): 0 when counted, otherwise the seconds
     * until it may try again (nothing counted).
     */
    synchronized long acquire(String address, long now) {
        long wait = retryAfter(address, now);
        if (wait == 0) {
            add(address, now);
        }
        return wait;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    synchronized long retryAfter(String address, long now) {
        address = key(address);
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
        address = key(address);
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

    /** Forgets an address's events. */
    synchronized void clear(String address) {
        events.remove(key(address));
    }

    /** Takes back the newest event of {@code address} (an attempt that could not be made). */
    synchronized void forgive(String address) {
        ArrayDeque<Long> times = events.get(key(address));
        if (times != null) {
            times.pollLast();
        }
    }

    private void drop(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
