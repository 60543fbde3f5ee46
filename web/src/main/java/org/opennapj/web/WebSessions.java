package org.opennapj.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web page's sessions: a random id in an HttpOnly, SameSite=Strict cookie names one; each has
 * its own random token that every form must send back (the synchronizer token against cross-site
 * posts), and, once signed in, the account's nick. Signing in or out gives a new session (a fixed
 * id from before the sign-in is worth nothing after it). At most {@link #MAX_SESSIONS}, each
 * forgotten after {@link #IDLE_MILLIS} unused; when full, the one unused longest goes. Shared by
 * the web's request threads, under its own lock; the server's state is not here.
 */
final class WebSessions {

    static final int MAX_SESSIONS = 10_000;
    static final long IDLE_MILLIS = 60 * 60 * 1000L;

    /** One browser's session. The nick is null until it signs in. */
    static final class WebSession {
        final String id;
        final String csrf;
        final String nick;
        long lastUsed;
        /** Shown once on the next page: what the last action did, or why it was refused. */
        volatile String notice;
        volatile String error;

        WebSession(String id, String csrf, String nick, long now) {
            this.id = id;
            this.csrf = csrf;
            this.nick = nick;
            this.lastUsed = now;
        }

        /** Whether {@code token} is this session's form token (compared in constant time). */
        boolean tokenMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebSession> sessions = new LinkedHashMap<>(16, 0.75f, true);

    /** The live session with this id, or null. */
    synchronized WebSession get(String id, long now) {
        if (id == null) {
            return null;
        }
        WebSession s = sessions.get(id);
        if (s == null) {
            return null;
        }
        if (now - s.lastUsed > IDLE_MILLIS) {
            sessions.remove(id);
            return null;
        }
        s.lastUsed = now;
        return s;
    }

    /** A new session (signed in as {@code nick}, or not when null), replacing {@code old} if given. */
    synchronized WebSession create(WebSession old, String nick, long now) {
        if (old != null) {
            sessions.remove(old.id);
        }
        if (sessions.size() >= MAX_SESSIONS) {
            Iterator<String> eldest = sessions.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        WebSession s = new WebSession(token(), token(), nick, now);
        sessions.put(s.id, s);
        return s;
    }

    synchronized void remove(WebSession s) {
        sessions.remove(s.id);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
