package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private static ByteOrder order(String name) {
        return name.equals("BIG_ENDIAN") ? BE : LE;
    }

    private static String allBytes() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void roundTripsOneMessage(String orderName) throws Exception {
        ByteOrder order = order(orderName);
        FrameDecoder decoder = new FrameDecoder(Framing.DEFAULT_MAX_COMMAND_LENGTH, order);
        for (Message m : List.of(Message.of(2, "foo badpass 6699 \"nap v0.8\" 3"), Message.of(0, ""),
                Message.of(65535, allBytes()), Message.of(10300, "\"x\" 1 abc image"), Message.of(256, "\u00ff\u0000"))) {
            ByteBuffer in = ByteBuffer.wrap(Framing.encode(m.type(), m.data(), order));
            assertThat(decoder.next(in)).isEqualTo(m);
            assertThat(in.hasRemaining()).isFalse();
            assertThat(decoder.next(in)).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void partialFramesFedByteByByte(String orderName) throws Exception {
        ByteOrder order = order(orderName);
        FrameDecoder decoder = new FrameDecoder(0, order);
        List<Message> sent = List.of(Message.of(205, "bob hello there"), Message.of(202, ""), Message.of(920, "1"),
                Message.of(404, allBytes()));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Message m : sent) {
            wire.writeBytes(m.encode(order));
        }
        byte[] bytes = wire.toByteArray();
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        List<Message> received = new ArrayList<>();
        for (byte b : bytes) {
            buffer.put(b);
            buffer.flip();
            int before = buffer.position();
            Message m = decoder.next(buffer);
            if (m == null) {
                assertThat(buffer.position()).isEqualTo(before);
            } else {
                received.add(m);
                assertThat(decoder.next(buffer)).isNull();
            }
            buffer.compact();
        }
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void severalFramesInOneBuffer() throws Exception {
        FrameDecoder decoder = new FrameDecoder(2048, LE);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(Framing.encode(3, "a@b", LE));
        wire.writeBytes(Framing.encode(621, "VERSION opennapj 0.1", LE));
        wire.writeBytes(Framing.encode(214, "1 2 3", LE));
        wire.writeBytes(Framing.encode(202, "", LE));
        wire.writeBytes(new byte[] {5, 0, (byte) 0xCD}); // the start of a fifth frame
        ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
        assertThat(decoder.next(in)).isEqualTo(Message.of(3, "a@b"));
        assertThat(decoder.next(in)).isEqualTo(Message.of(621, "VERSION opennapj 0.1"));
        assertThat(decoder.next(in)).isEqualTo(Message.of(214, "1 2 3"));
        assertThat(decoder.next(in)).isEqualTo(Message.of(202, ""));
        int position = in.position();
        assertThat(decoder.next(in)).isNull();
        assertThat(in.position()).isEqualTo(position);
        assertThat(in.remaining()).isEqualTo(3);
    }

    @Test
    void zeroLengthDataNeedsOnlyTheHeader() throws Exception {
        FrameDecoder decoder = new FrameDecoder(2048, LE);
        assertThat(decoder.next(ByteBuffer.wrap(new byte[] {0, 0, 110}))).isNull();
        ByteBuffer in = ByteBuffer.wrap(new byte[] {0, 0, 110, 0});
        Message m = decoder.next(in);
        assertThat(m).isEqualTo(Message.of(110, ""));
        assertThat(m.data()).isNotNull();
        assertThat(in.position()).isEqualTo(4);
    }

    @Test
    void emptyBufferGivesNull() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(0);
        assertThat(new FrameDecoder(2048, LE).next(in)).isNull();
        assertThat(in.position()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void exactlyMaxLengthIsAccepted(String orderName) throws Exception {
        ByteOrder order = order(orderName);
        FrameDecoder decoder = new FrameDecoder(2048, order);
        String data = "y".repeat(2048);
        ByteBuffer in = ByteBuffer.wrap(Framing.encode(870, data, order));
        assertThat(decoder.next(in)).isEqualTo(Message.of(870, data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void oneOverMaxLengthThrowsWithoutConsuming(String orderName) {
        ByteOrder order = order(orderName);
        FrameDecoder decoder = new FrameDecoder(2048, order);
        byte[] frame = Framing.encode(870, "y".repeat(2049), order);
        ByteBuffer in = ByteBuffer.wrap(frame);
        FrameTooLongException e = catchThrowableOfType(FrameTooLongException.class, () -> decoder.next(in));
        assertThat(e).isNotNull();
        assertThat(e.length()).isEqualTo(2049);
        assertThat(e.type()).isEqualTo(870);
        assertThat(e.limit()).isEqualTo(2048);
        assertThat(e).hasMessageContaining("2049").hasMessageContaining("870");
        assertThat(in.position()).isZero();
        assertThat(in.remaining()).isEqualTo(frame.length);
    }

    @Test
    void tooLongIsReportedFromTheHeaderAloneWithoutWaitingForTheBody() {
        FrameDecoder decoder = new FrameDecoder(2048, LE);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, 100, 0});
        assertThatThrownBy(() -> decoder.next(in)).isInstanceOf(FrameTooLongException.class);
        assertThat(in.position()).isZero();
    }

    @Test
    void tooLongIsThrownAgainOnRetry() {
        FrameDecoder decoder = new FrameDecoder(10, LE);
        ByteBuffer in = ByteBuffer.wrap(Framing.encode(1, "x".repeat(11), LE));
        assertThatThrownBy(() -> decoder.next(in)).isInstanceOf(FrameTooLongException.class);
        assertThatThrownBy(() -> decoder.next(in)).isInstanceOf(FrameTooLongException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65535, 100000})
    void noLimitAccepts65535(int maxLength) throws Exception {
        FrameDecoder decoder = new FrameDecoder(maxLength, LE);
        assertThat(decoder.maxLength()).isEqualTo(65535);
        String data = allBytes().repeat(256).substring(0, 65535);
        ByteBuffer in = ByteBuffer.wrap(Framing.encode(10302, data, LE));
        Message m = decoder.next(in);
        assertThat(m).isNotNull();
        assertThat(m.data()).hasSize(65535).isEqualTo(data);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void setOrderSwitchesTheReading() throws Exception {
        FrameDecoder decoder = new FrameDecoder(2048, LE);
        assertThat(decoder.order()).isEqualTo(LE);
        byte[] first = Framing.encode(920, "1", BE);
        assertThat(Framing.detectOrder(first[0], first[1], first[2], first[3])).isEqualTo(BE);
        decoder.setOrder(BE);
        assertThat(decoder.order()).isEqualTo(BE);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(first);
        wire.writeBytes(Framing.encode(2, "nick pass 0 \"v2.0\" 3", BE));
        ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
        assertThat(decoder.next(in)).isEqualTo(Message.of(920, "1"));
        assertThat(decoder.next(in)).isEqualTo(Message.of(2, "nick pass 0 \"v2.0\" 3"));
    }

    @Test
    void sameBytesReadInTheWrongOrderGiveADifferentMessage() throws Exception {
        FrameDecoder little = new FrameDecoder(0, LE);
        // 00 01 03 98 31 read little-endian: length 256, type 38915 -> incomplete
        ByteBuffer in = ByteBuffer.wrap(Framing.encode(920, "1", BE));
        assertThat(little.next(in)).isNull();
    }

    @Test
    void worksOnDirectAndOffsetBuffers() throws Exception {
        FrameDecoder decoder = new FrameDecoder(2048, LE);
        byte[] frame = Framing.encode(205, "bob \u00e9\u00ff", LE);
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.length);
        direct.put(frame).flip();
        assertThat(decoder.next(direct)).isEqualTo(Message.of(205, "bob \u00e9\u00ff"));

        byte[] padded = new byte[frame.length + 7];
        System.arraycopy(frame, 0, padded, 5, frame.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, frame.length + 2).slice(); // arrayOffset 3
        slice.position(2);
        assertThat(decoder.next(slice)).isEqualTo(Message.of(205, "bob \u00e9\u00ff"));
        assertThat(slice.hasRemaining()).isFalse();
    }

    @Test
    void nullOrderIsRejected() {
        assertThatThrownBy(() -> new FrameDecoder(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FrameDecoder(1, LE).setOrder(null)).isInstanceOf(NullPointerException.class);
    }
}
