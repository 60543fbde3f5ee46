package org.opennapj.server.share;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opennapj.protocol.MediaType;
import org.opennapj.protocol.SearchCompare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class SearchQueryTest {

    private static SearchQuery parse(String s) throws InvalidSearchException {
        return SearchQuery.parse(s, 100);
    }

    private static final int MP3 = MediaType.MP3.bit();
    private static final int AUDIO = MediaType.AUDIO.bit();

    @Test
    void napsterTxtExamples() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"Sneaker Pimps\" MAX_RESULTS 75 FILENAME CONTAINS \"tesko suicide\" BITRATE \"AT LEAST\" \"128\"");
        assertThat(q.includeWords()).containsExactly("sneaker", "pimps", "tesko", "suicide");
        assertThat(q.excludeWords()).isEmpty();
        assertThat(q.maxResults()).isEqualTo(75);
        assertThat(q.minBitrate()).isEqualTo(128);
        assertThat(q.maxBitrate()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.linespeedCompare()).isNull();
        assertThat(q.linespeedMatches(0)).isTrue();
        assertThat(q.typeMask()).isEqualTo(MP3);
        assertThat(q.localOnly()).isFalse();
        assertThat(q.wmaOnly()).isFalse();

        SearchQuery q2 = parse("MAX_RESULTS 100 FILENAME CONTAINS \"Ventolin\" LINESPEED \"EQUAL TO\" 10");
        assertThat(q2.includeWords()).containsExactly("ventolin");
        assertThat(q2.linespeedCompare()).isEqualTo(SearchCompare.EQUAL_TO);
        assertThat(q2.linespeed()).isEqualTo(10);
        assertThat(q2.linespeedMatches(10)).isTrue();
        assertThat(q2.linespeedMatches(9)).isFalse();
    }

    @Test
    void everyCompareOnEveryCriterion() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"a\" BITRATE \"AT LEAST\" \"128\" FREQ \"AT BEST\" \"44100\" "
                + "SIZE \"EQUAL TO\" 5000 DURATION \"AT LEAST\" 60 LINESPEED \"AT BEST\" 3");
        assertThat(q.minBitrate()).isEqualTo(128);
        assertThat(q.maxBitrate()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.minFreq()).isEqualTo(Long.MIN_VALUE);
        assertThat(q.maxFreq()).isEqualTo(44100);
        assertThat(q.minSize()).isEqualTo(5000);
        assertThat(q.maxSize()).isEqualTo(5000);
        assertThat(q.minDuration()).isEqualTo(60);
        assertThat(q.maxDuration()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.linespeedCompare()).isEqualTo(SearchCompare.AT_BEST);
        assertThat(q.linespeed()).isEqualTo(3);
        assertThat(q.linespeedMatches(3)).isTrue();
        assertThat(q.linespeedMatches(4)).isFalse();
        assertThat(q.matchesAttributes(MediaType.MP3, 5000, 128, 44100, 60)).isTrue();
        assertThat(q.matchesAttributes(MediaType.MP3, 5001, 128, 44100, 60)).isFalse();
        assertThat(q.matchesAttributes(MediaType.MP3, 5000, 127, 44100, 60)).isFalse();
        assertThat(q.matchesAttributes(MediaType.MP3, 5000, 128, 48000, 60)).isFalse();
        assertThat(q.matchesAttributes(MediaType.MP3, 5000, 128, 44100, 59)).isFalse();
        assertThat(q.matchesAttributes(MediaType.AUDIO, 5000, 128, 44100, 60)).isFalse();
    }

    @Test
    void repeatedCriteriaNarrowARange() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"a\" BITRATE \"AT LEAST\" 128 BITRATE \"AT BEST\" 192");
        assertThat(q.minBitrate()).isEqualTo(128);
        assertThat(q.maxBitrate()).isEqualTo(192);
        SearchQuery q2 = parse("FILENAME CONTAINS \"a\" BITRATE \"AT LEAST\" 128 BITRATE \"EQUAL TO\" 160");
        assertThat(q2.minBitrate()).isEqualTo(160);
        assertThat(q2.maxBitrate()).isEqualTo(160);
    }

    @Test
    void compareTest() {
        assertThat(SearchCompare.AT_LEAST.test(5, 5)).isTrue();
        assertThat(SearchCompare.AT_LEAST.test(4, 5)).isFalse();
        assertThat(SearchCompare.AT_BEST.test(5, 5)).isTrue();
        assertThat(SearchCompare.AT_BEST.test(6, 5)).isFalse();
        assertThat(SearchCompare.EQUAL_TO.test(5, 5)).isTrue();
        assertThat(SearchCompare.EQUAL_TO.test(6, 5)).isFalse();
        assertThat(SearchCompare.fromWire("at  least")).isEqualTo(SearchCompare.AT_LEAST);
        assertThat(SearchCompare.fromWire("Equal To")).isEqualTo(SearchCompare.EQUAL_TO);
        assertThat(SearchCompare.fromWire("at")).isNull();
        assertThat(SearchCompare.fromWire(null)).isNull();
    }

    @Test
    void quotingVariants() throws Exception {
        SearchQuery q = parse("  filename   contains beatles  max_results \"20\"  bitrate \"at least\" 128 freq \"EQUAL TO\" \" 44100 \" ");
        assertThat(q.includeWords()).containsExactly("beatles");
        assertThat(q.maxResults()).isEqualTo(20);
        assertThat(q.minBitrate()).isEqualTo(128);
        assertThat(q.minFreq()).isEqualTo(44100);
        // unquoted two-word comparisons
        SearchQuery q2 = parse("FILENAME CONTAINS \"a\" BITRATE AT LEAST 128 SIZE EQUAL TO 7 DURATION at best \"9\"");
        assertThat(q2.minBitrate()).isEqualTo(128);
        assertThat(q2.minSize()).isEqualTo(7);
        assertThat(q2.maxSize()).isEqualTo(7);
        assertThat(q2.maxDuration()).isEqualTo(9);
        // quotes directly followed by the next argument, tabs and newlines as blanks
        SearchQuery q3 = parse("FILENAME CONTAINS\t\"a b\"MAX_RESULTS\n\"5\"");
        assertThat(q3.includeWords()).containsExactly("a", "b");
        assertThat(q3.maxResults()).isEqualTo(5);
        // quoted keywords are keywords too (opennap-ng does not distinguish)
        assertThat(parse("\"FILENAME\" \"CONTAINS\" \"x\"").includeWords()).containsExactly("x");
        // signs
        assertThat(parse("FILENAME CONTAINS x SIZE \"AT LEAST\" +5").minSize()).isEqualTo(5);
        assertThat(parse("FILENAME CONTAINS x SIZE \"AT LEAST\" -5").minSize()).isEqualTo(-5);
    }

    @Test
    void containsClausesAccumulateAndWordsAreTokenized() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"The Beatles\" FILENAME CONTAINS \"don't_LET-me\" FILENAME CONTAINS \"the\"");
        assertThat(q.includeWords()).containsExactly("the", "beatles", "don't", "let", "me");
        assertThat(parse("FILENAME CONTAINS \"Björk JÓGA\"").includeWords()).containsExactly("björk", "jóga");
    }

    @Test
    void minusPrefixedWordsAreExclusions() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"beatles -live -Demo\"");
        assertThat(q.includeWords()).containsExactly("beatles");
        assertThat(q.excludeWords()).containsExactly("live", "demo");
        // a '-' inside a word or standing alone does not exclude anything
        assertThat(parse("FILENAME CONTAINS \"jay-z\"").excludeWords()).isEmpty();
        SearchQuery q2 = parse("FILENAME CONTAINS \"artist - title\"");
        assertThat(q2.includeWords()).containsExactly("artist", "title");
        assertThat(q2.excludeWords()).isEmpty();
        // a chunk starting with '-' excludes all of its words
        SearchQuery q3 = parse("FILENAME CONTAINS \"rap -jay-z --remix\"");
        assertThat(q3.includeWords()).containsExactly("rap");
        assertThat(q3.excludeWords()).containsExactly("jay", "z", "remix");
    }

    @Test
    void filenameExcludes() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"a\" FILENAME EXCLUDES \"b -c\" filename excludes d");
        assertThat(q.includeWords()).containsExactly("a");
        assertThat(q.excludeWords()).containsExactly("b", "c", "d");
    }

    @Test
    void maxResultsCaps() throws Exception {
        String q = "FILENAME CONTAINS \"a\"";
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 500", 100).maxResults()).isEqualTo(100);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 50", 100).maxResults()).isEqualTo(50);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 500", 0).maxResults()).isEqualTo(500);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 500", -1).maxResults()).isEqualTo(500);
        assertThat(SearchQuery.parse(q, 50).maxResults()).isEqualTo(50);
        assertThat(SearchQuery.parse(q, 0).maxResults()).isEqualTo(100);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 0", 70).maxResults()).isEqualTo(70);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS -3", 70).maxResults()).isEqualTo(70);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 0", 0).maxResults()).isEqualTo(100);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 999999999999", 0).maxResults()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SearchQuery.parse(q + " MAX_RESULTS 10 MAX_RESULTS 20", 0).maxResults()).isEqualTo(20);
    }

    @Test
    void types() throws Exception {
        String q = "FILENAME CONTAINS \"a\" TYPE ";
        assertThat(parse("FILENAME CONTAINS a").typeMask()).isEqualTo(MP3);
        assertThat(parse("FILENAME CONTAINS a").typeGiven()).isFalse();
        assertThat(parse(q + "any").typeMask()).isEqualTo(MediaType.ALL_MASK);
        assertThat(parse(q + "ANY").typeGiven()).isTrue();
        assertThat(parse(q + "*/*").typeMask()).isEqualTo(MediaType.ALL_MASK);
        assertThat(parse(q + "audio").typeMask()).isEqualTo(AUDIO); // like opennap-ng: mp3 is separate
        assertThat(parse(q + "Audio/x-wav").typeMask()).isEqualTo(AUDIO);
        assertThat(parse(q + "audio/mpeg").typeMask()).isEqualTo(MP3);
        assertThat(parse(q + "mp3").typeMask()).isEqualTo(MP3);
        assertThat(parse(q + "video/avi").typeMask()).isEqualTo(MediaType.VIDEO.bit());
        assertThat(parse(q + "\"image\"").typeMask()).isEqualTo(MediaType.IMAGE.bit());
        assertThat(parse(q + "text").typeMask()).isEqualTo(MediaType.TEXT.bit());
        assertThat(parse(q + "application/zip").typeMask()).isEqualTo(MediaType.APPLICATION.bit());
        assertThat(parse(q + "video TYPE image").typeMask()).isEqualTo(MediaType.IMAGE.bit());
        assertThat(parse(q + "video").acceptsType(MediaType.VIDEO)).isTrue();
        assertThat(parse(q + "video").acceptsType(MediaType.MP3)).isFalse();
    }

    @Test
    void wmaFileAndLocalOnly() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"a\" WMA-FILE local_only");
        assertThat(q.wmaOnly()).isTrue();
        assertThat(q.localOnly()).isTrue();
        assertThat(q.typeMask()).isEqualTo(MP3 | AUDIO);
        assertThat(parse("FILENAME CONTAINS \"a\" wma-file TYPE video").typeMask()).isEqualTo(MediaType.VIDEO.bit());
        assertThat(parse("FILENAME CONTAINS \"a\" LOCAL").localOnly()).isTrue();
    }

    @Test
    void toRequestRoundTrips() throws Exception {
        SearchQuery q = parse("FILENAME CONTAINS \"Beatles -live\" FILENAME EXCLUDES \"demo\" BITRATE \"AT LEAST\" 128 "
                + "BITRATE \"AT BEST\" 256 SIZE \"EQUAL TO\" 9 LINESPEED \"AT LEAST\" 2 TYPE audio WMA-FILE LOCAL_ONLY");
        SearchQuery r = SearchQuery.parse(q.toRequest(42), 0);
        assertThat(r.includeWords()).isEqualTo(q.includeWords());
        assertThat(r.excludeWords()).isEqualTo(q.excludeWords());
        assertThat(r.maxResults()).isEqualTo(42);
        assertThat(r.minBitrate()).isEqualTo(128);
        assertThat(r.maxBitrate()).isEqualTo(256);
        assertThat(r.minSize()).isEqualTo(9);
        assertThat(r.maxSize()).isEqualTo(9);
        assertThat(r.minLinespeed()).isEqualTo(2);
        assertThat(r.typeMask()).isEqualTo(AUDIO);
        assertThat(r.wmaOnly()).isTrue();
        assertThat(r.localOnly()).isTrue();
        assertThat(SearchQuery.parse(parse("FILENAME CONTAINS x TYPE any").toString(), 0).typeMask())
                .isEqualTo(MediaType.ALL_MASK);
    }

    @Test
    void noWordsIsInvalidWithOpennapNgsMessage() {
        for (String s : new String[] {"", "   ", "MAX_RESULTS 10", "FILENAME CONTAINS \"\"",
                "FILENAME CONTAINS \"-foo\"", "FILENAME CONTAINS \"!!! ...\"", "FILENAME EXCLUDES \"a\"",
                "TYPE any LOCAL_ONLY"}) {
            assertThatThrownBy(() -> parse(s)).as(s).isInstanceOf(InvalidSearchException.class)
                    .hasMessage("search failed: request contained no valid words");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FILENAME",
        "FILENAME HAS \"x\"",
        "FILENAME CONTAINS",
        "FILENAME EXCLUDES",
        "FILENAME CONTAINS \"abc",
        "FILENAME CONTAINS \"a\" \"",
        "FILENAME CONTAINS \"a\" MAX_RESULTS",
        "FILENAME CONTAINS \"a\" MAX_RESULTS abc",
        "FILENAME CONTAINS \"a\" MAX_RESULTS 12abc",
        "FILENAME CONTAINS \"a\" MAX_RESULTS \"\"",
        "FILENAME CONTAINS \"a\" MAX_RESULTS -",
        "FILENAME CONTAINS \"a\" MAX_RESULTS 99999999999999999999999",
        "FILENAME CONTAINS \"a\" MAX_RESULTS 1.5",
        "FILENAME CONTAINS \"a\" MAX_RESULTS ١٢",
        "FILENAME CONTAINS \"a\" BITRATE",
        "FILENAME CONTAINS \"a\" BITRATE \"AT LEAST\"",
        "FILENAME CONTAINS \"a\" BITRATE \"MORE THAN\" 128",
        "FILENAME CONTAINS \"a\" BITRATE AT 128",
        "FILENAME CONTAINS \"a\" BITRATE \"AT LEAST\" fast",
        "FILENAME CONTAINS \"a\" FREQ 44100",
        "FILENAME CONTAINS \"a\" SIZE \"EQUAL TO\" \"12 34\"",
        "FILENAME CONTAINS \"a\" DURATION \"AT BEST\" 0x10",
        "FILENAME CONTAINS \"a\" LINESPEED \"EQUAL\" 3",
        "FILENAME CONTAINS \"a\" TYPE",
        "FILENAME CONTAINS \"a\" TYPE foo",
        "FILENAME CONTAINS \"a\" TYPE foo/bar",
        "FILENAME CONTAINS \"a\" TYPE \"\"",
        "FOO",
        "FILENAME CONTAINS \"a\" bogus",
        "FILENAME CONTAINS \"a\" 100",
        "\"",
    })
    void malformedRequestsAreRejectedWithAMessage(String s) {
        assertThatThrownBy(() -> parse(s)).isInstanceOf(InvalidSearchException.class)
                .hasMessageStartingWith("search failed: ");
    }

    @Test
    void messagesAreHelpful() {
        assertThatThrownBy(() -> parse("FILENAME CONTAINS")).hasMessage("search failed: FILENAME CONTAINS needs a quoted string");
        assertThatThrownBy(() -> parse("FILENAME CONTAINS \"abc")).hasMessage("search failed: unbalanced quote");
        assertThatThrownBy(() -> parse("FILENAME CONTAINS a WHATEVER")).hasMessage("search failed: unknown search keyword \"WHATEVER\"");
        assertThatThrownBy(() -> parse("FILENAME CONTAINS a BITRATE \"MORE\" 1")).hasMessageContaining("invalid comparison \"MORE\" for BITRATE");
        assertThatThrownBy(() -> parse("FILENAME CONTAINS a SIZE \"AT LEAST\" big")).hasMessage("search failed: SIZE value \"big\" is not a number");
        assertThatThrownBy(() -> parse("FILENAME CONTAINS a TYPE movie")).hasMessageContaining("invalid type \"movie\"");
        assertThatThrownBy(() -> SearchQuery.parse(null, 100)).isInstanceOf(InvalidSearchException.class);
        String longJunk = "x".repeat(500);
        assertThatThrownBy(() -> parse("FILENAME CONTAINS a " + longJunk)).hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(100));
    }

    @Test
    void randomGarbageNeverThrowsAnythingElse() {
        String[] atoms = {"FILENAME", "CONTAINS", "EXCLUDES", "MAX_RESULTS", "TYPE", "LINESPEED", "BITRATE", "FREQ",
            "SIZE", "DURATION", "WMA-FILE", "LOCAL_ONLY", "LOCAL", "\"AT LEAST\"", "\"AT BEST\"", "\"EQUAL TO\"", "AT",
            "LEAST", "BEST", "EQUAL", "TO", "\"", "\"\"", "-", "-x", "12", "-7", "99999999999999999999", "\"abc def\"",
            "any", "audio", "audio/mpeg", "é", "\t", "\n", "日本", "\u0000", "'", "\\"};
        Random rnd = new Random(42);
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(12);
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(10) == 0) {
                    sb.append((char) rnd.nextInt(0x300));
                } else {
                    sb.append(atoms[rnd.nextInt(atoms.length)]);
                }
                if (rnd.nextInt(4) != 0) {
                    sb.append(' ');
                }
            }
            try {
                SearchQuery q = SearchQuery.parse(sb.toString(), rnd.nextInt(3) * 50);
                assertThat(q.includeWords()).isNotEmpty();
                assertThat(q.maxResults()).isPositive();
                ok++;
            } catch (InvalidSearchException e) {
                assertThat(e.getMessage()).startsWith("search failed: ");
            } catch (RuntimeException e) {
                fail("parse threw " + e + " for: " + sb);
            }
        }
        assertThat(ok).isPositive();
    }
}
