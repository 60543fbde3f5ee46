package org.opennapj.server.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Metrics;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the server's metrics in Prometheus' text format on a port of its own
 * ({@code metrics_listen}:{@code metrics_port}, path {@code /metrics}).
 *
 * <p>The core's counters are plain fields of the core thread ({@link Metrics}); each scrape
 * takes a snapshot of them in a core task and waits for it (at most {@link #SNAPSHOT_WAIT_MS};
 * a core too busy to answer in time gets the previous snapshot served again). Search and store
 * commit latencies go into Prometheus histograms as they happen. One thread,
 * {@code opennapj-metrics}, answers the HTTP requests, one at a time.
 */
public final class MetricsExporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsExporter.class);
    static final long SNAPSHOT_WAIT_MS = 2000;
    private static final double[] SEARCH_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1, 0.25, 0.5, 1};
    private static final double[] COMMIT_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5};

    private final ServerCore core;
    private final ShareIndex index;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExecutorService executor;
    private final HTTPServer http;
    /** The last snapshot taken (any thread). */
    private volatile CoreValues last;

    /** What one scrape reads from the core. */
    private record CoreValues(Metrics.Snapshot counters, long sharedFiles, long sharedBytes) {
    }

    private MetricsExporter(ServerCore core, ShareIndex index, StoreWriter store, String host, int port) throws IOException {
        this.core = core;
        this.index = index;
        Histogram searches = Histogram.builder().name("opennapj_search_duration_seconds")
                .help("Time to answer a search (200) from this server's index").classicOnly()
                .classicUpperBounds(SEARCH_BOUNDS).withoutExemplars().register(registry);
        Histogram commits = Histogram.builder().name("opennapj_store_commit_duration_seconds")
                .help("Time of one commit of the account store (a group of writes made durable)").classicOnly()
                .classicUpperBounds(COMMIT_BOUNDS).withoutExemplars().register(registry);
        core.metrics().onSearch(nanos -> searches.observe(nanos / 1e9));
        store.onCommit(nanos -> commits.observe(nanos / 1e9));
        registry.register(new CoreCollector());
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "opennapj-metrics");
            t.setDaemon(true);
            return t;
        }, (r, pool) -> {
            // a scrape over the queue is refused, not dropped: the JDK's HTTP server closes the
            // connection of a request its executor throws on, where a silently dropped one would
            // stay open (nothing times it out)
            throw new java.util.concurrent.RejectedExecutionException("metrics: too many scrapes waiting");
        });
        try {
            this.http = HTTPServer.builder().hostname(host).port(port).registry(registry).executorService(executor)
                    .buildAndStart();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            // not a BindException: that one means the client port to whoever starts the server
            throw new IOException("cannot serve metrics on " + host + ":" + port + " (metrics_listen, metrics_port): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Starts serving metrics if {@code metrics_port} is set (not 0); returns null otherwise.
     *
     * @throws IOException the port cannot be bound
     */
    public static MetricsExporter start(ServerCore core, ShareIndex index, StoreWriter store) throws IOException {
        int port = core.config().integer("metrics_port");
        if (port <= 0) {
            return null;
        }
        String host = core.config().string("metrics_listen");
        MetricsExporter e = new MetricsExporter(core, index, store, host, port);
        LOG.info("metrics on http://{}:{}/metrics", host, e.port());
        return e;
    }

    /** The port metrics are served on. */
    public int port() {
        return http.getPort();
    }

    @Override
    public void close() {
        http.close();
        executor.shutdownNow();
    }

    /** A fresh snapshot from the core, or the last one if the core does not answer in time. */
    private CoreValues values() {
        CoreValues v = core.ask(() -> new CoreValues(core.metricsSnapshot(), index.totalFiles(), index.totalBytes()),
                SNAPSHOT_WAIT_MS);
        if (v == null) {
            return last;
        }
        last = v;
        return v;
    }

    /** The core's counters and gauges, read at each scrape. */
    private final class CoreCollector implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            CoreValues v = values();
            if (v == null) {
                return MetricSnapshots.of();
            }
            Metrics.Snapshot c = v.counters();
            MetricSnapshots.Builder out = MetricSnapshots.builder();
            out.metricSnapshot(GaugeSnapshot.builder().name("opennapj_users").help("Users online, on this server (local) and on linked servers (remote)")
                    .dataPoint(gauge(c.localUsers(), "where", "local"))
                    .dataPoint(gauge(c.remoteUsers(), "where", "remote")).build());
            out.metricSnapshot(GaugeSnapshot.builder().name("opennapj_connections").help("Open client and server connections")
                    .dataPoint(gauge(c.connections())).build());
            out.metricSnapshot(GaugeSnapshot.builder().name("opennapj_shared_files").help("Files in the share index")
                    .dataPoint(gauge(v.sharedFiles())).build());
            out.metricSnapshot(GaugeSnapshot.builder().name("opennapj_shared_bytes").help("Total size of the files in the share index")
                    .dataPoint(gauge(v.sharedBytes())).build());
            out.metricSnapshot(CounterSnapshot.builder().name("opennapj_logins").help("Successful logins")
                    .dataPoint(counter(c.logins())).build());
            CounterSnapshot.Builder failures = CounterSnapshot.builder().name("opennapj_login_failures")
                    .help("Refused logins, by reason");
            for (Metrics.LoginFailure f : Metrics.LoginFailure.values()) {
                failures.dataPoint(counter(c.loginFailures()[f.ordinal()], "reason", f.label));
            }
            out.metricSnapshot(failures.build());
            out.metricSnapshot(CounterSnapshot.builder().name("opennapj_queue_disconnects")
                    .help("Connections cut off because their output queue was over client_queue_length")
                    .dataPoint(counter(c.queueDisconnects())).build());
            out.metricSnapshot(CounterSnapshot.builder().name("opennapj_searches").help("Searches (200) answered")
                    .dataPoint(counter(c.searches())).build());
            CounterSnapshot.Builder floods = CounterSnapshot.builder().name("opennapj_flood_actions")
                    .help("Flood and rate-limit actions against clients, by kind");
            for (Map.Entry<String, Long> e : c.floods().entrySet()) {
                floods.dataPoint(counter(e.getValue(), "kind", e.getKey()));
            }
            out.metricSnapshot(floods.build());
            CounterSnapshot.Builder received = CounterSnapshot.builder().name("opennapj_messages_received")
                    .help("Messages received from clients and handled, by numeric");
            for (long[] row : c.received()) {
                received.dataPoint(counter(row[1], "numeric", Long.toString(row[0]), "name", name((int) row[0])));
            }
            received.dataPoint(counter(c.receivedUnknown(), "numeric", "unknown", "name", "unknown"));
            out.metricSnapshot(received.build());
            CounterSnapshot.Builder sent = CounterSnapshot.builder().name("opennapj_messages_sent")
                    .help("Messages sent to clients and linked servers, by numeric");
            for (int i = 0; i < c.sentTypes().length; i++) {
                int t = c.sentTypes()[i];
                sent.dataPoint(counter(c.sentCounts()[i], "numeric", Integer.toString(t), "name", name(t)));
            }
            out.metricSnapshot(sent.build());
            return out.build();
        }
    }

    private static String name(int numeric) {
        MessageType t = MessageType.of(numeric);
        return t == null ? "unknown" : t.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static CounterDataPointSnapshot counter(double value, String... labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }
}
