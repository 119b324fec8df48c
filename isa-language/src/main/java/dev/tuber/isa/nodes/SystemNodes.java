package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.hart.Priv;
import dev.tuber.isa.hart.TrapException;

/**
 * Instructions that end a region because they change privilege, translation or the instruction
 * stream, or because they always trap: ecall, ebreak, mret, sret, wfi, sfence.vma, fence.i, and
 * the stand-in for any encoding that is not a valid instruction.
 */
public final class SystemNodes {
    private SystemNodes() {
    }

    /** ecall: environment call from the current privilege (cause 8, 9 or 11). */
    public static final class EcallNode extends TermNode {
        public EcallNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            throw new TrapException(Priv.CAUSE_USER_ECALL + hart(frame).mode, 0, this);
        }
    }

    /** ebreak (and c.ebreak): breakpoint exception; tval holds the PC, as QEMU reports it. */
    public static final class EbreakNode extends TermNode {
        public EbreakNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            throw new TrapException(Priv.CAUSE_BREAKPOINT, pc(frame), this);
        }
    }

    /** mret */
    public static final class MretNode extends TermNode {
        public MretNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            return hart(frame).mret(insn, this);
        }
    }

    /** sret */
    public static final class SretNode extends TermNode {
        public SretNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            return hart(frame).sret(insn, this);
        }
    }

    /** wfi: the dispatcher parks the hart until an interrupt is pending. */
    public static final class WfiNode extends TermNode {
        public WfiNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            Hart hart = hart(frame);
            hart.checkWfi(insn, this);
            hart.waitingForInterrupt = true;
            return pc(frame) + length;
        }
    }

    /** sfence.vma: drops the TLB entries for the address in rs1, or all of them (ASIDs are not implemented). */
    public static final class SfenceVmaNode extends TermNode {
        private final int rs1;

        public SfenceVmaNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
            this.rs1 = (insn >>> 15) & 31;
        }

        @Override
        public long exit(VirtualFrame frame) {
            hart(frame).sfenceVma(insn, rs1 == 0, x(frame, rs1), this);
            return pc(frame) + length;
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }
    }

    /**
     * fence.i: stores into pages holding translated code have already dropped that code; leaving
     * the region makes this hart look up fresh code for the next instruction.
     */
    public static final class FenceINode extends TermNode {
        public FenceINode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            return pc(frame) + length;
        }
    }

    /**
     * Not an instruction: ends a block after an instruction that changed state the dispatcher must
     * look at (a CSR write to mstatus, satp, ...); control goes on at the next instruction.
     */
    public static final class ExitAfterNode extends TermNode {
        public ExitAfterNode(int offset) {
            super(0, offset, 0, EXIT, offset);
        }

        @Override
        public long exit(VirtualFrame frame) {
            return pc(frame);
        }
    }

    /** An encoding that is not a valid instruction here: illegal-instruction trap, tval = the bits. */
    public static final class IllegalNode extends TermNode {
        public IllegalNode(int insn, int offset, int length) {
            super(insn, offset, length, EXIT, 0);
        }

        @Override
        public long exit(VirtualFrame frame) {
            long bits = length == 2 ? insn & 0xFFFFL : insn & 0xFFFF_FFFFL;
            throw new TrapException(Priv.CAUSE_ILLEGAL_INSTRUCTION, bits, this);
        }
    }
}
