package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.share.SampleMp3;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/**
 * The interactive client's commands driven line by line against a real server on 127.0.0.1:
 * one shell shares a folder, another searches and downloads byte-exact; channel and private
 * messages reach the other shell; whois, transfers, errors and /quit; and the JLine reader on a
 * dumb terminal with piped input.
 */
class ClientShellTest {

    @TempDir
    Path tmp;

    private OpenNapServer server;
    private Path shared;
    private Path song;
    private Path binary;
    private final List<ClientShell> shells = new ArrayList<>();

    /** What a shell printed, with bounded waits for a line to come. */
    private static final class Lines implements ClientShell.Output {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void line(String text) {
            lines.add(text);
        }

        /** Waits (at most 20 s) for a line printed since {@code from} that matches; fails otherwise. */
        String await(int from, Predicate<String> p, String what) throws InterruptedException {
            for (int i = 0; i < 400; i++) {
                for (int j = from; j < lines.size(); j++) {
                    if (p.test(lines.get(j))) return lines.get(j);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no line " + what + " in " + lines);
        }

        int mark() {
            return lines.size();
        }

        List<String> since(int from) {
            return List.copyOf(lines.subList(from, lines.size()));
        }
    }

    @BeforeEach
    void start() throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("stat_click", "0");
        Files.createDirectories(tmp.resolve("server"));
        Files.writeString(tmp.resolve("server").resolve(OpenNapServer.MOTD_FILE), "Welcome to the shell test\n");
        server = OpenNapServer.start(tmp.resolve("server"), c, true);
        shared = Files.createDirectories(tmp.resolve("share"));
        song = shared.resolve("shell test song.mp3");
        SampleMp3.write(song, "Shell Test Song", 160, 44100, 15);
        binary = shared.resolve("shell test data.bin");
        byte[] b = new byte[900_000];
        new Random(5).nextBytes(b);
        Files.write(binary, b);
    }

    @AfterEach
    void stop() {
        shells.forEach(ClientShell::close);
        server.close();
    }

    private ClientOptions options(String nick) {
        ClientOptions o = new ClientOptions();
        o.servers = new ArrayList<>(List.of("127.0.0.1:" + server.port()));
        o.nick = nick;
        o.password = "secret".toCharArray();
        o.dataAddress = "127.0.0.1";
        o.dataPort = -1;
        o.timeoutSeconds = 10;
        return o;
    }

    private ClientShell shell(String nick, Lines out) throws Exception {
        ClientShell s = new ClientShell(options(nick), tmp.resolve("downloads-" + nick), out);
        shells.add(s);
        s.connect();
        assertThat(out.lines).anySatisfy(l -> assertThat(l).startsWith("logged in as " + nick));
        out.await(0, l -> l.equals("| Welcome to the shell test"), "with the MOTD"); // and nothing of the login comes later
        return s;
    }

    /** Runs /search until a result line comes (the share reaches the server on another connection). */
    private List<String> searchUntilFound(ClientShell s, Lines out, String words) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            int m = out.mark();
            s.execute("/search " + words);
            List<String> got = out.since(m);
            if (got.stream().anyMatch(l -> l.matches("\\s*1\\. .*"))) return got;
            Thread.sleep(100);
        }
        throw new AssertionError("no results for " + words + ": " + out.lines);
    }

    @Test
    void searchThenGetDownloadsByteExactAndTransfersShowsIt() throws Exception {
        Lines aliceOut = new Lines();
        ClientShell alice = shell("alice", aliceOut);
        alice.execute("/share " + shared);
        aliceOut.await(0, l -> l.startsWith("sharing 2 files of "), "saying the share");

        Lines bobOut = new Lines();
        ClientShell bob = shell("bob", bobOut);
        List<String> results = searchUntilFound(bob, bobOut, "shell test");
        assertThat(results).anySatisfy(l -> assertThat(l).matches("\\s*\\d\\. alice .*shell test data\\.bin"));
        assertThat(results).anySatisfy(l -> assertThat(l).matches("\\s*\\d\\. alice .*shell test song\\.mp3"));
        assertThat(results).contains("2 results; /get N downloads one");
        int n = results.stream().filter(l -> l.endsWith("shell test data.bin")).map(l -> l.strip().split("\\.")[0])
                .findFirst().map(Integer::parseInt).orElseThrow();

        int m = bobOut.mark();
        bob.execute("/get " + n);
        String saved = bobOut.await(m, l -> l.matches("\\[\\d+] (saved|download of) .*"), "ending the download");
        assertThat(saved).startsWith("[1] saved ");
        Path file = Path.of(saved.substring("[1] saved ".length()));
        assertThat(file.getParent()).isEqualTo(tmp.resolve("downloads-bob").toRealPath());
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(binary));

        m = bobOut.mark();
        bob.execute("/transfers");
        assertThat(bobOut.since(m)).containsExactly("[1] download shell test data.bin from alice: done, " + file);
        aliceOut.await(0, l -> l.matches("\\[\\d+] uploaded shell test data\\.bin to bob"), "saying the upload");

        // by words: search, then the first result
        m = bobOut.mark();
        bob.execute("/get shell test song");
        saved = bobOut.await(m, l -> l.matches("\\[\\d+] (saved|download of) .*"), "ending the second download");
        assertThat(saved).startsWith("[2] saved ");
        assertThat(Files.readAllBytes(Path.of(saved.substring("[2] saved ".length())))).isEqualTo(Files.readAllBytes(song));

        // browse numbers the files for /get too
        m = bobOut.mark();
        bob.execute("/browse alice");
        assertThat(bobOut.since(m)).anySatisfy(l -> assertThat(l).matches("\\s*\\d\\. .*shell test data\\.bin"))
                .contains("alice shares 2 files; /get N downloads one");
    }

    @Test
    void channelAndPrivateMessagesReachTheOtherShell() throws Exception {
        Lines aliceOut = new Lines();
        ClientShell alice = shell("alice", aliceOut);
        Lines bobOut = new Lines();
        ClientShell bob = shell("bob", bobOut);

        int m = aliceOut.mark();
        alice.execute("hello?");
        assertThat(aliceOut.since(m)).containsExactly("error: not in a channel: /join #CHANNEL first, or /msg NICK TEXT");

        alice.execute("/join #music");
        aliceOut.await(m, l -> l.startsWith("joined #music (1 here: alice)"), "joining");
        assertThat(alice.channel()).isEqualTo("#music");
        bob.execute("/join #music");
        bobOut.await(0, l -> l.startsWith("joined #music (2 here: "), "joining");
        aliceOut.await(m, l -> l.equals("* bob joined #music"), "seeing bob join");

        alice.execute("anyone into jazz?");
        bobOut.await(0, l -> l.equals("[#music] <alice> anyone into jazz?"), "with alice's message");
        bob.execute("always");
        aliceOut.await(m, l -> l.equals("[#music] <bob> always"), "with bob's message");
        bobOut.await(0, l -> l.equals("[#music] <bob> always"), "with its own message back from the server");

        m = bobOut.mark();
        bob.execute("/msg alice see you in private");
        assertThat(bobOut.since(m)).containsExactly("-> *alice* see you in private");
        aliceOut.await(0, l -> l.equals("*bob* see you in private"), "with bob's private message");
        alice.execute("/msg bob sure");
        bobOut.await(m, l -> l.equals("*alice* sure"), "with alice's private message");
        assertThat(alice.nicks()).contains("bob");

        m = bobOut.mark();
        bob.execute("/part");
        assertThat(bobOut.since(m)).containsExactly("left #music");
        assertThat(bob.channel()).isNull();
        aliceOut.await(0, l -> l.equals("* bob left #music"), "seeing bob leave");
    }

    @Test
    void whoisErrorsAndQuit() throws Exception {
        Lines aliceOut = new Lines();
        ClientShell alice = shell("alice", aliceOut);
        Lines bobOut = new Lines();
        shell("bob", bobOut);

        int m = aliceOut.mark();
        assertThat(alice.execute("/whois bob")).isTrue();
        assertThat(aliceOut.since(m)).singleElement().satisfies(l -> assertThat(l).startsWith("bob: User, online for ")
                .contains("channels: none").contains("shares 0 files").contains("client \"OpenNapJ 0.1\""));

        m = aliceOut.mark();
        alice.execute("/dance");
        assertThat(aliceOut.since(m)).containsExactly("error: unknown command /dance; /help lists the commands");
        m = aliceOut.mark();
        alice.execute("/get 3");
        assertThat(aliceOut.since(m)).containsExactly("error: no results to get from: /search first");
        m = aliceOut.mark();
        alice.execute("/search");
        assertThat(aliceOut.since(m)).containsExactly("error: usage: /search WORDS");
        m = aliceOut.mark();
        alice.execute("/search nothing like this anywhere");
        assertThat(aliceOut.since(m)).containsExactly("error: no results for nothing like this anywhere");
        m = aliceOut.mark();
        alice.execute("/share " + tmp.resolve("not there"));
        assertThat(aliceOut.since(m)).singleElement().satisfies(l -> assertThat(l).startsWith("error: cannot share "));
        m = aliceOut.mark();
        alice.execute("/transfers");
        assertThat(aliceOut.since(m)).containsExactly("no transfers");
        m = aliceOut.mark();
        alice.execute("/help");
        assertThat(aliceOut.since(m)).hasSize(ClientShell.COMMANDS.size());

        assertThat(alice.execute("/quit")).isFalse();
    }

    @Test
    void aConnectedCallbackThatThrowsLeavesNoConnectionOpen() throws Exception {
        ClientOptions o = options("carol");
        OpenNapClient.Settings settings = o.settings(tmp.resolve("downloads-carol"), null);
        java.util.concurrent.atomic.AtomicReference<OpenNapClient> opened = new java.util.concurrent.atomic.AtomicReference<>();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.logInAnywhere(settings, null, c -> {
            opened.set(c);
            throw new IllegalStateException("listener setup failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(opened.get()).isNotNull();
        opened.get().session().closed().get(20, java.util.concurrent.TimeUnit.SECONDS); // closed, not left open
    }

    @Test
    void theJLineReaderRunsTheShellOnADumbTerminal() throws Exception {
        Lines bobOut = new Lines();
        shell("bob", bobOut);
        byte[] typed = "/whois bob\n/dance\n/quit\n/whois never reached\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), screen)) {
            ClientTerminal.Above above = new ClientTerminal.Above(terminal);
            ClientShell alice = new ClientShell(options("alice"), tmp.resolve("downloads-alice"), above);
            shells.add(alice);
            alice.connect();
            LineReader reader = ClientTerminal.reader(terminal, alice);
            above.reader(reader);
            Thread t = new Thread(() -> ClientTerminal.run(alice, reader, above, "alice"), "shell-on-dumb-terminal");
            t.start();
            t.join(30_000);
            assertThat(t.isAlive()).as("the reader ended at /quit").isFalse();
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("logged in as alice").contains("alice> ").contains("bob: User, online for ")
                .contains("error: unknown command /dance").doesNotContain("never reached");
    }

    @Test
    void theEndOfPipedInputWaitsForTheDownloads() throws Exception {
        Lines aliceOut = new Lines();
        ClientShell alice = shell("alice", aliceOut);
        alice.execute("/share " + shared);
        Lines carolOut = new Lines();
        searchUntilFound(shell("carol", carolOut), carolOut, "shell test data"); // the share has reached the server

        byte[] typed = "/get shell test data\n".getBytes(StandardCharsets.UTF_8); // no /quit: the input just ends
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), screen)) {
            ClientTerminal.Above above = new ClientTerminal.Above(terminal);
            ClientShell bob = new ClientShell(options("bob"), tmp.resolve("downloads-bob"), above);
            shells.add(bob);
            bob.connect();
            LineReader reader = ClientTerminal.reader(terminal, bob);
            above.reader(reader);
            Thread t = new Thread(() -> ClientTerminal.run(bob, reader, above, "bob"), "shell-on-dumb-terminal");
            t.start();
            t.join(60_000);
            assertThat(t.isAlive()).as("the reader ended with its input").isFalse();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("[1] saved ");
        assertThat(Files.readAllBytes(tmp.resolve("downloads-bob").resolve("shell test data.bin"))).isEqualTo(Files.readAllBytes(binary));
    }

    /**
     * A download that stays under way: a sharer whose data port is this test's, sending the size
     * and the first bytes of the file, then nothing until the test ends.
     */
    @Test
    void aDownloadUnderWayShowsItsProgressAndQuitAsksTwice() throws Exception {
        long size = 1_000_000;
        try (java.net.ServerSocket port = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             org.opennapj.client.NapClient slow = org.opennapj.client.NapClient.connect("127.0.0.1", server.port(),
                     java.time.Duration.ofSeconds(10))) {
            slow.onUploadRequest(r -> {
                try {
                    slow.acceptUpload(r.nick(), r.path());
                } catch (java.io.IOException e) {
                    // the test fails on its own
                }
            });
            slow.login(new org.opennapj.client.LoginDetails("slowpoke", "secret", port.getLocalPort(), "test", 0))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            slow.share(new org.opennapj.protocol.SharedFile("C:\\slow\\held back.mp3", "0123456789abcdef0123456789abcdef",
                    size, 128, 44100, 60));
            java.util.concurrent.CountDownLatch served = new java.util.concurrent.CountDownLatch(1);
            Thread peer = new Thread(() -> {
                try (java.net.Socket s = port.accept()) {
                    s.getOutputStream().write('1');
                    s.getOutputStream().flush();
                    s.setSoTimeout(10_000);
                    java.io.InputStream in = s.getInputStream();
                    byte[] get = in.readNBytes(3); // GET, then <nick> "<file>" <offset>, which need no answer but the size
                    assertThat(new String(get, StandardCharsets.ISO_8859_1)).isEqualTo("GET");
                    s.getOutputStream().write((size + "").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(new byte[(int) size / 4]);
                    s.getOutputStream().flush();
                    served.countDown();
                    Thread.sleep(30_000); // held until the shell quits and closes the connection
                } catch (Exception e) {
                    // closed by the downloader
                }
            }, "slow-peer");
            peer.setDaemon(true);
            peer.start();

            Lines bobOut = new Lines();
            ClientShell bob = shell("bob", bobOut);
            searchUntilFound(bob, bobOut, "held back");
            bob.execute("/get 1");
            assertThat(served.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<String> bars = List.of();
            for (int i = 0; i < 200 && (bars.isEmpty() || !bars.get(0).contains("25%")); i++) {
                bars = bob.progressLines(100);
                Thread.sleep(50);
            }
            assertThat(bars).singleElement().satisfies(l -> assertThat(l).startsWith("[1] get held back.mp3 [=====>")
                    .contains(" 25% ").endsWith("from slowpoke").hasSizeLessThanOrEqualTo(100));
            int m = bobOut.mark();
            bob.execute("/transfers");
            assertThat(bobOut.since(m)).containsExactly("[1] download held back.mp3 from slowpoke: 25% 244.1 KB of 976.6 KB");

            m = bobOut.mark();
            assertThat(bob.execute("/quit")).isTrue();
            assertThat(bobOut.since(m)).containsExactly(
                    "1 transfer is under way: /quit again stops it (partial downloads are kept for resuming)");
            assertThat(bob.execute("/quit")).isFalse();
            bob.close();
            bobOut.await(m, l -> l.startsWith("[1] download of held back.mp3 "), "ending the download");
            assertThat(bob.progressLines(100)).isEmpty();
        }
    }

    @Test
    void withoutASubcommandTheClientShowsItsUsageOrSaysWhatIsMissing() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new Main());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(cl.execute("client")).isZero();
        assertThat(out.toString()).contains("Usage: opennapj client").contains("--downloads").contains("search");

        assertThat(cl.execute("client", "--nick", "bob", "--password", "p")).isEqualTo(2);
        assertThat(err.toString()).startsWith("client: no server");
        err.getBuffer().setLength(0);
        assertThat(cl.execute("client", "--server", "127.0.0.1:" + server.port(), "--password", "p")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("client: no nick: give --nick NICK" + System.lineSeparator());
    }

    @Test
    void tabCompletesCommandsAndNicksSeen() throws Exception {
        Lines aliceOut = new Lines();
        ClientShell alice = shell("alice", aliceOut);
        shell("bob", new Lines());
        alice.execute("/whois bob");
        DefaultParser parser = new DefaultParser();
        List<Candidate> commands = new ArrayList<>();
        ClientTerminal.completer(alice).complete(null, parser.parse("/wh", 3), commands);
        assertThat(commands).extracting(Candidate::value).containsAll(ClientShell.COMMANDS);
        List<Candidate> nicks = new ArrayList<>();
        ClientTerminal.completer(alice).complete(null, parser.parse("/msg b", 6), nicks);
        assertThat(nicks).extracting(Candidate::value).contains("bob");
    }
}
