package org.opennapj.client.transfer;

import java.util.concurrent.CompletableFuture;

/** A download or upload under way: its outcome, and a way to stop it. */
public final class Transfer {
    private final CompletableFuture<TransferResult> result = new CompletableFuture<>();
    private volatile Runnable canceller = () -> {};
    private volatile boolean cancelled;

    /** Completes (never exceptionally) when the transfer has ended. */
    public CompletableFuture<TransferResult> result() {
        return result;
    }

    /** Stops the transfer; a download's partial file is kept. */
    public void cancel() {
        cancelled = true;
        canceller.run();
    }

    boolean cancelled() {
        return cancelled;
    }

    void onCancel(Runnable r) {
        canceller = r;
        if (cancelled) r.run();
    }

    void finish(TransferResult r) {
        result.complete(r);
    }

    /** Ends the transfer as failed, nothing moved, for {@code reason}. */
    void fail(String reason) {
        finish(new TransferResult(TransferResult.Status.FAILED, 0, null, reason));
    }
}
