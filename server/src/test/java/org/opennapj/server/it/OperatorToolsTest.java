package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/** 627 operator message, 628 global message, 652 cloak, 10119 which server, 10121 who was, 10203 user mode. */
class OperatorToolsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    private static Message msg(MessageType t, String data) {
        return Message.of(t, data);
    }

    @Test
    void operatorMessagesReachModeratorsTakingWallopsAndGlobalMessagesReachEveryone() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession adm = Staff.login(server, "adm");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob")) {
            bob.send(MessageType.OPERATOR_MESSAGE.code(), "let me in");
            mod.send(MessageType.GLOBAL_MESSAGE.code(), "hello world");
            assertThat(notices(bob)).containsExactly("permission denied: operator message (627) needs a Moderator or higher");
            assertThat(notices(mod)).containsExactly("permission denied: global message (628) needs an Admin or higher");
            assertThat(collectToSync(mod2)).isEmpty();

            mod.send(MessageType.OPERATOR_MESSAGE.code(), "anyone around?");
            for (ServerSession s : List.of(adm, mod, mod2)) {
                assertThat(s.expect(TIMEOUT, MessageType.OPERATOR_MESSAGE.code()).data()).isEqualTo("mod anyone around?");
            }
            assertThat(collectToSync(bob)).isEmpty();
            mod2.send(MessageType.SET_USER_MODE.code(), "-WALLOP");
            mod2.expect(TIMEOUT, MessageType.SET_USER_MODE.code());
            mod.send(MessageType.OPERATOR_MESSAGE.code(), "again");
            assertThat(adm.expect(TIMEOUT, MessageType.OPERATOR_MESSAGE.code()).data()).isEqualTo("mod again");
            assertThat(collectToSync(mod2)).isEmpty();

            adm.send(MessageType.GLOBAL_MESSAGE.code(), "restart at noon");
            for (ServerSession s : List.of(adm, mod, mod2, bob)) {
                assertThat(s.expect(TIMEOUT, MessageType.GLOBAL_MESSAGE.code()).data()).isEqualTo("adm restart at noon");
            }
            // a cloaked sender is "Operator"
            adm.send(MessageType.CLOAK.code(), "1");
            adm.send(MessageType.GLOBAL_MESSAGE.code(), "who said that");
            assertThat(bob.expect(TIMEOUT, MessageType.GLOBAL_MESSAGE.code()).data()).isEqualTo("Operator who said that");
        }
    }

    @Test
    void cloakTogglesAndHidesChannelsFromUsersAndIsDroppedBelowModerator() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.JOIN.code(), "hangout");
            mod.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code());
            bob.send(MessageType.CLOAK.code(), "");
            assertThat(notices(bob)).containsExactly("permission denied: cloak user (652) needs a Moderator or higher");
            mod.send(MessageType.CLOAK.code(), "0");
            mod.send(MessageType.CLOAK.code(), "2");
            assertThat(notices(mod)).containsExactly("You are not cloaked.",
                    "cloak failed: invalid cloak state 2 (0 or 1)");
            assertThat(notices(mod2)).isEmpty();
            assertThat(Fields.split(whois(bob, "mod")).get(3)).isEqualTo("hangout");

            mod.send(MessageType.CLOAK.code(), "");
            awaitNotice(mod, "You are now cloaked.");
            awaitNotice(mod2, "mod has cloaked");
            assertThat(Fields.split(whois(bob, "mod")).get(3)).isEmpty();
            assertThat(Fields.split(whois(bob, "mod")).get(4)).isEqualTo("Active");
            assertThat(Fields.split(whois(mod2, "mod")).get(3)).isEqualTo("hangout");
            assertThat(Fields.split(whois(mod2, "mod")).get(4)).isEqualTo("Cloaked");
            mod.send(MessageType.CLOAK.code(), "1");
            assertThat(notices(mod)).contains("You are already cloaked.");

            // lowered below Moderator, a user cannot stay cloaked
            boss.send(MessageType.CHANGE_LEVEL.code(), "mod User");
            awaitNotice(mod, "boss changed your user level to User (1)");
            awaitNotice(mod, "You are no longer cloaked.");
            awaitNotice(mod2, "mod has decloaked");
            assertThat(Fields.split(whois(bob, "mod")).get(3)).isEqualTo("hangout");
        }
    }

    @Test
    void aCloakedOperatorComesAndGoesUnseenByUsersInChannels() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            for (ServerSession s : List.of(bob, mod2)) {
                s.send(MessageType.JOIN.code(), "quiet");
                s.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code());
            }
            collectToSync(bob);
            mod.send(MessageType.CLOAK.code(), "1");
            awaitNotice(mod, "You are now cloaked.");
            mod.send(MessageType.JOIN.code(), "quiet");
            List<Message> joined = mod.collectUntil(TIMEOUT, MessageType.CHANNEL_TOPIC.code());
            assertThat(joined).filteredOn(m -> m.type() == MessageType.CHANNEL_USER.code())
                    .extracting(m -> Fields.split(m.data()).get(1)).containsExactly("bob", "mod2", "mod");
            // the moderator in the channel sees the cloaked one come; the user does not
            mod2.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code() && m.data().startsWith("quiet mod "), "406 mod");
            assertThat(collectToSync(bob)).isEmpty();
            bob.send(MessageType.LIST_USERS.code(), "quiet");
            assertThat(bob.collectUntil(TIMEOUT, MessageType.LIST_USERS.code()))
                    .filteredOn(m -> m.type() == MessageType.USER_LIST_ENTRY.code())
                    .extracting(m -> Fields.split(m.data()).get(1)).containsExactly("bob", "mod2");
            carol.send(MessageType.JOIN.code(), "quiet");
            assertThat(carol.collectUntil(TIMEOUT, MessageType.CHANNEL_TOPIC.code()))
                    .filteredOn(m -> m.type() == MessageType.CHANNEL_USER.code())
                    .extracting(m -> Fields.split(m.data()).get(1)).containsExactly("bob", "mod2", "carol");
            mod.send(MessageType.PART.code(), "quiet");
            mod.expect(TIMEOUT, MessageType.PART.code());
            mod2.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code() && m.data().startsWith("quiet mod "), "407 mod");
            assertThat(collectToSync(bob)).extracting(Message::type).containsExactly(MessageType.USER_JOINED.code());
        }
    }

    private static String whois(ServerSession asker, String nick) throws Exception {
        asker.send(MessageType.WHOIS.code(), nick);
        return asker.expect(TIMEOUT, MessageType.WHOIS_RESPONSE.code()).data();
    }

    @Test
    void whichServerAndWhoWas() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            bob.send(MessageType.WHICH_SERVER.code(), "mod");
            bob.send(MessageType.WHICH_SERVER.code(), "nobody");
            assertThat(notices(bob)).containsExactly("mod is on test.opennapj", "which server failed: nobody is not online");

            TestServer.logout(carol, "carol", bob);
            bob.send(MessageType.WHO_WAS_REQUEST.code(), "carol");
            assertThat(notices(bob)).containsExactly("permission denied: who was (10121) needs a Moderator or higher");
            mod.send(MessageType.WHO_WAS_REQUEST.code(), "CAROL");
            List<String> f = Fields.split(mod.expect(TIMEOUT, MessageType.WHO_WAS_REQUEST.code()).data());
            assertThat(f).hasSize(5);
            assertThat(f.get(0)).isEqualTo("carol");
            assertThat(f.get(1)).isEqualTo(Long.toString(0x0100007FL));   // 127.0.0.1 as the protocol sends addresses
            assertThat(f.get(2)).isEqualTo("test.opennapj");
            assertThat(Long.parseLong(f.get(3))).isPositive();
            assertThat(f.get(4)).isEqualTo("nap v1.0");
            mod.send(MessageType.WHO_WAS_REQUEST.code(), "nobody");
            assertThat(notices(mod)).containsExactly("who was failed: nobody: no info");
        }
    }

    @Test
    void userModeChoosesWhichOperatorNoticesArrive() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            mod.send(MessageType.SET_USER_MODE.code(), "");
            assertThat(mod.expect(TIMEOUT, MessageType.SET_USER_MODE.code()).data()).isEqualTo("ALL");
            mod.send(MessageType.SET_USER_MODE.code(), "-KILL BOGUS");
            assertThat(notices(mod)).singleElement().asString().startsWith("user mode unchanged: unknown BOGUS");
            mod.send(MessageType.SET_USER_MODE.code(), "");
            assertThat(mod.expect(TIMEOUT, MessageType.SET_USER_MODE.code()).data()).isEqualTo("ALL");

            mod.send(MessageType.SET_USER_MODE.code(), "NONE kill ban");
            assertThat(mod.expect(TIMEOUT, MessageType.SET_USER_MODE.code()).data()).isEqualTo("BAN KILL");
            boss.send(MessageType.MUZZLE.code(), "bob");
            awaitNotice(mod2, "boss has muzzled bob: ");
            boss.send(MessageType.KILL.code(), "carol");
            awaitNotice(mod2, "boss killed carol: ");
            // both are handled now; awaiting the kill notice would skip a muzzle notice before it
            assertThat(notices(mod)).containsExactly("boss killed carol: ");   // the muzzle notice never came
            // a plain user may set a mode, it just receives no operator notices
            bob.send(MessageType.SET_USER_MODE.code(), "ALL");
            assertThat(bob.expect(TIMEOUT, MessageType.SET_USER_MODE.code()).data()).isEqualTo("ALL");
        }
    }
}
