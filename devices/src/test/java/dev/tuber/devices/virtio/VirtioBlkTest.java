package dev.tuber.devices.virtio;

import static dev.tuber.devices.virtio.MockVirtqueue.Buf.in;
import static dev.tuber.devices.virtio.MockVirtqueue.Buf.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.isa.spi.BoardException;

/** virtio-blk (VirtIO 1.2 section 5.2) against a temporary raw image file. */
class VirtioBlkTest {
    static final int SECTORS = 128;

    @TempDir
    Path dir;
    private VirtioFixture f;
    private Path image;
    private byte[] original;

    private MockVirtqueue start(String driveOptions, String deviceOptions) throws IOException {
        image = dir.resolve("disk.img");
        original = new byte[SECTORS * 512];
        for (int i = 0; i < original.length; i++) {
            original[i] = (byte) (i ^ (i >>> 9));
        }
        Files.write(image, original);
        f = new VirtioFixture();
        f.machine.drives().addDrive("if=none,id=hd0,format=raw,file=" + image + driveOptions);
        f.device("virtio-blk-device,drive=hd0" + deviceOptions);
        assertTrue(f.init());
        MockVirtqueue q = f.queue(0, 16);
        f.driverOk();
        return q;
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private long header(int type, long sector) {
        long h = f.alloc(16);
        f.memory.writeU32(h, type);
        f.memory.writeU64(h + 8, sector);
        return h;
    }

    /** Sends one request; returns its status byte. */
    private int request(MockVirtqueue q, MockVirtqueue.Buf... bufs) {
        int before = q.usedIdx();
        q.publish(q.chain(bufs));
        f.notifyQueue(0);
        assertEquals(before + 1, q.usedIdx(), "the request was used");
        f.acknowledge();
        MockVirtqueue.Buf status = bufs[bufs.length - 1];
        return f.memory.readU8(status.address());
    }

    private int lastUsedLen(MockVirtqueue q) {
        return q.usedLen(q.usedIdx() - 1);
    }

    private byte[] fileSectors(long first, int count) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(image), (int) first * 512, (int) (first + count) * 512);
    }

    private static long config64(VirtioFixture f, int offset) {
        long low = f.read(VirtioMmio.CONFIG + offset) & 0xFFFF_FFFFL;
        long high = f.read(VirtioMmio.CONFIG + offset + 4) & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    @Test
    void featuresAndConfiguration() throws IOException {
        start("", "");
        long features = f.deviceFeatures();
        assertEquals(Virtio.bit(VirtioBlk.F_SEG_MAX) | Virtio.bit(VirtioBlk.F_BLK_SIZE) | Virtio.bit(VirtioBlk.F_FLUSH),
                        features & 0xFF_FFFFL, "device features (bits 0..23)");
        assertEquals(Virtio.ID_BLOCK, f.read(VirtioMmio.DEVICE_ID));
        assertEquals(SECTORS, config64(f, 0), "capacity in 512-byte sectors");
        assertEquals(254, f.read(VirtioMmio.CONFIG + 12), "seg_max");
        assertEquals(512, f.read(VirtioMmio.CONFIG + 20), "blk_size");
        assertEquals(SECTORS & 0xFF, f.machine.memory().read(VirtioFixture.MMIO + VirtioMmio.CONFIG, 1), "byte access to config");
        assertEquals(0, f.read(VirtioMmio.CONFIG + 64), "beyond the configuration space");
        int generation = f.read(VirtioMmio.CONFIG_GENERATION);
        config64(f, 0);
        assertEquals(generation, f.read(VirtioMmio.CONFIG_GENERATION), "a stable configuration keeps its generation");
    }

    @Test
    void readsSectors() throws IOException {
        MockVirtqueue q = start("", "");
        long d = f.alloc(1536);
        long st = f.alloc(1);
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_IN, 40), 16), out(d, 1536), out(st, 1)));
        assertEquals(1537, lastUsedLen(q));
        assertArrayEquals(Arrays.copyOfRange(original, 40 * 512, 43 * 512), f.bytes(d, 1536));
    }

    @Test
    void writesReachTheImageFile() throws IOException {
        MockVirtqueue q = start("", "");
        byte[] data = new byte[1024];
        Arrays.fill(data, 0, 512, (byte) 0x5A);
        for (int i = 512; i < 1024; i++) {
            data[i] = (byte) i;
        }
        long d1 = f.alloc(300);
        long d2 = f.alloc(724);
        f.memory.write(d1, data, 0, 300);
        f.memory.write(d2, data, 300, 724);
        long st = f.alloc(1);
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_OUT, 7), 16), in(d1, 300), in(d2, 724), out(st, 1)));
        assertEquals(1, lastUsedLen(q), "only the status byte was written");
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_FLUSH, 0), 16), out(f.alloc(1), 1)));
        assertArrayEquals(data, fileSectors(7, 2), "the data is in the file");
        assertArrayEquals(Arrays.copyOfRange(original, 6 * 512, 7 * 512), fileSectors(6, 1), "neighbours untouched");
        assertArrayEquals(Arrays.copyOfRange(original, 9 * 512, 10 * 512), fileSectors(9, 1));

        // and it reads back through the device
        long back = f.alloc(1024);
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_IN, 7), 16), out(back, 1024), out(f.alloc(1), 1)));
        assertArrayEquals(data, f.bytes(back, 1024));
        f.close();
        f = null;
        assertArrayEquals(data, fileSectors(7, 2), "still there after the machine closed");
    }

    @Test
    void getIdReturnsTheSerialNulPadded() throws IOException {
        MockVirtqueue q = start("", ",serial=tuber-disk-1");
        long id = f.alloc(20);
        f.memory.write(id, new byte[20], 0, 20);
        f.memory.writeU8(id + 19, 0x77);
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_GET_ID, 0), 16), out(id, 20), out(f.alloc(1), 1)));
        byte[] want = new byte[20];
        byte[] serial = "tuber-disk-1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(serial, 0, want, 0, serial.length);
        assertArrayEquals(want, f.bytes(id, 20));
        assertEquals(21, lastUsedLen(q));
    }

    @Test
    void unsupportedRequestsAndBadRanges() throws IOException {
        MockVirtqueue q = start("", "");
        assertEquals(VirtioBlk.S_UNSUPP, request(q, in(header(VirtioBlk.T_DISCARD, 0), 16), in(f.alloc(16), 16), out(f.alloc(1), 1)));
        assertEquals(VirtioBlk.S_UNSUPP, request(q, in(header(99, 0), 16), out(f.alloc(1), 1)));
        long d = f.alloc(1024);
        f.memory.write(d, new byte[1024], 0, 1024);
        assertEquals(VirtioBlk.S_IOERR, request(q, in(header(VirtioBlk.T_OUT, SECTORS - 1), 16), in(d, 1024), out(f.alloc(1), 1)),
                        "the last sector plus one beyond the end");
        assertEquals(VirtioBlk.S_IOERR, request(q, in(header(VirtioBlk.T_IN, -1L), 16), out(d, 512), out(f.alloc(1), 1)));
        assertEquals(VirtioBlk.S_IOERR, request(q, in(header(VirtioBlk.T_OUT, 0), 16), in(d, 100), out(f.alloc(1), 1)),
                        "not a whole sector");
        assertArrayEquals(original, Files.readAllBytes(image), "nothing was written");
        assertEquals(0, f.status() & Virtio.STATUS_DEVICE_NEEDS_RESET, "the driver's requests were well-formed");
    }

    @Test
    void aReadOnlyDriveOffersRoAndRefusesWrites() throws IOException {
        MockVirtqueue q = start(",readonly=on", "");
        assertNotEquals(0, f.transport.negotiatedFeatures() & Virtio.bit(VirtioBlk.F_RO));
        long d = f.alloc(512);
        f.memory.write(d, new byte[512], 0, 512);
        assertEquals(VirtioBlk.S_IOERR, request(q, in(header(VirtioBlk.T_OUT, 3), 16), in(d, 512), out(f.alloc(1), 1)));
        assertArrayEquals(original, Files.readAllBytes(image));
        assertEquals(VirtioBlk.S_OK, request(q, in(header(VirtioBlk.T_IN, 3), 16), out(d, 512), out(f.alloc(1), 1)));
        assertArrayEquals(Arrays.copyOfRange(original, 3 * 512, 4 * 512), f.bytes(d, 512));
    }

    @Test
    void theDrivePropertyIsRequired() {
        f = new VirtioFixture();
        BoardException e = assertThrows(BoardException.class, () -> f.device("virtio-blk-device"));
        assertTrue(e.getMessage().contains("drive property not set"), e.getMessage());
        e = assertThrows(BoardException.class, () -> f.device("virtio-blk-device,drive=nope"));
        assertTrue(e.getMessage().contains("can't find value 'nope'"), e.getMessage());
    }

    @Test
    void oneDrivePerDevice() throws IOException {
        start("", "");
        // a second transport for a second device on the same drive
        VirtioMmio second = f.machine.devices().createSysBus(VirtioMmio.TYPE, d -> d.set(VirtioMmio.INDEX, 1L));
        second.mapMmio(0, VirtioFixture.MMIO + 0x1000);
        BoardException e = assertThrows(BoardException.class, () -> f.machine.devices().addFromOptions("virtio-blk-device,drive=hd0"));
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
    }
}
