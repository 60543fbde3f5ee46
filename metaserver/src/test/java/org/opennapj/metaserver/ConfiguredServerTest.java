package org.opennapj.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfiguredServerTest {

    @Test
    void readsAddressNameAndStatsPort() {
        ConfiguredServer s = ConfiguredServer.parse("nap.example.net:9999 Home stats=8889", 0);
        assertThat(s.address()).isEqualTo("nap.example.net:9999");
        assertThat(s.name()).isEqualTo("Home");
        assertThat(s.statsPort()).isEqualTo(8889);
        ConfiguredServer bare = ConfiguredServer.parse("10.0.0.7", 8889);
        assertThat(bare.address()).isEqualTo("10.0.0.7:8888");
        assertThat(bare.name()).isEqualTo("10.0.0.7");
        assertThat(bare.statsPort()).as("the default stats port").isEqualTo(8889);
        assertThat(ConfiguredServer.parse("[::1]:8888 six", 0).entry().host()).isEqualTo("[::1]");
    }

    @Test
    void aFileKeepsGoodLinesAndNamesTheBadOnes() {
        ConfiguredServer.Parsed p = ConfiguredServer.parseFile("""
                # the network
                a.example.net:8888 a   # the hub

                b.example.net:x b
                c.example.net:8888 c stats=y
                d.example.net:8888 d two names
                0.0.0.0:8888
                e.example.net
                """, 0);
        assertThat(p.servers()).extracting(ConfiguredServer::address).containsExactly("a.example.net:8888", "e.example.net:8888");
        assertThat(p.problems()).hasSize(4);
        assertThat(p.problems().get(0)).startsWith("line 4:");
        assertThat(p.problems().get(1)).startsWith("line 5:").contains("stats=");
        assertThat(p.problems().get(2)).startsWith("line 6:").contains("'two'");
        assertThat(p.problems().get(3)).startsWith("line 7:");
        assertThatThrownBy(() -> ConfiguredServer.parse("a:1 x stats=70000", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
