package org.opennapj.server.core;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/**
 * A logged-in user. Owned by the core thread: only handlers running there read or change it,
 * which is why its mutable fields need no locking.
 */
public final class User {

    private final int id;
    private final String nick;
    private final String key;
    private final Session session;
    private final long loginTime;

    public Level level;
    public int linkSpeed;
    public int dataPort;
    public String clientInfo;
    public String email;
    /** The stored account, or null for an unregistered nick. */
    public Account account;
    public int downloads;
    public int uploads;
    public long totalDownloads;
    public long totalUploads;
    /** Nick keys (lower case) on this user's hotlist and ignore list, in the order added. */
    public final Set<String> hotlist = new LinkedHashSet<>();
    public final Set<String> ignored = new LinkedHashSet<>();
    /** Names of the channels this user is in, in join order. */
    public final java.util.List<String> channels = new java.util.ArrayList<>();

    User(int id, String nick, Session session, long loginTime) {
        this.id = id;
        this.nick = nick;
        this.key = key(nick);
        this.session = session;
        this.loginTime = loginTime;
    }

    public static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    /** Small integer id, unique among online users; the share index's owner id. */
    public int id() {
        return id;
    }

    public String nick() {
        return nick;
    }

    public String key() {
        return key;
    }

    public Session session() {
        return session;
    }

    /** UNIX seconds of login. */
    public long loginTime() {
        return loginTime;
    }

    public long ipWire() {
        return session.connection().remoteIpWire();
    }

    public String ip() {
        return session.connection().remoteIp();
    }

    public boolean firewalled() {
        return dataPort == 0;
    }

    public void send(int type, String data) {
        session.send(type, data);
    }

    public void send(org.opennapj.protocol.MessageType type, String data) {
        session.send(type.code(), data);
    }

    public void notice(String text) {
        session.send(404, text);
    }
}
