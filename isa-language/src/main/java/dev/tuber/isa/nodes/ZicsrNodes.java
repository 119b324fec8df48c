package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.hart.Hart;

/**
 * Zicsr: csrrw, csrrs, csrrc and their immediate forms. Privilege checks, side effects and the
 * CSR file itself are the hart's; here is only the instruction's data flow. A write that can
 * change translation, privilege or interrupt state ends its block with an {@link
 * SystemNodes.ExitAfterNode}, so that the dispatcher looks at the new state before the next
 * instruction.
 */
public final class ZicsrNodes {
    private ZicsrNodes() {
    }

    /** A CSR instruction. */
    public static final class CsrNode extends InstrNode {
        private final int csr;
        private final int op;
        private final int rd;
        private final int rs1;
        private final boolean immediate;
        private final boolean writes;
        private final boolean reads;

        public CsrNode(int insn, int offset, int length) {
            super(insn, offset, length);
            int funct3 = (insn >>> 12) & 7;
            this.csr = insn >>> 20;
            this.op = funct3 & 3;
            this.rd = (insn >>> 7) & 31;
            this.rs1 = (insn >>> 15) & 31;
            this.immediate = (funct3 & 4) != 0;
            this.writes = op == 1 || rs1 != 0;
            this.reads = op != 1 || rd != 0;
        }

        @Override
        public void execute(VirtualFrame frame) {
            Hart hart = hart(frame);
            long operand = immediate ? rs1 : x(frame, rs1);
            long old = hart.csrInstruction(csr, op, operand, reads, writes, inFlight(frame), insn, this);
            if (rd != 0) {
                setX(frame, rd, old);
            }
        }

        @Override
        public long readsX() {
            return immediate ? 0 : bit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }

        @Override
        public String describe() {
            return "csr" + op + " x" + rd + ", 0x" + Integer.toHexString(csr);
        }

        /** Whether the region must be left after this instruction. */
        public boolean endsRegion() {
            return writes && Hart.csrWriteEndsRegion(csr);
        }
    }

}
