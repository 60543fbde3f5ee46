package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.StatsLine;
import org.opennapj.server.config.ServerConfig;

/** The stats port (stats_port): one line of counts, then the server closes. */
class StatsPortTest {

    /** Everything the stats port writes before it closes (at most a few hundred bytes are read). */
    static String read(InetSocketAddress stats) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(stats, (int) TestServer.TIMEOUT.toMillis());
            s.setSoTimeout((int) TestServer.TIMEOUT.toMillis());
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[256];
            for (int n; got.size() < 1024 && (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void isOffByDefault(@TempDir Path dir) throws Exception {
        assertThat(ServerConfig.defaultValue("stats_port")).isEqualTo("-1");
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.statsAddress()).isNull();
        }
    }

    @Test
    void writesTheCountsOfUsersFilesAndBytesAndCloses(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, "stats_port", "0");
             ServerSession a = server.login("alice");
             ServerSession b = server.login("bob")) {
            a.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\One.mp3\" d41d8cd98f00b204e9800998ecf8427e 1000 128 44100 60");
            a.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\Two.mp3\" d41d8cd98f00b204e9800998ecf8427e 2500 128 44100 60");
            b.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\Three.mp3\" d41d8cd98f00b204e9800998ecf8427e 40 128 44100 60");
            TestServer.sync(a);
            TestServer.sync(b);
            InetSocketAddress stats = server.statsAddress();
            assertThat(stats.getPort()).isNotEqualTo(server.port());

            String text = read(stats);
            assertThat(text).as("one line, then the close").endsWith("\n").hasLineCount(1);
            assertThat(text).matches("\\d+ \\d+ \\d+\\.\\d\\d \\d+ \\d+\n");
            StatsLine line = StatsLine.parse(text);
            assertThat(line.users()).isEqualTo(2);
            assertThat(line.files()).isEqualTo(3);
            assertThat(line.bytesShared()).isEqualTo(3540);
            assertThat(line.localClients()).isEqualTo(2);

            TestServer.logout(b, "bob", a);
            assertThat(StatsLine.parse(read(stats))).extracting(StatsLine::users, StatsLine::files, StatsLine::localClients)
                    .containsExactly(1L, 2L, 1L);
        }
    }

    @Test
    void aClientThatSendsAndNeverReadsDoesNotKeepOthersFromTheirLine(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, "stats_port", "0")) {
            InetSocketAddress stats = server.statsAddress();
            try (Socket silent = new Socket()) {
                silent.connect(stats, (int) TestServer.TIMEOUT.toMillis());
                silent.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 20; i++) {
                    assertThat(StatsLine.parse(read(stats)).users()).isZero();
                }
            }
        }
    }
}
