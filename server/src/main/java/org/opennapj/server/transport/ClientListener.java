package org.opennapj.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.opennapj.server.core.ServerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port: accepts connections and gives each a frame handler feeding the core. At
 * {@code connectionHardLimit} open connections a new one is told the server is full and closed
 * at once, so the server never runs out of file descriptors for the clients it already has.
 */
public final class ClientListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientListener.class);

    /** Linux's native epoll transport when it loads (fewer system calls and less garbage), else NIO. */
    private static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    /** False for a listener on another's threads: closing it leaves them running. */
    private final boolean ownsThreads;
    /** The connections of a listener on another's threads, closed with it (null otherwise). */
    private final Set<Channel> accepted;
    /** Set when a listener on another's threads closes: a connection set up after that is closed at once. */
    private volatile boolean closed;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<EventLoop, Outbox> outboxes = new ConcurrentHashMap<>();
    /** The arrays every connection's replies are encoded into, used again once written. */
    private final ReplyArrays replyArrays = new ReplyArrays();
    /** Shared by every channel (a listener per channel would cost an object per connection). */
    private final ChannelFutureListener countClose = f -> open.decrementAndGet();
    /** One instance for all channels: the allocator keeps no per-channel state, its handles do. */
    private final RecvByteBufAllocator receiveSizes = new AdaptiveRecvByteBufAllocator();
    private Channel serverChannel;
    private Channel statsChannel;
    private ServerCore core;
    private int maxCommandLength;

    public ClientListener(int ioThreads) {
        this.boss = EPOLL ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        this.workers = EPOLL ? new EpollEventLoopGroup(ioThreads) : new NioEventLoopGroup(ioThreads);
        this.ownsThreads = true;
        this.accepted = null;
    }

    /** A listener that runs on {@code threadsOf}'s acceptor and network threads. */
    public ClientListener(ClientListener threadsOf) {
        this.boss = threadsOf.boss;
        this.workers = threadsOf.workers;
        this.ownsThreads = false;
        this.accepted = ConcurrentHashMap.newKeySet();
    }

    /**
     * Binds and returns the bound address (port 0 picks a free port). Connections are accepted at
     * once, or with {@code accept} false only from {@link #accept()} on: until then the system
     * holds them in the listen backlog.
     */
    public InetSocketAddress bind(String host, int port, ServerCore core, int maxCommandLength, int connectionHardLimit,
                                  boolean accept) throws InterruptedException, BindException {
        this.core = core;
        this.maxCommandLength = maxCommandLength;
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, accept)
                .handler(new AcceptFailures(core.connectionLog()))
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, receiveSizes)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    private final Function<EventLoop, Outbox> outboxFor =
                            loop -> outboxes.computeIfAbsent(loop, l -> new Outbox(l, core, replyArrays));

                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int n = open.incrementAndGet();
                        ch.closeFuture().addListener(countClose);
                        if (!track(ch)) {
                            return;
                        }
                        if (connectionHardLimit > 0 && n > connectionHardLimit) {
                            core.connectionLog().event("connection refused: over connection_hard_limit ("
                                    + connectionHardLimit + ")", ch.remoteAddress().getAddress().getHostAddress());
                            ch.pipeline().addLast(new RefuseHandler());
                            return;
                        }
                        ch.pipeline().addLast(new ClientFrameHandler(core, outboxFor, maxCommandLength));
                    }
                });
        serverChannel = bound(b.bind(host, port), "");
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("listening for clients on {}:{} ({})", bound.getAddress().getHostAddress(), bound.getPort(),
                EPOLL ? "epoll" : "NIO");
        return bound;
    }

    /**
     * Waits for a bind and returns its channel; a failure is a BindException ({@code prefix} and
     * the cause's message when the transport reported another exception).
     */
    static Channel bound(ChannelFuture binding, String prefix) throws InterruptedException, BindException {
        binding.await();
        if (!binding.isSuccess()) {
            // NIO reports a BindException, epoll its own IOException: report both the same way
            Throwable cause = binding.cause();
            if (cause instanceof BindException be) {
                throw be;
            }
            BindException be = new BindException(prefix + cause.getMessage());
            be.initCause(cause);
            throw be;
        }
        return binding.channel();
    }

    /**
     * Opens a connection to another server (for a server link), handled like an accepted one: its
     * frames go to the core. {@code opened} is told the connection on the core thread, after the
     * core has opened it; {@code failed} is told why the connection could not be made (core thread).
     * Call after {@link #bind}.
     */
    public void connect(InetSocketAddress remote, String localAddress,
                        java.util.function.Consumer<org.opennapj.server.core.Connection> opened,
                        java.util.function.Consumer<String> failed) {
        Function<EventLoop, Outbox> outboxFor = loop -> outboxes.computeIfAbsent(loop, l -> new Outbox(l, core, replyArrays));
        io.netty.bootstrap.Bootstrap b = new io.netty.bootstrap.Bootstrap()
                .group(workers)
                .channel(EPOLL ? io.netty.channel.epoll.EpollSocketChannel.class
                        : io.netty.channel.socket.nio.NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.RCVBUF_ALLOCATOR, receiveSizes)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (track(ch)) {
                            ch.pipeline().addLast(new ClientFrameHandler(core, outboxFor, maxCommandLength, opened));
                        }
                    }
                });
        ChannelFuture f = localAddress == null || localAddress.equals("0.0.0.0")
                ? b.connect(remote) : b.connect(remote, new InetSocketAddress(localAddress, 0));
        f.addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                String why = done.cause() == null ? "cancelled" : done.cause().getMessage();
                core.execute(() -> failed.accept(why));
            }
        });
    }

    /**
     * Binds the stats port ({@link StatsListener}) on this listener's threads: each connection is
     * written the line {@code source} gives and closed. Returns the bound address.
     */
    public InetSocketAddress bindStats(String host, int port, java.util.function.Consumer<java.util.function.Consumer<String>> source)
            throws InterruptedException, BindException {
        statsChannel = StatsListener.bind(boss, workers, EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                host, port, source::accept);
        return (InetSocketAddress) statsChannel.localAddress();
    }

    /**
     * For a listener on another's threads: remembers a new connection so that {@link #close}
     * closes it, or closes it at once when the listener is closing already; returns whether it
     * stays open. Always true for a listener with threads of its own, whose close ends them all.
     */
    private boolean track(Channel ch) {
        if (accepted == null) {
            return true;
        }
        accepted.add(ch);
        ch.closeFuture().addListener(f -> accepted.remove(ch));
        // checked after adding: close() either sees this channel in the set or it is seen closing here
        if (closed) {
            ch.close();
            return false;
        }
        return true;
    }

    /** Starts accepting connections (after a bind that did not). */
    public void accept() {
        serverChannel.config().setAutoRead(true);
    }

    public int openConnections() {
        return open.get();
    }

    /** Stops taking new connections; those open stay open (any thread). */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        if (statsChannel != null) {
            statsChannel.close().syncUninterruptibly();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (!ownsThreads) {
            closed = true;
            for (Channel ch : accepted) {
                ch.close().syncUninterruptibly();
            }
            return;
        }
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Tells a connection over the hard limit that the server is full, then closes it. */
    private static final class RefuseHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(ClientFrameHandler.errorFrame("server is full, try again later")))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }
}
