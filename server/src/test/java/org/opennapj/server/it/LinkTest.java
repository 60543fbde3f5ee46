package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/**
 * Linked servers over loopback: two or three OpenNapJ servers in a chain a.test - b.test - c.test,
 * each named in the others' servers files as 127.0.0.1 with its server name as the alias (so the
 * acceptor's address check resolves 127.0.0.1).
 */
class LinkTest {

    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int LINKS = MessageType.SHOW_SERVER_LINKS.code();

    @TempDir
    Path dir;

    private TestServer start(String name, String... more) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Staff.register(d);
        List<String> o = new ArrayList<>(List.of("server_name", name));
        o.addAll(List.of(more));
        return TestServer.start(d, o.toArray(new String[0]));
    }

    /** Appends a servers file line on {@code on} for {@code peer}: their password, then ours. */
    static void allow(TestServer on, String peer, int peerPort, String theirPass, String myPass, String... extra)
            throws Exception {
        String line = "127.0.0.1 " + theirPass + " " + myPass + " " + peerPort + " " + peer
                + (extra.length > 0 ? " " + String.join(" ", extra) : "") + "\n";
        Files.writeString(on.dataDir().resolve("servers"), line, StandardCharsets.ISO_8859_1,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Both servers name each other with matching passwords. */
    static void pair(TestServer x, String xName, TestServer y, String yName) throws Exception {
        allow(x, yName, y.port(), "from-" + yName, "from-" + xName);
        allow(y, xName, x.port(), "from-" + xName, "from-" + yName);
    }

    /** An Elite on {@code server} asks it to link with {@code peer} and waits until it has. */
    static void link(ServerSession boss, String peer) throws Exception {
        boss.send(MessageType.SERVER_CONNECT.code(), peer);
        Staff.awaitNotice(boss, "Server " + peer + " has joined");
    }

    /** The 10112 lines (without the empty end). */
    private static List<String> links(ServerSession s) throws Exception {
        s.send(LINKS, "");
        List<String> out = new ArrayList<>();
        while (true) {
            Message m = s.await(TIMEOUT, x -> x.type() == LINKS, "10112");
            if (m.data().isEmpty()) {
                return out;
            }
            out.add(m.data());
        }
    }

    /** Asks whois until {@code nick} is (or is no longer) online, within TIMEOUT; the last 604 line or null. */
    static String awaitWhois(ServerSession s, String nick, boolean online) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            s.send(MessageType.WHOIS.code(), nick);
            Message m = s.await(TIMEOUT, x -> x.type() == MessageType.WHOIS_RESPONSE.code()
                    || x.type() == MessageType.WHOWAS.code() || x.type() == NOTICE && x.data().contains(nick), "whois " + nick);
            boolean is = m.type() == MessageType.WHOIS_RESPONSE.code();
            if (is == online) {
                return is ? m.data() : null;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + (online ? " never came online" : " never went away") + "; last " + m);
            }
        }
    }

    /** Asks whois until {@code nick}'s line contains {@code text}, within TIMEOUT; returns the line. */
    private static String awaitWhoisContaining(ServerSession s, String nick, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String line = awaitWhois(s, nick, true);
            if (line.contains(text)) {
                return line;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(nick + "'s whois never contained " + text + "; last " + line);
            }
        }
    }

    /** Asks 10112 until a line mentions {@code server} (or none does), within TIMEOUT. */
    static void awaitLinked(ServerSession s, String server, boolean linked) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (links(s).stream().anyMatch(l -> l.contains(" " + server + " ")) != linked) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server + (linked ? " never linked" : " never split") + ": " + links(s));
            }
        }
    }

    @Test
    void twoServersLinkListTheLinkAndSeeEachOthersUsers() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession bossB = Staff.login(b, "adm");
                 ServerSession bob = b.login("bob")) {
                link(boss, "b.test");
                // b makes the link when a's 10011 reaches it, after a has
                Staff.awaitNotice(bossB, "Server a.test has joined");
                assertThat(links(boss)).containsExactly("a.test " + a.port() + " b.test " + b.port() + " 1");
                // b accepted: it shows the connection's source port for a
                assertThat(links(bossB)).singleElement().asString().startsWith("b.test " + b.port() + " a.test ");
                String whois = awaitWhois(boss, "bob", true);
                assertThat(whois).startsWith("bob \"User\"");
                // a second link to the same server is refused by the one asked
                boss.send(MessageType.SERVER_CONNECT.code(), "b.test");
                Staff.awaitNotice(boss, "server connect failed: b.test is already linked");
                // the lag of each linked server, for moderators
                boss.send(MessageType.PING_ALL_SERVERS.code(), "");
                boss.await(TIMEOUT, m -> m.type() == NOTICE && m.data().matches("Pong from server b\\.test \\[\\d+ millisecs]"),
                        "pong notice");
                // split by an Admin of b: bob is gone from a, both sides list no link, and b refuses a's
                // attempts to link again until b's own operator links it
                bossB.send(MessageType.SERVER_DISCONNECT.code(), "a.test \"going away\"");
                Staff.awaitNotice(bossB, "Disconnected server a.test");
                awaitWhois(boss, "bob", false);
                assertThat(links(boss)).isEmpty();
                assertThat(links(bossB)).isEmpty();
                boss.send(MessageType.SERVER_CONNECT.code(), "b.test");
                Staff.awaitNotice(boss, "Server b.test refused the link: link failed: an operator disconnected this link; "
                        + "an operator here will link it again");
                link(bossB, "a.test");
                awaitWhois(boss, "bob", true);
            }
        }
    }

    @Test
    void aSearchFindsFilesOnEveryServerOfTheChainAndEndsOnce() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test"); TestServer c = start("c.test")) {
            pair(a, "a.test", b, "b.test");
            pair(b, "b.test", c, "c.test");
            try (ServerSession bossA = Staff.login(a, "boss");
                 ServerSession bossB = Staff.login(b, "adm");
                 ServerSession alice = a.login("alice");
                 ServerSession dora = a.login("dora", "pass", 6699, 5);
                 ServerSession bob = b.login("bob", "pass", 6699, 6);
                 ServerSession carol = c.login("carol", "pass", 6699, 7)) {
                String md5 = "00000000000000000000000000000000";
                dora.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\linked song a.mp3\" " + md5 + " 1000 128 44100 60");
                bob.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\linked song b.mp3\" " + md5 + " 2000 192 44100 61");
                carol.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\linked song c.mp3\" " + md5 + " 3000 256 48000 62");
                TestServer.sync(dora);
                TestServer.sync(bob);
                TestServer.sync(carol);
                link(bossA, "b.test");
                link(bossB, "c.test");
                awaitWhois(alice, "carol", true);

                alice.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"linked song\" MAX_RESULTS 10");
                List<Message> got = alice.collectUntil(TIMEOUT, MessageType.SEARCH_END.code());
                assertThat(got.subList(0, got.size() - 1)).extracting(Message::data).containsExactlyInAnyOrder(
                        "\"C:\\mp3\\linked song a.mp3\" " + md5 + " 1000 128 44100 60 dora 16777343 5",
                        "\"C:\\mp3\\linked song b.mp3\" " + md5 + " 2000 192 44100 61 bob 16777343 6",
                        "\"C:\\mp3\\linked song c.mp3\" " + md5 + " 3000 256 48000 62 carol 16777343 7");
                // one 202, and only at the end
                assertThat(collectToSync(alice)).isEmpty();

                // MAX_RESULTS counts results from everywhere
                alice.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"linked song\" MAX_RESULTS 2");
                got = alice.collectUntil(TIMEOUT, MessageType.SEARCH_END.code());
                assertThat(got).hasSize(3);
                // a file only c has, found from a, two links away
                alice.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"song c\" MAX_RESULTS 10");
                got = alice.collectUntil(TIMEOUT, MessageType.SEARCH_END.code());
                assertThat(got).extracting(Message::type).containsExactly(MessageType.SEARCH_RESULT.code(),
                        MessageType.SEARCH_END.code());
                assertThat(got.get(0).data()).endsWith(" carol 16777343 7");
                // nothing found anywhere: still one 202
                alice.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"nowhere\" MAX_RESULTS 10");
                assertThat(alice.collectUntil(TIMEOUT, MessageType.SEARCH_END.code())).hasSize(1);
            }
        }
    }

    @Test
    void browsesAndDownloadsReachAUserTwoLinksAway() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test"); TestServer c = start("c.test")) {
            pair(a, "a.test", b, "b.test");
            pair(b, "b.test", c, "c.test");
            String md5 = "0123456789abcdef0123456789abcdef";
            String song = "\"C:\\mp3\\far song.mp3\"";
            try (ServerSession bossA = Staff.login(a, "boss");
                 ServerSession bossB = Staff.login(b, "adm");
                 ServerSession alice = a.login("alice", "pass", 6699, 3);
                 ServerSession carol = c.login("carol", "pass", 6600, 7);
                 ServerSession walled = c.login("walled", "pass", 0, 2)) {
                carol.send(MessageType.SHARE_FILE.code(), song + " " + md5 + " 3000 256 48000 62");
                walled.send(MessageType.SHARE_FILE.code(), song + " " + md5 + " 3000 256 48000 62");
                TestServer.sync(carol);
                TestServer.sync(walled);
                link(bossA, "b.test");
                link(bossB, "c.test");
                awaitWhois(alice, "walled", true);

                // the share counts come with the burst (after the logins): whois shows them
                assertThat(awaitWhoisContaining(alice, "carol", "\"Active\" 1 ")).startsWith("carol \"User\"");
                // ... and a share after the link reaches them within a second or so
                walled.send(MessageType.SHARE_FILE.code(), "\"C:\\mp3\\second.mp3\" " + md5 + " 10 128 44100 1");
                awaitWhoisContaining(alice, "walled", "\"Active\" 2 ");
                // browse: c lists carol's files to alice, through b
                alice.send(MessageType.BROWSE.code(), "carol");
                assertThat(alice.collectUntil(TIMEOUT, MessageType.BROWSE_END.code())).containsExactly(
                        Message.of(MessageType.BROWSE_ENTRY, "carol " + song + " " + md5 + " 3000 256 48000 62"),
                        Message.of(MessageType.BROWSE_END, "carol 16777343"));

                // carol moves her data port: a learns it, so the download below points at the new one
                carol.send(MessageType.CHANGE_DATA_PORT.code(), "6601");
                awaitWhoisContaining(bossA, "carol", " 6601 ");
                // a download: carol is asked (607), accepts (608), and alice gets where to connect (204)
                alice.send(MessageType.DOWNLOAD_REQUEST.code(), "carol " + song);
                assertThat(carol.await(TIMEOUT, m -> m.type() == MessageType.UPLOAD_REQUEST.code(), "607").data())
                        .isEqualTo("alice " + song + " 3");
                carol.send(MessageType.UPLOAD_ACCEPT.code(), "alice " + song);
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.DOWNLOAD_ACK.code(), "204").data())
                        .isEqualTo("carol 16777343 6601 " + song + " " + md5 + " 7");

                // a firewalled uploader: alice learns it at once (port 0), asks again with 500, and the
                // uploader is told where to connect (501)
                alice.send(MessageType.DOWNLOAD_REQUEST.code(), "walled " + song);
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.DOWNLOAD_ACK.code(), "204").data())
                        .startsWith("walled 16777343 0 " + song + " ");
                alice.send(MessageType.FIREWALLED_DOWNLOAD.code(), "walled " + song);
                assertThat(walled.await(TIMEOUT, m -> m.type() == MessageType.UPLOAD_REQUEST.code(), "607").data())
                        .isEqualTo("alice " + song + " 3");
                walled.send(MessageType.UPLOAD_ACCEPT.code(), "alice " + song);
                assertThat(walled.await(TIMEOUT, m -> m.type() == MessageType.FIREWALLED_DOWNLOAD_ACK.code(), "501").data())
                        .isEqualTo("alice 16777343 6699 " + song + " " + md5 + " 3");

                // direct browse: carol is asked, accepts, and alice learns where to connect
                alice.send(MessageType.DIRECT_BROWSE_REQUEST.code(), "carol");
                assertThat(carol.await(TIMEOUT, m -> m.type() == MessageType.DIRECT_BROWSE_REQUEST.code(), "640").data())
                        .isEqualTo("alice");
                carol.send(MessageType.DIRECT_BROWSE_ACCEPT.code(), "alice");
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.DIRECT_BROWSE_ACCEPT.code(), "641").data())
                        .isEqualTo("carol 16777343 6601");
            }
        }
    }

    @Test
    void hotlistsKillsAndNicksWorkAcrossALink() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 ServerSession dave = b.login("dave")) {
                alice.send(MessageType.HOTLIST_ADD.code(), "carl");
                alice.expect(TIMEOUT, MessageType.HOTLIST_ACK.code());
                link(boss, "b.test");
                awaitWhois(alice, "dave", true);
                // a login on b is a sign-on for a's hotlists
                ServerSession carl = b.login("carl");
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.USER_SIGNON.code(), "209").data())
                        .isEqualTo("carl 3");
                // an Elite on a kills carl on b: b disconnects carl and says who did it
                boss.send(MessageType.KILL.code(), "carl \"go away\"");
                assertThat(TestServer.untilClosed(carl)).contains(
                        Message.of(MessageType.NOTICE, "You have been killed by boss: go away"),
                        Message.of(MessageType.DISCONNECT, "0"));
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.USER_SIGNOFF.code(), "210").data())
                        .isEqualTo("carl");
                awaitWhois(boss, "carl", false);
                // a nick online on another server cannot log in here as well
                try (ServerSession second = a.connect()) {
                    second.send(MessageType.LOGIN.code(), "dave pass 6699 \"nap v1.0\" 3");
                    assertThat(TestServer.untilClosed(second)).contains(Message.of(MessageType.ERROR, "dave is already active"));
                }
                // ... and dave, told of the attempt, is still there
                dave.await(TIMEOUT, m -> m.type() == MessageType.LOGIN_ATTEMPT.code(), "748");
                assertThat(awaitWhois(alice, "dave", true)).startsWith("dave ");
            }
        }
    }

    @Test
    void levelsMuzzlesAndCloaksSetByOperatorsCrossALink() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession bob = b.login("bob");
                 ServerSession carl = b.login("carl")) {
                link(boss, "b.test");
                awaitWhois(boss, "bob", true);
                boss.send(MessageType.CHANGE_LEVEL.code(), "bob Moderator");
                Staff.awaitNotice(bob, "boss changed your user level to Moderator (2)");
                assertThat(Staff.whoisLevel(carl, "bob")).isEqualTo("Moderator");
                boss.send(MessageType.MUZZLE.code(), "bob \"hush\"");
                Staff.awaitNotice(bob, "You have been muzzled by boss: hush");
                bob.send(MessageType.PRIVATE_MESSAGE.code(), "carl can you hear me");
                Staff.awaitNotice(bob, "You are muzzled.");
                boss.send(MessageType.UNMUZZLE.code(), "bob");
                bob.await(TIMEOUT, m -> m.type() == NOTICE && m.data().startsWith("You have been unmuzzled by boss"), "unmuzzled");
                // bob, now a Moderator, cloaks: a's Elite sees it
                bob.send(MessageType.CLOAK.code(), "1");
                Staff.awaitNotice(bob, "You are now cloaked.");
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!Staff.whoisStatus(boss, "bob").equals("Cloaked")) {
                    assertThat(System.nanoTime()).as("bob cloaked on a").isLessThan(deadline);
                }
                // a User on b may not change levels on a's users through the network either
                try (ServerSession alice = a.login("alice")) {
                    awaitWhois(carl, "alice", true);
                    carl.send(MessageType.CHANGE_LEVEL.code(), "alice Leech");
                    Staff.awaitNotice(carl, "permission denied: change user level (606) needs a Moderator or higher");
                }
            }
        }
    }

    @Test
    void kicksAndGlobalMessagesCrossALink() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 ServerSession bob = b.login("bob");
                 ServerSession carl = b.login("carl")) {
                link(boss, "b.test");
                awaitWhois(alice, "bob", true);
                alice.send(MessageType.JOIN.code(), "kickme");
                alice.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
                TestServer.sync(alice);
                awaitMember(bob, "kickme", "alice");
                bob.send(MessageType.JOIN.code(), "kickme");
                bob.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
                carl.send(MessageType.JOIN.code(), "kickme");
                carl.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code() && m.data().startsWith("kickme carl "), "406 carl");
                // alice, the channel's operator on a, kicks bob on b
                alice.send(MessageType.KICK.code(), "kickme bob \"out\"");
                assertThat(bob.await(TIMEOUT, m -> m.type() == MessageType.PART.code(), "401").data()).isEqualTo("kickme");
                bob.await(TIMEOUT, m -> m.type() == NOTICE && m.data().startsWith("You were kicked from channel kickme by alice"),
                        "kick notice");
                assertThat(carl.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code(), "407").data())
                        .startsWith("kickme bob ");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code() && m.data().startsWith("kickme bob "), "407");
                // an Elite's global message reaches everyone, on b too
                boss.send(MessageType.GLOBAL_MESSAGE.code(), "hello network");
                assertThat(bob.await(TIMEOUT, m -> m.type() == MessageType.GLOBAL_MESSAGE.code(), "628").data())
                        .isEqualTo("boss hello network");
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.GLOBAL_MESSAGE.code(), "628").data())
                        .isEqualTo("boss hello network");
            }
        }
    }

    /** Waits (asking whois) until the asker's server knows {@code member} is in {@code channel}. */
    static void awaitMember(ServerSession s, String channel, String member) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!awaitWhois(s, member, true).contains("\"" + channel + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(member + " never seen in " + channel);
            }
        }
    }

    @Test
    void serverBansCrossALinkAndComeWithTheBurst() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss"); ServerSession admB = Staff.login(b, "adm")) {
                // set before the link: b learns it in a's burst
                boss.send(MessageType.BAN.code(), "early \"before the link\"");
                TestServer.sync(boss);
                link(boss, "b.test");
                boss.send(MessageType.BAN.code(), "late \"after the link\" 3600");
                awaitBanned(admB, "late!*");
                assertThat(bans(admB)).anyMatch(l -> l.startsWith("early!* ") && l.contains("\"before the link\""));
                assertThat(bans(admB)).anyMatch(l -> l.startsWith("late!* boss \"after the link\" ") && l.endsWith(" 3600"));
                try (ServerSession refused = b.connect()) {
                    refused.send(MessageType.LOGIN.code(), "late pass 6699 \"nap v1.0\" 3");
                    assertThat(TestServer.untilClosed(refused)).anyMatch(m -> m.type() == MessageType.ERROR.code()
                            && m.data().startsWith("You are banned from this server"));
                }
                // lifted on b: lifted on a too
                admB.send(MessageType.UNBAN.code(), "late");
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (bans(boss).stream().anyMatch(l -> l.startsWith("late!*"))) {
                    assertThat(System.nanoTime()).as("ban lifted on a").isLessThan(deadline);
                }
            }
        }
    }

    private static List<String> bans(ServerSession s) throws Exception {
        s.send(MessageType.BAN_LIST.code(), "");
        List<String> out = new ArrayList<>();
        for (Message m : s.collectUntil(TIMEOUT, MessageType.BAN_LIST.code())) {
            if (m.type() == MessageType.BAN_ENTRY.code()) {
                out.add(m.data());
            }
        }
        return out;
    }

    private static void awaitBanned(ServerSession s, String target) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (bans(s).stream().noneMatch(l -> l.startsWith(target + " "))) {
            assertThat(System.nanoTime()).as(target + " banned").isLessThan(deadline);
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndBothSidesSayWhy() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test")) {
            // a expects the wrong password from b
            allow(a, "b.test", b.port(), "not-what-b-says", "from-a.test");
            allow(b, "a.test", a.port(), "from-a.test", "from-b.test");
            try (ServerSession boss = Staff.login(a, "boss"); ServerSession bossB = Staff.login(b, "adm")) {
                boss.send(MessageType.SERVER_CONNECT.code(), "b.test");
                Staff.awaitNotice(boss, "Server link with b.test failed: link failed: bad password");
                Staff.awaitNotice(bossB, "Server a.test refused the link: link failed: bad password");
                assertThat(links(boss)).isEmpty();
                assertThat(links(bossB)).isEmpty();
            }
        }
    }

    @Test
    void aServerNotInTheServersFileIsRefusedBeforeAnythingElse() throws Exception {
        try (TestServer a = start("a.test"); ServerSession peer = a.connect()) {
            peer.send(MessageType.SERVER_LOGIN.code(), "x.test 0123456789ABCDEF 1");
            assertThat(TestServer.untilClosed(peer)).containsExactly(
                    Message.of(MessageType.ERROR, "link failed: not in servers file"));
        }
        try (TestServer a = start("a2.test"); ServerSession peer = a.connect()) {
            peer.send(MessageType.SERVER_LOGIN.code(), "x.test 0123456789ABCDEF");
            assertThat(TestServer.untilClosed(peer)).containsExactly(
                    Message.of(MessageType.ERROR, "link failed: invalid parameters"));
        }
    }

    @Test
    void plainUsersMayNotLinkOrSplitServers() throws Exception {
        try (TestServer a = start("a.test"); ServerSession reg = Staff.login(a, "reg"); ServerSession mod = Staff.login(a, "mod")) {
            reg.send(MessageType.SERVER_CONNECT.code(), "b.test");
            Staff.awaitNotice(reg, "permission denied: server connect (10100) needs an Admin or higher");
            reg.send(MessageType.SERVER_DISCONNECT.code(), "b.test \"bye\"");
            Staff.awaitNotice(reg, "permission denied: server disconnect (10101) needs an Admin or higher");
            mod.send(MessageType.SERVER_CONNECT.code(), "b.test");
            Staff.awaitNotice(mod, "permission denied: server connect (10100) needs an Admin or higher");
            try (ServerSession adm = Staff.login(a, "adm")) {
                adm.send(MessageType.SERVER_CONNECT.code(), "b.test");
                Staff.awaitNotice(adm, "server connect failed: no such server b.test in the servers file");
                adm.send(MessageType.SERVER_DISCONNECT.code(), "b.test");
                Staff.awaitNotice(adm, "server disconnect failed: no such server b.test");
            }
        }
    }

    @Test
    void aChainCarriesUsersPrivateMessagesAndChannelsAndSplitsAndRelinks() throws Exception {
        try (TestServer a = start("a.test");
             TestServer b = start("b.test", "link_retry_min", "1", "link_retry_max", "1")) {
            Path cDir = dir.resolve("c.test");
            TestServer c = start("c.test");
            int cPort = c.port();
            try {
                pair(a, "a.test", b, "b.test");
                pair(b, "b.test", c, "c.test");
                allow(c, "a.test", a.port(), "from-a.test", "from-c.test");
                allow(a, "c.test", c.port(), "from-c.test", "from-a.test");
                try (ServerSession bossA = Staff.login(a, "boss");
                     ServerSession bossB = Staff.login(b, "adm");
                     ServerSession bossC = Staff.login(c, "adm2");
                     ServerSession alice = a.login("alice");
                     ServerSession carol = c.login("carol")) {
                    link(bossA, "b.test");
                    link(bossB, "c.test");
                    awaitLinked(bossA, "c.test", true);
                    assertThat(links(bossA)).contains("b.test " + b.port() + " c.test " + cPort + " 2");

                    // a triangle is refused: c already knows a through b
                    awaitLinked(bossC, "a.test", true);
                    bossC.send(MessageType.SERVER_CONNECT.code(), "a.test");
                    Staff.awaitNotice(bossC, "server connect failed: a.test is already linked");
                    // ... and so is a peer that announces a name the network has
                    try (ServerSession fake = a.connect()) {
                        fake.send(MessageType.SERVER_LOGIN.code(), "c.test 0123456789ABCDEF 1");
                        assertThat(TestServer.untilClosed(fake)).containsExactly(
                                Message.of(MessageType.ERROR, "link failed: already linked"));
                    }

                    // users two links away, both ways
                    assertThat(awaitWhois(alice, "carol", true)).startsWith("carol \"User\"");
                    assertThat(awaitWhois(carol, "alice", true)).startsWith("alice \"User\"");
                    // an Elite's whois of a remote user shows its address from the login data
                    assertThat(awaitWhois(bossA, "carol", true)).contains(" 127.0.0.1 ");

                    // private messages, A -> C and back
                    alice.send(MessageType.PRIVATE_MESSAGE.code(), "carol hi from a");
                    assertThat(carol.await(TIMEOUT, m -> m.type() == MessageType.PRIVATE_MESSAGE.code(), "205").data())
                            .isEqualTo("alice hi from a");
                    carol.send(MessageType.PRIVATE_MESSAGE.code(), "alice and back from c");
                    assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.PRIVATE_MESSAGE.code(), "205").data())
                            .isEqualTo("carol and back from c");

                    // a channel across the chain
                    alice.send(MessageType.JOIN.code(), "chain");
                    alice.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
                    collectToSync(alice);
                    carol.send(MessageType.JOIN.code(), "chain");
                    List<Message> joined = carol.collectUntil(TIMEOUT, MessageType.CHANNEL_TOPIC.code());
                    alice.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code()
                            && m.data().startsWith("chain carol "), "406 carol");
                    // carol's server may not know alice's join yet when carol joins: wait for it
                    if (joined.stream().noneMatch(m -> m.type() == MessageType.CHANNEL_USER.code()
                            && m.data().startsWith("chain alice "))) {
                        carol.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code()
                                && m.data().startsWith("chain alice "), "406 alice");
                    }
                    alice.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "chain hello over two links");
                    assertThat(carol.await(TIMEOUT, m -> m.type() == MessageType.PUBLIC_MESSAGE.code(), "403").data())
                            .isEqualTo("chain alice hello over two links");
                    assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.PUBLIC_MESSAGE.code(), "403").data())
                            .isEqualTo("chain alice hello over two links");
                    carol.send(MessageType.EMOTE.code(), "chain \"waves\"");
                    assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.EMOTE.code(), "824").data())
                            .isEqualTo("chain carol \"waves\"");
                    alice.send(MessageType.CHANNEL_TOPIC.code(), "chain linked topic");
                    assertThat(carol.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410").data())
                            .isEqualTo("chain linked topic");

                    // an Admin on a splits b from c: carol leaves alice's channel, and b does not reconnect
                    bossA.send(MessageType.SERVER_DISCONNECT.code(), "c.test \"maintenance\"");
                    alice.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code()
                            && m.data().startsWith("chain carol "), "407 carol");
                    awaitWhois(alice, "carol", false);
                    awaitLinked(bossA, "c.test", false);
                    awaitLinked(bossB, "c.test", false);
                    awaitWhois(carol, "alice", false);

                    // linked again by hand; then c goes down: b reconnects by itself once it is back
                    link(bossB, "c.test");
                    awaitWhois(alice, "carol", true);
                }
                c.close();
                c = null;
                try (ServerSession alice = a.login("alice2")) {
                    awaitWhois(alice, "carol", false);
                    c = TestServer.start(cDir, "server_name", "c.test", "server_ports", Integer.toString(cPort));
                    try (ServerSession carol = c.login("carol")) {
                        awaitWhois(alice, "carol", true);
                    }
                }
            } finally {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
