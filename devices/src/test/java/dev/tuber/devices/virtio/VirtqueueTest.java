package dev.tuber.devices.virtio;

import static dev.tuber.devices.virtio.MockVirtqueue.Buf.in;
import static dev.tuber.devices.virtio.MockVirtqueue.Buf.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Split-virtqueue processing (VirtIO 1.2 section 2.7) through a real device (virtio-blk on a temp
 * image): chains with gaps between their buffers, indirect tables, the used ring, index
 * wrap-around, and every kind of malformed ring the device must survive.
 */
class VirtqueueTest {
    static final int SIZE = 8;

    @TempDir
    Path dir;
    private VirtioFixture f;
    private Path image;
    private byte[] imageBytes;

    @BeforeEach
    void setUp() throws IOException {
        image = dir.resolve("disk.img");
        imageBytes = new byte[64 * 512];
        for (int i = 0; i < imageBytes.length; i++) {
            imageBytes[i] = (byte) (i * 7 + i / 512);
        }
        Files.write(image, imageBytes);
        f = new VirtioFixture();
        f.machine.drives().addDrive("if=none,id=d0,format=raw,file=" + image);
        f.device("virtio-blk-device,drive=d0");
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** A 16-byte virtio-blk request header in fresh guest memory. */
    private long header(int type, long sector) {
        long h = f.alloc(16);
        f.memory.writeU32(h, type);
        f.memory.writeU32(h + 4, 0);
        f.memory.writeU64(h + 8, sector);
        return h;
    }

    private MockVirtqueue ready() {
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, SIZE);
        f.driverOk();
        return q;
    }

    private byte[] sectors(long first, int bytes) {
        byte[] b = new byte[bytes];
        System.arraycopy(imageBytes, (int) (first * 512), b, 0, bytes);
        return b;
    }

    @Test
    void aChainWhoseBuffersHaveGapsBetweenThem() {
        MockVirtqueue q = ready();
        long h = header(VirtioBlk.T_IN, 3);
        long d1 = f.alloc(100);
        long d2 = f.alloc(700);
        long d3 = f.alloc(224);
        long st = f.alloc(1);
        int head = q.chain(in(h, 16), out(d1, 100), out(d2, 700), out(d3, 224), out(st, 1));
        q.publish(head);
        f.notifyQueue(0);

        assertEquals(1, q.usedIdx());
        assertEquals(head, q.usedId(0));
        assertEquals(1024 + 1, q.usedLen(0), "data and status were written");
        assertEquals(VirtioBlk.S_OK, f.memory.readU8(st));
        byte[] data = new byte[1024];
        f.memory.read(d1, data, 0, 100);
        f.memory.read(d2, data, 100, 700);
        f.memory.read(d3, data, 800, 224);
        assertArrayEquals(sectors(3, 1024), data);
        assertTrue(f.canariesIntact(h, 16, d1, 100, d2, 700, d3, 224, st, 1), "nothing written between the buffers");
    }

    @Test
    void indirectDescriptors() {
        assertTrue((f.deviceFeatures() & Virtio.bit(Virtio.F_INDIRECT_DESC)) != 0);
        MockVirtqueue q = ready();
        long table = f.alloc(16 * 4);
        long h = header(VirtioBlk.T_IN, 10);
        long d1 = f.alloc(512);
        long d2 = f.alloc(512);
        long st = f.alloc(1);
        int head = q.indirect(table, in(h, 16), out(d1, 512), out(d2, 512), out(st, 1));
        q.publish(head);
        f.notifyQueue(0);
        assertEquals(1, q.usedIdx());
        assertEquals(head, q.usedId(0), "the used element names the descriptor in the queue, not the table");
        assertEquals(1025, q.usedLen(0));
        assertEquals(VirtioBlk.S_OK, f.memory.readU8(st));
        assertArrayEquals(sectors(10, 512), f.bytes(d1, 512));
        assertArrayEquals(sectors(11, 512), f.bytes(d2, 512));
        assertTrue(f.canariesIntact(table, 64, h, 16, d1, 512, d2, 512, st, 1));
    }

    @Test
    void manyRequestsWrapTheRingsAndAreUsedInOrder() {
        MockVirtqueue q = ready();
        int requests = 3 * SIZE + 3;
        for (int r = 0; r < requests; r++) {
            long h = header(VirtioBlk.T_IN, r % 64);
            long d = f.alloc(512);
            long st = f.alloc(1);
            int head = r % 2 == 0 ? q.chain(in(h, 16), out(d, 512), out(st, 1)) : q.indirect(f.alloc(48), in(h, 16), out(d, 512), out(st, 1));
            q.publish(head);
            f.notifyQueue(0);
            assertEquals((r + 1) & 0xFFFF, q.usedIdx());
            assertEquals(head, q.usedId(r));
            assertArrayEquals(sectors(r % 64, 512), f.bytes(d, 512), "request " + r);
            f.acknowledge();
        }
    }

    @Test
    void severalBuffersPerNotification() {
        MockVirtqueue q = ready();
        long[] data = new long[5];
        for (int r = 0; r < 5; r++) {
            data[r] = f.alloc(512);
            // indirect: five requests fit in the eight descriptors of the queue
            q.publish(q.indirect(f.alloc(48), in(header(VirtioBlk.T_IN, 20 + r), 16), out(data[r], 512), out(f.alloc(1), 1)));
        }
        f.notifyQueue(0);
        assertEquals(5, q.usedIdx());
        for (int r = 0; r < 5; r++) {
            assertArrayEquals(sectors(20 + r, 512), f.bytes(data[r], 512));
        }
        assertEquals(Virtio.INTERRUPT_USED_BUFFER, f.acknowledge(), "one interrupt for the batch");
    }

    // --- malformed rings ---------------------------------------------------------------------------------

    /** A malformed request: {@code setup} makes it available; {@code expected} is part of the diagnostic. */
    private record Malformed(String name, String expected, BiConsumer<VirtqueueTest, MockVirtqueue> setup) {
    }

    private static final long OUTSIDE = 0x7000_0000_0000L;

    private static final List<Malformed> MALFORMED = List.of(
                    new Malformed("buffer outside RAM", "is not in guest RAM", (t, q) -> {
                        q.publish(q.chain(in(t.header(VirtioBlk.T_IN, 0), 16), out(OUTSIDE, 512), out(t.f.alloc(1), 1)));
                    }),
                    new Malformed("buffer running past the end of RAM", "is not in guest RAM", (t, q) -> {
                        long end = VirtioFixture.RAM + VirtioFixture.RAM_SIZE;
                        q.publish(q.chain(in(t.header(VirtioBlk.T_IN, 0), 16), out(end - 256, 512), out(t.f.alloc(1), 1)));
                    }),
                    new Malformed("length of 4 GiB - 1", "4 GiB", (t, q) -> {
                        q.publish(q.chain(in(t.header(VirtioBlk.T_IN, 0), 16), out(t.f.alloc(512), -1), out(t.f.alloc(1), 1)));
                    }),
                    new Malformed("descriptor loop", "loops", (t, q) -> {
                        q.writeDesc(0, t.header(VirtioBlk.T_IN, 0), 16, Virtio.DESC_F_NEXT, 1);
                        q.writeDesc(1, t.f.alloc(512), 512, Virtio.DESC_F_NEXT, 0);
                        q.publish(0);
                    }),
                    new Malformed("next outside the table", "outside its table", (t, q) -> {
                        q.writeDesc(0, t.header(VirtioBlk.T_IN, 0), 16, Virtio.DESC_F_NEXT, SIZE + 3);
                        q.publish(0);
                    }),
                    new Malformed("available entry beyond the queue", "is not a descriptor", (t, q) -> q.publish(SIZE)),
                    new Malformed("available index far ahead", "more than the queue size", (t, q) -> q.setAvailIdx(SIZE + 1)),
                    new Malformed("nested indirect table", "indirect descriptor inside an indirect table", (t, q) -> {
                        long inner = t.f.alloc(16);
                        long table = t.f.alloc(32);
                        q.writeDesc(table, 0, inner, 16, Virtio.DESC_F_INDIRECT, 0);
                        q.writeDesc(0, table, 16, Virtio.DESC_F_INDIRECT, 0);
                        q.publish(0);
                    }),
                    new Malformed("indirect with NEXT", "VIRTQ_DESC_F_NEXT", (t, q) -> {
                        q.writeDesc(0, t.f.alloc(32), 32, Virtio.DESC_F_INDIRECT | Virtio.DESC_F_NEXT, 1);
                        q.publish(0);
                    }),
                    new Malformed("indirect table of 24 bytes", "not a multiple of 16", (t, q) -> {
                        q.writeDesc(0, t.f.alloc(32), 24, Virtio.DESC_F_INDIRECT, 0);
                        q.publish(0);
                    }),
                    new Malformed("indirect table outside RAM", "indirect table", (t, q) -> {
                        q.writeDesc(0, OUTSIDE, 64, Virtio.DESC_F_INDIRECT, 0);
                        q.publish(0);
                    }),
                    new Malformed("loop inside an indirect table", "loops", (t, q) -> {
                        long table = t.f.alloc(32);
                        q.writeDesc(table, 0, t.header(VirtioBlk.T_IN, 0), 16, Virtio.DESC_F_NEXT, 1);
                        q.writeDesc(table, 1, t.f.alloc(16), 16, Virtio.DESC_F_NEXT, 0);
                        q.writeDesc(0, table, 32, Virtio.DESC_F_INDIRECT, 0);
                        q.publish(0);
                    }),
                    new Malformed("readable after writable", "device-readable descriptor after a device-writable one", (t, q) -> {
                        q.publish(q.chain(out(t.f.alloc(512), 512), in(t.header(VirtioBlk.T_IN, 0), 16), out(t.f.alloc(1), 1)));
                    }),
                    new Malformed("header in a write-only buffer", "no 16-byte device-readable header", (t, q) -> {
                        q.publish(q.chain(out(t.header(VirtioBlk.T_OUT, 0), 16), out(t.f.alloc(1), 1)));
                    }),
                    new Malformed("no status byte", "no device-writable status byte", (t, q) -> {
                        q.publish(q.chain(in(t.header(VirtioBlk.T_OUT, 0), 16), in(t.f.alloc(512), 512)));
                    }));

    @TestFactory
    Stream<DynamicTest> malformedRingsMakeTheDeviceNeedAReset() {
        return MALFORMED.stream().map(m -> DynamicTest.dynamicTest(m.name(), () -> {
            setUp();
            try {
                MockVirtqueue q = ready();
                long before = Files.size(image);
                m.setup().accept(this, q);
                byte[] buffers = f.bytes(VirtioFixture.RAM + 0x10000, VirtioFixture.RAM_SIZE - 0x10000);
                f.notifyQueue(0);

                assertNotEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET, m.name() + ": DEVICE_NEEDS_RESET");
                assertEquals(0, q.usedIdx(), "nothing was used");
                assertTrue(f.interruptLine(), "2.1.2: configuration change notification");
                assertEquals(Virtio.INTERRUPT_CONFIG_CHANGE, f.acknowledge());
                String errors = f.errors();
                assertTrue(errors.contains(m.expected()), m.name() + ": " + errors);
                assertEquals(1, errors.lines().count(), "one diagnostic line: " + errors);
                assertArrayEquals(buffers, f.bytes(VirtioFixture.RAM + 0x10000, VirtioFixture.RAM_SIZE - 0x10000),
                                "no guest memory outside the rings was written");
                assertArrayEquals(imageBytes, Files.readAllBytes(image), "the image is unchanged");
                assertEquals(before, Files.size(image));

                // the broken device ignores the queue and says nothing more
                f.notifyQueue(0);
                assertEquals(0, q.usedIdx());
                assertEquals(1, f.errors().lines().count(), "reported once");

                // after a reset it works again
                MockVirtqueue fresh = ready();
                assertEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET);
                long d = f.alloc(512);
                fresh.publish(fresh.chain(in(header(VirtioBlk.T_IN, 1), 16), out(d, 512), out(f.alloc(1), 1)));
                f.notifyQueue(0);
                assertEquals(1, fresh.usedIdx());
                assertArrayEquals(sectors(1, 512), f.bytes(d, 512));
            } finally {
                close();
            }
        }));
    }

    @Test
    void indirectDescriptorsNeedTheFeature() {
        assertTrue(f.init(Virtio.bit(Virtio.F_VERSION_1)));
        MockVirtqueue q = f.queue(0, SIZE);
        f.driverOk();
        q.publish(q.indirect(f.alloc(48), in(header(VirtioBlk.T_IN, 0), 16), out(f.alloc(512), 512), out(f.alloc(1), 1)));
        f.notifyQueue(0);
        assertNotEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET);
        assertTrue(f.errors().contains("without VIRTIO_F_INDIRECT_DESC"), f.errors());
        assertFalse(f.errors().isEmpty());
    }
}
