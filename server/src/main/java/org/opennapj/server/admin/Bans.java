package org.opennapj.server.admin;

import java.util.ArrayList;
import java.util.List;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.BanStore;
import org.opennapj.server.store.StoreException;

/**
 * The server's ban list, loaded from the store at start-up and consulted at login (core
 * thread). Expired bans are ignored.
 */
public final class Bans {

    private final List<Ban> bans = new ArrayList<>();

    public Bans(BanStore store) throws StoreException {
        bans.addAll(store.loadBans());
    }

    /** The ban covering this nick or address, or null. */
    public Ban find(String nick, String ip) {
        long now = System.currentTimeMillis() / 1000;
        for (Ban b : bans) {
            if (!b.expired(now) && b.covers(nick, ip)) {
                return b;
            }
        }
        return null;
    }

    public int size() {
        return bans.size();
    }
}
