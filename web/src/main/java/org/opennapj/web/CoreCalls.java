package org.opennapj.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opennapj.server.core.ServerCore;

/**
 * How a web request asks the core: a task on the core thread completes a future, which the
 * request's thread waits for (at most {@link #WAIT_SECONDS}; password work can take a while
 * under a storm of logins). The task reads or changes the server's state there and nowhere else.
 */
final class CoreCalls {

    static final int WAIT_SECONDS = 15;

    /** The core did not answer in time (the request gets a 503). */
    static final class Busy extends RuntimeException {
        Busy() {
            super("the server is busy, try again in a minute", null, false, false);
        }
    }

    private final ServerCore core;

    CoreCalls(ServerCore core) {
        this.core = core;
    }

    /** Runs {@code task} on the core thread; it completes the future, at once or from a later core task. */
    <T> T ask(Consumer<CompletableFuture<T>> task) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        core.execute(() -> {
            try {
                task.accept(answer);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    ServerCore core() {
        return core;
    }
}
