package org.opennapj.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.SearchResult;

/** How NapClient orders requests and messages, against a scripted server on 127.0.0.1. */
class NapClientOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RESULT = "\"%s.mp3\" 0123456789abcdef0123456789abcdef 1 128 44100 1 owner 16777343 3";

    /** The server side of one connection. */
    private static final class Script implements AutoCloseable {
        final ServerSocket listener;
        Socket socket;
        DataInputStream in;
        OutputStream out;

        Script() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listener.setSoTimeout((int) WAIT.toMillis());
        }

        void accept() throws IOException {
            socket = listener.accept();
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Message read() throws IOException {
            int len = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            int type = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            byte[] body = new byte[len];
            in.readFully(body);
            return new Message(type, new String(body, StandardCharsets.ISO_8859_1));
        }

        void send(int type, String data) throws IOException {
            out.write(Framing.encode(type, data, ByteOrder.LITTLE_ENDIAN));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            listener.close();
        }
    }

    private static List<String> names(List<SearchResult> results) {
        return results.stream().map(r -> r.file().path()).toList();
    }

    @Test
    void aSearchThatTimedOutHoldsTheLineUntilItsEndSoItsLateResultsAreNotTakenForTheNext() throws Exception {
        try (Script server = new Script()) {
            NapClient c = NapClient.open("127.0.0.1", server.listener.getLocalPort(), WAIT);
            BlockingQueue<Message> all = new LinkedBlockingQueue<>();
            c.onAny(all::add);
            c.start();
            server.accept();
            try (c) {
                c.timeout(Duration.ofMillis(300));
                CompletableFuture<List<SearchResult>> first = c.search(Search.forWords("first"));
                c.timeout(WAIT);
                CompletableFuture<List<SearchResult>> second = c.search(Search.forWords("second"));
                assertThat(server.read().data()).contains("first");
                try {
                    first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    throw new AssertionError("the first search should have timed out");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(TimeoutException.class);
                }
                // the first search's answer comes late; only after its end is the second sent
                server.send(201, RESULT.formatted("late"));
                server.send(202, "");
                Message next = server.read();
                assertThat(next.type()).isEqualTo(200);
                assertThat(next.data()).contains("second");
                server.send(201, RESULT.formatted("mine"));
                server.send(202, "");
                assertThat(names(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))).containsExactly("mine.mp3");
                // the listeners got everything, the late result included
                assertThat(all.stream().filter(m -> m.type() == 201).count()).isEqualTo(2);
            }
        }
    }

    @Test
    void listenersRegisteredBeforeStartSeeTheFirstMessageAndAFutureCompletesAfterItsMessagesWereDelivered() throws Exception {
        try (Script server = new Script()) {
            NapClient c = NapClient.open("127.0.0.1", server.listener.getLocalPort(), WAIT);
            server.accept();
            server.send(621, "welcome");  // before the client reads anything
            BlockingQueue<Message> all = new LinkedBlockingQueue<>();
            c.onAny(all::add);
            c.start();
            try (c) {
                CompletableFuture<Integer> seenWhenDone = c.search(Search.forWords("x")).thenApply(r -> all.size());
                server.read();
                server.send(201, RESULT.formatted("one"));
                server.send(202, "");
                assertThat(seenWhenDone.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("621, 201 and 202 delivered first").isEqualTo(3);
                assertThat(all.poll().data()).isEqualTo("welcome");
            }
            CompletableFuture<Void> closed = c.closed();
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(c.isClosed()).isTrue();
        }
    }

    @Test
    void everyWaitingRequestFailsWhenTheServerCloses() throws Exception {
        try (Script server = new Script()) {
            NapClient c = NapClient.connect("127.0.0.1", server.listener.getLocalPort(), WAIT);
            server.accept();
            try (c) {
                CompletableFuture<List<SearchResult>> search = c.search(Search.forWords("x"));
                CompletableFuture<List<SearchResult>> queued = c.search(Search.forWords("y"));
                CompletableFuture<Whois> whois = c.whois("bob");
                server.read();
                server.socket.close();
                for (CompletableFuture<?> f : List.of(search, queued, whois)) {
                    try {
                        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        throw new AssertionError("should have failed");
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                    }
                }
            }
        }
    }
}
