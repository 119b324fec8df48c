package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.runtime.HostMemory;

/**
 * RV64I loads and stores, and fences.
 *
 * <p>The fast path is QEMU's softmmu path written out: index the TLB of the current effective
 * privilege with the virtual page, compare the tag with the address's page bits and its alignment
 * bits at once (so a misaligned access never hits), and access host memory at the entry's addend.
 * Anything else (miss, device, misaligned, page fault, store to a page holding translated code) is
 * the hart's slow path, behind a boundary.
 */
public final class Rv64iMemoryNodes {
    private Rv64iMemoryNodes() {
    }

    private static final sun.misc.Unsafe U = HostMemory.UNSAFE;

    /** Base of loads: rd = mem[rs1 + imm]. */
    public abstract static class LoadNode extends InstrNode {
        protected final int rd;
        protected final int rs1;
        protected final long imm;

        protected LoadNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length);
            this.rd = rd;
            this.rs1 = rs1;
            this.imm = imm;
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }

        @Override
        public String describe() {
            return super.describe() + " x" + rd + ", " + imm + "(x" + rs1 + ")";
        }
    }

    /** Base of stores: mem[rs1 + imm] = rs2. */
    public abstract static class StoreNode extends InstrNode {
        protected final int rs1;
        protected final int rs2;
        protected final long imm;

        protected StoreNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length);
            this.rs1 = rs1;
            this.rs2 = rs2;
            this.imm = imm;
        }

        @Override
        public long readsX() {
            return bit(rs1) | bit(rs2);
        }

        @Override
        public String describe() {
            return super.describe() + " x" + rs2 + ", " + imm + "(x" + rs1 + ")";
        }
    }

    /** lb: 1-byte load. */
    public static final class LbNode extends LoadNode {
        public LbNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 0)))) {
                v = U.getByte(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 1, this);
            }
            if (rd != 0) {
                setX(frame, rd, (byte) v);
            }
        }
    }

    /** lh: 2-byte load. */
    public static final class LhNode extends LoadNode {
        public LhNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 1)))) {
                v = U.getShort(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 2, this);
            }
            if (rd != 0) {
                setX(frame, rd, (short) v);
            }
        }
    }

    /** lw: 4-byte load. */
    public static final class LwNode extends LoadNode {
        public LwNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 3)))) {
                v = U.getInt(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 4, this);
            }
            if (rd != 0) {
                setX(frame, rd, (int) v);
            }
        }
    }

    /** ld: 8-byte load. */
    public static final class LdNode extends LoadNode {
        public LdNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 7)))) {
                v = U.getLong(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 8, this);
            }
            if (rd != 0) {
                setX(frame, rd, v);
            }
        }
    }

    /** lbu: 1-byte load (zero-extended). */
    public static final class LbuNode extends LoadNode {
        public LbuNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 0)))) {
                v = U.getByte(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 1, this);
            }
            if (rd != 0) {
                setX(frame, rd, v & 0xFFL);
            }
        }
    }

    /** lhu: 2-byte load (zero-extended). */
    public static final class LhuNode extends LoadNode {
        public LhuNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 1)))) {
                v = U.getShort(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 2, this);
            }
            if (rd != 0) {
                setX(frame, rd, v & 0xFFFFL);
            }
        }
    }

    /** lwu: 4-byte load (zero-extended). */
    public static final class LwuNode extends LoadNode {
        public LwuNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 3)))) {
                v = U.getInt(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 4, this);
            }
            if (rd != 0) {
                setX(frame, rd, v & 0xFFFF_FFFFL);
            }
        }
    }

    /** sb: 1-byte store. */
    public static final class SbNode extends StoreNode {
        public SbNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            long v = x(frame, rs2);
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 0)))) {
                U.putByte(U.getLong(hart.writeAddend, slot) + address, (byte) v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 1, v, this);
            }
        }
    }

    /** sh: 2-byte store. */
    public static final class ShNode extends StoreNode {
        public ShNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            long v = x(frame, rs2);
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 1)))) {
                U.putShort(U.getLong(hart.writeAddend, slot) + address, (short) v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 2, v, this);
            }
        }
    }

    /** sw: 4-byte store. */
    public static final class SwNode extends StoreNode {
        public SwNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            long v = x(frame, rs2);
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 3)))) {
                U.putInt(U.getLong(hart.writeAddend, slot) + address, (int) v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 4, v, this);
            }
        }
    }

    /** sd: 8-byte store. */
    public static final class SdNode extends StoreNode {
        public SdNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long address = x(frame, rs1) + imm;
            long v = x(frame, rs2);
            Hart hart = hart(frame);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 7)))) {
                U.putLong(U.getLong(hart.writeAddend, slot) + address, v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 8, v, this);
            }
        }
    }

    /**
     * fence: orders memory accesses between harts. The host is x86-64 (TSO), where only a store
     * before a load needs a hardware fence; the others only stop Graal from moving accesses.
     */
    public static final class FenceNode extends InstrNode {
        private final boolean storeLoad;

        public FenceNode(int insn, int offset, int length) {
            super(insn, offset, length);
            int predecessor = (insn >>> 24) & 0xF;
            int successor = (insn >>> 20) & 0xF;
            // bit 0 = W, bit 1 = R, bit 2 = O, bit 3 = I in both fields
            this.storeLoad = (predecessor & 0b0101) != 0 && (successor & 0b1010) != 0;
        }

        @Override
        public void execute(VirtualFrame frame) {
            if (storeLoad) {
                U.fullFence();
            } else {
                U.loadFence();
                U.storeFence();
            }
        }
    }
}
