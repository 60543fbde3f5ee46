package org.opennapj.server.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers file's lines as opennap-ng reads them, and the 10011 value. */
class ServersFileTest {

    @TempDir
    Path dir;

    @Test
    void linesAreReadAsOpennapNgReadsThem() throws Exception {
        Files.writeString(dir.resolve("servers"), String.join("\n",
                "# a comment",
                "",
                "  indented.example.net a b 9000",
                "hub.example.net their mine",
                "10.0.0.7 \"their pw\" mine 8889 leaf.example.net",
                "bad.example.net only-two",
                "port.example.net a b 70000",
                "203.0.113.9 a b 8888 - norelink",
                "hub.example.net newer mine 7777"));
        var entries = ServersFile.read(dir);
        assertThat(entries).containsExactly(
                new ServerEntry("hub.example.net", "their", "mine", 8888, null, true),
                new ServerEntry("10.0.0.7", "their pw", "mine", 8889, "leaf.example.net", true),
                new ServerEntry("port.example.net", "a", "b", 8888, null, true),
                new ServerEntry("203.0.113.9", "a", "b", 8888, null, false),
                new ServerEntry("hub.example.net", "newer", "mine", 7777, null, true));
        assertThat(entries.get(1).publicName()).isEqualTo("leaf.example.net");
        assertThat(entries.get(1).matches("LEAF.example.net")).isTrue();
        assertThat(entries.get(1).matches("10.0.0.7")).isTrue();
        assertThat(entries.get(1).toString()).doesNotContain("their pw").doesNotContain("mine");
    }

    @Test
    void aMissingFileIsNoEntries() throws Exception {
        assertThat(ServersFile.read(dir)).isEmpty();
    }

    @Test
    void theChallengeResponseIsTheWorkedExampleOfTheProtocolNotes() {
        // docs/LINKING-PROTOCOL.md 2.2: B proves "beta", A proves "alpha"
        assertThat(Links.hash("1A2B3C4D5E6F7081", "9F8E7D6C5B4A3928", "beta")).isEqualTo("7AFC279EB32D74ED7271CB1427462542");
        assertThat(Links.hash("9F8E7D6C5B4A3928", "1A2B3C4D5E6F7081", "alpha")).isEqualTo("D552A3FD43C273637804F90271A4D8C7");
    }

    @Test
    void levelsAreMatchedOnTheirFirstThreeLetters() {
        assertThat(Links.levelOf("Moderator")).hasToString("MODERATOR");
        assertThat(Links.levelOf("elite")).hasToString("ELITE");
        assertThat(Links.levelOf("Lee")).hasToString("LEECH");
        assertThat(Links.levelOf("xx")).isNull();
        assertThat(Links.levelOf("Nobody")).isNull();
    }
}
