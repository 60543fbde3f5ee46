package org.opennapj.server.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.opennapj.server.core.User;

/**
 * Passwords this process has already checked against their slow hash, so a user who logs in again
 * (a reconnect, a blip) is let in at once instead of paying for the hash again. Nothing here can
 * check a password without this process: each entry is an HMAC-SHA256, under a random key made at
 * start-up and never stored, of the account's stored hash and the password; it lives in memory only.
 * An entry covers one stored hash, so it stops matching as soon as the password (and with it the
 * hash) changes, and it is forgotten then too. A wrong password never matches, and goes on to the
 * slow check. Core thread only.
 */
final class VerifiedPasswords {

    private final Mac mac;
    private final Map<String, byte[]> byKey = new HashMap<>();

    VerifiedPasswords() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Whether this password was verified against exactly this stored hash of the nick. */
    boolean matches(String nick, String storedHash, String password) {
        byte[] known = byKey.get(User.key(nick));
        return known != null && MessageDigest.isEqual(known, tag(storedHash, password));
    }

    /** Remembers a password just verified against (or hashed into) the nick's stored hash. */
    void remember(String nick, String storedHash, String password) {
        byKey.put(User.key(nick), tag(storedHash, password));
    }

    /** Forgets the nick's entry: its password is changing, or the account is gone. */
    void forget(String nick) {
        byKey.remove(User.key(nick));
    }

    int size() {
        return byKey.size();
    }

    private byte[] tag(String storedHash, String password) {
        // the stored hash has no NUL, so the two parts cannot be shifted into each other
        mac.update(storedHash.getBytes(StandardCharsets.ISO_8859_1));
        mac.update((byte) 0);
        return mac.doFinal(password.getBytes(StandardCharsets.ISO_8859_1));
    }
}
