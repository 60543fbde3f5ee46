package org.opennapj.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.ServerList;
import org.opennapj.protocol.ServerList.Entry;
import org.opennapj.protocol.ServerList.Kind;

/** The server lists beside the metaserver, read back with the parsers clients use. */
class ServerListPagesTest {

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(LocalServer.TIMEOUT).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void textAndWsxListsHoldTheLiveServersWithTheirCounts(@TempDir Path dir) throws Exception {
        try (LocalServer a = LocalServer.start(dir.resolve("a"), "a.test", true);
             LocalServer plain = LocalServer.start(dir.resolve("p"), "plain.test", false);
             HttpClient http = HttpClient.newBuilder().connectTimeout(LocalServer.TIMEOUT).build()) {
            List<ServerSession> users = new ArrayList<>();
            try {
                users.add(a.login("alice"));
                users.add(a.login("bob"));
                users.get(0).send(org.opennapj.protocol.MessageType.SHARE_FILE.code(),
                        "\"C:\\mp3\\One.mp3\" d41d8cd98f00b204e9800998ecf8427e 3221225472 128 44100 60");
                users.get(0).send(org.opennapj.protocol.MessageType.SERVER_PING.code(), "");
                users.get(0).expect(LocalServer.TIMEOUT, org.opennapj.protocol.MessageType.SERVER_PING.code());
                MetaserverSettings s = new MetaserverSettings("127.0.0.1", 0, 0, Duration.ofHours(1), Duration.ofSeconds(5),
                        List.of(a.configured("Alpha"), plain.configured("Plain"),
                                ConfiguredServer.parse("127.0.0.1:1 Gone", 0)), null, 0,
                        MetaserverSettings.metaEntry("meta.example.net Example Meta"));
                try (Metaserver meta = Metaserver.start(s)) {
                    HttpResponse<String> text = get(http, meta.listPort(), ServerListPages.TEXT_PATH);
                    assertThat(text.statusCode()).isEqualTo(200);
                    ServerList.Parsed t = ServerList.parseText(text.body());
                    assertThat(t.problems()).isEmpty();
                    assertThat(t.entries()).containsExactly(
                            new Entry("Alpha", "127.0.0.1", a.port(), Kind.NORMAL, 2, 1, 3),
                            new Entry("Plain", "127.0.0.1", plain.port(), Kind.NORMAL, 0, 0, 0));

                    HttpResponse<String> wsx = get(http, meta.listPort(), ServerListPages.WSX_PATH);
                    assertThat(wsx.statusCode()).isEqualTo(200);
                    assertThat(wsx.body()).contains("\r\n\r\n");
                    ServerList.Parsed w = ServerList.parseWsx(wsx.body());
                    assertThat(w.problems()).isEmpty();
                    assertThat(w.entries()).containsExactly(
                            new Entry("Example Meta", "meta.example.net", 8875, Kind.META),
                            new Entry("Alpha", "127.0.0.1", a.port(), Kind.NORMAL),
                            new Entry("Plain", "127.0.0.1", plain.port(), Kind.NORMAL));

                    assertThat(get(http, meta.listPort(), "/other").statusCode()).isEqualTo(404);
                }
            } finally {
                for (ServerSession u : users) {
                    u.close();
                }
            }
        }
    }
}
