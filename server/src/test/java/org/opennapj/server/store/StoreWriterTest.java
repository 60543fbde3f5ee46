package org.opennapj.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared store writer: group commits, a failed write reported alone, continuations in order. */
class StoreWriterTest {

    @TempDir
    Path dir;

    /** Counts the commits of a real store. */
    private static final class Counting implements Transactional {
        final SqliteAccountStore store;
        final AtomicInteger commits = new AtomicInteger();

        Counting(SqliteAccountStore store) {
            this.store = store;
        }

        @Override
        public void begin() throws StoreException {
            store.begin();
        }

        @Override
        public void commit() throws StoreException {
            commits.incrementAndGet();
            store.commit();
        }

        @Override
        public void rollback() {
            store.rollback();
        }
    }

    private static Account account(String nick) {
        return new Account(nick, "pbkdf2-sha256$1$AAAA$AAAA", nick + "@example.com", Level.USER, 1, 1);
    }

    @Test
    void writesQueuedTogetherShareACommitAndAFailedOneIsReportedAlone() throws Exception {
        ExecutorService completions = Executors.newSingleThreadExecutor();
        ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
        int n = 500;
        CountDownLatch done = new CountDownLatch(n + 1);
        try (SqliteAccountStore store = new SqliteAccountStore(dir)) {
            Counting counting = new Counting(store);
            CountDownLatch submitted = new CountDownLatch(1);
            try (StoreWriter writer = new StoreWriter(counting, completions)) {
                // the first write holds the writer until all the others are queued behind it
                writer.write("hold", () -> {
                    try {
                        submitted.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, null);
                for (int i = 0; i < n; i++) {
                    Account a = account("user" + i);
                    writer.write("user" + i, () -> store.insert(a), ok -> {
                        results.add(a.nick() + "=" + ok);
                        done.countDown();
                    });
                }
                // the same nick again: refused by the store, alone
                Account again = account("user7");
                writer.write("user7 again", () -> store.insert(again), ok -> {
                    results.add("again=" + ok);
                    done.countDown();
                });
                submitted.countDown();
                assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(results).hasSize(n + 1).contains("again=false").doesNotContain("user7=false");
            assertThat(results.stream().filter(r -> r.endsWith("=true"))).hasSize(n);
            // continuations run in the order the writes were submitted
            assertThat(List.copyOf(results).subList(0, 3)).containsExactly("user0=true", "user1=true", "user2=true");
            // one commit for all (the first write had not been taken yet) or one for the first and one for the rest
            assertThat(counting.commits.get()).as("commits for %s writes", n + 2).isBetween(1, 2);
        } finally {
            completions.shutdown();
        }
        try (SqliteAccountStore reopened = new SqliteAccountStore(dir)) {
            assertThat(reopened.loadAll()).hasSize(n);
        }
    }

    @Test
    void writesOutsideTheWriterStillCommitOnTheirOwn() throws Exception {
        try (SqliteAccountStore store = new SqliteAccountStore(dir)) {
            store.begin();
            store.insert(account("rolledback"));
            store.rollback();
            store.insert(account("alone"));
        }
        try (SqliteAccountStore reopened = new SqliteAccountStore(dir)) {
            assertThat(reopened.loadAll()).extracting(Account::nick).containsExactly("alone");
        }
    }
}
