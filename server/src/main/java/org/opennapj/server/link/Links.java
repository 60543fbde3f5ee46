package org.opennapj.server.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.Burst;
import org.opennapj.server.core.Connection;
import org.opennapj.server.core.Network;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.PeerHandler.Prefixed;
import org.opennapj.server.core.Permissions;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links with other servers (opennap-ng 0.50's server-to-server protocol,
 * docs/LINKING-PROTOCOL.md): the {@code servers} file, the handshake on a connection that opens
 * with 10010 (accepted on the client port) or that we open ourselves (10100, auto_link, relink),
 * the burst, the users of the other servers and what crosses for them, splits, and the operator
 * numerics 10100, 10101, 10112 and 10120. All of it runs on the core thread; the transport only
 * opens connections and (de)compresses.
 */
public final class Links implements Network, PresenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(Links.class);
    /**
     * What stands for a user's password in the 2 this server sends: OpenNapJ never sends a
     * password across a link (opennap-ng sends the one the user typed).
     */
    static final String PASSWORD_PLACEHOLDER = "*";
    private static final int MAX_REMOTE_LINKS = 4096;
    /** opennap-ng's end of burst and its answer, and the end of a search's answers from one server. */
    private static final int END_OF_BURST = 10262;
    private static final int BURST_RECEIVED = 10263;

    private final ServerCore core;
    private final ServerConfig config;
    private final Path dataDir;
    private final Dialer dialer;
    private final IntSupplier ourPort;
    private final SecureRandom random = new SecureRandom();
    /** Name lookups (the acceptor's address check, the address to connect to), off the core thread. */
    private final ExecutorService dns = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "opennapj-link-dns");
        t.setDaemon(true);
        return t;
    });

    private List<ServerEntry> entries;
    /** Linked servers by name key, in the order they linked. */
    private final Map<String, Link> linked = new LinkedHashMap<>();
    /** Connections in their handshake. */
    private final Set<Link> pending = new LinkedHashSet<>();
    /** Links between other servers (10019), each learnt through one of our links. */
    private final List<RemoteLink> remote = new ArrayList<>();
    /** Connections being opened (name keys), so one peer is dialled once at a time. */
    private final Set<String> dialing = new HashSet<>();
    /** Peers to reconnect, by name key. */
    private final Map<String, Retry> retries = new HashMap<>();
    /** Searches under way across the network. */
    private final NetworkSearches searches;

    /** Servers an operator split from us that connected to us: refused until an operator links them here. */
    private final Set<String> splitByOperator = new HashSet<>();
    /** Local users leaving because another server said so (a kill, a collision): no 10000 for them. */
    private final Set<User> quiet = new HashSet<>();

    /** {@code server} reaches {@code peer}; {@code server} is on our side. */
    record RemoteLink(String server, int port, String peer, int peerPort, int hops, Link via) {
    }

    private static final class Retry {
        final ServerEntry entry;
        int delaySeconds;
        long atMillis;

        Retry(ServerEntry entry) {
            this.entry = entry;
        }
    }

    /**
     * @param dialer  opens connections to other servers (the transport)
     * @param ourPort the client port this server listens on (shown in 10019 and 10112)
     */
    public Links(ServerCore core, Path dataDir, Dialer dialer, IntSupplier ourPort) throws IOException {
        this.core = core;
        this.config = core.config();
        this.dataDir = dataDir;
        this.dialer = dialer;
        this.ourPort = ourPort;
        this.entries = ServersFile.read(dataDir);
        this.searches = new NetworkSearches(core, random, linked.values());
        if (!entries.isEmpty()) {
            LOG.info("{} servers in {}", entries.size(), dataDir.resolve(ServersFile.NAME));
        }
        core.network(this);
        core.addPresenceListener(this);
        core.everySecond(this::tick);
        // 10010 server login: <server-name> <nonce> <compression-level>  (before login: a peer opens with it)
        core.on(MessageType.SERVER_LOGIN, true, this::serverLogin);
        // 10011 server login ack: <hash>  (only after a 10010, and then it goes to the link, not here)
        core.on(MessageType.SERVER_LOGIN_ACK, true, this::strayLoginAck);
        core.on(MessageType.SERVER_CONNECT, Level.ADMIN, this::connectCommand);
        core.on(MessageType.SERVER_DISCONNECT, Level.ADMIN, this::disconnectCommand);
        core.on(MessageType.SHOW_SERVER_LINKS, false, this::listLinks);
        core.on(MessageType.PING_ALL_SERVERS, Level.MODERATOR, this::pingAll);
    }

    /** Links with every server in the servers file when auto_link is on (after the listener is bound). */
    public void start() {
        core.execute(() -> {
            if (config.flag("auto_link")) {
                for (ServerEntry e : latestEntries()) {
                    if (!isLinked(e.publicName())) {
                        dial(e, true, null);
                    }
                }
            }
        });
    }

    /** Stops the name lookup thread (the server is closing). */
    public void close() {
        dns.shutdownNow();
    }

    @Override
    public String serverName() {
        return config.string("server_name");
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------ the servers file

    /** Re-reads the servers file (so an operator's edit counts without a restart). */
    private List<ServerEntry> latestEntries() {
        try {
            entries = ServersFile.read(dataDir);
        } catch (IOException e) {
            LOG.warn("reading {}: {} (the previous entries are kept)", dataDir.resolve(ServersFile.NAME), e.toString());
        }
        return entries;
    }

    /**
     * The entry for a server name or alias (the last matching line wins), or null, from the file
     * as it is now (a handshake, a connect, a reconnect: rare events).
     */
    private ServerEntry find(String server) {
        return findIn(latestEntries(), server);
    }

    /** Like {@link #find}, from the entries last read: for checks made on every login from the network. */
    private ServerEntry findKnown(String server) {
        return findIn(entries, server);
    }

    private static ServerEntry findIn(List<ServerEntry> list, String server) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).matches(server)) {
                return list.get(i);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------ topology

    /** Whether a server name is ours, a linked server's, or either end of a known link elsewhere. */
    boolean isLinked(String name) {
        if (name.equalsIgnoreCase(serverName()) || linked.containsKey(key(name))) {
            return true;
        }
        for (RemoteLink r : remote) {
            if (r.server.equalsIgnoreCase(name) || r.peer.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean knownServer(String name) {
        return isKnownServer(name);
    }

    /** Whether a name is a server of the network other than this one. */
    private boolean isKnownServer(String name) {
        return !name.equalsIgnoreCase(serverName()) && isLinked(name);
    }

    /** Forgets the links behind {@code server} (it is no longer reachable). */
    private void removeBehind(String server) {
        List<String> gone = new ArrayList<>();
        gone.add(server);
        for (int i = 0; i < gone.size(); i++) {
            String s = gone.get(i);
            for (Iterator<RemoteLink> it = remote.iterator(); it.hasNext(); ) {
                RemoteLink r = it.next();
                if (r.peer.equalsIgnoreCase(s)) {
                    it.remove();
                } else if (r.server.equalsIgnoreCase(s)) {
                    it.remove();
                    gone.add(r.peer);
                }
            }
        }
    }

    /** Whether a nick is a user connected to this server. */
    boolean isLocalUser(String nick) {
        User u = core.user(nick);
        return u != null && u.local();
    }

    /** The link towards a user on another server, or null for a local user. */
    static Link linkOf(User u) {
        return u.route() instanceof PeerRoute r ? r.link : null;
    }

    // ------------------------------------------------------------------------ sending

    /** Sends to every linked server except {@code except} (null: all). */
    private void flood(int type, String data, Link except) {
        for (Link l : linked.values()) {
            if (l != except) {
                l.send(type, data);
            }
        }
    }

    @Override
    public void flood(int type, String data) {
        flood(type, data, null);
    }

    @Override
    public void floodExcept(int type, String data, String arrivedFrom) {
        flood(type, data, arrivedFrom == null ? null : linked.get(key(arrivedFrom)));
    }

    @Override
    public void floodAccounts(int type, String data, String arrivedFrom) {
        for (Link l : linked.values()) {
            if (l.sharesAccounts && (arrivedFrom == null || !l.name.equalsIgnoreCase(arrivedFrom))) {
                l.send(type, data);
            }
        }
    }

    @Override
    public boolean sharesAccounts(String linkedServer) {
        Link l = linked.get(key(linkedServer));
        return l != null && l.sharesAccounts;
    }

    @Override
    public void sendTo(String server, int type, String data) {
        Link l = linked.get(key(server));
        if (l != null) {
            l.send(type, data);
        }
    }

    @Override
    public void kill(User remote, String by, String reason) {
        flood(MessageType.KILL.code(), ":" + (by != null ? by : serverName()) + " " + remote.nick() + " "
                + Fields.quote(clean(reason)));
        core.leaveRemote(remote, "killed: " + reason);
    }

    /** A reason as the rest of a message: without the double quotes around it, if it has them. */
    private static String unquote(String s) {
        return s.length() > 1 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    @Override
    public boolean search(User searcher, String query, int max, Consumer<String> result, Runnable done) {
        return searches.start(searcher, query, max, result, done);
    }

    @Override
    public boolean route(User remote, int type, String data, String arrivedFrom) {
        Link next = linkOf(remote);
        if (next == null || next.state != Link.State.LINKED
                || (arrivedFrom != null && next.name.equalsIgnoreCase(arrivedFrom))) {
            return false;
        }
        next.send(type, data);
        return true;
    }

    private static String clean(String s) {
        return s.replace('"', '\'');
    }

    /** Most characters of another server's text (an error, a reason) shown to moderators or logged. */
    private static final int MAX_SHOWN = 256;

    private void tellModerators(String text) {
        core.tellModerators(Notice.SERVER, text);
    }

    /** What a peer sent, cut for a notice or the log: one long message must not fill a moderator's queue. */
    private static String shown(String text) {
        return org.opennapj.server.core.Shown.cut(text, MAX_SHOWN);
    }

    // ------------------------------------------------------------------------ handshake: accepting

    // 10010 server login: <server-name> <nonce> <compression-level>
    private void serverLogin(Session s, String data) throws MalformedFieldsException {
        if (s.state() != Session.State.CONNECTED) {
            // a logged-in client: told, not closed (opennap-ng closes)
            s.error("reregistration is not supported");
            return;
        }
        String ip = s.connection().remoteIp();
        List<String> f = Fields.split(data);
        if (f.size() != 3) {
            refuse(s, "link failed: invalid parameters", "?");
            return;
        }
        String name = f.get(0);
        if (isLinked(name)) {
            refuse(s, "link failed: already linked", name);
            return;
        }
        ServerEntry entry = find(name);
        if (entry == null) {
            refuse(s, "link failed: not in servers file", name);
            return;
        }
        if (entry.alias() != null && !entry.alias().equalsIgnoreCase(name)) {
            refuse(s, "link failed: you must set your server_name to " + entry.alias(), name);
            return;
        }
        if (splitByOperator.contains(entry.key())) {
            refuse(s, "link failed: an operator disconnected this link; an operator here will link it again", name);
            return;
        }
        int level = compressionLevel(f.get(2));
        if (level < 0 || level > 9) {
            refuse(s, "invalid compression level " + level, name);
            return;
        }
        Link l = new Link(this, s, false, false);
        l.entry = entry;
        l.name = entry.publicName();
        l.peerNonce = f.get(1);
        l.level = Math.min(level, ourCompressionLevel());
        l.port = s.connection().remotePort();
        pending.add(l);
        core.divert(s, l);
        // the peer's name must resolve to the address it connects from (any of its addresses)
        resolve(entry.name(), addresses -> {
            if (l.state != Link.State.HANDSHAKE) {
                return;
            }
            if (addresses.stream().noneMatch(a -> a.getHostAddress().equals(ip))) {
                fail(l, "link failed: IP address does not match " + entry.name());
                return;
            }
            l.myNonce = nonce();
            l.send(MessageType.SERVER_LOGIN.code(), serverName() + " " + l.myNonce + " " + l.level);
            l.send(MessageType.SERVER_LOGIN_ACK.code(), hash(l.peerNonce, l.myNonce, entry.myPass()));
            l.ready = true;
        });
    }

    // 10011 that did not follow a 10010 on this connection
    private void strayLoginAck(Session s, String data) {
        if (s.state() != Session.State.CONNECTED) {
            s.error("reregistration is not supported");
            return;
        }
        refuse(s, "You must login first", "?");
    }

    /** Refuses a connection that is not (yet) a link: a 0 with the reason, closed, logged. */
    private void refuse(Session s, String text, String name) {
        LOG.warn("server link from {} ({}) refused: {}", name, s.connection().remoteIp(), text);
        tellModerators("Server link from " + name + " (" + s.connection().remoteIp() + ") refused: " + text);
        core.refuse(s.connection(), text);
    }

    private static int compressionLevel(String field) {
        // as atoi: leading digits, anything else 0
        int i = 0;
        boolean negative = false;
        if (i < field.length() && (field.charAt(i) == '-' || field.charAt(i) == '+')) {
            negative = field.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < field.length() && Character.isDigit(field.charAt(i)) && v < 1000) {
            v = v * 10 + (field.charAt(i) - '0');
            i++;
        }
        return (int) (negative ? -v : v);
    }

    private int ourCompressionLevel() {
        return Math.max(0, Math.min(9, config.integer("compression_level")));
    }

    private String nonce() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    /** The 10011 value: upper-case hex MD5 of the two nonces and the password, as ASCII, concatenated. */
    static String hash(String firstNonce, String secondNonce, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(firstNonce.getBytes(StandardCharsets.ISO_8859_1));
            md5.update(secondNonce.getBytes(StandardCharsets.ISO_8859_1));
            md5.update(password.getBytes(StandardCharsets.ISO_8859_1));
            return HexFormat.of().withUpperCase().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no MD5", e);
        }
    }

    /** Resolves a name off the core thread; the addresses (empty if it does not resolve) come back on it. */
    private void resolve(String name, Consumer<List<InetAddress>> then) {
        try {
            dns.execute(() -> {
                List<InetAddress> found;
                try {
                    found = List.of(InetAddress.getAllByName(name));
                } catch (UnknownHostException e) {
                    found = List.of();
                }
                List<InetAddress> result = found;
                core.execute(() -> then.accept(result));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    // ------------------------------------------------------------------------ handshake: connecting

    /** Opens a link to a server of the servers file; {@code retry}: try again later if it fails. */
    private void dial(ServerEntry entry, boolean retry, User asker) {
        String k = entry.key();
        if (!dialing.add(k)) {
            return;
        }
        LOG.info("connecting to server {}", entry);
        resolve(entry.name(), addresses -> {
            if (addresses.isEmpty()) {
                dialFailed(entry, retry, "cannot resolve " + entry.name(), asker);
                return;
            }
            dialer.dial(new InetSocketAddress(addresses.get(0), entry.port()),
                    c -> connected(entry, c, retry, asker), why -> dialFailed(entry, retry, why, asker));
        });
    }

    private void dialFailed(ServerEntry entry, boolean retry, String why, User asker) {
        dialing.remove(entry.key());
        LOG.warn("connecting to server {} failed: {}", entry, why);
        tellModerators("Connecting to server " + entry.publicName() + " failed: " + why);
        if (asker != null && core.user(asker.nick()) == asker && !asker.level().atLeast(Level.MODERATOR)) {
            asker.notice("Connecting to server " + entry.publicName() + " failed: " + why);
        }
        if (retry) {
            retryLater(entry, false);
        }
    }

    private void connected(ServerEntry entry, Connection c, boolean retry, User asker) {
        dialing.remove(entry.key());
        Session s = c.session();
        if (s == null || s.state() != Session.State.CONNECTED) {
            dialFailed(entry, retry, "connection closed", asker);
            return;
        }
        Link l = new Link(this, s, true, retry);
        l.entry = entry;
        l.name = entry.publicName();
        l.port = entry.port();
        l.myNonce = nonce();
        pending.add(l);
        core.divert(s, l);
        l.send(MessageType.SERVER_LOGIN.code(), serverName() + " " + l.myNonce + " " + ourCompressionLevel());
    }

    // ------------------------------------------------------------------------ handshake: both sides

    /** A message on a link connection (core thread). */
    void received(Link l, Message m) {
        if (l.state == Link.State.HANDSHAKE) {
            handshake(l, m);
            return;
        }
        if (l.state != Link.State.LINKED) {
            return;
        }
        try {
            if (handle(l, m.type(), m.data())) {
                flood(m.type(), m.data(), l);
            }
        } catch (MalformedFieldsException e) {
            LOG.debug("from server {}: malformed {}: {}", l.name, m.type(), e.getMessage());
        } catch (RuntimeException e) {
            // never the payload: a 2 from opennap-ng carries a password
            LOG.error("from server {}: handling {} ({} bytes) failed", l.name, m.type(), m.data().length(), e);
        }
    }

    private void handshake(Link l, Message m) {
        int type = m.type();
        if (type == MessageType.ERROR.code() || type == MessageType.NOTICE.code()) {
            // never answered: the peer says why it will not link
            LOG.warn("server {} refused the link: {}", l, shown(m.data()));
            tellModerators("Server " + l.name + " refused the link: " + shown(m.data()));
            close(l, "refused by the peer: " + shown(m.data()));
            return;
        }
        if (l.outgoing && !l.ready) {
            if (type != MessageType.SERVER_LOGIN.code()) {
                fail(l, "invalid command");
                return;
            }
            List<String> f;
            try {
                f = Fields.split(m.data());
            } catch (MalformedFieldsException e) {
                f = List.of();
            }
            if (f.size() != 3) {
                fail(l, "link failed: invalid parameters");
                return;
            }
            String name = f.get(0);
            if (isLinked(name)) {
                fail(l, "link failed: already linked");
                return;
            }
            ServerEntry entry = find(name);
            if (entry == null) {
                fail(l, "link failed: not in servers file");
                return;
            }
            if (entry.alias() != null && !entry.alias().equalsIgnoreCase(name)) {
                fail(l, "link failed: you must set your server_name to " + entry.alias());
                return;
            }
            int level = compressionLevel(f.get(2));
            if (level < 0 || level > 9) {
                fail(l, "invalid compression level " + level);
                return;
            }
            l.entry = entry;
            l.name = entry.publicName();
            l.peerNonce = f.get(1);
            l.level = Math.min(level, ourCompressionLevel());
            // our 10011 waits until the peer's (which follows its 10010 at once) is checked: a wrong
            // password is then refused with a 0 the peer can still read uncompressed
            l.ready = true;
            return;
        }
        if (!l.ready || type != MessageType.SERVER_LOGIN_ACK.code()) {
            fail(l, type == MessageType.SERVER_LOGIN.code() ? "reregistration is not supported" : "invalid command");
            return;
        }
        String expected = hash(l.myNonce, l.peerNonce, l.entry.theirPass());
        if (!expected.equals(m.data().strip())) {
            fail(l, "link failed: bad password");
            return;
        }
        if (l.outgoing) {
            l.send(MessageType.SERVER_LOGIN_ACK.code(), hash(l.peerNonce, l.myNonce, l.entry.myPass()));
        }
        promote(l);
    }

    /** The handshake failed: a 0 with the reason, closed, logged, moderators told. */
    private void fail(Link l, String text) {
        LOG.warn("server link with {} failed: {}", l, text);
        tellModerators("Server link with " + l.name + " failed: " + text);
        l.send(MessageType.ERROR.code(), text);
        close(l, text);
    }

    /** Closes a connection still in its handshake. */
    private void close(Link l, String why) {
        if (l.state == Link.State.CLOSED) {
            return;
        }
        l.state = Link.State.CLOSED;
        pending.remove(l);
        core.disconnect(l.session, why);
        if (l.retry && l.entry != null) {
            retryLater(l.entry, false);
        }
    }

    /** Both 10011s are checked: the connection becomes a link, unless the server got linked meanwhile. */
    private void promote(Link l) {
        // checked again now, in the same task that adds the link: two links to one server, or a
        // loop through servers that linked at the same time, cannot form
        Link existing = linked.get(l.key());
        if (existing != null && existing.outgoing != l.outgoing && initiatedByFirstName(l)) {
            // both servers connected to each other at the same moment: both keep the connection
            // opened by the server whose name sorts first, so they agree on which one survives
            LOG.info("server {} connected to us while we connected to it: keeping the connection {} opened",
                    l.name, l.outgoing ? "we" : "it");
            drop(existing, "replaced by a link made at the same time", true);
        } else if (isLinked(l.name)) {
            fail(l, "link failed: already linked");
            return;
        }
        pending.remove(l);
        l.state = Link.State.LINKED;
        l.linkedAtMillis = System.currentTimeMillis();
        linked.put(l.key(), l);
        retries.remove(l.entry.key());
        Connection c = l.session.connection();
        c.startCompression(l.level);
        c.queueLimit(config.integer("server_queue_length"));
        LOG.info("linked with server {} ({}, compression {})", l.name, l.outgoing ? "we connected" : "it connected", l.level);
        tellModerators("Server " + l.name + " has joined");
        flood(MessageType.SERVER_LINK_INFO.code(), Fields.join(serverName(), ourPort.getAsInt(), l.name, l.port, 2), l);
        burst(l);
    }

    /** Whether the server that opened this connection has the name that sorts first of the two. */
    private boolean initiatedByFirstName(Link l) {
        String opener = l.outgoing ? serverName() : l.name;
        String other = l.outgoing ? l.name : serverName();
        return opener.compareToIgnoreCase(other) < 0;
    }

    // ------------------------------------------------------------------------ the burst

    private void burst(Link l) {
        l.send(MessageType.TIME_CHECK.code(), ":" + serverName() + " " + System.currentTimeMillis() / 1000);
        // OpenNapJ's features, before any user: a peer that shares accounts trusts our users' logins
        l.send(Network.PEER_FEATURES, ":" + serverName() + " " + Network.ACCOUNTS_FEATURE);
        for (Link other : linked.values()) {
            if (other != l) {
                l.send(MessageType.SERVER_LINK_INFO.code(), Fields.join(serverName(), ourPort.getAsInt(), other.name, other.port, 2));
            }
        }
        for (RemoteLink r : remote) {
            if (r.via != l) {
                l.send(MessageType.SERVER_LINK_INFO.code(), Fields.join(r.server, r.port, r.peer, r.peerPort, r.hops + 1));
            }
        }
        for (User u : core.users()) {
            if (linkOf(u) != l) {
                announce(u, l);
            }
        }
        core.burst(new Burst() {
            @Override
            public void send(int type, String data) {
                l.send(type, data);
            }

            @Override
            public boolean behindPeer(User u) {
                return linkOf(u) == l;
            }
        });
        l.send(END_OF_BURST, "");
    }

    /** A user's login as the servers send it: 2, then 606 / 652 / 622 where they apply (to one link, or all). */
    private void announce(User u, Link to) {
        send(to, MessageType.LOGIN.code(), loginLine(u));
        String us = serverName();
        if (u.level() != Level.USER) {
            send(to, MessageType.CHANGE_LEVEL.code(), ":" + us + " " + u.nick() + " " + u.level().wireName());
        }
        if (u.cloaked) {
            send(to, MessageType.CLOAK.code(), ":" + u.nick() + " 1");
        }
        if (u.muzzled) {
            send(to, MessageType.MUZZLE.code(), ":" + us + " " + u.nick());
        }
    }

    private void send(Link to, int type, String data) {
        if (to == null) {
            flood(type, data, null);
        } else {
            to.send(type, data);
        }
    }

    /**
     * {@code 2 <nick> <password> <dataport> "<client>" <speed> <email> <login-time> <ip> <server> <server-port>},
     * with a placeholder for the password.
     */
    private String loginLine(User u) {
        String client = u.clientInfo == null ? "" : u.clientInfo.replace('"', '\'');
        return Fields.join(u.nick(), PASSWORD_PLACEHOLDER, u.dataPort, Fields.quote(client), u.linkSpeed, "unknown",
                u.loginTime(), u.ipWire(), u.local() ? serverName() : u.server,
                u.local() ? ourPort.getAsInt() : u.serverPort);
    }

    // ------------------------------------------------------------------------ local users

    @Override
    public void userJoined(User u) {
        if (u.local() && !linked.isEmpty()) {
            announce(u, null);
        }
    }

    @Override
    public void userLeft(User u) {
        Link l = linkOf(u);
        if (l != null) {
            l.users.remove(u);
            return;
        }
        if (!quiet.remove(u)) {
            flood(MessageType.CLIENT_QUIT.code(), u.nick());
        }
        searches.userLeft(u);
    }

    // ------------------------------------------------------------------------ splits

    /** The connection of a link (or handshake) is gone (core thread). */
    void closed(Link l, String why) {
        if (l.state == Link.State.HANDSHAKE) {
            LOG.warn("server link with {} closed during the handshake: {}", l, why);
            close(l, why);
            return;
        }
        if (l.state == Link.State.LINKED) {
            split(l, why);
        }
    }

    /**
     * A link is gone: the other servers are told (unless an operator's 10101 did it, which they
     * have), the links behind it are forgotten, and every user reached through it leaves at once.
     */
    private void split(Link l, String why) {
        l.state = Link.State.CLOSED;
        linked.remove(l.key(), l);
        LOG.info("link with server {} closed: {} ({} users behind it)", l.name, why, l.users.size());
        if (!l.operatorDrop) {
            tellModerators("Server " + l.name + " has quit: " + why);
            flood(MessageType.SERVER_DISCONNECT.code(), ":" + serverName() + " " + l.name + " \"EOF\"", null);
        }
        remote.removeIf(r -> r.via == l);
        for (User u : new ArrayList<>(l.users)) {
            flood(MessageType.CLIENT_QUIT.code(), u.nick(), null);
            core.leaveRemote(u, "server split: " + l.name);
        }
        l.users.clear();
        searches.linkGone(l);
        if (l.outgoing && !l.operatorDrop) {
            retryLater(l.entry, true);
        }
    }

    /**
     * A server an operator split from us may not link again by itself (its own relink): it is
     * refused until an operator here links it (10100).
     */
    private void blockRelink(Link l) {
        if (!l.outgoing) {
            splitByOperator.add(l.key());
        }
    }

    /** Drops a link on purpose (an operator's 10101, a clock too far off). */
    private void drop(Link l, String why, boolean byOperator) {
        if (l.state != Link.State.LINKED) {
            return;
        }
        l.operatorDrop = byOperator;
        split(l, why);
        core.disconnect(l.session, why);
    }

    // ------------------------------------------------------------------------ reconnecting

    /**
     * Reconnects a peer later, when it is configured to (auto_relink, and not {@code norelink} in
     * the servers file): after link_retry_min seconds, doubling with each failure up to
     * link_retry_max. {@code first}: start again from the shortest wait.
     */
    private void retryLater(ServerEntry entry, boolean first) {
        ServerEntry current = find(entry.publicName());
        if (current == null || !current.relink() || !config.flag("auto_relink")) {
            retries.remove(entry.key());
            return;
        }
        Retry r = retries.computeIfAbsent(current.key(), k -> new Retry(current));
        int min = Math.max(1, config.integer("link_retry_min"));
        int max = Math.max(min, config.integer("link_retry_max"));
        r.delaySeconds = first || r.delaySeconds == 0 ? min : Math.min(max, r.delaySeconds * 2);
        // up to half as long again, at random: two servers that both reconnect (auto_link on both
        // sides) would otherwise keep meeting each other's attempt at the same moment
        r.atMillis = System.currentTimeMillis() + r.delaySeconds * 1000L + random.nextInt(r.delaySeconds * 500 + 1);
        LOG.info("reconnecting to server {} in {} s", current.publicName(), r.delaySeconds);
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (Retry r : new ArrayList<>(retries.values())) {
            if (r.atMillis <= now && !dialing.contains(r.entry.key()) && !isLinked(r.entry.publicName())
                    && pending.stream().noneMatch(p -> p.entry == r.entry)) {
                r.atMillis = Long.MAX_VALUE;     // the attempt's failure schedules the next
                dial(r.entry, true, null);
            } else if (isLinked(r.entry.publicName())) {
                retries.remove(r.entry.key());
            }
        }
        // every ping_interval a lag check; a server that has not answered the previous one by then is
        // dropped (opennap-ng only reports lag: a dead peer whose socket stays open would never go)
        long interval = config.integer("ping_interval") * 1000L;
        if (interval > 0) {
            for (Link l : new ArrayList<>(linked.values())) {
                long since = now - Math.max(l.pingSentMillis, l.linkedAtMillis);
                if (since < interval) {
                    continue;
                }
                if (l.pingSentNanos != 0 && l.pingSentMillis != 0) {
                    drop(l, "no answer to a ping in " + interval / 1000 + " seconds", false);
                } else {
                    ping(l, now);
                }
            }
        }
        searches.tick(now);
        long timeout = config.integer("login_timeout") * 1000L;
        if (timeout > 0) {
            for (Link l : new ArrayList<>(pending)) {
                if (now - l.openedMillis > timeout) {
                    fail(l, "Idle timeout");
                }
            }
        }
    }

    // ------------------------------------------------------------------------ what peers send

    /** Handles a message from a linked server; returns whether it is to be passed on to the others. */
    private boolean handle(Link l, int type, String data) throws MalformedFieldsException {
        switch (type) {
            case 2:
                return remoteLogin(l, data);
            case 10000:
                return remoteQuit(l, data);
            case 610:
                return remoteKill(l, data);
            case 205:
                return remotePrivateMessage(l, data);
            case 10018:
                return encapsulated(l, data);
            case 10019:
                return linkInfo(l, data);
            case 10101:
            case 10020:
                return serverQuit(l, data);
            case 10100:
                return remoteConnect(l, data);
            case 10023:
                return timeCheck(l, data);
            case Network.PEER_FEATURES:
                if (l.featuresSeen) {
                    // once per link: a repeat would have every account sent again
                    LOG.debug("server {} announced its features again; ignored", l.name);
                    return false;
                }
                l.featuresSeen = true;
                l.sharesAccounts = Fields.split(data).contains(Network.ACCOUNTS_FEATURE);
                PeerHandler features = core.peerHandler(type);
                return features != null && features.handle(l.name, data);
            case 10262:
                // the peer's burst is over
                l.send(BURST_RECEIVED, "");
                LOG.info("server {} finished its burst", l.name);
                tellModerators("Server " + l.name + " has sent its burst");
                return false;
            case 10263:
                LOG.debug("server {} received our burst", l.name);
                return false;
            case 0:
            case 404:
                if (data.equals("Unknown command code " + Network.PEER_FEATURES)) {
                    // opennap-ng's answer to our features: it is not OpenNapJ, and shares no accounts
                    LOG.info("server {} does not know OpenNapJ's features: no accounts are exchanged with it", l.name);
                    return false;
                }
                // reported, never answered (two servers would answer each other forever)
                LOG.warn("server {} sent error: {}", l.name, shown(data));
                tellModerators("Server " + l.name + " sent error: " + shown(data));
                return false;
            case 750:
                return remotePing(l, data);
            case 10022:
                return pong(l, data);
            case 606:
                return remoteLevel(l, data);
            case 652:
                return remoteCloak(l, data);
            case 622:
                return remoteMuzzle(l, data, true);
            case 623:
                return remoteMuzzle(l, data, false);
            case 10015:
            case 10016:
            case 10017:
                searches.received(l, type, data);
                return false;
            default:
                PeerHandler h = core.peerHandler(type);
                if (h != null) {
                    return h.handle(l.name, data);
                }
                LOG.debug("from server {}: numeric {} is not handled across servers yet; ignored", l.name, type);
                return false;
        }
    }

    // 2 <nick> <password> <port> "<client>" <speed> <email> <login-time> <ip> <server> <server-port>
    private boolean remoteLogin(Link l, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        String us = serverName();
        if (f.size() < 10) {
            if (!f.isEmpty()) {
                l.send(MessageType.KILL.code(), ":" + us + " " + f.get(0) + " \"bad login message from server\"");
            }
            return false;
        }
        String nick = f.get(0);
        // no other check of nicks from the network (as opennap-ng), but a length any client can show
        if (nick.equalsIgnoreCase(us) || nick.length() > Network.MAX_REMOTE_NICK || isLinked(nick) || findKnown(nick) != null) {
            l.send(MessageType.KILL.code(), ":" + us + " " + shown(nick) + " \"Invalid nick\"");
            return false;
        }
        // f.get(1), the password, is never kept, logged or passed on; it is checked (below) when the
        // nick is registered here and the peer does not share accounts
        int port = (int) (parseLong(f.get(2), 0) & 0xFFFF);
        int speed = (int) parseLong(f.get(4), 0);
        if (speed < 0 || speed > 10) {
            speed = 0;
        }
        long loginTime = parseLong(f.get(6), System.currentTimeMillis() / 1000);
        long ip = parseLong(f.get(7), 0) & 0xFFFFFFFFL;
        String home = shown(f.get(8));
        int homePort = (int) (parseLong(f.get(9), 0) & 0xFFFF);
        User existing = core.user(nick);
        if (existing != null) {
            String why = "nick collision (" + home + " " + homeOf(existing) + ")";
            String kill = ":" + us + " " + nick + " ";
            if (!existing.local() && linked.size() == 1) {
                // only one link: the copy we have is stale
                core.leaveRemote(existing, "replaced by a new login from " + home);
            } else if (loginTime == existing.loginTime()) {
                tellModerators("Nick collision for " + nick + " (" + home + " " + homeOf(existing) + "): both killed");
                flood(MessageType.KILL.code(), kill + Fields.quote(why + "(connected=)"), l);
                removeCopy(existing, why);
                l.send(MessageType.KILL.code(), kill + Fields.quote(why + "(connected=)"));
                return false;
            } else if (loginTime < existing.loginTime()) {
                // the older login wins: ours goes
                tellModerators("Nick collision for " + nick + " (" + home + " " + homeOf(existing) + "): the older login from "
                        + home + " wins");
                flood(MessageType.KILL.code(), kill + Fields.quote(why + "(connected<)"), l);
                removeCopy(existing, why);
            } else {
                // ours is older: the incoming one is killed, and ours announced again where it came from
                tellModerators("Nick collision for " + nick + " (" + home + " " + homeOf(existing) + "): the older login on "
                        + homeOf(existing) + " wins");
                l.send(MessageType.KILL.code(), kill + Fields.quote(why + "(connected>)"));
                announce(existing, l);
                for (String c : existing.channels()) {
                    if (!c.startsWith("&")) {
                        l.send(MessageType.JOIN.code(), ":" + existing.nick() + " " + c);
                    }
                }
                return false;
            }
        }
        User u = core.addRemoteUser(nick, new PeerRoute(l, nick), ip, loginTime);
        u.dataPort = port;
        u.linkSpeed = speed;
        String client = f.get(3);
        int maxClient = config.integer("max_client_string");
        u.clientInfo = maxClient > 0 && client.length() > maxClient ? client.substring(0, maxClient) : client;
        u.email = f.get(5);
        u.server = home;
        u.serverPort = homePort;
        l.users.add(u);
        core.announceRemote(u);
        flood(MessageType.LOGIN.code(), loginLine(u), l);
        core.checkRemoteLogin(u, f.get(1), l.name);
        return false;
    }

    private String homeOf(User u) {
        return u.local() ? serverName() : u.server;
    }

    /** Removes our copy of a nick (a collision): a local user is disconnected, a remote one forgotten. */
    private void removeCopy(User u, String why) {
        if (u.local()) {
            quiet.add(u);
            core.kill(u, why);
            quiet.remove(u);
        } else {
            core.leaveRemote(u, why);
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // 10000 <nick>
    private boolean remoteQuit(Link l, String data) throws MalformedFieldsException {
        User u = core.user(Fields.first(data, "a nick"));
        if (u == null || linkOf(u) != l) {
            // unknown, or one of our own users (opennap-ng kills those; we do not)
            return false;
        }
        core.leaveRemote(u, "quit");
        return true;
    }

    // 610 :<sender> <nick> ["<reason>"]
    private boolean remoteKill(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.isEmpty()) {
            return false;
        }
        User target = core.user(f.get(0));
        if (target == null) {
            return false;
        }
        String reason = shown(f.size() > 1 ? unquote(f.get(1).strip()) : "");
        User killer = core.user(p.sender());
        if (killer != null) {
            if (killer.local() || !Permissions.outranks(killer.level(), target.level())) {
                LOG.debug("from server {}: kill of {} by {} refused", l.name, target.nick(), killer.nick());
                return false;
            }
        } else if (!isKnownServer(p.sender())) {
            return false;
        }
        tellModerators(p.sender() + " killed " + target.nick() + ": " + reason);
        if (target.local()) {
            quiet.add(target);
            core.killWith(target, "You have been killed by " + p.sender() + ": " + reason);
            quiet.remove(target);
        } else {
            core.leaveRemote(target, "killed by " + p.sender() + ": " + reason);
        }
        return true;
    }

    // 205 :<sender> <recipient> <text>
    private boolean remotePrivateMessage(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        User from = core.user(p.sender());
        List<String> f = Fields.split(p.rest(), 2);
        if (from == null || from.local() || f.size() < 2) {
            return false;
        }
        User to = core.user(f.get(0));
        if (to == null) {
            from.notice("User " + f.get(0) + " is not currently online.");
            return false;
        }
        if (!to.local()) {
            Link next = linkOf(to);
            if (next != l) {
                next.send(MessageType.PRIVATE_MESSAGE.code(), data);
            }
            return false;
        }
        if (to.ignores(from.key())) {
            from.notice(to.nick() + " is ignoring you");
            return false;
        }
        String text = f.get(1);
        int max = config.integer("max_message_length");
        if (max > 0 && text.length() > max) {
            text = text.substring(0, max);
        }
        to.send(MessageType.PRIVATE_MESSAGE, from.nick() + " " + text);
        return false;
    }

    // 10018 :<server> <nick> <frame: length LE16, type LE16, payload>
    private boolean encapsulated(Link l, String data) {
        if (!data.startsWith(":")) {
            return false;
        }
        int first = data.indexOf(' ');
        int second = first < 0 ? -1 : data.indexOf(' ', first + 1);
        if (second < 0) {
            return false;
        }
        User to = core.user(data.substring(first + 1, second));
        if (to == null) {
            return false;
        }
        if (!to.local()) {
            Link next = linkOf(to);
            if (next != l) {
                next.send(MessageType.ENCAPSULATED_MESSAGE.code(), data);
            }
            return false;
        }
        String frame = data.substring(second + 1);
        if (frame.length() < 4) {
            return false;
        }
        int len = (frame.charAt(0) & 0xFF) | (frame.charAt(1) & 0xFF) << 8;
        int type = (frame.charAt(2) & 0xFF) | (frame.charAt(3) & 0xFF) << 8;
        if (len > frame.length() - 4) {
            LOG.debug("from server {}: 10018 for {} with an inner length past its end; dropped", l.name, to.nick());
            return false;
        }
        to.session().send(type, frame.substring(4, 4 + len));
        return false;
    }

    // 10019 <server> <port> <peer> <peer-port> <hops>
    private boolean linkInfo(Link l, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() != 5) {
            LOG.debug("from server {}: 10019 without its 5 fields; dropped", l.name);
            return false;
        }
        String server = f.get(0);
        String peer = f.get(2);
        boolean known = peer.equalsIgnoreCase(serverName()) || linked.containsKey(key(peer))
                || remote.stream().anyMatch(r -> r.peer.equalsIgnoreCase(peer));
        if (known) {
            LOG.warn("from server {}: link {} - {} is already known; dropped", l.name, server, peer);
            return false;
        }
        if (remote.size() >= MAX_REMOTE_LINKS) {
            LOG.warn("from server {}: more than {} links in the network; {} - {} dropped", l.name, MAX_REMOTE_LINKS, server, peer);
            return false;
        }
        int port = (int) Math.max(0, Math.min(65535, parseLong(f.get(1), 0)));
        int peerPort = (int) Math.max(0, Math.min(65535, parseLong(f.get(3), 0)));
        int hops = (int) Math.max(2, Math.min(1000, parseLong(f.get(4), 2)));
        remote.add(new RemoteLink(server, port, peer, peerPort, hops, l));
        flood(MessageType.SERVER_LINK_INFO.code(), Fields.join(server, port, peer, peerPort, hops + 1), l);
        return false;
    }

    // 10101 / 10020 :<sender> <server> "<reason>"
    private boolean serverQuit(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.isEmpty()) {
            return false;
        }
        User sender = core.user(p.sender());
        if (sender != null && (sender.local() || !sender.level().atLeast(Level.ADMIN))) {
            return false;
        }
        String server = f.get(0);
        String reason = shown(f.size() > 1 ? unquote(f.get(1).strip()) : "");
        if (server.equalsIgnoreCase(serverName())) {
            // the server this came from is dropping its link with us: not to be undone by a relink
            l.operatorDrop = true;
            LOG.info("server {} is disconnecting from us ({}: {})", l.name, p.sender(), reason);
            return false;
        }
        Link direct = linked.get(key(server));
        if (direct == null && !isKnownServer(server)) {
            LOG.debug("from server {}: 10101 for unknown server {}; dropped", l.name, server);
            return false;
        }
        // passed on, but not to the server being dropped: an opennap-ng server would pass it to its
        // own peers, which would all drop it too
        for (Link other : linked.values()) {
            if (other != l && other != direct) {
                other.send(MessageType.SERVER_DISCONNECT.code(), data);
            }
        }
        tellModerators(p.sender() + " disconnected server " + server + ": " + reason);
        if (direct != null) {
            blockRelink(direct);
            drop(direct, "disconnected by " + p.sender() + ": " + reason, true);
        } else {
            removeBehind(server);
        }
        return false;
    }

    // 10100 :<nick> <server> <remote-server>
    private boolean remoteConnect(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        User sender = core.user(p.sender());
        List<String> f = Fields.split(p.rest());
        if (sender == null || sender.local() || !sender.level().atLeast(Level.ADMIN) || f.size() < 2) {
            return false;
        }
        if (!f.get(1).equalsIgnoreCase(serverName())) {
            return true;
        }
        String problem = connect(f.get(0), sender);
        sender.notice(problem != null ? "server connect failed: " + problem
                : serverName() + ": connecting to " + f.get(0));
        return false;
    }

    // 10023 :<server> <unix-time>
    private boolean timeCheck(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        String t = p != null ? Fields.first(p.rest(), "a time") : Fields.first(data, "a time");
        long delta = Math.abs(System.currentTimeMillis() / 1000 - parseLong(t, System.currentTimeMillis() / 1000));
        int max = config.integer("max_time_delta");
        int warn = config.integer("warn_time_delta");
        if ((max > 0 && delta > max) || (warn > 0 && delta > warn)) {
            l.send(MessageType.ERROR.code(), "Clock skewed by " + delta + " seconds");
            tellModerators("Server " + l.name + "'s clock is off by " + delta + " seconds");
        }
        if (max > 0 && delta > max) {
            drop(l, "clock skewed by " + delta + " seconds", false);
        }
        return false;
    }

    // 750 :<sender> <server> [args]
    private boolean remotePing(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.isEmpty()) {
            return false;
        }
        if (f.get(0).equalsIgnoreCase(serverName())) {
            l.send(MessageType.SERVER_PONG.code(), ":" + serverName() + " " + p.sender() + (f.size() > 1 ? " " + f.get(1) : ""));
            return false;
        }
        return isKnownServer(f.get(0));
    }

    // 10022 :<server> <target> [args]
    private boolean pong(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.isEmpty()) {
            return false;
        }
        if (f.get(0).equalsIgnoreCase(serverName())) {
            Link from = linked.get(key(p.sender()));
            if (from != null && from.pingSentNanos != 0) {
                long ms = (System.nanoTime() - from.pingSentNanos) / 1_000_000;
                from.pingSentNanos = 0;
                if (from.pingReported) {
                    from.pingReported = false;
                    core.tellModerators(Notice.PING, "Pong from server " + from.name + " [" + ms + " millisecs]");
                }
            }
            return false;
        }
        return isKnownServer(f.get(0));
    }

    // 606 :<sender> <nick> <level>  (the level of a user on another server, as its server says)
    private boolean remoteLevel(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.size() < 2) {
            return false;
        }
        User u = core.user(f.get(0));
        Level level = levelOf(f.get(1));
        if (u == null || level == null || u.level() == level) {
            return false;
        }
        User actor = core.user(p.sender());
        if (actor == null) {
            // a server says what level one of its users has (its burst, its accounts); not for ours
            if (!isKnownServer(p.sender()) || u.local()) {
                return false;
            }
            core.setLevel(u, level);
            return true;
        }
        // an operator elsewhere: checked again here, as opennap-ng does, with our idea of the levels
        if (actor.local() || actor.level() != Level.ELITE && (level.atLeast(actor.level())
                || actor != u && !Permissions.outranks(actor.level(), u.level()))) {
            LOG.debug("from server {}: level change of {} by {} refused", l.name, u.nick(), actor.nick());
            return false;
        }
        core.setLevel(u, level);
        if (u.local()) {
            // for this session: the stored account, if any, keeps its level
            u.notice(actor.nick() + " changed your user level to " + level.wireName() + " (" + level.ordinal() + ")");
        }
        return true;
    }

    /** A level name as servers send it: its first three letters, any case. */
    static Level levelOf(String s) {
        if (s.length() < 3) {
            return null;
        }
        String t = s.substring(0, 3).toLowerCase(Locale.ROOT);
        for (Level l : Level.values()) {
            if (l.wireName().toLowerCase(Locale.ROOT).startsWith(t)) {
                return l;
            }
        }
        return null;
    }

    // 652 :<nick> 0|1
    private boolean remoteCloak(Link l, String data) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        User u = core.user(p.sender());
        if (u == null || u.local()) {
            return false;
        }
        boolean on = Fields.first(p.rest(), "0 or 1").equals("1");
        if (u.cloaked == on) {
            return false;
        }
        u.cloaked = on;
        return true;
    }

    // 622 / 623 :<sender> <nick> ["<reason>"]  (from a server: a user's muzzle as its server has it)
    private boolean remoteMuzzle(Link l, String data, boolean on) throws MalformedFieldsException {
        Prefixed p = Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        User u = f.isEmpty() ? null : core.user(f.get(0));
        if (u == null || u.muzzled == on) {
            return false;
        }
        User actor = core.user(p.sender());
        if (actor == null) {
            // a server says one of its users is muzzled (its burst); not for ours
            if (!isKnownServer(p.sender()) || u.local()) {
                return false;
            }
            u.muzzled = on;
            return true;
        }
        if (actor.local() || !Permissions.outranks(actor.level(), u.level())) {
            LOG.debug("from server {}: muzzle of {} by {} refused", l.name, u.nick(), actor.nick());
            return false;
        }
        u.muzzled = on;
        if (u.local()) {
            // for this session: the stored account, if any, keeps its muzzle
            String reason = f.size() > 1 ? shown(unquote(f.get(1).strip())) : "";
            u.notice("You have been " + (on ? "muzzled" : "unmuzzled") + " by " + actor.nick() + ": " + reason);
        }
        return true;
    }

    // ------------------------------------------------------------------------ operator numerics

    // 10100 server connect: <server> [<remote-server>]  (Admin+)
    private void connectCommand(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty() || f.get(0).isEmpty()) {
            throw new MalformedFieldsException("expected <server> [<remote-server>]");
        }
        String server = f.get(0);
        User u = s.user();
        if (f.size() > 1 && !f.get(1).equalsIgnoreCase(serverName())) {
            String other = f.get(1);
            if (!isKnownServer(other)) {
                s.error("server connect failed: no such server " + other);
                return;
            }
            flood(MessageType.SERVER_CONNECT.code(), ":" + u.nick() + " " + server + " " + other);
            s.send(MessageType.NOTICE, "Asked " + other + " to connect to " + server);
            return;
        }
        String problem = connect(server, u);
        if (problem != null) {
            s.error("server connect failed: " + problem);
        } else {
            s.send(MessageType.NOTICE, "Connecting to " + server);
            core.tellModerators(Notice.SERVER, u.nick() + " is connecting to server " + server);
        }
    }

    /** Starts linking with a server of the servers file; the reason it cannot, or null. */
    private String connect(String server, User asker) {
        ServerEntry e = find(server);
        if (e == null) {
            return "no such server " + server + " in the servers file";
        }
        if (isLinked(e.publicName()) || isLinked(server)) {
            return server + " is already linked";
        }
        if (dialing.contains(e.key()) || pending.stream().anyMatch(p -> p.entry != null && p.entry.key().equals(e.key()))) {
            return "a link with " + server + " is already being made";
        }
        retries.remove(e.key());
        splitByOperator.remove(e.key());
        dial(e, false, asker);
        return null;
    }

    // 10101 server disconnect: <server> [<reason>]  (Admin+)
    private void disconnectCommand(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.isEmpty() || f.get(0).isEmpty()) {
            throw new MalformedFieldsException("expected <server> [<reason>]");
        }
        String server = f.get(0);
        String reason = f.size() > 1 ? unquote(f.get(1).strip()).replace('"', '\'') : "";
        User u = s.user();
        Link direct = linked.get(key(server));
        if (direct == null && !isKnownServer(server)) {
            s.error("server disconnect failed: no such server " + server
                    + (server.equalsIgnoreCase(serverName()) ? " (that is this server)" : ""));
            return;
        }
        String line = ":" + u.nick() + " " + (direct != null ? direct.name : server) + " " + Fields.quote(reason);
        // everyone but the server being dropped (an opennap-ng server would pass it on to its own
        // peers, which would all drop it too)
        flood(MessageType.SERVER_DISCONNECT.code(), line, direct);
        core.tellModerators(Notice.SERVER, u.nick() + " disconnected server " + server + ": " + reason);
        retries.remove(key(server));
        if (direct != null) {
            blockRelink(direct);
            drop(direct, "disconnected by " + u.nick() + ": " + reason, true);
        } else {
            removeBehind(server);
        }
        s.send(MessageType.NOTICE, "Disconnected server " + server);
    }

    /** One link of the network, as 10112 lists it. */
    public record LinkView(String server, int port, String peer, int peerPort, int hops) {
    }

    /** The network's links (core thread): this server's own first, then those elsewhere (10019). */
    public List<LinkView> linkViews() {
        List<LinkView> out = new ArrayList<>();
        int port = ourPort.getAsInt();
        for (Link l : linked.values()) {
            out.add(new LinkView(serverName(), port, l.name, l.port, 1));
        }
        for (RemoteLink r : remote) {
            out.add(new LinkView(r.server, r.port, r.peer, r.peerPort, r.hops));
        }
        return out;
    }

    // 10112 show server links: (empty) -> 10112 <server> <port> <peer> <peer-port> <hops> per link, then an empty 10112
    private void listLinks(Session s, String data) {
        for (LinkView l : linkViews()) {
            s.send(MessageType.SHOW_SERVER_LINKS, Fields.join(l.server(), l.port(), l.peer(), l.peerPort(), l.hops()));
        }
        s.send(MessageType.SHOW_SERVER_LINKS, "");
    }

    // 10120 ping all servers: (empty)  (Moderator+) -> each linked server's lag, as a notice to moderators
    private void pingAll(Session s, String data) {
        if (linked.isEmpty()) {
            s.error("ping all servers: this server is not linked");
            return;
        }
        long now = System.currentTimeMillis();
        for (Link l : linked.values()) {
            l.pingReported = true;
            ping(l, now);
        }
    }

    /** Sends a lag check (750) to a linked server; its 10022 answers it. */
    private void ping(Link l, long now) {
        l.pingSentNanos = System.nanoTime();
        l.pingSentMillis = now;
        l.send(MessageType.SERVER_PING.code(), ":" + serverName() + " " + l.name + " " + now / 1000 + " " + (now % 1000) * 1000);
    }

    /** The linked servers' names (core thread), for tests and status. */
    public List<String> linkedServers() {
        List<String> names = new ArrayList<>();
        for (Link l : linked.values()) {
            names.add(l.name);
        }
        return names;
    }

}
