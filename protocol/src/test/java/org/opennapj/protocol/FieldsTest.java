package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    // --- split ---------------------------------------------------------------------------------

    @Test
    void splitsOnSpaces() throws Exception {
        assertThat(Fields.split("foo badpass 6699")).containsExactly("foo", "badpass", "6699");
    }

    @Test
    void splitsTheSpecLoginExample() throws Exception {
        assertThat(Fields.split("foo badpass 6699 \"nap v0.8\" 3"))
                .containsExactly("foo", "badpass", "6699", "nap v0.8", "3");
    }

    @Test
    void splitsTheSpecShareExample() throws Exception {
        assertThat(Fields.split("\"generic band - generic song.mp3\" b92870e0d41bc8e698cf2f0a1ddfeac7 443332 128 44100 60"))
                .containsExactly("generic band - generic song.mp3", "b92870e0d41bc8e698cf2f0a1ddfeac7", "443332", "128",
                        "44100", "60");
    }

    @Test
    void splitsAWindowsPath() throws Exception {
        assertThat(Fields.split("mred \"C:\\Program Files\\Napster\\generic cowboy song.mp3\""))
                .containsExactly("mred", "C:\\Program Files\\Napster\\generic cowboy song.mp3");
    }

    @Test
    void emptyAndBlankGiveNoFields() throws Exception {
        assertThat(Fields.split("")).isEmpty();
        assertThat(Fields.split(" ")).isEmpty();
        assertThat(Fields.split("      ")).isEmpty();
    }

    @Test
    void runsOfSpacesAndLeadingTrailingSpacesAreIgnored() throws Exception {
        assertThat(Fields.split("   a    b  c   ")).containsExactly("a", "b", "c");
        assertThat(Fields.split("  \"x y\"   z ")).containsExactly("x y", "z");
    }

    @Test
    void emptyQuotedFields() throws Exception {
        assertThat(Fields.split("\"\"")).containsExactly("");
        assertThat(Fields.split("\"\"\"\"")).containsExactly("", "");
        assertThat(Fields.split("a \"\" b")).containsExactly("a", "", "b");
        assertThat(Fields.split("\"\" \"\"")).containsExactly("", "");
        // opennap's 612 with an empty reason and a timeout
        assertThat(Fields.split("baduser \"\" 3600")).containsExactly("baduser", "", "3600");
    }

    @Test
    void quotedFieldKeepsInnerSpacesExactly() throws Exception {
        assertThat(Fields.split("\"  a  b  \"")).containsExactly("  a  b  ");
        assertThat(Fields.split("\" \"")).containsExactly(" ");
    }

    @Test
    void quoteInsideAnUnquotedWordIsPartOfIt() throws Exception {
        assertThat(Fields.split("a\"b")).containsExactly("a\"b");
        assertThat(Fields.split("abc\" def")).containsExactly("abc\"", "def");
        assertThat(Fields.split("x\"y\"z w")).containsExactly("x\"y\"z", "w");
        assertThat(Fields.split("end\"")).containsExactly("end\"");
    }

    @Test
    void textRightAfterAClosingQuoteStartsANewField() throws Exception {
        assertThat(Fields.split("\"a\"b")).containsExactly("a", "b");
        assertThat(Fields.split("\"a b\"c d")).containsExactly("a b", "c", "d");
        assertThat(Fields.split("\"a\"\"b\"")).containsExactly("a", "b");
    }

    @Test
    void theUnescapedQuoteSearchFromTheSpecDoesNotThrow() throws Exception {
        assertThat(Fields.split("FILENAME CONTAINS \"a \"quoted\" string\" MAX_RESULTS 100"))
                .containsExactly("FILENAME", "CONTAINS", "a ", "quoted\"", "string\"", "MAX_RESULTS", "100");
    }

    @Test
    void unbalancedQuotesThrowWithThePosition() {
        assertThatThrownBy(() -> Fields.split("\"")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 0");
        assertThatThrownBy(() -> Fields.split("nick \"unterminated file.mp3")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 5");
        assertThatThrownBy(() -> Fields.split("\"\"\"")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 2");
        assertThatThrownBy(() -> Fields.split("a \"b\" \"c")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 6");
        assertThatThrownBy(() -> Fields.split("   \"")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 3");
        assertThatThrownBy(() -> Fields.split("\"a\"\"")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 3");
    }

    @Test
    void tabsNewlinesAndOtherBytesAreOrdinaryCharacters() throws Exception {
        assertThat(Fields.split("a\tb c\nd\r")).containsExactly("a\tb", "c\nd\r");
        assertThat(Fields.split("\u0000 \u00ff\u00a0x")).containsExactly("\u0000", "\u00ff\u00a0x");
        assertThat(Fields.split("\"\t\u0000\"")).containsExactly("\t\u0000");
    }

    @Test
    void everyByteValueSurvivesInAQuotedAndAnUnquotedField() throws Exception {
        StringBuilder quotable = new StringBuilder();
        StringBuilder word = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            if (c != '"') {
                quotable.append(c);
            }
            if (c != '"' && c != ' ') {
                word.append(c);
            }
        }
        assertThat(Fields.split(Fields.join(Fields.quote(quotable.toString()), word)))
                .containsExactly(quotable.toString(), word.toString());
    }

    @Test
    void veryLongFields() throws Exception {
        String longWord = "w".repeat(100_000);
        String longQuoted = "q ".repeat(50_000);
        assertThat(Fields.split(longWord + " " + Fields.quote(longQuoted) + " end"))
                .containsExactly(longWord, longQuoted, "end");
        assertThatThrownBy(() -> Fields.split("x \"" + longWord)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 2");
    }

    @Test
    void manyFields() throws Exception {
        String data = "f ".repeat(10_000);
        assertThat(Fields.split(data)).hasSize(10_000).containsOnly("f");
    }

    @Test
    void splitRejectsNull() {
        assertThatThrownBy(() -> Fields.split(null)).isInstanceOf(NullPointerException.class);
    }

    // --- split with a limit ------------------------------------------------------------------------

    @Test
    void limitKeepsTheRawRemainder() throws Exception {
        assertThat(Fields.split("bob  hello \"x\" y", 2)).containsExactly("bob", "hello \"x\" y");
        assertThat(Fields.split("bob hello", 2)).containsExactly("bob", "hello");
    }

    @Test
    void limitRemainderThatIsOneQuotedFieldStaysRaw() throws Exception {
        assertThat(Fields.split("bob \"hi there\"", 2)).containsExactly("bob", "\"hi there\"");
        assertThat(Fields.split("#chan \"topic\"", 2)).containsExactly("#chan", "\"topic\"");
    }

    @Test
    void limitRemainderIsNotCheckedForQuotes() throws Exception {
        assertThat(Fields.split("bob say \"what", 2)).containsExactly("bob", "say \"what");
        assertThat(Fields.split("bob \"", 2)).containsExactly("bob", "\"");
    }

    @Test
    void limitRemainderKeepsInnerAndTrailingSpaces() throws Exception {
        assertThat(Fields.split("bob   a   b  ", 2)).containsExactly("bob", "a   b  ");
    }

    @Test
    void fieldsBeforeTheLimitAreStillUnquotedAndChecked() throws Exception {
        assertThat(Fields.split("\"#my chan\" nick hello world", 3)).containsExactly("#my chan", "nick", "hello world");
        assertThat(Fields.split("\"a\"rest of it", 2)).containsExactly("a", "rest of it");
        assertThatThrownBy(() -> Fields.split("\"unclosed rest", 2)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("unbalanced quote at position 0");
    }

    @Test
    void limitWithFewerFieldsGivesThemAll() throws Exception {
        assertThat(Fields.split("a b", 5)).containsExactly("a", "b");
        assertThat(Fields.split("a \"b c\"", 5)).containsExactly("a", "b c");
        assertThat(Fields.split("bob", 2)).containsExactly("bob");
        assertThat(Fields.split("bob   ", 2)).containsExactly("bob");
        assertThat(Fields.split("", 2)).isEmpty();
        assertThat(Fields.split("   ", 1)).isEmpty();
    }

    @Test
    void limitOneIsTheWholeLineWithoutLeadingSpaces() throws Exception {
        assertThat(Fields.split("  hello \"world  ", 1)).containsExactly("hello \"world  ");
        assertThat(Fields.split("x", 1)).containsExactly("x");
    }

    @Test
    void limitMustBePositive() {
        assertThatThrownBy(() -> Fields.split("a", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fields.split("a", -3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeLimitIsTheSameAsNoLimit() throws Exception {
        String data = "a \"b c\" d\"e \"\" f";
        assertThat(Fields.split(data, Integer.MAX_VALUE)).isEqualTo(Fields.split(data)).hasSize(5);
    }

    // --- quote and join -----------------------------------------------------------------------------

    @Test
    void quoteAndJoin() {
        assertThat(Fields.quote("nap v0.8")).isEqualTo("\"nap v0.8\"");
        assertThat(Fields.quote("")).isEqualTo("\"\"");
        assertThat(Fields.join("lefty", "\"User\"", 1203, 3L, true, null)).isEqualTo("lefty \"User\" 1203 3 true null");
        assertThat(Fields.join()).isEmpty();
        assertThat(Fields.join("only")).isEqualTo("only");
        assertThat(Fields.join("", "")).isEqualTo(" ");
    }

    @Test
    void joinOfQuotedFieldsSplitsBack() throws Exception {
        List<String> fields = List.of("nick", "", "a b", "  ", "c:\\x\\y z.mp3");
        Object[] quoted = fields.stream().map(Fields::quote).toArray();
        assertThat(Fields.split(Fields.join(quoted))).isEqualTo(fields);
    }

    // --- numbers ---------------------------------------------------------------------------------------

    @Test
    void parsesIntegers() throws Exception {
        assertThat(Fields.parseInt("6699", 0, 65535)).isEqualTo(6699);
        assertThat(Fields.parseInt("0", 0, 65535)).isZero();
        assertThat(Fields.parseInt("65535", 0, 65535)).isEqualTo(65535);
        assertThat(Fields.parseInt("-1", -1, 65535)).isEqualTo(-1);
        assertThat(Fields.parseInt("+7", 0, 10)).isEqualTo(7);
        assertThat(Fields.parseInt("-0", 0, 10)).isZero();
        assertThat(Fields.parseInt("007", 0, 10)).isEqualTo(7);
        assertThat(Fields.parseLong("00000000000000000000000000000000042", 0, 100)).isEqualTo(42);
    }

    @Test
    void parsesTheWholeLongRange() throws Exception {
        assertThat(Fields.parseLong("9223372036854775807", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Fields.parseLong("-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(Fields.parseLong("4294967295", 0, 0xFFFFFFFFL)).isEqualTo(4294967295L);
        assertThat(Fields.parseInt("-2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(Integer.MIN_VALUE);
        assertThat(Fields.parseInt("2147483647", Integer.MIN_VALUE, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void outOfRangeSaysSo() {
        assertThatThrownBy(() -> Fields.parseInt("70000", 0, 65535)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("70000 is out of range 0..65535");
        assertThatThrownBy(() -> Fields.parseInt("-2", -1, 65535)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("-2 is out of range -1..65535");
        assertThatThrownBy(() -> Fields.parseInt("11", 0, 10)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("11 is out of range 0..10");
    }

    @Test
    void overflowIsOutOfRange() {
        assertThatThrownBy(() -> Fields.parseLong("9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(MalformedFieldsException.class)
                .hasMessage("9223372036854775808 is out of range -9223372036854775808..9223372036854775807");
        assertThatThrownBy(() -> Fields.parseLong("-9223372036854775809", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(MalformedFieldsException.class).hasMessageContaining("is out of range");
        assertThatThrownBy(() -> Fields.parseInt("99999999999999999999999", 0, 65535))
                .isInstanceOf(MalformedFieldsException.class)
                .hasMessage("99999999999999999999999 is out of range 0..65535");
        assertThatThrownBy(() -> Fields.parseInt("2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(MalformedFieldsException.class).hasMessageContaining("is out of range");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "+", "-", "+-1", "--1", "1-", "1.5", "1e3", "0x10", " 1", "1 ", " ", "\t1",
        "1\u0000", "\u0661", "\u00b2", "12a", "NaN", "99999999999999999999x", "1,000", "\"5\""})
    void nonNumbersAreRejected(String s) {
        assertThatThrownBy(() -> Fields.parseLong(s, Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(MalformedFieldsException.class)
                .hasMessage("'" + s + "' is not a number");
        assertThat(Fields.isInteger(s)).isFalse();
    }

    @Test
    void longBadValuesAreShortenedInTheMessage() {
        String s = "x".repeat(5000);
        assertThatThrownBy(() -> Fields.parseInt(s, 0, 1)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("'" + "x".repeat(40) + "...' is not a number");
        String big = "9".repeat(5000);
        assertThatThrownBy(() -> Fields.parseInt(big, 0, 1)).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("9".repeat(40) + "... is out of range 0..1");
    }

    @Test
    void isInteger() {
        assertThat(Fields.isInteger("0")).isTrue();
        assertThat(Fields.isInteger("-17")).isTrue();
        assertThat(Fields.isInteger("+17")).isTrue();
        assertThat(Fields.isInteger("9223372036854775807")).isTrue();
        assertThat(Fields.isInteger("9223372036854775808")).isFalse();
        assertThat(Fields.isInteger("")).isFalse();
        assertThat(Fields.isInteger("1 ")).isFalse();
    }

    @Test
    void emptyRangeIsAProgrammingError() {
        assertThatThrownBy(() -> Fields.parseInt("1", 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void firstReturnsTheMandatoryFirstFieldOrSaysWhatIsMissing() throws Exception {
        assertThat(Fields.first("bob extra \"x\"", "a nick")).isEqualTo("bob");
        assertThat(Fields.first("\"C:\\a b.mp3\" 1", "a filename")).isEqualTo("C:\\a b.mp3");
        assertThatThrownBy(() -> Fields.first("   ", "a nick")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("a nick is required");
        assertThatThrownBy(() -> Fields.first("\"\" x", "a nick")).hasMessage("a nick is required");
        assertThatThrownBy(() -> Fields.first("\"open", "a nick")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("unbalanced quote");
    }
}
