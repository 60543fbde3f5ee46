package org.opennapj.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opennapj server}: runs a server until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Starts an OpenNap server. The data directory is created on first run;",
                "its 'config' file (opennap-ng key names) is read if present, and options given",
                "here override it."})
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--port", description = "client port (config key server_ports; default 8888)")
    Integer port;

    @Option(names = "--listen", description = "address to listen on (config key listen_addr; default 0.0.0.0)")
    String listen;

    @Option(names = {"-o", "--set"}, paramLabel = "KEY=VALUE",
            description = "set any config key, e.g. -o auto_register=on (repeatable)")
    Map<String, String> settings;

    @Option(names = "--warm-up", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"before taking clients (the port is bound already), run a few seconds of client",
                    "traffic against a private server on 127.0.0.1, so the JVM has compiled the server's",
                    "code, password hashing included, when the first clients come (on by default;",
                    "--no-warm-up skips it)"})
    boolean warmUp;

    @Option(names = "--log-format", defaultValue = "plain", paramLabel = "plain|json",
            description = {"log lines as text (plain, the default) or as one JSON object per line (json),",
                    "for a log collector"})
    String logFormat;

    /**
     * The warm-up's size: enough logins for the JIT to compile the login path (the first round
     * registers, so password hashing and the store's writes are compiled too), no channel chat.
     */
    private static final int WARM_UP_CLIENTS = 1000;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int WARM_UP_FILES = 5;
    private static final int WARM_UP_SEARCHES = 1;

    @Override
    public Integer call() throws Exception {
        try {
            Logging.configure(logFormat);
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        ServerConfig overrides = new ServerConfig();
        try {
            if (port != null) {
                overrides.set("server_ports", port);
            }
            if (listen != null) {
                overrides.set("listen_addr", listen);
            }
            if (settings != null) {
                settings.forEach(overrides::set);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        OpenNapServer server;
        try {
            // bound, not yet accepting: connections wait in the listen backlog until the descriptor
            // table is grown (and the warm-up is done)
            server = OpenNapServer.start(data, overrides, false);
        } catch (java.net.BindException e) {
            System.err.println("server: cannot listen on " + (listen != null ? listen : "the configured address")
                    + " port " + (port != null ? port : "(from the config)") + ": " + e.getMessage());
            return 1;
        } catch (org.opennapj.server.DataDirectoryInUseException e) {
            System.err.println("server: " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable data directory or a bad line in its config file
            System.err.println("server: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            System.err.println("server: cannot open the account store in " + data + ": " + e.getMessage());
            return 1;
        }
        // a storm of connections right after the start must not be the one to grow the table
        server.reserveDescriptors();
        if (warmUp) {
            warmUp(server);
        }
        server.accept();
        String host = server.address().getAddress().isAnyLocalAddress() ? "127.0.0.1" : server.address().getAddress().getHostAddress();
        System.out.println("OpenNapJ " + org.opennapj.server.admin.ServerInfo.VERSION + " is running.");
        System.out.println("Data directory: " + data.toAbsolutePath().normalize());
        System.out.println("Point your Napster client at " + host + ":" + server.port()
                + (server.address().getAddress().isAnyLocalAddress() ? " (listening on all interfaces)" : ""));
        if (server.statsAddress() != null) {
            System.out.println("Stats port (one line of counts per connection): " + server.statsAddress().getPort());
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        // SIGTERM (a service manager's stop, kill) and Ctrl-C close the server and the process exits 0;
        // the hook covers any other way the JVM is told to end; an operator's 10110 closes it from inside
        Signals.onStop(server::close);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "opennapj-shutdown"));
        // kill -HUP rereads the config file and the motd, as on opennap-ng
        ReloadSignal.install(server);
        server.awaitClosed();
        System.out.println("OpenNapJ has stopped.");
        return 0;
    }

    /**
     * Runs the warm-up load (see {@link TrainingLoad}). The server is as fast as it gets only once
     * the JVM has compiled its code; without this, the first few thousand logins after a restart
     * (when every client reconnects at once) run in the interpreter and wait for the compiler.
     * The warm-up's private server runs on {@code server}'s own network threads, so those are
     * started, and the code compiled for them, before the first client comes. A failed warm-up is
     * reported and the server starts all the same.
     */
    private static void warmUp(OpenNapServer server) {
        System.out.println("Warming up before taking clients (a few seconds of client traffic on 127.0.0.1;"
                + " --no-warm-up skips it)...");
        System.out.flush();
        try {
            String summary = new TrainingLoad(WARM_UP_CLIENTS, WARM_UP_ROUNDS, WARM_UP_FILES, WARM_UP_SEARCHES, false,
                    server).run();
            System.out.println("Warmed up: " + summary);
        } catch (Exception e) {
            System.err.println("server: the warm-up failed (" + e.getMessage() + "); starting all the same");
        }
        // what the warm-up's private server left behind is garbage now: collect it before the
        // real clients come, so the heap it took is given back instead of lingering
        System.gc();
    }
}
