package org.opennapj.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server-wide information: the MOTD (621), stats (214, 10115), histogram (10123), server ping (750). */
public final class ServerInfo {

    private static final Logger LOG = LoggerFactory.getLogger(ServerInfo.class);
    public static final String VERSION = "0.1.0";

    private final ServerCore core;
    private final ShareIndex index;
    private final Path motdFile;
    private final java.util.function.IntSupplier registeredCount;
    private List<String> motd = List.of();
    private long lastStatClick;

    public ServerInfo(ServerCore core, ShareIndex index, Path motdFile, java.util.function.IntSupplier registeredCount) {
        this.core = core;
        this.index = index;
        this.motdFile = motdFile;
        this.registeredCount = registeredCount;
        reloadMotd();
        core.on(MessageType.MOTD, false, (s, d) -> sendMotd(s));
        core.on(MessageType.STATS, false, (s, d) -> sendStats(s));
        core.on(MessageType.SERVER_PING, false, this::serverPing);
        core.on(MessageType.SERVER_STATS, Level.MODERATOR, (s, d) -> serverStats(s));
        core.on(MessageType.HISTOGRAM, Level.MODERATOR, (s, d) -> histogram(s));
        core.everySecond(this::statClick);
    }

    /** Rereads the motd file (missing file: no extra lines). */
    public void reloadMotd() {
        if (motdFile != null && Files.isRegularFile(motdFile)) {
            try {
                motd = List.copyOf(Files.readAllLines(motdFile, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                LOG.warn("cannot read motd file {}: {}", motdFile, e.getMessage());
            }
        }
    }

    /** The motd file's lines, as last read (core thread). */
    public List<String> motdLines() {
        return motd;
    }

    // 621 motd request: (empty)
    public void sendMotd(Session s) {
        String name = core.config().string("server_name");
        s.send(MessageType.MOTD, "VERSION OpenNapJ " + VERSION);
        s.send(MessageType.MOTD, "SERVER " + name);
        if (s.user() != null) {
            s.send(MessageType.MOTD, "Welcome to " + name + ", " + s.user().nick() + "!");
        }
        s.send(MessageType.MOTD, "There are " + core.userCount() + " users sharing " + index.totalFiles() + " files.");
        for (String line : motd) {
            s.send(MessageType.MOTD, line);
        }
    }

    // 214 server stats: (empty)
    public void sendStats(Session s) {
        s.send(MessageType.STATS, statsLine());
    }

    private String statsLine() {
        long gigabytes = index.totalBytes() / (1024L * 1024 * 1024);
        return Fields.join(core.userCount(), index.totalFiles(), gigabytes);
    }

    /**
     * The stats port's line (core thread): users in the network, files and bytes in this server's
     * index, the system's load average, and the users logged in to this server.
     */
    public String statsPortLine() {
        return statsFigures().format();
    }

    /** The stats port's figures (core thread), also what a load report to the metaserver carries. */
    public org.opennapj.protocol.StatsLine statsFigures() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new org.opennapj.protocol.StatsLine(core.userCount(), index.totalFiles(), load, index.totalBytes(),
                core.localUserCount());
    }

    private void statClick() {
        int click = core.config().integer("stat_click");
        long now = System.currentTimeMillis() / 1000;
        if (click <= 0 || now - lastStatClick < click) {
            return;
        }
        lastStatClick = now;
        String line = statsLine();
        for (User u : core.users()) {
            // users on other servers get their own server's stats
            if (u.local()) {
                u.send(MessageType.STATS, line);
            }
        }
    }

    // 750 server ping: [args] -> 750 with the server name (opennap-ng answers with its name)
    private void serverPing(Session s, String data) {
        s.send(MessageType.SERVER_PING, core.config().string("server_name"));
    }

    // 10115 server stats: (empty)
    private void serverStats(Session s) {
        long bytes = index.totalBytes();
        Runtime rt = Runtime.getRuntime();
        s.send(MessageType.SERVER_STATS, Fields.join(core.userCount(), 0, index.totalFiles(),
                bytes / (1024L * 1024 * 1024), 0, core.startMillis() / 1000, core.uptimeSeconds(),
                rt.totalMemory() - rt.freeMemory(), registeredCount.getAsInt()));
    }

    // 10123 server command histogram: (empty)
    private void histogram(Session s) {
        long[] totals = new long[2];
        core.histogram((numeric, count, bytes) -> {
            s.send(MessageType.HISTOGRAM, Fields.join(numeric, count, bytes));
            totals[0] += count;
            totals[1] += bytes;
        });
        s.send(MessageType.HISTOGRAM_END, Fields.join(core.lastUnknown(), core.unknownCount(), core.unknownBytes(),
                totals[0] + core.unknownCount(), totals[1] + core.unknownBytes()));
    }
}
