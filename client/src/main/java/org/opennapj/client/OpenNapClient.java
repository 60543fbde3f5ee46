package org.opennapj.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.opennapj.client.share.ShareChanges;
import org.opennapj.client.share.SharedFile;
import org.opennapj.client.share.SharedFolder;
import org.opennapj.client.transfer.PeerList;
import org.opennapj.client.transfer.PeerTransfers;
import org.opennapj.client.transfer.Transfer;
import org.opennapj.client.transfer.TransferEvents;
import org.opennapj.client.transfer.TransferInfo;
import org.opennapj.client.transfer.TransferProgress;
import org.opennapj.client.transfer.TransferResult;
import org.opennapj.client.transfer.TransferSettings;
import org.opennapj.client.transfer.UploadDecision;
import org.opennapj.protocol.DirectBrowseAccept;
import org.opennapj.protocol.DirectBrowseRequest;
import org.opennapj.protocol.DownloadAck;
import org.opennapj.protocol.FileRequest;
import org.opennapj.protocol.IpAddress;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.PushRequest;
import org.opennapj.protocol.QueueLimitNotice;
import org.opennapj.protocol.SearchResult;
import org.opennapj.protocol.UploadRequest;

/**
 * A whole client on one server: a {@link NapClient} session, the {@link SharedFolder} it shares
 * (optional) and the {@link PeerTransfers} that serve and fetch files, wired together as the
 * {@code transfer} package documentation describes. It holds no logic of its own beyond the
 * wiring:
 *
 * <ul>
 *   <li>{@link #connect}: opens the data port (unless firewalled) and the session;
 *       {@link #login()} / {@link #register(String)} announce that port.</li>
 *   <li>{@link #share()}: scans the folder and sends 100 (MP3) or 10300 (other media) for new
 *       files, 102 for files gone; call it again to keep the server in step with the folder.</li>
 *   <li>607 is answered from {@link PeerTransfers#uploadRequested}: 608 when accepted, 619 when
 *       queued or full, 609 when the file is not (or no longer) shared. 501 starts a push upload.
 *       640 is answered with 641 when our data port is open and we share (a firewalled client
 *       cannot be browsed directly).</li>
 *   <li>{@link #download}: 203; on the 204 connects to the sharer, or, when its port is 0, waits
 *       for its push and sends 500; a 609, 620 or 206 after the 500 fails the waiting transfer.</li>
 *   <li>Every transfer's start and end is told to the server (218/219, 220/221), and to the
 *       {@link TransferEvents} given in the {@link Settings}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The session's two threads ({@code opennapj-client-reader}, {@code opennapj-client-events}) and
 * the transfer threads of {@link PeerTransfers} ({@code opennapj-dataport},
 * {@code opennapj-transfer-N}, {@code opennapj-transfer-watchdog}). This class adds none. Its
 * answers to 607, 501 and 640 run on the session's event thread and never block there: the
 * upload decision is a map lookup, a push or download is handed to a transfer thread, sending is
 * a short write. The futures this class returns complete on the event thread too (a
 * {@link #download}'s future once the 204 came and the transfer was handed over), so
 * <b>never wait on them from a session listener</b>; wait from your own thread, or chain with
 * {@code thenAccept}/{@code thenCompose} and wait on the transfer's {@link Transfer#result()}
 * elsewhere. {@link TransferEvents} callbacks and {@link TransferProgress} run on transfer threads.
 * {@link #share()} reads the disk (checksums): call it from your own thread, not from a listener.
 */
public final class OpenNapClient implements AutoCloseable {

    /** Data port setting: any free port. */
    public static final int ANY_PORT = -1;
    /** Data port setting: none (firewalled; transfers are pushed through 500/501). */
    public static final int FIREWALLED = 0;

    /**
     * What the client says of itself and how it transfers.
     *
     * @param nick        the nick
     * @param password    the password
     * @param dataPort    {@link #ANY_PORT}, {@link #FIREWALLED} or a port number
     * @param dataAddress the address the data port listens on; null for every interface
     * @param downloads   where downloads go unless a call names another folder
     * @param clientInfo  the client string of the login
     * @param linkType    0 (unknown) to 10
     * @param transfers   bounds and timeouts of peer transfers
     * @param timeout     connecting to the server and every request's wait for its answer
     * @param events      told of every transfer (on transfer threads), after the server was; may be null
     */
    public record Settings(String nick, String password, int dataPort, InetAddress dataAddress, Path downloads,
                           String clientInfo, int linkType, TransferSettings transfers, Duration timeout,
                           TransferEvents events) {
        public Settings {
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(downloads, "downloads");
            if (dataPort < ANY_PORT || dataPort > 65535) throw new IllegalArgumentException("data port must be -1 (any), 0 (firewalled) or 1..65535");
            clientInfo = clientInfo == null ? "OpenNapJ 0.1" : clientInfo;
            transfers = transfers == null ? TransferSettings.defaults() : transfers;
            timeout = timeout == null ? NapClient.DEFAULT_TIMEOUT : timeout;
            events = events == null ? TransferEvents.NONE : events;
        }

        /** The settings with the password masked: a record's own toString would print it into logs. */
        @Override
        public String toString() {
            return "Settings[nick=" + nick + ", password=***, dataPort=" + dataPort + ", dataAddress=" + dataAddress
                    + ", downloads=" + downloads + ", clientInfo=" + clientInfo + ", linkType=" + linkType
                    + ", transfers=" + transfers + ", timeout=" + timeout + ", events=" + events + "]";
        }

        /** Defaults: any free data port on every interface, link type 0 (unknown), default bounds. */
        public static Settings of(String nick, String password, Path downloads) {
            return new Settings(nick, password, ANY_PORT, null, downloads, null, 0, null, null, null);
        }

        public Settings withDataPort(int port, InetAddress address) {
            return new Settings(nick, password, port, address, downloads, clientInfo, linkType, transfers, timeout, events);
        }

        public Settings withEvents(TransferEvents e) {
            return new Settings(nick, password, dataPort, dataAddress, downloads, clientInfo, linkType, transfers, timeout, e);
        }

        public Settings withTransfers(TransferSettings t) {
            return new Settings(nick, password, dataPort, dataAddress, downloads, clientInfo, linkType, t, timeout, events);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(nick, password, dataPort, dataAddress, downloads, clientInfo, linkType, transfers, t, events);
        }

        public Settings withLinkType(int type) {
            return new Settings(nick, password, dataPort, dataAddress, downloads, clientInfo, type, transfers, timeout, events);
        }
    }

    private final Settings settings;
    private final NapClient session;
    private volatile SharedFolder folder;
    private final PeerTransfers transfers;
    /** What this session announced, by announced name; guarded by itself. */
    private final Map<String, SharedFile> announced = new HashMap<>();

    private OpenNapClient(Settings settings, NapClient session, SharedFolder folder, PeerTransfers transfers) {
        this.settings = settings;
        this.session = session;
        this.folder = folder;
        this.transfers = transfers;
    }

    /**
     * Opens the data port (unless firewalled), connects to the server and starts the session,
     * with every answer in place before the first message is read. Log in next.
     *
     * @param folder the folder to share, or null to share nothing (it may be shared by several
     *               clients at once, e.g. one per server)
     */
    public static OpenNapClient connect(String host, int port, Settings settings, SharedFolder folder) throws IOException {
        PeerTransfers transfers = null;
        NapClient session = null;
        try {
            OpenNapClient[] self = new OpenNapClient[1];
            transfers = new PeerTransfers(() -> settings.nick(), folder, settings.downloads(), settings.transfers(),
                    new ServerCounters(self, settings.events()));
            if (settings.dataPort() != FIREWALLED) {
                InetAddress address = settings.dataAddress() != null ? settings.dataAddress() : new InetSocketAddress(0).getAddress();
                transfers.openDataPort(address, settings.dataPort() == ANY_PORT ? 0 : settings.dataPort());
            }
            session = NapClient.open(host, port, settings.timeout());
            session.timeout(settings.timeout());
            OpenNapClient c = new OpenNapClient(settings, session, folder, transfers);
            self[0] = c;
            c.listen();
            session.start();
            return c;
        } catch (IOException | RuntimeException e) {
            if (session != null) session.close();
            if (transfers != null) transfers.close();
            throw e;
        }
    }

    private void listen() {
        session.onUploadRequest(this::uploadRequested);
        session.onPushRequest(this::pushRequested);
        session.onDirectBrowseRequest(this::directBrowseRequested);
        // after our 500, the server's refusal is all we hear of a push that will not come
        session.on(MessageType.ACCEPT_FAILED, m -> pushRefused(m.data(), "the sharer refused the download (609)"));
        session.on(MessageType.DOWNLOAD_ERROR, m -> pushRefused(m.data(), "the server refused the download (206)"));
        session.on(MessageType.QUEUE_LIMIT_NOTICE, m -> {
            try {
                QueueLimitNotice q = QueueLimitNotice.parse(m.data());
                transfers.abandonPush(q.nick(), q.path(), "the sharer's upload slots are full (620)");
            } catch (MalformedFieldsException e) {
                // not one of ours to match
            }
        });
    }

    // 607 <nick> "<filename>" <speed>: 608, 619 or 609 as the upload slots decide
    private void uploadRequested(UploadRequest r) {
        UploadDecision d = transfers.uploadRequested(r.nick(), r.path());
        try {
            switch (d.kind()) {
                case ACCEPTED -> session.acceptUpload(r.nick(), r.path());
                case QUEUED, FULL -> session.queueLimit(r.nick(), r.path(), d.limit());
                case NOT_SHARED -> session.refuseUpload(r.nick(), r.path());
            }
        } catch (IOException e) {
            // the session is over; its close tells the listeners
        }
    }

    // 501 <nick> <ip> <port> "<filename>" <md5> <speed>: we are firewalled, connect and push
    private void pushRequested(PushRequest p) {
        try {
            InetAddress address = InetAddress.getByName(IpAddress.fromWire(p.ip()));
            transfers.pushUpload(p.nick(), p.path(), address, p.port());
        } catch (IOException | IllegalArgumentException e) {
            settings.events().refused(p.nick(), "cannot push to the address the server gave: " + e.getMessage());
        }
    }

    // 640 <nick> [ip port]: let them connect to our data port and GETLIST
    private void directBrowseRequested(DirectBrowseRequest r) {
        if (this.folder == null || transfers.dataPort() == 0 || r.hasAddress()) return; // pushed lists are not sent
        try {
            session.acceptDirectBrowse(r.nick());
        } catch (IOException e) {
            // the session is over
        }
    }

    private void pushRefused(String data, String reason) {
        try {
            FileRequest f = FileRequest.parse(data);
            transfers.abandonPush(f.nick(), f.path(), reason);
        } catch (MalformedFieldsException e) {
            // not one of ours to match
        }
    }

    /** 218-221 to the server, then the caller's listener. Runs on transfer threads. */
    private record ServerCounters(OpenNapClient[] self, TransferEvents next) implements TransferEvents {
        private NapClient session() {
            return self[0] == null ? null : self[0].session;
        }

        private void send(MessageType type) {
            NapClient s = session();
            if (s == null || s.isClosed()) return;
            try {
                s.send(type, "");
            } catch (IOException e) {
                // the session is over; the server forgets our counters with us
            }
        }

        @Override
        public void downloadStarted(TransferInfo t) {
            send(MessageType.DOWNLOADING);
            next.downloadStarted(t);
        }

        @Override
        public void downloadEnded(TransferInfo t, TransferResult r) {
            send(MessageType.DOWNLOAD_COMPLETE);
            next.downloadEnded(t, r);
        }

        @Override
        public void uploadStarted(TransferInfo t) {
            send(MessageType.UPLOADING);
            next.uploadStarted(t);
        }

        @Override
        public void uploadEnded(TransferInfo t, TransferResult r) {
            send(MessageType.UPLOAD_COMPLETE);
            next.uploadEnded(t, r);
        }

        @Override
        public void progress(TransferInfo t, long done, long total) {
            next.progress(t, done, total);
        }

        @Override
        public void refused(String peer, String reason) {
            next.refused(peer, reason);
        }
    }

    // ---------------------------------------------------------------- the session

    /** 2 login with the settings' nick, password, our data port (0 when firewalled) and link type. */
    public CompletableFuture<String> login() {
        return session.login(details());
    }

    /** 6 registration of the settings' nick with this email; answered like {@link #login()}. */
    public CompletableFuture<String> register(String email) {
        return session.register(details(), email);
    }

    private LoginDetails details() {
        return new LoginDetails(settings.nick(), settings.password(), transfers.dataPort(), settings.clientInfo(), settings.linkType());
    }

    /**
     * Scans the folder and brings the server in step with it: the first call on this session
     * announces every file, later calls withdraw (102) what went or changed and announce (100 for
     * MP3s, 10300 for other media) what came or changed. Reads the disk: not from a listener.
     *
     * @return what was withdrawn and announced by this call
     */
    public ShareChanges share() throws IOException {
        SharedFolder folder = this.folder;
        if (folder == null) throw new IllegalStateException("this client shares no folder");
        ShareChanges scan;
        List<SharedFile> now;
        synchronized (folder) { // a folder may be shared by several sessions; one scan at a time
            scan = folder.rescan();
            now = new ArrayList<>(folder.files());
        }
        List<SharedFile> added = new ArrayList<>();
        List<SharedFile> removed = new ArrayList<>();
        synchronized (announced) {
            Map<String, SharedFile> current = new HashMap<>();
            for (SharedFile f : now) current.put(f.announcedName(), f);
            for (SharedFile f : announced.values()) {
                if (!f.equals(current.get(f.announcedName()))) removed.add(f);
            }
            for (SharedFile f : now) {
                if (!f.equals(announced.get(f.announcedName()))) added.add(f);
            }
            for (SharedFile f : removed) {
                session.unshare(f.announcedName());
                announced.remove(f.announcedName());
            }
            for (SharedFile f : added) {
                if (f.isMp3()) session.share(f.toProtocol());
                else session.shareMedia(f.announcedName(), f.size(), f.md5(), f.type().wireName());
                announced.put(f.announcedName(), f);
            }
        }
        return new ShareChanges(added, removed, scan.truncated());
    }

    /**
     * Shares {@code newFolder} instead of the folder given at {@link #connect} (or as well as
     * nothing): uploads are served from it from now on, and the server is brought in step as by
     * {@link #share()}, so the files of the folder before are withdrawn. Reads the disk: not from
     * a listener.
     *
     * @return what was withdrawn and announced
     */
    public ShareChanges share(SharedFolder newFolder) throws IOException {
        java.util.Objects.requireNonNull(newFolder, "newFolder");
        synchronized (announced) { // one change of folder at a time
            this.folder = newFolder;
            transfers.shares(newFolder);
            return share();
        }
    }

    /** 200 search: the results (201) until the end (202). */
    public CompletableFuture<List<SearchResult>> search(Search s) {
        return session.search(s);
    }

    /** 211 browse through the server. */
    public CompletableFuture<BrowseResult> browse(String nick) {
        return session.browse(nick);
    }

    /**
     * 640 direct browse: asks the server, then fetches the list from the user's data port (641).
     * Fails with the server's 642 as a {@link ServerRefusalException}, or when the user is
     * firewalled (a pushed list is not taken).
     */
    public CompletableFuture<PeerList> browseDirect(String nick) {
        return session.directBrowse(nick).thenCompose((DirectBrowseAccept a) -> {
            if (a.port() == 0) {
                return CompletableFuture.failedFuture(new IOException(a.nick() + " is firewalled: its list cannot be fetched directly"));
            }
            return transfers.browse(new InetSocketAddress(IpAddress.fromWire(a.ip()), a.port()));
        });
    }

    /** Downloads a search result into the download folder. */
    public CompletableFuture<Transfer> download(SearchResult r, TransferProgress progress) {
        return download(r.nick(), r.file().path(), r.file().size(), null, progress);
    }

    /**
     * Downloads a file: 203, then on the 204 connects to the sharer's data port, or, when the
     * sharer is firewalled (port 0), sends 500 and waits for it to connect to ours. The future
     * completes (on the event thread) with the transfer under way, or exceptionally with the
     * server's refusal ({@link DownloadRefusedException}); the transfer's
     * {@link Transfer#result()} then says how it ended. A partial file from an earlier try is
     * resumed from its length.
     *
     * @param size   the size the search or browse gave, or -1 if unknown
     * @param folder where the file goes; null for the download folder of the settings
     */
    public CompletableFuture<Transfer> download(String nick, String path, long size, Path folder, TransferProgress progress) {
        return session.download(nick, path).thenApply((DownloadAck ack) -> {
            if (!ack.firewalled()) {
                InetSocketAddress peer = new InetSocketAddress(IpAddress.fromWire(ack.ip()), ack.port());
                return transfers.download(ack.nick(), ack.path(), peer, size, progress, folder);
            }
            Transfer t = transfers.expectPush(ack.nick(), ack.path(), size, progress, folder);
            if (!t.result().isDone()) {
                try {
                    session.requestPush(ack.nick(), ack.path());
                } catch (IOException e) {
                    transfers.abandonPush(ack.nick(), ack.path(), "the server connection closed");
                }
            }
            return t;
        });
    }

    // ---------------------------------------------------------------- parts

    /** The server session, for everything else (chat, hotlist, whois, listeners...). */
    public NapClient session() {
        return session;
    }

    /** The peer transfers (data port, upload slots). */
    public PeerTransfers transfers() {
        return transfers;
    }

    /** The shared folder, or null. */
    public SharedFolder folder() {
        return folder;
    }

    /** The data port announced at login; 0 when firewalled. */
    public int dataPort() {
        return transfers.dataPort();
    }

    public Settings settings() {
        return settings;
    }

    /** Closes the session, the data port and every transfer (partial files are kept). */
    @Override
    public void close() {
        session.close();
        transfers.close();
    }
}
