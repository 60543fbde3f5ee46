package org.opennapj.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config values are checked as the file is read: ranges, opennap-ng's flag spellings, unknown keys with their line. */
class ConfigRulesTest {

    @TempDir
    Path dir;

    private ServerConfig load(String text) throws IOException {
        Path f = dir.resolve("config");
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        return ServerConfig.load(f);
    }

    @Test
    void anOutOfRangeValueFailsNamingLineKeyValueAndRange() {
        assertThatThrownBy(() -> load("# comment\nmax_results 10\ncompression_level 12\n"))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("config line 3: compression_level must be a whole number from 0 to 9, not '12'");
        assertThatThrownBy(() -> load("login_timeout -5\n"))
                .hasMessageEndingWith("line 1: login_timeout must be a whole number from 1 to 86400, not '-5'");
        assertThatThrownBy(() -> load("\nmax_shared -1\n"))
                .hasMessageEndingWith("line 2: max_shared must be a whole number from 0 to 2147483647, not '-1'");
        assertThatThrownBy(() -> load("default_level Boss\n"))
                .hasMessageEndingWith("line 1: default_level must be one of Leech, User, Moderator, Admin, Elite, not 'Boss'");
    }

    @Test
    void sizesAreNumbersOfBytesWithoutSuffixesAsInOpennapNg() throws Exception {
        assertThat(load("client_queue_length 204800\n").integer("client_queue_length")).isEqualTo(204800);
        assertThat(load("client_queue_length +4096\n").integer("client_queue_length")).isEqualTo(4096);
        assertThatThrownBy(() -> load("client_queue_length 100k\n"))
                .hasMessageEndingWith("line 1: client_queue_length must be a whole number from 1024 to 2147483647, not '100k'");
        assertThatThrownBy(() -> load("max_shared 5m\n")).hasMessageEndingWith("line 1: max_shared must be a whole number, not '5m'");
    }

    @Test
    void flagsTakeOpennapNgsSpellings() throws Exception {
        ServerConfig c = load("auto_register yes\nallow_share No\nirc_channels 1\nstrict_channels 0\n"
                + "registered_only TRUE\nauto_link off\nauto_relink 7\n");
        assertThat(c.flag("auto_register")).isTrue();
        assertThat(c.flag("allow_share")).isFalse();
        assertThat(c.flag("irc_channels")).isTrue();
        assertThat(c.flag("strict_channels")).isFalse();
        assertThat(c.flag("registered_only")).isTrue();
        assertThat(c.flag("auto_link")).isFalse();
        assertThat(c.flag("auto_relink")).isTrue();
        assertThatThrownBy(() -> load("\n\nauto_register maybe\n"))
                .hasMessageEndingWith("line 3: auto_register must be on or off (also yes/no, true/false, 1/0), not 'maybe'");
    }

    @Test
    void unknownKeysAreKeptAndWarnedAboutWithTheirLine() throws Exception {
        ServerConfig c = load("max_results 10\n# a comment\nblock_winmx 60\nreport_name \"my server\"\n");
        assertThat(c.unknownKeys()).containsEntry("block_winmx", "60").containsEntry("report_name", "my server");
        assertThat(c.unknownKeyWarnings()).containsExactly(
                "config line 3: key 'block_winmx' is not used by OpenNapJ (ignored)",
                "config line 4: key 'report_name' is not used by OpenNapJ (ignored)");
        assertThat(c.integer("max_results")).isEqualTo(10);
    }

    @Test
    void readmeListsEveryDeclaredRange() throws Exception {
        String text = Files.readString(Path.of("..", "README.md"));
        int from = text.indexOf("### Configuration checks");
        assertThat(from).as("README's Configuration checks").isPositive();
        String section = text.substring(from, text.indexOf("\n##", from + 5));
        ConfigRules.all().forEach((key, rule) -> {
            String shown = rule.choices() != null ? "`" + key + "` is one of " + String.join(", ", rule.choices())
                    : "`" + key + "` " + rule.min() + (rule.max() == Integer.MAX_VALUE ? " or more" : "-" + rule.max());
            assertThat(section).as("README states the range of " + key).contains(shown);
        });
    }

    @Test
    void everyRuleAcceptsItsKeysDefault() {
        ConfigRules.all().forEach((key, rule) -> {
            assertThat(ServerConfig.known(key)).as("rule for a known key: " + key).isTrue();
            assertThat(rule.problem(key, ServerConfig.defaultValue(key))).as(key).isNull();
        });
    }
}
