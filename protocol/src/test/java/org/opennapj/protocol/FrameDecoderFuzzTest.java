package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random frames and random garbage, cut at random points: the decoder returns exactly the frames
 * that were encoded, or throws {@link FrameTooLongException}; nothing else, and it always makes
 * progress.
 */
class FrameDecoderFuzzTest {

    private static final int ITERATIONS = 2000;

    @Test
    void randomValidFramesSplitAtRandomPoints() {
        Random random = new Random(0x4E415053L);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            int maxLength = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(400);
            int effectiveMax = maxLength <= 0 ? 65535 : maxLength;
            int count = random.nextInt(12);
            List<Message> sent = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                int length = random.nextInt(5) == 0 ? 0 : random.nextInt(Math.min(effectiveMax, 600) + 1);
                Message m = Message.of(random.nextInt(65536), randomData(random, length));
                sent.add(m);
                wire.writeBytes(m.encode(order));
            }
            boolean tooLongAtEnd = maxLength > 0 && random.nextBoolean();
            int tooLongType = random.nextInt(65536);
            int tooLongLength = tooLongAtEnd ? maxLength + 1 + random.nextInt(65535 - maxLength) : 0;
            if (tooLongAtEnd) {
                // a header announcing too much, followed by only part of the body: the decoder must
                // refuse from the header alone
                byte[] header = new byte[4];
                writeShort(header, 0, tooLongLength, order);
                writeShort(header, 2, tooLongType, order);
                wire.writeBytes(header);
                byte[] partialBody = new byte[random.nextInt(Math.min(tooLongLength, 20) + 1)];
                random.nextBytes(partialBody);
                wire.writeBytes(partialBody);
            }
            Outcome outcome = feed(wire.toByteArray(), new FrameDecoder(maxLength, order), random, iteration);
            assertThat(outcome.messages).as("iteration %d", iteration).containsExactlyElementsOf(sent);
            if (tooLongAtEnd) {
                assertThat(outcome.tooLong).as("iteration %d", iteration).isNotNull();
                assertThat(outcome.tooLong.length()).isEqualTo(tooLongLength);
                assertThat(outcome.tooLong.type()).isEqualTo(tooLongType);
            } else {
                assertThat(outcome.tooLong).as("iteration %d", iteration).isNull();
                assertThat(outcome.leftOver).as("iteration %d", iteration).isZero();
            }
        }
    }

    @Test
    void randomGarbageEitherDecodesConsistentlyOrIsTooLong() {
        Random random = new Random(20010407L);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            int maxLength = random.nextInt(3) == 0 ? 0 : random.nextInt(300);
            byte[] garbage = new byte[random.nextInt(700)];
            random.nextBytes(garbage);
            if (random.nextBoolean()) {
                // make short lengths likely so that several garbage frames decode
                for (int i = 0; i + 1 < garbage.length; i += 1 + random.nextInt(40)) {
                    garbage[i] = (byte) random.nextInt(16);
                    garbage[i + 1] = 0;
                }
            }
            Outcome outcome = feed(garbage, new FrameDecoder(maxLength, order), random, iteration);
            // Whatever was decoded re-encodes to exactly the bytes it was decoded from.
            ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
            for (Message m : outcome.messages) {
                reencoded.writeBytes(m.encode(order));
            }
            byte[] consumed = Arrays.copyOf(garbage, garbage.length - outcome.leftOver);
            assertThat(reencoded.toByteArray()).as("iteration %d", iteration).isEqualTo(consumed);
            if (outcome.tooLong != null) {
                int effectiveMax = maxLength <= 0 ? 65535 : maxLength;
                assertThat(outcome.tooLong.length()).isGreaterThan(effectiveMax);
                assertThat(outcome.leftOver).isGreaterThanOrEqualTo(4);
            } else {
                assertThat(outcome.leftOver).isLessThanOrEqualTo(garbage.length);
            }
        }
    }

    private record Outcome(List<Message> messages, FrameTooLongException tooLong, int leftOver) {
    }

    /**
     * Feeds {@code bytes} to the decoder in random chunks through an accumulating buffer, as a
     * network reader would, and collects what comes out. Every loop is bounded.
     */
    private static Outcome feed(byte[] bytes, FrameDecoder decoder, Random random, int iteration) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1);
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        int rounds = 0;
        while (offset < bytes.length) {
            if (++rounds > bytes.length + 1) {
                fail("iteration %d: feeding did not finish", iteration);
            }
            int chunk = 1 + random.nextInt(Math.min(bytes.length - offset, random.nextBoolean() ? 8 : 300));
            buffer.put(bytes, offset, chunk);
            offset += chunk;
            buffer.flip();
            try {
                for (int calls = 0; ; calls++) {
                    if (calls > bytes.length) {
                        fail("iteration %d: decoder kept returning messages without running dry", iteration);
                    }
                    int before = buffer.position();
                    Message m;
                    m = decoder.next(buffer);
                    if (m == null) {
                        assertThat(buffer.position()).isEqualTo(before);
                        break;
                    }
                    assertThat(buffer.position()).isEqualTo(before + 4 + m.data().length());
                    messages.add(m);
                }
            } catch (FrameTooLongException e) {
                int leftOver = buffer.remaining() + (bytes.length - offset);
                return new Outcome(messages, e, leftOver);
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + iteration + ": unexpected " + e, e);
            }
            buffer.compact();
        }
        buffer.flip();
        return new Outcome(messages, null, buffer.remaining());
    }

    private static String randomData(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) random.nextInt(256);
        }
        return new String(chars);
    }

    private static void writeShort(byte[] bytes, int at, int value, ByteOrder order) {
        if (order == ByteOrder.BIG_ENDIAN) {
            bytes[at] = (byte) (value >>> 8);
            bytes[at + 1] = (byte) value;
        } else {
            bytes[at] = (byte) value;
            bytes[at + 1] = (byte) (value >>> 8);
        }
    }
}
