package org.opennapj.server.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;

/**
 * One chat channel's state (core thread only). Members are kept in join order for the lists
 * and the public-message fan-out; operators by nick key, so that a permanent channel keeps the
 * operators it was given (registered nicks only) while they are away and across restarts.
 */
final class Channel {

    /** Most bans one channel keeps. */
    static final int MAX_BANS = 256;

    final String name;
    String topic;
    /** Most members (0: no limit); Moderators and up may join beyond it. */
    int limit;
    /** The level a user needs to join. */
    Level level = Level.USER;
    /**
     * The channel's timestamp between servers (UNIX seconds; docs/LINKING-PROTOCOL.md 3): set when
     * a local user creates it or at start-up for a permanent one, 0 for a channel a remote join
     * created, until a timestamped message from another server gives one. The older one wins.
     */
    long ts;
    /** {@link ChannelMode} bits. */
    int modes;
    /** Members in join order. */
    final Set<User> members = new LinkedHashSet<>();
    /**
     * Operators: nick key -> nick. For a user-created channel only members; a permanent channel
     * also keeps registered operators who are away.
     */
    final Map<String, String> operators = new LinkedHashMap<>();
    /** Members who may speak while the channel is MODERATED; forgotten when they leave. */
    final Set<User> voiced = new HashSet<>();
    /** Nick keys muzzled on this channel (10213), kept while the channel exists, also across part and join. */
    final Map<String, String> muzzled = new LinkedHashMap<>();
    final List<ChannelBan> bans = new ArrayList<>();
    /** Users invited (430, 10210) and not yet joined; forgotten when they join or log out. */
    final Set<User> invited = new HashSet<>();

    Channel(String name, String topic) {
        this.name = name;
        this.topic = topic;
    }

    boolean has(ChannelMode m) {
        return (modes & m.bit()) != 0;
    }

    boolean permanent() {
        return has(ChannelMode.REGISTERED);
    }

    /** Whether {@code u} is a member holding operator status. */
    boolean isOperator(User u) {
        return operators.containsKey(u.key()) && members.contains(u);
    }

    /** The first ban covering this user, or null. */
    ChannelBan banFor(User u) {
        for (ChannelBan b : bans) {
            if (b.covers(u.nick(), u.ip())) {
                return b;
            }
        }
        return null;
    }

    ChannelBan ban(String target) {
        for (ChannelBan b : bans) {
            if (b.target().equalsIgnoreCase(target)) {
                return b;
            }
        }
        return null;
    }
}
