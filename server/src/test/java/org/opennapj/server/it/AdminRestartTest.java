package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.Staff.whoisLevel;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/** Levels, muzzles and bans set by operators are on disk once acknowledged and survive a restart exactly. */
class AdminRestartTest {

    @TempDir
    Path dir;

    @Test
    void levelsMuzzlesAndBansSurviveARestart() throws Exception {
        Staff.register(dir);
        List<String> bansBefore;
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession plain = server.login("plain")) {
            boss.send(MessageType.CHANGE_LEVEL.code(), "reg Admin");          // offline, registered
            awaitNotice(mod, "boss changed reg's user level to Admin (3)");
            boss.send(MessageType.CHANGE_LEVEL.code(), "mod2 User");          // offline, registered
            awaitNotice(mod, "boss changed mod2's user level to User (1)");
            boss.send(MessageType.CHANGE_LEVEL.code(), "plain Moderator");    // online, unregistered: this session only
            awaitNotice(mod, "boss changed plain's user level to Moderator (2)");
            mod.send(MessageType.MUZZLE.code(), "reg2 \"until further notice\"");
            awaitNotice(boss, "mod has muzzled reg2: until further notice");
            mod.send(MessageType.BAN.code(), "evil* \"bots\"");
            awaitNotice(boss, "mod banned evil*!*: bots");
            mod.send(MessageType.BAN.code(), "10.1.2. \"their network\" 86400");
            awaitNotice(boss, "mod banned *!10.1.2.* for 86400 seconds: their network");
            mod.send(MessageType.BAN.code(), "x?z!192.168.*");
            awaitNotice(boss, "mod banned x?z!192.168.*: ");
            bansBefore = BanTest.banList(boss);
            assertThat(bansBefore).hasSize(3);
            assertThat(whoisLevel(mod, "plain")).isEqualTo("Moderator");
        }

        Map<String, Account> stored = TestServer.storedAccounts(dir).stream()
                .collect(Collectors.toMap(Account::nick, a -> a));
        assertThat(stored.get("reg").level()).isEqualTo(Level.ADMIN);
        assertThat(stored.get("mod2").level()).isEqualTo(Level.USER);
        assertThat(stored.get("reg2").muzzled()).isTrue();
        assertThat(stored.get("reg").muzzled()).isFalse();
        assertThat(stored).doesNotContainKey("plain");

        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession reg = server.login("reg", Staff.PASSWORD, 0, 0);
             ServerSession mod2 = Staff.login(server, "mod2");
             ServerSession reg2 = Staff.login(server, "reg2");
             ServerSession plain = server.login("plain")) {
            assertThat(collectToSync(reg)).anyMatch(m -> m.data().equals("You are logged in as Admin"));
            assertThat(whoisLevel(boss, "reg")).isEqualTo("Admin");
            assertThat(whoisLevel(boss, "mod2")).isEqualTo("User");
            assertThat(whoisLevel(boss, "plain")).isEqualTo("User");
            reg2.send(MessageType.PRIVATE_MESSAGE.code(), "plain let me talk");
            assertThat(notices(reg2)).containsExactly("You are muzzled.");
            assertThat(Staff.whoisStatus(boss, "reg2")).isEqualTo("Muzzled");
            assertThat(BanTest.banList(boss)).isEqualTo(bansBefore);
            try (ServerSession evil = server.connect()) {
                evil.send(MessageType.LOGIN.code(), "evildoer pw 0 \"nap v1.0\" 3");
                assertThat(evil.expect(TIMEOUT, MessageType.ERROR.code()).data())
                        .isEqualTo("You are banned from this server: evil*!* banned: bots");
            }
            assertThat(collectToSync(plain)).isEmpty();
        }
    }
}
