package org.opennapj.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.opennapj.protocol.FrameDecoder;
import org.opennapj.protocol.FrameTooLongException;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/**
 * Common client traffic against a private server on 127.0.0.1 with a throw-away data directory,
 * over real sockets: registrations (the first round), logins, shares, searches, channel chat, whois, browse, hotlist, private
 * messages, logouts, in rounds of new clients. It makes a JVM do the work a real server does, so
 * that what the JVM learns from it (the classes it loads, the methods it compiles) is ready
 * before real clients come: {@code opennapj train} runs it for the ahead-of-time cache, and
 * {@code opennapj server} runs a shorter one before it listens.
 *
 * <p>Every reply the run waits for is checked, so a failed run says what went wrong instead of
 * exercising error paths; every wait is bounded by the socket timeout and the run's deadline.
 */
final class TrainingLoad {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final String CHANNEL = "training";
    private static final int READ_TIMEOUT_MILLIS = 15_000;
    /** Messages a client may skip while waiting for one reply (chat fan-out arrives in between). */
    private static final int MAX_SKIPPED = 1_000_000;
    /** The whole run ends by then, finished or not (it takes about 5 s with the defaults). */
    private static final long MAX_RUN_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final int clients;
    private final int rounds;
    private final int files;
    private final int searches;
    private final boolean chat;
    /** The server whose network threads the private server runs on, or null for threads of its own. */
    private final OpenNapServer host;

    /**
     * @param searches searches each client makes (each finds up to 100 files)
     * @param chat whether the clients also join one channel and talk there (every line reaches
     *             every member: the longest part of a run with many clients)
     * @param host the server the warm-up is for, whose network threads the private server uses
     *             (see {@link OpenNapServer#startOnThreadsOf}); null for threads of its own
     */
    TrainingLoad(int clients, int rounds, int files, int searches, boolean chat, OpenNapServer host) {
        this.clients = clients;
        this.rounds = rounds;
        this.files = files;
        this.searches = searches;
        this.chat = chat;
        this.host = host;
    }

    private final AtomicLong searchResults = new AtomicLong();
    private long deadline;
    private final AtomicLong chatReceived = new AtomicLong();

    /** Runs the load; returns a one-line summary, or throws {@link TrainingException} saying what went wrong. */
    String run() throws Exception {
        Path dir = Files.createTempDirectory("opennapj-train");
        long started = System.nanoTime();
        deadline = started + MAX_RUN_NANOS;
        ServerConfig config = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("stat_click", "0")
                .set("index_path_depth", "3")
                .set("max_connections", "0")
                .set("max_clones", "0")
                .set("auto_register", "off")
                // the first round registers its clients: the same code paths at a small fraction of the cost
                .set("password_hash_iterations", "1000");
        try (OpenNapServer server = host != null ? OpenNapServer.startOnThreadsOf(host, dir, config)
                : OpenNapServer.start(dir, config)) {
            int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (int r = 0; r < rounds; r++) {
                    round(pool, threads, server.port(), r);
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            deleteTree(dir);
        }
        return String.format("%d rounds of %d clients, %d files each; %d search results, %d chat messages received"
                + " (%.1f s)", rounds, clients, files, searchResults.get(), chatReceived.get(),
                (System.nanoTime() - started) / 1e9);
    }

    /** One round: every client logs in, shares, searches, chats and leaves; slices run in parallel. */
    private void round(ExecutorService pool, int threads, int port, int round) throws Exception {
        List<Client> all = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                all.add(new Client(port, "train" + round + "x" + i));
            }
            List<List<Client>> slices = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                slices.add(new ArrayList<>());
            }
            for (int i = 0; i < all.size(); i++) {
                slices.get(i % threads).add(all.get(i));
            }
            // the steps are separate phases, as clients' traffic mostly is: all logins, then all shares, ...
            phase(pool, slices, c -> login(c, round == 0));
            phase(pool, slices, c -> share(c, round));
            phase(pool, slices, this::search);
            if (chat) {
                phase(pool, slices, this::join);
                phase(pool, slices, this::chat);
            }
            phase(pool, slices, c -> lookAround(c, all));
        } finally {
            for (Client c : all) {
                c.close();
            }
        }
    }

    private interface Step {
        void run(Client c) throws IOException;
    }

    private void phase(ExecutorService pool, List<List<Client>> slices, Step step) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (List<Client> slice : slices) {
            running.add(pool.submit(() -> {
                for (Client c : slice) {
                    step.run(c);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TrainingException("not finished after " + TimeUnit.NANOSECONDS.toSeconds(MAX_RUN_NANOS) + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof TrainingException te ? te
                        : new TrainingException(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
    }

    /** Logs in (2), or registers (6): password hashing and a durable account write. */
    private void login(Client c, boolean register) throws IOException {
        if (register) {
            c.send(MessageType.NEW_USER_LOGIN.code(), c.nick + " training 6699 \"OpenNapJ training\" 7 " + c.nick + "@example.com");
        } else {
            c.send(MessageType.LOGIN.code(), c.nick + " training 6699 \"OpenNapJ training\" 7");
        }
        c.flush();
        c.await(MessageType.LOGIN_ACK.code());
    }

    private void share(Client c, int round) throws IOException {
        Random rnd = new Random(c.nick.hashCode());
        for (int f = 0; f < files; f++) {
            c.send(MessageType.SHARE_FILE.code(), "\"C:\\Music\\" + word(rnd) + " " + word(rnd) + "\\" + word(rnd) + "\\"
                    + String.format("%02d", f % 12 + 1) + " - " + word(rnd) + " " + word(rnd) + ".mp3\" "
                    + String.format("%032x", rnd.nextLong() & Long.MAX_VALUE) + " " + (3_000_000 + rnd.nextInt(5_000_000))
                    + " 128 44100 " + (120 + rnd.nextInt(300)));
        }
        c.send(MessageType.SERVER_PING.code(), "");
        c.flush();
        c.await(MessageType.SERVER_PING.code());
    }

    private void search(Client c) throws IOException {
        Random rnd = new Random(c.nick.hashCode() * 31L);
        for (int q = 0; q < searches; q++) {
            c.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"" + word(rnd) + "\" MAX_RESULTS 100");
            c.flush();
            Message m;
            while ((m = c.next()).type() != MessageType.SEARCH_END.code()) {
                if (m.type() == MessageType.SEARCH_RESULT.code()) {
                    searchResults.incrementAndGet();
                }
            }
        }
    }

    private void join(Client c) throws IOException {
        c.send(MessageType.JOIN.code(), CHANNEL);
        c.flush();
        c.await(MessageType.JOIN_ACK.code());
    }

    private void chat(Client c) throws IOException {
        for (int i = 0; i < 3; i++) {
            c.send(MessageType.PUBLIC_MESSAGE_SEND.code(), CHANNEL + " hello from " + c.nick + " #" + i);
        }
        c.send(MessageType.SERVER_PING.code(), "");
        c.flush();
        c.await(MessageType.SERVER_PING.code());
    }

    private void lookAround(Client c, List<Client> all) throws IOException {
        Client other = all.get(Math.floorMod(c.nick.hashCode(), all.size()));
        c.send(MessageType.WHOIS.code(), other.nick);
        c.send(MessageType.HOTLIST_ADD.code(), other.nick);
        c.send(MessageType.PRIVATE_MESSAGE.code(), other.nick + " hello");
        c.send(MessageType.BROWSE.code(), other.nick);
        if (chat) {
            c.send(MessageType.PART.code(), CHANNEL);
        }
        c.send(MessageType.SERVER_PING.code(), "");
        c.flush();
        c.await(MessageType.SERVER_PING.code());
    }

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "ba", "zu", "fe"};

    private static String word(Random rnd) {
        // a small vocabulary with a skew, so searches find many files for some words and few for others
        int n = 2 + (rnd.nextInt(4) == 0 ? 1 : 0);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(SYLLABLES[Math.min(rnd.nextInt(SYLLABLES.length), rnd.nextInt(SYLLABLES.length))]);
        }
        return b.toString();
    }

    /** One client connection with blocking I/O; counts the chat lines it skips while waiting. */
    private final class Client implements AutoCloseable {
        final String nick;
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final FrameDecoder decoder = new FrameDecoder(Framing.MAX_DATA_LENGTH, LE);
        /**
         * Received bytes; small, and grown only for a frame that does not fit: a run holds
         * thousands of clients at once, and in a server's own warm-up all they allocate stays behind
         * as garbage in the server's heap.
         */
        private ByteBuffer buf = ByteBuffer.allocate(2048).flip();

        Client(int port, String nick) throws IOException {
            this.nick = nick;
            this.socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 2048);
            this.in = socket.getInputStream();
        }

        void send(int type, String data) throws IOException {
            out.write(Framing.encode(type, data, LE));
        }

        void flush() throws IOException {
            out.flush();
        }

        Message next() throws IOException {
            while (true) {
                Message m;
                try {
                    m = decoder.next(buf);
                } catch (FrameTooLongException e) {
                    throw new TrainingException(nick + ": frame too long from the server (" + e.length() + " bytes)");
                }
                if (m != null) {
                    if (m.type() == MessageType.ERROR.code()) {
                        throw new TrainingException(nick + ": the server refused: " + m.data());
                    }
                    if (m.type() == MessageType.PUBLIC_MESSAGE.code()) {
                        chatReceived.incrementAndGet();
                    }
                    return m;
                }
                if (System.nanoTime() > deadline) {
                    throw new TrainingException(nick + ": not finished after "
                            + TimeUnit.NANOSECONDS.toSeconds(MAX_RUN_NANOS) + " s");
                }
                buf.compact();
                if (!buf.hasRemaining()) {
                    buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
                }
                int n = in.read(buf.array(), buf.position(), buf.remaining());
                if (n < 0) {
                    throw new TrainingException(nick + ": the server closed the connection");
                }
                buf.position(buf.position() + n).flip();
            }
        }

        void await(int type) throws IOException {
            for (int skipped = 0; skipped < MAX_SKIPPED; skipped++) {
                if (next().type() == type) {
                    return;
                }
            }
            throw new TrainingException(nick + ": no " + type + " among " + MAX_SKIPPED + " messages");
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing at the end of a round: nothing to do
            }
        }
    }

    /** A training run that did not go as planned (the server refused something or stopped answering). */
    static final class TrainingException extends RuntimeException {
        TrainingException(String message) {
            super(message);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            });
        } catch (IOException e) {
            // same
        }
    }
}
