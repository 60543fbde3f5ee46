package org.opennapj.client.share;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum a share announces (napster.txt section 3): the MD5 of the first
 * {@value #HASHED_BYTES} bytes of the audio, that is after an ID3v2 tag, from the first frame
 * sync on, as the official client computes it. Files that are not MPEG audio are hashed from
 * their first byte. A file shorter than that is hashed whole from where the hash starts, up to a
 * trailing ID3v1 tag (as TekNap does; the tag is not audio).
 */
public final class NapsterChecksum {
    /** How many bytes are hashed: 299,008, the count the official client's hashes match. */
    public static final int HASHED_BYTES = 299_008;

    private NapsterChecksum() {}

    /** 32 lower-case hex digits of the MD5 of at most {@value #HASHED_BYTES} bytes from {@code start}. */
    public static String of(SeekableByteChannel in, long start) throws IOException {
        return of(in, start, Long.MAX_VALUE);
    }

    /** As {@link #of(SeekableByteChannel, long)}, never hashing at or past {@code end}. */
    public static String of(SeekableByteChannel in, long start, long end) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        in.position(start);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long left = Math.max(0, Math.min(HASHED_BYTES, end - start));
        while (left > 0) {
            buf.clear();
            if (left < buf.capacity()) buf.limit((int) left);
            int n = in.read(buf);
            if (n < 0) break;
            buf.flip();
            md5.update(buf);
            left -= n;
        }
        return HexFormat.of().formatHex(md5.digest());
    }
}
