package org.opennapj.server.transport;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.opennapj.server.core.LogSummary;

/**
 * The listening socket's failures to accept a connection (above all "Too many open files" once
 * the process is out of descriptors): summarised in the log like the other connection events,
 * instead of one warning each, and accepting pauses for a second so the loop does not spin on
 * a connection it cannot take.
 */
@ChannelHandler.Sharable
final class AcceptFailures extends ChannelInboundHandlerAdapter {

    static final long PAUSE_MILLIS = 1000;

    private final LogSummary log;

    AcceptFailures(LogSummary log) {
        this.log = log;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.event("accepting a connection failed", String.valueOf(cause.getMessage()));
        ChannelConfig config = ctx.channel().config();
        if (!config.isAutoRead()) {
            return;     // not accepting yet (the warm-up), or already paused
        }
        config.setAutoRead(false);
        try {
            ctx.channel().eventLoop().schedule(() -> config.setAutoRead(true), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the server is shutting down: nothing more to accept
        }
    }
}
