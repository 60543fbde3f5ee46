package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.Staff.whoisLevel;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;
import static org.opennapj.server.it.TestServer.untilClosed;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/** 606 level, 610 kill, 10122 mass kill, 622/623 muzzle, 625 link speed, 821 redirect, 822 cycle. */
class UserAdministrationTest {

    private static final int NOTICE = MessageType.NOTICE.code();

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    private static Message msg(MessageType t, String data) {
        return Message.of(t, data);
    }

    // ------------------------------------------------------------------ dispatch

    @Test
    void aPlainUserIsRefusedEveryPrivilegedNumericAndNothingRuns() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            bob.send(MessageType.KILL.code(), "carol \"go away\"");
            bob.send(MessageType.CHANGE_LEVEL.code(), "carol Leech");
            bob.send(MessageType.MUZZLE.code(), "carol");
            bob.send(MessageType.KILL_SERVER.code(), "test.opennapj");
            assertThat(collectToSync(bob)).containsExactly(
                    msg(MessageType.NOTICE, "permission denied: kill (disconnect) a user (610) needs a Moderator or higher"),
                    msg(MessageType.NOTICE, "permission denied: change user level (606) needs a Moderator or higher"),
                    msg(MessageType.NOTICE, "permission denied: muzzle a user (622) needs a Moderator or higher"),
                    msg(MessageType.NOTICE, "permission denied: kill server (10110) needs an Elite"));
            // nothing happened: carol is online, a User, may talk; the moderators were told nothing
            assertThat(whoisLevel(boss, "carol")).isEqualTo("User");
            carol.send(MessageType.PRIVATE_MESSAGE.code(), "bob still here");
            assertThat(bob.expect(TIMEOUT, MessageType.PRIVATE_MESSAGE.code()).data()).isEqualTo("carol still here");
            assertThat(notices(boss)).isEmpty();
            assertThat(notices(carol)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 606

    @Test
    void changeLevelFollowsTheRankingAndTellsTheUserAndTheModerators() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession reg = Staff.login(server, "reg");
             ServerSession plain = server.login("plain")) {
            // an Elite promotes a User
            boss.send(MessageType.CHANGE_LEVEL.code(), "reg Moderator");
            awaitNotice(reg, "boss changed your user level to Moderator (2)");
            awaitNotice(reg, "boss changed reg's user level to Moderator (2)");   // now one of the moderators
            awaitNotice(mod2, "boss changed reg's user level to Moderator (2)");
            awaitNotice(mod, "boss changed reg's user level to Moderator (2)");
            assertThat(whoisLevel(plain, "reg")).isEqualTo("Moderator");

            // a Moderator may not give its own level, nor act on an equal, nor on someone unknown
            mod.send(MessageType.CHANGE_LEVEL.code(), "plain Moderator");
            mod.send(MessageType.CHANGE_LEVEL.code(), "mod2 User");
            mod.send(MessageType.CHANGE_LEVEL.code(), "boss User");
            mod.send(MessageType.CHANGE_LEVEL.code(), "nobody User");
            mod.send(MessageType.CHANGE_LEVEL.code(), "plain Emperor");
            assertThat(notices(mod)).containsExactly(
                    "set user level failed: permission denied: you cannot give a level as high as your own (Moderator)",
                    "set user level failed: permission denied: mod2 is a Moderator and you are a Moderator",
                    "set user level failed: permission denied: boss is an Elite and you are a Moderator",
                    "set user level failed: nobody is neither online nor registered",
                    "set user level failed: Emperor: invalid level");
            assertThat(whoisLevel(plain, "plain")).isEqualTo("User");
            assertThat(whoisLevel(plain, "mod2")).isEqualTo("Moderator");
            assertThat(whoisLevel(plain, "boss")).isEqualTo("Elite");
            assertThat(notices(mod2)).isEmpty();
            assertThat(notices(plain)).isEmpty();

            // below its own level a Moderator may act: an unregistered user becomes a Leech for its session
            mod.send(MessageType.CHANGE_LEVEL.code(), "plain Leech");
            TestServer.sync(mod);   // the change is made before plain's own sync is answered
            assertThat(notices(plain)).containsExactly("mod changed your user level to Leech (0)");
            awaitNotice(boss, "mod changed plain's user level to Leech (0)");
            awaitNotice(mod2, "mod changed plain's user level to Leech (0)");
            assertThat(whoisLevel(boss, "plain")).isEqualTo("Leech");
            mod.send(MessageType.CHANGE_LEVEL.code(), "plain Leech");
            assertThat(notices(mod)).contains("set user level failed: plain is already Leech");

            // a Moderator may lower itself, and is then no longer told what operators do
            mod2.send(MessageType.CHANGE_LEVEL.code(), "mod2 User");
            assertThat(notices(mod2)).containsExactly("mod2 changed your user level to User (1)");
            awaitNotice(boss, "mod2 changed mod2's user level to User (1)");
            boss.send(MessageType.CHANGE_LEVEL.code(), "plain User");
            awaitNotice(mod, "boss changed plain's user level to User (1)");
            assertThat(notices(mod2)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 610

    @Test
    void killDisconnectsALowerUserWithOpennapsNoticeAndTellsTheModerators() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            mod.send(MessageType.KILL.code(), "mod2 \"go\"");
            mod.send(MessageType.KILL.code(), "boss");
            mod.send(MessageType.KILL.code(), "nobody");
            assertThat(notices(mod)).containsExactly(
                    "kill failed: permission denied: mod2 is a Moderator and you are a Moderator",
                    "kill failed: permission denied: boss is an Elite and you are a Moderator",
                    "kill failed: nobody is not online");
            TestServer.sync(mod2);
            assertThat(notices(boss)).isEmpty();

            mod.send(MessageType.KILL.code(), "BOB \"flooding the channel\"");
            assertThat(untilClosed(bob)).containsExactly(
                    msg(MessageType.NOTICE, "You were killed by server test.opennapj: You have been killed by mod: flooding the channel"),
                    msg(MessageType.DISCONNECT, "0"));
            awaitNotice(boss, "mod killed bob: flooding the channel");
            awaitNotice(mod2, "mod killed bob: flooding the channel");
            carol.send(MessageType.WHOIS.code(), "bob");
            assertThat(carol.expect(TIMEOUT, MessageType.WHOWAS.code()).data()).startsWith("bob User ");

            // a cloaked operator is "Operator" to the user it kills; the moderators see who it was
            boss.send(MessageType.CLOAK.code(), "");
            assertThat(notices(boss)).contains("You are now cloaked.");
            boss.send(MessageType.KILL.code(), "carol");
            assertThat(untilClosed(carol)).containsExactly(
                    msg(MessageType.NOTICE, "You were killed by server test.opennapj: You have been killed by Operator: "),
                    msg(MessageType.DISCONNECT, "0"));
            awaitNotice(mod, "boss killed carol: ");
        }
    }

    // ------------------------------------------------------------------ 10122

    @Test
    void massKillTakesEveryoneItOutranksFromTheAddresses() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession u1 = server.login("u1");
             ServerSession u2 = server.login("u2")) {
            mod.send(MessageType.MASS_KILL.code(), "10.9.9.9");
            mod.send(MessageType.MASS_KILL.code(), "abc");
            assertThat(notices(mod)).containsExactly("kill failed: nobody from 10.9.9.9 is online",
                    "kill failed: invalid ip specified abc");
            TestServer.sync(u1);

            mod.send(MessageType.MASS_KILL.code(), "127.0.0.* \"clones\"");
            assertThat(untilClosed(u1)).contains(msg(MessageType.NOTICE,
                    "You were killed by server test.opennapj: You have been killed by mod: clones"));
            assertThat(untilClosed(u2)).contains(msg(MessageType.NOTICE,
                    "You were killed by server test.opennapj: You have been killed by mod: clones"));
            List<String> told = notices(mod);
            assertThat(told).contains("mod killed u1: clones", "mod killed u2: clones");
            assertThat(told).anyMatch(t -> t.startsWith("kill failed: permission denied for ")
                    && t.contains("boss") && t.contains("mod2"));
            awaitNotice(boss, "mod killed u1: clones");
            // the ones it does not outrank (and the sender) stay
            TestServer.sync(mod2);
            TestServer.sync(boss);
            assertThat(whoisLevel(mod2, "mod")).isEqualTo("Moderator");
        }
    }

    // ------------------------------------------------------------------ 622 / 623

    @Test
    void muzzleSilencesPrivateMessagesUntilUnmuzzledAndReachesOfflineAccounts() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession reg = Staff.login(server, "reg");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.MUZZLE.code(), "mod2 \"shh\"");
            mod.send(MessageType.MUZZLE.code(), "nobody");
            mod.send(MessageType.UNMUZZLE.code(), "reg");
            assertThat(notices(mod)).containsExactly(
                    "muzzle failed: permission denied: mod2 is a Moderator and you are a Moderator",
                    "muzzle failed: nobody is neither online nor registered",
                    "unmuzzle failed: reg is not muzzled");
            mod2.send(MessageType.PRIVATE_MESSAGE.code(), "bob still talking");
            assertThat(bob.expect(TIMEOUT, MessageType.PRIVATE_MESSAGE.code()).data()).isEqualTo("mod2 still talking");
            assertThat(Staff.whoisStatus(boss, "mod2")).isEqualTo("Active");

            mod.send(MessageType.MUZZLE.code(), "reg \"calm down\"");
            TestServer.sync(mod);   // reg is told while mod's muzzle is handled: before reg's own sync
            assertThat(notices(reg)).containsExactly("You have been muzzled by mod: calm down");
            awaitNotice(boss, "mod has muzzled reg: calm down");
            reg.send(MessageType.PRIVATE_MESSAGE.code(), "bob hello?");
            assertThat(notices(reg)).containsExactly("You are muzzled.");
            assertThat(collectToSync(bob)).isEmpty();
            assertThat(Staff.whoisStatus(bob, "reg")).isEqualTo("Muzzled");
            mod.send(MessageType.MUZZLE.code(), "reg");
            assertThat(notices(mod)).contains("muzzle failed: reg is already muzzled");

            mod.send(MessageType.UNMUZZLE.code(), "reg \"ok then\"");
            TestServer.sync(mod);
            assertThat(notices(reg)).containsExactly("You have been unmuzzled by mod: ok then");
            awaitNotice(boss, "mod has unmuzzled reg: ok then");
            reg.send(MessageType.PRIVATE_MESSAGE.code(), "bob hello again");
            assertThat(bob.expect(TIMEOUT, MessageType.PRIVATE_MESSAGE.code()).data()).isEqualTo("reg hello again");

            // a registered nick that is not online is muzzled for when it comes
            mod.send(MessageType.MUZZLE.code(), "reg2 \"in advance\"");
            awaitNotice(boss, "mod has muzzled reg2: in advance");
            try (ServerSession reg2 = Staff.login(server, "reg2")) {
                reg2.send(MessageType.PRIVATE_MESSAGE.code(), "bob hi");
                assertThat(notices(reg2)).containsExactly("You are muzzled.");
            }
            assertThat(collectToSync(bob)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 625

    @Test
    void changeLinkSpeedOfALowerUser() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.CHANGE_USER_LINK_SPEED.code(), "mod2 7");
            mod.send(MessageType.CHANGE_USER_LINK_SPEED.code(), "nobody 7");
            mod.send(MessageType.CHANGE_USER_LINK_SPEED.code(), "bob 3");
            mod.send(MessageType.CHANGE_USER_LINK_SPEED.code(), "bob 11");
            List<String> refused = notices(mod);
            assertThat(refused).hasSize(4);
            assertThat(refused.subList(0, 3)).containsExactly(
                    "change speed failed: permission denied: mod2 is a Moderator and you are a Moderator",
                    "change speed failed: nobody is not online",
                    "bob's speed is already 3");
            assertThat(refused.get(3)).startsWith("change a user's linespeed (625): ");
            bob.send(MessageType.LINK_SPEED_REQUEST.code(), "mod2");
            assertThat(bob.expect(TIMEOUT, MessageType.LINK_SPEED.code()).data()).isEqualTo("mod2 0");

            mod.send(MessageType.CHANGE_USER_LINK_SPEED.code(), "bob 7");
            awaitNotice(boss, "mod changed bob's speed to 7.");
            mod2.send(MessageType.LINK_SPEED_REQUEST.code(), "bob");
            assertThat(mod2.expect(TIMEOUT, MessageType.LINK_SPEED.code()).data()).isEqualTo("bob 7");
            assertThat(notices(bob)).isEmpty();
        }
    }

    // ------------------------------------------------------------------ 821 / 822

    @Test
    void redirectAndCycleSendTheUserElsewhere() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession adm = Staff.login(server, "adm");
             ServerSession adm2 = Staff.login(server, "adm2");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.REDIRECT.code(), "bob other.example 8888");
            assertThat(notices(mod)).containsExactly(
                    "permission denied: redirect client to another server (821) needs an Admin or higher");
            adm.send(MessageType.REDIRECT.code(), "boss other.example 8888");
            adm.send(MessageType.REDIRECT.code(), "adm2 other.example 8888");
            adm.send(MessageType.CYCLE.code(), "adm2 meta.example");
            adm.send(MessageType.CYCLE.code(), "nobody meta.example");
            adm.send(MessageType.REDIRECT.code(), "bob bad/host 8888");
            assertThat(notices(adm)).containsExactly(
                    "redirect failed: permission denied: boss is an Elite and you are an Admin",
                    "redirect failed: permission denied: adm2 is an Admin and you are an Admin",
                    "cycle failed: permission denied: adm2 is an Admin and you are an Admin",
                    "cycle failed: nobody is not online",
                    "redirect failed: invalid server name bad/host");
            assertThat(collectToSync(adm2)).isEmpty();
            assertThat(collectToSync(bob)).isEmpty();
            assertThat(collectToSync(boss)).isEmpty();

            adm.send(MessageType.REDIRECT.code(), "bob other.example 9999");
            assertThat(bob.expect(TIMEOUT, MessageType.REDIRECT.code()).data()).isEqualTo("other.example 9999");
            awaitNotice(boss, "adm redirected bob to other.example:9999");
            adm.send(MessageType.CYCLE.code(), "bob meta.example");
            assertThat(bob.expect(TIMEOUT, MessageType.CYCLE.code()).data()).isEqualTo("meta.example");
            awaitNotice(mod, "adm cycled bob to meta.example");
        }
    }
}
