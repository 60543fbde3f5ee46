package org.opennapj.server.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opennapj.protocol.MediaType;

/** The filter file's words (never indexed, dropped from searches) and the block file's expressions. */
class FilterAndBlockTest {

    @Test
    void filteredWordsAreNeverIndexed() {
        ShareIndex index = new ShareIndex(IndexSettings.defaults());
        index.filter(new WordFilter(List.of("MP3", "the", "")));
        index.add(1, "C:\\share\\The Mp3 Collection\\song one.mp3", "abc", 10, 128, 44100, 60, MediaType.MP3);
        assertThat(index.wordFrequency("the")).isZero();
        assertThat(index.wordFrequency("mp3")).isZero();
        assertThat(index.wordFrequency("collection")).isEqualTo(1);
        assertThat(index.wordFrequency("song")).isEqualTo(1);
    }

    @Test
    void filteredWordsAreDroppedFromRequests() throws Exception {
        WordFilter f = new WordFilter(List.of("the", "mp3"));
        SearchQuery q = SearchQuery.parse("FILENAME CONTAINS \"the song -mp3 -live\" MAX_RESULTS 5", 100, f);
        assertThat(q.includeWords()).containsExactly("song");
        assertThat(q.excludeWords()).containsExactly("live");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> SearchQuery.parse("FILENAME CONTAINS \"The MP3\"", 100, f))
                .isInstanceOf(InvalidSearchException.class)
                .hasMessage("search failed: request contained no valid words");
    }

    @Test
    void blockExpressionsMatchOutsideWordsOnly() {
        BlockList b = BlockList.of(List.of("# comment", "", "bad ?word", "[[:digit:]]{3}only", "(broken"), "block");
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.problems()).singleElement().asString().startsWith("block line 5:");
        assertThat(b.blocks("C:\\x\\a BAD WORD.mp3")).isTrue();
        assertThat(b.blocks("badword")).isTrue();
        assertThat(b.blocks("C:\\x\\badwords.mp3")).isFalse();
        assertThat(b.blocks("C:\\x\\notbadword.mp3")).isFalse();
        assertThat(b.blocks("C:\\x\\123only.mp3")).isTrue();
        assertThat(b.blocks("C:\\x\\12only.mp3")).isFalse();
        assertThat(BlockList.NONE.blocks("anything")).isFalse();
    }
}
