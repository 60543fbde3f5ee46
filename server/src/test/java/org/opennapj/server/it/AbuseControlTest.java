package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.io.IOException;
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
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.store.Level;

/**
 * Abuse control: each limit stops the client that crosses it (told, throttled or disconnected as
 * opennap-ng does) while another client keeps being answered.
 */
class AbuseControlTest {

    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int ERROR = MessageType.ERROR.code();
    private static final int PING = MessageType.SERVER_PING.code();
    private static final int RESULT = MessageType.SEARCH_RESULT.code();
    private static final int SEARCH_END = MessageType.SEARCH_END.code();
    private static final String MD5 = "0123456789abcdef0123456789abcdef-4242";

    @TempDir
    Path dir;

    private static void share(ServerSession s, String path) throws IOException {
        s.send(MessageType.SHARE_FILE.code(), "\"" + path + "\" " + MD5 + " 4242 128 44100 60");
    }

    /** The 201s and 404s a search brings, up to its 202. */
    private static List<Message> search(ServerSession s, String words) throws Exception {
        s.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"" + words + "\" MAX_RESULTS 10");
        List<Message> got = s.collectUntil(TIMEOUT, SEARCH_END);
        return got.stream().filter(m -> m.type() == RESULT || m.type() == NOTICE).toList();
    }

    private static long results(List<Message> got) {
        return got.stream().filter(m -> m.type() == RESULT).count();
    }

    /** The flood actions counted so far, by kind (read on the core thread). */
    private static java.util.Map<String, Long> floodActions(TestServer server) throws Exception {
        java.util.concurrent.CompletableFuture<java.util.Map<String, Long>> f = new java.util.concurrent.CompletableFuture<>();
        server.core().execute(() -> f.complete(server.core().metricsSnapshot().floods()));
        return f.get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Logs in with a raw 2 and returns what the server said before it closed, or null if the login was accepted. */
    private static List<Message> refusedLogin(TestServer server, String nick, String client) throws Exception {
        ServerSession s = server.connect();
        s.send(MessageType.LOGIN.code(), nick + " pass 6699 \"" + client + "\" 3");
        Message first = s.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), ERROR);
        if (first.type() == MessageType.LOGIN_ACK.code()) {
            s.close();
            return null;
        }
        List<Message> got = new ArrayList<>(List.of(first));
        got.addAll(TestServer.untilClosed(s));
        s.close();
        return got;
    }

    @Test
    void aFlooderIsThrottledAndModeratorsAreToldWhileOthersAreAnswered() throws Exception {
        Staff.register(dir);
        try (TestServer server = TestServer.start(dir, "flood_commands", "5", "flood_time", "2");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession flooder = server.login("flooder");
             ServerSession other = server.login("other")) {
            for (int i = 0; i < 20; i++) {
                flooder.send(PING, "");
            }
            // the window's first command starts it and counts; the fifth reaches the limit: it is
            // still handled, after the flooder is told, and nothing more is handled until the window ends
            List<Message> before = flooder.collectUntil(TIMEOUT, NOTICE);
            assertThat(before).extracting(Message::type).containsExactly(PING, PING, PING, PING, NOTICE);
            assertThat(before.get(4).data()).startsWith("You are sending commands too fast");
            Staff.awaitNotice(mod, "Flooding from flooder!127.0.0.1 " + MessageType.SERVER_PING.label() + " (750)");
            TestServer.sync(other);
            assertThat(floodActions(server)).containsEntry("commands", 1L);
            other.send(MessageType.WHOIS.code(), "flooder");
            other.expect(TIMEOUT, MessageType.WHOIS_RESPONSE.code());
            // throttled, not dropped: the rest is answered once the window has ended
            int answered = 0;
            while (answered < 16) {
                flooder.expect(TIMEOUT, PING);
                answered++;
            }
            TestServer.sync(other);
        }
    }

    @Test
    void aHeldFlooderIsNotReadFromUntilItsWindowEnds() throws Exception {
        // the limit leaves room for the other client's syncs below
        try (TestServer server = TestServer.start(dir, "flood_commands", "20", "flood_time", "3");
             ServerSession flooder = server.login("flooder");
             ServerSession other = server.login("other")) {
            for (int i = 0; i < 21; i++) {
                flooder.send(PING, "");
            }
            List<Message> before = flooder.collectUntil(TIMEOUT, NOTICE);
            assertThat(before.get(before.size() - 1).data()).startsWith("You are sending commands too fast");
            // the command that reached the limit is still answered, after the notice
            flooder.expect(TIMEOUT, PING);
            // held: more than the server would keep for it if it went on reading (MAX_DEFERRED), in
            // small writes the server has time to take in one by one; reading stopped, so they wait
            // in the socket instead of costing it its connection
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                burst.write(TestServer.frame(PING, ""));
            }
            for (int i = 0; i < 15; i++) {
                flooder.sendRaw(burst.toByteArray());
                TestServer.sync(other);
            }
            other.send(MessageType.PRIVATE_MESSAGE.code(), "flooder hello");
            // nothing it sent is answered before what others sent it meanwhile
            Message next = flooder.expect(TIMEOUT, MessageType.PRIVATE_MESSAGE.code(), PING, ERROR);
            assertThat(next.type()).isEqualTo(MessageType.PRIVATE_MESSAGE.code());
            // once the window ends it is answered again, still connected
            for (int i = 0; i < 5; i++) {
                Message m = flooder.expect(TIMEOUT, PING, ERROR, NOTICE);
                assertThat(m.type()).as("%s", m).isNotEqualTo(ERROR);
            }
            TestServer.sync(other);
        }
    }

    @Test
    void unknownAndRefusedCommandsCountAsFlooding() throws Exception {
        try (TestServer server = TestServer.start(dir, "flood_commands", "5", "flood_time", "60");
             ServerSession unknown = server.login("unknown");
             ServerSession refused = server.login("refused")) {
            for (int i = 0; i < 10; i++) {
                unknown.send(1999, "");
                // a Moderator's command (kill) from a User: refused with a 404 each time
                refused.send(MessageType.KILL.code(), "unknown");
            }
            for (ServerSession s : List.of(unknown, refused)) {
                s.await(TIMEOUT, m -> m.type() == NOTICE && m.data().startsWith("You are sending commands too fast"),
                        "the flood notice");
            }
            assertThat(floodActions(server)).containsEntry("commands", 2L);
        }
    }

    @Test
    void floodControlSetWhileRunningAppliesAtOnce() throws Exception {
        Staff.register(dir);
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession flooder = server.login("flooder")) {
            for (int i = 0; i < 10; i++) {
                flooder.send(PING, "");
            }
            assertThat(TestServer.collectToSync(flooder)).noneMatch(m -> m.type() == NOTICE);
            boss.send(MessageType.SET_CONFIG.code(), "flood_time 60");
            Staff.awaitNotice(boss, "boss set flood_time to 60");
            boss.send(MessageType.SET_CONFIG.code(), "flood_commands 5");
            Staff.awaitNotice(boss, "boss set flood_commands to 5");
            for (int i = 0; i < 10; i++) {
                flooder.send(PING, "");
            }
            flooder.await(TIMEOUT, m -> m.type() == NOTICE && m.data().startsWith("You are sending commands too fast"),
                    "the flood notice");
        }
    }

    @Test
    void sharesAreNotCountedAsFlooding() throws Exception {
        try (TestServer server = TestServer.start(dir, "flood_commands", "3", "flood_time", "60");
             ServerSession sharer = server.login("sharer");
             ServerSession other = server.login("other")) {
            for (int i = 0; i < 50; i++) {
                share(sharer, "C:\\music\\track number " + i + ".mp3");
            }
            List<Message> got = TestServer.collectToSync(sharer);
            assertThat(got).noneMatch(m -> m.type() == NOTICE);
            assertThat(results(search(other, "track"))).isEqualTo(10);
        }
    }

    @Test
    void searchesOverTheRateAreRefusedAndOthersStillSearch() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_searches_per_minute", "2",
                "evaluate_search_abuse_after_secs", "0", "evaluate_search_abuse_after_tags", "0");
             ServerSession sharer = server.login("sharer");
             ServerSession searcher = server.login("searcher");
             ServerSession other = server.login("other")) {
            share(sharer, "C:\\music\\some song.mp3");
            TestServer.sync(sharer);
            assertThat(results(search(searcher, "song"))).isEqualTo(1);
            assertThat(results(search(searcher, "song"))).isEqualTo(1);
            List<Message> third = search(searcher, "song");
            assertThat(results(third)).isZero();
            assertThat(third).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo(NOTICE);
                assertThat(m.data()).startsWith("search failed: Your client is thrashing on the network");
            });
            // a refused search does not count, and other clients search on
            assertThat(results(search(other, "song"))).isEqualTo(1);
            assertThat(results(search(searcher, "song"))).isZero();
            TestServer.sync(searcher);
        }
    }

    @Test
    void loginIntervalRefusesQuickLoginsFromOneAddress() throws Exception {
        Staff.register(dir);
        try (TestServer server = TestServer.start(dir, "login_interval", "60");
             ServerSession first = server.login("first")) {
            List<Message> refused = refusedLogin(server, "second", "nap v1.0");
            assertThat(refused).isNotNull();
            assertThat(refused.get(0).data()).startsWith("reconnecting too fast");
            TestServer.sync(first);
            // a Moderator's nick claimed with a wrong password gains nothing: the limit applies
            // before the password is checked (else each address could guess it without limit)
            List<Message> claimed = refusedLogin(server, "mod", "nap v1.0");
            assertThat(claimed).isNotNull();
            assertThat(claimed.get(0).data()).startsWith("reconnecting too fast");
            TestServer.sync(first);
        }
    }

    @Test
    void aRegistrationRefusedForItsIntervalEjectsNoOne() throws Exception {
        TestServer.createAccounts(dir, PasswordHash.create("leechpw", 1000), "leech@example.com", Level.LEECH, "leech");
        try (TestServer server = TestServer.start(dir, "max_connections", "1", "eject_when_full", "true",
                "eject_leeches", "true", "register_interval", "60")) {
            server.register("first", "firstpw", "first@example.com").close();
            // the server is full with the leech (once first has gone), who may be ejected for room
            ServerSession leech = null;
            for (int i = 0; i < 200 && leech == null; i++) {
                try {
                    leech = server.login("leech", "leechpw", 0, 0);
                } catch (IOException full) {
                    Thread.sleep(20);
                }
            }
            assertThat(leech).isNotNull();
            try (ServerSession held = leech) {
                TestServer.sync(held);
                // a second registration from the address within register_interval: refused, and no
                // one is ejected for it
                ServerSession s = server.connect();
                s.send(MessageType.NEW_USER_LOGIN.code(), "second secondpw 6699 \"nap v1.0\" 3 second@example.com");
                Message m = s.expect(TIMEOUT, ERROR, MessageType.LOGIN_ACK.code());
                assertThat(m.data()).startsWith("reregistering too fast");
                s.close();
                TestServer.sync(held);
            }
        }
    }

    @Test
    void registerIntervalRefusesASecondNewNickFromOneAddress() throws Exception {
        try (TestServer server = TestServer.start(dir, "register_interval", "60");
             ServerSession first = server.register("newnick1", "secret1", "a@example.com")) {
            try (ServerSession s = server.connect()) {
                s.send(MessageType.NEW_USER_LOGIN.code(), "newnick2 secret2 6699 \"nap v1.0\" 3 b@example.com");
                Message m = s.expect(TIMEOUT, ERROR, MessageType.LOGIN_ACK.code());
                assertThat(m.type()).isEqualTo(ERROR);
                assertThat(m.data()).startsWith("reregistering too fast");
                assertThat(s.closedByServer(TIMEOUT)).isTrue();
            }
            TestServer.sync(first);
            // an unregistered nick may still log in
            try (ServerSession guest = server.login("guest")) {
                TestServer.sync(guest);
            }
        }
    }

    @Test
    void newUsersPerMinuteAreLimited() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_new_users_per_minute", "2");
             ServerSession watcher = server.login("watcher")) {
            // five logins in a row, at most two per clock minute: even if a minute ends in between,
            // at least one is refused
            List<Message> refused = null;
            for (int i = 0; i < 5 && refused == null; i++) {
                refused = refusedLogin(server, "user" + i, "nap v1.0");
                TestServer.sync(watcher);
            }
            assertThat(refused).isNotNull();
            assertThat(refused.get(0).type()).isEqualTo(ERROR);
            assertThat(refused.get(0).data()).startsWith("Connection handler overload");
            TestServer.sync(watcher);
        }
    }

    @Test
    void bannedClientsAreRefused() throws Exception {
        try (TestServer server = TestServer.start(dir, "invalid_clients", "*floodster*, *rapigator*");
             ServerSession ok = server.login("ok")) {
            List<Message> refused = refusedLogin(server, "bad", "FloodSter 2.1");
            assertThat(refused).isNotNull();
            assertThat(refused.get(0).type()).isEqualTo(ERROR);
            assertThat(refused.get(0).data()).isEqualTo("Your client, FloodSter 2.1, is not allowed on this server.");
            TestServer.sync(ok);
            assertThat(refusedLogin(server, "fine", "WinMX v3.31")).isNull();
            TestServer.sync(ok);
        }
    }

    @Test
    void filteredWordsAreNotIndexedAndBlockedFilesAreRefused() throws Exception {
        Files.writeString(dir.resolve("filter"), "mp3\nthe\n", StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("block"), "# refused names\nbad ?word\n\n", StandardCharsets.ISO_8859_1);
        try (TestServer server = TestServer.start(dir);
             ServerSession sharer = server.login("sharer");
             ServerSession searcher = server.login("searcher")) {
            share(sharer, "C:\\share\\The Mp3 Collection\\song one.mp3");
            share(sharer, "C:\\share\\x\\a bad word song.mp3");
            share(sharer, "C:\\share\\x\\badwords song.mp3");
            share(sharer, "C:\\share\\x\\another badword song.mp3");
            List<Message> told = TestServer.collectToSync(sharer);
            assertThat(told).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo(NOTICE);
                assertThat(m.data()).isEqualTo("C:\\share\\x\\a bad word song.mp3 is blocked on this server and is not shared"
                        + " (further blocked files are refused silently)");
            });
            // the file is found by its other words; the filtered ones are dropped from the request
            assertThat(results(search(searcher, "collection song"))).isEqualTo(1);
            assertThat(results(search(searcher, "the collection"))).isEqualTo(1);
            List<Message> onlyFiltered = search(searcher, "mp3 the");
            assertThat(onlyFiltered).extracting(Message::data)
                    .containsExactly("search failed: request contained no valid words");
            // "badword" matched only where no letter touches it: "badwords" is shared, the other two are not
            assertThat(results(search(searcher, "song"))).isEqualTo(2);
            assertThat(results(search(searcher, "badwords"))).isEqualTo(1);
            TestServer.sync(sharer);
        }
    }

    @Test
    void aReloadRereadsTheFilterAndBlockFiles() throws Exception {
        Staff.register(dir);
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession sharer = server.login("sharer");
             ServerSession searcher = server.login("searcher")) {
            share(sharer, "C:\\share\\x\\bad word one.mp3");
            assertThat(TestServer.collectToSync(sharer)).isEmpty();
            Files.writeString(dir.resolve("block"), "bad ?word\n(unclosed\n", StandardCharsets.ISO_8859_1);
            Files.writeString(dir.resolve("filter"), "two\n", StandardCharsets.ISO_8859_1);
            boss.send(MessageType.REHASH.code(), "");
            assertThat(Staff.notices(boss)).anySatisfy(n -> assertThat(n).startsWith("block line 2: "));
            share(sharer, "C:\\share\\x\\bad word two.mp3");
            share(sharer, "C:\\share\\x\\song two.mp3");
            assertThat(TestServer.collectToSync(sharer)).extracting(Message::data)
                    .containsExactly("C:\\share\\x\\bad word two.mp3 is blocked on this server and is not shared"
                            + " (further blocked files are refused silently)");
            // files shared before keep their words; the new one is not indexed under "two"
            assertThat(results(search(searcher, "bad word"))).isEqualTo(1);
            assertThat(results(search(searcher, "song"))).isEqualTo(1);
            assertThat(search(searcher, "two")).extracting(Message::data)
                    .containsExactly("search failed: request contained no valid words");
        }
    }

    @Test
    void winmxQueueMessagesAreDroppedWithBreakMxQueue() throws Exception {
        try (TestServer server = TestServer.start(dir, "break_mx_queue", "on");
             ServerSession sender = server.login("sender");
             ServerSession target = server.login("target")) {
            int pm = MessageType.PRIVATE_MESSAGE.code();
            sender.send(pm, "target //WantQueue");
            sender.send(pm, "target //WantQueue 3");
            sender.send(pm, "target //WantQueueX");
            sender.send(pm, "target hello");
            assertThat(TestServer.collectToSync(sender)).isEmpty();
            assertThat(TestServer.collectToSync(target)).filteredOn(m -> m.type() == pm).extracting(Message::data)
                    .containsExactly("sender //WantQueue 3", "sender hello");
            assertThat(floodActions(server)).containsEntry("wantqueue", 2L);
        }
    }

    @Test
    void winmxQueueMessagesPassWithoutBreakMxQueue() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession sender = server.login("sender");
             ServerSession target = server.login("target")) {
            int pm = MessageType.PRIVATE_MESSAGE.code();
            sender.send(pm, "target //WantQueue");
            TestServer.sync(sender);
            assertThat(TestServer.collectToSync(target)).filteredOn(m -> m.type() == pm).extracting(Message::data)
                    .containsExactly("sender //WantQueue");
        }
    }

    @Test
    void downloadsNeedMinShared() throws Exception {
        try (TestServer server = TestServer.start(dir, "min_shared", "1");
             ServerSession sharer = server.login("sharer");
             ServerSession leecher = server.login("leecher")) {
            share(sharer, "C:\\music\\some song.mp3");
            TestServer.sync(sharer);
            leecher.send(MessageType.DOWNLOAD_REQUEST.code(), "sharer \"C:\\music\\some song.mp3\"");
            List<Message> refused = TestServer.collectToSync(leecher);
            assertThat(refused).extracting(Message::type).containsExactly(NOTICE, MessageType.DOWNLOAD_ERROR.code());
            assertThat(refused.get(0).data()).isEqualTo("download failed: share at least 1 files to download (you share 0)");
            assertThat(TestServer.collectToSync(sharer)).isEmpty();
            share(leecher, "C:\\mine\\own file.mp3");
            leecher.send(MessageType.DOWNLOAD_REQUEST.code(), "sharer \"C:\\music\\some song.mp3\"");
            sharer.expect(TIMEOUT, MessageType.UPLOAD_REQUEST.code());
        }
    }

    @Test
    void ejectWhenFullMakesRoomByEjectingALeech() throws Exception {
        TestServer.createAccounts(dir, PasswordHash.create("pw", 1000), "l@example.com", Level.LEECH, "leechy");
        try (TestServer server = TestServer.start(dir, "max_connections", "2", "eject_when_full", "on",
                "eject_leeches", "on");
             ServerSession leech = server.login("leechy", "pw", 0, 0);
             ServerSession user = server.login("user")) {
            try (ServerSession newcomer = server.login("newcomer")) {
                List<Message> last = TestServer.untilClosed(leech);
                assertThat(last).extracting(Message::type).contains(NOTICE, MessageType.DISCONNECT.code());
                assertThat(last).filteredOn(m -> m.type() == NOTICE).extracting(Message::data)
                        .contains("You were killed by server test.opennapj: Leech ejection to make room for real users.");
                TestServer.sync(newcomer);
                TestServer.sync(user);
                // nobody left to eject (Users sharing nothing are ejected only below the eject limits)
                List<Message> full = refusedLogin(server, "another", "nap v1.0");
                assertThat(full).isNotNull();
                assertThat(full.get(0).data()).isEqualTo("This server is full (2 connections)");
                TestServer.sync(user);
            }
        }
    }

    @Test
    void withoutEjectWhenFullAFullServerRefuses() throws Exception {
        TestServer.createAccounts(dir, PasswordHash.create("pw", 1000), "l@example.com", Level.LEECH, "leechy");
        try (TestServer server = TestServer.start(dir, "max_connections", "2", "eject_leeches", "on");
             ServerSession leech = server.login("leechy", "pw", 0, 0);
             ServerSession user = server.login("user")) {
            List<Message> full = refusedLogin(server, "newcomer", "nap v1.0");
            assertThat(full).isNotNull();
            assertThat(full.get(0).data()).isEqualTo("This server is full (2 connections)");
            TestServer.sync(leech);
            TestServer.sync(user);
        }
    }

    @Test
    void clonesOverMaxClonesAreRefusedWhileTheOthersAreServed() throws Exception {
        try (TestServer server = TestServer.start(dir, "max_clones", "1");
             ServerSession first = server.login("first")) {
            try (ServerSession second = server.connect()) {
                Message m = second.expect(TIMEOUT, ERROR);
                assertThat(m.data()).isEqualTo("Exceeded maximum connections from your address (1)");
                assertThat(second.closedByServer(TIMEOUT)).isTrue();
            }
            TestServer.sync(first);
        }
    }
}
