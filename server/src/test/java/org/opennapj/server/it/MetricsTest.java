package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;

/** The metrics port: Prometheus text whose counters follow the traffic. */
class MetricsTest {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(TestServer.TIMEOUT).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(TestServer.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of the one sample of {@code name} whose labels contain every given {@code label="value"}. */
    private static double value(String text, String name, String... labels) {
        Double found = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
            boolean all = true;
            for (String l : labels) {
                all &= labelPart.contains(l);
            }
            if (all) {
                assertThat(found).as("one sample of %s %s", name, String.join(",", labels)).isNull();
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(found).as("sample %s %s in:%n%s", name, String.join(",", labels), text).isNotNull();
        return found;
    }

    @Test
    void offUnlessConfigured() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            assertThat(server.server().metricsPort()).isZero();
        }
    }

    @Test
    void countersMoveWithTraffic() throws Exception {
        int port = freePort();
        try (TestServer server = TestServer.start(dir, "metrics_port", Integer.toString(port))) {
            assertThat(server.server().metricsPort()).isEqualTo(port);
            String before = scrape(port);
            assertThat(value(before, "opennapj_logins_total")).isZero();
            assertThat(value(before, "opennapj_users", "where=\"local\"")).isZero();

            try (ServerSession alice = server.login("alice"); ServerSession bob = server.login("bob")) {
                alice.send(MessageType.SHARE_FILE.code(),
                        "\"C:\\mp3\\Metric Song.mp3\" d41d8cd98f00b204e9800998ecf8427e 4000000 128 44100 240");
                TestServer.sync(alice);
                bob.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"metric\" MAX_RESULTS 10");
                bob.expect(TestServer.TIMEOUT, MessageType.SEARCH_RESULT.code());
                bob.expect(TestServer.TIMEOUT, MessageType.SEARCH_END.code());
                try (ServerSession bad = server.connect()) {
                    bad.send(MessageType.LOGIN.code(), "carol");
                    bad.expect(TestServer.TIMEOUT, MessageType.ERROR.code());
                }
                // a flood action as the flood control counts it: on the core thread
                CompletableFuture<Void> counted = new CompletableFuture<>();
                server.server().core().execute(() -> {
                    server.server().core().metrics().flood("commands");
                    counted.complete(null);
                });
                counted.get(TestServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

                String after = scrape(port);
                assertThat(value(after, "opennapj_logins_total")).isEqualTo(2);
                assertThat(value(after, "opennapj_login_failures_total", "reason=\"invalid\"")).isEqualTo(1);
                assertThat(value(after, "opennapj_users", "where=\"local\"")).isEqualTo(2);
                assertThat(value(after, "opennapj_shared_files")).isEqualTo(1);
                assertThat(value(after, "opennapj_shared_bytes")).isEqualTo(4_000_000);
                assertThat(value(after, "opennapj_searches_total")).isEqualTo(1);
                assertThat(value(after, "opennapj_search_duration_seconds_count")).isEqualTo(1);
                assertThat(value(after, "opennapj_messages_received_total", "numeric=\"200\"")).isEqualTo(1);
                assertThat(value(after, "opennapj_messages_received_total", "numeric=\"100\"")).isEqualTo(1);
                assertThat(value(after, "opennapj_messages_sent_total", "numeric=\"201\"")).isEqualTo(1);
                assertThat(value(after, "opennapj_messages_sent_total", "numeric=\"3\"")).isEqualTo(2);
                assertThat(value(after, "opennapj_flood_actions_total", "kind=\"commands\"")).isEqualTo(1);
                assertThat(value(after, "opennapj_connections")).isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void storeCommitsAreTimed() throws Exception {
        int port = freePort();
        try (TestServer server = TestServer.start(dir, "metrics_port", Integer.toString(port), "auto_register", "on")) {
            double before = value(scrape(port), "opennapj_store_commit_duration_seconds_count");
            try (ServerSession dave = server.login("dave")) {
                // auto_register: the login is acknowledged once the account is committed
                assertThat(value(scrape(port), "opennapj_store_commit_duration_seconds_count")).isGreaterThan(before);
            }
        }
    }

    @Test
    void aScrapeThatCannotBeQueuedIsClosedNotLeft() throws Exception {
        int port = freePort();
        try (TestServer server = TestServer.start(dir, "metrics_port", Integer.toString(port))) {
            // the core is held, so the one metrics thread waits on its snapshot while more scrapes
            // come in than its queue takes: those over are closed at once instead of left open
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            server.core().execute(() -> {
                try {
                    hold.await(TestServer.TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CompletableFuture<Void> closedUnanswered = new CompletableFuture<>();
            java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) {
                    java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port);
                    sockets.add(s);
                    s.setSoTimeout((int) TestServer.TIMEOUT.toMillis());
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Thread reader = new Thread(() -> {
                        try {
                            if (s.getInputStream().read() < 0) {
                                closedUnanswered.complete(null);
                            }
                        } catch (java.io.IOException e) {
                            // a reset is a close too; a timeout is not
                            if (!(e instanceof java.net.SocketTimeoutException)) {
                                closedUnanswered.complete(null);
                            }
                        }
                    });
                    reader.setDaemon(true);
                    reader.start();
                }
                closedUnanswered.get(TestServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                hold.countDown();
                for (java.net.Socket s : sockets) {
                    s.close();
                }
            }
            assertThat(scrape(port)).contains("opennapj_");
        }
    }

    @Test
    void aTakenMetricsPortIsReportedAsSuch() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> TestServer.start(dir, "metrics_port", Integer.toString(taken.getLocalPort())).close())
                    .isInstanceOf(java.io.IOException.class).isNotInstanceOf(java.net.BindException.class)
                    .hasMessageContaining("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
        }
        // nothing was left holding the data directory
        try (TestServer again = TestServer.start(dir)) {
            assertThat(again.port()).isPositive();
        }
    }
}
