package org.opennapj.client.transfer;

import java.nio.file.Path;

/**
 * How a transfer ended.
 *
 * @param status      complete, failed or cancelled
 * @param transferred bytes moved in this transfer (not counting a resumed part)
 * @param file        a download's completed file, or its partial file when it failed (kept for resume)
 * @param error       what went wrong, or null
 */
public record TransferResult(Status status, long transferred, Path file, String error) {
    public enum Status { COMPLETE, FAILED, CANCELLED }

    public boolean complete() {
        return status == Status.COMPLETE;
    }
}
