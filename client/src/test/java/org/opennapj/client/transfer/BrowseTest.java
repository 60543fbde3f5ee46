package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.share.SharedFile;

class BrowseTest {
    @TempDir
    Path tmp;

    @Test
    void browsesASharersListDirectly() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false)) {
            PeerList list = f.bob.browse(f.aliceAddress()).get(FakePeer.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(list.nick()).isEqualTo("alice");
            assertThat(list.skipped()).isZero();
            SharedFile mp3 = f.folder.find(TransferFixture.MP3).orElseThrow();
            assertThat(list.files()).hasSize(2).contains(new BrowseEntry(mp3.announcedName(), mp3.md5(), mp3.size(),
                    mp3.bitrate(), mp3.sampleRate(), mp3.seconds()));
        }
    }

    @Test
    void oddLinesAreSkippedAndEndlessLinesEndTheBrowse() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), false, false)) {
            try (FakePeer p = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                FakePeer.readExactly(in, 7);
                FakePeer.send(out, "mallory\n\"a.mp3\" 0123 10 128 44100 60\r\ngarbage\n\"b\" x y z w v\n\nignored after the end\n");
            })) {
                PeerList list = f.bob.browse(p.address()).get(FakePeer.WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(list.files()).containsExactly(new BrowseEntry("a.mp3", "0123", 10, 128, 44100, 60));
                assertThat(list.skipped()).isEqualTo(2);
            }
            try (FakePeer p = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                FakePeer.readExactly(in, 7);
                FakePeer.send(out, "mallory\n" + "x".repeat(100_000));
            })) {
                assertThatThrownBy(() -> f.bob.browse(p.address()).get(FakePeer.WAIT_SECONDS, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasMessageContaining("longer than");
            }
        }
    }

    @Test
    void overlongNamesAndChecksumsAreSkipped() {
        assertThat(BrowseEntry.parse("\"" + "n".repeat(BrowseEntry.MAX_NAME) + "\" 0123 10 128 44100 60")).isNotNull();
        assertThat(BrowseEntry.parse("\"" + "n".repeat(BrowseEntry.MAX_NAME + 1) + "\" 0123 10 128 44100 60")).isNull();
        assertThat(BrowseEntry.parse("\"a.mp3\" " + "0".repeat(BrowseEntry.MAX_MD5 + 1) + " 10 128 44100 60")).isNull();
    }

    @Test
    void aListLargerThanTheByteBudgetEndsTheBrowse() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), false, false)) {
            String line = "\"" + "n".repeat(900) + ".mp3\" 0123 10 128 44100 60\n"; // each line fine on its own
            int lines = (int) (PeerTransfers.MAX_LIST_BYTES / line.length()) + 100;
            try (FakePeer p = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                FakePeer.readExactly(in, 7);
                FakePeer.send(out, "mallory\n");
                byte[] b = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                for (int i = 0; i < lines; i++) out.write(b);
                FakePeer.send(out, "\n");
            })) {
                assertThatThrownBy(() -> f.bob.browse(p.address()).get(FakePeer.WAIT_SECONDS, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasMessageContaining("longer than " + PeerTransfers.MAX_LIST_BYTES + " bytes");
            }
        }
    }

    @Test
    void aListThatNeverEndsIsCutAtTheDeadline() throws Exception {
        TransferSettings settings = TransferSettings.defaults().withTimeouts(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(2));
        try (TransferFixture f = new TransferFixture(tmp, settings, false, false)) {
            try (FakePeer p = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                FakePeer.readExactly(in, 7);
                FakePeer.send(out, "mallory\n");
                for (int i = 0; i < 600; i++) { // a line now and then, never the end; at most a minute
                    FakePeer.send(out, "\"a" + i + ".mp3\" 0123 10 128 44100 60\n");
                    Thread.sleep(100);
                }
                FakePeer.send(out, "\n");
            })) {
                assertThatThrownBy(() -> f.bob.browse(p.address()).get(40, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasMessageContaining("did not come within");
            }
        }
    }
}
