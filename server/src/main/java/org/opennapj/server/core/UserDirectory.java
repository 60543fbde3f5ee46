package org.opennapj.server.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opennapj.server.store.Level;

/**
 * Every user online, by nick and by small integer id, wherever its route leads; the online
 * Moderators and up (who receive operator notices); and the users who left recently (whowas).
 * Owned by the core thread.
 */
final class UserDirectory {

    private static final int MAX_WHOWAS = 10_000;

    private final Map<String, User> byNick = new HashMap<>();
    private final List<User> byId = new ArrayList<>();
    private final ArrayList<Integer> freeIds = new ArrayList<>();
    private final Set<User> moderators = new LinkedHashSet<>();
    private final LinkedHashMap<String, Whowas> whowas = new LinkedHashMap<>(256, 0.75f, false);

    /** Adds a user under a free id; the nick must not be online. */
    User add(String nick, Route route, long ipWire, long loginTime) {
        String key = User.key(nick);
        if (byNick.containsKey(key)) {
            throw new IllegalStateException(nick + " is already online");
        }
        int id = freeIds.isEmpty() ? byId.size() : freeIds.remove(freeIds.size() - 1);
        User u = new User(id, nick, route, ipWire, loginTime);
        if (id == byId.size()) {
            byId.add(u);
        } else {
            byId.set(id, u);
        }
        byNick.put(key, u);
        whowas.remove(key);
        return u;
    }

    /** Removes a user and remembers it for whowas. */
    void remove(User u, long now) {
        byNick.remove(u.key());
        moderators.remove(u);
        byId.set(u.id(), null);
        freeIds.add(u.id());
        whowas.put(u.key(), new Whowas(u.nick(), u.level(), now, u.ipWire(), u.clientInfo));
        if (whowas.size() > MAX_WHOWAS) {
            whowas.remove(whowas.keySet().iterator().next());
        }
    }

    /** Sets a user's level and keeps the set of moderators right. */
    void setLevel(User u, Level level) {
        u.level(level);
        if (level.atLeast(Level.MODERATOR) && byNick.get(u.key()) == u) {
            moderators.add(u);
        } else {
            moderators.remove(u);
        }
    }

    User get(String nick) {
        return nick == null ? null : byNick.get(User.key(nick));
    }

    User byId(int id) {
        return id >= 0 && id < byId.size() ? byId.get(id) : null;
    }

    Collection<User> all() {
        return Collections.unmodifiableCollection(byNick.values());
    }

    int count() {
        return byNick.size();
    }

    Collection<User> moderators() {
        return Collections.unmodifiableCollection(moderators);
    }

    Whowas whowas(String nick) {
        return whowas.get(User.key(nick));
    }

    /** Forgets departures older than {@code maxAgeMillis}. */
    void expireWhowas(long nowMillis, long maxAgeMillis) {
        whowas.values().removeIf(w -> nowMillis - w.lastSeen() * 1000 > maxAgeMillis);
    }
}
