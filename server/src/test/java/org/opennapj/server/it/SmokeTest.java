package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

class SmokeTest {

    @TempDir
    Path dir;

    @Test
    void shareSearchDownloadAcrossTwoClients() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession a = server.login("alice");
             ServerSession b = server.login("bob")) {
            a.send(MessageType.SHARE_FILE.code(), "\"C:\\Music\\Some Band - Great Song.mp3\" 0123456789abcdef0123456789abcdef-1234 3000000 128 44100 187");
            TestServer.sync(a);
            b.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"great song\" MAX_RESULTS 10");
            Message r = b.expect(TestServer.TIMEOUT, MessageType.SEARCH_RESULT.code());
            assertThat(r.data()).isEqualTo("\"C:\\Music\\Some Band - Great Song.mp3\" 0123456789abcdef0123456789abcdef-1234 3000000 128 44100 187 alice 16777343 3");
            b.expect(TestServer.TIMEOUT, MessageType.SEARCH_END.code());
            b.send(MessageType.DOWNLOAD_REQUEST.code(), "alice \"C:\\Music\\Some Band - Great Song.mp3\"");
            Message req = a.expect(TestServer.TIMEOUT, MessageType.UPLOAD_REQUEST.code());
            assertThat(req.data()).isEqualTo("bob \"C:\\Music\\Some Band - Great Song.mp3\" 3");
            a.send(MessageType.UPLOAD_ACCEPT.code(), "bob \"C:\\Music\\Some Band - Great Song.mp3\"");
            Message ack = b.expect(TestServer.TIMEOUT, MessageType.DOWNLOAD_ACK.code());
            assertThat(ack.data()).isEqualTo("alice 16777343 6699 \"C:\\Music\\Some Band - Great Song.mp3\" 0123456789abcdef0123456789abcdef-1234 3");
        }
    }
}
