package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Staff.notices;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.admin.ServerAdministration;

/**
 * Reloading the config file (10117 or 800 from an Elite, SIGHUP): what can change live changes,
 * keys read only at start-up are named, unknown keys are warned about with their line, and a file
 * with an out-of-range value changes nothing and says which line.
 */
class ConfigReloadTest {

    @TempDir
    Path dir;

    @BeforeEach
    void staff() throws Exception {
        Staff.register(dir);
    }

    private void config(String text) throws Exception {
        Files.writeString(dir.resolve(OpenNapServer.CONFIG_FILE), text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReloadAppliesLiveKeysNamesRestartKeysAndWarnsOfUnknownOnes() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            config("max_results 9\nuser_db_interval 5\nserver_ports 9999\nauto_register yes\n");

            ServerAdministration.Reload r = server.reload();

            assertThat(r.error()).isNull();
            assertThat(r.waiting()).containsExactly("server_ports");
            assertThat(r.warnings()).containsExactly("config line 2: key 'user_db_interval' is not used by OpenNapJ (ignored)");
            assertThat(r.summary()).isEqualTo("configuration reloaded; these keys change only with a restart: server_ports;"
                    + " config line 2: key 'user_db_interval' is not used by OpenNapJ (ignored)");
            assertThat(server.config().integer("max_results")).isEqualTo(9);
            assertThat(server.config().flag("auto_register")).isTrue();
            assertThat(server.config().string("server_ports")).isEqualTo("0");

            config("max_results 11\ncompression_level 12\n");
            r = server.reload();
            assertThat(r.error()).startsWith("rehash failed, nothing changed: ")
                    .endsWith("line 2: compression_level must be a whole number from 0 to 9, not '12'");
            assertThat(server.config().integer("max_results")).isEqualTo(9);
        }
    }

    @Test
    void anEliteIsToldOfUnknownKeysAndOutOfRangeValuesWithTheirLines() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = Staff.login(server, "boss")) {
            config("# comment\nmax_results 12\nmax_tags_per_minute 10\n");
            boss.send(MessageType.REHASH.code(), "");
            assertThat(notices(boss)).contains("config line 3: key 'max_tags_per_minute' is not used by OpenNapJ (ignored)");
            assertThat(server.config().integer("max_results")).isEqualTo(12);

            config("login_timeout 0\n");
            boss.send(MessageType.RELOAD_CONFIG.code(), "");
            assertThat(notices(boss)).singleElement().asString().startsWith("rehash failed, nothing changed: ")
                    .contains("line 1: login_timeout must be a whole number from 1 to 86400, not '0'");
        }
    }
}
