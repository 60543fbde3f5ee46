package org.opennapj.protocol;

import java.util.List;

/**
 * A shared file as the protocol describes it: the body of a 100 share
 * ({@code "<filename>" <md5> <size> <bitrate> <frequency> <time>}) and the file part of a search
 * result (201) and a browse entry (212), which carry the same six fields.
 *
 * @param path      the sharer's path, as it must be asked for in a download request
 * @param checksum  the md5 field as sent (hex, {@code hex-size}, zeros, {@code WMA-FILE}...)
 * @param size      bytes
 * @param bitrate   kbps (0 for other media)
 * @param frequency Hz (0 for other media)
 * @param duration  seconds (0 for other media)
 */
public record SharedFile(String path, String checksum, long size, int bitrate, int frequency, int duration) {

    static final String LAYOUT = "\"<filename>\" <md5> <size> <bitrate> <frequency> <time>";

    public SharedFile {
        FormFields.checkText(path, "path");
        FormFields.checkWord(checksum, "checksum");
        FormFields.check(size >= 0 && bitrate >= 0 && frequency >= 0 && duration >= 0,
                "size, bitrate, frequency and duration must not be negative");
    }

    /** The body of a 100 share; fields after the sixth are ignored. */
    public static SharedFile parse(String data) throws MalformedFieldsException {
        return of(FormFields.atLeast(data, 6, LAYOUT), 0);
    }

    /** The six fields starting at {@code at} (the caller has checked there are six). */
    static SharedFile of(List<String> f, int at) throws MalformedFieldsException {
        return new SharedFile(
                FormFields.text(f.get(at), "a file name"),
                FormFields.word(f.get(at + 1), "a checksum"),
                Fields.parseLong(f.get(at + 2), 0, Long.MAX_VALUE),
                FormFields.count(f.get(at + 3)),
                FormFields.count(f.get(at + 4)),
                FormFields.count(f.get(at + 5)));
    }

    /** {@code "<filename>" <md5> <size> <bitrate> <frequency> <time>}: a 100 body. */
    public String format() {
        return appendTo(new Body()).toString();
    }

    /** Appends the six fields to {@code b}. */
    public Body appendTo(Body b) {
        return b.append('"').append(path).append('"').append(' ').append(checksum)
                .append(' ').append(size).append(' ').append(bitrate)
                .append(' ').append(frequency).append(' ').append(duration);
    }
}
