package dev.tuber.devices.virtio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.block.BlockBackend;
import dev.tuber.machine.block.Drive;
import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;

/**
 * The virtio block device (VirtIO 1.2 section 5.2; QEMU's {@code virtio-blk-device}) on a {@code
 * -drive} or {@code -blockdev} back end ({@code drive=ID}). One request queue; requests (5.2.6)
 * are a device-readable header {@code le32 type, le32 reserved, le64 sector}, data, and a
 * device-writable status byte:
 *
 * <ul>
 * <li>{@code IN} (0) reads sectors into the writable data, {@code OUT} (1) writes the readable data
 * (refused with IOERR on a read-only drive);
 * <li>{@code FLUSH} (4) makes written data durable (the back end's flush);
 * <li>{@code GET_ID} (8) returns the {@code serial} property, at most 20 bytes, NUL-padded;
 * <li>anything else gets {@code VIRTIO_BLK_S_UNSUPP}.
 * </ul>
 *
 * Features offered: SEG_MAX, BLK_SIZE (512), FLUSH, and RO when the drive is read-only; nothing
 * the back end cannot do (no discard or write-zeroes). Sectors are 512 bytes; a request that
 * reaches past the end of the image or is not a whole number of sectors fails with IOERR and
 * changes nothing. A request without a header or without a status byte is a driver error: the
 * device then needs a reset.
 */
public final class VirtioBlk extends VirtioDevice {
    public static final Property<Drive> DRIVE = Property.drive("drive", "Node name or ID of a block device to use as a backend");
    public static final Property<String> SERIAL = Property.string("serial", null, "disk serial number (GET_ID), at most 20 bytes");
    public static final Property<Long> QUEUE_SIZE = Property.uint16("queue-size", 256, "size of the request queue (a power of two, 2..1024)");

    public static final DeviceType<VirtioBlk> TYPE = DeviceType.builder("virtio-blk-device", VirtioBlk::new)
                    .description("virtio block device")
                    .category(DeviceCategory.STORAGE)
                    .bus(VirtioDevice.BUS)
                    .properties(DRIVE, SERIAL, QUEUE_SIZE)
                    .build();

    // 5.2.3 Feature bits
    public static final int F_SIZE_MAX = 1;
    public static final int F_SEG_MAX = 2;
    public static final int F_GEOMETRY = 4;
    public static final int F_RO = 5;
    public static final int F_BLK_SIZE = 6;
    public static final int F_FLUSH = 9;
    public static final int F_TOPOLOGY = 10;
    public static final int F_CONFIG_WCE = 11;
    public static final int F_DISCARD = 13;
    public static final int F_WRITE_ZEROES = 14;

    // 5.2.6 Device Operation
    public static final int T_IN = 0;
    public static final int T_OUT = 1;
    public static final int T_FLUSH = 4;
    public static final int T_GET_ID = 8;
    public static final int T_DISCARD = 11;
    public static final int T_WRITE_ZEROES = 13;
    public static final int S_OK = 0;
    public static final int S_IOERR = 1;
    public static final int S_UNSUPP = 2;

    public static final int SECTOR_SIZE = 512;
    public static final int HEADER_SIZE = 16;
    /** Bytes of a GET_ID answer. */
    public static final int ID_BYTES = 20;
    /** 5.2.4: configuration space up to and including num_queues. */
    public static final int CONFIG_SIZE = 36;
    /** Data moves between the image and guest memory in pieces of this size. */
    private static final int CHUNK = 128 * 1024;

    private Drive drive;
    private BlockBackend backend;
    private byte[] serial;
    private int queueSize;
    private boolean ioErrorReported;

    private VirtioBlk(DeviceType<VirtioBlk> type) {
        super(type);
    }

    @Override
    protected void realizeDevice() {
        drive = get(DRIVE);
        if (drive == null) {
            throw new BoardException("virtio-blk-device: drive property not set (add drive=ID naming a -drive if=none,id=ID)");
        }
        backend = drive.backend();
        serial = get(SERIAL) == null ? new byte[0] : get(SERIAL).getBytes(StandardCharsets.UTF_8);
        if (serial.length > ID_BYTES) {
            throw new BoardException("virtio-blk-device: serial '" + get(SERIAL) + "' is longer than " + ID_BYTES + " bytes");
        }
        long qs = get(QUEUE_SIZE);
        if (qs < 2 || qs > 1024 || Long.bitCount(qs) != 1) {
            throw new BoardException("virtio-blk-device: queue-size must be a power of two in 2..1024, not " + qs);
        }
        queueSize = (int) qs;
    }

    /** The drive this device uses. */
    public Drive drive() {
        return drive;
    }

    @Override
    public int deviceId() {
        return Virtio.ID_BLOCK;
    }

    @Override
    public long deviceFeatures() {
        long f = Virtio.bit(F_SEG_MAX) | Virtio.bit(F_BLK_SIZE) | Virtio.bit(F_FLUSH);
        if (backend.isReadOnly()) {
            f |= Virtio.bit(F_RO);
        }
        return f;
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public int queueMaxSize(int queue) {
        return queueSize;
    }

    /** Capacity in 512-byte sectors. */
    public long capacity() {
        return backend.size() / SECTOR_SIZE;
    }

    @Override
    public int configSize() {
        return CONFIG_SIZE;
    }

    @Override
    public long readConfig(int offset, int size) {
        byte[] config = new byte[CONFIG_SIZE];
        putLe(config, 0, 8, capacity());
        putLe(config, 12, 4, queueSize - 2); // seg_max: the header and status take two descriptors
        putLe(config, 20, 4, SECTOR_SIZE); // blk_size
        putLe(config, 34, 2, 1); // num_queues (meaningful only with VIRTIO_BLK_F_MQ)
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (config[offset + i] & 0xFF);
        }
        return v;
    }

    private static void putLe(byte[] b, int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public void handleQueue(Virtqueue queue) {
        GuestMemory memory = transport().memory();
        VirtqueueElement e;
        while ((e = queue.pop()) != null) {
            queue.push(e, handleRequest(memory, e));
        }
    }

    /** Executes one request and writes its status; returns the bytes written to the guest. */
    private long handleRequest(GuestMemory memory, VirtqueueElement e) {
        if (e.readableLength() < HEADER_SIZE) {
            throw new VirtqueueException("virtio-blk request " + e.head() + " has no 16-byte device-readable header (" + e.readableLength()
                            + " readable bytes)");
        }
        if (e.writableLength() < 1) {
            throw new VirtqueueException("virtio-blk request " + e.head() + " has no device-writable status byte");
        }
        byte[] header = new byte[HEADER_SIZE];
        e.read(memory, 0, header, 0, HEADER_SIZE);
        int type = (int) getLe(header, 0, 4);
        long sector = getLe(header, 8, 8);
        long statusAt = e.writableLength() - 1;
        int status;
        long written = 1;
        switch (type) {
            case T_IN -> {
                long length = e.writableLength() - 1;
                status = rangeOk(sector, length) ? transfer(memory, e, sector, length, true) : S_IOERR;
                if (status == S_OK) {
                    written += length;
                }
            }
            case T_OUT -> {
                long length = e.readableLength() - HEADER_SIZE;
                if (backend.isReadOnly()) {
                    status = S_IOERR; // 5.2.6.2: no data is written with VIRTIO_BLK_F_RO
                } else {
                    status = rangeOk(sector, length) ? transfer(memory, e, sector, length, false) : S_IOERR;
                }
            }
            case T_FLUSH -> {
                try {
                    backend.flush();
                    status = S_OK;
                } catch (IOException ex) {
                    reportIoError("flush", ex);
                    status = S_IOERR;
                }
            }
            case T_GET_ID -> {
                int n = (int) Math.min(ID_BYTES, e.writableLength() - 1);
                byte[] id = new byte[n];
                System.arraycopy(serial, 0, id, 0, Math.min(n, serial.length));
                e.write(memory, 0, id, 0, n);
                written += n;
                status = S_OK;
            }
            default -> status = S_UNSUPP;
        }
        e.write(memory, statusAt, new byte[] {(byte) status}, 0, 1);
        return written;
    }

    /** Whether {@code length} bytes at {@code sector} are whole sectors inside the image. */
    private boolean rangeOk(long sector, long length) {
        if (length % SECTOR_SIZE != 0) {
            return false;
        }
        long sectors = length / SECTOR_SIZE;
        long capacity = capacity();
        return Long.compareUnsigned(sector, capacity) <= 0 && sectors <= capacity - sector;
    }

    /** Moves {@code length} bytes between the image at {@code sector} and the request's data. */
    private int transfer(GuestMemory memory, VirtqueueElement e, long sector, long length, boolean read) {
        byte[] buffer = new byte[(int) Math.min(CHUNK, length)];
        long done = 0;
        try {
            while (done < length) {
                int n = (int) Math.min(buffer.length, length - done);
                long at = sector * SECTOR_SIZE + done;
                if (read) {
                    backend.read(at, buffer, 0, n);
                    e.write(memory, done, buffer, 0, n);
                } else {
                    e.read(memory, HEADER_SIZE + done, buffer, 0, n);
                    backend.write(at, buffer, 0, n);
                }
                done += n;
            }
            return S_OK;
        } catch (IOException ex) {
            reportIoError(read ? "read" : "write", ex);
            return S_IOERR;
        }
    }

    private void reportIoError(String what, IOException ex) {
        if (!ioErrorReported) {
            ioErrorReported = true;
            machine().warn("virtio-blk-device on " + drive.describe() + ": " + what + " failed: " + ex.getMessage()
                            + " (the guest gets I/O errors; further errors are not reported)");
        }
    }

    private static long getLe(byte[] b, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
