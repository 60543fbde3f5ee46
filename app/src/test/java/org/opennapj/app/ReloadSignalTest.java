package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -HUP} on a running {@code opennapj server} rereads its config file, as on opennap-ng. */
class ReloadSignalTest {

    @TempDir
    Path dir;

    /** Waits (at most 30 s, polling) until the log holds {@code text}; the log so far. */
    private static String awaitLog(Path log, String text, Process p) throws Exception {
        String seen = "";
        for (int i = 0; i < 300; i++) {
            seen = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (seen.contains(text) || !p.isAlive()) {
                return seen;
            }
            Thread.sleep(100);
        }
        return seen;
    }

    @Test
    void sighupReloadsTheConfigAndSaysWhatNeedsARestart() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")), "no kill command");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("config"), "max_results 50\n", StandardCharsets.ISO_8859_1);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--data", data.toString(), "--port", Integer.toString(port), "--listen", "127.0.0.1",
                "-o", "password_hash_iterations=1000", "--no-warm-up"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(awaitLog(log, "Press Ctrl-C to stop.", p)).contains("Press Ctrl-C to stop.");
            Files.writeString(data.resolve("config"), "max_results 60\nlisten_addr 0.0.0.0\nuser_db_interval 3\n",
                    StandardCharsets.ISO_8859_1);

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            String text = awaitLog(log, "SIGHUP: ", p);
            assertThat(text).contains("SIGHUP: configuration reloaded; these keys change only with a restart: listen_addr;"
                    + " config line 3: key 'user_db_interval' is not used by OpenNapJ (ignored)");
            assertThat(p.isAlive()).as("the server runs on after SIGHUP").isTrue();
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
