package org.opennapj.client.share;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.protocol.MediaType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedFolderTest {
    @TempDir
    Path tmp;

    private static String md5(byte[] data, int from, int count) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(data, from, Math.min(count, data.length - from));
        return HexFormat.of().formatHex(md.digest());
    }

    private Path folder() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.createDirectories(share.resolve("sub"));
        SampleMp3.write(share.resolve("sub/song.mp3"), "Song", 128, 44100, 30);
        byte[] bin = new byte[400_000];
        new Random(1).nextBytes(bin);
        Files.write(share.resolve("data.bin"), bin);
        Files.writeString(share.resolve("notes.txt"), "hello");
        return share;
    }

    @Test
    void scansFilesWithChecksumsAudioFiguresAndMediaTypes() throws Exception {
        Path share = folder();
        SharedFolder f = new SharedFolder(share, "C:\\share", 8, 100);
        ShareChanges first = f.rescan();
        assertThat(first.added()).hasSize(3);
        assertThat(first.removed()).isEmpty();

        SharedFile song = f.find("C:\\share\\sub\\song.mp3").orElseThrow();
        byte[] mp3 = Files.readAllBytes(share.resolve("sub/song.mp3"));
        int tag = (int) MpegAudio.id3v2Size(mp3, mp3.length);
        assertThat(song.isMp3()).isTrue();
        assertThat(song.bitrate()).isEqualTo(128);
        assertThat(song.sampleRate()).isEqualTo(44100);
        assertThat(song.seconds()).isEqualTo(30);
        assertThat(song.size()).isEqualTo(mp3.length);
        assertThat(song.md5()).isEqualTo(md5(mp3, tag, NapsterChecksum.HASHED_BYTES));
        assertThat(song.md5()).isNotEqualTo(md5(mp3, 0, NapsterChecksum.HASHED_BYTES));
        assertThat(song.shareLine()).isEqualTo("\"C:\\share\\sub\\song.mp3\" " + song.md5() + " " + mp3.length + " 128 44100 30");

        SharedFile bin = f.find("C:\\share\\data.bin").orElseThrow();
        byte[] data = Files.readAllBytes(share.resolve("data.bin"));
        assertThat(bin.type()).isEqualTo(MediaType.APPLICATION);
        assertThat(bin.md5()).isEqualTo(md5(data, 0, NapsterChecksum.HASHED_BYTES));
        assertThat(bin.genericShareLine()).isEqualTo("\"C:\\share\\data.bin\" 400000 " + bin.md5() + " application");
        assertThat(f.find("C:\\share\\notes.txt").orElseThrow().type()).isEqualTo(MediaType.TEXT);
    }

    @Test
    void aShortMp3IsHashedUpToItsId3v1Tag() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("short"));
        Path mp3 = share.resolve("short.mp3");
        SampleMp3.write(mp3, "Short", 128, 48000, 2);
        byte[] v1 = new byte[128];
        v1[0] = 'T';
        v1[1] = 'A';
        v1[2] = 'G';
        Files.write(mp3, v1, java.nio.file.StandardOpenOption.APPEND);
        byte[] bytes = Files.readAllBytes(mp3);
        int tag = (int) MpegAudio.id3v2Size(bytes, bytes.length);
        SharedFolder f = new SharedFolder(share, "C:\\short", 8, 100);
        f.rescan();
        SharedFile song = f.find("C:\\short\\short.mp3").orElseThrow();
        assertThat(song.md5()).isEqualTo(md5(bytes, tag, bytes.length - 128 - tag));
        assertThat(song.seconds()).isEqualTo(2);
    }

    @Test
    void defaultNamesAreTheFolderPathInBackslashForm() throws Exception {
        Path share = folder();
        SharedFolder f = new SharedFolder(share);
        f.rescan();
        String expected = share.toAbsolutePath().toString().replace('/', '\\') + "\\sub\\song.mp3";
        assertThat(f.files()).extracting(SharedFile::announcedName).contains(expected);
    }

    @Test
    void findAcceptsEitherSlashAndAnyCaseButNothingOutsideTheShares() throws Exception {
        Path share = folder();
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        SharedFolder f = new SharedFolder(share, "C:\\share", 8, 100);
        f.rescan();
        assertThat(f.find("C:/share/sub/song.mp3")).isPresent();
        assertThat(f.find("c:\\SHARE\\SUB\\SONG.MP3")).isPresent();
        assertThat(f.find("C:\\share\\..\\secret.txt")).isEmpty();
        assertThat(f.find("C:\\share\\sub\\..\\..\\secret.txt")).isEmpty();
        assertThat(f.find(tmp.resolve("secret.txt").toString())).isEmpty();
        assertThat(f.find("")).isEmpty();
        assertThat(f.find("C:\\share\\sub")).isEmpty();
    }

    @Test
    void rescanReportsAddedRemovedAndChangedFiles() throws Exception {
        Path share = folder();
        SharedFolder f = new SharedFolder(share, "C:\\share", 8, 100);
        f.rescan();
        assertThat(f.rescan().isEmpty()).isTrue();

        Files.delete(share.resolve("notes.txt"));
        Files.writeString(share.resolve("new.txt"), "new");
        Files.write(share.resolve("data.bin"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(share.resolve("data.bin"), FileTime.fromMillis(1_000_000));
        ShareChanges c = f.rescan();
        assertThat(c.added()).extracting(SharedFile::announcedName).containsExactlyInAnyOrder("C:\\share\\new.txt", "C:\\share\\data.bin");
        assertThat(c.removed()).extracting(SharedFile::announcedName).containsExactlyInAnyOrder("C:\\share\\notes.txt", "C:\\share\\data.bin");
        assertThat(f.find("C:\\share\\data.bin").orElseThrow().size()).isEqualTo(3);
        assertThat(f.find("C:\\share\\notes.txt")).isEmpty();
    }

    @Test
    void depthAndFileCountAreBounded() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("deep"));
        Path d = share;
        for (int i = 0; i < 5; i++) {
            Files.writeString(d.resolve("f" + i + ".txt"), "x");
            d = Files.createDirectories(d.resolve("d" + i));
        }
        SharedFolder shallow = new SharedFolder(share, "C:\\deep", 2, 100);
        shallow.rescan();
        assertThat(shallow.files()).extracting(SharedFile::relative)
                .containsExactlyInAnyOrder("f0.txt", "d0/f1.txt", "d0/d1/f2.txt");

        SharedFolder few = new SharedFolder(share, "C:\\deep", 10, 2);
        ShareChanges c = few.rescan();
        assertThat(few.files()).hasSize(2);
        assertThat(c.truncated()).isTrue();
    }

    @Test
    void symlinksAreNotFollowedOutOfTheFolder() throws Exception {
        Path share = folder();
        Path outsideFile = Files.writeString(tmp.resolve("outside.txt"), "outside");
        Path outsideDir = Files.createDirectories(tmp.resolve("outdir"));
        Files.writeString(outsideDir.resolve("x.txt"), "x");
        try {
            Files.createSymbolicLink(share.resolve("link-out.txt"), outsideFile);
            Files.createSymbolicLink(share.resolve("link-dir"), outsideDir);
            Files.createSymbolicLink(share.resolve("link-in.txt"), share.resolve("notes.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here");
        }
        SharedFolder f = new SharedFolder(share, "C:\\share", 8, 100);
        f.rescan();
        assertThat(f.files()).extracting(SharedFile::relative)
                .contains("link-in.txt")
                .doesNotContain("link-out.txt", "link-dir/x.txt");

        Path viaLink = Files.createSymbolicLink(tmp.resolve("share-link"), share);
        SharedFolder linked = new SharedFolder(viaLink, "C:\\share", 8, 100);
        linked.rescan();
        assertThat(linked.files()).extracting(SharedFile::relative).contains("sub/song.mp3", "data.bin", "link-in.txt");
    }

    @Test
    void namesThatCannotBeQuotedAreSkippedAndNonAsciiNamesAreUtf8OnTheWire() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("odd"));
        Files.writeString(share.resolve("caf\u00e9.txt"), "x");
        try {
            Files.writeString(share.resolve("say \"hi\".txt"), "x");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // file systems that refuse quotes need no test
        }
        SharedFolder f = new SharedFolder(share, "C:\\odd", 8, 100);
        f.rescan();
        String wire = new String("C:\\odd\\caf\u00e9.txt".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(f.files()).extracting(SharedFile::announcedName).containsExactly(wire);
        assertThat(f.find(wire)).isPresent();
    }

    @Test
    void refusesAnAnnouncedRootThatCannotBeQuoted() throws Exception {
        Path share = folder();
        assertThatThrownBy(() -> new SharedFolder(share, "C:\\a\"b", 8, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedFolder(share.resolve("data.bin"), null, 8, 100)).isInstanceOf(IOException.class);
        assertThat(Arrays.asList(MediaType.values())).extracting(MediaType::wireName)
                .containsExactlyInAnyOrder("mp3", "audio", "video", "image", "text", "application");
    }
}
