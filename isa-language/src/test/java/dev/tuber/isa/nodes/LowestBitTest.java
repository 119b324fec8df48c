package dev.tuber.isa.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The interpreter tier's register-mask iteration finds the same bits as the JDK. */
class LowestBitTest {

    @Test
    void everySingleBit() {
        for (int k = 0; k < 64; k++) {
            assertEquals(k, RegionRootNode.lowestBit(1L << k), "bit " + k);
        }
    }

    @Test
    void masksWithHigherBitsSet() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long m = random.nextLong();
            if (m == 0) {
                continue;
            }
            assertEquals(Long.numberOfTrailingZeros(m), RegionRootNode.lowestBit(m), Long.toHexString(m));
        }
        assertEquals(63, RegionRootNode.lowestBit(Long.MIN_VALUE));
        assertEquals(0, RegionRootNode.lowestBit(-1L));
    }
}
