package org.opennapj.client.transfer;

/**
 * What to answer a 607 upload request with.
 *
 * <ul>
 *   <li>{@link Kind#ACCEPTED}: send {@code 608 <nick> "<filename>"}; a slot is held for the
 *       downloader's connection (or our push after a 501).</li>
 *   <li>{@link Kind#QUEUED}: every slot is taken; the requester has place {@code position}
 *       (1 = next) in the queue and gets a slot first when it asks again after one frees.
 *       Send {@code 619 <nick> "<filename>" <limit>} so its client waits and asks again.</li>
 *   <li>{@link Kind#FULL}: every slot is taken and the queue too; send the same 619.</li>
 *   <li>{@link Kind#NOT_SHARED}: we do not share that file; send nothing (or a private notice).</li>
 * </ul>
 *
 * @param limit uploads at once, the {@code <n>} of the 619
 */
public record UploadDecision(Kind kind, int position, int limit) {
    public enum Kind { ACCEPTED, QUEUED, FULL, NOT_SHARED }

    /** Whether the session should answer with 619 (the server passes it on as 620). */
    public boolean sendQueueLimit() {
        return kind == Kind.QUEUED || kind == Kind.FULL;
    }
}
