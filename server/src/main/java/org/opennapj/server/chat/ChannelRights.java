package org.opennapj.server.chat;

import org.opennapj.server.core.Permissions;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;

/**
 * Who may do what in a channel: the one place every channel handler asks. Each check returns
 * null when the user may go ahead, otherwise the reason to put after "... failed: ".
 *
 * <p>The rules, after opennap-ng: Moderators and up may manage any channel, member or not;
 * otherwise a user manages a channel by being one of its operators (and so a member). Acting
 * against another user (kick, ban, muzzle, taking op or voice away) is also bound by levels: a
 * Moderator or up acting by server level follows {@link Permissions#outranks} (an Elite on
 * anyone, others on lower levels only); an operator below Moderator has authority over ordinary
 * users only: those below Moderator and not above the operator's own level.
 */
final class ChannelRights {

    private ChannelRights() {
    }

    /** Moderators and up: channel rules do not bind them (joining, speaking, managing). */
    static boolean privileged(User u) {
        return u.level().atLeast(Level.MODERATOR);
    }

    /** Whether {@code u} may manage {@code c} (op, voice, kick, ban, modes, level, limit, clear). */
    static String manage(Channel c, User u) {
        if (privileged(u)) {
            return null;
        }
        if (!c.members.contains(u)) {
            return "you are not in channel " + c.name;
        }
        if (!c.isOperator(u)) {
            return "you are not an operator of channel " + c.name;
        }
        return null;
    }

    /** Whether {@code actor} may take something away from {@code target} on {@code c}. */
    static String actOn(Channel c, User actor, User target) {
        String no = manage(c, actor);
        if (no != null || actor == target) {
            return no;
        }
        boolean allowed = privileged(actor)
                ? Permissions.outranks(actor.level(), target.level())
                : !privileged(target) && target.level().compareTo(actor.level()) <= 0;
        return allowed ? null
                : "permission denied: " + target.nick() + " is " + Permissions.article(target.level()) + " and you are " + Permissions.article(actor.level());
    }

    /** Whether a member may send a public message or an emote to {@code c}. */
    static String speak(Channel c, User u) {
        if (u.muzzled) {
            return "you are muzzled";
        }
        if (privileged(u) || c.isOperator(u)) {
            return null;
        }
        if (c.muzzled.containsKey(u.key())) {
            return "you are muzzled on channel " + c.name;
        }
        if (c.has(ChannelMode.MODERATED) && !c.voiced.contains(u)) {
            return "channel " + c.name + " is moderated: only operators and voiced members may speak";
        }
        return null;
    }

    /** Whether {@code u} may join the existing channel {@code c}. */
    static String join(Channel c, User u) {
        if (!u.level().atLeast(c.level)) {
            return "requires level " + c.level.wireName();
        }
        if (privileged(u)) {
            return null;
        }
        ChannelBan ban = c.banFor(u);
        if (ban != null) {
            return "you are banned from channel " + c.name + (ban.reason().isEmpty() ? "" : ": " + ban.reason());
        }
        if (c.has(ChannelMode.INVITE) && !c.invited.contains(u)) {
            return "channel " + c.name + " is invite only";
        }
        if (c.limit > 0 && c.members.size() >= c.limit) {
            return "channel " + c.name + " is full (" + c.limit + " members)";
        }
        return null;
    }

    /** Whether {@code u} may change the topic of {@code c}. */
    static String setTopic(Channel c, User u) {
        if (privileged(u)) {
            return null;
        }
        if (!c.members.contains(u)) {
            return "you are not in channel " + c.name;
        }
        if (!c.has(ChannelMode.TOPIC) && !c.isOperator(u)) {
            return "only channel operators and moderators may set the topic of " + c.name;
        }
        return null;
    }

    /** Whether {@code u} may set or clear {@code mode} on {@code c}. */
    static String changeMode(Channel c, User u, ChannelMode mode) {
        if (mode == ChannelMode.REGISTERED && !privileged(u)) {
            return "only moderators and up may make a channel permanent or not (REGISTERED)";
        }
        return manage(c, u);
    }

    /** Whether {@code u} may require {@code level} to join {@code c}. */
    static String setLevel(Channel c, User u, Level level) {
        String no = manage(c, u);
        if (no == null && level.compareTo(u.level()) > 0) {
            no = "permission denied: you cannot require a level above your own (" + u.level().wireName() + ")";
        }
        return no;
    }

    /** Whether {@code u} may invite users to {@code c} (members may; Moderators and up anywhere). */
    static String invite(Channel c, User u) {
        return privileged(u) || c.members.contains(u) ? null : "you are not in channel " + c.name;
    }

    /** Whether {@code u} may send a message to the operators of {@code c} (10208). */
    static String messageOperators(Channel c, User u) {
        return manage(c, u);
    }

    /**
     * Whether {@code viewer} sees {@code member} come, go and in member lists (406, 407, 408, 825):
     * a cloaked (652) member is hidden from users below Moderator, as on opennap-ng.
     */
    static boolean seesMember(User viewer, User member) {
        return !member.cloaked || viewer == member || privileged(viewer);
    }

    /** Whether {@code u} sees {@code c} in the 617 and 827 lists: PRIVATE ones only members and Moderators and up. */
    static boolean see(Channel c, User u) {
        return !c.has(ChannelMode.PRIVATE) || privileged(u) || c.members.contains(u);
    }
}
