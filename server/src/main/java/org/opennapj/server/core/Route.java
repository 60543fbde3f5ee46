package org.opennapj.server.core;

import org.opennapj.protocol.Body;

/**
 * How a message reaches a user: the user's own connection to this server (its {@link Session}),
 * or, for a user on another server of the network, the peer link that leads there. Handlers
 * send to a {@link User}, which sends through its route, so they need not know where the user is.
 */
public interface Route {

    /** Delivers a message to the user this route reaches. */
    void send(int type, CharSequence data);

    /** Delivers a message built as bytes once (the same body for many users). */
    void send(int type, Body body);

    /** The session of a user connected to this server; null for a user behind a peer link. */
    Session session();
}
