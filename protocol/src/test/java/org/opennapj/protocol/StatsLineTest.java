package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsLineTest {

    @Test
    void writesTheFiveFieldsWithTwoDecimalsOfLoad() {
        assertThat(new StatsLine(12, 3400, 0.5, 5_368_709_120L, 7).format()).isEqualTo("12 3400 0.50 5368709120 7\n");
        assertThat(new StatsLine(0, 0, -1, 0, 0).format()).as("an unknown load is 0.00").isEqualTo("0 0 0.00 0 0\n");
        assertThat(new StatsLine(0, 0, 0, 5_368_709_120L, 0).gigabytes()).isEqualTo(5);
    }

    @Test
    void readsBackWhatWasWrittenAndIgnoresExtraFields() {
        StatsLine s = new StatsLine(12, 3400, 1.25, 123_456_789, 7);
        assertThat(StatsLine.parse(s.format())).isEqualTo(s);
        assertThat(StatsLine.parse("1 2 0.00 3 4 more fields\r\n")).isEqualTo(new StatsLine(1, 2, 0, 3, 4));
    }

    @Test
    void refusesWhatIsNotAStatsLine() {
        assertThatThrownBy(() -> StatsLine.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatsLine.parse("1 2 3")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> StatsLine.parse("a b c d e")).hasMessageContaining("not a stats line");
        assertThatThrownBy(() -> StatsLine.parse("1 2 NaN 3 4")).hasMessageContaining("not a stats line");
        assertThatThrownBy(() -> StatsLine.parse("-1 2 0.00 3 4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatsLine.parse("1".repeat(300))).hasMessageContaining("longer");
    }
}
