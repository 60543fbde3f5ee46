package org.opennapj.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.IpAddress;
import org.opennapj.server.core.Connection;

/** A {@link Connection} over a Netty channel. */
final class ChannelConnection extends Connection {

    /** Longest a graceful close waits for the last replies to be written before it aborts. */
    static final int CLOSE_GRACE_SECONDS = 2;

    private final Channel channel;
    private final Outbox outbox;
    private final ClientFrameHandler frames;
    /** The frame handler's pause as a task for the event loop (made once: holding allocates nothing). */
    private final Runnable hold;
    /** Only for an address the wire value cannot carry (IPv6); otherwise derived from ipWire when asked. */
    private final String otherIp;
    private final long ipWire;
    private final int port;

    /**
     * @param outbox the outbox of the channel's event loop
     * @param frames the channel's frame handler: paused by {@link #pauseReading}, and run on the
     *               channel's event loop when reading may start again
     */
    ChannelConnection(Channel channel, Outbox outbox, ClientFrameHandler frames) {
        this.channel = channel;
        this.outbox = outbox;
        this.frames = frames;
        this.hold = frames::pause;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetAddress a = remote.getAddress();
        this.ipWire = IpAddress.toWire(a);
        // an idle connection keeps no string of its own for the common case (IPv4, IPv4-mapped, loopback)
        this.otherIp = ipWire != 0 ? null : a.getHostAddress();
        this.port = remote.getPort();
    }

    @Override
    protected void transmit(byte[] buf, int len) {
        outbox.write(this, new ReusedArrayBuf(buf, len, outbox.arrays()));
    }

    @Override
    protected byte[] buffer(int capacity) {
        return outbox.arrays().take(capacity);
    }

    @Override
    protected void reuse(byte[] buffer) {
        outbox.arrays().give(buffer);
    }

    /**
     * A heap buffer over an array from {@link ReplyArrays} that gives the array back when it is
     * released: the channel's write copies it into the socket's own buffer and releases it at
     * once (or, where it writes heap buffers as they are, once written).
     */
    private static final class ReusedArrayBuf extends UnpooledHeapByteBuf {
        private final ReplyArrays arrays;

        ReusedArrayBuf(byte[] array, int len, ReplyArrays arrays) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
            this.arrays = arrays;
            writerIndex(len);
        }

        @Override
        protected void freeArray(byte[] array) {
            arrays.give(array);
        }
    }

    @Override
    protected void close() {
        outbox.close(this);
    }

    @Override
    protected void abort() {
        // straight to the event loop, not behind this batch's writes in the outbox: those are
        // dropped by the close anyway
        try {
            channel.eventLoop().execute(this::abortNow);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the server: the channel is closing anyway
        }
    }

    /** Writes one handed-over buffer (event loop). */
    void writeNow(ByteBuf buf) {
        int len = buf.readableBytes();
        channel.writeAndFlush(buf).addListener((ChannelFutureListener) f -> written(len));
    }

    /**
     * Stops reading and closes once the writes before it are out (event loop). A client that
     * does not take them is not waited for: when more than the channel's high-water mark is still
     * unwritten, or the rest is not out within {@link #CLOSE_GRACE_SECONDS}, the close is abortive.
     */
    void closeNow() {
        if (!channel.isOpen()) {
            return;
        }
        channel.config().setAutoRead(false);
        if (!channel.isWritable()) {
            abortNow();
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (channel.isOpen()) {
            try {
                channel.eventLoop().schedule(this::abortNow, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                abortNow();     // the event loop is shutting down with the server: no time to wait
            }
        }
    }

    /**
     * Closes at once (event loop): no more reads, the writes still queued in the channel are
     * failed and released, and the socket is reset (SO_LINGER 0) rather than left to drain.
     */
    void abortNow() {
        if (!channel.isOpen()) {
            return;
        }
        channel.config().setAutoRead(false);
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException e) {
            // the socket is already going away: a plain close does the same
        }
        channel.close();
    }

    /** Called on the channel's event loop, from the frame handler's decode loop, which stops at once. */
    @Override
    public void pauseReading() {
        frames.pause();
    }

    @Override
    public void holdReading() {
        if (!channel.isOpen()) {
            return;
        }
        frames.requestHold();
        try {
            channel.eventLoop().execute(hold);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the server: nothing left to read
        }
    }

    @Override
    public void resumeReading() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.eventLoop().execute(frames);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the server: nothing left to read
        }
    }

    @Override
    public String remoteIp() {
        return otherIp != null ? otherIp : IpAddress.fromWire(ipWire);
    }

    @Override
    public long remoteIpWire() {
        return ipWire;
    }

    @Override
    public int remotePort() {
        return port;
    }
}
