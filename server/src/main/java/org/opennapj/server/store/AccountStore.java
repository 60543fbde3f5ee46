package org.opennapj.server.store;

import java.util.List;

/**
 * Persistence of registered accounts. Every write is durable when the call returns: a process
 * killed right after it loses nothing. Nicks are matched case-insensitively.
 */
public interface AccountStore extends AutoCloseable {

    /** All accounts, loaded once at start-up. */
    List<Account> loadAll() throws StoreException;

    /** Inserts a new account; fails if the nick exists. */
    void insert(Account account) throws StoreException;

    /** Replaces the stored account with the same nick. */
    void update(Account account) throws StoreException;

    /** Removes an account; returns whether it existed. */
    boolean delete(String nick) throws StoreException;

    @Override
    void close() throws StoreException;
}
