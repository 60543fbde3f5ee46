package org.opennapj.client.transfer;

/**
 * What the server session hears about transfers, so it can keep the server's counters right:
 * 218 when a download starts and 219 when it ends, 220 when an upload starts and 221 when it ends.
 * Every start is followed by exactly one end; a transfer that fails before its data starts
 * reports neither. Called from transfer threads; implementations must not block for long.
 */
public interface TransferEvents {
    TransferEvents NONE = new TransferEvents() {};

    /** Send 218. */
    default void downloadStarted(TransferInfo transfer) {}

    /** Send 219. */
    default void downloadEnded(TransferInfo transfer, TransferResult result) {}

    /** Send 220. */
    default void uploadStarted(TransferInfo transfer) {}

    /** Send 221. */
    default void uploadEnded(TransferInfo transfer, TransferResult result) {}

    /** Bytes moved so far in a running transfer ({@code done} counts a resumed part), for a user interface. */
    default void progress(TransferInfo transfer, long done, long total) {}

    /** A peer connection that did not become a transfer (refused request, malformed line, ...), for logs. */
    default void refused(String peer, String reason) {}
}
