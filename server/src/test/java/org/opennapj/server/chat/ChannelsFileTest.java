package org.opennapj.server.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.server.store.Level;

/** The channels file's lines, ban patterns, and the durable write. */
class ChannelsFileTest {

    @TempDir
    Path dir;

    @Test
    void aLineWithEverythingSurvivesFormattingAndParsing() throws Exception {
        ChannelsFile.Entry e = new ChannelsFile.Entry("Music", 50, Level.MODERATOR, "All \"about\" music",
                ChannelMode.REGISTERED.bit() | ChannelMode.MODERATED.bit() | ChannelMode.PRIVATE.bit(),
                List.of("alice", "Bob"),
                List.of(new ChannelBan("bob!*", "alice", "flooding", 1764420000L), new ChannelBan("*!10.0.0.*", "mod", "", 1L)));
        String line = ChannelsFile.format(e);
        assertThat(line).isEqualTo("Music 50 Moderator \"All 'about' music\" +PRIVATE +MODERATED op alice op Bob"
                + " ban bob!* alice 1764420000 \"flooding\" ban *!10.0.0.* mod 1 \"\"");
        ChannelsFile.Entry back = ChannelsFile.parse(line);
        assertThat(back).isEqualTo(new ChannelsFile.Entry("Music", 50, Level.MODERATOR, "All 'about' music", e.modes(),
                e.operators(), e.bans()));
    }

    @Test
    void opennapNgLinesAreReadAndBadOnesRefused() throws Exception {
        assertThat(ChannelsFile.parse("#Help 200 Leech \"Get your questions answered here!\""))
                .isEqualTo(new ChannelsFile.Entry("#Help", 200, Level.LEECH, "Get your questions answered here!",
                        ChannelMode.REGISTERED.bit(), List.of(), List.of()));
        assertThat(ChannelsFile.parse("Lobby 0 1 oneword").topic()).isEqualTo("oneword");
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby 0 User")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby -1 User \"x\"")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby 0 Wizard \"x\"")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby 0 User \"x\" +LOUD")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby 0 User \"x\" ban bob!* alice")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> ChannelsFile.parse("Lobby 0 User \"x\" ban bob!* alice soon \"r\""))
                .isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void theFileIsReplacedWholeAndTheDefaultOnlyWrittenWhenMissing() throws Exception {
        assertThat(ChannelsFile.writeDefaultIfMissing(dir)).isTrue();
        assertThat(Files.readString(dir.resolve("channels"), StandardCharsets.ISO_8859_1)).isEqualTo(ChannelsFile.DEFAULT);
        Files.writeString(dir.resolve("channels"), "");
        assertThat(ChannelsFile.writeDefaultIfMissing(dir)).isFalse();
        try (ChannelsFile f = new ChannelsFile(dir)) {
            assertThat(f.read()).isEmpty();
            f.save(":version 1\nfirst 0 User \"a\"\n");
            f.save(":version 1\nsecond 0 User \"b\"\n");
        }
        assertThat(Files.readString(dir.resolve("channels"), StandardCharsets.ISO_8859_1)).isEqualTo(":version 1\nsecond 0 User \"b\"\n");
        assertThat(dir.resolve("channels.tmp")).doesNotExist();
        try (ChannelsFile f = new ChannelsFile(dir)) {
            assertThat(f.read()).extracting(ChannelsFile.Entry::name).containsExactly("second");
        }
    }

    @Test
    void banPatternsAreNormalizedAndMatchedLikeOpennapNg() {
        assertThat(ChannelBan.normalize("Bob")).isEqualTo("Bob!*");
        assertThat(ChannelBan.normalize("10.0.0.1")).isEqualTo("*!10.0.0.1");
        assertThat(ChannelBan.normalize("10.0.")).isEqualTo("*!10.0.*");
        assertThat(ChannelBan.normalize("b*!*")).isEqualTo("b*!*");
        ChannelBan nick = new ChannelBan("Bob!*", "alice", "", 0);
        assertThat(nick.covers("bob", "1.2.3.4")).isTrue();
        assertThat(nick.covers("bobby", "1.2.3.4")).isFalse();
        assertThat(nick.exactNick()).isEqualTo("Bob");
        ChannelBan range = new ChannelBan("*!10.0.*", "alice", "", 0);
        assertThat(range.covers("x", "10.0.9.9")).isTrue();
        assertThat(range.covers("x", "10.1.0.0")).isFalse();
        assertThat(range.exactNick()).isNull();
        ChannelBan q = new ChannelBan("d?ve!1*", "alice", "", 0);
        assertThat(q.covers("DAVE", "127.0.0.1")).isTrue();
        assertThat(q.covers("dave", "27.0.0.1")).isFalse();
        assertThat(ChannelBan.glob("a*b*c", "axxbyyc")).isTrue();
        assertThat(ChannelBan.glob("a*b*c", "axxbyy")).isFalse();
        assertThat(ChannelBan.glob("*", "")).isTrue();
    }
}
