package org.opennapj.metaserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opennapj.protocol.LoadReport;
import org.opennapj.protocol.ServerList;

/**
 * How a metaserver runs.
 *
 * @param listenAddress    address of the answering port and the list port
 * @param port             the answering port (8875; 0 picks a free one)
 * @param listPort         the HTTP port of the server lists, -1 for none (0 picks a free one)
 * @param checkInterval    time between two checks of every server
 * @param probeTimeout     longest one server's check may take; at most the interval
 * @param servers          servers given on the command line
 * @param serversFile      a servers file read at start and again before every check, or null
 * @param defaultStatsPort the stats port of servers whose line names none (0: none)
 * @param announced        this metaserver as clients elsewhere reach it, listed first in the .wsx
 *                         file as a {@code META} entry; null for no such entry
 * @param reportPort       the UDP port servers report their load to, -1 for none (0 picks a free one)
 * @param reportSecret     the network's shared secret that signs the reports (at least
 *                         {@link LoadReport#MIN_SECRET_LENGTH} bytes); null without a report port
 */
public record MetaserverSettings(String listenAddress, int port, int listPort, Duration checkInterval, Duration probeTimeout,
                                 List<ConfiguredServer> servers, Path serversFile, int defaultStatsPort,
                                 ServerList.Entry announced, int reportPort, byte[] reportSecret) {

    public static final int DEFAULT_PORT = 8875;
    public static final int DEFAULT_LIST_PORT = 8876;

    public MetaserverSettings {
        servers = List.copyOf(servers);
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("the check interval must be positive");
        }
        if (probeTimeout.isNegative() || probeTimeout.isZero() || probeTimeout.compareTo(checkInterval) > 0) {
            throw new IllegalArgumentException("the probe timeout must be positive and at most the check interval");
        }
        if (port < 0 || port > 65535 || listPort < -1 || listPort > 65535) {
            throw new IllegalArgumentException("ports are from 0 to 65535 (the list port may be -1: none)");
        }
        if (reportPort < -1 || reportPort > 65535) {
            throw new IllegalArgumentException("the report port is from 0 to 65535 (or -1: none)");
        }
        if (reportPort >= 0 && (reportSecret == null || reportSecret.length < LoadReport.MIN_SECRET_LENGTH)) {
            throw new IllegalArgumentException("a report port needs a secret of at least " + LoadReport.MIN_SECRET_LENGTH
                    + " characters");
        }
        reportSecret = reportSecret == null ? null : reportSecret.clone();
        if (servers.isEmpty() && serversFile == null && reportPort < 0) {
            throw new IllegalArgumentException("no servers: give a servers file, at least one server, or a report port");
        }
        if (announced != null && announced.kind() != ServerList.Kind.META) {
            throw new IllegalArgumentException("the metaserver's own entry is a META one");
        }
    }

    /** Settings without a report port. */
    public MetaserverSettings(String listenAddress, int port, int listPort, Duration checkInterval, Duration probeTimeout,
                              List<ConfiguredServer> servers, Path serversFile, int defaultStatsPort,
                              ServerList.Entry announced) {
        this(listenAddress, port, listPort, checkInterval, probeTimeout, servers, serversFile, defaultStatsPort, announced, -1, null);
    }

    /** Settings without a {@code META} entry of the metaserver itself in the .wsx file, nor a report port. */
    public MetaserverSettings(String listenAddress, int port, int listPort, Duration checkInterval, Duration probeTimeout,
                              List<ConfiguredServer> servers, Path serversFile, int defaultStatsPort) {
        this(listenAddress, port, listPort, checkInterval, probeTimeout, servers, serversFile, defaultStatsPort, null);
    }

    /**
     * Reads the metaserver's own address for the .wsx file: {@code host[:port] [name]} (port 8875
     * when none is given, the host when no name is).
     */
    public static ServerList.Entry metaEntry(String line) {
        String[] f = line.strip().split("\\s+", 2);
        ServerList.Entry a = ServerList.address(f[0], DEFAULT_PORT, ServerList.Kind.META);
        return new ServerList.Entry(f.length > 1 ? f[1] : null, a.host(), a.port(), ServerList.Kind.META);
    }
}
