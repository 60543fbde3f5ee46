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
 * id from before the sign-in is worth nothing after it). Sessions not signed in (every first visit
 * makes one) and signed-in ones are kept apart: at most {@link #MAX_ANONYMOUS} of the first and
 * {@link #MAX_SIGNED_IN} of the second, each forgotten after {@link #IDLE_MILLIS} unused; when one
 * kind is full, its own one unused longest goes, so visits without a cookie, however many, never
 * end a signed-in session. Shared by the web's request threads, under its own lock; the server's
 * state is not here.
 */
final class WebSessions {

    static final int MAX_ANONYMOUS = 10_000;
    static final int MAX_SIGNED_IN = 10_000;
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
    private final Map<String, WebSession> anonymous = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, WebSession> signedIn = new LinkedHashMap<>(16, 0.75f, true);

    /** The live session with this id, or null. */
    synchronized WebSession get(String id, long now) {
        if (id == null) {
            return null;
        }
        WebSession s = signedIn.get(id);
        if (s == null) {
            s = anonymous.get(id);
        }
        if (s == null) {
            return null;
        }
        if (now - s.lastUsed > IDLE_MILLIS) {
            remove(s);
            return null;
        }
        s.lastUsed = now;
        return s;
    }

    /** A new session (signed in as {@code nick}, or not when null), replacing {@code old} if given. */
    synchronized WebSession create(WebSession old, String nick, long now) {
        if (old != null) {
            remove(old);
        }
        Map<String, WebSession> pool = nick == null ? anonymous : signedIn;
        if (pool.size() >= (nick == null ? MAX_ANONYMOUS : MAX_SIGNED_IN)) {
            Iterator<String> eldest = pool.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        WebSession s = new WebSession(token(), token(), nick, now);
        pool.put(s.id, s);
        return s;
    }

    /** Ends every signed-in session of {@code nick} except {@code keep} (after its password changed). */
    synchronized void removeOthers(String nick, WebSession keep) {
        signedIn.values().removeIf(s -> s != keep && s.nick.equalsIgnoreCase(nick));
    }

    synchronized void remove(WebSession s) {
        (s.nick == null ? anonymous : signedIn).remove(s.id);
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
