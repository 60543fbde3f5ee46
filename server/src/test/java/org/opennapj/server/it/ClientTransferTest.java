package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.Search;
import org.opennapj.client.share.SampleMp3;
import org.opennapj.client.share.SharedFolder;
import org.opennapj.client.transfer.PeerList;
import org.opennapj.client.transfer.Transfer;
import org.opennapj.client.transfer.TransferEvents;
import org.opennapj.client.transfer.TransferInfo;
import org.opennapj.client.transfer.TransferProgress;
import org.opennapj.client.transfer.TransferResult;
import org.opennapj.protocol.SearchResult;

/**
 * The whole client side end to end: two {@link OpenNapClient}s on one server, alice sharing a
 * generated folder (a tagged MP3 and a binary file), bob searching and downloading from her
 * directly, from her behind a firewall (500/501 push), and resuming an interrupted download; the
 * server's transfer counters (218-221, seen in whois) rise while a transfer runs and fall after.
 */
class ClientTransferTest {

    @TempDir
    Path tmp;

    private static final long WAIT_SECONDS = 30;
    private static final int WHOIS_DOWNLOADS = 6;
    private static final int WHOIS_UPLOADS = 7;

    /** What one client's transfers told it. */
    private static final class Recorder implements TransferEvents {
        final ConcurrentLinkedQueue<TransferInfo> uploads = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<TransferResult> uploadsEnded = new ConcurrentLinkedQueue<>();

        @Override
        public void uploadStarted(TransferInfo t) {
            uploads.add(t);
        }

        @Override
        public void uploadEnded(TransferInfo t, TransferResult r) {
            uploadsEnded.add(r);
        }
    }

    private Path shared;
    private Path song;
    private Path binary;

    private void makeFolder() throws Exception {
        shared = Files.createDirectories(tmp.resolve("share"));
        song = shared.resolve("loopback song.mp3");
        SampleMp3.write(song, "Loopback Song", 128, 44100, 20);
        binary = shared.resolve("loopback data.bin");
        byte[] b = new byte[1_500_000];
        new Random(7).nextBytes(b);
        Files.write(binary, b);
    }

    private OpenNapClient client(TestServer server, String nick, int dataPort, SharedFolder folder, TransferEvents events)
            throws Exception {
        OpenNapClient.Settings s = OpenNapClient.Settings.of(nick, "pass", tmp.resolve(nick + "-downloads"))
                .withDataPort(dataPort, InetAddress.getLoopbackAddress())
                .withEvents(events)
                .withTimeout(TIMEOUT)
                .withLinkType(4);
        OpenNapClient c = OpenNapClient.connect("127.0.0.1", server.port(), s, folder);
        get(c.login());
        return c;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static TransferResult finish(CompletableFuture<Transfer> t) throws Exception {
        return get(get(t).result());
    }

    private static List<SearchResult> search(OpenNapClient c, String words) throws Exception {
        return get(c.search(Search.forWords(words).type("any")));
    }

    private static SearchResult only(List<SearchResult> results, String ending) {
        List<SearchResult> found = new ArrayList<>();
        for (SearchResult r : results) {
            if (r.file().path().endsWith(ending)) found.add(r);
        }
        assertThat(found).as("results ending in %s among %s", ending, results).hasSize(1);
        return found.get(0);
    }

    /** Asks whois until the field shows the value (bounded); the counters of two connections meet in no set order. */
    private static void awaitCounter(OpenNapClient asker, String nick, int field, String expected) throws Exception {
        String seen = null;
        for (int i = 0; i < 100; i++) {
            seen = get(asker.session().whois(nick)).fields().get(field);
            if (expected.equals(seen)) return;
            Thread.sleep(50);
        }
        assertThat(seen).as("whois %s field %d", nick, field).isEqualTo(expected);
    }

    private void assertSameBytes(TransferResult r, Path original) throws Exception {
        assertThat(r.complete()).as("result %s", r).isTrue();
        assertThat(r.file().getFileName().toString()).isEqualTo(original.getFileName().toString());
        assertThat(Files.mismatch(r.file(), original)).as("first differing byte").isEqualTo(-1L);
    }

    @Test
    void bobSearchesAndDownloadsBothFilesByteExact() throws Exception {
        makeFolder();
        Recorder aliceEvents = new Recorder();
        try (TestServer server = TestServer.start(tmp.resolve("server"));
                OpenNapClient alice = client(server, "alice", OpenNapClient.ANY_PORT, new SharedFolder(shared), aliceEvents);
                OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
            assertThat(alice.share().added()).hasSize(2);
            get(alice.session().serverPing());

            List<SearchResult> results = search(bob, "loopback");
            assertThat(results).hasSize(2);
            SearchResult mp3 = only(results, "loopback song.mp3");
            assertThat(mp3.file().bitrate()).isEqualTo(128);
            assertThat(mp3.file().frequency()).isEqualTo(44100);
            assertThat(mp3.nick()).isEqualTo("alice");

            assertSameBytes(finish(bob.download(mp3, TransferProgress.NONE)), song);
            assertSameBytes(finish(bob.download(only(results, "loopback data.bin"), TransferProgress.NONE)), binary);
            assertThat(aliceEvents.uploads).extracting(TransferInfo::firewalled).containsExactly(false, false);

            awaitCounter(bob, "alice", WHOIS_UPLOADS, "0");
            awaitCounter(alice, "bob", WHOIS_DOWNLOADS, "0");
        }
    }

    @Test
    void aFirewalledSharerPushesBothFiles() throws Exception {
        makeFolder();
        Recorder aliceEvents = new Recorder();
        try (TestServer server = TestServer.start(tmp.resolve("server"));
                OpenNapClient alice = client(server, "alice", OpenNapClient.FIREWALLED, new SharedFolder(shared), aliceEvents);
                OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
            assertThat(alice.dataPort()).isZero();
            alice.share();
            get(alice.session().serverPing());

            List<SearchResult> results = search(bob, "loopback");
            assertSameBytes(finish(bob.download(only(results, ".mp3"), TransferProgress.NONE)), song);
            assertSameBytes(finish(bob.download(only(results, ".bin"), TransferProgress.NONE)), binary);
            assertThat(aliceEvents.uploads).extracting(TransferInfo::firewalled).containsExactly(true, true);

            awaitCounter(bob, "alice", WHOIS_UPLOADS, "0");
            awaitCounter(alice, "bob", WHOIS_DOWNLOADS, "0");
        }
    }

    @Test
    void bothFirewalledIsRefusedByTheServer() throws Exception {
        makeFolder();
        try (TestServer server = TestServer.start(tmp.resolve("server"));
                OpenNapClient alice = client(server, "alice", OpenNapClient.FIREWALLED, new SharedFolder(shared), null);
                OpenNapClient bob = client(server, "bob", OpenNapClient.FIREWALLED, null, null)) {
            alice.share();
            get(alice.session().serverPing());
            // the server leaves a firewalled user's files out of a firewalled searcher's results
            assertThat(search(bob, "loopback")).isEmpty();
            String name = alice.folder().files().iterator().next().announcedName();
            assertThat(bob.download("alice", name, -1, null, TransferProgress.NONE))
                    .failsWithin(WAIT_SECONDS, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(org.opennapj.client.DownloadRefusedException.class);
        }
    }

    @Test
    void fullUploadSlotsAreAnsweredWith619AndEndAPushAtOnce() throws Exception {
        makeFolder();
        for (int mode : new int[] {OpenNapClient.ANY_PORT, OpenNapClient.FIREWALLED}) {
            try (TestServer server = TestServer.start(tmp.resolve("server" + mode))) {
                OpenNapClient.Settings s = OpenNapClient.Settings.of("alice", "pass", tmp.resolve("alice-downloads"))
                        .withDataPort(mode, InetAddress.getLoopbackAddress())
                        .withTransfers(org.opennapj.client.transfer.TransferSettings.defaults().withUploadSlots(0, 0))
                        .withTimeout(TIMEOUT);
                try (OpenNapClient alice = OpenNapClient.connect("127.0.0.1", server.port(), s, new SharedFolder(shared));
                        OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
                    get(alice.login());
                    alice.share();
                    get(alice.session().serverPing());
                    SearchResult r = only(search(bob, "loopback"), ".bin");
                    CompletableFuture<Transfer> t = bob.download(r, TransferProgress.NONE);
                    if (mode == OpenNapClient.FIREWALLED) {
                        // the 204 (port 0) came; the 500's 607 got a 619, which the server passes on as 620
                        TransferResult failed = get(get(t).result());
                        assertThat(failed.status()).isEqualTo(TransferResult.Status.FAILED);
                        assertThat(failed.error()).contains("620");
                    } else {
                        assertThat(t).failsWithin(WAIT_SECONDS, TimeUnit.SECONDS)
                                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                                .withCauseInstanceOf(org.opennapj.client.DownloadRefusedException.class);
                    }
                }
            }
        }
    }

    @Test
    void countersRiseWhileATransferRunsAndFallAfter() throws Exception {
        makeFolder();
        for (int mode : new int[] {OpenNapClient.ANY_PORT, OpenNapClient.FIREWALLED}) {
            try (TestServer server = TestServer.start(tmp.resolve("server" + mode));
                    OpenNapClient alice = client(server, "alice", mode, new SharedFolder(shared), null);
                    OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
                alice.share();
                get(alice.session().serverPing());
                SearchResult r = only(search(bob, "loopback"), ".bin");

                CountDownLatch midway = new CountDownLatch(1);
                CountDownLatch resume = new CountDownLatch(1);
                TransferProgress holdAtAQuarter = (done, total) -> {
                    if (done >= total / 4 && done < total && midway.getCount() > 0) {
                        midway.countDown();
                        try {
                            resume.await(WAIT_SECONDS, TimeUnit.SECONDS); // a transfer thread, not the session's
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                CompletableFuture<Transfer> t = bob.download(r, holdAtAQuarter);
                assertThat(midway.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the transfer got a quarter in").isTrue();
                awaitCounter(bob, "alice", WHOIS_UPLOADS, "1");
                awaitCounter(alice, "bob", WHOIS_DOWNLOADS, "1");
                resume.countDown();
                TransferResult done = get(get(t).result());
                assertSameBytes(done, binary);
                Files.delete(done.file());
                awaitCounter(bob, "alice", WHOIS_UPLOADS, "0");
                awaitCounter(alice, "bob", WHOIS_DOWNLOADS, "0");
            }
        }
    }

    @Test
    void anInterruptedDownloadResumesFromItsOffset() throws Exception {
        makeFolder();
        for (int mode : new int[] {OpenNapClient.ANY_PORT, OpenNapClient.FIREWALLED}) {
            Recorder aliceEvents = new Recorder();
            Path downloads = tmp.resolve("bob-downloads");
            try (TestServer server = TestServer.start(tmp.resolve("server" + mode));
                    OpenNapClient alice = client(server, "alice", mode, new SharedFolder(shared), aliceEvents);
                    OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
                alice.share();
                get(alice.session().serverPing());
                SearchResult r = only(search(bob, "loopback"), ".bin");
                long size = Files.size(binary);

                // the first try stops once half the file is in
                AtomicReference<Transfer> first = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                TransferProgress stopAtHalf = (done, total) -> {
                    try {
                        started.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (done >= total / 2 && done < total) first.get().cancel();
                };
                Transfer t = get(bob.download(r, stopAtHalf));
                first.set(t);
                started.countDown();
                TransferResult stopped = get(t.result());
                assertThat(stopped.status()).isEqualTo(TransferResult.Status.CANCELLED);
                Path partial = downloads.resolve("loopback data.bin.part");
                assertThat(stopped.file().getFileName()).isEqualTo(partial.getFileName());
                long have = Files.size(partial);
                assertThat(have).isBetween(size / 2, size - 1);
                assertThat(Files.mismatch(partial, binary)).as("the partial file is the file's start").isEqualTo(have);

                TransferResult resumed = finish(bob.download(r, TransferProgress.NONE));
                assertSameBytes(resumed, binary);
                assertThat(resumed.transferred()).isEqualTo(size - have);
                assertThat(aliceEvents.uploads).extracting(TransferInfo::offset).containsExactly(0L, have);
                assertThat(aliceEvents.uploads).extracting(TransferInfo::firewalled)
                        .containsOnly(mode == OpenNapClient.FIREWALLED);
                awaitCounter(bob, "alice", WHOIS_UPLOADS, "0");
                awaitCounter(alice, "bob", WHOIS_DOWNLOADS, "0");
                Files.delete(resumed.file());
            }
        }
    }

    @Test
    void aRescanWithdrawsAndAnnouncesAndDirectBrowseListsTheFolder() throws Exception {
        makeFolder();
        try (TestServer server = TestServer.start(tmp.resolve("server"));
                OpenNapClient alice = client(server, "alice", OpenNapClient.ANY_PORT, new SharedFolder(shared), null);
                OpenNapClient bob = client(server, "bob", OpenNapClient.ANY_PORT, null, null)) {
            alice.share();
            PeerList list = get(bob.browseDirect("alice"));
            assertThat(list.nick()).isEqualTo("alice");
            assertThat(list.files()).extracting(e -> e.fileName().substring(e.fileName().lastIndexOf('\\') + 1))
                    .containsExactlyInAnyOrder("loopback song.mp3", "loopback data.bin");

            Files.delete(binary);
            Files.writeString(shared.resolve("loopback notes.txt"), "new");
            var changes = alice.share();
            assertThat(changes.removed()).hasSize(1);
            assertThat(changes.added()).hasSize(1);
            get(alice.session().serverPing());
            assertThat(search(bob, "loopback")).extracting(x -> x.file().path().substring(x.file().path().lastIndexOf('\\') + 1))
                    .containsExactlyInAnyOrder("loopback song.mp3", "loopback notes.txt");
            assertThat(alice.share().isEmpty()).as("nothing changed since").isTrue();
        }
    }
}
