package org.opennapj.protocol;

import java.util.List;

/**
 * 607 upload request: {@code <nick> "<filename>" <speed>}, the server asking a sharer whether
 * {@code nick} may download a file; the sharer answers 608 (accept, a {@link FileRequest}) or
 * 619 (queue full, a {@link QueueLimit}).
 *
 * @param nick      the downloader
 * @param path      the file
 * @param linkSpeed the downloader's link type
 */
public record UploadRequest(String nick, String path, int linkSpeed) {

    static final String LAYOUT = "<nick> \"<filename>\" <speed>";

    public UploadRequest {
        FormFields.checkWord(nick, "nick");
        FormFields.checkText(path, "path");
    }

    /** Parses a 607 body; fields after the third are ignored. */
    public static UploadRequest parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 3, LAYOUT);
        return new UploadRequest(FormFields.word(f.get(0), "a nick"), FormFields.text(f.get(1), "a file name"),
                Fields.parseInt(f.get(2), Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    public String format() {
        return Fields.join(nick, Fields.quote(path), linkSpeed);
    }
}
