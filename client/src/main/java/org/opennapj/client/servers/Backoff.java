package org.opennapj.client.servers;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before connecting to a server again after it dropped or refused: {@code min}
 * at first, twice as long after each failure up to {@code max}, each wait lengthened by up to half
 * again at random (so clients that lost one server do not all come back at the same moment); a
 * connection that lasted counts as a success and starts over at {@code min}. Not thread-safe.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, not " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The wait before the next attempt; each call doubles the one after, up to max. */
    public Duration nextDelay() {
        Duration d = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        long jitter = ThreadLocalRandom.current().nextLong(d.toMillis() / 2 + 1);
        return d.plusMillis(jitter);
    }

    /** A connection worked: the next wait is min again. */
    public void reset() {
        next = min;
    }
}
