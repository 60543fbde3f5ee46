package org.opennapj.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opennapj.server.account.AccountLinking;
import org.opennapj.server.account.Accounts;
import org.opennapj.server.account.Login;
import org.opennapj.server.account.Whois;
import org.opennapj.server.admin.AccountAdministration;
import org.opennapj.server.admin.BanCommands;
import org.opennapj.server.admin.Bans;
import org.opennapj.server.admin.OperatorTools;
import org.opennapj.server.admin.ServerAdministration;
import org.opennapj.server.admin.UserAdministration;
import org.opennapj.server.admin.ServerInfo;
import org.opennapj.server.browse.Browse;
import org.opennapj.server.chat.Channels;
import org.opennapj.server.chat.Hotlists;
import org.opennapj.server.chat.PrivateMessages;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.share.BlockList;
import org.opennapj.server.share.IndexSettings;
import org.opennapj.server.share.WordFilter;
import org.opennapj.server.share.SearchRequests;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.share.ShareRequests;
import org.opennapj.server.store.SqliteAccountStore;
import org.opennapj.server.store.StoreException;
import org.opennapj.server.store.StoreWriter;
import org.opennapj.server.transfer.Transfers;
import org.opennapj.server.transport.ClientListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An OpenNapJ server: its data directory, its state owner, its features and its client port. */
public final class OpenNapServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenNapServer.class);
    /** Descriptors kept back for the listener, the database, logs and the JVM itself. */
    private static final int DESCRIPTOR_RESERVE = 64;
    /**
     * Most descriptors {@link #reserveDescriptors()} makes room for: past that, a storm is rare
     * and each later doubling of the table (32,768 more) costs one short stall.
     */
    private static final int RESERVED_DESCRIPTORS_CAP = 32_768;
    /** The connection_hard_limit in force (0: none), set at start. */
    private int connectionHardLimit;

    public static final String CONFIG_FILE = "config";
    public static final String MOTD_FILE = "motd";
    public static final String FILTER_FILE = "filter";
    public static final String BLOCK_FILE = "block";
    /** Held (locked) by the server running on a data directory. */
    public static final String LOCK_FILE = "opennapj.lock";

    private final ServerConfig config;
    private final ServerCore core;
    private final ServerAdministration administration;
    private final Accounts accounts;
    private final SqliteAccountStore store;
    private final StoreWriter storeWriter;
    private final Bans bans;
    private final ShareIndex index;
    private final Channels channels;
    private final ClientListener listener;
    private final org.opennapj.server.link.Links links;
    private final ServerInfo info;
    private final DataDirectoryLock lock;
    private final Features features;
    /** What was started by {@link ServerExtension}s (the web page), closed first. */
    private final List<AutoCloseable> extensions = new java.util.ArrayList<>();
    private org.opennapj.server.metrics.MetricsExporter metrics;
    private org.opennapj.server.admin.MetaserverReporter metaserverReporter;
    private InetSocketAddress address;
    private InetSocketAddress statsAddress;
    /** Counted down once the server is closed (by its owner or by an operator's 10110). */
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private OpenNapServer(ServerConfig config, Path dataDir, DataDirectoryLock lock, OpenNapServer threadsOf)
            throws IOException, StoreException {
        this.config = config;
        this.lock = lock;
        this.core = new ServerCore(config);
        this.index = new ShareIndex(new IndexSettings(config.integer("index_path_depth"), config.flag("index_ignore_suffix")));
        this.store = new SqliteAccountStore(dataDir);
        this.storeWriter = new StoreWriter(store, core::execute);
        this.accounts = new Accounts(core, store, storeWriter);
        this.bans = new Bans(store, storeWriter);
        ServerInfo info = new ServerInfo(core, index, dataDir.resolve(MOTD_FILE), accounts::count);
        this.info = info;
        UserAdministration userAdministration = new UserAdministration(core, accounts);
        new AccountAdministration(core, accounts);
        new AccountLinking(core, accounts);
        BanCommands banCommands = new BanCommands(core, bans);
        this.administration = new ServerAdministration(core, dataDir.resolve(CONFIG_FILE), info);
        new OperatorTools(core);
        // 10110: an operator shuts the server down; closing waits for the core, so not on the core thread
        core.onShutdownRequest(() -> {
            Thread t = new Thread(this::close, "opennapj-shutdown-request");
            t.setDaemon(true);
            t.start();
        });
        Login login = new Login(core, accounts, bans, info, index);
        new Whois(core, accounts, index);
        new PrivateMessages(core);
        new Hotlists(core);
        this.channels = new Channels(core, index, dataDir);
        // the filter file (words never indexed) and the block file (file names refused), as opennap-ng:
        // read at start-up and reread by a reload
        ShareRequests shares = new ShareRequests(core, index);
        List<String> problems = readFilterAndBlock(dataDir, shares);
        problems.forEach(p -> LOG.warn("{}", p));
        administration.onReload(() -> {
            try {
                return readFilterAndBlock(dataDir, shares);
            } catch (IOException e) {
                return List.of("filter or block file not reread: " + e.getMessage());
            }
        });
        new SearchRequests(core, index);
        new Browse(core, index);
        new Transfers(core, index);
        this.listener = threadsOf != null ? new ClientListener(threadsOf.listener)
                : new ClientListener(Math.max(1, Runtime.getRuntime().availableProcessors()));
        String localAddress = config.string("listen_addr");
        this.links = new org.opennapj.server.link.Links(core, dataDir,
                (remote, opened, failed) -> listener.connect(remote, localAddress, opened, failed),
                () -> address == null ? 0 : address.getPort());
        this.features = new Features(core, accounts, bans, info, login, userAdministration, banCommands, channels, links, index);
    }

    /**
     * The features a {@link ServerExtension} talks to, on the core's rules: their methods run on the
     * core thread only (in a task given to {@code core.execute}).
     */
    public record Features(ServerCore core, Accounts accounts, Bans bans, ServerInfo info, Login login,
            UserAdministration users, BanCommands banCommands, Channels channels,
            org.opennapj.server.link.Links links, ShareIndex index) {
    }

    public Features features() {
        return features;
    }

    /** The first extension started with this server that is a {@code type}, or null. */
    public <T> T extension(Class<T> type) {
        for (AutoCloseable e : extensions) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    /**
     * Reads the filter and block files into the index and the share requests; returns the block
     * lines skipped (with their numbers). A filter change applies to files shared from then on.
     */
    private List<String> readFilterAndBlock(Path dataDir, ShareRequests shares) throws IOException {
        index.filter(WordFilter.load(dataDir.resolve(FILTER_FILE)));
        BlockList block = BlockList.load(dataDir.resolve(BLOCK_FILE));
        shares.block(block);
        return block.problems().stream().map(p -> p + ": line skipped").toList();
    }

    /**
     * Starts a server on a data directory (created if missing). The config file in it is read
     * if present; {@code overrides} (may be null) win over it.
     */
    public static OpenNapServer start(Path dataDir, ServerConfig overrides) throws IOException, StoreException, InterruptedException {
        return start(dataDir, overrides, true);
    }

    /**
     * Like {@link #start(Path, ServerConfig)}, but with {@code accept} false the port is only bound:
     * clients are accepted from {@link #accept()} on (meanwhile the system holds their connections).
     */
    public static OpenNapServer start(Path dataDir, ServerConfig overrides, boolean accept)
            throws IOException, StoreException, InterruptedException {
        return start(dataDir, overrides, accept, null);
    }

    /**
     * Starts a second server in this process whose connections run on {@code host}'s network
     * threads (its own core and state otherwise), accepting at once. For the warm-up: its traffic
     * starts and exercises the very threads the host's clients will use, so the code the JVM
     * compiles for them has already met what a first connection does on a new thread. Closing it
     * closes its connections and leaves the host's threads running.
     */
    public static OpenNapServer startOnThreadsOf(OpenNapServer host, Path dataDir, ServerConfig overrides)
            throws IOException, StoreException, InterruptedException {
        return start(dataDir, overrides, true, host);
    }

    private static OpenNapServer start(Path dataDir, ServerConfig overrides, boolean accept, OpenNapServer threadsOf)
            throws IOException, StoreException, InterruptedException {
        ServerConfig config = ServerConfig.load(dataDir.resolve(CONFIG_FILE));
        if (overrides != null) {
            overrides.explicit().forEach(config::set);
        }
        for (String warning : config.unknownKeyWarnings()) {
            LOG.warn("{}", warning);
        }
        Files.createDirectories(dataDir);
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir, LOCK_FILE);
        OpenNapServer server;
        try {
            server = new OpenNapServer(config, dataDir, lock, threadsOf);
        } catch (IOException | StoreException | RuntimeException e) {
            lock.close();
            throw e;
        }
        server.core.start();
        String host = config.string("listen_addr");
        int port = Integer.parseInt(config.string("server_ports").strip().split("\\s+")[0]);
        int hardLimit = config.integer("connection_hard_limit");
        if (hardLimit <= 0) {
            hardLimit = automaticConnectionLimit();
        }
        server.connectionHardLimit = hardLimit;
        try {
            server.metrics = org.opennapj.server.metrics.MetricsExporter.start(server.core, server.index, server.storeWriter);
            server.address = server.listener.bind(host, port, server.core, config.integer("max_command_length"), hardLimit,
                    accept);
            int statsPort = config.integer("stats_port");
            if (statsPort >= 0) {
                // the line is made on the core, like every other answer about the server's state
                server.statsAddress = server.listener.bindStats(host, statsPort,
                        answer -> server.core.execute(() -> answer.accept(server.info.statsPortLine())));
            }
        } catch (RuntimeException | InterruptedException | IOException e) {
            server.close();
            throw e;
        }
        // idle unless metaserver_report is set; reads its keys every second, so a reload can turn it on
        server.metaserverReporter = new org.opennapj.server.admin.MetaserverReporter(server.core, server.info, config, host,
                server::port);
        try {
            for (ServerExtension extension : java.util.ServiceLoader.load(ServerExtension.class)) {
                AutoCloseable started = extension.start(server);
                if (started != null) {
                    server.extensions.add(started);
                }
            }
        } catch (Exception e) {
            server.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("starting " + e.getMessage(), e);
        }
        if (accept) {
            server.links.start();
            server.metaserverReporter.start();
        }
        return server;
    }

    /** The file descriptor limit less a reserve, or 0 (no limit) where it cannot be read. */
    static int automaticConnectionLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > DESCRIPTOR_RESERVE * 2L && max < Integer.MAX_VALUE) {
                return (int) (max - DESCRIPTOR_RESERVE);
            }
        }
        return 0;
    }

    /**
     * Grows the process's descriptor table to hold as many connections as this server takes (its
     * {@code connection_hard_limit}, at most {@value #RESERVED_DESCRIPTORS_CAP}), so that a storm
     * of connections after a start does not stall the acceptor while the table grows (see
     * {@link org.opennapj.server.transport.DescriptorTable}). Call before clients come; takes a
     * fraction of a second. Returns the table's size, or -1 where the system does not say it.
     */
    public int reserveDescriptors() {
        // never up to the descriptor limit itself: the other threads keep their reserve meanwhile
        int wanted = RESERVED_DESCRIPTORS_CAP;
        for (int limit : new int[] {connectionHardLimit, automaticConnectionLimit()}) {
            if (limit > 0) {
                wanted = Math.min(wanted, limit);
            }
        }
        long started = System.nanoTime();
        int size;
        try {
            size = org.opennapj.server.transport.DescriptorTable.reserve(wanted);
        } catch (RuntimeException e) {
            LOG.warn("descriptor table not grown: {}", e.toString());
            return -1;
        }
        if (size > 0) {
            LOG.info("descriptor table: room for {} descriptors ({} ms)", size,
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return size;
    }

    /** Starts accepting clients (after {@code start(..., false)}). */
    public void accept() {
        listener.accept();
        // auto_link once clients (and other servers) are taken, not during a warm-up
        links.start();
        // and the metaserver sends clients here only from now on
        metaserverReporter.start();
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Load reports sent to the metaserver so far ({@code metaserver_report}). */
    public long metaserverReportsSent() {
        return metaserverReporter == null ? 0 : metaserverReporter.sent();
    }

    /** The stats port's address, or null when {@code stats_port} is off. */
    public InetSocketAddress statsAddress() {
        return statsAddress;
    }

    /**
     * Rereads the config file and the motd as an operator's 10117 does (for SIGHUP, as opennap-ng):
     * what can change live changes, the rest waits for a restart; the answer says which. Completes
     * once the core has done it.
     */
    public java.util.concurrent.CompletableFuture<ServerAdministration.Reload> reload(String by) {
        java.util.concurrent.CompletableFuture<ServerAdministration.Reload> done = new java.util.concurrent.CompletableFuture<>();
        core.execute(() -> {
            try {
                done.complete(administration.reload(by));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    public ServerConfig config() {
        return config;
    }

    /** The port metrics are served on, or 0 when they are off ({@code metrics_port}). */
    public int metricsPort() {
        return metrics == null ? 0 : metrics.port();
    }

    /** The server's counters (for features and tests; core thread). */
    public ServerCore core() {
        return core;
    }

    /** Waits until the server is closed, by {@link #close} or by an operator (10110). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Waits at most {@code timeout}; whether the server is closed. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Closes the server; a second call (the shutdown hook after a 10110) waits for the first to finish. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            if (metaserverReporter != null) {
                metaserverReporter.close();
            }
            for (AutoCloseable e : extensions) {
                try {
                    e.close();
                } catch (Exception failure) {
                    LOG.warn("closing {}", e, failure);
                }
            }
            links.close();
            // no new clients; those connected are told, get their last replies, then the core stops
            listener.stopAccepting();
            core.sayGoodbye("Server " + config.string("server_name") + " is shutting down");
            core.shutdown();
            listener.close();
            if (metrics != null) {
                metrics.close();
            }
            channels.close();
            accounts.close();
            storeWriter.close();
            try {
                store.close();
            } catch (StoreException e) {
                LOG.error("closing the account store", e);
            }
        } finally {
            lock.close();
            closed.countDown();
        }
    }
}
