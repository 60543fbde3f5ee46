package org.opennapj.protocol;

/** Who sends a numeric, as napster.txt and opennap-extensions.txt mark it. */
public enum Direction {
    /** Client to server ({@code [CLIENT]} in the spec). */
    CLIENT,
    /** Server to client ({@code [SERVER]} in the spec). */
    SERVER,
    /** Both ways ({@code [CLIENT, SERVER]}); the two directions may carry different formats. */
    BOTH,
    /** Server to server only: OpenNap's link messages (10000-10024). */
    PEER
}
