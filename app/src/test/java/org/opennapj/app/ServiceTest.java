package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/**
 * {@code opennapj server} as a service manager runs it: one server per data directory, SIGTERM
 * stops it cleanly (clients told, store flushed, exit status 0), and JSON log lines on request.
 */
class ServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<ChildServer> servers = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (ChildServer server : servers) {
            server.close();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
    }

    /** Starts {@code opennapj server --log-format json} in a new JVM; waits (bounded) until its port accepts. */
    private ChildServer startServer(Path data) throws Exception {
        ChildServer server = ChildServer.start(data, dir, "server", ChildServer.Output.SEPARATE,
                "--no-warm-up", "--log-format", "json", "-o", "password_hash_iterations=1000", "-o", "auto_register=on");
        servers.add(server);
        return server;
    }

    private record Result(int code, String err) {
    }

    /** Runs the command in this JVM (bounded: a server that did start would never return). */
    private static Result run(String... args) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> Main.run(args));
            code = f.get(60, TimeUnit.SECONDS);
        } finally {
            System.setErr(err);
        }
        return new Result(code, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sigtermTellsClientsFlushesTheStoreAndExitsZero() throws Exception {
        Path data = dir.resolve("data");
        ChildServer server = startServer(data);
        try (ServerSession keeper = ServerSession.connect("127.0.0.1", server.port(), WAIT)) {
            // auto_register: the login is acknowledged once the new account is durable
            keeper.send(MessageType.LOGIN.code(), "keeper keeperpass 6699 \"nap v1.0\" 3");
            Message ack = keeper.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
            assertThat(ack.type()).as("login: %s", ack).isEqualTo(MessageType.LOGIN_ACK.code());
            keeper.expect(WAIT, MessageType.STATS.code());
            try (ServerSession wrong = ServerSession.connect("127.0.0.1", server.port(), WAIT)) {
                wrong.send(MessageType.LOGIN.code(), "keeper notthepass 6699 \"nap v1.0\" 3");
                assertThat(wrong.expect(WAIT, MessageType.ERROR.code()).data()).isEqualTo("Invalid Password");
            }

            // a second server on the same data directory refuses to start, naming it
            Result second = run("server", "--data", data.toString(), "--port", "0", "--listen", "127.0.0.1",
                    "--no-warm-up");
            assertThat(second.code()).as("second server's exit code; stderr: %s", second.err()).isEqualTo(1);
            assertThat(second.err()).contains("in use by another running OpenNapJ server")
                    .contains(data.toAbsolutePath().normalize().toString()).doesNotContain("\tat ");

            server.process().destroy();  // SIGTERM
            Message bye = keeper.await(WAIT, m -> m.type() == MessageType.NOTICE.code() && m.data().contains("shutting down"),
                    "the shutdown notice");
            assertThat(bye.data()).contains("is shutting down");
            assertThat(keeper.closedByServer(WAIT)).as("connection closed by the server").isTrue();
        }
        assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).as("server exits after SIGTERM").isTrue();
        assertThat(server.process().exitValue()).as("exit status; stderr:%n%s", read(server.log())).isZero();
        assertThat(read(server.out())).contains("OpenNapJ has stopped.");

        // JSON log lines: every log line is one JSON object; the refused login is one with nick and address
        List<String> lines = Files.readAllLines(server.log(), StandardCharsets.UTF_8);
        List<JsonObject> events = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("WARNING: ")) {
                continue;  // the JVM's own warnings (native access) are not log lines
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            assertThat(o.has("level") && o.has("loggerName")).as("log line %s", line).isTrue();
            events.add(o);
        }
        assertThat(events).anySatisfy(o -> {
            assertThat(o.get("loggerName").getAsString()).isEqualTo("org.opennapj.server.Events");
            assertThat(o.toString()).contains("login_refused").contains("keeper").contains("127.0.0.1");
        });
        assertThat(events).anySatisfy(o -> assertThat(o.toString()).contains("SIGTERM received"));

        // what was acknowledged is in the store (and the lock was released)
        ServerConfig overrides = new ServerConfig().set("server_ports", "0").set("listen_addr", "127.0.0.1");
        try (OpenNapServer again = OpenNapServer.start(data, overrides);
             ServerSession s = ServerSession.connect("127.0.0.1", again.port(), WAIT)) {
            s.send(MessageType.LOGIN.code(), "keeper notthepass 6699 \"nap v1.0\" 3");
            assertThat(s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                    .as("the account was stored: a wrong password is refused").isEqualTo(MessageType.ERROR.code());
        }
        try (OpenNapServer again = OpenNapServer.start(data, overrides);
             ServerSession s = ServerSession.connect("127.0.0.1", again.port(), WAIT)) {
            s.send(MessageType.LOGIN.code(), "keeper keeperpass 6699 \"nap v1.0\" 3");
            assertThat(s.expect(WAIT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                    .isEqualTo(MessageType.LOGIN_ACK.code());
        }
    }

    @Test
    void anUnknownLogFormatIsRefused() throws Exception {
        Result r = run("server", "--data", dir.resolve("x").toString(), "--log-format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--log-format must be plain or json");
    }
}
