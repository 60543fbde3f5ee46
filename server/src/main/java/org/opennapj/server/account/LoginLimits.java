package org.opennapj.server.account;

import org.opennapj.server.admin.Glob;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;

/**
 * opennap-ng's limits on logins (core thread): banned client versions ({@code invalid_clients}),
 * logins and registrations per address ({@code login_interval}, {@code register_interval}), new
 * users per minute in all ({@code max_new_users_per_minute}) and, when the server is full,
 * ejecting a leech or a user who shares too little to make room ({@code eject_when_full},
 * {@code eject_leeches} and the {@code eject_*} limits). The per-address and per-minute login
 * limits apply before the password is checked, to every login: a nick's level is not known to be
 * the client's until then (a verified Moderator's login is given back to this minute's count,
 * {@link #refundLogin}). Each method returns the reason to refuse with, or null.
 */
final class LoginLimits {

    /** Addresses whose last login or registration is remembered; beyond it the oldest are dropped. */
    private static final int MAX_ADDRESSES = 100_000;

    private final ServerCore core;
    private final ServerConfig config;
    private final ShareIndex index;
    /** Per address: {last login, last registration}, epoch seconds. */
    private final AddressHistory addresses = new AddressHistory(MAX_ADDRESSES);
    private long minute;
    private int loginsThisMinute;
    private String clientsSpec;
    private String[] clientPatterns = new String[0];

    LoginLimits(ServerCore core, ShareIndex index) {
        this.core = core;
        this.config = core.config();
        this.index = index;
        core.everySecond(this::prune);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** invalid_clients: a comma-separated list of globs matched against the login's client name. */
    String invalidClient(String client) {
        String spec = config.string("invalid_clients");
        if (spec.isBlank()) {
            return null;
        }
        if (!spec.equals(clientsSpec)) {
            clientsSpec = spec;
            clientPatterns = java.util.Arrays.stream(spec.split(",")).map(String::strip)
                    .filter(p -> !p.isEmpty()).toArray(String[]::new);
        }
        for (String p : clientPatterns) {
            if (Glob.matches(p, client)) {
                return "Your client, " + client + ", is not allowed on this server.";
            }
        }
        return null;
    }

    /**
     * login_interval (per address) and max_new_users_per_minute (in all), checked for every login
     * from a client before its password is; the login counts against both when it passes.
     */
    String login(String ip) {
        long now = now();
        int interval = config.integer("login_interval");
        if (interval > 0) {
            long[] a = addresses.get(ip);
            if (a != null && now - a[0] < interval) {
                return "reconnecting too fast: one login per " + interval + " seconds from an address";
            }
            addresses.remember(ip)[0] = now;
        }
        int perMinute = config.integer("max_new_users_per_minute");
        if (perMinute > 0) {
            if (now / 60 != minute) {
                minute = now / 60;
                loginsThisMinute = 0;
            }
            if (loginsThisMinute >= perMinute) {
                return "Connection handler overload: more than " + perMinute + " new users this minute, try again shortly";
            }
            loginsThisMinute++;
        }
        return null;
    }

    /**
     * A login that proved it is a registered Moderator or higher: it does not use up this
     * minute's max_new_users_per_minute (it counted while its password was unchecked).
     */
    void refundLogin() {
        if (loginsThisMinute > 0 && now() / 60 == minute) {
            loginsThisMinute--;
        }
    }

    /** register_interval: one new nick per interval from an address; a registration that passes counts. */
    String register(String ip) {
        int interval = config.integer("register_interval");
        if (interval <= 0) {
            return null;
        }
        long now = now();
        long[] a = addresses.get(ip);
        if (a != null && now - a[1] < interval) {
            return "reregistering too fast: one new nick per " + interval + " seconds from an address";
        }
        addresses.remember(ip)[1] = now;
        return null;
    }

    /** Forgets addresses whose last login and registration are older than both intervals. */
    private void prune() {
        if (addresses.size() == 0) {
            return;
        }
        addresses.prune(now(), Math.max(config.integer("login_interval"), config.integer("register_interval")));
    }

    /**
     * The server is full: with eject_when_full on, disconnects the user opennap-ng would eject to
     * make room (a leech first when eject_leeches is on, else the longest connected user sharing
     * fewer than eject_limit_files files and eject_limit_libsize kilobytes). Returns whether one was
     * ejected, so the login may proceed.
     */
    boolean ejectForRoom() {
        if (!config.flag("eject_when_full")) {
            return false;
        }
        long now = now();
        boolean graceOver = core.startMillis() / 1000 + config.integer("eject_grace_time") < now;
        EjectLimits limits = new EjectLimits(config.flag("eject_leeches"), config.integer("eject_after"),
                config.integer("eject_limit_files"), config.integer("eject_limit_libsize"), config.flag("eject_nochannels"));
        User loser = null;
        boolean leech = false;
        int fewest = Integer.MAX_VALUE;
        long when = Long.MAX_VALUE;
        for (User u : core.users()) {
            if (!u.local() || !ejectable(u, now, graceOver, limits)) {
                continue;
            }
            boolean isLeech = u.level() == Level.LEECH;
            int shared = index.count(u.id());
            if (loser == null || goesBefore(isLeech, shared, u.loginTime(), leech, fewest, when)) {
                loser = u;
                when = u.loginTime();
                leech = isLeech;
                fewest = shared;
            }
        }
        if (loser == null) {
            return false;
        }
        String reason = leech ? "Leech ejection to make room for real users."
                : "You have to share at least " + limits.files() + " files or "
                        + limits.kilobytes() + " KB, but you only share " + fewest + " files.";
        core.connectionLog().event("ejected to make room", loser.nick() + " from " + loser.ip());
        core.metrics().flood("ejections");
        core.events().event("limit", loser.nick(), loser.ip(), "ejected to make room: " + reason);
        String server = config.string("server_name");
        core.tellModerators(org.opennapj.server.core.Notice.KILL, "Server " + server + " killed " + loser.nick() + ": " + reason);
        core.kill(loser, reason);
        return true;
    }

    /**
     * Whether an ejectable user (leech or not, files shared, login time) is ejected before the
     * one chosen so far: a leech before any other user, whatever their login times; then the one
     * sharing fewest files; then the one connected longest.
     */
    static boolean goesBefore(boolean leech, int shared, long loginTime, boolean chosenLeech, int chosenShared,
                              long chosenLoginTime) {
        if (leech != chosenLeech) {
            return leech;
        }
        if (shared != chosenShared) {
            return shared < chosenShared;
        }
        return loginTime < chosenLoginTime;
    }

    /** The eject_* settings, read once per search for someone to eject. */
    private record EjectLimits(boolean leeches, int after, int files, int kilobytes, boolean noChannels) {
    }

    /** opennap-ng's check_eject_limits for a user connected here. */
    private boolean ejectable(User u, long now, boolean graceOver, EjectLimits limits) {
        if (u.level() == Level.LEECH && limits.leeches()) {
            return true;
        }
        if (u.level() != Level.USER || u.loginTime() + limits.after() >= now || !graceOver) {
            return false;
        }
        if (index.count(u.id()) >= limits.files() || index.bytes(u.id()) / 1024 >= limits.kilobytes()) {
            return false;
        }
        return u.channels().isEmpty() || !limits.noChannels();
    }
}
