package dev.tuber.devices.virtio;

/**
 * Constants of the VirtIO 1.2 specification shared by transports and devices: device status bits
 * (section 2.1), reserved feature bits (chapter 6), descriptor flags (2.7.5) and ring flags (2.7.6,
 * 2.7.8), and device IDs (chapter 5).
 */
public final class Virtio {
    private Virtio() {
    }

    // 2.1 Device Status Field
    public static final int STATUS_ACKNOWLEDGE = 1;
    public static final int STATUS_DRIVER = 2;
    public static final int STATUS_DRIVER_OK = 4;
    public static final int STATUS_FEATURES_OK = 8;
    public static final int STATUS_DEVICE_NEEDS_RESET = 64;
    public static final int STATUS_FAILED = 128;

    // 6 Reserved Feature Bits
    /** 2.7.5.3: the driver may use indirect descriptor tables. */
    public static final int F_INDIRECT_DESC = 28;
    /** 2.7.7.1 / 2.7.10: used_event and avail_event (not offered). */
    public static final int F_EVENT_IDX = 29;
    /** Compliance with this specification rather than the legacy interface. */
    public static final int F_VERSION_1 = 32;
    /** 2.6.1: the driver may reset queues individually. */
    public static final int F_RING_RESET = 40;

    /** The bit of feature {@code bit} in a 64-bit feature word. */
    public static long bit(int bit) {
        return 1L << bit;
    }

    // 2.7.5 The Virtqueue Descriptor Table
    public static final int DESC_F_NEXT = 1;
    public static final int DESC_F_WRITE = 2;
    public static final int DESC_F_INDIRECT = 4;
    /** Bytes of a split-ring descriptor: le64 addr, le32 len, le16 flags, le16 next. */
    public static final int DESC_SIZE = 16;

    // 2.7.6 The Virtqueue Available Ring
    public static final int AVAIL_F_NO_INTERRUPT = 1;
    // 2.7.8 The Virtqueue Used Ring
    public static final int USED_F_NO_NOTIFY = 1;

    /** The largest queue size a split virtqueue may have (2.7). */
    public static final int MAX_QUEUE_SIZE = 32768;

    // 5 Device Types
    public static final int ID_NET = 1;
    public static final int ID_BLOCK = 2;
    public static final int ID_CONSOLE = 3;
    public static final int ID_ENTROPY = 4;

    // 4.2.2: what an MMIO transport's InterruptStatus reports
    public static final int INTERRUPT_USED_BUFFER = 1;
    public static final int INTERRUPT_CONFIG_CHANGE = 2;
}
