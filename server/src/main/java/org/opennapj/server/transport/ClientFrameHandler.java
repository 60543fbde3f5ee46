package org.opennapj.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import org.opennapj.protocol.FrameDecoder;
import org.opennapj.protocol.FrameTooLongException;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.ServerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a client's byte stream into messages and hands them to the core. The byte order is
 * decided from the first four bytes (big-endian only for a Napster 2.0 beta 10.3+ that opens
 * with 920). A frame longer than max_command_length is refused from its header alone: its body
 * is never buffered, the client gets an error and the connection is closed.
 */
final class ClientFrameHandler extends ChannelInboundHandlerAdapter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientFrameHandler.class);

    private final ServerCore core;
    private final Function<EventLoop, Outbox> outboxes;
    private final int maxLength;
    private FrameDecoder decoder;
    /** Told the connection once it is open (an outgoing server link), or null. */
    private final java.util.function.Consumer<org.opennapj.server.core.Connection> whenOpen;
    private ChannelConnection connection;
    /** Whether a frame was decoded yet: a first frame of 10010 makes the connection a server link. */
    private boolean first = true;
    /** The connection opened with 10010 (server login): frames up to 65535 bytes, zlib after the peer's 10011. */
    private boolean link;
    /** Inflates a server link's stream after the peer's 10011; the cumulation then holds inflated bytes. */
    private java.util.zip.Inflater inflater;
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private boolean orderKnown;
    private boolean rejected;
    /** The core has paused this connection (inbound flow control): nothing is decoded or read. */
    private boolean paused;
    /**
     * The core holds this connection (a flooder, {@link #requestHold}) and its pause task is on
     * its way to this event loop: decoding stops at once rather than after the rest of this read.
     */
    private volatile boolean holdWanted;

    ClientFrameHandler(ServerCore core, Function<EventLoop, Outbox> outboxes, int maxLength) {
        this(core, outboxes, maxLength, null);
    }

    ClientFrameHandler(ServerCore core, Function<EventLoop, Outbox> outboxes, int maxLength,
                       java.util.function.Consumer<org.opennapj.server.core.Connection> whenOpen) {
        this.whenOpen = whenOpen;
        this.core = core;
        this.outboxes = outboxes;
        this.maxLength = maxLength;
        this.decoder = new FrameDecoder(maxLength, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        connection = new ChannelConnection(ctx.channel(), outboxes.apply(ctx.channel().eventLoop()), this);
        core.opened(connection);
        if (whenOpen != null) {
            ChannelConnection c = connection;
            core.execute(() -> whenOpen.accept(c));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (rejected || connection.condemned()) {
            // a read already under way when the connection was condemned: dropped unseen
            in.release();
            return;
        }
        if (inflater != null) {
            try {
                in = inflate(ctx, in);
            } catch (java.util.zip.DataFormatException | IllegalStateException e) {
                badStream(ctx, e.getMessage());
                return;
            }
        }
        if (cumulation == null) {
            cumulation = in;
        } else {
            // one contiguous buffer (what was left, at most a partial frame or the rest of the read
            // during which reading was paused, plus this read): decoding then reads it in place
            // instead of copying a composite buffer into a new array every time
            ByteBuf merged = ctx.alloc().buffer(cumulation.readableBytes() + in.readableBytes());
            merged.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            in.release();
            cumulation = merged;
        }
        if (!paused && !holdWanted) {
            decodeBuffered(ctx);
        }
    }

    /**
     * The core has enough of this connection's messages waiting (event loop, from inside the
     * decode loop): decoding stops at once and nothing more is read until {@link #run}.
     */
    void pause() {
        paused = true;
        holdWanted = false;
        ctx.channel().config().setAutoRead(false);
    }

    /**
     * The core holds this connection (core thread): decoding stops at the next message, and the
     * caller queues {@link #pause} on the event loop, behind any resume already queued there.
     */
    void requestHold() {
        holdWanted = true;
    }

    /**
     * The core has worked off this connection's backlog (event loop). The frames already received
     * but held back when reading was paused are decoded first, since no new read may ever come to
     * push them through; only once they are all handed over does reading start again. (Reading
     * first would let a client that sends faster than the core works grow the held-back bytes
     * by a read per pause.) The handler is the connection's resume task, so a connection needs
     * no separate object for it.
     */
    @Override
    public void run() {
        if (rejected || connection.condemned()) {
            return;     // closing: reading never starts again
        }
        if (holdWanted) {
            return;     // a hold came after this resume: its pause task follows and stops reading
        }
        paused = false;
        if (cumulation != null) {
            decodeBuffered(ctx);
        }
        if (!paused && !holdWanted && !rejected && !connection.condemned()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void decodeBuffered(ChannelHandlerContext ctx) {
        try {
            decode(ctx);
        } finally {
            if (cumulation != null && !cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            } else if (cumulation != null && cumulation.readerIndex() > 0 && !paused) {
                ByteBuf rest = ctx.alloc().buffer(cumulation.readableBytes());
                rest.writeBytes(cumulation);
                cumulation.release();
                cumulation = rest;
            }
        }
    }

    private void decode(ChannelHandlerContext ctx) {
        if (!orderKnown) {
            if (cumulation.readableBytes() < 4) {
                return;
            }
            int r = cumulation.readerIndex();
            ByteOrder order = Framing.detectOrder(cumulation.getByte(r), cumulation.getByte(r + 1),
                    cumulation.getByte(r + 2), cumulation.getByte(r + 3));
            decoder.setOrder(order);
            connection.order(order);
            orderKnown = true;
        }
        boolean switched;
        do {
            switched = false;
            ByteBuffer view = cumulation.nioBuffer();
            int start = view.position();
            try {
                Message m;
                // stop as soon as the core pauses this connection (inbound flow control): what is left of
                // this read stays undecoded here, so a paused client holds at most one read's raw bytes
                // plus the core's pause threshold of decoded messages; and as soon as the core condemns
                // it: nothing it sent after that reaches the core
                while (!paused && !holdWanted && !connection.condemned() && (m = decoder.next(view)) != null) {
                    core.received(connection, m);
                    if (first) {
                        first = false;
                        if (m.type() == MessageType.SERVER_LOGIN.code()) {
                            // another server: its frames may be as long as the framing allows
                            link = true;
                            decoder = new FrameDecoder(0, decoder.order());
                        }
                    } else if (link && inflater == null && m.type() == MessageType.SERVER_LOGIN_ACK.code()) {
                        // the peer's 10011 is the last frame it sends uncompressed: every byte after it
                        // (already read or still to come) is its zlib stream
                        inflater = new java.util.zip.Inflater(false);
                        switched = true;
                        break;
                    }
                }
            } catch (FrameTooLongException e) {
                rejected = true;
                // nothing more is read: the core sends the error and closes
                ctx.channel().config().setAutoRead(false);
                core.connectionLog().event("connection closed: frame longer than max_command_length",
                        connection.remoteIp() + ", " + e.length() + " bytes (numeric " + e.type() + "), limit " + maxLength);
                core.execute(() -> core.refuse(connection, "message too long (" + e.length()
                        + " bytes, the limit is " + maxLength + ")"));
            }
            cumulation.skipBytes(view.position() - start);
            if (rejected || connection.condemned()) {
                cumulation.skipBytes(cumulation.readableBytes());
            }
            if (switched) {
                ByteBuf raw = cumulation;
                cumulation = null;
                try {
                    cumulation = inflate(ctx, raw);
                } catch (java.util.zip.DataFormatException | IllegalStateException e) {
                    badStream(ctx, e.getMessage());
                    return;
                }
            }
        } while (switched && cumulation != null);
    }

    /** Most inflated bytes a link may have waiting to be decoded; past this the link is dropped. */
    static final int MAX_INFLATED = 8 << 20;

    /** Inflates (and releases) what a server link sent; the result holds the plain bytes. */
    private ByteBuf inflate(ChannelHandlerContext ctx, ByteBuf raw) throws java.util.zip.DataFormatException {
        byte[] in = new byte[raw.readableBytes()];
        raw.readBytes(in);
        raw.release();
        inflater.setInput(in);
        ByteBuf out = ctx.alloc().buffer(Math.max(256, in.length * 4));
        byte[] chunk = new byte[16384];
        int held = cumulation == null ? 0 : cumulation.readableBytes();
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    out.writeBytes(chunk, 0, n);
                    if (held + out.readableBytes() > MAX_INFLATED) {
                        throw new IllegalStateException("more than " + MAX_INFLATED + " inflated bytes waiting");
                    }
                } else if (inflater.finished() || inflater.needsDictionary()) {
                    throw new IllegalStateException("the zlib stream ended");
                } else if (inflater.needsInput()) {
                    return out;
                }
            }
        } catch (java.util.zip.DataFormatException | IllegalStateException e) {
            out.release();
            throw e;
        }
    }

    /** A server link's zlib stream is broken: nothing more is read and the link closes. */
    private void badStream(ChannelHandlerContext ctx, String why) {
        rejected = true;
        ctx.channel().config().setAutoRead(false);
        LOG.warn("server link from {}: bad compressed stream ({}); closing", connection.remoteIp(), why);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (inflater != null) {
            inflater.end();
        }
        if (connection != null) {
            core.closed(connection);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.warn("connection error from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    static byte[] errorFrame(String text) {
        return Framing.encode(MessageType.ERROR.code(), text, ByteOrder.LITTLE_ENDIAN);
    }
}
