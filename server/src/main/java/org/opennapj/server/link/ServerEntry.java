package org.opennapj.server.link;

import java.util.Locale;

/**
 * One line of the {@code servers} file: a server this one may link with.
 *
 * @param name      the peer's DNS name or address: where we connect, and what a connection from
 *                  it must come from
 * @param theirPass the password the peer proves it knows (checked against its 10011)
 * @param myPass    the password we prove we know (in our 10011)
 * @param port      the peer's client port, for connecting out
 * @param alias     the name the peer announces instead of {@code name}, or null
 * @param relink    whether a split link to this peer is reconnected by itself (false with the
 *                  OpenNapJ-only sixth field {@code norelink})
 */
record ServerEntry(String name, String theirPass, String myPass, int port, String alias, boolean relink) {

    static final int DEFAULT_PORT = 8888;

    /** The name the peer goes by on the network: its alias if it has one. */
    String publicName() {
        return alias != null ? alias : name;
    }

    boolean matches(String server) {
        return name.equalsIgnoreCase(server) || (alias != null && alias.equalsIgnoreCase(server));
    }

    String key() {
        return publicName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        // never the passwords
        return publicName() + (alias != null ? " (" + name + ")" : "") + " port " + port;
    }
}
