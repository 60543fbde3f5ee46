package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FramingTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @Test
    void encodesLittleEndianHeaderThenData() {
        assertThat(Framing.encode(205, "bob hi", LE))
                .containsExactly(6, 0, (byte) 0xCD, 0, 'b', 'o', 'b', ' ', 'h', 'i');
    }

    @Test
    void encodesBigEndianHeaderThenData() {
        assertThat(Framing.encode(205, "bob hi", BE))
                .containsExactly(0, 6, 0, (byte) 0xCD, 'b', 'o', 'b', ' ', 'h', 'i');
    }

    @Test
    void encodesTheBetaPreloginExactlyAsTheBriefSays() {
        assertThat(Framing.encode(920, "1", LE)).containsExactly(0x01, 0x00, 0x98, 0x03, 0x31);
        assertThat(Framing.encode(920, "1", BE)).containsExactly(0x00, 0x01, 0x03, 0x98, 0x31);
    }

    @Test
    void encodesEmptyData() {
        assertThat(Framing.encode(202, "", LE)).containsExactly(0, 0, (byte) 202, 0);
    }

    @Test
    void encodesEveryByteValueAsIso88591() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            sb.append((char) c);
        }
        byte[] frame = Framing.encode(1, sb.toString(), LE);
        assertThat(frame).hasSize(260);
        for (int c = 0; c < 256; c++) {
            assertThat(frame[4 + c] & 0xFF).isEqualTo(c);
        }
    }

    @Test
    void charsAboveLatin1BecomeQuestionMarks() {
        assertThat(Framing.encode(404, "a\u20acb", LE)).containsExactly(3, 0, (byte) 0x94, 1, 'a', '?', 'b');
    }

    @Test
    void encodesHighTypesAndLengths() {
        String data = "x".repeat(65535);
        byte[] le = Framing.encode(65535, data, LE);
        assertThat(le).hasSize(65539);
        assertThat(le[0]).isEqualTo((byte) 0xFF);
        assertThat(le[1]).isEqualTo((byte) 0xFF);
        assertThat(le[2]).isEqualTo((byte) 0xFF);
        assertThat(le[3]).isEqualTo((byte) 0xFF);
        byte[] be = Framing.encode(10300, "", BE);
        assertThat(be).containsExactly(0, 0, 0x28, 0x3C);
        byte[] le2 = Framing.encode(10300, "", LE);
        assertThat(le2).containsExactly(0, 0, 0x3C, 0x28);
    }

    @Test
    void rejectsDataLongerThan65535() {
        assertThatThrownBy(() -> Framing.encode(1, "x".repeat(65536), LE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
    }

    @Test
    void rejectsTypesOutside16Bits() {
        assertThatThrownBy(() -> Framing.encode(-1, "", LE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Framing.encode(65536, "", LE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Framing.encode(0, "", LE)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void encodesAMessage() {
        assertThat(Framing.encode(Message.of(3, "a@b"), LE)).isEqualTo(Framing.encode(3, "a@b", LE));
        assertThat(Message.of(3, "a@b").encode(BE)).isEqualTo(Framing.encode(3, "a@b", BE));
    }

    // --- detectOrder ---------------------------------------------------------------------------

    @Test
    void detectsBigEndianBeta920() {
        assertThat(Framing.detectOrder((byte) 0x00, (byte) 0x01, (byte) 0x03, (byte) 0x98)).isEqualTo(BE);
    }

    @Test
    void littleEndian920IsLittleEndian() {
        assertThat(Framing.detectOrder((byte) 0x01, (byte) 0x00, (byte) 0x98, (byte) 0x03)).isEqualTo(LE);
    }

    @Test
    void ordinaryLittleEndianLoginsAreLittleEndian() {
        byte[] login = Framing.encode(2, "foo badpass 6699 \"nap v0.8\" 3", LE);
        assertThat(Framing.detectOrder(login[0], login[1], login[2], login[3])).isEqualTo(LE);
        byte[] nickCheck = Framing.encode(7, "foo", LE);
        assertThat(Framing.detectOrder(nickCheck[0], nickCheck[1], nickCheck[2], nickCheck[3])).isEqualTo(LE);
    }

    @Test
    void bigEndian920WithAnyLengthIsBigEndian() {
        assertThat(Framing.detectOrder((byte) 0x00, (byte) 0x00, (byte) 0x03, (byte) 0x98)).isEqualTo(BE);
        assertThat(Framing.detectOrder((byte) 0x12, (byte) 0x34, (byte) 0x03, (byte) 0x98)).isEqualTo(BE);
    }

    @Test
    void bigEndianOtherThan920IsLittleEndian() {
        // A big-endian login would be 00 nn 00 02; only 920 switches the order.
        assertThat(Framing.detectOrder((byte) 0x00, (byte) 0x20, (byte) 0x00, (byte) 0x02)).isEqualTo(LE);
        assertThat(Framing.detectOrder((byte) 0x00, (byte) 0x01, (byte) 0x03, (byte) 0x99)).isEqualTo(LE);
        assertThat(Framing.detectOrder((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF)).isEqualTo(LE);
        assertThat(Framing.detectOrder((byte) 0, (byte) 0, (byte) 0, (byte) 0)).isEqualTo(LE);
    }

    @Test
    void detectOrderAgreesWithTheRuleForEveryTypeBytePair() {
        int bigEndianCount = 0;
        for (int b2 = 0; b2 < 256; b2++) {
            for (int b3 = 0; b3 < 256; b3++) {
                ByteOrder order = Framing.detectOrder((byte) 0, (byte) 1, (byte) b2, (byte) b3);
                int beType = b2 << 8 | b3;
                int leType = b3 << 8 | b2;
                boolean expectBig = beType == 920 && !MessageType.isKnown(leType);
                assertThat(order).isEqualTo(expectBig ? BE : LE);
                if (expectBig) {
                    bigEndianCount++;
                }
            }
        }
        assertThat(bigEndianCount).isEqualTo(1);
    }
}
