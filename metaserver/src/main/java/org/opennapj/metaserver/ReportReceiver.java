package org.opennapj.metaserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opennapj.protocol.LoadReport;
import org.opennapj.protocol.ServerList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report port: OpenNapJ servers send their load here ({@link LoadReport}, one UDP datagram
 * each interval), signed with the network's shared secret.
 *
 * <p>A report is taken when its signature is right, its time is within {@link #MAX_CLOCK_SKEW_MILLIS}
 * of this host's clock, and it is newer than the last one taken for the same address; anything
 * else is dropped, counted and logged (the first at once, then at most once a minute). A server
 * whose reports stop is live for three of its intervals after the last one, then shown as not
 * live, and forgotten after an hour.
 *
 * <p>Thread: {@code opennapj-meta-report} receives and checks the datagrams one after the other
 * and calls {@code changed} when what clients would be told changes (a server appears, or its
 * local clients or name change); the check thread reads {@link #statuses} for expiries.
 */
final class ReportReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportReceiver.class);
    /** How far a report's time may be from this host's, either way. */
    static final long MAX_CLOCK_SKEW_MILLIS = 60_000;
    /** Reports missed in a row before a server counts as gone. */
    static final int MISSED_REPORTS = 3;
    static final long FORGET_MILLIS = 3_600_000;
    /** The most reporting servers kept; reports of more are dropped. */
    static final int MAX_SERVERS = 1000;
    private static final long DROP_LOG_MILLIS = 60_000;

    private record Reported(LoadReport report, ConfiguredServer server, boolean loopback, long receivedMillis) {
    }

    private final DatagramChannel channel;
    private final byte[] secret;
    private final Runnable changed;
    private final Thread thread;
    /** By address; the receiving thread writes, the check thread reads. Guarded by itself. */
    private final Map<String, Reported> servers = new TreeMap<>();
    private volatile long accepted;
    private volatile long dropped;
    private long droppedSinceLog;
    private long lastDropLog;

    private ReportReceiver(DatagramChannel channel, byte[] secret, Runnable changed) {
        this.channel = channel;
        this.secret = secret.clone();
        this.changed = changed;
        this.thread = new Thread(this::receive, "opennapj-meta-report");
        thread.setDaemon(true);
    }

    /** Binds the port; reports are received from {@link #begin} on (meanwhile the system holds them). */
    static ReportReceiver bind(InetSocketAddress at, byte[] secret, Runnable changed) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        try {
            c.bind(at);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new ReportReceiver(c, secret, changed);
    }

    void begin() {
        thread.start();
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long accepted() {
        return accepted;
    }

    long dropped() {
        return dropped;
    }

    /** Every reporting server as of {@code nowMillis}, live or not, ordered by address; forgets old ones. */
    List<ServerStatus> statuses(long nowMillis) {
        List<ServerStatus> out = new ArrayList<>();
        synchronized (servers) {
            for (Iterator<Reported> i = servers.values().iterator(); i.hasNext(); ) {
                Reported r = i.next();
                long silent = nowMillis - r.receivedMillis();
                if (silent > FORGET_MILLIS) {
                    i.remove();
                } else if (silent <= MISSED_REPORTS * r.report().interval() * 1000L) {
                    out.add(new ServerStatus(r.server(), true, r.loopback(), r.report().stats(), null));
                } else {
                    out.add(new ServerStatus(r.server(), false, r.loopback(), null,
                            "no load report for " + silent / 1000 + " s"));
                }
            }
        }
        return out;
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocate(LoadReport.MAX_LENGTH + 1);
        while (true) {
            SocketAddress from;
            buf.clear();
            try {
                from = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                drop(null, "receiving failed: " + e.getMessage());
                continue;
            }
            buf.flip();
            try {
                take(buf.array(), buf.limit());
            } catch (IllegalArgumentException e) {
                drop(from, e.getMessage());
            }
        }
    }

    /** Checks and takes one report; throws IllegalArgumentException saying why it is dropped. */
    private void take(byte[] datagram, int length) {
        LoadReport r = LoadReport.decode(datagram, length, secret);
        long now = System.currentTimeMillis();
        if (Math.abs(now - r.millis()) > MAX_CLOCK_SKEW_MILLIS) {
            throw new IllegalArgumentException("from " + r.address() + ": its time is " + (now - r.millis()) / 1000
                    + " s off this host's clock (stale, or a clock to set)");
        }
        ServerList.Entry at = ServerList.address(r.address(), ServerList.DEFAULT_PORT, ServerList.Kind.NORMAL);
        ConfiguredServer server = ConfiguredServer.at(r.name(), at, 0);
        String host = at.host().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]");
        boolean change;
        synchronized (servers) {
            Reported before = servers.get(server.address());
            if (before != null && r.millis() <= before.report().millis()) {
                throw new IllegalArgumentException("from " + r.address() + ": not newer than the last one taken (a replay)");
            }
            if (before == null && servers.size() >= MAX_SERVERS) {
                throw new IllegalArgumentException("from " + r.address() + ": already " + MAX_SERVERS + " reporting servers");
            }
            servers.put(server.address(), new Reported(r, server, loopback, now));
            change = before == null
                    || now - before.receivedMillis() > MISSED_REPORTS * before.report().interval() * 1000L
                    || before.report().stats().localClients() != r.stats().localClients()
                    || !before.report().name().equals(r.name());
        }
        if (change) {
            try {
                changed.run();
            } catch (RuntimeException e) {
                LOG.error("publishing a reported load failed", e);
            }
        }
        // counted once published, so whoever sees the count sees the report's effect
        accepted++;
    }

    private void drop(SocketAddress from, String why) {
        dropped++;
        droppedSinceLog++;
        long now = System.currentTimeMillis();
        if (lastDropLog == 0 || now - lastDropLog >= DROP_LOG_MILLIS) {
            LOG.warn("dropped {} load report(s){}; the last from {}: {}", droppedSinceLog,
                    lastDropLog == 0 ? "" : " in the last " + (now - lastDropLog) / 1000 + " s", from, why);
            lastDropLog = now;
            droppedSinceLog = 0;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the report port", e);
        }
        try {
            if (thread.isAlive()) {
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
