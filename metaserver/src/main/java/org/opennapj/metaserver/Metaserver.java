package org.opennapj.metaserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metaserver: every connection to its port is written {@code host:port\n} of the least
 * loaded live server and closed; with no live server it is closed without a line, which clients
 * take as "no server now". Servers are checked in the background ({@link Probe}); the answer uses
 * the last check's results and never waits for one.
 *
 * <p>Threads: {@code opennapj-meta-answer} accepts and answers, one connection after the other,
 * and owns the {@link Chooser}. It only writes a line of a few dozen bytes into a fresh socket's
 * empty send buffer, without blocking, and reads nothing it waits for, so a client that is slow
 * or silent costs it nothing. {@code opennapj-meta-check} runs the checks, each server's on a
 * virtual thread of its own, and publishes the results as a new {@link ServerTable}. With a report
 * port, {@code opennapj-meta-report} takes the servers' load reports ({@link ReportReceiver}) and
 * publishes a new table when one changes what clients would be told; the table holds the checked
 * servers first, then the reporting ones (a reporting server at a checked one's address stands in
 * for it while its reports come).
 */
public final class Metaserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metaserver.class);
    /** Extra time a check round gives its probes beyond their own timeout before it gives up on them. */
    private static final long ROUND_SLACK_MILLIS = 500;

    private final MetaserverSettings settings;
    private final ServerSocketChannel acceptor;
    private final Thread answering;
    private final ScheduledExecutorService checks;
    private final ExecutorService probes;
    private final ServerListPages pages;
    private final ReportReceiver reports;
    private volatile ServerTable table = ServerTable.EMPTY;
    /** The last check's results; guarded by {@link #tableLock}, as is publishing a table. */
    private List<ServerStatus> probed = List.of();
    private final Object tableLock = new Object();
    private volatile boolean closed;
    private List<ConfiguredServer> fromFile = List.of();
    private String lastFileProblem;

    private Metaserver(MetaserverSettings settings) throws IOException {
        this.settings = settings;
        if (settings.serversFile() != null) {
            ConfiguredServer.Parsed p = readServersFile();
            if (!p.problems().isEmpty()) {
                throw new IllegalArgumentException(settings.serversFile() + ": " + String.join("; ", p.problems()));
            }
            fromFile = p.servers();
        }
        this.probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("opennapj-meta-probe-", 0).factory());
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opennapj-meta-check");
            t.setDaemon(true);
            return t;
        });
        this.acceptor = ServerSocketChannel.open();
        ServerListPages listPages = null;
        ReportReceiver receiver = null;
        try {
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            acceptor.bind(new InetSocketAddress(settings.listenAddress(), settings.port()), 1024);
            if (settings.listPort() >= 0) {
                listPages = ServerListPages.start(new InetSocketAddress(settings.listenAddress(), settings.listPort()),
                        () -> table, settings.announced());
            }
            if (settings.reportPort() >= 0) {
                receiver = ReportReceiver.bind(new InetSocketAddress(settings.listenAddress(), settings.reportPort()),
                        settings.reportSecret(), this::publish);
            }
        } catch (IOException | RuntimeException e) {
            if (listPages != null) {
                listPages.close();
            }
            acceptor.close();
            probes.shutdownNow();
            checks.shutdownNow();
            throw e;
        }
        this.pages = listPages;
        this.reports = receiver;
        this.answering = new Thread(this::answer, "opennapj-meta-answer");
    }

    /**
     * Binds the ports, checks every server once (clients that come meanwhile wait in the listen
     * backlog), then answers and checks again every interval.
     */
    public static Metaserver start(MetaserverSettings settings) throws IOException {
        Metaserver m = new Metaserver(settings);
        m.check();
        if (m.reports != null) {
            m.reports.begin();
        }
        m.answering.start();
        long every = settings.checkInterval().toMillis();
        m.checks.scheduleWithFixedDelay(m::checkSafely, every, every, TimeUnit.MILLISECONDS);
        InetSocketAddress a = m.address();
        LOG.info("metaserver answering on {}:{}, checking {} servers every {} ms{}", a.getAddress().getHostAddress(), a.getPort(),
                m.table.statuses().size(), every, (m.pages == null ? "" : ", server lists on port " + m.listPort())
                        + (m.reports == null ? "" : ", load reports on UDP port " + m.reportPort()));
        return m;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) acceptor.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return address().getPort();
    }

    /** The list port, or -1 when there is none. */
    public int listPort() {
        return pages == null ? -1 : pages.port();
    }

    /** The report port (UDP), or -1 when there is none. */
    public int reportPort() {
        return reports == null ? -1 : reports.port();
    }

    /** Load reports taken so far. */
    public long reportsAccepted() {
        return reports == null ? 0 : reports.accepted();
    }

    /** Load reports dropped so far (bad signature or format, stale, replayed). */
    public long reportsDropped() {
        return reports == null ? 0 : reports.dropped();
    }

    /**
     * The servers as clients are given them now: the last check's results in the order the servers
     * are configured, then the reporting servers by address.
     */
    public List<ServerStatus> statuses() {
        return table.statuses();
    }

    /**
     * Checks every configured server now and publishes the results (any thread; one check at a
     * time). Returns once every server has answered or timed out.
     */
    public synchronized void check() {
        List<ConfiguredServer> servers = new ArrayList<>(settings.servers());
        servers.addAll(currentFileServers());
        List<Future<ServerStatus>> running = new ArrayList<>();
        for (ConfiguredServer s : servers) {
            running.add(probes.submit(() -> Probe.check(s, settings.probeTimeout())));
        }
        long deadline = System.nanoTime() + settings.probeTimeout().toNanos() + ROUND_SLACK_MILLIS * 1_000_000;
        List<ServerStatus> results = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            ConfiguredServer s = servers.get(i);
            Future<ServerStatus> f = running.get(i);
            ServerStatus status;
            try {
                status = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // a name lookup that hangs: the probe cannot be stopped, only left behind
                f.cancel(true);
                status = ServerStatus.dead(s, s.entry().host().startsWith("127."), "no answer within the probe timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                status = ServerStatus.dead(s, s.entry().host().startsWith("127."), String.valueOf(e.getCause()));
            }
            results.add(status);
        }
        synchronized (tableLock) {
            probed = List.copyOf(results);
            publish();
        }
    }

    /** Publishes a table of the last check's results and the reports as they are now (any thread). */
    private void publish() {
        synchronized (tableLock) {
            List<ServerStatus> all = new ArrayList<>(probed);
            if (reports != null) {
                for (ServerStatus r : reports.statuses(System.currentTimeMillis())) {
                    int same = -1;
                    for (int i = 0; i < all.size(); i++) {
                        if (all.get(i).server().address().equals(r.server().address())) {
                            same = i;
                        }
                    }
                    if (same < 0) {
                        all.add(r);
                    } else if (r.live()) {
                        all.set(same, r);
                    }
                }
            }
            logChanges(table, all);
            table = ServerTable.of(all);
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("checking the servers failed", e);
        }
    }

    private static void logChanges(ServerTable before, List<ServerStatus> now) {
        for (ServerStatus s : now) {
            ServerStatus old = before.statuses().stream().filter(o -> o.server().equals(s.server())).findFirst().orElse(null);
            if (old == null || old.live() != s.live()) {
                if (s.live()) {
                    LOG.info("{} ({}) is live{}", s.server().address(), s.server().name(),
                            s.stats() == null ? "" : " with " + s.stats().localClients() + " clients");
                } else {
                    LOG.warn("{} ({}) is not live: {}", s.server().address(), s.server().name(), s.problem());
                }
            }
        }
    }

    private ConfiguredServer.Parsed readServersFile() throws IOException {
        String text = Files.readString(settings.serversFile(), StandardCharsets.ISO_8859_1);
        return ConfiguredServer.parseFile(text, settings.defaultStatsPort());
    }

    /** The servers file as it is now; when it cannot be read or has a bad line, what it held before. */
    private List<ConfiguredServer> currentFileServers() {
        if (settings.serversFile() == null) {
            return List.of();
        }
        String problem;
        try {
            ConfiguredServer.Parsed p = readServersFile();
            if (p.problems().isEmpty()) {
                fromFile = p.servers();
                lastFileProblem = null;
                return fromFile;
            }
            problem = String.join("; ", p.problems());
        } catch (IOException e) {
            problem = "cannot read it: " + e.getMessage();
        }
        if (!problem.equals(lastFileProblem)) {
            LOG.warn("{}: {} (keeping the servers it held before)", settings.serversFile(), problem);
            lastFileProblem = problem;
        }
        return fromFile;
    }

    /** The answering thread: accept, write the chosen line, close; never waits on a client. */
    private void answer() {
        Chooser chooser = new Chooser();
        ByteBuffer sink = ByteBuffer.allocate(512);
        long lastFailureLog = 0;
        while (!closed) {
            SocketChannel c;
            try {
                c = acceptor.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // above all "too many open files": say so now and then, and do not spin on it
                long now = System.currentTimeMillis();
                if (now - lastFailureLog > 10_000) {
                    LOG.warn("accepting a connection failed: {}", e.getMessage());
                    lastFailureLog = now;
                }
                pause();
                continue;
            }
            try (c) {
                c.configureBlocking(false);
                boolean loopback = c.getRemoteAddress() instanceof InetSocketAddress remote
                        && remote.getAddress().isLoopbackAddress();
                byte[] line = chooser.choose(table, loopback);
                if (line != null) {
                    c.write(ByteBuffer.wrap(line));
                }
                // whatever the client sent already, so that the close is a close and not a reset
                sink.clear();
                c.read(sink);
            } catch (IOException e) {
                // the client went away first: nothing to do
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            acceptor.close();
        } catch (IOException e) {
            LOG.debug("closing the metaserver port", e);
        }
        checks.shutdownNow();
        if (pages != null) {
            pages.close();
        }
        if (reports != null) {
            reports.close();
        }
        try {
            answering.join(5000);
            checks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.shutdownNow();
    }
}
