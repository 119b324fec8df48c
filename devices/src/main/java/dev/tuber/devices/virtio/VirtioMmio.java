package dev.tuber.devices.virtio;

import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SlotBus;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * The virtio-mmio transport, version 2 (VirtIO 1.2 section 4.2; the legacy version-1 layout is not
 * implemented). It offers a virtio bus with one slot ({@code virtio-mmio-bus.N}); without a device
 * it reads as device ID 0, which drivers skip (4.2.3.1.1). Registers (4.2.2), all 32 bits wide:
 *
 * <pre>
 * 0x000 MagicValue "virt"        0x050 QueueNotify (W)
 * 0x004 Version 2                0x060 InterruptStatus        0x064 InterruptACK (W)
 * 0x008 DeviceID                 0x070 Status
 * 0x00c VendorID "QEMU"          0x080/0x084 QueueDescLow/High (W)
 * 0x010 DeviceFeatures           0x090/0x094 QueueDriverLow/High (W)
 * 0x014 DeviceFeaturesSel (W)    0x0a0/0x0a4 QueueDeviceLow/High (W)
 * 0x020 DriverFeatures (W)       0x0ac SHMSel (W), 0x0b0..0x0bc SHMLen/SHMBase (no regions: all ones)
 * 0x024 DriverFeaturesSel (W)    0x0c0 QueueReset
 * 0x030 QueueSel (W)             0x0fc ConfigGeneration
 * 0x034 QueueNumMax              0x100 device configuration space (8-, 16- and 32-bit accesses)
 * 0x038 QueueNum (W)
 * 0x044 QueueReady
 * </pre>
 *
 * <p>The device status state machine (2.1, 3.1.1): writing 0 resets the device; FEATURES_OK
 * sticks only if the driver accepted a subset of the offered features including VERSION_1 (2.2.2)
 * and the device agrees; the device handles its queues only while DRIVER_OK is set and FAILED and
 * DEVICE_NEEDS_RESET are not. When the driver breaks a queue's rules the device sets
 * DEVICE_NEEDS_RESET, sends a configuration change notification (2.1.2), reports the problem on
 * standard error once, and ignores its queues until reset.
 *
 * <p>Queues are handled synchronously, in the thread of the hart that writes QueueNotify; the
 * single interrupt output is high while InterruptStatus is not zero (4.2.3.4).
 */
public final class VirtioMmio extends SysBusDevice implements VirtioTransport {
    public static final BusType BUS_TYPE = VirtioDevice.BUS;

    public static final Property<Long> INDEX = Property.uint32("index", 0, "number of this transport, for its bus name virtio-mmio-bus.N");

    public static final DeviceType<VirtioMmio> TYPE = DeviceType.builder("virtio-mmio", VirtioMmio::new)
                    .description("virtio-mmio transport (version 2) with one virtio bus slot")
                    .category(DeviceCategory.BRIDGE)
                    .bus(BusType.SYSTEM)
                    .properties(INDEX)
                    .notUserCreatable("the board maps the transports at fixed addresses; add devices with -device virtio-*-device")
                    .build();

    public static final int MAGIC_VALUE = 0x000;
    public static final int VERSION = 0x004;
    public static final int DEVICE_ID = 0x008;
    public static final int VENDOR_ID = 0x00c;
    public static final int DEVICE_FEATURES = 0x010;
    public static final int DEVICE_FEATURES_SEL = 0x014;
    public static final int DRIVER_FEATURES = 0x020;
    public static final int DRIVER_FEATURES_SEL = 0x024;
    public static final int QUEUE_SEL = 0x030;
    public static final int QUEUE_NUM_MAX = 0x034;
    public static final int QUEUE_NUM = 0x038;
    public static final int QUEUE_READY = 0x044;
    public static final int QUEUE_NOTIFY = 0x050;
    public static final int INTERRUPT_STATUS = 0x060;
    public static final int INTERRUPT_ACK = 0x064;
    public static final int STATUS = 0x070;
    public static final int QUEUE_DESC_LOW = 0x080;
    public static final int QUEUE_DESC_HIGH = 0x084;
    public static final int QUEUE_DRIVER_LOW = 0x090;
    public static final int QUEUE_DRIVER_HIGH = 0x094;
    public static final int QUEUE_DEVICE_LOW = 0x0a0;
    public static final int QUEUE_DEVICE_HIGH = 0x0a4;
    public static final int SHM_SEL = 0x0ac;
    public static final int SHM_LEN_LOW = 0x0b0;
    public static final int SHM_LEN_HIGH = 0x0b4;
    public static final int SHM_BASE_LOW = 0x0b8;
    public static final int SHM_BASE_HIGH = 0x0bc;
    public static final int QUEUE_RESET = 0x0c0;
    public static final int CONFIG_GENERATION = 0x0fc;
    public static final int CONFIG = 0x100;

    /** "virt" in little-endian. */
    public static final int MAGIC = 0x74726976;
    /** QEMU's vendor ID, "QEMU" in little-endian. */
    public static final int VENDOR = 0x554D4551;
    /**
     * Size of the register window: a virt memory-map slot, as the device tree describes it (QEMU
     * decodes only the first 0x200 bytes; here the rest reads as zero and ignores writes).
     */
    public static final int WINDOW = 0x1000;

    /** Transport features every device gets (chapter 6). */
    public static final long TRANSPORT_FEATURES = Virtio.bit(Virtio.F_VERSION_1) | Virtio.bit(Virtio.F_INDIRECT_DESC)
                    | Virtio.bit(Virtio.F_RING_RESET);

    private final IrqOutput irq;
    private SlotBus bus;
    private GuestMemory memory;

    // state (guarded by this)
    private VirtioDevice device;
    private Virtqueue[] queues = new Virtqueue[0];
    private int status;
    private int interruptStatus;
    private int deviceFeaturesSel;
    private int driverFeaturesSel;
    private long driverFeatures;
    private int queueSel;
    private int configGeneration;
    private boolean broken;
    private String lastError;

    private VirtioMmio(DeviceType<VirtioMmio> type) {
        super(type);
        irq = initIrqs(1)[0];
    }

    @Override
    protected void onRealize() {
        memory = machine().guestMemory();
        bus = addChildBus(new SlotBus("virtio-mmio-bus." + get(INDEX), BUS_TYPE, this, 1));
        initMmio(new MmioRegion("virtio-mmio", WINDOW, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return readRegister((int) offset, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                writeRegister((int) offset, size, value);
            }
        }, MmioRegion.sizes(1, 4)));
    }

    /** The virtio bus this transport offers. */
    public SlotBus virtioBus() {
        return bus;
    }

    /** The plugged device, or null. */
    public synchronized VirtioDevice device() {
        return device;
    }

    synchronized void plugged(VirtioDevice d) {
        device = d;
        queues = new Virtqueue[d.queueCount()];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new Virtqueue(i, d.queueMaxSize(i), memory);
        }
        resetTransport();
    }

    synchronized void unplugged(VirtioDevice d) {
        if (device == d) {
            device = null;
            queues = new Virtqueue[0];
            resetTransport();
        }
    }

    @Override
    protected synchronized void onResetEnter() {
        resetTransport();
    }

    @Override
    protected synchronized void onResetHold() {
        irq.set(interruptStatus != 0);
    }

    /** Device reset (2.4): status, features, interrupts and every queue back to their initial state. */
    private void resetTransport() {
        status = 0;
        interruptStatus = 0;
        deviceFeaturesSel = 0;
        driverFeaturesSel = 0;
        driverFeatures = 0;
        queueSel = 0;
        broken = false;
        for (Virtqueue q : queues) {
            q.reset();
        }
        if (device != null) {
            device.resetDevice();
        }
        irq.set(false);
    }

    /** Features offered: the device's and the transport's. */
    public synchronized long offeredFeatures() {
        return device == null ? 0 : device.deviceFeatures() | TRANSPORT_FEATURES;
    }

    // --- VirtioTransport ---------------------------------------------------------------------------------

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public synchronized long negotiatedFeatures() {
        return driverFeatures;
    }

    @Override
    public synchronized void usedBuffersReady(Virtqueue queue) {
        try {
            if (queue.takeNotification()) {
                raise(Virtio.INTERRUPT_USED_BUFFER);
            }
        } catch (VirtqueueException e) {
            deviceError(e.getMessage());
        }
    }

    @Override
    public synchronized void configChanged() {
        configGeneration++;
        if ((status & Virtio.STATUS_DRIVER_OK) != 0) {
            raise(Virtio.INTERRUPT_CONFIG_CHANGE);
        }
    }

    @Override
    public synchronized void deviceError(String message) {
        if (broken) {
            return;
        }
        broken = true;
        status |= Virtio.STATUS_DEVICE_NEEDS_RESET;
        if (!message.equals(lastError)) {
            lastError = message;
            machine().warn(describeDevice() + ": " + message + "; the device needs a reset (DEVICE_NEEDS_RESET)");
        }
        if ((status & Virtio.STATUS_DRIVER_OK) != 0) {
            raise(Virtio.INTERRUPT_CONFIG_CHANGE);
        }
    }

    /** Whether the device stopped because the driver broke the rules (until the next reset). */
    public synchronized boolean isBroken() {
        return broken;
    }

    /** The current device status (the Status register). */
    public synchronized int status() {
        return status;
    }

    private String describeDevice() {
        String where = mmioAddress(0) >= 0 ? String.format("virtio-mmio@%x", mmioAddress(0)) : "virtio-mmio";
        return device == null ? where : device.type().name() + " on " + where;
    }

    private void raise(int bits) {
        interruptStatus |= bits;
        irq.set(true);
    }

    // --- registers ---------------------------------------------------------------------------------------

    private synchronized long readRegister(int offset, int size) {
        if (offset >= CONFIG) {
            int at = offset - CONFIG;
            if (device == null || size > 4 || at + size > device.configSize()) {
                return 0;
            }
            return device.readConfig(at, size) & ((1L << (8 * size)) - 1);
        }
        if (size != 4 || (offset & 3) != 0) {
            return 0; // 4.2.2.2: the driver uses aligned 32-bit accesses for control registers
        }
        if (device == null) {
            // a placeholder transport (4.2.2): the driver sees device ID 0 and stops
            return switch (offset) {
                case MAGIC_VALUE -> MAGIC;
                case VERSION -> 2;
                case VENDOR_ID -> VENDOR;
                default -> 0;
            };
        }
        Virtqueue q = queueSel < queues.length ? queues[queueSel] : null;
        long value = switch (offset) {
            case MAGIC_VALUE -> MAGIC;
            case VERSION -> 2;
            case DEVICE_ID -> device.deviceId();
            case VENDOR_ID -> VENDOR;
            case DEVICE_FEATURES -> deviceFeaturesSel < 2 ? offeredFeatures() >>> (32 * deviceFeaturesSel) : 0;
            case QUEUE_NUM_MAX -> q == null ? 0 : q.maxSize();
            case QUEUE_READY -> q != null && q.isReady() ? 1 : 0;
            case INTERRUPT_STATUS -> interruptStatus;
            case STATUS -> status;
            case SHM_LEN_LOW, SHM_LEN_HIGH, SHM_BASE_LOW, SHM_BASE_HIGH -> 0xFFFF_FFFFL; // no shared memory regions
            case QUEUE_RESET -> 0; // a queue reset completes at once
            case CONFIG_GENERATION -> configGeneration;
            default -> 0; // write-only or reserved
        };
        return value & 0xFFFF_FFFFL;
    }

    private synchronized void writeRegister(int offset, int size, long value) {
        if (offset >= CONFIG) {
            int at = offset - CONFIG;
            if (device != null && size <= 4 && at + size <= device.configSize()) {
                device.writeConfig(at, size, value);
            }
            return;
        }
        if (size != 4 || (offset & 3) != 0 || device == null) {
            return;
        }
        int v = (int) value;
        long u = value & 0xFFFF_FFFFL;
        Virtqueue q = queueSel < queues.length ? queues[queueSel] : null;
        switch (offset) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case DRIVER_FEATURES -> {
                // features are fixed once FEATURES_OK is set (3.1.1)
                if ((status & Virtio.STATUS_FEATURES_OK) == 0 && driverFeaturesSel < 2) {
                    int shift = 32 * driverFeaturesSel;
                    driverFeatures = (driverFeatures & ~(0xFFFF_FFFFL << shift)) | (u << shift);
                }
            }
            case QUEUE_SEL -> queueSel = v;
            case QUEUE_NUM -> {
                if (q != null) {
                    q.setSize(v);
                }
            }
            case QUEUE_READY -> {
                if (q != null) {
                    setQueueReady(q, (v & 1) != 0);
                }
            }
            case QUEUE_NOTIFY -> notifyQueue(v & 0xFFFF);
            case INTERRUPT_ACK -> {
                interruptStatus &= ~v;
                irq.set(interruptStatus != 0);
            }
            case STATUS -> writeStatus(v & 0xFF);
            case QUEUE_DESC_LOW -> {
                if (q != null) {
                    q.setDescAddress((q.descAddress() & ~0xFFFF_FFFFL) | u);
                }
            }
            case QUEUE_DESC_HIGH -> {
                if (q != null) {
                    q.setDescAddress((q.descAddress() & 0xFFFF_FFFFL) | (u << 32));
                }
            }
            case QUEUE_DRIVER_LOW -> {
                if (q != null) {
                    q.setDriverAddress((q.driverAddress() & ~0xFFFF_FFFFL) | u);
                }
            }
            case QUEUE_DRIVER_HIGH -> {
                if (q != null) {
                    q.setDriverAddress((q.driverAddress() & 0xFFFF_FFFFL) | (u << 32));
                }
            }
            case QUEUE_DEVICE_LOW -> {
                if (q != null) {
                    q.setDeviceAddress((q.deviceAddress() & ~0xFFFF_FFFFL) | u);
                }
            }
            case QUEUE_DEVICE_HIGH -> {
                if (q != null) {
                    q.setDeviceAddress((q.deviceAddress() & 0xFFFF_FFFFL) | (u << 32));
                }
            }
            case QUEUE_RESET -> {
                // 2.6.1: only with VIRTIO_F_RING_RESET; the queue is reset at once, so QueueReset
                // and QueueReady read 0 afterwards (4.2.2.1)
                if (q != null && (v & 1) != 0 && hasFeature(Virtio.F_RING_RESET)) {
                    q.reset();
                }
            }
            default -> {
                // read-only or reserved: ignored
            }
        }
    }

    private void setQueueReady(Virtqueue q, boolean ready) {
        if (broken) {
            return;
        }
        try {
            q.setReady(ready, hasFeature(Virtio.F_INDIRECT_DESC));
        } catch (VirtqueueException e) {
            deviceError(e.getMessage());
            return;
        }
        if (ready && running()) {
            handle(q); // buffers made available before the queue was enabled
        }
    }

    /** Whether the device may use its queues: DRIVER_OK set, FAILED and DEVICE_NEEDS_RESET not (3.1.1). */
    private boolean running() {
        return (status & (Virtio.STATUS_DRIVER_OK | Virtio.STATUS_FAILED)) == Virtio.STATUS_DRIVER_OK && !broken;
    }

    /** The Status register: the state machine of sections 2.1 and 3.1.1. */
    private void writeStatus(int value) {
        if (value == 0) {
            resetTransport();
            return;
        }
        int old = status;
        int next = value & ~Virtio.STATUS_DEVICE_NEEDS_RESET; // a bit only the device sets
        next |= old & Virtio.STATUS_DEVICE_NEEDS_RESET;
        if ((next & Virtio.STATUS_FEATURES_OK) != 0 && (old & Virtio.STATUS_FEATURES_OK) == 0 && !featuresAcceptable()) {
            next &= ~Virtio.STATUS_FEATURES_OK; // 2.2.2: the driver reads it back and gives up
        }
        if ((next & Virtio.STATUS_DRIVER_OK) != 0 && (next & Virtio.STATUS_FEATURES_OK) == 0) {
            next &= ~Virtio.STATUS_DRIVER_OK; // 3.1.1: the device cannot run without negotiated features
        }
        status = next;
        if ((next & Virtio.STATUS_DRIVER_OK) != 0 && (old & Virtio.STATUS_DRIVER_OK) == 0 && running()) {
            for (Virtqueue q : queues) {
                if (q.isReady()) {
                    handle(q);
                }
            }
        }
    }

    private boolean featuresAcceptable() {
        long offered = offeredFeatures();
        if ((driverFeatures & ~offered) != 0) {
            return false; // features the device never offered
        }
        if ((driverFeatures & Virtio.bit(Virtio.F_VERSION_1)) == 0) {
            return false; // a version-2 transport talks only to drivers that accepted VERSION_1
        }
        return device.acceptFeatures(driverFeatures);
    }

    private void notifyQueue(int index) {
        if (index < queues.length && running() && queues[index].isReady()) {
            handle(queues[index]);
        }
    }

    private void handle(Virtqueue q) {
        try {
            device.handleQueue(q);
            if (q.takeNotification()) {
                raise(Virtio.INTERRUPT_USED_BUFFER);
            }
        } catch (VirtqueueException e) {
            deviceError(e.getMessage());
        }
    }

    // --- device tree -----------------------------------------------------------------------------------

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("virtio_mmio", base));
        if (irq.sink() instanceof InterruptInput in) {
            node.setCells("interrupts", in.controller().interruptCells(in.number()));
            node.setCells("interrupt-parent", ctx.phandle(in.controller()));
        }
        node.setReg(base, mmio(0).size());
        node.setString("compatible", "virtio,mmio");
    }
}
