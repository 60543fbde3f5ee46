package org.opennapj.server.transfer;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.opennapj.protocol.DownloadAck;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.FileRequest;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.PushRequest;
import org.opennapj.protocol.QueueLimit;
import org.opennapj.protocol.QueueLimitNotice;
import org.opennapj.protocol.UploadRequest;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;
import org.opennapj.server.share.ShareIndex;

/**
 * Download coordination between two clients. The server never carries file data: it checks
 * that the file is shared, asks the uploader (607), and tells each side where to connect once
 * the uploader accepts (608 -> 204 to the downloader, or 501 to a firewalled uploader after a
 * 500). Also 609 refusals, 619/620 queue limits, 626 data port errors and the 218-221 counters.
 */
public final class Transfers implements PresenceListener {

    private enum Kind { DIRECT, PUSH }

    private final ServerCore core;
    private final ShareIndex index;
    /** Per uploader: "<downloader key>\0<path>" -> how the download was requested. */
    private final Map<User, Map<String, Kind>> requested = new IdentityHashMap<>();
    private static final int MAX_PENDING_PER_UPLOADER = 1000;

    public Transfers(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.DOWNLOAD_REQUEST, false, (s, d) -> request(s, d, Kind.DIRECT));
        core.on(MessageType.FIREWALLED_DOWNLOAD, false, (s, d) -> request(s, d, Kind.PUSH));
        core.on(MessageType.UPLOAD_ACCEPT, false, this::accept);
        core.on(MessageType.ACCEPT_FAILED, false, this::acceptFailed);
        core.on(MessageType.QUEUE_LIMIT, false, this::queueLimit);
        core.on(MessageType.DATA_PORT_ERROR, false, this::dataPortError);
        // 218 downloading, 219 download complete, 220 uploading, 221 upload complete: (empty)
        core.on(MessageType.DOWNLOADING, false, (s, d) -> s.user().downloads++);
        core.on(MessageType.DOWNLOAD_COMPLETE, false, (s, d) -> {
            User u = s.user();
            if (u.downloads > 0) {
                u.downloads--;
                u.totalDownloads++;
            }
        });
        core.on(MessageType.UPLOADING, false, (s, d) -> s.user().uploads++);
        core.on(MessageType.UPLOAD_COMPLETE, false, (s, d) -> {
            User u = s.user();
            if (u.uploads > 0) {
                u.uploads--;
                u.totalUploads++;
            }
        });
        core.addPresenceListener(this);
        core.onPeer(MessageType.UPLOAD_REQUEST.code(), this::remoteUploadRequest);
    }

    private static final String NO_CHECKSUM = "00000000000000000000000000000000";

    /** The id of owner's live file with exactly this path, or -1. */
    private int sharedFile(User owner, String path) {
        return index.find(owner.id(), path);
    }

    // 203 download request: <nick> "<filename>"     500 alternate download request: <nick> "<filename>"
    private void request(Session s, String data, Kind kind) throws MalformedFieldsException {
        FileRequest t = FileRequest.parse(data);
        User downloader = s.user();
        if (downloader.level() == Level.LEECH) {
            s.error("download failed: permission denied: leeches may not download");
            s.send(MessageType.DOWNLOAD_ERROR, t.format());
            return;
        }
        int minShared = core.config().integer("min_shared");
        if (minShared > 0 && !downloader.level().atLeast(Level.MODERATOR) && index.count(downloader.id()) < minShared) {
            core.metrics().flood("downloads");
            s.error("download failed: share at least " + minShared + " files to download (you share "
                    + index.count(downloader.id()) + ")");
            s.send(MessageType.DOWNLOAD_ERROR, t.format());
            return;
        }
        User uploader = core.user(t.nick());
        if (uploader == null || uploader == downloader) {
            s.send(MessageType.DOWNLOAD_ERROR, t.format());
            return;
        }
        if (!uploader.local()) {
            remoteRequest(s, downloader, uploader, t, kind);
            return;
        }
        int file = sharedFile(uploader, t.path());
        if (file < 0) {
            s.send(MessageType.DOWNLOAD_ERROR, new FileRequest(uploader.nick(), t.path()).format());
            return;
        }
        if (uploader.firewalled() && downloader.firewalled()) {
            s.error("Both you and " + uploader.nick() + " are firewalled; you cannot download from them.");
            s.send(MessageType.DOWNLOAD_ERROR, new FileRequest(uploader.nick(), t.path()).format());
            return;
        }
        if (kind == Kind.DIRECT && uploader.firewalled()) {
            // the downloader learns the uploader is firewalled (port 0) and asks again with 500
            s.send(MessageType.DOWNLOAD_ACK, new DownloadAck(uploader.nick(), uploader.ipWire(), 0,
                    index.path(file), index.checksum(file), uploader.linkSpeed).format());
            return;
        }
        Map<String, Kind> pending = requested.computeIfAbsent(uploader, u -> new HashMap<>());
        if (pending.size() >= MAX_PENDING_PER_UPLOADER) {
            pending.clear();  // stale requests the uploader never answered
        }
        pending.put(downloader.key() + '\0' + t.path(), kind);
        uploader.send(MessageType.UPLOAD_REQUEST, new UploadRequest(downloader.nick(), t.path(), downloader.linkSpeed).format());
    }

    /**
     * A download from a user on another server: what this server knows of the uploader (its data
     * port) answers the firewall cases; otherwise {@code 607 :<downloader> <uploader> "<path>"} goes
     * towards the uploader's server, which asks the uploader and sends the 204 back in 10018.
     * (The uploader's server does not check that the file is shared, as opennap-ng.)
     */
    private void remoteRequest(Session s, User downloader, User uploader, FileRequest t, Kind kind) {
        if (uploader.firewalled() && downloader.firewalled()) {
            s.error("Both you and " + uploader.nick() + " are firewalled; you cannot download from them.");
            s.send(MessageType.DOWNLOAD_ERROR, new FileRequest(uploader.nick(), t.path()).format());
            return;
        }
        if (kind == Kind.DIRECT && uploader.firewalled()) {
            s.send(MessageType.DOWNLOAD_ACK, new DownloadAck(uploader.nick(), uploader.ipWire(), 0,
                    t.path(), NO_CHECKSUM, uploader.linkSpeed).format());
            return;
        }
        if (!core.network().route(uploader, MessageType.UPLOAD_REQUEST.code(),
                Fields.join(":" + downloader.nick(), uploader.nick(), Fields.quote(t.path())), null)) {
            s.send(MessageType.DOWNLOAD_ERROR, new FileRequest(uploader.nick(), t.path()).format());
        }
    }

    // 607 from another server: :<downloader> <uploader> "<path>" [speed]  -> 607 <downloader> "<path>" <speed>
    // to a local uploader (whose 608 then answers through the usual accept), or passed on towards it
    private boolean remoteUploadRequest(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User downloader = p == null ? null : core.user(p.sender());
        if (downloader == null || downloader.local() || downloader.level() == Level.LEECH) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        if (f.size() < 2 || f.get(1).isEmpty()) {
            return false;
        }
        User uploader = core.user(f.get(0));
        if (uploader == null) {
            return false;
        }
        if (!uploader.local()) {
            core.network().route(uploader, MessageType.UPLOAD_REQUEST.code(), data, peer);
            return false;
        }
        Map<String, Kind> pending = requested.computeIfAbsent(uploader, u -> new HashMap<>());
        if (pending.size() >= MAX_PENDING_PER_UPLOADER) {
            pending.clear();
        }
        // a firewalled uploader connects to the downloader (501 after its 608), as for a local 500
        pending.put(downloader.key() + '\0' + f.get(1), uploader.firewalled() ? Kind.PUSH : Kind.DIRECT);
        uploader.send(MessageType.UPLOAD_REQUEST, new UploadRequest(downloader.nick(), f.get(1), downloader.linkSpeed).format());
        return false;
    }

    // 608 accept upload request: <nick> "<filename>"
    private void accept(Session s, String data) throws MalformedFieldsException {
        FileRequest t = FileRequest.parse(data);
        User uploader = s.user();
        User downloader = core.user(t.nick());
        if (downloader == null) {
            s.error("User " + t.nick() + " is not currently online.");
            return;
        }
        Kind kind = take(uploader, downloader, t.path());
        if (kind == null) {
            // only a download the server asked about (607) can be accepted: no acks to arbitrary users
            s.error(downloader.nick() + " has not requested " + t.path());
            return;
        }
        int file = sharedFile(uploader, t.path());
        String checksum = file >= 0 ? index.checksum(file) : NO_CHECKSUM;
        if (kind == Kind.PUSH) {
            // 501: <nick> <ip> <port> "<filename>" <md5> <speed> -- where the uploader connects to
            s.send(MessageType.FIREWALLED_DOWNLOAD_ACK, new PushRequest(downloader.nick(), downloader.ipWire(),
                    downloader.dataPort, t.path(), checksum, downloader.linkSpeed).format());
        } else {
            // 204: <nick> <ip> <port> "<filename>" <md5> <linespeed> -- where the downloader connects to
            downloader.send(MessageType.DOWNLOAD_ACK, new DownloadAck(uploader.nick(), uploader.ipWire(),
                    uploader.dataPort, t.path(), checksum, uploader.linkSpeed).format());
        }
    }

    // 609 accept failed (uploader refuses): <nick> "<filename>"
    private void acceptFailed(Session s, String data) throws MalformedFieldsException {
        FileRequest t = FileRequest.parse(data);
        User downloader = core.user(t.nick());
        if (downloader == null) {
            s.error("User " + t.nick() + " is not currently online.");
            return;
        }
        if (take(s.user(), downloader, t.path()) == null) {
            s.error(downloader.nick() + " has not requested " + t.path());
            return;
        }
        downloader.send(MessageType.ACCEPT_FAILED, new FileRequest(s.user().nick(), t.path()).format());
    }

    // 619 queue limit: <nick> "<filename>" <n>
    private void queueLimit(Session s, String data) throws MalformedFieldsException {
        QueueLimit q = QueueLimit.parse(data);
        User downloader = core.user(q.nick());
        if (downloader == null) {
            s.error("User " + q.nick() + " is not currently online.");
            return;
        }
        User uploader = s.user();
        take(uploader, downloader, q.path());
        int file = sharedFile(uploader, q.path());
        long size = file >= 0 ? index.size(file) : 0;
        // 620: <nick> "<filename>" <filesize> <digit>
        downloader.send(MessageType.QUEUE_LIMIT_NOTICE, new QueueLimitNotice(uploader.nick(), q.path(), size, q.limit()).format());
    }

    // 626 data port error: <user>   (from the downloader; relayed to the uploader with the downloader's nick)
    private void dataPortError(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User uploader = core.user(nick);
        if (uploader == null) {
            s.error("User " + nick + " is not currently online.");
            return;
        }
        uploader.send(MessageType.DATA_PORT_ERROR, s.user().nick());
    }

    /** Removes and returns the pending request of downloader for uploader's path, or null. */
    private Kind take(User uploader, User downloader, String path) {
        Map<String, Kind> pending = requested.get(uploader);
        return pending == null ? null : pending.remove(downloader.key() + '\0' + path);
    }

    @Override
    public void userLeft(User user) {
        requested.remove(user);
    }
}
