package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code opennapj train}, the training run behind the launcher's ahead-of-time cache: it must
 * really exercise the server (logins acknowledged, searches finding the files shared, chat
 * delivered) and refuse nonsense sizes with a message.
 */
class TrainCommandTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void aSmallTrainingRunExercisesSearchAndChat() {
        CommandRun r = run("train", "--clients", "12", "--rounds", "2", "--files", "20");

        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isZero();
        Matcher m = Pattern.compile("trained: 2 rounds of 12 clients, 20 files each; (\\d+) search results, (\\d+) chat"
                + " messages received").matcher(r.out());
        assertThat(m.find()).as("summary line in: %s", r.out()).isTrue();
        // 2 rounds x 12 clients x 5 searches, each capped at 100 results
        assertThat(Long.parseLong(m.group(1))).isBetween(1L, 2L * 12 * 5 * 100);
        // every member reads at least its own 3 lines before its ping answer, at most everyone's
        assertThat(Long.parseLong(m.group(2))).isBetween(2L * 12 * 3, 2L * 12 * 3 * 12);
    }

    @Test
    void nonsenseSizesAreRefusedWithAMessage() {
        for (String[] bad : new String[][] {{"--clients", "1"}, {"--rounds", "0"}, {"--files", "100000"}}) {
            CommandRun r = run("train", bad[0], bad[1]);
            assertThat(r.code()).as("exit code for %s %s", bad[0], bad[1]).isEqualTo(2);
            assertThat(r.err()).startsWith("train: " + bad[0] + " must be between");
        }
    }
}
