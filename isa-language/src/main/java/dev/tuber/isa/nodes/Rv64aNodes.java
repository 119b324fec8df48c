package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.runtime.HostMemory;

/**
 * RV64A: load-reserved/store-conditional and the atomic memory operations, word and doubleword.
 *
 * <p>AMOs are host atomic operations on guest RAM (sequentially consistent, so the aq/rl bits
 * are always honoured). LR remembers the address and the value it read; SC is a compare-and-swap
 * against that value, which fails whenever another hart changed the location in between (as
 * QEMU's cmpxchg-based SC; a store of the very same value goes unnoticed, which the RVWMO
 * forward-progress rules tolerate).
 */
public final class Rv64aNodes {
    private Rv64aNodes() {
    }

    private static final sun.misc.Unsafe U = HostMemory.UNSAFE;

    /** Base of atomics: rd, rs1 (address), rs2 (operand). */
    public abstract static class AtomicNode extends InstrNode {
        protected final int rd;
        protected final int rs1;
        protected final int rs2;

        protected AtomicNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length);
            this.rd = rd;
            this.rs1 = rs1;
            this.rs2 = rs2;
        }

        /** Host address of an aligned atomic access, through the write TLB when it hits. */
        protected final long writeAddress(Hart hart, long address, int size) {
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | (size - 1))))) {
                return U.getLong(hart.writeAddend, slot) + address;
            }
            return hart.atomicAddress(address, size, true, this);
        }

        protected final long readAddress(Hart hart, long address, int size) {
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | (size - 1))))) {
                return U.getLong(hart.readAddend, slot) + address;
            }
            return hart.atomicAddress(address, size, false, this);
        }

        @Override
        public long readsX() {
            return bit(rs1) | bit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** lr.w */
    public static final class LrWNode extends AtomicNode {
        public LrWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = readAddress(hart, x(frame, rs1), 4);
            int v = U.getIntVolatile(null, host);
            hart.reservationAddress = host;
            hart.reservationValue = v;
            if (rd != 0) {
                setX(frame, rd, v);
            }
        }
    }

    /** lr.d */
    public static final class LrDNode extends AtomicNode {
        public LrDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = readAddress(hart, x(frame, rs1), 8);
            long v = U.getLongVolatile(null, host);
            hart.reservationAddress = host;
            hart.reservationValue = v;
            if (rd != 0) {
                setX(frame, rd, v);
            }
        }
    }

    /** sc.w: rd = 0 on success, 1 on failure; the reservation is gone either way. */
    public static final class ScWNode extends AtomicNode {
        public ScWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            boolean ok = hart.reservationAddress == host
                            && U.compareAndSwapInt(null, host, (int) hart.reservationValue, (int) x(frame, rs2));
            hart.reservationAddress = -1;
            if (rd != 0) {
                setX(frame, rd, ok ? 0 : 1);
            }
        }
    }

    /** sc.d */
    public static final class ScDNode extends AtomicNode {
        public ScDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            boolean ok = hart.reservationAddress == host
                            && U.compareAndSwapLong(null, host, hart.reservationValue, x(frame, rs2));
            hart.reservationAddress = -1;
            if (rd != 0) {
                setX(frame, rd, ok ? 0 : 1);
            }
        }
    }

    /** amoswap.w */
    public static final class AmoSwapWNode extends AtomicNode {
        public AmoSwapWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old = U.getAndSetInt(null, host, b);
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoswap.d */
    public static final class AmoSwapDNode extends AtomicNode {
        public AmoSwapDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old = U.getAndSetLong(null, host, b);
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoadd.w */
    public static final class AmoAddWNode extends AtomicNode {
        public AmoAddWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old = U.getAndAddInt(null, host, b);
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoadd.d */
    public static final class AmoAddDNode extends AtomicNode {
        public AmoAddDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old = U.getAndAddLong(null, host, b);
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoxor.w */
    public static final class AmoXorWNode extends AtomicNode {
        public AmoXorWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, old ^ b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoxor.d */
    public static final class AmoXorDNode extends AtomicNode {
        public AmoXorDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, old ^ b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoand.w */
    public static final class AmoAndWNode extends AtomicNode {
        public AmoAndWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, old & b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoand.d */
    public static final class AmoAndDNode extends AtomicNode {
        public AmoAndDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, old & b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoor.w */
    public static final class AmoOrWNode extends AtomicNode {
        public AmoOrWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, old | b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amoor.d */
    public static final class AmoOrDNode extends AtomicNode {
        public AmoOrDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, old | b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomin.w */
    public static final class AmoMinWNode extends AtomicNode {
        public AmoMinWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, Math.min(old, b)));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomin.d */
    public static final class AmoMinDNode extends AtomicNode {
        public AmoMinDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, Math.min(old, b)));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomax.w */
    public static final class AmoMaxWNode extends AtomicNode {
        public AmoMaxWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, Math.max(old, b)));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomax.d */
    public static final class AmoMaxDNode extends AtomicNode {
        public AmoMaxDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, Math.max(old, b)));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amominu.w */
    public static final class AmoMinuWNode extends AtomicNode {
        public AmoMinuWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, Integer.compareUnsigned(old, b) <= 0 ? old : b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amominu.d */
    public static final class AmoMinuDNode extends AtomicNode {
        public AmoMinuDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, Long.compareUnsigned(old, b) <= 0 ? old : b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomaxu.w */
    public static final class AmoMaxuWNode extends AtomicNode {
        public AmoMaxuWNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 4);
            int b = (int) x(frame, rs2);
            int old;
            do {
                old = U.getIntVolatile(null, host);
            } while (!U.compareAndSwapInt(null, host, old, Integer.compareUnsigned(old, b) >= 0 ? old : b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }

    /** amomaxu.d */
    public static final class AmoMaxuDNode extends AtomicNode {
        public AmoMaxuDNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long host = writeAddress(hart, x(frame, rs1), 8);
            long b = (long) x(frame, rs2);
            long old;
            do {
                old = U.getLongVolatile(null, host);
            } while (!U.compareAndSwapLong(null, host, old, Long.compareUnsigned(old, b) >= 0 ? old : b));
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }
    }
}
