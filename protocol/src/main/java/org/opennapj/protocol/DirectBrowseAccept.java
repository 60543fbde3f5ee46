package org.opennapj.protocol;

import java.util.List;

/**
 * 641 direct browse accept as the server sends it to the requester: {@code <nick> <ip> <port>},
 * where to connect to browse {@code nick}'s files. (The browsed client's own 641 is only
 * {@code <nick>}, the requester it accepts.)
 *
 * @param nick the user who accepted to be browsed
 * @param ip   its address ({@link IpAddress} encoding)
 * @param port its data port (0: firewalled, it connects to the requester instead)
 */
public record DirectBrowseAccept(String nick, long ip, int port) {

    static final String LAYOUT = "<nick> <ip> <port>";

    public DirectBrowseAccept {
        FormFields.checkWord(nick, "nick");
        FormFields.check(ip >= 0 && ip <= FormFields.MAX_IP, "ip must be a 32-bit unsigned number");
        FormFields.check(port >= 0 && port <= 65535, "port must be 0..65535");
    }

    /** Parses a 641 from the server; fields after the third are ignored. */
    public static DirectBrowseAccept parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 3, LAYOUT);
        return new DirectBrowseAccept(FormFields.word(f.get(0), "a nick"), FormFields.ip(f.get(1)), FormFields.port(f.get(2)));
    }

    public String format() {
        return Fields.join(nick, ip, port);
    }
}
