package org.opennapj.server.core;

import java.util.Locale;

/**
 * What the server must do differently for a client program, derived once from the client
 * string of its login. Handlers ask the profile instead of testing client names themselves;
 * so far every client is served alike, so the profile only names the client's family.
 */
public record ClientProfile(String family) {

    public static final ClientProfile UNKNOWN = new ClientProfile("unknown");

    public static ClientProfile of(String clientInfo) {
        String c = clientInfo == null ? "" : clientInfo.toLowerCase(Locale.ROOT);
        for (String family : new String[] {"winmx", "teknap", "lopster", "xnap", "mp3::napster"}) {
            if (c.contains(family)) {
                return new ClientProfile(family);
            }
        }
        if (c.startsWith("nap ")) {
            return new ClientProfile("nap");
        }
        if (c.startsWith("v2.0") || c.contains("napster")) {
            return new ClientProfile("napster");
        }
        return UNKNOWN;
    }
}
