package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.it.MalformedPeerInputTest.FakePeer;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;

/**
 * Registered accounts across linked servers: between OpenNapJ servers every account crosses as
 * 10014 with its stored hash (at link time and on each change), the older registration wins, and
 * nukes cross; from an opennap-ng peer (a hand-made one here) its 10014 in salted-MD5 form and its
 * plain-password 10200 are taken, its users' logins under nicks registered here are checked, and
 * nothing of our accounts is sent to it.
 */
class AccountLinkTest {

    private static final int WHOIS = MessageType.WHOIS.code();

    @TempDir
    Path dir;

    private Path dataDir(String name) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Staff.register(d);
        return d;
    }

    private static void store(Path dataDir, String nick, String password, Level level, long created) throws Exception {
        try (SqliteAccountStore s = new SqliteAccountStore(dataDir)) {
            s.insert(new Account(nick, PasswordHash.create(password, 1000), nick + "@example.com", level, created, created));
        }
    }

    /** Asks whois until {@code nick} is known as registered and offline (a 605 whowas from its account) with this level. */
    private static void awaitAccount(ServerSession s, String nick, String level) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            s.send(WHOIS, nick);
            Message m = s.await(TIMEOUT, x -> x.type() == MessageType.WHOWAS.code() || x.type() == MessageType.WHOIS_RESPONSE.code()
                    || x.type() == MessageType.NOTICE.code() && x.data().contains(nick), "whois " + nick);
            if (m.type() == MessageType.WHOWAS.code() && m.data().startsWith(nick + " " + level + " ")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("account of " + nick + " never became " + level + "; last " + m);
            }
            Thread.sleep(20);
        }
    }

    /** Logs in until the password is accepted (it may not have arrived yet), within TIMEOUT. */
    private static ServerSession awaitLogin(TestServer server, String nick, String password) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return server.login(nick, password, 0, 0);
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(nick + " never got in with its password: " + refused.getMessage());
                }
                Thread.sleep(20);
            }
        }
    }

    private static void refused(TestServer server, String nick, String password) {
        assertThatThrownBy(() -> server.login(nick, password, 0, 0).close())
                .isInstanceOf(IOException.class).hasMessageContaining("refused");
    }

    @Test
    void accountsCrossAtLinkTimeAndWhenTheyChangeAndNukesCross() throws Exception {
        Path da = dataDir("a.test");
        Path db = dataDir("b.test");
        store(db, "dave", "davepw", Level.MODERATOR, 1_600_000_000L);
        try (TestServer a = TestServer.start(da, "server_name", "a.test");
             TestServer b = TestServer.start(db, "server_name", "b.test")) {
            LinkTest.pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss"); ServerSession adm = Staff.login(b, "adm")) {
                LinkTest.link(boss, "b.test");
                // b's account reached a when they linked, with its level
                awaitAccount(boss, "dave", "Moderator");
                refused(a, "dave", "wrong");
                a.login("dave", "davepw", 0, 0).close();

                // registered on a while linked: b knows it as soon as it sees carol's login
                ServerSession carol = a.register("carol", "carolpw", "carol@example.com");
                LinkTest.awaitWhois(adm, "carol", true);
                TestServer.logout(carol, "carol", boss);
                LinkTest.awaitWhois(adm, "carol", false);
                refused(b, "carol", "wrong");
                try (ServerSession onB = b.login("carol", "carolpw", 0, 0)) {
                    // carol changes her password on b: a takes the new one, the old one no longer works
                    onB.send(MessageType.CHANGE_PASSWORD.code(), "newpw");
                    // the change is durable (and on its way to a) when b says so
                    Staff.awaitNotice(onB, "Your password was changed");
                }
                LinkTest.awaitWhois(boss, "carol", false);
                awaitLogin(a, "carol", "newpw").close();
                refused(a, "carol", "carolpw");

                // a nuke on a removes the account on b too: any password gets in there
                boss.send(MessageType.NUKE.code(), "dave \"test\"");
                awaitLogin(b, "dave", "anything").close();
            }
        }
    }

    @Test
    void theOlderOfTwoRegistrationsOfANickWinsOnBothServers() throws Exception {
        Path da = dataDir("a.test");
        Path db = dataDir("b.test");
        store(da, "erin", "older", Level.USER, 1_500_000_000L);
        store(db, "erin", "newer", Level.MODERATOR, 1_700_000_000L);
        // an Admin's account is never replaced from the network, not even by an older registration
        store(da, "frank", "older", Level.USER, 1_500_000_000L);
        store(db, "frank", "newer", Level.ADMIN, 1_700_000_000L);
        try (TestServer a = TestServer.start(da, "server_name", "a.test");
             TestServer b = TestServer.start(db, "server_name", "b.test")) {
            LinkTest.pair(a, "a.test", b, "b.test");
            try (ServerSession boss = Staff.login(a, "boss"); ServerSession adm = Staff.login(b, "adm")) {
                LinkTest.link(boss, "b.test");
                awaitAccount(adm, "erin", "User");
                b.login("erin", "older", 0, 0).close();
                refused(b, "erin", "newer");
                refused(a, "erin", "newer");
                LinkTest.awaitWhois(boss, "erin", false);
                a.login("erin", "older", 0, 0).close();
                b.login("frank", "newer", 0, 0).close();
                refused(b, "frank", "older");
            }
        }
    }

    @Test
    void aPeerGetsOurAccountsOncePerLinkHoweverOftenItAnnouncesItsFeatures() throws Exception {
        Staff.register(dir);
        try (TestServer a = TestServer.start(dir, "server_name", "a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss"); FakePeer fake = new FakePeer(a.port())) {
                fake.handshake();
                Staff.awaitNotice(boss, "Server fake.test has joined");
                for (int i = 0; i < 3; i++) {
                    fake.send(org.opennapj.server.core.Network.PEER_FEATURES, ":fake.test accounts");
                }
                // a ping of a.test after them: its pong comes after whatever they caused
                fake.send(MessageType.SERVER_PING.code(), ":fake.test a.test end");
                List<Message> seen = new ArrayList<>();
                Message m;
                do {
                    m = fake.readInflated();
                    seen.add(m);
                } while (!(m.type() == MessageType.SERVER_PONG.code() && m.data().endsWith(" end")) && seen.size() < 10_000);
                assertThat(seen).filteredOn(x -> x.type() == MessageType.REGISTRATION_INFO.code()
                        && x.data().startsWith(":a.test boss ")).hasSize(1);
            }
        }
    }

    /** opennap-ng's stored form of a password: {@code 1,<salt>,<base64 MD5(salt password)>} without padding. */
    private static String opennapNgForm(String salt, String password) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((salt + password).getBytes(StandardCharsets.ISO_8859_1));
        return "1," + salt + "," + Base64.getEncoder().withoutPadding().encodeToString(md5);
    }

    @Test
    void anOpennapNgPeersAccountsAreTakenItsLoginsCheckedAndOursNeverSentToIt() throws Exception {
        Staff.register(dir);
        try (TestServer a = TestServer.start(dir, "server_name", "a.test", "password_hash_threads", "1")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss"); FakePeer fake = new FakePeer(a.port())) {
                fake.handshake();
                Staff.awaitNotice(boss, "Server fake.test has joined");
                long now = System.currentTimeMillis() / 1000;

                // its users' logins under nicks registered here: a wrong password is killed, a right one stays
                fake.send(2, "reg pw 6699 \"fake client\" 3 unknown " + now + " 16777343 fake.test 6699");
                fake.send(2, "reg2 wrong 6699 \"fake client\" 3 unknown " + now + " 16777343 fake.test 6699");
                List<Message> seen = new ArrayList<>();
                Message kill;
                do {
                    kill = fake.readInflated();
                    seen.add(kill);
                } while (!(kill.type() == MessageType.KILL.code() && kill.data().contains(" reg2 ")) && seen.size() < 1000);
                assertThat(kill.data()).isEqualTo(":a.test reg2 \"Invalid Password\"");
                // the burst announced OpenNapJ's features to it (an opennap-ng server ignores them)
                assertThat(seen).anyMatch(m -> m.type() == org.opennapj.server.core.Network.PEER_FEATURES
                        && m.data().equals(":a.test accounts"));
                // one hashing thread checks in order: reg's check was done before reg2's, and did not kill
                assertThat(seen).noneMatch(m -> m.type() == MessageType.KILL.code() && m.data().contains(" reg "));
                assertThat(LinkTest.awaitWhois(boss, "reg", true)).contains("\"fake client\"");
                LinkTest.awaitWhois(boss, "reg2", false);

                // its 10014 (opennap-ng's salted MD5) and its 10200 (the password in clear) make accounts here
                fake.send(MessageType.REGISTRATION_INFO.code(), ":fake.test ngnick " + opennapNgForm("abcdEFGH", "ngpass")
                        + " ng@example.com Moderator 1000 2000");
                fake.send(MessageType.REGISTER_USER.code(), ":fake.test newreg secretpw new@example.com User");
                awaitAccount(boss, "ngnick", "Moderator");
                awaitAccount(boss, "newreg", "User");
                refused(a, "ngnick", "wrong");
                refused(a, "newreg", "wrong");
                a.login("newreg", "secretpw", 0, 0).close();
                // what the network may not do here: a nuke or a registration from a sender that is
                // neither a server nor a user of the network allowed to, an Elite or Admin level
                fake.send(MessageType.NUKE.code(), ":nobody reg2");
                // nor change the password or email of an account whose user is not online there
                fake.send(MessageType.CHANGE_PASSWORD.code(), ":reg2 hijacked");
                fake.send(MessageType.CHANGE_EMAIL.code(), ":reg2 evil@example.com");
                fake.send(MessageType.REGISTER_USER.code(), ":nobody unauth secretpw u@example.com User");
                fake.send(MessageType.REGISTRATION_INFO.code(), ":fake.test adm " + opennapNgForm("abcdEFGH", "taken")
                        + " x@example.com Admin 10 20");
                fake.send(MessageType.REGISTRATION_INFO.code(), ":fake.test elitenick " + opennapNgForm("abcdEFGH", "elitepw")
                        + " e@example.com Elite 1000 2000");
                awaitAccount(boss, "elitenick", "Moderator");
                refused(a, "reg2", "anything");
                refused(a, "reg2", "hijacked");
                a.login("unauth", "anything", 0, 0).close();
                refused(a, "adm", "taken");
                Staff.login(a, "adm").close();

                // a newer 10014 for an account of ours changes nothing
                fake.send(MessageType.REGISTRATION_INFO.code(), ":fake.test reg " + opennapNgForm("abcdEFGH", "other")
                        + " x@example.com Elite " + (now + 100) + " " + now);

                // a registration here: the peer gets the login (without a password), never the account
                ServerSession newbie = a.register("newbie", "newbiepw", "newbie@example.com");
                List<Message> before = new ArrayList<>();
                Message login;
                do {
                    login = fake.readInflated();
                    before.add(login);
                } while (!(login.type() == MessageType.LOGIN.code() && login.data().startsWith("newbie ")) && before.size() < 1000);
                assertThat(login.data()).startsWith("newbie * ");
                assertThat(before).noneMatch(m -> m.type() == MessageType.REGISTRATION_INFO.code());
                newbie.close();

                // opennap-ng's form logs in and is replaced by our own hash at that login
                a.login("ngnick", "ngpass", 0, 0).close();
            }
        }
        List<Account> stored = TestServer.storedAccounts(dir);
        assertThat(stored).filteredOn(x -> x.nick().equals("ngnick")).singleElement()
                .satisfies(x -> assertThat(x.passwordHash()).startsWith("pbkdf2-sha256$"));
        assertThat(stored).filteredOn(x -> x.nick().equals("reg")).singleElement()
                .satisfies(x -> assertThat(x.level()).isEqualTo(Level.USER));
        assertThat(stored).noneMatch(x -> x.passwordHash().contains("secretpw") || x.passwordHash().startsWith("1,"));
    }
}
