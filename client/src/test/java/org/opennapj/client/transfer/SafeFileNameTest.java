package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeFileNameTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "C:\\mp3\\Band - Song.mp3|Band - Song.mp3",
            "/home/ann/music/a.mp3|a.mp3",
            "..\\..\\..\\etc\\passwd|passwd",
            "../../.bashrc|bashrc",
            "..|download",
            ".|download",
            "C:evil.exe|evil.exe",
            "C:|download",
            "\\\\server\\share\\x.bin|x.bin",
            "CON|_CON",
            "nul.txt|_nul.txt",
            "com1.mp3|_com1.mp3",
            "LPT9|_LPT9",
            "song.mp3. . .|song.mp3",
            "'  '|download",
            "Artist: Title.mp3|Artist_ Title.mp3",
    })
    void keepsOnlyASafeBaseName(String remote, String expected) {
        assertThat(SafeFileName.of(remote)).isEqualTo(expected);
    }

    @Test
    void controlCharactersAndNulBytesAreReplaced() {
        assertThat(SafeFileName.of("a\u0000b\nc\u007f.mp3")).isEqualTo("a_b_c_.mp3");
        assertThat(SafeFileName.of("a<b>c|d?e*.txt")).isEqualTo("a_b_c_d_e_.txt");
        assertThat(SafeFileName.of("")).isEqualTo("download");
        assertThat(SafeFileName.of(null)).isEqualTo("download");
    }

    @Test
    void longNamesAreCutKeepingTheExtension() {
        String s = SafeFileName.of("x".repeat(5000) + ".mp3");
        assertThat(s).hasSize(SafeFileName.MAX_BYTES).endsWith(".mp3");
    }

    @Test
    void longNonAsciiNamesAreCutByTheirBytesAndCanBeCreated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String accents = "\u00e9".repeat(150) + ".mp3"; // 304 bytes of UTF-8
        String japanese = "\u65e5\u672c\u8a9e\u306e\u6b4c".repeat(40) + " \ud83c\udfb5.flac"; // 3- and 4-byte characters
        for (String remote : java.util.List.of(accents, japanese)) {
            String s = SafeFileName.of(remote);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(utf8.length).isLessThanOrEqualTo(SafeFileName.MAX_BYTES).isGreaterThan(SafeFileName.MAX_BYTES - 4);
            assertThat(new String(utf8, StandardCharsets.UTF_8)).as("whole characters only").isEqualTo(s);
            assertThat(remote).startsWith(s.substring(0, s.lastIndexOf('.')));
            assertThat(s).endsWith(remote.substring(remote.lastIndexOf('.')));
            java.nio.file.Files.writeString(dir.resolve(s + ".part.info"), "x");
            java.nio.file.Files.writeString(dir.resolve(s + ".part"), "x");
        }
    }

    @Test
    void c1AndBidirectionalControlsAreReplaced() {
        assertThat(SafeFileName.of("a\u009bb\u0085c.mp3")).isEqualTo("a_b_c.mp3");
        assertThat(SafeFileName.of("song\u202egpj.exe")).isEqualTo("song_gpj.exe");
        assertThat(SafeFileName.of("x\u2066y\u2069\u200f.mp3")).isEqualTo("x_y__.mp3");
    }

    @Test
    void wireNamesBecomeLocalText() {
        String utf8 = new String("caf\u00e9.mp3".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(SafeFileName.localText(utf8)).isEqualTo("caf\u00e9.mp3");
        String cp1252 = new String(new byte[] {'c', 'a', 'f', (byte) 0xe9}, StandardCharsets.ISO_8859_1);
        assertThat(SafeFileName.localText(cp1252)).isEqualTo("caf\u00e9");
    }
}
