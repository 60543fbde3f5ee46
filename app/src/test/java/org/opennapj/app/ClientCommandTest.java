package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.share.SampleMp3;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;
import picocli.CommandLine;

/**
 * {@code opennapj client share | search | get | browse} run in-process against a real server on
 * 127.0.0.1: a sharer in a thread, downloads byte-exact (directly and from a firewalled sharer),
 * a metaserver that names the server, and the one-line errors with their exit codes.
 */
class ClientCommandTest {

    @TempDir
    Path tmp;

    private OpenNapServer server;
    private Path shared;
    private Path song;
    private Path binary;

    private record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("stat_click", "0");
        server = OpenNapServer.start(tmp.resolve("server"), c, true);
        shared = Files.createDirectories(tmp.resolve("share"));
        song = shared.resolve("command line song.mp3");
        SampleMp3.write(song, "Command Line Song", 160, 44100, 15);
        binary = shared.resolve("command line data.bin");
        byte[] b = new byte[700_000];
        new Random(3).nextBytes(b);
        Files.write(binary, b);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs a command with its own output streams, so commands may run at once in several threads. */
    private static Result run(String... args) {
        return run(new StringWriter(), new StringWriter(), args);
    }

    /** As {@link #run(String...)}, into writers the caller may read while the command runs. */
    private static Result run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private String[] common(String nick, String... more) {
        List<String> a = new ArrayList<>(List.of("--server", "127.0.0.1:" + server.port(), "--nick", nick,
                "--password", "secret", "--data-address", "127.0.0.1", "--timeout", "10"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String[] cat(String[] a, String... b) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(b));
        return l.toArray(String[]::new);
    }

    /** Runs {@code client share} in a thread until interrupted. */
    private Thread share(String nick, AtomicReference<Result> result, String... more) {
        return share(nick, result, new StringWriter(), more);
    }

    private Thread share(String nick, AtomicReference<Result> result, StringWriter err, String... more) {
        Thread t = new Thread(() -> result.set(run(new StringWriter(), err,
                cat(new String[] {"client", "share", shared.toString(), "--for", "120"}, common(nick, more)))), "share-" + nick);
        t.start();
        return t;
    }

    /** Searches until the sharer's files are there (bounded). */
    private Result searchUntilFound(String nick, String... words) throws Exception {
        return searchUntilFound(nick, 1, words);
    }

    /** Searches until at least {@code results} files are found (bounded): a share is announced file by file. */
    private Result searchUntilFound(String nick, int results, String... words) throws Exception {
        Result r = null;
        for (int i = 0; i < 100; i++) {
            r = run(cat(cat(new String[] {"client", "search"}, words), common(nick)));
            if (r.code() == 0 && r.out().lines().count() >= results) return r;
            Thread.sleep(100);
        }
        return r;
    }

    private static Path saved(Result r) {
        String line = r.out().lines().filter(l -> l.startsWith("saved ")).findFirst().orElseThrow(
                () -> new AssertionError("no 'saved' line in: " + r));
        return Path.of(line.substring("saved ".length()));
    }

    @Test
    void aSharedFileIsFoundAndDownloadedByteExactDirectAndPushed() throws Exception {
        for (String dataPort : new String[] {"-1", "0"}) {
            String sharer = "alice" + (dataPort.equals("0") ? "fw" : "");
            AtomicReference<Result> shareResult = new AtomicReference<>();
            Thread sharing = share(sharer, shareResult, "--data-port", dataPort, "--as", "C:\\Shared");
            try {
                Result found = searchUntilFound("bob", 2, "command", "line");
                assertThat(found.code()).as("search: %s", found).isZero();
                List<String> lines = found.out().lines().toList();
                assertThat(lines).hasSize(2);
                assertThat(lines).allSatisfy(l -> assertThat(l.split("\t")[2]).startsWith("C:\\Shared\\command line "));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(sharer + "\t" + Files.size(song) + "\t")
                        .endsWith("command line song.mp3"));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(sharer + "\t" + Files.size(binary) + "\t")
                        .endsWith("command line data.bin"));

                Path to = tmp.resolve("downloads-" + sharer);
                Result got = run(cat(new String[] {"client", "get", "line", "song", "--to", to.toString()}, common("bob")));
                assertThat(got.code()).as("get: %s", got).isZero();
                assertThat(Files.mismatch(saved(got), song)).isEqualTo(-1L);
                got = run(cat(new String[] {"client", "get", "data", "--to", to.toString()}, common("bob")));
                assertThat(got.code()).as("get: %s", got).isZero();
                assertThat(Files.mismatch(saved(got), binary)).isEqualTo(-1L);

                Result browsed = run(cat(new String[] {"client", "browse", sharer}, common("bob")));
                assertThat(browsed.code()).as("browse: %s", browsed).isZero();
                assertThat(browsed.out().lines().toList()).hasSize(2)
                        .anySatisfy(l -> assertThat(l).isEqualTo(Files.size(binary) + "\t"
                                + found.out().lines().filter(x -> x.endsWith(".bin")).findFirst().orElseThrow().split("\t")[2]));
                if (dataPort.equals("-1")) {
                    Result direct = run(cat(new String[] {"client", "browse", sharer, "--direct"}, common("bob")));
                    assertThat(direct.code()).as("direct browse: %s", direct).isZero();
                    assertThat(direct.out().lines().toList()).hasSize(2);
                }
            } finally {
                sharing.interrupt();
                sharing.join(30_000);
            }
            assertThat(sharing.isAlive()).isFalse();
            assertThat(shareResult.get().code()).as("share: %s", shareResult.get()).isZero();
            assertThat(shareResult.get().out()).contains("sharing 2 files of").contains("uploaded ")
                    .contains(dataPort.equals("0") ? "(firewalled)" : "(data port ");
        }
    }

    @Test
    void remoteNamesArePrintedWithoutTerminalControlCharacters() throws Exception {
        try (org.opennapj.client.ServerSession raw = org.opennapj.client.ServerSession.connect("127.0.0.1", server.port(),
                java.time.Duration.ofSeconds(10))) {
            raw.send(2, "rawsharer pw 0 \"nap v1.0\" 3");
            raw.expect(java.time.Duration.ofSeconds(10), 3);
            // a name with an escape sequence that would retitle a terminal, and a tab that would split the line
            raw.send(100, "\"C:\\mp3\\evil\u001b]0;owned\u0007\ttab.mp3\" 00000000000000000000000000000000 1000 128 44100 60");
            Result r = null;
            for (int i = 0; i < 50; i++) { // the share is indexed as the server takes it: a few tries at most
                r = run("client", "search", "evil", "--server", "127.0.0.1:" + server.port(), "--nick", "looker",
                        "--password", "secret", "--data-address", "127.0.0.1");
                if (r.code() == 0) {
                    break;
                }
            }
            assertThat(r.code()).as("search: %s", r).isZero();
            assertThat(r.out()).contains("rawsharer\t1000\t").contains("\\x1B]0;owned\\x07\\x09tab.mp3")
                    .doesNotContain("\u001b").doesNotContain("\u0007");
            assertThat(r.out().strip().split("\t")).hasSize(3);
        }
    }

    @Test
    void opennapjsOwnMetaserverSendsTheClientToTheLiveServer() throws Exception {
        AtomicReference<Result> shareResult = new AtomicReference<>();
        Thread sharing = share("alice", shareResult);
        try (org.opennapj.metaserver.Metaserver meta = org.opennapj.metaserver.Metaserver.start(
                new org.opennapj.metaserver.MetaserverSettings("127.0.0.1", 0, -1, java.time.Duration.ofMinutes(10),
                        java.time.Duration.ofSeconds(5),
                        List.of(org.opennapj.metaserver.ConfiguredServer.parse("127.0.0.1:1 gone", 0),
                                org.opennapj.metaserver.ConfiguredServer.parse("127.0.0.1:" + server.port() + " here", 0)),
                        null, 0))) {
            searchUntilFound("bob", "song"); // alice is sharing
            // the metaserver checked both at its start: only the live one is handed out
            for (int i = 0; i < 3; i++) {
                Result r = run("client", "search", "song", "--metaserver", "127.0.0.1:" + meta.port(), "--nick", "bob" + i,
                        "--password", "secret", "--data-address", "127.0.0.1");
                assertThat(r.code()).as("search: %s", r).isZero();
                assertThat(r.out()).startsWith("alice\t");
            }
        } finally {
            sharing.interrupt();
            sharing.join(30_000);
        }
    }

    @Test
    void aMetaserverNamesTheServer() throws Exception {
        AtomicReference<Result> shareResult = new AtomicReference<>();
        Thread sharing = share("alice", shareResult);
        AtomicInteger asked = new AtomicInteger();
        try (ServerSocket meta = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                for (int i = 0; i < 200; i++) { // bounded: the test asks a few times at most
                    try (Socket s = meta.accept(); OutputStream o = s.getOutputStream()) {
                        asked.incrementAndGet();
                        o.write(("127.0.0.1:" + server.port() + "\n").getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "metaserver");
            answering.start();
            searchUntilFound("bob", "song"); // alice is sharing
            Result r = run("client", "search", "song", "--metaserver", "127.0.0.1:" + meta.getLocalPort(), "--nick", "bob",
                    "--password", "secret", "--data-address", "127.0.0.1");
            assertThat(r.code()).as("search: %s", r).isZero();
            assertThat(r.out()).startsWith("alice\t").contains("command line song.mp3");
            assertThat(asked.get()).isEqualTo(1);

            // a WinMX list: a server that is down, then the metaserver; tried in order
            int down;
            try (ServerSocket d = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                down = d.getLocalPort();
            }
            Path wsx = tmp.resolve("servers.wsx");
            Files.writeString(wsx, "N:down\r\nP:" + down + "\r\nT:NORMAL\r\nA:127.0.0.1\r\n\r\n"
                    + "N:meta\r\nP:" + meta.getLocalPort() + "\r\nT:META\r\nA:127.0.0.1\r\n\r\n", StandardCharsets.ISO_8859_1);
            r = run("client", "search", "song", "--servers", wsx.toString(), "--nick", "bob",
                    "--password", "secret", "--data-address", "127.0.0.1");
            assertThat(r.code()).as("search: %s", r).isZero();
            assertThat(r.out()).startsWith("alice\t");
            assertThat(asked.get()).isEqualTo(2);
        } finally {
            sharing.interrupt();
            sharing.join(30_000);
        }
    }

    @Test
    void shareReachesEveryServerAndComesBackToOneThatWasDown() throws Exception {
        int laterPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            laterPort = s.getLocalPort();
        }
        AtomicReference<Result> shareResult = new AtomicReference<>();
        StringWriter shareErr = new StringWriter();
        Thread sharing = share("alice", shareResult, shareErr, "--server", "127.0.0.1:" + laterPort);
        OpenNapServer later = null;
        try {
            assertThat(searchUntilFound("bob", "song").code()).as("alice shares on the first server").isZero();
            later = OpenNapServer.start(tmp.resolve("later"), new ServerConfig().set("listen_addr", "127.0.0.1")
                    .set("server_ports", Integer.toString(laterPort)).set("stat_click", "0"), true);
            Result r = null;
            for (int i = 0; i < 150 && (r == null || r.code() != 0); i++) { // the backoff's first waits are 1 to 3 s
                Thread.sleep(100);
                r = run("client", "search", "song", "--server", "127.0.0.1:" + laterPort, "--nick", "carol",
                        "--password", "secret", "--data-address", "127.0.0.1");
            }
            assertThat(r.code()).as("search on the server that came up later: %s", r).isZero();
            assertThat(r.out()).startsWith("alice\t");

            later.close();
            later = null;
            String dropped = laterPort + " closed the connection; reconnecting in ";
            for (int i = 0; i < 200 && !shareErr.toString().contains(dropped); i++) {
                Thread.sleep(50);
            }
            assertThat(shareErr.toString()).contains(dropped);
        } finally {
            if (later != null) later.close();
            sharing.interrupt();
            sharing.join(30_000);
        }
        assertThat(shareResult.get().code()).as("share: %s", shareResult.get()).isZero();
        assertThat(shareResult.get().err()).contains("cannot reach 127.0.0.1:" + laterPort + ": ").contains("trying again later");
        assertThat(shareResult.get().out()).contains("on 127.0.0.1:" + server.port() + " as alice")
                .contains("on 127.0.0.1:" + laterPort + " as alice");
    }

    @Test
    void failuresAreOneLineWithANonZeroExit() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Result unreachable = run("client", "search", "x", "--server", "127.0.0.1:" + closedPort, "--nick", "bob", "--password", "p");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("client search: cannot reach 127.0.0.1:" + closedPort).hasLineCount(1);
        // the same options given before the subcommand's name count as well
        Result before = run("client", "--server", "127.0.0.1:" + closedPort, "--nick", "bob", "--password", "p", "search", "x");
        assertThat(before.err()).isEqualTo(unreachable.err());

        Result registered = run(cat(new String[] {"client", "share", shared.toString(), "--for", "0", "--register", "dave@example.org"},
                common("dave")));
        assertThat(registered.code()).as("share: %s", registered).isZero();
        Result wrong = run("client", "search", "x", "--server", "127.0.0.1:" + server.port(), "--nick", "dave",
                "--password", "wrong", "--data-address", "127.0.0.1");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("client search: login at 127.0.0.1:" + server.port() + " refused: ").hasLineCount(1);

        Result none = run(cat(new String[] {"client", "search", "nothing", "like", "this"}, common("bob")));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("client search: no results for nothing like this" + System.lineSeparator());
        Result noneToGet = run(cat(new String[] {"client", "get", "nothing", "--to", tmp.resolve("d").toString()}, common("bob")));
        assertThat(noneToGet.code()).isEqualTo(1);
        assertThat(noneToGet.err()).startsWith("client get: no results for nothing");

        Result noServer = run("client", "search", "x", "--nick", "bob", "--password", "p");
        assertThat(noServer.code()).isEqualTo(2);
        assertThat(noServer.err()).startsWith("client search: no server");
    }
}
