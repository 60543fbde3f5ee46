package org.opennapj.server.core;

import org.opennapj.server.store.Level;

/**
 * Who may act on whom. The level a numeric needs is checked by the dispatch
 * ({@link ServerCore#on(org.opennapj.protocol.MessageType, Level, Handler)}); what remains for a
 * handler is whether its sender may act on a particular user, which is this rule: an Elite may
 * act on anyone, everyone else only on users of a lower level. Refusals are a 404 that starts
 * with "permission denied" and change nothing.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Whether a user at level {@code actor} may act on a user at level {@code target}. */
    public static boolean outranks(Level actor, Level target) {
        return actor == Level.ELITE || actor.compareTo(target) > 0;
    }

    /**
     * Null when {@code actor} may act on {@code targetNick} (at {@code targetLevel}); otherwise the
     * refusal to send, e.g. {@code "kill failed: permission denied: bob is a Moderator"}.
     */
    public static String refusal(User actor, String what, String targetNick, Level targetLevel) {
        if (outranks(actor.level(), targetLevel)) {
            return null;
        }
        return what + " failed: permission denied: " + targetNick + " is " + article(targetLevel)
                + " and you are " + article(actor.level());
    }

    /**
     * How an operator is named to a user it acts on: a cloaked (652) operator is "Operator" to users
     * below Moderator, as in opennap-ng.
     */
    public static String nameFor(User actor, User viewer) {
        return actor.cloaked && !viewer.level().atLeast(Level.MODERATOR) ? "Operator" : actor.nick();
    }

    /** "a User", "an Elite": a level as refusals name it. */
    public static String article(Level l) {
        return (l == Level.ADMIN || l == Level.ELITE ? "an " : "a ") + l.wireName();
    }
}
