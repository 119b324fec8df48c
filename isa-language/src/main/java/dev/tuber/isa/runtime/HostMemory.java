package dev.tuber.isa.runtime;

import java.lang.reflect.Field;

/**
 * Raw access to host memory. Guest RAM is off-heap, and guest loads and stores are plain memory
 * accesses at host addresses, as QEMU's are; {@link sun.misc.Unsafe} is what Graal compiles to
 * single machine instructions. Every address used here comes from the TLB or from the bus, which
 * only hand out addresses of memory the machine allocated.
 */
public final class HostMemory {
    private HostMemory() {
    }

    public static final sun.misc.Unsafe UNSAFE = load();

    private static sun.misc.Unsafe load() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is not available", e);
        }
    }
}
