package org.opennapj.server.browse;

import java.util.List;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Level;

/** Browsing a user's files: 211 -> 212 ... 213 through the server, and 640/641/642 direct browse. */
public final class Browse {

    private final ServerCore core;
    private final ShareIndex index;

    public Browse(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.BROWSE, false, this::browse);
        core.on(MessageType.DIRECT_BROWSE_REQUEST, false, this::directBrowse);
        core.on(MessageType.DIRECT_BROWSE_ACCEPT, false, this::directBrowseAccept);
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
        if (!target.local()) {
            s.error("browsing a user on another server is not supported by this server yet");
            s.send(MessageType.BROWSE_END, target.nick());
            return;
        }
        User asker = s.user();
        if (asker.level() == Level.LEECH) {
            s.send(MessageType.BROWSE_END, target.nick() + " 0");
            return;
        }
        int limit = core.config().integer("max_browse_result");
        if (f.size() > 1 && Fields.isInteger(f.get(1))) {
            int wanted = Fields.parseInt(f.get(1), 0, Integer.MAX_VALUE);
            if (wanted > 0 && (limit <= 0 || wanted < limit)) {
                limit = wanted;
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
            line.clear();
            line.append(owner).append(' ');
            index.appendFileFields(id, line);
            s.send(MessageType.BROWSE_ENTRY.code(), line);
            return true;
        });
        s.send(MessageType.BROWSE_END, Fields.join(owner, index.count(target.id()) > 0 ? target.ipWire() : 0));
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
        if (!target.local()) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " "
                    + Fields.quote("direct browse of a user on another server is not supported by this server yet"));
            return;
        }
        if (asker.level() == Level.LEECH) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote("permission denied: you are a leech"));
            return;
        }
        if (asker.firewalled() && target.firewalled()) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote("Both you and " + target.nick()
                    + " are firewalled; you cannot browse or download from them."));
            return;
        }
        if (index.count(target.id()) == 0) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote(target.nick() + " is not sharing any files."));
            return;
        }
        if (target.ignores(asker.key())) {
            s.send(MessageType.DIRECT_BROWSE_ERROR, target.nick() + " " + Fields.quote(target.nick() + " is not online."));
            return;
        }
        if (target.firewalled()) {
            // the browsed client must connect back to the requester
            target.send(MessageType.DIRECT_BROWSE_REQUEST, Fields.join(asker.nick(), asker.ipWire(), asker.dataPort));
        } else {
            target.send(MessageType.DIRECT_BROWSE_REQUEST, asker.nick());
        }
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
        requester.send(MessageType.DIRECT_BROWSE_ACCEPT, Fields.join(browsed.nick(), browsed.ipWire(), browsed.dataPort));
    }
}
