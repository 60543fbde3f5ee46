package org.opennapj.server.account;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;

/**
 * Password hashing (checks at login and 11, new hashes for 6 and 701), off the core thread,
 * bounded and fair:
 * <ul>
 * <li>a session has at most one piece of password work queued or running;</li>
 * <li>at most {@code maxQueued} pieces wait; past that new work is refused;</li>
 * <li>the hashing threads serve remote addresses in turn, each address's work in arrival order,
 *     so one address with many connections gets one turn per round like everyone else;</li>
 * <li>work of a session that has closed is dropped before it starts, and its result ignored.</li>
 * </ul>
 * Results come back on the core thread.
 */
final class PasswordWork implements AutoCloseable {

    enum Outcome { QUEUED, SESSION_BUSY, QUEUE_FULL }

    private final ServerCore core;
    private final int maxQueued;
    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    /** Waiting work by remote address (guarded by lock). */
    private final Map<String, ArrayDeque<Job<?>>> byAddress = new HashMap<>();
    /** Addresses with waiting work, in the order they get their next turn (guarded by lock). */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private int queued;
    private boolean closed;

    PasswordWork(ServerCore core, int threadCount, int maxQueued) {
        this.core = core;
        this.maxQueued = maxQueued;
        this.threads = new Thread[Math.max(1, threadCount)];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(this::run, "opennapj-password-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Work waiting to start (any thread). */
    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues work for a session (core thread); {@code then} runs on the core thread with its result
     * or failure, unless the session closed meanwhile.
     */
    <T> Outcome submit(Session s, Callable<T> work, BiConsumer<T, Throwable> then) {
        if (s.busy()) {
            return Outcome.SESSION_BUSY;
        }
        Job<T> job = new Job<>(s, s.connection().remoteIp(), work, then);
        Outcome o = enqueue(job);
        if (o == Outcome.QUEUED) {
            s.working(job);
        }
        return o;
    }

    /**
     * Queues work asked for from outside the protocol (core thread): {@code from} names who asked
     * (the web page's "web" and a browser's address, or "server " and a linked server's name),
     * whose turns it takes; its result is always delivered.
     */
    <T> Outcome submitFor(String from, Callable<T> work, BiConsumer<T, Throwable> then) {
        return enqueue(new Job<>(null, from, work, then));
    }

    private Outcome enqueue(Job<?> job) {
        lock.lock();
        try {
            if (closed || queued >= maxQueued) {
                return Outcome.QUEUE_FULL;
            }
            ArrayDeque<Job<?>> waiting = byAddress.get(job.address);
            if (waiting == null) {
                waiting = new ArrayDeque<>(2);
                byAddress.put(job.address, waiting);
                turns.add(job.address);
            }
            waiting.add(job);
            queued++;
            available.signal();
        } finally {
            lock.unlock();
        }
        return Outcome.QUEUED;
    }

    private void run() {
        while (true) {
            Job<?> job;
            lock.lock();
            try {
                while (turns.isEmpty() && !closed) {
                    available.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                String address = turns.poll();
                ArrayDeque<Job<?>> waiting = byAddress.get(address);
                job = waiting.poll();
                queued--;
                if (waiting.isEmpty()) {
                    byAddress.remove(address);
                } else {
                    turns.add(address);   // its next piece waits for the other addresses' turns
                }
                job.started = true;
            } finally {
                lock.unlock();
            }
            job.run();
        }
    }

    /** Takes work that has not started out of the queue (core thread, from {@link Job#cancel}). */
    private void remove(Job<?> job) {
        lock.lock();
        try {
            if (job.started) {
                return;
            }
            ArrayDeque<Job<?>> waiting = byAddress.get(job.address);
            if (waiting != null && waiting.remove(job)) {
                queued--;
                if (waiting.isEmpty()) {
                    byAddress.remove(job.address);
                    turns.remove(job.address);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Job<T> implements Session.SlowWork {
        /** Null for work of a linked server. */
        private final Session session;
        private final String address;
        private final Callable<T> work;
        private final BiConsumer<T, Throwable> then;
        /** Taken by a hashing thread (guarded by lock). */
        private boolean started;
        /** The session closed (set on the core thread, read by the hashing thread). */
        private volatile boolean cancelled;

        Job(Session session, String address, Callable<T> work, BiConsumer<T, Throwable> then) {
            this.session = session;
            this.address = address;
            this.work = work;
            this.then = then;
        }

        @Override
        public void cancel() {
            cancelled = true;
            remove(this);
        }

        /** Runs on a hashing thread. */
        void run() {
            if (cancelled) {
                return;
            }
            T result = null;
            Throwable failure = null;
            try {
                result = work.call();
            } catch (Throwable t) {
                failure = t;
            }
            T r = result;
            Throwable f = failure;
            core.execute(() -> {
                if (session != null) {
                    session.workDone(this);
                }
                if (!cancelled) {
                    then.accept(r, f);
                }
            });
        }
    }
}
