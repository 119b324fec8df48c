package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.frame.VirtualFrame;

/**
 * The instruction that ends a block: a control transfer, or an instruction after which the region
 * must be left (system instructions, CSR writes that change translation or interrupts, the end of
 * the page). The region's dispatch loop asks it where to go; for static targets inside the page it
 * goes to a block index, so that guest loops become loops in compiled code.
 */
public abstract class TermNode extends InstrNode {

    /** Conditional branch (a {@link Rv64iControlNodes.BranchNode}): its condition picks {@link #targetOffset} or {@link #fallOffset}. */
    public static final int BRANCH = 0;
    /** Unconditional direct jump (jal, or falling through to the next block). */
    public static final int JUMP = 1;
    /** Indirect jump (jalr): {@link #indirectTarget}. */
    public static final int INDIRECT = 2;
    /** Leave the region after {@link #exit}, which returns the next PC. */
    public static final int EXIT = 3;

    /**
     * Most targets inside the page an indirect jump remembers (at most 16, see the dispatch states
     * of {@link RegionRootNode}). A C {@code switch} compiled to a jump table has as many targets
     * as it has distinct cases; a target beyond the limit leaves the region at every jump there.
     */
    public static final int PAGE_TARGET_LIMIT = 16;

    /** Block index not yet known (the target has not been decoded yet). */
    public static final int UNRESOLVED = -1;
    /** The target lies outside this page: leave the region. */
    public static final int OUTSIDE = -2;

    public final int kind;
    /**
     * A guest call (jal/jalr linking ra or t0, the standard link registers): the callee always runs
     * as a region of its own, entered through {@link #chain}, so that regions stay function-sized
     * and Graal's inlining decides what to merge.
     */
    public final boolean isCall;
    /** A guest return (jalr x0, 0(ra) or 0(t0)): control goes back to whoever called this region. */
    public final boolean isReturn;
    /** Page offset of the static target; may lie outside [0, 4096). */
    public final long targetOffset;
    /** Page offset of the next instruction (the not-taken path of a branch). */
    public final long fallOffset;
    @CompilationFinal public int targetBlock = UNRESOLVED;
    @CompilationFinal public int fallBlock = UNRESOLVED;
    /** For {@link #INDIRECT}: page offsets of targets seen inside the page, and their blocks (an inline cache). */
    @CompilationFinal(dimensions = 1) public long[] pageTargets = new long[0];
    @CompilationFinal(dimensions = 1) public int[] pageTargetBlocks = new int[0];
    /** Calls the region control leaves to, created when control first leaves here. */
    @Child public ChainNode chain;

    protected TermNode(int insn, int offset, int length, int kind, long targetOffset) {
        this(insn, offset, length, kind, targetOffset, false, false);
    }

    protected TermNode(int insn, int offset, int length, int kind, long targetOffset, boolean isCall, boolean isReturn) {
        super(insn, offset, length);
        this.kind = kind;
        this.targetOffset = targetOffset;
        this.fallOffset = offset + length;
        this.isCall = isCall;
        this.isReturn = isReturn;
        if (isCall) {
            this.targetBlock = OUTSIDE;
        }
    }

    /** Whether a register is one of the standard link registers (ra, t0). */
    protected static boolean isLink(int reg) {
        return reg == 1 || reg == 5;
    }

    @Override
    public final void execute(VirtualFrame frame) {
        throw new IllegalStateException("terminators are run by the region");
    }

    /** For {@link #JUMP} and {@link #INDIRECT}: writes the link register. */
    public void link(VirtualFrame frame) {
    }

    /** For {@link #INDIRECT}: the target address (after {@link #link} has not yet run). */
    public long indirectTarget(VirtualFrame frame) {
        throw new IllegalStateException();
    }

    /** For {@link #EXIT}: performs the instruction and returns the next PC. May throw a trap. */
    public long exit(VirtualFrame frame) {
        throw new IllegalStateException();
    }

    /** Whether the static target is a backward edge within the page (a guest loop). */
    public final boolean isBackward() {
        return targetOffset <= offset && length > 0;
    }
}
