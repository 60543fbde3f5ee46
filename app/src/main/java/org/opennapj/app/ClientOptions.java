package org.opennapj.app;

import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opennapj.client.LoginRefusedException;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.ServerRefusalException;
import org.opennapj.client.servers.MetaserverLookup;
import org.opennapj.client.share.SharedFolder;
import org.opennapj.client.transfer.TransferEvents;
import org.opennapj.protocol.ServerList;
import picocli.CommandLine.Option;

/** The options every {@code opennapj client} subcommand shares: where to connect and who we are. */
final class ClientOptions {

    /** The environment variable read for the password when {@code --password} is not given. */
    static final String PASSWORD_VARIABLE = "OPENNAPJ_PASSWORD";

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "a server (port 8888 when left out; repeatable)")
    List<String> servers = new ArrayList<>();

    @Option(names = "--servers", paramLabel = "FILE", description = "a server list: WinMX .wsx (N:/P:/T:/A: entries) or public-list text lines")
    Path serverList;

    @Option(names = "--metaserver", paramLabel = "HOST:PORT", description = "a metaserver that names the server to use (port 8875 when left out; repeatable)")
    List<String> metaservers = new ArrayList<>();

    // required, but checked in settings(): picocli would otherwise ask the interactive client's
    // copy of these options for a nick when a subcommand runs
    @Option(names = "--nick", paramLabel = "NICK", description = "your nick (required)")
    String nick;

    @Option(names = "--password", arity = "0..1", interactive = true, paramLabel = "PASSWORD",
            description = {"your password; without a value it is asked on the terminal (not echoed);",
                    "when the option is left out, $" + PASSWORD_VARIABLE + " or the terminal"})
    char[] password;

    @Option(names = "--register", paramLabel = "EMAIL", description = "register the nick (message 6) with this email instead of logging in")
    String register;

    @Option(names = "--data-port", paramLabel = "N", defaultValue = "-1",
            description = {"port uploads are served from (default: any free port);",
                    "0: firewalled, transfers are pushed through 500/501"})
    int dataPort;

    @Option(names = "--data-address", paramLabel = "ADDR", description = "address the data port listens on (default: every interface)")
    String dataAddress;

    @Option(names = "--link-type", paramLabel = "0-10", defaultValue = "0", description = "your link type (0 unknown ... 10 T3)")
    int linkType;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "connecting and waiting for each answer (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** Where the subcommand prints results and problems (the command line's, so tests can capture them). */
    java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
    java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);

    /** A usage problem: said in one line, exit code 2. */
    static final class UsageProblem extends Exception {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }

    /** A run-time failure: said in one line, exit code 1. */
    static class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** The server refused the login or registration: trying again will not help. */
    static final class Refused extends Failure {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** Every address to try, in order: --server, --servers, then --metaserver. */
    List<ServerList.Entry> entries() throws UsageProblem {
        List<ServerList.Entry> all = new ArrayList<>();
        try {
            for (String s : servers) all.add(ServerList.address(s, ServerList.DEFAULT_PORT, ServerList.Kind.NORMAL));
            if (serverList != null) {
                String text;
                try {
                    text = Files.readString(serverList, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new UsageProblem("cannot read the server list " + serverList + ": " + e.getMessage());
                }
                boolean wsx = serverList.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wsx")
                        || text.lines().anyMatch(l -> l.startsWith("A:") || l.startsWith("N:"));
                ServerList.Parsed parsed = wsx ? ServerList.parseWsx(text) : ServerList.parseText(text);
                all.addAll(parsed.entries());
                if (parsed.entries().isEmpty()) {
                    throw new UsageProblem("the server list " + serverList + " names no server"
                            + (parsed.problems().isEmpty() ? "" : " (" + parsed.problems().get(0) + ")"));
                }
            }
            for (String m : metaservers) all.add(ServerList.address(m, ServerList.DEFAULT_META_PORT, ServerList.Kind.META));
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage());
        }
        if (all.isEmpty()) throw new UsageProblem("no server: give --server HOST:PORT, --servers FILE or --metaserver HOST:PORT");
        return all;
    }

    /** The server an entry names: itself, or what its metaserver answers. */
    ServerList.Entry resolve(ServerList.Entry e) throws Failure {
        if (e.kind() != ServerList.Kind.META) return e;
        ServerList.Entry named;
        try {
            named = MetaserverLookup.lookup(e.host(), e.port(), timeout());
        } catch (IOException x) {
            throw new Failure("metaserver " + e.address() + ": " + x.getMessage());
        }
        // a metaserver elsewhere answering a loopback address means its servers are busy (as old clients read it);
        // one on this machine may well name a server on this machine
        if (named.host().startsWith("127.") && !isLoopback(e.host())) {
            throw new Failure("metaserver " + e.address() + " says its servers are busy (it answered " + named.address() + ")");
        }
        return named;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException x) {
            return false;
        }
    }

    String password() throws UsageProblem {
        if (password != null && password.length > 0) return new String(password);
        String env = System.getenv(PASSWORD_VARIABLE);
        if (env != null && !env.isEmpty()) return env;
        Console c = System.console();
        if (c != null) {
            char[] typed = c.readPassword("password for %s: ", nick);
            if (typed != null && typed.length > 0) return new String(typed);
        }
        throw new UsageProblem("no password: give --password, set $" + PASSWORD_VARIABLE + " or run on a terminal");
    }

    OpenNapClient.Settings settings(Path downloads, TransferEvents events) throws UsageProblem {
        if (dataPort < -1 || dataPort > 65535) throw new UsageProblem("--data-port must be 0 (firewalled) to 65535");
        if (linkType < 0 || linkType > 10) throw new UsageProblem("--link-type must be 0 to 10");
        if (nick == null) throw new UsageProblem("no nick: give --nick NICK");
        if (nick.isEmpty() || nick.indexOf(' ') >= 0) throw new UsageProblem("--nick must be one word");
        InetAddress address = null;
        if (dataAddress != null) {
            try {
                address = InetAddress.getByName(dataAddress);
            } catch (IOException e) {
                throw new UsageProblem("--data-address " + dataAddress + ": " + e.getMessage());
            }
        }
        String pw = password();
        if (pw.indexOf(' ') >= 0) throw new UsageProblem("a password is one word");
        return new OpenNapClient.Settings(nick, pw, dataPort, address, downloads, "OpenNapJ 0.1", linkType, null, timeout(), events);
    }

    /** Connects to one server and logs in (or registers); the one-line reason on failure. */
    OpenNapClient logIn(ServerList.Entry entry, OpenNapClient.Settings settings, SharedFolder folder) throws Failure {
        return logIn(entry, settings, folder, register != null);
    }

    /** As above; {@code register} false logs in even when --register was given (a reconnect after registering). */
    OpenNapClient logIn(ServerList.Entry entry, OpenNapClient.Settings settings, SharedFolder folder, boolean register) throws Failure {
        return logIn(entry, settings, folder, register, c -> { });
    }

    /** As above; {@code connected} sees the session before the login is sent (to listen for what follows it, e.g. the MOTD). */
    OpenNapClient logIn(ServerList.Entry entry, OpenNapClient.Settings settings, SharedFolder folder, boolean register,
                        java.util.function.Consumer<OpenNapClient> connected) throws Failure {
        ServerList.Entry server = resolve(entry);
        OpenNapClient c;
        try {
            c = OpenNapClient.connect(server.host(), server.port(), settings, folder);
        } catch (IOException e) {
            throw new Failure("cannot reach " + server.address() + ": " + e.getMessage());
        }
        try {
            connected.accept(c);
            await(register ? c.register(this.register) : c.login(), settings.timeout());
            return c;
        } catch (Failure f) {
            c.close();
            String what = (register ? "registration" : "login") + " at " + server.address();
            if (f instanceof Refused) throw new Refused(what + " refused: " + f.getMessage());
            throw new Failure(what + " failed: " + f.getMessage());
        } catch (RuntimeException | Error e) {
            c.close(); // a callback that threw must not leave the connection open
            throw e;
        }
    }

    /** Connects to the first server that takes us. */
    OpenNapClient logInAnywhere(OpenNapClient.Settings settings, SharedFolder folder) throws Failure, UsageProblem {
        return logInAnywhere(settings, folder, c -> { });
    }

    /** As above; {@code connected} sees each session before its login is sent. */
    OpenNapClient logInAnywhere(OpenNapClient.Settings settings, SharedFolder folder, java.util.function.Consumer<OpenNapClient> connected)
            throws Failure, UsageProblem {
        List<String> problems = new ArrayList<>();
        for (ServerList.Entry e : entries()) {
            try {
                return logIn(e, settings, folder, register != null, connected);
            } catch (Failure f) {
                problems.add(f.getMessage());
            }
        }
        throw new Failure(String.join("; ", problems));
    }

    /** Waits (bounded) for a future; a refusal or failure becomes a Failure with a one-line reason. */
    static <T> T await(java.util.concurrent.CompletableFuture<T> f, Duration timeout) throws Failure {
        try {
            return f.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LoginRefusedException r) throw new Refused(r.detail());
            if (c instanceof ServerRefusalException r) throw new Failure(r.detail() + " (" + r.numeric() + ")");
            if (c instanceof TimeoutException) throw new Failure("no answer from the server in time");
            throw new Failure(String.valueOf(c.getMessage() != null ? c.getMessage() : c));
        } catch (TimeoutException e) {
            throw new Failure("no answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    /** Whether any option says where to connect or who we are. */
    boolean connectionGiven() {
        return nick != null || !servers.isEmpty() || serverList != null || !metaservers.isEmpty();
    }
}
