package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/**
 * The level model as a whole: the documented table of privileged numerics is the dispatch's, and
 * a Leech is refused what opennap-ng refuses it (sharing, searching, browsing, downloading) until
 * it is raised again.
 */
class PermissionsTest {

    private static final String SONG = "C:\\music\\leech test song.mp3";
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+(?: / \\d+)*)\\b(?:[^|\\\\]|\\\\.)*\\| ([A-Za-z]+)");

    @TempDir
    Path dir;

    /** docs/MODERATING.md's first table, numeric -> level word, read from the repository. */
    private static Map<Integer, String> documentedLevels() throws Exception {
        Path doc = Path.of("..", "docs", "MODERATING.md");
        assertThat(doc).as("docs/MODERATING.md from the server module").exists();
        String text = Files.readString(doc);
        String table = text.substring(text.indexOf("## Server administration"), text.indexOf("## Channels"));
        Map<Integer, String> levels = new TreeMap<>();
        for (String line : table.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                for (String n : m.group(1).split(" / ")) {
                    levels.put(Integer.parseInt(n), m.group(2));
                }
            }
        }
        return levels;
    }

    @Test
    void theDocumentedTableOfPrivilegedNumericsIsTheDispatchs() throws Exception {
        Map<Integer, String> documented = documentedLevels();
        assertThat(documented).as("rows read from docs/MODERATING.md").hasSizeGreaterThan(20);
        try (TestServer server = TestServer.start(dir)) {
            List<String> problems = new ArrayList<>();
            for (int numeric : server.core().handledNumerics()) {
                Level needed = server.core().requiredLevel(numeric);
                String doc = documented.get(numeric);
                if (needed != Level.LEECH && doc == null) {
                    problems.add(numeric + " needs " + needed.wireName() + " but is not in the table");
                } else if (doc != null) {
                    Level written = doc.equals("any") ? Level.LEECH : Level.parse(doc);
                    if (written != needed) {
                        problems.add(numeric + " is documented as " + doc + " but needs " + needed.wireName());
                    }
                }
            }
            Set<Integer> handled = new HashSet<>();
            for (int numeric : server.core().handledNumerics()) {
                handled.add(numeric);
            }
            for (int numeric : documented.keySet()) {
                if (!handled.contains(numeric)) {
                    problems.add(numeric + " is documented but has no handler");
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void aLeechMayNotShareSearchBrowseOrDownloadUntilRaisedAgain() throws Exception {
        TestServer.createAccount(dir, "boss", "boss-password", "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             ServerSession boss = server.login("boss", "boss-password", 0, 0);
             ServerSession carol = server.login("carol");
             ServerSession leechy = server.login("leechy")) {
            collectToSync(boss);
            carol.send(MessageType.SHARE_FILE.code(), "\"" + SONG + "\" 0123456789abcdef0123456789abcdef-1234 3000000 128 44100 187");
            TestServer.sync(carol);
            boss.send(MessageType.CHANGE_LEVEL.code(), "leechy Leech");
            leechy.await(TIMEOUT, m -> m.type() == 404 && m.data().contains("Leech"), "the level notice");

            leechy.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"leech test\" MAX_RESULTS 10");
            List<Message> search = leechy.collectUntil(TIMEOUT, MessageType.SEARCH_END.code());
            assertThat(search).extracting(Message::type).containsExactly(404, MessageType.SEARCH_END.code());
            assertThat(search.get(0).data()).isEqualTo("search failed: permission denied: leeches may not search");

            leechy.send(MessageType.DOWNLOAD_REQUEST.code(), "carol \"" + SONG + "\"");
            assertThat(collectToSync(leechy)).extracting(Message::type)
                    .containsExactly(404, MessageType.DOWNLOAD_ERROR.code());
            assertThat(collectToSync(carol)).as("carol is never asked to upload").isEmpty();

            leechy.send(MessageType.BROWSE.code(), "carol");
            assertThat(collectToSync(leechy)).containsExactly(new Message(MessageType.BROWSE_END.code(), "carol 0"));

            leechy.send(MessageType.SHARE_FILE.code(), "\"C:\\mine.mp3\" 0123456789abcdef0123456789abcdef-1 1000 128 44100 60");
            assertThat(collectToSync(leechy)).extracting(Message::data).containsExactly("leeches may not share files");

            // raised again, the same requests work
            boss.send(MessageType.CHANGE_LEVEL.code(), "leechy User");
            leechy.await(TIMEOUT, m -> m.type() == 404 && m.data().contains("User"), "the level notice");
            leechy.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"leech test\" MAX_RESULTS 10");
            assertThat(leechy.collectUntil(TIMEOUT, MessageType.SEARCH_END.code()))
                    .anyMatch(m -> m.type() == MessageType.SEARCH_RESULT.code() && m.data().contains("leech test song"));
            leechy.send(MessageType.DOWNLOAD_REQUEST.code(), "carol \"" + SONG + "\"");
            carol.expect(TIMEOUT, MessageType.UPLOAD_REQUEST.code());
        }
    }
}
