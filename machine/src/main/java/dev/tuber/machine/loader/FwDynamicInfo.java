package dev.tuber.machine.loader;

/**
 * OpenSBI's {@code struct fw_dynamic_info} (version 2), which a {@code fw_dynamic} firmware finds
 * through {@code a2}: where to go next, in which privilege mode, and which hart boots. Six
 * little-endian 64-bit fields: magic, version, next_addr, next_mode, options, boot_hart.
 *
 * @param nextAddress where the firmware jumps when done (the kernel entry; 0 if none)
 * @param nextMode {@link #MODE_S} for a kernel, as QEMU passes it
 * @param options OpenSBI option bits (0)
 * @param bootHart the hart that boots (version 2's field; QEMU passes 0)
 */
public record FwDynamicInfo(long nextAddress, long nextMode, long options, long bootHart) {
    /** {@code "OSBI"} in little-endian. */
    public static final long MAGIC = 0x4942534fL;
    public static final long VERSION = 2;
    public static final long MODE_U = 0;
    public static final long MODE_S = 1;
    public static final long MODE_M = 3;
    /** Encoded size in bytes. */
    public static final int SIZE = 48;

    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        LittleEndian.putU64(b, 0, MAGIC);
        LittleEndian.putU64(b, 8, VERSION);
        LittleEndian.putU64(b, 16, nextAddress);
        LittleEndian.putU64(b, 24, nextMode);
        LittleEndian.putU64(b, 32, options);
        LittleEndian.putU64(b, 40, bootHart);
        return b;
    }
}
