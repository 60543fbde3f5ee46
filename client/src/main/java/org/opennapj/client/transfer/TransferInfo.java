package org.opennapj.client.transfer;

import java.nio.file.Path;

/**
 * One transfer, as told to listeners.
 *
 * @param direction    which way the bytes go
 * @param firewalled   whether the sharer pushed the file (it connected to the downloader's data port)
 * @param nick         the peer
 * @param fileName     the name as announced by the sharer
 * @param local        the local file (for a download: the final name; the bytes go to a partial file first)
 * @param size         the whole file's size
 * @param offset       where the transfer started (more than 0 when resumed)
 */
public record TransferInfo(Direction direction, boolean firewalled, String nick, String fileName, Path local,
                           long size, long offset) {
    public enum Direction { UPLOAD, DOWNLOAD }
}
