package org.opennapj.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accounts and bans in an embedded SQLite database ({@code opennapj.db} in the data directory) in WAL
 * mode. Outside a transaction each write is its own committed transaction, so it survives the
 * process being killed as soon as the call returns; inside one ({@link #begin}), the writes are
 * durable together when {@link #commit} returns.
 */
public final class SqliteAccountStore implements AccountStore, BanStore, Transactional {

    public static final String FILE_NAME = "opennapj.db";

    private final Connection db;
    /** The two statements of every login and registration, prepared once. */
    private final PreparedStatement insert;
    private final PreparedStatement update;

    public SqliteAccountStore(Path dataDir) throws StoreException {
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // FULL: every commit is fsynced, so an acknowledged account survives a crash of the
                // process and of the machine. Writes run off the core thread (StoreWriter).
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS accounts (
                          nick_key TEXT PRIMARY KEY,
                          nick TEXT NOT NULL,
                          password_hash TEXT NOT NULL,
                          email TEXT NOT NULL,
                          level TEXT NOT NULL,
                          created INTEGER NOT NULL,
                          last_seen INTEGER NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS bans (
                          target_key TEXT PRIMARY KEY,
                          target TEXT NOT NULL,
                          set_by TEXT NOT NULL,
                          reason TEXT NOT NULL,
                          created INTEGER NOT NULL,
                          expires INTEGER NOT NULL)""");
                addMuzzledColumn(s);
            }
            insert = db.prepareStatement("INSERT INTO accounts (nick_key, nick, password_hash, email, level, created,"
                    + " last_seen, muzzled) VALUES (?,?,?,?,?,?,?,?)");
            update = db.prepareStatement("UPDATE accounts SET nick=?, password_hash=?, email=?, level=?, created=?,"
                    + " last_seen=?, muzzled=? WHERE nick_key=?");
        } catch (SQLException e) {
            throw new StoreException("cannot open account database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Databases made before muzzles were stored get the column, every account unmuzzled. */
    private static void addMuzzledColumn(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(accounts)")) {
            while (rs.next()) {
                if (rs.getString("name").equals("muzzled")) {
                    return;
                }
            }
        }
        s.execute("ALTER TABLE accounts ADD COLUMN muzzled INTEGER NOT NULL DEFAULT 0");
    }

    @Override
    public synchronized void begin() throws StoreException {
        try {
            db.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException("cannot start a transaction: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit() throws StoreException {
        try {
            db.commit();
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StoreException("cannot commit: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            // nothing more to undo: the connection itself is broken and the next write will say so
        }
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            // likewise
        }
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized List<Account> loadAll() throws StoreException {
        List<Account> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT nick, password_hash, email, level, created, last_seen, muzzled FROM accounts")) {
            while (rs.next()) {
                Level level = Level.parse(rs.getString(4));
                out.add(new Account(rs.getString(1), rs.getString(2), rs.getString(3),
                        level == null ? Level.USER : level, rs.getLong(5), rs.getLong(6), rs.getInt(7) != 0));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read accounts: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void insert(Account a) throws StoreException {
        try {
            PreparedStatement p = insert;
            p.setString(1, key(a.nick()));
            p.setString(2, a.nick());
            p.setString(3, a.passwordHash());
            p.setString(4, a.email());
            p.setString(5, a.level().wireName());
            p.setLong(6, a.created());
            p.setLong(7, a.lastSeen());
            p.setInt(8, a.muzzled() ? 1 : 0);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot register " + a.nick() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void update(Account a) throws StoreException {
        try {
            PreparedStatement p = update;
            p.setString(1, a.nick());
            p.setString(2, a.passwordHash());
            p.setString(3, a.email());
            p.setString(4, a.level().wireName());
            p.setLong(5, a.created());
            p.setLong(6, a.lastSeen());
            p.setInt(7, a.muzzled() ? 1 : 0);
            p.setString(8, key(a.nick()));
            if (p.executeUpdate() != 1) {
                throw new StoreException("no account " + a.nick());
            }
        } catch (SQLException e) {
            throw new StoreException("cannot update " + a.nick() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(String nick) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM accounts WHERE nick_key=?")) {
            p.setString(1, key(nick));
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot delete " + nick + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Ban> loadBans() throws StoreException {
        List<Ban> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT target, set_by, reason, created, expires FROM bans")) {
            while (rs.next()) {
                out.add(new Ban(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read bans: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void putBan(Ban b) throws StoreException {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT OR REPLACE INTO bans (target_key, target, set_by, reason, created, expires) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, key(b.target()));
            p.setString(2, b.target());
            p.setString(3, b.setBy());
            p.setString(4, b.reason());
            p.setLong(5, b.created());
            p.setLong(6, b.expires());
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store ban on " + b.target() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean deleteBan(String target) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM bans WHERE target_key=?")) {
            p.setString(1, key(target));
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot delete ban on " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            insert.close();
            update.close();
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close account database: " + e.getMessage(), e);
        }
    }
}
