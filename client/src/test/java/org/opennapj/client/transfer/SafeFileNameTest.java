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
        assertThat(s).hasSize(SafeFileName.MAX_LENGTH).endsWith(".mp3");
    }

    @Test
    void wireNamesBecomeLocalText() {
        String utf8 = new String("caf\u00e9.mp3".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(SafeFileName.localText(utf8)).isEqualTo("caf\u00e9.mp3");
        String cp1252 = new String(new byte[] {'c', 'a', 'f', (byte) 0xe9}, StandardCharsets.ISO_8859_1);
        assertThat(SafeFileName.localText(cp1252)).isEqualTo("caf\u00e9");
    }
}
