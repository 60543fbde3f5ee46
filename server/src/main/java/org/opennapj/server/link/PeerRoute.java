package org.opennapj.server.link;

import java.nio.charset.StandardCharsets;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.Route;
import org.opennapj.server.core.Session;

/**
 * The route to a user on another server: the link towards that server. A message for the user is
 * wrapped in 10018 ({@code :<us> <nick> <frame>}), which each server on the way passes on and the
 * user's own server writes to the user unchanged; a private message (205) goes in the form the
 * servers use for it, {@code 205 :<sender> <nick> <text>}, so the user's server applies its own
 * checks. Numerics above 2000 are not sent (the user's client may not take them).
 */
final class PeerRoute implements Route {

    private static final int MAX_INNER = 65535 - 4 - 256;

    final Link link;
    private final String nick;

    PeerRoute(Link link, String nick) {
        this.link = link;
        this.nick = nick;
    }

    @Override
    public void send(int type, CharSequence data) {
        if (link.state != Link.State.LINKED || type > 2000) {
            return;
        }
        if (type == MessageType.PRIVATE_MESSAGE.code()) {
            String d = data.toString();
            int sp = d.indexOf(' ');
            if (sp > 0 && link.links.isLocalUser(d.substring(0, sp))) {
                link.send(type, ":" + d.substring(0, sp) + " " + nick + d.substring(sp));
                return;
            }
        }
        int len = Math.min(data.length(), MAX_INNER);
        StringBuilder sb = new StringBuilder(len + nick.length() + 64);
        sb.append(':').append(link.links.serverName()).append(' ').append(nick).append(' ');
        // the inner frame's header, little-endian length and type, as ISO-8859-1 characters
        sb.append((char) (len & 0xFF)).append((char) ((len >>> 8) & 0xFF))
                .append((char) (type & 0xFF)).append((char) ((type >>> 8) & 0xFF));
        sb.append(data, 0, len);
        link.send(MessageType.ENCAPSULATED_MESSAGE.code(), sb);
    }

    @Override
    public void send(int type, Body body) {
        send(type, new String(body.bytes(), 0, body.length(), StandardCharsets.ISO_8859_1));
    }

    @Override
    public Session session() {
        return null;
    }
}
