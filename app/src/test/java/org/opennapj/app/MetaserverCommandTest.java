package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opennapj metaserver} refuses a configuration it cannot run with, saying why. */
class MetaserverCommandTest {

    private static String[] run(String... args) {
        CommandRun r = CommandRun.of(args);
        return new String[] {Integer.toString(r.code()), r.err()};
    }

    @Test
    void refusesToRunWithoutServersOrWithBadOnes() {
        String[] none = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list");
        assertThat(none[0]).isEqualTo("2");
        assertThat(none[1]).startsWith("metaserver: no servers");

        String[] bad = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--server", "a.example.net:99999");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[1]).contains("65535");

        String[] slow = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--server", "a.example.net:8888",
                "--check-interval", "2", "--probe-timeout", "5");
        assertThat(slow[0]).isEqualTo("2");
        assertThat(slow[1]).contains("probe timeout");

        String[] missing = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--servers", "no/such/file");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[1]).contains("no servers file");
    }

    @Test
    void aReportPortNeedsASecretFromAFile(@TempDir Path dir) throws Exception {
        String[] noSecret = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--report-port", "0");
        assertThat(noSecret[0]).isEqualTo("2");
        assertThat(noSecret[1]).contains("--report-secret-file");

        Path shortSecret = dir.resolve("secret");
        Files.writeString(shortSecret, "short\n");
        String[] tooShort = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--report-port", "0",
                "--report-secret-file", shortSecret.toString());
        assertThat(tooShort[0]).isEqualTo("2");
        assertThat(tooShort[1]).contains("at least 16 characters");

        String[] unreadable = run("metaserver", "--listen", "127.0.0.1", "--port", "0", "--no-list", "--report-port", "0",
                "--report-secret-file", dir.resolve("none").toString());
        assertThat(unreadable[0]).isEqualTo("2");
        assertThat(unreadable[1]).contains("cannot read the report secret file");
    }
}
