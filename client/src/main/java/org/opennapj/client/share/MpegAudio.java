package org.opennapj.client.share;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Reads what a 100 share line needs from an MPEG audio file: bitrate (kbps), sample rate (Hz)
 * and duration (seconds), from the frame headers alone.
 *
 * <p>The audio is taken to start at the first of {@value #RUN} consecutive valid MPEG 1, 2 or
 * 2.5 layer III frame headers (each frame's length leads exactly to the next header, all with
 * the same version, layer and sample rate), searched after any ID3v2 tag. A lone byte pair that
 * looks like a sync word is never trusted. A Xing/Info or VBRI header in the first frame gives
 * the frame count of a VBR file; otherwise the file is taken as constant bitrate and the
 * duration is the audio bytes (less a trailing ID3v1 tag) over the bitrate.
 */
public final class MpegAudio {
    /** How many consecutive valid frames make a file MPEG audio. */
    static final int RUN = 4;
    /** How far past the ID3v2 tag the first frame is searched for. */
    static final int SEARCH_LIMIT = 256 * 1024;

    private static final int[] BITRATE_V1_L3 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1};
    private static final int[] BITRATE_V2_L3 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1};
    private static final int[] RATE_V1 = {44100, 48000, 32000, -1};

    /**
     * What was found: kbps, Hz, whole seconds, where the first frame starts, where the audio ends
     * (before a trailing ID3v1 tag), and whether VBR.
     */
    public record Info(int bitrate, int sampleRate, int seconds, long audioStart, long audioEnd, boolean vbr) {}

    /** One decoded frame header. */
    record Header(int version, int bitrate, int sampleRate, int length, int samples, boolean mono) {
        /** version: 1 for MPEG 1, 2 for MPEG 2, 25 for MPEG 2.5. */
        boolean sameStream(Header o) {
            return version == o.version && sampleRate == o.sampleRate;
        }
    }

    private MpegAudio() {}

    /** The size of an ID3v2 tag at the start of {@code head} (header and footer included), or 0. */
    public static long id3v2Size(byte[] head, int len) {
        if (len < 10 || head[0] != 'I' || head[1] != 'D' || head[2] != '3') return 0;
        if ((head[3] & 0xff) == 0xff || (head[4] & 0xff) == 0xff) return 0;
        long size = 0;
        for (int i = 6; i < 10; i++) {
            int b = head[i] & 0xff;
            if (b >= 0x80) return 0; // not sync-safe: not a tag
            size = (size << 7) | b;
        }
        boolean footer = (head[5] & 0x10) != 0;
        return 10 + size + (footer ? 10 : 0);
    }

    /** Decodes a layer III frame header, or null if these four bytes are not one. */
    static Header header(int b0, int b1, int b2, int b3) {
        if (b0 != 0xff || (b1 & 0xe0) != 0xe0) return null;
        int versionBits = (b1 >> 3) & 3;
        int layerBits = (b1 >> 1) & 3;
        if (versionBits == 1 || layerBits != 1) return null; // reserved version; only layer III
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int bitrateIndex = (b2 >> 4) & 0xf;
        int rateIndex = (b2 >> 2) & 3;
        if (bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) return null; // free format is not accepted
        int bitrate = (version == 1 ? BITRATE_V1_L3 : BITRATE_V2_L3)[bitrateIndex];
        int rate = RATE_V1[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        int padding = (b2 >> 1) & 1;
        int samples = version == 1 ? 1152 : 576;
        int length = (samples / 8) * bitrate * 1000 / rate + padding;
        boolean mono = ((b3 >> 6) & 3) == 3;
        return new Header(version, bitrate, rate, length, samples, mono);
    }

    /** Analyses a whole file of {@code size} bytes; empty if it holds no run of valid frames. */
    public static Optional<Info> analyse(SeekableByteChannel in, long size) throws IOException {
        byte[] head = new byte[10];
        int headLen = readAt(in, 0, head, 10);
        long start = id3v2Size(head, headLen);
        if (start >= size) return Optional.empty();
        int window = (int) Math.min(SEARCH_LIMIT + 8 * 1441L + 4, size - start);
        byte[] buf = new byte[window];
        int got = readAt(in, start, buf, window);
        int limit = Math.min(got, SEARCH_LIMIT);
        for (int i = 0; i + 4 <= limit; i++) {
            Header first = at(buf, got, i);
            if (first == null || !run(buf, got, i, first)) continue;
            long audioStart = start + i;
            long audioEnd = size;
            byte[] tail = new byte[3];
            if (size - 128 >= audioStart && readAt(in, size - 128, tail, 3) == 3
                    && tail[0] == 'T' && tail[1] == 'A' && tail[2] == 'G') {
                audioEnd = size - 128;
            }
            return Optional.of(info(buf, got, i, first, audioStart, audioEnd));
        }
        return Optional.empty();
    }

    private static Header at(byte[] buf, int len, int i) {
        if (i + 4 > len) return null;
        return header(buf[i] & 0xff, buf[i + 1] & 0xff, buf[i + 2] & 0xff, buf[i + 3] & 0xff);
    }

    private static boolean run(byte[] buf, int len, int i, Header first) {
        int pos = i;
        Header h = first;
        for (int n = 1; n < RUN; n++) {
            pos += h.length();
            Header next = at(buf, len, pos);
            if (next == null || !next.sameStream(first)) return false;
            h = next;
        }
        return true;
    }

    private static Info info(byte[] buf, int len, int i, Header first, long audioStart, long audioEnd) {
        long audioBytes = audioEnd - audioStart;
        // Xing/Info: after the side information (MPEG 1: 32 or 17 bytes, MPEG 2/2.5: 17 or 9)
        int side = first.version() == 1 ? (first.mono() ? 17 : 32) : (first.mono() ? 9 : 17);
        int x = i + 4 + side;
        long frames = -1;
        long bytes = -1;
        if (x + 16 <= len && (tag(buf, x, "Xing") || tag(buf, x, "Info"))) {
            int flags = (int) be32(buf, x + 4);
            int p = x + 8;
            if ((flags & 1) != 0) { frames = be32(buf, p); p += 4; }
            if ((flags & 2) != 0 && p + 4 <= len) bytes = be32(buf, p);
        } else if (i + 36 + 18 <= len && tag(buf, i + 36, "VBRI")) {
            bytes = be32(buf, i + 36 + 10);
            frames = be32(buf, i + 36 + 14);
        }
        if (frames > 0) {
            double seconds = (double) frames * first.samples() / first.sampleRate();
            long payload = bytes > 0 ? bytes : audioBytes;
            int kbps = seconds > 0 ? (int) Math.round(payload * 8 / seconds / 1000) : first.bitrate();
            return new Info(kbps, first.sampleRate(), (int) seconds, audioStart, audioEnd, true);
        }
        int seconds = (int) (audioBytes * 8 / (first.bitrate() * 1000L));
        return new Info(first.bitrate(), first.sampleRate(), seconds, audioStart, audioEnd, false);
    }

    private static boolean tag(byte[] b, int at, String tag) {
        for (int k = 0; k < 4; k++) if (b[at + k] != tag.charAt(k)) return false;
        return true;
    }

    private static long be32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }

    /** Reads up to {@code len} bytes at {@code pos}; returns how many were read. */
    static int readAt(SeekableByteChannel in, long pos, byte[] into, int len) throws IOException {
        in.position(pos);
        ByteBuffer bb = ByteBuffer.wrap(into, 0, len);
        while (bb.hasRemaining()) {
            if (in.read(bb) < 0) break;
        }
        return bb.position();
    }
}
