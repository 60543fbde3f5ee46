package org.opennapj.client.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A scripted peer on raw sockets: plays one side of a data connection byte by byte. */
final class FakePeer implements AutoCloseable {
    static final int WAIT_SECONDS = 20;

    interface Script {
        void run(Socket s, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Listens on 127.0.0.1 and runs the script on the first connection. */
    FakePeer(Script script) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(WAIT_SECONDS * 1000);
                script.run(s, s.getInputStream(), s.getOutputStream());
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "fake-peer");
        t.setDaemon(true);
        t.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    void awaitDone() throws Exception {
        done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), WAIT_SECONDS * 1000);
        s.setSoTimeout(WAIT_SECONDS * 1000);
        return s;
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static String readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Everything until the peer closes (at most {@code max} bytes). */
    static byte[] readAll(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (out.size() < max) {
            int n;
            try {
                n = in.read(buf, 0, Math.min(buf.length, max - out.size()));
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) break;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The number a peer sends with nothing after it (until it closes or the data comes). */
    static String readDigits(InputStream in, int max) throws IOException {
        StringBuilder s = new StringBuilder();
        while (s.length() < max) {
            int b = in.read();
            if (b < '0' || b > '9') break;
            s.append((char) b);
        }
        return s.toString();
    }
}
