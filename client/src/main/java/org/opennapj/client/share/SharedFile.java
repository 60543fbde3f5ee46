package org.opennapj.client.share;

import java.nio.file.Path;
import org.opennapj.protocol.MediaType;

/**
 * One file of a shared folder, as the network sees it.
 *
 * @param announcedName the name sent in 100/10300 and answered to in 607, 501 and peer requests
 *                      (Windows style, backslashes)
 * @param relative      the path below the shared folder, with '/' between parts
 * @param local         where the file is on this machine
 * @param size          bytes
 * @param lastModified  modification time in milliseconds (a changed file is scanned again)
 * @param md5           32 hex digits, see {@link NapsterChecksum}
 * @param type          {@link MediaType#MP3} when frame headers were found, otherwise by extension
 * @param bitrate       kbps (0 when not MPEG audio)
 * @param sampleRate    Hz (0 when not MPEG audio)
 * @param seconds       duration (0 when not MPEG audio)
 */
public record SharedFile(String announcedName, String relative, Path local, long size, long lastModified,
                         String md5, MediaType type, int bitrate, int sampleRate, int seconds) {

    /** Whether the file is shared with 100 (MP3) rather than 10300. */
    public boolean isMp3() {
        return type == MediaType.MP3;
    }

    /** The body of a 100 share: {@code "<filename>" <md5> <size> <bitrate> <frequency> <time>}. */
    public String shareLine() {
        return toProtocol().format();
    }

    /** The file as a 100 share announces it. */
    public org.opennapj.protocol.SharedFile toProtocol() {
        return new org.opennapj.protocol.SharedFile(announcedName, md5, size, bitrate, sampleRate, seconds);
    }

    /** The body of a 10300 share: {@code "<filename>" <size> <md5> <content-type>}. */
    public String genericShareLine() {
        return '"' + announcedName + "\" " + size + ' ' + md5 + ' ' + type.wireName();
    }
}
