package org.opennapj.server.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Shown;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;

/**
 * The server itself, for its operators: version (801), configuration queried and set live (810),
 * a key reset to its default (800), the config file and motd reread (10117, and 800 without a key),
 * client statistics (10118) and shutting the server down (10110). Keys that are read only at
 * start-up ({@link ServerConfig#needsRestart}) are refused live and reported by a reload.
 */
public final class ServerAdministration {

    /** How much of a config value's problem (which quotes the value) an operator is shown. */
    private static final int CONFIG_PROBLEM_SHOWN = 256;

    private final ServerCore core;
    private final ServerConfig config;
    private final Path configFile;
    private final ServerInfo info;
    /** Other files a reload rereads (the filter and block files); each returns its warnings. */
    private final List<java.util.function.Supplier<List<String>>> rereads = new java.util.ArrayList<>();

    public ServerAdministration(ServerCore core, Path configFile, ServerInfo info) {
        this.core = core;
        this.config = core.config();
        this.configFile = configFile;
        this.info = info;
        core.on(MessageType.SERVER_VERSION, Level.MODERATOR, this::version);
        core.on(MessageType.SET_CONFIG, Level.MODERATOR, this::setConfig);
        core.on(MessageType.RELOAD_CONFIG, Level.ELITE, this::resetConfig);
        core.on(MessageType.REHASH, Level.ELITE, this::rehash);
        core.on(MessageType.CLIENT_VERSION_STATS, Level.MODERATOR, this::clientVersions);
        core.on(MessageType.KILL_SERVER, Level.ELITE, this::killServer);
    }

    private String serverName() {
        return config.string("server_name");
    }

    private boolean isThisServer(String name) {
        return name.equalsIgnoreCase(serverName());
    }


    // 801 server version: [server]
    private void version(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (!f.isEmpty() && !isThisServer(f.get(0))) {
            s.error("server version failed: no such server " + Texts.shown(f.get(0)));
            return;
        }
        s.send(MessageType.NOTICE, serverName() + " runs OpenNapJ " + ServerInfo.VERSION);
    }

    // 810 set config: [<key> [<value>]]   no key: every value; a key: its value (Moderator); a value: set it (Elite)
    private void setConfig(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            for (String key : new TreeMap<>(ServerConfig.defaults()).keySet()) {
                s.send(MessageType.NOTICE, key + " = " + shownValue(key));
            }
            return;
        }
        String key = f.get(0);
        if (!ServerConfig.known(key)) {
            s.error("no such variable " + Texts.shown(key));
            return;
        }
        if (f.size() == 1) {
            s.send(MessageType.NOTICE, key + " = " + shownValue(key));
            return;
        }
        User actor = s.user();
        if (actor.level() != Level.ELITE) {
            s.error("permission denied: setting " + key + " needs an Elite");
            return;
        }
        if (ServerConfig.needsRestart(key)) {
            s.error("error setting variable " + key + ": it takes effect only at start-up; change it in the config file"
                    + " and restart");
            return;
        }
        try {
            config.set(key, f.get(1));
        } catch (IllegalArgumentException e) {
            s.error("error setting variable " + key + ": " + Shown.cut(e.getMessage(), CONFIG_PROBLEM_SHOWN));
            return;
        }
        core.tellModerators(Notice.CHANGE, actor.nick() + " set " + key
                + (ServerConfig.isSecret(key) ? "" : " to " + f.get(1)));
    }

    /** A key's value as 810 shows it: a secret only as whether it is set. */
    private String shownValue(String key) {
        if (ServerConfig.isSecret(key)) {
            return config.string(key).isEmpty() ? "" : "(set, not shown)";
        }
        return config.string(key);
    }

    // 800 reload config: [<key>]   a key: back to its default; none: reread the config file and motd (as 10117)
    private void resetConfig(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            reload(s);
            return;
        }
        String key = f.get(0);
        if (!ServerConfig.known(key)) {
            s.error("no such variable " + Texts.shown(key));
            return;
        }
        if (ServerConfig.needsRestart(key)) {
            s.error("reconfig failed: " + key + " takes effect only at start-up; change it in the config file and restart");
            return;
        }
        config.set(key, ServerConfig.defaultValue(key));
        core.tellModerators(Notice.CHANGE, s.user().nick() + " reset " + key);
    }

    // 10117 rehash (reload) configuration files: [server]
    private void rehash(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (!f.isEmpty() && !isThisServer(f.get(0))) {
            s.error("rehash failed: no such server " + Texts.shown(f.get(0)));
            return;
        }
        reload(s);
    }

    /** Rereads the config file (a bad file changes nothing) and the motd, and tells what needs a restart. */
    private void reload(Session s) {
        Reload r = reload(s.user().nick());
        if (r.error() != null) {
            s.error(r.error());
            return;
        }
        if (!r.waiting().isEmpty()) {
            s.send(MessageType.NOTICE, "configuration reloaded; these keys change only with a restart: "
                    + String.join(" ", r.waiting()));
        }
        for (String w : r.warnings()) {
            s.send(MessageType.NOTICE, w);
        }
    }

    /**
     * What a reload did: {@code error} when the config file could not be used (then nothing
     * changed); otherwise the keys whose new value waits for a restart and a warning for each key
     * of the file the server does not know.
     */
    public record Reload(String error, Set<String> waiting, List<String> warnings) {

        /** One line for a log or a terminal. */
        public String summary() {
            if (error != null) {
                return error;
            }
            return "configuration reloaded" + (waiting.isEmpty() ? ""
                    : "; these keys change only with a restart: " + String.join(" ", waiting))
                    + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
        }
    }

    /** Adds a file a reload rereads after the config and motd (core thread); it returns its warnings. */
    public void onReload(java.util.function.Supplier<List<String>> reread) {
        rereads.add(reread);
    }

    /**
     * Rereads the config file and the motd (core thread): applies every key that can change live,
     * keeps the others until a restart and names them. {@code by} (an operator's nick, or
     * "a signal") is told to the moderators.
     */
    public Reload reload(String by) {
        ServerConfig fromFile;
        List<ServerConfig.LineProblem> problems = new java.util.ArrayList<>();
        try {
            fromFile = ServerConfig.read(configFile, problems);
        } catch (IOException | IllegalArgumentException e) {
            return new Reload("rehash failed, nothing changed: " + Shown.cut(String.valueOf(e.getMessage()), CONFIG_PROBLEM_SHOWN),
                    Set.of(), List.of());
        }
        if (!problems.isEmpty()) {
            ServerConfig.LineProblem p = problems.get(0);
            return new Reload("rehash failed, nothing changed: " + Shown.cut(configFile.getFileName() + " line " + p.line()
                    + ": " + p.message(), CONFIG_PROBLEM_SHOWN)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more bad lines)" : ""), Set.of(), List.of());
        }
        Set<String> waiting = config.reload(fromFile);
        info.reloadMotd();
        List<String> warnings = new java.util.ArrayList<>(fromFile.unknownKeyWarnings());
        for (java.util.function.Supplier<List<String>> r : rereads) {
            warnings.addAll(r.get());
        }
        core.tellModerators(Notice.SERVER, by + " reloaded configuration on " + serverName());
        return new Reload(null, waiting, warnings);
    }

    // 10118 display client information statistics: (empty) -> 10118 "<client>" <count> ..., then an empty 10118
    private void clientVersions(Session s, String data) {
        Map<String, Integer> counts = new TreeMap<>();
        for (User u : core.users()) {
            counts.merge(u.clientInfo == null ? "" : u.clientInfo, 1, Integer::sum);
        }
        counts.forEach((client, n) -> s.send(MessageType.CLIENT_VERSION_STATS,
                Fields.join(Fields.quote(client.replace('"', '\'')), n)));
        s.send(MessageType.CLIENT_VERSION_STATS, "");
    }

    // 10110 kill server: <server> ["<reason>"]
    private void killServer(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty()) {
            throw new MalformedFieldsException("expected <server> [\"<reason>\"]");
        }
        if (!isThisServer(f.get(0))) {
            s.error("kill server failed: no such server " + Texts.shown(f.get(0)));
            return;
        }
        String reason = Texts.reason(core, f, 1);
        core.tellModerators(Notice.SERVER, s.user().nick() + " killed server " + serverName() + ": " + reason);
        core.requestShutdown();
    }
}
