package org.opennapj.protocol;

import java.util.List;

/**
 * 640 direct browse request as the server sends it: {@code <nick> [ip port]}. {@code nick} wants
 * to browse this client's files directly; the client accepts with a 641 naming {@code nick}. The
 * address is given when this client is firewalled: it must then connect to {@code nick} itself.
 * (A client's own 640 is only {@code <nick>}, the user it wants to browse.)
 *
 * @param nick the requester
 * @param ip   the requester's address ({@link IpAddress} encoding), 0 when not given
 * @param port the requester's data port, 0 when not given
 */
public record DirectBrowseRequest(String nick, long ip, int port) {

    public DirectBrowseRequest {
        FormFields.checkWord(nick, "nick");
        FormFields.check(ip >= 0 && ip <= FormFields.MAX_IP, "ip must be a 32-bit unsigned number");
        FormFields.check(port >= 0 && port <= 65535, "port must be 0..65535");
    }

    /** A request without an address (the browsed client is not firewalled). */
    public DirectBrowseRequest(String nick) {
        this(nick, 0, 0);
    }

    /** Parses a 640 from the server: a nick, then an address only if both ip and port are there. */
    public static DirectBrowseRequest parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 1, "<nick> [ip port]");
        String nick = FormFields.word(f.get(0), "a nick");
        if (f.size() < 3) {
            return new DirectBrowseRequest(nick);
        }
        return new DirectBrowseRequest(nick, FormFields.ip(f.get(1)), FormFields.port(f.get(2)));
    }

    /** Whether the server gave the requester's address (this client is to connect to it). */
    public boolean hasAddress() {
        return ip != 0 || port != 0;
    }

    public String format() {
        return hasAddress() ? Fields.join(nick, ip, port) : nick;
    }
}
