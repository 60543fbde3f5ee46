package org.opennapj.server.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.Accounts;
import org.opennapj.server.account.NickRules;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.Permissions;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/**
 * What operators do to registered accounts: nuke (611: the account is deleted, its user, if
 * online, stays on as an unregistered User), un-nuke (624: an account nuked since the server
 * started is put back as it was, unless its nick was registered again meanwhile), set
 * another user's password (753) and register a nick (10200). Passwords are hashed on the password
 * threads and never logged; nothing is told to the moderators before it is stored.
 */
public final class AccountAdministration {

    /** Accounts nuked since start-up that 624 can put back, at most this many (the oldest go first). */
    private static final int MAX_NUKED = 1000;

    private final ServerCore core;
    private final Accounts accounts;
    private final Map<String, Account> nuked = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
            return size() > MAX_NUKED;
        }
    };

    public AccountAdministration(ServerCore core, Accounts accounts) {
        this.core = core;
        this.accounts = accounts;
        core.on(MessageType.NUKE, Level.MODERATOR, this::nuke);
        core.on(MessageType.UNNUKE, Level.MODERATOR, this::unnuke);
        core.on(MessageType.CHANGE_USER_PASSWORD, Level.ADMIN, this::changePassword);
        core.on(MessageType.REGISTER_USER, Level.ADMIN, this::register);
    }

    // 611 nuke a user: <nick> [<reason>]
    private void nuke(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <nick> [<reason>]");
        }
        // nuking your own account is allowed, as in opennap-ng
        Account account = outranked(s, f.get(0), "nuke", true);
        if (account == null) {
            return;
        }
        User actor = s.user();
        User online = core.user(account.nick());
        String reason = Texts.reason(core, f, 1);
        // the other servers forget the account too (as opennap-ng, which passes 611 on)
        core.network().flood(MessageType.NUKE.code(), ":" + actor.nick() + " " + account.nick() + " " + Fields.quote(reason));
        accounts.remove(account, ok -> {
            if (ok) {
                nuked.put(User.key(account.nick()), account);
            }
            core.tellModerators(Notice.CHANGE, actor.nick() + " nuked " + account.nick() + "'s account: " + reason);
        });
        if (online != null) {
            // what is left is an unregistered User
            online.account = null;
            core.setLevel(online, Level.USER);
            if (online.cloaked) {
                online.cloaked = false;
                online.notice("You are no longer cloaked.");
            }
            online.muzzled = false;
            online.notice(Permissions.nameFor(actor, online) + " nuked your account: " + reason);
        }
    }

    // 624 un-nuke a user: <nick>
    private void unnuke(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        Account account = nuked.get(User.key(nick));
        if (account == null) {
            s.error("un-nuke failed: " + Texts.shown(nick) + " was not nuked since the server started");
            return;
        }
        if (accounts.get(nick) != null) {
            s.error("un-nuke failed: " + account.nick() + " has been registered again");
            return;
        }
        String refusal = Permissions.refusal(s.user(), "un-nuke", account.nick(), account.level());
        if (refusal != null) {
            s.error(refusal);
            return;
        }
        User actor = s.user();
        nuked.remove(User.key(nick));
        accounts.restore(account, ok -> {
            if (!ok) {
                s.error("un-nuke failed: " + account.nick() + " could not be restored");
                return;
            }
            s.send(MessageType.NOTICE, "The account of " + account.nick() + " is restored (" + account.level().wireName() + ")");
            core.tellModerators(Notice.CHANGE, actor.nick() + " restored " + account.nick() + "'s account");
        });
    }

    // 753 change password for another user: <nick> <password> ["<reason>"]
    private void changePassword(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            throw new MalformedFieldsException("expected <nick> <password> [\"<reason>\"]");
        }
        String nick = f.get(0);
        Account account = outranked(s, nick, "alter password", false);
        if (account == null) {
            return;
        }
        User actor = s.user();
        String reason = Texts.reason(core, f, 2);
        Accounts.Outcome o = accounts.changePassword(s, account, f.get(1), updated -> {
            if (updated == null) {
                s.error("alter password failed: the new password of " + account.nick() + " could not be stored");
                return;
            }
            User now = core.user(nick);
            if (now != null && now.account != null) {
                now.account = updated;
            }
            core.tellModerators(Notice.CHANGE, actor.nick() + " changed " + account.nick() + "'s password: " + reason);
        });
        Accounts.tellIfNotQueued(s, o, "alter password failed");
    }

    // 10200 register a user: <nick> <password> <email> [<level>]
    private void register(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 3 || f.get(1).isEmpty()) {
            throw new MalformedFieldsException("expected <nick> <password> <email> [<level>]");
        }
        String nick = f.get(0);
        String problem = NickRules.problem(nick, core.config().integer("max_nick_length"));
        if (problem != null) {
            s.error("register failed: invalid nick " + Texts.shown(nick)
                    + ": " + problem);
            return;
        }
        String emailProblem = Accounts.emailProblem(f.get(2));
        if (emailProblem != null) {
            s.error("register failed: " + emailProblem);
            return;
        }
        Level level = Level.USER;
        User actor = s.user();
        if (f.size() > 3) {
            level = Level.parse(f.get(3));
            if (level == null) {
                s.error("register failed: " + Texts.shown(f.get(3)) + ": invalid level");
                return;
            }
            if (actor.level() != Level.ELITE && level.atLeast(actor.level())) {
                s.error("register failed: permission denied: you cannot give a level as high as your own ("
                        + actor.level().wireName() + ")");
                return;
            }
        }
        if (accounts.get(nick) != null) {
            s.error("register failed: " + Texts.shown(nick) + " is already registered");
            return;
        }
        Level l = level;
        Accounts.Outcome o = accounts.register(s, nick, f.get(1), f.get(2), l, stored -> {
            if (stored == null) {
                s.error("register failed: " + Texts.shown(nick) + " could not be registered");
            } else {
                core.tellModerators(Notice.CHANGE, actor.nick() + " registered nickname " + nick + " (" + l.wireName() + ")");
            }
        });
        Accounts.tellIfNotQueued(s, o, "register failed");
    }

    /**
     * The account of a registered nick the sender may act on (its level online, or as stored), or
     * null after telling the sender why not ("what failed: ..."); ownAllowed: the sender may act on
     * its own account whatever its level.
     */
    private Account outranked(Session s, String nick, String what, boolean ownAllowed) {
        Account account = accounts.get(nick);
        if (account == null) {
            s.error(what + " failed: " + Texts.shown(nick) + " is not registered");
            return null;
        }
        User actor = s.user();
        User online = core.user(nick);
        if (ownAllowed && online == actor) {
            return account;
        }
        String refused = Permissions.refusal(actor, what, account.nick(), UserAdministration.levelOf(online, account));
        if (refused != null) {
            s.error(refused);
            return null;
        }
        return account;
    }
}
