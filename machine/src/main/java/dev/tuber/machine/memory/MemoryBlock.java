package dev.tuber.machine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import dev.tuber.isa.spi.PhysicalBus;

/**
 * A bank of plain memory, RAM or ROM: page-aligned off-heap host memory, zero when created, that
 * the CPU accesses directly at host addresses ({@link PhysicalBus#directPage}). ROM is read-only
 * to the CPU only: loaders fill it through this class.
 *
 * <p>The accessors here are for the machine layer (bus accesses that are not direct, loaders,
 * DMA through {@link GuestMemory}); they are little-endian and bounds-checked.
 */
public final class MemoryBlock {
    static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final long size;
    private final boolean readOnly;
    private final MemorySegment segment;

    private MemoryBlock(String name, long size, boolean readOnly, MemorySegment segment) {
        this.name = name;
        this.size = size;
        this.readOnly = readOnly;
        this.segment = segment;
    }

    /** Allocates RAM; released when {@code arena} closes. */
    public static MemoryBlock ram(String name, long size, Arena arena) {
        return new MemoryBlock(name, size, false, NativeMemory.allocate(arena, size, "'" + name + "'"));
    }

    /** Allocates ROM (read-only to the CPU); released when {@code arena} closes. */
    public static MemoryBlock rom(String name, long size, Arena arena) {
        return new MemoryBlock(name, size, true, NativeMemory.allocate(arena, size, "'" + name + "'"));
    }

    /** Whether guest RAM is reserved lazily ({@code mmap}) on this host. */
    public static boolean lazyAllocation() {
        return NativeMemory.isLazy();
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Host address of the first byte. */
    public long hostAddress() {
        return segment.address();
    }

    /** The whole block as a memory segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** Reads {@code size} (1, 2, 4, 8) bytes at {@code offset}, little-endian, zero-extended. */
    public long read(long offset, int size) {
        return switch (size) {
            case 1 -> segment.get(U8, offset) & 0xFFL;
            case 2 -> segment.get(U16, offset) & 0xFFFFL;
            case 4 -> segment.get(U32, offset) & 0xFFFF_FFFFL;
            case 8 -> segment.get(U64, offset);
            default -> throw new IllegalArgumentException("access size " + size);
        };
    }

    /** Writes the low {@code size} (1, 2, 4, 8) bytes of {@code value} at {@code offset}. */
    public void write(long offset, int size, long value) {
        switch (size) {
            case 1 -> segment.set(U8, offset, (byte) value);
            case 2 -> segment.set(U16, offset, (short) value);
            case 4 -> segment.set(U32, offset, (int) value);
            case 8 -> segment.set(U64, offset, value);
            default -> throw new IllegalArgumentException("access size " + size);
        }
    }

    /** Copies {@code length} bytes at {@code offset} into {@code dest}. */
    public void copyOut(long offset, byte[] dest, int destOffset, int length) {
        MemorySegment.copy(segment, U8, offset, dest, destOffset, length);
    }

    /** Copies {@code length} bytes of {@code src} to {@code offset} (ROM included: for loaders). */
    public void copyIn(long offset, byte[] src, int srcOffset, int length) {
        MemorySegment.copy(src, srcOffset, segment, U8, offset, length);
    }

    /** Zeroes {@code length} bytes at {@code offset}. */
    public void fill(long offset, long length, byte value) {
        segment.asSlice(offset, length).fill(value);
    }

    @Override
    public String toString() {
        return (readOnly ? "rom " : "ram ") + name + " (" + size + " bytes)";
    }
}
