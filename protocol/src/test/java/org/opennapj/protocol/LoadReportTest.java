package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static final byte[] SECRET = "test-secret-not-real".getBytes(StandardCharsets.ISO_8859_1);

    private static final LoadReport REPORT = new LoadReport(1_700_000_000_000L, 10, "nap1.example.net:8888",
            new StatsLine(120, 3400, 0.5, 123_456_789L, 42), "Nap1");

    @Test
    void aReportReadsBackWithTheSameSecret() {
        byte[] d = REPORT.encode(SECRET);
        assertThat(new String(d, StandardCharsets.ISO_8859_1))
                .startsWith("OPENNAPJ-LOAD/1 1700000000000 10 nap1.example.net:8888 120 3400 0.50 123456789 42 Nap1 ")
                .endsWith("\n");
        LoadReport back = LoadReport.decode(d, d.length, SECRET);
        assertThat(back.address()).isEqualTo("nap1.example.net:8888");
        assertThat(back.stats().localClients()).isEqualTo(42);
        assertThat(back.name()).isEqualTo("Nap1");
        assertThat(back.millis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void anotherSecretOrAChangedFigureIsABadSignature() {
        byte[] d = REPORT.encode(SECRET);
        assertThatThrownBy(() -> LoadReport.decode(d, d.length, "another-secret-not-real".getBytes(StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("bad signature");
        String tampered = new String(d, StandardCharsets.ISO_8859_1).replace(" 42 Nap1 ", " 0 Nap1 ");
        byte[] t = tampered.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> LoadReport.decode(t, t.length, SECRET)).hasMessageContaining("bad signature");
        byte[] junk = "hello".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> LoadReport.decode(junk, junk.length, SECRET)).hasMessageContaining("not a load report");
    }

    @Test
    void namesLoseTheirWhiteSpace() {
        assertThat(LoadReport.reportName("My Nap\tServer")).isEqualTo("My_Nap_Server");
        assertThat(LoadReport.reportName("  ")).isEqualTo("opennapj");
    }
}
