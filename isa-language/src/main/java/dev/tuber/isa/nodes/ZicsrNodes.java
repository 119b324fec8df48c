package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.hart.Hart;

/**
 * Zicsr: csrrw, csrrs, csrrc and their immediate forms. Privilege checks, side effects and the
 * CSR file itself are the hart's; here is only the instruction's data flow. A write that can
 * change translation, privilege or interrupt state ends the region ({@link CsrExitNode}), so
 * that the dispatcher looks at the new state before the next instruction.
 */
public final class ZicsrNodes {
    private ZicsrNodes() {
    }

    /** Operands of a CSR instruction, decoded once. */
    record CsrOperands(int csr, int op, int rd, int rs1, boolean immediate) {
        static CsrOperands decode(int insn) {
            int funct3 = (insn >>> 12) & 7;
            return new CsrOperands(insn >>> 20, funct3 & 3, (insn >>> 7) & 31, (insn >>> 15) & 31, (funct3 & 4) != 0);
        }

        /** csrrw always writes; csrrs/csrrc write only with a non-zero source. */
        boolean writes() {
            return op == 1 || rs1 != 0;
        }

        /** csrrw with rd = x0 does not read (no read side effects). */
        boolean reads() {
            return op != 1 || rd != 0;
        }
    }

    static void execute(VirtualFrame frame, InstrNode node, CsrOperands ops) {
        Hart hart = InstrNode.hart(frame);
        long operand = ops.immediate() ? ops.rs1() : InstrNode.x(frame, ops.rs1());
        long old = hart.csrInstruction(ops.csr(), ops.op(), operand, ops.reads(), ops.writes(), node.inFlight(frame), node.insn, node);
        if (ops.rd() != 0) {
            InstrNode.setX(frame, ops.rd(), old);
        }
    }

    /** A CSR instruction the region may run through. */
    public static final class CsrNode extends InstrNode {
        private final CsrOperands ops;

        public CsrNode(int insn, int offset, int length) {
            super(insn, offset, length);
            this.ops = CsrOperands.decode(insn);
        }

        @Override
        public void execute(VirtualFrame frame) {
            ZicsrNodes.execute(frame, this, ops);
        }

        @Override
        public long readsX() {
            return ops.immediate() ? 0 : bit(ops.rs1());
        }

        @Override
        public long writesX() {
            return bit(ops.rd());
        }

        @Override
        public String describe() {
            return "csr" + ops.op() + " x" + ops.rd() + ", 0x" + Integer.toHexString(ops.csr());
        }
    }

    /** A CSR write after which the region is left. */
    public static final class CsrExitNode extends TermNode {
        private final CsrOperands ops;

        public CsrExitNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
            this.ops = CsrOperands.decode(insn);
        }

        @Override
        public long exit(VirtualFrame frame) {
            ZicsrNodes.execute(frame, this, ops);
            return pc(frame) + length;
        }

        @Override
        public long readsX() {
            return ops.immediate() ? 0 : bit(ops.rs1());
        }

        @Override
        public long writesX() {
            return bit(ops.rd());
        }
    }

    /** Whether this CSR instruction must end the region. */
    public static boolean endsRegion(int insn) {
        CsrOperands ops = CsrOperands.decode(insn);
        return ops.writes() && Hart.csrWriteEndsRegion(ops.csr());
    }
}
