package org.opennapj.server.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;

/**
 * Chat channels: join (400), part (401), public messages (402 -> 403) and emotes (824), the
 * topic (410), and the channel and member lists (617, 827, 830). A channel is created by its
 * first member, who becomes its operator, and disappears with its last. Names are
 * case-insensitive and kept as their creator wrote them.
 */
public final class Channels implements PresenceListener {

    /** Characters a channel name may not contain besides spaces and control characters. */
    private static final String FORBIDDEN = "%$*?\",";
    /** Public messages and emotes are cut here: longer lines crash old Windows clients. */
    private static final int MAX_TEXT = 180;
    /** The level a user needs to join or create a channel. */
    private static final Level CHANNEL_LEVEL = Level.USER;

    private final ServerCore core;
    private final ShareIndex index;
    private final Map<String, Channel> channels = new HashMap<>();

    private static final class Channel {
        final String name;
        String topic;
        /** Members in join order. */
        final Set<User> members = new LinkedHashSet<>();
        final Set<User> operators = new HashSet<>();

        Channel(String name) {
            this.name = name;
            this.topic = "Welcome to the " + name + " channel.";
        }
    }

    public Channels(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.JOIN, false, this::join);
        core.on(MessageType.PART, false, this::part);
        core.on(MessageType.PUBLIC_MESSAGE_SEND, false, this::publicMessage);
        core.on(MessageType.EMOTE, false, this::emote);
        core.on(MessageType.CHANNEL_TOPIC, false, this::topic);
        core.on(MessageType.LIST_CHANNELS, false, this::listChannels);
        core.on(MessageType.SHOW_ALL_CHANNELS, false, this::showAllChannels);
        core.on(MessageType.LIST_USERS, false, this::listUsers);
        core.addPresenceListener(this);
    }

    @Override
    public void userLeft(User user) {
        for (String name : new ArrayList<>(user.channels())) {
            Channel c = channels.get(key(name));
            if (c != null) {
                leave(c, user);
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Why {@code name} cannot name a channel, or null. */
    private String problem(String name) {
        int max = core.config().integer("max_channel_length");
        if (max > 0 && name.length() > max) {
            return "channel names are at most " + max + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~' || FORBIDDEN.indexOf(ch) >= 0) {
                return "channel names may not contain spaces, control characters or any of " + FORBIDDEN;
            }
        }
        return null;
    }

    private String memberLine(Channel c, User u) {
        return Fields.join(c.name, u.nick(), index.count(u.id()), u.linkSpeed);
    }

    // 400 join channel: <channel-name>
    // -> 405 <channel>, 408 <channel> <nick> <shared> <speed> per member (the joiner too), 409 <channel>,
    //    410 <channel> <topic>; the other members get 406 <channel> <nick> <shared> <speed>
    private void join(Session s, String data) throws MalformedFieldsException {
        String name = Fields.first(data, "a channel name");
        User u = s.user();
        if (core.config().flag("irc_channels") && name.charAt(0) != '#' && name.charAt(0) != '&') {
            name = "#" + name;
        }
        String problem = problem(name);
        if (problem != null) {
            s.error("channel join failed: " + problem);
            return;
        }
        Channel c = channels.get(key(name));
        if (c != null && c.members.contains(u)) {
            s.error("channel join failed: you are already in " + c.name);
            return;
        }
        boolean privileged = u.level().atLeast(Level.MODERATOR);
        int maxChannels = core.config().integer("max_user_channels");
        if (!privileged && maxChannels > 0 && u.channels().size() >= maxChannels) {
            s.error("channel join failed: you may only join " + maxChannels + " channels");
            return;
        }
        if (!u.level().atLeast(CHANNEL_LEVEL)) {
            s.error("channel join failed: requires level " + CHANNEL_LEVEL.wireName());
            return;
        }
        if (c == null) {
            if (core.config().flag("strict_channels") && !privileged) {
                s.error("channel join failed: channel " + name + " does not exist and only moderators may create channels");
                return;
            }
            c = new Channel(name);
            channels.put(key(name), c);
            c.operators.add(u);
        }
        String joined = memberLine(c, u);
        for (User m : c.members) {
            m.send(MessageType.USER_JOINED, joined);
        }
        c.members.add(u);
        u.joined(c.name);
        s.send(MessageType.JOIN_ACK, c.name);
        for (User m : c.members) {
            s.send(MessageType.CHANNEL_USER, memberLine(c, m));
        }
        s.send(MessageType.CHANNEL_USER_END, c.name);
        s.send(MessageType.CHANNEL_TOPIC, c.name + " " + c.topic);
    }

    // 401 part channel: <channel-name> -> 401 <channel>; the others get 407 <channel> <nick> <shared> <speed>
    private void part(Session s, String data) throws MalformedFieldsException {
        String name = Fields.first(data, "a channel name");
        Channel c = memberOf(s, name, "part channel failed");
        if (c == null) {
            return;
        }
        s.send(MessageType.PART, c.name);
        leave(c, s.user());
    }

    private void leave(Channel c, User u) {
        c.members.remove(u);
        c.operators.remove(u);
        u.parted(c.name);
        if (c.members.isEmpty()) {
            channels.remove(key(c.name));
            return;
        }
        String parted = memberLine(c, u);
        for (User m : c.members) {
            m.send(MessageType.USER_PARTED, parted);
        }
    }

    /** The channel {@code name} if the session's user is in it; otherwise tells the user and returns null. */
    private Channel memberOf(Session s, String name, String failure) {
        Channel c = channels.get(key(name));
        if (c == null || !c.members.contains(s.user())) {
            s.error(failure + ": you are not in channel " + name);
            return null;
        }
        return c;
    }

    // 402 send public message: <channel> <message> -> 403 <channel> <nick> <text> to every member, the sender too
    private void publicMessage(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.size() < 2 || f.get(1).isBlank()) {
            s.error("public message: expected <channel> <message>");
            return;
        }
        Channel c = memberOf(s, f.get(0), "public message failed");
        if (c != null) {
            broadcast(c, s.user().key(), MessageType.PUBLIC_MESSAGE, c.name + " " + s.user().nick() + " " + cut(f.get(1)));
        }
    }

    // 824 emote: <channel> "<text>" -> 824 <channel> <nick> "<text>" to every member, the sender too
    private void emote(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            s.error("emote: expected <channel> \"<text>\"");
            return;
        }
        Channel c = memberOf(s, f.get(0), "emote failed");
        if (c != null) {
            String text = cut(f.get(1)).replace('"', '\'');
            broadcast(c, s.user().key(), MessageType.EMOTE, c.name + " " + s.user().nick() + " " + Fields.quote(text));
        }
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /**
     * Sends one line to every member, except those who ignore {@code fromKey} (null: to all); the
     * line is encoded once.
     */
    private void broadcast(Channel c, String fromKey, MessageType type, String line) {
        Body body = new Body(line.length()).append(line);
        for (User m : c.members) {
            if (fromKey == null || !m.ignores(fromKey)) {
                m.session().send(type.code(), body);
            }
        }
    }

    // 410 channel topic: <channel> [topic] -> without a topic, 410 <channel> <topic> to the asker;
    // with one (operators and moderators only), 410 <channel> <topic> to every member
    private void topic(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.isEmpty()) {
            s.error("topic failed: a channel name is required");
            return;
        }
        Channel c = channels.get(key(f.get(0)));
        if (c == null) {
            s.error("topic failed: channel " + f.get(0) + " does not exist");
            return;
        }
        if (f.size() < 2) {
            s.send(MessageType.CHANNEL_TOPIC, c.name + " " + c.topic);
            return;
        }
        User u = s.user();
        if (!u.level().atLeast(Level.MODERATOR)) {
            if (!c.members.contains(u)) {
                s.error("topic failed: you are not in channel " + c.name);
                return;
            }
            if (!c.operators.contains(u)) {
                s.error("topic failed: only channel operators and moderators may set the topic of " + c.name);
                return;
            }
        }
        String topic = f.get(1).replace('\r', ' ').replace('\n', ' ');
        int max = core.config().integer("max_topic");
        if (max > 0 && topic.length() > max) {
            topic = topic.substring(0, max);
        }
        c.topic = topic;
        broadcast(c, null, MessageType.CHANNEL_TOPIC, c.name + " " + topic);
    }

    // 617 list channels: (empty) -> 618 <channel> <members> <topic> per channel, then 617
    private void listChannels(Session s, String data) {
        for (Channel c : channels.values()) {
            s.send(MessageType.CHANNEL_ENTRY, Fields.join(c.name, c.members.size(), c.topic));
        }
        s.send(MessageType.LIST_CHANNELS, "");
    }

    // 827 show all channels: (empty) -> 828 <channel> <members> <not-predefined> <level> <limit> "<topic>", then 827
    // (every channel is user-created, open to Users and unlimited)
    private void showAllChannels(Session s, String data) {
        for (Channel c : channels.values()) {
            s.send(MessageType.ALL_CHANNELS_ENTRY,
                    Fields.join(c.name, c.members.size(), 1, CHANNEL_LEVEL.ordinal(), 0, Fields.quote(c.topic.replace('"', '\''))));
        }
        s.send(MessageType.SHOW_ALL_CHANNELS, "");
    }

    // 830 list users in channel: <channel> -> 825 <channel> <nick> <shared> <speed> per member, then 830
    private void listUsers(Session s, String data) throws MalformedFieldsException {
        String name = Fields.first(data, "a channel name");
        Channel c = memberOf(s, name, "list users failed");
        if (c == null) {
            return;
        }
        for (User m : c.members) {
            s.send(MessageType.USER_LIST_ENTRY, memberLine(c, m));
        }
        s.send(MessageType.LIST_USERS, "");
    }
}
