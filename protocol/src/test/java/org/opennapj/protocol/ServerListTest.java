package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.ServerList.Entry;
import org.opennapj.protocol.ServerList.Kind;

class ServerListTest {

    @Test
    void readsAWsxFileWithDefaultsCrlfAndUnknownKeys() {
        String wsx = "N:Home server\r\nP:9999\r\nT:NORMAL\r\nA:nap.example.net\r\n\r\n"
                + "N:Meta\r\nT:META\r\nA:meta.example.net\r\n\r\n"
                + "N:No port\r\nT:use_100_command\r\nX:something newer\r\nA:10.0.0.7\r\n";
        ServerList.Parsed p = ServerList.parseWsx(wsx);
        assertThat(p.problems()).isEmpty();
        assertThat(p.entries()).containsExactly(
                new Entry("Home server", "nap.example.net", 9999, Kind.NORMAL),
                new Entry("Meta", "meta.example.net", 8875, Kind.META),
                new Entry("No port", "10.0.0.7", 8888, Kind.USE_100_COMMAND));
    }

    @Test
    void badWsxEntriesAreReportedWithTheirLineAndTheRestKept() {
        String wsx = "N:no address\nP:8888\n\nN:bad port\nP:99999\nA:x.example.net\n\ngarbage line\nN:ok\nT:WEIRD\nA:ok.example.net\n";
        ServerList.Parsed p = ServerList.parseWsx(wsx);
        assertThat(p.entries()).containsExactly(new Entry("ok", "ok.example.net", 8888, Kind.NORMAL));
        assertThat(p.problems()).containsExactly(
                "line 1: entry 'no address' has no A: address",
                "line 4: '99999': the port must be a number from 1 to 65535",
                "line 8: expected N:, P:, T: or A:, not 'garbage line'",
                "line 10: unknown type 'WEIRD', taken as NORMAL");
    }

    @Test
    void wsxAndTextListsReadBackWhatWasWritten() {
        List<Entry> entries = List.of(
                new Entry("One", "127.0.0.1", 8888, Kind.NORMAL, 10, 2000, 3),
                new Entry("Two words", "nap2.example.net", 7777, Kind.META, 0, 0, 0));
        assertThat(ServerList.parseWsx(ServerList.formatWsx(entries)).entries())
                .containsExactly(new Entry("One", "127.0.0.1", 8888, Kind.NORMAL),
                        new Entry("Two words", "nap2.example.net", 7777, Kind.META));
        String text = ServerList.formatText(entries);
        assertThat(text).isEqualTo("127.0.0.1 8888 One 10 2000 3\nnap2.example.net 7777 Two_words 0 0 0\n");
        ServerList.Parsed back = ServerList.parseText(text + "# comment\n\nbad\nh 1 n -3\n");
        assertThat(back.entries()).containsExactly(
                new Entry("One", "127.0.0.1", 8888, Kind.NORMAL, 10, 2000, 3),
                new Entry("Two_words", "nap2.example.net", 7777, Kind.NORMAL, 0, 0, 0));
        assertThat(back.problems()).containsExactly(
                "line 5: expected <host> <port> [<name> <users> <files> <gigs>]",
                "line 6: '-3' is not a count");
    }

    @Test
    void addressesTakeADefaultPortAndRefuseNonsense() {
        assertThat(ServerList.address("nap.example.net", 8888, Kind.NORMAL).address()).isEqualTo("nap.example.net:8888");
        assertThat(ServerList.address(" 127.0.0.1:8875 ", 8888, Kind.META))
                .isEqualTo(new Entry(null, "127.0.0.1", 8875, Kind.META));
        assertThatThrownBy(() -> ServerList.address("host:0", 8888, Kind.NORMAL)).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> ServerList.address("host:x", 8888, Kind.NORMAL)).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> ServerList.address("", 8888, Kind.NORMAL)).hasMessageContaining("not a host");
        assertThatThrownBy(() -> ServerList.address("two words:1", 8888, Kind.NORMAL)).hasMessageContaining("not a host");
    }
}
