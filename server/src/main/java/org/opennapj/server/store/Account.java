package org.opennapj.server.store;

/**
 * A registered nick as stored: the password is only ever held as a salted slow hash.
 * Times are UNIX seconds.
 */
public record Account(String nick, String passwordHash, String email, Level level, long created, long lastSeen) {

    public Account withPasswordHash(String hash) {
        return new Account(nick, hash, email, level, created, lastSeen);
    }

    public Account withEmail(String e) {
        return new Account(nick, passwordHash, e, level, created, lastSeen);
    }

    public Account withLevel(Level l) {
        return new Account(nick, passwordHash, email, l, created, lastSeen);
    }

    public Account withLastSeen(long t) {
        return new Account(nick, passwordHash, email, level, created, t);
    }
}
