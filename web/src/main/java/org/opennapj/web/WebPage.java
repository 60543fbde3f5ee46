package org.opennapj.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.admin.Bans;
import org.opennapj.server.admin.ServerInfo;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.Permissions.Actor;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.Level;
import org.opennapj.web.Views.AccountPage;
import org.opennapj.web.Views.BanRow;
import org.opennapj.web.Views.Moderation;
import org.opennapj.web.Views.Nav;
import org.opennapj.web.Views.Status;
import org.opennapj.web.Views.UserRow;
import org.opennapj.web.WebSessions.WebSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's web page (README "The web page"): the public status page, registration, an
 * account page, and the moderators' page. Served by Javalin (Jetty) on threads of its own
 * ({@code opennapj-web-N}); every read or change of the server's state is a task on the core
 * thread ({@link CoreCalls}) that calls the same methods the numerics call, so the web's
 * moderators meet the same permission rules and the same moderator notices as a client's, and
 * every action goes to the server's event log. Pages are templates (jte, HTML output escaped
 * everywhere); forms are plain HTML posts, so the page works without JavaScript.
 */
public final class WebPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebPage.class);
    static final String COOKIE = "opennapj_session";
    /** Most request threads; a request holds one while it waits for the core. */
    private static final int MAX_THREADS = 16;
    /** The window of failed sign-ins counted per address, and of registrations. */
    static final long SIGN_IN_WINDOW_SECONDS = 15 * 60;
    static final long REGISTRATION_WINDOW_SECONDS = 60 * 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font-family:sans-serif;margin:0;background:#f4f4f0;color:#222}
            header{background:#24476b;color:#fff;padding:.6em 1em;display:flex;justify-content:space-between;align-items:center}
            header a{color:#fff;margin-right:1em}header .home{font-weight:bold;font-size:1.2em}
            main{padding:0 1em 1em}table{border-collapse:collapse;margin:.5em 0;background:#fff}
            td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#e4e8ee}
            .notice{background:#dfd;padding:.5em 1em;margin:.5em 1em}.error{background:#fdd;padding:.5em 1em;margin:.5em 1em}
            form.inline{display:inline}input[type=text],input[type=password],input[type=email]{width:10em}
            .figures span{display:inline-block;margin-right:2em}.motd{background:#fff;padding:.5em;border:1px solid #ccc}
            label{display:block;margin:.3em 0}
            """;

    private final OpenNapServer.Features server;
    private final ServerConfig config;
    private final CoreCalls calls;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final WebSessions sessions = new WebSessions();
    private final AddressLimits signInFailures;
    private final AddressLimits registrations;
    private final Set<String> trustedProxies;
    private final Javalin app;

    private WebPage(OpenNapServer.Features server) {
        this.server = server;
        this.config = server.core().config();
        this.calls = new CoreCalls(server.core());
        this.signInFailures = new AddressLimits(config.integer("web_sign_in_failures"), SIGN_IN_WINDOW_SECONDS);
        this.registrations = new AddressLimits(Math.max(1, config.integer("web_registrations")), REGISTRATION_WINDOW_SECONDS);
        this.trustedProxies = Arrays.stream(config.string("web_trusted_proxies").split("[\\s,]+"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.startupWatcherEnabled = false;
            c.http.maxRequestSize = 16 * 1024;
            QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 2, 60_000);
            pool.setName("opennapj-web");
            c.jetty.threadPool = pool;
            c.routes.before(this::guard);
            c.routes.exception(Refused.class, (e, ctx) -> page(ctx.status(e.status), "message", switch (e.status) {
                case 401 -> "Sign in first";
                case 403 -> "Not allowed";
                case 429 -> "Too many attempts";
                default -> "Not found";
            }, Map.of("text", e.getMessage())));
            c.routes.exception(CoreCalls.Busy.class, (e, ctx) -> page(ctx.status(503), "message", "Busy", Map.of("text", e.getMessage())));
            c.routes.get("/style.css", ctx -> ctx.contentType("text/css").result(STYLE));
            c.routes.get("/", this::status);
            c.routes.get("/register", ctx -> page(ctx, "register", "Register", Map.of("restricted", config.flag("restrict_registration"))));
            c.routes.post("/register", this::register);
            c.routes.get("/signin", ctx -> page(ctx, "signin", "Sign in", Map.of()));
            c.routes.post("/signin", this::signIn);
            c.routes.post("/signout", this::signOut);
            c.routes.get("/account", this::account);
            c.routes.post("/account/password", this::changePassword);
            c.routes.post("/account/email", this::changeEmail);
            c.routes.get("/moderation", this::moderation);
            c.routes.post("/moderation/{action}", this::moderate);
        });
    }

    /** Starts the page on {@code host:port} (0: any free port). */
    static WebPage start(OpenNapServer.Features server, String host, int port) {
        WebPage page = new WebPage(server);
        page.app.start(host, port);
        LOG.info("web page on http://{}:{}/", host, page.port());
        return page;
    }

    /** The port the page is served on. */
    public int port() {
        return app.port();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(config.string("web_listen"), port());
    }

    @Override
    public void close() {
        app.stop();
    }

    /** A request refused with a status and a message shown on the page. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    // ------------------------------------------------------------------ every request

    /** Security headers on every answer; a form post must carry its session's token (else 403). */
    private void guard(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        if (HandlerType.POST.equals(ctx.method())) {
            WebSession s = session(ctx);
            if (s == null || !s.tokenMatches(ctx.formParam("csrf"))) {
                LOG.info("web: form post to {} from {} refused: no valid form token", ctx.path(), clientAddress(ctx));
                throw new Refused(403, "This form has expired or did not come from this site. Reload the page and try again.");
            }
        }
    }

    /** The client's address: the peer's, or the one a trusted proxy says it forwarded for. */
    String clientAddress(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (trustedProxies.contains(peer)) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                return hops[hops.length - 1].strip();   // the address our proxy saw; earlier ones can be forged
            }
        }
        return peer;
    }

    /** Whether the browser reached us over HTTPS (directly, or through a trusted proxy that says so). */
    boolean secure(Context ctx) {
        return ctx.req().isSecure() || (trustedProxies.contains(ctx.req().getRemoteAddr())
                && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
    }

    private WebSession session(Context ctx) {
        return sessions.get(ctx.cookie(COOKIE), System.currentTimeMillis());
    }

    /** This request's session, created (and its cookie set) if it has none. */
    private WebSession sessionOrNew(Context ctx) {
        WebSession s = session(ctx);
        return s != null ? s : newSession(ctx, null, null);
    }

    private WebSession newSession(Context ctx, WebSession old, String nick) {
        WebSession s = sessions.create(old, nick, System.currentTimeMillis());
        setCookie(ctx, s.id, -1);
        return s;
    }

    private void setCookie(Context ctx, String value, int maxAge) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + (secure(ctx) ? "; Secure" : ""));
    }

    /** Renders {@code template} inside the layout; every page has a session (its forms need the token). */
    private void page(Context ctx, String template, String title, Map<String, Object> params) {
        WebSession s = sessionOrNew(ctx);
        boolean moderator = false;
        if (s.nick != null) {
            try {
                // at Moderator or above as the account is now (an online user's level as it is now)
                moderator = calls.<Boolean>ask(f -> f.complete(actor(s.nick) != null));
            } catch (CoreCalls.Busy e) {
                moderator = false;
            }
        }
        Nav nav = new Nav(config.string("server_name"), s.nick, moderator, s.csrf, s.notice, s.error);
        s.notice = null;
        s.error = null;
        Map<String, Object> all = new HashMap<>(params);
        all.put("nav", nav);
        all.put("title", title);
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", all, out);
        ctx.html(out.toString());
    }

    /** After a form: back to a page, with what happened. */
    private static void done(Context ctx, WebSession s, String to, String notice, String error) {
        s.notice = notice;
        s.error = error;
        ctx.redirect(to, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** The user logged in to this server under {@code nick} (core thread), or null. */
    private User localUser(String nick) {
        User online = server.core().user(nick);
        return online != null && online.local() ? online : null;
    }

    // ------------------------------------------------------------------ public pages

    private void status(Context ctx) {
        Status st = calls.ask(f -> {
            ServerCore core = server.core();
            f.complete(new Status(ServerInfo.VERSION, core.userCount(), server.index().totalFiles(),
                    server.index().totalBytes() / (1024L * 1024 * 1024), uptime(core.uptimeSeconds()), server.accounts().count(),
                    server.channels().views(false), server.links().linkViews(), server.info().motdLines()));
        });
        page(ctx, "status", "Status", Map.of("status", st));
    }

    static String uptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        return (d > 0 ? d + " days, " : "") + h + " hours, " + m + " minutes";
    }

    private void register(Context ctx) {
        WebSession s = session(ctx);
        String ip = clientAddress(ctx);
        String nick = field(ctx, "nick");
        String password = rawField(ctx, "password");
        String email = field(ctx, "email");
        long now = System.currentTimeMillis();
        if (config.integer("web_registrations") == 0) {
            throw new Refused(403, "Registration on the web page is off on this server.");
        }
        String badPassword = passwordProblem(password);
        if (badPassword != null) {
            done(ctx, s, "/register", null, badPassword);
            return;
        }
        long wait = registrations.acquire(ip, now); // counted now, taken back if refused: concurrent ones cannot all pass
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            server.core().execute(() -> server.core().events().event("limit", nick, ip, "web registration refused: too many from this address"));
            throw new Refused(429, "Too many registrations from your address: try again in " + (wait + 59) / 60 + " minutes.");
        }
        String refused = calls.<String>ask(f -> server.login().registerFor("web " + ip, ip, nick, password, email, problem -> {
            if (problem == null) {
                server.core().events().event("register", nick, ip, "registered on the web page");
            } else {
                server.core().events().event("register_refused", nick, ip, "web registration refused: " + problem);
            }
            f.complete(problem);
        }));
        if (refused != null) {
            registrations.forgive(ip);
            done(ctx, s, "/register", null, refused);
            return;
        }
        done(ctx, s, "/", "Registered " + nick + ": you can log in with it from your client now.", null);
    }

    private void signIn(Context ctx) {
        WebSession s = session(ctx);
        String ip = clientAddress(ctx);
        String nick = field(ctx, "nick");
        String password = rawField(ctx, "password"); // as typed: a password with spaces is simply wrong
        // counted before the check, in one step with the limit, so concurrent guesses cannot all pass it
        long wait = signInFailures.acquire(ip, System.currentTimeMillis());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new Refused(429, "Too many failed sign-ins from your address: try again in " + (wait + 59) / 60 + " minutes.");
        }
        Account signedIn;
        try {
            signedIn = calls.<Account>ask(f -> {
                Account a = server.accounts().get(nick);
                if (a == null || password.isEmpty()) {
                    f.complete(null);
                } else if (!server.accounts().verifyFor("web " + ip, a, password, ok -> f.complete(ok ? server.accounts().get(nick) : null))) {
                    f.completeExceptionally(new CoreCalls.Busy());
                }
            });
        } catch (CoreCalls.Busy e) {
            signInFailures.forgive(ip); // not checked: not a failure
            throw e;
        }
        if (signedIn == null) {
            server.core().execute(() -> server.core().events().event("login_refused", nick, ip, "web sign-in: wrong nick or password"));
            done(ctx, s, "/signin", null, "Wrong nick or password.");
            return;
        }
        // only this attempt is taken back: a right password of one's own account must not wipe the
        // count of wrong guesses at others' made from the same address
        signInFailures.forgive(ip);
        WebSession fresh = newSession(ctx, s, signedIn.nick());
        server.core().execute(() -> server.core().events().event("web_sign_in", signedIn.nick(), ip, "signed in on the web page"));
        done(ctx, fresh, signedIn.level().atLeast(Level.MODERATOR) ? "/moderation" : "/account", "Signed in as " + signedIn.nick() + ".", null);
    }

    private void signOut(Context ctx) {
        WebSession s = session(ctx);
        WebSession fresh = newSession(ctx, s, null);
        done(ctx, fresh, "/", "Signed out.", null);
    }

    // ------------------------------------------------------------------ accounts

    /** The session of a signed-in request, or a refusal. */
    private WebSession signedIn(Context ctx) {
        WebSession s = session(ctx);
        if (s == null || s.nick == null) {
            throw new Refused(401, "Sign in first.");
        }
        return s;
    }

    private void account(Context ctx) {
        WebSession s = signedIn(ctx);
        AccountPage a = calls.ask(f -> {
            Account acc = server.accounts().get(s.nick);
            f.complete(acc == null ? null : new AccountPage(acc.nick(), acc.email(), acc.level().wireName(), time(acc.created())));
        });
        if (a == null) {
            sessions.remove(s);
            throw new Refused(401, "This account no longer exists.");
        }
        page(ctx, "account", "Account", Map.of("account", a));
    }

    private void changePassword(Context ctx) {
        WebSession s = signedIn(ctx);
        String ip = clientAddress(ctx);
        String current = rawField(ctx, "current");
        String password = rawField(ctx, "password");
        String badPassword = passwordProblem(password);
        if (badPassword != null) {
            done(ctx, s, "/account", null, badPassword);
            return;
        }
        String problem = calls.<String>ask(f -> {
            Account a = server.accounts().get(s.nick);
            if (a == null) {
                f.complete("This account no longer exists.");
                return;
            }
            boolean queued = server.accounts().verifyFor("web " + ip, a, current, ok -> {
                if (!ok) {
                    f.complete("The current password is wrong.");
                    return;
                }
                if (!server.accounts().changePasswordFor("web " + ip, a, password, updated -> {
                    if (updated != null) {
                        User online = localUser(a.nick());
                        if (online != null) {
                            online.account = updated;
                        }
                        server.core().events().event("web_account", a.nick(), ip, "changed password on the web page");
                    }
                    f.complete(updated == null ? "change password failed" : null);
                })) {
                    f.complete("the server is busy, try again in a minute");
                }
            });
            if (!queued) {
                f.complete("the server is busy, try again in a minute");
            }
        });
        if (problem == null) {
            sessions.removeOthers(s.nick, s); // whoever else knew the old password is signed out
        }
        done(ctx, s, "/account", problem == null ? "Your password was changed." : null, problem);
    }

    private void changeEmail(Context ctx) {
        WebSession s = signedIn(ctx);
        String ip = clientAddress(ctx);
        String email = field(ctx, "email");
        String problem = calls.<String>ask(f -> {
            String wrong = email.isEmpty() ? "an email address is required" : org.opennapj.server.account.Accounts.emailProblem(email);
            Account a = server.accounts().get(s.nick);
            if (wrong != null || a == null) {
                f.complete(wrong != null ? wrong : "This account no longer exists.");
                return;
            }
            Account updated = a.withEmail(email);
            User online = localUser(a.nick());
            if (online != null) {
                online.email = email;
                online.account = updated;
            }
            server.accounts().update(updated, () -> {
                server.core().events().event("web_account", a.nick(), ip, "changed email on the web page");
                f.complete(null);
            });
        });
        done(ctx, s, "/account", problem == null ? "Your email address was changed." : null, problem);
    }

    // ------------------------------------------------------------------ moderators

    /** The actor a signed-in moderator acts as (core thread), or null below Moderator. */
    private Actor actor(String nick) {
        User online = localUser(nick);
        if (online != null) {
            return online.level().atLeast(Level.MODERATOR) ? Actor.of(online) : null;
        }
        Account a = server.accounts().get(nick);
        return a != null && a.level().atLeast(Level.MODERATOR) ? new Actor(a.nick(), a.level(), false) : null;
    }

    private void moderation(Context ctx) {
        WebSession s = signedIn(ctx);
        Moderation m = calls.ask(f -> {
            if (actor(s.nick) == null) {
                f.complete(null);
                return;
            }
            List<UserRow> users = new ArrayList<>();
            for (User u : server.core().users()) {
                users.add(new UserRow(u.nick(), u.level().wireName(), u.ip(), u.clientInfo == null ? "" : u.clientInfo,
                        u.local() ? server.index().count(u.id()) : u.remoteShared, u.linkSpeed, time(u.loginTime()), u.muzzled,
                        u.local() ? config.string("server_name") : u.server, String.join(" ", u.channels())));
            }
            users.sort((a, b) -> a.nick().compareToIgnoreCase(b.nick()));
            List<BanRow> bans = new ArrayList<>();
            for (Ban b : server.bans().list()) {
                bans.add(new BanRow(Bans.shown(b).target(), b.setBy(), b.reason(), time(b.created()),
                        b.expires() > 0 ? time(b.expires()) : "never"));
            }
            List<String> levels = Arrays.stream(Level.values()).map(Level::wireName).toList();
            f.complete(new Moderation(users, bans, server.channels().views(true), levels));
        });
        if (m == null) {
            throw new Refused(403, "Only Moderators and up may see this page.");
        }
        page(ctx, "moderation", "Moderation", Map.of("moderation", m));
    }

    /** A moderator's action, as the numerics do it: kill, muzzle, unmuzzle, level, ban, unban. */
    private void moderate(Context ctx) {
        WebSession s = signedIn(ctx);
        String ip = clientAddress(ctx);
        String action = ctx.pathParam("action");
        String nick = field(ctx, "nick");
        String reason = field(ctx, "reason");
        String target = field(ctx, "target");
        String levelName = field(ctx, "level");
        String what = switch (action) {
            case "kill", "muzzle", "unmuzzle" -> action + " " + nick + (reason.isEmpty() ? "" : ": " + reason);
            case "level" -> "level " + nick + " " + levelName;
            case "ban", "unban" -> action + " " + target + (reason.isEmpty() ? "" : ": " + reason);
            default -> throw new Refused(404, "No such action.");
        };
        long seconds = 0;
        if (action.equals("ban") && !field(ctx, "minutes").isEmpty()) {
            try {
                seconds = Math.max(0, Long.parseLong(field(ctx, "minutes"))) * 60;
            } catch (NumberFormatException e) {
                done(ctx, s, "/moderation", null, "ban failed: the duration must be a number of minutes");
                return;
            }
        }
        long timeout = seconds;
        String refused = calls.<String>ask(f -> {
            Actor actor = actor(s.nick);
            if (actor == null) {
                f.complete("permission denied: only Moderators and up may do this");
                return;
            }
            List<String> problems = new ArrayList<>(1);
            Consumer<String> refusal = problems::add;
            switch (action) {
                case "kill" -> server.users().kill(actor, nick, reason, refusal);
                case "muzzle" -> server.users().muzzle(actor, nick, true, reason, refusal);
                case "unmuzzle" -> server.users().muzzle(actor, nick, false, reason, refusal);
                case "level" -> {
                    Level level = Level.parse(levelName);
                    if (level == null) {
                        refusal.accept("set user level failed: invalid level");
                    } else {
                        server.users().changeLevel(actor, nick, level, refusal);
                    }
                }
                case "ban" -> server.banCommands().ban(actor.nick(), target, reason, timeout, refusal);
                case "unban" -> server.banCommands().unban(actor.nick(), target, reason, refusal);
                default -> refusal.accept("no such action");
            }
            String problem = problems.isEmpty() ? null : problems.get(0);
            server.core().events().event("web_" + action, actor.nick(), ip,
                    "web page: " + what + (problem == null ? "" : " (refused: " + problem + ")"));
            f.complete(problem);
        });
        done(ctx, s, "/moderation", refused == null ? "Done: " + what : null, refused);
    }

    // ------------------------------------------------------------------ helpers

    /** A form field, stripped of surrounding spaces ("" when missing). */
    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v.strip();
    }

    /** A form field as it was sent ("" when missing): passwords, where every character counts. */
    private static String rawField(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null ? "" : v;
    }

    /**
     * Why a new password cannot be used, or null. A client sends its password as one field of a
     * line whose fields spaces separate: a password with a space (or any blank) could never be
     * typed into a client, so it is refused rather than quietly changed.
     */
    static String passwordProblem(String password) {
        if (password.isEmpty()) {
            return "a password is required";
        }
        if (password.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            return "A password cannot contain spaces (clients send it as one word); choose one without.";
        }
        return null;
    }

    static String time(long epochSeconds) {
        return epochSeconds <= 0 ? "-" : TIME.format(Instant.ofEpochSecond(epochSeconds));
    }
}
