package org.opennapj.server.chat;

import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.NickRules;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;

/** Private messages (205), refused to muzzled senders, with the recipient's ignore list applied, and the ignore list itself (320-326). */
public final class PrivateMessages {

    private final ServerCore core;

    public PrivateMessages(ServerCore core) {
        this.core = core;
        core.on(MessageType.PRIVATE_MESSAGE, false, this::privateMessage);
        core.on(MessageType.IGNORE_LIST, false, this::ignoreList);
        core.on(MessageType.IGNORE_ADD, false, this::ignoreAdd);
        core.on(MessageType.IGNORE_REMOVE, false, this::ignoreRemove);
        core.on(MessageType.IGNORE_CLEAR, false, this::ignoreClear);
    }

    // 205 private message: <nick> <message>
    private void privateMessage(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 2);
        if (f.size() < 2 || f.get(1).isEmpty()) {
            s.error("private message: expected <nick> <message>");
            return;
        }
        User from = s.user();
        if (from.muzzled) {
            // 622: a muzzled user's messages go nowhere, and the user is told so
            s.error("You are muzzled.");
            return;
        }
        User target = core.user(f.get(0));
        if (target == null) {
            s.error("User " + f.get(0) + " is not currently online.");
            return;
        }
        if (wantQueue(f.get(1)) && core.config().flag("break_mx_queue")) {
            // break_mx_queue: WinMX's queue requests ("//WantQueue" with no space after it; Lopster's
            // "//WantQueue " is left alone) go no further, and the sender is not told, as in opennap-ng
            core.metrics().flood("wantqueue");
            return;
        }
        if (target.ignores(from.key())) {
            // opennap-ng tells the sender; silently dropping would look like a lost message
            s.error(target.nick() + " is ignoring you");
            return;
        }
        String text = f.get(1);
        int max = core.config().integer("max_message_length");
        if (max > 0 && text.length() > max) {
            text = text.substring(0, max);
        }
        target.send(MessageType.PRIVATE_MESSAGE, from.nick() + " " + text);
    }

    // 320 ignore list: (empty) -> 321 <user> ... then 320 <count>
    private void ignoreList(Session s, String data) {
        User u = s.user();
        for (String nick : u.ignoredNicks()) {
            s.send(MessageType.IGNORE_ENTRY, nick);
        }
        s.send(MessageType.IGNORE_LIST, Integer.toString(u.ignoredCount()));
    }

    // 322 add user to ignore list: <user>
    private void ignoreAdd(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        String problem = NickRules.problem(nick, core.config().integer("max_nick_length"));
        if (problem != null) {
            s.error("cannot ignore " + nick + ": " + problem);
            return;
        }
        User u = s.user();
        String key = User.key(nick);
        if (u.ignores(key)) {
            s.send(MessageType.ALREADY_IGNORED, nick);
            return;
        }
        int max = core.config().integer("max_ignore");
        if (max > 0 && u.ignoredCount() >= max) {
            s.error("ignore list is full (" + max + " entries)");
            return;
        }
        u.ignore(nick);
        s.send(MessageType.IGNORE_ADD, nick);
    }

    // 323 remove user from ignore list: <user>
    private void ignoreRemove(Session s, String data) throws MalformedFieldsException {
        String nick = Fields.first(data, "a nick");
        String key = User.key(nick);
        if (s.user().unignore(key)) {
            s.send(MessageType.IGNORE_REMOVE, nick);
        } else {
            s.send(MessageType.NOT_IGNORED, nick);
        }
    }

    // 326 clear ignore list: (empty) -> 326 <count>
    private void ignoreClear(Session s, String data) {
        int n = s.user().unignoreAll();
        s.send(MessageType.IGNORE_CLEAR, Integer.toString(n));
    }

    /** WinMX's queue request: the text starts with "//WantQueue" not followed by a space. */
    static boolean wantQueue(String text) {
        return text.startsWith("//WantQueue") && !text.startsWith("//WantQueue ");
    }
}
