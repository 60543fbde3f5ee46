package org.opennapj.client.transfer;

/**
 * One file of a peer's list from a direct browse: a 100-style line
 * {@code "<filename>" <md5> <size> <bitrate> <frequency> <time>}.
 */
public record BrowseEntry(String fileName, String md5, long size, int bitrate, int frequency, int seconds) {

    /** Longest file name taken (longer: the entry is skipped). */
    static final int MAX_NAME = 1024;
    /** Longest checksum taken (an MD5 in hex, perhaps with {@code -size}, is far shorter). */
    static final int MAX_MD5 = 64;

    /** Parses one line; null when it is not a share line, or its name or checksum is overlong. */
    static BrowseEntry parse(String line) {
        if (!line.startsWith("\"")) return null;
        int close = line.indexOf('"', 1);
        if (close <= 1 || close - 1 > MAX_NAME) return null;
        String name = line.substring(1, close);
        String[] rest = line.substring(close + 1).strip().split(" +");
        if (rest.length < 5 || rest[0].length() > MAX_MD5) return null;
        try {
            long size = Long.parseLong(rest[1]);
            int bitrate = Integer.parseInt(rest[2]);
            int frequency = Integer.parseInt(rest[3]);
            int seconds = Integer.parseInt(rest[4]);
            if (size < 0 || bitrate < 0 || frequency < 0 || seconds < 0) return null;
            return new BrowseEntry(name, rest[0], size, bitrate, frequency, seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
