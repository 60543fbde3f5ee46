package org.opennapj.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Server configuration: opennap-ng's {@code key value} file format and key names, with
 * opennap-ng's defaults. Unknown keys are kept (and reported) so a migrated config file loads.
 */
public final class ServerConfig {

    /** Every key OpenNapJ understands, with its default, in the order they are documented. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        d("server_name", "opennapj");
        d("listen_addr", "0.0.0.0");
        d("server_ports", "8888");
        d("max_command_length", "2048");
        d("max_shared", "5000");
        d("max_results", "100");
        d("max_browse_result", "500");
        d("index_path_depth", "2");
        d("index_ignore_suffix", "on");
        d("stat_click", "60");
        d("auto_register", "off");
        d("registered_only", "off");
        d("restrict_registration", "off");
        d("allow_share", "on");
        d("client_queue_length", "102400");
        d("max_connections", "0");
        d("max_clones", "0");
        d("connection_hard_limit", "0");
        d("login_timeout", "60");
        d("max_nick_length", "19");
        d("max_client_string", "32");
        d("max_hotlist", "32");
        d("max_ignore", "32");
        d("max_reason", "96");
        d("max_message_length", "180");
        d("default_level", "User");
        d("whowas_time", "300");
        d("ghost_kill_timer", "450");
        d("password_hash_iterations", "5000");
        d("password_hash_threads", "0");
        d("max_total_shared", "0");
        d("max_user_channels", "5");
        d("max_channel_length", "32");
        d("max_topic", "64");
        d("irc_channels", "off");
        d("strict_channels", "off");
        d("compression_level", "1");
        d("server_queue_length", "1048576");
        d("auto_link", "off");
        d("auto_relink", "on");
        d("link_retry_min", "10");
        d("link_retry_max", "600");
        d("max_time_delta", "90");
        d("warn_time_delta", "30");
        d("search_timeout", "180");
        d("ping_interval", "600");
        // abuse control (opennap-ng's keys; each off or at opennap-ng's default)
        d("flood_commands", "0");
        d("flood_time", "0");
        d("login_interval", "0");
        d("register_interval", "0");
        d("max_new_users_per_minute", "0");
        d("max_searches_per_minute", "0");
        d("evaluate_search_abuse_after_secs", "120");
        d("evaluate_search_abuse_after_tags", "100");
        d("invalid_clients", "");
        d("break_mx_queue", "off");
        d("min_shared", "0");
        d("eject_when_full", "off");
        d("eject_leeches", "off");
        d("eject_after", "120");
        d("eject_limit_files", "0");
        d("eject_limit_libsize", "0");
        d("eject_nochannels", "on");
        d("eject_grace_time", "600");
        d("stats_port", "-1");
        // metrics and logs (README "Operating")
        d("metrics_port", "0");
        d("metrics_listen", "127.0.0.1");
        // load reports to the network's metaserver (README "Running a network's metaserver")
        d("metaserver_report", "");
        d("metaserver_report_secret", "");
        d("metaserver_report_interval", "10");
        d("metaserver_report_address", "");
        // the web page (README "The web page"); -1: off, 0: any free port
        d("web_port", "-1");
        d("web_listen", "127.0.0.1");
        d("web_trusted_proxies", "");
        d("web_sign_in_failures", "5");
        d("web_registrations", "3");
    }

    private static void d(String key, String value) {
        DEFAULTS.put(key, value);
    }

    /** Whether a key holds a secret, which 810 does not show. */
    public static boolean isSecret(String key) {
        return key.equalsIgnoreCase("metaserver_report_secret");
    }

    /**
     * Keys read only while the server starts (the listener, the index's layout, the thread pools,
     * the heap): a live change (810, a reload) cannot take effect, so it is refused or reported.
     */
    private static final Set<String> RESTART_ONLY = Set.of("listen_addr", "server_ports", "max_command_length",
            "index_path_depth", "index_ignore_suffix", "password_hash_threads", "max_total_shared",
            "connection_hard_limit", "stats_port");

    /** Values are read by the network threads too; the core thread changes them (810, reload). */
    private final Map<String, String> values = new ConcurrentSkipListMap<>();
    private final Map<String, String> unknown = new TreeMap<>();
    /** The line of the config file each unknown key was on (keys set otherwise have none). */
    private final Map<String, Integer> unknownLines = new TreeMap<>();
    private final Map<String, String> explicit = new LinkedHashMap<>();
    /** Parsed numbers and flags, so handlers can read settings on every message cheaply; any thread. */
    private final Map<String, Object> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts the changes of known keys: a reader caching values rereads them when it moves. */
    private volatile int version;

    public ServerConfig() {
        values.putAll(DEFAULTS);
    }

    /** Reads an opennap-ng style config file: one {@code key value} per line, '#' comments. */
    public static ServerConfig load(Path file) throws IOException {
        List<LineProblem> problems = new java.util.ArrayList<>();
        ServerConfig c = read(file, problems);
        if (!problems.isEmpty()) {
            LineProblem p = problems.get(0);
            throw new IOException(file + " line " + p.line() + ": " + p.message());
        }
        return c;
    }

    /** A line of a config file that cannot be used, and why. */
    public record LineProblem(int line, String message) {
    }

    /**
     * Reads a config file like {@link #load}, but goes on past bad lines: each is added to
     * {@code problems} (and leaves its key as it was), so every one of them can be reported at once.
     * A missing file is an empty configuration.
     */
    public static ServerConfig read(Path file, List<LineProblem> problems) throws IOException {
        ServerConfig c = new ServerConfig();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            int n = 0;
            for (String line : lines) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int sp = indexOfWhitespace(t);
                String key = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
                String value = sp < 0 ? "" : t.substring(sp).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                try {
                    c.set(key, value);
                } catch (IllegalArgumentException e) {
                    problems.add(new LineProblem(n, e.getMessage()));
                    continue;
                }
                if (!known(key)) {
                    c.unknownLines.put(key, n);
                }
            }
        }
        return c;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Sets a key; known keys are validated against their default's type. */
    public ServerConfig set(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        String def = DEFAULTS.get(k);
        if (def == null) {
            unknown.put(k, value);
            return this;
        }
        ConfigRules.Rule rule = ConfigRules.rule(k);
        if (rule != null) {
            String problem = rule.problem(k, value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        } else if (isBooleanWord(def)) {
            parseBoolean(k, value);
        } else if (def.matches("-?\\d+") && parseInt(k, value) < 0) {
            throw new IllegalArgumentException(k + " must be a whole number from 0 to " + Integer.MAX_VALUE
                    + ", not '" + value + "'");
        }
        values.put(k, value);
        explicit.put(k, value);
        parsed.remove(k);
        version++;
        return this;
    }

    /**
     * Changes once a known key is set (810, a reload): who keeps a value in a field of its own
     * (read per message, where a map lookup would cost too much) compares this and rereads it.
     */
    public int version() {
        return version;
    }

    /** Whether a key is known (has a default). */
    public static boolean known(String key) {
        return DEFAULTS.containsKey(key.toLowerCase(Locale.ROOT));
    }

    /** Whether a key takes effect only when the server starts. */
    public static boolean needsRestart(String key) {
        return RESTART_ONLY.contains(key.toLowerCase(Locale.ROOT));
    }

    /** The keys that take effect only when the server starts, sorted. */
    public static Set<String> restartOnlyKeys() {
        return new java.util.TreeSet<>(RESTART_ONLY);
    }

    /** A known key's default value, or null. */
    public static String defaultValue(String key) {
        return DEFAULTS.get(key.toLowerCase(Locale.ROOT));
    }

    /**
     * Applies a configuration reread from its file over this one (core thread): every key the file
     * sets takes its value there, except keys that need a restart, which keep their current value.
     * Returns the keys that differ in the file but need a restart to change.
     */
    public Set<String> reload(ServerConfig fromFile) {
        Set<String> waiting = new java.util.TreeSet<>();
        for (Map.Entry<String, String> e : fromFile.explicit().entrySet()) {
            if (needsRestart(e.getKey())) {
                if (!e.getValue().equals(values.get(e.getKey()))) {
                    waiting.add(e.getKey());
                }
            } else {
                set(e.getKey(), e.getValue());
            }
        }
        return waiting;
    }

    public ServerConfig set(String key, long value) {
        return set(key, Long.toString(value));
    }

    public ServerConfig set(String key, boolean value) {
        return set(key, value ? "on" : "off");
    }

    /** The known keys set on this object (from a file or by {@link #set}), in order. */
    public Map<String, String> explicit() {
        return new LinkedHashMap<>(explicit);
    }

    public Map<String, String> unknownKeys() {
        return Map.copyOf(unknown);
    }

    /**
     * One warning per key this configuration does not know, naming the config file's line it was
     * on (when it came from a file), e.g. {@code config line 12: key 'flood_time' is not used by
     * OpenNapJ (ignored)}.
     */
    public List<String> unknownKeyWarnings() {
        List<String> out = new java.util.ArrayList<>();
        for (String key : unknown.keySet()) {
            Integer line = unknownLines.get(key);
            out.add((line == null ? "" : "config line " + line + ": ") + "key '" + key + "' is not used by OpenNapJ (ignored)");
        }
        return out;
    }

    public static Map<String, String> defaults() {
        return Map.copyOf(DEFAULTS);
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown config key " + key);
        }
        return v;
    }

    public int integer(String key) {
        if (parsed.get(key) instanceof Integer i) {
            return i;
        }
        int v = parseInt(key, string(key));
        parsed.put(key, v);
        return v;
    }

    public boolean flag(String key) {
        if (parsed.get(key) instanceof Boolean b) {
            return b;
        }
        boolean v = parseBoolean(key, string(key));
        parsed.put(key, v);
        return v;
    }

    private static boolean isBooleanWord(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "off", "yes", "no", "true", "false" -> true;
            default -> false;
        };
    }

    private static boolean parseBoolean(String key, String v) {
        Boolean b = ConfigRules.flag(v);
        if (b == null) {
            throw new IllegalArgumentException(key + " must be on or off (also yes/no, true/false, 1/0), not '" + v + "'");
        }
        return b;
    }

    private static int parseInt(String key, String v) {
        Long n = ConfigRules.number(v);
        if (n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
        }
        return n.intValue();
    }

    /** The config file text written by {@code opennapj setup}: every key with its value. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# OpenNapJ configuration (opennap-ng key names). One 'key value' per line.\n");
        for (String k : DEFAULTS.keySet()) {
            sb.append(k).append(' ').append(values.get(k)).append('\n');
        }
        return sb.toString();
    }
}
