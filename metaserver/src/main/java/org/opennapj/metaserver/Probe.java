package org.opennapj.metaserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.StatsLine;

/**
 * Checks one server, within a deadline: every connect and read is given only the time left, and
 * at most a few hundred bytes are read, so a server that accepts and never answers (or answers a
 * byte at a time) costs the check its timeout and no more.
 *
 * <ul>
 *   <li>A server with a stats port is live when that port answers with a stats line; the line's
 *   local clients are its load.</li>
 *   <li>A server without one is live when its client port answers a nick check (7) with 8, 9 or
 *   10, as any Napster server does before a login. Its load is unknown. Nothing logs in, so the
 *   check leaves no user, registration or sign-on behind.</li>
 * </ul>
 */
final class Probe {

    /** The nick checked on servers without a stats port: valid everywhere, 16 characters. */
    static final String PROBE_NICK = "metaserver_probe";

    private Probe() {
    }

    static ServerStatus check(ConfiguredServer server, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String host = server.entry().host();
        boolean loopback = host.startsWith("127.");
        InetAddress address;
        try {
            address = InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (IOException e) {
            return ServerStatus.dead(server, loopback, "cannot resolve " + host + ": " + e.getMessage());
        }
        loopback |= address.isLoopbackAddress();
        try {
            if (server.statsPort() > 0) {
                StatsLine stats = StatsLine.parse(statsLine(new InetSocketAddress(address, server.statsPort()), deadline));
                return new ServerStatus(server, true, loopback, stats, null);
            }
            nickCheck(new InetSocketAddress(address, server.entry().port()), deadline);
            return new ServerStatus(server, true, loopback, null, null);
        } catch (SocketTimeoutException e) {
            return ServerStatus.dead(server, loopback, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException | IllegalArgumentException e) {
            String port = server.statsPort() > 0 ? "stats port " + server.statsPort() : "client port " + server.entry().port();
            return ServerStatus.dead(server, loopback, port + ": " + e.getMessage());
        }
    }

    /** Reads the stats port's line (up to its newline or the close). */
    private static String statsLine(InetSocketAddress stats, long deadline) throws IOException {
        try (Socket s = connect(stats, deadline)) {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            while (line.length() <= StatsLine.MAX_LENGTH) {
                s.setSoTimeout(left(deadline));
                int c = in.read();
                if (c < 0 || c == '\n') {
                    break;
                }
                line.append((char) c);
            }
            return line.toString();
        }
    }

    /** Sends a nick check and reads the header of the answer. */
    private static void nickCheck(InetSocketAddress client, long deadline) throws IOException {
        try (Socket s = connect(client, deadline)) {
            s.getOutputStream().write(Framing.encode(MessageType.NICK_CHECK.code(), PROBE_NICK, ByteOrder.LITTLE_ENDIAN));
            InputStream in = s.getInputStream();
            byte[] header = new byte[Framing.HEADER_LENGTH];
            int got = 0;
            while (got < header.length) {
                s.setSoTimeout(left(deadline));
                int n = in.read(header, got, header.length - got);
                if (n < 0) {
                    throw new IOException("closed the connection without answering a nick check");
                }
                got += n;
            }
            int type = (header[2] & 0xFF) | (header[3] & 0xFF) << 8;
            if (type != MessageType.NICK_NOT_REGISTERED.code() && type != MessageType.NICK_ALREADY_REGISTERED.code()
                    && type != MessageType.INVALID_NICK.code()) {
                // e.g. 0 "server is full": not a server to send clients to now
                int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
                byte[] text = new byte[Math.min(length, 120)];
                int read = 0;
                try {
                    s.setSoTimeout(left(deadline));
                    read = Math.max(0, in.readNBytes(text, 0, text.length));
                } catch (IOException e) {
                    // the reason is only for the log
                }
                throw new IOException("answered a nick check with " + type + " "
                        + new String(text, 0, read, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static Socket connect(InetSocketAddress to, long deadline) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(to, left(deadline));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Milliseconds left before the deadline, at least 1 (a socket timeout of 0 would mean none). */
    private static int left(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
