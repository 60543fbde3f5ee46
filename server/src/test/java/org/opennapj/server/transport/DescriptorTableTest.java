package org.opennapj.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

class DescriptorTableTest {

    private static long descriptorLimit() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
    }

    @Test
    void reserveGrowsTheTableAndLeavesNothingOpen() {
        int before = DescriptorTable.size();
        assumeTrue(before > 0, "the system does not say its descriptor table's size (not Linux)");
        int openBefore = DescriptorTable.openDescriptors();
        // four times the table, within this JVM's descriptor limit
        int wanted = (int) Math.min(before * 4L, descriptorLimit() - 256);
        assumeTrue(wanted > before, "the descriptor limit leaves no room to grow the table");

        int after = DescriptorTable.reserve(wanted);

        assertTrue(after >= wanted, "table " + after + " after reserving " + wanted + " (was " + before + ")");
        assertEquals(after, DescriptorTable.size());
        // every descriptor it opened is closed again (other test threads may hold a few of their own)
        assertTrue(DescriptorTable.openDescriptors() <= openBefore + 4,
                "open descriptors " + DescriptorTable.openDescriptors() + ", before " + openBefore);
        // a table already large enough is left as it is
        assertEquals(after, DescriptorTable.reserve(before));
    }

    @Test
    void aServerReservesRoomForItsConnectionLimitAndStillTakesClients(@TempDir Path dir) throws Exception {
        assumeTrue(DescriptorTable.size() > 0, "the system does not say its descriptor table's size (not Linux)");
        // within the server's own cap (32,768) and this JVM's descriptor limit
        int wanted = (int) Math.min(Math.min(Math.max(DescriptorTable.size() * 2L, 4096), 32_768), descriptorLimit() - 256);
        try (OpenNapServer server = OpenNapServer.start(dir, new ServerConfig()
                .set("listen_addr", "127.0.0.1").set("server_ports", "0")
                .set("connection_hard_limit", Integer.toString(wanted)))) {
            int size = server.reserveDescriptors();
            assertTrue(size >= wanted, "table " + size + " for a connection limit of " + wanted);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                assertTrue(s.isConnected());
            }
        }
    }
}
