package org.opennapj.server.account;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last login and registration per address (core thread), for {@code login_interval} and
 * {@code register_interval}. At most a fixed number of addresses is kept: past it the least
 * recently used one is dropped as a new one comes in. The map is in access order, so pruning
 * walks from the least recently used end and stops at the first address still in use.
 */
final class AddressHistory {

    private final LinkedHashMap<String, long[]> addresses;

    AddressHistory(int max) {
        this.addresses = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > max;
            }
        };
    }

    /** {last login, last registration} in epoch seconds, or null if the address is not remembered. */
    long[] get(String ip) {
        return addresses.get(ip);
    }

    /** The address's entry, made (as never seen) if it is not remembered. */
    long[] remember(String ip) {
        long[] a = addresses.get(ip);
        if (a == null) {
            a = new long[] {Long.MIN_VALUE / 2, Long.MIN_VALUE / 2};
            addresses.put(ip, a);
        }
        return a;
    }

    /**
     * Forgets addresses whose last login and registration are at least keep seconds old, from the
     * least recently used end up to the first that is younger.
     */
    void prune(long now, long keep) {
        for (Iterator<long[]> it = addresses.values().iterator(); it.hasNext(); ) {
            long[] a = it.next();
            if (now - a[0] < keep || now - a[1] < keep) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return addresses.size();
    }
}
