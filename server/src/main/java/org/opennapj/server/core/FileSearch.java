package org.opennapj.server.core;

import java.util.function.Consumer;

/**
 * Searches this server's shared files for a user anywhere in the network (core thread): how a
 * search forwarded by another server is answered. The share package provides it.
 */
@FunctionalInterface
public interface FileSearch {

    /**
     * Runs a search in the 200 grammar for {@code searcher}; each hit is handed over as
     * {@code <owner> "<path>" <md5> <size> <bitrate> <frequency> <duration>}.
     *
     * @return how many hits there were (0 for a query that does not parse)
     */
    int search(User searcher, String query, Consumer<String> hit);
}
