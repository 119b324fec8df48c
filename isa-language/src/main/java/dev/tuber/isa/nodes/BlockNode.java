package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.Node;

/**
 * Straight-line guest code: instructions that fall through to each other, ended by a {@link
 * TermNode}. The region's dispatch loop runs {@link #executeBody} and then asks the terminator
 * where to go.
 */
public final class BlockNode extends Node {
    @Children private final InstrNode[] body;
    @Child public TermNode term;

    /** Page offset of the first instruction. */
    public final int start;
    /** Whether this block heads a loop of its region (the only place OSR enters). */
    @com.oracle.truffle.api.CompilerDirectives.CompilationFinal public boolean loopHeader;
    /** Page offset just past the last instruction (the terminator included). */
    public final int end;
    /** Instructions that retire when the block runs to its end (terminator included, pseudo ones not). */
    public final int count;
    /** Registers the block reads or writes. */
    public final long usesX;
    public final long usesF;
    /** Registers the block writes. */
    public final long writesX;
    public final long writesF;
    /** Whether the terminator's {@link TermNode#link} writes a register (jal with a link register). */
    public final boolean termLinks;

    public BlockNode(int start, InstrNode[] body, TermNode term) {
        this.start = start;
        this.end = term.offset + term.length;
        this.body = body;
        this.term = term;
        int n = term.length > 0 ? 1 : 0;
        for (InstrNode i : body) {
            n += i.retires();
        }
        this.count = n;
        long ux = 0;
        long uf = 0;
        long wx = 0;
        long wf = 0;
        int remaining = n;
        for (InstrNode i : body) {
            i.remaining = remaining;
            remaining -= i.retires();
            ux |= i.readsX() | i.writesX();
            uf |= i.readsF() | i.writesF();
            wx |= i.writesX();
            wf |= i.writesF();
        }
        term.remaining = remaining;
        ux |= term.readsX() | term.writesX();
        uf |= term.readsF() | term.writesF();
        wx |= term.writesX();
        wf |= term.writesF();
        this.usesX = ux;
        this.usesF = uf;
        this.writesX = wx;
        this.writesF = wf;
        this.termLinks = term.writesX() != 0;
    }

    /**
     * Runs the straight-line part in compiled code (the loop unrolled); counts the whole block as
     * retired (a trap corrects it).
     */
    @ExplodeLoop
    public void executeBody(VirtualFrame frame) {
        frame.setLongStatic(InstrNode.ICOUNT, frame.getLongStatic(InstrNode.ICOUNT) + count);
        for (InstrNode instr : body) {
            instr.execute(frame);
        }
    }

    /**
     * {@link #executeBody} for the interpreter: a plain loop that C1 inlines into the region's
     * dispatch loop (it did not inline executeBody: "callee uses too much stack").
     */
    void interpretBody(VirtualFrame frame) {
        frame.setLongStatic(InstrNode.ICOUNT, frame.getLongStatic(InstrNode.ICOUNT) + count);
        InstrNode[] instrs = body;
        for (int i = 0; i < instrs.length; i++) {
            instrs[i].execute(frame);
        }
    }

    /** The instructions, terminator last, for disassembly. */
    public InstrNode[] instructions() {
        InstrNode[] all = java.util.Arrays.copyOf(body, body.length + 1);
        all[body.length] = term;
        return all;
    }
}
