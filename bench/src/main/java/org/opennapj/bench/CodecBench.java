package org.opennapj.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.FrameDecoder;
import org.opennapj.protocol.FrameTooLongException;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.Framing;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The protocol codec on the messages that dominate a load run: 100 share lines coming in
 * (FrameDecoder.next, then Fields.split in the share handler), 201 result lines going out
 * (Framing.encode) and the 2 login line. Scores are per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {

    static final int BURST = 100;

    ByteBuffer shareBurst;
    FrameDecoder decoder;
    String shareLine;
    String resultLine;
    String loginLine;

    @Setup
    public void setUp() {
        List<Library.SharedFile> files = new Library(1).files(0, BURST);
        shareLine = files.get(7).shareLine();
        Library.SharedFile f = files.get(7);
        resultLine = '"' + f.path() + "\" " + f.md5() + ' ' + f.size() + ' ' + f.bitrate() + ' ' + f.freq()
                + ' ' + f.duration() + " nl123 16777343 7";
        loginLine = "nl123 napload 6699 \"napload 1.0\" 7";
        int total = 0;
        byte[][] frames = new byte[BURST][];
        for (int i = 0; i < BURST; i++) {
            frames[i] = Framing.encode(100, files.get(i).shareLine(), ByteOrder.LITTLE_ENDIAN);
            total += frames[i].length;
        }
        shareBurst = ByteBuffer.allocate(total);
        for (byte[] fr : frames) {
            shareBurst.put(fr);
        }
        shareBurst.flip();
        decoder = new FrameDecoder(Framing.DEFAULT_MAX_COMMAND_LENGTH, ByteOrder.LITTLE_ENDIAN);
    }

    /** Cuts 100 share frames (~120 bytes each) out of one heap buffer, as the transport does per read. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void decodeShareFrame(Blackhole bh) throws FrameTooLongException {
        ByteBuffer in = shareBurst;
        in.position(0);
        Message m;
        while ((m = decoder.next(in)) != null) {
            bh.consume(m);
        }
    }

    @Benchmark
    public byte[] encodeResultFrame() {
        return Framing.encode(201, resultLine, ByteOrder.LITTLE_ENDIAN);
    }

    @Benchmark
    public List<String> splitShareLine() throws MalformedFieldsException {
        return Fields.split(shareLine);
    }

    @Benchmark
    public List<String> splitLoginLine() throws MalformedFieldsException {
        return Fields.split(loginLine);
    }

    @Benchmark
    public long parseShareNumbers() throws MalformedFieldsException {
        List<String> f = Fields.split(shareLine);
        return Fields.parseLong(f.get(2), 0, Long.MAX_VALUE) + Fields.parseInt(f.get(3), 0, Integer.MAX_VALUE)
                + Fields.parseInt(f.get(4), 0, Integer.MAX_VALUE) + Fields.parseInt(f.get(5), 0, Integer.MAX_VALUE);
    }
}
