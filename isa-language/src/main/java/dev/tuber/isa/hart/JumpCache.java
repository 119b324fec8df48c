package dev.tuber.isa.hart;

/**
 * A hart's direct-mapped cache from guest virtual PC to the region holding its code, as QEMU's
 * {@code tb_jmp_cache}: the dispatcher finds the next region without translating the PC or
 * hashing the physical page. Entries are keyed by PC, and a hit counts only while the fetch TLB
 * of the hart's current privilege maps the PC's page to the region's physical page (so satp
 * writes, sfence.vma, PMP and privilege changes need not touch this cache) and the region is
 * valid. Regions of an instruction straddling two pages are not cached.
 */
public final class JumpCache {
    public static final int BITS = 12;
    public static final int SIZE = 1 << BITS;

    public final long[] pc = new long[SIZE];
    public final Object[] region = new Object[SIZE];

    public JumpCache() {
        clear();
    }

    public static int index(long pc) {
        return (int) ((pc >>> 1) ^ (pc >>> (1 + BITS))) & (SIZE - 1);
    }

    public void clear() {
        java.util.Arrays.fill(pc, -1L);
        java.util.Arrays.fill(region, null);
    }
}
