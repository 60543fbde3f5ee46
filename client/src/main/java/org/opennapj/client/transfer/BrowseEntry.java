package org.opennapj.client.transfer;

import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.SharedFile;

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
        try {
            SharedFile f = SharedFile.parse(line);
            if (f.path().length() > MAX_NAME || f.checksum().length() > MAX_MD5) return null;
            return new BrowseEntry(f.path(), f.checksum(), f.size(), f.bitrate(), f.frequency(), f.duration());
        } catch (MalformedFieldsException e) {
            return null;
        }
    }
}
