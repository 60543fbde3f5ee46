package org.opennapj.server.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of events an operator wants to see one line each of: refused logins, kills, bans,
 * flood and limit actions. Each line names the event, the nick and the address it concerns; the
 * same go in the line's key-value pairs ({@code event}, {@code nick}, {@code address}), which the
 * JSON log format writes as fields. Logger {@code org.opennapj.server.Events}; any thread.
 *
 * <p>For flood control: {@code core.events().event("flood", nick, address, "over 100 commands in 10 s: disconnected")}
 * next to {@code core.metrics().flood("commands")}.
 */
public final class EventLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.opennapj.server.Events");

    /**
     * One event: {@code kind} a fixed word ("login_refused", "kill", "ban", "unban", "flood",
     * "limit"), {@code nick} and {@code address} whom it concerns (either may be "-" when unknown,
     * {@code address} a glob for a ban), {@code text} what happened and why.
     */
    public void event(String kind, String nick, String address, String text) {
        String n = nick == null || nick.isEmpty() ? "-" : nick;
        String a = address == null || address.isEmpty() ? "-" : address;
        LOG.atInfo().addKeyValue("event", kind).addKeyValue("nick", n).addKeyValue("address", a)
                .log("{} {}!{}: {}", kind, n, a, text);
    }

    /** A ban target ({@code nick!address} glob, or a bare nick or address) as its nick and address parts. */
    public void banEvent(String kind, String target, String text) {
        int bang = target.indexOf('!');
        if (bang >= 0) {
            event(kind, target.substring(0, bang), target.substring(bang + 1), text);
        } else if (target.indexOf('.') >= 0 || target.indexOf(':') >= 0) {
            event(kind, "*", target, text);
        } else {
            event(kind, target, "*", text);
        }
    }
}
