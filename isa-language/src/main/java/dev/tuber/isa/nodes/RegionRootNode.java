package dev.tuber.isa.nodes;

import java.util.Arrays;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CompilerAsserts;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.FrameSlotKind;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.BytecodeOSRNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.ExplodeLoop.LoopExplosionKind;
import com.oracle.truffle.api.nodes.RootNode;

import dev.tuber.isa.decode.Decoder;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.hart.TrapException;

/**
 * A region: the translated code of one guest physical page, the unit Graal compiles.
 *
 * <p>Blocks are decoded lazily, as execution reaches them. The dispatch loop is a {@link
 * LoopExplosionKind#MERGE_EXPLODE} loop over block indices, so in compiled code every block
 * appears once and a branch between blocks of the page is a jump: guest loops become loops of
 * host code. Guest registers live in frame slots for the whole run of a region: loaded on entry
 * (only those the region uses), written back on every exit (only those it writes), so Graal can
 * keep them in host registers. Interrupts are polled at guest backward branches; long-running
 * loops are compiled on stack (OSR).
 *
 * <p>A region is shared by every hart and every virtual mapping of its page: the hart is the
 * argument, the PC comes from {@link Hart#pc}, and the page's virtual base lives in a frame slot.
 * When the page is written, the region is invalidated: its compiled code is discarded and the
 * dispatcher never enters it again.
 */
public final class RegionRootNode extends RootNode implements BytecodeOSRNode {

    /** Dispatch state before the entry block is known. */
    private static final int ENTRY = -1;
    /** The value every region invocation returns; the hart's state says what happened. */
    public static final Object EXITED = "exited";

    private static final int LOADED_X = InstrNode.SLOTS;
    private static final int LOADED_F = InstrNode.SLOTS + 1;

    /** Physical address of the page. */
    public final long physicalPage;
    private final Decoder decoder;
    /** Whether this region holds only the instruction that straddles into the next page. */
    private final boolean crossPage;
    private final String name;

    @CompilationFinal(dimensions = 1) private BlockNode[] blocks = new BlockNode[0];
    @CompilationFinal(dimensions = 1) private int[] entryOffsets = new int[0];
    @CompilationFinal(dimensions = 1) private int[] entryBlocks = new int[0];
    /** Block index + 1 starting at each 2-byte offset (0 = none yet). */
    private final short[] blockAt = new short[2048];
    /** Which 2-byte units of the page hold decoded instructions: stores elsewhere leave the region alone. */
    private final long[] covered = new long[32];
    /** Registers any block reads or writes (loaded on entry), and those any block writes (stored on exit). */
    @CompilationFinal private long loadX;
    @CompilationFinal private long loadF;
    @CompilationFinal private long storeX;
    @CompilationFinal private long storeF;
    /** Invalidated whenever blocks, entries or masks change, and when the page is written. */
    @CompilationFinal private Assumption stable;
    private volatile boolean valid = true;
    @CompilationFinal private Object osrMetadata;

    public RegionRootNode(TruffleLanguage<?> language, long physicalPage, long hostPage, long nextHostPage) {
        super(language, frameDescriptor());
        this.physicalPage = physicalPage;
        this.decoder = new Decoder(hostPage, nextHostPage);
        this.crossPage = nextHostPage != 0;
        this.name = "guest@" + Long.toHexString(physicalPage) + (crossPage ? "+" : "");
        this.stable = Truffle.getRuntime().createAssumption(name);
    }

    private static FrameDescriptor frameDescriptor() {
        FrameDescriptor.Builder b = FrameDescriptor.newBuilder(InstrNode.SLOTS + 2);
        b.addSlots(InstrNode.SLOTS + 2, FrameSlotKind.Static);
        return b.build();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Whether the dispatcher may still enter this region. */
    public boolean isValid() {
        return valid;
    }

    /** Drops this region: the page was written. Running invocations leave at their next block boundary. */
    public void invalidate() {
        valid = false;
        getLock().lock();
        try {
            stable.invalidate();
        } finally {
            getLock().unlock();
        }
    }

    // =========================================================================================
    // Entry and exit
    // =========================================================================================

    @Override
    public Object execute(VirtualFrame frame) {
        Hart hart = (Hart) frame.getArguments()[0];
        long pc = hart.pc;
        frame.setLongStatic(InstrNode.VBASE, pc & Hart.PAGE_MASK);
        frame.setLongStatic(InstrNode.ICOUNT, 0);
        if (!stable.isValid()) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
        }
        loadRegisters(frame, hart, loadX, loadF);
        frame.setLongStatic(LOADED_X, loadX);
        frame.setLongStatic(LOADED_F, loadF);
        return run(frame, hart, ENTRY, (int) (pc & 0xFFF));
    }

    @Override
    public Object executeOSR(VirtualFrame osrFrame, int target, Object interpreterState) {
        Hart hart = (Hart) osrFrame.getArguments()[0];
        // the interpreter frame may predate blocks this compilation knows: load what is missing
        loadMissing(osrFrame, hart, loadX, loadF);
        return run(osrFrame, hart, target, 0);
    }

    @Override
    public Object getOSRMetadata() {
        return osrMetadata;
    }

    @Override
    public void setOSRMetadata(Object osrMetadata) {
        this.osrMetadata = osrMetadata;
    }

    private Object run(VirtualFrame frame, Hart hart, int start, int entryOffset) {
        try {
            return dispatch(frame, hart, start, entryOffset);
        } catch (TrapException trap) {
            long icount = frame.getLongStatic(InstrNode.ICOUNT);
            long epc;
            if (trap.site instanceof InstrNode site) {
                icount -= site.remaining;
                epc = frame.getLongStatic(InstrNode.VBASE) + site.offset;
            } else {
                CompilerDirectives.transferToInterpreter();
                throw new IllegalStateException("trap without an instruction: " + trap.getMessage());
            }
            storeRegisters(frame, hart);
            hart.retired += icount;
            hart.takeTrap(trap.cause, trap.tval, false, epc);
            return EXITED;
        }
    }

    /** Leaves the region: the next PC, the registers and the retired-instruction count go to the hart. */
    private static Object exit(VirtualFrame frame, Hart hart, long nextPc) {
        hart.pc = nextPc;
        storeRegistersStatic(frame, hart);
        hart.retired += frame.getLongStatic(InstrNode.ICOUNT);
        return EXITED;
    }

    @ExplodeLoop
    private static void loadRegisters(VirtualFrame frame, Hart hart, long maskX, long maskF) {
        long[] x = hart.x;
        for (int r = 1; r < 32; r++) {
            if ((maskX & (1L << r)) != 0) {
                frame.setLongStatic(r, x[r]);
            }
        }
        long[] f = hart.f;
        for (int r = 0; r < 32; r++) {
            if ((maskF & (1L << r)) != 0) {
                frame.setLongStatic(InstrNode.F0 + r, f[r]);
            }
        }
    }

    private static void loadMissing(VirtualFrame frame, Hart hart, long wantX, long wantF) {
        long haveX = frame.getLongStatic(LOADED_X);
        long haveF = frame.getLongStatic(LOADED_F);
        long missingX = wantX & ~haveX;
        long missingF = wantF & ~haveF;
        if (missingX != 0 || missingF != 0) {
            loadRegisters(frame, hart, missingX, missingF);
            frame.setLongStatic(LOADED_X, haveX | missingX);
            frame.setLongStatic(LOADED_F, haveF | missingF);
        }
    }

    private void storeRegisters(VirtualFrame frame, Hart hart) {
        storeRegistersStatic(frame, hart);
    }

    @ExplodeLoop
    private static void storeRegistersStatic(VirtualFrame frame, Hart hart) {
        // a frame holds valid values exactly for the registers it loaded; it may have written only those
        long maskX = frame.getLongStatic(LOADED_X);
        long maskF = frame.getLongStatic(LOADED_F);
        long[] x = hart.x;
        for (int r = 1; r < 32; r++) {
            if ((maskX & (1L << r)) != 0) {
                x[r] = frame.getLongStatic(r);
            }
        }
        long[] f = hart.f;
        for (int r = 0; r < 32; r++) {
            if ((maskF & (1L << r)) != 0) {
                f[r] = frame.getLongStatic(InstrNode.F0 + r);
            }
        }
    }

    // =========================================================================================
    // Dispatch
    // =========================================================================================

    /**
     * Runs blocks until control leaves the region. {@code start} is {@link #ENTRY} (find the block
     * for {@code entryOffset}) or a block index (OSR); both are constants in compiled code.
     */
    @ExplodeLoop(kind = LoopExplosionKind.MERGE_EXPLODE)
    private Object dispatch(VirtualFrame frame, Hart hart, int start, int entryOffset) {
        int index = start;
        outer: while (true) {
            CompilerAsserts.partialEvaluationConstant(index);
            if (index == ENTRY) {
                int[] offsets = entryOffsets;
                for (int i = 0; i < offsets.length; i++) {
                    if (offsets[i] == entryOffset) {
                        index = entryBlocks[i];
                        continue outer;
                    }
                }
                CompilerDirectives.transferToInterpreterAndInvalidate();
                index = addEntry(entryOffset);
                if (index < 0) {
                    return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + entryOffset);
                }
                continue;
            }
            BlockNode block = blocks[index];
            if (CompilerDirectives.inInterpreter()) {
                if (!valid) {
                    return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + block.start);
                }
                loadMissing(frame, hart, block.usesX, block.usesF);
            }
            block.executeBody(frame);
            TermNode term = block.term;
            switch (term.kind) {
                case TermNode.BRANCH:
                    if (term.condition(frame)) {
                        int next = term.targetBlock;
                        if (next >= 0) {
                            if (term.isBackward()) {
                                if (hart.attention) {
                                    return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                                }
                                if (CompilerDirectives.inInterpreter() && BytecodeOSRNode.pollOSRBackEdge(this, 1)) {
                                    Object result = BytecodeOSRNode.tryOSR(this, next, null, null, frame);
                                    if (result != null) {
                                        return result;
                                    }
                                }
                            }
                            index = next;
                            continue;
                        }
                        if (next == TermNode.OUTSIDE) {
                            return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                        }
                        CompilerDirectives.transferToInterpreterAndInvalidate();
                        index = resolve(term, true);
                        if (index < 0) {
                            return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                        }
                        continue;
                    } else {
                        int next = term.fallBlock;
                        if (next >= 0) {
                            index = next;
                            continue;
                        }
                        if (next == TermNode.OUTSIDE) {
                            return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.fallOffset);
                        }
                        CompilerDirectives.transferToInterpreterAndInvalidate();
                        index = resolve(term, false);
                        if (index < 0) {
                            return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.fallOffset);
                        }
                        continue;
                    }
                case TermNode.JUMP: {
                    term.link(frame);
                    int next = term.targetBlock;
                    if (next >= 0) {
                        if (term.isBackward()) {
                            if (hart.attention) {
                                return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                            }
                            if (CompilerDirectives.inInterpreter() && BytecodeOSRNode.pollOSRBackEdge(this, 1)) {
                                Object result = BytecodeOSRNode.tryOSR(this, next, null, null, frame);
                                if (result != null) {
                                    return result;
                                }
                            }
                        }
                        index = next;
                        continue;
                    }
                    if (next == TermNode.OUTSIDE) {
                        return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                    }
                    CompilerDirectives.transferToInterpreterAndInvalidate();
                    index = resolve(term, true);
                    if (index < 0) {
                        return exit(frame, hart, frame.getLongStatic(InstrNode.VBASE) + term.targetOffset);
                    }
                    continue;
                }
                case TermNode.INDIRECT: {
                    long target = term.indirectTarget(frame);
                    term.link(frame);
                    return exit(frame, hart, target);
                }
                default: {
                    long next = term.exit(frame);
                    return exit(frame, hart, next);
                }
            }
        }
    }

    // =========================================================================================
    // Growing the region (interpreter only)
    // =========================================================================================

    /** Index of the block starting at {@code offset}, decoding it if needed; -1 if code there cannot run in this region. */
    private int blockFor(int offset) {
        if (offset < 0 || offset >= 4096 || (offset & 1) != 0) {
            return -1;
        }
        if (crossPage ? offset != Decoder.CROSS_PAGE_OFFSET : decoder.straddles(offset)) {
            return -1;
        }
        int existing = blockAt[offset >>> 1];
        if (existing != 0) {
            return existing - 1;
        }
        BlockNode block = decoder.decodeBlock(offset, crossPage);
        insert(block);
        int index = blocks.length;
        BlockNode[] grown = Arrays.copyOf(blocks, index + 1);
        grown[index] = block;
        loadX |= block.usesX;
        loadF |= block.usesF;
        storeX |= block.writesX;
        storeF |= block.writesF;
        for (int unit = offset >>> 1; unit < Math.min(block.end, 4096) >>> 1; unit++) {
            covered[unit >>> 6] |= 1L << unit;
        }
        blocks = grown;
        blockAt[offset >>> 1] = (short) (index + 1);
        return index;
    }

    private void changed() {
        stable.invalidate();
        stable = Truffle.getRuntime().createAssumption(name);
    }

    @TruffleBoundary
    private int addEntry(int offset) {
        getLock().lock();
        try {
            int index = blockFor(offset);
            if (index < 0) {
                return -1;
            }
            for (int i = 0; i < entryOffsets.length; i++) {
                if (entryOffsets[i] == offset) {
                    return entryBlocks[i];
                }
            }
            int n = entryOffsets.length;
            int[] offsets = Arrays.copyOf(entryOffsets, n + 1);
            int[] targets = Arrays.copyOf(entryBlocks, n + 1);
            offsets[n] = offset;
            targets[n] = index;
            entryBlocks = targets;
            entryOffsets = offsets;
            changed();
            return index;
        } finally {
            getLock().unlock();
        }
    }

    @TruffleBoundary
    private int resolve(TermNode term, boolean taken) {
        getLock().lock();
        try {
            long target = taken ? term.targetOffset : term.fallOffset;
            int index = target >= 0 && target < 4096 ? blockFor((int) target) : -1;
            int value = index >= 0 ? index : TermNode.OUTSIDE;
            if (taken) {
                term.targetBlock = value;
            } else {
                term.fallBlock = value;
            }
            changed();
            return index;
        } finally {
            getLock().unlock();
        }
    }

    /**
     * Whether a write of {@code length} bytes at page offset {@code offset} touches decoded code. A
     * cross-page region also covers the first two bytes of the next page (offsets 4096, 4097).
     */
    public boolean overlapsCode(long offset, long length) {
        long from = Math.max(0, offset);
        long to = Math.min(4096, offset + length);
        for (long unit = from >>> 1; unit < (to + 1) >>> 1; unit++) {
            if ((covered[(int) (unit >>> 6)] & (1L << unit)) != 0) {
                return true;
            }
        }
        return crossPage && offset + length > 4096 && offset < 4098;
    }

    /** Decoded blocks, for disassembly and tests. */
    public BlockNode[] blocks() {
        return blocks.clone();
    }
}
