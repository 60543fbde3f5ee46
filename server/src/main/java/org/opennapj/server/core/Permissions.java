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

    /**
     * Who acts: an operator's nick and level, and whether it is cloaked (652). A client's actor is
     * its user ({@link #of}); the web page's is the signed-in account, online or not.
     */
    public record Actor(String nick, Level level, boolean cloaked) {
        public static Actor of(User u) {
            return new Actor(u.nick(), u.level(), u.cloaked);
        }
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
        return refusal(Actor.of(actor), what, targetNick, targetLevel);
    }

    /** As {@link #refusal(User, String, String, Level)}, for any actor. */
    public static String refusal(Actor actor, String what, String targetNick, Level targetLevel) {
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
        return nameFor(Actor.of(actor), viewer);
    }

    /** As {@link #nameFor(User, User)}, for any actor. */
    public static String nameFor(Actor actor, User viewer) {
        return actor.cloaked() && !viewer.level().atLeast(Level.MODERATOR) ? "Operator" : actor.nick();
    }

    /** "a User", "an Elite": a level as refusals name it. */
    public static String article(Level l) {
        return (l == Level.ADMIN || l == Level.ELITE ? "an " : "a ") + l.wireName();
    }
}
