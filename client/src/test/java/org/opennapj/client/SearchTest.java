package org.opennapj.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opennapj.protocol.SearchCompare;

class SearchTest {

    @Test
    void writesEveryCriterionAsTheProtocolSpellsIt() {
        Search s = Search.forWords("sneaker pimps").maxResults(75).contains("tesko suicide").excludes("live")
                .linespeed(SearchCompare.EQUAL_TO, 10).bitrate(SearchCompare.AT_LEAST, 128)
                .frequency(SearchCompare.AT_BEST, 44100).size(SearchCompare.AT_LEAST, 1000)
                .duration(SearchCompare.AT_BEST, 300).type("audio").wmaOnly().localOnly();
        assertThat(s.toWire()).isEqualTo("FILENAME CONTAINS \"sneaker pimps\" MAX_RESULTS 75"
                + " FILENAME CONTAINS \"tesko suicide\" FILENAME EXCLUDES \"live\" LINESPEED \"EQUAL TO\" 10"
                + " BITRATE \"AT LEAST\" \"128\" FREQ \"AT BEST\" \"44100\" SIZE \"AT LEAST\" 1000"
                + " DURATION \"AT BEST\" 300 TYPE audio WMA-FILE LOCAL_ONLY");
    }

    @Test
    void leavesOutMaxResultsWhenNotGivenAndRefusesQuotes() {
        assertThat(Search.forWords("a").toWire()).isEqualTo("FILENAME CONTAINS \"a\"");
        assertThatThrownBy(() -> Search.forWords("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Search.forWords("a").type("two words")).isInstanceOf(IllegalArgumentException.class);
    }
}
