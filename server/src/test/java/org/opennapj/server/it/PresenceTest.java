package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Users seeing each other: private messages, ignore lists, hotlists, whois/whowas, pings and stats. */
class PresenceTest {

    private static final int PRIVATE_MESSAGE = MessageType.PRIVATE_MESSAGE.code();
    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int WHOIS = MessageType.WHOIS.code();

    @TempDir
    Path dir;

    private static Message next(ServerSession s) throws Exception {
        Message m = s.next(TIMEOUT);
        assertThat(m).as("a reply within %s", TIMEOUT).isNotNull();
        return m;
    }

    private static Message msg(MessageType t, String data) {
        return Message.of(t, data);
    }

    // ------------------------------------------------------------------ 205

    @Test
    void privateMessageIsDeliveredWithTheSendersNick() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(PRIVATE_MESSAGE, "bob hello  there, \"friend\"");
            assertThat(next(bob)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "alice hello  there, \"friend\""));
            bob.send(PRIVATE_MESSAGE, "ALICE hi");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob hi"));
            // the sender gets no echo
            assertThat(collectToSync(alice)).isEmpty();
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void privateMessageToAnOfflineNickIsA404() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(PRIVATE_MESSAGE, "carol are you there");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "User carol is not currently online."));
            alice.send(PRIVATE_MESSAGE, "bob");   // no text
            Message m = next(alice);
            assertThat(m.type()).isEqualTo(NOTICE);
            assertThat(m.data()).startsWith("private message:");
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void privateMessageIsCutAtMaxMessageLength() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            String text = "x".repeat(170) + "0123456789" + "cut off here";
            alice.send(PRIVATE_MESSAGE, "bob " + text);
            assertThat(next(bob)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "alice " + text.substring(0, 180)));
        }
    }

    // ------------------------------------------------------------------ 320-326 ignore list

    @Test
    void ignoreListAddListRemoveClear() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(MessageType.IGNORE_ADD.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "bob"));
            alice.send(MessageType.IGNORE_ADD.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.ALREADY_IGNORED, "bob"));
            alice.send(MessageType.IGNORE_ADD.code(), "BOB");
            assertThat(next(alice)).isEqualTo(msg(MessageType.ALREADY_IGNORED, "BOB"));
            alice.send(MessageType.IGNORE_ADD.code(), "Carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "Carol"));

            // entries come back as they were written, in the order added
            alice.send(MessageType.IGNORE_LIST.code(), "");
            assertThat(alice.collectUntil(TIMEOUT, MessageType.IGNORE_LIST.code())).containsExactly(
                    msg(MessageType.IGNORE_ENTRY, "bob"), msg(MessageType.IGNORE_ENTRY, "Carol"),
                    msg(MessageType.IGNORE_LIST, "2"));

            alice.send(MessageType.IGNORE_REMOVE.code(), "carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_REMOVE, "carol"));
            alice.send(MessageType.IGNORE_REMOVE.code(), "carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOT_IGNORED, "carol"));

            alice.send(MessageType.IGNORE_LIST.code(), "");
            assertThat(alice.collectUntil(TIMEOUT, MessageType.IGNORE_LIST.code())).containsExactly(
                    msg(MessageType.IGNORE_ENTRY, "bob"), msg(MessageType.IGNORE_LIST, "1"));

            alice.send(MessageType.IGNORE_ADD.code(), "dave");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "dave"));
            alice.send(MessageType.IGNORE_CLEAR.code(), "");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_CLEAR, "2"));
            alice.send(MessageType.IGNORE_LIST.code(), "");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_LIST, "0"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void ignoredSendersMessageIsNotDelivered() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            alice.send(MessageType.IGNORE_ADD.code(), "Bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "Bob"));
            bob.send(PRIVATE_MESSAGE, "alice can you hear me");
            assertThat(next(bob)).isEqualTo(msg(MessageType.NOTICE, "alice is ignoring you"));
            carol.send(PRIVATE_MESSAGE, "alice hi from carol");
            // alice gets carol's message and nothing from bob before it
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "carol hi from carol"));

            alice.send(MessageType.IGNORE_REMOVE.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_REMOVE, "bob"));
            bob.send(PRIVATE_MESSAGE, "alice now?");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob now?"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void ignoreListIsLimitedByMaxIgnore() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_ignore", "2");
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(MessageType.IGNORE_ADD.code(), "u1");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "u1"));
            alice.send(MessageType.IGNORE_ADD.code(), "u2");
            assertThat(next(alice)).isEqualTo(msg(MessageType.IGNORE_ADD, "u2"));
            alice.send(MessageType.IGNORE_ADD.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "ignore list is full (2 entries)"));
            alice.send(MessageType.IGNORE_LIST.code(), "");
            assertThat(alice.collectUntil(TIMEOUT, MessageType.IGNORE_LIST.code())).containsExactly(
                    msg(MessageType.IGNORE_ENTRY, "u1"), msg(MessageType.IGNORE_ENTRY, "u2"),
                    msg(MessageType.IGNORE_LIST, "2"));
            bob.send(PRIVATE_MESSAGE, "alice not ignored");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob not ignored"));
        }
    }

    // ------------------------------------------------------------------ 207/208/303 hotlist

    @Test
    void hotlistAckAndImmediateSignonForAnOnlineUser() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob", "pass", 6699, 7)) {
            alice.send(MessageType.HOTLIST_INITIAL.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "bob"));
            assertThat(next(alice)).isEqualTo(msg(MessageType.USER_SIGNON, "bob 7"));
            alice.send(MessageType.HOTLIST_ADD.code(), "carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "carol"));
            // carol is offline: no 209
            assertThat(collectToSync(alice)).isEmpty();
            alice.send(MessageType.HOTLIST_ADD.code(), "bad,nick");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ERROR, "bad,nick"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void hotlistNotifiesSignonAndSignoffUntilRemoved() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(MessageType.HOTLIST_ADD.code(), "carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "carol"));
            bob.send(MessageType.HOTLIST_ADD.code(), "Carol");
            assertThat(next(bob)).isEqualTo(msg(MessageType.HOTLIST_ACK, "Carol"));

            ServerSession carol = server.login("carol", "pass", 0, 8);
            assertThat(next(alice)).isEqualTo(msg(MessageType.USER_SIGNON, "carol 8"));
            assertThat(next(bob)).isEqualTo(msg(MessageType.USER_SIGNON, "carol 8"));
            carol.close();
            assertThat(next(alice)).isEqualTo(msg(MessageType.USER_SIGNOFF, "carol"));
            assertThat(next(bob)).isEqualTo(msg(MessageType.USER_SIGNOFF, "carol"));

            alice.send(MessageType.HOTLIST_REMOVE.code(), "CAROL");
            assertThat(collectToSync(alice)).isEmpty();   // 303 has no reply
            carol = server.login("carol", "pass", 0, 9);
            assertThat(next(bob)).isEqualTo(msg(MessageType.USER_SIGNON, "carol 9"));
            carol.close();
            assertThat(next(bob)).isEqualTo(msg(MessageType.USER_SIGNOFF, "carol"));
            // bob saw both; everything alice could have been sent was sent before this sync
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void hotlistIsLimitedByMaxHotlist() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_hotlist", "2");
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            alice.send(MessageType.HOTLIST_ADD.code(), "u1");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "u1"));
            alice.send(MessageType.HOTLIST_ADD.code(), "u2");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "u2"));
            alice.send(MessageType.HOTLIST_ADD.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ERROR, "bob"));
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "hotlist is full (2 entries)"));
            // re-adding an entry already there is still fine
            alice.send(MessageType.HOTLIST_ADD.code(), "u1");
            assertThat(next(alice)).isEqualTo(msg(MessageType.HOTLIST_ACK, "u1"));
            // bob is not watched: his sign-off reaches nobody
            TestServer.logout(bob, "bob", carol);
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 603 whois

    @Test
    void whoisOfAPlainRequesterHasExactlyTheUserFields() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob", "pass", 6699, 5)) {
            alice.send(WHOIS, "BOB");
            Message m = next(alice);
            assertThat(m.type()).isEqualTo(MessageType.WHOIS_RESPONSE.code());
            assertThat(m.data()).matches("bob \"User\" \\d+ \"\" \"Active\" 0 0 0 5 \"nap v1\\.0\"");
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void whoisOfAnEliteRequesterHasTheModeratorFields() throws Exception {
        TestServer.createAccount(dir, "boss", "topsecret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = server.login("boss", "topsecret", 6699, 3);
             ServerSession bob = server.register("bob", "pw", "bob@example.com")) {
            collectToSync(boss);   // the level notice
            boss.send(WHOIS, "bob");
            Message m = next(boss);
            assertThat(m.type()).isEqualTo(MessageType.WHOIS_RESPONSE.code());
            assertThat(m.data()).matches("bob \"User\" \\d+ \"\" \"Active\" 0 0 0 3 \"nap v1\\.0\" 0 0 127\\.0\\.0\\.1 "
                    + bob.localPort() + " 6699 bob@example\\.com");
            // and the plain user sees the Elite's level, without the extra fields
            bob.send(WHOIS, "boss");
            Message b = next(bob);
            assertThat(b.data()).matches("boss \"Elite\" \\d+ \"\" \"Active\" 0 0 0 3 \"nap v1\\.0\"");
        }
    }

    @Test
    void whoisOfAUserWhoJustLeftIsWhowas() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice")) {
            long before = System.currentTimeMillis() / 1000;
            ServerSession bob = server.login("bob");
            TestServer.logout(bob, "bob", alice);
            long after = System.currentTimeMillis() / 1000;
            alice.send(WHOIS, "bob");
            Message m = next(alice);
            assertThat(m.type()).isEqualTo(MessageType.WHOWAS.code());
            List<String> f = Fields.split(m.data());
            assertThat(f).hasSize(3);
            assertThat(f.subList(0, 2)).containsExactly("bob", "User");
            assertThat(Long.parseLong(f.get(2))).isBetween(before, after);
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void whoisOfAnUnknownNickIsExactlyOne404() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(WHOIS, "nobody");
            assertThat(collectToSync(alice)).containsExactly(msg(MessageType.NOTICE, "user nobody is not a known user"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void transferCountersShowInWhois() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            bob.send(MessageType.DOWNLOADING.code(), "");
            bob.send(MessageType.DOWNLOADING.code(), "");
            bob.send(MessageType.UPLOADING.code(), "");
            assertThat(collectToSync(bob)).isEmpty();
            assertThat(counters(alice, "bob")).containsExactly("2", "1");
            bob.send(MessageType.DOWNLOAD_COMPLETE.code(), "");
            bob.send(MessageType.UPLOAD_COMPLETE.code(), "");
            bob.send(MessageType.UPLOAD_COMPLETE.code(), "");   // never below zero
            assertThat(collectToSync(bob)).isEmpty();
            assertThat(counters(alice, "bob")).containsExactly("1", "0");
        }
    }

    /** The downloads and uploads fields of a whois. */
    private static List<String> counters(ServerSession s, String nick) throws Exception {
        s.send(WHOIS, nick);
        Message m = next(s);
        assertThat(m.type()).isEqualTo(MessageType.WHOIS_RESPONSE.code());
        return Fields.split(m.data()).subList(6, 8);
    }

    // ------------------------------------------------------------------ 751/752, 750, 600, 316

    @Test
    void pingAndPongBetweenUsers() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(MessageType.PING.code(), "bob");
            assertThat(next(bob)).isEqualTo(msg(MessageType.PING, "alice"));
            bob.send(MessageType.PONG.code(), "alice");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PONG, "bob"));
            assertThat(collectToSync(bob)).isEmpty();
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void pingOfAnOfflineNickIsA404() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice")) {
            alice.send(MessageType.PING.code(), "carol");
            assertThat(collectToSync(alice)).containsExactly(msg(MessageType.NOTICE, "ping failed, carol is not online"));
        }
    }

    @Test
    void serverPingLinkSpeedAndDisconnectQuery() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob", "pass", 6699, 9)) {
            alice.send(MessageType.SERVER_PING.code(), "");
            assertThat(next(alice)).isEqualTo(msg(MessageType.SERVER_PING, "test.opennapj"));
            alice.send(MessageType.LINK_SPEED_REQUEST.code(), "bob");
            assertThat(next(alice)).isEqualTo(msg(MessageType.LINK_SPEED, "bob 9"));
            alice.send(MessageType.LINK_SPEED_REQUEST.code(), "carol");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "User carol is not currently online."));
            alice.send(MessageType.DISCONNECT.code(), "");
            assertThat(next(alice)).isEqualTo(msg(MessageType.DISCONNECT, "0"));
            // 316 from the client does not disconnect it
            bob.send(PRIVATE_MESSAGE, "alice still there");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob still there"));
        }
    }

    @Test
    void malformedRequestsGetOneErrorAndTheConnectionStays() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            String[][] cases = {
                {"603", "", "whois request (603): a nick is required"},
                {"600", "", "request user's link speed (600): a nick is required"},
                {"751", "", "ping user (751): a nick is required"},
                {"752", "", "pong response (752): a nick is required"},
                {"207", "", "add hotlist entry (207): a nick is required"},
                {"322", "", "add user to ignore list (322): a nick is required"},
                {"323", "", "remove user from ignore list (323): a nick is required"},
            };
            for (String[] c : cases) {
                alice.send(Integer.parseInt(c[0]), c[1]);
                assertThat(collectToSync(alice)).as("numeric %s with '%s'", c[0], c[1])
                        .containsExactly(msg(MessageType.NOTICE, c[2]));
            }
            alice.send(PRIVATE_MESSAGE, "\"bob hello");
            List<Message> got = collectToSync(alice);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).type()).isEqualTo(NOTICE);
            assertThat(collectToSync(bob)).isEmpty();
            bob.send(PRIVATE_MESSAGE, "alice still fine");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob still fine"));
        }
    }

    // ------------------------------------------------------------------ 613

    @Test
    void setDataPortNeedsAModerator() throws Exception {
        TestServer.createAccount(dir, "boss", "topsecret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession boss = server.login("boss", "topsecret", 6699, 3)) {
            collectToSync(boss);   // the level notice
            alice.send(MessageType.SET_DATA_PORT.code(), "bob 7000");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE,
                    "permission denied: set data port for user (613) needs a Moderator or higher"));
            assertThat(collectToSync(bob)).isEmpty();
            boss.send(MessageType.SET_DATA_PORT.code(), "bob 7000");
            assertThat(next(bob)).isEqualTo(msg(MessageType.SET_DATA_PORT, "7000"));
            assertThat(collectToSync(boss)).isEmpty();
            boss.send(MessageType.SET_DATA_PORT.code(), "carol 7000");
            assertThat(next(boss)).isEqualTo(msg(MessageType.NOTICE, "User carol is not currently online."));
            boss.send(MessageType.SET_DATA_PORT.code(), "bob");
            assertThat(next(boss)).isEqualTo(msg(MessageType.NOTICE, "set data port: expected <user> <port>"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 214

    @Test
    void statsOnRequest() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            alice.send(MessageType.STATS.code(), "");
            assertThat(next(alice)).isEqualTo(msg(MessageType.STATS, "2 0 0"));
            bob.send(MessageType.SHARE_FILE.code(),
                    "\"C:\\Music\\Band - Song.mp3\" 0123456789abcdef0123456789abcdef 3000000 128 44100 187");
            bob.send(MessageType.STATS.code(), "");
            assertThat(next(bob)).isEqualTo(msg(MessageType.STATS, "2 1 0"));
        }
    }

    @Test
    void statClickSendsUnsolicitedStats() throws Exception {
        try (TestServer server = TestServer.start(dir, "stat_click", "1");
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            // nothing is requested: these come from the server's clock
            assertThat(bob.expect(TIMEOUT, MessageType.STATS.code())).isEqualTo(msg(MessageType.STATS, "2 0 0"));
            assertThat(alice.expect(TIMEOUT, MessageType.STATS.code()).data()).matches("[12] 0 0");
        }
    }

    @Test
    void hotlistAndIgnoreListRefuseInvalidNicks() throws Exception {
        try (TestServer server = TestServer.start(dir); ServerSession a = server.login("alice")) {
            String tooLong = "n".repeat(20);
            a.send(MessageType.HOTLIST_ADD.code(), tooLong);
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.HOTLIST_ERROR.code()).data()).isEqualTo(tooLong);
            a.send(MessageType.IGNORE_ADD.code(), tooLong);
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.NOTICE.code()).data()).startsWith("cannot ignore " + tooLong);
            a.send(MessageType.IGNORE_ADD.code(), "bad\u0001nick");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.NOTICE.code()).data()).startsWith("cannot ignore");
            a.send(MessageType.IGNORE_LIST.code(), "");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.IGNORE_LIST.code()).data()).isEqualTo("0");
        }
    }
}
