package org.opennapj.metaserver;

import org.opennapj.protocol.StatsLine;

/**
 * What the last check found out about a configured server: whether it is live, whether its
 * address is a loopback one (handed only to clients on loopback), and its stats line when it
 * has a stats port (null otherwise). {@code problem} says why a server is not live.
 */
public record ServerStatus(ConfiguredServer server, boolean live, boolean loopback, StatsLine stats, String problem) {

    /** Clients connected to it, or -1 when unknown (no stats port, or not live). */
    public long load() {
        return live && stats != null ? stats.localClients() : -1;
    }

    static ServerStatus dead(ConfiguredServer server, boolean loopback, String problem) {
        return new ServerStatus(server, false, loopback, null, problem);
    }
}
