package org.opennapj.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;

/** An in-process server on 127.0.0.1 with its web page on a free port, for the web page's tests. */
final class WebServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final OpenNapServer server;
    final WebPage page;

    private WebServer(OpenNapServer server) {
        this.server = server;
        this.page = server.extension(WebPage.class);
    }

    /** Starts a server; overrides are "key", "value" pairs of config keys. */
    static WebServer start(Path dataDir, String... overrides) throws Exception {
        ServerConfig c = new ServerConfig()
                .set("listen_addr", "127.0.0.1")
                .set("server_ports", "0")
                .set("password_hash_iterations", "1000")
                .set("server_name", "test.opennapj")
                .set("stat_click", "0")
                .set("web_port", "0")
                .set("web_listen", "127.0.0.1");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            c.set(overrides[i], overrides[i + 1]);
        }
        return new WebServer(OpenNapServer.start(dataDir, c));
    }

    /** Writes an account into a data directory's store; call before {@link #start} on that directory. */
    static void createAccount(Path dataDir, String nick, String password, Level level) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        try (SqliteAccountStore store = new SqliteAccountStore(dataDir)) {
            store.insert(new Account(nick, PasswordHash.create(password, 1000), nick + "@example.org", level, now, now));
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + page.port() + path;
    }

    /** Connects and logs in (2) over the protocol; the 3 or the 0 that answered. */
    Message login(String nick, String password, ServerSession[] opened) throws Exception {
        ServerSession s = ServerSession.connect("127.0.0.1", server.port(), TIMEOUT);
        s.send(MessageType.LOGIN.code(), nick + " " + password + " 6699 \"nap v1.0\" 3");
        Message m = s.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code());
        if (opened != null && m.type() == MessageType.LOGIN_ACK.code()) {
            s.expect(TIMEOUT, MessageType.STATS.code());
            opened[0] = s;
        } else {
            s.close();
        }
        return m;
    }

    /** A logged-in protocol session, or an exception saying why the login was refused. */
    ServerSession loggedIn(String nick, String password) throws Exception {
        ServerSession[] s = new ServerSession[1];
        Message m = login(nick, password, s);
        if (s[0] == null) {
            throw new IOException("login of " + nick + " refused: " + m.data());
        }
        return s[0];
    }

    /** The form token on a page. */
    static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form token on the page: " + html);
        }
        return m.group(1);
    }

    /** A browser without a browser: keeps its cookies, follows redirects. */
    final class Visitor {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(TIMEOUT).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Posts a form; "key", "value" pairs, sent as they are (no token added). */
        HttpResponse<String> post(String path, String... fields) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i + 1 < fields.length; i += 2) {
                if (body.length() > 0) {
                    body.append('&');
                }
                body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Posts a form from the page at {@code formPage} with that page's token. */
        HttpResponse<String> submit(String formPage, String path, String... fields) throws Exception {
            String token = token(get(formPage).body());
            String[] all = java.util.Arrays.copyOf(fields, fields.length + 2);
            all[fields.length] = "csrf";
            all[fields.length + 1] = token;
            return post(path, all);
        }

        HttpResponse<String> signIn(String nick, String password) throws Exception {
            return submit("/signin", "/signin", "nick", nick, "password", password);
        }
    }

    Visitor visitor() {
        return new Visitor();
    }

    @Override
    public void close() {
        server.close();
    }
}
