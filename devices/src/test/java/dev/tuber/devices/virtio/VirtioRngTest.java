package dev.tuber.devices.virtio;

import static dev.tuber.devices.virtio.MockVirtqueue.Buf.in;
import static dev.tuber.devices.virtio.MockVirtqueue.Buf.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** virtio-rng (VirtIO 1.2 section 5.4). */
class VirtioRngTest {
    private final VirtioFixture f = new VirtioFixture().device("virtio-rng-device");

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void fillsDeviceWritableBuffersWithRandomBytes() {
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        long a = f.alloc(64);
        long b1 = f.alloc(40);
        long b2 = f.alloc(24);
        int h1 = q.chain(out(a, 64));
        int h2 = q.chain(out(b1, 40), out(b2, 24));
        q.publish(h1);
        q.publish(h2);
        f.notifyQueue(0);
        assertEquals(2, q.usedIdx());
        assertEquals(h1, q.usedId(0));
        assertEquals(64, q.usedLen(0));
        assertEquals(h2, q.usedId(1));
        assertEquals(64, q.usedLen(1));
        byte[] first = f.bytes(a, 64);
        byte[] second = new byte[64];
        System.arraycopy(f.bytes(b1, 40), 0, second, 0, 40);
        System.arraycopy(f.bytes(b2, 24), 0, second, 40, 24);
        assertFalse(Arrays.equals(first, second), "two requests get different bytes");
        assertFalse(allCanary(first), "the buffer was filled");
        assertTrue(f.canariesIntact(a, 64, b1, 40, b2, 24));
        assertTrue(f.interruptLine());
    }

    @Test
    void aBufferWithNothingWritableGetsNothing() {
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 8);
        f.driverOk();
        long a = f.alloc(16);
        q.publish(q.chain(in(a, 16)));
        f.notifyQueue(0);
        assertEquals(1, q.usedIdx());
        assertEquals(0, q.usedLen(0));
        assertTrue(f.canariesIntact(), "a device-readable buffer is not written");
    }

    private static boolean allCanary(byte[] b) {
        for (byte x : b) {
            if (x != VirtioFixture.CANARY) {
                return false;
            }
        }
        return true;
    }
}
