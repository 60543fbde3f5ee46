package org.opennapj.server.store;

import java.util.List;

/** Persistence of server bans; every write is durable when the call returns. */
public interface BanStore {

    List<Ban> loadBans() throws StoreException;

    /** Adds or replaces the ban on the same target (case-insensitive). */
    void putBan(Ban ban) throws StoreException;

    boolean deleteBan(String target) throws StoreException;
}
