package org.opennapj.server.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.Direction;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of all server state. One thread runs every handler in arrival order, so users,
 * shares and lists are never touched concurrently; network threads only queue decoded
 * messages here, and slow work (password hashing, durable writes) runs on threads of its own
 * (the account package's password work, the store writer) whose results come back as new tasks.
 */
public final class ServerCore {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCore.class);
    /** Stop reading a connection when this many of its messages wait for the core. */
    private static final int PAUSE_READING_AT = 512;
    private static final int RESUME_READING_AT = 64;
    /** Messages kept while a login is under way; more is a flood. */
    private static final int MAX_DEFERRED = 1024;
    /** Most tasks, and longest time, one batch runs before its replies are handed over. */
    private static final int MAX_BATCH = 4096;
    private static final long BATCH_NANOS = 2_000_000;

    private final ServerConfig config;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ScheduledExecutorService timer;
    private final ArrayList<Connection> dirty = new ArrayList<>();
    private final ArrayList<Runnable> batchEnd = new ArrayList<>();
    private final Handler[] handlers = new Handler[65536];
    private final boolean[] allowedBeforeLogin = new boolean[65536];
    /** The level a logged-in user needs for each numeric (null: any level). */
    private final Level[] requiredLevel = new Level[65536];
    private final long[] histogramCount = new long[65536];
    private final long[] histogramBytes = new long[65536];
    private long unknownCount;
    private long unknownBytes;
    private int lastUnknown;
    /** Numerics flood control does not count (opennap-ng's exempt list: sharing and hotlist entries). */
    private final boolean[] floodExempt = new boolean[65536];
    /** Sessions held for flooding, released when their flood_time window ends (tick). */
    private final List<Session> flooders = new ArrayList<>();
    /** flood_time and flood_commands as of config version floodConfig (read per message: no map lookup). */
    private int floodTime;
    private int floodLimit;
    private int floodConfig = -1;
    private long floods;
    private final UserDirectory users = new UserDirectory();
    private final Map<String, Integer> connectionsPerIp = new HashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private final List<PresenceListener> presence = new ArrayList<>();
    private final List<Runnable> ticks = new ArrayList<>();
    private final PeerHandler[] peerHandlers = new PeerHandler[65536];
    private final List<java.util.function.Consumer<Burst>> bursts = new ArrayList<>();
    private Network network = Network.NONE;
    private FileSearch fileSearch = (searcher, query, hit) -> 0;
    /** Users on other servers of the network (in the directory too). */
    private int remoteUsers;
    private final long startMillis = System.currentTimeMillis();
    /** Connections refused or cut off, summarised per kind (LogSummary), for the core and the transport. */
    private final Metrics metrics = new Metrics();
    private final EventLog events = new EventLog();
    private final LogSummary connectionLog = new LogSummary(LoggerFactory.getLogger("org.opennapj.server.Connections"));
    private volatile boolean running = true;
    /** What the server does when an operator asks it to shut down (10110); set by the server. */
    private Runnable shutdownRequest = () -> { };

    public ServerCore(ServerConfig config) {
        this.config = config;
        this.thread = new Thread(this::run, "opennapj-core");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opennapj-timer");
            t.setDaemon(true);
            return t;
        });
        everySecond(connectionLog::flush);
        for (int code : new int[] {100, 102, 207, 208, 870, 10300}) {
            floodExempt[code] = true;
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The server's counters (core thread), read by the metrics port. */
    public Metrics metrics() {
        return metrics;
    }

    /** The log of refused logins, kills, bans, floods and limits, one line each. */
    public EventLog events() {
        return events;
    }

    /** What the counters say now, safe to hand to another thread (core thread). */
    public Metrics.Snapshot metricsSnapshot() {
        return metrics.snapshot(this);
    }

    /** Where repeated connection events (refusals, closes for a broken limit) are logged, summarised. */
    public LogSummary connectionLog() {
        return connectionLog;
    }

    // ---------------------------------------------------------------- registration

    /** Registers the handler of a client numeric; allowedBeforeLogin for the login sequence. */
    public void on(MessageType type, boolean allowedBeforeLogin, Handler handler) {
        on(type.code(), allowedBeforeLogin, handler);
    }

    public void on(int code, boolean beforeLogin, Handler handler) {
        if (handlers[code] != null) {
            throw new IllegalStateException("two handlers for numeric " + code);
        }
        handlers[code] = handler;
        allowedBeforeLogin[code] = beforeLogin;
    }

    /**
     * Registers the handler of a numeric that only users at {@code level} or higher may send;
     * anyone else gets a 404 saying which level it needs, and the handler does not run.
     */
    public void on(MessageType type, Level level, Handler handler) {
        on(type.code(), false, handler);
        requiredLevel[type.code()] = level;
    }

    /** The level a numeric needs (LEECH: any logged-in user). */
    public Level requiredLevel(int code) {
        Level l = code >= 0 && code < requiredLevel.length ? requiredLevel[code] : null;
        return l == null ? Level.LEECH : l;
    }

    /** The numerics that have a handler, ascending. */
    public int[] handledNumerics() {
        int n = 0;
        for (Handler h : handlers) {
            if (h != null) {
                n++;
            }
        }
        int[] codes = new int[n];
        int i = 0;
        for (int code = 0; code < handlers.length; code++) {
            if (handlers[code] != null) {
                codes[i++] = code;
            }
        }
        return codes;
    }

    /** Whether a numeric is accepted before login (the login sequence). */
    public boolean allowedBeforeLogin(int code) {
        return code >= 0 && code < allowedBeforeLogin.length && allowedBeforeLogin[code];
    }

    /**
     * Registers the handler of a numeric arriving from a linked server (core thread); numerics with
     * no peer handler are left to the link package, which ignores what it does not know.
     */
    public void onPeer(int code, PeerHandler handler) {
        if (peerHandlers[code] != null) {
            throw new IllegalStateException("two peer handlers for numeric " + code);
        }
        peerHandlers[code] = handler;
    }

    /** The handler of a numeric from a linked server, or null. */
    public PeerHandler peerHandler(int code) {
        return code >= 0 && code < peerHandlers.length ? peerHandlers[code] : null;
    }

    /** Checks the password that came with a remote user's login (the account feature sets it). */
    @FunctionalInterface
    public interface RemoteLoginCheck {
        /**
         * @param u        the user, just announced
         * @param password the password field of its login as the server sent it
         * @param peer     the linked server it came from
         */
        void check(User u, String password, String peer);
    }

    private RemoteLoginCheck remoteLoginCheck = (u, password, peer) -> { };

    /** Sets the check of remote logins' passwords (core thread). */
    public void onRemoteLogin(RemoteLoginCheck check) {
        this.remoteLoginCheck = check;
    }

    /** Lets the account feature check a remote user's login (core thread; called by the link package). */
    public void checkRemoteLogin(User u, String password, String peer) {
        remoteLoginCheck.check(u, password, peer);
    }

    /** Registers what a feature sends a newly linked server (its part of the burst). */
    public void onBurst(java.util.function.Consumer<Burst> contributor) {
        bursts.add(contributor);
    }

    /** Runs every burst contributor for a new link (core thread). */
    public void burst(Burst b) {
        for (java.util.function.Consumer<Burst> c : bursts) {
            c.accept(b);
        }
    }

    /** The linked servers, as features see them (never null). */
    public Network network() {
        return network;
    }

    /** Searches this server's files for a user anywhere in the network. */
    public FileSearch fileSearch() {
        return fileSearch;
    }

    /** Sets how this server's files are searched for the network (the share package, at start-up). */
    public void fileSearch(FileSearch f) {
        this.fileSearch = f;
    }

    /** Sets the network (the link package, at start-up). */
    public void network(Network n) {
        this.network = n;
    }

    public void addPresenceListener(PresenceListener l) {
        presence.add(l);
    }

    /** Runs task on the core thread once a second. */
    public void everySecond(Runnable task) {
        ticks.add(task);
    }

    // ---------------------------------------------------------------- threads

    public void start() {
        thread.start();
        timer.scheduleAtFixedRate(() -> execute(this::tick), 1, 1, TimeUnit.SECONDS);
    }

    /** Queues work for the core thread; any thread. */
    public void execute(Runnable task) {
        queue.add(task);
    }

    /**
     * Runs {@code work} on the core thread and waits at most {@code timeoutMillis} for its result
     * (any thread but the core's). Null when it did not come in time, when the work failed, or when
     * the waiting thread was interrupted (its interrupt flag is set again).
     */
    public <T> T ask(java.util.function.Supplier<T> work, long timeoutMillis) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void run() {
        while (running) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            // a batch ends when the queue is empty, or after MAX_BATCH tasks or BATCH_NANOS, so
            // replies are handed over promptly even while work keeps arriving
            int n = 0;
            long start = System.nanoTime();
            do {
                runSafely(task);
            } while (++n < MAX_BATCH && System.nanoTime() - start < BATCH_NANOS && (task = queue.poll()) != null);
            flushDirty();
        }
        for (Session s : new ArrayList<>(sessions)) {
            s.connection().flushAndClose();
        }
        flushDirty();
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("unexpected error in core task", t);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
        for (int i = 0; i < batchEnd.size(); i++) {
            runSafely(batchEnd.get(i));
        }
        batchEnd.clear();
    }

    /**
     * Runs {@code task} once, after the current batch's replies have been handed to the
     * transport (core thread): the transport hands a batch's writes to its IO threads in one go.
     */
    public void atBatchEnd(Runnable task) {
        batchEnd.add(task);
    }

    /**
     * Runs {@code task} in a later batch, after the replies of the current one have been handed
     * over (core thread): for long work cut into slices, so each slice lets the others' replies out.
     */
    public void executeLater(Runnable task) {
        atBatchEnd(() -> execute(task));
    }

    void markDirty(Connection c) {
        dirty.add(c);
    }

    /** Sets what {@link #requestShutdown} does: the server closes itself (off the core thread). */
    public void onShutdownRequest(Runnable r) {
        shutdownRequest = r;
    }

    /** Asks the server to close (core thread): an operator's 10110 naming this server. */
    public void requestShutdown() {
        shutdownRequest.run();
    }

    /**
     * Tells every client connected here that the server is going away (a 404 once logged in, a 0
     * before), before {@link #shutdown}; any thread.
     */
    public void sayGoodbye(String text) {
        execute(() -> {
            for (Session s : sessions) {
                if (s.sink == null && s.state != Session.State.CLOSED) {
                    s.error(text);
                }
            }
        });
    }

    public void shutdown() {
        execute(() -> running = false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- connections (transport calls)

    /** A new connection was accepted; any thread. */
    public void opened(Connection c) {
        c.attach(this, config.integer("client_queue_length"));
        execute(() -> open(c));
    }

    private void open(Connection c) {
        Session s = new Session(c, System.currentTimeMillis());
        c.session = s;
        sessions.add(s);
        int clones = connectionsPerIp.merge(c.remoteIp(), 1, Integer::sum);
        int maxClones = config.integer("max_clones");
        if (maxClones > 0 && clones > maxClones) {
            connectionLog.event("connection refused: over max_clones", c.remoteIp());
            s.error("Exceeded maximum connections from your address (" + maxClones + ")");
            disconnect(s, "too many connections from " + c.remoteIp());
        }
    }

    /** A decoded message arrived; called on the network thread in arrival order. */
    public void received(Connection c, Message m) {
        // counted here, read by the core: flow control without a round trip per message
        if (c.queuedUp() == PAUSE_READING_AT) {
            c.pauseReading();
            execute(() -> c.readingPaused = true);
        }
        execute(() -> dispatch(c, m));
    }

    /** The connection is gone (peer closed, error, or our close); any thread. */
    public void closed(Connection c) {
        execute(() -> {
            Session s = c.session;
            if (s != null && s.state != Session.State.CLOSED) {
                forget(s, "connection closed");
            }
        });
    }

    /** Sends an error to a connection that broke the protocol and closes it (core thread). */
    public void refuse(Connection c, String text) {
        Session s = c.session;
        if (s == null || s.state == Session.State.CLOSED) {
            c.close();
            return;
        }
        s.error(text);
        disconnect(s, text);
    }

    /**
     * A connection's output went over client_queue_length (core thread, from inside
     * {@link Connection#send}). The connection is condemned: it stops taking output, what it still
     * had queued is dropped, nothing more is read from it and it is closed at once (a client that
     * does not read would keep a graceful close waiting forever). Its
     * user is forgotten as a task of its own: the send happened inside some handler, often in a
     * loop over users, watchers or index entries, and forgetting the user there would run the
     * presence listeners (and change those collections) in the middle of that loop.
     */
    void overflow(Connection c) {
        Session s = c.session;
        metrics.queueDisconnect();
        connectionLog.event("connection closed: output queue over client_queue_length",
                s != null && s.user != null ? s.user.nick() + " from " + c.remoteIp() : c.remoteIp());
        // queued before the close starts, so it runs before the transport's report of the close and
        // the reason given is this one
        if (s != null) {
            execute(() -> {
                if (s.state != Session.State.CLOSED) {
                    forget(s, "output queue full");
                }
            });
        }
        c.condemn();
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch(Connection c, Message m) {
        int q = c.queuedDown();
        Session s = c.session;
        if (c.readingPaused && q < RESUME_READING_AT && (s == null || !s.floodHeld)) {
            c.readingPaused = false;
            c.resumeReading();
        }
        if (s == null || s.state == Session.State.CLOSED || c.closing()) {
            return;
        }
        if (s.sink != null) {
            s.sink.received(m);
            return;
        }
        if (s.floodHeld) {
            // what was already read when the flood was found waits with the rest (bounded: reading
            // stopped, so at most what the transport had queued for the core)
            defer(s, m, "too many messages while flooding", "flood");
            return;
        }
        if (s.state == Session.State.LOGGING_IN) {
            // the login waits for a password check or a durable write: what the client sends
            // meanwhile (MP3::Napster's 703 right after its 2) is handled once it is logged in
            defer(s, m, "too many messages before the login completed", "flood during login");
            return;
        }
        handle(s, m);
    }

    /**
     * Keeps {@code m} to be handled later, in order; past {@link #MAX_DEFERRED} the client is told
     * {@code error} and disconnected for {@code reason}.
     */
    private void defer(Session s, Message m, String error, String reason) {
        if (s.deferred == null) {
            s.deferred = new ArrayDeque<>();
        }
        if (s.deferred.size() >= MAX_DEFERRED) {
            s.error(error);
            disconnect(s, reason);
            return;
        }
        s.deferred.add(m);
    }

    private void handle(Session s, Message m) {
        int type = m.type();
        String data = m.data();
        Handler h = handlers[type];
        if (h == null) {
            unknownCount++;
            unknownBytes += data.length();
            lastUnknown = type;
        } else {
            histogramCount[type]++;
            histogramBytes[type] += data.length();
        }
        if (type > 2000) {
            s.extendedNumerics = true;
        }
        if (s.state != Session.State.LOGGED_IN) {
            if (h == null || !allowedBeforeLogin[type]) {
                s.error("invalid command " + type + " before login");
                disconnect(s, "numeric " + type + " before login");
                return;
            }
        } else {
            // counted before anything is answered: an unknown or refused command costs a reply too
            floodSettings();
            if (floodTime > 0 && !floodExempt[type]) {
                countForFlood(s, type, floodTime);
            }
            if (h == null) {
                MessageType known = MessageType.of(type);
                boolean clientSends = known != null
                        && (known.direction() == Direction.CLIENT || known.direction() == Direction.BOTH);
                s.error(clientSends ? known.label() + " (" + type + ") is not supported by this server yet"
                        : "Unknown command code " + type);
                return;
            }
            if (requiredLevel[type] != null && !s.user().level().atLeast(requiredLevel[type])) {
                s.error("permission denied: " + describe(type) + " needs " + Permissions.article(requiredLevel[type])
                        + (requiredLevel[type] == Level.ELITE ? "" : " or higher"));
                return;
            }
        }
        try {
            h.handle(s, data);
        } catch (MalformedFieldsException e) {
            s.error(describe(type) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // messages that carry a password are never logged whole
            LOG.error("handler of {} failed on {}", type, carriesPassword(type) ? type + " (" + data.length() + " bytes)" : m, e);
            s.error(describe(type) + ": internal server error");
        }
    }

    /**
     * Flood control as opennap-ng does it: a logged-in client may send flood_commands commands
     * (sharing and hotlist entries not counted) in a window of flood_time seconds that starts with
     * its first command after the previous window ended. The command that reaches the limit is
     * still handled; then nothing more is read from or handled for that client until its window
     * ends, when what it sent meanwhile is handled in order. Moderators are told (FLOOD).
     */
    private void countForFlood(Session s, int type, int floodTime) {
        long now = System.currentTimeMillis() / 1000;
        if (s.floodStart + floodTime < now) {
            // this command opens the window and is its first (the limit counts it)
            s.floodStart = now;
            s.floodCommands = 0;
        }
        int limit = floodLimit;
        if (limit <= 0 || ++s.floodCommands < limit) {
            return;
        }
        floods++;
        s.floodHeld = true;
        flooders.add(s);
        Connection c = s.connection();
        c.holdReading();
        c.readingPaused = true;
        String who = s.user().nick() + "!" + c.remoteIp();
        connectionLog.event("flood: reading paused", who + " " + describe(type));
        metrics.flood("commands");
        events.event("flood", s.user().nick(), c.remoteIp(), "over " + limit + " commands in " + floodTime
                + " s (" + describe(type) + "): reading paused until the window ends");
        tellModerators(Notice.FLOOD, "Flooding from " + who + " " + describe(type));
        s.error("You are sending commands too fast (more than " + limit + " in " + floodTime
                + " seconds): the server reads nothing more from you for a while");
    }

    /** Releases flooders whose window ended (tick): what they sent meanwhile is handled, reading resumes. */
    private void releaseFlooders(long nowSeconds) {
        floodSettings();
        for (int i = flooders.size() - 1; i >= 0; i--) {
            Session s = flooders.get(i);
            if (s.state == Session.State.CLOSED) {
                flooders.remove(i);
                continue;
            }
            if (s.floodStart + floodTime >= nowSeconds) {
                continue;
            }
            flooders.remove(i);
            s.floodHeld = false;
            replayDeferred(s);
            Connection c = s.connection();
            if (!s.floodHeld && s.state == Session.State.LOGGED_IN && c.readingPaused) {
                c.readingPaused = false;
                c.resumeReading();
            }
        }
    }

    /** Rereads flood_time and flood_commands when the configuration has changed (810, reload). */
    private void floodSettings() {
        int v = config.version();
        if (v != floodConfig) {
            floodConfig = v;
            floodTime = config.integer("flood_time");
            floodLimit = config.integer("flood_commands");
        }
    }

    /** Flood actions taken since start (each time a client was held). */
    public long floods() {
        return floods;
    }

    /** Login (2, 6), password check (11), password changes (701, 753) and registration by an admin (10200). */
    private static boolean carriesPassword(int type) {
        return type == 2 || type == 6 || type == 11 || type == 701 || type == 753 || type == 10200;
    }

    private static String describe(int type) {
        MessageType t = MessageType.of(type);
        return t == null ? "command " + type : t.label() + " (" + type + ")";
    }

    // ---------------------------------------------------------------- users

    /** Makes a session's user known (login succeeded). Returns the new user. */
    public User login(Session s, String nick) {
        Connection c = s.connection();
        User u = users.add(nick, s, c.remoteIpWire(), System.currentTimeMillis() / 1000);
        s.user = u;
        s.state = Session.State.LOGGED_IN;
        return u;
    }

    /** Tells every presence listener that user has joined (after its login replies). */
    public void announceJoin(User u) {
        for (PresenceListener l : presence) {
            l.userJoined(u);
        }
        replayDeferred(u.session());
    }

    /**
     * Handles the messages a session held (during its login, or while held for flooding) in order,
     * until they run out or the session is held again; what is left stays held.
     */
    private void replayDeferred(Session s) {
        ArrayDeque<Message> waiting = s.deferred;
        s.deferred = null;
        while (waiting != null && !waiting.isEmpty() && s.state == Session.State.LOGGED_IN && !s.floodHeld) {
            handle(s, waiting.poll());
        }
        if (waiting != null && !waiting.isEmpty() && s.state == Session.State.LOGGED_IN) {
            if (s.deferred != null) {
                waiting.addAll(s.deferred);
            }
            s.deferred = waiting;
        }
    }

    /** Sets a user's level; the way every level change goes, so the core knows its moderators. */
    public void setLevel(User u, Level level) {
        users.setLevel(u, level);
    }

    /**
     * Sends an operator notice (404) to every Moderator and up connected here who receives that kind
     * (10203). Moderators on other servers of the network are told by their own server.
     */
    public void tellModerators(Notice kind, String text) {
        for (User m : users.moderators()) {
            if (m.local() && (m.noticeMode & kind.bit()) != 0) {
                m.notice(text);
            }
        }
    }

    /** Online Moderators and up (read-only view). */
    public Collection<User> moderators() {
        return users.moderators();
    }

    public void markLoggingIn(Session s) {
        s.state = Session.State.LOGGING_IN;
    }

    public void markConnected(Session s) {
        if (s.state == Session.State.LOGGING_IN) {
            s.state = Session.State.CONNECTED;
        }
    }

    public User user(String nick) {
        return users.get(nick);
    }

    public User userById(int id) {
        return users.byId(id);
    }

    public Collection<User> users() {
        return users.all();
    }

    /** Users connected to this server (the network's users on other servers left out). */
    public int localUserCount() {
        return users.count() - remoteUsers;
    }

    public int userCount() {
        return users.count();
    }

    public int connectionCount() {
        return sessions.size();
    }

    public Whowas whowas(String nick) {
        return users.whowas(nick);
    }

    /** Sends what is pending, then closes the connection and forgets its user. */
    public void disconnect(Session s, String why) {
        if (s.state == Session.State.CLOSED) {
            return;
        }
        s.connection().flushAndClose();
        forget(s, why);
    }

    /**
     * Disconnects a user the server or an operator removes (a kill, a ghost): the user gets a 404
     * saying so and a 316, then the connection is closed (core thread).
     */
    public void kill(User u, String reason) {
        if (u.session() == null) {
            if (users.get(u.nick()) == u) {
                network.kill(u, null, reason);
            }
            return;
        }
        killWith(u, "You were killed by server " + config.string("server_name") + ": " + reason);
    }

    /**
     * Disconnects a user connected to this server with {@code notice} as its last 404, then a 316
     * (core thread): a kill decided elsewhere in the network, which says who did it.
     */
    public void killWith(User u, String notice) {
        Session s = u.session();
        if (s == null || s.state != Session.State.LOGGED_IN) {
            return;
        }
        String reason = notice;
        events.event("kill", u.nick(), u.ip(), notice);
        u.notice(notice);
        u.send(MessageType.DISCONNECT, "0");
        disconnect(s, "killed: " + reason);
    }

    private void forget(Session s, String why) {
        Session.State was = s.state;
        s.state = Session.State.CLOSED;
        s.cancelWork();
        sessions.remove(s);
        Connection c = s.connection();
        connectionsPerIp.computeIfPresent(c.remoteIp(), (k, v) -> v <= 1 ? null : v - 1);
        User u = s.user;
        if (was == Session.State.LOGGED_IN && u != null) {
            leave(u, why);
        }
        MessageSink sink = s.sink;
        if (sink != null) {
            s.sink = null;
            sink.closed(why);
        }
    }

    /**
     * Hands every further message of a connection that is not logged in to {@code sink} instead of
     * the client dispatch (core thread): a connection that turned out to be another server. The
     * session is not timed out as a login while diverted, and may be sent any numeric.
     */
    public void divert(Session s, MessageSink sink) {
        if (s.state != Session.State.CONNECTED) {
            throw new IllegalStateException("only a connection that is not logged in can be diverted");
        }
        s.sink = sink;
        s.extendedNumerics = true;
    }

    /**
     * Makes a user on another server known (core thread): added to the directory with the route
     * that leads to it. Set its fields, then call {@link #announceRemote}.
     */
    public User addRemoteUser(String nick, Route route, long ipWire, long loginTime) {
        if (route.session() != null) {
            throw new IllegalArgumentException("a remote user's route has no session");
        }
        User u = users.add(nick, route, ipWire, loginTime);
        remoteUsers++;
        return u;
    }

    /** Tells the presence listeners that a user on another server has logged in. */
    public void announceRemote(User u) {
        for (PresenceListener l : presence) {
            try {
                l.userJoined(u);
            } catch (RuntimeException e) {
                LOG.error("presence listener failed for {}", u.nick(), e);
            }
        }
    }

    /** A user on another server is gone (its quit, a kill, or the split of its link; core thread). */
    public void leaveRemote(User u, String why) {
        if (u.local()) {
            throw new IllegalArgumentException(u.nick() + " is connected to this server");
        }
        if (users.get(u.nick()) == u) {
            leave(u, why);
            remoteUsers--;
        }
    }

    /**
     * A user leaves the network as this server sees it (its connection closed, or, for a user on
     * another server, its quit or the split of the link that led to it): presence listeners run
     * while it is still known, then it is forgotten and remembered for whowas.
     */
    void leave(User u, String why) {
        LOG.debug("{} left: {}", u.nick(), why);
        for (PresenceListener l : presence) {
            try {
                l.userLeft(u);
            } catch (RuntimeException e) {
                LOG.error("presence listener failed for {}", u.nick(), e);
            }
        }
        users.remove(u, System.currentTimeMillis() / 1000);
    }

    // ---------------------------------------------------------------- housekeeping

    private void tick() {
        long now = System.currentTimeMillis();
        long loginTimeout = config.integer("login_timeout") * 1000L;
        if (loginTimeout > 0) {
            for (Session s : new ArrayList<>(sessions)) {
                // a login waiting for its password check (or its account's write) is not timed
                // out: it waits in order behind the others, and the wait is bounded by that queue
                if (s.state == Session.State.CONNECTED && s.sink == null && now - s.connectedAtMillis() > loginTimeout) {
                    connectionLog.event("connection closed: login timeout", s.connection().remoteIp());
                    s.error("login timeout");
                    disconnect(s, "login timeout");
                }
            }
        }
        if (!flooders.isEmpty()) {
            releaseFlooders(now / 1000);
        }
        users.expireWhowas(now, config.integer("whowas_time") * 1000L);
        for (Runnable r : ticks) {
            runSafely(r);
        }
    }

    public long uptimeSeconds() {
        return (System.currentTimeMillis() - startMillis) / 1000;
    }

    public long startMillis() {
        return startMillis;
    }

    /** 10123 histogram rows: numeric -> {count, bytes}, for numerics seen. */
    public void histogram(HistogramVisitor v) {
        for (int i = 0; i < histogramCount.length; i++) {
            if (histogramCount[i] > 0) {
                v.row(i, histogramCount[i], histogramBytes[i]);
            }
        }
    }

    public long unknownCount() {
        return unknownCount;
    }

    public long unknownBytes() {
        return unknownBytes;
    }

    public int lastUnknown() {
        return lastUnknown;
    }

    @FunctionalInterface
    public interface HistogramVisitor {
        void row(int numeric, long count, long bytes);
    }
}
