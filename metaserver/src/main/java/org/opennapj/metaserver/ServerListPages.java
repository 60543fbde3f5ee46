package org.opennapj.metaserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.opennapj.protocol.ServerList;

/**
 * The network's server list over HTTP (the JDK's own server, no dependency): {@code /servers.txt}
 * in the old public lists' text form ({@code host port name users files gigs}) and
 * {@code /servers.wsx} as a WinMX server file (after the metaserver's own {@code META} entry, when
 * it is given one). Both list the servers live at the last check, with
 * what their stats ports said (0 where unknown); servers on a loopback address are listed only to
 * clients on loopback, as with the answers.
 *
 * <p>Each request runs on a virtual thread; the JDK server is told to drop a request that takes
 * more than {@link #REQUEST_SECONDS} to arrive or to be sent, unless those limits were set
 * already, so slow clients cannot hold connections open for long.
 */
final class ServerListPages implements AutoCloseable {

    static final String TEXT_PATH = "/servers.txt";
    static final String WSX_PATH = "/servers.wsx";
    static final int REQUEST_SECONDS = 10;

    private final HttpServer http;
    private final ExecutorService executor;

    private ServerListPages(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /**
     * Starts serving the lists of {@code table}; {@code announced} (or null) is the metaserver's own
     * {@code META} entry, listed first in the .wsx file so WinMX can ask it for a server itself.
     */
    static ServerListPages start(InetSocketAddress address, Supplier<ServerTable> table, ServerList.Entry announced)
            throws IOException {
        // read by the JDK server once, when its first instance is made
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(REQUEST_SECONDS));
        }
        HttpServer http = HttpServer.create(address, 256);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("opennapj-meta-list-", 0).factory());
        http.setExecutor(executor);
        http.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                boolean get = exchange.getRequestMethod().equals("GET");
                boolean head = exchange.getRequestMethod().equals("HEAD");
                if (!get && !head) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=ISO-8859-1", "only GET and HEAD\n", false);
                    return;
                }
                boolean loopback = exchange.getRemoteAddress().getAddress().isLoopbackAddress();
                switch (path) {
                    case TEXT_PATH -> send(exchange, 200, "text/plain; charset=ISO-8859-1",
                            ServerList.formatText(table.get().entries(loopback)), head);
                    case WSX_PATH -> {
                        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"servers.wsx\"");
                        java.util.List<ServerList.Entry> entries = new java.util.ArrayList<>();
                        if (announced != null) {
                            entries.add(announced);
                        }
                        entries.addAll(table.get().entries(loopback));
                        send(exchange, 200, "application/octet-stream", ServerList.formatWsx(entries), head);
                    }
                    default -> send(exchange, 404, "text/plain; charset=ISO-8859-1",
                            "the server lists are " + TEXT_PATH + " and " + WSX_PATH + "\n", head);
                }
            }
        });
        http.start();
        return new ServerListPages(http, executor);
    }

    private static void send(HttpExchange exchange, int status, String type, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
