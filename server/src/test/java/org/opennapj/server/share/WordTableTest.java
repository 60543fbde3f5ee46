package org.opennapj.server.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordTableTest {

    private static int intern(WordTable t, String w) {
        return t.intern(w.toCharArray(), w.length());
    }

    private static int find(WordTable t, String w) {
        return t.find(w.toCharArray(), w.length());
    }

    @Test
    void internFindAndDeleteAgreeWithAMap() {
        WordTable t = new WordTable();
        Random r = new Random(7);
        Map<String, Integer> model = new HashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        List<String> known = new ArrayList<>();
        for (int round = 0; round < 60_000; round++) {
            int op = r.nextInt(10);
            if (op < 6 || known.isEmpty()) {
                String w = Integer.toString(r.nextInt(40_000), 36) + (r.nextInt(50) == 0 ? "日" : "");
                int id = intern(t, w);
                Integer old = model.get(w);
                if (old == null) {
                    assertThat(byId).doesNotContainKey(id);
                    model.put(w, id);
                    byId.put(id, w);
                    known.add(w);
                    t.addPosting(id, round);
                } else {
                    assertThat(id).isEqualTo(old);
                }
            } else {
                // delete a word by emptying its posting list
                String w = known.remove(r.nextInt(known.size()));
                int id = model.remove(w);
                byId.remove(id);
                assertThat(t.size(id)).isEqualTo(1);
                assertThat(t.removePostingAt(id, 0)).isEqualTo(-1);
                assertThat(find(t, w)).isEqualTo(-1);
            }
            if (round % 5000 == 0) {
                for (Map.Entry<String, Integer> e : model.entrySet()) {
                    assertThat(find(t, e.getKey())).isEqualTo(e.getValue());
                    assertThat(t.wordString(e.getValue())).isEqualTo(e.getKey());
                }
                assertThat(t.liveWords()).isEqualTo(model.size());
            }
        }
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            assertThat(find(t, e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(find(t, "not-a-word")).isEqualTo(-1);
    }

    @Test
    void latin1AndWideWordsDoNotCollide() {
        WordTable t = new WordTable();
        // "\u0100" encodes as 0x00 0x01 0x00; a Latin-1 word can never start with 0
        int a = intern(t, "\u0100");
        int b = intern(t, "\u0001\u0000");
        int c = intern(t, "é");
        assertThat(a).isNotEqualTo(b);
        assertThat(t.wordString(a)).isEqualTo("\u0100");
        assertThat(t.wordString(c)).isEqualTo("é");
        assertThat(find(t, "\u0100")).isEqualTo(a);
    }

    @Test
    void postingRemovalMovesTheLastEntry() {
        WordTable t = new WordTable();
        int w = intern(t, "x");
        for (int f = 0; f < 100; f++) {
            assertThat(t.addPosting(w, f)).isEqualTo(f);
        }
        assertThat(t.removePostingAt(w, 10)).isEqualTo(99);
        assertThat(t.postings(w)[10]).isEqualTo(99);
        assertThat(t.removePostingAt(w, 98)).isEqualTo(-1); // the last one: nothing moves
        assertThat(t.size(w)).isEqualTo(98);
        for (int i = 97; i >= 0; i--) {
            t.removePostingAt(w, i);
        }
        assertThat(t.liveWords()).isZero();
        assertThat(find(t, "x")).isEqualTo(-1);
    }
}
