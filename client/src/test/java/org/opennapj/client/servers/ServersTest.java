package org.opennapj.client.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.ServerList;

class ServersTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A one-connection metaserver on loopback that writes {@code answer} (null: writes nothing and holds the line open). */
    private static String ask(String answer) throws Exception {
        try (ServerSocket meta = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket c = meta.accept()) {
                    OutputStream out = c.getOutputStream();
                    if (answer == null) {
                        Thread.sleep(TIMEOUT.toMillis() / 10);
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException | InterruptedException e) {
                    // the test sees the result
                }
            });
            t.start();
            try {
                return MetaserverLookup.lookup("127.0.0.1", meta.getLocalPort(), Duration.ofMillis(TIMEOUT.toMillis() / 20)).address();
            } finally {
                t.join(TIMEOUT.toMillis());
            }
        }
    }

    @Test
    void aMetaserversLineNamesTheServer() throws Exception {
        assertThat(ask("127.0.0.1:7777\n")).isEqualTo("127.0.0.1:7777");
        assertThat(ask("nap.example.net:8888\r\n")).isEqualTo("nap.example.net:8888");
    }

    @Test
    void aMetaserverWithNothingToOfferOrNonsenseIsAClearError() {
        assertThatThrownBy(() -> ask("")).isInstanceOf(IOException.class).hasMessageContaining("no server to offer");
        assertThatThrownBy(() -> ask("all servers busy\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("not host:port");
        assertThatThrownBy(() -> ask(null)).isInstanceOf(IOException.class);
    }

    @Test
    void backoffDoublesUpToItsMaximumWithJitterAndStartsOverAfterASuccess() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        long[] waits = new long[5];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = b.nextDelay().toMillis();
        }
        assertThat(waits[0]).isBetween(1000L, 1500L);
        assertThat(waits[1]).isBetween(2000L, 3000L);
        assertThat(waits[2]).isBetween(4000L, 6000L);
        assertThat(waits[3]).isBetween(5000L, 7500L);
        b.reset();
        assertThat(b.nextDelay().toMillis()).isBetween(1000L, 1500L);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
