package org.opennapj.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.opennapj.metaserver.ConfiguredServer;
import org.opennapj.metaserver.Metaserver;
import org.opennapj.metaserver.MetaserverSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opennapj metaserver}: directs clients to the least loaded live server until interrupted. */
@Command(name = "metaserver", mixinStandardHelpOptions = true,
        description = {"Runs a metaserver: each client that connects is written 'host:port' of the least",
                "loaded live server of the network and disconnected (no live server: disconnected",
                "without a line). Servers are checked in the background: through their stats port",
                "(stats=PORT, or --stats-port) for their load, otherwise with a nick check on their",
                "client port. The live servers are also listed over HTTP on --list-port, as",
                "/servers.txt (host port name users files gigs) and /servers.wsx (WinMX).",
                "With --report-port, OpenNapJ servers (metaserver_report) may also report their",
                "load by UDP, signed with the secret in --report-secret-file."})
final class MetaserverCommand implements Callable<Integer> {

    @Option(names = "--listen", defaultValue = "0.0.0.0",
            description = "address to listen on, for the answers and the lists (default: ${DEFAULT-VALUE}, every interface)")
    String listen;

    @Option(names = "--port", defaultValue = "" + MetaserverSettings.DEFAULT_PORT,
            description = "port clients ask (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--servers", paramLabel = "FILE",
            description = {"file of servers, one 'host:port [name] [stats=PORT]' a line, '#' comments;",
                    "read again before every check"})
    Path serversFile;

    @Option(names = "--server", paramLabel = "'HOST:PORT [NAME] [stats=PORT]'",
            description = "a server to hand out (repeatable; besides the file's)")
    List<String> servers;

    @Option(names = "--stats-port", defaultValue = "0",
            description = {"stats port of servers whose line gives none (opennap-ng's is 8889;",
                    "default: ${DEFAULT-VALUE}, none: such servers get a nick check and count as average load)"})
    int statsPort;

    @Option(names = "--check-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "seconds between two checks of every server (default: ${DEFAULT-VALUE})")
    double checkInterval;

    @Option(names = "--probe-timeout", defaultValue = "3", paramLabel = "SECONDS",
            description = "seconds a server has to answer a check; at most the interval (default: ${DEFAULT-VALUE})")
    double probeTimeout;

    @Option(names = "--list-port", defaultValue = "" + MetaserverSettings.DEFAULT_LIST_PORT,
            description = "HTTP port of the server lists (default: ${DEFAULT-VALUE})")
    int listPort;

    @Option(names = "--list", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "serve the server lists (on by default; --no-list turns them off)")
    boolean list;

    @Option(names = "--announce", paramLabel = "'HOST[:PORT] [NAME]'",
            description = {"this metaserver's address as clients elsewhere reach it: listed first in",
                    "/servers.wsx as a META entry, so WinMX asks it for a server (default: no such entry)"})
    String announce;

    @Option(names = "--report-port", defaultValue = "-1", paramLabel = "N",
            description = {"UDP port on --listen where OpenNapJ servers report their load (metaserver_report;",
                    "8877 by convention; default: none). Needs --report-secret-file"})
    int reportPort;

    @Option(names = "--report-secret-file", paramLabel = "FILE",
            description = {"file holding the network's shared secret (metaserver_report_secret on the servers;",
                    "at least 16 characters; surrounding white space is ignored)"})
    Path reportSecretFile;

    @Override
    public Integer call() throws Exception {
        MetaserverSettings settings;
        try {
            List<ConfiguredServer> given = new ArrayList<>();
            if (servers != null) {
                for (String s : servers) {
                    given.add(ConfiguredServer.parse(s, statsPort));
                }
            }
            if (serversFile != null && !Files.isRegularFile(serversFile)) {
                throw new IllegalArgumentException("no servers file " + serversFile);
            }
            byte[] secret = null;
            if (reportSecretFile != null) {
                if (reportPort < 0) {
                    throw new IllegalArgumentException("--report-secret-file is for --report-port");
                }
                try {
                    secret = Files.readString(reportSecretFile, java.nio.charset.StandardCharsets.ISO_8859_1).strip()
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the report secret file " + reportSecretFile + ": " + e.getMessage());
                }
            } else if (reportPort >= 0) {
                throw new IllegalArgumentException("--report-port needs --report-secret-file");
            }
            settings = new MetaserverSettings(listen, port, list ? listPort : -1, seconds(checkInterval), seconds(probeTimeout),
                    given, serversFile, statsPort, announce == null ? null : MetaserverSettings.metaEntry(announce),
                    reportPort, secret);
        } catch (IllegalArgumentException e) {
            System.err.println("metaserver: " + e.getMessage());
            return 2;
        }
        Metaserver meta;
        try {
            meta = Metaserver.start(settings);
        } catch (IllegalArgumentException e) {
            System.err.println("metaserver: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("metaserver: cannot listen on " + listen + " port " + port
                    + (list ? " or list port " + listPort : "") + (reportPort >= 0 ? " or report port " + reportPort : "")
                    + ": " + e.getMessage());
            return 1;
        }
        long live = meta.statuses().stream().filter(s -> s.live()).count();
        System.out.println("OpenNapJ metaserver is running on " + listen + ":" + meta.port() + "; "
                + live + " of " + meta.statuses().size() + " servers live at the first check.");
        if (meta.listPort() > 0) {
            System.out.println("Server lists: http://" + (listen.equals("0.0.0.0") ? "127.0.0.1" : listen) + ":" + meta.listPort()
                    + "/servers.txt and /servers.wsx");
        }
        if (meta.reportPort() > 0) {
            System.out.println("Load reports: UDP port " + meta.reportPort() + ".");
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            meta.close();
            stopped.countDown();
        }, "opennapj-meta-shutdown"));
        stopped.await();
        return 0;
    }

    private static Duration seconds(double s) {
        if (!(s > 0) || s > 86_400) {
            throw new IllegalArgumentException("times are in seconds, more than 0 and at most a day, not " + s);
        }
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }
}
