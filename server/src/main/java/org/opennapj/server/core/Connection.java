package org.opennapj.server.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.opennapj.protocol.Body;

/**
 * One client connection as the core sees it. Replies are encoded into a pending buffer owned by
 * the core thread and handed to the transport once per batch of work ({@link #flush()}), so a
 * burst of replies costs one write. Bytes handed over but not yet written to the socket are
 * counted: past {@code client_queue_length} the connection is condemned, so a client that stops
 * reading cannot grow the server's memory.
 *
 * <p>Once the core is done with a connection it is <em>condemned</em>: it takes no more output,
 * the transport stops reading it and drops what it sends, and it is closed, either gracefully
 * (what is pending is written first, within a short bound: {@link #close()}) or at once, dropping
 * all output not yet written ({@link #abort()}).
 */
public abstract class Connection {

    private static final int MAX_FRAME_DATA = 65535;
    /** How many times client_queue_length one batch of replies may reach before it counts as a flood. */
    private static final int BATCH_ALLOWANCE = 16;

    private static final byte[] NONE = new byte[0];
    /** Smallest pending buffer allocated when a reply is encoded. */
    private static final int MIN_PENDING = 512;
    // the two counters further down are updated through these handles rather than through AtomicLong and
    // AtomicInteger objects: two objects less for every connection
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            IN_FLIGHT = l.findVarHandle(Connection.class, "inFlight", long.class);
            QUEUED = l.findVarHandle(Connection.class, "queued", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Replies of the current batch; empty (shared) between batches, so idle connections hold no buffer. */
    private byte[] pending = NONE;
    private int pendingLen;
    private boolean dirty;
    /** Bytes handed to the transport and not yet written (core thread adds, event loop subtracts). */
    private volatile long inFlight;
    private volatile ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private ServerCore core;
    /** Counts of a connection the core has not attached (never read). */
    private static final long[] UNCOUNTED = new long[65536];
    /** Messages sent per numeric, the core's counters (core thread). */
    private long[] sentCounts = UNCOUNTED;
    private long queueLimit;
    private boolean closing;
    /** Set (core thread) when the core is done with this connection; read by the transport. */
    private volatile boolean condemned;

    /** The core's per-connection state; set and read on the core thread only. */
    Session session;
    /**
     * Set once a server link's handshake is done: every byte sent from then on goes through this
     * one zlib stream, sync-flushed once per batch (core thread).
     */
    private java.util.zip.Deflater deflater;
    /** Messages received from the network and not yet handled by the core (inbound flow control). */
    private volatile int queued;
    /** Core thread only. */
    boolean readingPaused;

    /** One more message received and not yet handled; returns the new count (event loop). */
    final int queuedUp() {
        return (int) QUEUED.getAndAdd(this, 1) + 1;
    }

    /** One received message handled; returns the new count (core thread). */
    final int queuedDown() {
        return (int) QUEUED.getAndAdd(this, -1) - 1;
    }

    final void attach(ServerCore core, long queueLimit) {
        this.core = core;
        this.sentCounts = core.metrics().sent;
        this.queueLimit = queueLimit;
    }

    /** The core's session of this connection (core thread); null until the core has opened it. */
    public Session session() {
        return session;
    }

    /**
     * Replaces the output queue limit (core thread): a server link is allowed server_queue_length
     * instead of a client's client_queue_length.
     */
    public void queueLimit(long limit) {
        this.queueLimit = limit;
    }

    /**
     * Compresses everything sent from now on as one zlib stream at {@code level} (0-9), with a sync
     * flush at the end of each batch (core thread): a server link after its handshake. What is
     * pending is handed over uncompressed first (the handshake's last frames).
     */
    public void startCompression(int level) {
        flush();
        deflater = new java.util.zip.Deflater(level, false);
    }

    /** Whether output is compressed (a server link). */
    public boolean compressed() {
        return deflater != null;
    }

    private void endCompression() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /** Deflates len bytes of in with a sync flush, so the peer can inflate everything sent so far. */
    private byte[] deflate(byte[] in, int len, int[] outLen) {
        deflater.setInput(in, 0, len);
        byte[] out = new byte[Math.max(64, len / 2 + 64)];
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, java.util.zip.Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        outLen[0] = n;
        return out;
    }

    public ByteOrder order() {
        return order;
    }

    public void order(ByteOrder o) {
        this.order = o;
    }

    /** Encodes one message for sending at the end of the current batch (core thread). */
    public final void send(int type, CharSequence data) {
        if (closing) {
            return;
        }
        int len = Math.min(data.length(), MAX_FRAME_DATA);
        int p = header(type, len);
        byte[] b = pending;
        for (int i = 0; i < len; i++) {
            char c = data.charAt(i);
            b[p + i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        queued(p + len);
    }

    /**
     * Sends a body already built as wire bytes: copied as it is, so a line going to many
     * connections is encoded once (core thread).
     */
    public final void send(int type, Body body) {
        if (closing) {
            return;
        }
        int len = Math.min(body.length(), MAX_FRAME_DATA);
        int p = header(type, len);
        System.arraycopy(body.bytes(), 0, pending, p, len);
        queued(p + len);
    }

    /** Writes a frame header for a body of len bytes into the pending buffer; returns where the body goes. */
    private int header(int type, int len) {
        sentCounts[type & 0xFFFF]++;
        ensure(pendingLen + 4 + len);
        byte[] b = pending;
        int p = pendingLen;
        if (order == ByteOrder.BIG_ENDIAN) {
            b[p] = (byte) (len >>> 8);
            b[p + 1] = (byte) len;
            b[p + 2] = (byte) (type >>> 8);
            b[p + 3] = (byte) type;
        } else {
            b[p] = (byte) len;
            b[p + 1] = (byte) (len >>> 8);
            b[p + 2] = (byte) type;
            b[p + 3] = (byte) (type >>> 8);
        }
        return p + 4;
    }

    private void queued(int end) {
        pendingLen = end;
        if (queueLimit > 0 && deflater == null && pendingLen > queueLimit * BATCH_ALLOWANCE) {
            // one batch of replies alone far over the limit (a flood aimed at this client); not for a
            // server link, whose largest batch is the burst of the whole network's state
            core.overflow(this);
            return;
        }
        if (!dirty) {
            dirty = true;
            core.markDirty(this);
        }
    }

    private void ensure(int capacity) {
        if (capacity > pending.length) {
            byte[] bigger = buffer(Math.max(capacity, Math.max(MIN_PENDING, pending.length * 2)));
            System.arraycopy(pending, 0, bigger, 0, pendingLen);
            if (pending != NONE) {
                reuse(pending);
            }
            pending = bigger;
        }
    }

    /**
     * An array of at least {@code capacity} bytes to encode replies into (core thread). The
     * transport may hand out arrays it has had back from {@link #transmit}.
     */
    protected byte[] buffer(int capacity) {
        return new byte[capacity];
    }

    /** An array from {@link #buffer} that this connection no longer uses (core thread). */
    protected void reuse(byte[] buffer) {
    }

    /**
     * Hands the pending bytes to the transport (core thread). The queue limit is checked here,
     * against what earlier batches left unwritten: a client that reads keeps that near zero even
     * when one reply (a long browse) is larger than the limit, while one that stops reading
     * accumulates it and is closed.
     */
    final void flush() {
        dirty = false;
        if (pendingLen == 0 || closing) {
            return;
        }
        if (queueLimit > 0 && inFlight > queueLimit) {
            core.overflow(this);
            return;
        }
        byte[] out = pending;
        int len = pendingLen;
        pending = NONE;
        pendingLen = 0;
        if (deflater != null) {
            int[] n = new int[1];
            byte[] deflated = deflate(out, len, n);
            reuse(out);
            out = deflated;
            len = n[0];
        }
        IN_FLIGHT.getAndAdd(this, (long) len);
        transmit(out, len);
    }

    /** Flushes what is pending, then closes gracefully (core thread). */
    final void flushAndClose() {
        if (closing) {
            return;
        }
        flush();
        if (closing) {
            return;     // the flush found the queue over its limit: already condemned, output dropped
        }
        closing = true;
        condemned = true;
        endCompression();
        close();
    }

    /**
     * Closes at once (core thread): the pending replies and whatever the transport has not
     * written yet are dropped, and nothing more is read. For a client that does not read, whose
     * graceful close would wait behind writes that never complete.
     */
    final void condemn() {
        if (condemned) {
            return;
        }
        if (pending != NONE) {
            reuse(pending);
        }
        pending = NONE;
        pendingLen = 0;
        closing = true;
        condemned = true;
        endCompression();
        abort();
    }

    final boolean closing() {
        return closing;
    }

    /**
     * Whether the core is done with this connection (any thread): the transport drops its input
     * from then on, and never starts reading it again.
     */
    public final boolean condemned() {
        return condemned;
    }

    /** The transport reports that n bytes handed over by {@link #transmit} reached the socket. */
    protected final void written(long n) {
        IN_FLIGHT.getAndAdd(this, -n);
    }

    /**
     * Writes bytes [0, len) of buf to the network; called on the core thread, must not block. The
     * transport may hold the write until the end of the core batch ({@link ServerCore#atBatchEnd}).
     * The array is the transport's from then on: it may give it out again from {@link #buffer}
     * once written.
     */
    protected abstract void transmit(byte[] buf, int len);

    /**
     * Stops reading and closes the connection once what was transmitted has been written; if that
     * does not happen within a short bound the connection is aborted (core thread).
     */
    protected abstract void close();

    /**
     * Stops reading and closes the connection at once, without waiting for what was transmitted
     * (an abortive close; core thread, must not block).
     */
    protected abstract void abort();

    /**
     * Stops decoding and reading (inbound flow control); called by the transport's decode loop
     * through {@link ServerCore#received}, on the connection's network thread.
     */
    public abstract void pauseReading();

    /** Lets the transport decode what it holds back and read again (core thread). */
    public abstract void resumeReading();

    /**
     * Stops decoding and reading from the core thread (a flooder is held): the pause is handed to
     * the connection's network thread and runs there in order with {@link #resumeReading}'s task,
     * so a resume queued before the hold cannot undo it and one queued after it does.
     */
    public abstract void holdReading();

    /** The peer's IPv4 address as a dotted quad ("127.0.0.1"). */
    public abstract String remoteIp();

    /** The peer's address as napster sends it (unsigned 32-bit little-endian reading). */
    public abstract long remoteIpWire();

    public abstract int remotePort();
}
