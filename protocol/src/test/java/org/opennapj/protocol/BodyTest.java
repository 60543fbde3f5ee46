package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyTest {

    @Test
    void numbersAreWrittenLikeLongToString() {
        long[] edge = {0, 1, -1, 9, 10, -10, 99, 100, 16777343L, 4294967295L, Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        Random r = new Random(42);
        Body b = new Body(16);
        for (int i = 0; i < edge.length + 2000; i++) {
            long v = i < edge.length ? edge[i] : (i % 2 == 0 ? r.nextLong() : r.nextInt(100000));
            assertThat(b.clear().append(v).toString()).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void textIsEncodedExactlyAsFramingEncodesIt() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 300; c++) {
            sb.append((char) c);
        }
        sb.append("\u20ac end");
        String text = sb.toString();
        Body b = new Body(4);
        b.append(text.substring(0, 10)).append(text.charAt(10)).append(text.substring(11));
        byte[] framed = Framing.encode(201, text, ByteOrder.LITTLE_ENDIAN);
        assertThat(Arrays.copyOf(b.bytes(), b.length())).isEqualTo(Arrays.copyOfRange(framed, 4, framed.length));
    }

    @Test
    void appendsByteRangesAndGrows() {
        byte[] src = "xx\"C:\\a b.mp3\"yy".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Body b = new Body(1);
        for (int i = 0; i < 100; i++) {
            b.append(src, 2, src.length - 4).append(' ');
        }
        assertThat(b.toString()).isEqualTo("\"C:\\a b.mp3\" ".repeat(100));
        assertThat(b.clear().length()).isZero();
        assertThat(b.append("ok").toString()).isEqualTo("ok");
    }
}
