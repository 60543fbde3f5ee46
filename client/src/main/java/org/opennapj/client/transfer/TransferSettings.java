package org.opennapj.client.transfer;

import java.time.Duration;

/**
 * Bounds and timeouts of client-to-client transfers.
 *
 * @param connectTimeout  connecting to a peer's data port
 * @param stepTimeout     every read of a peer step (greeting, request, size, offset) and any
 *                        pause in the data of a running transfer, either way
 * @param quietTime       how long a peer may pause inside an unterminated number before it is
 *                        taken as complete (peers end a request's offset with nothing)
 * @param uploadSlots     uploads at once (accepted and not yet connected ones included)
 * @param queueLength     requesters remembered in order while every slot is taken
 * @param acceptedTimeout how long an accepted upload (608 sent) or a waiting place in the queue is
 *                        kept for the peer to connect or ask again
 * @param maxConnections  data connections handled at once (incoming and outgoing); more wait in a
 *                        queue of the same length, and incoming ones beyond that are closed
 * @param maxHeaderBytes  longest request line accepted from a peer
 * @param maxFileSize     largest download accepted, whatever a peer announces
 */
public record TransferSettings(Duration connectTimeout, Duration stepTimeout, Duration quietTime,
                               int uploadSlots, int queueLength, Duration acceptedTimeout,
                               int maxConnections, int maxHeaderBytes, long maxFileSize) {

    public TransferSettings {
        if (uploadSlots < 0 || queueLength < 0 || maxConnections < 1 || maxHeaderBytes < 16 || maxFileSize < 0) {
            throw new IllegalArgumentException("transfer bounds out of range");
        }
    }

    public static TransferSettings defaults() {
        return new TransferSettings(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMillis(150),
                3, 20, Duration.ofMinutes(2), 32, 2048, 64L << 30);
    }

    public TransferSettings withUploadSlots(int slots, int queue) {
        return new TransferSettings(connectTimeout, stepTimeout, quietTime, slots, queue, acceptedTimeout,
                maxConnections, maxHeaderBytes, maxFileSize);
    }

    public TransferSettings withTimeouts(Duration connect, Duration step) {
        return new TransferSettings(connect, step, quietTime, uploadSlots, queueLength, acceptedTimeout,
                maxConnections, maxHeaderBytes, maxFileSize);
    }

    public TransferSettings withMaxFileSize(long max) {
        return new TransferSettings(connectTimeout, stepTimeout, quietTime, uploadSlots, queueLength, acceptedTimeout,
                maxConnections, maxHeaderBytes, max);
    }

    public TransferSettings withAcceptedTimeout(Duration accepted) {
        return new TransferSettings(connectTimeout, stepTimeout, quietTime, uploadSlots, queueLength, accepted,
                maxConnections, maxHeaderBytes, maxFileSize);
    }
}
