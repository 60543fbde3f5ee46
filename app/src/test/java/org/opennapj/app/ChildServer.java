package org.opennapj.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code opennapj server} in its own JVM, listening on a free port of 127.0.0.1. The port is
 * free when asked and bound by the server a moment later, so a server that exits during start-up
 * (most likely because the port was taken meanwhile) is started again on another one.
 * {@link #close()} kills it if it still runs.
 */
final class ChildServer implements AutoCloseable {

    /** How long one start-up may take until the port accepts. */
    static final Duration STARTUP = Duration.ofSeconds(30);

    private static final int ATTEMPTS = 3;

    /** Where the server's two output streams go. */
    enum Output {
        /** standard output and standard error in one file, {@link #log()} (= {@link #out()}) */
        MERGED,
        /** standard error in {@link #log()}, standard output in {@link #out()} */
        SEPARATE
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final Path out;

    private ChildServer(Process process, int port, Path log, Path out) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.out = out;
    }

    /**
     * Starts {@code opennapj server --data data --port <free> --listen 127.0.0.1 args...} and waits
     * (bounded by {@link #STARTUP}) until its port accepts a connection. A server that warms up
     * accepts once its port is bound (connections wait in the listen backlog until it is done).
     * Output goes to {@code name-<attempt>.log} (and {@code name-<attempt>.out}) in logDir.
     */
    static ChildServer start(Path data, Path logDir, String name, Output output, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = logDir.resolve(name + "-" + attempt + ".log");
            Path out = output == Output.MERGED ? log : logDir.resolve(name + "-" + attempt + ".out");
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "server", "--data", data.toString(), "--port", Integer.toString(port),
                    "--listen", "127.0.0.1"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (output == Output.MERGED) {
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
            } else {
                pb.redirectOutput(out.toFile()).redirectError(log.toFile());
            }
            Process p = pb.start();
            boolean ready = false;
            try {
                long deadline = System.nanoTime() + STARTUP.toNanos();
                while (p.isAlive() && System.nanoTime() < deadline) {
                    if (accepts(port)) {
                        ready = true;
                        return new ChildServer(p, port, log, out);
                    }
                    Thread.sleep(100);
                }
                if (p.isAlive()) {
                    throw new AssertionError("server did not open port " + port + " within " + STARTUP + ":\n"
                            + read(log));
                }
            } finally {
                if (!ready) {
                    kill(p);
                }
            }
            System.err.println("server exited with " + p.exitValue() + " on attempt " + attempt + ":\n" + read(log));
        }
        throw new AssertionError("server would not start; see the logs in " + logDir);
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    /** The server's standard error (its log), with its standard output too when {@link Output#MERGED}. */
    Path log() {
        return log;
    }

    /** The server's standard output; the same file as {@link #log()} when {@link Output#MERGED}. */
    Path out() {
        return out;
    }

    /** Kills the server (SIGKILL) if it still runs and waits (bounded) until it is gone. */
    @Override
    public void close() throws InterruptedException {
        kill(process);
    }

    private static void kill(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** For messages only: undecodable bytes are replaced, never an error. */
    private static String read(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "(no output)";
    }
}
