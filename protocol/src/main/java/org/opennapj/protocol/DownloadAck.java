package org.opennapj.protocol;

import java.util.List;

/**
 * 204 download ack: {@code <nick> <ip> <port> "<filename>" <md5> <linespeed>}, the server's answer
 * to a 203: where the downloader connects to fetch the file. A port of 0 means the uploader is
 * firewalled: the downloader must ask again with a 500 and wait for the uploader to connect.
 *
 * @param nick      the uploader
 * @param ip        the uploader's address, as {@link IpAddress} encodes it
 * @param port      the uploader's data port (0: firewalled)
 * @param path      the file
 * @param checksum  the file's md5 field as shared
 * @param linkSpeed the uploader's link type
 */
public record DownloadAck(String nick, long ip, int port, String path, String checksum, int linkSpeed) {

    static final String LAYOUT = "<nick> <ip> <port> \"<filename>\" <md5> <linespeed>";

    public DownloadAck {
        FormFields.checkWord(nick, "nick");
        FormFields.check(ip >= 0 && ip <= FormFields.MAX_IP, "ip must be a 32-bit unsigned number");
        FormFields.check(port >= 0 && port <= 65535, "port must be 0..65535");
        FormFields.checkText(path, "path");
        FormFields.checkWord(checksum, "checksum");
    }

    /** Parses a 204 body; fields after the sixth are ignored. */
    public static DownloadAck parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 6, LAYOUT);
        return new DownloadAck(FormFields.word(f.get(0), "a nick"), FormFields.ip(f.get(1)), FormFields.port(f.get(2)),
                FormFields.text(f.get(3), "a file name"), FormFields.word(f.get(4), "a checksum"),
                Fields.parseInt(f.get(5), Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** Whether the uploader is firewalled (data port 0). */
    public boolean firewalled() {
        return port == 0;
    }

    public String format() {
        return Fields.join(nick, ip, port, Fields.quote(path), checksum, linkSpeed);
    }
}
