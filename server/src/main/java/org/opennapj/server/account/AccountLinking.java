package org.opennapj.server.account;

import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Network;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered accounts across linked servers (core thread).
 *
 * <p>Between OpenNapJ servers (those that announced the {@code accounts} feature, see
 * docs/LINKING-PROTOCOL.md) every account crosses as {@code 10014 :<server> <nick> <stored-hash>
 * <email> <level> <created> <last-seen>}: all of them when the link is made, and each one again
 * when this server registers, restores or changes it. No password crosses, only the stored salted
 * hash, so every server checks its users' passwords itself and trusts the logins of the others.
 * When two servers hold different registrations of one nick, the older one ({@code created})
 * wins on both, as on opennap-ng; a user logged in here under the losing registration stays
 * online and is told that the other registration's password applies from the next login.
 *
 * <p>opennap-ng servers keep their accounts in salted MD5 and need the typed password to check a
 * login; OpenNapJ sends them neither. What they send is taken: a 10014 in their form (wrapped
 * before it is stored, {@link PasswordHash#wrapOpennapNg}), and the plain passwords of 10200, 701
 * and 753, hashed at once, never kept and never passed on (the other OpenNapJ servers get the
 * resulting 10014; other opennap-ng servers behind this one do not learn of it). A login that one of their users makes under a nick
 * registered here is checked against the account, and killed with "Invalid Password" when wrong.
 * A nuke (611) crosses to every server.
 */
public final class AccountLinking {

    private static final Logger LOG = LoggerFactory.getLogger(AccountLinking.class);
    private static final int REGINFO = MessageType.REGISTRATION_INFO.code();

    private final ServerCore core;
    private final Accounts accounts;

    public AccountLinking(ServerCore core, Accounts accounts) {
        this.core = core;
        this.accounts = accounts;
        core.onPeer(Network.PEER_FEATURES, this::features);
        core.onPeer(REGINFO, this::registrationInfo);
        core.onPeer(MessageType.REGISTER_USER.code(), this::remoteRegister);
        core.onPeer(MessageType.CHANGE_PASSWORD.code(), this::remoteOwnPassword);
        core.onPeer(MessageType.CHANGE_USER_PASSWORD.code(), this::remoteUserPassword);
        core.onPeer(MessageType.CHANGE_EMAIL.code(), this::remoteEmail);
        core.onPeer(MessageType.NUKE.code(), this::remoteNuke);
        core.onRemoteLogin(this::remoteLogin);
        accounts.onChange(a -> network().floodAccounts(REGINFO, line(a), null));
    }

    private Network network() {
        return core.network();
    }

    /** {@code 10014 :<us> <nick> <hash> <email> <level> <created> <last-seen>}. */
    private String line(Account a) {
        return Fields.join(":" + network().serverName(), a.nick(), a.passwordHash(), a.email(), a.level().wireName(),
                a.created(), a.lastSeen());
    }

    // 10290 :<server> <feature>... : an OpenNapJ server that shares accounts gets all of ours
    private boolean features(String peer, String data) {
        if (!network().sharesAccounts(peer)) {
            return false;
        }
        int n = 0;
        for (Account a : accounts.all()) {
            network().sendTo(peer, REGINFO, line(a));
            n++;
        }
        LOG.info("sent {} accounts to server {}", n, peer);
        return false;
    }

    // 10014 :<server> <nick> <hash> <email> <level> <created> [<last-seen>]
    private boolean registrationInfo(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 5, "expected :<server> <nick> <password-hash> <email> <level> <created> [<last-seen>]");
        String nick = f.get(0);
        String hash = f.get(1);
        long created = parse(f.get(4));
        long lastSeen = f.size() > 5 ? parse(f.get(5)) : created;
        Level level = Level.parse(f.get(3));
        if (NickRules.problem(nick, Network.MAX_REMOTE_NICK) != null || created < 0 || level == null
                || Accounts.emailProblem(f.get(2)) != null) {
            LOG.warn("server {} sent registration info for {} that cannot be stored; ignored", peer, shown(nick));
            return false;
        }
        Account ours = accounts.get(nick);
        if (ours != null && created > ours.created()) {
            // ours was registered first and stays; the other side learns it (if it can take our form)
            LOG.info("server {} sent a newer registration of {} than ours; ours is older and stays", peer, nick);
            if (network().sharesAccounts(peer)) {
                network().sendTo(peer, REGINFO, line(ours));
            }
            return false;
        }
        if (ours != null && created != ours.created() && ours.level().atLeast(Level.ADMIN)) {
            // an older registration of one of our Admins from elsewhere would take over that
            // account (and its password): never done from the network
            LOG.warn("server {} sent another registration of {}, an {} here; refused", peer, nick, ours.level().wireName());
            core.tellModerators(Notice.CHANGE, "Server " + peer + " sent another registration of " + nick
                    + " (" + ours.level().wireName() + " here); refused");
            return false;
        }
        Level granted = clamp(level, ours);
        if (granted != level) {
            LOG.info("server {} sent {} as {}; taken as {}", peer, nick, level.wireName(), granted.wireName());
        }
        Account received = new Account(ours != null ? ours.nick() : nick, hash, f.get(2), granted, created, lastSeen,
                ours != null && ours.created() == created && ours.muzzled());
        if (ours != null && Accounts.sameShared(ours, received)) {
            return false;
        }
        if (ours != null && PasswordHash.wrappedFromSameSalt(ours.passwordHash(), hash) && ours.email().equals(received.email())
                && ours.level() == received.level() && ours.created() == received.created()) {
            // the same opennap-ng record again (it is wrapped anew each time): nothing changed
            return false;
        }
        if (PasswordHash.wellFormed(hash)) {
            adopt(peer, ours, received);
        } else if (PasswordHash.isOpennapNg(hash)) {
            int iterations = accounts.iterations();
            boolean queued = accounts.hashForServer(peer, () -> PasswordHash.wrapOpennapNg(hash, iterations), wrapped -> {
                if (wrapped != null && accounts.get(nick) == ours) {
                    adopt(peer, ours, received.withPasswordHash(wrapped));
                }
            });
            if (!queued) {
                LOG.warn("registration info for {} from server {} dropped: too much password work waits", nick, peer);
            }
        } else {
            LOG.warn("server {} sent registration info for {} with a password form OpenNapJ cannot check; ignored", peer, nick);
        }
        return false;
    }

    /**
     * The level an account from the network gets here: at most Moderator, or the level our own
     * account of the nick has if that is higher. Admin and Elite are never granted from elsewhere.
     */
    private static Level clamp(Level level, Account ours) {
        Level cap = ours != null && ours.level().compareTo(Level.MODERATOR) > 0 ? ours.level() : Level.MODERATOR;
        return level.compareTo(cap) > 0 ? cap : level;
    }

    /**
     * Whether the sender of a 611, 753 or 10200 from {@code peer} may do it here: a server of the
     * network, or a user of another server whose level is at least {@code needed} (and who
     * outranks {@code target}'s level, when given). Anything else is ignored, with a debug log.
     */
    private boolean authorized(String peer, int type, String sender, Level needed, Level target) {
        if (network().knownServer(sender)) {
            return true;
        }
        User u = core.user(sender);
        if (u != null && !u.local() && u.level().atLeast(needed)
                && (target == null || org.opennapj.server.core.Permissions.outranks(u.level(), target))) {
            return true;
        }
        LOG.debug("{} from {} (via server {}) ignored: not a server or a user allowed to", type, shown(sender), peer);
        return false;
    }

    /** Takes an account from the network, then passes it on and settles a local user of the nick. */
    private void adopt(String peer, Account ours, Account received) {
        take(peer, received, () -> {
            User online = core.user(received.nick());
            if (online == null || !online.local() || online.account == null) {
                return;
            }
            if (ours != null && ours.created() != received.created()) {
                // not disconnected (the same person may have registered on both sides of a split),
                // but from the next login on the older registration's password applies
                String text = received.nick() + " was registered earlier elsewhere on the network (" + peer + ")";
                core.tellModerators(Notice.CHANGE, "Registration of " + text + "; that registration applies now");
                online.notice("Your nick " + text + ": from your next login on, that registration's password applies.");
            }
            online.account = received;
        });
    }

    /**
     * Stores an account that came from {@code peer} and, once durable, passes it on as 10014 to
     * the other servers that share accounts (never in the form a password came in), then runs then.
     */
    private void take(String peer, Account a, Runnable then) {
        accounts.adopt(a, ok -> {
            if (ok) {
                network().floodAccounts(REGINFO, line(a), peer);
                then.run();
            }
        });
    }

    // 10200 :<sender> <nick> <password> <email> [<level>] (opennap-ng: the password in clear)
    private boolean remoteRegister(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 3, "expected :<sender> <nick> <password> <email> [<level>]");
        String nick = f.get(0);
        Level asked = f.size() > 3 ? Level.parse(f.get(3)) : Level.USER;
        if (NickRules.problem(nick, Network.MAX_REMOTE_NICK) != null || asked == null || Accounts.emailProblem(f.get(2)) != null) {
            LOG.warn("server {} registered {}, which cannot be stored here; ignored", peer, shown(nick));
            return false;
        }
        if (!authorized(peer, MessageType.REGISTER_USER.code(), PeerHandler.Prefixed.of(data).sender(), Level.ADMIN, null)) {
            return false;
        }
        Level level = clamp(asked, null);
        if (accounts.get(nick) != null) {
            return false;
        }
        long now = System.currentTimeMillis() / 1000;
        hashed(peer, f.get(1), hash -> {
            if (accounts.get(nick) == null) {
                take(peer, new Account(nick, hash, f.get(2), level, now, now), () -> { });
            }
        });
        return false;
    }

    // 701 :<nick> <password> (opennap-ng: a user changing their own password)
    private boolean remoteOwnPassword(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 1, "expected :<nick> <password>");
        String nick = PeerHandler.Prefixed.of(data).sender();
        if (!onlineElsewhere(nick)) {
            return false;
        }
        return newPassword(peer, nick, f.get(0));
    }

    /**
     * Whether a nick that changes its own account from another server (701, 702) is a user online
     * on another server: a peer cannot change the account of someone who is not logged in there.
     */
    private boolean onlineElsewhere(String nick) {
        User u = core.user(nick);
        if (u == null || u.local()) {
            LOG.debug("own account change for {} from another server, which is not online there; ignored", shown(nick));
            return false;
        }
        return true;
    }

    // 753 :<sender> <nick> <password> ["<reason>"] (opennap-ng: an operator changing a user's)
    private boolean remoteUserPassword(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 2, "expected :<sender> <nick> <password> [\"<reason>\"]");
        if (!authorized(peer, MessageType.CHANGE_USER_PASSWORD.code(), PeerHandler.Prefixed.of(data).sender(), Level.ADMIN, null)) {
            return false;
        }
        return newPassword(peer, f.get(0), f.get(1));
    }

    private boolean newPassword(String peer, String nick, String password) {
        Account a = accounts.get(nick);
        if (a == null || password.isEmpty()) {
            return false;
        }
        hashed(peer, password, hash -> {
            Account current = accounts.get(nick);
            if (current != null && current.created() == a.created()) {
                take(peer, current.withPasswordHash(hash), () -> { });
            }
        });
        return false;
    }

    // 702 :<nick> <email>
    private boolean remoteEmail(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 1, "expected :<nick> <email>");
        String nick = PeerHandler.Prefixed.of(data).sender();
        Account a = accounts.get(nick);
        if (a == null || !onlineElsewhere(nick) || Accounts.emailProblem(f.get(0)) != null || a.email().equals(f.get(0))) {
            return false;
        }
        take(peer, a.withEmail(f.get(0)), () -> { });
        return false;
    }

    // 611 :<sender> <nick> [<reason>]
    private boolean remoteNuke(String peer, String data) throws MalformedFieldsException {
        List<String> f = prefixed(data, 1, "expected :<sender> <nick> [<reason>]");
        Account a = accounts.get(f.get(0));
        if (a == null) {
            return false;
        }
        String sender = PeerHandler.Prefixed.of(data).sender();
        if (!authorized(peer, MessageType.NUKE.code(), sender, Level.MODERATOR, a.level())) {
            return false;
        }
        accounts.remove(a, ok -> { });
        core.tellModerators(Notice.CHANGE, sender + " nuked " + a.nick() + "'s account (on " + peer + ")");
        User online = core.user(a.nick());
        if (online != null && online.local()) {
            online.account = null;
            core.setLevel(online, Level.USER);
            online.notice(sender + " nuked your account");
        }
        return true;
    }

    /**
     * A user of another server logged in under a nick registered here. A server that shares
     * accounts checked the password against the same account; opennap-ng passes the typed
     * password on, which is checked here, and the login killed when it is wrong.
     */
    private void remoteLogin(User u, String password, String peer) {
        Account a = accounts.get(u.nick());
        if (a == null || network().sharesAccounts(peer)) {
            return;
        }
        boolean queued = accounts.verifyForServer(peer, a, password, ok -> {
            if (!ok && core.user(u.nick()) == u) {
                LOG.info("login of {} from server {}: wrong password for the account registered here; killed", u.nick(), peer);
                core.tellModerators(Notice.KILL, "Invalid password for " + u.nick() + " from server " + peer + ": killed");
                network().kill(u, null, "Invalid Password");
            }
        });
        if (!queued) {
            network().kill(u, null, "server busy checking passwords, try again");
        }
    }

    private void hashed(String peer, String password, java.util.function.Consumer<String> then) {
        int iterations = accounts.iterations();
        if (!accounts.hashForServer(peer, () -> PasswordHash.create(password, iterations), hash -> {
            if (hash != null) {
                then.accept(hash);
            }
        })) {
            LOG.warn("a password change from server {} was dropped: too much password work waits", peer);
        }
    }

    /** The fields after a {@code :sender} prefix, at least {@code min} of them. */
    private static List<String> prefixed(String data, int min, String expected) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        List<String> f = p == null ? List.of() : Fields.split(p.rest());
        if (f.size() < min) {
            throw new MalformedFieldsException(expected);
        }
        return f;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shown(String s) {
        return org.opennapj.server.core.Shown.cut(s, 40);
    }
}
