package org.opennapj.server.chat;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.NickRules;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;

/**
 * Hotlists: 207 add and 208 initial list (acked with 301, refused with 302), 303 remove, and
 * the 209 sign-on / 210 sign-off notices to everyone watching a nick.
 */
public final class Hotlists implements PresenceListener {

    private final ServerCore core;
    /** Watched nick key -> users watching it. */
    private final Map<String, Set<User>> watchers = new HashMap<>();

    public Hotlists(ServerCore core) {
        this.core = core;
        core.on(MessageType.HOTLIST_ADD, false, this::add);
        core.on(MessageType.HOTLIST_INITIAL, false, this::add);
        core.on(MessageType.HOTLIST_REMOVE, false, this::remove);
        core.addPresenceListener(this);
    }

    // 207 add hotlist entry: <user>    208 hotlist: <user>
    private void add(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User u = s.user();
        if (NickRules.problem(nick, core.config().integer("max_nick_length")) != null) {
            s.send(MessageType.HOTLIST_ERROR, nick);
            return;
        }
        String key = User.key(nick);
        Set<String> list = u.hotlist();
        if (!list.contains(key)) {
            int max = core.config().integer("max_hotlist");
            if (max > 0 && list.size() >= max) {
                s.send(MessageType.HOTLIST_ERROR, nick);
                s.error("hotlist is full (" + max + " entries)");
                return;
            }
            u.hotlistAdd(key);
            watchers.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(u);
        }
        s.send(MessageType.HOTLIST_ACK, nick);
        User target = core.user(nick);
        if (target != null) {
            s.send(MessageType.USER_SIGNON, Fields.join(target.nick(), target.linkSpeed));
        }
    }

    // 303 remove user from hotlist: <user>  (no reply)
    private void remove(Session s, String data) throws MalformedFieldsException {
        String key = User.key(Fields.first(data, "a nick"));
        User u = s.user();
        if (u.hotlistRemove(key)) {
            unwatch(key, u);
        }
    }

    private void unwatch(String key, User u) {
        Set<User> w = watchers.get(key);
        if (w != null) {
            w.remove(u);
            if (w.isEmpty()) {
                watchers.remove(key);
            }
        }
    }

    @Override
    public void userJoined(User user) {
        Set<User> w = watchers.get(user.key());
        if (w != null) {
            String line = Fields.join(user.nick(), user.linkSpeed);
            for (User watcher : w) {
                watcher.send(MessageType.USER_SIGNON, line);
            }
        }
    }

    @Override
    public void userLeft(User user) {
        for (String key : user.hotlist()) {
            unwatch(key, user);
        }
        Set<User> w = watchers.get(user.key());
        if (w != null) {
            for (User watcher : w) {
                watcher.send(MessageType.USER_SIGNOFF, user.nick());
            }
        }
    }
}
