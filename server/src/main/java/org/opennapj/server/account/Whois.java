package org.opennapj.server.account;

import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.core.Whowas;
import org.opennapj.server.share.ShareIndex;
import org.opennapj.server.store.Account;
import org.opennapj.server.store.Level;

/**
 * Questions about other users: whois (603 -> 604 or 605), link speed (600 -> 601), user ping
 * (751 -> 752), the client's 316, and the admin's 613 set data port.
 */
public final class Whois {

    private final ServerCore core;
    private final Accounts accounts;
    private final ShareIndex index;

    public Whois(ServerCore core, Accounts accounts, ShareIndex index) {
        this.core = core;
        this.accounts = accounts;
        this.index = index;
        core.on(MessageType.WHOIS, false, this::whois);
        core.on(MessageType.LINK_SPEED_REQUEST, false, this::linkSpeed);
        core.on(MessageType.PING, false, this::ping);
        core.on(MessageType.PONG, false, this::pong);
        // 316 client disconnect: (empty) -> 316 0, and the client stays connected (napster.txt)
        core.on(MessageType.DISCONNECT, false, (s, d) -> s.send(MessageType.DISCONNECT, "0"));
        core.on(MessageType.SET_DATA_PORT, Level.MODERATOR, this::setDataPort);
    }

    // 603 whois request: <nick>
    private void whois(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User target = core.user(nick);
        User asker = s.user();
        if (target == null) {
            Whowas w = core.whowas(nick);
            Account a = accounts.get(nick);
            if (w != null) {
                s.send(MessageType.WHOWAS, Fields.join(w.nick(), w.level().wireName(), w.lastSeen()));
            } else if (a != null) {
                s.send(MessageType.WHOWAS, Fields.join(a.nick(), a.level().wireName(), a.lastSeen()));
            } else {
                s.error("user " + nick + " is not a known user");
            }
            return;
        }
        long online = System.currentTimeMillis() / 1000 - target.loginTime();
        // as opennap-ng: a cloaked user's channels are hidden from users; moderators see "Cloaked"
        boolean privileged = asker.level().atLeast(Level.MODERATOR);
        String channels = target.cloaked && !privileged ? "" : String.join(" ", target.channels());
        String status = target.muzzled ? "Muzzled" : target.cloaked && privileged ? "Cloaked" : "Active";
        StringBuilder line = new StringBuilder(Fields.join(target.nick(), Fields.quote(target.level().wireName()), online,
                Fields.quote(channels), Fields.quote(status), target.local() ? index.count(target.id()) : target.remoteShared,
                target.downloads, target.uploads, target.linkSpeed, Fields.quote(target.clientInfo)));
        if (privileged) {
            line.append(' ').append(Fields.join(target.totalDownloads, target.totalUploads, target.ip(),
                    target.local() ? target.session().connection().remotePort() : 0, target.dataPort, target.email));
        }
        s.send(MessageType.WHOIS_RESPONSE, line.toString());
    }

    // 600 request user's link speed: <nick>
    private void linkSpeed(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User target = core.user(nick);
        if (target == null) {
            s.error("User " + nick + " is not currently online.");
            return;
        }
        s.send(MessageType.LINK_SPEED, Fields.join(target.nick(), target.linkSpeed));
    }

    // 751 ping user: <user>
    private void ping(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User target = core.user(nick);
        if (target == null) {
            s.error("ping failed, " + nick + " is not online");
            return;
        }
        if (target.ignores(s.user().key())) {
            s.error("ping failed, " + target.nick() + " is ignoring you");
            return;
        }
        target.send(MessageType.PING, s.user().nick());
    }

    // 752 pong response: <user>   (the pinged user answers the nick that pinged it)
    private void pong(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User pinger = core.user(nick);
        if (pinger == null) {
            s.error("User " + nick + " is not currently online.");
            return;
        }
        pinger.send(MessageType.PONG, s.user().nick());
    }

    // 613 set data port for user: <user> <port>   (Moderator+)
    private void setDataPort(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            s.error("set data port: expected <user> <port>");
            return;
        }
        int port = Fields.parseInt(f.get(1), 0, 65535);
        User target = core.user(f.get(0));
        if (target == null) {
            s.error("User " + f.get(0) + " is not currently online.");
            return;
        }
        target.send(MessageType.SET_DATA_PORT, Integer.toString(port));
    }
}
