package org.opennapj.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.servers.Backoff;
import org.opennapj.client.share.ShareChanges;
import org.opennapj.client.share.SharedFolder;
import org.opennapj.client.transfer.TransferEvents;
import org.opennapj.client.transfer.TransferInfo;
import org.opennapj.client.transfer.TransferResult;
import org.opennapj.protocol.ServerList;

/**
 * {@code opennapj client share DIR}: one session per server, all sharing one folder; a session
 * that drops is opened again after a {@link Backoff} delay, a refused login is not retried. The
 * command's own thread does the connecting, the rescans and the waiting; the sessions' and
 * transfers' threads serve the uploads.
 */
final class ClientShare {

    private static final Duration TICK = Duration.ofMillis(250);
    /** A session that lasted this long counts as a success: the next reconnect waits the least again. */
    private static final Duration LASTED = Duration.ofMinutes(1);

    private final ClientOptions options;
    private final Path dir;
    private final String as;
    private final Integer seconds;
    private final int rescanSeconds;

    /** One server of the share: its session while up, and when to try again while down. */
    private static final class Link {
        final ServerList.Entry entry;
        final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        OpenNapClient client;
        long since;
        long nextTry;
        boolean refused;
        boolean registered;

        Link(ServerList.Entry entry) {
            this.entry = entry;
        }
    }

    ClientShare(ClientOptions options, Path dir, String as, Integer seconds, int rescanSeconds) {
        this.options = options;
        this.dir = dir;
        this.as = as;
        this.seconds = seconds;
        this.rescanSeconds = rescanSeconds;
    }

    int run() throws Exception {
        if (seconds != null && seconds < 0) throw new ClientOptions.UsageProblem("--for must not be negative");
        if (rescanSeconds < 1) throw new ClientOptions.UsageProblem("--rescan must be at least 1 second");
        List<ServerList.Entry> entries = options.entries();
        if (options.dataPort > 0 && entries.size() > 1) {
            throw new ClientOptions.UsageProblem("one --data-port can serve one server; leave it out to share on several (each gets a free port)");
        }
        SharedFolder folder;
        try {
            folder = new SharedFolder(dir, as, SharedFolder.DEFAULT_MAX_DEPTH, SharedFolder.DEFAULT_MAX_FILES);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClientOptions.UsageProblem("cannot share " + dir + ": " + e.getMessage());
        }
        OpenNapClient.Settings settings = options.settings(Path.of(System.getProperty("java.io.tmpdir")), new Report());

        long start = System.nanoTime();
        long end = seconds == null ? Long.MAX_VALUE : start + Duration.ofSeconds(seconds).toNanos();
        List<Link> links = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ServerList.Entry e : entries) {
            Link l = new Link(e);
            links.add(l);
            String problem = open(l, settings, folder);
            if (problem != null) problems.add(problem);
        }
        if (links.stream().allMatch(l -> l.client == null)) throw new ClientOptions.Failure(String.join("; ", problems));
        for (String p : problems) options.err.println("client share: " + p + "; trying again later");

        long nextRescan = System.nanoTime() + Duration.ofSeconds(rescanSeconds).toNanos();
        try {
            while (System.nanoTime() - end < 0) {
                Thread.sleep(Math.max(1, Math.min(TICK.toMillis(), (end - System.nanoTime()) / 1_000_000)));
                long now = System.nanoTime();
                for (Link l : links) {
                    if (l.client != null && l.client.session().isClosed()) {
                        l.client.close();
                        l.client = null;
                        if (now - l.since >= LASTED.toNanos()) l.backoff.reset();
                        Duration wait = l.backoff.nextDelay();
                        l.nextTry = now + wait.toNanos();
                        options.err.println("client share: " + l.entry.address() + " closed the connection; reconnecting in "
                                + wait.toSeconds() + " s");
                    } else if (l.client == null && !l.refused && now - l.nextTry >= 0) {
                        String problem = open(l, settings, folder);
                        if (problem != null) options.err.println("client share: " + problem);
                    }
                }
                if (now - nextRescan >= 0) {
                    nextRescan = now + Duration.ofSeconds(rescanSeconds).toNanos();
                    for (Link l : links) {
                        if (l.client == null) continue;
                        try {
                            ShareChanges c = l.client.share();
                            if (!c.isEmpty()) {
                                options.out.println("rescanned " + dir + ": " + c.added().size() + " announced, "
                                        + c.removed().size() + " withdrawn on " + l.entry.address());
                            }
                        } catch (IOException e) {
                            options.err.println("client share: rescan of " + dir + " failed: " + e.getMessage());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Link l : links) {
                if (l.client != null) l.client.close();
            }
        }
        options.out.println("stopped sharing " + dir);
        return 0;
    }

    /** Connects, logs in and shares; the problem in one line, or null when it worked. */
    private String open(Link l, OpenNapClient.Settings settings, SharedFolder folder) {
        try {
            OpenNapClient c = options.logIn(l.entry, settings, folder, options.register != null && !l.registered);
            l.registered = true;
            try {
                ShareChanges shared = c.share();
                l.client = c;
                l.since = System.nanoTime();
                options.out.println("sharing " + shared.added().size() + " files of " + folder.root() + " on " + l.entry.address()
                        + " as " + settings.nick() + (c.dataPort() == 0 ? " (firewalled)" : " (data port " + c.dataPort() + ")"));
                return null;
            } catch (IOException e) {
                c.close();
                l.nextTry = System.nanoTime() + l.backoff.nextDelay().toNanos();
                return "sharing on " + l.entry.address() + " failed: " + e.getMessage();
            }
        } catch (ClientOptions.Refused e) {
            l.refused = true;
            return e.getMessage();
        } catch (ClientOptions.Failure e) {
            l.nextTry = System.nanoTime() + l.backoff.nextDelay().toNanos();
            return e.getMessage();
        }
    }

    /** Says each upload's end. */
    private final class Report implements TransferEvents {
        @Override
        public void uploadEnded(TransferInfo t, TransferResult r) {
            options.out.println(ClientTerminal.printable((r.complete() ? "uploaded " : "upload failed: ") + t.fileName() + " to "
                    + t.nick() + (r.complete() ? "" : ": " + r.error())));
        }
    }
}
