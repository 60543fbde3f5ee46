package org.opennapj.server.browse;

import java.util.List;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.BrowseEntry;
import org.opennapj.protocol.DirectBrowseAccept;
import org.opennapj.protocol.DirectBrowseRequest;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.PeerHandler;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;

/**
 * Browsing a user's files: 211 -> 212 ... 213 through the server (a user on another server is
 * browsed by its own server, which answers in 10018), and 640/641/642 direct browse.
 */
public final class Browse {

    private final ServerCore core;
    private final ShareIndex index;

    public Browse(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.BROWSE, false, this::browse);
        core.on(MessageType.DIRECT_BROWSE_REQUEST, false, this::directBrowse);
        core.on(MessageType.DIRECT_BROWSE_ACCEPT, false, this::directBrowseAccept);
        core.onPeer(MessageType.BROWSE.code(), this::remoteBrowse);
        core.onPeer(MessageType.DIRECT_BROWSE_REQUEST.code(), this::remoteDirectBrowse);
        core.onPeer(MessageType.DIRECT_BROWSE_ACCEPT.code(), this::remoteDirectBrowseAccept);
    }

    // 211 browse a user's files: <nick> [max]
    private void browse(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.isEmpty() || f.get(0).isEmpty()) {
            throw new MalformedFieldsException("a nick is required");
        }
        String nick = f.get(0);
        User target = core.user(nick);
        if (target == null) {
            // as the napster servers: 210 for a browse of a user who is not online, then the end
            s.send(MessageType.USER_SIGNOFF, nick);
            s.send(MessageType.BROWSE_END, nick);
            return;
        }
        User asker = s.user();
        if (asker.level() == Level.LEECH) {
            s.send(MessageType.BROWSE_END, target.nick() + " 0");
            return;
        }
        if (!target.local()) {
            // the target's own server lists its files; the answers come back in 10018
            String max = f.size() > 1 && Fields.isInteger(f.get(1)) ? f.get(1) : "0";
            if (!core.network().route(target, MessageType.BROWSE.code(), Fields.join(":" + asker.nick(), target.nick(), max), null)) {
                s.send(MessageType.BROWSE_END, target.nick());
            }
            return;
        }
        list(asker, target, f.size() > 1 ? f.get(1) : null);
    }

    // 211 from another server: :<asker> <nick> <max>  -> 212 ... 213 to the asker, or passed on towards <nick>
    private boolean remoteBrowse(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User asker = p == null ? null : core.user(p.sender());
        if (asker == null || asker.local() || asker.level() == Level.LEECH) {
            return false;
        }
        List<String> f = Fields.split(p.rest());
        User target = f.isEmpty() ? null : core.user(f.get(0));
        if (target == null) {
            return false;
        }
        if (!target.local()) {
            core.network().route(target, MessageType.BROWSE.code(), data, peer);
            return false;
        }
        list(asker, target, f.size() > 1 ? f.get(1) : null);
        return false;
    }

    /** Lists target's files to asker (212 each, then 213), at most {@code wanted} (or the server's limit). */
    private void list(User asker, User target, String wanted) throws MalformedFieldsException {
        int limit = core.config().integer("max_browse_result");
        if (wanted != null && Fields.isInteger(wanted)) {
            int n = Fields.parseInt(wanted, 0, Integer.MAX_VALUE);
            if (n > 0 && (limit <= 0 || n < limit)) {
                limit = n;
            }
        }
        if (asker.level().atLeast(Level.MODERATOR)) {
            limit = core.config().integer("max_shared");
        }
        if (limit <= 0) {
            limit = Integer.MAX_VALUE;
        }
        Body line = new Body();
        String owner = target.nick();
        index.browse(target.id(), limit, id -> {
            BrowseEntry.appendOwner(line.clear(), owner);
            index.appendFileFields(id, line);
            asker.send(MessageType.BROWSE_ENTRY.code(), line);
            return true;
        });
        asker.send(MessageType.BROWSE_END, Fields.join(owner, index.count(target.id()) > 0 ? target.ipWire() : 0));
    }

    // 640 direct browse request: <nick>
    private void directBrowse(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User target = core.user(nick);
        User asker = s.user();
        if (target == null) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, nick + " " + Fields.quote(nick + " is not online."));
            return;
        }
        if (!target.local() && asker.level() != Level.LEECH) {
            // the target's own server asks it; errors come back in 10018
            if (!core.network().route(target, MessageType.DIRECT_BROWSE_REQUEST.code(),
                    ":" + asker.nick() + " " + target.nick(), null)) {
                s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote(target.nick() + " is not online."));
            }
            return;
        }
        directBrowse(asker, target);
    }

    // 640 from another server: :<asker> <nick>
    private boolean remoteDirectBrowse(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User asker = p == null ? null : core.user(p.sender());
        if (asker == null || asker.local()) {
            return false;
        }
        User target = core.user(Fields.first(p.rest(), "a nick"));
        if (target == null) {
            return false;
        }
        if (!target.local()) {
            core.network().route(target, MessageType.DIRECT_BROWSE_REQUEST.code(), data, peer);
            return false;
        }
        directBrowse(asker, target);
        return false;
    }

    /** Asks a local target to let asker (anywhere) browse it directly, or tells asker why not (642). */
    private void directBrowse(User asker, User target) {
        if (asker.level() == Level.LEECH) {
            asker.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote("permission denied: you are a leech"));
            return;
        }
        if (asker.firewalled() && target.firewalled()) {
            asker.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote("Both you and " + target.nick()
                    + " are firewalled; you cannot browse or download from them."));
            return;
        }
        if (index.count(target.id()) == 0) {
            asker.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote(target.nick() + " is not sharing any files."));
            return;
        }
        if (target.ignores(asker.key())) {
            asker.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote(target.nick() + " is not online."));
            return;
        }
        if (target.firewalled()) {
            // the browsed client must connect back to the requester
            target.send(MessageType.DIRECT_BROWSE_REQUEST, new DirectBrowseRequest(asker.nick(), asker.ipWire(), asker.dataPort).format());
        } else {
            target.send(MessageType.DIRECT_BROWSE_REQUEST, new DirectBrowseRequest(asker.nick()).format());
        }
    }

    // 641 from another server: :<browsed> <requester>  -> 641 <browsed> <ip> <port> to a local requester
    private boolean remoteDirectBrowseAccept(String peer, String data) throws MalformedFieldsException {
        PeerHandler.Prefixed p = PeerHandler.Prefixed.of(data);
        User browsed = p == null ? null : core.user(p.sender());
        if (browsed == null || browsed.local()) {
            return false;
        }
        User requester = core.user(Fields.first(p.rest(), "a nick"));
        if (requester == null) {
            return false;
        }
        if (!requester.local()) {
            core.network().route(requester, MessageType.DIRECT_BROWSE_ACCEPT.code(), data, peer);
            return false;
        }
        requester.send(MessageType.DIRECT_BROWSE_ACCEPT, new DirectBrowseAccept(browsed.nick(), browsed.ipWire(), browsed.dataPort).format());
        return false;
    }

    // 641 direct browse accept: <nick>   (nick = the requester)
    private void directBrowseAccept(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User requester = core.user(nick);
        if (requester == null) {
            s.error("User " + nick + " is not currently online.");
            return;
        }
        User browsed = s.user();
        requester.send(MessageType.DIRECT_BROWSE_ACCEPT, new DirectBrowseAccept(browsed.nick(), browsed.ipWire(), browsed.dataPort).format());
    }
}
