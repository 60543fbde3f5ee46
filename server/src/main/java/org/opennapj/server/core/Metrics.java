package org.opennapj.server.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The server's counters, kept as plain fields of the core thread: counting an event costs one
 * increment and no lookup, whatever the traffic. Reached through {@link ServerCore#metrics()};
 * every method that counts must be called on the core thread.
 *
 * <p>Nothing here is read by another thread directly: the metrics port takes a {@link Snapshot}
 * in a core task at each scrape ({@code metrics/MetricsExporter}). Messages received per
 * numeric are the core's command histogram ({@link ServerCore#histogram}).
 *
 * <p>For a feature that takes action against a client (flood control, rate limits):
 * <pre>{@code core.metrics().flood("commands");   // one action of that kind }</pre>
 * The kind becomes the {@code kind} label of {@code opennapj_flood_actions_total}; use a few
 * fixed words ("commands", "logins", "searches", ...), never a nick or an address.
 */
public final class Metrics {

    /** Why a login was refused: the {@code reason} label of {@code opennapj_login_failures_total}. */
    public enum LoginFailure {
        BAD_PASSWORD("bad_password"), BANNED("banned"), FULL("server_full"), NOT_ALLOWED("not_allowed"),
        INVALID("invalid"), BUSY("busy");

        public final String label;

        LoginFailure(String label) {
            this.label = label;
        }
    }

    final long[] sent = new long[65536];
    private long logins;
    private final long[] loginFailures = new long[LoginFailure.values().length];
    private long queueDisconnects;
    private long searches;
    private final Map<String, long[]> floods = new LinkedHashMap<>();
    /** How long a search took, in nanoseconds (set once at start-up, before the core runs). */
    private volatile LongConsumer searchNanos = n -> { };

    /** A user logged in (core thread). */
    public void login() {
        logins++;
    }

    /** A login was refused (core thread). */
    public void loginFailed(LoginFailure why) {
        loginFailures[why.ordinal()]++;
    }

    /** A connection was cut off because its output queue was full (core thread). */
    public void queueDisconnect() {
        queueDisconnects++;
    }

    /**
     * One flood or rate-limit action of a kind against a client: a warning, a dropped message,
     * a disconnect (core thread). See the class comment for the kinds.
     */
    public void flood(String kind) {
        long[] c = floods.get(kind);
        if (c == null) {
            c = new long[1];
            floods.put(kind, c);
        }
        c[0]++;
    }

    /** A search (200) was answered from this server's index in {@code nanos} (core thread). */
    public void searched(long nanos) {
        searches++;
        searchNanos.accept(nanos);
    }

    /** Where search latencies go (the metrics exporter, at start-up). */
    public void onSearch(LongConsumer nanos) {
        this.searchNanos = nanos;
    }

    /** What the counters say now (core thread). */
    Snapshot snapshot(ServerCore core) {
        int n = 0;
        for (long c : sent) {
            if (c != 0) {
                n++;
            }
        }
        int[] sentTypes = new int[n];
        long[] sentCounts = new long[n];
        int i = 0;
        for (int t = 0; t < sent.length; t++) {
            if (sent[t] != 0) {
                sentTypes[i] = t;
                sentCounts[i++] = sent[t];
            }
        }
        Map<String, Long> floodCounts = new LinkedHashMap<>();
        floods.forEach((k, v) -> floodCounts.put(k, v[0]));
        java.util.ArrayList<long[]> received = new java.util.ArrayList<>();
        core.histogram((numeric, count, bytes) -> received.add(new long[] {numeric, count}));
        return new Snapshot(core.localUserCount(), core.userCount() - core.localUserCount(), core.connectionCount(),
                logins, loginFailures.clone(), queueDisconnects, searches, floodCounts, sentTypes, sentCounts,
                received.toArray(new long[0][]), core.unknownCount());
    }

    /**
     * The counters at one moment, safe to read from any thread.
     *
     * @param received {numeric, count} of every numeric received and handled
     */
    public record Snapshot(int localUsers, int remoteUsers, int connections, long logins, long[] loginFailures,
            long queueDisconnects, long searches, Map<String, Long> floods, int[] sentTypes, long[] sentCounts,
            long[][] received, long receivedUnknown) {
    }
}
