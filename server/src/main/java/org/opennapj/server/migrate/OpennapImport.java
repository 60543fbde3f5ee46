package org.opennapj.server.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.server.account.NickRules;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.admin.Bans;
import org.opennapj.server.chat.Channels;
import org.opennapj.server.config.ServerConfig;
import org.opennapj.server.link.ServersFile;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;
import org.opennapj.server.store.StoreException;

/**
 * Imports an opennap or opennap-ng data directory into an OpenNapJ data directory: the
 * {@code users} and {@code bans} files into the account store, the {@code config}, {@code motd},
 * {@code channels}, {@code servers}, {@code filter} and {@code block} files copied as they are (each
 * is read by OpenNapJ in opennap-ng's format).
 *
 * <p>All or nothing: every file is read and checked first, and every line that cannot be used is
 * reported with its file and line number; if there is any, or an imported account would replace an
 * existing one (without {@code overwrite}), or a file would replace a different one (likewise),
 * nothing is written. Otherwise the files are written to temporary files, the accounts and bans are
 * stored in one transaction, and then the files are renamed into place.
 *
 * <p>Passwords never reach the store as they came: opennap-ng's salted MD5 form (a {@code users}
 * file starting {@code :version 1}) is wrapped with {@link PasswordHash#wrapOpennapNg} and replaced
 * by a plain PBKDF2 hash at the user's first login; plain-text passwords (a file without that line,
 * as opennap before 0.40 wrote it) are hashed with {@link PasswordHash#create}.
 */
public final class OpennapImport {

    /** The files copied as they are, in the order they are reported. */
    private static final List<String> COPIED = List.of("config", "motd", "channels", "servers", "filter", "block");

    /** opennap-ng's user flags (userdb.c): muzzled, friend, criminal. */
    private static final int FLAG_MUZZLED = 1;
    private static final int FLAG_FRIEND = 2;
    private static final int FLAG_CRIMINAL = 4;

    /** A line that cannot be imported: the file, its line number (0: the file as a whole) and why. */
    public record Problem(String file, int line, String message) {
        @Override
        public String toString() {
            return line > 0 ? file + " line " + line + ": " + message : file + ": " + message;
        }
    }

    /**
     * What a run found: the number of entries read from each file (in the order of the files), the
     * lines it could not use, and notes worth telling (unknown config keys, expired bans, flags
     * OpenNapJ has no use for). {@code written} is true when the import was done.
     */
    public record Result(Map<String, Integer> counts, List<Problem> problems, List<String> warnings, boolean written) {
    }

    /** An account as read, its password still in the file's form (salted MD5 or plain text). */
    private record UserLine(Account account, String password, boolean salted, int line) {
    }

    private final Path from;
    private final Path data;
    private final boolean overwrite;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final long now = System.currentTimeMillis() / 1000;

    private OpennapImport(Path from, Path data, boolean overwrite) {
        this.from = from;
        this.data = data;
        this.overwrite = overwrite;
    }

    /**
     * Imports {@code from} into the data directory {@code data} (created if missing). Returns what
     * was read and whether it was written; nothing is written when {@code problems} is not empty.
     *
     * @throws IOException when a file cannot be read or written
     * @throws StoreException when the account store cannot be opened or written (nothing is stored then)
     */
    public static Result run(Path from, Path data, boolean overwrite) throws IOException, StoreException {
        return new OpennapImport(from, data, overwrite).run();
    }

    private Result run() throws IOException, StoreException {
        if (!Files.isDirectory(from)) {
            problems.add(new Problem(from.toString(), 0, "not a directory"));
            return result(false);
        }
        ServerConfig config = readConfig();
        if (!Files.isRegularFile(from.resolve("config")) && Files.isRegularFile(data.resolve("config"))) {
            // nothing to import: the data directory's own settings decide (nick length, hashing)
            config = ServerConfig.read(data.resolve("config"), new ArrayList<>());
        }
        int nickLength = config.integer("max_nick_length");
        int channelLength = config.integer("max_channel_length");
        int iterations = config.integer("password_hash_iterations");
        List<UserLine> users = readUsers(nickLength);
        List<Ban> bans = readBans(config.string("server_name"));
        checkLines("channels", true, line -> Channels.fileLineProblem(line, channelLength));
        checkLines("servers", false, ServersFile::problem);
        countMotd();
        checkLines("filter", false, OpennapImport::filterProblem);
        checkLines("block", false, OpennapImport::blockProblem);
        if (!problems.isEmpty()) {
            return result(false);
        }
        Map<String, Account> existing = existingAccounts();
        for (UserLine u : users) {
            if (existing.containsKey(key(u.account().nick())) && !overwrite) {
                problems.add(new Problem("users", u.line(), "account " + u.account().nick()
                        + " already exists in " + data + " (--overwrite replaces it)"));
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : COPIED) {
            Path source = from.resolve(name);
            if (!Files.isRegularFile(source)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(source);
            Path target = data.resolve(name);
            if (Files.exists(target) && !Arrays.equals(Files.readAllBytes(target), bytes) && !overwrite) {
                problems.add(new Problem(name, 0, target + " exists and differs (--overwrite replaces it)"));
            }
            files.put(name, bytes);
        }
        if (!problems.isEmpty()) {
            return result(false);
        }
        write(users, bans, files, existing, iterations);
        return result(true);
    }

    private Result result(boolean written) {
        return new Result(counts, List.copyOf(problems), List.copyOf(warnings), written);
    }

    /**
     * The fields of line {@code n} of an opennap-ng data file (tabs count as spaces), or null for
     * a blank line or one that cannot be split (recorded as a problem of {@code file}).
     */
    private List<String> fields(String file, int n, String raw) {
        String line = raw.replace('\t', ' ').strip();
        if (line.isEmpty()) {
            return null;
        }
        try {
            return Fields.split(line);
        } catch (MalformedFieldsException e) {
            problems.add(new Problem(file, n, e.getMessage()));
            return null;
        }
    }

    private static String key(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    private List<String> lines(String name) throws IOException {
        Path f = from.resolve(name);
        return Files.isRegularFile(f) ? Files.readAllLines(f, StandardCharsets.ISO_8859_1) : null;
    }

    private ServerConfig readConfig() throws IOException {
        Path f = from.resolve("config");
        List<ServerConfig.LineProblem> bad = new ArrayList<>();
        ServerConfig config = ServerConfig.read(f, bad);
        for (ServerConfig.LineProblem p : bad) {
            problems.add(new Problem("config", p.line(), p.message()));
        }
        if (Files.isRegularFile(f)) {
            counts.put("config", config.explicit().size() + config.unknownKeys().size());
            warnings.addAll(config.unknownKeyWarnings());
        }
        // a bad value leaves its default, so the checks below still have something to go by
        return config;
    }

    private List<UserLine> readUsers(int nickLength) throws IOException {
        List<String> lines = lines("users");
        List<UserLine> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        boolean salted = !lines.isEmpty() && lines.get(0).startsWith(":version 1");
        Map<String, Integer> seen = new HashMap<>();
        int muzzled = 0;
        int flagged = 0;
        for (int i = salted ? 1 : 0; i < lines.size(); i++) {
            int n = i + 1;
            List<String> f = fields("users", n, lines.get(i));
            if (f == null) {
                continue;
            }
            if (f.size() < 6 || f.size() > 7) {
                problems.add(new Problem("users", n, "expected <nick> <password> <email> <level> <created> <last-seen> [<flags>]"));
                continue;
            }
            String nick = f.get(0);
            String problem = NickRules.problem(nick, nickLength);
            if (problem != null) {
                problems.add(new Problem("users", n, "nick " + nick + ": " + problem));
                continue;
            }
            Integer first = seen.putIfAbsent(key(nick), n);
            if (first != null) {
                problems.add(new Problem("users", n, nick + " is already on line " + first));
                continue;
            }
            String password = f.get(1);
            if (salted && !PasswordHash.isOpennapNg(password)) {
                problems.add(new Problem("users", n, "the password of " + nick
                        + " is not opennap-ng's 1,<salt>,<digest> form (the file starts with :version 1)"));
                continue;
            }
            Level level = level(f.get(3));
            if (level == null) {
                problems.add(new Problem("users", n, "unknown level '" + f.get(3) + "' (Leech, User, Moderator, Admin, Elite)"));
                continue;
            }
            Long created = time(f.get(4));
            Long lastSeen = time(f.get(5));
            if (created == null || lastSeen == null) {
                problems.add(new Problem("users", n, "created and last-seen must be UNIX times (whole seconds)"));
                continue;
            }
            int flags = 0;
            if (f.size() == 7) {
                flags = f.get(6).matches("\\d{1,2}") ? Integer.parseInt(f.get(6)) : -1;
                if (flags < 0 || flags > 7) {
                    problems.add(new Problem("users", n, "flags must be a number from 0 to 7, not '" + f.get(6) + "'"));
                    continue;
                }
            }
            if ((flags & FLAG_MUZZLED) != 0) {
                muzzled++;
            }
            if ((flags & (FLAG_FRIEND | FLAG_CRIMINAL)) != 0) {
                flagged++;
            }
            Account a = new Account(nick, "", f.get(2), level, created, lastSeen, (flags & FLAG_MUZZLED) != 0);
            out.add(new UserLine(a, password, salted, n));
        }
        counts.put("users", out.size());
        if (!out.isEmpty()) {
            warnings.add("users: " + out.size() + (salted ? " with opennap-ng's salted MD5 passwords (replaced by OpenNapJ's"
                    + " hash at each one's first login)" : " with plain-text passwords (hashed now, not kept)")
                    + (muzzled > 0 ? ", " + muzzled + " muzzled" : ""));
        }
        if (flagged > 0) {
            warnings.add("users: the friend and criminal flags of " + flagged + " accounts are not carried over"
                    + " (OpenNapJ has no such flags)");
        }
        return out;
    }

    /** opennap-ng's level names, by their first three letters as it reads them; null when unknown. */
    private static Level level(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        for (Level l : Level.values()) {
            if (t.length() >= 3 && l.wireName().toLowerCase(Locale.ROOT).startsWith(t.substring(0, 3))) {
                return l;
            }
        }
        return null;
    }

    private static Long time(String s) {
        if (!s.matches("\\d{1,12}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    private List<Ban> readBans(String serverName) throws IOException {
        List<String> lines = lines("bans");
        List<Ban> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        int expired = 0;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            List<String> f = fields("bans", n, lines.get(i));
            if (f == null) {
                continue;
            }
            String problem = Bans.problem(f.get(0));
            if (problem != null) {
                problems.add(new Problem("bans", n, "'" + f.get(0) + "': " + problem));
                continue;
            }
            String target = Bans.normalize(f.get(0));
            if (f.size() > 5) {
                problems.add(new Problem("bans", n, "expected <nick!address> <set-by> <when> \"<reason>\" [<timeout>]"));
                continue;
            }
            Ban b;
            if (f.size() >= 4) {
                Long when = time(f.get(2));
                Long timeout = f.size() == 5 ? time(f.get(4)) : Long.valueOf(0);
                if (when == null || timeout == null) {
                    problems.add(new Problem("bans", n, "<when> and <timeout> must be whole seconds, not '"
                            + f.get(2) + "'" + (f.size() == 5 ? " and '" + f.get(4) + "'" : "")));
                    continue;
                }
                b = new Ban(target, f.get(1), f.get(3), when, timeout > 0 ? when + timeout : 0);
            } else {
                // opennap's first ban files held only the target, as opennap-ng still reads them
                b = new Ban(target, serverName, "", now, 0);
            }
            if (seen.putIfAbsent(key(target), n) != null) {
                continue; // opennap-ng keeps the first of two bans on one target
            }
            if (b.expired(now)) {
                expired++;
                continue;
            }
            out.add(b);
        }
        counts.put("bans", out.size());
        if (expired > 0) {
            warnings.add("bans: " + expired + " had expired and are left out");
        }
        return out;
    }

    /** A check of one line: null when it is fine (or a comment), otherwise what is wrong. */
    private interface LineCheck {
        String problem(String line);
    }

    /** Checks every line of a copied file and counts its entries (lines that are neither blank nor comments). */
    private void checkLines(String name, boolean versioned, LineCheck check) throws IOException {
        List<String> lines = lines(name);
        if (lines == null) {
            return;
        }
        boolean version1 = versioned && !lines.isEmpty() && lines.get(0).startsWith(":version 1");
        int entries = 0;
        for (int i = version1 ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            if (t.isEmpty() || (!version1 && line.startsWith("#"))) {
                continue;
            }
            String problem = check.problem(line);
            if (problem != null) {
                problems.add(new Problem(name, i + 1, problem));
            } else if (!name.equals("servers") || !Character.isWhitespace(line.charAt(0))) {
                entries++;
            }
        }
        counts.put(name, entries);
    }

    private void countMotd() throws IOException {
        List<String> lines = lines("motd");
        if (lines != null) {
            counts.put("motd", lines.size());
        }
    }

    /** A filter entry is one word (opennap-ng compares it with each word of a file name). */
    private static String filterProblem(String line) {
        String t = line.strip();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return "a filter entry is one word, not '" + t + "'";
            }
        }
        return null;
    }

    /**
     * A block entry is a regular expression that matches a whole word or more of a file name
     * (opennap-ng puts it between non-letters and compiles it as a POSIX extended expression).
     */
    private static String blockProblem(String line) {
        String t = line.strip();
        try {
            Pattern.compile("(^|[^\\p{Alpha}])" + t + "($|[^\\p{Alpha}])", Pattern.CASE_INSENSITIVE);
            return null;
        } catch (PatternSyntaxException e) {
            return "not a regular expression: " + e.getDescription() + " in '" + t + "'";
        }
    }

    /** The accounts already in the data directory's store, by lower-case nick (none if it has no store). */
    private Map<String, Account> existingAccounts() throws StoreException {
        Map<String, Account> out = new HashMap<>();
        if (!Files.exists(data.resolve(SqliteAccountStore.FILE_NAME))) {
            return out;
        }
        try (SqliteAccountStore store = new SqliteAccountStore(data)) {
            for (Account a : store.loadAll()) {
                out.put(key(a.nick()), a);
            }
        }
        return out;
    }

    private void write(List<UserLine> users, List<Ban> bans, Map<String, byte[]> files, Map<String, Account> existing,
                       int iterations) throws IOException, StoreException {
        // the slow part first, on every core: one PBKDF2 per account
        List<Account> accounts = users.parallelStream().map(u -> u.account().withPasswordHash(u.salted()
                ? PasswordHash.wrapOpennapNg(u.password(), iterations)
                : PasswordHash.create(u.password(), iterations))).toList();
        Files.createDirectories(data);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path target = data.resolve(e.getKey());
                Path tmp = target.resolveSibling(e.getKey() + ".import.tmp");
                writeSynced(tmp, e.getValue());
                staged.put(tmp, target);
            }
            if (!accounts.isEmpty() || !bans.isEmpty()) {
                try (SqliteAccountStore store = new SqliteAccountStore(data)) {
                    store.begin();
                    try {
                        for (Account a : accounts) {
                            if (existing.containsKey(key(a.nick()))) {
                                store.update(a);
                            } else {
                                store.insert(a);
                            }
                        }
                        for (Ban b : bans) {
                            store.putBan(b);
                        }
                        store.commit();
                    } catch (StoreException | RuntimeException e) {
                        store.rollback();
                        throw e;
                    }
                }
            }
        } catch (IOException | StoreException | RuntimeException e) {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            try {
                Files.move(e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }
}
