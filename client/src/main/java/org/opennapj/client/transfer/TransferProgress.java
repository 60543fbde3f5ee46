package org.opennapj.client.transfer;

/** Progress of one transfer, for a user interface. Called from the transfer's thread. */
@FunctionalInterface
public interface TransferProgress {
    TransferProgress NONE = (done, total) -> {};

    /**
     * @param done  bytes of the file present at the receiver so far (a resumed part included)
     * @param total the file's size
     */
    void progress(long done, long total);
}
