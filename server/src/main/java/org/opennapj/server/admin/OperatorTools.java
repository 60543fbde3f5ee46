package org.opennapj.server.admin;

import java.util.List;
import java.util.StringJoiner;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Notice;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.core.Whowas;
import org.opennapj.server.store.Level;

/**
 * What operators use among themselves: the operator message (627, to moderators taking WALLOP
 * notices), the global message (628, to everyone), cloaking (652), where a user is (10119), who
 * was (10121) and the choice of operator notices (10203).
 */
public final class OperatorTools {

    private final ServerCore core;

    public OperatorTools(ServerCore core) {
        this.core = core;
        core.on(MessageType.OPERATOR_MESSAGE, Level.MODERATOR, this::operatorMessage);
        core.on(MessageType.GLOBAL_MESSAGE, Level.ADMIN, this::globalMessage);
        core.on(MessageType.CLOAK, Level.MODERATOR, this::cloak);
        core.on(MessageType.WHICH_SERVER, Level.USER, this::whichServer);
        core.onPeer(MessageType.OPERATOR_MESSAGE.code(), this::remoteOperatorMessage);
        core.onPeer(MessageType.GLOBAL_MESSAGE.code(), this::remoteGlobalMessage);
        core.on(MessageType.WHO_WAS_REQUEST, Level.MODERATOR, this::whoWas);
        core.on(MessageType.SET_USER_MODE, false, this::userMode);
    }

    /** The whole body as a message text (it may not be empty), cut at max_message_length. */
    private String text(String data, String expected) throws MalformedFieldsException {
        String t = data.strip();
        if (t.isEmpty()) {
            throw new MalformedFieldsException("expected " + expected);
        }
        int max = core.config().integer("max_message_length");
        return max > 0 && t.length() > max ? t.substring(0, max) : t;
    }

    // 627 operator message: <text>  -> 627 <nick> <text> to every moderator taking WALLOP notices
    private void operatorMessage(Session s, String data) throws MalformedFieldsException {
        String line = s.user().nick() + " " + text(data, "<text>");
        wallop(line);
        core.network().flood(MessageType.OPERATOR_MESSAGE.code(), line);
    }

    private void wallop(String line) {
        for (User m : core.moderators()) {
            if (m.local() && (m.noticeMode & Notice.WALLOP.bit()) != 0) {
                m.send(MessageType.OPERATOR_MESSAGE, line);
            }
        }
    }

    // 627 from another server: <nick> <text>  (no colon) -> to local moderators taking WALLOP notices
    private boolean remoteOperatorMessage(String peer, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        User from = f.size() < 2 ? null : core.user(f.get(0));
        if (from == null || from.local() || !from.level().atLeast(Level.MODERATOR)) {
            return false;
        }
        wallop(from.nick() + " " + f.get(1));
        return true;
    }

    // 628 from another server: <nick> <text>  (no colon; the sender must be an Admin or higher)
    private boolean remoteGlobalMessage(String peer, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        User from = f.size() < 2 ? null : core.user(f.get(0));
        if (from == null || from.local() || !from.level().atLeast(Level.ADMIN)) {
            return false;
        }
        String line = (from.cloaked ? "Operator" : from.nick()) + " " + f.get(1);
        for (User u : core.users()) {
            if (u.local()) {
                u.send(MessageType.GLOBAL_MESSAGE, line);
            }
        }
        return true;
    }

    // 628 global message: <text>  -> 628 <nick> <text> to everyone (a cloaked sender is "Operator")
    private void globalMessage(Session s, String data) throws MalformedFieldsException {
        User from = s.user();
        String text = text(data, "<text>");
        String line = (from.cloaked ? "Operator" : from.nick()) + " " + text;
        for (User u : core.users()) {
            if (u.local()) {
                u.send(MessageType.GLOBAL_MESSAGE, line);
            }
        }
        // the other servers show it to their users (by the real nick: they check the sender's level)
        core.network().flood(MessageType.GLOBAL_MESSAGE.code(), from.nick() + " " + text);
    }

    // 652 cloak user: [0 | 1]   (none: toggle)
    private void cloak(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        User u = s.user();
        boolean on = !u.cloaked;
        if (!f.isEmpty()) {
            if (!f.get(0).equals("0") && !f.get(0).equals("1")) {
                s.error("cloak failed: invalid cloak state " + Texts.shown(f.get(0))
                        + " (0 or 1)");
                return;
            }
            on = f.get(0).equals("1");
        }
        if (on == u.cloaked) {
            s.error(on ? "You are already cloaked." : "You are not cloaked.");
            return;
        }
        u.cloaked = on;
        core.network().flood(MessageType.CLOAK.code(), ":" + u.nick() + " " + (on ? 1 : 0));
        core.tellModerators(Notice.CLOAK, u.nick() + " has " + (on ? "" : "de") + "cloaked");
        u.notice(on ? "You are now cloaked." : "You are no longer cloaked.");
    }

    // 10119 display which server a user is on: <nick>
    private void whichServer(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        User u = core.user(nick);
        if (u == null || (u.cloaked && !s.user().level().atLeast(Level.MODERATOR))) {
            s.error("which server failed: " + Texts.shown(nick) + " is not online");
            return;
        }
        s.send(MessageType.NOTICE, u.nick() + " is on " + (u.local() ? core.config().string("server_name") : u.server));
    }

    // 10121 who was: <nick>  -> 10121 <nick> <ip> <server> <last seen> "<client>"
    private void whoWas(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        Whowas w = core.whowas(nick);
        if (w == null) {
            s.error("who was failed: " + Texts.shown(nick) + ": no info");
            return;
        }
        String client = w.clientInfo() == null ? "" : w.clientInfo().replace('"', '\'');
        s.send(MessageType.WHO_WAS_REQUEST, Fields.join(w.nick(), w.ipWire(), core.config().string("server_name"),
                w.lastSeen(), Fields.quote(client)));
    }

    // 10203 set user mode: [[-]KIND ...]   none: the current mode; each answered with 10203 <mode>
    private void userMode(Session s, String data) {
        User u = s.user();
        if (!data.isBlank()) {
            StringJoiner unknown = new StringJoiner(" ");
            int mode = Notice.apply(u.noticeMode, data, unknown);
            if (unknown.length() > 0) {
                s.error("user mode unchanged: unknown " + Texts.shown(unknown.toString()) + " (kinds: ALL NONE "
                        + allKinds() + ")");
                return;
            }
            u.noticeMode = mode;
        }
        s.send(MessageType.SET_USER_MODE, Notice.describe(u.noticeMode));
    }

    private static String allKinds() {
        StringJoiner j = new StringJoiner(" ");
        for (Notice n : Notice.values()) {
            j.add(n.name());
        }
        return j.toString();
    }

}
