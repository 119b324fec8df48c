package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.fp.SoftFloat;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.runtime.HostMemory;

/**
 * RV64F and RV64D: floating-point loads and stores, arithmetic, conversions, comparisons, moves.
 *
 * <p>Registers hold raw bits; single-precision values are NaN-boxed (upper 32 bits all ones) and
 * an operand that is not properly boxed reads as the canonical NaN. Arithmetic, rounding and the
 * exception flags are {@link SoftFloat}'s; here are only operands, rounding-mode selection (a
 * static rm, or frm when rm = 7), the mstatus.FS checks and the Dirty state.
 */
public final class Rv64fdNodes {
    private Rv64fdNodes() {
    }

    private static final sun.misc.Unsafe U = HostMemory.UNSAFE;
    static final long BOX = 0xFFFF_FFFF_0000_0000L;
    static final int DYN = 7;

    static int unbox(long bits) {
        return (bits & BOX) == BOX ? (int) bits : SoftFloat.F32_CANONICAL_NAN;
    }

    static long box(int bits) {
        return BOX | (bits & 0xFFFF_FFFFL);
    }

    /** Base of all F/D instructions: operand fields, the FS check, and rounding mode selection. */
    public abstract static class FpNode extends InstrNode {
        protected final int rd;
        protected final int rs1;
        protected final int rs2;
        protected final int rs3;
        protected final int rm;

        protected FpNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length);
            this.rd = (bits >>> 7) & 31;
            this.rs1 = (bits >>> 15) & 31;
            this.rs2 = (bits >>> 20) & 31;
            this.rs3 = (bits >>> 27) & 31;
            this.rm = (bits >>> 12) & 7;
        }

        /** The hart, after checking that the FPU is on (mstatus.FS != Off). */
        protected final Hart fpu(VirtualFrame frame) {
            Hart hart = hart(frame);
            if (hart.fpOff()) {
                throw hart.illegalInstruction(insn, this);
            }
            return hart;
        }

        /** The rounding mode to use: the static one, or frm (illegal if frm holds a reserved value). */
        protected final int roundingMode(Hart hart) {
            if (rm != DYN) {
                return rm;
            }
            int mode = hart.frm;
            if (mode > 4) {
                throw hart.illegalInstruction(insn, this);
            }
            return mode;
        }

        @Override
        public String describe() {
            return super.describe() + " rd=" + rd + " rs1=" + rs1 + " rs2=" + rs2;
        }
    }


    /** flw */
    public static final class FlwNode extends FpNode {
        private final long immI;

        public FlwNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
            this.immI = bits >> 20;
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long address = x(frame, rs1) + immI;
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 3)))) {
                v = U.getInt(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 4, this);
            }
            setF(frame, rd, box((int) v));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fld */
    public static final class FldNode extends FpNode {
        private final long immI;

        public FldNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
            this.immI = bits >> 20;
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long address = x(frame, rs1) + immI;
            long slot = hart.dataSlot(address);
            long v;
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.readTag, slot) == (address & (Hart.PAGE_MASK | 7)))) {
                v = U.getLong(U.getLong(hart.readAddend, slot) + address);
            } else {
                tlbMiss();
                v = hart.loadSlow(address, 8, this);
            }
            setF(frame, rd, v);
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fsw */
    public static final class FswNode extends FpNode {
        private final long immS;

        public FswNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
            this.immS = ((bits >> 25) << 5) | ((bits >>> 7) & 31);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long address = x(frame, rs1) + immS;
            long v = fbits(frame, rs2);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 3)))) {
                U.putInt(U.getLong(hart.writeAddend, slot) + address, (int) v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 4, v, this);
            }
        }

        @Override
        public long readsF() {
            return fbit(rs2);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fsd */
    public static final class FsdNode extends FpNode {
        private final long immS;

        public FsdNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
            this.immS = ((bits >> 25) << 5) | ((bits >>> 7) & 31);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long address = x(frame, rs1) + immS;
            long v = fbits(frame, rs2);
            long slot = hart.dataSlot(address);
            if (CompilerDirectives.injectBranchProbability(InstrNode.TLB_HIT, U.getLong(hart.writeTag, slot) == (address & (Hart.PAGE_MASK | 7)))) {
                U.putLong(U.getLong(hart.writeAddend, slot) + address, v);
            } else {
                tlbMiss();
                hart.storeSlow(address, 8, v, this);
            }
        }

        @Override
        public long readsF() {
            return fbit(rs2);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fadd.s */
    public static final class FaddSNode extends FpNode {
        public FaddSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Add(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsub.s */
    public static final class FsubSNode extends FpNode {
        public FsubSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Sub(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmul.s */
    public static final class FmulSNode extends FpNode {
        public FmulSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Mul(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fdiv.s */
    public static final class FdivSNode extends FpNode {
        public FdivSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Div(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsqrt.s */
    public static final class FsqrtSNode extends FpNode {
        public FsqrtSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Sqrt(unbox(fbits(frame, rs1)), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmadd.s */
    public static final class FmaddSNode extends FpNode {
        public FmaddSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32MulAdd(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), unbox(fbits(frame, rs3)), false, false, roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmsub.s */
    public static final class FmsubSNode extends FpNode {
        public FmsubSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32MulAdd(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), unbox(fbits(frame, rs3)), false, true, roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fnmsub.s */
    public static final class FnmsubSNode extends FpNode {
        public FnmsubSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32MulAdd(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), unbox(fbits(frame, rs3)), true, false, roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fnmadd.s */
    public static final class FnmaddSNode extends FpNode {
        public FnmaddSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32MulAdd(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), unbox(fbits(frame, rs3)), true, true, roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmin.s */
    public static final class FminSNode extends FpNode {
        public FminSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Min(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmax.s */
    public static final class FmaxSNode extends FpNode {
        public FmaxSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f32Max(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** feq.s */
    public static final class FeqSNode extends FpNode {
        public FeqSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f32Eq(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** flt.s */
    public static final class FltSNode extends FpNode {
        public FltSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f32Lt(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fle.s */
    public static final class FleSNode extends FpNode {
        public FleSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f32Le(unbox(fbits(frame, rs1)), unbox(fbits(frame, rs2)), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fclass.s */
    public static final class FclassSNode extends FpNode {
        public FclassSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            fpu(frame);
            if (rd != 0) {
                setX(frame, rd, SoftFloat.f32Classify(unbox(fbits(frame, rs1))));
            }
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fsgnj.s */
    public static final class FsgnjSNode extends FpNode {
        public FsgnjSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            int a = unbox(fbits(frame, rs1));
            int b = unbox(fbits(frame, rs2));
            setF(frame, rd, box((a & 0x7FFF_FFFF) | (b & 0x8000_0000)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsgnjn.s */
    public static final class FsgnjnSNode extends FpNode {
        public FsgnjnSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            int a = unbox(fbits(frame, rs1));
            int b = unbox(fbits(frame, rs2));
            setF(frame, rd, box((a & 0x7FFF_FFFF) | (~b & 0x8000_0000)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsgnjx.s */
    public static final class FsgnjxSNode extends FpNode {
        public FsgnjxSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            int a = unbox(fbits(frame, rs1));
            int b = unbox(fbits(frame, rs2));
            setF(frame, rd, box(a ^ (b & 0x8000_0000)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fcvt.w.s */
    public static final class FcvtWSNode extends FpNode {
        public FcvtWSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f32ToI32(unbox(fbits(frame, rs1)), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.wu.s */
    public static final class FcvtWuSNode extends FpNode {
        public FcvtWuSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f32ToU32(unbox(fbits(frame, rs1)), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.l.s */
    public static final class FcvtLSNode extends FpNode {
        public FcvtLSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f32ToI64(unbox(fbits(frame, rs1)), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.lu.s */
    public static final class FcvtLuSNode extends FpNode {
        public FcvtLuSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f32ToU64(unbox(fbits(frame, rs1)), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.s.w */
    public static final class FcvtSWNode extends FpNode {
        public FcvtSWNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.i32ToF32((int) x(frame, rs1), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.s.wu */
    public static final class FcvtSWuNode extends FpNode {
        public FcvtSWuNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.u32ToF32((int) x(frame, rs1), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.s.l */
    public static final class FcvtSLNode extends FpNode {
        public FcvtSLNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.i64ToF32(x(frame, rs1), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.s.lu */
    public static final class FcvtSLuNode extends FpNode {
        public FcvtSLuNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.u64ToF32(x(frame, rs1), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fadd.d */
    public static final class FaddDNode extends FpNode {
        public FaddDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Add(fbits(frame, rs1), fbits(frame, rs2), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsub.d */
    public static final class FsubDNode extends FpNode {
        public FsubDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Sub(fbits(frame, rs1), fbits(frame, rs2), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmul.d */
    public static final class FmulDNode extends FpNode {
        public FmulDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Mul(fbits(frame, rs1), fbits(frame, rs2), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fdiv.d */
    public static final class FdivDNode extends FpNode {
        public FdivDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Div(fbits(frame, rs1), fbits(frame, rs2), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsqrt.d */
    public static final class FsqrtDNode extends FpNode {
        public FsqrtDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Sqrt(fbits(frame, rs1), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmadd.d */
    public static final class FmaddDNode extends FpNode {
        public FmaddDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64MulAdd(fbits(frame, rs1), fbits(frame, rs2), fbits(frame, rs3), false, false, roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmsub.d */
    public static final class FmsubDNode extends FpNode {
        public FmsubDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64MulAdd(fbits(frame, rs1), fbits(frame, rs2), fbits(frame, rs3), false, true, roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fnmsub.d */
    public static final class FnmsubDNode extends FpNode {
        public FnmsubDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64MulAdd(fbits(frame, rs1), fbits(frame, rs2), fbits(frame, rs3), true, false, roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fnmadd.d */
    public static final class FnmaddDNode extends FpNode {
        public FnmaddDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64MulAdd(fbits(frame, rs1), fbits(frame, rs2), fbits(frame, rs3), true, true, roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2) | fbit(rs3);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmin.d */
    public static final class FminDNode extends FpNode {
        public FminDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Min(fbits(frame, rs1), fbits(frame, rs2), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmax.d */
    public static final class FmaxDNode extends FpNode {
        public FmaxDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.f64Max(fbits(frame, rs1), fbits(frame, rs2), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** feq.d */
    public static final class FeqDNode extends FpNode {
        public FeqDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f64Eq(fbits(frame, rs1), fbits(frame, rs2), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** flt.d */
    public static final class FltDNode extends FpNode {
        public FltDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f64Lt(fbits(frame, rs1), fbits(frame, rs2), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fle.d */
    public static final class FleDNode extends FpNode {
        public FleDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            boolean r = SoftFloat.f64Le(fbits(frame, rs1), fbits(frame, rs2), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r ? 1 : 0);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fclass.d */
    public static final class FclassDNode extends FpNode {
        public FclassDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            fpu(frame);
            if (rd != 0) {
                setX(frame, rd, SoftFloat.f64Classify(fbits(frame, rs1)));
            }
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fsgnj.d */
    public static final class FsgnjDNode extends FpNode {
        public FsgnjDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long a = fbits(frame, rs1);
            long b = fbits(frame, rs2);
            setF(frame, rd, (a & Long.MAX_VALUE) | (b & Long.MIN_VALUE));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsgnjn.d */
    public static final class FsgnjnDNode extends FpNode {
        public FsgnjnDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long a = fbits(frame, rs1);
            long b = fbits(frame, rs2);
            setF(frame, rd, (a & Long.MAX_VALUE) | (~b & Long.MIN_VALUE));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fsgnjx.d */
    public static final class FsgnjxDNode extends FpNode {
        public FsgnjxDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long a = fbits(frame, rs1);
            long b = fbits(frame, rs2);
            setF(frame, rd, a ^ (b & Long.MIN_VALUE));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1) | fbit(rs2);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fcvt.w.d */
    public static final class FcvtWDNode extends FpNode {
        public FcvtWDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f64ToI32(fbits(frame, rs1), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.wu.d */
    public static final class FcvtWuDNode extends FpNode {
        public FcvtWuDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f64ToU32(fbits(frame, rs1), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.l.d */
    public static final class FcvtLDNode extends FpNode {
        public FcvtLDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f64ToI64(fbits(frame, rs1), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.lu.d */
    public static final class FcvtLuDNode extends FpNode {
        public FcvtLuDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            long r = SoftFloat.f64ToU64(fbits(frame, rs1), roundingMode(hart), hart.fflags);
            if (rd != 0) {
                setX(frame, rd, r);
            }
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fcvt.d.w */
    public static final class FcvtDWNode extends FpNode {
        public FcvtDWNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.i32ToF64((int) x(frame, rs1), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.d.wu */
    public static final class FcvtDWuNode extends FpNode {
        public FcvtDWuNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.u32ToF64((int) x(frame, rs1), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.d.l */
    public static final class FcvtDLNode extends FpNode {
        public FcvtDLNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.i64ToF64(x(frame, rs1), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.d.lu */
    public static final class FcvtDLuNode extends FpNode {
        public FcvtDLuNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, SoftFloat.u64ToF64(x(frame, rs1), roundingMode(hart), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fcvt.s.d */
    public static final class FcvtSDNode extends FpNode {
        public FcvtSDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box(SoftFloat.f64ToF32(fbits(frame, rs1), roundingMode(hart), hart.fflags)));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fcvt.d.s (exact; the rounding mode is still checked) */
    public static final class FcvtDSNode extends FpNode {
        public FcvtDSNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            roundingMode(hart);
            setF(frame, rd, SoftFloat.f32ToF64(unbox(fbits(frame, rs1)), hart.fflags));
            hart.markFpDirty();
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }
    }

    /** fmv.x.w: the low 32 bits, sign-extended (no unboxing) */
    public static final class FmvXWNode extends FpNode {
        public FmvXWNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            fpu(frame);
            if (rd != 0) {
                setX(frame, rd, (int) fbits(frame, rs1));
            }
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fmv.w.x: NaN-boxes the low 32 bits */
    public static final class FmvWXNode extends FpNode {
        public FmvWXNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, box((int) x(frame, rs1)));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /** fmv.x.d */
    public static final class FmvXDNode extends FpNode {
        public FmvXDNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            fpu(frame);
            if (rd != 0) {
                setX(frame, rd, fbits(frame, rs1));
            }
        }

        @Override
        public long readsF() {
            return fbit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** fmv.d.x */
    public static final class FmvDXNode extends FpNode {
        public FmvDXNode(int insn, int offset, int length, int bits) {
            super(insn, offset, length, bits);
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = fpu(frame);
            setF(frame, rd, x(frame, rs1));
            hart.markFpDirty();
        }

        @Override
        public long writesF() {
            return fbit(rd);
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }
}
