package org.opennapj.server.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;

/** An in-process server on 127.0.0.1, port 0, with a fresh data directory, for loopback tests. */
public final class TestServer implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OpenNapServer server;
    private final Path dataDir;

    private TestServer(OpenNapServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts a server; overrides are "key", "value" pairs of config keys. */
    public static TestServer start(Path dataDir, String... overrides) throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("server_name", "test.opennapj")
                .set("stat_click", "0");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            c.set(overrides[i], overrides[i + 1]);
        }
        return new TestServer(OpenNapServer.start(dataDir, c), dataDir);
    }

    /** Rereads the data directory's config file and motd as SIGHUP does; returns once the core has. */
    public org.opennapj.server.admin.ServerAdministration.Reload reload() throws Exception {
        return server.reload("a test").get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The running configuration (values are read on any thread). */
    public ServerConfig config() {
        return server.config();
    }

    public int port() {
        return server.port();
    }

    /** The stats port's address (config stats_port), or null when it is off. */
    public java.net.InetSocketAddress statsAddress() {
        return server.statsAddress();
    }

    public OpenNapServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ServerSession connect() throws IOException {
        return ServerSession.connect("127.0.0.1", port(), TIMEOUT);
    }

    /** Connects and logs in (message 2) with data port 6699 and link type 3; returns after the 214 stats. */
    public ServerSession login(String nick) throws Exception {
        return login(nick, "pass", 6699, 3);
    }

    public ServerSession login(String nick, String password, int dataPort, int link) throws Exception {
        ServerSession s = connect();
        s.send(MessageType.LOGIN.code(), nick + " " + password + " " + dataPort + " \"nap v1.0\" " + link);
        Message ack = s.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
        if (ack.type() != MessageType.LOGIN_ACK.code()) {
            s.close();
            throw new IOException("login of " + nick + " refused: " + ack);
        }
        s.expect(TIMEOUT, MessageType.STATS.code());
        return s;
    }

    /** Sends 751 ping of our own nick... no: a 750 server ping, and waits for its answer: all earlier requests are done. */
    public static void sync(ServerSession s) throws Exception {
        s.send(MessageType.SERVER_PING.code(), "");
        s.expect(TIMEOUT, MessageType.SERVER_PING.code());
    }

    /** Writes an account straight into a data directory's store; call before {@link #start} on that directory. */
    public static void createAccount(Path dataDir, String nick, String password, String email, Level level) throws Exception {
        createAccounts(dataDir, PasswordHash.create(password, 1000), email, level, nick);
    }

    /** Writes accounts that share one stored password hash (made once: a slow hash costs the test its time). */
    public static void createAccounts(Path dataDir, String passwordHash, String email, Level level, String... nicks) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (SqliteAccountStore store = new SqliteAccountStore(dataDir)) {
            for (String nick : nicks) {
                store.insert(new Account(nick, passwordHash, email, level, now, now));
            }
        }
    }

    /** The accounts stored in a data directory (read with the server closed, or after its writes). */
    public static List<Account> storedAccounts(Path dataDir) throws Exception {
        try (SqliteAccountStore store = new SqliteAccountStore(dataDir)) {
            return store.loadAll();
        }
    }

    /** Connects and registers a new nick (message 6) with data port 6699 and link type 3; returns after the 214 stats. */
    public ServerSession register(String nick, String password, String email) throws Exception {
        ServerSession s = connect();
        s.send(MessageType.NEW_USER_LOGIN.code(), nick + " " + password + " 6699 \"nap v1.0\" 3 " + email);
        Message ack = s.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
        if (ack.type() != MessageType.LOGIN_ACK.code()) {
            s.close();
            throw new IOException("registration of " + nick + " refused: " + ack);
        }
        s.expect(TIMEOUT, MessageType.STATS.code());
        return s;
    }

    /** Every message received until the server closes the connection; throws if it is still open after TIMEOUT. */
    public static List<Message> untilClosed(ServerSession s) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Message> got = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? s.next(Duration.ofNanos(left)) : null;
            if (m == null) {
                throw new IOException("server did not close the connection; got " + got);
            }
            if (m == ServerSession.CLOSED) {
                return got;
            }
            got.add(m);
        }
    }

    /**
     * Closes a logged-in session and returns once the server has forgotten its user: the logged-in
     * watcher puts the nick on its hotlist, waits for the 210 sign-off, and takes it off again.
     */
    public static void logout(ServerSession leaving, String nick, ServerSession watcher) throws Exception {
        watcher.send(MessageType.HOTLIST_ADD.code(), nick);
        watcher.expect(TIMEOUT, MessageType.HOTLIST_ACK.code());
        sync(watcher);
        leaving.close();
        watcher.await(TIMEOUT, m -> m.type() == MessageType.USER_SIGNOFF.code() && m.data().equalsIgnoreCase(nick),
                "210 " + nick);
        watcher.send(MessageType.HOTLIST_REMOVE.code(), nick);
        sync(watcher);
    }

    /** Sends a 750 server ping and returns what arrived before its answer (the answer itself is dropped). */
    public static List<Message> collectToSync(ServerSession s) throws Exception {
        s.send(MessageType.SERVER_PING.code(), "");
        List<Message> got = s.collectUntil(TIMEOUT, MessageType.SERVER_PING.code());
        return new ArrayList<>(got.subList(0, got.size() - 1));
    }

    /** Waits (at most TIMEOUT) until the server has closed itself, e.g. after a 10110; whether it did. */
    public boolean awaitClosed() throws InterruptedException {
        return server.awaitClosed(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The server's core (found by type, the server keeps it private), e.g. to list the handled numerics. */
    public org.opennapj.server.core.ServerCore core() {
        for (java.lang.reflect.Field f : OpenNapServer.class.getDeclaredFields()) {
            if (f.getType() == org.opennapj.server.core.ServerCore.class) {
                try {
                    f.setAccessible(true);
                    return (org.opennapj.server.core.ServerCore) f.get(server);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("OpenNapServer has no ServerCore field");
    }

    /** One whole frame in the little-endian byte order of every normal client, for {@link ServerSession#sendRaw}. */
    public static byte[] frame(int type, String data) {
        return org.opennapj.protocol.Framing.encode(type, data, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Records every ERROR logged under org.opennapj while open: a handler that throws, a
     * core task that fails. Tests assert it stays empty ({@link #problems()}).
     */
    public static final class ErrorLog implements AutoCloseable {
        private final ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.opennapj");
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        if (e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)) {
                            ch.qos.logback.classic.spi.IThrowableProxy t = e.getThrowableProxy();
                            seen.add(e.getLoggerName() + ": " + e.getFormattedMessage()
                                    + (t == null ? "" : " -- " + t.getClassName() + ": " + t.getMessage()));
                        }
                    }
                };

        public ErrorLog() {
            appender.setContext(root.getLoggerContext());
            appender.start();
            root.addAppender(appender);
        }

        /** The ERROR events logged so far. */
        public List<String> problems() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
