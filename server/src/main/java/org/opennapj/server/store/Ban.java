package org.opennapj.server.store;

/**
 * A server ban. The target is a {@code nick!address} glob pattern (see admin/Bans, which turns a
 * bare nick or address into that form as opennap-ng does). Times are UNIX seconds; expires 0 = never.
 */
public record Ban(String target, String setBy, String reason, long created, long expires) {

    public boolean expired(long now) {
        return expires > 0 && now >= expires;
    }

    /** Seconds the ban lasts from its creation (0: for ever), as 616 shows it. */
    public long timeout() {
        return expires > 0 ? Math.max(0, expires - created) : 0;
    }
}
