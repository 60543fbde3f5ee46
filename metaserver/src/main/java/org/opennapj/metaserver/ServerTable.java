package org.opennapj.metaserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.opennapj.protocol.ServerList;

/**
 * One check's results, as every thread sees them: replaced whole after each check, never changed.
 * {@code unknownLoad} is what a live server whose load is unknown (no stats port) counts as: the
 * mean load of the live servers whose load is known, 0 when there are none.
 */
record ServerTable(List<ServerStatus> statuses, long unknownLoad, byte[][] answers) {

    static final ServerTable EMPTY = of(List.of());

    static ServerTable of(List<ServerStatus> statuses) {
        long sum = 0;
        int known = 0;
        byte[][] answers = new byte[statuses.size()][];
        for (int i = 0; i < statuses.size(); i++) {
            ServerStatus s = statuses.get(i);
            if (s.load() >= 0) {
                sum += s.load();
                known++;
            }
            answers[i] = (s.server().address() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return new ServerTable(List.copyOf(statuses), known == 0 ? 0 : sum / known, answers);
    }

    /** Whether a client (on loopback or not) may be given this server. */
    static boolean offerable(ServerStatus s, boolean clientOnLoopback) {
        return s.live() && (clientOnLoopback || !s.loopback());
    }

    /** The live servers a client (on loopback or not) may see, as list entries with their counts. */
    List<ServerList.Entry> entries(boolean clientOnLoopback) {
        List<ServerList.Entry> out = new ArrayList<>();
        for (ServerStatus s : statuses) {
            if (!offerable(s, clientOnLoopback)) {
                continue;
            }
            ServerList.Entry e = s.server().entry();
            long users = s.stats() == null ? -1 : s.stats().localClients();
            long files = s.stats() == null ? -1 : s.stats().files();
            long gigs = s.stats() == null ? -1 : s.stats().gigabytes();
            out.add(new ServerList.Entry(e.name(), e.host(), e.port(), ServerList.Kind.NORMAL, users, files, gigs));
        }
        return out;
    }
}
