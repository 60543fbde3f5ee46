package org.opennapj.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.LoadReport;
import org.opennapj.protocol.StatsLine;

/** Servers that report their load to the metaserver (metaserver_report, --report-port), over loopback. */
class MetaserverReportTest {

    /** Checks run only when a test asks. */
    private static final Duration NEVER = Duration.ofHours(1);
    private static final String SECRET = "test-secret-not-a-real-one";

    private static MetaserverSettings settings(ConfiguredServer... probed) {
        return new MetaserverSettings("127.0.0.1", 0, -1, NEVER, Duration.ofSeconds(5), List.of(probed), null, 0, null, 0,
                SECRET.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Map<String, Integer> askMany(Metaserver meta, int times) throws Exception {
        Map<String, Integer> got = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            got.merge(LocalServer.ask(meta.port()), 1, Integer::sum);
        }
        return got;
    }

    private static Optional<ServerStatus> status(Metaserver meta, int port) {
        return meta.statuses().stream().filter(s -> s.server().address().equals("127.0.0.1:" + port)).findFirst();
    }

    /** Waits (at most 20 s, checking every 50 ms) until {@code done}; whether it came. */
    private static boolean await(BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (done.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return done.getAsBoolean();
    }

    private static void send(int port, byte[] datagram) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            s.send(new DatagramPacket(datagram, datagram.length, InetAddress.getByName("127.0.0.1"), port));
        }
    }

    private static byte[] report(long millis, String address, long localClients, String secret) {
        return new LoadReport(millis, 1, address, new StatsLine(localClients, 0, 0, 0, localClients), "fake")
                .encode(secret.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void reportingServersAreHandedOutByTheirReportedLoadBesideCheckedOnesAndDropOutWhenTheyStop(@TempDir Path dir)
            throws Exception {
        List<ServerSession> users = new ArrayList<>();
        try (LocalServer checked = LocalServer.start(dir.resolve("c"), "c.test", true);
             Metaserver meta = Metaserver.start(settings(checked.configured("c")));
             LocalServer a = LocalServer.startReporting(dir.resolve("a"), "a.test", meta.reportPort(), SECRET);
             LocalServer b = LocalServer.startReporting(dir.resolve("b"), "b.test", meta.reportPort(), SECRET)) {
            String atA = "127.0.0.1:" + a.port() + "\n";
            String atB = "127.0.0.1:" + b.port() + "\n";
            String atC = "127.0.0.1:" + checked.port() + "\n";
            for (int i = 0; i < 4; i++) {
                users.add(a.login("user" + i));
            }
            assertThat(await(() -> status(meta, a.port()).map(ServerStatus::load).orElse(-1L) == 4
                    && status(meta, b.port()).map(ServerStatus::load).orElse(-1L) == 0))
                    .as("both servers' reports arrive, a's with its 4 clients: %s", meta.statuses()).isTrue();
            assertThat(status(meta, a.port()).orElseThrow().server().name()).isEqualTo("a.test");
            assertThat(meta.statuses()).hasSize(3).allMatch(ServerStatus::live);

            assertThat(askMany(meta, 8)).as("the two empty servers first, up to a's load")
                    .containsOnlyKeys(atB, atC).containsEntry(atB, 4).containsEntry(atC, 4);
            assertThat(askMany(meta, 30)).as("then all three in turn")
                    .containsEntry(atA, 10).containsEntry(atB, 10).containsEntry(atC, 10);

            a.close();
            assertThat(await(() -> {
                meta.check();
                return !status(meta, a.port()).orElseThrow().live();
            })).as("a server whose reports stop is not live after three of its intervals").isTrue();
            assertThat(status(meta, a.port()).orElseThrow().problem()).contains("no load report");
            assertThat(askMany(meta, 20)).containsOnlyKeys(atB, atC);
            assertThat(meta.reportsDropped()).isZero();
            assertThat(checked.reportsSent()).as("a server without metaserver_report sends nothing").isZero();
        } finally {
            for (ServerSession u : users) {
                u.close();
            }
        }
    }

    @Test
    void forgedStaleAndReplayedReportsAreDropped() throws Exception {
        try (Metaserver meta = Metaserver.start(settings())) {
            int port = meta.reportPort();
            assertThat(port).isPositive();
            assertThat(LocalServer.ask(meta.port())).as("nobody reported yet").isEmpty();

            long now = System.currentTimeMillis();
            byte[] first = report(now, "127.0.0.1:1111", 5, SECRET);
            send(port, first);
            assertThat(await(() -> meta.reportsAccepted() == 1)).isTrue();
            assertThat(status(meta, 1111).orElseThrow().load()).isEqualTo(5);

            send(port, report(now + 1, "127.0.0.1:1111", 0, "someone-elses-secret-here"));
            assertThat(await(() -> meta.reportsDropped() == 1)).as("another secret").isTrue();
            send(port, first);
            assertThat(await(() -> meta.reportsDropped() == 2)).as("a replay").isTrue();
            send(port, report(now - 120_000, "127.0.0.1:2222", 0, SECRET));
            assertThat(await(() -> meta.reportsDropped() == 3)).as("two minutes old").isTrue();
            send(port, report(now, "0.0.0.0:3333", 0, SECRET));
            assertThat(await(() -> meta.reportsDropped() == 4)).as("no address to send clients to").isTrue();
            send(port, "hello\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(await(() -> meta.reportsDropped() == 5)).as("not a report").isTrue();
            assertThat(meta.reportsAccepted()).isEqualTo(1);
            assertThat(meta.statuses()).extracting(s -> s.server().address()).containsExactly("127.0.0.1:1111");
            assertThat(status(meta, 1111).orElseThrow().load()).isEqualTo(5);

            send(port, report(now + 2, "127.0.0.1:1111", 7, SECRET));
            assertThat(await(() -> meta.reportsAccepted() == 2)).as("a newer report is taken").isTrue();
            assertThat(status(meta, 1111).orElseThrow().load()).isEqualTo(7);
            assertThat(LocalServer.ask(meta.port())).isEqualTo("127.0.0.1:1111\n");
        }
    }

    @Test
    void aReportPortNeedsASecret() {
        assertThatThrownBy(() -> new MetaserverSettings("127.0.0.1", 0, -1, NEVER, Duration.ofSeconds(5), List.of(), null, 0,
                null, 0, null)).hasMessageContaining("secret");
        assertThatThrownBy(() -> new MetaserverSettings("127.0.0.1", 0, -1, NEVER, Duration.ofSeconds(5), List.of(), null, 0,
                null, 0, "short".getBytes(StandardCharsets.ISO_8859_1))).hasMessageContaining("secret");
        assertThatThrownBy(() -> new MetaserverSettings("127.0.0.1", 0, -1, NEVER, Duration.ofSeconds(5), List.of(), null, 0,
                null, -1, null)).hasMessageContaining("no servers");
    }
}
