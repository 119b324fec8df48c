package dev.tuber.machine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.PhysicalBus;
import dev.tuber.machine.LinuxLibc;

/**
 * Off-heap memory for guest RAM and ROM.
 *
 * <p>On Linux the memory is an anonymous private mapping made with {@code mmap(2)} through the
 * foreign-function API, with {@code MAP_NORESERVE}: the kernel hands out zero pages on first touch,
 * so a large {@code -m} costs nothing until the guest uses it, exactly as QEMU's RAM. Elsewhere, or
 * when native access is not granted to this module ({@code --enable-native-access=dev.tuber.machine}),
 * the memory comes from {@link Arena#allocate(long, long)}, which zero-fills it eagerly.
 *
 * <p>Either way the memory is page-aligned and lives until its arena closes.
 */
final class NativeMemory {
    private NativeMemory() {
    }

    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    /** Both, or neither (not Linux, or native access denied): see {@link LinuxLibc}. */
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        // The flag values above are those of Linux on every architecture the JDK runs on.
        MethodHandle mmap = LinuxLibc.downcall("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MethodHandle munmap = LinuxLibc.downcall("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        boolean both = mmap != null && munmap != null;
        MMAP = both ? mmap : null;
        MUNMAP = both ? munmap : null;
    }

    /** Whether memory comes lazily from {@code mmap} (false: eagerly zeroed arena memory). */
    static boolean isLazy() {
        return MMAP != null;
    }

    /**
     * Allocates {@code size} bytes of zeroed, page-aligned memory that is released when {@code
     * arena} closes.
     *
     * @param what a description for the error message, e.g. {@code guest RAM}
     * @throws BoardException if the host cannot provide the memory
     */
    @SuppressWarnings("restricted")
    static MemorySegment allocate(Arena arena, long size, String what) {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        if (MMAP != null) {
            MemorySegment mapped = mmap(size);
            if (mapped != null) {
                return mapped.reinterpret(size, arena, s -> munmap(s, size));
            }
        }
        try {
            return arena.allocate(size, PhysicalBus.PAGE_SIZE);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            throw new BoardException("cannot allocate " + size + " bytes for " + what + " (" + e.getMessage() + ")");
        }
    }

    private static MemorySegment mmap(long size) {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (p.address() == -1L || p.address() == 0L) {
                return null;
            }
            return p;
        } catch (Throwable t) {
            return null;
        }
    }

    private static void munmap(MemorySegment segment, long size) {
        try {
            int ignored = (int) MUNMAP.invokeExact(segment, size);
        } catch (Throwable t) {
            // nothing sensible to do while releasing memory
        }
    }
}
