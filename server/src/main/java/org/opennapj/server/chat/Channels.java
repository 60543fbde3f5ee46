package org.opennapj.server.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Burst;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat channels: join (400), part (401), public messages (402 -> 403) and emotes (824), the
 * topic (410), and the channel and member lists (617, 827, 830); their moderation is in
 * {@link ChannelModeration}, and who may do what in {@link ChannelRights}. A channel is created
 * by its first member, who becomes its operator, and disappears with its last, unless it is
 * permanent (REGISTERED): those are read from the data directory's channels file at start-up,
 * stay with no members, and are written back to the file whenever their state changes. Names
 * are case-insensitive and kept as their creator wrote them.
 */
public final class Channels implements PresenceListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);
    /** Characters a channel name may not contain besides spaces and control characters. */
    private static final String FORBIDDEN = "%$*?\",";
    /** Public messages and emotes are cut here: longer lines crash old Windows clients. */
    static final int MAX_TEXT = 180;
    /** The level a user needs to create a channel. */
    private static final Level CHANNEL_LEVEL = Level.USER;

    final ServerCore core;
    private final ShareIndex index;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    /** Channels with pending invitations, so a user's logout finds them without a scan. */
    final Set<Channel> withInvitations = new HashSet<>();
    private final ChannelsFile file;
    private final ChannelLinking linking;
    private boolean saveQueued;

    /**
     * Loads the permanent channels from {@code dataDir}'s channels file; a data directory without
     * one gets the default file first.
     */
    public Channels(ServerCore core, ShareIndex index, Path dataDir) throws IOException {
        this.core = core;
        this.index = index;
        if (ChannelsFile.writeDefaultIfMissing(dataDir)) {
            LOG.info("no channels file in {}: wrote the default one (a lobby and a help channel)", dataDir);
        }
        this.file = new ChannelsFile(dataDir);
        try {
            load(dataDir);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        core.on(MessageType.JOIN, false, this::joinRequest);
        core.on(MessageType.PART, false, this::part);
        core.on(MessageType.PUBLIC_MESSAGE_SEND, false, this::publicMessage);
        core.on(MessageType.EMOTE, false, this::emote);
        core.on(MessageType.CHANNEL_TOPIC, false, this::topic);
        core.on(MessageType.LIST_CHANNELS, false, this::listChannels);
        core.on(MessageType.SHOW_ALL_CHANNELS, false, this::showAllChannels);
        core.on(MessageType.LIST_USERS, false, this::listUsers);
        core.addPresenceListener(this);
        linking = new ChannelLinking(this, new ChannelModeration(this));
        // what other servers send about their users in channels (docs/LINKING-PROTOCOL.md 4.3)
        core.onPeer(MessageType.JOIN.code(), this::remoteJoin);
        core.onPeer(MessageType.PART.code(), this::remotePart);
        core.onPeer(MessageType.PUBLIC_MESSAGE_SEND.code(), (peer, d) -> remoteSay(d, MessageType.PUBLIC_MESSAGE));
        core.onPeer(MessageType.EMOTE.code(), (peer, d) -> remoteSay(d, MessageType.EMOTE));
        core.onPeer(MessageType.CHANNEL_TOPIC.code(), this::remoteTopic);
        core.onPeer(MessageType.KICK.code(), this::remoteKick);
        core.onBurst(this::burst);
    }

    /** Writes the default channels file into a data directory that has none (for {@code opennapj setup}). */
    public static boolean createDefaultFile(Path dataDir) throws IOException {
        return ChannelsFile.writeDefaultIfMissing(dataDir);
    }

    private void load(Path dataDir) throws IOException {
        for (ChannelsFile.Entry e : file.read()) {
            String name = e.name();
            if (core.config().flag("irc_channels") && name.charAt(0) != '#' && name.charAt(0) != '&') {
                name = "#" + name;
            }
            String problem = problem(name);
            if (problem != null) {
                LOG.warn("channels file: {} skipped: {}", name, problem);
                continue;
            }
            if (channels.containsKey(key(name))) {
                LOG.warn("channels file: {} is defined twice; the first one is kept", name);
                continue;
            }
            Channel c = new Channel(name, e.topic());
            c.limit = e.limit();
            c.level = e.level();
            c.modes = e.modes();
            for (String op : e.operators()) {
                c.operators.put(User.key(op), op);
            }
            c.bans.addAll(e.bans());
            c.ts = System.currentTimeMillis() / 1000;
            channels.put(key(name), c);
        }
        LOG.info("{} permanent channels from {}", channels.size(), dataDir.resolve(ChannelsFile.NAME));
    }

    /** Writes what is queued for the channels file and stops its writer (after the core has stopped). */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public void userLeft(User user) {
        for (String name : new ArrayList<>(user.channels())) {
            Channel c = channels.get(key(name));
            if (c != null) {
                leave(c, user);
            }
        }
        if (!withInvitations.isEmpty()) {
            for (Channel c : new ArrayList<>(withInvitations)) {
                c.invited.remove(user);
                if (c.invited.isEmpty()) {
                    withInvitations.remove(c);
                }
            }
        }
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    Channel find(String name) {
        return channels.get(key(name));
    }

    /** The channel {@code name}; otherwise tells the user "{@code what} failed: no such channel" and returns null. */
    Channel existing(Session s, String name, String what) {
        Channel c = find(name);
        if (c == null) {
            s.error(what + " failed: no such channel " + name);
        }
        return c;
    }

    /** Why {@code name} cannot name a channel, or null. */
    private String problem(String name) {
        return nameProblem(name, core.config().integer("max_channel_length"));
    }

    /**
     * For an importer: null when a line of a channels file (not a comment or the {@code :version 1}
     * line, which the caller skips) is a permanent channel this server loads with
     * {@code max_channel_length} {@code maxLength}, otherwise what is wrong with it.
     */
    public static String fileLineProblem(String line, int maxLength) {
        try {
            return nameProblem(ChannelsFile.parse(line.replace('\t', ' ')).name(), maxLength);
        } catch (MalformedFieldsException e) {
            return e.getMessage();
        }
    }

    private static String nameProblem(String name, int max) {
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
        return Fields.join(c.name, u.nick(), u.local() ? index.count(u.id()) : u.remoteShared, u.linkSpeed);
    }

    // 400 join channel: <channel-name>
    // -> 405 <channel>, 408 <channel> <nick> <shared> <speed> per member (the joiner too), 409 <channel>,
    //    410 <channel> <topic>; the other members get 406 <channel> <nick> <shared> <speed>
    private void joinRequest(Session s, String data) throws MalformedFieldsException {
        join(s, Fields.first(data, "a channel name"));
    }

    /** Joins the session's user to a channel, creating it if need be (400, and 431 accepting an invitation). */
    void join(Session s, String name) {
        User u = s.user();
        if (core.config().flag("irc_channels") && name.charAt(0) != '#' && name.charAt(0) != '&') {
            name = "#" + name;
        }
        String problem = problem(name);
        if (problem != null) {
            s.error("channel join failed: " + problem);
            return;
        }
        Channel c = find(name);
        if (c != null && c.members.contains(u)) {
            s.error("channel join failed: you are already in " + c.name);
            return;
        }
        boolean privileged = ChannelRights.privileged(u);
        int maxChannels = core.config().integer("max_user_channels");
        if (!privileged && maxChannels > 0 && u.channels().size() >= maxChannels) {
            s.error("channel join failed: you may only join " + maxChannels + " channels");
            return;
        }
        boolean created = false;
        if (c == null) {
            if (!u.level().atLeast(CHANNEL_LEVEL)) {
                s.error("channel join failed: requires level " + CHANNEL_LEVEL.wireName());
                return;
            }
            if (core.config().flag("strict_channels") && !privileged) {
                s.error("channel join failed: channel " + name + " does not exist and only moderators may create channels");
                return;
            }
            c = new Channel(name, "Welcome to the " + name + " channel.");
            c.ts = System.currentTimeMillis() / 1000;
            channels.put(key(name), c);
            created = true;
        } else {
            String no = ChannelRights.join(c, u);
            if (no != null) {
                s.error("channel join failed: " + no);
                return;
            }
        }
        if (c.invited.remove(u) && c.invited.isEmpty()) {
            withInvitations.remove(c);
        }
        if (created) {
            // the first member of a new channel is its operator; a permanent channel never gives
            // operator status away like this, only to those it was given to
            c.operators.put(u.key(), u.nick());
        } else if (u.account == null && c.operators.remove(u.key()) != null) {
            // kept for a registered nick that is no longer registered: not for whoever uses it now
            persist(c);
        }
        String joined = memberLine(c, u);
        for (User m : c.members) {
            // members on other servers are told by their own server, from the join flooded below
            if (m.local() && ChannelRights.seesMember(m, u)) {
                m.send(MessageType.USER_JOINED, joined);
            }
        }
        c.members.add(u);
        u.joined(c.name);
        if (networked(c)) {
            core.network().flood(MessageType.JOIN.code(), ":" + u.nick() + " " + c.name);
            if (created) {
                // the other servers learn who got the new channel's operator status, and its timestamp
                core.network().flood(MessageType.SET_CHANNEL_OP.code(),
                        ":" + core.network().serverName() + " " + c.name + " " + u.nick() + " :" + c.ts);
            }
        }
        s.send(MessageType.JOIN_ACK, c.name);
        for (User m : c.members) {
            if (ChannelRights.seesMember(u, m)) {
                s.send(MessageType.CHANNEL_USER, memberLine(c, m));
            }
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
        flood(c, MessageType.PART, s.user(), null);
    }

    /** Whether a channel is known to the other servers of a network: all but {@code &} channels. */
    static boolean networked(Channel c) {
        return !c.name.startsWith("&");
    }

    /** Tells the other servers what a local user did in a channel: {@code <type> :<nick> <channel> [text]}. */
    void flood(Channel c, MessageType type, User u, String text) {
        if (networked(c) && u.local()) {
            core.network().flood(type.code(), ":" + u.nick() + " " + c.name + (text == null ? "" : " " + text));
        }
    }

    /**
     * Takes a user out of a channel: the others get 407; voice goes, operator status too unless
     * the channel is permanent and the nick registered; an empty user-created channel disappears.
     */
    void leave(Channel c, User u) {
        c.members.remove(u);
        c.voiced.remove(u);
        if (!c.permanent() || u.account == null) {
            c.operators.remove(u.key());
        }
        u.parted(c.name);
        if (c.members.isEmpty()) {
            if (!c.permanent()) {
                remove(c);
            }
            return;
        }
        String parted = memberLine(c, u);
        for (User m : c.members) {
            if (m.local() && ChannelRights.seesMember(m, u)) {
                m.send(MessageType.USER_PARTED, parted);
            }
        }
    }

    /** Forgets a channel (its last member left, or it stopped being permanent while empty). */
    void remove(Channel c) {
        channels.remove(key(c.name));
        withInvitations.remove(c);
    }

    /** Takes a user out of a channel against their will: 401, then a 404 saying why (opennap-ng's order). */
    void throwOut(Channel c, User u, String why) {
        if (!u.local()) {
            // its own server tells it (401 and the 404) and the rest of the network
            leave(c, u);
            if (networked(c)) {
                core.network().flood(MessageType.KICK.code(), ":" + core.network().serverName() + " " + c.name + " "
                        + u.nick() + " " + Fields.quote(why.replace('"', '\'')));
            }
            return;
        }
        u.send(MessageType.PART, c.name);
        u.notice(why);
        leave(c, u);
        flood(c, MessageType.PART, u, null);
    }

    // 829 from another server: :<sender> <channel> <nick> "<reason>"  -> a local member gets 401 and
    // a 404, the other local members 407 (the sending server has checked the sender's right to kick)
    private boolean remoteKick(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        if (p == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.size() < 2) {
            return false;
        }
        Channel c = find(f.get(0));
        User u = core.user(f.get(1));
        if (c == null || u == null || !c.members.contains(u)) {
            return false;
        }
        if (u.local()) {
            String why = f.size() > 2 ? f.get(2) : "";
            u.send(MessageType.PART, c.name);
            u.notice(why.length() > 256 ? why.substring(0, 256) : why);
        }
        leave(c, u);
        return true;
    }

    /**
     * Tells a channel's operators and the Moderators and up among its members (404), as
     * opennap-ng does, except the users in {@code skip} (the actor, who gets an answer of its own,
     * and targets told personally).
     */
    void tellOperators(Channel c, String text, Collection<User> skip) {
        tellOperators(c, text, skip, false);
    }

    /**
     * As {@link #tellOperators(Channel, String, Collection)}, but only this server's members: for
     * changes that cross the network, whose other servers tell their own members.
     */
    void tellLocalOperators(Channel c, String text, Collection<User> skip) {
        tellOperators(c, text, skip, true);
    }

    private void tellOperators(Channel c, String text, Collection<User> skip, boolean localOnly) {
        for (User m : c.members) {
            if ((ChannelRights.privileged(m) || c.operators.containsKey(m.key())) && !skip.contains(m)
                    && (!localOnly || m.local())) {
                m.notice(text);
            }
        }
    }

    /** The channel {@code name} if the session's user is in it; otherwise tells the user and returns null. */
    private Channel memberOf(Session s, String name, String failure) {
        Channel c = find(name);
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
        if (c == null) {
            return;
        }
        String no = ChannelRights.speak(c, s.user());
        if (no != null) {
            s.error("public message failed: " + no);
            return;
        }
        broadcast(c, s.user().key(), MessageType.PUBLIC_MESSAGE, c.name + " " + s.user().nick() + " " + cut(f.get(1)));
        flood(c, MessageType.PUBLIC_MESSAGE_SEND, s.user(), cut(f.get(1)));
    }

    // 824 emote: <channel> "<text>" -> 824 <channel> <nick> "<text>" to every member, the sender too
    private void emote(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            s.error("emote: expected <channel> \"<text>\"");
            return;
        }
        Channel c = memberOf(s, f.get(0), "emote failed");
        if (c == null) {
            return;
        }
        String no = ChannelRights.speak(c, s.user());
        if (no != null) {
            s.error("emote failed: " + no);
            return;
        }
        String text = cut(f.get(1)).replace('"', '\'');
        broadcast(c, s.user().key(), MessageType.EMOTE, c.name + " " + s.user().nick() + " " + Fields.quote(text));
        flood(c, MessageType.EMOTE, s.user(), Fields.quote(text));
    }

    static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /**
     * Sends one line to every member, except those who ignore {@code fromKey} (null: to all); the
     * line is encoded once.
     */
    private void broadcast(Channel c, String fromKey, MessageType type, String line) {
        Body body = new Body(line.length()).append(line);
        int code = type.code();
        for (User m : c.members) {
            // members on other servers (no session here) get it from their own server
            Session ms = m.session();
            if (ms != null && (fromKey == null || !m.ignores(fromKey))) {
                ms.send(code, body);
            }
        }
    }

    // 410 channel topic: <channel> [topic] -> without a topic, 410 <channel> <topic> to the asker;
    // with one, 410 <channel> <topic> to every member (operators and moderators; any member in a
    // +TOPIC channel), and a 404 to the other operators
    private void topic(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.isEmpty()) {
            s.error("topic failed: a channel name is required");
            return;
        }
        Channel c = find(f.get(0));
        if (c == null) {
            s.error("topic failed: channel " + f.get(0) + " does not exist");
            return;
        }
        if (f.size() < 2) {
            s.send(MessageType.CHANNEL_TOPIC, c.name + " " + c.topic);
            return;
        }
        User u = s.user();
        String no = ChannelRights.setTopic(c, u);
        if (no != null) {
            s.error("topic failed: " + no);
            return;
        }
        String topic = f.get(1).replace('\r', ' ').replace('\n', ' ');
        int max = core.config().integer("max_topic");
        if (max > 0 && topic.length() > max) {
            topic = topic.substring(0, max);
        }
        c.topic = topic;
        persist(c);
        broadcast(c, null, MessageType.CHANNEL_TOPIC, c.name + " " + topic);
        tellOperators(c, u.nick() + " set topic on " + c.name + ": " + topic, Set.of(u));
        flood(c, MessageType.CHANNEL_TOPIC, u, topic);
    }

    // ---------------------------------------------------------------- from other servers

    /** The user a {@code :<nick>} prefix names, if it is on another server; else null. */
    private User remoteSender(PeerHandler.Prefixed p) {
        User u = p == null ? null : core.user(p.sender());
        return u != null && !u.local() ? u : null;
    }

    // 400 :<nick> <channel>  -> local members get 406; a join the channel's rules here refuse
    // (level, ban, invitation, limit) is answered with 829 :<us> <channel> <nick> "<reason>"
    private boolean remoteJoin(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User u = remoteSender(p);
        if (u == null) {
            return false;
        }
        String name = Fields.first(p.rest(), "a channel name");
        if (name.startsWith("&") || problem(name) != null) {
            return false;
        }
        Channel c = find(name);
        if (c != null && c.members.contains(u)) {
            return false;
        }
        if (c == null) {
            c = new Channel(name, "Welcome to the " + name + " channel.");
            channels.put(key(name), c);
        } else {
            String no = ChannelRights.join(c, u);
            if (no != null) {
                // a join this server would have refused (a ban, an invitation or a limit that has
                // not reached the user's server yet): the sending server is told to take it back
                core.network().sendTo(peer, MessageType.KICK.code(), ":" + core.network().serverName() + " " + c.name
                        + " " + u.nick() + " " + Fields.quote(("channel join failed: " + no).replace('"', '\'')));
                return false;
            }
            if (c.invited.remove(u) && c.invited.isEmpty()) {
                withInvitations.remove(c);
            }
        }
        String joined = memberLine(c, u);
        for (User m : c.members) {
            if (m.local() && ChannelRights.seesMember(m, u)) {
                m.send(MessageType.USER_JOINED, joined);
            }
        }
        c.members.add(u);
        u.joined(c.name);
        return true;
    }

    // 401 :<nick> <channel>  -> local members get 407
    private boolean remotePart(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User u = remoteSender(p);
        if (u == null) {
            return false;
        }
        Channel c = find(Fields.first(p.rest(), "a channel name"));
        if (c == null || !c.members.contains(u)) {
            return false;
        }
        leave(c, u);
        return true;
    }

    // 402 :<nick> <channel> <text>  -> local members get 403 <channel> <nick> <text>
    // 824 :<nick> <channel> "<text>" -> local members get 824 <channel> <nick> "<text>"
    private boolean remoteSay(String data, MessageType toMembers) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User u = remoteSender(p);
        if (u == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.size() < 2) {
            return false;
        }
        Channel c = find(f.get(0));
        if (c == null || !c.members.contains(u) || ChannelRights.speak(c, u) != null) {
            return false;
        }
        String text = f.get(1);
        if (toMembers == MessageType.EMOTE) {
            List<String> q = Fields.split(text);
            text = Fields.quote(cut(q.isEmpty() ? "" : q.get(0)).replace('"', '\''));
        } else {
            text = cut(text);
        }
        broadcast(c, u.key(), toMembers, c.name + " " + u.nick() + " " + text);
        return true;
    }

    // 410 :<sender> <channel> <topic>  -> local members get 410 <channel> <topic>
    private boolean remoteTopic(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        if (p == null) {
            return false;
        }
        User sender = core.user(p.sender());
        if (sender != null && sender.local()) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        if (f.size() < 2) {
            return false;
        }
        Channel c = find(f.get(0));
        if (c == null) {
            return false;
        }
        String topic = f.get(1).replace('\r', ' ').replace('\n', ' ');
        int max = core.config().integer("max_topic");
        if (max > 0 && topic.length() > max) {
            topic = topic.substring(0, max);
        }
        c.topic = topic;
        persist(c);
        broadcast(c, null, MessageType.CHANNEL_TOPIC, c.name + " " + topic);
        return true;
    }

    /** A new link's burst: {@code 400 :<nick> <channel>} for each member of each networked channel. */
    private void burst(Burst b) {
        for (Channel c : channels.values()) {
            if (!networked(c)) {
                continue;
            }
            for (User m : c.members) {
                if (!b.behindPeer(m)) {
                    b.send(MessageType.JOIN.code(), ":" + m.nick() + " " + c.name);
                    linking.burstMember(b, c, m);
                }
            }
            linking.burstChannel(b, c);
        }
    }

    /** A channel as the web page shows it. */
    public record ChannelView(String name, String topic, int members, int limit, Level level, boolean permanent) {
    }

    /**
     * The channels (core thread): all of them for {@code moderator}, otherwise those a client that
     * is in none of them sees in the 617 list (not PRIVATE ones).
     */
    public List<ChannelView> views(boolean moderator) {
        List<ChannelView> out = new ArrayList<>();
        for (Channel c : channels.values()) {
            if (moderator || !c.has(ChannelMode.PRIVATE)) {
                out.add(new ChannelView(c.name, c.topic, c.members.size(), c.limit, c.level, c.permanent()));
            }
        }
        return out;
    }

    // 617 list channels: (empty) -> 618 <channel> <members> <topic> per channel, then 617
    // (PRIVATE channels only to their members and Moderators and up)
    private void listChannels(Session s, String data) {
        for (Channel c : channels.values()) {
            if (ChannelRights.see(c, s.user())) {
                s.send(MessageType.CHANNEL_ENTRY, Fields.join(c.name, c.members.size(), c.topic));
            }
        }
        s.send(MessageType.LIST_CHANNELS, "");
    }

    // 827 show all channels: (empty) -> 828 <channel> <members> <user-created> <level> <limit> "<topic>", then 827
    // (<user-created> is 0 for permanent channels, 1 for the others)
    private void showAllChannels(Session s, String data) {
        for (Channel c : channels.values()) {
            if (ChannelRights.see(c, s.user())) {
                s.send(MessageType.ALL_CHANNELS_ENTRY, Fields.join(c.name, c.members.size(), c.permanent() ? 0 : 1,
                        c.level.ordinal(), c.limit, Fields.quote(c.topic.replace('"', '\''))));
            }
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
            if (ChannelRights.seesMember(s.user(), m)) {
                s.send(MessageType.USER_LIST_ENTRY, memberLine(c, m));
            }
        }
        s.send(MessageType.LIST_USERS, "");
    }

    // ---------------------------------------------------------------- the channels file

    /**
     * Records that a channel's stored state changed (topic, limit, level, modes, operators, bans,
     * or whether it is permanent): the file is rewritten once, at the end of the core's batch, on
     * the file's own thread. Changes to user-created channels are not stored.
     */
    void persist(Channel c) {
        if (c.permanent()) {
            queueSave();
        }
    }

    /** Rewrites the channels file at the end of the batch (also when a channel stops being permanent). */
    void queueSave() {
        if (!saveQueued) {
            saveQueued = true;
            core.atBatchEnd(this::save);
        }
    }

    private void save() {
        saveQueued = false;
        StringBuilder sb = new StringBuilder(":version 1\n");
        for (Channel c : channels.values()) {
            if (!c.permanent()) {
                continue;
            }
            List<String> ops = new ArrayList<>();
            for (Map.Entry<String, String> op : c.operators.entrySet()) {
                User on = core.user(op.getKey());
                // an unregistered nick is an operator only while it is in the channel
                if (on == null || on.account != null) {
                    ops.add(op.getValue());
                }
            }
            sb.append(ChannelsFile.format(new ChannelsFile.Entry(c.name, c.limit, c.level, c.topic, c.modes, ops,
                    c.bans))).append('\n');
        }
        file.save(sb.toString());
    }
}
