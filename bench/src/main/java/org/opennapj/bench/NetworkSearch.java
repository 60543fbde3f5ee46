package org.opennapj.bench;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.Message;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/**
 * A networked search against the same search on one server: three linked servers in a chain
 * a - b - c, each holding {@code files} files, searched from a; then one server holding all
 * 3 x {@code files}. Both in this JVM, over loopback, with the same library and query mix as
 * {@link SearchCurve} (napload's), {@code clients} searchers with one search outstanding each.
 * Reports searches per second and the latency (send 200 to 202) percentiles.
 *
 * <pre>java -Xmx4g -cp bench/target/opennapj-benchmarks.jar org.opennapj.bench.NetworkSearch 300000 3000 8</pre>
 */
public final class NetworkSearch {

    private static final int FILES_PER_USER = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private NetworkSearch() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int searches = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int usersPerServer = Math.max(1, files / FILES_PER_USER);
        Library library = new Library(1);
        List<String> queries = library.queries(searches, usersPerServer * 3, FILES_PER_USER, 100);
        Path root = Files.createTempDirectory("opennapj-netsearch");

        System.out.printf("files per server %d (%d users x %d), %d searches, %d clients%n",
                usersPerServer * FILES_PER_USER, usersPerServer, FILES_PER_USER, searches, clients);
        int[] ports = freePorts(3);
        String[] names = {"a.bench", "b.bench", "c.bench"};
        List<OpenNapServer> servers = new ArrayList<>();
        try {
            // b links with a and c by itself (auto_link); a and c only accept
            write(root, names[0], "127.0.0.1 pw pw " + ports[1] + " " + names[1]);
            write(root, names[1], "127.0.0.1 pw pw " + ports[0] + " " + names[0] + "\n127.0.0.1 pw pw " + ports[2] + " " + names[2]);
            write(root, names[2], "127.0.0.1 pw pw " + ports[1] + " " + names[1]);
            servers.add(start(root, names[0], ports[0], false));
            servers.add(start(root, names[2], ports[2], false));
            servers.add(start(root, names[1], ports[1], true));
            List<ServerSession> owners = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                owners.addAll(share(library, ports[k], k * usersPerServer, usersPerServer));
            }
            // linked once a sees c's last user
            awaitOnline(ports[0], "u" + (3 * usersPerServer - 1));
            run("networked: 3 servers", ports[0], queries, clients);
            owners.forEach(ServerSession::close);
        } finally {
            servers.forEach(OpenNapServer::close);
        }
        servers.clear();
        try {
            int port = freePorts(1)[0];
            servers.add(start(root, "single.bench", port, false));
            List<ServerSession> owners = share(library, port, 0, 3 * usersPerServer);
            run("one server, all files", port, queries, clients);
            owners.forEach(ServerSession::close);
        } finally {
            servers.forEach(OpenNapServer::close);
        }
    }

    private static int[] freePorts(int n) throws Exception {
        int[] p = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket s = new ServerSocket(0);
            open.add(s);
            p[i] = s.getLocalPort();
        }
        for (ServerSocket s : open) {
            s.close();
        }
        return p;
    }

    private static void write(Path root, String name, String servers) throws Exception {
        Path d = root.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("servers"), servers + "\n");
    }

    private static OpenNapServer start(Path root, String name, int port, boolean autoLink) throws Exception {
        Path d = root.resolve(name);
        Files.createDirectories(d);
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1").set("server_ports", Integer.toString(port))
                .set("server_name", name).set("stat_click", "0").set("index_path_depth", "3")
                .set("max_shared", "100000").set("max_results", "100").set("client_queue_length", "1048576")
                .set("server_queue_length", "67108864").set("auto_link", autoLink ? "on" : "off");
        return OpenNapServer.start(d, c);
    }

    /** Logs users first..first+n-1 in and shares their files; returns the sessions (kept open). */
    private static List<ServerSession> share(Library library, int port, int first, int n) throws Exception {
        List<ServerSession> out = new ArrayList<>();
        for (int u = first; u < first + n; u++) {
            ServerSession s = ServerSession.connect("127.0.0.1", port, TIMEOUT);
            s.send(2, "u" + u + " pw 6699 \"bench\" 7");
            s.expect(TIMEOUT, 3);
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (Library.SharedFile f : library.files(u, FILES_PER_USER)) {
                frames.write(Framing.encode(100, f.shareLine(), ByteOrder.LITTLE_ENDIAN));
            }
            frames.write(Framing.encode(750, "", ByteOrder.LITTLE_ENDIAN));
            s.sendRaw(frames.toByteArray());
            s.await(TIMEOUT, m -> m.type() == 750, "750 after the shares");
            out.add(s);
        }
        return out;
    }

    private static void awaitOnline(int port, String nick) throws Exception {
        try (ServerSession s = ServerSession.connect("127.0.0.1", port, TIMEOUT)) {
            s.send(2, "watcher pw 0 \"bench\" 7");
            s.expect(TIMEOUT, 3);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                s.send(603, nick);
                Message m = s.await(TIMEOUT, x -> x.type() == 604 || x.type() == 605 || x.type() == 404, "whois");
                if (m.type() == 604) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(nick + " never visible on port " + port);
        }
    }

    private static void run(String label, int port, List<String> queries, int clients) throws Exception {
        // warm-up: a tenth of the queries, not measured
        measure(port, queries.subList(0, Math.max(1, queries.size() / 10)), clients, "w");
        long[] lat = new long[queries.size()];
        AtomicLong results = new AtomicLong();
        long t0 = System.nanoTime();
        measure(port, queries, clients, "m", lat, results);
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(lat);
        System.out.printf("%-24s %8.0f searches/s   p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   results/search %5.1f%n",
                label, queries.size() / secs, lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.99)] / 1e6,
                lat[lat.length - 1] / 1e6, (double) results.get() / queries.size());
    }

    private static void measure(int port, List<String> queries, int clients, String prefix) throws Exception {
        measure(port, queries, clients, prefix, new long[queries.size()], new AtomicLong());
    }

    private static void measure(int port, List<String> queries, int clients, String prefix, long[] lat, AtomicLong results)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int c = 0; c < clients; c++) {
            String nick = "s" + prefix + c;
            Thread t = new Thread(() -> {
                try (ServerSession s = ServerSession.connect("127.0.0.1", port, TIMEOUT)) {
                    s.send(2, nick + " pw 6699 \"bench\" 7");
                    s.expect(TIMEOUT, 3);
                    int i;
                    while ((i = next.getAndIncrement()) < queries.size()) {
                        long start = System.nanoTime();
                        s.send(200, queries.get(i));
                        List<Message> got = s.collectUntil(TIMEOUT, 202);
                        lat[i] = System.nanoTime() - start;
                        results.addAndGet(got.stream().filter(m -> m.type() == 201).count());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a searcher failed", failures.get(0));
        }
    }
}
