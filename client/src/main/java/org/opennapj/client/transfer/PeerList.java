package org.opennapj.client.transfer;

import java.util.List;

/**
 * What a direct browse (640/641, then GETLIST on the peer's data port) returned.
 *
 * @param nick    the nick the peer gave first
 * @param files   its files, in the order sent
 * @param skipped lines that were not share lines
 */
public record PeerList(String nick, List<BrowseEntry> files, int skipped) {
    public PeerList {
        files = List.copyOf(files);
    }
}
