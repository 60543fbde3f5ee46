package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/**
 * The server's bounds: output queue per client, login timeout, clones, the hard connection limit,
 * max_connections, max_shared, a WinMX-sized share burst and an inbound flood. Each limit hits the
 * client that crosses it and nobody else.
 */
class LimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String MD5 = "0123456789abcdef0123456789abcdef-4242";
    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int ERROR = MessageType.ERROR.code();

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ a client that can stop reading

    /**
     * A plain socket client: it reads only when told to, so the server's output to it can back up.
     * Every read is bounded by the socket timeout.
     */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        RawClient(int port, int receiveBuffer) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        }

        void send(int type, String data) throws IOException {
            write(TestServer.frame(type, data));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next frame; throws on timeout or close. */
        Message read() throws IOException {
            int len = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            int type = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            byte[] body = new byte[len];
            in.readFully(body);
            return new Message(type, new String(body, StandardCharsets.ISO_8859_1));
        }

        /** Reads until a frame of the type, within the deadline; returns the frames read including it. */
        List<Message> readUntil(int type, Duration within) throws IOException {
            long deadline = System.nanoTime() + within.toNanos();
            List<Message> got = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Message m = read();
                got.add(m);
                if (m.type() == type) {
                    return got;
                }
            }
            throw new IOException("no " + type + " within " + within + "; got " + got.size() + " frames");
        }

        /** Logs in as nick with a plain client string and reads up to the 214 stats. */
        void login(String nick, String client) throws IOException {
            send(MessageType.LOGIN.code(), nick + " pass 6699 \"" + client + "\" 3");
            List<Message> got = readUntil(MessageType.STATS.code(), WAIT);
            assertThat(got.get(0).type()).as("login of %s: %s", nick, got.get(0)).isEqualTo(MessageType.LOGIN_ACK.code());
        }

        /** Reads and drops everything until the server closes; false if still open after the bound. */
        boolean closedWithin(Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            byte[] buf = new byte[65536];
            try {
                while (System.nanoTime() < deadline) {
                    try {
                        if (in.read(buf) < 0) {
                            return true;
                        }
                    } catch (SocketTimeoutException e) {
                        // keep waiting until the deadline
                    }
                }
                return false;
            } catch (IOException e) {
                return true;  // reset by the server
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Whether nick is online, asked through a logged-in session (604, or 605 / a 404 naming the nick). */
    private static boolean online(ServerSession asker, String nick) throws Exception {
        asker.send(MessageType.WHOIS.code(), nick);
        Message m = asker.await(WAIT, r -> (r.type() == MessageType.WHOIS_RESPONSE.code() || r.type() == MessageType.WHOWAS.code())
                        && r.data().startsWith(nick + " ") || r.type() == NOTICE && r.data().contains(" " + nick + " "),
                "whois answer for " + nick);
        return m.type() == MessageType.WHOIS_RESPONSE.code();
    }

    /** Messages received up to the close, which must come within the bound. */
    private static List<Message> closedWithin(ServerSession s, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<Message> got = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Message m = s.next(Duration.ofMillis(100));
            if (m == ServerSession.CLOSED) {
                return got;
            }
            if (m != null) {
                got.add(m);
            }
        }
        throw new AssertionError("connection still open after " + within + "; got " + got);
    }

    // ------------------------------------------------------------------ client_queue_length

    @Test
    void aClientThatStopsReadingIsDisconnectedAndOthersAreServed() throws Exception {
        try (TestServer server = TestServer.start(dir, "client_queue_length", "4096");
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer");
             ServerSession flooder = server.login("flooder");
             ServerSession reader = server.login("reader");
             RawClient victim = new RawClient(server.port(), 4096)) {
            victim.login("victim", "nap v1.0");
            for (int i = 0; i < 20; i++) {
                victim.send(MessageType.SHARE_FILE.code(), "\"C:\\victim\\victim file " + i + ".mp3\" " + MD5 + " 1000 128 44100 60");
            }
            victim.send(MessageType.SERVER_PING.code(), "");
            victim.readUntil(MessageType.SERVER_PING.code(), WAIT);
            // from here on the victim never reads

            String text = "y".repeat(100);
            // control: the same traffic to a client that reads does not trip the limit
            for (int i = 0; i < 50; i++) {
                String tag = " chunk" + i;
                flooder.sendRaw(chunkOf("reader " + text + tag, 10));
                TestServer.sync(flooder);
                reader.await(WAIT, m -> m.type() == MessageType.PRIVATE_MESSAGE.code() && m.data().endsWith(tag),
                        "private message" + tag);
            }
            assertThat(online(observer, "reader")).as("the reading client is still online").isTrue();

            // the victim's buffers fill up; the server drops it once client_queue_length is over
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            boolean gone = false;
            int chunks = 0;
            while (!gone && chunks < 50_000 && System.nanoTime() < deadline) {
                // one chunk per round trip: no single batch of replies comes near the limit, only the backlog does
                flooder.sendRaw(chunkOf("victim " + text, 10));
                TestServer.sync(flooder);
                chunks++;
                if (chunks % 20 == 0) {
                    gone = !online(observer, "victim");
                }
            }
            assertThat(gone).as("victim disconnected after %d chunks of 10 private messages", chunks).isTrue();
            System.out.println("LimitsTest: the victim was dropped after " + chunks + " chunks of 10 private messages");
            // everybody else is served, the victim's files are gone with it
            for (ServerSession s : List.of(observer, flooder, reader)) {
                TestServer.sync(s);
            }
            observer.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"victim file\" MAX_RESULTS 100");
            List<Message> results = observer.collectUntil(WAIT, MessageType.SEARCH_END.code());
            assertThat(results).as("search for the victim's files").hasSize(1);
            assertThat(victim.closedWithin(Duration.ofSeconds(10))).as("the victim's socket is closed").isTrue();
            assertThat(errors.problems()).isEmpty();
        }
    }

    /**
     * The hostile client, on a server with the default settings: a 4 KB receive buffer, never
     * a read, and 25 KB writes of 750 pings. Once its replies back up past client_queue_length the
     * server cuts it off at once: its socket is reset (so the client's writes fail instead of being
     * read and thrown away), and its user leaves; a second client is answered all along.
     */
    @Test
    void aClientThatStopsReadingIsCutOffAtOnceAndNotReadAnyMore() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             LogLines log = new LogLines("org.opennapj.server.Connections");
             ServerSession other = server.login("other");
             RawClient slow = new RawClient(server.port(), 4096)) {
            slow.login("slow", "nap v1.0");
            assertThat(online(other, "slow")).isTrue();
            byte[] pings = repeated(TestServer.frame(MessageType.SERVER_PING.code(), "x"), 5_000);  // 25 KB
            // at most 100 MB or 60 s; the server reads ~2 MB before the overflow, then resets the socket
            Writer writer = Writer.start(slow, pings, 4_000, Duration.ofSeconds(60));
            int answered = 0;
            while (writer.running() && answered < 100_000) {
                TestServer.sync(other);     // fails the test unless answered within TestServer.TIMEOUT
                answered++;
            }
            Writer.Result r = writer.result();
            System.out.println("LimitsTest: the slow reader's writes failed after " + r.bytes() + " bytes ("
                    + r.failure() + "); the other client's pings answered meanwhile: " + answered);
            assertThat(r.failure()).as("the slow reader's writes end with a reset, not with our bound").isNotNull();
            // what the server read before the overflow (~2 MB) plus what the kernel's socket buffers took
            // (tens of MB at most with loopback autotuning), far below the writer's own bound of 100 MB
            assertThat(r.bytes()).as("bytes written before the reset").isLessThan(50_000_000L);
            // its user has left, and the server serves the other client as before
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (online(other, "slow") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(online(other, "slow")).as("slow is still online").isFalse();
            TestServer.sync(other);
            assertThat(log.lines()).as("log lines for the overflow")
                    .anyMatch(l -> l.contains("output queue over client_queue_length") && l.contains("slow"));
            assertThat(errors.problems()).isEmpty();
        }
    }

    /**
     * A graceful close (an error, then the close) does not wait for a client that does not read:
     * here a client with megabytes of replies still unread breaks the protocol (a frame over
     * max_command_length), and its socket is closed all the same.
     */
    @Test
    void aGracefulCloseDoesNotWaitForAClientThatDoesNotRead() throws Exception {
        try (TestServer server = TestServer.start(dir, "client_queue_length", "100000000");
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             LogLines log = new LogLines("org.opennapj.server.Connections");
             ServerSession other = server.login("other");
             RawClient slow = new RawClient(server.port(), 4096)) {
            slow.login("slow", "nap v1.0");
            byte[] pings = repeated(TestServer.frame(MessageType.SERVER_PING.code(), "x"), 5_000);
            // 1 MB of pings: more than 3 MB of replies nobody reads
            Writer.Result before = Writer.start(slow, pings, 40, Duration.ofSeconds(30)).result();
            assertThat(before.failure()).isNull();
            assertThat(before.bytes()).isEqualTo(40L * pings.length);
            TestServer.sync(other);
            byte[] tooLong = {(byte) 0x60, (byte) 0xEA, 2, 0};   // a login of 60,000 bytes
            slow.write(tooLong);
            Writer writer = Writer.start(slow, pings, 4_000, Duration.ofSeconds(60));
            while (writer.running()) {
                TestServer.sync(other);
            }
            Writer.Result r = writer.result();
            System.out.println("LimitsTest: after the oversized frame the server took " + r.bytes() + " more bytes ("
                    + r.failure() + ")");
            assertThat(r.failure()).as("writes after the oversized frame end with a reset").isNotNull();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (online(other, "slow") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(online(other, "slow")).isFalse();
            assertThat(log.lines()).anyMatch(l -> l.contains("frame longer than max_command_length"));
            assertThat(errors.problems()).isEmpty();
        }
    }

    /** A writer thread that writes one chunk over and over until a write fails, or its bounds are reached. */
    private static final class Writer {
        record Result(long bytes, IOException failure) { }

        private final Thread thread;
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<IOException> failure = new AtomicReference<>();
        private final RawClient client;
        private final long deadline;

        private Writer(RawClient client, byte[] chunk, int maxWrites, Duration within) {
            this.client = client;
            this.deadline = System.nanoTime() + within.toNanos();
            this.thread = new Thread(() -> {
                try {
                    for (int i = 0; i < maxWrites && System.nanoTime() < deadline; i++) {
                        client.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    failure.set(e);
                }
            }, "slow-writer");
            thread.setDaemon(true);
        }

        static Writer start(RawClient client, byte[] chunk, int maxWrites, Duration within) {
            Writer w = new Writer(client, chunk, maxWrites, within);
            w.thread.start();
            return w;
        }

        /** Whether the writer is still writing and within its time bound. */
        boolean running() {
            return thread.isAlive() && System.nanoTime() < deadline;
        }

        /** Waits for the writer (closing the socket if a write still blocks past the bound). */
        Result result() throws Exception {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                IOException stillWriting = failure.get();
                client.close();         // unblocks the write; not a failure caused by the server
                thread.join(WAIT.toMillis());
                return new Result(written.get(), stillWriting);
            }
            return new Result(written.get(), failure.get());
        }
    }

    /** Every line logged under one logger while open (the formatted message). */
    static final class LogLines implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger;
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.AppenderBase<>() {
                    @Override
                    protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
                        seen.add(e.getFormattedMessage());
                    }
                };

        LogLines(String name) {
            logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name);
            appender.setContext(logger.getLoggerContext());
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            synchronized (seen) {
                return new ArrayList<>(seen);
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    private static byte[] repeated(byte[] frame, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            b.writeBytes(frame);
        }
        return b.toByteArray();
    }

    /** n private messages with the same body in one write. */
    private static byte[] chunkOf(String body, int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] f = TestServer.frame(MessageType.PRIVATE_MESSAGE.code(), body);
        for (int i = 0; i < n; i++) {
            b.writeBytes(f);
        }
        return b.toByteArray();
    }

    @Test
    void aReadingClientGetsAReplyLargerThanTheQueueLimit() throws Exception {
        try (TestServer server = TestServer.start(dir, "client_queue_length", "4096");
             ServerSession sharer = server.login("sharer");
             ServerSession reader = server.login("reader")) {
            shareMany(sharer, "sharer", 100);
            for (int round = 0; round < 3; round++) {
                reader.send(MessageType.BROWSE.code(), "sharer");   // 100 entries, ~13 KB in one reply
                List<Message> got = reader.collectUntil(WAIT, MessageType.BROWSE_END.code());
                assertThat(got).as("browse round %d", round).hasSize(101);
            }
            TestServer.sync(reader);
        }
    }

    @Test
    void overflowInTheMiddleOfAReplyLoopLeavesTheServerConsistent() throws Exception {
        // one batch of replies may reach 16 x client_queue_length (64 KB here) before it counts as a
        // flood: 1,000 results of ~130 bytes overflow inside the loop that produces them
        try (TestServer server = TestServer.start(dir, "client_queue_length", "4096", "max_browse_result", "1000",
                "max_results", "1000", "max_shared", "2000");
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer");
             ServerSession sharer = server.login("sharer")) {
            shareMany(sharer, "sharer", 1000);
            // a user browsing its own 1,000 files: the queue overflows inside the walk of its own files
            try (ServerSession self = server.login("selfish")) {
                shareMany(self, "selfish", 1000);
                self.send(MessageType.BROWSE.code(), "selfish");
                closedWithin(self, Duration.ofSeconds(10));
            }
            // a sharing user whose search results overflow its queue while the index is walked
            try (ServerSession searcher = server.login("searcher")) {
                shareMany(searcher, "searcher", 10);
                searcher.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"sharer\" MAX_RESULTS 1000");
                closedWithin(searcher, Duration.ofSeconds(10));
            }
            // a watcher whose queue overflows while sign-ons are announced
            try (ServerSession watcher = server.login("watcher");
                 ServerSession watcher2 = server.login("watcher2")) {
                for (String nick : List.of("watched", "watcher2")) {
                    watcher.send(MessageType.HOTLIST_ADD.code(), nick);
                }
                watcher2.send(MessageType.HOTLIST_ADD.code(), "watched");
                TestServer.sync(watcher);
                TestServer.sync(watcher2);
                watcher.send(MessageType.BROWSE.code(), "sharer");  // > 64 KB in one batch: watcher overflows
                try (ServerSession watched = server.login("watched")) {
                    watcher2.await(WAIT, m -> m.type() == MessageType.USER_SIGNON.code() && m.data().startsWith("watched "),
                            "209 watched");
                    TestServer.sync(watched);
                }
                closedWithin(watcher, Duration.ofSeconds(10));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((online(observer, "selfish") || online(observer, "searcher") || online(observer, "watcher"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(online(observer, "selfish")).isFalse();
            assertThat(online(observer, "searcher")).isFalse();
            assertThat(online(observer, "watcher")).isFalse();
            observer.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"selfish\" MAX_RESULTS 10");
            assertThat(observer.collectUntil(WAIT, MessageType.SEARCH_END.code())).as("selfish's files left with it").hasSize(1);
            observer.send(MessageType.BROWSE.code(), "sharer 5");
            assertThat(observer.collectUntil(WAIT, MessageType.BROWSE_END.code())).hasSize(6);
            assertThat(errors.problems()).as("errors logged by the server").isEmpty();
        }
    }

    /** Shares n files named after the owner with one 870 per 10 files, then syncs; asserts nothing was refused. */
    private static void shareMany(ServerSession s, String owner, int n) throws Exception {
        for (int i = 0; i < n; i += 10) {
            StringBuilder sb = new StringBuilder("\"C:\\" + owner + "\"");
            for (int j = i; j < Math.min(n, i + 10); j++) {
                sb.append(" \"").append(owner).append(" track ").append(j).append(".mp3\" ").append(MD5)
                        .append(" 3000000 128 44100 180");
            }
            s.send(MessageType.SHARE_DIRECTORY.code(), sb.toString());
        }
        assertThat(TestServer.collectToSync(s)).as("replies to %s's shares", owner).isEmpty();
    }

    // ------------------------------------------------------------------ login_timeout

    @Test
    void loginTimeoutClosesConnectionsThatNeverLogIn() throws Exception {
        try (TestServer server = TestServer.start(dir, "login_timeout", "1");
             ServerSession user = server.login("stayer");
             ServerSession silent = server.connect();
             ServerSession half = server.connect();
             ServerSession checker = server.connect()) {
            // a header announcing 100 bytes, then only 10 of them
            byte[] partial = new byte[14];
            partial[0] = 100;
            partial[2] = 2;
            half.sendRaw(partial);
            // nick checks are allowed before login but do not stop the clock
            checker.send(MessageType.NICK_CHECK.code(), "somebody");
            checker.expect(WAIT, MessageType.NICK_NOT_REGISTERED.code());
            for (ServerSession s : List.of(silent, half, checker)) {
                List<Message> got = closedWithin(s, WAIT);
                assertThat(got).as("before the close").extracting(Message::type).containsExactly(ERROR);
                assertThat(got.get(0).data()).containsIgnoringCase("timeout");
            }
            TestServer.sync(user);
            assertThat(online(user, "stayer")).isTrue();
        }
    }

    // ------------------------------------------------------------------ clones, hard limit, max_connections

    @Test
    void maxClonesRefusesTheThirdConnectionFromOneAddress() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_clones", "2");
             ServerSession first = server.login("clone1");
             ServerSession second = server.login("clone2")) {
            try (ServerSession third = server.connect()) {
                List<Message> got = closedWithin(third, WAIT);
                assertThat(got).extracting(Message::type).containsExactly(ERROR);
            }
            TestServer.sync(first);
            TestServer.sync(second);
            // once one leaves, a new connection is welcome again
            TestServer.logout(first, "clone1", second);
            try (ServerSession again = loginWithRetry(server, "clone3")) {
                TestServer.sync(again);
            }
            TestServer.sync(second);
        }
    }

    @Test
    void connectionChurnLeavesNoCountBehind() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_clones", "3", "connection_hard_limit", "3")) {
            // 300 connections that go away in every state: at once, mid-frame, after a nick check,
            // right after sending a login, logged in
            for (int i = 0; i < 300; i++) {
                try (Socket raw = new Socket()) {
                    raw.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) WAIT.toMillis());
                    OutputStream out = raw.getOutputStream();
                    switch (i % 5) {
                        case 0 -> { }
                        case 1 -> out.write(new byte[] {50, 0, 2});
                        case 2 -> out.write(TestServer.frame(MessageType.NICK_CHECK.code(), "churn" + i));
                        case 3 -> out.write(TestServer.frame(MessageType.LOGIN.code(), "churn" + i + " pass 0 \"x\" 3"));
                        default -> {
                            out.write(TestServer.frame(MessageType.LOGIN.code(), "churn" + i + " pass 0 \"x\" 3"));
                            raw.setSoTimeout((int) WAIT.toMillis());
                            raw.getInputStream().read();  // the login ack has started to arrive
                        }
                    }
                    out.flush();
                } catch (IOException e) {
                    // refused while the server still counted earlier ones: fine, it is closed either way
                }
            }
            // once the server has seen all those closes, three clients fit again
            List<ServerSession> three = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    three.add(loginWithRetry(server, "after" + i));
                }
                for (ServerSession s : three) {
                    TestServer.sync(s);
                }
            } finally {
                for (ServerSession s : three) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionHardLimitRefusesTheFourthConnection() throws Exception {
        try (TestServer server = TestServer.start(dir, "connection_hard_limit", "3");
             ServerSession a = server.login("hard1");
             ServerSession b = server.login("hard2");
             ServerSession c = server.login("hard3")) {
            try (ServerSession d = server.connect()) {
                List<Message> got = closedWithin(d, WAIT);
                assertThat(got).extracting(Message::type).containsExactly(ERROR);
            }
            for (ServerSession s : List.of(a, b, c)) {
                TestServer.sync(s);
                assertThat(online(s, "hard1")).isTrue();
            }
            TestServer.logout(c, "hard3", a);
            try (ServerSession e = loginWithRetry(server, "hard4")) {
                TestServer.sync(e);
            }
            TestServer.sync(b);
        }
    }

    /** Logs in, retrying a bounded number of times while the server still counts a connection just closed. */
    private static ServerSession loginWithRetry(TestServer server, String nick) throws Exception {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return server.login(nick);
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw last;
    }

    @Test
    void maxConnectionsRefusesUsersButNotElites() throws Exception {
        TestServer.createAccount(dir, "boss", "secret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir, "max_connections", "2");
             ServerSession u1 = server.login("user1");
             ServerSession u2 = server.login("user2")) {
            try (ServerSession u3 = server.connect()) {
                u3.send(MessageType.LOGIN.code(), "user3 pass 6699 \"nap v1.0\" 3");
                List<Message> got = closedWithin(u3, WAIT);
                assertThat(got).extracting(Message::type).containsExactly(ERROR);
            }
            try (ServerSession boss = server.login("boss", "secret", 6699, 3)) {
                TestServer.sync(boss);
                assertThat(online(boss, "user1")).isTrue();
            }
            TestServer.sync(u1);
            TestServer.sync(u2);
        }
    }

    // ------------------------------------------------------------------ max_shared

    @Test
    void maxSharedRefusesTheFourthFileOnce() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_shared", "3");
             ServerSession sharer = server.login("sharer");
             ServerSession browser = server.login("browser")) {
            for (String name : List.of("alpha", "bravo", "charlie")) {
                sharer.send(MessageType.SHARE_FILE.code(), "\"C:\\limit\\" + name + ".mp3\" " + MD5 + " 1000 128 44100 60");
            }
            assertThat(TestServer.collectToSync(sharer)).as("replies to the first three").isEmpty();
            sharer.send(MessageType.SHARE_FILE.code(), "\"C:\\limit\\delta.mp3\" " + MD5 + " 1000 128 44100 60");
            List<Message> fourth = TestServer.collectToSync(sharer);
            assertThat(fourth).as("replies to the fourth").extracting(Message::type).containsExactly(NOTICE);
            // more of the same is not answered with a notice per file
            sharer.send(MessageType.SHARE_FILE.code(), "\"C:\\limit\\echo.mp3\" " + MD5 + " 1000 128 44100 60");
            StringBuilder dirShare = new StringBuilder("\"C:\\limit\\more\"");
            for (int i = 0; i < 10; i++) {
                dirShare.append(" \"more ").append(i).append(".mp3\" ").append(MD5).append(" 1000 128 44100 60");
            }
            sharer.send(MessageType.SHARE_DIRECTORY.code(), dirShare.toString());
            assertThat(TestServer.collectToSync(sharer)).as("replies to eleven more").hasSizeLessThanOrEqualTo(1);
            browser.send(MessageType.BROWSE.code(), "sharer");
            List<Message> entries = browser.collectUntil(WAIT, MessageType.BROWSE_END.code());
            assertThat(entries.subList(0, entries.size() - 1)).extracting(m -> Fields.split(m.data()).get(1))
                    .containsExactlyInAnyOrder("C:\\limit\\alpha.mp3", "C:\\limit\\bravo.mp3", "C:\\limit\\charlie.mp3");
            for (String refused : List.of("delta", "echo", "more")) {
                browser.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"" + refused + "\" MAX_RESULTS 10");
                assertThat(browser.collectUntil(WAIT, MessageType.SEARCH_END.code())).as("search for %s", refused).hasSize(1);
            }
            browser.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"bravo\" MAX_RESULTS 10");
            assertThat(browser.collectUntil(WAIT, MessageType.SEARCH_END.code())).as("search for bravo").hasSize(2);
        }
    }

    // ------------------------------------------------------------------ WinMX burst

    @Test
    void winmxBurstOf870MessagesWithFiveThousandFilesIsIndexedCompletely() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_browse_result", "0", "client_queue_length", "20000000");
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession winmx = server.connect()) {
            winmx.send(MessageType.LOGIN.code(), "winmxer pass 6699 \"WinMX v3.31\" 3");
            winmx.expect(WAIT, MessageType.LOGIN_ACK.code());
            // right after the ack, the whole library in one write
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            Set<String> expected = new HashSet<>();
            int file = 0;
            for (int msg = 0; msg < 870; msg++) {
                int files = msg < 650 ? 6 : 5;
                String dirName = "C:\\My Music\\Artist " + msg / 10 + "\\Album " + msg;
                StringBuilder sb = new StringBuilder("\"").append(dirName).append('"');
                for (int i = 0; i < files; i++, file++) {
                    String name = String.format("%02d - Song Title %04d.mp3", i + 1, file);
                    expected.add(dirName + "\\" + name);
                    sb.append(" \"").append(name).append("\" ").append(Integer.toHexString(0x10000000 + file))
                            .append(" ").append(3_000_000 + file).append(" 128 44100 ").append(120 + file % 200);
                }
                byte[] frame = TestServer.frame(MessageType.SHARE_DIRECTORY.code(), sb.toString());
                assertThat(frame.length - 4).isLessThanOrEqualTo(2048);
                burst.writeBytes(frame);
            }
            assertThat(expected).hasSize(5000);
            winmx.sendRaw(burst.toByteArray());
            List<Message> replies = TestServer.collectToSync(winmx);
            assertThat(replies).as("replies to the burst").noneMatch(m -> m.type() == NOTICE || m.type() == ERROR);

            try (ServerSession searcher = server.login("searcher")) {
                searcher.send(MessageType.WHOIS.code(), "winmxer");
                Message whois = searcher.expect(WAIT, MessageType.WHOIS_RESPONSE.code());
                assertThat(Fields.split(whois.data()).get(5)).as("shared count in %s", whois).isEqualTo("5000");
                searcher.send(MessageType.BROWSE.code(), "winmxer");
                List<Message> browse = searcher.collectUntil(Duration.ofSeconds(20), MessageType.BROWSE_END.code());
                Set<String> listed = new HashSet<>();
                for (Message m : browse.subList(0, browse.size() - 1)) {
                    assertThat(m.type()).isEqualTo(MessageType.BROWSE_ENTRY.code());
                    listed.add(Fields.split(m.data()).get(1));
                }
                assertThat(browse).hasSize(5001);
                assertThat(listed).isEqualTo(expected);
                searcher.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"song title 4321\" MAX_RESULTS 10");
                List<Message> one = searcher.collectUntil(WAIT, MessageType.SEARCH_END.code());
                assertThat(one).hasSize(2);
                assertThat(one.get(0).data()).startsWith("\"C:\\My Music\\Artist ").contains("Song Title 4321.mp3\"")
                        .contains(" winmxer ");
                searcher.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"song title\" MAX_RESULTS 100");
                List<Message> many = searcher.collectUntil(WAIT, MessageType.SEARCH_END.code());
                assertThat(many).hasSize(101);
            }
            assertThat(errors.problems()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ inbound flood

    @Test
    void aBurstOfTinyMessagesInOneWriteIsProcessedCompletely() throws Exception {
        // far more frames than the core takes from one connection before it pauses reading it, all in
        // one write and with nothing after them: what was held back must still be processed
        try (TestServer server = TestServer.start(dir);
             ServerSession burster = server.login("burster");
             ServerSession observer = server.login("observer")) {
            int n = 40_000;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] downloading = TestServer.frame(MessageType.DOWNLOADING.code(), "");
            for (int i = 0; i < n; i++) {
                b.writeBytes(downloading);
            }
            b.writeBytes(TestServer.frame(MessageType.SERVER_PING.code(), ""));
            burster.sendRaw(b.toByteArray());
            burster.expect(Duration.ofSeconds(20), MessageType.SERVER_PING.code());
            observer.send(MessageType.WHOIS.code(), "burster");
            Message whois = observer.expect(WAIT, MessageType.WHOIS_RESPONSE.code());
            assertThat(Fields.split(whois.data()).get(6)).as("downloads counted in %s", whois).isEqualTo(Integer.toString(n));
        }
    }

    @Test
    void aClientFloodingWithoutReadingDoesNotStopOthers() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer");
             RawClient flooder = new RawClient(server.port(), 0)) {
            flooder.login("flooder", "nap v1.0");
            int total = 20_000;
            int pingEvery = 100;
            String junk = "z".repeat(1000);
            AtomicLong written = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                    for (int i = 1; i <= total; i++) {
                        chunk.writeBytes(i % pingEvery == 0
                                ? TestServer.frame(MessageType.SERVER_PING.code(), "")
                                : TestServer.frame(MessageType.HOTLIST_REMOVE.code(), junk));
                        if (i % 200 == 0) {
                            flooder.write(chunk.toByteArray());
                            written.addAndGet(chunk.size());
                            chunk.reset();
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "flood-writer");
            writer.setDaemon(true);
            writer.start();
            // while the flood is under way (the writer blocks whenever the server stops reading it)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (written.get() < 2_000_000 && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (int i = 0; i < 20; i++) {
                TestServer.sync(observer);
                assertThat(online(observer, "flooder")).isTrue();
            }
            writer.join(Duration.ofSeconds(60).toMillis());
            assertThat(writer.isAlive()).as("the flood was taken in within the bound").isFalse();
            assertThat(failure.get()).as("the flood writer").isNull();
            // nothing was dropped: every ping in the flood is answered, in order, after all the rest
            int pongs = 0;
            long readDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pongs < total / pingEvery && System.nanoTime() < readDeadline) {
                Message m = flooder.read();
                assertThat(m.type()).as("flooder got %s", m).isEqualTo(MessageType.SERVER_PING.code());
                pongs++;
            }
            assertThat(pongs).isEqualTo(total / pingEvery);
            TestServer.sync(observer);
            assertThat(errors.problems()).isEmpty();
        }
    }
}
