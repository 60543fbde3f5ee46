package org.opennapj.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.web.WebServer.TIMEOUT;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.Level;

/** The web page over plain HTTP: what it shows, what it refuses, and that it acts as the numerics do. */
class WebPageTest {

    static final String PASSWORD = "test-pw";

    @TempDir
    Path dir;

    private void staff() throws Exception {
        WebServer.createAccount(dir, "boss", PASSWORD, Level.ADMIN);
        WebServer.createAccount(dir, "mod", PASSWORD, Level.MODERATOR);
        WebServer.createAccount(dir, "reg", PASSWORD, Level.USER);
    }

    /** Waits for a 404 notice containing {@code text} (others are skipped). */
    static void awaitNotice(ServerSession s, String text) throws Exception {
        s.await(TIMEOUT, m -> m.type() == MessageType.NOTICE.code() && m.data().contains(text), "404 " + text);
    }

    @Test
    void theWebPageIsOffUnlessWebPortIsSet() throws Exception {
        try (OpenNapServer server = OpenNapServer.start(dir, new ServerConfig().set("listen_addr", "127.0.0.1")
                .set("server_ports", "0"))) {
            assertThat(server.extension(WebPage.class)).isNull();
        }
    }

    @Test
    void statusPageShowsTheServerAndEscapesWhatUsersWrote() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir);
             ServerSession mod = web.loggedIn("mod", PASSWORD);
             ServerSession evil = web.loggedIn("<script>", "x")) {
            mod.send(MessageType.JOIN.code(), "#talk");
            mod.expect(TIMEOUT, MessageType.JOIN_ACK.code());
            mod.send(MessageType.CHANNEL_TOPIC.code(), "#talk <script>alert(1)</script>");
            mod.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");

            String status = web.visitor().get("/").body();
            assertThat(status).contains("test.opennapj").contains("<b id=\"users\">2</b>").contains("#talk")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");

            WebServer.Visitor moderator = web.visitor();
            moderator.signIn("mod", PASSWORD);
            HttpResponse<String> banned = moderator.submit("/moderation", "/moderation/ban", "target", "spammer",
                    "reason", "<script>alert(2)</script>");
            assertThat(banned.body()).contains("&lt;script&gt;alert(2)&lt;/script&gt;")
                    .contains("value=\"&lt;script")   // the nick in a form field
                    .doesNotContain("<script>");
        }
    }

    @Test
    void formPostsWithoutTheSessionsTokenAreRefused() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir);
             ServerSession bob = web.loggedIn("bob", "x")) {
            WebServer.Visitor stranger = web.visitor();
            assertThat(stranger.post("/register", "nick", "newbie", "password", "pw1").statusCode()).isEqualTo(403);
            stranger.get("/register");   // now it has a session, but not the token
            assertThat(stranger.post("/register", "nick", "newbie", "password", "pw1", "csrf", "forged").statusCode())
                    .isEqualTo(403);
            assertThat(web.login("newbie", "pw1", null).data()).doesNotContain("Invalid Password");

            WebServer.Visitor moderator = web.visitor();
            moderator.signIn("mod", PASSWORD);
            // another site's page can make the moderator's browser post, but cannot read the token
            assertThat(moderator.post("/moderation/kill", "nick", "bob", "csrf", "forged").statusCode()).isEqualTo(403);
            assertThat(moderator.get("/moderation").body()).contains(">bob</td>");
            assertThat(moderator.submit("/moderation", "/moderation/kill", "nick", "bob").body()).contains("Done: kill bob");
        }
    }

    @Test
    void aFormLargerThanTheCapIsRefused() throws Exception {
        try (WebServer web = WebServer.start(dir)) {
            WebServer.Visitor visitor = web.visitor();
            HttpResponse<String> big = visitor.submit("/register", "/register", "nick", "newbie", "password", "pw1",
                    "email", "x".repeat(20 * 1024));
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(web.login("newbie", "pw1", null).data()).doesNotContain("Invalid Password");
            assertThat(visitor.submit("/register", "/register", "nick", "newbie", "password", "pw1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsAreAnsweredOnTheWebPagesOwnThreads() throws Exception {
        try (WebServer web = WebServer.start(dir)) {
            assertThat(web.visitor().get("/").statusCode()).isEqualTo(200);
            List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
            assertThat(names).anyMatch(n -> n.matches("opennapj-web-\\d+"))
                    .noneMatch(n -> n.startsWith("JettyServerThreadPool") || n.startsWith("qtp"));
        }
    }

    @Test
    void repeatedWrongSignInsFromAnAddressAreRefusedForAWhile() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir, "web_sign_in_failures", "3")) {
            WebServer.Visitor guesser = web.visitor();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = guesser.signIn("mod", "guess" + i);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("Wrong nick or password");
            }
            HttpResponse<String> refused = guesser.signIn("mod", PASSWORD);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("Too many failed sign-ins");
            assertThat(web.visitor().signIn("mod", PASSWORD).statusCode()).isEqualTo(429);   // the address, not the session
        }
    }

    @Test
    void concurrentWrongSignInsGetNoMoreChecksThanTheLimit() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir, "web_sign_in_failures", "3")) {
            int n = 12;
            List<WebServer.Visitor> guessers = new java.util.ArrayList<>();
            List<String> tokens = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                WebServer.Visitor v = web.visitor();
                guessers.add(v);
                tokens.add(WebServer.token(v.get("/signin").body()));
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
            try {
                List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) {
                    WebServer.Visitor v = guessers.get(i);
                    String token = tokens.get(i);
                    String guess = "guess" + i;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return v.post("/signin", "nick", "mod", "password", guess, "csrf", token);
                    }));
                }
                go.countDown();
                int checked = 0;
                for (var a : answers) {
                    HttpResponse<String> r = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    if (r.statusCode() == 200 && r.body().contains("Wrong nick or password")) {
                        checked++;
                    } else {
                        assertThat(r.statusCode()).isEqualTo(429);
                    }
                }
                assertThat(checked).isEqualTo(3);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void wrongSignInsCountAndARightOneTakesBackOnlyItself() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir, "web_sign_in_failures", "3")) {
            WebServer.Visitor v = web.visitor();
            v.signIn("mod", "wrong");
            v.signIn("mod", "wrong");
            HttpResponse<String> in = v.signIn("mod", PASSWORD);
            assertThat(in.statusCode()).isEqualTo(200);
            assertThat(in.body()).contains("Signed in as mod");
            // a success takes back only its own attempt: the two wrong guesses before it still
            // count, so one more reaches the limit and then even the right password waits
            v.signIn("mod", "wrong");
            assertThat(v.signIn("mod", PASSWORD).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndStrictAndSecureBehindAnHttpsProxy() throws Exception {
        try (WebServer web = WebServer.start(dir, "web_trusted_proxies", "127.0.0.1")) {
            java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
            HttpResponse<String> direct = plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web.url("/signin")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String cookie = direct.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith(WebPage.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
                    .doesNotContain("Secure");
            assertThat(direct.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
            HttpResponse<String> proxied = plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(web.url("/signin")))
                    .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(proxied.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        }
        try (WebServer web = WebServer.start(dir.resolve("untrusted"))) {
            HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(web.url("/signin"))).header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
        }
    }

    @Test
    void registrationFollowsTheClientsRulesAndIsLimitedPerAddress() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir, "web_registrations", "1")) {
            WebServer.Visitor v = web.visitor();
            assertThat(v.submit("/register", "/register", "nick", "bad.nick", "password", "pw1", "email", "").body())
                    .contains("Invalid nick bad.nick: a nick may not contain .");
            assertThat(v.submit("/register", "/register", "nick", "mod", "password", "pw1", "email", "").body())
                    .contains("Nick mod is already registered");
            assertThat(v.submit("/register", "/register", "nick", "carol", "password", "pw1", "email", "carol@example.org")
                    .body()).contains("Registered carol");
            try (ServerSession carol = web.loggedIn("carol", "pw1")) {
                assertThat(web.login("carol2", "x", null).type()).isEqualTo(MessageType.LOGIN_ACK.code());
            }
            assertThat(web.login("carol", "wrong", null).data()).contains("Invalid Password");
            HttpResponse<String> again = v.submit("/register", "/register", "nick", "dave", "password", "pw1", "email", "");
            assertThat(again.statusCode()).isEqualTo(429);
        }
        try (WebServer web = WebServer.start(dir.resolve("restricted"), "restrict_registration", "on")) {
            WebServer.Visitor v = web.visitor();
            assertThat(v.get("/register").body()).contains("registers new nicks only by its administrators");
            assertThat(v.submit("/signin", "/register", "nick", "erin", "password", "pw1").body())
                    .contains("Automatic registration is disabled");
        }
    }

    @Test
    void moderatorActionsFollowTheNumericsRulesAndAreToldToModerators() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir);
             ServerSession boss = web.loggedIn("boss", PASSWORD);
             ServerSession bob = web.loggedIn("bob", "x")) {
            WebServer.Visitor user = web.visitor();
            user.signIn("reg", PASSWORD);
            assertThat(user.get("/moderation").statusCode()).isEqualTo(403);
            assertThat(user.submit("/account", "/moderation/kill", "nick", "bob").body()).contains("permission denied");

            WebServer.Visitor mod = web.visitor();
            mod.signIn("mod", PASSWORD);
            assertThat(mod.submit("/moderation", "/moderation/kill", "nick", "boss").body())
                    .contains("kill failed: permission denied: boss is an Admin and you are a Moderator");
            assertThat(mod.submit("/moderation", "/moderation/muzzle", "nick", "bob", "reason", "calm down").body())
                    .contains("Done: muzzle bob");
            awaitNotice(boss, "mod has muzzled bob: calm down");
            awaitNotice(bob, "You have been muzzled by mod: calm down");
            assertThat(mod.submit("/moderation", "/moderation/level", "nick", "bob", "level", "Moderator").body())
                    .contains("set user level failed: permission denied: you cannot give a level as high as your own");
            assertThat(mod.submit("/moderation", "/moderation/level", "nick", "bob", "level", "Leech").body())
                    .contains("Done: level bob Leech");
            awaitNotice(boss, "mod changed bob's user level to Leech");
            assertThat(mod.submit("/moderation", "/moderation/kill", "nick", "bob", "reason", "spam").body())
                    .contains("Done: kill bob");
            awaitNotice(boss, "mod killed bob: spam");
            List<Message> last = untilClosed(bob);
            assertThat(last).anyMatch(m -> m.data().contains("You have been killed by mod: spam"));
            assertThat(mod.submit("/moderation", "/moderation/ban", "target", "bob", "reason", "spam", "minutes", "10").body())
                    .contains("Done: ban bob");
            awaitNotice(boss, "mod banned bob!* for 600 seconds: spam");
            assertThat(web.login("bob", "x", null).data()).contains("You are banned from this server");
            assertThat(mod.submit("/moderation", "/moderation/unban", "target", "bob!*").body()).contains("Done: unban bob!*");
            awaitNotice(boss, "mod removed ban on bob!*");
            assertThat(web.login("bob", "x", null).type()).isEqualTo(MessageType.LOGIN_ACK.code());
        }
    }

    @Test
    void aPasswordWithSpacesIsRefusedNotTrimmed() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir)) {
            WebServer.Visitor v = web.visitor();
            assertThat(v.submit("/register", "/register", "nick", "spacey", "password", " pw1 ").body()).contains("cannot contain spaces");
            assertThat(v.submit("/register", "/register", "nick", "spacey", "password", "pw1").body())
                    .as("not registered with a trimmed password before").contains("Registered spacey");
            assertThat(v.submit("/signin", "/signin", "nick", "reg", "password", PASSWORD + " ").body()).contains("Wrong nick or password");
        }
    }

    @Test
    void theAccountPageChangesThePasswordAndTheEmail() throws Exception {
        staff();
        try (WebServer web = WebServer.start(dir)) {
            WebServer.Visitor v = web.visitor();
            assertThat(v.get("/account").statusCode()).isEqualTo(401);
            v.signIn("reg", PASSWORD);
            WebServer.Visitor elsewhere = web.visitor();
            elsewhere.signIn("reg", PASSWORD);
            assertThat(elsewhere.get("/account").statusCode()).isEqualTo(200);
            assertThat(v.submit("/account", "/account/email", "email", "new@example.org").body())
                    .contains("Your email address was changed").contains("new@example.org");
            assertThat(v.submit("/account", "/account/password", "current", "wrong", "password", "other-pw").body())
                    .contains("The current password is wrong");
            assertThat(v.submit("/account", "/account/password", "current", PASSWORD, "password", " other-pw ").body())
                    .contains("cannot contain spaces");
            assertThat(v.submit("/account", "/account/password", "current", " " + PASSWORD, "password", "other-pw").body())
                    .as("the current password is not trimmed either").contains("The current password is wrong");
            assertThat(web.login("reg", PASSWORD, null).data()).as("unchanged").doesNotContain("Invalid Password");
            assertThat(v.submit("/account", "/account/password", "current", PASSWORD, "password", "other-pw").body())
                    .contains("Your password was changed");
            assertThat(elsewhere.get("/account").statusCode()).as("the other session ended").isEqualTo(401);
            assertThat(v.get("/account").statusCode()).as("the changing session goes on").isEqualTo(200);
            assertThat(web.login("reg", PASSWORD, null).data()).contains("Invalid Password");
            web.loggedIn("reg", "other-pw").close();
            v.submit("/account", "/signout");
            assertThat(v.get("/account").statusCode()).isEqualTo(401);
        }
    }

    /** Everything received until the server closes the connection (at most {@link WebServer#TIMEOUT}). */
    static List<Message> untilClosed(ServerSession s) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Message> got = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            Message m = s.next(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null || m == ServerSession.CLOSED) {
                return got;
            }
            got.add(m);
        }
        throw new AssertionError("still open; got " + got);
    }
}
