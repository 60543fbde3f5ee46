package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.client.transfer.TransferFixture.BIN;
import static org.opennapj.client.transfer.TransferFixture.MP3;
import static org.opennapj.client.transfer.TransferFixture.await;
import static org.opennapj.client.transfer.TransferFixture.eventually;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.transfer.UploadDecision.Kind;

/**
 * Peers that lie, ramble, stall or hang up: each ends only its own transfer with a clear error,
 * nothing is written outside the download folder or beyond the announced size, and the data
 * port keeps serving everyone else.
 */
class HostilePeerTest {
    @TempDir
    Path tmp;

    /** Short step timeout so silent peers end quickly; the tests assert outcomes, never durations. */
    private static TransferSettings settings() {
        return TransferSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)).withMaxFileSize(10_000_000);
    }

    private static String ask(int port, String... sends) throws Exception {
        try (Socket s = FakePeer.connect(port)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertThat(FakePeer.readExactly(in, 1)).isEqualTo("1");
            for (String part : sends) FakePeer.send(out, part);
            return new String(FakePeer.readAll(in, 4096), StandardCharsets.ISO_8859_1);
        }
    }

    private static void stillServes(TransferFixture f) throws Exception {
        f.alice.uploadRequested("bob", MP3);
        TransferResult r = await(f.bob.download("alice", MP3, f.aliceAddress(), f.size(MP3), null));
        assertThat(r.error()).isNull();
        assertThat(Files.readAllBytes(r.file())).isEqualTo(f.shared(MP3));
    }

    @Test
    void theDataPortAnswersBadRequestsAndKeepsServing() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
        try (TransferFixture f = new TransferFixture(tmp, settings(), true, false)) {
            int port = f.alice.dataPort();
            f.alice.uploadRequested("mallory", BIN);
            assertThat(ask(port, "GET", "mallory \"C:\\share\\..\\secret.txt\" 0")).isEqualTo("FILE NOT SHARED");
            assertThat(ask(port, "GET", "mallory \"" + secret + "\" 0")).isEqualTo("FILE NOT SHARED");
            assertThat(ask(port, "GET", "mallory \"C:\\share\\sub\\..\\..\\secret.txt\" 0")).isEqualTo("FILE NOT SHARED");
            assertThat(ask(port, "GET", "mallory C:\\share\\data.bin 0")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "GET", "mallory \"\" 0")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "GET", "mallory \"C:\\share\\data.bin\" -5")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "GET", "mallory \"C:\\share\\data.bin\" 99999999999999999999999")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "GET", "mallory \"" + "x".repeat(5000) + "\" 0")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "GET", "mallory \"C:\\share\\data.bin\" " + (f.size(BIN) + 1))).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "HELLO\r\n")).isEmpty();
            assertThat(ask(port, "\u0000\u0000\u0000")).isEmpty();
            assertThat(ask(port)).isEmpty(); // silence: closed after the step timeout
            assertThat(ask(port, "GET")).isEmpty(); // silence after GET
            assertThat(ask(port, "GET", "eve \"C:\\share\\data.bin\" 0")).isEqualTo("INVALID REQUEST"); // not agreed
            assertThat(f.aliceEvents.uploadsStarted).hasValue(0);
            assertThat(f.aliceEvents.refusals).isNotEmpty();
            stillServes(f);
        }
    }

    @Test
    void aSharerThatLiesOrStallsEndsOnlyThatDownload() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), true, false)) {
            List<FakePeer.Script> liars = List.of(
                    (s, in, out) -> FakePeer.send(out, "X"),                              // wrong greeting
                    (s, in, out) -> {},                                                 // closes at once
                    (s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readAll(in, 4096); }, // silent: never a size
                    (s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readExactly(in, 3); FakePeer.send(out, "HELLO WORLD"); },
                    (s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readExactly(in, 3); FakePeer.send(out, "99999999999"); },
                    (s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readExactly(in, 3); FakePeer.send(out, "12345678901234567890123"); },
                    (s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readExactly(in, 3); FakePeer.send(out, "4000" + "x".repeat(10)); });
            for (FakePeer.Script liar : liars) {
                try (FakePeer p = new FakePeer(liar)) {
                    TransferResult r = await(f.bob.download("mallory", "evil.bin", p.address(), 5000, null));
                    assertThat(r.complete()).isFalse();
                    assertThat(r.error()).isNotBlank();
                }
            }
            assertThat(TransferFixture.files(f.bobDownloads)).allMatch(n -> n.equals("evil.bin.part") || n.equals("evil.bin.part.info"));
            assertThat(f.bobDownloads.resolve("evil.bin.part")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(Files.size(p)).isZero());
            stillServes(f);
        }
    }

    @Test
    void aSilentSharerTimesOutWithAClearError() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), false, false);
             FakePeer p = new FakePeer((s, in, out) -> { FakePeer.send(out, "1"); FakePeer.readAll(in, 4096); })) {
            TransferResult r = await(f.bob.download("mallory", "a.bin", p.address(), -1, null));
            assertThat(r.error()).contains("timed out");
        }
    }

    @Test
    void aSharerSendingMoreThanItAnnouncedIsCutAtTheAnnouncedSize() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), false, false);
             FakePeer p = new FakePeer((s, in, out) -> {
                 FakePeer.send(out, "1");
                 FakePeer.readExactly(in, 3);
                 FakePeer.send(out, "1000");
                 out.write(new byte[50_000]);
                 out.flush();
             })) {
            TransferResult r = await(f.bob.download("mallory", "small.bin", p.address(), -1, null));
            assertThat(r.error()).isNull();
            assertThat(Files.size(r.file())).isEqualTo(1000);
        }
    }

    @Test
    void remoteNamesNeverLeaveTheDownloadFolder() throws Exception {
        List<String> names = List.of("..\\..\\outside.bin", "../../outside2.bin", "C:\\Windows\\system.ini",
                "/etc/passwd", "..", "CON", "a\u0000b.bin");
        try (TransferFixture f = new TransferFixture(tmp, settings(), false, true)) {
            List<String> before = TransferFixture.files(tmp);
            for (String name : names) {
                try (FakePeer p = new FakePeer((s, in, out) -> {
                    FakePeer.send(out, "1");
                    FakePeer.readExactly(in, 3);
                    FakePeer.send(out, "3abc");
                })) {
                    TransferResult r = await(f.bob.download("mallory", name, p.address(), 3, null));
                    assertThat(r.error()).isNull();
                    assertThat(r.file().getParent()).isEqualTo(f.bobDownloads.toRealPath());
                }
            }
            // pushed downloads name the file in the peer's own SEND line
            Transfer pushed = f.bob.expectPush("mallory", "..\\..\\pushed.bin", 3, null);
            String answer;
            try (Socket s = FakePeer.connect(f.bob.dataPort())) {
                assertThat(FakePeer.readExactly(s.getInputStream(), 1)).isEqualTo("1");
                FakePeer.send(s.getOutputStream(), "SEND");
                FakePeer.send(s.getOutputStream(), "mallory \"..\\..\\pushed.bin\" 3");
                answer = FakePeer.readExactly(s.getInputStream(), 1);
                FakePeer.send(s.getOutputStream(), "xyz");
            }
            assertThat(answer).isEqualTo("0");
            assertThat(await(pushed).file()).isEqualTo(f.bobDownloads.toRealPath().resolve("pushed.bin"));
            List<String> after = TransferFixture.files(tmp);
            assertThat(after.stream().filter(n -> !before.contains(n)))
                    .allMatch(n -> n.startsWith("bob-downloads"))
                    .contains("bob-downloads/outside.bin", "bob-downloads/passwd", "bob-downloads/_CON",
                            "bob-downloads/download", "bob-downloads/a_b.bin", "bob-downloads/pushed.bin");
        }
    }

    @Test
    void pushesWeDidNotAskForOrThatLieAreRefused() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), false, true)) {
            int port = f.bob.dataPort();
            assertThat(ask(port, "SEND", "mallory \"x.bin\" 3")).isEqualTo("INVALID REQUEST");
            Transfer big = f.bob.expectPush("mallory", "big.bin", 100, null);
            assertThat(ask(port, "SEND", "mallory \"big.bin\" 100000000000")).isEqualTo("INVALID REQUEST");
            assertThat(await(big).error()).contains("more than");
            Transfer changed = f.bob.expectPush("mallory", "c.bin", 100, null);
            assertThat(ask(port, "SEND", "mallory \"c.bin\" 101")).isEqualTo("INVALID REQUEST");
            assertThat(await(changed).error()).contains("listed with 100");
            Transfer early = f.bob.expectPush("mallory", "early.bin", 100, null);
            try (Socket s = FakePeer.connect(port)) {
                FakePeer.readExactly(s.getInputStream(), 1);
                FakePeer.send(s.getOutputStream(), "SEND");
                FakePeer.send(s.getOutputStream(), "mallory \"early.bin\" 100");
                assertThat(FakePeer.readExactly(s.getInputStream(), 1)).isEqualTo("0");
                FakePeer.send(s.getOutputStream(), "0123456789");
            }
            TransferResult r = await(early);
            assertThat(r.error()).contains("closed after 10 of 100");
            assertThat(Files.size(r.file())).isEqualTo(10); // kept for resume
            assertThat(TransferFixture.files(f.bobDownloads)).containsExactly("early.bin.part", "early.bin.part.info");
            assertThat(f.bobEvents.downloadsStarted.get()).isEqualTo(f.bobEvents.downloadsEnded.get());
        }
    }

    @Test
    void aPushNamingOnlyTheBaseNameOfTheAnnouncedFileIsTakenWhenItIsUnambiguous() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), false, true)) {
            int port = f.bob.dataPort();
            // as MP3::Napster pushes: its own nick and the file's name without the folder it announced
            Transfer pushed = f.bob.expectPush("mp3nap", "Z:\\nap\\song.mp3", 3, null);
            try (Socket s = FakePeer.connect(port)) {
                assertThat(FakePeer.readExactly(s.getInputStream(), 1)).isEqualTo("1");
                FakePeer.send(s.getOutputStream(), "SEND");
                FakePeer.send(s.getOutputStream(), "mp3nap \"song.mp3\" 3");
                assertThat(FakePeer.readExactly(s.getInputStream(), 1)).isEqualTo("0");
                FakePeer.send(s.getOutputStream(), "abc");
            }
            TransferResult r = await(pushed);
            assertThat(r.error()).isNull();
            assertThat(Files.readString(r.file())).isEqualTo("abc");
            // a bare name matches only a push awaited from that same nick, ending in that name
            Transfer other = f.bob.expectPush("mp3nap", "Z:\\a\\other.mp3", 3, null);
            assertThat(ask(port, "SEND", "mp3nap \"nomatch.mp3\" 3")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "SEND", "mallory \"other.mp3\" 3")).isEqualTo("INVALID REQUEST");
            assertThat(ask(port, "SEND", "mp3nap \"a\\other.mp3\" 3")).isEqualTo("INVALID REQUEST");
            other.cancel();
        }
    }

    @Test
    void aDownloaderThatAnswersAPushWithGarbageEndsOnlyThatUpload() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), true, false)) {
            for (String reply : List.of("INVALID REQUEST", "-1", "", "999999999999")) {
                try (FakePeer p = new FakePeer((s, in, out) -> {
                    FakePeer.send(out, "1");
                    FakePeer.readExactly(in, 4 + "alice \"C:\\share\\data.bin\" 1500000".length());
                    if (!reply.isEmpty()) FakePeer.send(out, reply);
                })) {
                    assertThat(f.alice.uploadRequested("bob", BIN).kind()).isEqualTo(Kind.ACCEPTED);
                    TransferResult r = await(f.alice.pushUpload("bob", BIN, p.address().getAddress(), p.address().getPort()));
                    assertThat(r.complete()).isFalse();
                    assertThat(r.error()).isNotBlank();
                }
            }
            TransferResult notAgreed = await(f.alice.pushUpload("bob", BIN, java.net.InetAddress.getLoopbackAddress(), 1));
            assertThat(notAgreed.error()).contains("not agreed");
            eventually(() -> f.alice.slots().running() == 0);
            assertThat(f.aliceEvents.uploadsStarted).hasValue(0);
            stillServes(f);
        }
    }

    @Test
    void aDownloaderThatStopsReadingIsCutOffAndItsSlotFreed() throws Exception {
        try (TransferFixture f = new TransferFixture(tmp, settings(), true, false)) {
            try (var out = Files.newOutputStream(f.share.resolve("big.bin"))) {
                byte[] chunk = new byte[1 << 20];
                for (int i = 0; i < 64; i++) out.write(chunk);
            }
            f.folder.rescan();
            String big = "C:\\share\\big.bin";
            assertThat(f.alice.uploadRequested("mallory", big).kind()).isEqualTo(Kind.ACCEPTED);
            try (Socket s = FakePeer.connect(f.alice.dataPort())) {
                FakePeer.readExactly(s.getInputStream(), 1);
                FakePeer.send(s.getOutputStream(), "GET");
                FakePeer.send(s.getOutputStream(), "mallory \"" + big + "\" 0");
                FakePeer.readExactly(s.getInputStream(), 1000); // then reads no more
                eventually(() -> f.aliceEvents.uploadsEnded.get() == 1);
            }
            TransferResult r = f.aliceEvents.ended.get(0);
            assertThat(r.complete()).isFalse();
            assertThat(r.error()).contains("timed out");
            assertThat(r.transferred()).isLessThan(64L << 20);
            eventually(() -> f.alice.slots().running() == 0);
            stillServes(f);
        }
    }

    @Test
    void aFloodOfSilentPeersCannotTakeTheThreadsOurDownloadsNeed() throws Exception {
        TransferSettings small = new TransferSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(150),
                3, 20, Duration.ofMinutes(2), 4, 2048, 10_000_000);
        try (TransferFixture f = new TransferFixture(tmp, small, false, true);
             Socket first = FakePeer.connect(portOf(f));
             Socket second = FakePeer.connect(portOf(f))) {
            assertThat(FakePeer.readExactly(first.getInputStream(), 1)).isEqualTo("1");
            assertThat(FakePeer.readExactly(second.getInputStream(), 1)).isEqualTo("1");
            try (Socket third = FakePeer.connect(portOf(f))) {
                assertThat(third.getInputStream().read()).isEqualTo(-1); // closed without a greeting
            }
            try (FakePeer p = new FakePeer((s, in, out) -> {
                FakePeer.send(out, "1");
                FakePeer.readExactly(in, 3);
                FakePeer.send(out, "3abc");
            })) {
                TransferResult r = await(f.bob.download("carol", "c.bin", p.address(), 3, null));
                assertThat(r.error()).isNull();
            }
            assertThat(f.bobEvents.refusals).contains("too many incoming data connections");
        }
    }

    private static int portOf(TransferFixture f) {
        return f.bob.dataPort();
    }
}
