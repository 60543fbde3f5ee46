package org.opennapj.protocol;

import java.util.Locale;

/**
 * The one line a server's stats port writes before it closes (opennap-ng's {@code stats_port}),
 * read by server-list tools and the metaserver:
 * {@code <users> <files> <load average> <bytes shared> <local clients>\n}, the load average with
 * two decimals, the rest whole numbers. {@code users} counts the whole network a server is linked
 * into, {@code localClients} only the clients connected to this server.
 */
public record StatsLine(long users, long files, double loadAverage, long bytesShared, long localClients) {

    /** The longest line a reader accepts (five numbers and their separators, with room to spare). */
    public static final int MAX_LENGTH = 200;

    public StatsLine {
        if (users < 0 || files < 0 || bytesShared < 0 || localClients < 0) {
            throw new IllegalArgumentException("counts may not be negative");
        }
        loadAverage = Double.isFinite(loadAverage) && loadAverage > 0 ? loadAverage : 0;
    }

    /** The line as written on the wire, newline included. */
    public String format() {
        return users + " " + files + " " + String.format(Locale.ROOT, "%.2f", loadAverage) + " " + bytesShared + " "
                + localClients + "\n";
    }

    /** Whole gigabytes shared (2^30 bytes), as server lists give them. */
    public long gigabytes() {
        return bytesShared / (1024L * 1024 * 1024);
    }

    /**
     * Reads a stats line (with or without its newline; extra fields after the fifth are ignored).
     * Throws IllegalArgumentException saying what is wrong.
     */
    public static StatsLine parse(String line) {
        if (line == null || line.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("no stats line, or one longer than " + MAX_LENGTH + " characters");
        }
        String[] f = line.strip().split("\\s+");
        if (f.length < 5) {
            throw new IllegalArgumentException("a stats line has five fields, not " + (f[0].isEmpty() ? 0 : f.length));
        }
        try {
            double load = Double.parseDouble(f[2]);
            if (!Double.isFinite(load)) {
                throw new NumberFormatException(f[2]);
            }
            // opennap-ng writes the bytes with %.0f: a whole number, possibly beyond a long's range on paper
            return new StatsLine(Long.parseLong(f[0]), Long.parseLong(f[1]), load, Long.parseLong(f[3]), Long.parseLong(f[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stats line: '" + (line.length() > 60 ? line.substring(0, 60) + "..." : line.strip()) + "'");
        }
    }
}
