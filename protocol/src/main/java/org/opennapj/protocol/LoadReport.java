package org.opennapj.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OpenNapJ server's report of its load to its network's metaserver: one UDP datagram, one line
 * of ISO-8859-1 text, eleven fields separated by single spaces:
 *
 * <pre>OPENNAPJ-LOAD/1 &lt;millis&gt; &lt;interval&gt; &lt;host:port&gt; &lt;users&gt; &lt;files&gt; &lt;load average&gt; &lt;bytes&gt; &lt;local clients&gt; &lt;name&gt; &lt;hmac&gt;</pre>
 *
 * {@code millis} is the sender's clock (milliseconds since 1970, UTC), {@code interval} the seconds
 * until its next report, {@code host:port} where clients are to be sent, the next five fields the
 * stats line's ({@link StatsLine}), {@code name} the server's name without white space, and
 * {@code hmac} the lowercase hex HMAC-SHA256, keyed with the network's shared secret, of
 * everything before the space in front of it. Whether a report is fresh is the receiver's matter.
 */
public record LoadReport(long millis, int interval, String address, StatsLine stats, String name) {

    public static final String MAGIC = "OPENNAPJ-LOAD/1";
    /** The longest datagram a receiver reads; a report is far shorter. */
    public static final int MAX_LENGTH = 512;
    /** The shortest shared secret either side accepts, in characters. */
    public static final int MIN_SECRET_LENGTH = 16;

    public LoadReport {
        if (interval < 1 || interval > 86_400) {
            throw new IllegalArgumentException("the interval is from 1 to 86400 seconds, not " + interval);
        }
        if (address == null || address.isEmpty() || address.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("not an address: '" + address + "'");
        }
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c > 0xFF || c == 0x7F)) {
            throw new IllegalArgumentException("a name is not empty and has no white space or control characters: '" + name + "'");
        }
        if (millis < 0) {
            throw new IllegalArgumentException("a time before 1970");
        }
    }

    /** {@code name} made fit for a report: white space and control characters become {@code _}. */
    public static String reportName(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : (name == null ? "" : name.strip()).toCharArray()) {
            b.append(c <= ' ' || c > 0xFF || c == 0x7F ? '_' : c);
        }
        return b.isEmpty() ? "opennapj" : b.toString();
    }

    /** The datagram, signed with {@code secret}. */
    public byte[] encode(byte[] secret) {
        String signed = MAGIC + " " + millis + " " + interval + " " + address + " " + stats.format().strip() + " " + name;
        return (signed + " " + hmac(secret, signed) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads a datagram and checks its HMAC against {@code secret}; throws IllegalArgumentException
     * saying what is wrong (the format, or "bad signature").
     */
    public static LoadReport decode(byte[] datagram, int length, byte[] secret) {
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " bytes");
        }
        String line = new String(datagram, 0, length, StandardCharsets.ISO_8859_1);
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        int last = line.lastIndexOf(' ');
        if (!line.startsWith(MAGIC + " ") || last < 0) {
            throw new IllegalArgumentException("not a load report");
        }
        String signed = line.substring(0, last);
        byte[] expected = hmac(secret, signed).getBytes(StandardCharsets.ISO_8859_1);
        if (!MessageDigest.isEqual(expected, line.substring(last + 1).getBytes(StandardCharsets.ISO_8859_1))) {
            throw new IllegalArgumentException("bad signature");
        }
        String[] f = signed.split(" ", -1);
        if (f.length != 10) {
            throw new IllegalArgumentException("a load report has 11 fields, not " + (f.length + 1));
        }
        try {
            StatsLine stats = StatsLine.parse(String.join(" ", f[4], f[5], f[6], f[7], f[8]));
            return new LoadReport(Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3], stats, f[9]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }

    private static String hmac(byte[] secret, String text) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("no secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
