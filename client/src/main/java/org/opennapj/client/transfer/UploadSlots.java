package org.opennapj.client.transfer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Upload slots, the queue of requesters waiting for one, and the uploads we agreed to (608) and
 * expect a connection for. Only an agreed upload is ever served.
 *
 * <p>A slot is taken when an upload is accepted and given back when it ends, or when the peer
 * does not come within the accepted timeout. While every slot is taken, requesters are queued in
 * order (at most {@code queueLength}); when a slot frees, the first ones in the queue get it
 * when they ask again, before anyone new. Queue places expire after the same timeout unless
 * asked again. Thread-safe.
 */
public final class UploadSlots {
    private final int slots;
    private final int queueLength;
    private final long keepNanos;
    private final LongSupplier clock;
    private final Map<String, Long> accepted = new LinkedHashMap<>(); // key -> deadline
    private final Map<String, Long> waiting = new LinkedHashMap<>();  // nick -> deadline, in order
    private int running;

    public UploadSlots(int slots, int queueLength, java.time.Duration keep) {
        this(slots, queueLength, keep.toNanos(), System::nanoTime);
    }

    UploadSlots(int slots, int queueLength, long keepNanos, LongSupplier clock) {
        this.slots = slots;
        this.queueLength = queueLength;
        this.keepNanos = keepNanos;
        this.clock = clock;
    }

    static String key(String nick, String fileName) {
        return nick.toLowerCase(Locale.ROOT) + '\0' + fileName.replace('/', '\\').toLowerCase(Locale.ROOT);
    }

    /** The decision for a 607 from {@code nick} for a file we share. */
    public synchronized UploadDecision request(String nick, String fileName) {
        long now = clock.getAsLong();
        expire(now);
        String key = key(nick, fileName);
        String who = nick.toLowerCase(Locale.ROOT);
        if (accepted.containsKey(key)) { // asked again before connecting: same answer, fresh deadline
            accepted.put(key, now + keepNanos);
            return new UploadDecision(UploadDecision.Kind.ACCEPTED, 0, slots);
        }
        int free = slots - running - accepted.size();
        int place = position(who);
        if (free > 0 && (place == 0 ? waiting.size() < free : place <= free)) {
            waiting.remove(who);
            accepted.put(key, now + keepNanos);
            return new UploadDecision(UploadDecision.Kind.ACCEPTED, 0, slots);
        }
        if (place > 0) {
            waiting.put(who, now + keepNanos);
            return new UploadDecision(UploadDecision.Kind.QUEUED, place, slots);
        }
        if (waiting.size() < queueLength) {
            waiting.put(who, now + keepNanos);
            return new UploadDecision(UploadDecision.Kind.QUEUED, waiting.size(), slots);
        }
        return new UploadDecision(UploadDecision.Kind.FULL, 0, slots);
    }

    /** Turns an agreed upload into a running one; false when none was agreed (or it expired). */
    synchronized boolean claim(String nick, String fileName) {
        expire(clock.getAsLong());
        if (accepted.remove(key(nick, fileName)) == null) return false;
        running++;
        return true;
    }

    /** Whether an upload to {@code nick} of the file is agreed and not yet claimed. */
    public synchronized boolean isAccepted(String nick, String fileName) {
        expire(clock.getAsLong());
        return accepted.containsKey(key(nick, fileName));
    }

    /** A running upload ended. */
    synchronized void release() {
        if (running > 0) running--;
    }

    /** Uploads running now. */
    public synchronized int running() {
        return running;
    }

    /** Requesters waiting, first first. */
    public synchronized List<String> queue() {
        expire(clock.getAsLong());
        return new ArrayList<>(waiting.keySet());
    }

    public int limit() {
        return slots;
    }

    private int position(String who) {
        int i = 1;
        for (String w : waiting.keySet()) {
            if (w.equals(who)) return i;
            i++;
        }
        return 0;
    }

    private void expire(long now) {
        for (Iterator<Long> it = accepted.values().iterator(); it.hasNext(); ) if (it.next() - now < 0) it.remove();
        for (Iterator<Long> it = waiting.values().iterator(); it.hasNext(); ) if (it.next() - now < 0) it.remove();
    }
}
