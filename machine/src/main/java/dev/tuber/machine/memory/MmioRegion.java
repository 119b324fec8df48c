package dev.tuber.machine.memory;

/**
 * A window of device registers (QEMU's I/O {@code MemoryRegion}): a size, a handler and the access
 * sizes the device accepts. An access of another size is a bus error (an access fault in the
 * guest), as QEMU's {@code valid.min/max_access_size} make it.
 *
 * @param name for memory-map listings and error messages
 * @param size length in bytes
 * @param handler the registers
 * @param validSizes accepted access sizes as a mask of the sizes themselves ({@code 1|2|4|8})
 */
public record MmioRegion(String name, long size, MmioHandler handler, int validSizes) {
    /** Every access size. */
    public static final int ANY_SIZE = 1 | 2 | 4 | 8;

    public MmioRegion {
        if (size <= 0) {
            throw new IllegalArgumentException("MMIO region " + name + " has size " + size);
        }
        if ((validSizes & ~ANY_SIZE) != 0 || validSizes == 0) {
            throw new IllegalArgumentException("MMIO region " + name + " has bad size mask " + validSizes);
        }
    }

    /** A region accepting every access size. */
    public MmioRegion(String name, long size, MmioHandler handler) {
        this(name, size, handler, ANY_SIZE);
    }

    /** The mask of sizes from {@code min} to {@code max} (powers of two), as QEMU declares them. */
    public static int sizes(int min, int max) {
        int mask = 0;
        for (int s = min; s <= max; s <<= 1) {
            mask |= s;
        }
        return mask;
    }

    /** Whether an access of {@code accessSize} bytes is accepted. */
    public boolean accepts(int accessSize) {
        return (validSizes & accessSize) != 0;
    }
}
