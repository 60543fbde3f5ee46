package org.opennapj.server.core;

/**
 * What a feature adds to the state sent to a server that has just linked (core thread); a
 * contributor registered with {@link ServerCore#onBurst} is called once per new link.
 */
public interface Burst {

    /** Sends a message to the new peer. */
    void send(int type, String data);

    /** Whether a user is reached through the new peer (the peer knows it already: skip it). */
    boolean behindPeer(User u);
}
