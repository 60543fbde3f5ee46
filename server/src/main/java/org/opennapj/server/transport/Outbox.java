package org.opennapj.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import org.opennapj.server.core.ServerCore;

/**
 * The replies of one core batch for the connections of one event loop. The core hands its
 * buffers over here instead of scheduling a write per connection; at the end of the batch the
 * event loop gets them all in one task (one queue hand-off, at most one selector wake-up), and
 * writes them in order. A close is queued the same way, so it always follows the writes handed
 * over before it. Filled on the core thread, drained on the event loop.
 */
final class Outbox implements Runnable {

    /** Marks a close in the item list. */
    private static final Object CLOSE = new Object();

    private final EventLoop loop;
    private final ServerCore core;
    private final ReplyArrays arrays;
    /** Pairs of (connection, ByteBuf or CLOSE); core thread only. */
    private Object[] items = new Object[32];
    private int n;

    Outbox(EventLoop loop, ServerCore core, ReplyArrays arrays) {
        this.loop = loop;
        this.core = core;
        this.arrays = arrays;
    }

    /** Where the connections of this event loop take the arrays they encode replies into. */
    ReplyArrays arrays() {
        return arrays;
    }

    /** Queues a write (core thread). */
    void write(ChannelConnection c, ByteBuf buf) {
        add(c, buf);
    }

    /** Queues a close after the writes queued so far (core thread). */
    void close(ChannelConnection c) {
        add(c, CLOSE);
    }

    private void add(ChannelConnection c, Object what) {
        if (n == 0) {
            core.atBatchEnd(this);
        }
        if (n + 2 > items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[n++] = c;
        items[n++] = what;
    }

    /** End of the core batch: hands everything queued to the event loop (core thread). */
    @Override
    public void run() {
        Object[] batch = items;
        int count = n;
        items = new Object[Math.max(32, Math.min(count, 4096))];
        n = 0;
        try {
            loop.execute(() -> deliver(batch, count));
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the server: its connections are closing anyway
        }
    }

    private static void deliver(Object[] batch, int count) {
        for (int i = 0; i < count; i += 2) {
            ChannelConnection c = (ChannelConnection) batch[i];
            Object what = batch[i + 1];
            if (what == CLOSE) {
                c.closeNow();
            } else {
                c.writeNow((ByteBuf) what);
            }
        }
    }
}
