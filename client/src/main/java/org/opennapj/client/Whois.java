package org.opennapj.client;

import java.util.List;
import org.opennapj.protocol.Message;

/**
 * The server's answer to a whois (603): 604 for a user online, 605 (whowas) for one who is not.
 *
 * @param nick    the user as the server spells it
 * @param level   the user level ("User", "Moderator", ...)
 * @param online  604 (true) or 605 (false)
 * @param fields  every field of the answer, in order (604: nick, level, seconds online, channels,
 *                status, shared, downloads, uploads, link type, client info, then the moderator
 *                fields; 605: nick, level, last seen)
 * @param message the answer itself
 */
public record Whois(String nick, String level, boolean online, List<String> fields, Message message) {

    public Whois {
        fields = List.copyOf(fields);
    }

    /** A field of a 604 as a number, or -1 when absent or not a number. */
    private long number(int i) {
        if (!online || fields.size() <= i) {
            return -1;
        }
        try {
            return Long.parseLong(fields.get(i));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Files shared (604), or -1. */
    public long shared() {
        return number(5);
    }

    /** Link type (604), or -1. */
    public long linkType() {
        return number(8);
    }

    /** Channels the user is in (604); empty for a 605. */
    public List<String> channels() {
        return !online || fields.size() < 4 || fields.get(3).isBlank() ? List.of() : List.of(fields.get(3).trim().split(" +"));
    }
}
