package org.opennapj.client;

import java.util.List;
import org.opennapj.protocol.BrowseEntry;

/**
 * The files of a user browsed through the server (211 -> 212 until 213).
 *
 * @param nick    the user as the server spells it
 * @param entries the files listed
 * @param ip      the user's address from the 213 ({@link org.opennapj.protocol.IpAddress} encoding), 0 if absent
 */
public record BrowseResult(String nick, List<BrowseEntry> entries, long ip) {

    public BrowseResult {
        entries = List.copyOf(entries);
    }
}
