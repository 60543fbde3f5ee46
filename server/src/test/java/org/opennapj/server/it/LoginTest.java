package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;
import static org.opennapj.server.it.TestServer.untilClosed;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** The login sequence (2, 3, 4, 6, 7, 11, 14, 920), its configuration switches and the account changes 700-703. */
class LoginTest {

    private static final int ERROR = MessageType.ERROR.code();
    private static final int LOGIN = MessageType.LOGIN.code();
    private static final int LOGIN_ACK = MessageType.LOGIN_ACK.code();
    private static final int NEW_USER_LOGIN = MessageType.NEW_USER_LOGIN.code();
    private static final int NICK_CHECK = MessageType.NICK_CHECK.code();
    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int MOTD = MessageType.MOTD.code();
    private static final int STATS = MessageType.STATS.code();
    private static final int WHOIS = MessageType.WHOIS.code();
    private static final int WHOIS_RESPONSE = MessageType.WHOIS_RESPONSE.code();
    private static final String ANON = "anon@test.opennapj";

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

    private static String loginLine(String nick, String password) {
        return nick + " " + password + " 6699 \"nap v1.0\" 3";
    }

    /** Fields of the 604 that s gets for a whois of nick. */
    private static List<String> whois(ServerSession s, String nick) throws Exception {
        s.send(WHOIS, nick);
        Message m = next(s);
        assertThat(m.type()).as("reply to whois %s: %s", nick, m).isEqualTo(WHOIS_RESPONSE);
        return Fields.split(m.data());
    }

    // ------------------------------------------------------------------ 7 nick check

    @Test
    void nickCheckAnswersFreeRegisteredOrInvalid() throws Exception {
        TestServer.createAccount(dir, "alice", "secret", "alice@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir);
             ServerSession c1 = server.connect();
             ServerSession c2 = server.connect()) {
            c1.send(NICK_CHECK, "freenick");
            assertThat(next(c1)).isEqualTo(msg(MessageType.NICK_NOT_REGISTERED, ""));
            c1.send(NICK_CHECK, "alice");
            assertThat(next(c1)).isEqualTo(msg(MessageType.NICK_ALREADY_REGISTERED, ""));
            c1.send(NICK_CHECK, "ALICE");
            assertThat(next(c1)).isEqualTo(msg(MessageType.NICK_ALREADY_REGISTERED, ""));

            for (String bad : List.of("bad\u0007nick", "#chan", "a234567890123456789x", "nickserv", "NickServ", "dot.ted")) {
                c2.send(NICK_CHECK, bad);
                assertThat(next(c2)).as("nick check of '%s'", bad).isEqualTo(msg(MessageType.INVALID_NICK, ""));
            }
            c2.send(NICK_CHECK, "a23456789012345678x");   // 19 characters: the longest allowed
            assertThat(next(c2)).isEqualTo(msg(MessageType.NICK_NOT_REGISTERED, ""));

            // nick checks do not log anyone in or out
            c1.send(LOGIN, loginLine("freenick", "pw"));
            assertThat(next(c1)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            c2.send(LOGIN, loginLine("alice", "secret"));
            assertThat(next(c2)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));
        }
    }

    // ------------------------------------------------------------------ bans

    @Test
    void bannedNickOrAddressIsRefusedButModeratorsAreExempt() throws Exception {
        TestServer.createAccount(dir, "boss", "secret", "boss@example.com", Level.ELITE);
        try (org.opennapj.server.store.SqliteAccountStore store = new org.opennapj.server.store.SqliteAccountStore(dir)) {
            store.putBan(new org.opennapj.server.store.Ban("spammer", "boss", "flooding", 0, 0));
            store.putBan(new org.opennapj.server.store.Ban("old", "boss", "expired", 0, 1));
        }
        try (TestServer server = TestServer.start(dir);
             ServerSession banned = server.connect();
             ServerSession expired = server.connect()) {
            banned.send(LOGIN, loginLine("SPAMMER", "pw"));
            assertThat(untilClosed(banned)).containsExactly(
                    msg(MessageType.ERROR, "You are banned from this server: spammer!* banned: flooding"));
            expired.send(LOGIN, loginLine("old", "pw"));
            assertThat(next(expired)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
        }
        try (org.opennapj.server.store.SqliteAccountStore store = new org.opennapj.server.store.SqliteAccountStore(dir)) {
            store.putBan(new org.opennapj.server.store.Ban("127.0.0.", "boss", "", 0, 0));
        }
        try (TestServer server = TestServer.start(dir);
             ServerSession anyone = server.connect();
             ServerSession boss = server.connect()) {
            anyone.send(LOGIN, loginLine("anyone", "pw"));
            assertThat(untilClosed(anyone)).containsExactly(
                    msg(MessageType.ERROR, "You are banned from this server: *!127.0.0.* banned: no reason given"));
            boss.send(LOGIN, loginLine("boss", "secret"));
            assertThat(next(boss)).isEqualTo(msg(MessageType.LOGIN_ACK, "boss@example.com"));
        }
    }

    // ------------------------------------------------------------------ 6 new user, 2 with password

    @Test
    void newUserLoginRegistersAndThePasswordIsCheckedLater() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob")) {
            ServerSession first = server.connect();
            first.send(NEW_USER_LOGIN, "alice secret 6699 \"nap v1.0\" 3 alice@example.com");
            assertThat(next(first)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));
            TestServer.logout(first, "alice", bob);

            try (ServerSession check = server.connect()) {
                check.send(NICK_CHECK, "alice");
                assertThat(next(check)).isEqualTo(msg(MessageType.NICK_ALREADY_REGISTERED, ""));
            }

            ServerSession second = server.connect();
            second.send(LOGIN, loginLine("alice", "secret"));
            assertThat(next(second)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));
            TestServer.logout(second, "alice", bob);

            try (ServerSession wrong = server.connect()) {
                wrong.send(LOGIN, loginLine("alice", "guess"));
                assertThat(untilClosed(wrong)).containsExactly(msg(MessageType.ERROR, "Invalid Password"));
            }
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void newUserLoginOfARegisteredNickIsRefused() throws Exception {
        TestServer.createAccount(dir, "alice", "secret", "alice@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir);
             ServerSession c = server.connect()) {
            c.send(NEW_USER_LOGIN, "alice other 6699 \"nap v1.0\" 3 me@example.com");
            assertThat(untilClosed(c)).containsExactly(msg(MessageType.ERROR, "Nick alice is already registered"));
        }
    }

    // ------------------------------------------------------------------ duplicate login

    @Test
    void duplicateLoginIsRefusedUnlessItGivesTheRegisteredPassword() throws Exception {
        TestServer.createAccount(dir, "carol", "secret", "carol@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession carol = server.login("carol", "secret", 6699, 3);
             ServerSession dup1 = server.connect();
             ServerSession dup2 = server.connect();
             ServerSession dup3 = server.connect()) {
            // an unregistered nick that came on just now is not taken over (ghost_kill_timer)
            dup1.send(LOGIN, loginLine("ALICE", "pass"));
            assertThat(untilClosed(dup1)).containsExactly(msg(MessageType.ERROR, "ALICE is already active"));
            assertThat(next(alice)).isEqualTo(msg(MessageType.LOGIN_ATTEMPT, ""));
            assertThat(collectToSync(alice)).isEmpty();

            // a registered nick with a wrong password: refused, the online user stays
            dup2.send(LOGIN, loginLine("carol", "wrong"));
            assertThat(untilClosed(dup2)).containsExactly(msg(MessageType.ERROR, "Invalid Password"));
            alice.send(MessageType.PRIVATE_MESSAGE.code(), "carol still here?");
            assertThat(next(carol)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "alice still here?"));

            // the right password takes the nick over: the old connection is told and closed
            dup3.send(LOGIN, loginLine("carol", "secret"));
            assertThat(next(dup3)).isEqualTo(msg(MessageType.LOGIN_ACK, "carol@example.com"));
            assertThat(untilClosed(carol)).containsExactly(msg(MessageType.LOGIN_ATTEMPT, ""),
                    msg(MessageType.NOTICE, "You were killed by server test.opennapj: Someone else is logging in as you"),
                    msg(MessageType.DISCONNECT, "0"));
            dup3.expect(TestServer.TIMEOUT, MessageType.STATS.code());
            alice.send(MessageType.PRIVATE_MESSAGE.code(), "carol again?");
            assertThat(next(dup3)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "alice again?"));
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void anUnregisteredNickIsTakenOverFromItsOwnAddressAfterGhostKillTimer() throws Exception {
        try (TestServer server = TestServer.start(dir, "ghost_kill_timer", "0");
             ServerSession watcher = server.login("watcher");
             ServerSession first = server.login("dave")) {
            // the timer counts whole seconds: wait until dave has been online for more than 0 of them
            long loggedIn = System.currentTimeMillis();
            while (System.currentTimeMillis() - loggedIn < 1100) {
                Thread.sleep(100);
            }
            ServerSession second = server.connect();
            second.send(LOGIN, loginLine("dave", "other"));
            assertThat(next(second)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            assertThat(untilClosed(first)).contains(msg(MessageType.LOGIN_ATTEMPT, ""),
                    msg(MessageType.NOTICE, "You were killed by server test.opennapj: Someone else is logging in as you"));
            second.expect(TestServer.TIMEOUT, MessageType.STATS.code());
            watcher.send(MessageType.PRIVATE_MESSAGE.code(), "dave hi");
            assertThat(next(second)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "watcher hi"));
            second.close();
        }
    }

    // ------------------------------------------------------------------ malformed logins

    @Test
    void invalidNickOnLoginGets10Then0AndIsDisconnected() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession c1 = server.connect();
             ServerSession c2 = server.connect()) {
            c1.send(LOGIN, loginLine("#chan", "pw"));
            assertThat(untilClosed(c1)).containsExactly(msg(MessageType.INVALID_NICK, ""),
                    msg(MessageType.ERROR, "Invalid nick #chan: a nick may not start with #"));
            c2.send(NEW_USER_LOGIN, "a234567890123456789x pw 6699 \"nap v1.0\" 3 x@example.com");
            assertThat(untilClosed(c2)).containsExactly(msg(MessageType.INVALID_NICK, ""),
                    msg(MessageType.ERROR, "Invalid nick a234567890123456789x: a nick may have at most 19 characters"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void tooFewFieldsIsRefused() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession c1 = server.connect();
             ServerSession c2 = server.connect()) {
            c1.send(LOGIN, "alice pass 6699");
            List<Message> got = untilClosed(c1);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).type()).isEqualTo(ERROR);
            assertThat(got.get(0).data()).startsWith("Too few parameters for login");
            c2.send(NEW_USER_LOGIN, loginLine("alice", "pass"));   // no email
            got = untilClosed(c2);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).type()).isEqualTo(ERROR);
            assertThat(got.get(0).data()).startsWith("Too few parameters for login").endsWith("<email>");
        }
    }

    @Test
    void nonNumericPortOrLinkIsRefusedWithAReason() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession c1 = server.connect();
             ServerSession c2 = server.connect();
             ServerSession c3 = server.connect()) {
            c1.send(LOGIN, "alice pass abc \"nap v1.0\" 3");
            assertThat(untilClosed(c1)).containsExactly(msg(MessageType.ERROR, "invalid data port: 'abc' is not a number"));
            c2.send(LOGIN, "alice pass 6699 \"nap v1.0\" fast");
            assertThat(untilClosed(c2)).containsExactly(msg(MessageType.ERROR, "invalid link type: 'fast' is not a number"));
            // MP3::Napster registers with port -1: accepted as "no data port"
            c3.send(NEW_USER_LOGIN, "alice pass -1 \"v2.0\" 3 alice@example.com");
            assertThat(next(c3)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));
        }
    }

    @Test
    void messagesSentRightAfterTheLoginOfARegisteredNickAreHandledAfterIt() throws Exception {
        // MP3::Napster sends 703 right after its login; the password check must not make that fatal
        TestServer.createAccount(dir, "alice", "secret", "alice@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession alice = server.connect()) {
            alice.send(LOGIN, "alice secret 0 \"v2.0\" 3");
            alice.send(MessageType.CHANGE_DATA_PORT.code(), "6688");
            List<Message> got = alice.collectUntil(TIMEOUT, STATS);
            assertThat(got.get(0)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));
            assertThat(collectToSync(alice)).isEmpty();
            bob.send(MessageType.LINK_SPEED_REQUEST.code(), "alice");
            assertThat(next(bob)).isEqualTo(msg(MessageType.LINK_SPEED, "alice 3"));
        }
    }

    // ------------------------------------------------------------------ 11, 14, 4, 920

    @Test
    void passwordCheckAnswers12ForTheRightPassword() throws Exception {
        TestServer.createAccount(dir, "alice", "secret", "alice@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession c = server.connect()) {
            c.send(MessageType.PASSWORD_CHECK.code(), "alice secret");
            assertThat(next(c)).isEqualTo(msg(MessageType.PASSWORD_CHECK_OK, ""));
            c.send(MessageType.PASSWORD_CHECK.code(), "alice wrong");
            assertThat(next(c)).isEqualTo(msg(MessageType.ERROR, "check password failed: wrong password"));
            c.send(MessageType.PASSWORD_CHECK.code(), "nobody secret");
            assertThat(next(c)).isEqualTo(msg(MessageType.ERROR, "check password failed: nobody is not registered"));
            // the checks neither log in nor disconnect
            c.send(LOGIN, loginLine("alice", "secret"));
            assertThat(next(c)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@example.com"));

            bob.send(MessageType.PASSWORD_CHECK.code(), "alice secret");
            assertThat(next(bob)).isEqualTo(msg(MessageType.PASSWORD_CHECK_OK, ""));
            bob.send(MessageType.PASSWORD_CHECK.code(), "alice Secret");
            assertThat(next(bob)).isEqualTo(msg(MessageType.NOTICE, "check password failed: wrong password"));
        }
    }

    @Test
    void loginOptionsAfterLoginAreAcceptedSilently() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession alice = server.register("alice", "pw", "alice@example.com")) {
            alice.send(MessageType.LOGIN_OPTIONS.code(),
                    "NAME: kev  ADDRESS:  CITY: ephrata  STATE: pa  PHONE:  AGE: 60 or older INCOME: $100,000 or more        EDUCATION: Graduate Degree");
            assertThat(collectToSync(alice)).isEmpty();
            bob.send(MessageType.PRIVATE_MESSAGE.code(), "alice hi");
            assertThat(next(alice)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob hi"));
        }
    }

    @Test
    void versionCheckIsAnswered() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession c = server.connect()) {
            c.send(MessageType.VERSION_CHECK.code(), "2.0");
            assertThat(next(c)).isEqualTo(msg(MessageType.VERSION_CHECK, ""));
            c.send(LOGIN, loginLine("alice", "pw"));
            assertThat(next(c)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            c.expect(TIMEOUT, STATS);
            c.send(MessageType.VERSION_CHECK.code(), "2.0");
            assertThat(next(c)).isEqualTo(msg(MessageType.VERSION_CHECK, ""));
        }
    }

    @Test
    void betaPreLoginIsAcceptedThenLoginWorks() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession c = server.connect()) {
            c.send(MessageType.BETA_PRELOGIN.code(), "1");
            c.send(LOGIN, loginLine("alice", "pw"));
            assertThat(next(c)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            c.expect(TIMEOUT, STATS);
            bob.send(MessageType.PRIVATE_MESSAGE.code(), "alice hello");
            assertThat(next(c)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob hello"));
        }
    }

    @Test
    void commandBeforeLoginIsRefusedAndDisconnected() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession c = server.connect()) {
            c.send(MessageType.PRIVATE_MESSAGE.code(), "bob hello");
            assertThat(untilClosed(c)).containsExactly(msg(MessageType.ERROR, "invalid command 205 before login"));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ replies after login

    @Test
    void loginRepliesAreAckThenMotdThenStats() throws Exception {
        Files.writeString(dir.resolve("motd"), "Be nice.\nNo spam, please.\n", StandardCharsets.ISO_8859_1);
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession c = server.connect()) {
            c.send(LOGIN, loginLine("alice", "pw"));
            List<Message> got = c.collectUntil(TIMEOUT, STATS);
            assertThat(got.get(0)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            List<Message> motd = got.subList(1, got.size() - 1);
            assertThat(motd).allSatisfy(m -> assertThat(m.type()).isEqualTo(MOTD));
            assertThat(motd).hasSizeGreaterThanOrEqualTo(3);
            assertThat(motd.get(0).data()).startsWith("VERSION ");
            assertThat(motd.get(1).data()).isEqualTo("SERVER test.opennapj");
            assertThat(motd).extracting(Message::data).containsSubsequence("Be nice.", "No spam, please.");
            assertThat(motd.get(motd.size() - 2).data()).isEqualTo("Be nice.");
            assertThat(motd.get(motd.size() - 1).data()).isEqualTo("No spam, please.");
            assertThat(got.get(got.size() - 1)).isEqualTo(msg(MessageType.STATS, "2 0 0"));
            // a plain user gets no level notice
            assertThat(collectToSync(c)).isEmpty();

            // 621 on request sends the same lines again
            c.send(MOTD, "");
            c.send(MessageType.SERVER_PING.code(), "");
            List<Message> again = c.collectUntil(TIMEOUT, MessageType.SERVER_PING.code());
            assertThat(again.subList(0, again.size() - 1)).extracting(Message::data)
                    .containsExactlyElementsOf(motd.stream().map(Message::data).toList());
        }
    }

    @Test
    void eliteGetsALevelNoticeAfterTheStatsAndAPlainUserDoesNot() throws Exception {
        TestServer.createAccount(dir, "boss", "topsecret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession plain = server.connect();
             ServerSession elite = server.connect()) {
            plain.send(LOGIN, loginLine("alice", "pw"));
            List<Message> p = plain.collectUntil(TIMEOUT, STATS);
            assertThat(p).extracting(Message::type).doesNotContain(NOTICE);
            assertThat(collectToSync(plain)).isEmpty();

            elite.send(LOGIN, loginLine("boss", "topsecret"));
            List<Message> e = elite.collectUntil(TIMEOUT, STATS);
            assertThat(e.get(0)).isEqualTo(msg(MessageType.LOGIN_ACK, "boss@example.com"));
            assertThat(e).extracting(Message::type).doesNotContain(NOTICE);
            List<Message> after = collectToSync(elite);
            assertThat(after).hasSize(1);
            assertThat(after.get(0).type()).isEqualTo(NOTICE);
            assertThat(after.get(0).data()).contains("Elite");
        }
    }

    // ------------------------------------------------------------------ configuration switches

    @Test
    void registeredOnlyRefusesUnregisteredNicks() throws Exception {
        TestServer.createAccount(dir, "carol", "secret", "carol@example.com", Level.USER);
        try (TestServer server = TestServer.start(dir, "registered_only", "on");
             ServerSession carol = server.login("carol", "secret", 6699, 3);
             ServerSession c = server.connect()) {
            c.send(LOGIN, loginLine("dave", "pw"));
            assertThat(untilClosed(c)).containsExactly(
                    msg(MessageType.ERROR, "this is a restricted server: only registered nicks may log in"));
            assertThat(collectToSync(carol)).isEmpty();
        }
    }

    @Test
    void autoRegisterRegistersOnFirstLogin() throws Exception {
        try (TestServer server = TestServer.start(dir, "auto_register", "on");
             ServerSession bob = server.login("bob")) {
            ServerSession alice = server.login("alice", "first", 6699, 3);
            TestServer.logout(alice, "alice", bob);
            try (ServerSession check = server.connect()) {
                check.send(NICK_CHECK, "alice");
                assertThat(next(check)).isEqualTo(msg(MessageType.NICK_ALREADY_REGISTERED, ""));
                check.send(LOGIN, loginLine("alice", "second"));
                assertThat(untilClosed(check)).containsExactly(msg(MessageType.ERROR, "Invalid Password"));
            }
            try (ServerSession again = server.connect()) {
                again.send(LOGIN, loginLine("alice", "first"));
                assertThat(next(again)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            }
        }
    }

    @Test
    void restrictRegistrationRefusesNewUserLogin() throws Exception {
        try (TestServer server = TestServer.start(dir, "restrict_registration", "on");
             ServerSession bob = server.login("bob");
             ServerSession c = server.connect();
             ServerSession check = server.connect()) {
            c.send(NEW_USER_LOGIN, "alice pw 6699 \"nap v1.0\" 3 alice@example.com");
            assertThat(untilClosed(c)).containsExactly(
                    msg(MessageType.ERROR, "Automatic registration is disabled, contact server admin"));
            check.send(NICK_CHECK, "alice");
            assertThat(next(check)).isEqualTo(msg(MessageType.NICK_NOT_REGISTERED, ""));
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    @Test
    void maxConnectionsRefusesTheLoginOverTheLimit() throws Exception {
        TestServer.createAccount(dir, "boss", "topsecret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir, "max_connections", "1");
             ServerSession alice = server.login("alice");
             ServerSession bob = server.connect()) {
            bob.send(LOGIN, loginLine("bob", "pw"));
            assertThat(untilClosed(bob)).containsExactly(msg(MessageType.ERROR, "This server is full (1 connections)"));
            assertThat(collectToSync(alice)).isEmpty();
            // moderators and above may always log in
            try (ServerSession boss = server.login("boss", "topsecret", 6699, 3)) {
                assertThat(next(boss).data()).contains("Elite");   // the level notice
                assertThat(whois(boss, "alice").get(0)).isEqualTo("alice");
            }
        }
    }

    @Test
    void defaultLevelAppliesToNewAccountsAndGuests() throws Exception {
        try (TestServer server = TestServer.start(dir, "default_level", "Leech");
             ServerSession alice = server.login("alice");
             ServerSession bob = server.register("bob", "pw", "bob@example.com")) {
            assertThat(whois(alice, "bob").get(1)).isEqualTo("Leech");
            assertThat(whois(bob, "alice").get(1)).isEqualTo("Leech");
            TestServer.logout(bob, "bob", alice);
            // the stored account carries the level too
            alice.send(WHOIS, "bob");
            Message w = next(alice);
            assertThat(w.type()).isEqualTo(MessageType.WHOWAS.code());
            assertThat(Fields.split(w.data()).subList(0, 2)).containsExactly("bob", "Leech");
        }
    }

    // ------------------------------------------------------------------ 700-703

    @Test
    void accountChangesShowInWhoisAndThePasswordPersists() throws Exception {
        TestServer.createAccount(dir, "boss", "topsecret", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = server.login("boss", "topsecret", 6699, 3);
             ServerSession bob = server.login("bob")) {
            collectToSync(boss);   // the level notice
            ServerSession alice = server.register("alice", "first", "alice@old.example");
            List<String> before = whois(boss, "alice");
            assertThat(before).hasSize(16);
            assertThat(before.get(8)).isEqualTo("3");
            assertThat(before.get(14)).isEqualTo("6699");
            assertThat(before.get(15)).isEqualTo("alice@old.example");

            alice.send(MessageType.CHANGE_LINK_SPEED.code(), "7");
            alice.send(MessageType.CHANGE_DATA_PORT.code(), "7777");
            alice.send(MessageType.CHANGE_EMAIL.code(), "alice@new.example");
            assertThat(collectToSync(alice)).isEmpty();

            List<String> after = whois(boss, "alice");
            assertThat(after.get(8)).isEqualTo("7");
            assertThat(after.get(12)).isEqualTo("127.0.0.1");
            assertThat(after.get(14)).isEqualTo("7777");
            assertThat(after.get(15)).isEqualTo("alice@new.example");
            // a plain user sees the link speed, but not the moderator fields
            List<String> plain = whois(bob, "alice");
            assertThat(plain).hasSize(10);
            assertThat(plain.get(8)).isEqualTo("7");

            alice.send(MessageType.CHANGE_LINK_SPEED.code(), "11");
            Message bad = next(alice);
            assertThat(bad.type()).isEqualTo(NOTICE);
            assertThat(bad.data()).contains("11 is out of range 0..10");
            assertThat(whois(boss, "alice").get(8)).isEqualTo("7");

            alice.send(MessageType.CHANGE_PASSWORD.code(), "second");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "Your password was changed"));
            TestServer.logout(alice, "alice", bob);

            try (ServerSession old = server.connect()) {
                old.send(LOGIN, loginLine("alice", "first"));
                assertThat(untilClosed(old)).containsExactly(msg(MessageType.ERROR, "Invalid Password"));
            }
            try (ServerSession again = server.connect()) {
                again.send(LOGIN, loginLine("alice", "second"));
                assertThat(next(again)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@new.example"));
            }
        }
        // the new password and email are on disk: a restarted server knows them
        try (TestServer server = TestServer.start(dir);
             ServerSession old = server.connect();
             ServerSession again = server.connect()) {
            old.send(LOGIN, loginLine("alice", "first"));
            assertThat(untilClosed(old)).containsExactly(msg(MessageType.ERROR, "Invalid Password"));
            again.send(LOGIN, loginLine("alice", "second"));
            assertThat(next(again)).isEqualTo(msg(MessageType.LOGIN_ACK, "alice@new.example"));
        }
    }

    @Test
    void extraLoginFieldsAreIgnored() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession teknap = server.connect();
             ServerSession winmx = server.connect()) {
            teknap.send(LOGIN, "tek pw 6699 \"TekNap-1.3g\" 4 5201 0");
            assertThat(next(teknap)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            teknap.expect(TIMEOUT, STATS);
            winmx.send(NEW_USER_LOGIN, "mx pw 6699 \"WinMX v3.31\" 8 mx@example.com extra fields");
            assertThat(next(winmx)).isEqualTo(msg(MessageType.LOGIN_ACK, "mx@example.com"));
            winmx.expect(TIMEOUT, STATS);
            List<String> w = whois(winmx, "tek");
            assertThat(w.get(8)).isEqualTo("4");
            assertThat(w.get(9)).isEqualTo("TekNap-1.3g");
        }
    }

    @Test
    void changePasswordOfAnUnregisteredNickIsAnError() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice")) {
            alice.send(MessageType.CHANGE_PASSWORD.code(), "newpass");
            assertThat(next(alice)).isEqualTo(msg(MessageType.NOTICE, "change password: your nick is not registered"));
        }
    }

    // ------------------------------------------------------------------ big-endian framing

    @Test
    void bigEndianClientIsAnsweredBigEndian() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession bob = server.login("bob");
             ServerSession beta = server.connect()) {
            beta.order(ByteOrder.BIG_ENDIAN);
            beta.send(MessageType.BETA_PRELOGIN.code(), "1");
            beta.send(LOGIN, loginLine("beta", "pw"));
            assertThat(next(beta)).isEqualTo(msg(MessageType.LOGIN_ACK, ANON));
            List<Message> rest = beta.collectUntil(TIMEOUT, STATS);
            assertThat(rest.get(rest.size() - 1)).isEqualTo(msg(MessageType.STATS, "2 0 0"));

            // traffic between a little-endian and a big-endian client
            bob.send(MessageType.PRIVATE_MESSAGE.code(), "beta hello there");
            assertThat(next(beta)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "bob hello there"));
            beta.send(MessageType.PRIVATE_MESSAGE.code(), "bob hi back");
            assertThat(next(bob)).isEqualTo(msg(MessageType.PRIVATE_MESSAGE, "beta hi back"));
        }
    }

    @Test
    void nickCheckIgnoresExtraFieldsAndEmailChangesAreChecked() throws Exception {
        try (TestServer server = TestServer.start(dir); ServerSession c = server.connect()) {
            c.send(NICK_CHECK, "freshnick extra fields");
            assertThat(next(c)).isEqualTo(msg(MessageType.NICK_NOT_REGISTERED, ""));
            c.send(NICK_CHECK, "");
            assertThat(next(c)).isEqualTo(msg(MessageType.INVALID_NICK, ""));
            try (ServerSession u = server.login("mailer")) {
                u.send(MessageType.CHANGE_EMAIL.code(), "x".repeat(300) + "@example.com");
                assertThat(u.expect(TIMEOUT, MessageType.NOTICE.code()).data()).contains("at most 254 characters");
                u.send(MessageType.CHANGE_EMAIL.code(), "a\u0001b@example.com");
                assertThat(u.expect(TIMEOUT, MessageType.NOTICE.code()).data()).contains("control characters");
            }
        }
    }
}
