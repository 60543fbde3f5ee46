package org.opennapj.client.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MpegAudioTest {
    @TempDir
    Path dir;

    private Optional<MpegAudio.Info> analyse(Path file) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            return MpegAudio.analyse(in, Files.size(file));
        }
    }

    @ParameterizedTest
    @CsvSource({"128,48000,10", "128,44100,7", "320,32000,3", "64,22050,12", "160,24000,5", "32,11025,9", "8,8000,4"})
    void readsBitrateRateAndDurationOfEveryMpegVersion(int bitrate, int rate, int seconds) throws IOException {
        Path f = dir.resolve("a.mp3");
        SampleMp3.write(f, "Title", bitrate, rate, seconds);
        MpegAudio.Info info = analyse(f).orElseThrow();
        assertThat(info.bitrate()).isEqualTo(bitrate);
        assertThat(info.sampleRate()).isEqualTo(rate);
        assertThat(info.seconds()).isEqualTo(seconds);
        assertThat(info.vbr()).isFalse();
    }

    @Test
    void audioStartsAfterTheId3v2TagEvenWhenTheTagHoldsASyncLookalike() throws IOException {
        Path f = dir.resolve("a.mp3");
        SampleMp3.write(f, "Title", 128, 44100, 2);
        byte[] bytes = Files.readAllBytes(f);
        long tag = MpegAudio.id3v2Size(bytes, bytes.length);
        assertThat(tag).isGreaterThan(10);
        assertThat(bytes[(int) tag] & 0xff).isEqualTo(0xff);
        assertThat(analyse(f).orElseThrow().audioStart()).isEqualTo(tag);
    }

    @Test
    void xingHeaderGivesTheFrameCount() throws IOException {
        Path f = dir.resolve("vbr.mp3");
        SampleMp3.write(f, "VBR", 128, 44100, 20, true);
        MpegAudio.Info info = analyse(f).orElseThrow();
        assertThat(info.vbr()).isTrue();
        assertThat(info.seconds()).isEqualTo(20);
        assertThat(info.sampleRate()).isEqualTo(44100);
        assertThat(info.bitrate()).isBetween(126, 130);
    }

    @Test
    void aLoneSyncWordInGarbageIsNotAudio() throws IOException {
        byte[] junk = new byte[200_000];
        new Random(7).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) if ((junk[i] & 0xff) == 0xff) junk[i] = 0; // no accidental syncs
        junk[1000] = (byte) 0xff;
        junk[1001] = (byte) 0xfb;
        junk[1002] = (byte) 0x90;
        junk[1003] = 0x64;
        Path f = dir.resolve("junk.mp3");
        Files.write(f, junk);
        assertThat(analyse(f)).isEmpty();
    }

    @Test
    void emptyAndTinyFilesAreNotAudio() throws IOException {
        Path f = dir.resolve("empty.mp3");
        Files.write(f, new byte[0]);
        assertThat(analyse(f)).isEmpty();
        Files.write(f, new byte[] {'I', 'D', '3'});
        assertThat(analyse(f)).isEmpty();
    }

    @Test
    void framesAreOnlyLayerThree() {
        assertThat(MpegAudio.header(0xff, 0xfb, 0x90, 0x64)).isNotNull(); // MPEG1 L3 128k 44.1k
        assertThat(MpegAudio.header(0xff, 0xfd, 0x90, 0x64)).isNull();    // layer II
        assertThat(MpegAudio.header(0xff, 0xeb, 0x90, 0x64)).isNull();    // reserved version
        assertThat(MpegAudio.header(0xff, 0xfb, 0xf0, 0x64)).isNull();    // bad bitrate index
        assertThat(MpegAudio.header(0xff, 0xfb, 0x9c, 0x64)).isNull();    // reserved sample rate
        assertThat(MpegAudio.header(0xff, 0xfb, 0x90, 0x64).length()).isEqualTo(417);
    }
}
