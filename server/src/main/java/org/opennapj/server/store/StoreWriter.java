package org.opennapj.server.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the store, shared by every feature that stores something. Writes
 * run in the order they were submitted; whatever has queued up while the previous commit was
 * syncing to disk is written in one transaction and committed together (a group commit). Each
 * write's continuation then runs on the completion executor (the core thread) with whether it is
 * durable, so nothing is acknowledged before it is on disk, and a storm of writes costs one disk
 * sync per group rather than one per write.
 */
public final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    /** Most writes committed together. */
    static final int MAX_GROUP = 1024;

    /** One write to the store, run on the writer thread inside a transaction. */
    @FunctionalInterface
    public interface Write {
        void apply() throws StoreException;
    }

    private record Pending(Write write, Consumer<Boolean> done, String what) {
    }

    private static final Pending STOP = new Pending(null, null, "stop");

    private final Transactional store;
    private final Executor completions;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Told how long each commit took, in nanoseconds (on the writer thread). */
    private volatile java.util.function.LongConsumer commitNanos = n -> { };

    /**
     * @param completions where continuations run (the core thread's executor)
     */
    public StoreWriter(Transactional store, Executor completions) {
        this.store = store;
        this.completions = completions;
        this.thread = new Thread(this::run, "opennapj-store");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Sets what is told each commit's duration in nanoseconds; it runs on the writer thread. */
    public void onCommit(java.util.function.LongConsumer nanos) {
        this.commitNanos = nanos;
    }

    /**
     * Queues a write (any thread). {@code done} (may be null) later runs on the completion executor
     * with true once the write is durable, or false if it failed (logged, with {@code what}).
     */
    public void write(String what, Write write, Consumer<Boolean> done) {
        if (closed) {
            LOG.error("{} not stored: the store is closed", what);
            if (done != null) {
                completions.execute(() -> done.accept(false));
            }
            return;
        }
        queue.add(new Pending(write, done, what));
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                return;
            }
            group.add(first);
            queue.drainTo(group, MAX_GROUP - 1);
            boolean stop = group.remove(STOP);
            commit(group);
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Writes a group in one transaction; a write that fails alone is reported alone. */
    private void commit(List<Pending> group) {
        boolean[] ok = new boolean[group.size()];
        long started = System.nanoTime();
        try {
            store.begin();
            for (int i = 0; i < group.size(); i++) {
                Pending p = group.get(i);
                try {
                    p.write().apply();
                    ok[i] = true;
                } catch (StoreException | RuntimeException e) {
                    LOG.error("{} not stored", p.what(), e);
                }
            }
            store.commit();
            commitNanos.accept(System.nanoTime() - started);
        } catch (StoreException | RuntimeException e) {
            LOG.error("commit of {} writes failed; none of them is stored", group.size(), e);
            store.rollback();
            Arrays.fill(ok, false);
        }
        List<Pending> done = new ArrayList<>(group);
        completions.execute(() -> {
            for (int i = 0; i < done.size(); i++) {
                Pending p = done.get(i);
                if (p.done() != null) {
                    try {
                        p.done().accept(ok[i]);
                    } catch (RuntimeException e) {
                        LOG.error("after storing {}", p.what(), e);
                    }
                }
            }
        });
    }

    /** Writes what is queued, then stops (waits at most 10 s). */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
