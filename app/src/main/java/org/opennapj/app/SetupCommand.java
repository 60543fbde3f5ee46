package org.opennapj.app;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opennapj.server.DataDirectoryInUseException;
import org.opennapj.server.DataDirectoryLock;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.account.NickRules;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.chat.Channels;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opennapj setup}: creates a data directory with a config file and the first Elite account. */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Creates a data directory: a config file with every key and its default,",
                "a motd, the default channels file, and the first Elite account. Asks for what is not given",
                "as options when run on a terminal."})
final class SetupCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--elite", paramLabel = "NICK:PASSWORD", description = "the first Elite account")
    String elite;

    @Option(names = "--email", defaultValue = "email@here.com", description = "its email address (default: ${DEFAULT-VALUE})")
    String email;

    @Option(names = "--server-name", description = "the server's name (config key server_name)")
    String serverName;

    @Override
    public Integer call() throws Exception {
        String nick;
        String password;
        if (elite == null) {
            Console console = System.console();
            if (console == null) {
                System.err.println("setup: give the first account as --elite NICK:PASSWORD (no terminal to ask on)");
                return 2;
            }
            String typed = console.readLine("Nick of the Elite account: ");
            if (typed == null) {
                System.err.println("setup: no nick given (end of input)");
                return 2;
            }
            nick = typed.strip();
            char[] pw = console.readPassword("Password: ");
            char[] again = console.readPassword("Password again: ");
            if (pw == null || again == null || !new String(pw).equals(new String(again))) {
                System.err.println("setup: the passwords differ");
                return 2;
            }
            password = new String(pw);
            String mail = console.readLine("Email [%s]: ", email);
            if (mail != null && !mail.isBlank()) {
                email = mail.strip();
            }
        } else {
            int colon = elite.indexOf(':');
            if (colon <= 0 || colon == elite.length() - 1) {
                System.err.println("setup: --elite takes NICK:PASSWORD, e.g. --elite admin:secret");
                return 2;
            }
            nick = elite.substring(0, colon);
            password = elite.substring(colon + 1);
        }
        String problem = NickRules.problem(nick, 19);
        if (problem != null) {
            System.err.println("setup: invalid nick '" + nick + "': " + problem);
            return 2;
        }
        if (password.contains(" ")) {
            System.err.println("setup: a password may not contain spaces (the protocol separates fields with them)");
            return 2;
        }
        if (password.isEmpty()) {
            System.err.println("setup: the password may not be empty");
            return 2;
        }
        Files.createDirectories(data);
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            return setUp(nick, password);
        } catch (DataDirectoryInUseException e) {
            System.err.println("setup: " + e.getMessage() + "; stop it first");
            return 1;
        }
    }

    /** Writes the config, motd and channels files and the Elite account (the data directory locked). */
    private int setUp(String nick, String password) throws Exception {
        Path configFile = data.resolve(OpenNapServer.CONFIG_FILE);
        ServerConfig config;
        try {
            config = ServerConfig.load(configFile);
            if (serverName != null) {
                config.set("server_name", serverName);
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("setup: " + e.getMessage());
            return 2;
        }
        if (!Files.exists(configFile)) {
            Files.writeString(configFile, config.render(), StandardCharsets.ISO_8859_1);
        } else if (serverName != null) {
            // change only that line: the operator's comments and other keys (also ones OpenNapJ does not use) stay
            Files.write(configFile, withServerName(Files.readAllLines(configFile, StandardCharsets.ISO_8859_1), serverName),
                    StandardCharsets.ISO_8859_1);
        }
        Path motd = data.resolve(OpenNapServer.MOTD_FILE);
        if (!Files.exists(motd)) {
            Files.writeString(motd, "Welcome to " + config.string("server_name") + ", an OpenNapJ server.\n",
                    StandardCharsets.ISO_8859_1);
        }
        if (Channels.createDefaultFile(data)) {
            System.out.println("Wrote the default channels file (a lobby and a help channel); edit or empty it as you like.");
        }
        try (SqliteAccountStore store = new SqliteAccountStore(data)) {
            long now = System.currentTimeMillis() / 1000;
            String hash = PasswordHash.create(password, config.integer("password_hash_iterations"));
            Account existing = store.loadAll().stream()
                    .filter(a -> a.nick().equalsIgnoreCase(nick)).findFirst().orElse(null);
            if (existing != null) {
                store.update(existing.withPasswordHash(hash).withLevel(Level.ELITE).withEmail(email));
                System.out.println("Updated account " + existing.nick() + ": now Elite, password reset.");
            } else {
                store.insert(new Account(nick, hash, email, Level.ELITE, now, now));
                System.out.println("Created Elite account " + nick + ".");
            }
        }
        System.out.println("Data directory ready: " + data.toAbsolutePath().normalize());
        System.out.println("Start the server with: ./opennapj server --data " + data);
        return 0;
    }

    /** The config file's lines with its server_name line replaced, or one added at the end. */
    static List<String> withServerName(List<String> lines, String name) {
        List<String> out = new ArrayList<>(lines);
        String line = "server_name " + name;
        for (int i = 0; i < out.size(); i++) {
            String t = out.get(i).strip();
            if (t.regionMatches(true, 0, "server_name", 0, 11) && (t.length() == 11 || Character.isWhitespace(t.charAt(11)))) {
                out.set(i, line);
                return out;
            }
        }
        out.add(line);
        return out;
    }
}
