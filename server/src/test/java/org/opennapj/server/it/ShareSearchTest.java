package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/** 100/10300/870 sharing, 102/110 unsharing, 200 search with its criteria, 215 resume search. */
class ShareSearchTest {

    private static final int SHARE = MessageType.SHARE_FILE.code();
    private static final int SEARCH = MessageType.SEARCH.code();
    private static final int RESULT = MessageType.SEARCH_RESULT.code();
    private static final int END = MessageType.SEARCH_END.code();

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "max_shared", "50");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> search(ServerSession s, String query) throws Exception {
        s.send(SEARCH, query);
        List<Message> got = s.collectUntil(TestServer.TIMEOUT, END);
        return got.stream().filter(m -> m.type() == RESULT).map(Message::data).toList();
    }

    private static void shareMp3(ServerSession s, String path, long size, int bitrate, int freq, int secs) throws Exception {
        s.send(SHARE, "\"" + path + "\" d41d8cd98f00b204e9800998ecf8427e " + size + " " + bitrate + " " + freq + " " + secs);
    }

    @Test
    void resultsCarryExactlyTheSpecFieldsAndNeverTheSearchersOwnFiles() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 6699, 7);
             ServerSession b = server.login("bob", "pw", 6688, 2)) {
            shareMp3(a, "C:\\mp3\\Artist - Tune.mp3", 4000000, 192, 44100, 250);
            shareMp3(b, "D:\\music\\Artist - Tune.mp3", 3000000, 128, 44100, 250);
            TestServer.sync(a);
            TestServer.sync(b);
            assertThat(search(b, "FILENAME CONTAINS \"artist tune\" MAX_RESULTS 100"))
                    .containsExactly("\"C:\\mp3\\Artist - Tune.mp3\" d41d8cd98f00b204e9800998ecf8427e 4000000 192 44100 250 alice 16777343 7");
            assertThat(search(a, "FILENAME CONTAINS \"TUNE\" MAX_RESULTS 100"))
                    .containsExactly("\"D:\\music\\Artist - Tune.mp3\" d41d8cd98f00b204e9800998ecf8427e 3000000 128 44100 250 bob 16777343 2");
        }
    }

    @Test
    void criteriaFilterResults() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 6699, 7);
             ServerSession b = server.login("bob")) {
            shareMp3(a, "C:\\mp3\\Band - Song One.mp3", 1000, 128, 44100, 100);
            shareMp3(a, "C:\\mp3\\Band - Song Two live.mp3", 5000, 320, 48000, 300);
            shareMp3(a, "C:\\mp3\\Band - Song Three.mp3", 3000, 192, 22050, 200);
            TestServer.sync(a);
            assertThat(search(b, "FILENAME CONTAINS \"band song\" MAX_RESULTS 100")).hasSize(3);
            assertThat(search(b, "FILENAME CONTAINS \"band song\" MAX_RESULTS 2")).hasSize(2);
            assertThat(search(b, "FILENAME CONTAINS \"band song -live\" MAX_RESULTS 100")).hasSize(2)
                    .noneMatch(r -> r.contains("live"));
            assertThat(search(b, "FILENAME CONTAINS \"band song\" FILENAME EXCLUDES \"one three\" MAX_RESULTS 100"))
                    .singleElement().asString().contains("Song Two live");
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 BITRATE \"AT LEAST\" \"192\"")).hasSize(2);
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 BITRATE \"AT BEST\" \"192\"")).hasSize(2);
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 BITRATE \"EQUAL TO\" \"320\"")).singleElement()
                    .asString().contains("Two live");
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 FREQ \"EQUAL TO\" \"22050\"")).singleElement()
                    .asString().contains("Three");
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 SIZE \"AT LEAST\" 3000")).hasSize(2);
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 DURATION \"AT BEST\" 100")).singleElement()
                    .asString().contains("Song One");
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 LINESPEED \"AT LEAST\" 8")).isEmpty();
            assertThat(search(b, "FILENAME CONTAINS \"band\" MAX_RESULTS 100 LINESPEED \"EQUAL TO\" 7")).hasSize(3);
            // MP3::Napster puts MAX_RESULTS first and leaves a trailing space
            assertThat(search(b, "MAX_RESULTS 100 FILENAME CONTAINS \"Song One\" ")).hasSize(1);
            assertThat(search(b, "FILENAME CONTAINS \"nothing matches this\" MAX_RESULTS 100")).isEmpty();
        }
    }

    @Test
    void mediaTypesAndDirectoryShares() throws Exception {
        try (ServerSession a = server.login("alice");
             ServerSession b = server.login("bob")) {
            a.send(MessageType.SHARE_MEDIA.code(), "\"C:\\pics\\Grand Canyon.jpg\" 54187 bc938fdc0ef63772bfbdbf57aabb0860-54187 image");
            a.send(MessageType.SHARE_DIRECTORY.code(), "\"C:\\mp3\\Canyon Band\" \"Canyon One.mp3\" abc 100 128 44100 60 \"Canyon Two.mp3\" WMA-FILE 200 128 44100 61");
            TestServer.sync(a);
            assertThat(search(b, "FILENAME CONTAINS \"canyon\" MAX_RESULTS 100"))
                    .containsExactlyInAnyOrder(
                            "\"C:\\mp3\\Canyon Band\\Canyon One.mp3\" abc 100 128 44100 60 alice 16777343 3",
                            "\"C:\\mp3\\Canyon Band\\Canyon Two.mp3\" WMA-FILE 200 128 44100 61 alice 16777343 3");
            assertThat(search(b, "FILENAME CONTAINS \"canyon\" MAX_RESULTS 100 TYPE image"))
                    .containsExactly("\"C:\\pics\\Grand Canyon.jpg\" bc938fdc0ef63772bfbdbf57aabb0860-54187 54187 0 0 0 alice 16777343 3");
            assertThat(search(b, "FILENAME CONTAINS \"canyon\" MAX_RESULTS 100 TYPE any")).hasSize(3);
            a.send(MessageType.SHARE_MEDIA.code(), "\"C:\\x.bin\" 1 abc spaceship");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.NOTICE.code()).data()).contains("spaceship");
        }
    }

    @Test
    void invalidSearchGetsAnErrorAndAnEndNeverADisconnect() throws Exception {
        try (ServerSession b = server.login("bob")) {
            for (String bad : new String[] {"", "MAX_RESULTS", "FILENAME CONTAINS \"unclosed", "BITRATE \"AT MOST\" \"1\" FILENAME CONTAINS \"x\"",
                    "FILENAME CONTAINS \"x\" MAX_RESULTS lots", "FILENAME CONTAINS \"x\" SIZE \"AT LEAST\" big"}) {
                b.send(SEARCH, bad);
                List<Message> got = b.collectUntil(TestServer.TIMEOUT, END);
                assertThat(got).as(bad).extracting(Message::type).containsExactly(MessageType.NOTICE.code(), END);
            }
            TestServer.sync(b);
        }
    }

    @Test
    void unshareAndLogoutRemoveFilesAndHotlistSeesTheSignoff() throws Exception {
        try (ServerSession b = server.login("bob")) {
            ServerSession a = server.login("alice", "pw", 6699, 5);
            b.send(MessageType.HOTLIST_ADD.code(), "alice");
            b.expect(TestServer.TIMEOUT, MessageType.HOTLIST_ACK.code());
            shareMp3(a, "C:\\mp3\\Keep Me.mp3", 1, 128, 44100, 1);
            shareMp3(a, "C:\\mp3\\Drop Me.mp3", 1, 128, 44100, 1);
            shareMp3(a, "C:\\mp3\\Other Me.mp3", 1, 128, 44100, 1);
            a.send(MessageType.UNSHARE_FILE.code(), "C:\\mp3\\Drop Me.mp3");
            TestServer.sync(a);
            assertThat(search(b, "FILENAME CONTAINS \"me\" MAX_RESULTS 100")).hasSize(2).noneMatch(r -> r.contains("Drop"));
            a.send(MessageType.UNSHARE_FILE.code(), "C:\\mp3\\Never Shared.mp3");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.NOTICE.code()).data()).contains("Never Shared");
            a.send(MessageType.UNSHARE_ALL.code(), "");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.UNSHARE_ALL.code()).data()).isEqualTo("2");
            assertThat(search(b, "FILENAME CONTAINS \"me\" MAX_RESULTS 100")).isEmpty();
            shareMp3(a, "C:\\mp3\\Again Me.mp3", 1, 128, 44100, 1);
            TestServer.sync(a);
            assertThat(search(b, "FILENAME CONTAINS \"me\" MAX_RESULTS 100")).hasSize(1);
            a.close();
            assertThat(b.expect(TestServer.TIMEOUT, MessageType.USER_SIGNOFF.code()).data()).isEqualTo("alice");
            assertThat(search(b, "FILENAME CONTAINS \"me\" MAX_RESULTS 100")).isEmpty();
        }
    }

    @Test
    void bothFirewalledSeeNoResultsOfEachOther() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 0, 3);
             ServerSession b = server.login("bob", "pw", 0, 3);
             ServerSession c = server.login("carol", "pw", 6699, 3)) {
            shareMp3(a, "C:\\mp3\\Hidden Track.mp3", 1, 128, 44100, 1);
            TestServer.sync(a);
            assertThat(search(b, "FILENAME CONTAINS \"hidden\" MAX_RESULTS 100")).isEmpty();
            assertThat(search(c, "FILENAME CONTAINS \"hidden\" MAX_RESULTS 100")).hasSize(1);
        }
    }

    @Test
    void maxSharedRefusesFurtherFilesWithOneNotice() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            for (int i = 0; i < 53; i++) {
                shareMp3(a, "C:\\mp3\\Limit " + i + ".mp3", 1, 128, 44100, 1);
            }
            // exactly one notice for the three refused files
            a.send(MessageType.SERVER_PING.code(), "");
            List<Message> got = a.collectUntil(TestServer.TIMEOUT, MessageType.SERVER_PING.code());
            assertThat(got).filteredOn(m -> m.type() == MessageType.NOTICE.code()).extracting(Message::data)
                    .containsExactly("You may only share 50 files");
            assertThat(search(b, "FILENAME CONTAINS \"limit\" MAX_RESULTS 100")).hasSize(50);
        }
    }

    @Test
    void resumeSearchFindsFilesByChecksumAndSize() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 6699, 4);
             ServerSession b = server.login("bob")) {
            a.send(SHARE, "\"C:\\mp3\\Resume Me.mp3\" 0123456789abcdef0123456789abcdef 777 128 44100 1");
            a.send(SHARE, "\"C:\\mp3\\Other.mp3\" 0123456789abcdef0123456789abcdef 778 128 44100 1");
            TestServer.sync(a);
            b.send(MessageType.RESUME_SEARCH.code(), "0123456789abcdef0123456789abcdef 777");
            List<Message> got = b.collectUntil(TestServer.TIMEOUT, MessageType.RESUME_END.code());
            assertThat(got).extracting(Message::data).containsExactly(
                    "alice 16777343 6699 \"C:\\mp3\\Resume Me.mp3\" 0123456789abcdef0123456789abcdef 777 4", "");
        }
    }

    @Test
    void directoryShareKeepsCompleteGroupsAndReportsAnIncompleteTail() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            a.send(MessageType.SHARE_DIRECTORY.code(), "\"C:\\dir\" \"Tail One.mp3\" abc 100 128 44100 60 \"Tail Two.mp3\" abc 100");
            assertThat(a.expect(TestServer.TIMEOUT, MessageType.NOTICE.code()).data()).contains("Tail Two.mp3").contains("3 of its 6 fields");
            assertThat(search(b, "FILENAME CONTAINS \"tail\" MAX_RESULTS 100")).singleElement().asString().contains("Tail One");
        }
    }

    @Test
    void maxTotalSharedRefusesSharesOnceTheIndexIsFull() throws Exception {
        try (TestServer small = TestServer.start(dir.resolve("small"), "max_total_shared", "3");
             ServerSession a = small.login("alice"); ServerSession b = small.login("bob")) {
            shareMp3(a, "C:\\mp3\\Full One.mp3", 1, 128, 44100, 1);
            shareMp3(a, "C:\\mp3\\Full Two.mp3", 1, 128, 44100, 1);
            TestServer.sync(a);
            shareMp3(b, "C:\\mp3\\Full Three.mp3", 1, 128, 44100, 1);
            shareMp3(b, "C:\\mp3\\Full Four.mp3", 1, 128, 44100, 1);
            b.send(MessageType.SERVER_PING.code(), "");
            assertThat(b.collectUntil(TestServer.TIMEOUT, MessageType.SERVER_PING.code()))
                    .filteredOn(m -> m.type() == MessageType.NOTICE.code()).extracting(Message::data)
                    .containsExactly("the server's file index is full; your files are not shared");
            assertThat(search(a, "FILENAME CONTAINS \"full\" MAX_RESULTS 100")).singleElement().asString().contains("Full Three");
            a.send(MessageType.UNSHARE_ALL.code(), "");
            a.expect(TestServer.TIMEOUT, MessageType.UNSHARE_ALL.code());
            shareMp3(b, "C:\\mp3\\Full Five.mp3", 1, 128, 44100, 1);
            TestServer.sync(b);
            assertThat(search(a, "FILENAME CONTAINS \"full\" MAX_RESULTS 100")).hasSize(2);
        }
    }
}
