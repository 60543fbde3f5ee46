package org.opennapj.metaserver;

/**
 * Picks the server for each client: the live server with the least estimated load, where the
 * estimate is the load the last check found plus the clients handed to it since. So a burst of
 * clients between two checks fills the emptiest server up to the next one's level, then spreads
 * over both, instead of all going to the server that was emptiest at the check. Ties go to the
 * servers in turn. Used by the answering thread only: it needs no locks.
 */
final class Chooser {

    private ServerTable seen;
    private long[] handed = new long[0];
    private int turn;

    /** The answer line for a client, or null when no server may be given to it. */
    byte[] choose(ServerTable table, boolean clientOnLoopback) {
        if (table != seen) {
            // a new check: its loads already count the clients that went there
            seen = table;
            handed = new long[table.statuses().size()];
        }
        int n = handed.length;
        int best = -1;
        long bestLoad = Long.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = Math.floorMod(turn + k, n);
            ServerStatus s = table.statuses().get(i);
            if (!ServerTable.offerable(s, clientOnLoopback)) {
                continue;
            }
            long load = (s.load() >= 0 ? s.load() : table.unknownLoad()) + handed[i];
            if (load < bestLoad) {
                best = i;
                bestLoad = load;
            }
        }
        turn++;
        if (best < 0) {
            return null;
        }
        handed[best]++;
        return table.answers()[best];
    }
}
