package dev.tuber.devices.virtio;

import java.util.Arrays;

import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.Machine;
import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.memory.MemoryBlock;
import dev.tuber.machine.time.MachineClock;

/**
 * A machine with 1 MiB of RAM and one virtio-mmio transport, driven through its registers as a
 * driver would ({@link #init}, {@link #queue}, {@link #driverOk}, {@link #notifyQueue}). Guest
 * buffers come from {@link #alloc}, which leaves a gap filled with a canary pattern after each one,
 * so that {@link #canariesIntact} tells whether a device wrote outside the buffers it was given.
 */
final class VirtioFixture implements AutoCloseable {
    static final long RAM = 0x80000000L;
    static final int RAM_SIZE = 1 << 20;
    static final long MMIO = 0x10001000L;
    static final byte CANARY = (byte) 0xA5;

    final FakeHost host = new FakeHost();
    final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");
    final GuestMemory memory = machine.guestMemory();
    final VirtioMmio transport;
    private long next = RAM + 0x10000; // the first 64 KiB hold the rings
    private long ringNext = RAM;

    VirtioFixture() {
        MemoryBlock ram = machine.allocateRam("ram", RAM_SIZE);
        machine.memory().addMemory(RAM, ram);
        byte[] fill = new byte[RAM_SIZE];
        Arrays.fill(fill, CANARY);
        memory.write(RAM, fill, 0, fill.length);
        transport = machine.devices().createSysBus(VirtioMmio.TYPE, d -> {
        });
        transport.mapMmio(0, MMIO);
    }

    /** Adds a device with {@code -device} syntax and resets the machine (power-on). */
    VirtioFixture device(String options) {
        machine.devices().addFromOptions(options);
        machine.reset();
        return this;
    }

    int read(int offset) {
        return (int) machine.memory().read(MMIO + offset, 4);
    }

    void write(int offset, long value) {
        machine.memory().write(MMIO + offset, 4, value);
    }

    long deviceFeatures() {
        write(VirtioMmio.DEVICE_FEATURES_SEL, 0);
        long low = read(VirtioMmio.DEVICE_FEATURES) & 0xFFFF_FFFFL;
        write(VirtioMmio.DEVICE_FEATURES_SEL, 1);
        long high = read(VirtioMmio.DEVICE_FEATURES) & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    void writeDriverFeatures(long features) {
        write(VirtioMmio.DRIVER_FEATURES_SEL, 0);
        write(VirtioMmio.DRIVER_FEATURES, features & 0xFFFF_FFFFL);
        write(VirtioMmio.DRIVER_FEATURES_SEL, 1);
        write(VirtioMmio.DRIVER_FEATURES, features >>> 32);
    }

    int status() {
        return read(VirtioMmio.STATUS);
    }

    /** 3.1.1 up to FEATURES_OK with {@code features}; returns whether the device kept FEATURES_OK. */
    boolean init(long features) {
        write(VirtioMmio.STATUS, 0);
        write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE);
        write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE | Virtio.STATUS_DRIVER);
        writeDriverFeatures(features);
        write(VirtioMmio.STATUS, Virtio.STATUS_ACKNOWLEDGE | Virtio.STATUS_DRIVER | Virtio.STATUS_FEATURES_OK);
        return (status() & Virtio.STATUS_FEATURES_OK) != 0;
    }

    /** Accepts every offered feature. */
    boolean init() {
        return init(deviceFeatures());
    }

    void driverOk() {
        write(VirtioMmio.STATUS, status() | Virtio.STATUS_DRIVER_OK);
    }

    /** Allocates ring memory (aligned, no gaps needed). */
    long ring(int bytes) {
        long at = (ringNext + 15) & ~15L;
        ringNext = at + bytes;
        return at;
    }

    /**
     * Allocates a buffer of {@code length} bytes and leaves a gap of a few bytes (more each time)
     * behind it that keeps the canary pattern.
     */
    long alloc(int length) {
        long at = next;
        next += length + 24 + (next % 7) * 8;
        if (next > RAM + RAM_SIZE) {
            throw new IllegalStateException("fixture RAM exhausted");
        }
        return at;
    }

    /** Sets up queue {@code index} with {@code size} entries and enables it; returns its mock driver side. */
    MockVirtqueue queue(int index, int size) {
        MockVirtqueue q = new MockVirtqueue(memory, size, ring(16 * size), ring(6 + 2 * size), ring(6 + 8 * size));
        write(VirtioMmio.QUEUE_SEL, index);
        write(VirtioMmio.QUEUE_NUM, size);
        write(VirtioMmio.QUEUE_DESC_LOW, q.desc & 0xFFFF_FFFFL);
        write(VirtioMmio.QUEUE_DESC_HIGH, q.desc >>> 32);
        write(VirtioMmio.QUEUE_DRIVER_LOW, q.avail & 0xFFFF_FFFFL);
        write(VirtioMmio.QUEUE_DRIVER_HIGH, q.avail >>> 32);
        write(VirtioMmio.QUEUE_DEVICE_LOW, q.used & 0xFFFF_FFFFL);
        write(VirtioMmio.QUEUE_DEVICE_HIGH, q.used >>> 32);
        write(VirtioMmio.QUEUE_READY, 1);
        return q;
    }

    void notifyQueue(int index) {
        write(VirtioMmio.QUEUE_NOTIFY, index);
    }

    boolean interruptLine() {
        return transport.irq(0).level();
    }

    /** Reads InterruptStatus and acknowledges it, as Linux's vm_interrupt does. */
    int acknowledge() {
        int s = read(VirtioMmio.INTERRUPT_STATUS);
        write(VirtioMmio.INTERRUPT_ACK, s);
        return s;
    }

    byte[] bytes(long address, int length) {
        byte[] b = new byte[length];
        memory.read(address, b, 0, length);
        return b;
    }

    /** Whether every byte outside the buffers handed out so far still holds the canary. */
    boolean canariesIntact(long... buffersAndLengths) {
        byte[] all = bytes(RAM + 0x10000, (int) (next - RAM - 0x10000));
        for (int i = 0; i < buffersAndLengths.length; i += 2) {
            int from = (int) (buffersAndLengths[i] - RAM - 0x10000);
            Arrays.fill(all, from, from + (int) buffersAndLengths[i + 1], CANARY);
        }
        for (byte b : all) {
            if (b != CANARY) {
                return false;
            }
        }
        return true;
    }

    String errors() {
        return host.errors();
    }

    @Override
    public void close() {
        machine.close();
    }
}
