package org.opennapj.protocol;

import java.util.List;

/**
 * 620 queue limit, from the server to a downloader: {@code <nick> "<filename>" <filesize> <digit>}:
 * the uploader {@code nick} refused the download because the downloader already has
 * {@code limit} downloads from it.
 *
 * @param nick  the uploader
 * @param path  the file
 * @param size  the file's size in bytes (0 when the server does not know it)
 * @param limit simultaneous downloads allowed
 */
public record QueueLimitNotice(String nick, String path, long size, int limit) {

    static final String LAYOUT = "<nick> \"<filename>\" <filesize> <limit>";

    public QueueLimitNotice {
        FormFields.checkWord(nick, "nick");
        FormFields.checkText(path, "path");
        FormFields.check(size >= 0 && limit >= 0, "size and limit must not be negative");
    }

    /** Parses a 620 body; fields after the fourth are ignored. */
    public static QueueLimitNotice parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 4, LAYOUT);
        return new QueueLimitNotice(FormFields.word(f.get(0), "a nick"), FormFields.text(f.get(1), "a file name"),
                Fields.parseLong(f.get(2), 0, Long.MAX_VALUE), FormFields.count(f.get(3)));
    }

    public String format() {
        return Fields.join(nick, Fields.quote(path), size, limit);
    }
}
