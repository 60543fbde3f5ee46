package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/**
 * A peer that completes the handshake by hand (its own MD5 and zlib, not the server's code) and
 * then sends malformed messages of every numeric servers exchange: the server keeps the link,
 * logs no error, kills no local user on a stray quit, and keeps serving its clients.
 */
class MalformedPeerInputTest {

    private static final String ALL_BYTES;

    static {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        ALL_BYTES = new String(b, StandardCharsets.ISO_8859_1);
    }

    @TempDir
    Path dir;

    /** A hand-made peer: raw frames until its 10011, then one zlib stream with a sync flush per message. */
    static final class FakePeer implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;
        final Deflater deflater = new Deflater(1, false);

        FakePeer(int port) throws IOException {
            this(new Socket("127.0.0.1", port));
        }

        FakePeer(Socket accepted) throws IOException {
            socket = accepted;
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void raw(int type, String data) throws IOException {
            out.write(TestServer.frame(type, data));
            out.flush();
        }

        Message read() throws IOException {
            int len = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            int type = in.readUnsignedByte() | in.readUnsignedByte() << 8;
            byte[] body = new byte[len];
            in.readFully(body);
            return new Message(type, new String(body, StandardCharsets.ISO_8859_1));
        }

        private DataInputStream inflated;

        /** The next message of the server's zlib stream (after the handshake). */
        Message readInflated() throws IOException {
            if (inflated == null) {
                inflated = new DataInputStream(new java.util.zip.InflaterInputStream(in));
            }
            int len = inflated.readUnsignedByte() | inflated.readUnsignedByte() << 8;
            int type = inflated.readUnsignedByte() | inflated.readUnsignedByte() << 8;
            byte[] body = new byte[len];
            inflated.readFully(body);
            return new Message(type, new String(body, StandardCharsets.ISO_8859_1));
        }

        /** Links as {@code fake.test} to a server whose servers file has "from-fake to-fake" for it. */
        void handshake() throws Exception {
            String nonce = "B1B2B3B4B5B6B7B8";
            raw(MessageType.SERVER_LOGIN.code(), "fake.test " + nonce + " 1");
            String theirs = read().data().split(" ")[1];
            read();
            raw(MessageType.SERVER_LOGIN_ACK.code(), md5(theirs + nonce + "from-fake"));
        }

        void send(int type, String data) throws IOException {
            byte[] frame = TestServer.frame(type, data);
            deflater.setInput(frame);
            byte[] buf = new byte[frame.length + 1024];
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            deflater.end();
            socket.close();
        }
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void malformedMessagesFromALinkedServerAreDroppedAndNothingBreaks() throws Exception {
        Staff.register(dir);
        try (TestServer.ErrorLog errors = new TestServer.ErrorLog();
             TestServer a = TestServer.start(dir, "server_name", "a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 FakePeer fake = new FakePeer(a.port())) {
                alice.send(MessageType.JOIN.code(), "room");
                alice.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
                String nonce = "0011223344556677";
                fake.raw(MessageType.SERVER_LOGIN.code(), "fake.test " + nonce + " 9");
                Message login = fake.read();
                assertThat(login.type()).isEqualTo(MessageType.SERVER_LOGIN.code());
                String[] f = login.data().split(" ");
                assertThat(f[0]).isEqualTo("a.test");
                assertThat(f[1]).matches("[0-9A-F]{16}");
                assertThat(f[2]).as("the lower compression level").isEqualTo("1");
                Message ack = fake.read();
                assertThat(ack).isEqualTo(Message.of(MessageType.SERVER_LOGIN_ACK, md5(nonce + f[1] + "to-fake")));
                fake.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(f[1] + nonce + "from-fake"));
                Staff.awaitNotice(boss, "Server fake.test has joined");

                int[] numerics = {0, 2, 205, 211, 607, 700, 703, 612, 614, 627, 628, 640, 641, 829, 400, 401, 402, 404, 410, 606, 610, 622, 623, 652, 750, 824, 10000, 10012,
                        422, 423, 424, 820, 823, 826, 10204, 10205, 10208, 10209, 10210, 10211, 10212, 10213, 10214,
                        10014, 10015, 10016, 10017, 10018, 10019, 10020, 10022, 10023, 10100, 10101, 10262, 10263, 9999,
                        65535};
                List<String> bodies = new ArrayList<>(List.of("", ":", ": ", ":nobody", ":nobody x y",
                        ":fake.test", ":fake.test nobody", ":a.test " + ALL_BYTES, ALL_BYTES, ":" + ALL_BYTES,
                        "\"unbalanced", ":nobody \"unbalanced", ":fake.test \"unbalanced", "x".repeat(60_000),
                        ":fake.test room"));
                for (int n : numerics) {
                    for (String body : bodies) {
                        fake.send(n, body);
                    }
                }
                // specific traps: an encapsulated frame longer than its message, a stray quit for a local
                // user, a login named like a server, a 10019 naming this server
                fake.send(10018, ":fake.test alice \u00ff\u00ff\u00cc\u0000short");
                fake.send(10018, ":fake.test alice ");
                fake.send(10000, "alice");
                fake.send(2, "a.test pw 0 \"x\" 3 unknown 1 16777343 fake.test 1");
                fake.send(10019, "fake.test 1 a.test 2 2");
                fake.send(10019, "fake.test 1 other.test 2 2");
                fake.send(2, "n".repeat(65) + " pw 0 \"x\" 3 unknown 1 16777343 fake.test 1");
                fake.send(2, "remote1 pw 0 \"x\" 99 unknown notanumber nonsense fake.test x");
                fake.send(400, ":remote1 #" + "r".repeat(100));
                fake.send(402, ":remote1 room not a member");
                fake.send(612, ":fake.test huge!* \"r\" 99999999999999999999999 99999999999999999999999");
                fake.send(10012, "remote1 99999999999999999999999 0");
                fake.send(10012, "remote1 -5 0");

                // the link is still up, and a well-formed login from it arrives
                fake.send(2, "remote2 pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                assertThat(awaitWhois(alice, "remote2")).startsWith("remote2 \"User\"");
                // a plain User elsewhere may not raise, kill or muzzle a user here
                fake.send(606, ":remote2 alice Elite");
                fake.send(610, ":remote2 alice \"bye\"");
                fake.send(622, ":remote2 alice \"hush\"");
                fake.send(10101, ":remote2 fake.test \"split\"");
                fake.send(2, "remote3 pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                awaitWhois(alice, "remote3");
                assertThat(Staff.whoisStatus(boss, "alice")).isEqualTo("Active");
                assertThat(Staff.whoisLevel(boss, "alice")).isEqualTo("User");
                // the stray quit did not remove alice, the bad 10018s reached her as nothing
                TestServer.sync(alice);
                boss.send(MessageType.WHOIS.code(), "alice");
                assertThat(boss.await(TIMEOUT, m -> m.type() == MessageType.WHOIS_RESPONSE.code(), "604").data())
                        .startsWith("alice ");
                // the lax login still made a user, with speed 0 and a zero address
                assertThat(awaitWhois(boss, "remote1")).startsWith("remote1 \"User\"").contains(" 0 \"x\"");
                boss.send(MessageType.SHOW_SERVER_LINKS.code(), "");
                assertThat(boss.await(TIMEOUT, m -> m.type() == MessageType.SHOW_SERVER_LINKS.code(), "10112").data())
                        .startsWith("a.test " + a.port() + " fake.test ");
            }
            assertThat(errors.problems()).isEmpty();
        }
    }

    @Test
    void aLinkedServerThatStopsReadingIsDroppedAtServerQueueLength() throws Exception {
        Staff.register(dir);
        // alice writes all her messages before she reads: once the link is dropped each of them is
        // answered with a 404, and her own output queue must hold those rather than cut her off
        try (TestServer a = TestServer.start(dir, "server_name", "a.test", "server_queue_length", "65536",
                "client_queue_length", "67108864")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 FakePeer fake = new FakePeer(a.port())) {
                fake.socket.setReceiveBufferSize(4096);
                String nonce = "A1A2A3A4A5A6A7A8";
                fake.raw(MessageType.SERVER_LOGIN.code(), "fake.test " + nonce + " 0");
                String theirs = fake.read().data().split(" ")[1];
                fake.read();
                fake.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(theirs + nonce + "from-fake"));
                Staff.awaitNotice(boss, "Server fake.test has joined");
                fake.send(2, "faraway pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                awaitWhois(alice, "faraway");
                // private messages for a user behind the fake, which reads nothing (and compression
                // level 0, so they are not made smaller): a's output for the link piles up
                java.util.Random random = new java.util.Random(1);
                char[] text = new char[170];
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int i = 0; i < 40_000; i++) {
                    for (int k = 0; k < text.length; k++) {
                        text[k] = (char) ('a' + random.nextInt(26));
                    }
                    burst.write(TestServer.frame(MessageType.PRIVATE_MESSAGE.code(), "faraway " + new String(text)));
                }
                alice.sendRaw(burst.toByteArray());
                Staff.awaitNotice(boss, "Server fake.test has quit: output queue full");
                awaitGone(alice, "faraway");
            }
        }
    }

    private static void awaitGone(ServerSession s, String nick) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            s.send(MessageType.WHOIS.code(), nick);
            Message m = s.await(TIMEOUT, x -> x.type() == MessageType.WHOIS_RESPONSE.code()
                    || x.type() == MessageType.WHOWAS.code() || x.type() == MessageType.NOTICE.code() && x.data().contains(nick),
                    "whois " + nick);
            if (m.type() != MessageType.WHOIS_RESPONSE.code()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + " never left");
            }
        }
    }

    @Test
    void aLinkedServerThatNeverAnswersALagCheckIsDropped() throws Exception {
        Staff.register(dir);
        try (TestServer a = TestServer.start(dir, "server_name", "a.test", "ping_interval", "1")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss"); FakePeer fake = new FakePeer(a.port())) {
                String nonce = "8899AABBCCDDEEFF";
                fake.raw(MessageType.SERVER_LOGIN.code(), "fake.test " + nonce + " 1");
                String theirs = fake.read().data().split(" ")[1];
                fake.read();
                fake.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(theirs + nonce + "from-fake"));
                Staff.awaitNotice(boss, "Server fake.test has joined");
                fake.send(2, "ghostly pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                // the fake reads nothing and answers no 750: within two ping intervals the link goes
                Staff.awaitNotice(boss, "Server fake.test has quit: no answer to a ping in 1 seconds");
                boss.send(MessageType.SHOW_SERVER_LINKS.code(), "");
                assertThat(boss.await(TIMEOUT, m -> m.type() == MessageType.SHOW_SERVER_LINKS.code(), "10112").data()).isEmpty();
            }
        }
    }

    @Test
    void aNickCollisionKeepsTheOlderLogin() throws Exception {
        Staff.register(dir);
        try (TestServer a = TestServer.start(dir, "server_name", "a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession young = a.login("young");
                 ServerSession old = a.login("old");
                 FakePeer fake = new FakePeer(a.port())) {
                String nonce = "0102030405060708";
                fake.raw(MessageType.SERVER_LOGIN.code(), "fake.test " + nonce + " 1");
                String theirs = fake.read().data().split(" ")[1];
                fake.read();
                fake.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(theirs + nonce + "from-fake"));
                Staff.awaitNotice(boss, "Server fake.test has joined");
                long now = System.currentTimeMillis() / 1000;
                // the network's "young" logged in long ago: ours, newer, is killed and theirs takes the nick
                fake.send(2, "young pw 6699 \"fake client\" 3 unknown " + (now - 3600) + " 16777343 fake.test 6699");
                assertThat(TestServer.untilClosed(young)).anyMatch(m -> m.type() == MessageType.NOTICE.code()
                        && m.data().contains("nick collision"));
                assertThat(awaitWhois(boss, "young")).contains("\"fake client\"");
                // the network's "old" logged in after ours: it is refused (a 610 back), ours stays
                fake.send(2, "old pw 6699 \"fake client\" 3 unknown " + (now + 3600) + " 16777343 fake.test 6699");
                fake.send(2, "marker pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                awaitWhois(boss, "marker");
                TestServer.sync(old);
                assertThat(awaitWhois(boss, "old")).contains("\"nap v1.0\"");
            }
        }
    }

    @Test
    void aSecondHandshakeThatPassedTheFirstCheckIsRefusedWhenItCompletes() throws Exception {
        Staff.register(dir);
        try (TestServer a = TestServer.start(dir, "server_name", "a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 FakePeer first = new FakePeer(a.port());
                 FakePeer second = new FakePeer(a.port())) {
                // both introduce themselves before either is linked: both pass the 10010 checks
                first.raw(MessageType.SERVER_LOGIN.code(), "fake.test 1111111111111111 1");
                second.raw(MessageType.SERVER_LOGIN.code(), "fake.test 2222222222222222 1");
                String n1 = first.read().data().split(" ")[1];
                first.read();
                String n2 = second.read().data().split(" ")[1];
                second.read();
                first.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(n1 + "1111111111111111" + "from-fake"));
                Staff.awaitNotice(boss, "Server fake.test has joined");
                // the second completes with the right password, and is refused as the link is made
                second.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(n2 + "2222222222222222" + "from-fake"));
                assertThat(second.read()).isEqualTo(Message.of(MessageType.ERROR, "link failed: already linked"));
                Staff.awaitNotice(boss, "Server link with fake.test failed: link failed: already linked");
                boss.send(MessageType.SHOW_SERVER_LINKS.code(), "");
                assertThat(boss.await(TIMEOUT, m -> m.type() == MessageType.SHOW_SERVER_LINKS.code(), "10112").data())
                        .startsWith("a.test " + a.port() + " fake.test ");
            }
        }
    }

    @Test
    void twoServersConnectingToEachOtherAtOnceKeepTheConnectionTheFirstNameOpened() throws Exception {
        Staff.register(dir);
        // z.test sorts after fake.test: of two connections between them, the one fake.test opened stays
        try (TestServer z = TestServer.start(dir, "server_name", "z.test");
             java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            Files.writeString(z.dataDir().resolve("servers"),
                    "127.0.0.1 from-fake to-fake " + listener.getLocalPort() + " fake.test\n");
            listener.setSoTimeout((int) TIMEOUT.toMillis());
            try (ServerSession boss = Staff.login(z, "boss")) {
                // z (asked by its Elite) connects to the fake; meanwhile the fake connects to z, and z answers
                boss.send(MessageType.SERVER_CONNECT.code(), "fake.test");
                try (FakePeer outbound = new FakePeer(listener.accept()); FakePeer inbound = new FakePeer(z.port())) {
                    String zNonce = outbound.read().data().split(" ")[1];
                    inbound.raw(MessageType.SERVER_LOGIN.code(), "fake.test 3333333333333333 1");
                    String n1 = inbound.read().data().split(" ")[1];
                    inbound.read();
                    // the connection z opened is made first ...
                    outbound.raw(MessageType.SERVER_LOGIN.code(), "fake.test 4444444444444444 1");
                    outbound.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(zNonce + "4444444444444444" + "from-fake"));
                    assertThat(outbound.read()).isEqualTo(Message.of(MessageType.SERVER_LOGIN_ACK,
                            md5("4444444444444444" + zNonce + "to-fake")));
                    Staff.awaitNotice(boss, "Server fake.test has joined");
                    // ... then the one the fake opened completes: it replaces the first
                    inbound.raw(MessageType.SERVER_LOGIN_ACK.code(), md5(n1 + "3333333333333333" + "from-fake"));
                    assertThat(drainsToEnd(outbound)).as("z closes the connection it opened").isTrue();
                    Staff.awaitNotice(boss, "Server fake.test has joined");
                    boss.send(MessageType.SHOW_SERVER_LINKS.code(), "");
                    assertThat(boss.await(TIMEOUT, m -> m.type() == MessageType.SHOW_SERVER_LINKS.code(), "10112").data())
                            .startsWith("z.test " + z.port() + " fake.test ")
                            .doesNotContain(" " + listener.getLocalPort() + " ");
                }
            }
        }
    }

    /** Reads (and drops) what the server sends until it closes the connection; false if it never does. */
    private static boolean drainsToEnd(FakePeer p) throws IOException {
        byte[] buf = new byte[65536];
        try {
            while (p.in.read(buf) >= 0) {
                // compressed burst: not looked at
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;    // reset
        }
    }

    private static String awaitWhois(ServerSession s, String nick) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            s.send(MessageType.WHOIS.code(), nick);
            Message m = s.await(TIMEOUT, x -> x.type() == MessageType.WHOIS_RESPONSE.code()
                    || x.type() == MessageType.WHOWAS.code() || x.type() == MessageType.NOTICE.code() && x.data().contains(nick),
                    "whois " + nick);
            if (m.type() == MessageType.WHOIS_RESPONSE.code()) {
                return m.data();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + " never came online; last " + m);
            }
        }
    }
}
