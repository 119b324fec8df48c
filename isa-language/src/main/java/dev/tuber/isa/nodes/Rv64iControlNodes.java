package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;

/** RV64I control transfers: the six conditional branches, jal and jalr. */
public final class Rv64iControlNodes {
    private Rv64iControlNodes() {
    }

    /**
     * A conditional branch. The interpreter counts both directions and Graal gets the ratio as a
     * branch probability. Unlike Truffle's condition profiles, a direction never seen is not
     * compiled as a deoptimization: guest code changes behaviour over time (a loop that exits
     * after a million iterations, a path taken every 256th call), and each such deoptimization
     * would mean recompiling a whole region.
     */
    public abstract static class BranchNode extends TermNode {
        protected final int rs1;
        protected final int rs2;
        @CompilationFinal private int takenCount;
        @CompilationFinal private int notTakenCount;

        BranchNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, BRANCH, offset + imm);
            this.rs1 = rs1;
            this.rs2 = rs2;
        }

        @Override
        public final boolean condition(VirtualFrame frame) {
            boolean taken = test(x(frame, rs1), x(frame, rs2));
            if (CompilerDirectives.inInterpreter()) {
                if (taken) {
                    if (takenCount < Integer.MAX_VALUE) {
                        takenCount++;
                    }
                } else if (notTakenCount < Integer.MAX_VALUE) {
                    notTakenCount++;
                }
                return taken;
            }
            return CompilerDirectives.injectBranchProbability(probability(), taken);
        }

        private double probability() {
            double t = takenCount;
            double n = notTakenCount;
            double p = t + n == 0 ? 0.5 : t / (t + n);
            return Math.min(0.999, Math.max(0.001, p));
        }

        abstract boolean test(long a, long b);

        @Override
        public long readsX() {
            return bit(rs1) | bit(rs2);
        }
    }

    public static final class BeqNode extends BranchNode {
        public BeqNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return a == b;
        }
    }

    public static final class BneNode extends BranchNode {
        public BneNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return a != b;
        }
    }

    public static final class BltNode extends BranchNode {
        public BltNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return a < b;
        }
    }

    public static final class BgeNode extends BranchNode {
        public BgeNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return a >= b;
        }
    }

    public static final class BltuNode extends BranchNode {
        public BltuNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return Long.compareUnsigned(a, b) < 0;
        }
    }

    public static final class BgeuNode extends BranchNode {
        public BgeuNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm);
        }

        @Override
        boolean test(long a, long b) {
            return Long.compareUnsigned(a, b) >= 0;
        }
    }

    /** jal: direct jump; the link is the address of the next instruction. */
    public static final class JalNode extends TermNode {
        private final int rd;

        public JalNode(int insn, int offset, int length, int rd, long imm) {
            super(insn, offset, length, JUMP, offset + imm, isLink(rd), false);
            this.rd = rd;
        }

        @Override
        public void link(VirtualFrame frame) {
            if (rd != 0) {
                setX(frame, rd, pc(frame) + length);
            }
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** jalr: indirect jump to (rs1 + imm) with the low bit cleared. */
    public static final class JalrNode extends TermNode {
        private final int rd;
        private final int rs1;
        private final long imm;

        public JalrNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, INDIRECT, 0, isLink(rd), rd == 0 && isLink(rs1) && imm == 0);
            this.rd = rd;
            this.rs1 = rs1;
            this.imm = imm;
        }

        @Override
        public long indirectTarget(VirtualFrame frame) {
            return (x(frame, rs1) + imm) & ~1L;
        }

        @Override
        public void link(VirtualFrame frame) {
            if (rd != 0) {
                setX(frame, rd, pc(frame) + length);
            }
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /**
     * Not an instruction: the block was cut (the page ends, or a long straight run was split) and
     * execution continues at the next address.
     */
    public static final class FallThroughNode extends TermNode {
        public FallThroughNode(int offset) {
            super(0, offset, 0, JUMP, offset);
        }
    }
}
