package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;

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
        // bit 0 negates, bit 1 orders instead of comparing for equality, bit 2 orders unsigned
        static final int EQ = 0;
        static final int NE = 1;
        static final int LT = 2;
        static final int GE = 3;
        static final int LTU = 6;
        static final int GEU = 7;

        protected final int rs1;
        protected final int rs2;
        // The comparison (EQ to GEU) as data rather than a virtual method: the interpreter's
        // dispatch loop calls condition directly, and C1 inlines it with test instead of making
        // a second megamorphic call. In compiled code the fields are constants.
        /** Orders (<) instead of comparing for equality. */
        private final boolean ordered;
        /** XORed into both operands before ordering: Long.MIN_VALUE (flipping the sign bits) orders unsigned. */
        private final long bias;
        /** Negates the outcome (NE, GE, GEU). */
        private final boolean negated;
        @CompilationFinal private int takenCount;
        @CompilationFinal private int notTakenCount;

        BranchNode(int insn, int offset, int length, int rs1, int rs2, long imm, int op) {
            super(insn, offset, length, BRANCH, offset + imm);
            this.rs1 = rs1;
            this.rs2 = rs2;
            this.ordered = (op & 2) != 0;
            this.bias = (op & 4) != 0 ? Long.MIN_VALUE : 0;
            this.negated = (op & 1) != 0;
        }

        /** Whether the branch is taken (the dispatch loop calls this directly: BRANCH terminators are all branch nodes). */
        public final boolean condition(VirtualFrame frame) {
            // no locals: C1 does not inline a method into the dispatch loop that "uses too much stack"
            if (CompilerDirectives.inInterpreter()) {
                return profile(test(x(frame, rs1), x(frame, rs2)));
            }
            return CompilerDirectives.injectBranchProbability(probability(), compiledTest(x(frame, rs1), x(frame, rs2)));
        }

        /**
         * Whether the interpreter saw this branch go each way at least {@code 1/8} of the time: a
         * branch the host would mispredict often (a constant in compiled code).
         */
        final boolean mixed() {
            double p = probability();
            return p >= 0.125 && p <= 0.875;
        }

        /** The outcome in compiled code, without a branch probability (for a select, not a jump). */
        final boolean selectCondition(VirtualFrame frame) {
            return compiledTest(x(frame, rs1), x(frame, rs2));
        }

        /** Counts the outcome for the compiled code's branch probability; returns it. */
        private boolean profile(boolean taken) {
            if (taken) {
                if (takenCount < Integer.MAX_VALUE) {
                    takenCount++;
                }
            } else if (notTakenCount < Integer.MAX_VALUE) {
                notTakenCount++;
            }
            return taken;
        }

        private double probability() {
            double t = takenCount;
            double n = notTakenCount;
            double p = t + n == 0 ? 0.5 : t / (t + n);
            return Math.min(0.999, Math.max(0.001, p));
        }

        /** The comparison, in few bytecodes (C1 inlines methods of up to 60). */
        private boolean test(long a, long b) {
            return (ordered ? (a ^ bias) < (b ^ bias) : a == b) ^ negated;
        }

        /** The comparison as Graal folds it best: one compare, unsigned where it is. */
        private boolean compiledTest(long a, long b) {
            boolean result = ordered ? (bias == 0 ? a < b : Long.compareUnsigned(a, b) < 0) : a == b;
            return result != negated;
        }

        @Override
        public long readsX() {
            return bit(rs1) | bit(rs2);
        }
    }

    public static final class BeqNode extends BranchNode {
        public BeqNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, EQ);
        }
    }

    public static final class BneNode extends BranchNode {
        public BneNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, NE);
        }
    }

    public static final class BltNode extends BranchNode {
        public BltNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, LT);
        }
    }

    public static final class BgeNode extends BranchNode {
        public BgeNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, GE);
        }
    }

    public static final class BltuNode extends BranchNode {
        public BltuNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, LTU);
        }
    }

    public static final class BgeuNode extends BranchNode {
        public BgeuNode(int insn, int offset, int length, int rs1, int rs2, long imm) {
            super(insn, offset, length, rs1, rs2, imm, GEU);
        }
    }

    /**
     * A conditional branch forward over a few {@linkplain InstrNode#pure pure} instructions, run
     * inside its block instead of ending it: if the branch is taken the instructions are skipped,
     * else they run, and the block goes on at the branch target either way. Compilers emit this
     * shape for {@code x = c ? a : b} and for conditional updates. As two blocks it made two
     * copies of the code after the join (each block runs on to the next terminator), kept the
     * paths apart in compiled code and left a data-dependent branch that the host mispredicts;
     * inside one block the paths merge again at once, and where the branch goes both ways compiled
     * code selects the values instead of branching ({@link #select}).
     */
    public static final class SkipNode extends InstrNode {
        /** Most instructions a branch may skip and stay inside its block. */
        public static final int MAX_SKIPPED = 4;

        @Child private BranchNode branch;
        @Children private final InstrNode[] skipped;
        /** Page offset of the branch target, where the block goes on. */
        public final int end;

        /** The registers the skipped instructions write: as a mask, and as register numbers. */
        private final long writes;
        @CompilationFinal(dimensions = 1) private final int[] written;

        public SkipNode(BranchNode branch, InstrNode[] skipped, int end) {
            super(branch.insn, branch.offset, branch.length);
            this.branch = branch;
            this.skipped = skipped;
            this.end = end;
            long w = 0;
            for (InstrNode instr : skipped) {
                w |= instr.writesX();
            }
            this.writes = w;
            this.written = new int[Long.bitCount(w)];
            for (int i = 0; w != 0; w &= w - 1) {
                written[i++] = Long.numberOfTrailingZeros(w);
            }
        }

        /** Whether {@code term} is a branch forward to an offset in the page (or to its end). */
        public static boolean candidate(TermNode term) {
            return term instanceof BranchNode b && b.targetOffset >= b.fallOffset && b.targetOffset <= 4096;
        }

        @Override
        public void execute(VirtualFrame frame) {
            if (CompilerDirectives.inInterpreter() || !branch.mixed()) {
                if (branch.condition(frame)) {
                    // the block counted the skipped instructions as retired
                    frame.setLongStatic(ICOUNT, frame.getLongStatic(ICOUNT) - skipped.length);
                } else {
                    runSkipped(frame);
                }
            } else {
                select(frame);
            }
        }

        @ExplodeLoop
        private void runSkipped(VirtualFrame frame) {
            for (InstrNode instr : skipped) {
                instr.execute(frame);
            }
        }

        /**
         * Compiled code for a branch that goes both ways: no branch at all. The skipped
         * instructions always run (they are pure), and each register they write then gets its
         * old value back if the branch was taken, by a mask. Graal turns a diamond into a
         * conditional move only when neither side computes anything; a data-dependent branch that
         * the host mispredicts half the time costs more than the few instructions.
         */
        @ExplodeLoop
        private void select(VirtualFrame frame) {
            long taken = branch.selectCondition(frame) ? -1L : 0L;
            long[] old = new long[written.length];
            for (int i = 0; i < written.length; i++) {
                old[i] = x(frame, written[i]);
            }
            runSkipped(frame);
            for (int i = 0; i < written.length; i++) {
                long now = x(frame, written[i]);
                setX(frame, written[i], now ^ ((old[i] ^ now) & taken));
            }
            frame.setLongStatic(ICOUNT, frame.getLongStatic(ICOUNT) - (skipped.length & taken));
        }

        @Override
        public int retires() {
            return 1 + skipped.length;
        }

        @Override
        public long readsX() {
            long r = branch.readsX();
            for (InstrNode instr : skipped) {
                r |= instr.readsX();
            }
            return r;
        }

        @Override
        public long writesX() {
            return writes;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder(branch.describe()).append(" skipping");
            for (InstrNode instr : skipped) {
                sb.append(" [").append(instr.describe()).append(']');
            }
            return sb.toString();
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
