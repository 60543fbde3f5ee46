package org.opennapj.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.Accounts;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.Permissions;
import org.opennapj.server.core.Permissions.Actor;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/**
 * What operators do to other users, as opennap-ng does it: change a level (606), kill (610) and
 * mass kill by address (10122), muzzle and unmuzzle (622/623), change a link speed (625),
 * redirect (821) and cycle (822). Who may act on whom is {@link Permissions}; a refusal is one 404
 * and changes nothing; every action is told to the moderators (10203 kinds). Levels and muzzles of
 * registered nicks are stored; an unregistered user's change lasts for its session.
 *
 * <p>The web page's moderators act through the public methods (core thread), which the numerics
 * use too: the same checks, refusals and notices whoever acts.
 */
public final class UserAdministration {

    private final ServerCore core;
    private final Accounts accounts;

    public UserAdministration(ServerCore core, Accounts accounts) {
        this.core = core;
        this.accounts = accounts;
        core.on(MessageType.CHANGE_LEVEL, Level.MODERATOR, this::changeLevel);
        core.on(MessageType.KILL, Level.MODERATOR, this::kill);
        core.on(MessageType.MASS_KILL, Level.MODERATOR, this::massKill);
        core.on(MessageType.MUZZLE, Level.MODERATOR, (s, d) -> muzzle(s, d, true));
        core.on(MessageType.UNMUZZLE, Level.MODERATOR, (s, d) -> muzzle(s, d, false));
        core.on(MessageType.CHANGE_USER_LINK_SPEED, Level.MODERATOR, this::changeLinkSpeed);
        core.on(MessageType.REDIRECT, Level.ADMIN, this::redirect);
        core.on(MessageType.CYCLE, Level.ADMIN, this::cycle);
    }

    /** The level of a nick that is online or registered (online first), or null. */
    static Level levelOf(User online, Account account) {
        return online != null ? online.level() : account != null ? account.level() : null;
    }

    /** Stores an account change first when there is one, then runs {@code then} (core thread). */
    private void stored(Account updated, Runnable then) {
        if (updated == null) {
            then.run();
        } else {
            accounts.update(updated, then);
        }
    }

    // 606 change user level: <nick> <level>
    private void changeLevel(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            throw new MalformedFieldsException("expected <nick> <level>");
        }
        String nick = f.get(0);
        Level level = Level.parse(f.get(1));
        if (level == null) {
            s.error("set user level failed: " + Texts.shown(f.get(1)) + ": invalid level");
            return;
        }
        changeLevel(Actor.of(s.user()), nick, level, s::error);
    }

    /**
     * Sets a user's level as {@code actor} (core thread); a refusal goes to {@code refused}, and
     * nothing changes. Online users are told, moderators are told once a stored level is durable.
     */
    public void changeLevel(Actor actor, String nick, Level level, Consumer<String> refused) {
        User online = core.user(nick);
        Account account = accounts.get(nick);
        Level current = levelOf(online, account);
        if (current == null) {
            refused.accept("set user level failed: " + Texts.shown(nick) + " is neither online nor registered");
            return;
        }
        String shownNick = online != null ? online.nick() : account.nick();
        if (actor.level() != Level.ELITE) {
            // nobody but an Elite gives a level as high as their own; lowering your own is allowed
            if (level.atLeast(actor.level())) {
                refused.accept("set user level failed: permission denied: you cannot give a level as high as your own ("
                        + actor.level().wireName() + ")");
                return;
            }
            boolean lowersSelf = User.key(shownNick).equals(User.key(actor.nick()));
            String refusal = lowersSelf ? null : Permissions.refusal(actor, "set user level", shownNick, current);
            if (refusal != null) {
                refused.accept(refusal);
                return;
            }
        }
        if (current == level) {
            refused.accept("set user level failed: " + shownNick + " is already " + level.wireName());
            return;
        }
        boolean promotedOverUser = level.atLeast(Level.MODERATOR) && !current.atLeast(Level.MODERATOR);
        Account updated = null;
        if (account != null) {
            updated = account.withLevel(level);
            if (promotedOverUser) {
                updated = updated.withMuzzled(false);   // opennap-ng drops a promoted user's flags
            }
        }
        if (online != null) {
            if (updated != null) {
                online.account = updated;
            }
            core.setLevel(online, level);
            if (promotedOverUser) {
                online.muzzled = false;
            }
            // the other servers of the network apply it too (each checks the actor's level again)
            core.network().flood(MessageType.CHANGE_LEVEL.code(), ":" + actor.nick() + " " + online.nick() + " " + level.wireName());
            online.notice(Permissions.nameFor(actor, online) + " changed your user level to " + level.wireName()
                    + " (" + level.ordinal() + ")");
            if (online.cloaked && !level.atLeast(Level.MODERATOR)) {
                online.cloaked = false;
                core.tellModerators(Notice.CHANGE, online.nick() + " has decloaked");
                online.notice("You are no longer cloaked.");
            }
        }
        stored(updated, () -> core.tellModerators(Notice.LEVEL, actor.nick() + " changed " + shownNick
                + "'s user level to " + level.wireName() + " (" + level.ordinal() + ")"));
    }

    // 610 kill (disconnect) a user: <nick> ["<reason>"]
    private void kill(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick> [\"<reason>\"]");
        }
        kill(Actor.of(s.user()), f.get(0), f.size() > 1 ? f.get(1) : "", s::error);
    }

    /** Disconnects an online user as {@code actor} (core thread); a refusal goes to {@code refused}. */
    public void kill(Actor actor, String nick, String reason, Consumer<String> refused) {
        User victim = outranked(actor, nick, "kill", refused);
        if (victim != null) {
            killBy(actor, victim, Texts.reason(core, reason));
        }
    }

    private void killBy(Actor actor, User victim, String reason) {
        core.tellModerators(Notice.KILL, actor.nick() + " killed " + victim.nick() + ": " + reason);
        if (!victim.local()) {
            // its own server disconnects it, and says who did
            core.network().kill(victim, actor.nick(), reason);
            return;
        }
        core.kill(victim, "You have been killed by " + Permissions.nameFor(actor, victim) + ": " + reason);
    }

    // 10122 mass kill by ip: <address pattern> ["<reason>"]   (* and ? match as in a ban)
    private void massKill(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <ip> [\"<reason>\"]");
        }
        String pattern = f.get(0);
        if (pattern.length() > 15 || !pattern.matches("[0-9.*?]+")) {
            s.error("kill failed: invalid ip specified " + Texts.shown(pattern));
            return;
        }
        User actor = s.user();
        String reason = f.size() > 1 ? Texts.reason(core, f, 1) : "mkill by ip";
        Actor by = Actor.of(actor);
        List<User> victims = new ArrayList<>();
        List<String> spared = new ArrayList<>();
        for (User u : core.users()) {
            if (u != actor && Glob.matches(pattern, u.ip())) {
                if (Permissions.outranks(actor.level(), u.level())) {
                    victims.add(u);
                } else {
                    spared.add(u.nick());
                }
            }
        }
        if (victims.isEmpty() && spared.isEmpty()) {
            s.error("kill failed: nobody from " + pattern + " is online");
            return;
        }
        if (!spared.isEmpty()) {
            s.error("kill failed: permission denied for " + String.join(", ", spared));
        }
        for (User v : victims) {
            killBy(by, v, reason);
        }
    }

    // 622 muzzle a user: <nick> ["<reason>"]    623 unmuzzle a user: <nick> ["<reason>"]
    private void muzzle(Session s, String data, boolean on) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        String what = on ? "muzzle" : "unmuzzle";
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick> [\"<reason>\"]");
        }
        muzzle(Actor.of(s.user()), f.get(0), on, f.size() > 1 ? f.get(1) : "", s::error);
    }

    /**
     * Muzzles ({@code on}) or unmuzzles a user who is online or registered, as {@code actor} (core
     * thread); a refusal goes to {@code refused}.
     */
    public void muzzle(Actor actor, String nick, boolean on, String why, Consumer<String> refused) {
        String what = on ? "muzzle" : "unmuzzle";
        User online = core.user(nick);
        Account account = accounts.get(nick);
        Level current = levelOf(online, account);
        if (current == null) {
            refused.accept(what + " failed: " + Texts.shown(nick) + " is neither online nor registered");
            return;
        }
        String shownNick = online != null ? online.nick() : account.nick();
        String refusal = Permissions.refusal(actor, what, shownNick, current);
        if (refusal != null) {
            refused.accept(refusal);
            return;
        }
        boolean muzzled = online != null ? online.muzzled : account.muzzled();
        if (muzzled == on) {
            refused.accept(what + " failed: " + shownNick + (on ? " is already muzzled" : " is not muzzled"));
            return;
        }
        String reason = Texts.reason(core, why);
        Account updated = account != null ? account.withMuzzled(on) : null;
        if (online != null) {
            online.muzzled = on;
            if (updated != null) {
                online.account = updated;
            }
            online.notice("You have been " + what + "d by " + Permissions.nameFor(actor, online) + ": " + reason);
            core.network().flood(on ? MessageType.MUZZLE.code() : MessageType.UNMUZZLE.code(),
                    ":" + actor.nick() + " " + online.nick() + " " + Fields.quote(reason.replace('"', '\'')));
        }
        stored(updated, () -> core.tellModerators(Notice.MUZZLE,
                actor.nick() + " has " + what + "d " + shownNick + ": " + reason));
    }

    // 625 change a user's linespeed: <nick> <speed>
    private void changeLinkSpeed(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            throw new MalformedFieldsException("expected <nick> <speed>");
        }
        int speed = Fields.parseInt(f.get(1), 0, 10);
        User target = outranked(s, f.get(0), "change speed");
        if (target == null) {
            return;
        }
        if (target.linkSpeed == speed) {
            s.error(target.nick() + "'s speed is already " + speed);
            return;
        }
        target.linkSpeed = speed;
        core.tellModerators(Notice.CHANGE, s.user().nick() + " changed " + target.nick() + "'s speed to " + speed + ".");
    }

    // 821 redirect client to another server: <nick> <server> <port>
    private void redirect(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 3) {
            throw new MalformedFieldsException("expected <nick> <server> <port>");
        }
        int port = Fields.parseInt(f.get(2), 0, 65535);
        User target = movable(s, f.get(0), f.get(1), "redirect");
        if (target != null) {
            target.send(MessageType.REDIRECT, Fields.join(f.get(1), port));
            core.tellModerators(Notice.CHANGE, s.user().nick() + " redirected " + target.nick() + " to " + f.get(1) + ":" + port);
        }
    }

    // 822 cycle client: <nick> <metaserver>
    private void cycle(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            throw new MalformedFieldsException("expected <nick> <metaserver>");
        }
        User target = movable(s, f.get(0), f.get(1), "cycle");
        if (target != null) {
            target.send(MessageType.CYCLE, f.get(1));
            core.tellModerators(Notice.CHANGE, s.user().nick() + " cycled " + target.nick() + " to " + f.get(1));
        }
    }

    /** The online user a redirect or cycle may move to {@code host}, or null after telling the sender why not. */
    private User movable(Session s, String nick, String host, String what) {
        if (host.length() > 255 || !host.matches("[A-Za-z0-9.-]+")) {
            s.error(what + " failed: invalid server name " + Texts.shown(host));
            return null;
        }
        return outranked(s, nick, what);
    }

    /** The online user the sender may act on, or null after telling the sender why not ("what failed: ..."). */
    private User outranked(Session s, String nick, String what) {
        return outranked(Actor.of(s.user()), nick, what, s::error);
    }

    /** The online user {@code actor} may act on, or null after telling {@code refused} why not. */
    private User outranked(Actor actor, String nick, String what, Consumer<String> refused) {
        User target = core.user(nick);
        if (target == null) {
            refused.accept(what + " failed: " + Texts.shown(nick) + " is not online");
            return null;
        }
        String refusal = Permissions.refusal(actor, what, target.nick(), target.level());
        if (refusal != null) {
            refused.accept(refusal);
            return null;
        }
        return target;
    }
}
