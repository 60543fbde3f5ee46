package org.opennapj.server.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted slow password hashes (PBKDF2-HMAC-SHA256 from the JDK), stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} with base64 salt and hash.
 *
 * <p>An account that comes from opennap-ng (a linked opennap-ng server's 10014, or its users
 * file) carries opennap-ng's salted MD5 form {@code 1,<8-character salt>,<base64 MD5(salt ‖
 * password)>}. That form is never stored as it came: it is wrapped, the PBKDF2 taken of its
 * base64 digest, as {@code md5-pbkdf2-sha256$<iterations>$<salt>$<hash>$<md5-salt>}. Checking a
 * password against it takes the MD5 step and then the PBKDF2 one, so the stored value is as slow
 * to guess from as our own; the first successful login replaces it with a plain PBKDF2 hash
 * ({@link #outdated} is always true for it).
 */
public final class PasswordHash {

    private static final String PREFIX = "pbkdf2-sha256";
    private static final String WRAPPED = "md5-pbkdf2-sha256";
    /** opennap-ng's stored form: version 1, an 8-character salt and the unpadded base64 MD5. */
    private static final java.util.regex.Pattern OPENNAP_NG =
            java.util.regex.Pattern.compile("1,([A-Za-z0-9+/]{8}),([A-Za-z0-9+/]{22})(==)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String create(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when password matches the stored hash; false for a wrong password or a malformed hash. */
    public static boolean verify(String password, String stored) {
        String[] parts = stored.split("\\$");
        boolean wrapped = parts.length == 5 && parts[0].equals(WRAPPED);
        if (!wrapped && (parts.length != 4 || !parts[0].equals(PREFIX))) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            String input = wrapped ? opennapNgDigest(parts[4], password) : password;
            return MessageDigest.isEqual(expected, derive(input, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a value is opennap-ng's salted MD5 form ({@code 1,<salt>,<digest>}). */
    public static boolean isOpennapNg(String form) {
        return OPENNAP_NG.matcher(form).matches();
    }

    /**
     * Wraps opennap-ng's salted MD5 form into a value this class stores and checks (slow: one
     * PBKDF2). Throws IllegalArgumentException when {@code form} is not that form.
     */
    public static String wrapOpennapNg(String form, int iterations) {
        java.util.regex.Matcher m = OPENNAP_NG.matcher(form);
        if (!m.matches()) {
            throw new IllegalArgumentException("not opennap-ng's 1,<salt>,<digest> form");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return WRAPPED + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(m.group(2), salt, iterations)) + "$" + m.group(1);
    }

    /**
     * Whether {@code stored} is the wrapped form of an opennap-ng value with the same MD5 salt as
     * {@code form} ({@code 1,<salt>,<digest>}): taking {@code form} again would only wrap the same
     * value anew. Cheap (no PBKDF2), so a peer repeating its 10014 costs no hashing.
     */
    public static boolean wrappedFromSameSalt(String stored, String form) {
        if (!stored.startsWith(WRAPPED + "$")) {
            return false;
        }
        java.util.regex.Matcher m = OPENNAP_NG.matcher(form);
        if (!m.matches()) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        return parts.length == 5 && parts[4].equals(m.group(1));
    }

    /**
     * Whether a value received as a stored hash (from another OpenNapJ server) is one this class
     * can check: a well-formed PBKDF2 or wrapped value, with a sane iteration count.
     */
    public static boolean wellFormed(String stored) {
        String[] parts = stored.split("\\$", -1);
        boolean plain = parts.length == 4 && parts[0].equals(PREFIX);
        boolean wrapped = parts.length == 5 && parts[0].equals(WRAPPED) && parts[4].matches("[A-Za-z0-9+/]{8}");
        if (!plain && !wrapped) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            return iterations >= 1 && iterations <= MAX_ITERATIONS
                    && Base64.getDecoder().decode(parts[2]).length >= 8
                    && Base64.getDecoder().decode(parts[3]).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Most PBKDF2 iterations accepted in a hash from elsewhere (a peer cannot make checks take minutes). */
    private static final int MAX_ITERATIONS = 10_000_000;

    /** The base64 MD5 of opennap-ng's salt and a password, without padding: what its form stores. */
    private static String opennapNgDigest(String salt, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(salt.getBytes(StandardCharsets.ISO_8859_1));
            md5.update(password.getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().withoutPadding().encodeToString(md5.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** Whether a stored hash was made with other settings than {@code iterations} (or is not ours). */
    public static boolean outdated(String stored, int iterations) {
        String[] parts = stored.split("\\$");
        return parts.length != 4 || !parts[0].equals(PREFIX) || !parts[1].equals(Integer.toString(iterations));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        // the wire is ISO-8859-1: derive from the exact bytes the client sent
        char[] chars = new String(password.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1).toCharArray();
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(chars, salt, Math.max(1, iterations), 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
