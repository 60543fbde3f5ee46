package org.opennapj.metaserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opennapj.protocol.ServerList;

/**
 * A server the metaserver may hand out: its address and name as clients see them, and the port
 * of its stats listener ({@code stats_port}), 0 when it has none and is checked with a nick
 * check on its client port instead.
 *
 * <p>Written one a line, in the servers file and with {@code --server}:
 * {@code host:port [name] [stats=PORT]}; {@code #} starts a comment.
 */
public record ConfiguredServer(ServerList.Entry entry, int statsPort) {

    public ConfiguredServer {
        if (statsPort < 0 || statsPort > 65535) {
            throw new IllegalArgumentException("stats port " + statsPort + " is not between 0 (none) and 65535");
        }
    }

    /** {@code host:port}, what a client is told. */
    public String address() {
        return entry.address();
    }

    public String name() {
        return entry.name();
    }

    /**
     * Reads one line; {@code defaultStatsPort} applies when the line names none. Throws
     * IllegalArgumentException saying what is wrong.
     */
    public static ConfiguredServer parse(String line, int defaultStatsPort) {
        String[] f = line.strip().split("\\s+");
        if (f.length == 0 || f[0].isEmpty()) {
            throw new IllegalArgumentException("expected host:port [name] [stats=PORT]");
        }
        ServerList.Entry address = ServerList.address(f[0], ServerList.DEFAULT_PORT, ServerList.Kind.NORMAL);
        String name = null;
        int stats = defaultStatsPort;
        for (int i = 1; i < f.length; i++) {
            String field = f[i];
            if (field.toLowerCase(Locale.ROOT).startsWith("stats=")) {
                try {
                    stats = Integer.parseInt(field.substring("stats=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + field + "': stats= takes a port number");
                }
            } else if (name == null) {
                name = field;
            } else {
                throw new IllegalArgumentException("unexpected '" + field + "' (a name has no spaces)");
            }
        }
        return at(name, address, stats);
    }

    /**
     * The server {@code name} at {@code address} (parsed by {@link ServerList#address}); throws
     * IllegalArgumentException for a wildcard address, which no client can connect to.
     */
    static ConfiguredServer at(String name, ServerList.Entry address, int statsPort) {
        String host = address.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            throw new IllegalArgumentException(host + " is no address a client can connect to");
        }
        return new ConfiguredServer(new ServerList.Entry(name, host, address.port(), ServerList.Kind.NORMAL), statsPort);
    }

    /** What a servers file holds: its servers, and one line per problem ("line N: ..."). */
    public record Parsed(List<ConfiguredServer> servers, List<String> problems) {
    }

    /** Reads a servers file's text: one server a line, blank lines and {@code #} comments skipped. */
    public static Parsed parseFile(String text, int defaultStatsPort) {
        List<ConfiguredServer> servers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                servers.add(parse(line, defaultStatsPort));
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(servers), List.copyOf(problems));
    }
}
