package dev.tuber.devices.virtio;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.Device;
import dev.tuber.machine.qdev.DeviceType;

/**
 * A virtio device (QEMU's {@code VirtIODevice}): it plugs into the one-slot virtio bus of a
 * transport ({@code virtio-mmio} on virt) and implements only what is specific to it: its device
 * ID, its feature bits, its configuration space and the handling of its queues. The transport owns
 * the registers, the device status state machine, feature negotiation, the queues' configuration
 * and interrupts (VirtIO 1.2 chapters 2 and 4; see {@link VirtioMmio}).
 *
 * <p>The transport calls every method below under its lock, so implementations need no locking
 * for state they touch only from these calls.
 */
public abstract class VirtioDevice extends Device {
    /** The bus of a virtio transport ({@code -device help} shows it as {@code virtio-bus}). */
    public static final BusType BUS = new BusType("virtio-bus");

    private VirtioTransport transport;

    protected VirtioDevice(DeviceType<?> type) {
        super(type);
    }

    /** The device ID (VirtIO 1.2 chapter 5), e.g. {@link Virtio#ID_BLOCK}. */
    public abstract int deviceId();

    /**
     * The device-specific feature bits offered (bits 0..23, and any others the device implements);
     * the transport adds the transport features (VERSION_1, INDIRECT_DESC, RING_RESET). Only offer
     * what the back end can do.
     */
    public abstract long deviceFeatures();

    /** How many virtqueues the device has. */
    public abstract int queueCount();

    /** The largest size queue {@code queue} may have (QueueNumMax). */
    public abstract int queueMaxSize(int queue);

    /** Size of the device-specific configuration space in bytes. */
    public int configSize() {
        return 0;
    }

    /**
     * Reads {@code size} bytes (1, 2 or 4) of the configuration space at {@code offset}, which lies
     * inside it; little-endian (2.5).
     */
    public long readConfig(int offset, int size) {
        return 0;
    }

    /** Writes the configuration space (most fields are read-only: the default ignores writes). */
    public void writeConfig(int offset, int size, long value) {
    }

    /**
     * Whether the device can work with the features the driver accepted (a subset of those
     * offered); refusing keeps FEATURES_OK clear (2.2.2).
     */
    public boolean acceptFeatures(long features) {
        return true;
    }

    /**
     * The driver made buffers available in {@code queue} (or the device was just started): take
     * them with {@link Virtqueue#pop()}, handle them and return them with {@link Virtqueue#push}.
     * The transport sends the used buffer notification afterwards. Throw {@link
     * VirtqueueException} for a malformed request the device cannot answer.
     */
    public abstract void handleQueue(Virtqueue queue);

    /** Device reset (2.4): back to the state before the driver touched the device. */
    public void resetDevice() {
    }

    /** The transport this device is plugged into; null before realize. */
    public final VirtioTransport transport() {
        return transport;
    }

    @Override
    protected void onRealize() {
        if (!(parentBus().owner() instanceof VirtioTransport t)) {
            throw new BoardException(type().name() + " must be plugged into a virtio transport's bus");
        }
        realizeDevice();
        transport = t;
        if (t instanceof VirtioMmio mmio) {
            mmio.plugged(this);
        }
    }

    /** Device-specific realize: check properties, claim back ends. */
    protected void realizeDevice() {
    }

    @Override
    protected void onUnrealize() {
        if (transport instanceof VirtioMmio mmio) {
            mmio.unplugged(this);
        }
        transport = null;
    }
}
