package org.opennapj.server.account;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.AccountStore;
import org.opennapj.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered accounts: an in-memory copy for the core thread and the durable store behind it.
 * Writes go to the store on one writer thread, in order; the caller's continuation runs on the
 * core thread only after the write is durable, so nothing is acknowledged before it is on disk.
 */
public final class Accounts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    private final ServerCore core;
    private final AccountStore store;
    private final Map<String, Account> byKey = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "opennapj-store");
        t.setDaemon(true);
        return t;
    });

    public Accounts(ServerCore core, AccountStore store) throws StoreException {
        this.core = core;
        this.store = store;
        for (Account a : store.loadAll()) {
            byKey.put(User.key(a.nick()), a);
        }
    }

    public Account get(String nick) {
        return byKey.get(User.key(nick));
    }

    public int count() {
        return byKey.size();
    }

    public int hashIterations() {
        return core.config().integer("password_hash_iterations");
    }

    /**
     * Registers a new account: hashes the password and stores it off the core thread, then runs
     * done on the core thread with the stored account, or with null if it failed (already
     * registered meanwhile, or the store failed: logged).
     */
    public void register(String nick, String password, String email, org.opennapj.server.store.Level level,
                         Consumer<Account> done) {
        int iterations = hashIterations();
        core.offload(() -> PasswordHash.create(password, iterations), (hash, failure) -> {
            if (failure != null || byKey.containsKey(User.key(nick))) {
                done.accept(null);
                return;
            }
            long now = System.currentTimeMillis() / 1000;
            Account a = new Account(nick, hash, email, level, now, now);
            byKey.put(User.key(nick), a);   // reserve the nick while the write is under way
            writer.execute(() -> {
                boolean ok;
                try {
                    store.insert(a);
                    ok = true;
                } catch (StoreException e) {
                    LOG.error("registration of {} not stored", nick, e);
                    ok = false;
                }
                boolean stored = ok;
                core.execute(() -> {
                    if (!stored) {
                        byKey.remove(User.key(nick), a);
                    }
                    done.accept(stored ? a : null);
                });
            });
        });
    }

    /** Checks a password off the core thread; done(true/false) runs on the core thread. */
    public void verify(Account account, String password, Consumer<Boolean> done) {
        core.offload(() -> PasswordHash.verify(password, account.passwordHash()),
                (ok, failure) -> done.accept(failure == null && Boolean.TRUE.equals(ok)));
    }

    /** Replaces an account (core thread); durable before done runs on the core thread. */
    public void update(Account a, Runnable done) {
        write(a, ok -> {
            if (done != null) {
                done.run();
            }
        });
    }

    /** Replaces an account (core thread); done(true) on the core thread once durable, done(false) if the store failed. */
    private void write(Account a, Consumer<Boolean> done) {
        byKey.put(User.key(a.nick()), a);
        writer.execute(() -> {
            boolean ok;
            try {
                store.update(a);
                ok = true;
            } catch (StoreException e) {
                LOG.error("update of {} not stored", a.nick(), e);
                ok = false;
            }
            boolean stored = ok;
            core.execute(() -> done.accept(stored));
        });
    }

    /**
     * Stores a new password hash for an account, computed off the core thread. done gets the
     * updated account once it is durable, or null if hashing or the store failed (the old
     * password then stays valid), or if the account was removed meanwhile.
     */
    public void changePassword(Account a, String password, Consumer<Account> done) {
        int iterations = hashIterations();
        core.offload(() -> PasswordHash.create(password, iterations), (hash, failure) -> {
            Account current = get(a.nick());
            if (failure != null || current == null) {
                done.accept(null);
                return;
            }
            Account updated = current.withPasswordHash(hash);
            write(updated, ok -> {
                if (ok) {
                    done.accept(updated);
                    return;
                }
                // not on disk: do not acknowledge, and keep checking the password that is stored
                byKey.computeIfPresent(User.key(a.nick()), (k, cur) -> cur == updated ? current : cur);
                done.accept(null);
            });
        });
    }

    @Override
    public void close() throws StoreException {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
