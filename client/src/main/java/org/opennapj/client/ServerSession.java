package org.opennapj.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.opennapj.protocol.FrameDecoder;
import org.opennapj.protocol.FrameTooLongException;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.Message;

/**
 * A client's connection to an OpenNap server: sends messages and receives the server's, in
 * order, on a reader thread. Blocking calls always take a timeout.
 */
public final class ServerSession implements AutoCloseable {

    /** Put on the queue when the server closes the connection (compared by identity). */
    public static final Message CLOSED = new Message(65535, "connection closed");

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private volatile boolean closed;

    private ServerSession(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "opennapj-client-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static ServerSession connect(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        s.setTcpNoDelay(true);
        return new ServerSession(s);
    }

    /** Frames sent and received from now on use this byte order (Napster 2.0 beta 10.3+ is big-endian). */
    public void order(ByteOrder o) {
        this.order = o;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    private void readLoop() {
        FrameDecoder decoder = new FrameDecoder(0, ByteOrder.LITTLE_ENDIAN);
        ByteBuffer buf = ByteBuffer.allocate(1 << 17);
        byte[] chunk = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(chunk)) > 0) {
                decoder.setOrder(order);
                if (buf.remaining() < n) {
                    throw new IOException("server sent more than the client buffers");
                }
                buf.put(chunk, 0, n);
                buf.flip();
                Message m;
                while ((m = decoder.next(buf)) != null) {
                    inbox.add(m);
                }
                buf.compact();
            }
        } catch (IOException | FrameTooLongException e) {
            // connection over
        } finally {
            inbox.add(CLOSED);
        }
    }

    public synchronized void send(int type, String data) throws IOException {
        out.write(Framing.encode(type, data, order));
        out.flush();
    }

    /** Writes raw bytes, for tests of malformed framing. */
    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message, or null after the timeout; {@link #CLOSED} when the server closed. */
    public Message next(Duration timeout) throws InterruptedException {
        return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads until a message of one of the types arrives and returns it; the skipped messages are
     * dropped. Throws if the connection closes or the timeout passes first.
     */
    public Message expect(Duration timeout, int... types) throws InterruptedException, IOException {
        return await(timeout, m -> contains(types, m.type()), "one of " + java.util.Arrays.toString(types));
    }

    public Message await(Duration timeout, Predicate<Message> wanted, String what) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new IOException("timed out waiting for " + what + "; got " + skipped);
            }
            if (m == CLOSED) {
                inbox.add(CLOSED);
                if (wanted.test(m)) {
                    return m;
                }
                throw new IOException("connection closed while waiting for " + what + "; got " + skipped);
            }
            if (wanted.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /** Collects messages until one of the end types arrives (included last). */
    public List<Message> collectUntil(Duration timeout, int... endTypes) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Message> got = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new IOException("timed out; got " + got);
            }
            if (m == CLOSED) {
                inbox.add(CLOSED);
                throw new IOException("connection closed; got " + got);
            }
            got.add(m);
            if (contains(endTypes, m.type())) {
                return got;
            }
        }
    }

    /** Everything received within the quiet period (stops early at a close). */
    public List<Message> drain(Duration quiet) throws InterruptedException {
        List<Message> got = new ArrayList<>();
        Message m;
        while ((m = inbox.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            if (m == CLOSED) {
                inbox.add(CLOSED);
                break;
            }
            got.add(m);
        }
        return got;
    }

    /** True once the server has closed the connection (waits up to timeout for it). */
    public boolean closedByServer(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (m == CLOSED) {
                inbox.add(CLOSED);
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] types, int t) {
        for (int x : types) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
