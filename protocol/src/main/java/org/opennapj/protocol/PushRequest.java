package org.opennapj.protocol;

import java.util.List;

/**
 * 501 alternate download ack: {@code <nick> <ip> <port> "<filename>" <md5> <speed>}, sent to a
 * firewalled uploader (data port 0) after a downloader's 500: the uploader connects to the
 * downloader at this address and pushes the file.
 *
 * @param nick      the downloader
 * @param ip        the downloader's address, as {@link IpAddress} encodes it
 * @param port      the downloader's data port, where the uploader connects
 * @param path      the file
 * @param checksum  the file's md5 field as shared
 * @param linkSpeed the downloader's link type
 */
public record PushRequest(String nick, long ip, int port, String path, String checksum, int linkSpeed) {

    static final String LAYOUT = "<nick> <ip> <port> \"<filename>\" <md5> <speed>";

    public PushRequest {
        FormFields.checkWord(nick, "nick");
        FormFields.check(ip >= 0 && ip <= FormFields.MAX_IP, "ip must be a 32-bit unsigned number");
        FormFields.check(port >= 0 && port <= 65535, "port must be 0..65535");
        FormFields.checkText(path, "path");
        FormFields.checkWord(checksum, "checksum");
    }

    /** Parses a 501 body; fields after the sixth are ignored. */
    public static PushRequest parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 6, LAYOUT);
        return new PushRequest(FormFields.word(f.get(0), "a nick"), FormFields.ip(f.get(1)), FormFields.port(f.get(2)),
                FormFields.text(f.get(3), "a file name"), FormFields.word(f.get(4), "a checksum"),
                Fields.parseInt(f.get(5), Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    public String format() {
        return Fields.join(nick, ip, port, Fields.quote(path), checksum, linkSpeed);
    }
}
