package org.opennapj.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.client.servers.MetaserverLookup;
import org.opennapj.protocol.ServerList;

/** The metaserver with real OpenNapJ servers in this JVM, over loopback. */
class MetaserverTest {

    /** Checks run only when a test asks, so each test knows what the last check saw. */
    private static final Duration NEVER = Duration.ofHours(1);

    private static MetaserverSettings settings(Duration probeTimeout, ConfiguredServer... servers) {
        return new MetaserverSettings("127.0.0.1", 0, -1, NEVER, probeTimeout, List.of(servers), null, 0);
    }

    /** Asks {@code times} times; how often each answer came. */
    private static Map<String, Integer> askMany(Metaserver meta, int times) throws Exception {
        Map<String, Integer> got = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            got.merge(LocalServer.ask(meta.port()), 1, Integer::sum);
        }
        return got;
    }

    @Test
    void handsOutOnlyLiveServersPreferringTheLessLoadedAndClosesWhenNoneIsLive(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             LocalServer b = LocalServer.start(dir.resolve("b"), "b.test", true)) {
            String atA = "127.0.0.1:" + a.port() + "\n";
            String atB = "127.0.0.1:" + b.port() + "\n";
            List<ServerSession> users = new ArrayList<>();
            try (Metaserver meta = Metaserver.start(settings(Duration.ofSeconds(5), a.configured("a"), b.configured("b")))) {
                assertThat(meta.statuses()).allMatch(ServerStatus::live);
                assertThat(askMany(meta, 100)).as("two empty servers share the clients")
                        .containsOnlyKeys(atA, atB).containsEntry(atA, 50).containsEntry(atB, 50);

                for (int i = 0; i < 4; i++) {
                    users.add(a.login("user" + i));
                }
                meta.check();
                assertThat(meta.statuses()).extracting(ServerStatus::load).containsExactly(4L, 0L);
                assertThat(askMany(meta, 4)).as("the empty server first, up to the other's load").containsOnlyKeys(atB);
                assertThat(askMany(meta, 40)).as("then both in turn").containsEntry(atA, 20).containsEntry(atB, 20);

                a.close();
                meta.check();
                assertThat(meta.statuses()).extracting(ServerStatus::live).containsExactly(false, true);
                assertThat(askMany(meta, 50)).as("only the live server").containsOnlyKeys(atB);

                b.close();
                meta.check();
                assertThat(askMany(meta, 20)).as("no live server: closed without a line").containsOnlyKeys("");
                assertThat(LocalServer.ask(meta.port())).isEmpty();
            } finally {
                for (ServerSession u : users) {
                    u.close();
                }
            }
        }
    }

    @Test
    void theClientLibraryLandsOnALiveServer(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             Metaserver meta = Metaserver.start(settings(Duration.ofSeconds(5),
                     ConfiguredServer.parse("127.0.0.1:1 gone", 0), a.configured("a")))) {
            ServerList.Entry e = MetaserverLookup.lookup("127.0.0.1", meta.port(), LocalServer.TIMEOUT);
            assertThat(e.address()).isEqualTo("127.0.0.1:" + a.port());
            try (ServerSession s = a.login("landed")) {
                assertThat(s).isNotNull();
            }
        }
    }

    @Test
    void aServerWithoutAStatsPortIsCheckedWithANickCheckAndCountsAsTheMeanLoad(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             LocalServer plain = LocalServer.start(dir.resolve("p"), "plain.test", false)) {
            List<ServerSession> users = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    users.add(a.login("user" + i));
                }
                try (Metaserver meta = Metaserver.start(settings(Duration.ofSeconds(5), a.configured("a"), plain.configured("plain")))) {
                    assertThat(meta.statuses()).extracting(ServerStatus::live).containsExactly(true, true);
                    assertThat(meta.statuses().get(1).stats()).isNull();
                    assertThat(meta.statuses().get(1).load()).isEqualTo(-1);
                    // the plain server counts as 6 too (the mean of the known loads): the two alternate
                    Map<String, Integer> got = askMany(meta, 20);
                    assertThat(got).containsEntry("127.0.0.1:" + a.port() + "\n", 10)
                            .containsEntry("127.0.0.1:" + plain.port() + "\n", 10);

                    plain.close();
                    meta.check();
                    assertThat(meta.statuses().get(1).live()).isFalse();
                    assertThat(askMany(meta, 10)).containsOnlyKeys("127.0.0.1:" + a.port() + "\n");
                }
            } finally {
                for (ServerSession u : users) {
                    u.close();
                }
            }
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersStallsNeitherChecksNorAnswers(@TempDir Path dir) throws Exception {
        // a listening socket nobody accepts on: connections complete (the backlog) and hear nothing
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             LocalServer b = LocalServer.start(dir.resolve("b"), "b.test", true)) {
            ConfiguredServer silentStats = ConfiguredServer.parse("127.0.0.1:" + silent.getLocalPort() + " s1 stats=" + silent.getLocalPort(), 0);
            ConfiguredServer silentClient = ConfiguredServer.parse("127.0.0.1:" + silent.getLocalPort() + " s2", 0);
            try (Metaserver meta = Metaserver.start(settings(Duration.ofMillis(700), silentStats, silentClient, b.configured("b")))) {
                assertThat(meta.statuses()).extracting(ServerStatus::live).containsExactly(false, false, true);
                assertThat(meta.statuses().get(0).problem()).contains("no answer");
                assertThat(meta.statuses().get(1).problem()).contains("no answer");

                // answers keep coming while a check waits for the silent server
                CompletableFuture<Void> checking = CompletableFuture.runAsync(meta::check);
                assertThat(askMany(meta, 30)).containsOnlyKeys("127.0.0.1:" + b.port() + "\n");
                checking.get(LocalServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Test
    void silentAndChattyClientsDoNotKeepOthersFromTheirAnswer(@TempDir Path dir) throws Exception {
        try (LocalServer b = LocalServer.start(dir.resolve("b"), "b.test", true);
             Metaserver meta = Metaserver.start(settings(Duration.ofSeconds(5), b.configured("b")))) {
            String atB = "127.0.0.1:" + b.port() + "\n";
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", meta.port()), (int) LocalServer.TIMEOUT.toMillis());
                    if (i % 2 == 0) {
                        OutputStream out = s.getOutputStream();
                        out.write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    idle.add(s);   // never read, never closed until the end
                }
                assertThat(askMany(meta, 20)).containsOnlyKeys(atB);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void answersThousandsOfConnectionsInARow(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             LocalServer b = LocalServer.start(dir.resolve("b"), "b.test", true);
             Metaserver meta = Metaserver.start(settings(Duration.ofSeconds(5), a.configured("a"), b.configured("b")))) {
            Map<String, Integer> got = askMany(meta, 3000);
            assertThat(got).containsOnlyKeys("127.0.0.1:" + a.port() + "\n", "127.0.0.1:" + b.port() + "\n");
            assertThat(got.values()).containsOnly(1500);
        }
    }

    @Test
    void theServersFileIsReadAgainAtEveryCheck(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             LocalServer b = LocalServer.start(dir.resolve("b"), "b.test", true)) {
            Path file = dir.resolve("servers");
            Files.writeString(file, "# the network\n127.0.0.1:" + a.port() + " a stats=" + a.statsPort() + "\n");
            MetaserverSettings s = new MetaserverSettings("127.0.0.1", 0, -1, NEVER, Duration.ofSeconds(5), List.of(), file, 0);
            try (Metaserver meta = Metaserver.start(s)) {
                assertThat(askMany(meta, 5)).containsOnlyKeys("127.0.0.1:" + a.port() + "\n");
                Files.writeString(file, "127.0.0.1:" + b.port() + " b   # stats port given by default? no: nick check\n");
                meta.check();
                assertThat(meta.statuses()).extracting(st -> st.server().name()).containsExactly("b");
                assertThat(askMany(meta, 5)).containsOnlyKeys("127.0.0.1:" + b.port() + "\n");
                Files.writeString(file, "not a port:x\n");
                meta.check();
                assertThat(meta.statuses()).as("a bad file keeps what it held").extracting(st -> st.server().name())
                        .containsExactly("b");
            }
        }
    }
}
