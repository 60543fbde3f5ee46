package org.opennapj.protocol;

import java.util.List;

/**
 * {@code <nick> "<filename>"}: the body of 203 download request and 500 alternate (firewalled)
 * download request from a downloader, 608 accept upload request from an uploader, and of the
 * server's 206 get error and 609 accept failed.
 *
 * @param nick the other user (the uploader in 203, 500, 206 and 609; the downloader in 608)
 * @param path the file, as the uploader shares it
 */
public record FileRequest(String nick, String path) {

    static final String LAYOUT = "<nick> \"<filename>\"";

    public FileRequest {
        FormFields.checkWord(nick, "nick");
        FormFields.checkText(path, "path");
    }

    /** Parses the body; fields after the second are ignored. */
    public static FileRequest parse(String data) throws MalformedFieldsException {
        List<String> f = FormFields.atLeast(data, 2, LAYOUT);
        if (f.get(0).isEmpty() || f.get(1).isEmpty()) {
            throw new MalformedFieldsException("expected " + LAYOUT);
        }
        return new FileRequest(FormFields.word(f.get(0), "a nick"), f.get(1));
    }

    public String format() {
        return nick + " " + Fields.quote(path);
    }
}
