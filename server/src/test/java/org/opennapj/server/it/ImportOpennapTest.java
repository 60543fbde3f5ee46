package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.migrate.OpennapImport;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;
import org.opennapj.server.store.SqliteAccountStore;

/**
 * {@code import-opennap}: an opennap-ng data directory written here in its own formats is
 * imported, and a server on the result lets its users in with their old passwords, keeps its
 * banned ones out and has its channels; a directory with bad lines reports each and imports nothing.
 */
class ImportOpennapTest {

    @TempDir
    Path from;
    @TempDir
    Path data;

    /** opennap-ng's stored form of a password (util.c generate_pass): 1,<salt>,<base64 MD5(salt password)> unpadded. */
    static String opennapNgForm(String salt, String password) throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest((salt + password).getBytes(StandardCharsets.ISO_8859_1));
        return "1," + salt + "," + Base64.getEncoder().withoutPadding().encodeToString(md5);
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(from.resolve(file), text, StandardCharsets.ISO_8859_1);
    }

    /** A complete opennap-ng data directory, as opennap-ng 0.50 writes its files. */
    private void opennapNgDirectory() throws Exception {
        write("users", ":version 1\n"
                + "alice " + opennapNgForm("aB3+x/9Q", "old-pass-1") + " alice@example.com User 1100000000 1700000000 0\n"
                + "Boss " + opennapNgForm("ZZtop123", "fake-boss-pw") + " unknown Elite 1100000000 1700000000 0\n"
                + "troll " + opennapNgForm("q1w2e3r4", "troll-pw") + " troll@example.com User 1100000000 1700000000 1\n"
                + "quiet " + opennapNgForm("Abcdefgh", "quiet-pw") + " unknown Leech 1100000000 1700000000\n");
        write("bans", "troll!* Boss 1700000000 \"flooding the lobby\" 0\n"
                + "*!10.9.8.7 Boss 1700000000 \"open proxy\" 0\n"
                + "olduser\n"
                + "gone!* Boss 1000000000 \"long ago\" 60\n");
        write("channels", ":version 1\n#mp3 0 User \"Music talk\"\nRock 50 Leech \"rock only\"\n");
        write("servers", "# name their-pass my-pass port alias\nhub.example.net from-hub to-hub 8888\n");
        write("motd", "Welcome to the old server.\nBe nice.\n");
        write("filter", "mp3\nthe\n");
        write("block", "# refused file names\nbadword\nfoo[0-9]+bar\n");
        write("config", "# opennap-ng config\nserver_name old.example.net\nmax_results 50\nauto_register yes\n"
                + "password_hash_iterations 1000\nmax_tags_per_minute 100\nuser_db_interval 10\n");
    }

    private static Message listEntry(String data) {
        return new Message(MessageType.CHANNEL_ENTRY.code(), data);
    }

    @Test
    void anOpennapNgDirectoryIsImportedAndItsUsersBansAndChannelsWork() throws Exception {
        opennapNgDirectory();

        OpennapImport.Result r = OpennapImport.run(from, data, false);

        assertThat(r.problems()).isEmpty();
        assertThat(r.written()).isTrue();
        assertThat(r.counts()).containsExactly(Map.entry("config", 6), Map.entry("users", 4), Map.entry("bans", 3),
                Map.entry("channels", 2), Map.entry("servers", 1), Map.entry("motd", 2), Map.entry("filter", 2),
                Map.entry("block", 2));
        assertThat(r.warnings()).contains(
                "config line 6: key 'max_tags_per_minute' is not used by OpenNapJ (ignored)",
                "config line 7: key 'user_db_interval' is not used by OpenNapJ (ignored)",
                "bans: 1 had expired and are left out");
        for (String f : List.of("motd", "channels", "servers", "filter", "block", "config")) {
            assertThat(data.resolve(f)).as(f).hasSameBinaryContentAs(from.resolve(f));
        }
        Map<String, Account> stored = accounts(data);
        assertThat(stored.get("alice").passwordHash()).startsWith("md5-pbkdf2-sha256$1000$").doesNotContain("old-pass-1");
        assertThat(stored.get("boss").level()).isEqualTo(Level.ELITE);
        assertThat(stored.get("troll").muzzled()).isTrue();
        assertThat(stored.get("quiet").level()).isEqualTo(Level.LEECH);
        assertThat(stored.get("alice").created()).isEqualTo(1100000000L);

        try (TestServer server = TestServer.start(data)) {
            try (ServerSession alice = server.login("alice", "old-pass-1", 6699, 3)) {
                // the imported channels are there, with their topics
                alice.send(MessageType.LIST_CHANNELS.code(), "");
                assertThat(alice.collectUntil(TIMEOUT, MessageType.LIST_CHANNELS.code())).containsExactly(
                        listEntry("#mp3 0 Music talk"), listEntry("Rock 0 rock only"),
                        new Message(MessageType.LIST_CHANNELS.code(), ""));
                alice.send(MessageType.JOIN.code(), "#mp3");
                alice.expect(TIMEOUT, MessageType.JOIN_ACK.code());
                assertThat(alice.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code()).data()).isEqualTo("#mp3 Music talk");
            }
            assertThat(refusal(server, "alice", "wrong-pass")).contains("Invalid Password");
            assertThat(refusal(server, "troll", "troll-pw")).contains("troll!* banned: flooding the lobby");
            // a second login: the account's hash is OpenNapJ's own by now
            try (ServerSession again = server.login("alice", "old-pass-1", 6699, 3)) {
                TestServer.sync(again);
            }
            try (ServerSession boss = server.login("Boss", "fake-boss-pw", 6699, 3)) {
                List<String> bans = BanTest.banList(boss);
                assertThat(bans).hasSize(3);
                assertThat(String.join("\n", bans)).contains("troll!*").contains("*!10.9.8.7").contains("olduser!*")
                        .doesNotContain("gone");
            }
        }
        assertThat(accounts(data).get("alice").passwordHash()).startsWith("pbkdf2-sha256$1000$");
        assertThat(accounts(data).get("quiet").passwordHash()).startsWith("md5-pbkdf2-sha256$");
    }

    @Test
    void plainTextPasswordsAreHashedAndNeverStoredAsTheyCame() throws Exception {
        write("users", "carol plain-secret carol@example.com Moderator 1100000000 1700000000\n"
                + "dave other-secret unknown user 1100000000 1700000000 0\n");
        // no config to import: the data directory's own decides how passwords are hashed
        Files.writeString(data.resolve("config"), "password_hash_iterations 1200\n");

        OpennapImport.Result r = OpennapImport.run(from, data, false);

        assertThat(r.problems()).isEmpty();
        assertThat(r.counts()).containsExactly(Map.entry("users", 2));
        Map<String, Account> stored = accounts(data);
        assertThat(stored.get("carol").passwordHash()).startsWith("pbkdf2-sha256$1200$").doesNotContain("plain-secret");
        assertThat(stored.get("carol").level()).isEqualTo(Level.MODERATOR);
        assertThat(stored.get("dave").level()).isEqualTo(Level.USER);
        assertThat(Files.readString(data.resolve(SqliteAccountStore.FILE_NAME), StandardCharsets.ISO_8859_1))
                .doesNotContain("plain-secret").doesNotContain("other-secret");
        try (TestServer server = TestServer.start(data);
             ServerSession carol = server.login("carol", "plain-secret", 6699, 3)) {
            TestServer.sync(carol);
            assertThat(refusal(server, "dave", "plain-secret")).contains("Invalid Password");
        }
    }

    @Test
    void badLinesAreEachReportedAndNothingIsImported() throws Exception {
        opennapNgDirectory();
        write("users", ":version 1\n"
                + "alice " + opennapNgForm("aB3+x/9Q", "old-pass-1") + " alice@example.com User 1100000000 1700000000 0\n"
                + "bob plain-text-in-a-version-1-file bob@example.com User 1100000000 1700000000 0\n"
                + "carol " + opennapNgForm("aB3+x/9Q", "x") + " carol@example.com Wizard 1100000000 1700000000 0\n"
                + "dave " + opennapNgForm("aB3+x/9Q", "x") + " dave@example.com User\n"
                + "erin " + opennapNgForm("aB3+x/9Q", "x") + " erin@example.com User 1100000000 1700000000 9\n");
        write("bans", "troll!* Boss yesterday \"flooding\" 0\n\"unterminated Boss 1 \"x\" 0\n");
        write("channels", ":version 1\n#mp3 0 User \"Music talk\"\nRock lots Leech \"rock only\"\n");
        write("servers", "hub.example.net from-hub\nleaf.example.net a b 99999\n");
        write("config", "server_name old.example.net\ncompression_level 12\nmax_shared 10k\n");
        write("block", "fine\nbad(paren\n");
        write("filter", "one\ntwo words\n");
        // the data directory already holds an account and a motd: neither may change
        TestServer.createAccount(data, "zed", "zed-pass", "zed@example.com", Level.USER);
        Files.writeString(data.resolve("motd"), "the new server's motd\n");
        Map<String, String> before = snapshot(data);
        Map<String, Account> accountsBefore = accounts(data);

        OpennapImport.Result r = OpennapImport.run(from, data, true);

        assertThat(r.written()).isFalse();
        assertThat(r.problems().stream().map(Object::toString)).containsExactly(
                "config line 2: compression_level must be a whole number from 0 to 9, not '12'",
                "config line 3: max_shared must be a whole number, not '10k'",
                "users line 3: the password of bob is not opennap-ng's 1,<salt>,<digest> form (the file starts with :version 1)",
                "users line 4: unknown level 'Wizard' (Leech, User, Moderator, Admin, Elite)",
                "users line 5: expected <nick> <password> <email> <level> <created> <last-seen> [<flags>]",
                "users line 6: flags must be a number from 0 to 7, not '9'",
                "bans line 1: <when> and <timeout> must be whole seconds, not 'yesterday' and '0'",
                "bans line 2: 'unterminated Boss 1 ': a ban may only contain printable characters without spaces or quotes",
                "channels line 3: 'lots' is not a number",
                "servers line 1: expected <name> <their-password> <my-password> [<port> [<alias>]]",
                "servers line 2: the port must be a number from 1 to 65535, not '99999'",
                "filter line 2: a filter entry is one word, not 'two words'",
                "block line 2: not a regular expression: Unclosed group in 'bad(paren'");
        assertThat(snapshot(data)).isEqualTo(before);
        assertThat(accounts(data)).isEqualTo(accountsBefore);
    }

    @Test
    void existingAccountsAndDifferentFilesAreReplacedOnlyWithOverwrite() throws Exception {
        write("users", ":version 1\nzed " + opennapNgForm("aB3+x/9Q", "zed-old") + " zed@old.example.com User 1100000000 1700000000\n");
        write("motd", "the old motd\n");
        TestServer.createAccount(data, "Zed", "zed-new", "zed@example.com", Level.MODERATOR);
        Files.writeString(data.resolve("motd"), "the new motd\n");
        Map<String, String> before = snapshot(data);

        OpennapImport.Result refused = OpennapImport.run(from, data, false);

        assertThat(refused.written()).isFalse();
        assertThat(refused.problems().stream().map(Object::toString)).containsExactly(
                "users line 2: account zed already exists in " + data + " (--overwrite replaces it)",
                "motd: " + data.resolve("motd") + " exists and differs (--overwrite replaces it)");
        assertThat(snapshot(data)).isEqualTo(before);

        OpennapImport.Result done = OpennapImport.run(from, data, true);

        assertThat(done.written()).isTrue();
        assertThat(accounts(data)).hasSize(1);
        assertThat(accounts(data).get("zed").email()).isEqualTo("zed@old.example.com");
        assertThat(data.resolve("motd")).hasContent("the old motd");
    }

    /** The login error (0) a nick and password get, or null when they are let in. */
    private static String refusal(TestServer server, String nick, String password) throws Exception {
        try (ServerSession s = server.login(nick, password, 6699, 3)) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static Map<String, Account> accounts(Path dir) throws Exception {
        Map<String, Account> out = new TreeMap<>();
        for (Account a : TestServer.storedAccounts(dir)) {
            out.put(a.nick().toLowerCase(java.util.Locale.ROOT), a);
        }
        return out;
    }

    /** Every file of a directory but the database's (compared through its accounts), with its content. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(SqliteAccountStore.FILE_NAME)) {
                    out.put(name, Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return out;
    }
}
