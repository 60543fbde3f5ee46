package org.opennapj.server.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Burst;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel state between servers, in opennap-ng's forms (docs/LINKING-PROTOCOL.md 3 and 4.3):
 * operators and voice (10204/10205/10211/10212, with the channel timestamp), modes (10209), bans
 * (422-424), muzzles (10213/10214), level and limit (823/826), clears (820), messages to the
 * operators (10208) and invitations (10210), and the channels' part of a new link's burst. Each
 * change from another server is checked again here as opennap-ng checks it, told to this
 * server's own members as the local command tells them ({@link ChannelModeration}), and passed
 * on to the other servers. Whether a
 * channel is permanent (REGISTERED) stays each server's own: the mode is neither sent nor taken,
 * and each server keeps its own channels file (a change from elsewhere to a channel permanent
 * here is written to it, as a local one is).
 */
final class ChannelLinking {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelLinking.class);

    private final Channels channels;
    private final ChannelModeration moderation;
    private final ServerCore core;

    ChannelLinking(Channels channels, ChannelModeration moderation) {
        this.channels = channels;
        this.moderation = moderation;
        this.core = channels.core;
        core.onPeer(MessageType.SET_CHANNEL_OP.code(), (peer, d) -> flag(peer, d, ChannelModeration.Flag.OP, true));
        core.onPeer(MessageType.REMOVE_CHANNEL_OP.code(), (peer, d) -> flag(peer, d, ChannelModeration.Flag.OP, false));
        core.onPeer(MessageType.CHANNEL_VOICE.code(), (peer, d) -> flag(peer, d, ChannelModeration.Flag.VOICE, true));
        core.onPeer(MessageType.CHANNEL_UNVOICE.code(), (peer, d) -> flag(peer, d, ChannelModeration.Flag.VOICE, false));
        core.onPeer(MessageType.CHANNEL_MODE.code(), this::mode);
        core.onPeer(MessageType.CHANNEL_BAN.code(), (peer, d) -> ban(peer, d, true));
        core.onPeer(MessageType.CHANNEL_UNBAN.code(), (peer, d) -> ban(peer, d, false));
        core.onPeer(MessageType.CHANNEL_BAN_CLEAR.code(), this::clearBans);
        core.onPeer(MessageType.SET_CHANNEL_LEVEL.code(), (peer, d) -> value(peer, d, MessageType.SET_CHANNEL_LEVEL));
        core.onPeer(MessageType.CHANNEL_LIMIT.code(), (peer, d) -> value(peer, d, MessageType.CHANNEL_LIMIT));
        core.onPeer(MessageType.CLEAR_CHANNEL.code(), this::clear);
        core.onPeer(MessageType.CHANNEL_OPS_MESSAGE.code(), this::messageOperators);
        core.onPeer(MessageType.CHANNEL_INVITE.code(), this::invite);
        core.onPeer(MessageType.CHANNEL_MUZZLE.code(), (peer, d) -> muzzle(peer, d, true));
        core.onPeer(MessageType.CHANNEL_UNMUZZLE.code(), (peer, d) -> muzzle(peer, d, false));
    }

    /** Who sent a message from another server: a user elsewhere, or a server of the network. */
    record Sender(String name, String by, User user) {
    }

    /** The sender a {@code :<nick>} or {@code :<server>} prefix names; null for a local user or an unknown name. */
    private Sender sender(PeerHandler.Prefixed p) {
        if (p == null) {
            return null;
        }
        User u = core.user(p.sender());
        if (u != null) {
            return u.local() ? null : new Sender(u.nick(), u.nick(), u);
        }
        if (core.network().knownServer(p.sender())) {
            return new Sender(p.sender(), "Server " + p.sender(), null);
        }
        return null;
    }

    /** A networked channel named in a message from another server, or null. */
    private Channel channel(String name) {
        Channel c = channels.find(name);
        return c != null && Channels.networked(c) ? c : null;
    }

    /**
     * The timestamp rule for 10204/10205/10211/10212: a newer one than ours (ours set) is
     * refused; an older one takes every operator status here away first; then it is ours.
     */
    private boolean takeTimestamp(Channel c, long ts) {
        if (c.ts > 0) {
            if (ts > c.ts) {
                LOG.info("channel {}: newer timestamp {} than ours {} from another server; ignored", c.name, ts, c.ts);
                return false;
            }
            if (ts < c.ts) {
                massDeop(c);
            }
        }
        c.ts = ts;
        return true;
    }

    /** The channel existed elsewhere before it did here: its operators here are not operators any more. */
    private void massDeop(Channel c) {
        for (User m : c.members) {
            if (c.operators.remove(m.key()) != null && m.local()) {
                m.notice(core.network().serverName() + " deopped you on channel " + c.name + ": timestamp");
            }
        }
        channels.persist(c);
    }

    // 10204/10205/10211/10212 :<sender> <channel> <nick> [nick ...] [:<ts>]
    private boolean flag(String peer, String data, ChannelModeration.Flag flag, boolean give) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        if (from == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.size() < 2) {
            return false;
        }
        Channel c = channel(f.get(0));
        if (c == null) {
            return false;
        }
        int end = f.size();
        String last = f.get(end - 1);
        if (last.startsWith(":")) {
            end--;
            if (!takeTimestamp(c, ChannelModeration.parseTs(last.substring(1)))) {
                return false;
            }
        }
        if (from.user() != null && ChannelRights.manage(c, from.user()) != null) {
            LOG.info("channel {}: {} is not an operator here; {} refused", c.name, from.name(), flag.give);
            return false;
        }
        Set<User> targets = new LinkedHashSet<>();
        for (String nick : f.subList(1, Math.min(end, 1 + ChannelModeration.MAX_FLAG_NICKS))) {
            User t = core.user(nick);
            if (t != null && c.members.contains(t)) {
                targets.add(t);
            }
        }
        List<User> changed = moderation.changeFlag(c, from.by(), from.user(), targets, flag, give);
        if (flag == ChannelModeration.Flag.OP && !changed.isEmpty()) {
            channels.persist(c);
        }
        moderation.floodFlag(c, from.name(), changed, flag, give, peer);
        return false;
    }

    /** The sender, and the channel named first, if the sender may manage it here; else null. */
    private Channel managed(Sender from, List<String> f, String what) {
        if (from == null || f.isEmpty()) {
            return null;
        }
        Channel c = channel(f.get(0));
        if (c == null) {
            return null;
        }
        if (from.user() != null && ChannelRights.manage(c, from.user()) != null) {
            LOG.info("channel {}: {} may not manage it here; {} from another server refused", c.name, from.name(), what);
            return null;
        }
        return c;
    }

    // 10209 :<sender> <channel> +FLAG -FLAG ... [:<ts>] -> only the flags that change go on; REGISTERED
    // (and anything that is not a mode, such as the burst's :<ts>) is left alone
    private boolean mode(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        List<String> f = from == null ? List.of() : Fields.split(p.rest());
        Channel c = managed(from, f, "10209");
        if (c == null) {
            return false;
        }
        int on = 0;
        int off = 0;
        for (String w : f.subList(1, f.size())) {
            ChannelMode m = w.length() > 1 && (w.charAt(0) == '+' || w.charAt(0) == '-') ? ChannelMode.find(w.substring(1)) : null;
            if (m == null || m == ChannelMode.REGISTERED) {
                continue;
            }
            if (w.charAt(0) == '+') {
                on |= m.bit();
                off &= ~m.bit();
            } else {
                off |= m.bit();
                on &= ~m.bit();
            }
        }
        int before = c.modes;
        if (!moderation.changeModes(c, from.by(), from.user(), on, off).isEmpty()) {
            channels.persist(c);
        }
        moderation.floodModes(c, from.name(), before, peer);
        return false;
    }

    // 422/423 :<sender> <channel> <pattern> "<reason>" -> a ban already there (or one not there) is
    // not passed on; members are not kicked here: the banning server kicks them (829)
    private boolean ban(String peer, String data, boolean add) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        List<String> f = from == null ? List.of() : Fields.split(p.rest());
        Channel c = managed(from, f, add ? "422" : "423");
        if (c == null || f.size() < 2 || f.get(1).isEmpty()) {
            return false;
        }
        String pattern = ChannelBan.normalize(f.get(1));
        String reason = f.size() > 2 ? ChannelsFile.unquoted(f.get(2).replace('\r', ' ').replace('\n', ' ')) : "";
        ChannelBan existing = c.ban(pattern);
        if (add) {
            if (existing != null || pattern.indexOf(' ') >= 0) {
                return false;
            }
            c.bans.add(new ChannelBan(pattern, from.name(), reason, System.currentTimeMillis() / 1000));
            moderation.banned(c, from.by(), from.user(), pattern, reason);
        } else {
            if (existing == null) {
                return false;
            }
            c.bans.remove(existing);
            moderation.unbanned(c, from.by(), from.user(), existing.target(), reason);
        }
        channels.persist(c);
        moderation.floodBan(c, add ? MessageType.CHANNEL_BAN : MessageType.CHANNEL_UNBAN, from.name(), pattern, reason, peer);
        return false;
    }

    // 10213/10214 :<sender> <channel> <nick> "<reason>" [<ts> in the burst, not read] -> kept by
    // nick, as a local muzzle is, and passed on as opennap-ng does even when nothing changed here
    private boolean muzzle(String peer, String data, boolean on) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        List<String> f = from == null ? List.of() : Fields.split(p.rest());
        Channel c = managed(from, f, on ? "10213" : "10214");
        User target = f.size() < 2 ? null : core.user(f.get(1));
        if (c == null || target == null) {
            return false;
        }
        String reason = f.size() > 2 ? ChannelsFile.unquoted(f.get(2).replace('\r', ' ').replace('\n', ' ')) : "";
        boolean changed = on ? c.muzzled.put(target.key(), target.nick()) == null : c.muzzled.remove(target.key()) != null;
        if (changed) {
            moderation.muzzled(c, from.by(), from.user(), target, target.nick(), on, reason);
        }
        moderation.floodMuzzle(c, from.name(), target.nick(), on, reason, peer);
        return false;
    }

    // 823 :<sender> <channel> <Level> [<ts>] / 826 :<sender> <channel> <limit> [<ts>]
    // -> refused when the sender may not manage the channel here, or when our timestamp is set and
    // theirs is 0 or newer: then the sending server gets our value back, to take
    private boolean value(String peer, String data, MessageType type) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        List<String> f = from == null ? List.of() : Fields.split(p.rest());
        Channel c = f.size() < 2 ? null : channel(f.get(0));
        if (c == null) {
            return false;
        }
        boolean level = type == MessageType.SET_CHANNEL_LEVEL;
        Level newLevel = level ? Level.parse(f.get(1)) : null;
        int newLimit = level ? 0 : Fields.parseInt(f.get(1), -1, 65535);
        if (level ? newLevel == null || newLevel == c.level : newLimit < 0) {
            return false;
        }
        boolean desync = false;
        if (from.user() != null && ChannelRights.manage(c, from.user()) != null) {
            desync = true;
        } else if (f.size() > 2) {
            long ts = ChannelModeration.parseTs(f.get(2));
            if (c.ts > 0 && (ts == 0 || ts > c.ts)) {
                desync = true;
            } else {
                c.ts = ts;
            }
        }
        if (desync) {
            LOG.info("channel {}: {} from server {} refused; it gets our value back", c.name, type.code(), peer);
            core.network().sendTo(peer, type.code(), ":" + core.network().serverName() + " " + c.name + " "
                    + (level ? c.level.wireName() : Integer.toString(c.limit)) + " " + c.ts);
            return false;
        }
        if (level) {
            c.level = newLevel;
            moderation.levelSet(c, from.name(), from.user());
        } else {
            if (c.limit == newLimit) {
                return false;
            }
            c.limit = newLimit;
            moderation.limitSet(c, from.name(), from.user());
        }
        channels.persist(c);
        moderation.floodValue(c, type, from.name(), level ? newLevel.wireName() : Integer.toString(newLimit), peer);
        return false;
    }

    // 820 :<nick> <channel> [reason] (from a user only) -> as on opennap-ng, every server takes
    // every member but the sender out, without telling the others: local ones get 401 and a 404
    private boolean clear(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        if (from == null || from.user() == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest(), 2);
        Channel c = managed(from, f, "820");
        if (c == null) {
            return false;
        }
        String text = from.name() + " cleared channel " + c.name + (f.size() > 1 ? ": " + f.get(1) : "");
        channels.tellLocalOperators(c, text, Set.of(from.user()));
        for (User m : new ArrayList<>(c.members)) {
            if (m != from.user()) {
                if (m.local()) {
                    m.send(MessageType.PART, c.name);
                    m.notice(text);
                }
                channels.leave(c, m);
            }
        }
        return true;
    }

    // 10208 :<sender> <channel> <text> -> the channel's operators here
    private boolean messageOperators(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        List<String> f = from == null ? List.of() : Fields.split(p.rest(), 2);
        Channel c = managed(from, f, "10208");
        if (c == null || f.size() < 2) {
            return false;
        }
        moderation.toOperators(c, from.name(), from.user(), Channels.cut(f.get(1)));
        return true;
    }

    // 10210 :<nick> <channel> <nick> (an +INVITE channel; the sender a member or a Moderator and up)
    private boolean invite(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        if (from == null || from.user() == null) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        Channel c = f.size() < 2 ? null : channel(f.get(0));
        User target = c == null ? null : core.user(f.get(1));
        if (target == null || !c.has(ChannelMode.INVITE) || ChannelRights.invite(c, from.user()) != null
                || c.members.contains(target) || c.invited.contains(target)) {
            return false;
        }
        c.invited.add(target);
        channels.withInvitations.add(c);
        moderation.invited(c, from.user(), target);
        return true;
    }

    // 424 :<nick> <channel> (from a user only)
    private boolean clearBans(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        Sender from = sender(p);
        if (from == null || from.user() == null) {
            return false;
        }
        Channel c = managed(from, Fields.split(p.rest()), "424");
        if (c == null || c.bans.isEmpty()) {
            return false;
        }
        moderation.clearedBans(c, from.by(), from.user());
        return true;
    }

    /**
     * A new link's burst, after each member's 400: their operator status and voice, with the
     * channel's timestamp unless it has none yet (a ":0" would deop every operator over there), and
     * their channel muzzle ({@link Channels} sends the joins).
     */
    void burstMember(Burst b, Channel c, User m) {
        String us = core.network().serverName();
        if (c.isOperator(m)) {
            b.send(MessageType.SET_CHANNEL_OP.code(), ":" + us + " " + c.name + " " + m.nick() + (c.ts > 0 ? " :" + c.ts : ""));
        }
        if (c.voiced.contains(m)) {
            b.send(MessageType.CHANNEL_VOICE.code(), ":" + us + " " + c.name + " " + m.nick() + (c.ts > 0 ? " :" + c.ts : ""));
        }
        if (c.muzzled.containsKey(m.key())) {
            b.send(MessageType.CHANNEL_MUZZLE.code(), ":" + us + " " + c.name + " " + m.nick() + " \"\" " + c.ts);
        }
    }

    /** What a new link's burst says of a channel after its members. */
    void burstChannel(Burst b, Channel c) {
        String us = core.network().serverName();
        if (c.level != Level.USER) {
            b.send(MessageType.SET_CHANNEL_LEVEL.code(), ":" + us + " " + c.name + " " + c.level.wireName() + " " + c.ts);
        }
        if (c.limit > 0) {
            b.send(MessageType.CHANNEL_LIMIT.code(), ":" + us + " " + c.name + " " + c.limit + " " + c.ts);
        }
        int modes = c.modes & ~ChannelMode.REGISTERED.bit();
        if (modes != 0) {
            b.send(MessageType.CHANNEL_MODE.code(), ":" + us + " " + c.name + " " + ChannelMode.describe(modes) + " :" + c.ts);
        }
        for (ChannelBan ban : c.bans) {
            b.send(MessageType.CHANNEL_BAN.code(), ":" + us + " " + c.name + " " + ban.target() + " "
                    + Fields.quote(ban.reason().replace('"', '\'')));
        }
    }
}
