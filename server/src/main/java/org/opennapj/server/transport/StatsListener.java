package org.opennapj.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stats port ({@code stats_port}): every connection is written one stats line and closed,
 * for server-list tools and metaservers that poll the server. Nothing is read from it.
 *
 * <p>The line is the core's to make: each connection asks {@link Source}, which answers once
 * the core has run the request, from the core thread; the write is handed to the connection's
 * event loop. A connection whose answer does not come within {@link #ANSWER_MILLIS} is closed
 * without a line, and at most {@link #MAX_WAITING} connections wait for an answer at once (a
 * flood beyond that is closed at once), so the port can neither hold many descriptors nor
 * queue unbounded work for the core.
 */
final class StatsListener {

    private static final Logger LOG = LoggerFactory.getLogger(StatsListener.class);

    /** Connections waiting for the core's answer at once; more are closed without a line. */
    static final int MAX_WAITING = 256;
    /** How long a connection waits for the core's answer before it is closed without one. */
    static final long ANSWER_MILLIS = 5000;

    /** Makes the stats line: calls {@code answer} with it once the core has made it (any thread). */
    interface Source {
        void ask(Consumer<String> answer);
    }

    private StatsListener() {
    }

    /** Binds the stats port on the given groups; returns its channel (close it to stop listening). */
    static Channel bind(EventLoopGroup boss, EventLoopGroup workers, Class<? extends io.netty.channel.ServerChannel> type,
                        String host, int port, Source source) throws InterruptedException, BindException {
        AtomicInteger waiting = new AtomicInteger();
        Answer handler = new Answer(source, waiting);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(handler);
        Channel channel = ClientListener.bound(b.bind(host, port), "stats_port: ");
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        LOG.info("stats port listening on {}:{}", bound.getAddress().getHostAddress(), bound.getPort());
        return channel;
    }

    /** One for all connections: writes the core's line and closes. */
    @ChannelHandler.Sharable
    private static final class Answer extends ChannelInboundHandlerAdapter {
        private final Source source;
        private final AtomicInteger waiting;
        private final ChannelFutureListener done;

        Answer(Source source, AtomicInteger waiting) {
            this.source = source;
            this.waiting = waiting;
            this.done = f -> waiting.decrementAndGet();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                ch.close();
                return;
            }
            io.netty.util.concurrent.ScheduledFuture<?> timeout =
                    ch.eventLoop().schedule(() -> ch.close(), ANSWER_MILLIS, TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(done).addListener(f -> timeout.cancel(false));
            source.ask(line -> {
                if (ch.isActive()) {
                    ch.writeAndFlush(Unpooled.wrappedBuffer(line.getBytes(StandardCharsets.ISO_8859_1)))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
