package org.opennapj.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opennapj.protocol.BrowseEntry;
import org.opennapj.protocol.DirectBrowseAccept;
import org.opennapj.protocol.DirectBrowseRequest;
import org.opennapj.protocol.DownloadAck;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.FileRequest;
import org.opennapj.protocol.FrameDecoder;
import org.opennapj.protocol.FrameTooLongException;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.PushRequest;
import org.opennapj.protocol.QueueLimit;
import org.opennapj.protocol.QueueLimitNotice;
import org.opennapj.protocol.SearchResult;
import org.opennapj.protocol.SharedFile;
import org.opennapj.protocol.UploadRequest;

/**
 * A client's session with an OpenNap server: one TCP connection, every message the server sends
 * handed to the registered listeners, and typed requests whose answers come back as
 * {@link CompletableFuture}s.
 *
 * <h2>Listeners</h2>
 * {@link #on(int, MessageListener)} receives the messages of one numeric, {@link #onAny} every
 * message; the typed hooks ({@link #onUploadRequest}, {@link #onPushRequest},
 * {@link #onDirectBrowseRequest}, {@link #onPrivateMessage}, {@link #onPublicMessage}) receive the
 * parsed form (a line that does not parse reaches only the untyped listeners). Every message
 * reaches every listener registered for it, also when a request's future consumed it (a 201 is
 * both a search's result and a message for {@code on(201, ...)}): nothing is dropped. Register
 * before {@link #start()} (see {@link #open}) to be sure to see the first message.
 *
 * <h2>Requests</h2>
 * Each typed request sends its message and returns a future that completes with the server's
 * answer, exceptionally with a {@link ServerRefusalException} (or a subclass) when the server
 * refused, with an {@link IOException} when the connection ends first, or with a
 * {@link java.util.concurrent.TimeoutException} after the session's {@link #timeout()}. So every
 * future completes, and {@code join()} on one is bounded. Answers are matched to requests by what
 * the protocol gives (the nick, the file, the channel); searches and server browses carry nothing
 * of the kind, so the session sends them one at a time, in order: a search is sent when the one
 * before it has ended (its 202). A search or browse that timed out still holds the line until its
 * end arrives, so that its late results are not taken for the next one's.
 *
 * <h2>Threads</h2>
 * Two threads per session: {@code opennapj-client-reader} reads and decodes frames and matches
 * them to requests; it never runs listener code and never waits for it. {@code opennapj-client-events}
 * runs every listener and completes every future, one at a time in arrival order, so a future's
 * dependent stages run there too (a timeout too is queued there, behind the messages before it). The rule for
 * listeners: return promptly and never block on this session's own futures (their answers are
 * delivered by the thread the listener is holding, so such a wait can only end by timing out, after
 * twice the timeout).
 * A listener that stalls delays the other listeners but not the reading: up to
 * {@value #MAX_WAITING_EVENTS} messages wait for the event thread, and a session whose listeners
 * fall that far behind is closed rather than holding more; the requests whose answers were among
 * the messages it then drops fail with an {@link IOException}, as the others still waiting do. A listener that throws is reported to
 * the event thread's uncaught-exception handler and the others still run.
 *
 * <p>Sending is safe from any thread, listeners included.
 */
public final class NapClient implements AutoCloseable {

    /** Messages that may wait for the event thread before the session gives up on its listeners. */
    public static final int MAX_WAITING_EVENTS = 100_000;
    /** How long requests wait for their answer unless {@link #timeout(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Runnable STOP = () -> { };

    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final Thread events;
    private final BlockingQueue<Runnable> eventQueue = new LinkedBlockingQueue<>(MAX_WAITING_EVENTS + 1);
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Guards the requests below; held only by short, non-blocking code. */
    private final Object lock = new Object();
    private final List<Request<?>> pending = new ArrayList<>();
    private final Serial searches = new Serial(MessageType.SEARCH_END.code());
    private final Serial browses = new Serial(MessageType.BROWSE_END.code());
    /** Both serial lines, for the reader thread's per-message check. */
    private final List<Serial> serials = List.of(searches, browses);
    private volatile ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private volatile boolean started;
    private volatile boolean over;

    private record Registration(int type, MessageListener listener) {
    }

    private NapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::readLoop, "opennapj-client-reader");
        this.reader.setDaemon(true);
        this.events = new Thread(this::eventLoop, "opennapj-client-events");
        this.events.setDaemon(true);
    }

    /** Connects and starts reading at once. */
    public static NapClient connect(String host, int port, Duration connectTimeout) throws IOException {
        NapClient c = open(host, port, connectTimeout);
        c.start();
        return c;
    }

    /**
     * Connects without reading yet: register listeners, then {@link #start()}. Nothing the server
     * sends can be missed that way.
     */
    public static NapClient open(String host, int port, Duration connectTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setTcpNoDelay(true);
            return new NapClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Starts the reader and event threads (once; later calls do nothing). */
    public synchronized NapClient start() {
        if (!started) {
            started = true;
            events.start();
            reader.start();
        }
        return this;
    }

    // ------------------------------------------------------------------ settings and raw access

    /** How long each request waits for its answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Sets how long requests made from now on wait for their answers. */
    public NapClient timeout(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = t;
        return this;
    }

    /** Frames sent and received from now on use this byte order (Napster 2.0 beta 10.3+ is big-endian). */
    public void order(ByteOrder o) {
        this.order = Objects.requireNonNull(o);
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one message. */
    public void send(int type, String data) throws IOException {
        byte[] frame = Framing.encode(type, data, order);
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    public void send(MessageType type, String data) throws IOException {
        send(type.code(), data);
    }

    /** Writes raw bytes (for tests of malformed framing). */
    public void sendRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Completes (normally) once the connection is over and every message before it was delivered to the listeners. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Whether the connection is over (closed by either side). */
    public boolean isClosed() {
        return over;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (!started) {
            // nothing will read: finish here
            start();
        }
    }

    // ------------------------------------------------------------------ listeners

    /** Every message of one numeric. */
    public Subscription on(int type, MessageListener l) {
        Registration r = new Registration(type, Objects.requireNonNull(l));
        listeners.add(r);
        return () -> listeners.remove(r);
    }

    public Subscription on(MessageType type, MessageListener l) {
        return on(type.code(), l);
    }

    /** Every message. */
    public Subscription onAny(MessageListener l) {
        return on(-1, l);
    }

    private <T> Subscription typed(MessageType type, Parser<T> parser, Consumer<T> l) {
        Objects.requireNonNull(l);
        return on(type, m -> {
            T v;
            try {
                v = parser.parse(m.data());
            } catch (MalformedFieldsException e) {
                return;
            }
            l.accept(v);
        });
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String data) throws MalformedFieldsException;
    }

    /** 607: someone wants to download from us; answer with {@link #acceptUpload} (608), {@link #queueLimit} (619) or {@link #refuseUpload} (609). */
    public Subscription onUploadRequest(Consumer<UploadRequest> l) {
        return typed(MessageType.UPLOAD_REQUEST, UploadRequest::parse, l);
    }

    /** 501: we are firewalled and someone asked for a file: connect to them and push it. */
    public Subscription onPushRequest(Consumer<PushRequest> l) {
        return typed(MessageType.FIREWALLED_DOWNLOAD_ACK, PushRequest::parse, l);
    }

    /** 640: someone wants to browse us directly; answer with {@link #acceptDirectBrowse} (641). */
    public Subscription onDirectBrowseRequest(Consumer<DirectBrowseRequest> l) {
        return typed(MessageType.DIRECT_BROWSE_REQUEST, DirectBrowseRequest::parse, l);
    }

    /** 205 private messages. */
    public Subscription onPrivateMessage(Consumer<PrivateMessage> l) {
        return typed(MessageType.PRIVATE_MESSAGE, d -> {
            List<String> f = Fields.split(d, 2);
            if (f.size() < 2) {
                throw new MalformedFieldsException("expected <nick> <message>");
            }
            return new PrivateMessage(f.get(0), f.get(1));
        }, l);
    }

    /** 403 public messages in the channels we joined. */
    public Subscription onPublicMessage(Consumer<PublicMessage> l) {
        return typed(MessageType.PUBLIC_MESSAGE, d -> {
            List<String> f = Fields.split(d, 3);
            if (f.size() < 3) {
                throw new MalformedFieldsException("expected <channel> <nick> <text>");
            }
            return new PublicMessage(f.get(0), f.get(1), f.get(2));
        }, l);
    }

    // ------------------------------------------------------------------ login

    /** 2 login; completes with the email the server has for us (3), or a {@link LoginRefusedException}. */
    public CompletableFuture<String> login(LoginDetails d) {
        return request(new LoginRequest(), MessageType.LOGIN.code(), d.loginBody());
    }

    /** 6 new user login (registration); answered like {@link #login}. */
    public CompletableFuture<String> register(LoginDetails d, String email) {
        if (email.isEmpty() || email.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("an email address is one word");
        }
        return request(new LoginRequest(), MessageType.NEW_USER_LOGIN.code(), d.loginBody() + " " + email);
    }

    /** 7 nick check: 8, 9 or 10. */
    public CompletableFuture<NickStatus> checkNick(String nick) {
        return request(new Request<NickStatus>() {
            @Override
            boolean offer(Message m) {
                NickStatus s = switch (m.type()) {
                    case 8 -> NickStatus.NOT_REGISTERED;
                    case 9 -> NickStatus.REGISTERED;
                    case 10 -> NickStatus.INVALID;
                    default -> null;
                };
                return s != null && succeed(s);
            }
        }, MessageType.NICK_CHECK.code(), word(nick));
    }

    private final class LoginRequest extends Request<String> {
        private boolean invalidNick;

        @Override
        boolean offer(Message m) {
            switch (m.type()) {
                case 3:
                    return succeed(m.data());
                case 10:
                    invalidNick = true;
                    return true;
                case 9:
                    return fail(new LoginRefusedException(LoginRefusedException.Reason.NICK_REGISTERED, 9,
                            "the nick is already registered"));
                case 0:
                    return fail(new LoginRefusedException(invalidNick ? LoginRefusedException.Reason.INVALID_NICK
                            : LoginRefusedException.Reason.ERROR, 0, m.data()));
                default:
                    return false;
            }
        }
    }

    // ------------------------------------------------------------------ search and browse

    /**
     * 200 search; completes with the results (201) received until the end (202). A search the
     * server refused (a 404 saying the search failed, then 202 without results) completes with a
     * {@link ServerRefusalException}. Results that do not parse are skipped (the listeners still get them).
     */
    public CompletableFuture<List<SearchResult>> search(Search s) {
        SearchRequest r = new SearchRequest();
        return serial(searches, r, MessageType.SEARCH.code(), s.toWire());
    }

    private final class SearchRequest extends Request<List<SearchResult>> {
        private final List<SearchResult> results = new ArrayList<>();
        private String refusal;

        @Override
        boolean offer(Message m) {
            switch (m.type()) {
                case 201:
                    try {
                        results.add(SearchResult.parse(m.data()));
                    } catch (MalformedFieldsException e) {
                        // skipped; the listeners still see the line
                    }
                    return true;
                case 404:
                    if (m.data().toLowerCase(Locale.ROOT).startsWith("search failed")) {
                        refusal = m.data();
                        return true;
                    }
                    return false;
                case 202:
                    return refusal != null && results.isEmpty()
                            ? fail(new ServerRefusalException(404, refusal)) : succeed(List.copyOf(results));
                default:
                    return false;
            }
        }
    }

    /** 211 browse through the server: the files (212) until the end (213); a user not online (210) is a {@link ServerRefusalException}. */
    public CompletableFuture<BrowseResult> browse(String nick) {
        String n = word(nick);
        return serial(browses, new BrowseRequest(n), MessageType.BROWSE.code(), n);
    }

    private final class BrowseRequest extends Request<BrowseResult> {
        private final String nick;
        private final List<BrowseEntry> entries = new ArrayList<>();
        private boolean offline;

        BrowseRequest(String nick) {
            this.nick = nick;
        }

        @Override
        boolean offer(Message m) {
            switch (m.type()) {
                case 212:
                    try {
                        BrowseEntry e = BrowseEntry.parse(m.data());
                        if (!e.nick().equalsIgnoreCase(nick)) {
                            return false;
                        }
                        entries.add(e);
                    } catch (MalformedFieldsException e) {
                        // skipped
                    }
                    return true;
                case 210:
                    if (m.data().trim().equalsIgnoreCase(nick)) {
                        offline = true;
                        return true;
                    }
                    return false;
                case 213:
                    List<String> f = fields(m);
                    String who = f.isEmpty() ? nick : f.get(0);
                    if (offline) {
                        return fail(new ServerRefusalException(210, nick + " is not online"));
                    }
                    long ip = f.size() > 1 && Fields.isInteger(f.get(1)) ? Long.parseLong(f.get(1)) & 0xFFFF_FFFFL : 0;
                    return succeed(new BrowseResult(who, entries, ip));
                default:
                    return false;
            }
        }
    }

    /** 640 direct browse: where to connect (641), or the server's 642 as a {@link ServerRefusalException}. */
    public CompletableFuture<DirectBrowseAccept> directBrowse(String nick) {
        String n = word(nick);
        return request(new Request<DirectBrowseAccept>() {
            @Override
            boolean offer(Message m) {
                if (m.type() == 641) {
                    try {
                        DirectBrowseAccept a = DirectBrowseAccept.parse(m.data());
                        return a.nick().equalsIgnoreCase(n) && succeed(a);
                    } catch (MalformedFieldsException e) {
                        return false;
                    }
                }
                if (m.type() == 642) {
                    List<String> f = fields(m);
                    return !f.isEmpty() && f.get(0).equalsIgnoreCase(n)
                            && fail(new ServerRefusalException(642, f.size() > 1 ? f.get(1) : m.data()));
                }
                return false;
            }
        }, MessageType.DIRECT_BROWSE_REQUEST.code(), n);
    }

    /** 641: lets {@code nick} browse us directly (after its 640 reached us). */
    public void acceptDirectBrowse(String nick) throws IOException {
        send(MessageType.DIRECT_BROWSE_ACCEPT, word(nick));
    }

    // ------------------------------------------------------------------ sharing

    /** 100 share a file. */
    public void share(SharedFile f) throws IOException {
        send(MessageType.SHARE_FILE, f.format());
    }

    /** 10300 share a file of another media type: {@code "<filename>" <size> <md5> <content-type>}. */
    public void shareMedia(String path, long size, String checksum, String contentType) throws IOException {
        send(MessageType.SHARE_MEDIA, Fields.join(Fields.quote(path), size, word(checksum), word(contentType)));
    }

    /** 102 stop sharing a file. */
    public void unshare(String path) throws IOException {
        send(MessageType.UNSHARE_FILE, Fields.quote(path));
    }

    /** 110 stop sharing everything. */
    public void unshareAll() throws IOException {
        send(MessageType.UNSHARE_ALL, "");
    }

    // ------------------------------------------------------------------ downloads and uploads

    /**
     * 203 download request: completes with the 204 (where to connect; a port of 0 means the
     * uploader is firewalled: ask again with {@link #requestPush}), or a
     * {@link DownloadRefusedException} for 206, 609 or 620. A 404 the server sent just before a
     * 206 becomes the exception's detail.
     */
    public CompletableFuture<DownloadAck> download(String nick, String path) {
        FileRequest req = new FileRequest(word(nick), path);
        return request(new Request<DownloadAck>() {
            private String notice;

            private boolean same(String n, String p) {
                return n.equalsIgnoreCase(req.nick()) && p.equals(req.path());
            }

            @Override
            boolean offer(Message m) {
                try {
                    switch (m.type()) {
                        case 204: {
                            DownloadAck a = DownloadAck.parse(m.data());
                            return same(a.nick(), a.path()) && succeed(a);
                        }
                        case 206: {
                            FileRequest f = FileRequest.parse(m.data());
                            return same(f.nick(), f.path()) && fail(new DownloadRefusedException(
                                    DownloadRefusedException.Kind.GET_ERROR, 206, notice != null ? notice : m.data()));
                        }
                        case 609: {
                            FileRequest f = FileRequest.parse(m.data());
                            return same(f.nick(), f.path()) && fail(new DownloadRefusedException(
                                    DownloadRefusedException.Kind.ACCEPT_FAILED, 609, m.data()));
                        }
                        case 620: {
                            QueueLimitNotice q = QueueLimitNotice.parse(m.data());
                            return same(q.nick(), q.path()) && fail(new DownloadRefusedException(
                                    DownloadRefusedException.Kind.QUEUE_FULL, 620,
                                    q.nick() + " allows " + q.limit() + " downloads at once"));
                        }
                        case 404:
                            notice = m.data();
                            return false;
                        default:
                            return false;
                    }
                } catch (MalformedFieldsException e) {
                    return false;
                }
            }
        }, MessageType.DOWNLOAD_REQUEST.code(), req.format());
    }

    /** 500: asks a firewalled uploader to connect to us and push the file (it gets a 501). */
    public void requestPush(String nick, String path) throws IOException {
        send(MessageType.FIREWALLED_DOWNLOAD, new FileRequest(word(nick), path).format());
    }

    /** 608: accepts an upload the server asked about (607). */
    public void acceptUpload(String nick, String path) throws IOException {
        send(MessageType.UPLOAD_ACCEPT, new FileRequest(word(nick), path).format());
    }

    /** 609: refuses an upload the server asked about (607); the downloader gets a 609. */
    public void refuseUpload(String nick, String path) throws IOException {
        send(MessageType.ACCEPT_FAILED, new FileRequest(word(nick), path).format());
    }

    /** 619: refuses an upload because {@code nick} already has {@code limit} downloads from us. */
    public void queueLimit(String nick, String path, int limit) throws IOException {
        send(MessageType.QUEUE_LIMIT, new QueueLimit(word(nick), path, limit).format());
    }

    /** 626: tells the server we could not connect to {@code nick}'s data port. */
    public void dataPortError(String nick) throws IOException {
        send(MessageType.DATA_PORT_ERROR, word(nick));
    }

    /** 218: a download started. */
    public void downloading() throws IOException {
        send(MessageType.DOWNLOADING, "");
    }

    /** 219: a download ended. */
    public void downloadComplete() throws IOException {
        send(MessageType.DOWNLOAD_COMPLETE, "");
    }

    /** 220: an upload started. */
    public void uploading() throws IOException {
        send(MessageType.UPLOADING, "");
    }

    /** 221: an upload ended. */
    public void uploadComplete() throws IOException {
        send(MessageType.UPLOAD_COMPLETE, "");
    }

    /** 600: a user's link type (601). */
    public CompletableFuture<Integer> linkSpeed(String nick) {
        String n = word(nick);
        return request(new Request<Integer>() {
            @Override
            boolean offer(Message m) {
                if (m.type() == 601) {
                    List<String> f = fields(m);
                    return f.size() > 1 && f.get(0).equalsIgnoreCase(n) && Fields.isInteger(f.get(1))
                            && succeed(Integer.parseInt(f.get(1)));
                }
                return refusedAbout(m, n);
            }
        }, MessageType.LINK_SPEED_REQUEST.code(), n);
    }

    // ------------------------------------------------------------------ chat

    /** 400 join a channel: completes with its members (405, 408... 409). */
    public CompletableFuture<ChannelJoin> join(String channel) {
        String ch = word(channel);
        return request(new Request<ChannelJoin>() {
            private String name;
            private final List<String> members = new ArrayList<>();

            @Override
            boolean offer(Message m) {
                List<String> f;
                switch (m.type()) {
                    case 405:
                        if (name == null && m.data().trim().equalsIgnoreCase(ch)) {
                            name = m.data().trim();
                            return true;
                        }
                        return false;
                    case 408:
                        f = fields(m);
                        if (name != null && f.size() > 1 && f.get(0).equalsIgnoreCase(ch)) {
                            members.add(f.get(1));
                            return true;
                        }
                        return false;
                    case 409:
                        return name != null && m.data().trim().equalsIgnoreCase(ch) && succeed(new ChannelJoin(name, members));
                    case 404:
                        return name == null && m.data().startsWith("channel join failed")
                                && fail(new ServerRefusalException(404, m.data()));
                    default:
                        return false;
                }
            }
        }, MessageType.JOIN.code(), ch);
    }

    /** 401 leave a channel. */
    public void part(String channel) throws IOException {
        send(MessageType.PART, word(channel));
    }

    /** 402 say something in a channel. */
    public void say(String channel, String text) throws IOException {
        send(MessageType.PUBLIC_MESSAGE_SEND, word(channel) + " " + text);
    }

    /** 410 set a channel's topic. */
    public void topic(String channel, String text) throws IOException {
        send(MessageType.CHANNEL_TOPIC, word(channel) + " " + text);
    }

    /** 205 private message. */
    public void privateMessage(String nick, String text) throws IOException {
        send(MessageType.PRIVATE_MESSAGE, word(nick) + " " + text);
    }

    // ------------------------------------------------------------------ users

    /** 207 add to the hotlist: completes on the 301, fails on a 302. Sign-ons and -offs then come as 209/210. */
    public CompletableFuture<Void> hotlistAdd(String nick) {
        String n = word(nick);
        return request(new Request<Void>() {
            @Override
            boolean offer(Message m) {
                if ((m.type() == 301 || m.type() == 302) && m.data().trim().equalsIgnoreCase(n)) {
                    return m.type() == 301 ? succeed(null) : fail(new ServerRefusalException(302, "cannot add " + n + " to the hotlist"));
                }
                return false;
            }
        }, MessageType.HOTLIST_ADD.code(), n);
    }

    /** 303 remove from the hotlist. */
    public void hotlistRemove(String nick) throws IOException {
        send(MessageType.HOTLIST_REMOVE, word(nick));
    }

    /** 603 whois: 604 (online) or 605 (whowas); an unknown user is a {@link ServerRefusalException}. */
    public CompletableFuture<Whois> whois(String nick) {
        String n = word(nick);
        return request(new Request<Whois>() {
            @Override
            boolean offer(Message m) {
                if (m.type() == 604 || m.type() == 605) {
                    List<String> f = fields(m);
                    return f.size() > 1 && f.get(0).equalsIgnoreCase(n)
                            && succeed(new Whois(f.get(0), f.get(1), m.type() == 604, f, m));
                }
                return refusedAbout(m, n);
            }
        }, MessageType.WHOIS.code(), n);
    }

    /** 751 ping a user: completes when its 752 comes back. */
    public CompletableFuture<Void> ping(String nick) {
        String n = word(nick);
        return request(new Request<Void>() {
            @Override
            boolean offer(Message m) {
                if (m.type() == 752 && m.data().trim().equalsIgnoreCase(n)) {
                    return succeed(null);
                }
                return refusedAbout(m, n);
            }
        }, MessageType.PING.code(), n);
    }

    /** 752: answers another user's ping (751). */
    public void pong(String nick) throws IOException {
        send(MessageType.PONG, word(nick));
    }

    /** 750 server ping: completes on the server's 750, so every request sent before it has been handled. */
    public CompletableFuture<Void> serverPing() {
        return request(new Request<Void>() {
            @Override
            boolean offer(Message m) {
                return m.type() == 750 && succeed(null);
            }
        }, MessageType.SERVER_PING.code(), "");
    }

    // ------------------------------------------------------------------ requests

    /**
     * A request waiting for its answer. {@link #offer} runs on the reader thread with the lock
     * held: it looks at a message and says whether it took it (so no later request is offered it);
     * it completes the request through {@link #succeed}/{@link #fail}, which hand the completion
     * to the event thread behind the messages already queued.
     */
    private abstract class Request<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        /** Set once {@link #succeed} or {@link #fail} ran (reader thread). */
        boolean done;
        /** The serial line it holds, if any. */
        Serial serial;

        abstract boolean offer(Message m);

        final boolean succeed(T value) {
            done = true;
            event(new Completion(future, () -> future.complete(value)));
            return true;
        }

        final boolean fail(Throwable t) {
            done = true;
            event(new Completion(future, () -> future.completeExceptionally(t)));
            return true;
        }

        /** A 404 that names the nick a request is about (e.g. "ping failed, bob is not online") fails it. */
        final boolean refusedAbout(Message m, String nick) {
            if (m.type() != 404) {
                return false;
            }
            for (String w : m.data().split("[ ,.:]+")) {
                if (w.equalsIgnoreCase(nick)) {
                    return fail(new ServerRefusalException(404, m.data()));
                }
            }
            return false;
        }
    }

    /** Requests that must be sent one at a time (their answers name nothing to match them by). */
    private final class Serial {
        final int endType;
        final Deque<Queued> waiting = new ArrayDeque<>();
        /** Sent and not ended. */
        boolean busy;
        /** The request sent, or null once it timed out. */
        Request<?> active;

        Serial(int endType) {
            this.endType = endType;
        }
    }

    private record Queued(Request<?> request, int type, String data) {
    }

    /**
     * Event-thread work that completes a request's future: when the session ends with the queue
     * full and this is dropped to make room, the future is failed instead of left to time out.
     */
    private record Completion(CompletableFuture<?> future, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private <T> CompletableFuture<T> request(Request<T> r, int type, String data) {
        synchronized (lock) {
            if (over) {
                return CompletableFuture.failedFuture(new IOException("connection closed"));
            }
            pending.add(r);
        }
        arm(r);
        try {
            send(type, data);
        } catch (IOException e) {
            r.future.completeExceptionally(e);
        }
        return r.future;
    }

    private <T> CompletableFuture<T> serial(Serial line, Request<T> r, int type, String data) {
        r.serial = line;
        boolean sendNow;
        synchronized (lock) {
            if (over) {
                return CompletableFuture.failedFuture(new IOException("connection closed"));
            }
            sendNow = !line.busy;
            if (sendNow) {
                line.busy = true;
                line.active = r;
                pending.add(r);
            } else {
                line.waiting.add(new Queued(r, type, data));
            }
        }
        arm(r);
        if (sendNow) {
            sendQuietly(r, type, data);
        }
        return r.future;
    }

    private void sendQuietly(Request<?> r, int type, String data) {
        try {
            send(type, data);
        } catch (IOException e) {
            r.future.completeExceptionally(e);
        }
    }

    /**
     * Times the request out and forgets it once it completes, whichever way. The timeout completes
     * the future on the event thread like every other answer (queued behind the messages before
     * it), so dependent stages do not run on the JDK's timer thread. Only when the queue is full
     * (the session is being given up), or the event thread has not got to it one more timeout
     * later (a listener blocked on this session's own future), does the timer complete it itself.
     */
    private void arm(Request<?> r) {
        long millis = timeout.toMillis();
        Runnable expire = () -> r.future.completeExceptionally(new TimeoutException());
        Executor onEvents = task -> {
            if (r.future.isDone()) {
                return;
            }
            if (!eventQueue.offer(new Completion(r.future, task))) {
                task.run();
                return;
            }
            CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
                if (!r.future.isDone()) {
                    expire.run();
                }
            });
        };
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, onEvents).execute(expire);
        r.future.whenComplete((v, e) -> {
            synchronized (lock) {
                pending.remove(r);
                Serial line = r.serial;
                if (line != null) {
                    line.waiting.removeIf(q -> q.request == r);
                    if (line.active == r) {
                        // ended or timed out: a timed-out one keeps the line busy until its end arrives
                        line.active = null;
                    }
                }
            }
        });
    }

    /** Reader thread, lock held: the serial line's end arrived; sends the next waiting request. */
    private Queued nextOf(Serial line) {
        line.busy = false;
        line.active = null;
        Queued q;
        while ((q = line.waiting.poll()) != null) {
            if (!q.request.future.isDone()) {
                line.busy = true;
                line.active = q.request;
                pending.add(q.request);
                return q;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ threads

    private void readLoop() {
        FrameDecoder decoder = new FrameDecoder(0, ByteOrder.LITTLE_ENDIAN);
        ByteBuffer buf = ByteBuffer.allocate(1 << 17);
        byte[] chunk = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(chunk)) > 0) {
                decoder.setOrder(order);
                if (buf.remaining() < n) {
                    throw new IOException("server sent more than the client buffers");
                }
                buf.put(chunk, 0, n);
                buf.flip();
                Message m;
                while ((m = decoder.next(buf)) != null) {
                    received(m);
                }
                buf.compact();
            }
        } catch (IOException | FrameTooLongException | RuntimeException e) {
            // the connection is over
        } finally {
            finish();
        }
    }

    /** Reader thread: matches a message to the requests waiting, then queues it for the listeners. */
    private void received(Message m) throws IOException {
        // the listeners get the message before any request it completes: a search's future
        // completes after its 202 reached them
        event(() -> dispatch(m));
        List<Queued> toSend = null;
        synchronized (lock) {
            for (Iterator<Request<?>> it = pending.iterator(); it.hasNext(); ) {
                Request<?> r = it.next();
                if (r.future.isDone()) {
                    continue;
                }
                boolean took = r.offer(m);
                if (r.done) {
                    it.remove();
                }
                if (took) {
                    break;
                }
            }
            for (Serial line : serials) {
                if (m.type() == line.endType && line.busy) {
                    Request<?> active = line.active;
                    if (active == null || active.done || active.future.isDone()) {
                        Queued q = nextOf(line);
                        if (q != null) {
                            if (toSend == null) {
                                toSend = new ArrayList<>(1);
                            }
                            toSend.add(q);
                        }
                    }
                }
            }
        }
        if (toSend != null) {
            for (Queued q : toSend) {
                sendQuietly(q.request, q.type, q.data);
            }
        }
    }

    /** Queues work for the event thread; a session whose listeners fell too far behind is closed. */
    private void event(Runnable r) {
        if (!eventQueue.offer(r)) {
            // the listeners stopped keeping up: give up on the connection rather than hold more
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            throw new IllegalStateException("listeners fell " + MAX_WAITING_EVENTS + " messages behind");
        }
    }

    private void dispatch(Message m) {
        for (Registration r : listeners) {
            if (r.type == -1 || r.type == m.type()) {
                try {
                    r.listener.received(m);
                } catch (RuntimeException e) {
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
        }
    }

    /** Reader thread, at the end: fails what waits, then tells the listeners after the last message. */
    private void finish() {
        List<Request<?>> left;
        synchronized (lock) {
            over = true;
            left = new ArrayList<>(pending);
            pending.clear();
            for (Serial line : serials) {
                for (Queued q : line.waiting) {
                    left.add(q.request);
                }
                line.waiting.clear();
            }
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        IOException gone = new IOException("connection closed");
        // The queue may be full when the listeners are the reason we stopped: the last two events
        // must still get through. The oldest waiting ones make room (the session is over anyway),
        // and a dropped completion fails its request rather than leave it to time out.
        List<CompletableFuture<?>> dropped = new ArrayList<>();
        Runnable end = () -> {
            for (Request<?> r : left) {
                r.future.completeExceptionally(gone);
            }
            for (CompletableFuture<?> f : dropped) {
                f.completeExceptionally(gone);
            }
            closed.complete(null);
        };
        while (eventQueue.remainingCapacity() < 2) {
            drop(dropped, gone);
        }
        while (!eventQueue.offer(end)) { // a timeout may have taken the room meanwhile
            drop(dropped, gone);
        }
        while (!eventQueue.offer(STOP)) {
            drop(null, gone); // the end may have run already: a completion dropped now fails here
        }
    }

    /**
     * Drops the oldest waiting event; a dropped completion's future goes to {@code dropped} (failed
     * by the last event) or, without that list, is failed with {@code gone} at once.
     */
    private void drop(List<CompletableFuture<?>> dropped, IOException gone) {
        Runnable old = eventQueue.poll();
        if (old instanceof Completion c) {
            if (dropped != null) {
                dropped.add(c.future);
            } else {
                c.future.completeExceptionally(gone);
            }
        }
    }

    private void eventLoop() {
        while (true) {
            Runnable r;
            try {
                r = eventQueue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> fields(Message m) {
        try {
            return Fields.split(m.data());
        } catch (MalformedFieldsException e) {
            return List.of();
        }
    }

    private static String word(String s) {
        if (s == null || s.isEmpty() || s.indexOf(' ') >= 0 || s.indexOf('"') >= 0) {
            throw new IllegalArgumentException("'" + s + "' is not one word");
        }
        return s;
    }
}
