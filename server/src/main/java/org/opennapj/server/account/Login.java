package org.opennapj.server.account;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.admin.Bans;
import org.opennapj.server.admin.ServerInfo;
import org.opennapj.server.store.Ban;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.Metrics;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login sequence: nick check (7), login (2), new user login (6), password check (11),
 * login options (14), version check (4), the pre-login 920; and the account changes a logged-in
 * user makes: link speed (700), password (701), email (702), data port (703).
 */
public final class Login {

    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    private final ServerCore core;
    private final ServerConfig config;
    private final Accounts accounts;
    private final Bans bans;
    private final ServerInfo info;
    private static final int MAX_CLIENT_NAMES = 1024;

    /** Client names seen at login (core thread), see {@link #sharedClientName}. */
    private final Map<String, String> clientNames = new HashMap<>();
    private String anonEmailServer;
    private String anonEmail;
    /** Nick keys with a login under way (password being checked or account being stored). */
    private final Set<String> pending = new HashSet<>();

    private final LoginLimits limits;

    public Login(ServerCore core, Accounts accounts, Bans bans, ServerInfo info, ShareIndex index) {
        this.core = core;
        this.limits = new LoginLimits(core, index);
        this.bans = bans;
        this.config = core.config();
        this.accounts = accounts;
        this.info = info;
        core.on(MessageType.NICK_CHECK, true, this::nickCheck);
        core.on(MessageType.LOGIN, true, (s, d) -> login(s, d, false));
        core.on(MessageType.NEW_USER_LOGIN, true, (s, d) -> login(s, d, true));
        core.on(MessageType.PASSWORD_CHECK, true, this::passwordCheck);
        // 14 login options: NAME:%s ADDRESS:%s ... (accepted, nothing to answer)
        core.on(MessageType.LOGIN_OPTIONS, true, (s, d) -> { });
        // 4 version check: <version> -> an empty 4 (the official Windows client hangs without it)
        core.on(MessageType.VERSION_CHECK, true, (s, d) -> s.send(MessageType.VERSION_CHECK, ""));
        // 920 (Napster 2.0 beta 8+, before login): 1  (accepted; its byte order was noted by the transport)
        core.on(MessageType.BETA_PRELOGIN, true, (s, d) -> { });
        core.on(MessageType.CHANGE_LINK_SPEED, false, this::changeLinkSpeed);
        core.on(MessageType.CHANGE_PASSWORD, false, this::changePassword);
        core.on(MessageType.CHANGE_EMAIL, false, this::changeEmail);
        core.on(MessageType.CHANGE_DATA_PORT, false, this::changeDataPort);
        core.onPeer(MessageType.CHANGE_LINK_SPEED.code(), (peer, d) -> remoteChange(d, false));
        core.onPeer(MessageType.CHANGE_DATA_PORT.code(), (peer, d) -> remoteChange(d, true));
    }

    // 7 nick check: <nick>
    private void nickCheck(Session s, String data) {
        String nick;
        try {
            nick = Fields.first(data, "a nick");   // extra fields are ignored, as everywhere
        } catch (MalformedFieldsException e) {
            nick = "";
        }
        if (NickRules.problem(nick, config.integer("max_nick_length")) != null) {
            s.send(MessageType.INVALID_NICK, "");
        } else if (accounts.get(nick) != null) {
            s.send(MessageType.NICK_ALREADY_REGISTERED, "");
        } else {
            s.send(MessageType.NICK_NOT_REGISTERED, "");
        }
    }

    // 2 login: <nick> <password> <port> "<client-info>" <link-type> [build] [extra...]
    // 6 new user login: <nick> <pass> <port> "<client-info>" <speed> <email> [extra...]
    private void login(Session s, String data, boolean register) {
        if (s.state() != Session.State.CONNECTED) {
            s.error(s.loggedIn() ? "you are already logged in" : "a login is already under way");
            return;
        }
        List<String> f;
        try {
            f = Fields.split(data);
        } catch (MalformedFieldsException e) {
            refuse(s, "login: " + e.getMessage());
            return;
        }
        if (f.size() < 5 || (register && f.size() < 6)) {
            refuse(s, "Too few parameters for login: expected <nick> <password> <port> \"<client>\" <link-type>"
                    + (register ? " <email>" : ""));
            return;
        }
        String nick = f.get(0);
        String password = f.get(1);
        String banned = limits.invalidClient(f.get(3));
        if (banned != null) {
            core.connectionLog().event("login refused: client not allowed (invalid_clients)",
                    nick + " from " + s.connection().remoteIp() + " (" + f.get(3) + ")");
            core.metrics().flood("clients");
            refuse(s, nick, Metrics.LoginFailure.NOT_ALLOWED, banned);
            return;
        }
        String nickProblem = NickRules.problem(nick, config.integer("max_nick_length"));
        if (nickProblem != null) {
            s.send(MessageType.INVALID_NICK, "");
            refuse(s, "Invalid nick " + nick + ": " + nickProblem);
            return;
        }
        if (password.isEmpty()) {
            refuse(s, "a password is required");
            return;
        }
        int port;
        int speed;
        try {
            long p = Fields.parseLong(f.get(2), -1, 65535);
            port = p < 0 ? 0 : (int) p;  // MP3::Napster registers with port -1: no data port
        } catch (MalformedFieldsException e) {
            refuse(s, "invalid data port: " + e.getMessage());
            return;
        }
        try {
            speed = Fields.parseInt(f.get(4), 0, 10);
        } catch (MalformedFieldsException e) {
            refuse(s, "invalid link type: " + e.getMessage());
            return;
        }
        String client = f.get(3);
        int maxClient = config.integer("max_client_string");
        if (maxClient > 0 && client.length() > maxClient) {
            client = client.substring(0, maxClient);
        }
        String email = register ? f.get(5) : null;
        LoginRequest req = new LoginRequest(nick, password, port, client, speed, email);

        String key = User.key(nick);
        if (pending.contains(key)) {
            refuse(s, nick + " is already logging in");
            return;
        }
        Account account = accounts.get(nick);
        // the claimed nick's level exempts nothing yet: its password is still unchecked
        String limited = limits.login(s.connection().remoteIp());
        if (limited != null) {
            core.connectionLog().event("login refused: " + limited.substring(0, limited.indexOf(':')),
                    nick + " from " + s.connection().remoteIp());
            core.metrics().flood("logins");
            refuse(s, nick, Metrics.LoginFailure.BUSY, limited);
            return;
        }
        if (register || (account == null && config.flag("auto_register"))) {
            if (config.flag("restrict_registration")) {
                refuse(s, nick, Metrics.LoginFailure.NOT_ALLOWED, "Automatic registration is disabled, contact server admin");
                return;
            }
            if (account != null) {
                refuse(s, "Nick " + nick + " is already registered");
                return;
            }
            // the register limit first, and nothing is done to others (no ghost kill, no ejection)
            // until the registration is really admitted, after hashing
            String tooFast = registerTooFast(nick, s.connection().remoteIp());
            if (tooFast != null) {
                refuse(s, nick, Metrics.LoginFailure.BUSY, tooFast);
                return;
            }
            // the checks that touch no one else: nobody is killed as a ghost or ejected yet
            if (!admissible(s, req, null, false, false)) {
                return;
            }
            String mail = email != null ? email : anonEmail();
            Level level = defaultLevel();
            begin(s, key);
            Accounts.Outcome queued = accounts.register(s, nick, password, mail, level, stored -> {
                end(s, key);
                if (s.state() == Session.State.CLOSED) {
                    return;  // the client went away meanwhile; the account stays registered
                }
                if (stored == null) {
                    refuse(s, "registration of " + nick + " failed, try another nick");
                } else if (admissible(s, req, stored)) {
                    complete(s, req, stored);
                }
            });
            refuseIfNotQueued(s, key, queued);
            return;
        }
        if (account == null) {
            if (config.flag("registered_only")) {
                refuse(s, nick, Metrics.LoginFailure.NOT_ALLOWED, "this is a restricted server: only registered nicks may log in");
                return;
            }
            if (admissible(s, req, null)) {
                complete(s, req, null);
            }
            return;
        }
        begin(s, key);
        Accounts.Outcome checked = accounts.verify(s, account, password, ok -> {
            end(s, key);
            if (s.state() == Session.State.CLOSED) {
                return;
            }
            if (!ok) {
                refuse(s, nick, Metrics.LoginFailure.BAD_PASSWORD, "Invalid Password");
                return;
            }
            Account current = accounts.get(nick);
            if (admissible(s, req, current, true)) {
                if (current != null && current.level().atLeast(Level.MODERATOR)) {
                    limits.refundLogin();
                }
                complete(s, req, current);
            }
        });
        refuseIfNotQueued(s, key, checked);
    }

    /**
     * Registers a nick asked for outside the protocol (the web page's form, from address {@code ip};
     * {@code from} names the asker for the hashing threads' turns), under the rules and with the
     * messages of a client's registration (6): nick rules, {@code restrict_registration},
     * {@code register_interval} from the address, bans. Core thread; {@code done} gets null once
     * the account is durable, else the refusal.
     */
    public void registerFor(String from, String ip, String nick, String password, String email, Consumer<String> done) {
        String nickProblem = NickRules.problem(nick, config.integer("max_nick_length"));
        if (nickProblem != null) {
            done.accept("Invalid nick " + nick + ": " + nickProblem);
            return;
        }
        if (password.isEmpty()) {
            done.accept("a password is required");
            return;
        }
        String mail = email.isEmpty() ? anonEmail() : email;
        String mailProblem = Accounts.emailProblem(mail);
        if (mailProblem != null) {
            done.accept(mailProblem);
            return;
        }
        if (config.flag("restrict_registration")) {
            done.accept("Automatic registration is disabled, contact server admin");
            return;
        }
        String key = User.key(nick);
        if (accounts.get(nick) != null || pending.contains(key)) {
            done.accept("Nick " + nick + " is already registered");
            return;
        }
        Level level = defaultLevel();
        Ban ban = level.atLeast(Level.MODERATOR) ? null : bans.find(nick, ip);
        if (ban != null) {
            done.accept(banRefusal(ban));
            return;
        }
        String tooFast = registerTooFast(nick, ip);
        if (tooFast != null) {
            done.accept(tooFast);
            return;
        }
        pending.add(key);
        boolean queued = accounts.registerFor(from, nick, password, mail, level, stored -> {
            pending.remove(key);
            done.accept(stored == null ? "registration of " + nick + " failed, try another nick" : null);
        });
        if (!queued) {
            pending.remove(key);
            done.accept("Server busy: too many logins waiting, try again in a minute");
        }
    }

    /** A login whose password work could not be queued is refused (the session had none under way yet). */
    private void refuseIfNotQueued(Session s, String key, Accounts.Outcome o) {
        if (o == Accounts.Outcome.SESSION_BUSY) {
            end(s, key);
            refuse(s, "login: your password check (11) is still being processed");
        } else if (o == Accounts.Outcome.QUEUE_FULL) {
            end(s, key);
            core.connectionLog().event("login refused: the password check queue is full",
                    key + " from " + s.connection().remoteIp() + " (" + accounts.passwordWorkQueued() + " waiting)");
            refuse(s, Metrics.LoginFailure.BUSY, "Server busy: too many logins waiting, try again in a minute");
        }
    }

    private record LoginRequest(String nick, String password, int port, String client, int speed, String email) {
    }

    private void begin(Session s, String key) {
        pending.add(key);
        core.markLoggingIn(s);
    }

    private void end(Session s, String key) {
        pending.remove(key);
        core.markConnected(s);
    }

    private Level defaultLevel() {
        Level l = Level.parse(config.string("default_level"));
        return l == null ? Level.USER : l;
    }

    /** Checks that may refuse a login once we know whether the nick is registered. */
    private boolean admissible(Session s, LoginRequest req, Account account) {
        return admissible(s, req, account, false);
    }

    /**
     * Refuses a login of a user below Moderator that a ban matches (by nick or address), and tells
     * the moderators; returns whether it did.
     */
    private boolean banned(Session s, LoginRequest req, Level level) {
        if (level.atLeast(Level.MODERATOR)) {
            return false;
        }
        Ban ban = bans.find(req.nick(), s.connection().remoteIp());
        if (ban == null) {
            return false;
        }
        core.tellModerators(Notice.BAN, "Connection from " + req.nick() + "!" + s.connection().remoteIp()
                + ": " + banText(ban));
        refuse(s, req.nick(), Metrics.LoginFailure.BANNED, banRefusal(ban));
        return true;
    }

    /** {@code <target> banned: <reason>}, as the refusal and the moderators' notice quote a ban. */
    private static String banText(Ban ban) {
        return Bans.shown(ban).target() + " banned: " + (ban.reason().isEmpty() ? "no reason given" : ban.reason());
    }

    /** What a banned user is told. */
    private static String banRefusal(Ban ban) {
        return "You are banned from this server: " + banText(ban);
    }

    /**
     * register_interval for a registration of {@code nick} from {@code ip}: the refusal (logged
     * and counted as a registration flood), or null when it may go on.
     */
    private String registerTooFast(String nick, String ip) {
        String tooFast = limits.register(ip);
        if (tooFast != null) {
            core.connectionLog().event("registration refused: register_interval", nick + " from " + ip);
            core.metrics().flood("registrations");
        }
        return tooFast;
    }

    /** passwordChecked: the login gave the password of its (registered) account. */
    private boolean admissible(Session s, LoginRequest req, Account account, boolean passwordChecked) {
        return admissible(s, req, account, passwordChecked, true);
    }

    /**
     * Whether the login may go on: the nick in use (unless a ghost), a ban, a full server. With
     * {@code act} it also does what admitting it takes: the ghost is killed and, when the server
     * is full, a user is ejected to make room if the config allows; without, it only checks (for
     * a registration before its password is hashed; a full server then refuses unless
     * eject_when_full could make room).
     */
    private boolean admissible(Session s, LoginRequest req, Account account, boolean passwordChecked, boolean act) {
        User online = core.user(req.nick());
        if (online != null && !ghost(s, online, passwordChecked)) {
            online.send(MessageType.LOGIN_ATTEMPT, "");
            refuse(s, req.nick() + " is already active");
            return false;
        }
        Level level = account != null ? account.level() : defaultLevel();
        if (banned(s, req, level)) {
            return false;
        }
        if (online != null && act) {
            // the new login takes the nick over: the old connection is told and closed first
            String server = config.string("server_name");
            core.tellModerators(Notice.KILL, "Server " + server + " killed " + online.nick() + ": ghost (" + server + ")");
            online.send(MessageType.LOGIN_ATTEMPT, "");
            core.kill(online, "Someone else is logging in as you");
        }
        int max = config.integer("max_connections");
        if (max > 0 && core.localUserCount() >= max && !level.atLeast(Level.MODERATOR)
                && !(act ? limits.ejectForRoom() : config.flag("eject_when_full"))) {
            refuse(s, req.nick(), Metrics.LoginFailure.FULL, "This server is full (" + max + " connections)");
            return false;
        }
        return true;
    }

    /**
     * Whether a login may take over its nick from the user online with it (a ghost: a client whose
     * connection died without the server noticing). A login that gave its registered nick's
     * password may. Otherwise, as opennap-ng's ghost_kill allows for unregistered nicks, only from
     * the address the online user came from and once that user has been online longer than
     * ghost_kill_timer seconds (a quick reconnect is refused as a duplicate).
     */
    private boolean ghost(Session s, User online, boolean passwordChecked) {
        if (passwordChecked) {
            return true;
        }
        if (online.account != null || !online.ip().equals(s.connection().remoteIp())) {
            return false;
        }
        long onlineFor = System.currentTimeMillis() / 1000 - online.loginTime();
        return onlineFor > config.integer("ghost_kill_timer");
    }

    private void complete(Session s, LoginRequest req, Account account) {
        User u = core.login(s, req.nick());
        u.account = account;
        u.muzzled = account != null && account.muzzled();
        core.setLevel(u, account != null ? account.level() : defaultLevel());
        u.dataPort = req.port();
        u.linkSpeed = req.speed();
        u.clientInfo = sharedClientName(req.client());
        u.email = account != null ? account.email() : anonEmail();
        s.profile(org.opennapj.server.core.ClientProfile.of(req.client()));
        core.metrics().login();
        s.send(MessageType.LOGIN_ACK, u.email);
        info.sendMotd(s);
        info.sendStats(s);
        if (u.level().atLeast(Level.MODERATOR)) {
            s.send(MessageType.NOTICE, "You are logged in as " + u.level().wireName());
        }
        core.announceJoin(u);
        if (account != null) {
            accounts.update(account.withLastSeen(System.currentTimeMillis() / 1000), null);
        }
        LOG.debug("login: {} from {} ({})", u.nick(), u.ip(), u.clientInfo);
    }

    /**
     * The one String kept for a client name: thousands of users run the same few clients, and an
     * idle user should not hold a copy each. Bounded, so odd names cannot grow it without limit.
     */
    private String sharedClientName(String client) {
        String known = clientNames.get(client);
        if (known != null) {
            return known;
        }
        if (clientNames.size() < MAX_CLIENT_NAMES) {
            clientNames.put(client, client);
        }
        return client;
    }

    /** anon@server_name, built once per server name rather than once per user. */
    private String anonEmail() {
        String name = config.string("server_name");
        if (!name.equals(anonEmailServer)) {
            anonEmailServer = name;
            anonEmail = "anon@" + name;
        }
        return anonEmail;
    }

    private void refuse(Session s, String reason) {
        refuse(s, Metrics.LoginFailure.INVALID, reason);
    }

    /** Refuses a login, counted under {@code why} and logged as an event with the nick and address. */
    private void refuse(Session s, String nick, Metrics.LoginFailure why, String reason) {
        core.events().event("login_refused", nick, s.connection().remoteIp(), why.label + ": " + reason);
        refuse(s, why, reason);
    }

    /** Refuses a login, counted under {@code why}. */
    private void refuse(Session s, Metrics.LoginFailure why, String reason) {
        core.metrics().loginFailed(why);
        s.send(MessageType.ERROR, reason);
        core.disconnect(s, reason);
    }

    // 11 password check: <nick> <password>
    private void passwordCheck(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            s.error("check password failed: expected <nick> <password>");
            return;
        }
        Account a = accounts.get(f.get(0));
        if (a == null) {
            s.error("check password failed: " + f.get(0) + " is not registered");
            return;
        }
        Accounts.Outcome o = accounts.verify(s, a, f.get(1), ok -> {
            if (ok) {
                s.send(MessageType.PASSWORD_CHECK_OK, "");
            } else {
                s.error("check password failed: wrong password");
            }
        });
        Accounts.tellIfNotQueued(s, o, "check password failed");
    }


    // 700 change link speed: <speed>
    private void changeLinkSpeed(Session s, String data) throws MalformedFieldsException {
        User u = s.user();
        u.linkSpeed = Fields.parseInt(Fields.first(data, "a value"), 0, 10);
        core.network().flood(MessageType.CHANGE_LINK_SPEED.code(), ":" + u.nick() + " " + u.linkSpeed);
    }

    // 701 change password: <password>
    private void changePassword(Session s, String data) throws MalformedFieldsException {
        String pw = Fields.first(data, "a value");
        User u = s.user();
        if (u.account == null) {
            s.error("change password: your nick is not registered");
            return;
        }
        Accounts.Outcome o = accounts.changePassword(s, u.account, pw, updated -> {
            if (updated == null) {
                s.error("change password failed");
            } else {
                u.account = updated;
                s.send(MessageType.NOTICE, "Your password was changed");
            }
        });
        Accounts.tellIfNotQueued(s, o, "change password failed");
    }

    // 702 change email: <email address>
    private void changeEmail(Session s, String data) throws MalformedFieldsException {
        String email = Fields.first(data, "an email address");
        String problem = Accounts.emailProblem(email);
        if (problem != null) {
            throw new MalformedFieldsException(problem);
        }
        User u = s.user();
        u.email = email;
        Account current = u.account != null ? accounts.get(u.nick()) : null;
        if (current != null) {
            Account updated = current.withEmail(email);
            u.account = updated;
            accounts.update(updated, null);
        }
    }

    // 703 change data port: <port>
    private void changeDataPort(Session s, String data) throws MalformedFieldsException {
        User u = s.user();
        u.dataPort = Fields.parseInt(Fields.first(data, "a value"), 0, 65535);
        core.network().flood(MessageType.CHANGE_DATA_PORT.code(), ":" + u.nick() + " " + u.dataPort);
    }

    // 700 / 703 from another server: :<nick> <speed> / :<nick> <port>  (a user elsewhere changed its own)
    private boolean remoteChange(String data, boolean port) throws MalformedFieldsException {
        org.opennapj.server.core.PeerHandler.Prefixed p = org.opennapj.server.core.PeerHandler.Prefixed.of(data);
        User u = p == null ? null : core.user(p.sender());
        if (u == null || u.local()) {
            return false;
        }
        int v = Fields.parseInt(Fields.first(p.rest(), "a value"), 0, port ? 65535 : 10);
        if (port) {
            u.dataPort = v;
        } else {
            u.linkSpeed = v;
        }
        return true;
    }
}
