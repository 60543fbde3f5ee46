package org.opennapj.server.admin;

import java.util.List;
import java.util.function.Consumer;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Burst;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.User;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.Level;

/**
 * Server bans as Moderators set them: ban (612), unban (614) and the list (615 -> 616 entries and an
 * empty 615). A ban names a nick, an address or a {@code nick!address} glob pattern (see
 * {@link Bans}), with a reason and, optionally, a time in seconds after which it expires. As in
 * opennap-ng a ban refuses logins; it does not disconnect users already online (610 or 10122 do).
 * Bans are stored before the moderators are told; expired bans are removed once a second. The web
 * page's moderators use the public methods (core thread), which the numerics use too.
 */
public final class BanCommands {

    /** Longest ban accepted: ten years, in seconds. */
    private static final long MAX_TIMEOUT = 10L * 365 * 24 * 3600;

    private final ServerCore core;
    private final Bans bans;

    public BanCommands(ServerCore core, Bans bans) {
        this.core = core;
        this.bans = bans;
        core.on(MessageType.BAN, Level.MODERATOR, this::ban);
        core.on(MessageType.UNBAN, Level.MODERATOR, this::unban);
        core.on(MessageType.BAN_LIST, Level.MODERATOR, this::banList);
        core.everySecond(this::expire);
        core.onPeer(MessageType.BAN.code(), this::remoteBan);
        core.onPeer(MessageType.UNBAN.code(), this::remoteUnban);
        core.onBurst(this::burst);
    }

    // 612 ban user: <nick | ip | nick!ip> ["<reason>" [<seconds>]]
    private void ban(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick | ip> [\"<reason>\" [<seconds>]]");
        }
        long timeout = f.size() > 2 ? Fields.parseLong(f.get(2), 0, MAX_TIMEOUT) : 0;
        ban(s.user().nick(), f.get(0), f.size() > 1 ? f.get(1) : "", timeout, s::error);
    }

    /**
     * Bans a nick, an address or a {@code nick!address} pattern for {@code timeout} seconds (0: for
     * good) as the moderator {@code actor} (core thread); a refusal goes to {@code refused}.
     * Moderators are told once the ban is stored; the network learns it at once.
     */
    public void ban(String actor, String pattern, String why, long timeout, Consumer<String> refused) {
        String problem = Bans.problem(pattern);
        if (problem != null) {
            refused.accept("ban failed: " + problem);
            return;
        }
        if (timeout < 0 || timeout > MAX_TIMEOUT) {
            refused.accept("ban failed: a ban lasts at most " + MAX_TIMEOUT + " seconds");
            return;
        }
        String target = Bans.normalize(pattern);
        if (bans.get(target) != null) {
            refused.accept("ban failed: " + target + " is already banned");
            return;
        }
        String reason = Texts.reason(core, why);
        long now = System.currentTimeMillis() / 1000;
        Ban ban = new Ban(target, actor, reason, now, timeout > 0 ? now + timeout : 0);
        bans.add(ban, ok -> {
            String text = actor + " banned " + target + (timeout > 0 ? " for " + timeout + " seconds" : "") + ": " + reason;
            core.events().banEvent("ban", target, text);
            core.tellModerators(Notice.BAN, text);
        });
        core.network().flood(MessageType.BAN.code(), wire(actor, ban));
    }

    /** {@code :<sender> <target> "<reason>" <seconds> <set-time>}, as servers send a ban. */
    private static String wire(String sender, Ban b) {
        return ":" + sender + " " + b.target() + " " + Fields.quote(b.reason().replace('"', '\'')) + " " + b.timeout()
                + " " + b.created();
    }

    /** Whether a {@code :sender} from another server may set or lift bans: a Moderator there, or a server. */
    private boolean mayBan(String sender) {
        User u = core.user(sender);
        return u != null ? !u.local() && u.level().atLeast(Level.MODERATOR) : core.network().knownServer(sender);
    }

    // 612 from another server: :<sender> <target> "<reason>" <seconds> <set-time>
    private boolean remoteBan(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        if (p == null || !mayBan(p.sender())) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.isEmpty() || Bans.problem(f.get(0)) != null) {
            return false;
        }
        String target = Bans.normalize(f.get(0));
        if (bans.get(target) != null) {
            return false;   // known already (opennap-ng keeps the older one and does not pass it on)
        }
        String reason = f.size() > 1 ? f.get(1) : "";
        int max = core.config().integer("max_reason");
        if (max > 0 && reason.length() > max) {
            reason = reason.substring(0, max);
        }
        long now = System.currentTimeMillis() / 1000;
        long timeout = f.size() > 2 ? Math.max(0, Math.min(MAX_TIMEOUT, number(f.get(2), 0))) : 0;
        long created = f.size() > 3 ? number(f.get(3), now) : now;
        if (created <= 0 || created > now + 86400) {
            created = now;
        }
        Ban ban = new Ban(target, p.sender(), reason, created, timeout > 0 ? created + timeout : 0);
        if (ban.expired(now)) {
            return false;
        }
        String why = reason;
        bans.add(ban, ok -> {
            String text = p.sender() + " banned " + target + (timeout > 0 ? " for " + timeout + " seconds" : "") + ": " + why;
            core.events().banEvent("ban", target, text + " (from " + peer + ")");
            core.tellModerators(Notice.BAN, text);
        });
        return true;
    }

    // 614 from another server: :<sender> <target> ["<reason>"]
    private boolean remoteUnban(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        if (p == null || !mayBan(p.sender())) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.isEmpty() || bans.get(f.get(0)) == null) {
            return false;
        }
        Ban existing = bans.get(f.get(0));
        String target = Bans.shown(existing).target();
        String reason = f.size() > 1 ? f.get(1) : "";
        bans.remove(f.get(0), ok -> {
            core.events().banEvent("unban", target, p.sender() + " removed ban on " + target + ": " + reason + " (from " + peer + ")");
            core.tellModerators(Notice.BAN, p.sender() + " removed ban on " + target + ": " + reason);
        });
        return true;
    }

    private static long number(String s, long fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A new link learns every ban. */
    private void burst(Burst b) {
        String us = core.network().serverName();
        for (Ban ban : bans.list()) {
            b.send(MessageType.BAN.code(), wire(us, ban));
        }
    }

    // 614 unban user: <nick | ip | nick!ip> ["<reason>"]
    private void unban(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick | ip> [\"<reason>\"]");
        }
        unban(s.user().nick(), f.get(0), f.size() > 1 ? f.get(1) : "", s::error);
    }

    /** Lifts a ban as the moderator {@code actor} (core thread); a refusal goes to {@code refused}. */
    public void unban(String actor, String pattern, String why, Consumer<String> refused) {
        String reason = Texts.reason(core, why);
        Ban existing = bans.get(pattern);
        if (existing == null) {
            refused.accept("unban failed: there is no ban on " + Texts.shown(pattern));
            return;
        }
        String target = Bans.shown(existing).target();
        bans.remove(pattern, ok -> {
            core.events().banEvent("unban", target, actor + " removed ban on " + target + ": " + reason);
            core.tellModerators(Notice.BAN, actor + " removed ban on " + target + ": " + reason);
        });
        core.network().flood(MessageType.UNBAN.code(), ":" + actor + " " + existing.target() + " "
                + Fields.quote(reason.replace('"', '\'')));
    }

    // 615 show bans for server: (empty) -> 616 <target> <set by> "<reason>" <when> <seconds>, then 615 (empty)
    private void banList(Session s, String data) {
        for (Ban b : bans.list()) {
            s.send(MessageType.BAN_ENTRY, Fields.join(b.target(), b.setBy(), Fields.quote(b.reason()), b.created(), b.timeout()));
        }
        s.send(MessageType.BAN_LIST, "");
    }

    private void expire() {
        long now = System.currentTimeMillis() / 1000;
        for (Ban b : bans.expired(now)) {
            bans.remove(b.target(), ok -> { });
            core.tellModerators(Notice.BAN, core.config().string("server_name") + " removed ban on "
                    + Bans.shown(b).target() + ": expired after " + b.timeout() + " seconds");
        }
    }
}
