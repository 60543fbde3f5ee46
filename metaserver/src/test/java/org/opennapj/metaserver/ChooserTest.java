package org.opennapj.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.StatsLine;

class ChooserTest {

    private static ServerStatus live(String line, boolean loopback, long clients) {
        return new ServerStatus(ConfiguredServer.parse(line, 0), true, loopback, new StatsLine(0, 0, 0, 0, clients), null);
    }

    private static Map<String, Integer> choose(Chooser c, ServerTable t, boolean loopbackClient, int times) {
        Map<String, Integer> got = new TreeMap<>();
        for (int i = 0; i < times; i++) {
            byte[] line = c.choose(t, loopbackClient);
            got.merge(line == null ? "" : new String(line, StandardCharsets.ISO_8859_1), 1, Integer::sum);
        }
        return got;
    }

    @Test
    void aLoopbackServerIsNeverHandedToAClientElsewhere() {
        ServerTable t = ServerTable.of(List.of(
                live("127.0.0.1:8888 here", true, 0),
                live("nap.example.net:8888 there", false, 50)));
        Chooser c = new Chooser();
        assertThat(choose(c, t, false, 10)).containsOnlyKeys("nap.example.net:8888\n");
        assertThat(choose(c, t, true, 10)).as("a client on loopback gets the emptier one")
                .containsOnlyKeys("127.0.0.1:8888\n");
        ServerTable onlyLoopback = ServerTable.of(List.of(live("127.0.0.2:8888 here", true, 0)));
        assertThat(c.choose(onlyLoopback, false)).as("nothing to offer: no line").isNull();
        assertThat(onlyLoopback.entries(false)).isEmpty();
        assertThat(onlyLoopback.entries(true)).hasSize(1);
    }

    @Test
    void theLeastLoadedFirstThenInTurn() {
        ServerTable t = ServerTable.of(List.of(
                live("a.example.net:8888 a", false, 10),
                live("b.example.net:8888 b", false, 4),
                new ServerStatus(ConfiguredServer.parse("c.example.net:8888 c", 0), false, false, null, "down")));
        Chooser c = new Chooser();
        assertThat(choose(c, t, false, 6)).containsOnlyKeys("b.example.net:8888\n");
        assertThat(choose(c, t, false, 10)).containsEntry("a.example.net:8888\n", 5).containsEntry("b.example.net:8888\n", 5);
        // a new check starts the count again from what it found
        ServerTable next = ServerTable.of(List.of(live("a.example.net:8888 a", false, 0), live("b.example.net:8888 b", false, 3)));
        assertThat(choose(c, next, false, 3)).containsOnlyKeys("a.example.net:8888\n");
    }

    @Test
    void aServerOfUnknownLoadCountsAsTheMeanOfTheKnown() {
        ServerTable t = ServerTable.of(List.of(
                live("a.example.net:8888 a", false, 10),
                live("b.example.net:8888 b", false, 30),
                new ServerStatus(ConfiguredServer.parse("c.example.net:8888 c", 0), true, false, null, null)));
        assertThat(t.unknownLoad()).isEqualTo(20);
        assertThat(choose(new Chooser(), t, false, 20)).containsEntry("a.example.net:8888\n", 15)
                .containsEntry("c.example.net:8888\n", 5).doesNotContainKey("b.example.net:8888\n");
    }
}
