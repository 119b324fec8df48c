package dev.tuber.machine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.PhysicalBus;

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

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle[] handles = linkLibc();
        MMAP = handles[0];
        MUNMAP = handles[1];
    }

    /** {mmap, munmap}, or nulls when not on Linux or native access is denied. */
    @SuppressWarnings("restricted")
    private static MethodHandle[] linkLibc() {
        // The flag values above are those of Linux on every architecture the JDK runs on.
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return new MethodHandle[2];
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Optional<MemorySegment> mmapSym = libc.find("mmap");
            Optional<MemorySegment> munmapSym = libc.find("munmap");
            if (mmapSym.isEmpty() || munmapSym.isEmpty()) {
                return new MethodHandle[2];
            }
            return new MethodHandle[] {
                linker.downcallHandle(mmapSym.get(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_LONG)),
                linker.downcallHandle(munmapSym.get(),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG)),
            };
        } catch (IllegalCallerException | UnsupportedOperationException e) {
            // native access denied to this module: fall back to arena allocation
            return new MethodHandle[2];
        }
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
