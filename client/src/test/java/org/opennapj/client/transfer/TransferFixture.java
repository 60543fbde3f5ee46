package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.opennapj.client.share.SampleMp3;
import org.opennapj.client.share.SharedFolder;

/** Two peers on loopback: alice shares a generated folder, bob downloads. */
final class TransferFixture implements AutoCloseable {
    static final String MP3 = "C:\\share\\sub\\Band - Song.mp3";
    static final String BIN = "C:\\share\\data.bin";

    final Path root;
    final Path share;
    final SharedFolder folder;
    final Recorder aliceEvents = new Recorder();
    final Recorder bobEvents = new Recorder();
    final PeerTransfers alice;
    final PeerTransfers bob;
    final Path bobDownloads;

    TransferFixture(Path root, TransferSettings settings, boolean aliceListens, boolean bobListens) throws IOException {
        this.root = root;
        share = Files.createDirectories(root.resolve("share"));
        Files.createDirectories(share.resolve("sub"));
        SampleMp3.write(share.resolve("sub/Band - Song.mp3"), "Song", 128, 44100, 40);
        byte[] bin = new byte[1_500_000];
        new Random(42).nextBytes(bin);
        Files.write(share.resolve("data.bin"), bin);
        folder = new SharedFolder(share, "C:\\share", 8, 100);
        folder.rescan();
        bobDownloads = root.resolve("bob-downloads");
        alice = new PeerTransfers(() -> "alice", folder, root.resolve("alice-downloads"), settings, aliceEvents);
        bob = new PeerTransfers(() -> "bob", null, bobDownloads, settings, bobEvents);
        if (aliceListens) alice.openDataPort(InetAddress.getLoopbackAddress(), 0);
        if (bobListens) bob.openDataPort(InetAddress.getLoopbackAddress(), 0);
    }

    static TransferSettings settings() {
        return TransferSettings.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    InetSocketAddress aliceAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), alice.dataPort());
    }

    byte[] shared(String announced) throws IOException {
        return Files.readAllBytes(folder.find(announced).orElseThrow().local());
    }

    long size(String announced) {
        return folder.find(announced).orElseThrow().size();
    }

    static TransferResult await(Transfer t) throws Exception {
        return t.result().get(FakePeer.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits (bounded) until the condition holds; fails the test otherwise. */
    static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 400 && !condition.getAsBoolean(); i++) Thread.sleep(50);
        assertThat(condition.getAsBoolean()).as("condition reached within the bound").isTrue();
    }

    /** Every file below {@code dir}, relative. */
    static List<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }

    /** Counts the 218-221 events and keeps what happened. */
    static final class Recorder implements TransferEvents {
        final AtomicInteger downloadsStarted = new AtomicInteger();
        final AtomicInteger downloadsEnded = new AtomicInteger();
        final AtomicInteger uploadsStarted = new AtomicInteger();
        final AtomicInteger uploadsEnded = new AtomicInteger();
        final List<TransferInfo> started = new CopyOnWriteArrayList<>();
        final List<TransferResult> ended = new CopyOnWriteArrayList<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();

        @Override
        public void downloadStarted(TransferInfo t) {
            started.add(t);
            downloadsStarted.incrementAndGet();
        }

        @Override
        public void downloadEnded(TransferInfo t, TransferResult r) {
            ended.add(r);
            downloadsEnded.incrementAndGet();
        }

        @Override
        public void uploadStarted(TransferInfo t) {
            started.add(t);
            uploadsStarted.incrementAndGet();
        }

        @Override
        public void uploadEnded(TransferInfo t, TransferResult r) {
            ended.add(r);
            uploadsEnded.incrementAndGet();
        }

        @Override
        public void refused(String peer, String reason) {
            refusals.add(reason);
        }
    }
}
