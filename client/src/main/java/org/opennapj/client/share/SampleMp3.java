package org.opennapj.client.share;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small, valid MP3 of silence: an ID3v2.3 tag, then MPEG layer III frames with real
 * headers. Useful for trying a share without music at hand, and used by OpenNapJ's own tests
 * (the scanner must report exactly the bitrate, sample rate and duration written here).
 *
 * <p>Frames carry zeroed side information and data, which decoders play as silence. Padding
 * bits are set as an encoder would, so the stream's average rate is the nominal bitrate.
 */
public final class SampleMp3 {
    private static final int[] BITRATE_V1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] BITRATE_V2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};

    private SampleMp3() {}

    /**
     * Writes {@code file}: an ID3v2 tag naming {@code title}, then constant-bitrate frames for
     * at least {@code seconds} seconds.
     *
     * @param bitrate    kbps, one of the layer III bitrates of the sample rate's MPEG version
     * @param sampleRate 32000, 44100 or 48000 (MPEG 1); 16000, 22050 or 24000 (MPEG 2);
     *                   8000, 11025 or 12000 (MPEG 2.5)
     * @return the number of frames written
     */
    public static int write(Path file, String title, int bitrate, int sampleRate, int seconds) throws IOException {
        return write(file, title, bitrate, sampleRate, seconds, false);
    }

    /**
     * As {@link #write(Path, String, int, int, int)}; with {@code xing} the first frame holds a
     * Xing header giving the frame count and byte count, as VBR encoders write it.
     */
    public static int write(Path file, String title, int bitrate, int sampleRate, int seconds, boolean xing) throws IOException {
        int version = switch (sampleRate) {
            case 32000, 44100, 48000 -> 3;
            case 16000, 22050, 24000 -> 2;
            case 8000, 11025, 12000 -> 0;
            default -> throw new IllegalArgumentException("not an MPEG sample rate: " + sampleRate);
        };
        int base = version == 3 ? sampleRate : version == 2 ? sampleRate * 2 : sampleRate * 4;
        int rateIndex = switch (base) {
            case 44100 -> 0;
            case 48000 -> 1;
            default -> 2;
        };
        int[] table = version == 3 ? BITRATE_V1 : BITRATE_V2;
        int bitrateIndex = -1;
        for (int i = 1; i < table.length; i++) if (table[i] == bitrate) bitrateIndex = i;
        if (bitrateIndex < 0) throw new IllegalArgumentException("not a layer III bitrate for that rate: " + bitrate);
        int samples = version == 3 ? 1152 : 576;
        int frames = (int) ((seconds * (long) sampleRate + samples - 1) / samples) + (xing ? 1 : 0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTag(out, title);
        long slotNumerator = (samples / 8L) * bitrate * 1000L;
        long remainder = 0;
        int audioStart = out.size();
        for (int f = 0; f < frames; f++) {
            long length = slotNumerator / sampleRate;
            remainder += slotNumerator % sampleRate;
            int pad = 0;
            if (remainder >= sampleRate) {
                remainder -= sampleRate;
                pad = 1;
            }
            byte[] frame = new byte[(int) length + pad];
            frame[0] = (byte) 0xff;
            frame[1] = (byte) (0xe0 | (version << 3) | (1 << 1) | 1); // layer III, no CRC
            frame[2] = (byte) ((bitrateIndex << 4) | (rateIndex << 2) | (pad << 1));
            frame[3] = (byte) 0x00; // stereo
            if (xing && f == 0) {
                int at = 4 + (version == 3 ? 32 : 17);
                put(frame, at, "Xing");
                be32(frame, at + 4, 3); // frames and bytes present
                be32(frame, at + 8, frames - 1);
                be32(frame, at + 12, 0); // filled in below
            }
            out.write(frame);
        }
        byte[] all = out.toByteArray();
        if (xing) {
            int at = audioStart + 4 + (version == 3 ? 32 : 17);
            be32(all, at + 12, all.length - audioStart);
        }
        Files.write(file, all);
        return frames;
    }

    private static void writeTag(ByteArrayOutputStream out, String title) throws IOException {
        byte[] text = title.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.write("TIT2".getBytes(StandardCharsets.US_ASCII));
        int len = text.length + 1;
        frames.write(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len, 0, 0, 0});
        frames.write(text);
        // a comment frame holding bytes that look like a frame sync: the tag must be skipped, not parsed
        byte[] lookalike = {0, 'e', 'n', 'g', 0, (byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64, 0};
        frames.write("COMM".getBytes(StandardCharsets.US_ASCII));
        frames.write(new byte[] {0, 0, 0, (byte) lookalike.length, 0, 0});
        frames.write(lookalike);
        frames.write(new byte[64]); // padding
        int size = frames.size();
        out.write(new byte[] {'I', 'D', '3', 3, 0, 0,
                (byte) ((size >>> 21) & 0x7f), (byte) ((size >>> 14) & 0x7f), (byte) ((size >>> 7) & 0x7f), (byte) (size & 0x7f)});
        frames.writeTo(out);
    }

    private static void put(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) b[at + i] = (byte) ascii.charAt(i);
    }

    private static void be32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
