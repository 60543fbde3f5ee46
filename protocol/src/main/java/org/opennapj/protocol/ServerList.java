package org.opennapj.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists of OpenNap servers in the forms clients and people exchange them: a {@code host:port}
 * address, WinMX's {@code .wsx} files, and the plain text lines of the old public server lists.
 * The client reads them, the metaserver writes them; parsing never throws for a bad line but
 * reports it with its line number.
 *
 * <p>A {@code .wsx} file is a run of entries, each a few {@code <key>:<value>} lines and ended by a
 * blank line (or the end of the file): {@code N:} the server's name, {@code P:} its port (8888 when
 * missing), {@code T:} its type ({@code NORMAL}, {@code META} for a metaserver that answers with
 * the address of a server to use, {@code USE_100_COMMAND} for a server that takes shares as 100
 * messages), {@code A:} its address. Other keys are skipped.
 */
public final class ServerList {

    /** The port of a server when none is given (the OpenNap default). */
    public static final int DEFAULT_PORT = 8888;
    /** The port of a metaserver when none is given. */
    public static final int DEFAULT_META_PORT = 8875;

    /** What kind of address an entry is. */
    public enum Kind {
        /** A server to log in to. */
        NORMAL,
        /** A metaserver: connect, read one {@code host:port} line naming the server to use. */
        META,
        /** A server that wants shares as 100 messages (WinMX's flag for OpenNap servers). */
        USE_100_COMMAND;

        /** The kind a {@code T:} value names, or null. */
        public static Kind of(String value) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(value.strip())) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * One server of a list. users, files and gigabytes are what a public list says of it (-1 when
     * unknown).
     */
    public record Entry(String name, String host, int port, Kind kind, long users, long files, long gigabytes) {

        public Entry {
            if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == ':' && host.indexOf(']') < 0)) {
                throw new IllegalArgumentException("not a host name or address: '" + host + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
            }
            name = name == null || name.isBlank() ? host : name.strip();
            kind = kind == null ? Kind.NORMAL : kind;
        }

        public Entry(String name, String host, int port, Kind kind) {
            this(name, host, port, kind, -1, -1, -1);
        }

        /** {@code host:port}. */
        public String address() {
            return host + ":" + port;
        }
    }

    /** What a list held: its entries, and one line per problem ("line N: ..."). */
    public record Parsed(List<Entry> entries, List<String> problems) {
    }

    private ServerList() {
    }

    /**
     * A {@code host:port} (or a bare host, which gets {@code defaultPort}); throws
     * IllegalArgumentException saying what is wrong.
     */
    public static Entry address(String text, int defaultPort, Kind kind) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return new Entry(null, t, defaultPort, kind);
        }
        return new Entry(null, t.substring(0, colon), port(t.substring(colon + 1), t), kind);
    }

    private static int port(String s, String whole) {
        try {
            int p = Integer.parseInt(s.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + whole + "': the port must be a number from 1 to 65535");
    }

    /** Reads a WinMX {@code .wsx} file's text. */
    public static Parsed parseWsx(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        String name = null;
        String host = null;
        String port = null;
        Kind kind = null;
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            if (line.isEmpty()) {
                if (name != null || host != null || port != null || kind != null) {
                    int at = start + 1;
                    if (host == null || host.isEmpty()) {
                        problems.add("line " + at + ": entry " + (name != null ? "'" + name + "' " : "") + "has no A: address");
                    } else {
                        try {
                            Kind k = kind == null ? Kind.NORMAL : kind;
                            int p = port == null ? (k == Kind.META ? DEFAULT_META_PORT : DEFAULT_PORT) : port(port, port);
                            entries.add(new Entry(name, host, p, k));
                        } catch (IllegalArgumentException e) {
                            problems.add("line " + at + ": " + e.getMessage());
                        }
                    }
                }
                name = host = port = null;
                kind = null;
                start = i + 1;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon != 1) {
                problems.add("line " + (i + 1) + ": expected N:, P:, T: or A:, not '" + shorten(line) + "'");
                continue;
            }
            String value = line.substring(2).strip();
            switch (Character.toUpperCase(line.charAt(0))) {
                case 'N' -> name = value;
                case 'A' -> host = value;
                case 'P' -> port = value;
                case 'T' -> {
                    kind = Kind.of(value);
                    if (kind == null) {
                        problems.add("line " + (i + 1) + ": unknown type '" + shorten(value) + "', taken as NORMAL");
                        kind = Kind.NORMAL;
                    }
                }
                default -> {
                    // other keys of newer WinMX versions: skipped
                }
            }
        }
        return new Parsed(List.copyOf(entries), List.copyOf(problems));
    }

    /** Writes entries as a WinMX {@code .wsx} file (CRLF lines, a blank line after each entry). */
    public static String formatWsx(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append("N:").append(oneLine(e.name())).append("\r\n")
                    .append("P:").append(e.port()).append("\r\n")
                    .append("T:").append(e.kind().name()).append("\r\n")
                    .append("A:").append(e.host()).append("\r\n\r\n");
        }
        return b.toString();
    }

    /**
     * Reads the text form of a public server list: {@code host port name users files gigs} a line
     * (name without spaces; the three counts optional), {@code #} lines and blank lines skipped.
     */
    public static Parsed parseText(String text) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f.length < 2) {
                    throw new IllegalArgumentException("expected <host> <port> [<name> <users> <files> <gigs>]");
                }
                entries.add(new Entry(f.length > 2 ? f[2] : null, f[0], port(f[1], f[1]), Kind.NORMAL,
                        count(f, 3), count(f, 4), count(f, 5)));
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(entries), List.copyOf(problems));
    }

    /** Writes entries as public-list text lines (unknown counts as 0). */
    public static String formatText(List<Entry> entries) {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            b.append(e.host()).append(' ').append(e.port()).append(' ').append(oneLine(e.name()).replace(' ', '_'))
                    .append(' ').append(Math.max(0, e.users())).append(' ').append(Math.max(0, e.files()))
                    .append(' ').append(Math.max(0, e.gigabytes())).append('\n');
        }
        return b.toString();
    }

    private static long count(String[] f, int i) {
        if (f.length <= i) {
            return -1;
        }
        try {
            long v = Long.parseLong(f[i]);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + shorten(f[i]) + "' is not a count");
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
