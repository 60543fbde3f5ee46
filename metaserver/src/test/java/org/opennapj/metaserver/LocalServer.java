package org.opennapj.metaserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/** An OpenNapJ server in this JVM on 127.0.0.1, port 0, for the metaserver's tests. */
final class LocalServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OpenNapServer server;

    private LocalServer(OpenNapServer server) {
        this.server = server;
    }

    /** Starts a server, with its stats port on a free port when {@code withStatsPort}. */
    static LocalServer start(Path dataDir, String name, boolean withStatsPort) throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("server_name", name)
                .set("stat_click", "0")
                .set("stats_port", withStatsPort ? "0" : "-1");
        return new LocalServer(OpenNapServer.start(dataDir, c));
    }

    /**
     * Starts a server without a stats port that reports its load every second to a metaserver's
     * report port on 127.0.0.1, as {@code 127.0.0.1:<its port>}.
     */
    static LocalServer startReporting(Path dataDir, String name, int reportPort, String secret) throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("server_name", name)
                .set("stat_click", "0")
                .set("metaserver_report", "127.0.0.1:" + reportPort)
                .set("metaserver_report_secret", secret)
                .set("metaserver_report_interval", "1");
        return new LocalServer(OpenNapServer.start(dataDir, c));
    }

    /** Load reports this server has sent. */
    long reportsSent() {
        return server.metaserverReportsSent();
    }

    int port() {
        return server.port();
    }

    int statsPort() {
        return server.statsAddress() == null ? 0 : server.statsAddress().getPort();
    }

    /** How the metaserver is told about this server. */
    ConfiguredServer configured(String name) {
        return ConfiguredServer.parse("127.0.0.1:" + port() + " " + name + (statsPort() > 0 ? " stats=" + statsPort() : ""), 0);
    }

    /** Logs a nick in; returns once the server has counted it (after its 214 stats). */
    ServerSession login(String nick) throws Exception {
        ServerSession s = ServerSession.connect("127.0.0.1", port(), TIMEOUT);
        s.send(MessageType.LOGIN.code(), nick + " pass 6699 \"nap v1.0\" 3");
        Message ack = s.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
        if (ack.type() != MessageType.LOGIN_ACK.code()) {
            s.close();
            throw new IOException("login of " + nick + " refused: " + ack);
        }
        s.expect(TIMEOUT, MessageType.STATS.code());
        return s;
    }

    /**
     * Connects to a metaserver and returns everything it wrote before closing ("" when it closed
     * without a line). Reads at most 1 KiB, within the test timeout.
     */
    static String ask(int metaserverPort) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", metaserverPort), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[256];
            for (int n; got.size() < 1024 && (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
