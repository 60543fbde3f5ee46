package org.opennapj.server.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opennapj.protocol.IpAddress;
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
    private final Route route;
    private final long ipWire;
    private final long loginTime;

    private Level level = Level.USER;
    /** Muzzled users may not send public or private messages (622/623). */
    public boolean muzzled;
    /** Cloaked (652): hidden from whois and user lists of users below Moderator. */
    public boolean cloaked;
    /** Which operator notices this user receives (10203), a set of {@link Notice} bits. */
    public int noticeMode = Notice.ALL;
    public int linkSpeed;
    public int dataPort;
    public String clientInfo;
    public String email;
    /** For a user on another server: that server's name, and the port of the user's connection there. */
    public String server;
    public int serverPort;
    /** For a user on another server: how many files it shares, as its server says (10012). */
    public int remoteShared;
    /** The stored account, or null for an unregistered nick. */
    public Account account;
    public int downloads;
    public int uploads;
    public long totalDownloads;
    public long totalUploads;
    // The hotlist (nick keys, lower case), the ignore list (nick key -> the nick as the user wrote
    // it, for 321), both in the order added, and the channels the user is in, in join order. Each is
    // created on first use: most users never touch some of them, and an idle connection should cost
    // as little as possible.
    private Set<String> hotlist;
    private Map<String, String> ignored;
    private List<String> channels;

    User(int id, String nick, Route route, long ipWire, long loginTime) {
        this.id = id;
        this.nick = nick;
        this.key = key(nick);
        this.route = route;
        this.ipWire = ipWire;
        this.loginTime = loginTime;
    }

    public Level level() {
        return level;
    }

    /** Changes the level; only the core does this, so it can keep its list of moderators. */
    void level(Level level) {
        this.level = level;
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

    /** How messages reach this user. */
    public Route route() {
        return route;
    }

    /** The user's connection to this server; null for a user on another server of the network. */
    public Session session() {
        return route.session();
    }

    /** Whether the user is connected to this server (not behind a peer link). */
    public boolean local() {
        return route.session() != null;
    }

    /** UNIX seconds of login. */
    public long loginTime() {
        return loginTime;
    }

    /** The user's IPv4 address as napster messages carry it (little-endian unsigned 32-bit). */
    public long ipWire() {
        return ipWire;
    }

    /** The user's address in dotted form. */
    public String ip() {
        Session s = route.session();
        return s != null ? s.connection().remoteIp() : IpAddress.fromWire(ipWire);
    }

    public boolean firewalled() {
        return dataPort == 0;
    }

    /** The hotlist (read-only view; change it with {@link #hotlistAdd} and {@link #hotlistRemove}). */
    public Set<String> hotlist() {
        return hotlist == null ? Set.of() : Collections.unmodifiableSet(hotlist);
    }

    public boolean hotlistAdd(String key) {
        if (hotlist == null) {
            hotlist = new LinkedHashSet<>();
        }
        return hotlist.add(key);
    }

    public boolean hotlistRemove(String key) {
        return hotlist != null && hotlist.remove(key);
    }

    /** The ignored nicks as the user wrote them, in the order added. */
    public Collection<String> ignoredNicks() {
        return ignored == null ? List.of() : Collections.unmodifiableCollection(ignored.values());
    }

    public int ignoredCount() {
        return ignored == null ? 0 : ignored.size();
    }

    /** Whether this user ignores the user with that nick key (cheap when the list is empty). */
    public boolean ignores(String key) {
        return ignored != null && ignored.containsKey(key);
    }

    /** Adds a nick to the ignore list; false if its key was already there. */
    public boolean ignore(String nick) {
        if (ignored == null) {
            ignored = new LinkedHashMap<>();
        }
        return ignored.putIfAbsent(key(nick), nick) == null;
    }

    public boolean unignore(String key) {
        return ignored != null && ignored.remove(key) != null;
    }

    /** Empties the ignore list; returns how many nicks it held. */
    public int unignoreAll() {
        int n = ignored == null ? 0 : ignored.size();
        ignored = null;
        return n;
    }

    /** The channels this user is in, in join order (read-only view). */
    public List<String> channels() {
        return channels == null ? List.of() : Collections.unmodifiableList(channels);
    }

    public void joined(String channel) {
        if (channels == null) {
            channels = new ArrayList<>(4);
        }
        channels.add(channel);
    }

    public void parted(String channel) {
        if (channels != null) {
            channels.remove(channel);
        }
    }

    public void send(int type, String data) {
        route.send(type, data);
    }

    public void send(org.opennapj.protocol.MessageType type, String data) {
        route.send(type.code(), data);
    }

    /** Sends a body built once for many users. */
    public void send(int type, org.opennapj.protocol.Body body) {
        route.send(type, body);
    }

    public void notice(String text) {
        route.send(404, text);
    }
}
