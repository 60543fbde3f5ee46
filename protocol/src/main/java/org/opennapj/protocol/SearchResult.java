package org.opennapj.protocol;

import java.util.List;

/**
 * 201 search response:
 * {@code "<filename>" <md5> <size> <bitrate> <frequency> <length> <nick> <ip> <link-type> [weight]}.
 *
 * <p>A server writing results straight from its index writes the file's six fields (as
 * {@link SharedFile#appendTo}) and then {@link #appendOwner}.
 *
 * @param file     the file
 * @param nick     who shares it
 * @param ip       the sharer's address, as {@link IpAddress} encodes it
 * @param linkType the sharer's link type (0-10)
 * @param weight   the optional weight; 0 when absent, and then not written
 */
public record SearchResult(SharedFile file, String nick, long ip, int linkType, int weight) {

    private static final String LAYOUT = SharedFile.LAYOUT + " <nick> <ip> <link-type> [weight]";

    public SearchResult {
        FormFields.check(file != null, "file is required");
        FormFields.checkWord(nick, "nick");
        FormFields.check(ip >= 0 && ip <= FormFields.MAX_IP, "ip must be a 32-bit unsigned number");
    }

    public SearchResult(SharedFile file, String nick, long ip, int linkType) {
        this(file, nick, ip, linkType, 0);
    }

    /** Parses a 201 body; a tenth field is the weight when it is a number, anything after is ignored. */
    public static SearchResult parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 9, LAYOUT);
        int weight = f.size() > 9 && Fields.isInteger(f.get(9))
                ? Fields.parseInt(f.get(9), Integer.MIN_VALUE, Integer.MAX_VALUE) : 0;
        return new SearchResult(SharedFile.of(f, 0), FormFields.word(f.get(6), "a nick"),
                FormFields.ip(f.get(7)), Fields.parseInt(f.get(8), Integer.MIN_VALUE, Integer.MAX_VALUE), weight);
    }

    /** The 201 body. */
    public String format() {
        Body b = file.appendTo(new Body());
        appendOwner(b, nick, ip, linkType);
        if (weight != 0) {
            b.append(' ').append(weight);
        }
        return b.toString();
    }

    /** Appends {@code " <nick> <ip> <link-type>"}: what follows the file's fields in a 201. */
    public static Body appendOwner(Body b, String nick, long ip, int linkType) {
        return b.append(' ').append(nick).append(' ').append(ip).append(' ').append(linkType);
    }
}
