package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;

import dev.tuber.isa.hart.Hart;

/**
 * One guest instruction. Registers live in static frame slots ({@link #X0} + n for x<i>n</i>,
 * {@link #F0} + n for f<i>n</i>) while a region runs; nodes read and write them there, so that
 * Graal keeps guest registers in host registers.
 *
 * <p>Every node knows where it is: its byte offset in the guest page, its encoding (for traps that
 * report the instruction) and how many instructions of its block, itself included, have not yet
 * retired when it starts (so a trap can correct {@code minstret}).
 */
public abstract class InstrNode extends Node {

    /** Frame slot of x0 (never written, so it always reads 0). */
    public static final int X0 = 0;
    /** Frame slot of f0. */
    public static final int F0 = 32;
    /** Instructions retired in this region invocation (committed at exit). */
    public static final int ICOUNT = 64;
    /** Virtual address of the page the region runs at (regions are shared by all mappings of a physical page). */
    public static final int VBASE = 65;
    /** The hart (an object slot; a compilation constant when the machine has one hart). */
    public static final int HART = 66;
    /** Number of frame slots a region needs. */
    public static final int SLOTS = 67;

    /**
     * Probability Graal is told a TLB lookup hits. Without it Graal sees a 50/50 branch, lays the
     * slow-path call out inline and the fast path out of line, and spills around the call.
     */
    public static final double TLB_HIT = 0.999;

    /** Byte offset of the instruction in its 4 KiB page. */
    public final int offset;
    /** The instruction's encoding; for a compressed instruction the 16-bit original. */
    public final int insn;
    /** 2 for a compressed instruction, else 4. */
    public final int length;
    /** Instructions of the block from this one to the end, this one included. */
    @CompilationFinal public int remaining;

    /**
     * Whether this instruction's software-TLB lookup has ever missed. Until it has, compiled code
     * has no slow path for it, just a deoptimization: a call there (a HotSpot call clobbers every
     * register) would make the register allocator spill the guest registers live across it on
     * the fast path too. The first miss invalidates the compiled code and sets this flag.
     */
    @CompilationFinal private boolean tlbMissed;

    /** Called on a TLB miss, before the slow path (see {@link #tlbMissed}). */
    protected final void tlbMiss() {
        if (!tlbMissed) {
            com.oracle.truffle.api.CompilerDirectives.transferToInterpreterAndInvalidate();
            tlbMissed = true;
        }
    }

    protected InstrNode(int insn, int offset, int length) {
        this.insn = insn;
        this.offset = offset;
        this.length = length;
    }

    public abstract void execute(VirtualFrame frame);

    // --- frame helpers -----------------------------------------------------------------------

    protected static long x(VirtualFrame frame, int reg) {
        return frame.getLongStatic(reg);
    }

    protected static void setX(VirtualFrame frame, int reg, long value) {
        frame.setLongStatic(reg, value);
    }

    protected static long fbits(VirtualFrame frame, int reg) {
        return frame.getLongStatic(F0 + reg);
    }

    protected static void setF(VirtualFrame frame, int reg, long bits) {
        frame.setLongStatic(F0 + reg, bits);
    }

    protected static Hart hart(VirtualFrame frame) {
        return (Hart) frame.getObjectStatic(HART);
    }

    /** Guest virtual address of this instruction. */
    protected final long pc(VirtualFrame frame) {
        return frame.getLongStatic(VBASE) + offset;
    }

    /** Instructions retired in this region before this one. */
    protected final long inFlight(VirtualFrame frame) {
        return frame.getLongStatic(ICOUNT) - remaining;
    }

    /** Integer registers this node reads (bit n = x<i>n</i>), for the region's load mask. */
    public long readsX() {
        return 0;
    }

    /** Integer registers this node writes. */
    public long writesX() {
        return 0;
    }

    /** Floating-point registers this node reads. */
    public long readsF() {
        return 0;
    }

    /** Floating-point registers this node writes. */
    public long writesF() {
        return 0;
    }

    protected static long bit(int reg) {
        return reg == 0 ? 0 : 1L << reg;
    }

    protected static long fbit(int reg) {
        return 1L << reg;
    }

    /**
     * Whether this instruction only computes its destination register from registers, constants
     * and its own address: it cannot trap and has no other effect. A short forward branch over
     * such instructions stays inside its block (see {@link Rv64iControlNodes.SkipNode}).
     */
    public boolean pure() {
        return false;
    }

    /** Guest instructions this node retires when it runs to its end. */
    public int retires() {
        return 1;
    }

    /** Mnemonic and operands, for disassembly in traces and the debugger. */
    public String describe() {
        return getClass().getSimpleName().replace("Node", "").toLowerCase(java.util.Locale.ROOT);
    }
}
