package org.opennapj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.Framing;

/** Where requests complete: timeouts on the event thread; answers dropped at an overflow fail their request. */
class NapClientEventQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ServerSocket listener() throws IOException {
        ServerSocket l = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        l.setSoTimeout((int) WAIT.toMillis());
        return l;
    }

    private static void readFrame(DataInputStream in) throws IOException {
        int len = in.readUnsignedByte() | in.readUnsignedByte() << 8;
        in.readUnsignedShort();
        in.readFully(new byte[len]);
    }

    @Test
    void aTimeoutCompletesTheFutureOnTheEventThread() throws Exception {
        try (ServerSocket l = listener()) {
            NapClient c = NapClient.connect("127.0.0.1", l.getLocalPort(), WAIT).timeout(Duration.ofSeconds(1));
            try (Socket s = l.accept()) { // a server that never answers
                CompletableFuture<String> where = c.ping("bob")
                        .handle((v, e) -> Thread.currentThread().getName() + " " + (e instanceof TimeoutException));
                assertThat(where.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("opennapj-client-events true");
            } finally {
                c.close();
            }
        }
    }

    @Test
    void anAnswerDroppedWhenTheListenersFellBehindFailsItsRequest() throws Exception {
        try (ServerSocket l = listener()) {
            NapClient c = NapClient.open("127.0.0.1", l.getLocalPort(), WAIT).timeout(Duration.ofMinutes(2));
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch stalled = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            c.onAny(m -> {
                if (first.getAndSet(false)) {
                    stalled.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS); // a listener that stalls
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
            c.start();
            Thread reader = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("opennapj-client-reader") && !before.contains(t)).findFirst().orElseThrow();
            CompletableFuture<Whois> whois;
            try (Socket s = l.accept()) {
                s.setSoTimeout((int) WAIT.toMillis());
                whois = c.whois("bob");
                readFrame(new DataInputStream(s.getInputStream()));
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
                try {
                    out.write(Framing.encode(621, "the listener stops here", ByteOrder.LITTLE_ENDIAN));
                    out.flush();
                    assertThat(stalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    out.write(Framing.encode(604, "bob User 60", ByteOrder.LITTLE_ENDIAN)); // whois's answer
                    byte[] filler = Framing.encode(621, "x", ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < NapClient.MAX_WAITING_EVENTS + 10; i++) {
                        out.write(filler);
                    }
                    out.flush();
                } catch (IOException e) {
                    // the client gave up on the connection while we wrote: that is the point
                }
                assertThat(s.getInputStream().read()).as("the client closed the connection").isEqualTo(-1);
                reader.join(WAIT.toMillis()); // it made room for the session's end before the listener goes on
                assertThat(reader.isAlive()).isFalse();
            } finally {
                release.countDown();
            }
            assertThatThrownBy(() -> whois.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
            c.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
