package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/**
 * Password work under load: one check in flight per connection, checks of other users not
 * queued behind a flood, logins waiting in order without being timed out, logged-in users served
 * meanwhile; and the verified-password memory (a changed password, a wrong one after a right one)
 * and hash upgrades.
 */
class PasswordChecksTest {

    private static final int ERROR = MessageType.ERROR.code();
    private static final int LOGIN = MessageType.LOGIN.code();
    private static final int LOGIN_ACK = MessageType.LOGIN_ACK.code();
    private static final int STATS = MessageType.STATS.code();
    private static final int PASSWORD_CHECK = MessageType.PASSWORD_CHECK.code();
    private static final int PASSWORD_CHECK_OK = MessageType.PASSWORD_CHECK_OK.code();
    private static final String BUSY = "check password failed: your previous password request is still being processed";
    /**
     * A stored hash so slow (hundreds of ms on a current core) that a queue of them outlasts the
     * tests' reply timeout many times over: a reply that arrives at all was not queued behind them.
     */
    private static final int SLOW_ITERATIONS = 2_000_000;
    private static String slowHash;

    @TempDir
    Path dir;

    @BeforeAll
    static void slowHash() {
        slowHash = PasswordHash.create("slowpass", SLOW_ITERATIONS);
    }

    private static String loginLine(String nick, String password) {
        return nick + " " + password + " 6699 \"nap v1.0\" 3";
    }

    private static Message next(ServerSession s) throws Exception {
        Message m = s.next(TIMEOUT);
        assertThat(m).as("a reply within %s", TIMEOUT).isNotNull();
        return m;
    }

    @Test
    void aFloodOfPasswordChecksFromOneConnectionDoesNotDelayAnotherLogin() throws Exception {
        TestServer.createAccounts(dir, slowHash, "v@example.com", Level.USER, "victim");
        TestServer.createAccount(dir, "boss", "bosspass", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession flooder = server.connect();
             ServerSession boss = server.connect()) {
            // 2,000 checks of a slow hash in one write, before any login
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            byte[] one = TestServer.frame(PASSWORD_CHECK, "victim guess");
            for (int i = 0; i < 2000; i++) {
                flood.write(one);
            }
            flooder.sendRaw(flood.toByteArray());
            // the flood is refused check by check, except the first, which is being hashed
            Message m = flooder.await(TIMEOUT, x -> x.data().equals(BUSY), "a refused check");
            assertThat(m.type()).isEqualTo(ERROR);

            boss.send(LOGIN, loginLine("boss", "bosspass"));
            assertThat(next(boss)).isEqualTo(Message.of(MessageType.LOGIN_ACK, "boss@example.com"));

            // the flooder got 1,999 refusals and one real answer (its guess was wrong)
            // (one answer per check: counted, not waited for by a quiet time)
            List<Message> got = new ArrayList<>();
            got.add(m);
            while (got.size() < 2000) {
                Message x = flooder.next(Duration.ofSeconds(30));   // one slow hash, a few seconds at most
                assertThat(x).as("answer %d of 2000", got.size() + 1).isNotNull();
                got.add(x);
            }
            assertThat(got).filteredOn(x -> x.data().equals(BUSY)).hasSize(1999);
            assertThat(got).filteredOn(x -> !x.data().equals(BUSY))
                    .containsExactly(Message.of(MessageType.ERROR, "check password failed: wrong password"));
        }
    }

    @Test
    void aBurstOfPasswordChangesIsTakenOneAtATime() throws Exception {
        // slow hashes: the first change is still being hashed when the last of the burst arrives
        try (TestServer server = TestServer.start(dir, "password_hash_iterations", Integer.toString(SLOW_ITERATIONS));
             ServerSession watcher = server.login("watcher")) {
            ServerSession alice = server.register("alice", "first", "alice@example.com");
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                burst.write(TestServer.frame(MessageType.CHANGE_PASSWORD.code(), "new" + i));
            }
            alice.sendRaw(burst.toByteArray());
            List<Message> got = new ArrayList<>();
            while (got.stream().noneMatch(m -> m.data().equals("Your password was changed"))) {
                got.add(next(alice));
            }
            got.addAll(collectToSync(alice));
            // the first change was made; the others arrived while it was being hashed and were refused
            assertThat(got).filteredOn(m -> m.data().equals("Your password was changed")).hasSize(1);
            assertThat(got).filteredOn(m -> m.data().equals(
                    "change password failed: your previous password request is still being processed")).hasSize(49);
            TestServer.logout(alice, "alice", watcher);
            assertRefused(server, "alice", "first");
            server.login("alice", "new0", 6699, 3).close();
        }
    }

    @Test
    void loginsWaitingForTheirPasswordCheckAreNotTimedOutAndLoggedInUsersAreServedMeanwhile() throws Exception {
        String[] nicks = new String[8];
        for (int i = 0; i < nicks.length; i++) {
            nicks[i] = "slow" + i;
        }
        TestServer.createAccounts(dir, slowHash, "s@example.com", Level.USER, nicks);
        // login_timeout 1 s: the queue of slow checks on one hashing thread takes several seconds
        try (TestServer server = TestServer.start(dir, "login_timeout", "1", "password_hash_threads", "1");
             ServerSession online = server.login("online")) {
            List<ServerSession> storm = new ArrayList<>();
            try {
                for (String nick : nicks) {
                    ServerSession s = server.connect();
                    storm.add(s);
                    s.send(LOGIN, loginLine(nick, "slowpass"));
                }
                // the logged-in user is answered while the logins still wait for their checks
                assertThat(collectToSync(online)).isEmpty();
                ServerSession last = storm.get(storm.size() - 1);
                assertThat(last.next(Duration.ZERO)).as("the last login is still waiting").isNull();
                // and every login gets in, in its turn, though each waited longer than login_timeout
                for (ServerSession s : storm) {
                    Message ack = s.next(Duration.ofSeconds(60));
                    assertThat(ack).as("a login ack").isNotNull();
                    assertThat(ack.type()).as("reply %s", ack).isEqualTo(LOGIN_ACK);
                }
            } finally {
                storm.forEach(ServerSession::close);
            }
        }
    }

    @Test
    void addressesTakeTurnsForPasswordChecks() throws Exception {
        String[] crowd = {"crowd0", "crowd1", "crowd2", "crowd3", "crowd4", "crowd5"};
        TestServer.createAccounts(dir, slowHash, "c@example.com", Level.USER, crowd);
        TestServer.createAccounts(dir, slowHash, "l@example.com", Level.USER, "loner");
        // one hashing thread, so the order in which checks are taken shows
        try (TestServer server = TestServer.start(dir, "password_hash_threads", "1");
             ServerSession watcher = server.login("watcher")) {
            List<Socket> sockets = new ArrayList<>();
            try {
                // six logins from 127.0.0.1, then one from 127.0.0.2 (both loopback)
                for (String nick : crowd) {
                    sockets.add(rawLogin(server, "127.0.0.1", nick));
                }
                TestServer.sync(watcher);   // all six are queued before the seventh arrives
                sockets.add(rawLogin(server, "127.0.0.2", "loner"));
                // the watcher sees each user arrive (hotlist 209) in the order the checks were made
                for (String nick : crowd) {
                    watcher.send(MessageType.HOTLIST_ADD.code(), nick);
                }
                watcher.send(MessageType.HOTLIST_ADD.code(), "loner");
                List<String> arrivals = new ArrayList<>();
                while (arrivals.size() < crowd.length + 1) {
                    Message m = watcher.next(Duration.ofSeconds(60));
                    assertThat(m).as("arrivals so far: %s", arrivals).isNotNull();
                    if (m.type() == MessageType.USER_SIGNON.code()) {
                        arrivals.add(m.data().split(" ")[0]);
                    }
                }
                // the loner's address got its turn right after the crowd's first two, not after all six
                assertThat(arrivals.indexOf("loner")).as("arrival order %s", arrivals).isLessThanOrEqualTo(3);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    /** A login over a plain socket bound to a loopback source address; nothing is read. */
    private static Socket rawLogin(TestServer server, String from, String nick) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT.toMillis());
        s.getOutputStream().write(TestServer.frame(LOGIN, loginLine(nick, "slowpass")));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void aChangedPasswordIsNoLongerAcceptedAndAWrongOneNeverIs() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession watcher = server.login("watcher")) {
            ServerSession alice = server.register("alice", "first", "alice@example.com");
            TestServer.logout(alice, "alice", watcher);
            // right, then wrong at once: the remembered check does not let the wrong one in
            alice = server.login("alice", "first", 6699, 3);
            TestServer.logout(alice, "alice", watcher);
            assertRefused(server, "alice", "First");
            // 11 likewise
            try (ServerSession c = server.connect()) {
                c.send(PASSWORD_CHECK, "alice first");
                assertThat(next(c).type()).isEqualTo(PASSWORD_CHECK_OK);
                c.send(PASSWORD_CHECK, "alice firs");
                assertThat(next(c)).isEqualTo(Message.of(MessageType.ERROR, "check password failed: wrong password"));
            }

            alice = server.login("alice", "first", 6699, 3);
            alice.send(MessageType.CHANGE_PASSWORD.code(), "second");
            assertThat(next(alice)).isEqualTo(Message.of(MessageType.NOTICE, "Your password was changed"));
            TestServer.logout(alice, "alice", watcher);
            assertRefused(server, "alice", "first");
            alice = server.login("alice", "second", 6699, 3);
            TestServer.logout(alice, "alice", watcher);
            assertRefused(server, "alice", "first");
        }
    }

    private static void assertRefused(TestServer server, String nick, String password) throws Exception {
        try (ServerSession s = server.connect()) {
            s.send(LOGIN, loginLine(nick, password));
            assertThat(next(s)).isEqualTo(Message.of(MessageType.ERROR, "Invalid Password"));
            assertThat(s.closedByServer(TIMEOUT)).isTrue();
        }
    }

    @Test
    void aStoredHashMovesToTheCurrentSettingAtTheNextLogin() throws Exception {
        TestServer.createAccounts(dir, PasswordHash.create("pw", 1000), "a@example.com", Level.USER, "alice");
        try (TestServer server = TestServer.start(dir, "password_hash_iterations", "1500")) {
            ServerSession alice = server.login("alice", "pw", 6699, 3);
            collectToSync(alice);
            alice.close();
        }
        Account stored = TestServer.storedAccounts(dir).get(0);
        assertThat(stored.passwordHash()).startsWith("pbkdf2-sha256$1500$");
        assertThat(PasswordHash.verify("pw", stored.passwordHash())).isTrue();
        // and the new hash lets the user in after a restart (nothing remembered from before)
        try (TestServer server = TestServer.start(dir, "password_hash_iterations", "1500")) {
            server.login("alice", "pw", 6699, 3).close();
            assertRefused(server, "alice", "pw2");
        }
        assertThat(TestServer.storedAccounts(dir).get(0).passwordHash()).isEqualTo(stored.passwordHash());
    }
}
