package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.awaitNotice;
import static org.opennapj.server.it.Staff.notices;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;

/** 801 version, 810 config, 800 reset, 10117 rehash, 10118 client statistics, 10110 kill server. */
class ServerAdministrationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    private static String query(ServerSession s, String key) throws Exception {
        s.send(MessageType.SET_CONFIG.code(), key);
        List<String> got = notices(s);
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    @Test
    void versionAndConfigQueriesForModeratorsSettingsForElites() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            mod.send(MessageType.SERVER_VERSION.code(), "");
            assertThat(notices(mod)).containsExactly("test.opennapj runs OpenNapJ 0.1.0");
            bob.send(MessageType.SERVER_VERSION.code(), "");
            bob.send(MessageType.SET_CONFIG.code(), "max_results");
            assertThat(notices(bob)).containsExactly(
                    "permission denied: server version (801) needs a Moderator or higher",
                    "permission denied: set config (810) needs a Moderator or higher");

            assertThat(query(mod, "max_results")).isEqualTo("max_results = 100");
            mod.send(MessageType.SET_CONFIG.code(), "");
            assertThat(notices(mod)).contains("max_results = 100", "server_name = test.opennapj", "whowas_time = 300");

            // refused settings change nothing
            mod.send(MessageType.SET_CONFIG.code(), "max_results 5");
            boss.send(MessageType.SET_CONFIG.code(), "max_results abc");
            boss.send(MessageType.SET_CONFIG.code(), "max_results -3");
            boss.send(MessageType.SET_CONFIG.code(), "server_ports 9999");
            boss.send(MessageType.SET_CONFIG.code(), "no_such_key 1");
            assertThat(notices(mod)).containsExactly("permission denied: setting max_results needs an Elite");
            assertThat(notices(boss)).containsExactly(
                    "error setting variable max_results: max_results must be a whole number, not 'abc'",
                    "error setting variable max_results: max_results must be a whole number from 0 to 2147483647, not '-3'",
                    "error setting variable server_ports: it takes effect only at start-up; change it in the config file and restart",
                    "no such variable no_such_key");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 100");

            boss.send(MessageType.SET_CONFIG.code(), "max_results 5");
            awaitNotice(mod, "boss set max_results to 5");
            awaitNotice(boss, "boss set max_results to 5");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 5");
            // it is live: a search now stops at 5 results
            for (int i = 0; i < 8; i++) {
                bob.send(MessageType.SHARE_FILE.code(), "\"C:\\music\\live song " + i + ".mp3\" 0123456789abcdef0123456789abcdef 3000 128 44100 60");
            }
            TestServer.sync(bob);
            mod.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"live song\"");
            assertThat(mod.collectUntil(TIMEOUT, MessageType.SEARCH_END.code()))
                    .filteredOn(m -> m.type() == MessageType.SEARCH_RESULT.code()).hasSize(5);

            // 800 puts a key back to its default (Elite only)
            mod.send(MessageType.RELOAD_CONFIG.code(), "max_results");
            assertThat(notices(mod)).containsExactly("permission denied: reload config (800) needs an Elite");
            boss.send(MessageType.RELOAD_CONFIG.code(), "listen_addr");
            boss.send(MessageType.RELOAD_CONFIG.code(), "nothing_here");
            assertThat(notices(boss)).containsExactly(
                    "reconfig failed: listen_addr takes effect only at start-up; change it in the config file and restart",
                    "no such variable nothing_here");
            boss.send(MessageType.RELOAD_CONFIG.code(), "max_results");
            awaitNotice(mod, "boss reset max_results");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 100");
        }
    }

    @Test
    void theMetaserverSecretIsNeverShown() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod")) {
            assertThat(query(mod, "metaserver_report_secret")).isEqualTo("metaserver_report_secret = ");
            boss.send(MessageType.SET_CONFIG.code(), "metaserver_report_secret not-a-real-secret-value");
            awaitNotice(mod, "boss set metaserver_report_secret");
            assertThat(query(mod, "metaserver_report_secret")).isEqualTo("metaserver_report_secret = (set, not shown)");
            mod.send(MessageType.SET_CONFIG.code(), "");
            assertThat(notices(mod)).contains("metaserver_report_secret = (set, not shown)")
                    .noneMatch(n -> n.contains("not-a-real-secret-value"));
        }
    }

    @Test
    void rehashRereadsTheConfigFileAndMotdAndNamesWhatNeedsARestart() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession mod = Staff.login(server, "mod");
             ServerSession bob = server.login("bob")) {
            Path config = dir.resolve(OpenNapServer.CONFIG_FILE);
            Files.writeString(config, "max_results 7\nserver_ports 9999\n", StandardCharsets.ISO_8859_1);
            Files.writeString(dir.resolve(OpenNapServer.MOTD_FILE), "fresh news\n", StandardCharsets.ISO_8859_1);

            mod.send(MessageType.REHASH.code(), "");
            assertThat(notices(mod)).containsExactly("permission denied: rehash (reload) configuration files (10117) needs an Elite");
            boss.send(MessageType.REHASH.code(), "elsewhere.example");
            assertThat(notices(boss)).containsExactly("rehash failed: no such server elsewhere.example");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 100");

            boss.send(MessageType.REHASH.code(), "test.opennapj");
            assertThat(notices(boss)).contains(
                    "configuration reloaded; these keys change only with a restart: server_ports");
            awaitNotice(mod, "boss reloaded configuration on test.opennapj");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 7");
            assertThat(query(mod, "server_ports")).isEqualTo("server_ports = 0");
            bob.send(MessageType.MOTD.code(), "");
            assertThat(collectToSync(bob)).contains(Message.of(MessageType.MOTD, "fresh news"));

            // a file with a bad line changes nothing
            Files.writeString(config, "max_results 9\nmax_clones lots\n", StandardCharsets.ISO_8859_1);
            boss.send(MessageType.RELOAD_CONFIG.code(), "");
            assertThat(notices(boss)).singleElement().asString().startsWith("rehash failed, nothing changed: ")
                    .contains("max_clones");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 7");
            // 800 without a key rereads too
            Files.writeString(config, "max_results 8\n", StandardCharsets.ISO_8859_1);
            boss.send(MessageType.RELOAD_CONFIG.code(), "");
            awaitNotice(mod, "boss reloaded configuration on test.opennapj");
            assertThat(query(mod, "max_results")).isEqualTo("max_results = 8");
        }
    }

    @Test
    void clientStatisticsCountTheClientsOnline() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            bob.send(MessageType.CLIENT_VERSION_STATS.code(), "");
            assertThat(notices(bob)).containsExactly(
                    "permission denied: display client information statistics (10118) needs a Moderator or higher");
            boss.send(MessageType.CLIENT_VERSION_STATS.code(), "");
            List<Message> got = new ArrayList<>();
            Message m;
            do {
                m = boss.expect(TIMEOUT, MessageType.CLIENT_VERSION_STATS.code());
                got.add(m);
            } while (!m.data().isEmpty());
            assertThat(got).containsExactly(Message.of(MessageType.CLIENT_VERSION_STATS, "\"nap v1.0\" 3"),
                    Message.of(MessageType.CLIENT_VERSION_STATS, ""));
        }
    }

    @Test
    void killServerShutsThisServerDownOnly() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss");
             ServerSession adm = Staff.login(server, "adm");
             ServerSession bob = server.login("bob")) {
            adm.send(MessageType.KILL_SERVER.code(), "test.opennapj");
            boss.send(MessageType.KILL_SERVER.code(), "other.example \"bye\"");
            assertThat(notices(adm)).containsExactly("permission denied: kill server (10110) needs an Elite");
            assertThat(notices(boss)).containsExactly("kill server failed: no such server other.example");
            TestServer.sync(bob);

            boss.send(MessageType.KILL_SERVER.code(), "TEST.opennapj \"maintenance\"");
            assertThat(server.awaitClosed()).as("the server closed itself").isTrue();
            for (ServerSession s : List.of(boss, adm, bob)) {
                assertThat(s.closedByServer(TIMEOUT)).isTrue();
            }
            try (ServerSession late = server.connect()) {
                late.send(MessageType.LOGIN.code(), "late pw 0 \"nap v1.0\" 3");
                assertThat(late.closedByServer(TIMEOUT)).isTrue();
            } catch (IOException refused) {
                // nothing listens on the port any more
            }
        }
    }
}
