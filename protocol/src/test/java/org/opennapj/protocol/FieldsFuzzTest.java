package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random bodies through {@link Fields}: a list or a {@link MalformedFieldsException}, nothing else. */
class FieldsFuzzTest {

    private static final int ITERATIONS = 2000;
    /** Characters weighted towards the ones the tokenizer cares about. */
    private static final char[] INTERESTING = {' ', ' ', ' ', '"', '"', 'a', 'b', '\t', '\u0000', '\u00ff', '-', '1'};

    @Test
    void randomStringsGiveAListOrMalformed() {
        Random random = new Random(7777L);
        int malformed = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            String data = randomString(random, random.nextInt(60));
            List<String> fields;
            try {
                fields = Fields.split(data);
            } catch (MalformedFieldsException e) {
                malformed++;
                assertThat(e.getMessage()).startsWith("unbalanced quote at position ");
                int position = Integer.parseInt(e.getMessage().substring("unbalanced quote at position ".length()));
                assertThat(data.charAt(position)).isEqualTo('"');
                assertThat(data.indexOf('"', position + 1)).isNegative();
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + iteration + " on [" + data + "]: unexpected " + e, e);
            }
            int total = 0;
            for (String f : fields) {
                total += f.length();
            }
            assertThat(total).isLessThanOrEqualTo(data.length());
            // with a limit, the fields before the last are the same as without
            int limit = 1 + random.nextInt(4);
            List<String> limited = splitUnchecked(data, limit);
            if (fields.size() < limit) {
                assertThat(limited).as("[%s] limit %d", data, limit).isEqualTo(fields);
            } else {
                assertThat(limited).as("[%s] limit %d", data, limit).hasSize(limit);
                assertThat(limited.subList(0, limit - 1)).isEqualTo(fields.subList(0, limit - 1));
                String last = limited.get(limit - 1);
                assertThat(last).isNotEmpty().doesNotStartWith(" ");
                assertThat(data).endsWith(last);
            }
        }
        assertThat(malformed).as("the generator should produce some malformed input").isPositive();
        assertThat(malformed).as("and some well-formed input").isLessThan(ITERATIONS);
    }

    @Test
    void stringsWithoutQuotesSplitLikeAPlainSpaceSplit() throws Exception {
        Random random = new Random(42L);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            String data = randomString(random, random.nextInt(60)).replace('"', 'q');
            List<String> expected = Arrays.stream(data.split(" ", -1)).filter(s -> !s.isEmpty()).toList();
            assertThat(Fields.split(data)).as("[%s]", data).isEqualTo(expected);
        }
    }

    @Test
    void joinedQuotedFieldsSplitBackToTheOriginals() throws Exception {
        Random random = new Random(1999L);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int count = random.nextInt(8);
            List<String> original = new ArrayList<>();
            Object[] quoted = new Object[count];
            for (int i = 0; i < count; i++) {
                String field = randomString(random, random.nextInt(20)).replace("\"", "");
                original.add(field);
                quoted[i] = Fields.quote(field);
            }
            String data = Fields.join(quoted);
            assertThat(Fields.split(data)).as("[%s]", data).isEqualTo(original);
            if (count > 0) {
                // the last field, raw, is the rest of the line
                List<String> limited = Fields.split(data, count);
                assertThat(limited).hasSize(count);
                assertThat(limited.subList(0, count - 1)).isEqualTo(original.subList(0, count - 1));
                assertThat(limited.get(count - 1)).isEqualTo(Fields.quote(original.get(count - 1)));
            }
        }
    }

    @Test
    void mixedWordsAndQuotedFieldsSplitBack() throws Exception {
        Random random = new Random(31337L);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int count = random.nextInt(8);
            List<String> original = new ArrayList<>();
            Object[] parts = new Object[count];
            for (int i = 0; i < count; i++) {
                if (random.nextBoolean()) {
                    String field = randomString(random, random.nextInt(20)).replace("\"", "");
                    original.add(field);
                    parts[i] = Fields.quote(field);
                } else {
                    // an unquoted word: no spaces, not starting with a quote, non-empty
                    String word = "w" + randomString(random, random.nextInt(10)).replace(" ", "");
                    original.add(word);
                    parts[i] = word;
                }
            }
            String data = Fields.join(parts);
            assertThat(Fields.split(data)).as("[%s]", data).isEqualTo(original);
        }
    }

    @Test
    void randomNumbersParseOrFailCleanly() {
        Random random = new Random(8875L);
        char[] alphabet = {'0', '1', '9', '-', '+', ' ', 'x', '5'};
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            char[] chars = new char[random.nextInt(25)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            Long expected;
            try {
                expected = s.matches("[+-]?[0-9]+") ? Long.parseLong(s) : null;
            } catch (NumberFormatException e) {
                expected = null; // overflow
            }
            try {
                long value = Fields.parseLong(s, Long.MIN_VALUE, Long.MAX_VALUE);
                assertThat(value).as("[%s]", s).isEqualTo(expected);
            } catch (MalformedFieldsException e) {
                assertThat(expected).as("[%s] rejected: %s", s, e.getMessage()).isNull();
            }
        }
    }

    private static List<String> splitUnchecked(String data, int limit) {
        try {
            return Fields.split(data, limit);
        } catch (MalformedFieldsException e) {
            throw new AssertionError("split with a limit failed where split without one did not: " + data, e);
        }
    }

    private static String randomString(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(3) == 0 ? (char) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
        }
        return new String(chars);
    }
}
