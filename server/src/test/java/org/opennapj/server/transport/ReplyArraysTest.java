package org.opennapj.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ReplyArraysTest {

    @Test
    void anArrayGivenBackIsTakenAgainForTheSameSize() {
        ReplyArrays arrays = new ReplyArrays();
        byte[] a = arrays.take(100);
        assertEquals(ReplyArrays.SMALLEST, a.length);
        byte[] b = arrays.take(ReplyArrays.SMALLEST + 1);
        assertEquals(2 * ReplyArrays.SMALLEST, b.length);
        arrays.give(a);
        arrays.give(b);
        assertSame(a, arrays.take(ReplyArrays.SMALLEST));
        assertSame(b, arrays.take(600));
        assertNotSame(a, arrays.take(10), "an array is handed out once per give");
    }

    @Test
    void withAssertionsOnAGivenBackArrayIsOverwritten() {
        boolean assertions = false;
        assert assertions = true;
        org.junit.jupiter.api.Assumptions.assumeTrue(assertions, "assertions are off");
        ReplyArrays arrays = new ReplyArrays();
        byte[] a = arrays.take(10);
        java.util.Arrays.fill(a, (byte) 'x');
        arrays.give(a);
        for (byte b : a) {
            assertEquals(ReplyArrays.POISON, b);
        }
    }

    @Test
    void oddSizesAndHugeArraysAreLeftToTheCollector() {
        ReplyArrays arrays = new ReplyArrays();
        arrays.give(new byte[700]);
        assertEquals(0, arrays.kept(1024));
        byte[] huge = arrays.take(1 << 20);
        assertEquals(1 << 20, huge.length);
        arrays.give(huge);
        assertNotSame(huge, arrays.take(1 << 20));
    }

    @Test
    void eachSizeKeepsABoundedNumber() {
        ReplyArrays arrays = new ReplyArrays();
        for (int i = 0; i < 10_000; i++) {
            arrays.give(new byte[64 * 1024]);
            arrays.give(new byte[ReplyArrays.SMALLEST]);
        }
        assertEquals(4, arrays.kept(64 * 1024));
        assertEquals(512, arrays.kept(ReplyArrays.SMALLEST));
    }
}
