package org.opennapj.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The allowed values of configuration keys, kept apart from the defaults in {@link ServerConfig}
 * so a new key is one line in each table. A key with a rule here is checked against it; a key
 * without one is checked by its default's type only (a whole number may not be negative, a flag
 * must be a flag), as before.
 *
 * <p>Numbers and flags are read as opennap-ng reads them: a number is a whole decimal number
 * (an optional sign, no suffixes such as {@code k} or {@code m}: opennap-ng accepts none, a size
 * is a number of bytes), a flag is {@code on}/{@code off}, {@code yes}/{@code no},
 * {@code true}/{@code false} or a number (0 is off, anything else on).
 */
final class ConfigRules {

    /**
     * What one key accepts: a whole number in [min, max] (with {@code list}: one or more, separated
     * by white space, as opennap-ng's list keys), or one of the choices (case-insensitive).
     */
    record Rule(long min, long max, List<String> choices, boolean list) {

        /** Null when {@code value} is allowed, otherwise what is wrong with it (naming the key and the range). */
        String problem(String key, String value) {
            if (choices != null) {
                for (String c : choices) {
                    if (c.equalsIgnoreCase(value.strip())) {
                        return null;
                    }
                }
                return key + " must be one of " + String.join(", ", choices) + ", not '" + value + "'";
            }
            if (list) {
                String[] parts = value.strip().split("\\s+");
                for (String part : parts) {
                    Long n = number(part);
                    if (n == null || n < min || n > max) {
                        return key + " must be one or more whole numbers from " + min + " to " + max + ", not '" + value + "'";
                    }
                }
                return null;
            }
            Long n = number(value);
            if (n == null || n < min || n > max) {
                return key + " must be a whole number from " + min + " to " + max + ", not '" + value + "'";
            }
            return null;
        }
    }

    private static final Map<String, Rule> RULES = new TreeMap<>();

    static {
        RULES.put("server_ports", new Rule(0, 65535, null, true));
        range("max_command_length", 64, 65535);
        range("index_path_depth", 1, 64);
        range("stat_click", 0, 86_400);
        range("client_queue_length", 1024, Integer.MAX_VALUE);
        range("login_timeout", 1, 86_400);
        range("max_nick_length", 1, 255);
        range("max_client_string", 1, 1024);
        range("max_message_length", 1, 65535);
        range("max_channel_length", 1, 255);
        range("max_topic", 0, 65535);
        range("max_reason", 0, 65535);
        oneOf("default_level", "Leech", "User", "Moderator", "Admin", "Elite");
        range("password_hash_iterations", 1, 10_000_000);
        range("password_hash_threads", 0, 1024);
        range("compression_level", 0, 9);
        range("stats_port", -1, 65535);
        range("server_queue_length", 1024, Integer.MAX_VALUE);
        range("link_retry_min", 1, 86_400);
        range("link_retry_max", 1, 86_400);
        range("ping_interval", 1, 86_400);
        range("search_timeout", 1, 3600);
        range("max_time_delta", 0, 86_400);
        range("warn_time_delta", 0, 86_400);
        // abuse control: intervals in seconds, at most a day
        range("flood_time", 0, 86_400);
        range("login_interval", 0, 86_400);
        range("register_interval", 0, 86_400);
        range("evaluate_search_abuse_after_secs", 0, 86_400);
        range("eject_after", 0, 86_400);
        range("eject_grace_time", 0, 86_400);
        range("metaserver_report_interval", 1, 3600);
        // the web page
        range("web_port", -1, 65535);
        range("web_sign_in_failures", 1, 1000);
        range("web_registrations", 0, 1000);
    }

    private ConfigRules() {
    }

    private static void range(String key, long min, long max) {
        RULES.put(key, new Rule(min, max, null, false));
    }

    private static void oneOf(String key, String... choices) {
        RULES.put(key, new Rule(0, 0, List.of(choices), false));
    }

    /** The rule of a key, or null when it has none. */
    static Rule rule(String key) {
        return RULES.get(key.toLowerCase(Locale.ROOT));
    }

    /** The keys that have a rule, with it (in no particular order). */
    static Map<String, Rule> all() {
        return Map.copyOf(RULES);
    }

    /**
     * A whole decimal number as opennap-ng reads one (white space around it and a leading sign
     * allowed, nothing after the digits), or null when {@code value} is not one or does not fit a long.
     */
    static Long number(String value) {
        String t = value.strip();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty() || t.length() > 19 || !t.matches("-?\\d+")) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A flag as opennap-ng reads one, or null when {@code value} is none. */
    static Boolean flag(String value) {
        String t = value.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "on", "yes", "true" -> {
                return true;
            }
            case "off", "no", "false" -> {
                return false;
            }
            default -> {
                Long n = number(t);
                return n == null ? null : n != 0;
            }
        }
    }
}
