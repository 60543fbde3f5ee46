package org.opennapj.server.store;

/**
 * A server ban on a nick or an IPv4 address (a trailing-dot prefix such as {@code 10.1.2.}
 * covers a range, as in opennap-ng's ban list). Times are UNIX seconds; expires 0 = never.
 */
public record Ban(String target, String setBy, String reason, long created, long expires) {

    public boolean expired(long now) {
        return expires > 0 && now >= expires;
    }

    /** Whether this ban covers the nick or the dotted-quad address. */
    public boolean covers(String nick, String ip) {
        if (target.equalsIgnoreCase(nick)) {
            return true;
        }
        if (ip == null) {
            return false;
        }
        return target.endsWith(".") ? ip.startsWith(target) : target.equals(ip);
    }
}
