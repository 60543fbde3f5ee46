package org.opennapj.server.chat;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * Channel modes (10209), shown and changed as {@code +NAME} / {@code -NAME}, any case, as in
 * opennap-ng:
 * <ul>
 * <li>PRIVATE: the channel is left out of the 617 and 827 lists (Admins and up still see it);</li>
 * <li>MODERATED: only operators, voiced members and Moderators and up may speak;</li>
 * <li>INVITE: only invited users (and Moderators and up) may join;</li>
 * <li>TOPIC: any member may change the topic (normally only operators may);</li>
 * <li>REGISTERED: the channel is permanent: it stays with no members, its state is kept in the
 *     channels file, and nobody becomes its operator by being its first member. Moderators and up
 *     only.</li>
 * </ul>
 */
enum ChannelMode {
    PRIVATE, MODERATED, INVITE, TOPIC, REGISTERED;

    int bit() {
        return 1 << ordinal();
    }

    /** The mode called {@code name} (any case), or null. */
    static ChannelMode find(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (ChannelMode m : values()) {
            if (m.name().equals(n)) {
                return m;
            }
        }
        return null;
    }

    /** The set modes as {@code +NAME} words separated by spaces (empty for none). */
    static String describe(int modes) {
        StringJoiner j = new StringJoiner(" ");
        for (ChannelMode m : values()) {
            if ((modes & m.bit()) != 0) {
                j.add("+" + m.name());
            }
        }
        return j.toString();
    }
}
