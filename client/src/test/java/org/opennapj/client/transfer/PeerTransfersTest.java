package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.client.transfer.TransferFixture.BIN;
import static org.opennapj.client.transfer.TransferFixture.MP3;
import static org.opennapj.client.transfer.TransferFixture.await;
import static org.opennapj.client.transfer.TransferFixture.eventually;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.transfer.UploadDecision.Kind;

class PeerTransfersTest {
    @TempDir
    Path tmp;

    @Test
    void downloadsFromTheSharersDataPortByteExact() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false)) {
            for (String name : List.of(MP3, BIN)) {
                assertThat(f.alice.uploadRequested("bob", name).kind()).isEqualTo(Kind.ACCEPTED);
                List<long[]> progress = new CopyOnWriteArrayList<>();
                TransferResult r = await(f.bob.download("alice", name, f.aliceAddress(), f.size(name),
                        (done, total) -> progress.add(new long[] {done, total})));
                assertThat(r.error()).isNull();
                assertThat(r.complete()).isTrue();
                assertThat(r.transferred()).isEqualTo(f.size(name));
                assertThat(Files.readAllBytes(r.file())).isEqualTo(f.shared(name));
                assertThat(progress.get(progress.size() - 1)).containsExactly(f.size(name), f.size(name));
            }
            assertThat(TransferFixture.files(f.bobDownloads)).containsExactly("Band - Song.mp3", "data.bin");
            eventually(() -> f.aliceEvents.uploadsEnded.get() == 2);
            assertThat(f.aliceEvents.uploadsStarted).hasValue(2);
            assertThat(f.bobEvents.downloadsStarted).hasValue(2);
            assertThat(f.bobEvents.downloadsEnded).hasValue(2);
            assertThat(f.aliceEvents.started).allSatisfy(t -> {
                assertThat(t.direction()).isEqualTo(TransferInfo.Direction.UPLOAD);
                assertThat(t.nick()).isEqualTo("bob");
                assertThat(t.firewalled()).isFalse();
            });
            eventually(() -> f.alice.slots().running() == 0);
        }
    }

    @Test
    void aFirewalledSharerPushesTheFileToTheDownloadersDataPort() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), false, true)) {
            assertThat(f.alice.dataPort()).isZero();
            for (String name : List.of(MP3, BIN)) {
                Transfer download = f.bob.expectPush("alice", name, f.size(name), TransferProgress.NONE);
                assertThat(f.alice.uploadRequested("bob", name).kind()).isEqualTo(Kind.ACCEPTED);
                Transfer upload = f.alice.pushUpload("bob", name, InetAddress.getLoopbackAddress(), f.bob.dataPort());
                TransferResult down = await(download);
                TransferResult up = await(upload);
                assertThat(down.error()).isNull();
                assertThat(up.error()).isNull();
                assertThat(Files.readAllBytes(down.file())).isEqualTo(f.shared(name));
                assertThat(up.transferred()).isEqualTo(f.size(name));
            }
            assertThat(f.aliceEvents.uploadsEnded).hasValue(2);
            assertThat(f.bobEvents.downloadsEnded).hasValue(2);
            assertThat(f.bobEvents.started).allSatisfy(t -> assertThat(t.firewalled()).isTrue());
        }
    }

    @Test
    void whenBothAreFirewalledNothingIsAttempted() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), false, false)) {
            TransferResult r = await(f.bob.expectPush("alice", BIN, f.size(BIN), null));
            assertThat(r.complete()).isFalse();
            assertThat(r.error()).contains("firewalled");
        }
    }

    @Test
    void resumesAnInterruptedDownloadFromItsPartialFile() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false)) {
            byte[] whole = f.shared(BIN);
            int half = whole.length / 2;
            String[] asked = new String[1];
            try (FakePeer cut = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                asked[0] = FakePeer.readExactly(in, 3 + "bob \"C:\\share\\data.bin\" 0".length());
                out.write(Long.toString(whole.length).getBytes());
                out.write(whole, 0, half);
                out.flush();
            })) {
                TransferResult r = await(f.bob.download("alice", BIN, cut.address(), whole.length, null));
                cut.awaitDone();
                assertThat(asked[0]).isEqualTo("GETbob \"C:\\share\\data.bin\" 0");
                assertThat(r.complete()).isFalse();
                assertThat(r.error()).contains("closed after " + half);
                assertThat(r.file().getFileName().toString()).isEqualTo("data.bin.part");
                assertThat(Files.readAllBytes(r.file())).isEqualTo(Arrays.copyOf(whole, half));
            }
            assertThat(f.bobEvents.downloadsEnded).hasValue(1);

            f.alice.uploadRequested("bob", BIN);
            TransferResult r = await(f.bob.download("alice", BIN, f.aliceAddress(), whole.length, null));
            assertThat(r.error()).isNull();
            assertThat(r.transferred()).isEqualTo(whole.length - half);
            assertThat(Files.readAllBytes(r.file())).isEqualTo(whole);
            eventually(() -> f.aliceEvents.started.size() == 1);
            assertThat(f.aliceEvents.started.get(0).offset()).isEqualTo(half);
            assertThat(TransferFixture.files(f.bobDownloads)).containsExactly("data.bin");
        }
    }

    /** Plays a sharer of {@code content} that expects offset 0 and sends at most {@code send} bytes of it. */
    private static FakePeer sharer(String expectHeader, byte[] content, int send, String[] asked) throws Exception {
        return new FakePeer((s, in, out) -> {
            FakePeer.send(out, "1");
            asked[0] = FakePeer.readExactly(in, 3 + expectHeader.length());
            out.write(Long.toString(content.length).getBytes());
            out.write(content, 0, send);
            out.flush();
        });
    }

    @Test
    void aPartialFileOfAnotherFileWithTheSameNameIsNotContinued() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false)) {
            byte[] first = new byte[100];
            Arrays.fill(first, (byte) 'a');
            byte[] second = new byte[200];
            for (int i = 0; i < second.length; i++) second[i] = (byte) i;
            String[] asked = new String[1];
            try (FakePeer a = sharer("bob \"A:\\x.mp3\" 0", first, 50, asked)) {
                TransferResult r = await(f.bob.download("peerA", "A:\\x.mp3", a.address(), 100, null));
                a.awaitDone();
                assertThat(r.complete()).isFalse();
                assertThat(Files.size(r.file())).isEqualTo(50);
            }
            // another peer's x.mp3, of another size: from 0, not from the 50 bytes of the first
            try (FakePeer b = sharer("bob \"B:\\x.mp3\" 0", second, second.length, asked)) {
                TransferResult r = await(f.bob.download("peerB", "B:\\x.mp3", b.address(), 200, null));
                b.awaitDone();
                assertThat(asked[0]).isEqualTo("GETbob \"B:\\x.mp3\" 0");
                assertThat(r.error()).isNull();
                assertThat(Files.readAllBytes(r.file())).isEqualTo(second);
            }
            // the same name and size from another peer after a cut: not continued either
            try (FakePeer a = sharer("bob \"A:\\x.mp3\" 0", first, 50, asked)) {
                assertThat(await(f.bob.download("peerA", "A:\\x.mp3", a.address(), 100, null)).complete()).isFalse();
            }
            byte[] other = new byte[100];
            Arrays.fill(other, (byte) 'c');
            try (FakePeer c = sharer("bob \"A:\\x.mp3\" 0", other, other.length, asked)) {
                TransferResult r = await(f.bob.download("peerC", "A:\\x.mp3", c.address(), 100, null));
                c.awaitDone();
                assertThat(asked[0]).isEqualTo("GETbob \"A:\\x.mp3\" 0");
                assertThat(Files.readAllBytes(r.file())).isEqualTo(other);
            }
            assertThat(TransferFixture.files(f.bobDownloads)).containsExactlyInAnyOrder("x.mp3", "x (1).mp3");
        }
    }

    @Test
    void aPushedDownloadResumesToo() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), false, true)) {
            byte[] whole = f.shared(BIN);
            Files.createDirectories(f.bobDownloads);
            Files.write(f.bobDownloads.resolve("data.bin.part"), Arrays.copyOf(whole, 1000));
            PartialInfo.write(f.bobDownloads.resolve("data.bin.part"), new PartialInfo("alice", BIN, whole.length));
            Transfer download = f.bob.expectPush("alice", BIN, whole.length, null);
            f.alice.uploadRequested("bob", BIN);
            TransferResult up = await(f.alice.pushUpload("bob", BIN, InetAddress.getLoopbackAddress(), f.bob.dataPort()));
            TransferResult down = await(download);
            assertThat(down.error()).isNull();
            assertThat(up.transferred()).isEqualTo(whole.length - 1000);
            assertThat(Files.readAllBytes(down.file())).isEqualTo(whole);
            assertThat(f.aliceEvents.started.get(0).offset()).isEqualTo(1000);
        }
    }

    @Test
    void aDownloadNotAgreedToOrOfAFileNotSharedIsRefusedWithTheProtocolsWords() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false)) {
            TransferResult notAgreed = await(f.bob.download("alice", BIN, f.aliceAddress(), f.size(BIN), null));
            assertThat(notAgreed.complete()).isFalse();
            assertThat(notAgreed.error()).isEqualTo("peer refused: INVALID REQUEST");

            TransferResult notShared = await(f.bob.download("alice", "C:\\share\\nothing.mp3", f.aliceAddress(), -1, null));
            assertThat(notShared.error()).isEqualTo("peer refused: FILE NOT SHARED");
            assertThat(TransferFixture.files(f.bobDownloads)).isEmpty();
            assertThat(f.bobEvents.downloadsStarted).hasValue(0);
            assertThat(f.aliceEvents.uploadsStarted).hasValue(0);
            assertThat(f.alice.uploadRequested("bob", "C:\\share\\nothing.mp3").kind()).isEqualTo(Kind.NOT_SHARED);
        }
    }

    @Test
    void slotsQueueTheNextRequesterUntilAnUploadEnds() throws Exception {
        TransferSettings oneSlot = TransferFixture.settings().withUploadSlots(1, 5);
        try (TransferFixture f = new TransferFixture(tmp, oneSlot, true, false)) {
            assertThat(f.alice.uploadRequested("bob", BIN).kind()).isEqualTo(Kind.ACCEPTED);
            UploadDecision carol = f.alice.uploadRequested("carol", MP3);
            assertThat(carol.kind()).isEqualTo(Kind.QUEUED);
            assertThat(carol.limit()).isEqualTo(1);
            assertThat(await(f.bob.download("alice", BIN, f.aliceAddress(), f.size(BIN), null)).complete()).isTrue();
            eventually(() -> f.alice.slots().running() == 0);
            assertThat(f.alice.uploadRequested("dave", MP3).kind()).isEqualTo(Kind.QUEUED);
            assertThat(f.alice.uploadRequested("carol", MP3).kind()).isEqualTo(Kind.ACCEPTED);
        }
    }

    @Test
    void aDirectBrowseGetsTheNickAndEveryShareLine() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, TransferFixture.settings(), true, false);
             var s = FakePeer.connect(f.alice.dataPort())) {
            assertThat(FakePeer.readExactly(s.getInputStream(), 1)).isEqualTo("1");
            FakePeer.send(s.getOutputStream(), "GETLIST");
            String list = new String(FakePeer.readAll(s.getInputStream(), 1 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
            String mp3 = f.folder.find(MP3).orElseThrow().shareLine();
            String bin = f.folder.find(BIN).orElseThrow().shareLine();
            assertThat(list).isEqualTo("alice\n" + bin + "\n" + mp3 + "\n\n");
        }
    }
}
