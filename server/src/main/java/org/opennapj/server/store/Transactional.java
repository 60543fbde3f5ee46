package org.opennapj.server.store;

/**
 * A store whose writes can share one durable commit: {@link StoreWriter} opens a transaction,
 * runs a group of writes in it and commits them together, so a storm of registrations costs one
 * sync of the disk per group instead of one per account. Used from one thread at a time.
 */
public interface Transactional {

    /** Starts a transaction: the writes that follow are durable only once {@link #commit} returns. */
    void begin() throws StoreException;

    /** Makes every write since {@link #begin} durable at once. */
    void commit() throws StoreException;

    /** Abandons every write since {@link #begin}. */
    void rollback();
}
