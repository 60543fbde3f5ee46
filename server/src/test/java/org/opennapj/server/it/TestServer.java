package org.opennapj.server.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

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

    public int port() {
        return server.port();
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

    @Override
    public void close() {
        server.close();
    }
}
