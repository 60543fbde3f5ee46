package org.opennapj.server.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Permissions;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;

/**
 * Channel moderation: operators and voice (10204-10206, 10211, 10212), per-channel muzzles
 * (10213, 10214), kicks (829), bans (420-424), clearing (820), level and limit (823, 826), modes
 * (10209), dropping a permanent channel (10207), messages to the operators (10208) and
 * invitations (430-432, 10210). Who may do what is {@link ChannelRights}; every refusal is one
 * 404 "... failed: reason" and changes nothing. The sender of a command always gets one 404
 * answer; the channel's operators and the Moderators and up among its members are told of
 * changes with a 404 (as opennap-ng does), and a user acted on is told personally.
 */
final class ChannelModeration {

    /** Longest reason kept for a kick, ban or muzzle. */
    private static final int MAX_REASON = 128;
    /** Longest ban pattern. */
    private static final int MAX_PATTERN = 64;

    private final Channels channels;
    private final ServerCore core;

    ChannelModeration(Channels channels) {
        this.channels = channels;
        this.core = channels.core;
        core.on(MessageType.CHANNEL_BAN_LIST, false, this::banList);
        core.on(MessageType.CHANNEL_BAN, false, this::ban);
        core.on(MessageType.CHANNEL_UNBAN, false, this::unban);
        core.on(MessageType.CHANNEL_BAN_CLEAR, false, this::clearBans);
        core.on(MessageType.INVITE, false, this::invite);
        core.on(MessageType.INVITE_ACCEPTED, false, this::inviteAccepted);
        core.on(MessageType.INVITE_DECLINED, false, this::inviteDeclined);
        core.on(MessageType.CLEAR_CHANNEL, false, this::clear);
        core.on(MessageType.SET_CHANNEL_LEVEL, false, this::level);
        core.on(MessageType.CHANNEL_LIMIT, false, this::limit);
        core.on(MessageType.KICK, false, this::kick);
        core.on(MessageType.SET_CHANNEL_OP, false, (s, d) -> flag(s, d, Flag.OP, true));
        core.on(MessageType.REMOVE_CHANNEL_OP, false, (s, d) -> flag(s, d, Flag.OP, false));
        core.on(MessageType.CHANNEL_OP_LIST, false, this::operatorList);
        core.on(MessageType.DROP_CHANNEL, Level.MODERATOR, this::drop);
        core.on(MessageType.CHANNEL_OPS_MESSAGE, false, this::messageOperators);
        core.on(MessageType.CHANNEL_MODE, false, this::mode);
        core.on(MessageType.CHANNEL_INVITE, false, this::channelInvite);
        core.on(MessageType.CHANNEL_VOICE, false, (s, d) -> flag(s, d, Flag.VOICE, true));
        core.on(MessageType.CHANNEL_UNVOICE, false, (s, d) -> flag(s, d, Flag.VOICE, false));
        core.on(MessageType.CHANNEL_MUZZLE, false, (s, d) -> muzzle(s, d, true));
        core.on(MessageType.CHANNEL_UNMUZZLE, false, (s, d) -> muzzle(s, d, false));
    }

    /** A channel timestamp from another server (an unsigned 32-bit number there); 0 if unreadable. */
    static long parseTs(String s) {
        try {
            return Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String reason(List<String> f, int from) {
        if (f.size() <= from) {
            return "";
        }
        String r = String.join(" ", f.subList(from, f.size())).replace('\r', ' ').replace('\n', ' ');
        return ChannelsFile.unquoted(r.length() > MAX_REASON ? r.substring(0, MAX_REASON) : r);
    }

    private static String withReason(String text, String reason) {
        return reason.isEmpty() ? text : text + ": " + reason;
    }

    /** Sends 205 lines from "ChanServ", as opennap-ng answers list requests. */
    private static void chanServ(Session s, String text) {
        s.send(MessageType.PRIVATE_MESSAGE, "ChanServ " + text);
    }

    // ---------------------------------------------------------------- bans

    // 420 channel ban list: <channel> -> 421 <pattern> <set-by> "<reason>" <time> 0 per ban, then 420 <channel>
    private void banList(Session s, String data) throws MalformedFieldsException {
        Channel c = channels.existing(s, Fields.first(data, "a channel name"), "channel ban list");
        if (c == null) {
            return;
        }
        for (ChannelBan b : c.bans) {
            s.send(MessageType.CHANNEL_BAN_ENTRY, Fields.join(b.target(), b.setBy(), Fields.quote(b.reason()), b.when(), 0));
        }
        s.send(MessageType.CHANNEL_BAN_LIST, c.name);
    }

    // 422 channel ban: <channel> <nick|address|nick!address pattern> ["<reason>"]
    // -> the members it covers are kicked (401 and a 404), the operators told, a 404 to the sender
    private void ban(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel ban", "<channel> <nick or address> [\"reason\"]", false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel ban failed: " + no);
            return;
        }
        String pattern = ChannelBan.normalize(f.get(1));
        if (pattern.length() > MAX_PATTERN || pattern.indexOf(' ') >= 0 || pattern.indexOf('"') >= 0) {
            s.error("channel ban failed: a ban is a nick, an address or a nick!address pattern of at most "
                    + MAX_PATTERN + " characters without spaces or quotes");
            return;
        }
        if (c.ban(pattern) != null) {
            s.error("channel ban failed: " + pattern + " is already banned from " + c.name);
            return;
        }
        if (c.bans.size() >= Channel.MAX_BANS) {
            s.error("channel ban failed: channel " + c.name + " already has " + Channel.MAX_BANS + " bans");
            return;
        }
        String reason = reason(f, 2);
        ChannelBan ban = new ChannelBan(pattern, actor.nick(), reason, System.currentTimeMillis() / 1000);
        String exact = ban.exactNick();
        User named = exact == null ? null : core.user(exact);
        if (named != null && named != actor) {
            no = ChannelRights.actOn(c, actor, named);
            if (no != null) {
                s.error("channel ban failed: " + no);
                return;
            }
        }
        List<User> covered = new ArrayList<>();
        for (User m : c.members) {
            if (m != actor && ban.covers(m.nick(), m.ip()) && ChannelRights.actOn(c, actor, m) == null) {
                covered.add(m);
            }
        }
        c.bans.add(ban);
        channels.persist(c);
        floodBan(c, MessageType.CHANNEL_BAN, actor.nick(), pattern, reason, null);
        for (User m : covered) {
            channels.throwOut(c, m, withReason("You were kicked from channel " + c.name + " by " + actor.nick()
                    + " (banned)", reason));
        }
        StringJoiner kicked = new StringJoiner(", ", " (kicked ", ")").setEmptyValue("");
        covered.forEach(m -> kicked.add(m.nick()));
        String text = withReason(actor.nick() + " banned " + pattern + " from " + c.name + kicked, reason);
        channels.tellLocalOperators(c, text, Set.of(actor));
        actor.notice(text);
    }

    // 423 channel unban: <channel> <nick|address|pattern> ["<reason>"]
    private void unban(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel unban", "<channel> <nick or address> [\"reason\"]", false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel unban failed: " + no);
            return;
        }
        String pattern = ChannelBan.normalize(f.get(1));
        ChannelBan b = c.ban(pattern);
        if (b == null) {
            s.error("channel unban failed: " + pattern + " is not banned from " + c.name);
            return;
        }
        c.bans.remove(b);
        channels.persist(c);
        String reason = reason(f, 2);
        actor.notice(unbanned(c, actor.nick(), actor, b.target(), reason));
        floodBan(c, MessageType.CHANNEL_UNBAN, actor.nick(), b.target(), reason, null);
    }

    /** Tells a channel's local operators (but {@code actor}) of a new ban; returns the text. */
    String banned(Channel c, String by, User actor, String pattern, String reason) {
        String text = withReason(by + " banned " + pattern + " from " + c.name, reason);
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** Tells a channel's local operators (but {@code actor}) of a lifted ban; returns the text. */
    String unbanned(Channel c, String by, User actor, String pattern, String reason) {
        String text = withReason(by + " unbanned " + pattern + " from " + c.name, reason);
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** {@code 422|423 :<sender> <channel> <pattern> "<reason>"} to the other servers (but {@code arrivedFrom}). */
    void floodBan(Channel c, MessageType type, String sender, String pattern, String reason, String arrivedFrom) {
        if (Channels.networked(c)) {
            core.network().floodExcept(type.code(), ":" + sender + " " + c.name + " " + pattern + " "
                    + Fields.quote(reason.replace('"', '\'')), arrivedFrom);
        }
    }

    // 424 channel ban clear: <channel>
    private void clearBans(Session s, String data) throws MalformedFieldsException {
        User actor = s.user();
        Channel c = channels.existing(s, Fields.first(data, "a channel name"), "channel ban clear");
        if (c == null) {
            return;
        }
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel ban clear failed: " + no);
            return;
        }
        if (c.bans.isEmpty()) {
            s.error("channel ban clear failed: channel " + c.name + " has no bans");
            return;
        }
        actor.notice(clearedBans(c, actor.nick(), actor));
        if (Channels.networked(c)) {
            core.network().flood(MessageType.CHANNEL_BAN_CLEAR.code(), ":" + actor.nick() + " " + c.name);
        }
    }

    /** Clears a channel's bans and tells its local operators (but {@code actor}); returns the text. */
    String clearedBans(Channel c, String by, User actor) {
        int n = c.bans.size();
        c.bans.clear();
        channels.persist(c);
        String text = by + " cleared the ban list of " + c.name + " (" + n + (n == 1 ? " ban)" : " bans)");
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** A channel command's fields, and the existing channel its first field names. */
    private record ChannelRequest(List<String> fields, Channel channel) {
    }

    /**
     * Splits a channel command and finds the channel its first field names; null once the sender
     * has been told why not: "{@code what} failed: a channel name is required" (no {@code usage}),
     * "{@code what} failed: expected {@code usage}" (a command of two fields without its second), or
     * that there is no such channel. With {@code text} the second field is the rest of the line (a
     * message), and may not be blank.
     */
    private ChannelRequest request(Session s, String data, String what, String usage, boolean text)
            throws MalformedFieldsException {
        List<String> f = text ? Fields.split(data, 2) : Fields.split(data);
        if (usage == null ? f.isEmpty() || f.get(0).isEmpty()
                : f.size() < 2 || (text ? f.get(1).isBlank() : f.get(1).isEmpty())) {
            s.error(what + " failed: " + (usage == null ? "a channel name is required" : "expected " + usage));
            return null;
        }
        Channel c = channels.existing(s, f.get(0), what);
        return c == null ? null : new ChannelRequest(f, c);
    }

    // ---------------------------------------------------------------- kick and clear

    // 829 kick user from channel: <channel> <nick> ["<reason>"]
    // -> the user gets 401 <channel> and a 404, the others 407, the operators a 404, the sender a 404
    private void kick(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel kick", "<channel> <nick> [\"reason\"]", false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel kick failed: " + no);
            return;
        }
        User target = core.user(f.get(1));
        if (target == null || !c.members.contains(target)) {
            s.error("channel kick failed: " + f.get(1) + " is not in channel " + c.name);
            return;
        }
        no = ChannelRights.actOn(c, actor, target);
        if (no != null) {
            s.error("channel kick failed: " + no);
            return;
        }
        String reason = reason(f, 2);
        channels.throwOut(c, target, withReason("You were kicked from channel " + c.name + " by " + actor.nick(), reason));
        String text = withReason(actor.nick() + " kicked " + target.nick() + " out of channel " + c.name, reason);
        channels.tellOperators(c, text, Set.of(actor));
        actor.notice(text);
    }

    // 820 clear channel: <channel> ["<reason>"] -> every member the sender may act on leaves the
    // channel (401 and a 404 each); those it may not stay, and the sender's answer names them
    private void clear(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel clear", null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel clear failed: " + no);
            return;
        }
        String reason = reason(f, 1);
        List<User> out = new ArrayList<>();
        StringJoiner stayed = new StringJoiner(", ", "; staying: ", "").setEmptyValue("");
        for (User m : c.members) {
            if (m == actor) {
                continue;
            }
            if (ChannelRights.actOn(c, actor, m) == null) {
                out.add(m);
            } else {
                stayed.add(m.nick() + " (" + Permissions.article(m.level()) + ")");
            }
        }
        String text = withReason(actor.nick() + " cleared channel " + c.name, reason);
        for (User m : out) {
            channels.throwOut(c, m, text);
        }
        channels.tellOperators(c, text, Set.of(actor));
        actor.notice(text + " (" + out.size() + (out.size() == 1 ? " user removed" : " users removed") + stayed + ")");
    }

    // ---------------------------------------------------------------- level, limit, mode, drop

    // 823 set channel level: <channel> [level] -> without a level, a 404 naming it
    private void level(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel level", null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (f.size() == 1) {
            actor.notice("Channel " + c.name + " is level " + c.level.wireName());
            return;
        }
        Level level = Level.parse(f.get(1));
        if (level == null) {
            s.error("channel level failed: unknown level " + f.get(1) + " (Leech, User, Moderator, Admin or Elite)");
            return;
        }
        String no = ChannelRights.setLevel(c, actor, level);
        if (no != null) {
            s.error("channel level failed: " + no);
            return;
        }
        if (c.level == level) {
            actor.notice("Channel " + c.name + " is already level " + level.wireName());
            return;
        }
        c.level = level;
        channels.persist(c);
        actor.notice(levelSet(c, actor.nick(), actor));
        floodValue(c, MessageType.SET_CHANNEL_LEVEL, actor.nick(), level.wireName(), null);
    }

    /** Tells a channel's local operators (but {@code actor}) its new level; returns the text. */
    String levelSet(Channel c, String by, User actor) {
        String text = by + " set channel " + c.name + " to level " + c.level.wireName();
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** Tells a channel's local operators (but {@code actor}) its new limit; returns the text. */
    String limitSet(Channel c, String by, User actor) {
        String text = by + " set limit on channel " + c.name + " to " + c.limit;
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** {@code 823|826 :<sender> <channel> <value> <ts>} to the other servers (but {@code arrivedFrom}). */
    void floodValue(Channel c, MessageType type, String sender, String value, String arrivedFrom) {
        if (Channels.networked(c)) {
            core.network().floodExcept(type.code(), ":" + sender + " " + c.name + " " + value + " " + c.ts, arrivedFrom);
        }
    }

    // 826 channel limit: <channel> [limit 0..65535, 0 = none] -> without a limit, a 404 naming it
    private void limit(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel limit", null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (f.size() == 1) {
            actor.notice("Channel " + c.name + " has limit " + c.limit);
            return;
        }
        int limit = Fields.parseInt(f.get(1), 0, 65535);
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error("channel limit failed: " + no);
            return;
        }
        if (c.limit == limit) {
            actor.notice("Channel " + c.name + " already has limit " + limit);
            return;
        }
        c.limit = limit;
        channels.persist(c);
        actor.notice(limitSet(c, actor.nick(), actor));
        floodValue(c, MessageType.CHANNEL_LIMIT, actor.nick(), Integer.toString(limit), null);
    }

    // 10209 change channel mode: <channel> [+MODE|-MODE ...] -> without modes, a 404
    // "mode for channel <channel> +MODE ..."; with modes, the operators and the sender are told what changed
    private void mode(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel mode", null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (f.size() == 1) {
            actor.notice(describeMode(c));
            return;
        }
        int on = 0;
        int off = 0;
        for (String w : f.subList(1, f.size())) {
            ChannelMode m = w.length() > 1 && (w.charAt(0) == '+' || w.charAt(0) == '-') ? ChannelMode.find(w.substring(1)) : null;
            if (m == null) {
                s.error("channel mode failed: invalid mode '" + w + "': use +NAME or -NAME with PRIVATE, MODERATED, INVITE, TOPIC or REGISTERED");
                return;
            }
            String no = ChannelRights.changeMode(c, actor, m);
            if (no != null) {
                s.error("channel mode failed: " + no);
                return;
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
        String changes = changeModes(c, actor.nick(), actor, on, off);
        if (changes.isEmpty()) {
            actor.notice("channel mode: nothing changed; " + describeMode(c));
            return;
        }
        actor.notice(actor.nick() + " changed mode on channel " + c.name + ": " + changes);
        int cleared = before & ~c.modes;
        if ((cleared & ChannelMode.REGISTERED.bit()) != 0) {
            unregister(c);
        } else {
            channels.queueSave();
        }
        floodModes(c, actor.nick(), before, null);
    }

    /**
     * Sets and clears modes, telling the channel's local operators (but {@code actor}) what changed;
     * returns the changes as {@code +NAME -NAME} words, empty when nothing changed.
     */
    String changeModes(Channel c, String by, User actor, int on, int off) {
        int before = c.modes;
        int after = (before | on) & ~off;
        String changes = modeChanges(before, after, ~0);
        if (changes.isEmpty()) {
            return changes;
        }
        c.modes = after;
        Set<User> skip = new LinkedHashSet<>();
        if (actor != null) {
            skip.add(actor);
        }
        channels.tellLocalOperators(c, by + " changed mode on channel " + c.name + ": " + changes, skip);
        return changes;
    }

    /** The {@code +NAME}/{@code -NAME} words for the modes among {@code mask} that differ from before to after. */
    static String modeChanges(int before, int after, int mask) {
        int set = after & ~before & mask;
        int cleared = before & ~after & mask;
        StringJoiner changes = new StringJoiner(" ");
        for (ChannelMode m : ChannelMode.values()) {
            if ((set & m.bit()) != 0) {
                changes.add("+" + m.name());
            } else if ((cleared & m.bit()) != 0) {
                changes.add("-" + m.name());
            }
        }
        return changes.toString();
    }

    /**
     * {@code 10209 :<sender> <channel> +FLAG -FLAG ...} to the other servers (but {@code arrivedFrom}):
     * the flags that changed since {@code before}, REGISTERED aside (each server's own).
     */
    void floodModes(Channel c, String sender, int before, String arrivedFrom) {
        String changes = modeChanges(before, c.modes, ~ChannelMode.REGISTERED.bit());
        if (Channels.networked(c) && !changes.isEmpty()) {
            core.network().floodExcept(MessageType.CHANNEL_MODE.code(), ":" + sender + " " + c.name + " " + changes,
                    arrivedFrom);
        }
    }

    private static String describeMode(Channel c) {
        String modes = ChannelMode.describe(c.modes);
        return "mode for channel " + c.name + (modes.isEmpty() ? "" : " " + modes);
    }

    /** A channel stopped being permanent: absent operators are forgotten, an empty channel goes, the file is rewritten. */
    private void unregister(Channel c) {
        c.operators.keySet().removeIf(k -> {
            User u = core.user(k);
            return u == null || !c.members.contains(u);
        });
        if (c.members.isEmpty()) {
            channels.remove(c);
        }
        channels.queueSave();
    }

    // 10207 drop channel: <channel> ["<reason>"] (Moderators and up) -> the channel is no longer
    // permanent (as 10209 -REGISTERED): it leaves the channels file and goes with its last member
    private void drop(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel drop", null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (!c.permanent()) {
            s.error("channel drop failed: channel " + c.name + " is not permanent");
            return;
        }
        c.modes &= ~ChannelMode.REGISTERED.bit();
        String text = withReason(actor.nick() + " dropped channel " + c.name + " (no longer permanent)", reason(f, 1));
        channels.tellOperators(c, text, Set.of(actor));
        actor.notice(text);
        unregister(c);
    }

    // ---------------------------------------------------------------- operators, voice, muzzle

    enum Flag {
        OP("op", "opped", "deop", "deopped", "an operator"),
        VOICE("voice", "voiced", "devoice", "devoiced", "voiced");

        final String give;
        final String given;
        final String take;
        final String taken;
        final String state;

        Flag(String give, String given, String take, String taken, String state) {
            this.give = give;
            this.given = given;
            this.take = take;
            this.taken = taken;
            this.state = state;
        }

        int code(boolean give) {
            if (this == OP) {
                return (give ? MessageType.SET_CHANNEL_OP : MessageType.REMOVE_CHANNEL_OP).code();
            }
            return (give ? MessageType.CHANNEL_VOICE : MessageType.CHANNEL_UNVOICE).code();
        }
    }

    static boolean has(Channel c, User u, Flag flag) {
        return flag == Flag.OP ? c.operators.containsKey(u.key()) : c.voiced.contains(u);
    }

    // 10204 set channel op / 10205 remove channel op / 10211 voice / 10212 devoice: <channel> [nick ...]
    // -> with nicks, each must be a member and (to take the flag away) one the sender may act on,
    // else nothing changes; without nicks, a 205 list from ChanServ of the members holding it
    private void flag(Session s, String data, Flag flag, boolean give) throws MalformedFieldsException {
        String what = "channel " + (give ? flag.give : flag.take);
        ChannelRequest r = request(s, data, what, null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (f.size() == 1) {
            chanServ(s, (flag == Flag.OP ? "operators" : "voiced members") + " of channel " + c.name + ":");
            for (User m : c.members) {
                if (has(c, m, flag)) {
                    chanServ(s, m.nick());
                }
            }
            return;
        }
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error(what + " failed: " + no);
            return;
        }
        if (flag == Flag.OP && !give && f.size() == 2 && absentOperator(c, f.get(1))) {
            deopAbsent(s, c, f.get(1));
            return;
        }
        Set<User> targets = new LinkedHashSet<>();
        for (String nick : f.subList(1, f.size())) {
            User t = core.user(nick);
            if (t == null || !c.members.contains(t)) {
                s.error(what + " failed: " + nick + " is not in channel " + c.name);
                return;
            }
            if (!give && (no = ChannelRights.actOn(c, actor, t)) != null) {
                s.error(what + " failed: " + no);
                return;
            }
            targets.add(t);
        }
        List<User> changed = changeFlag(c, actor.nick(), actor, targets, flag, give);
        if (changed.isEmpty()) {
            StringJoiner unchanged = new StringJoiner(", ");
            targets.forEach(t -> unchanged.add(t.nick()));
            actor.notice(what + ": " + unchanged + (targets.size() == 1 ? " is " : " are ") + (give ? "already " : "not ")
                    + flag.state + " on channel " + c.name);
            return;
        }
        if (flag == Flag.OP) {
            channels.persist(c);
        }
        actor.notice(flagText(actor.nick(), c, changed, flag, give));
        floodFlag(c, actor.nick(), changed, flag, give);
    }

    /**
     * Gives or takes a flag from those of {@code targets} that change, telling the local ones and
     * the channel's local operators (except {@code actor}, answered by its caller); returns who changed.
     * {@code by} is the actor's nick, or "Server name" when another server did it.
     */
    List<User> changeFlag(Channel c, String by, User actor, Collection<User> targets, Flag flag, boolean give) {
        List<User> changed = new ArrayList<>();
        for (User t : targets) {
            if (has(c, t, flag) == give) {
                continue;
            }
            if (flag == Flag.OP && give) {
                c.operators.put(t.key(), t.nick());
            } else if (flag == Flag.OP) {
                c.operators.remove(t.key());
            } else if (give) {
                c.voiced.add(t);
            } else {
                c.voiced.remove(t);
            }
            changed.add(t);
        }
        if (changed.isEmpty()) {
            return changed;
        }
        String done = give ? flag.given : flag.taken;
        for (User t : changed) {
            if (t != actor && t.local()) {
                t.notice(by + " " + done + " you on channel " + c.name);
            }
        }
        Set<User> skip = new LinkedHashSet<>(changed);
        if (actor != null) {
            skip.add(actor);
        }
        channels.tellLocalOperators(c, flagText(by, c, changed, flag, give), skip);
        return changed;
    }

    private static String flagText(String by, Channel c, List<User> changed, Flag flag, boolean give) {
        StringJoiner names = new StringJoiner(", ");
        changed.forEach(t -> names.add(t.nick()));
        return by + " " + (give ? flag.given : flag.taken) + " " + names + " on channel " + c.name;
    }

    /** {@code <10204|10205|10211|10212> :<sender> <channel> <nick> [nick...] :<ts>} to the other servers (but {@code arrivedFrom}). */
    void floodFlag(Channel c, String sender, List<User> changed, Flag flag, boolean give) {
        floodFlag(c, sender, changed, flag, give, null);
    }

    void floodFlag(Channel c, String sender, List<User> changed, Flag flag, boolean give, String arrivedFrom) {
        if (!Channels.networked(c)) {
            return;
        }
        // opennap-ng reads at most 6 nicks and then the timestamp; a channel with no timestamp
        // yet sends none (a ":0" would be older than any other server's and deop all their operators)
        for (int i = 0; i < changed.size(); i += MAX_FLAG_NICKS) {
            StringJoiner nicks = new StringJoiner(" ");
            changed.subList(i, Math.min(changed.size(), i + MAX_FLAG_NICKS)).forEach(t -> nicks.add(t.nick()));
            core.network().floodExcept(flag.code(give), ":" + sender + " " + c.name + " " + nicks
                    + (c.ts > 0 ? " :" + c.ts : ""), arrivedFrom);
        }
    }

    /** Most nicks in one 10204/10205/10211/10212 between servers, as opennap-ng reads them. */
    static final int MAX_FLAG_NICKS = 6;

    /** Whether {@code nick} is one of a permanent channel's operators and not in the channel now. */
    private boolean absentOperator(Channel c, String nick) {
        User u = core.user(nick);
        return c.operators.containsKey(User.key(nick)) && (u == null || !c.members.contains(u));
    }

    /**
     * Takes operator status from a permanent channel's operator who is away: Moderators and up only
     * (the nick's level is not known while it is away, so channel operators may not).
     */
    private void deopAbsent(Session s, Channel c, String nick) {
        User actor = s.user();
        if (!ChannelRights.privileged(actor)) {
            s.error("channel deop failed: " + nick + " is not in channel " + c.name
                    + "; only moderators and up may take operator status from someone away");
            return;
        }
        String name = c.operators.remove(User.key(nick));
        channels.persist(c);
        String text = actor.nick() + " deopped " + name + " on channel " + c.name;
        channels.tellOperators(c, text, Set.of(actor));
        actor.notice(text);
    }

    // 10206 channel op list: <channel> -> a 205 list from ChanServ of the channel's operators,
    // including a permanent channel's registered operators who are away
    private void operatorList(Session s, String data) throws MalformedFieldsException {
        Channel c = channels.existing(s, Fields.first(data, "a channel name"), "channel op list");
        if (c == null) {
            return;
        }
        chanServ(s, "operators of channel " + c.name + ":");
        for (Map.Entry<String, String> op : c.operators.entrySet()) {
            User u = core.user(op.getKey());
            chanServ(s, op.getValue() + (u != null && c.members.contains(u) ? "" : " (away)"));
        }
    }

    // 10213 channel muzzle / 10214 channel unmuzzle: <channel> <nick> ["<reason>"]
    // -> a muzzled member may not speak in the channel, also after leaving and coming back, until
    // unmuzzled; without a nick, a 205 list from ChanServ of the muzzled nicks
    private void muzzle(Session s, String data, boolean muzzle) throws MalformedFieldsException {
        String what = "channel " + (muzzle ? "muzzle" : "unmuzzle");
        ChannelRequest r = request(s, data, what, null, false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (f.size() == 1) {
            chanServ(s, "muzzled on channel " + c.name + ":");
            for (String nick : c.muzzled.values()) {
                chanServ(s, nick);
            }
            return;
        }
        String no = ChannelRights.manage(c, actor);
        if (no != null) {
            s.error(what + " failed: " + no);
            return;
        }
        String nick = f.get(1);
        String reason = reason(f, 2);
        User target = core.user(nick);
        if (muzzle) {
            if (target == null || !c.members.contains(target)) {
                s.error(what + " failed: " + nick + " is not in channel " + c.name);
                return;
            }
            no = ChannelRights.actOn(c, actor, target);
            if (no != null) {
                s.error(what + " failed: " + no);
                return;
            }
            if (c.muzzled.containsKey(target.key())) {
                actor.notice(what + ": " + target.nick() + " is already muzzled on channel " + c.name);
                return;
            }
            c.muzzled.put(target.key(), target.nick());
        } else {
            String name = c.muzzled.remove(User.key(nick));
            if (name == null) {
                s.error(what + " failed: " + nick + " is not muzzled on channel " + c.name);
                return;
            }
            nick = name;
        }
        actor.notice(muzzled(c, actor.nick(), actor, target, nick, muzzle, reason));
        floodMuzzle(c, actor.nick(), nick, muzzle, reason, null);
    }

    /**
     * Tells a channel muzzle or unmuzzle to its target, if a local member, and to the channel's
     * local operators (but {@code actor}); returns the text.
     */
    String muzzled(Channel c, String by, User actor, User target, String nick, boolean muzzle, String reason) {
        String done = muzzle ? "muzzled" : "unmuzzled";
        if (target != null && target != actor && target.local() && c.members.contains(target)) {
            target.notice(withReason(by + " " + done + " you on channel " + c.name, reason));
        }
        String text = withReason(by + " " + done + " " + nick + " on channel " + c.name, reason);
        Set<User> skip = new LinkedHashSet<>();
        if (actor != null) {
            skip.add(actor);
        }
        if (target != null) {
            skip.add(target);
        }
        channels.tellLocalOperators(c, text, skip);
        return text;
    }

    /** {@code 10213|10214 :<sender> <channel> <nick> "<reason>"} to the other servers (but {@code arrivedFrom}). */
    void floodMuzzle(Channel c, String sender, String nick, boolean muzzle, String reason, String arrivedFrom) {
        if (Channels.networked(c)) {
            core.network().floodExcept((muzzle ? MessageType.CHANNEL_MUZZLE : MessageType.CHANNEL_UNMUZZLE).code(),
                    ":" + sender + " " + c.name + " " + nick + " " + Fields.quote(reason.replace('"', '\'')), arrivedFrom);
        }
    }

    // ---------------------------------------------------------------- operators' messages and invitations

    // 10208 send message to channel ops: <channel> <message> -> a 404 "<nick> [ops/<channel>]: <message>"
    // to the channel's operators and the Moderators and up in it, and to the sender
    private void messageOperators(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel wallop", "<channel> <message>", true);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        String no = ChannelRights.messageOperators(c, actor);
        if (no != null) {
            s.error("channel wallop failed: " + no);
            return;
        }
        actor.notice(toOperators(c, actor.nick(), actor, Channels.cut(f.get(1))));
        if (Channels.networked(c)) {
            core.network().flood(MessageType.CHANNEL_OPS_MESSAGE.code(), ":" + actor.nick() + " " + c.name + " "
                    + Channels.cut(f.get(1)));
        }
    }

    /** A message to a channel's local operators (but {@code actor}); returns the text. */
    String toOperators(Channel c, String by, User actor, String message) {
        String text = by + " [ops/" + c.name + "]: " + message;
        channels.tellLocalOperators(c, text, actor == null ? Set.of() : Set.of(actor));
        return text;
    }

    /** Records an invitation; returns the refusal, or null when {@code target} is invited. */
    private String invitation(Channel c, User actor, String nick) {
        String no = ChannelRights.invite(c, actor);
        if (no != null) {
            return no;
        }
        User target = core.user(nick);
        if (target == null) {
            return "user " + nick + " is not currently online";
        }
        if (c.members.contains(target)) {
            return target.nick() + " is already in channel " + c.name;
        }
        c.invited.add(target);
        channels.withInvitations.add(c);
        return null;
    }

    // 10210 invite user to a channel: <channel> <nick> (the channel must be +INVITE; members and
    // Moderators and up may invite) -> the invited user gets a 404, the operators too, the sender a 404
    private void channelInvite(Session s, String data) throws MalformedFieldsException {
        ChannelRequest r = request(s, data, "channel invite", "<channel> <nick>", false);
        if (r == null) {
            return;
        }
        List<String> f = r.fields();
        Channel c = r.channel();
        User actor = s.user();
        if (!c.has(ChannelMode.INVITE)) {
            s.error("channel invite failed: channel " + c.name + " is not invite only");
            return;
        }
        String no = invitation(c, actor, f.get(1));
        if (no != null) {
            s.error("channel invite failed: " + no);
            return;
        }
        User target = core.user(f.get(1));
        actor.notice(invited(c, actor, target));
        if (Channels.networked(c)) {
            core.network().flood(MessageType.CHANNEL_INVITE.code(), ":" + actor.nick() + " " + c.name + " " + target.nick());
        }
    }

    /** Tells an invitation (10210) to its target, if local, and to the channel's local operators; returns the text. */
    String invited(Channel c, User actor, User target) {
        if (target.local()) {
            target.notice(actor.nick() + " invited you to channel " + c.name);
        }
        String text = actor.nick() + " invited " + target.nick() + " to channel " + c.name;
        Set<User> skip = new LinkedHashSet<>();
        skip.add(actor);
        skip.add(target);
        channels.tellLocalOperators(c, text, skip);
        return text;
    }

    // 430 invite a user: <nick> <channel> -> the invited user gets 430 <inviter> <channel> "<topic>" 0 <text>
    // and answers 431 (accept: joins) or 432 (decline); the sender gets a 404
    private void invite(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            s.error("invite failed: expected <nick> <channel>");
            return;
        }
        User actor = s.user();
        Channel c = channels.existing(s, f.get(1), "invite");
        if (c == null) {
            return;
        }
        String no = invitation(c, actor, f.get(0));
        if (no != null) {
            s.error("invite failed: " + no);
            return;
        }
        User target = core.user(f.get(0));
        target.send(MessageType.INVITE, Fields.join(actor.nick(), c.name, Fields.quote(ChannelsFile.unquoted(c.topic)), 0,
                "Hello!"));
        String text = actor.nick() + " invited " + target.nick() + " to channel " + c.name;
        Set<User> skip = new LinkedHashSet<>();
        skip.add(actor);
        skip.add(target);
        channels.tellOperators(c, text, skip);
        actor.notice(text);
    }

    // 431 invitation accepted: <inviter> <channel> -> the user joins as with 400; the inviter gets a 404
    private void inviteAccepted(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            s.error("invitation accept failed: expected <inviter> <channel>");
            return;
        }
        Channel c = channels.existing(s, f.get(1), "invitation accept");
        if (c == null) {
            return;
        }
        if (!c.invited.contains(s.user())) {
            s.error("invitation accept failed: you are not invited to channel " + c.name);
            return;
        }
        User inviter = core.user(f.get(0));
        if (inviter != null) {
            inviter.notice(s.user().nick() + " accepted your invitation to channel " + c.name);
        }
        channels.join(s, c.name);
    }

    // 432 invitation declined: <inviter> <channel> ... (a copy of the 430) -> the invitation is
    // forgotten; the inviter and the sender get a 404
    private void inviteDeclined(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            s.error("invitation decline failed: expected <inviter> <channel>");
            return;
        }
        Channel c = channels.existing(s, f.get(1), "invitation decline");
        if (c == null) {
            return;
        }
        if (!c.invited.remove(s.user())) {
            s.error("invitation decline failed: you are not invited to channel " + c.name);
            return;
        }
        if (c.invited.isEmpty()) {
            channels.withInvitations.remove(c);
        }
        User inviter = core.user(f.get(0));
        if (inviter != null) {
            inviter.notice(s.user().nick() + " declined your invitation to channel " + c.name);
        }
        s.user().notice("you declined the invitation to channel " + c.name);
    }
}
