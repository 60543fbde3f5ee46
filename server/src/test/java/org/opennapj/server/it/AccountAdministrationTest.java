package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.Staff.whoisLevel;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/** 611 nuke, 624 un-nuke, 753 another user's password, 10200 register a user. */
class AccountAdministrationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    /** Whether a nick is registered, as 7 (nick check) answers it. */
    private static boolean registered(ServerSession asker, String nick) throws Exception {
        asker.send(MessageType.NICK_CHECK.code(), nick);
        return asker.expect(TIMEOUT, MessageType.NICK_NOT_REGISTERED.code(), MessageType.NICK_ALREADY_REGISTERED.code())
                .type() == MessageType.NICK_ALREADY_REGISTERED.code();
    }

    @Test
    void nukeDeletesALowerAccountAndLeavesItsUserOnAsAPlainUser() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession reg = Staff.login(server, "reg")) {
            mod.send(MessageType.NUKE.code(), "mod2 because");
            mod.send(MessageType.NUKE.code(), "boss");
            mod.send(MessageType.NUKE.code(), "nobody");
            mod.send(MessageType.UNNUKE.code(), "reg");
            assertThat(notices(mod)).containsExactly(
                    "nuke failed: permission denied: mod2 is a Moderator and you are a Moderator",
                    "nuke failed: permission denied: boss is an Elite and you are a Moderator",
                    "nuke failed: nobody is not registered",
                    "un-nuke failed: reg was not nuked since the server started");
            assertThat(registered(reg, "mod2")).isTrue();
            assertThat(registered(reg, "boss")).isTrue();
            assertThat(notices(boss)).isEmpty();

            mod.send(MessageType.NUKE.code(), "reg spammed the registry");
            TestServer.sync(mod);   // reg is told while the nuke is handled: before reg's own sync
            assertThat(notices(reg)).containsExactly("mod nuked your account: spammed the registry");
            awaitNotice(boss, "mod nuked reg's account: spammed the registry");
            assertThat(registered(boss, "reg")).isFalse();
            assertThat(whoisLevel(boss, "reg")).isEqualTo("User");
            assertThat(TestServer.storedAccounts(dir)).extracting(Account::nick).doesNotContain("reg").contains("mod2");
            // the password no longer matters: the nick is free
            reg.send(MessageType.PASSWORD_CHECK.code(), "reg " + Staff.PASSWORD);
            assertThat(notices(reg)).containsExactly("check password failed: reg is not registered");

            // a Moderator may nuke its own account
            mod2.send(MessageType.NUKE.code(), "mod2");
            awaitNotice(boss, "mod2 nuked mod2's account: ");
            assertThat(whoisLevel(boss, "mod2")).isEqualTo("User");
        }
    }

    @Test
    void unNukePutsANukedAccountBackAsItWasUnlessTheNickWasTakenAgain() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession watcher = server.login("watcher")) {
            mod.send(MessageType.NUKE.code(), "reg oops");
            mod.send(MessageType.NUKE.code(), "reg2 oops");
            awaitNotice(mod, "mod nuked reg2's account: oops");
            assertThat(registered(watcher, "reg")).isFalse();

            // reg2's nick is registered again by someone else: there is no putting the old one back
            boss.send(MessageType.REGISTER_USER.code(), "reg2 another-password new@example.com");
            awaitNotice(boss, "boss registered nickname reg2 (User)");
            awaitNotice(mod, "boss registered nickname reg2 (User)");
            mod.send(MessageType.UNNUKE.code(), "reg2");
            assertThat(notices(mod)).containsExactly("un-nuke failed: reg2 has been registered again");

            // a plain user may not un-nuke
            watcher.send(MessageType.UNNUKE.code(), "reg");
            assertThat(notices(watcher)).singleElement().asString().startsWith("permission denied");
            assertThat(registered(watcher, "reg")).isFalse();

            mod.send(MessageType.UNNUKE.code(), "reg");
            awaitNotice(mod, "The account of reg is restored (User)");
            awaitNotice(mod, "mod restored reg's account");
            awaitNotice(boss, "mod restored reg's account");
            assertThat(registered(watcher, "reg")).isTrue();
            assertThat(TestServer.storedAccounts(dir)).filteredOn(a -> a.nick().equals("reg")).singleElement()
                    .satisfies(a -> assertThat(a.email()).isEqualTo("reg@example.com"));
            // the old password works again; a second un-nuke has nothing left to do
            try (ServerSession back = server.login("reg", Staff.PASSWORD, 0, 0)) {
                assertThat(whoisLevel(watcher, "reg")).isEqualTo("User");
            }
            mod.send(MessageType.UNNUKE.code(), "reg");
            assertThat(notices(mod)).containsExactly("un-nuke failed: reg was not nuked since the server started");
        }
    }

    @Test
    void anAdminSetsALowerUsersPasswordWithoutKnowingIt() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession adm = Staff.login(server, "adm");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession reg = Staff.login(server, "reg")) {
            mod.send(MessageType.CHANGE_USER_PASSWORD.code(), "reg newpass");
            adm.send(MessageType.CHANGE_USER_PASSWORD.code(), "boss newpass \"reset\"");
            adm.send(MessageType.CHANGE_USER_PASSWORD.code(), "adm2 newpass");
            adm.send(MessageType.CHANGE_USER_PASSWORD.code(), "nobody newpass");
            assertThat(notices(mod)).containsExactly(
                    "permission denied: change password for another user (753) needs an Admin or higher");
            assertThat(notices(adm)).containsExactly(
                    "alter password failed: permission denied: boss is an Elite and you are an Admin",
                    "alter password failed: permission denied: adm2 is an Admin and you are an Admin",
                    "alter password failed: nobody is not registered");
            reg.send(MessageType.PASSWORD_CHECK.code(), "reg " + Staff.PASSWORD);
            reg.expect(TIMEOUT, MessageType.PASSWORD_CHECK_OK.code());
            reg.send(MessageType.PASSWORD_CHECK.code(), "boss " + Staff.PASSWORD);
            reg.expect(TIMEOUT, MessageType.PASSWORD_CHECK_OK.code());
            reg.send(MessageType.PASSWORD_CHECK.code(), "adm2 " + Staff.PASSWORD);
            reg.expect(TIMEOUT, MessageType.PASSWORD_CHECK_OK.code());

            adm.send(MessageType.CHANGE_USER_PASSWORD.code(), "reg n3wpass \"forgotten\"");
            awaitNotice(boss, "adm changed reg's password: forgotten");
            reg.send(MessageType.PASSWORD_CHECK.code(), "reg n3wpass");
            reg.expect(TIMEOUT, MessageType.PASSWORD_CHECK_OK.code());
            reg.send(MessageType.PASSWORD_CHECK.code(), "reg " + Staff.PASSWORD);
            awaitNotice(reg, "check password failed: wrong password");   // after a hash check, not at once
            // an Admin outranks a Moderator
            adm.send(MessageType.CHANGE_USER_PASSWORD.code(), "mod modpass");
            awaitNotice(boss, "adm changed mod's password: ");
        }
    }

    @Test
    void anAdminRegistersNicksBelowItsOwnLevel() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession adm = Staff.login(server, "adm");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.REGISTER_USER.code(), "newbie pw2 new@example.com");
            assertThat(notices(mod)).containsExactly("permission denied: register a user (10200) needs an Admin or higher");
            adm.send(MessageType.REGISTER_USER.code(), "newbie pw2 new@example.com Admin");
            adm.send(MessageType.REGISTER_USER.code(), "reg pw2 new@example.com");
            adm.send(MessageType.REGISTER_USER.code(), "#chan pw2 new@example.com");
            adm.send(MessageType.REGISTER_USER.code(), "newbie pw2 new@example.com Emperor");
            assertThat(notices(adm)).containsExactly(
                    "register failed: permission denied: you cannot give a level as high as your own (Admin)",
                    "register failed: reg is already registered",
                    "register failed: invalid nick #chan: a nick may not start with #",
                    "register failed: Emperor: invalid level");
            assertThat(registered(bob, "newbie")).isFalse();

            adm.send(MessageType.REGISTER_USER.code(), "newbie pw2 new@example.com Moderator");
            awaitNotice(boss, "adm registered nickname newbie (Moderator)");
            assertThat(registered(bob, "newbie")).isTrue();
            assertThat(TestServer.storedAccounts(dir)).anyMatch(a -> a.nick().equals("newbie")
                    && a.level() == Level.MODERATOR && a.email().equals("new@example.com"));
            try (ServerSession newbie = server.login("newbie", "pw2", 0, 0)) {
                assertThat(collectToSync(newbie)).anyMatch(m -> m.data().equals("You are logged in as Moderator"));
            }
            adm.send(MessageType.REGISTER_USER.code(), "plainone pw3 p@example.com");
            awaitNotice(boss, "adm registered nickname plainone (User)");
        }
    }
}
