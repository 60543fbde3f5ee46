package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.untilClosed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/** 612 ban, 614 unban, 615 ban list: glob patterns on nicks and addresses, timeouts, logins refused. */
class BanTest {

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    /** The 616 entries of a ban list (operator notices arriving meanwhile are skipped). */
    static List<String> banList(ServerSession s) throws Exception {
        s.send(MessageType.BAN_LIST.code(), "");
        List<Message> got = s.collectUntil(TIMEOUT, MessageType.BAN_LIST.code());
        assertThat(got.get(got.size() - 1).data()).isEmpty();
        return got.subList(0, got.size() - 1).stream().filter(m -> m.type() != MessageType.NOTICE.code()).map(m -> {
            assertThat(m.type()).isEqualTo(MessageType.BAN_ENTRY.code());
            return m.data();
        }).toList();
    }

    /** The login error (0) a nick gets, or null when it is let in. */
    private static String loginRefusal(TestServer server, String nick) throws Exception {
        try (ServerSession s = server.login(nick)) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void nickAndAddressPatternsRefuseLoginsUntilUnbanned() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.BAN.code(), "bad* \"spam bots\"");
            awaitNotice(boss, "mod banned bad*!*: spam bots");
            assertThat(loginRefusal(server, "badguy")).contains("You are banned from this server: bad*!* banned: spam bots");
            assertThat(loginRefusal(server, "goodguy")).isNull();

            // a ban does not disconnect who is online (as opennap-ng): bob stays
            mod.send(MessageType.BAN.code(), "bob");
            awaitNotice(boss, "mod banned bob!*: ");
            TestServer.sync(bob);

            // an address range with a timeout; moderators are not refused
            mod.send(MessageType.BAN.code(), "127.0.0. \"the whole block\" 3600");
            awaitNotice(boss, "mod banned *!127.0.0.* for 3600 seconds: the whole block");
            assertThat(loginRefusal(server, "carol")).contains("*!127.0.0.* banned: the whole block");
            try (ServerSession mod2 = Staff.login(server, "mod2")) {
                TestServer.sync(mod2);
            }
            List<String> list = banList(mod);
            assertThat(list).hasSize(3);
            assertThat(list.get(0)).startsWith("bad*!* mod \"spam bots\" ").endsWith(" 0");
            assertThat(list.get(1)).startsWith("bob!* mod \"\" ");
            assertThat(list.get(2)).startsWith("*!127.0.0.* mod \"the whole block\" ").endsWith(" 3600");

            mod.send(MessageType.UNBAN.code(), "127.0.0. \"lifted\"");
            awaitNotice(boss, "mod removed ban on *!127.0.0.*: lifted");
            assertThat(loginRefusal(server, "carol")).isNull();
            mod.send(MessageType.UNBAN.code(), "BAD*!*");
            awaitNotice(boss, "mod removed ban on bad*!*: ");
            assertThat(loginRefusal(server, "badguy")).isNull();
            assertThat(banList(boss)).hasSize(1);
        }
    }

    @Test
    void badBansAndUnbansAreRefusedAndChangeNothing() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.BAN.code(), "evil \"first\"");
            awaitNotice(boss, "mod banned evil!*: first");
            awaitNotice(mod, "mod banned evil!*: first");
            List<String> before = banList(boss);

            mod.send(MessageType.BAN.code(), "EVIL!* \"again\"");
            mod.send(MessageType.BAN.code(), "a!b!c");
            mod.send(MessageType.BAN.code(), "nick!host.name");
            mod.send(MessageType.UNBAN.code(), "nobody");
            assertThat(notices(mod)).containsExactly(
                    "ban failed: EVIL!* is already banned",
                    "ban failed: a ban has one ! between the nick and the address",
                    "ban failed: the address of a ban may only contain digits, dots, * and ?",
                    "unban failed: there is no ban on nobody");
            mod.send(MessageType.BAN.code(), "other \"x\" -5");
            assertThat(notices(mod)).singleElement().asString().startsWith("ban user (612): ");
            bob.send(MessageType.BAN.code(), "other");
            bob.send(MessageType.UNBAN.code(), "evil");
            bob.send(MessageType.BAN_LIST.code(), "");
            assertThat(notices(bob)).containsExactly(
                    "permission denied: ban user (612) needs a Moderator or higher",
                    "permission denied: unban user (614) needs a Moderator or higher",
                    "permission denied: show bans for server (615) needs a Moderator or higher");
            // notices first: the ban list skips any notice that arrives with it
            assertThat(notices(boss)).isEmpty();
            assertThat(banList(boss)).isEqualTo(before);
            assertThat(loginRefusal(server, "other")).isNull();
            assertThat(loginRefusal(server, "evil")).contains("evil!* banned: first");
        }
    }

    @Test
    void aBanWithATimeoutExpiresAndTheModeratorsAreTold() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod")) {
            mod.send(MessageType.BAN.code(), "brief \"a second\" 1");
            awaitNotice(boss, "mod banned brief!* for 1 seconds: a second");
            // removed by the once-a-second sweep within a couple of seconds (bounded by TIMEOUT)
            awaitNotice(boss, "test.opennapj removed ban on brief!*: expired after 1 seconds");
            assertThat(banList(mod)).isEmpty();
            assertThat(loginRefusal(server, "brief")).isNull();
        }
    }

    @Test
    void aBannedConnectionIsReportedToModerators() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod")) {
            mod.send(MessageType.BAN.code(), "troll \"no\"");
            awaitNotice(boss, "mod banned troll!*: no");
            ServerSession c = server.connect();
            c.send(MessageType.LOGIN.code(), "troll pw 0 \"nap v1.0\" 3");
            assertThat(untilClosed(c)).containsExactly(
                    Message.of(MessageType.ERROR, "You are banned from this server: troll!* banned: no"));
            awaitNotice(boss, "Connection from troll!127.0.0.1: troll!* banned: no");
        }
    }
}
