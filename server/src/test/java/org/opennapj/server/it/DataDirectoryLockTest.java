package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.server.DataDirectoryInUseException;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/** One running server per data directory. */
class DataDirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondServerCannotTakeTheDataDirectory() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            ServerConfig c = new ServerConfig().set("listen_addr", "127.0.0.1").set("server_ports", "0");
            assertThatThrownBy(() -> OpenNapServer.start(dir, c).close())
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("in use by another running OpenNapJ server");
        }
        // released when the first one closes
        try (TestServer again = TestServer.start(dir)) {
            assertThat(again.port()).isPositive();
        }
    }
}
