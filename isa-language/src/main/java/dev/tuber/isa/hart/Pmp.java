package dev.tuber.isa.hart;

/**
 * Physical memory protection: the decoded form of pmpcfg/pmpaddr (priority order, TOR, NA4 and
 * NAPOT ranges, lock bits) and the checks of privileged spec section 3.7.
 */
final class Pmp {
    static final int R = 1;
    static final int W = 2;
    static final int X = 4;
    static final int L = 0x80;
    static final int A_OFF = 0;
    static final int A_TOR = 1;
    static final int A_NA4 = 2;
    static final int A_NAPOT = 3;

    /** Active entries in priority order: [lo, hi) byte ranges and permission bits (with L). */
    private long[] lo = new long[0];
    private long[] hi = new long[0];
    private int[] perm = new int[0];
    private boolean anyLocked;

    void update(byte[] cfg, long[] addr) {
        int n = cfg.length;
        long[] newLo = new long[n];
        long[] newHi = new long[n];
        int[] newPerm = new int[n];
        int count = 0;
        boolean locked = false;
        for (int i = 0; i < n; i++) {
            int c = cfg[i] & 0xFF;
            int a = (c >>> 3) & 3;
            long start;
            long end;
            switch (a) {
                case A_TOR -> {
                    start = i == 0 ? 0 : addr[i - 1] << 2;
                    end = addr[i] << 2;
                }
                case A_NA4 -> {
                    start = addr[i] << 2;
                    end = start + 4;
                }
                case A_NAPOT -> {
                    long v = addr[i];
                    int ones = Long.numberOfTrailingZeros(~v);
                    if (ones >= 54) {
                        start = 0;
                        end = Long.MIN_VALUE; // the whole 56-bit space and more; compared unsigned
                    } else {
                        long size = 1L << (ones + 3);
                        start = (v & ~((1L << ones) - 1)) << 2;
                        end = start + size;
                    }
                }
                default -> {
                    continue;
                }
            }
            if (Long.compareUnsigned(end, start) <= 0 && a == A_TOR) {
                // an empty TOR range matches nothing
                continue;
            }
            newLo[count] = start;
            newHi[count] = end;
            newPerm[count] = c & (R | W | X | L);
            locked |= (c & L) != 0;
            count++;
        }
        lo = java.util.Arrays.copyOf(newLo, count);
        hi = java.util.Arrays.copyOf(newHi, count);
        perm = java.util.Arrays.copyOf(newPerm, count);
        anyLocked = locked;
    }

    private static int accessBit(int access) {
        return switch (access) {
            case Hart.ACCESS_READ -> R;
            case Hart.ACCESS_WRITE -> W;
            default -> X;
        };
    }

    /** Whether an access of {@code size} bytes at {@code paddr} by privilege {@code mode} is allowed. */
    boolean allows(long paddr, int size, int access, int mode) {
        if (mode == Priv.M && !anyLocked) {
            return true;
        }
        long last = paddr + size - 1;
        for (int i = 0; i < lo.length; i++) {
            boolean firstIn = Long.compareUnsigned(paddr, lo[i]) >= 0 && Long.compareUnsigned(paddr, hi[i]) < 0;
            boolean lastIn = Long.compareUnsigned(last, lo[i]) >= 0 && Long.compareUnsigned(last, hi[i]) < 0;
            if (firstIn && lastIn) {
                int p = perm[i];
                if (mode == Priv.M && (p & L) == 0) {
                    return true;
                }
                return (p & accessBit(access)) != 0;
            }
            if (firstIn || lastIn) {
                return false; // partially matching entry: the access fails
            }
        }
        // no entry matched: M-mode succeeds, S and U fail (PMP entries are implemented)
        return mode == Priv.M;
    }

    /**
     * Whether every access of this kind anywhere in the 4 KiB page is allowed, so the page may
     * enter a TLB. False also when entries cover the page only in part (then each access is
     * checked on its own).
     */
    boolean allowsPage(long ppage, int access, int mode) {
        if (mode == Priv.M && !anyLocked) {
            return true;
        }
        long last = ppage + 4095;
        for (int i = 0; i < lo.length; i++) {
            boolean overlaps = Long.compareUnsigned(last, lo[i]) >= 0 && Long.compareUnsigned(ppage, hi[i]) < 0;
            if (!overlaps) {
                continue;
            }
            boolean covers = Long.compareUnsigned(ppage, lo[i]) >= 0 && Long.compareUnsigned(last, hi[i]) < 0;
            if (!covers) {
                return false;
            }
            int p = perm[i];
            if (mode == Priv.M && (p & L) == 0) {
                return true;
            }
            return (p & accessBit(access)) != 0;
        }
        return mode == Priv.M;
    }
}
