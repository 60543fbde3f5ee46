package org.opennapj.client;

/**
 * What a client says of itself when it logs in (2) or registers (6).
 *
 * @param nick       the nick
 * @param password   the password
 * @param dataPort   where this client serves uploads; 0 when it is firewalled
 * @param clientInfo the client's name and version, e.g. {@code OpenNapJ 0.1}
 * @param linkType   the link type, 0 (unknown) to 10 (T3 or better)
 */
public record LoginDetails(String nick, String password, int dataPort, String clientInfo, int linkType) {

    public LoginDetails {
        if (nick == null || nick.isEmpty() || nick.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a nick is one word");
        }
        if (password == null || password.isEmpty() || password.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a password is one word");
        }
        if (dataPort < 0 || dataPort > 65535) {
            throw new IllegalArgumentException("data port must be 0..65535");
        }
        if (clientInfo == null || clientInfo.indexOf('"') >= 0) {
            throw new IllegalArgumentException("client info may not contain '\"'");
        }
        if (linkType < 0 || linkType > 10) {
            throw new IllegalArgumentException("link type must be 0..10");
        }
    }

    /** The details with the password masked: a record's own toString would print it into logs. */
    @Override
    public String toString() {
        return "LoginDetails[nick=" + nick + ", password=***, dataPort=" + dataPort + ", clientInfo=" + clientInfo
                + ", linkType=" + linkType + "]";
    }

    /** {@code <nick> <password> <port> "<client-info>" <link-type>}: the body of a 2. */
    String loginBody() {
        return nick + " " + password + " " + dataPort + " \"" + clientInfo + "\" " + linkType;
    }
}
