package org.opennapj.server.store;

/**
 * A registered nick as stored: the password is only ever held as a salted slow hash.
 * Times are UNIX seconds. A muzzled account (622) may not send public or private messages,
 * across logins and restarts, until it is unmuzzled (623).
 */
public record Account(String nick, String passwordHash, String email, Level level, long created, long lastSeen,
                      boolean muzzled) {

    /** A new account, not muzzled. */
    public Account(String nick, String passwordHash, String email, Level level, long created, long lastSeen) {
        this(nick, passwordHash, email, level, created, lastSeen, false);
    }

    public Account withPasswordHash(String hash) {
        return new Account(nick, hash, email, level, created, lastSeen, muzzled);
    }

    public Account withEmail(String e) {
        return new Account(nick, passwordHash, e, level, created, lastSeen, muzzled);
    }

    public Account withLevel(Level l) {
        return new Account(nick, passwordHash, email, l, created, lastSeen, muzzled);
    }

    public Account withLastSeen(long t) {
        return new Account(nick, passwordHash, email, level, created, t, muzzled);
    }

    public Account withMuzzled(boolean m) {
        return new Account(nick, passwordHash, email, level, created, lastSeen, m);
    }
}
