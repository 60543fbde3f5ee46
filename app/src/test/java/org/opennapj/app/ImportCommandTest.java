package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opennapj import-opennap}: reports what it imported, or every bad line and a non-zero exit with nothing written. */
class ImportCommandTest {

    @TempDir
    Path from;
    @TempDir
    Path data;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void aGoodDirectoryIsImportedAndCounted() throws Exception {
        Files.writeString(from.resolve("users"), "amy fake-pw-1 amy@example.com User 1100000000 1700000000 0\n");
        Files.writeString(from.resolve("bans"), "spammer!* amy 1700000000 \"spam\" 0\n");
        Files.writeString(from.resolve("config"), "password_hash_iterations 1000\nuser_db_interval 5\n");

        CommandRun r = run("import-opennap", "--from", from.toString(), "--data", data.resolve("new").toString());

        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("note: config line 2: key 'user_db_interval' is not used by OpenNapJ (ignored)")
                .contains(": config 2, users 1, bans 1");
        assertThat(data.resolve("new").resolve("opennapj.db")).exists();
        assertThat(data.resolve("new").resolve("config")).exists();
    }

    @Test
    void badLinesAreReportedWithANonZeroExitAndNothingWritten() throws Exception {
        Files.writeString(from.resolve("users"), "amy fake-pw-1 amy@example.com User 1100000000\n");
        Files.writeString(from.resolve("config"), "max_clones -1\n");

        CommandRun r = run("import-opennap", "--from", from.toString(), "--data", data.resolve("new").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("import-opennap: config line 1: max_clones must be a whole number from 0 to 2147483647, not '-1'")
                .contains("import-opennap: users line 1: expected <nick> <password> <email> <level> <created> <last-seen> [<flags>]")
                .contains("2 problem(s); nothing was imported");
        assertThat(data.resolve("new")).doesNotExist();
    }

    @Test
    void aDataDirectoryARunningServerHoldsIsNeitherImportedIntoNorSetUp() throws Exception {
        Files.writeString(from.resolve("users"), "amy fake-pw-1 amy@example.com User 1100000000 1700000000 0\n");
        try (org.opennapj.server.OpenNapServer running = org.opennapj.server.OpenNapServer.start(data,
                new org.opennapj.server.config.ServerConfig().set("listen_addr", "127.0.0.1").set("server_ports", "0"))) {
            CommandRun r = run("import-opennap", "--from", from.toString(), "--data", data.toString());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("is in use by another running OpenNapJ server").contains("Nothing was imported");
            r = run("setup", "--data", data.toString(), "--elite", "boss:fake-pw-2");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("is in use by another running OpenNapJ server");
        }
        // once it has stopped, both work
        assertThat(run("import-opennap", "--from", from.toString(), "--data", data.toString()).code()).isZero();
        assertThat(run("setup", "--data", data.toString(), "--elite", "boss:fake-pw-2").code()).isZero();
    }
}
