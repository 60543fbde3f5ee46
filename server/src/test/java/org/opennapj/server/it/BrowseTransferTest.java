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

/** 211 browse, 640-642 direct browse, and download coordination: 203/204/206, 500/501, 607/608/609, 619/620, 626. */
class BrowseTransferTest {

    private static final String SONG = "C:\\mp3\\Band - Song.mp3";
    private static final String SHARE = "\"" + SONG + "\" 0123456789abcdef0123456789abcdef 5000 128 44100 120";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, "max_browse_result", "3");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static int t(MessageType m) {
        return m.code();
    }

    @Test
    void browseListsFilesUpToTheLimitAndEndsWith213() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            for (int i = 0; i < 5; i++) {
                a.send(t(MessageType.SHARE_FILE), "\"C:\\mp3\\Track " + i + ".mp3\" abc" + i + " " + (100 + i) + " 128 44100 " + i);
            }
            TestServer.sync(a);
            b.send(t(MessageType.BROWSE), "alice");
            List<Message> got = b.collectUntil(TestServer.TIMEOUT, t(MessageType.BROWSE_END));
            assertThat(got).extracting(Message::data).containsExactly(
                    "alice \"C:\\mp3\\Track 0.mp3\" abc0 100 128 44100 0",
                    "alice \"C:\\mp3\\Track 1.mp3\" abc1 101 128 44100 1",
                    "alice \"C:\\mp3\\Track 2.mp3\" abc2 102 128 44100 2",
                    "alice 16777343");
            b.send(t(MessageType.BROWSE), "alice 2");
            assertThat(b.collectUntil(TestServer.TIMEOUT, t(MessageType.BROWSE_END))).hasSize(3);
            b.send(t(MessageType.BROWSE), "nobody");
            assertThat(b.collectUntil(TestServer.TIMEOUT, t(MessageType.BROWSE_END)))
                    .extracting(Message::type, Message::data)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(t(MessageType.USER_SIGNOFF), "nobody"),
                            org.assertj.core.groups.Tuple.tuple(t(MessageType.BROWSE_END), "nobody"));
        }
    }

    @Test
    void directBrowseIsRelayedBetweenTheTwoClients() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 6699, 3);
             ServerSession b = server.login("bob", "pw", 6688, 3);
             ServerSession fw = server.login("walled", "pw", 0, 3)) {
            b.send(t(MessageType.DIRECT_BROWSE_REQUEST), "alice");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DIRECT_BROWSE_ERROR)).data())
                    .isEqualTo("alice \"alice is not sharing any files.\"");
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.DIRECT_BROWSE_REQUEST), "alice");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.DIRECT_BROWSE_REQUEST)).data()).isEqualTo("bob");
            a.send(t(MessageType.DIRECT_BROWSE_ACCEPT), "bob");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DIRECT_BROWSE_ACCEPT)).data()).isEqualTo("alice 16777343 6699");
            fw.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(fw);
            b.send(t(MessageType.DIRECT_BROWSE_REQUEST), "walled");
            assertThat(fw.expect(TestServer.TIMEOUT, t(MessageType.DIRECT_BROWSE_REQUEST)).data()).isEqualTo("bob 16777343 6688");
            b.send(t(MessageType.DIRECT_BROWSE_REQUEST), "ghost");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DIRECT_BROWSE_ERROR)).data()).isEqualTo("ghost \"ghost is not online.\"");
        }
    }

    @Test
    void normalDownloadAckOnlyAfterTheUploaderAccepts() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 6699, 7); ServerSession b = server.login("bob", "pw", 6688, 2)) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.UPLOAD_REQUEST)).data()).isEqualTo("bob \"" + SONG + "\" 2");
            assertThat(b.drain(java.time.Duration.ofMillis(200))).extracting(Message::type).doesNotContain(t(MessageType.DOWNLOAD_ACK));
            a.send(t(MessageType.UPLOAD_ACCEPT), "bob \"" + SONG + "\" 2");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ACK)).data())
                    .isEqualTo("alice 16777343 6699 \"" + SONG + "\" 0123456789abcdef0123456789abcdef 7");
            // counters show up in whois
            b.send(t(MessageType.DOWNLOADING), "");
            a.send(t(MessageType.UPLOADING), "");
            TestServer.sync(a);
            TestServer.sync(b);
            b.send(t(MessageType.WHOIS), "alice");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.WHOIS_RESPONSE)).data()).contains(" 1 0 1 7 ");
        }
    }

    @Test
    void missingFileOrUserGets206() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice \"C:\\not shared.mp3\"");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ERROR)).data()).isEqualTo("alice \"C:\\not shared.mp3\"");
            b.send(t(MessageType.DOWNLOAD_REQUEST), "nobody \"" + SONG + "\"");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ERROR)).data()).isEqualTo("nobody \"" + SONG + "\"");
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.NOTICE)).data()).contains("download request");
            assertThat(a.drain(java.time.Duration.ofMillis(200))).extracting(Message::type).doesNotContain(t(MessageType.UPLOAD_REQUEST));
        }
    }

    @Test
    void firewalledUploaderPushesAfter500() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 0, 7); ServerSession b = server.login("bob", "pw", 6688, 2)) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice \"" + SONG + "\"");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ACK)).data())
                    .isEqualTo("alice 16777343 0 \"" + SONG + "\" 0123456789abcdef0123456789abcdef 7");
            b.send(t(MessageType.FIREWALLED_DOWNLOAD), "alice \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.UPLOAD_REQUEST)).data()).isEqualTo("bob \"" + SONG + "\" 2");
            a.send(t(MessageType.UPLOAD_ACCEPT), "bob \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.FIREWALLED_DOWNLOAD_ACK)).data())
                    .isEqualTo("bob 16777343 6688 \"" + SONG + "\" 0123456789abcdef0123456789abcdef 2");
        }
    }

    @Test
    void bothFirewalledCannotDownload() throws Exception {
        try (ServerSession a = server.login("alice", "pw", 0, 7); ServerSession b = server.login("bob", "pw", 0, 2)) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.FIREWALLED_DOWNLOAD), "alice \"" + SONG + "\"");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ERROR)).data()).isEqualTo("alice \"" + SONG + "\"");
        }
    }

    @Test
    void refusalsQueueLimitsAndPortErrorsAreRelayed() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice \"" + SONG + "\"");
            a.expect(TestServer.TIMEOUT, t(MessageType.UPLOAD_REQUEST));
            a.send(t(MessageType.ACCEPT_FAILED), "bob \"" + SONG + "\"");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.ACCEPT_FAILED)).data()).isEqualTo("alice \"" + SONG + "\"");
            a.send(t(MessageType.QUEUE_LIMIT), "bob \"" + SONG + "\" 3");
            assertThat(b.expect(TestServer.TIMEOUT, t(MessageType.QUEUE_LIMIT_NOTICE)).data()).isEqualTo("alice \"" + SONG + "\" 5000 3");
            b.send(t(MessageType.DATA_PORT_ERROR), "alice");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.DATA_PORT_ERROR)).data()).isEqualTo("bob");
            a.send(t(MessageType.QUEUE_LIMIT), "bob \"" + SONG + "\" many");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.NOTICE)).data()).contains("many");
        }
    }

    @Test
    void acceptsAndRefusalsWithoutARequestAreNotRelayed() throws Exception {
        try (ServerSession a = server.login("alice"); ServerSession b = server.login("bob")) {
            a.send(t(MessageType.SHARE_FILE), SHARE);
            TestServer.sync(a);
            a.send(t(MessageType.UPLOAD_ACCEPT), "bob \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.NOTICE)).data()).isEqualTo("bob has not requested " + SONG);
            a.send(t(MessageType.ACCEPT_FAILED), "bob \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.NOTICE)).data()).isEqualTo("bob has not requested " + SONG);
            TestServer.sync(b);
            assertThat(b.drain(java.time.Duration.ofMillis(200))).isEmpty();
            // a request is accepted once only
            b.send(t(MessageType.DOWNLOAD_REQUEST), "alice \"" + SONG + "\"");
            a.expect(TestServer.TIMEOUT, t(MessageType.UPLOAD_REQUEST));
            a.send(t(MessageType.UPLOAD_ACCEPT), "bob \"" + SONG + "\"");
            b.expect(TestServer.TIMEOUT, t(MessageType.DOWNLOAD_ACK));
            a.send(t(MessageType.UPLOAD_ACCEPT), "bob \"" + SONG + "\"");
            assertThat(a.expect(TestServer.TIMEOUT, t(MessageType.NOTICE)).data()).contains("has not requested");
        }
    }
}
