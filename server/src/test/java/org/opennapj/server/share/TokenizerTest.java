package org.opennapj.server.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static final IndexSettings DEFAULTS = IndexSettings.defaults();

    private static List<String> idx(String path) {
        return Tokenizer.indexWords(path, DEFAULTS);
    }

    private static List<String> idx(String path, int depth, boolean ignoreSuffix) {
        return Tokenizer.indexWords(path, new IndexSettings(depth, ignoreSuffix));
    }

    @Test
    void defaultsAreOpennapNgs() {
        assertThat(DEFAULTS.pathDepth()).isEqualTo(2);
        assertThat(DEFAULTS.ignoreSuffix()).isTrue();
    }

    @Test
    void punctuationAndSpacesSeparateWords() {
        assertThat(Tokenizer.words("Artist - Song_Name (Live) [1999],feat.X;y+z&w"))
                .containsExactly("artist", "song", "name", "live", "1999", "feat", "x", "y", "z", "w");
        assertThat(Tokenizer.words("jay-z")).containsExactly("jay", "z");
        assertThat(Tokenizer.words("  \t ")).isEmpty();
        assertThat(Tokenizer.words("--- !!! ...")).isEmpty();
    }

    @Test
    void apostropheIsPartOfAWord() {
        assertThat(Tokenizer.words("Don't Stop Rock 'n' Roll")).containsExactly("don't", "stop", "rock", "'n'", "roll");
    }

    @Test
    void wordsAreLowerCasedAndDistinct() {
        assertThat(Tokenizer.words("LOVE love Love me")).containsExactly("love", "me");
        assertThat(Tokenizer.words("ABC123xyz")).containsExactly("abc123xyz");
    }

    @Test
    void latin1CharactersAreWordCharactersAndLowerCased() {
        assertThat(Tokenizer.words("Björk - Jóga")).containsExactly("björk", "jóga");
        assertThat(Tokenizer.words("ÉTÉ ÀÖÞ")).containsExactly("été", "àöþ");
        // ß, ÿ, × and ÷ have no single-char Latin-1 counterpart: kept as they are
        assertThat(Tokenizer.words("Straße ÿ a×b c÷d")).containsExactly("straße", "ÿ", "a×b", "c÷d");
        // U+0080 is a separator (opennap-ng's WORD_CHAR tests c > 128), U+0081 is not
        assertThat(Tokenizer.words("a\u0080b c\u0081d")).containsExactly("a", "b", "c\u0081d");
        assertThat(Tokenizer.isWordChar('\u00a0')).isTrue();
        assertThat(Tokenizer.toLower('\u00d7')).isEqualTo('\u00d7');
        assertThat(Tokenizer.toLower('\u00de')).isEqualTo('\u00fe');
    }

    @Test
    void charactersBeyondLatin1AreWordCharacters() {
        assertThat(Tokenizer.words("日本 ΑΒΓ")).containsExactly("日本", "αβγ");
    }

    @Test
    void pathDepthCountsComponentsFromTheEnd() {
        String p = "C:\\Program Files\\Music\\Rock\\Artist - Song.mp3";
        assertThat(idx(p, 1, true)).containsExactly("artist", "song");
        assertThat(idx(p, 2, true)).containsExactly("rock", "artist", "song");
        assertThat(idx(p, 3, true)).containsExactly("music", "rock", "artist", "song");
        // the drive (before the first separator) is never indexed, even with a large depth
        assertThat(idx(p, 50, true)).containsExactly("program", "files", "music", "rock", "artist", "song");
        assertThat(idx(p, 0, true)).containsExactly("program", "files", "music", "rock", "artist", "song");
        assertThat(idx(p, -1, true)).isEqualTo(idx(p, 0, true));
        assertThat(Tokenizer.indexedPart(p, DEFAULTS)).isEqualTo("Rock\\Artist - Song");
    }

    @Test
    void unixPathsAndBareNames() {
        assertThat(idx("/home/joe/mp3/Band - Title.mp3")).containsExactly("mp3", "band", "title");
        assertThat(idx("Band - Title.mp3")).containsExactly("band", "title");
        assertThat(idx("dir/Band.mp3")).containsExactly("band"); // "dir" is before the first separator
        assertThat(idx("/Band.mp3")).containsExactly("band");
    }

    @Test
    void theFirstSeparatorFoundDecidesWhichOneCounts() {
        // '/' comes first, so the backslashes are ordinary separators inside a component
        assertThat(Tokenizer.indexedPart("/home/x\\y\\z.mp3", DEFAULTS)).isEqualTo("home/x\\y\\z");
        assertThat(idx("/home/x\\y\\z.mp3")).containsExactly("home", "x", "y", "z");
        assertThat(Tokenizer.indexedPart("C:\\a\\b/c/d.mp3", DEFAULTS)).isEqualTo("a\\b/c/d");
    }

    @Test
    void suffixHandling() {
        String p = "C:\\Music\\Artist - Song.MP3";
        assertThat(idx(p, 2, true)).containsExactly("music", "artist", "song");
        assertThat(idx(p, 2, false)).containsExactly("music", "artist", "song", "mp3");
        // only the last '.' of the last component starts the suffix
        assertThat(idx("C:\\x\\Mr. Big - To Be With You.live.mp3")).containsExactly("x", "mr", "big", "to", "be", "with", "you", "live");
        assertThat(idx("C:\\Some.Band\\track01")).containsExactly("some", "band", "track01");
        assertThat(idx("C:\\x\\.hidden")).containsExactly("x");
        assertThat(idx("C:\\x\\noext")).containsExactly("x", "noext");
    }

    @Test
    void duplicateWordsAreIndexedOnce() {
        assertThat(idx("C:\\Love\\Love Love Me Do.mp3")).containsExactly("love", "me", "do");
    }

    @Test
    void atMost31WordsTheLastOnes() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            parts.add("w" + i);
        }
        List<String> got = idx("C:\\" + String.join(" ", parts) + ".mp3");
        assertThat(got).hasSize(Tokenizer.MAX_WORDS_PER_FILE);
        assertThat(got).containsExactlyElementsOf(parts.subList(9, 40));
        // repeats do not count twice
        List<String> got2 = idx("C:\\" + String.join(" ", parts) + " w39 w38.mp3");
        assertThat(got2).containsExactlyInAnyOrderElementsOf(parts.subList(9, 40));
    }

    @Test
    void emptyAndWordlessPaths() {
        assertThat(idx("")).isEmpty();
        assertThat(idx("C:\\")).isEmpty();
        assertThat(idx("C:\\---\\(((.mp3")).isEmpty();
    }
}
