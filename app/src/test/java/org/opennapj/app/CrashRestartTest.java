package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/**
 * The executable as an operator runs it: {@code opennapj server} in its own JVM, killed with
 * SIGKILL right after it acknowledged a registration and a password change, then restarted on the
 * same data directory; and {@code opennapj setup} creating a data directory with an Elite account.
 */
class CrashRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ the server as a process

    private final List<ChildServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (ChildServer server : servers) {
            server.close();
        }
    }

    /**
     * Starts {@code opennapj server} in a new JVM and waits (bounded) until its port accepts; with
     * warmUp the server warms up first (connections wait in the listen backlog meanwhile).
     */
    private ChildServer startServer(Path data, String name, boolean warmUp) throws Exception {
        ChildServer server = ChildServer.start(data, dir, name, ChildServer.Output.MERGED,
                "-o", "password_hash_iterations=1000", warmUp ? "--warm-up" : "--no-warm-up");
        servers.add(server);
        return server;
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no output)";
    }

    /** SIGKILL, then checks the process is really gone. */
    private static void kill9(ChildServer r) throws Exception {
        long pid = r.process().pid();
        r.process().destroyForcibly();
        assertThat(r.process().waitFor(10, TimeUnit.SECONDS)).as("killed server exits").isTrue();
        assertThat(r.process().exitValue()).as("exit status of a SIGKILLed JVM (128 + 9)").isEqualTo(137);
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        assertThat(h.isEmpty() || !h.get().isAlive()).as("process %d is gone", pid).isTrue();
    }

    private static ServerSession connect(int port) throws IOException {
        return ServerSession.connect("127.0.0.1", port, WAIT);
    }

    @Test
    void acknowledgedRegistrationAndPasswordChangeSurviveKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        ChildServer first = startServer(data, "first", true);
        try (ServerSession s = connect(first.port())) {
            s.send(MessageType.NICK_CHECK.code(), "crashtest");
            s.expect(WAIT, MessageType.NICK_NOT_REGISTERED.code());
            s.send(MessageType.NEW_USER_LOGIN.code(), "crashtest firstpass 6699 \"nap v1.0\" 3 crash@example.com");
            Message ack = s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
            assertThat(ack).isEqualTo(Message.of(MessageType.LOGIN_ACK, "crash@example.com"));
            kill9(first);  // the very moment the registration was acknowledged
        }
        // the first server warmed up before it took the client, which waited meanwhile
        assertThat(read(first.log())).containsSubsequence("Warming up", "Warmed up: 3 rounds of 1000 clients",
                "is running");

        ChildServer second = startServer(data, "second", false);
        try (ServerSession s = connect(second.port())) {
            s.send(MessageType.LOGIN.code(), "crashtest firstpass 6699 \"nap v1.0\" 3");
            Message ack = s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
            assertThat(ack).as("login after the crash").isEqualTo(Message.of(MessageType.LOGIN_ACK, "crash@example.com"));
            s.expect(WAIT, MessageType.STATS.code());
            s.send(MessageType.CHANGE_PASSWORD.code(), "secondpass");
            Message changed = s.expect(WAIT, MessageType.NOTICE.code());
            assertThat(changed.data()).containsIgnoringCase("password");
            kill9(second);  // right after the password change was acknowledged
        }

        ChildServer third = startServer(data, "third", false);
        try (ServerSession wrong = connect(third.port())) {
            wrong.send(MessageType.LOGIN.code(), "crashtest firstpass 6699 \"nap v1.0\" 3");
            assertThat(wrong.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                    .as("the old password after the change").isEqualTo(MessageType.ERROR.code());
        }
        try (ServerSession s = connect(third.port())) {
            s.send(MessageType.LOGIN.code(), "crashtest secondpass 6699 \"nap v1.0\" 3");
            Message ack = s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
            assertThat(ack).isEqualTo(Message.of(MessageType.LOGIN_ACK, "crash@example.com"));
        }
        // a clean stop (SIGTERM runs the shutdown hook)
        third.process().destroy();
        assertThat(third.process().waitFor(20, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
    }

    @Test
    void anElitesKillServerStopsTheProcessCleanly() throws Exception {
        Path data = dir.resolve("killed");
        CommandRun r = run("setup", "--data", data.toString(), "--elite", "chief:secret", "--email", "chief@example.com");
        assertThat(r.code()).as("setup exit code; stderr: %s", r.err()).isZero();
        String name = ServerConfig.load(data.resolve(OpenNapServer.CONFIG_FILE)).string("server_name");
        ChildServer running = startServer(data, "killed", false);
        try (ServerSession s = connect(running.port())) {
            s.send(MessageType.LOGIN.code(), "chief secret 6699 \"nap v1.0\" 3");
            assertThat(s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                    .isEqualTo(MessageType.LOGIN_ACK.code());
            s.send(MessageType.KILL_SERVER.code(), Fields.quote(name) + " \"maintenance\"");
            assertThat(running.process().waitFor(20, TimeUnit.SECONDS)).as("the server process ends after 10110").isTrue();
        }
        assertThat(running.process().exitValue()).as("exit status; output:%n%s", read(running.log())).isZero();
        assertThat(read(running.log())).contains("OpenNapJ has stopped.");
    }

    // ------------------------------------------------------------------ setup

    /** Runs the command in this JVM: its exit code and what it printed. */
    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void setupCreatesADataDirectoryWhoseEliteLogsIn() throws Exception {
        Path data = dir.resolve("fresh");
        CommandRun r = run("setup", "--data", data.toString(), "--elite", "chief:t0p:secret", "--email", "chief@example.com");
        assertThat(r.code()).as("setup exit code; stderr: %s", r.err()).isZero();
        assertThat(data.resolve(OpenNapServer.CONFIG_FILE)).isRegularFile();
        assertThat(Files.readString(data.resolve(OpenNapServer.CONFIG_FILE), StandardCharsets.ISO_8859_1))
                .contains("max_command_length 2048").contains("server_name ");
        assertThat(Files.readString(data.resolve("channels"), StandardCharsets.ISO_8859_1))
                .startsWith(":version 1\n").contains("Lobby 0 User");
        ServerConfig overrides = new ServerConfig().set("server_ports", "0").set("listen_addr", "127.0.0.1");
        try (OpenNapServer server = OpenNapServer.start(data, overrides);
             ServerSession s = connect(server.port())) {
            s.send(MessageType.LOGIN.code(), "chief t0p:secret 6699 \"nap v1.0\" 3");
            Message ack = s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
            assertThat(ack).isEqualTo(Message.of(MessageType.LOGIN_ACK, "chief@example.com"));
            s.expect(WAIT, MessageType.STATS.code());
            Message level = s.expect(WAIT, MessageType.NOTICE.code());
            assertThat(level.data()).contains("Elite");
            s.send(MessageType.WHOIS.code(), "chief");
            Message whois = s.expect(WAIT, MessageType.WHOIS_RESPONSE.code());
            assertThat(Fields.split(whois.data()).get(1)).isEqualTo("Elite");
        }
        // running setup again on an operator's edited directory keeps the account, the comments and every key
        Path config = data.resolve(OpenNapServer.CONFIG_FILE);
        Files.writeString(config, "# my notes\nmax_shared 777\nopennap_ng_only_key yes\nserver_name old.name\n",
                StandardCharsets.ISO_8859_1);
        CommandRun again = run("setup", "--data", data.toString(), "--elite", "chief:newer", "--email", "chief@example.com",
                "--server-name", "new.name");
        assertThat(again.code()).as("second setup; stderr: %s", again.err()).isZero();
        assertThat(Files.readAllLines(config, StandardCharsets.ISO_8859_1))
                .containsExactly("# my notes", "max_shared 777", "opennap_ng_only_key yes", "server_name new.name");
        try (OpenNapServer server = OpenNapServer.start(data, overrides);
             ServerSession s = connect(server.port())) {
            s.send(MessageType.LOGIN.code(), "chief newer 6699 \"nap v1.0\" 3");
            assertThat(s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                    .as("login with the reset password").isEqualTo(MessageType.LOGIN_ACK.code());
        }
    }

    @Test
    void setupRefusesABadEliteValueWithAClearMessage() {
        int n = 0;
        for (String bad : List.of("nocolon", ":secret", "nick:", "bad!nick:secret", "nick:two words",
                "waytoolongnickforthenapsterprotocol:secret")) {
            Path data = dir.resolve("bad" + n++);
            CommandRun r = run("setup", "--data", data.toString(), "--elite", bad);
            assertThat(r.code()).as("exit code for --elite %s", bad).isNotZero();
            assertThat(r.err()).as("message for --elite %s", bad).startsWith("setup: ").doesNotContain("Exception");
            assertThat(data.resolve("opennapj.db")).as("no account store for --elite %s", bad).doesNotExist();
        }
    }

    @Test
    void setupWithoutEliteAndWithoutATerminalExplainsWhatToGive() throws Exception {
        // as a process with stdin at end of file, like `opennapj setup < /dev/null` or a script
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("setup.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "setup", "--data", dir.resolve("none").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("setup returns").isTrue();
        String out = read(log);
        assertThat(p.exitValue()).as("exit code; output: %s", out).isNotZero();
        assertThat(out).contains("--elite").doesNotContain("Exception");
        assertThat(dir.resolve("none").resolve("opennapj.db")).doesNotExist();
    }

    @Test
    void serverOnAPortInUseExitsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path log = dir.resolve("taken.log");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "server", "--data", dir.resolve("taken").toString(), "--port", Integer.toString(taken.getLocalPort()),
                    "--listen", "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            started.add(p);
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("server gives up on a taken port").isTrue();
            String out = read(log);
            assertThat(p.exitValue()).as("exit code; output: %s", out).isNotZero();
            // the port is bound before the warm-up, so a taken one is reported at once
            assertThat(out).contains("server: cannot listen").contains(Integer.toString(taken.getLocalPort()))
                    .doesNotContain("\tat ").doesNotContain("Warming up");
        }
    }

    @Test
    void serverRefusesABadSettingWithAClearMessage() {
        CommandRun r = run("server", "--data", dir.resolve("srv").toString(), "--port", "0", "--listen", "127.0.0.1",
                "-o", "max_clones=lots");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("max_clones").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
