package org.opennapj.server.account;

import java.util.Locale;
import java.util.Set;

/**
 * Which nicks are valid, as opennap-ng decides: printable ASCII without spaces or any of
 * {@code % $ * ? . ! " , \}, not starting with {@code # & : -} (channel and server prefixes),
 * not a service name, and at most {@code max_nick_length} characters.
 */
public final class NickRules {

    private static final Set<String> RESERVED = Set.of("operserv", "chanserv", "operator", "nickserv");
    private static final String FORBIDDEN = "%$*?.!\",\\";

    private NickRules() {
    }

    /** Null when the nick is valid, otherwise what is wrong with it, for the user. */
    public static String problem(String nick, int maxLength) {
        if (nick == null || nick.isEmpty()) {
            return "a nick is required";
        }
        if (RESERVED.contains(nick.toLowerCase(Locale.ROOT))) {
            return "'" + nick + "' is reserved for the server";
        }
        if ("#&:-".indexOf(nick.charAt(0)) >= 0) {
            return "a nick may not start with " + nick.charAt(0);
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            if (c < '!' || c > '~') {
                return "a nick may only contain printable ASCII characters without spaces";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "a nick may not contain " + c;
            }
        }
        if (maxLength > 0 && nick.length() > maxLength) {
            return "a nick may have at most " + maxLength + " characters";
        }
        return null;
    }
}
