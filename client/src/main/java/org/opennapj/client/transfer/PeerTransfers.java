package org.opennapj.client.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.opennapj.client.share.SharedFile;
import org.opennapj.client.share.SharedFolder;

/**
 * Client-to-client transfers (napster.txt section 5): the data port that serves uploads and
 * takes pushed downloads, downloads from a sharer's data port, and pushes to a firewalled
 * downloader. See the package documentation for the byte sequences and for what the server
 * session calls and implements.
 *
 * <p>Threads: one accept thread ({@code opennapj-dataport}), at most
 * {@link TransferSettings#maxConnections()} transfer threads ({@code opennapj-transfer-N}; incoming
 * connections may hold at most half of them, so a flood of peers cannot stop our downloads), and
 * one watchdog ({@code opennapj-transfer-watchdog}) that closes a connection whose peer made no
 * progress for {@link TransferSettings#stepTimeout()} (a blocked write included) and fails pushed
 * downloads that never came.
 */
public final class PeerTransfers implements AutoCloseable {
    /** What an uploader answers a request it cannot parse, or for a file not agreed to. */
    public static final String INVALID_REQUEST = "INVALID REQUEST";
    /** What an uploader answers a request for a file it does not share. */
    public static final String FILE_NOT_SHARED = "FILE NOT SHARED";

    private static final int BUFFER = 64 * 1024;

    private final Supplier<String> ourNick;
    private volatile SharedFolder shares;
    private final Path downloads;
    private final TransferSettings settings;
    private final TransferEvents events;
    private final UploadSlots slots;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final Map<String, PendingPush> pushes = new ConcurrentHashMap<>();
    private final Set<Path> partialsInUse = ConcurrentHashMap.newKeySet();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.Semaphore incoming;
    private volatile ServerSocket dataPort;
    private volatile boolean closed;

    /**
     * @param ourNick        our nick as the server knows it (read at each transfer)
     * @param shares         the shared folder uploads are served from; null to share nothing
     * @param downloadFolder where downloads go (created if missing)
     */
    public PeerTransfers(Supplier<String> ourNick, SharedFolder shares, Path downloadFolder,
                         TransferSettings settings, TransferEvents events) throws IOException {
        this.ourNick = Objects.requireNonNull(ourNick);
        this.shares = shares;
        this.downloads = Files.createDirectories(downloadFolder.toAbsolutePath().normalize()).toRealPath();
        this.settings = Objects.requireNonNull(settings);
        this.events = events != null ? events : TransferEvents.NONE;
        this.slots = new UploadSlots(settings.uploadSlots(), settings.queueLength(), settings.acceptedTimeout());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.maxConnections(), settings.maxConnections(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(settings.maxConnections()), r -> daemon(r, "opennapj-transfer-" + n.incrementAndGet()));
        this.pool.allowCoreThreadTimeOut(true);
        this.incoming = new java.util.concurrent.Semaphore(Math.max(1, settings.maxConnections() / 2));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "opennapj-transfer-watchdog"));
        long period = Math.max(50, Math.min(1000, settings.stepTimeout().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::checkStalled, period, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- data port

    /**
     * Opens the data port (the port given at login and in 703) on {@code address} and starts
     * accepting. Port 0 picks a free port. Not opening one means we are firewalled: transfers
     * then need the peer's data port (we push uploads after 501; downloads from a firewalled
     * sharer are impossible).
     *
     * @return the port bound
     */
    public synchronized int openDataPort(InetAddress address, int port) throws IOException {
        if (dataPort != null) throw new IllegalStateException("the data port is already open");
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 50);
        dataPort = server;
        Thread acceptor = daemon(() -> acceptLoop(server), "opennapj-dataport");
        acceptor.start();
        return server.getLocalPort();
    }

    /** The data port's number, or 0 when none is open (firewalled). */
    public int dataPort() {
        ServerSocket s = dataPort;
        return s == null ? 0 : s.getLocalPort();
    }

    private void acceptLoop(ServerSocket server) {
        while (!closed && !server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed || server.isClosed()) return;
                pause(); // e.g. out of file descriptors: do not spin
                continue;
            }
            if (!incoming.tryAcquire()) {
                events.refused(peerName(s), "too many incoming data connections");
                closeQuietly(s);
                continue;
            }
            try {
                pool.execute(() -> {
                    try {
                        handleIncoming(s);
                    } finally {
                        incoming.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                incoming.release();
                events.refused(peerName(s), "too many data connections");
                closeQuietly(s);
            }
        }
    }

    private void handleIncoming(Socket s) {
        Connection c = track(s);
        String peer = peerName(s);
        try {
            s.setTcpNoDelay(true);
            write(s, "1");
            PeerInput in = input(s);
            int b = in.read();
            if (b == 'G') {
                in.expect("ET");
                if (isList(in)) serveList(c);
                else serveGet(c, in);
            } else if (b == 'S') {
                in.expect("END");
                if (isList(in)) throw new PeerProtocolException("pushed browse lists are not taken");
                takePush(c, in);
            } else {
                throw new PeerProtocolException("expected GET or SEND" + (b < 0 ? ", but the peer closed" : ""));
            }
        } catch (SocketTimeoutException e) {
            events.refused(peer, "timed out waiting for the peer");
        } catch (IOException | RuntimeException e) {
            events.refused(peer, c.timedOut ? "timed out" : String.valueOf(e.getMessage()));
        } finally {
            untrack(c);
        }
    }

    /** After GET or SEND: whether LIST follows as its own word (GETLIST, SENDLIST). Bytes read otherwise are put back. */
    private static boolean isList(PeerInput in) throws IOException {
        int[] got = new int[5];
        int n = 0;
        String word = "LIST";
        boolean list = true;
        for (; n < 4; n++) {
            got[n] = in.readIfPromptly();
            if (got[n] != word.charAt(n)) { list = false; n++; break; }
        }
        if (list) {
            got[n] = in.readIfPromptly();
            int end = got[n++];
            if (end < 0 || end == '\n' || end == '\r') return true;
        }
        for (int i = n - 1; i >= 0; i--) if (got[i] >= 0) in.unread(got[i]);
        return false;
    }

    // ---------------------------------------------------------------- uploads

    /** The shared file {@code name} names, if the folder shared now has it. */
    private Optional<SharedFile> shared(String name) {
        SharedFolder current = shares;
        return current == null ? Optional.empty() : current.find(name);
    }

    /**
     * A 607 arrived: {@code nick} asks for {@code fileName}. Answer as the decision says (608,
     * 619, or nothing). An accepted upload is then served to that nick's GET on the data port,
     * or pushed when a 501 follows.
     */
    public UploadDecision uploadRequested(String nick, String fileName) {
        Optional<SharedFile> f = shared(fileName);
        if (f.isEmpty()) return new UploadDecision(UploadDecision.Kind.NOT_SHARED, 0, slots.limit());
        return slots.request(nick, f.get().announcedName());
    }

    /**
     * Serves uploads and direct browses from {@code folder} from now on (null: share nothing).
     * Transfers already under way finish from the folder they started with.
     */
    public void shares(SharedFolder folder) {
        this.shares = folder;
    }

    /** The upload slots and their queue. */
    public UploadSlots slots() {
        return slots;
    }

    /** A peer's {@code <nick> "<filename>" <number>} line; a malformed one is answered INVALID REQUEST. */
    private PeerHeader header(Socket s, PeerInput in) throws IOException {
        try {
            return in.readHeader(settings.maxHeaderBytes());
        } catch (PeerProtocolException e) {
            answerAndClose(s, INVALID_REQUEST);
            throw e;
        }
    }

    // GET <nick> "<filename>" <offset>  ->  <size> <bytes from offset>
    private void serveGet(Connection c, PeerInput in) throws IOException {
        Socket s = c.socket;
        PeerHeader h = header(s, in);
        Optional<SharedFile> found = shared(h.fileName());
        if (found.isEmpty()) {
            answerAndClose(s, FILE_NOT_SHARED);
            throw new PeerProtocolException(h.nick() + " asked for a file not shared: " + h.fileName());
        }
        SharedFile f = found.get();
        if (!slots.claim(h.nick(), f.announcedName())) {
            answerAndClose(s, INVALID_REQUEST);
            throw new PeerProtocolException(h.nick() + " asked for an upload not agreed to: " + h.fileName());
        }
        Runnable release = once(slots::release);
        try {
            long size = currentSize(f);
            if (size < 0 || h.number() > size) {
                answerAndClose(s, size < 0 ? FILE_NOT_SHARED : INVALID_REQUEST);
                throw new PeerProtocolException(h.nick() + " asked for offset " + h.number() + " of a " + size + "-byte file");
            }
            write(s, Long.toString(size));
            upload(c, f, size, h.number(), h.nick(), false, new Transfer(), release);
        } finally {
            release.run();
        }
    }

    /**
     * A 501 arrived: we are firewalled and {@code nick}, whose data port is
     * {@code address:port}, wants {@code fileName}, which we agreed to with 608. Connects out
     * and pushes the file: read {@code 1}, send {@code SEND}, then
     * {@code <our nick> "<filename>" <size>}, read the offset, send the bytes from it.
     */
    public Transfer pushUpload(String nick, String fileName, InetAddress address, int port) {
        Transfer t = new Transfer();
        Optional<SharedFile> found = shared(fileName);
        if (found.isEmpty()) {
            t.fail("not shared: " + fileName);
            return t;
        }
        SharedFile f = found.get();
        if (port <= 0 || port > 65535 || !slots.claim(nick, f.announcedName())) {
            t.fail(port <= 0 || port > 65535 ? "the downloader has no data port" : "upload not agreed to: " + fileName);
            return t;
        }
        Runnable release = once(slots::release);
        submit(t, () -> {
            try (Socket s = new Socket()) {
                Connection c = track(s);
                t.onCancel(() -> closeQuietly(s));
                try {
                    s.connect(new InetSocketAddress(address, port), (int) settings.connectTimeout().toMillis());
                    s.setTcpNoDelay(true);
                    PeerInput in = input(s);
                    in.expectGreeting();
                    long size = currentSize(f);
                    if (size < 0) throw new IOException("the shared file changed or went away: " + f.local());
                    write(s, "SEND");
                    write(s, new PeerHeader(ourNick.get(), f.announcedName(), size).wire());
                    long offset = in.readQuietNumber();
                    if (offset > size) throw new PeerProtocolException("the downloader asked for offset " + offset + " of " + size);
                    upload(c, f, size, offset, nick, true, t, release);
                } catch (IOException e) {
                    release.run();
                    t.finish(failed(c, t, 0, null, e));
                } finally {
                    untrack(c);
                }
            } catch (IOException e) {
                release.run();
                t.finish(failed(null, t, 0, null, e));
            } finally {
                release.run();
            }
        }, release);
        return t;
    }

    private void upload(Connection c, SharedFile f, long size, long offset, String nick, boolean pushed, Transfer t,
                        Runnable releaseSlot) throws IOException {
        TransferInfo info = new TransferInfo(TransferInfo.Direction.UPLOAD, pushed, nick, f.announcedName(), f.local(), size, offset);
        events.uploadStarted(info);
        long sent = 0;
        TransferResult result = null;
        try (FileChannel file = FileChannel.open(f.local(), StandardOpenOption.READ)) {
            OutputStream out = c.socket.getOutputStream();
            file.position(offset);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            long left = size - offset;
            while (left > 0) {
                if (t.cancelled()) throw new IOException("cancelled");
                buf.clear();
                if (left < BUFFER) buf.limit((int) left);
                int n = file.read(buf);
                if (n < 0) throw new IOException("the shared file got shorter while sending: " + f.local());
                out.write(buf.array(), 0, n);
                left -= n;
                sent += n;
                c.touch();
                events.progress(info, offset + sent, size);
            }
            out.flush();
            finishSending(c.socket);
            result = new TransferResult(TransferResult.Status.COMPLETE, sent, f.local(), null);
        } catch (IOException e) {
            result = failed(c, t, sent, f.local(), e);
        } finally {
            if (result == null) result = new TransferResult(TransferResult.Status.FAILED, sent, f.local(), "internal error");
            releaseSlot.run();
            events.uploadEnded(info, result);
            t.finish(result);
        }
    }

    /** The file's size now, or -1 when it no longer matches what was shared. */
    private static long currentSize(SharedFile f) {
        try {
            long size = Files.size(f.local());
            return size == f.size() ? size : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Half-closes after the last byte and waits (bounded) for the peer to close, so no data is lost to a reset. */
    private void finishSending(Socket s) {
        try {
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] sink = new byte[4096];
            long drained = 0;
            while (drained < BUFFER) {
                int n = in.read(sink);
                if (n < 0) break;
                drained += n;
            }
        } catch (IOException e) {
            // the data is out; the peer's manners do not matter
        }
    }

    // GETLIST  ->  <nick> LF, then one share line per file, each ending with LF, then LF
    private void serveList(Connection c) throws IOException {
        Socket s = c.socket;
        OutputStream out = c.socket.getOutputStream();
        out.write((ourNick.get() + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        SharedFolder current = shares;
        if (current != null) {
            List<SharedFile> files = new ArrayList<>(current.files());
            files.sort(Comparator.comparing(SharedFile::announcedName));
            StringBuilder chunk = new StringBuilder();
            for (SharedFile f : files) {
                chunk.append(f.shareLine()).append('\n');
                if (chunk.length() > 16 * 1024) {
                    out.write(chunk.toString().getBytes(StandardCharsets.ISO_8859_1));
                    c.touch();
                    chunk.setLength(0);
                }
            }
            out.write(chunk.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write('\n');
        out.flush();
        finishSending(s);
    }

    /** Most entries taken from one peer's list. */
    public static final int MAX_LIST_ENTRIES = 100_000;
    /** Most bytes taken from one peer's list (all its lines together). */
    public static final long MAX_LIST_BYTES = 16L << 20;
    /** A direct browse as a whole may last this many {@link TransferSettings#stepTimeout()}s. */
    static final int BROWSE_DEADLINE_STEPS = 5;

    /**
     * A 641 {@code <nick> <ip> <port>} arrived: browse that peer directly. Connects, reads
     * {@code 1}, sends {@code GETLIST}, reads {@code <nick> LF} and then share lines up to an
     * empty line or the end. At most {@value #MAX_LIST_ENTRIES} lines of at most
     * {@code 2 * maxHeaderBytes} bytes and {@value #MAX_LIST_BYTES} bytes in all are taken, within
     * {@value #BROWSE_DEADLINE_STEPS} step timeouts from the start (then the connection is
     * closed); more ends the browse with an error. Entries with an overlong name or checksum are
     * skipped ({@link BrowseEntry#parse}).
     */
    public java.util.concurrent.CompletableFuture<PeerList> browse(InetSocketAddress peer) {
        java.util.concurrent.CompletableFuture<PeerList> result = new java.util.concurrent.CompletableFuture<>();
        Runnable work = () -> {
            java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
            long deadline = settings.stepTimeout().toMillis() * BROWSE_DEADLINE_STEPS;
            try (Socket s = new Socket()) {
                Connection c = track(s);
                ScheduledFuture<?> timer = watchdog.schedule(() -> {
                    late.set(true);
                    closeQuietly(s);
                }, deadline, TimeUnit.MILLISECONDS);
                try {
                    s.connect(peer, (int) settings.connectTimeout().toMillis());
                    s.setTcpNoDelay(true);
                    PeerInput in = input(s);
                    in.expectGreeting();
                    write(s, "GETLIST");
                    int maxLine = 2 * settings.maxHeaderBytes();
                    String nick = readLine(in, c, maxLine);
                    if (nick == null || nick.isBlank() || nick.indexOf(' ') >= 0) throw new PeerProtocolException("the peer's list does not start with its nick");
                    List<BrowseEntry> files = new ArrayList<>();
                    int skipped = 0;
                    long bytes = nick.length() + 1L;
                    for (int n = 0; ; n++) {
                        String line = readLine(in, c, maxLine);
                        if (line == null || line.isEmpty()) break;
                        if (n >= MAX_LIST_ENTRIES) throw new PeerProtocolException("the peer's list is longer than " + MAX_LIST_ENTRIES + " files");
                        bytes += line.length() + 1L;
                        if (bytes > MAX_LIST_BYTES) throw new PeerProtocolException("the peer's list is longer than " + MAX_LIST_BYTES + " bytes");
                        BrowseEntry e = BrowseEntry.parse(line);
                        if (e == null) skipped++;
                        else files.add(e);
                    }
                    if (late.get()) throw new IOException("closed"); // the timer may have fired just after the last line
                    result.complete(new PeerList(nick, files, skipped));
                } catch (IOException e) {
                    if (late.get()) throw new PeerProtocolException("the peer's list did not come within " + deadline / 1000 + " seconds");
                    throw e;
                } finally {
                    timer.cancel(false);
                    untrack(c);
                }
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        try {
            pool.execute(work);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("too many transfers at once"));
        }
        return result;
    }

    /** A line ending in LF (a CR before it is dropped); null at the end of the stream before any byte. */
    private static String readLine(PeerInput in, Connection c, int max) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) return line.isEmpty() ? null : line.toString();
            if (b == '\n') break;
            if (line.length() >= max) throw new PeerProtocolException("a line of the peer's list is longer than " + max + " bytes");
            line.append((char) b);
        }
        c.touch();
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
        return line.toString();
    }

    // ---------------------------------------------------------------- downloads

    /**
     * A 204 arrived with a data port: download {@code fileName} from {@code nick} at
     * {@code peer}. Connects, reads {@code 1}, sends {@code GET}, then
     * {@code <our nick> "<filename>" <offset>} (the offset is the length of a partial file kept
     * from an earlier try), reads the size, and receives the rest into {@code <name>.part},
     * renamed when complete.
     *
     * @param expectedSize the size the search or browse result gave, or -1 if unknown
     */
    public Transfer download(String nick, String fileName, InetSocketAddress peer, long expectedSize, TransferProgress progress) {
        return download(nick, fileName, peer, expectedSize, progress, null);
    }

    /** As {@link #download(String, String, InetSocketAddress, long, TransferProgress)}, into {@code folder} (created if missing; null: the download folder). */
    public Transfer download(String nick, String fileName, InetSocketAddress peer, long expectedSize, TransferProgress progress,
                             Path folder) {
        Transfer t = new Transfer();
        Target target;
        try {
            target = reserve(folder, fileName);
        } catch (IOException e) {
            t.fail(e.getMessage());
            return t;
        }
        submit(t, () -> {
            try (Socket s = new Socket()) {
                Connection c = track(s);
                t.onCancel(() -> closeQuietly(s));
                try {
                    long offset = resumeOffset(target, nick, fileName, expectedSize);
                    s.connect(peer, (int) settings.connectTimeout().toMillis());
                    s.setTcpNoDelay(true);
                    PeerInput in = input(s);
                    in.expectGreeting();
                    write(s, "GET");
                    write(s, new PeerHeader(ourNick.get(), fileName, offset).wire());
                    long size = in.readSizeBeforeData(expectedSize);
                    checkSize(size, offset, expectedSize, target);
                    receive(c, in, t, target, nick, fileName, false, size, offset, progress);
                } catch (IOException e) {
                    target.release();
                    t.finish(failed(c, t, 0, target.partial, e));
                } finally {
                    untrack(c);
                }
            } catch (IOException e) {
                target.release();
                t.finish(failed(null, t, 0, target.partial, e));
            } finally {
                target.release();
            }
        }, () -> target.release());
        return t;
    }

    /**
     * A 204 arrived with port 0 and the session sent 500: the sharer is firewalled and will
     * connect to our data port (which must be open) and send {@code SEND} and
     * {@code <its nick> "<filename>" <size>}; we answer with our offset and receive the bytes.
     * The transfer fails if the sharer has not come within {@link TransferSettings#acceptedTimeout()}.
     */
    public Transfer expectPush(String nick, String fileName, long expectedSize, TransferProgress progress) {
        return expectPush(nick, fileName, expectedSize, progress, null);
    }

    /** As {@link #expectPush(String, String, long, TransferProgress)}, into {@code folder} (created if missing; null: the download folder). */
    public Transfer expectPush(String nick, String fileName, long expectedSize, TransferProgress progress, Path folder) {
        Transfer t = new Transfer();
        if (dataPort == null) {
            t.fail("both sides are firewalled: no data port is open");
            return t;
        }
        Target target;
        try {
            target = reserve(folder, fileName);
        } catch (IOException e) {
            t.fail(e.getMessage());
            return t;
        }
        String key = UploadSlots.key(nick, fileName);
        PendingPush p = new PendingPush(nick, fileName, expectedSize, progress, t, target);
        if (pushes.putIfAbsent(key, p) != null) {
            target.release();
            t.fail("already waiting for that file from " + nick);
            return t;
        }
        ScheduledFuture<?> timeout = watchdog.schedule(() -> {
            if (pushes.remove(key, p)) {
                target.release();
                t.finish(new TransferResult(TransferResult.Status.FAILED, 0, target.partial, nick + " did not connect to send the file"));
            }
        }, settings.acceptedTimeout().toMillis(), TimeUnit.MILLISECONDS);
        t.onCancel(() -> {
            if (pushes.remove(key, p)) {
                timeout.cancel(false);
                target.release();
                t.finish(new TransferResult(TransferResult.Status.CANCELLED, 0, target.partial, null));
            }
        });
        return t;
    }

    /**
     * Gives up waiting for a push announced with {@link #expectPush}: the server said the sharer
     * will not send it (a 609, 620 or 206 after our 500). The transfer fails with {@code reason}.
     *
     * @return whether such a push was waiting
     */
    public boolean abandonPush(String nick, String fileName, String reason) {
        PendingPush p = pushes.get(UploadSlots.key(nick, fileName));
        if (p == null || !pushes.remove(UploadSlots.key(nick, fileName), p)) return false;
        p.target.release();
        p.transfer.fail(reason);
        return true;
    }

    // SEND <nick> "<filename>" <size>  ->  <offset>, then the bytes from it arrive
    private void takePush(Connection c, PeerInput in) throws IOException {
        Socket s = c.socket;
        PeerHeader h = header(s, in);
        PendingPush p = takePending(h.nick(), h.fileName());
        if (p == null) {
            answerAndClose(s, INVALID_REQUEST);
            throw new PeerProtocolException(h.nick() + " pushed a file we did not ask for: " + h.fileName());
        }
        Transfer t = p.transfer;
        t.onCancel(() -> closeQuietly(s));
        try {
            long offset;
            try {
                offset = resumeOffset(p.target, p.nick, p.fileName, h.number());
                checkSize(h.number(), offset, p.expectedSize, p.target);
            } catch (IOException e) {
                answerAndClose(s, INVALID_REQUEST);
                throw e;
            }
            write(s, Long.toString(offset));
            receive(c, in, t, p.target, p.nick, p.fileName, true, h.number(), offset, p.progress);
        } catch (IOException e) {
            p.target.release();
            t.finish(failed(c, t, 0, p.target.partial, e));
            throw e;
        } finally {
            p.target.release();
        }
    }

    /**
     * The push we wait for that a SEND names: by the whole announced name, or, when the SEND names
     * a bare file name (some clients send the name without the folder they announced), the one
     * push from that nick whose announced name ends in it; null when none or several match.
     */
    private PendingPush takePending(String nick, String fileName) {
        PendingPush exact = pushes.remove(UploadSlots.key(nick, fileName));
        if (exact != null || fileName.indexOf('\\') >= 0 || fileName.indexOf('/') >= 0) {
            return exact;
        }
        String suffix = UploadSlots.key(nick, "\\" + fileName);
        String prefix = UploadSlots.key(nick, "");
        String match = null;
        for (String key : pushes.keySet()) {
            if (key.startsWith(prefix) && key.endsWith(suffix.substring(prefix.length()))) {
                if (match != null) {
                    return null;
                }
                match = key;
            }
        }
        return match == null ? null : pushes.remove(match);
    }

    private void checkSize(long size, long offset, long expectedSize, Target target) throws IOException {
        if (size > settings.maxFileSize()) {
            throw new PeerProtocolException("the peer announced " + size + " bytes, more than the " + settings.maxFileSize() + " accepted");
        }
        if (expectedSize >= 0 && size != expectedSize) {
            if (offset > 0) target.discardPartial(); // the partial belongs to another version of the file
            throw new PeerProtocolException("the peer announced " + size + " bytes, the file was listed with " + expectedSize);
        }
        if (offset > 0 && target.resumedSize >= 0 && size != target.resumedSize) {
            target.discardPartial();
            throw new PeerProtocolException("the peer announced " + size + " bytes, the partial file is of a file of " + target.resumedSize);
        }
        if (offset > size) {
            target.discardPartial();
            throw new PeerProtocolException("the partial file is longer than the file (" + offset + " > " + size + ")");
        }
    }

    private void receive(Connection c, PeerInput in, Transfer t, Target target, String nick, String fileName, boolean pushed,
                         long size, long offset, TransferProgress progress) throws IOException {
        TransferInfo info = new TransferInfo(TransferInfo.Direction.DOWNLOAD, pushed, nick, fileName, target.done, size, offset);
        TransferProgress p = progress != null ? progress : TransferProgress.NONE;
        events.downloadStarted(info);
        long got = 0;
        TransferResult result = null;
        try {
            if (offset == 0) PartialInfo.write(target.partial, new PartialInfo(nick, fileName, size));
        } catch (IOException e) {
            result = failed(c, t, 0, target.partial, e);
        }
        if (result == null) try (FileChannel out = FileChannel.open(target.partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (out.size() > offset) out.truncate(offset);
            out.position(offset);
            byte[] buf = new byte[BUFFER];
            long left = size - offset;
            p.progress(offset, size);
            while (left > 0) {
                if (t.cancelled()) throw new IOException("cancelled");
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new PeerProtocolException("the peer closed after " + (offset + got) + " of " + size + " bytes");
                out.write(ByteBuffer.wrap(buf, 0, n));
                left -= n;
                got += n;
                c.touch();
                p.progress(offset + got, size);
                events.progress(info, offset + got, size);
            }
            out.force(false);
        } catch (IOException e) {
            result = failed(c, t, got, target.partial, e);
        }
        try {
            if (result == null) {
                Path done = complete(target);
                result = new TransferResult(TransferResult.Status.COMPLETE, got, done, null);
            }
        } catch (IOException e) {
            result = new TransferResult(TransferResult.Status.FAILED, got, target.partial, "could not rename the completed file: " + e.getMessage());
        } finally {
            if (result == null) result = new TransferResult(TransferResult.Status.FAILED, got, target.partial, "internal error");
            target.release();
            events.downloadEnded(info, result);
            t.finish(result);
        }
    }

    /** Where a download goes: a safe name in the download folder, its partial file, reserved for this transfer. */
    private final class Target {
        final Path partial;
        final Path done;
        /** The size the partial file's {@link PartialInfo} names when this transfer resumes it; -1 otherwise. */
        volatile long resumedSize = -1;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        Target(Path partial, Path done) {
            this.partial = partial;
            this.done = done;
        }

        /** Ends this transfer's hold on the partial file (once; a later transfer's hold is not touched). */
        void release() {
            if (released.compareAndSet(false, true)) partialsInUse.remove(partial);
        }

        /** Deletes the partial file and its description. */
        void discardPartial() throws IOException {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(PartialInfo.path(partial));
        }
    }

    private Target reserve(Path folder, String remoteName) throws IOException {
        Path downloads = folder == null ? this.downloads
                : Files.createDirectories(folder.toAbsolutePath().normalize()).toRealPath();
        String name = SafeFileName.of(SafeFileName.localText(remoteName));
        Path done = downloads.resolve(name).normalize();
        Path partial = downloads.resolve(name + ".part").normalize();
        if (!done.getParent().equals(downloads) || !partial.getParent().equals(downloads)) {
            throw new IOException("unsafe file name: " + remoteName); // cannot happen with SafeFileName; checked anyway
        }
        if (!partialsInUse.add(partial)) throw new IOException("already downloading " + name);
        return new Target(partial, done);
    }

    /**
     * The offset to ask for: what a partial file from an earlier try holds when its
     * {@link PartialInfo} says it is this file (the same nick, remote name and size); otherwise 0,
     * and the partial file is discarded: one of another file with the same base name (from another
     * peer, or of another size) must never be continued with this one's bytes.
     */
    private long resumeOffset(Target target, String nick, String fileName, long size) throws IOException {
        target.resumedSize = -1;
        if (Files.isSymbolicLink(target.partial)) Files.delete(target.partial);
        if (!Files.isRegularFile(target.partial)) {
            Files.deleteIfExists(PartialInfo.path(target.partial));
            return 0;
        }
        PartialInfo info = PartialInfo.read(target.partial);
        long have = Files.size(target.partial);
        if (info == null || !info.matches(nick, fileName, size) || have > info.size()) {
            target.discardPartial();
            return 0;
        }
        if (have > 0) target.resumedSize = info.size();
        return have;
    }

    /** Renames the partial file to its final name, or to {@code name (n).ext} if that is taken. */
    private static Path complete(Target target) throws IOException {
        Path done = target.done;
        String name = done.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; i <= 1000; i++) {
            try {
                if (Files.exists(done, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(done.toString());
                try {
                    Files.move(target.partial, done, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(target.partial, done);
                }
                Files.deleteIfExists(PartialInfo.path(target.partial));
                return done;
            } catch (FileAlreadyExistsException e) {
                done = done.resolveSibling(stem + " (" + i + ")" + ext);
            }
        }
        throw new IOException("no free name for " + name);
    }

    // ---------------------------------------------------------------- plumbing

    private record PendingPush(String nick, String fileName, long expectedSize, TransferProgress progress,
                               Transfer transfer, Target target) {}

    /** A data connection, watched for progress. */
    private static final class Connection {
        final Socket socket;
        volatile long last = System.nanoTime();
        volatile boolean timedOut;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void touch() {
            last = System.nanoTime();
        }
    }

    private Connection track(Socket s) {
        Connection c = new Connection(s);
        connections.add(c);
        if (closed) closeQuietly(s);
        return c;
    }

    private void untrack(Connection c) {
        connections.remove(c);
        closeQuietly(c.socket);
    }

    private void checkStalled() {
        long limit = settings.stepTimeout().toNanos();
        long now = System.nanoTime();
        for (Connection c : connections) {
            if (now - c.last > limit + TimeUnit.MILLISECONDS.toNanos(500)) {
                c.timedOut = true;
                closeQuietly(c.socket);
            }
        }
    }

    private PeerInput input(Socket s) throws IOException {
        return new PeerInput(s, settings.stepTimeout(), settings.quietTime());
    }

    private void submit(Transfer t, Runnable work, Runnable onRejected) {
        try {
            pool.execute(work);
        } catch (RejectedExecutionException e) {
            onRejected.run();
            t.fail(closed ? "transfers are closed" : "too many transfers at once");
        }
    }

    private TransferResult failed(Connection c, Transfer t, long bytes, Path file, Exception e) {
        if (t.cancelled()) return new TransferResult(TransferResult.Status.CANCELLED, bytes, file, null);
        String reason;
        if (e instanceof SocketTimeoutException || (c != null && c.timedOut)) reason = "timed out waiting for the peer";
        else if (e instanceof SocketException && closed) reason = "transfers are closed";
        else reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new TransferResult(TransferResult.Status.FAILED, bytes, file, reason);
    }

    /** Writes one protocol word or line in a single write, as peers expect each in one packet. */
    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void answerAndClose(Socket s, String answer) {
        try {
            write(s, answer);
            finishSending(s);
        } catch (IOException e) {
            // the peer is gone already
        }
    }

    private static String peerName(Socket s) {
        return String.valueOf(s.getRemoteSocketAddress());
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Closes the data port and every transfer; partial files are kept. */
    @Override
    public void close() {
        closed = true;
        ServerSocket s = dataPort;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Connection c : connections) closeQuietly(c.socket);
        for (PendingPush p : pushes.values()) p.transfer.cancel();
        pool.shutdownNow();
        watchdog.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A runnable that does its work the first time only. */
    private static Runnable once(Runnable r) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) r.run();
        };
    }
}
