package org.opennapj.server.core;

import org.opennapj.protocol.MalformedFieldsException;

/**
 * Handles a numeric that arrived from a linked server (core thread), in the {@code :sender} form
 * the servers use between themselves; registered with {@link ServerCore#onPeer}.
 */
@FunctionalInterface
public interface PeerHandler {

    /**
     * @param peer the name of the linked server it came from
     * @param data the whole payload, {@code :sender} prefix included
     * @return whether the message was accepted and is to be passed on to the other linked servers
     */
    boolean handle(String peer, String data) throws MalformedFieldsException;

    /** A payload's {@code :sender} prefix and the rest, or null when it has none. */
    record Prefixed(String sender, String rest) {
        public static Prefixed of(String data) {
            if (data.length() < 2 || data.charAt(0) != ':') {
                return null;
            }
            int sp = data.indexOf(' ');
            if (sp < 0) {
                return new Prefixed(data.substring(1), "");
            }
            return new Prefixed(data.substring(1, sp), data.substring(sp + 1));
        }
    }
}
