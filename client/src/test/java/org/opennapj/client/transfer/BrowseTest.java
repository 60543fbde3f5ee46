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
}
