package org.opennapj.client;

import java.io.IOException;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.opennapj.protocol.Message;

/**
 * A test driver on a {@link NapClient}: every message the server sends goes, in order, into one
 * inbox that the blocking calls read. The waits ({@link #expect}, {@link #await}) drop the messages
 * they skip, which suits tests that check one answer at a time; code that must see everything
 * uses {@link #client()}'s listeners. Blocking calls always take a timeout.
 */
public final class ServerSession implements AutoCloseable {

    /** Put on the queue when the server closes the connection (compared by identity). */
    public static final Message CLOSED = new Message(65535, "connection closed");

    private final NapClient client;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    private ServerSession(NapClient client) {
        this.client = client;
        client.onAny(inbox::add);
        // after the last message: the event thread delivers in order
        client.closed().whenComplete((v, e) -> inbox.add(CLOSED));
        client.start();
    }

    public static ServerSession connect(String host, int port, Duration timeout) throws IOException {
        return new ServerSession(NapClient.open(host, port, timeout));
    }

    /** The session underneath, for its typed requests and listeners. */
    public NapClient client() {
        return client;
    }

    /** Frames sent and received from now on use this byte order (Napster 2.0 beta 10.3+ is big-endian). */
    public void order(ByteOrder o) {
        client.order(o);
    }

    public int localPort() {
        return client.localPort();
    }

    public void send(int type, String data) throws IOException {
        client.send(type, data);
    }

    /** Writes raw bytes, for tests of malformed framing. */
    public void sendRaw(byte[] bytes) throws IOException {
        client.sendRaw(bytes);
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
        return await(timeout, m -> contains(types, m.type()), "one of " + Arrays.toString(types));
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
        client.close();
    }
}
