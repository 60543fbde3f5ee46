package org.opennapj.server.account;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.AccountStore;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.StoreException;
import org.opennapj.server.store.StoreWriter;

/**
 * Registered accounts: an in-memory copy for the core thread and the durable store behind it.
 * Writes go through the shared {@link StoreWriter} in order; a caller's continuation runs on the
 * core thread only after the write is durable, so nothing is acknowledged before it is on disk.
 * Password hashing runs on {@link PasswordWork}'s threads, at most one piece per session; a
 * password this process has verified already is recognised at once ({@link VerifiedPasswords}).
 */
public final class Accounts implements AutoCloseable {

    /** What became of a request that needs password work. */
    public enum Outcome {
        /** Answered at once: the continuation has already run. */
        DONE,
        /** Queued: the continuation runs later on the core thread (unless the session closes first). */
        QUEUED,
        /** The session already has password work under way. */
        SESSION_BUSY,
        /** Too much password work waits already. */
        QUEUE_FULL
    }

    /** Most password work waiting at once; past it logins are told to try again. */
    static final int MAX_PASSWORD_QUEUE = 50_000;

    private final ServerCore core;
    private final AccountStore store;
    private final StoreWriter writer;
    private final PasswordWork hashing;
    private final VerifiedPasswords verified = new VerifiedPasswords();
    private final Map<String, Account> byKey = new HashMap<>();
    /** Told of every account this server created or changed itself, once durable (core thread). */
    private Consumer<Account> changes = a -> { };

    public Accounts(ServerCore core, AccountStore store, StoreWriter writer) throws StoreException {
        this.core = core;
        this.store = store;
        this.writer = writer;
        this.hashing = new PasswordWork(core, hashThreads(core.config().integer("password_hash_threads")), MAX_PASSWORD_QUEUE);
        for (Account a : store.loadAll()) {
            byKey.put(User.key(a.nick()), a);
        }
    }

    /**
     * Threads that hash passwords: as configured, or automatically one per core. The core thread
     * still gets its turn at once when it has work (it sleeps most of the time, so the scheduler
     * favours it): users online during a storm of logins are answered within milliseconds
     * (BENCHMARKS.md, "Login storms").
     */
    static int hashThreads(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** Longest email address stored (RFC 5321's limit for a path). */
    private static final int MAX_EMAIL = 254;

    /** Null when an email address may be stored, otherwise what is wrong with it. */
    public static String emailProblem(String email) {
        if (email.length() > MAX_EMAIL) {
            return "an email address may have at most " + MAX_EMAIL + " characters";
        }
        for (int i = 0; i < email.length(); i++) {
            if (email.charAt(i) <= ' ' || email.charAt(i) == 0x7f) {
                return "an email address may not contain spaces or control characters";
            }
        }
        return null;
    }

    /** Tells a session why its password work (11, 701, 753, 10200) was not queued, if it was not. */
    public static void tellIfNotQueued(Session s, Outcome o, String what) {
        if (o == Outcome.SESSION_BUSY) {
            s.error(what + ": your previous password request is still being processed");
        } else if (o == Outcome.QUEUE_FULL) {
            s.error(what + ": the server is busy, try again in a minute");
        }
    }

    /**
     * Sets who is told, once it is durable, of each account this server registers, restores, or
     * changes in what the network shares of it (password, email, level, creation time), but not of
     * accounts taken from another server ({@link #adopt}) nor of last-seen or muzzle changes.
     */
    public void onChange(Consumer<Account> listener) {
        this.changes = listener;
    }

    /** Every account (core thread), for the network's burst. */
    public java.util.Collection<Account> all() {
        return java.util.Collections.unmodifiableCollection(byKey.values());
    }

    public Account get(String nick) {
        return byKey.get(User.key(nick));
    }

    public int count() {
        return byKey.size();
    }

    /** Password work waiting for a hashing thread. */
    public int passwordWorkQueued() {
        return hashing.queued();
    }

    private int hashIterations() {
        return core.config().integer("password_hash_iterations");
    }

    /**
     * Registers a new account for a session: hashes the password off the core thread and stores
     * it, then runs done on the core thread with the stored account, or with null if it failed
     * (registered by someone else meanwhile, or the store failed: logged).
     */
    public Outcome register(Session s, String nick, String password, String email, Level level, Consumer<Account> done) {
        int iterations = hashIterations();
        return outcome(hashing.submit(s, () -> PasswordHash.create(password, iterations),
                (hash, failure) -> registered(nick, password, email, level, hash, failure, done)));
    }

    /**
     * Registers a new account asked for outside a session (the web page; {@code from} says who,
     * for the hashing threads' turns), as {@link #register} does. Returns false, running nothing,
     * when too much password work waits.
     */
    public boolean registerFor(String from, String nick, String password, String email, Level level, Consumer<Account> done) {
        int iterations = hashIterations();
        return hashing.submitFor(from, () -> PasswordHash.create(password, iterations),
                (hash, failure) -> registered(nick, password, email, level, hash, failure, done)) == PasswordWork.Outcome.QUEUED;
    }

    /** Stores a new account once its hash is made (core thread). */
    private void registered(String nick, String password, String email, Level level, String hash, Throwable failure,
            Consumer<Account> done) {
        if (failure != null || byKey.containsKey(User.key(nick))) {
            done.accept(null);
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        Account a = new Account(nick, hash, email, level, now, now);
        byKey.put(User.key(nick), a);   // reserve the nick while the write is under way
        writer.write("registration of " + nick, () -> store.insert(a), stored -> {
            if (!stored) {
                byKey.remove(User.key(nick), a);
                done.accept(null);
                return;
            }
            verified.remember(nick, hash, password);
            changes.accept(a);
            done.accept(a);
        });
    }

    /**
     * Checks a session's password for an account; done(true/false) runs on the core thread, at
     * once (DONE) when this process has verified that password for that hash before. A stored hash
     * made with other settings than the current ones is replaced after a successful check.
     */
    public Outcome verify(Session s, Account account, String password, Consumer<Boolean> done) {
        String stored = account.passwordHash();
        if (verified.matches(account.nick(), stored, password)) {
            done.accept(true);
            return Outcome.DONE;
        }
        int iterations = hashIterations();
        return outcome(hashing.submit(s, () -> {
            if (!PasswordHash.verify(password, stored)) {
                return Checked.WRONG;
            }
            return new Checked(true, PasswordHash.outdated(stored, iterations) ? PasswordHash.create(password, iterations) : null);
        }, (checked, failure) -> {
            boolean ok = failure == null && checked.ok();
            if (ok) {
                Account current = get(account.nick());
                if (checked.newHash() != null && current != null && current.passwordHash().equals(stored)) {
                    write(current.withPasswordHash(checked.newHash()), null);
                    verified.remember(account.nick(), checked.newHash(), password);
                } else {
                    verified.remember(account.nick(), stored, password);
                }
            }
            done.accept(ok);
        }));
    }

    /** A password check's result; newHash replaces an outdated stored hash. */
    private record Checked(boolean ok, String newHash) {
        static final Checked WRONG = new Checked(false, null);
    }

    /**
     * Removes an account (core thread, 611 nuke): gone from memory at once, so the nick can no longer
     * log in with its password; done(true) runs on the core thread once the removal is durable.
     */
    public void remove(Account a, Consumer<Boolean> done) {
        byKey.remove(User.key(a.nick()));
        verified.forget(a.nick());
        writer.write("removal of " + a.nick(), () -> store.delete(a.nick()), done);
    }

    /**
     * Puts back an account that was removed (core thread, 624 un-nuke), password hash, level and
     * dates as they were; done(true) once durable, done(false) if the nick is registered again
     * meanwhile or the store failed.
     */
    public void restore(Account a, Consumer<Boolean> done) {
        String key = User.key(a.nick());
        if (byKey.putIfAbsent(key, a) != null) {
            done.accept(false);
            return;
        }
        writer.write("restoration of " + a.nick(), () -> store.insert(a), ok -> {
            if (!ok) {
                byKey.remove(key, a);
            } else {
                changes.accept(a);
            }
            done.accept(ok);
        });
    }

    /** Replaces an account (core thread); durable before done (may be null) runs on the core thread. */
    public void update(Account a, Runnable done) {
        write(a, ok -> {
            if (done != null) {
                done.run();
            }
        });
    }

    /** Replaces an account (core thread); done(true) on the core thread once durable, done(false) if the store failed. */
    private void write(Account a, Consumer<Boolean> done) {
        Account before = byKey.put(User.key(a.nick()), a);
        boolean shared = before == null || !sameShared(before, a);
        writer.write("update of " + a.nick(), () -> store.update(a), ok -> {
            if (ok && shared) {
                changes.accept(a);
            }
            if (done != null) {
                done.accept(ok);
            }
        });
    }

    /** Whether two versions of an account agree in what servers exchange of it (10014). */
    public static boolean sameShared(Account x, Account y) {
        return x.nick().equals(y.nick()) && x.passwordHash().equals(y.passwordHash()) && x.email().equals(y.email())
                && x.level() == y.level() && x.created() == y.created();
    }

    /**
     * Stores an account taken from another server (core thread), replacing this server's version
     * of it if there is one; done(true) on the core thread once durable, done(false) if the store
     * failed (this server's version is then back in memory). Listeners of {@link #onChange} are not
     * told: the network already knows.
     */
    public void adopt(Account a, Consumer<Boolean> done) {
        String key = User.key(a.nick());
        Account before = byKey.put(key, a);
        verified.forget(a.nick());
        writer.write("account " + a.nick() + " from the network", () -> {
            if (before == null) {
                store.insert(a);
            } else {
                store.update(a);
            }
        }, ok -> {
            if (!ok) {
                if (before == null) {
                    byKey.remove(key, a);
                } else {
                    byKey.replace(key, a, before);
                }
            }
            done.accept(ok);
        });
    }

    /**
     * Slow password work for a linked server (a new hash from a password it sent, or wrapping
     * opennap-ng's form), off the core thread; done runs on the core thread with the result, or
     * null if it failed. Returns false, running nothing, when too much password work waits.
     */
    public boolean hashForServer(String server, java.util.concurrent.Callable<String> work, Consumer<String> done) {
        return hashing.submitFor("server " + server, work, (hash, failure) -> done.accept(failure == null ? hash : null))
                == PasswordWork.Outcome.QUEUED;
    }

    /**
     * Checks a password that a linked server passed on (the login of one of its users) against an
     * account; done(true/false) on the core thread. Returns false, running nothing, when too much
     * password work waits.
     */
    public boolean verifyForServer(String server, Account account, String password, Consumer<Boolean> done) {
        return verifyFor("server " + server, account, password, done);
    }

    /**
     * Checks a password given outside a session (the web page's sign-in; {@code from} says who)
     * against an account; done(true/false) on the core thread. Returns false, running nothing,
     * when too much password work waits.
     */
    public boolean verifyFor(String from, Account account, String password, Consumer<Boolean> done) {
        String stored = account.passwordHash();
        if (verified.matches(account.nick(), stored, password)) {
            done.accept(true);
            return true;
        }
        return hashing.submitFor(from, () -> PasswordHash.verify(password, stored), (ok, failure) -> {
            boolean right = failure == null && ok;
            Account current = get(account.nick());
            if (right && current != null && current.passwordHash().equals(stored)) {
                verified.remember(account.nick(), stored, password);
            }
            done.accept(right);
        }) == PasswordWork.Outcome.QUEUED;
    }

    /** The hash iterations of the current settings (for work done for a linked server). */
    public int iterations() {
        return hashIterations();
    }

    /**
     * Stores a new password hash for an account, computed off the core thread. done gets the
     * updated account once it is durable, or null if hashing or the store failed (the old
     * password then stays valid), or if the account was removed meanwhile.
     */
    public Outcome changePassword(Session s, Account a, String password, Consumer<Account> done) {
        int iterations = hashIterations();
        return outcome(hashing.submit(s, () -> PasswordHash.create(password, iterations),
                (hash, failure) -> passwordChanged(a, password, hash, failure, done)));
    }

    /**
     * As {@link #changePassword}, asked for outside a session (the web page's account page;
     * {@code from} says who). Returns false, running nothing, when too much password work waits.
     */
    public boolean changePasswordFor(String from, Account a, String password, Consumer<Account> done) {
        int iterations = hashIterations();
        return hashing.submitFor(from, () -> PasswordHash.create(password, iterations),
                (hash, failure) -> passwordChanged(a, password, hash, failure, done)) == PasswordWork.Outcome.QUEUED;
    }

    /** Stores a changed password's hash once it is made (core thread). */
    private void passwordChanged(Account a, String password, String hash, Throwable failure, Consumer<Account> done) {
        Account current = get(a.nick());
        if (failure != null || current == null) {
            done.accept(null);
            return;
        }
        Account updated = current.withPasswordHash(hash);
        verified.forget(a.nick());
        write(updated, ok -> {
            if (ok) {
                verified.remember(a.nick(), hash, password);
                done.accept(updated);
                return;
            }
            // not on disk: do not acknowledge, and keep checking the password that is stored
            byKey.computeIfPresent(User.key(a.nick()), (k, cur) -> cur == updated ? current : cur);
            done.accept(null);
        });
    }

    private static Outcome outcome(PasswordWork.Outcome o) {
        return switch (o) {
            case QUEUED -> Outcome.QUEUED;
            case SESSION_BUSY -> Outcome.SESSION_BUSY;
            case QUEUE_FULL -> Outcome.QUEUE_FULL;
        };
    }

    /** Stops the hashing threads (the store writer and the store are closed by their owner). */
    @Override
    public void close() {
        hashing.close();
    }
}
