package org.opennapj.server.admin;

import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.Level;

/**
 * Server bans as Moderators set them: ban (612), unban (614) and the list (615 -> 616 entries and an
 * empty 615). A ban names a nick, an address or a {@code nick!address} glob pattern (see
 * {@link Bans}), with a reason and, optionally, a time in seconds after which it expires. As in
 * opennap-ng a ban refuses logins; it does not disconnect users already online (610 or 10122 do).
 * Bans are stored before the moderators are told; expired bans are removed once a second.
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
    }

    // 612 ban user: <nick | ip | nick!ip> ["<reason>" [<seconds>]]
    private void ban(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick | ip> [\"<reason>\" [<seconds>]]");
        }
        String problem = Bans.problem(f.get(0));
        if (problem != null) {
            s.error("ban failed: " + problem);
            return;
        }
        long timeout = f.size() > 2 ? Fields.parseLong(f.get(2), 0, MAX_TIMEOUT) : 0;
        String target = Bans.normalize(f.get(0));
        if (bans.get(target) != null) {
            s.error("ban failed: " + target + " is already banned");
            return;
        }
        String reason = Texts.reason(core, f, 1);
        long now = System.currentTimeMillis() / 1000;
        String actor = s.user().nick();
        Ban ban = new Ban(target, actor, reason, now, timeout > 0 ? now + timeout : 0);
        bans.add(ban, ok -> core.tellModerators(Notice.BAN, actor + " banned " + target
                + (timeout > 0 ? " for " + timeout + " seconds" : "") + ": " + reason));
    }

    // 614 unban user: <nick | ip | nick!ip> ["<reason>"]
    private void unban(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick | ip> [\"<reason>\"]");
        }
        String reason = Texts.reason(core, f, 1);
        String actor = s.user().nick();
        Ban existing = bans.get(f.get(0));
        if (existing == null) {
            s.error("unban failed: there is no ban on " + Texts.shown(f.get(0)));
            return;
        }
        String target = Bans.shown(existing).target();
        bans.remove(f.get(0), ok -> core.tellModerators(Notice.BAN, actor + " removed ban on " + target + ": " + reason));
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
