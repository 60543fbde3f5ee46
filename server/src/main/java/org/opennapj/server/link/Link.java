package org.opennapj.server.link;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.opennapj.protocol.Message;
import org.opennapj.server.core.MessageSink;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;

/**
 * One connection to another server: first its handshake, then, once both 10011s are checked, a
 * link (compressed both ways) that carries the network's messages. Owned by the core thread.
 */
final class Link implements MessageSink {

    enum State { HANDSHAKE, LINKED, CLOSED }

    final Links links;
    final Session session;
    /** Whether this server opened the connection. */
    final boolean outgoing;
    /** Whether a failure of this link's connection or handshake is retried later (auto_link, relink). */
    final boolean retry;
    final long openedMillis = System.currentTimeMillis();
    ServerEntry entry;
    /** The peer's name on the network (its servers file alias, if it has one). */
    String name;
    String myNonce;
    String peerNonce;
    int level;
    /** Our 10011 is sent: the peer's 10011 is what comes next. */
    boolean ready;
    /** The peer announced that it exchanges accounts as OpenNapJ does (10290 accounts). */
    boolean sharesAccounts;
    /** The peer's features (10290) arrived: a second announcement on the same link is ignored. */
    boolean featuresSeen;
    State state = State.HANDSHAKE;
    /** The peer's port: from the servers file if we connected, else the connection's source port. */
    int port;
    long linkedAtMillis;
    /** Dropped by an operator's 10101 (ours or one passed to us): not reconnected by itself. */
    boolean operatorDrop;
    /** Users whose route is this link (on the peer, or on servers behind it). */
    final Set<User> users = new LinkedHashSet<>();
    /** A lag check under way: when our 750 went out, in nanoseconds, or 0 once answered. */
    long pingSentNanos;
    /** When the last lag check went out (the periodic one, every ping_interval seconds). */
    long pingSentMillis;
    /** An operator asked for this lag (10120): the answer is told to moderators. */
    boolean pingReported;

    Link(Links links, Session session, boolean outgoing, boolean retry) {
        this.links = links;
        this.session = session;
        this.outgoing = outgoing;
        this.retry = retry;
    }

    String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    void send(int type, CharSequence data) {
        session.send(type, data);
    }

    @Override
    public void received(Message m) {
        links.received(this, m);
    }

    @Override
    public void closed(String why) {
        links.closed(this, why);
    }

    @Override
    public String toString() {
        return (name != null ? name : "?") + " (" + session.connection().remoteIp() + ")";
    }
}
