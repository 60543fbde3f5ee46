package org.opennapj.server.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.opennapj.protocol.LoadReport;
import org.opennapj.protocol.ServerList;
import org.opennapj.protocol.StatsLine;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.ServerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this server's load to the network's metaserver ({@code metaserver_report}): every
 * {@code metaserver_report_interval} seconds one signed UDP datagram ({@link LoadReport}) with the
 * stats port's figures, the address clients are to be sent to and the server's name.
 *
 * <p>Its own thread, {@code opennapj-meta-report}, wakes once a second and reads the keys each
 * time, so a reload or an 810 turns reports on, off or elsewhere from the next second. The figures
 * are made on the core as the stats port's line is ({@link ServerInfo#statsFigures}); this thread
 * waits at most 2 s for them and otherwise skips the report. Name lookups and the send happen
 * here, never on the core. A UDP send does not wait for the metaserver, which may be down.
 */
public final class MetaserverReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetaserverReporter.class);
    /** The metaserver's report port when {@code metaserver_report} names none. */
    public static final int DEFAULT_REPORT_PORT = 8877;
    private static final long FIGURES_WAIT_MS = 2000;
    private static final long PROBLEM_LOG_MS = 60_000;

    private final ServerCore core;
    private final ServerInfo info;
    private final ServerConfig config;
    private final String listenAddress;
    private final IntSupplier clientPort;
    private final Thread thread;
    private volatile boolean closed;
    private DatagramChannel channel;
    private InetSocketAddress connectedTo;
    private long nextReport;
    private String lastProblem;
    private long lastProblemLog;
    private volatile long sent;

    public MetaserverReporter(ServerCore core, ServerInfo info, ServerConfig config, String listenAddress, IntSupplier clientPort) {
        this.core = core;
        this.info = info;
        this.config = config;
        this.listenAddress = listenAddress;
        this.clientPort = clientPort;
        this.thread = new Thread(this::run, "opennapj-meta-report");
        thread.setDaemon(true);
    }

    /** Starts reporting (once the server takes clients); a second call does nothing. */
    public synchronized void start() {
        if (thread.getState() == Thread.State.NEW && !closed) {
            thread.start();
        }
    }

    /** Reports sent so far (for tests and logs). */
    public long sent() {
        return sent;
    }

    private void run() {
        while (!closed) {
            try {
                reportIfDue();
            } catch (RuntimeException e) {
                problem("reporting to the metaserver failed: " + e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void reportIfDue() {
        String target = config.string("metaserver_report").strip();
        if (target.isEmpty()) {
            closeChannel();
            return;
        }
        long now = System.currentTimeMillis();
        if (now < nextReport) {
            return;
        }
        int interval = config.integer("metaserver_report_interval");
        nextReport = now + interval * 1000L;
        byte[] secret = config.string("metaserver_report_secret").strip().getBytes(StandardCharsets.ISO_8859_1);
        if (secret.length < LoadReport.MIN_SECRET_LENGTH) {
            problem("metaserver_report is set but metaserver_report_secret has fewer than " + LoadReport.MIN_SECRET_LENGTH
                    + " characters: no load reports are sent");
            return;
        }
        try {
            ServerList.Entry to = ServerList.address(target, DEFAULT_REPORT_PORT, ServerList.Kind.NORMAL);
            InetSocketAddress metaserver = new InetSocketAddress(InetAddress.getByName(unbracket(to.host())), to.port());
            if (channel == null || !metaserver.equals(connectedTo)) {
                closeChannel();
                channel = DatagramChannel.open();
                channel.connect(metaserver);
                connectedTo = metaserver;
            }
            StatsLine figures = figures();
            if (figures == null) {
                problem("the core did not give the figures within " + FIGURES_WAIT_MS + " ms: report skipped");
                return;
            }
            String address = announcedAddress();
            LoadReport report = new LoadReport(System.currentTimeMillis(), interval, address, figures,
                    LoadReport.reportName(config.string("server_name")));
            channel.write(ByteBuffer.wrap(report.encode(secret)));
            sent++;
            if (lastProblem != null) {
                LOG.info("reporting the load to the metaserver {} again, as {}", target, address);
                lastProblem = null;
            }
        } catch (IOException | IllegalArgumentException e) {
            // an unknown name, a refused port (an ICMP answer to the previous datagram), a bad value
            closeChannel();
            problem("cannot report the load to the metaserver " + target + ": " + e.getMessage());
        }
    }

    /**
     * {@code metaserver_report_address}, or else {@code listen_addr} and the first client port; when
     * {@code listen_addr} is every interface (0.0.0.0), the address this host sends from to reach
     * the metaserver (right on a LAN, wrong behind NAT: set the key there).
     */
    private String announcedAddress() throws IOException {
        String set = config.string("metaserver_report_address").strip();
        if (!set.isEmpty()) {
            return ServerList.address(set, ServerList.DEFAULT_PORT, ServerList.Kind.NORMAL).address();
        }
        String host = listenAddress;
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            InetAddress local = ((InetSocketAddress) channel.getLocalAddress()).getAddress();
            host = local.getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
        }
        return host + ":" + clientPort.getAsInt();
    }

    private StatsLine figures() {
        StatsLine figures = core.ask(info::statsFigures, FIGURES_WAIT_MS);
        if (Thread.currentThread().isInterrupted()) {
            closed = true;
        }
        return figures;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Logs a problem when it is new, and a lasting one at most once a minute. */
    private void problem(String text) {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!text.equals(lastProblem) || now - lastProblemLog >= PROBLEM_LOG_MS) {
            LOG.warn("{}", text);
            lastProblem = text;
            lastProblemLog = now;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
            channel = null;
            connectedTo = null;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }
}
