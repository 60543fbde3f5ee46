package org.opennapj.client.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.opennapj.protocol.ServerList;

/**
 * Asks a metaserver which server to use: connect, read one {@code host:port} line, and the
 * metaserver closes. A metaserver that closes without a line has no live server to offer.
 */
public final class MetaserverLookup {

    /** Longest answer read (a host name and a port, with room to spare). */
    private static final int MAX_LINE = 300;

    private MetaserverLookup() {
    }

    /**
     * The server a metaserver names. Throws IOException when it cannot be reached, does not answer
     * within the timeout, has no server to offer, or answers something that is not an address.
     */
    public static ServerList.Entry lookup(String host, int port, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (line.length() <= MAX_LINE) {
                int c = in.read();
                if (c < 0 || c == '\n') {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("metaserver " + host + ":" + port + " did not finish its answer in time");
                }
                line.append((char) c);
            }
            String answer = line.toString().strip();
            if (answer.isEmpty()) {
                throw new IOException("metaserver " + host + ":" + port + " has no server to offer (it closed without an address)");
            }
            try {
                return ServerList.address(answer,
                        ServerList.DEFAULT_PORT, ServerList.Kind.NORMAL);
            } catch (IllegalArgumentException e) {
                throw new IOException("metaserver " + host + ":" + port + " answered something that is not host:port: "
                        + (answer.length() > 60 ? answer.substring(0, 60) + "..." : answer));
            }
        }
    }
}
