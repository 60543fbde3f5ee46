package org.opennapj.protocol;

import java.util.List;

/**
 * 212 browse response: {@code <nick> "<filename>" <md5> <size> <bitrate> <frequency> <time>}.
 *
 * <p>A server writing entries straight from its index writes {@link #appendOwner} and then the
 * file's six fields (as {@link SharedFile#appendTo}).
 *
 * @param nick the user whose files these are
 * @param file the file
 */
public record BrowseEntry(String nick, SharedFile file) {

    private static final String LAYOUT = "<nick> " + SharedFile.LAYOUT;

    public BrowseEntry {
        FormFields.checkWord(nick, "nick");
        FormFields.check(file != null, "file is required");
    }

    /** Parses a 212 body; fields after the seventh are ignored. */
    public static BrowseEntry parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 7, LAYOUT);
        return new BrowseEntry(FormFields.word(f.get(0), "a nick"), SharedFile.of(f, 1));
    }

    /** The 212 body. */
    public String format() {
        return file.appendTo(appendOwner(new Body(), nick)).toString();
    }

    /** Appends {@code "<nick> "}: what comes before the file's fields in a 212. */
    public static Body appendOwner(Body b, String nick) {
        return b.append(nick).append(' ');
    }
}
