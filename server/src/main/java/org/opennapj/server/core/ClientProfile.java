package org.opennapj.server.core;

import java.util.Locale;

/**
 * What the server must do differently for a client program, derived once from the client
 * string of its login. Handlers ask the profile instead of testing client names themselves.
 */
public record ClientProfile(String family, boolean streamsShareListAtLogin) {

    public static final ClientProfile UNKNOWN = new ClientProfile("unknown", false);

    public static ClientProfile of(String clientInfo) {
        String c = clientInfo == null ? "" : clientInfo.toLowerCase(Locale.ROOT);
        if (c.contains("winmx")) {
            return new ClientProfile("winmx", true);
        }
        if (c.contains("teknap")) {
            return new ClientProfile("teknap", false);
        }
        if (c.contains("lopster")) {
            return new ClientProfile("lopster", false);
        }
        if (c.contains("xnap")) {
            return new ClientProfile("xnap", false);
        }
        if (c.startsWith("nap ")) {
            return new ClientProfile("nap", false);
        }
        if (c.startsWith("v2.0") || c.contains("napster")) {
            return new ClientProfile("napster", false);
        }
        return UNKNOWN;
    }
}
