package org.opennapj.server.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Keeps repeated log events of one kind from flooding the log. The first event of a kind is
 * logged as it happens; those that follow within the interval are only counted, and
 * {@link #flush()} (called periodically) writes one line with their count and the last one's
 * details once the interval is over. A hostile client that makes the server refuse, cut off
 * or close thousands of connections thus costs a few lines per interval.
 *
 * <p>A kind is a fixed text ("connection closed: output queue over client_queue_length"); the
 * per-event part (nick, address, sizes) goes in the detail, so the number of kinds stays
 * bounded. Any thread.
 */
public final class LogSummary {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    /** Guarded by this. */
    private final Map<String, Window> windows = new HashMap<>();

    /** The events of one kind since its first logged one. */
    private static final class Window {
        final long start;
        long suppressed;
        String lastDetail;

        Window(long start) {
            this.start = start;
        }
    }

    public LogSummary(Logger log, long intervalNanos, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** Ten-second windows on the system clock. */
    public LogSummary(Logger log) {
        this(log, 10_000_000_000L, System::nanoTime);
    }

    /** One event of a kind: logged now if it is the first of its interval, else counted. */
    public void event(String kind, String detail) {
        long now = nanoClock.getAsLong();
        boolean first;
        String summary = null;
        synchronized (this) {
            Window w = windows.get(kind);
            if (w != null && now - w.start >= intervalNanos) {
                summary = summary(kind, w, now);
                w = null;
            }
            first = w == null;
            if (first) {
                windows.put(kind, new Window(now));
            } else {
                w.suppressed++;
                w.lastDetail = detail;
            }
        }
        if (summary != null) {
            log.info(summary);
        }
        if (first) {
            log.info("{}: {}", kind, detail);
        }
    }

    /** Writes the summary line of every kind whose interval is over (call at least once per interval). */
    public void flush() {
        long now = nanoClock.getAsLong();
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            if (windows.isEmpty()) {
                return;
            }
            windows.entrySet().removeIf(e -> {
                if (now - e.getValue().start < intervalNanos) {
                    return false;
                }
                String line = summary(e.getKey(), e.getValue(), now);
                if (line != null) {
                    lines.add(line);
                }
                return true;
            });
        }
        for (String line : lines) {
            log.info(line);
        }
    }

    /** The summary line of a window that is over, or null when it held only its first event. */
    private static String summary(String kind, Window w, long now) {
        if (w.suppressed == 0) {
            return null;
        }
        long seconds = Math.max(1, (now - w.start + 500_000_000L) / 1_000_000_000L);
        return w.suppressed + " more in " + seconds + " s: " + kind + " (last: " + w.lastDetail + ")";
    }
}
