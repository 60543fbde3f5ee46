package org.opennapj.protocol;

import java.util.List;

/**
 * 619 queue limit, from an uploader: {@code <nick> "<filename>" <n>}: {@code nick} may not have
 * more than {@code limit} downloads at once from this uploader.
 *
 * @param nick  the downloader who hit the limit
 * @param path  the file it asked for
 * @param limit simultaneous downloads allowed
 */
public record QueueLimit(String nick, String path, int limit) {

    static final String LAYOUT = "<nick> \"<filename>\" <limit>";

    public QueueLimit {
        FormFields.checkWord(nick, "nick");
        FormFields.checkText(path, "path");
        FormFields.check(limit >= 0, "limit must not be negative");
    }

    /** Parses a 619 body; fields after the third are ignored. */
    public static QueueLimit parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 3, LAYOUT);
        return new QueueLimit(FormFields.word(f.get(0), "a nick"), FormFields.text(f.get(1), "a file name"),
                FormFields.count(f.get(2)));
    }

    public String format() {
        return Fields.join(nick, Fields.quote(path), limit);
    }
}
