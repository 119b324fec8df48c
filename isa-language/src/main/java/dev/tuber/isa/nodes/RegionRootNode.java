package dev.tuber.isa.nodes;

import java.util.Arrays;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CompilerAsserts;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.Frame;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.FrameSlotKind;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.BytecodeOSRNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.ExplodeLoop.LoopExplosionKind;
import com.oracle.truffle.api.nodes.LoopNode;
import com.oracle.truffle.api.nodes.RootNode;

import dev.tuber.isa.decode.Decoder;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.hart.TrapException;

/**
 * A region: translated guest code that Graal compiles as one unit. A region starts at an entry
 * point in a guest physical page and holds the blocks reachable from it by control flow inside
 * the page, except that guest calls are region boundaries: a region is typically a guest function
 * (or the part of it in one page), and Graal's inlining of chained calls (see {@link ChainNode})
 * decides which functions are compiled together.
 *
 * <p>Blocks are decoded lazily, as execution reaches them. The dispatch loop is a {@link
 * LoopExplosionKind#MERGE_EXPLODE} loop over block indices, so in compiled code every block
 * appears once and a branch between blocks is a jump: guest loops become loops of host code.
 * Guest registers live in frame slots for the whole run of a region: loaded on entry (those the
 * region uses), written back on every exit (those it writes), so Graal can keep them in host
 * registers. Interrupts are polled at guest backward branches; long-running loops are compiled on
 * stack (OSR).
 *
 * <p>A region is shared by every hart and every virtual mapping of its page: the hart is the
 * argument, and the page's virtual base, taken from {@link Hart#pc} on entry, lives in a frame
 * slot. When its code is written, the region is invalidated: its compiled code is discarded and
 * nothing enters it again.
 */
public final class RegionRootNode extends RootNode implements BytecodeOSRNode {

    /** Returned when the dispatcher must look at the hart before anything runs (trap, poll, system instruction). */
    public static final Object EXITED = "exited";
    /** Returned when control simply flows on to {@link Hart#pc}, outside this region. */
    public static final Object CONTINUE = "continue";

    private static final int LOADED_X = InstrNode.SLOTS;
    private static final int LOADED_F = InstrNode.SLOTS + 1;
    /**
     * Where an indirect jump or a jump out of the region goes. A frame slot, not a Java local:
     * loop explosion merges iterations only when the dispatch loop's locals agree, so values that
     * change between iterations must live in the frame.
     */
    private static final int TARGET = InstrNode.SLOTS + 2;
    /**
     * Registers whose frame value may differ from the hart's (see {@link #storeRegisters}). The
     * interpreter tracks them block by block; compiled code sets all bits, so its masks stay
     * constants.
     */
    private static final int DIRTY_X = InstrNode.SLOTS + 3;
    private static final int DIRTY_F = InstrNode.SLOTS + 4;
    private static final int FRAME_SLOTS = InstrNode.SLOTS + 5;

    // Dispatch states other than block indices (>= 0). Every transition of the dispatch loop
    // carries a constant state, so loop explosion makes each state one piece of compiled code.
    /** {@code PAGE_TARGET - (16 * b + k)}: compare block b's indirect target with its k-th in-page target. */
    private static final int PAGE_TARGET = -1;
    /** {@code LEAVE - b}: control leaves the region from block b's terminator, to the target slot. */
    private static final int LEAVE = PAGE_TARGET - (16 << 16);
    /** Return to the caller after a system instruction or a guest return, next PC in the target slot. */
    private static final int EXIT = Integer.MIN_VALUE;
    private static final int RETURN = Integer.MIN_VALUE + 1;
    /**
     * {@code PEELED + b}: block b in the copy of the loop an OSR compilation enters. Compiled from
     * its header, the loop would head every loop around it too (control comes back to the header
     * from the outer loops as well as from its own back edges), so the outer loops' registers would
     * all be phis of this one header. The copy runs until the loop exits; the rest is the region's
     * code, in which the loop nests where it belongs.
     */
    private static final int PEELED = 1 << 24;
    /** Added to the block index of a {@link #PAGE_TARGET} state probing from a peeled block. */
    private static final int PEELED_PROBE = 1 << 15;

    /** Physical address of the page. */
    public final long physicalPage;
    /** Page offset of the entry point. */
    public final int entryOffset;
    private final Decoder decoder;
    /** Whether this region holds only the instruction that straddles into the next page. */
    private final boolean crossPage;
    private final String name;

    @CompilationFinal(dimensions = 1) private BlockNode[] blocks = new BlockNode[0];
    /**
     * The blocks by start offset: open addressing on the 2-byte unit, each used slot holding
     * (unit + 1) in its upper and (block index + 1) in its lower 16 bits; at most half full. A
     * region decodes a handful of blocks on average, and a flat table of the page's 2048 units
     * (4 KB per region) made up most of what survived young collections in a Linux boot.
     */
    private int[] blockAt = new int[8];
    private int blockAtUsed;
    /** Which 2-byte units of the page hold decoded instructions: stores elsewhere leave the region alone. */
    private final long[] covered = new long[32];
    /** Registers any block reads or writes (loaded on entry), and those any block writes (stored on exit). */
    @CompilationFinal private long loadX;
    @CompilationFinal private long loadF;
    @CompilationFinal private long storeX;
    @CompilationFinal private long storeF;
    /** Invalidated whenever blocks or masks change, and when the page is written. */
    @CompilationFinal private Assumption stable;
    private volatile boolean valid = true;
    /** Valid until the region is dropped; chained callers depend on it. */
    private final Assumption alive;
    @CompilationFinal private Object osrMetadata;
    /** The machine's only hart, or null on a multi-hart machine: a constant for Graal when known. */
    private final Hart onlyHart;
    /** Coverage of decoded bytes by page, kept by the code cache for stores into code pages. */
    private final dev.tuber.isa.runtime.CodeCache.CodePage codePage;
    private final dev.tuber.isa.runtime.CodeCache.CodePage nextCodePage;

    /**
     * @param hostPage host address of the page
     * @param nextHostPage host address of the next physical page when this region holds the
     *     instruction straddling into it (entry offset 4094), else 0
     */
    public RegionRootNode(TruffleLanguage<?> language, long physicalPage, long hostPage, long nextHostPage, int entryOffset, Hart onlyHart,
                    dev.tuber.isa.runtime.CodeCache.CodePage codePage, dev.tuber.isa.runtime.CodeCache.CodePage nextCodePage) {
        super(language, FRAME_DESCRIPTOR);
        this.onlyHart = onlyHart;
        this.codePage = codePage;
        this.nextCodePage = nextCodePage;
        this.physicalPage = physicalPage;
        this.entryOffset = entryOffset;
        this.decoder = new Decoder(hostPage, nextHostPage);
        this.crossPage = nextHostPage != 0;
        this.name = "guest@" + Long.toHexString(physicalPage + entryOffset) + (crossPage ? "+" : "");
        this.stable = Truffle.getRuntime().createAssumption(name);
        this.alive = Truffle.getRuntime().createAssumption(name + " alive");
        getLock().lock();
        try {
            if (blockFor(entryOffset) != 0) {
                throw new IllegalStateException("no code at entry offset " + entryOffset);
            }
        } finally {
            getLock().unlock();
        }
    }

    private boolean reachableDecoded;
    /** The block execution enters at (block 0, or its copy when block 0 lies inside a loop it does not head). */
    @CompilationFinal private int entryBlock;

    /**
     * Makes the region's loops reducible by duplicating blocks. Optimizing compilers rotate and
     * peel loops and thread jumps through state machines, so that a loop is entered at several
     * blocks; Graal turns such an irreducible loop into a loop that switches on the dispatch state
     * at every iteration, with every live value merged at one header. Here the loop nest is taken
     * apart as Steensgaard's loop forest (a strongly connected set of blocks, then the sets inside
     * it without its entry blocks); for a set with more than one entry, the entry whose copy is
     * smallest becomes the header and every edge from outside that enters elsewhere is redirected
     * to copies of the set's other blocks, whose edges lead on to copies and to the header. The
     * copies may hold loops of their own, entered at several blocks: they are split in turn, until
     * the region would grow past {@link #SPLIT_FACTOR} times its blocks or {@link #SPLIT_LIMIT}
     * blocks, whichever is less (beyond, Graal dispatches in the loops left). Then the
     * loop headers (targets of back edges in a depth-first walk from the entry) are marked: OSR
     * enters compiled code only there.
     */
    private void makeLoopsReducible() {
        int limit = Math.max(blocks.length, Math.min(SPLIT_LIMIT, SPLIT_FACTOR * blocks.length));
        for (int round = 0; round < limit; round++) {
            int n = blocks.length;
            int[][] succ = new int[n][];
            for (int i = 0; i < n; i++) {
                succ[i] = successors(blocks[i].term);
            }
            boolean[] reachable = reachableFrom(entryBlock, succ);
            boolean[] loop = new boolean[n];
            java.util.BitSet entries = multiEntryLoop(reachable, succ, loop);
            if (entries == null) {
                break;
            }
            int header = -1;
            java.util.BitSet copied = null;
            for (int h = entries.nextSetBit(0); h >= 0; h = entries.nextSetBit(h + 1)) {
                java.util.BitSet c = copiedFor(h, entries, loop, succ);
                if (copied == null || c.cardinality() < copied.cardinality()) {
                    header = h;
                    copied = c;
                }
            }
            if (n + copied.cardinality() > limit) {
                break; // Graal dispatches on the state in this loop
            }
            java.util.Map<Integer, Integer> copies = new java.util.HashMap<>();
            for (int u = 0; u < n; u++) {
                if (!loop[u]) {
                    redirectEntries(blocks[u].term, loop, header, copies);
                }
            }
            if (loop[entryBlock] && entryBlock != header) {
                entryBlock = copyOutside(entryBlock, loop, header, copies);
            }
        }
        markLoopHeaders();
    }

    /** The most blocks copies for reducibility may grow a region to (as many as are decoded ahead), and the most by factor. */
    static final int SPLIT_LIMIT = 512;
    static final int SPLIT_FACTOR = 3;

    private static boolean[] reachableFrom(int start, int[][] succ) {
        boolean[] seen = new boolean[succ.length];
        int[] work = new int[succ.length];
        int top = 0;
        work[top++] = start;
        seen[start] = true;
        while (top > 0) {
            int v = work[--top];
            for (int w : succ[v]) {
                if (!seen[w]) {
                    seen[w] = true;
                    work[top++] = w;
                }
            }
        }
        return seen;
    }

    /**
     * Finds a loop of the forest with more than one entry among the reachable blocks: marks its
     * blocks in {@code loop} and returns its entries, or returns null when every loop has one.
     */
    private java.util.BitSet multiEntryLoop(boolean[] reachable, int[][] succ, boolean[] loop) {
        int n = succ.length;
        java.util.ArrayDeque<boolean[]> sets = new java.util.ArrayDeque<>();
        sets.push(reachable);
        while (!sets.isEmpty()) {
            boolean[] in = sets.pop();
            int[][] sub = new int[n][];
            for (int v = 0; v < n; v++) {
                sub[v] = in[v] ? java.util.Arrays.stream(succ[v]).filter(w -> in[w]).toArray() : new int[0];
            }
            int[] comp = stronglyConnected(sub);
            int[] size = new int[n];
            boolean[] selfLoop = new boolean[n];
            for (int v = 0; v < n; v++) {
                if (in[v]) {
                    size[comp[v]]++;
                    selfLoop[comp[v]] |= contains(sub[v], v);
                }
            }
            for (int c = 0; c < n; c++) {
                if (size[c] < 2 && !selfLoop[c]) {
                    continue;
                }
                java.util.BitSet entries = new java.util.BitSet();
                for (int u = 0; u < n; u++) {
                    if (!reachable[u]) {
                        continue;
                    }
                    if (u == entryBlock && in[u] && comp[u] == c) {
                        entries.set(u);
                    }
                    if (!in[u] || comp[u] != c) {
                        for (int w : succ[u]) {
                            if (in[w] && comp[w] == c) {
                                entries.set(w);
                            }
                        }
                    }
                }
                boolean[] members = new boolean[n];
                for (int v = 0; v < n; v++) {
                    members[v] = in[v] && comp[v] == c;
                }
                if (entries.cardinality() > 1) {
                    System.arraycopy(members, 0, loop, 0, n);
                    return entries;
                }
                for (int e = entries.nextSetBit(0); e >= 0; e = entries.nextSetBit(e + 1)) {
                    members[e] = false;
                }
                sets.push(members);
            }
        }
        return null;
    }

    /** The blocks of {@code loop} other than {@code header} reachable inside it from its other entries: what a split at {@code header} copies. */
    private static java.util.BitSet copiedFor(int header, java.util.BitSet entries, boolean[] loop, int[][] succ) {
        java.util.BitSet seen = new java.util.BitSet();
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        for (int e = entries.nextSetBit(0); e >= 0; e = entries.nextSetBit(e + 1)) {
            if (e != header) {
                seen.set(e);
                work.push(e);
            }
        }
        while (!work.isEmpty()) {
            int v = work.pop();
            for (int w : succ[v]) {
                if (loop[w] && w != header && !seen.get(w)) {
                    seen.set(w);
                    work.push(w);
                }
            }
        }
        return seen;
    }

    /** Points {@code t}'s edges into {@code loop} (other than to {@code header}) at copies. */
    private void redirectEntries(TermNode t, boolean[] loop, int header, java.util.Map<Integer, Integer> copies) {
        if (t.targetBlock >= 0 && t.targetBlock < loop.length && loop[t.targetBlock] && t.targetBlock != header) {
            t.targetBlock = copyOutside(t.targetBlock, loop, header, copies);
        }
        if (t.fallBlock >= 0 && t.fallBlock < loop.length && loop[t.fallBlock] && t.fallBlock != header) {
            t.fallBlock = copyOutside(t.fallBlock, loop, header, copies);
        }
        int[] pt = t.pageTargetBlocks;
        for (int k = 0; k < pt.length; k++) {
            if (pt[k] < loop.length && loop[pt[k]] && pt[k] != header) {
                int[] copy = pt.clone();
                copy[k] = copyOutside(pt[k], loop, header, copies);
                t.pageTargetBlocks = copy;
                pt = copy;
            }
        }
    }

    /** The copy of block {@code v} used from outside {@code loop}; its edges lead on to copies and the header. */
    private int copyOutside(int v, boolean[] loop, int header, java.util.Map<Integer, Integer> copies) {
        Integer existing = copies.get(v);
        if (existing != null) {
            return existing;
        }
        int copy = duplicate(v);
        copies.put(v, copy);
        redirectEntries(blocks[copy].term, loop, header, copies);
        return copy;
    }

    /**
     * Marks as loop headers the targets of back edges of a depth-first walk from the entry, and
     * notes the blocks of each loop (see {@link #PEELED}).
     */
    private void markLoopHeaders() {
        int n = blocks.length;
        int[][] succ = new int[n][];
        for (int i = 0; i < n; i++) {
            succ[i] = successors(blocks[i].term);
            blocks[i].loopHeader = false;
        }
        byte[] state = new byte[n]; // 1 on the stack, 2 done
        java.util.List<int[]> backEdges = new java.util.ArrayList<>();
        java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
        stack.push(new int[]{entryBlock, 0});
        state[entryBlock] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            int v = top[0];
            if (top[1] < succ[v].length) {
                int w = succ[v][top[1]++];
                if (state[w] == 0) {
                    state[w] = 1;
                    stack.push(new int[]{w, 0});
                } else if (state[w] == 1) {
                    blocks[w].loopHeader = true;
                    backEdges.add(new int[]{v, w});
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
        // the body of each loop: the blocks from which a back edge to its header is reachable
        // without passing the header
        int[][] pred = predecessors(succ);
        long[][] bodies = new long[n][];
        for (int[] e : backEdges) {
            int h = e[1];
            long[] body = bodies[h] == null ? (bodies[h] = new long[(n + 63) >>> 6]) : bodies[h];
            body[h >>> 6] |= 1L << h;
            java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
            work.push(e[0]);
            while (!work.isEmpty()) {
                int u = work.pop();
                if ((body[u >>> 6] & (1L << u)) != 0) {
                    continue;
                }
                body[u >>> 6] |= 1L << u;
                for (int p : pred[u]) {
                    work.push(p);
                }
            }
        }
        loopBodies = bodies;
    }

    private static int[][] predecessors(int[][] succ) {
        int n = succ.length;
        int[] count = new int[n];
        for (int[] s : succ) {
            for (int w : s) {
                count[w]++;
            }
        }
        int[][] pred = new int[n][];
        for (int i = 0; i < n; i++) {
            pred[i] = new int[count[i]];
        }
        int[] k = new int[n];
        for (int v = 0; v < n; v++) {
            for (int w : succ[v]) {
                pred[w][k[w]++] = v;
            }
        }
        return pred;
    }

    /**
     * Blocks of each loop, by header (null for other blocks): an OSR compilation runs the loop it
     * enters as a peeled copy (see {@link #PEELED}).
     */
    @CompilationFinal(dimensions = 2) private long[][] loopBodies = new long[0][];

    /** The state for block {@code next}: in the peeled copy while it stays in the loop the copy peels. */
    private int follow(boolean peeled, int osrLoop, int next) {
        return peeled && inLoop(osrLoop, next) ? PEELED + next : next;
    }

    /** Whether block {@code v} belongs to the loop headed by {@code h}. */
    private boolean inLoop(int h, int v) {
        long[][] bodies = loopBodies;
        if (h < 0 || h >= bodies.length || bodies[h] == null) {
            return false;
        }
        long[] body = bodies[h];
        return (v >>> 6) < body.length && (body[v >>> 6] & (1L << v)) != 0;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static int[] successors(TermNode t) {
        int[] out = new int[2 + t.pageTargetBlocks.length];
        int k = 0;
        if (t.targetBlock >= 0) {
            out[k++] = t.targetBlock;
        }
        if (t.fallBlock >= 0) {
            out[k++] = t.fallBlock;
        }
        for (int b : t.pageTargetBlocks) {
            out[k++] = b;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** Tarjan's algorithm, iterative: component number of each block. */
    private static int[] stronglyConnected(int[][] succ) {
        int n = succ.length;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] comp = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int counter = 0;
        int comps = 0;
        int[] workNode = new int[n];
        int[] workEdge = new int[n];
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int wp = 0;
            workNode[wp] = root;
            workEdge[wp] = 0;
            wp++;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (wp > 0) {
                int v = workNode[wp - 1];
                if (workEdge[wp - 1] < succ[v].length) {
                    int w = succ[v][workEdge[wp - 1]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        workNode[wp] = w;
                        workEdge[wp] = 0;
                        wp++;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                } else {
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            comp[w] = comps;
                        } while (w != v);
                        comps++;
                    }
                    wp--;
                    if (wp > 0) {
                        int parent = workNode[wp - 1];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                }
            }
        }
        return comp;
    }

    /** A second copy of block {@code index}, with the same successors. */
    private int duplicate(int index) {
        BlockNode original = blocks[index];
        BlockNode copy = decoder.decodeBlock(original.start, crossPage);
        insert(copy);
        copy.term.targetBlock = original.term.targetBlock;
        copy.term.fallBlock = original.term.fallBlock;
        copy.term.pageTargets = original.term.pageTargets;
        copy.term.pageTargetBlocks = original.term.pageTargetBlocks;
        int at = blocks.length;
        BlockNode[] grown = Arrays.copyOf(blocks, at + 1);
        grown[at] = copy;
        blocks = grown;
        return at;
    }

    /** Prepares the region for compilation: decodes all of it (see {@link #decodeReachable}). */
    private void becomeHot() {
        getLock().lock();
        try {
            int before = blocks.length;
            decodeReachable();
            makeLoopsReducible();
            if (blocks.length != before) {
                changed();
            }
        } finally {
            getLock().unlock();
        }
    }

    /** Most blocks decoded ahead of execution; beyond, blocks are decoded as execution reaches them. */
    static final int EAGER_BLOCKS = 512;

    /**
     * Decodes every block statically reachable from the entry inside the page (branch targets,
     * jump targets, fall-throughs and the return points of calls), and links the terminators to
     * them. Done when the region becomes hot, before Graal sees it: its compiled code is then not
     * invalidated each time execution first takes a new path (paths never taken cost compile time
     * only). Cold regions, most of a Linux boot, decode just the blocks they execute.
     */
    private void decodeReachable() {
        if (reachableDecoded) {
            return;
        }
        reachableDecoded = true;
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        work.add(0);
        boolean[] seen = new boolean[EAGER_BLOCKS * 4];
        while (!work.isEmpty() && blocks.length < EAGER_BLOCKS) {
            int index = work.poll();
            if (index >= seen.length || seen[index]) {
                continue;
            }
            seen[index] = true;
            TermNode term = blocks[index].term;
            if (term.kind == TermNode.BRANCH || (term.kind == TermNode.JUMP && !term.isCall)) {
                link(term, true, work);
            }
            if (term.kind == TermNode.BRANCH || term.isCall) {
                link(term, false, work);
            }
        }
    }

    private void link(TermNode term, boolean taken, java.util.ArrayDeque<Integer> work) {
        long target = taken ? term.targetOffset : term.fallOffset;
        if ((taken ? term.targetBlock : term.fallBlock) != TermNode.UNRESOLVED) {
            return;
        }
        int index = target >= 0 && target < 4096 ? blockFor((int) target) : -1;
        if (taken) {
            term.targetBlock = index >= 0 ? index : TermNode.OUTSIDE;
        } else {
            term.fallBlock = index >= 0 ? index : TermNode.OUTSIDE;
        }
        if (index >= 0) {
            work.add(index);
        }
    }

    /** One descriptor for all regions, so that a hart can reuse frames across regions (see {@link #enter}). */
    public static final FrameDescriptor FRAME_DESCRIPTOR = frameDescriptor();

    private static FrameDescriptor frameDescriptor() {
        FrameDescriptor.Builder b = FrameDescriptor.newBuilder(FRAME_SLOTS);
        b.addSlots(FRAME_SLOTS, FrameSlotKind.Static);
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

    /** Valid while the region may be entered; invalidated when its code is written. */
    public Assumption alive() {
        return alive;
    }

    /** Whether this region holds just the instruction straddling into the next page. */
    public boolean isCrossPage() {
        return crossPage;
    }

    /** Drops this region: its code was written. Running invocations leave at their next block boundary. */
    public void invalidate() {
        valid = false;
        alive.invalidate();
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

    /**
     * Invocations made outside Truffle's call protocol. Most guest code runs a few times only (a
     * Linux boot is mostly such code): for it, a Truffle call's profiling and frame allocation
     * cost more than the code itself, and before Graal has initialised, Truffle's call boundary
     * even runs in HotSpot's bytecode interpreter. So the interpreter runs a region directly, in a
     * frame the hart reuses: always for its first {@link #HOT} invocations, then for all but one
     * in {@link #SAMPLE}, which goes through the call target, where Truffle checks whether to
     * compile the region. Truffle counts one in {@link #COUNT} invocations: the others are
     * reported as loop iterations, which add to the same count without a call (a call allocates
     * a frame of ~1 KB: at one in 16, the frames of sampled calls were half of what the hart
     * thread allocated in a Linux boot). Once compiled code of the region has run
     * ({@link #ranCompiled}), every invocation goes through the call target, until one finds it
     * invalidated. While the machine holds compilation (the first moments of booting firmware,
     * see {@link dev.tuber.isa.runtime.RiscvMachine#compilationHeld}), nothing is counted, and no
     * back edges either.
     */
    private int coldInvocations;
    private int sampled;
    static final int HOT = 64;
    static final int COUNT = 16;
    static final int SAMPLE = 256;
    /** Set by the region's compiled code whenever it runs; cleared by each call into it from the interpreter. */
    private boolean ranCompiled;

    /**
     * Whether this invocation from the interpreter goes through the call target rather than
     * {@link #runCold}; counts it. If it does, the cold frame's dirty registers are written back
     * first: the call target's frame loads them from the hart.
     */
    public boolean viaCallTarget(Hart hart) {
        if (sampleCallTarget(hart)) {
            flushColdRegisters(hart);
            return true;
        }
        return false;
    }

    private boolean sampleCallTarget(Hart hart) {
        CompilerAsserts.neverPartOfCompilation();
        if (ranCompiled) {
            ranCompiled = false; // set again if the call target still runs compiled code
            return true;
        }
        if (coldInvocations < HOT) {
            if (++coldInvocations == HOT) {
                becomeHot();
            }
            return false;
        }
        int n = ++sampled;
        if ((n & (COUNT - 1)) != 0 || hart.machine.compilationHeld()) {
            return false;
        }
        if ((n & (SAMPLE - 1)) == 0) {
            return true; // the call counts itself
        }
        LoopNode.reportLoopCount(this, 1);
        return false;
    }

    /** Runs the region for {@code hart} outside Truffle's call protocol (interpreter only). */
    public Object runCold(Hart hart) {
        CompilerAsserts.neverPartOfCompilation();
        return execute(hart.coldFrame());
    }

    /** Runs the region for {@code hart} from the interpreter (the dispatcher). */
    public Object enter(Hart hart) {
        CompilerAsserts.neverPartOfCompilation();
        return viaCallTarget(hart) ? getCallTarget().call(hart.callArguments) : runCold(hart);
    }

    /** Runs the region for the hart that is the only argument, starting at {@link Hart#pc}. */
    @Override
    public Object execute(VirtualFrame frame) {
        if (CompilerDirectives.inCompiledCode()) {
            ranCompiled = true;
        }
        Hart hart = onlyHart != null ? onlyHart : (Hart) frame.getArguments()[0];
        frame.setObjectStatic(InstrNode.HART, hart);
        frame.setLongStatic(InstrNode.VBASE, hart.pc - entryOffset);
        frame.setLongStatic(InstrNode.ICOUNT, 0);
        if (!stable.isValid()) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
        }
        if (CompilerDirectives.inInterpreter()) {
            // registers are loaded block by block, as the blocks that run need them: most
            // invocations of cold code run a few of the region's blocks. The hart's cold frame
            // keeps what earlier invocations loaded unless the registers changed elsewhere.
            refreshRegisterMasks(frame, hart);
        } else {
            loadRegisters(frame, hart, loadX, loadF);
            setRegisterMasks(frame, loadX, loadF, -1L);
        }
        return run(frame, hart, entryBlock, -1);
    }

    @Override
    public Object executeOSR(VirtualFrame osrFrame, int target, Object interpreterState) {
        Hart hart = onlyHart != null ? onlyHart : (Hart) osrFrame.getArguments()[0];
        osrFrame.setObjectStatic(InstrNode.HART, hart);
        // the interpreter frame may predate blocks this compilation knows: load what is missing,
        // after which the frame holds exactly the registers this compilation knows (a constant)
        long missingX = loadX & ~osrFrame.getLongStatic(LOADED_X);
        long missingF = loadF & ~osrFrame.getLongStatic(LOADED_F);
        if (missingX != 0 || missingF != 0) {
            loadRegisters(osrFrame, hart, missingX, missingF);
        }
        setRegisterMasks(osrFrame, loadX, loadF, -1L);
        // (a region of more blocks than a peeled indirect jump can name runs its loop unpeeled)
        return blocks.length < PEELED_PROBE ? run(osrFrame, hart, PEELED + target, target) : run(osrFrame, hart, target, -1);
    }

    /**
     * Interpreter: forgets the registers the frame loaded unless it is the hart's cold frame and
     * nothing else changed the registers since (then the loaded values are the hart's).
     */
    private static void refreshRegisterMasks(VirtualFrame frame, Hart hart) {
        assert frame != hart.coldFrame || hart.coldRegistersStale || coldFrameAgrees(frame, hart);
        if (frame != hart.coldFrame) {
            setRegisterMasks(frame, 0, 0, 0);
        } else if (hart.coldRegistersStale) {
            hart.coldRegistersStale = false;
            setRegisterMasks(frame, 0, 0, 0);
        }
    }

    /** Whether the cold frame's loaded registers that are not dirty equal the hart's (assertions). */
    private static boolean coldFrameAgrees(VirtualFrame cold, Hart hart) {
        long cleanX = cold.getLongStatic(LOADED_X) & ~cold.getLongStatic(DIRTY_X) & ~1L;
        long cleanF = cold.getLongStatic(LOADED_F) & ~cold.getLongStatic(DIRTY_F);
        for (int r = 0; r < 32; r++) {
            if ((cleanX & (1L << r)) != 0 && cold.getLongStatic(r) != hart.x[r]) {
                throw new AssertionError("cold frame holds x" + r + " = 0x" + Long.toHexString(cold.getLongStatic(r)) + ", the hart 0x" + Long.toHexString(hart.x[r]));
            }
            if ((cleanF & (1L << r)) != 0 && cold.getLongStatic(InstrNode.F0 + r) != hart.f[r]) {
                throw new AssertionError("cold frame holds f" + r + " = 0x" + Long.toHexString(cold.getLongStatic(InstrNode.F0 + r)) + ", the hart 0x" + Long.toHexString(hart.f[r]));
            }
        }
        return true;
    }

    /**
     * Writes the registers that regions run in the hart's cold frame changed back to the hart.
     * The cold frame is a write-back cache of the hart's registers: {@link Hart#x} and
     * {@link Hart#f} hold the registers except those dirty there, so this runs before anything
     * else reads them: a region called through its call target, compiled code entered by OSR, a
     * frame other than the cold frame that a cold callee returns to, the end of the hart's run.
     * Interpreter only.
     */
    public static void flushColdRegisters(Hart hart) {
        CompilerAsserts.neverPartOfCompilation();
        VirtualFrame cold = hart.coldFrame;
        if (cold == null || hart.coldRegistersStale) {
            return; // stale: changed elsewhere after a flush, so nothing is dirty
        }
        long maskX = cold.getLongStatic(LOADED_X) & cold.getLongStatic(DIRTY_X);
        long maskF = cold.getLongStatic(LOADED_F) & cold.getLongStatic(DIRTY_F);
        if ((maskX | maskF) != 0) {
            writeBack(cold, hart, maskX, maskF);
        }
    }

    /** Interpreter: stores the registers in the masks to the hart; the frame then has none dirty. */
    private static void writeBack(VirtualFrame frame, Hart hart, long maskX, long maskF) {
        frame.setLongStatic(DIRTY_X, 0);
        frame.setLongStatic(DIRTY_F, 0);
        long[] x = hart.x;
        for (long m = maskX & ~1L; m != 0; m &= m - 1) {
            int r = lowestBit(m);
            x[r] = frame.getLongStatic(r);
        }
        long[] f = hart.f;
        for (long m = maskF; m != 0; m &= m - 1) {
            int r = lowestBit(m);
            f[r] = frame.getLongStatic(InstrNode.F0 + r);
        }
    }

    /**
     * Records which registers the frame holds ({@code loadedX}, {@code loadedF}) and which of
     * them may differ from the hart's ({@code dirty} for both files: none in a fresh interpreter
     * frame, all in compiled code).
     */
    private static void setRegisterMasks(VirtualFrame frame, long loadedX, long loadedF, long dirty) {
        frame.setLongStatic(LOADED_X, loadedX);
        frame.setLongStatic(LOADED_F, loadedF);
        frame.setLongStatic(DIRTY_X, dirty);
        frame.setLongStatic(DIRTY_F, dirty);
    }

    /**
     * Copies only what an OSR compilation of this region reads: the registers it uses and the
     * control slots. Slots copied from the interpreter are unknown values to Graal that every
     * deoptimization point would have to keep alive; registers the region never touches are
     * therefore not copied (they stay in the hart anyway).
     */
    @Override
    @ExplodeLoop
    public void copyIntoOSRFrame(VirtualFrame osrFrame, VirtualFrame parentFrame, int target, Object targetMetadata) {
        long maskX = loadX;
        long maskF = loadF;
        for (int r = 1; r < 32; r++) {
            if ((maskX & (1L << r)) != 0) {
                osrFrame.setLongStatic(r, parentFrame.getLongStatic(r));
            }
        }
        for (int r = 0; r < 32; r++) {
            if ((maskF & (1L << r)) != 0) {
                osrFrame.setLongStatic(InstrNode.F0 + r, parentFrame.getLongStatic(InstrNode.F0 + r));
            }
        }
        osrFrame.setLongStatic(InstrNode.ICOUNT, parentFrame.getLongStatic(InstrNode.ICOUNT));
        osrFrame.setLongStatic(InstrNode.VBASE, parentFrame.getLongStatic(InstrNode.VBASE));
        osrFrame.setLongStatic(LOADED_X, parentFrame.getLongStatic(LOADED_X) & maskX);
        osrFrame.setLongStatic(LOADED_F, parentFrame.getLongStatic(LOADED_F) & maskF);
    }

    /**
     * After OSR: the parent frame returns the OSR code's result at once (see {@link #backEdge}),
     * and before returning, the OSR code wrote every register it changed back to the hart (its
     * exits store them; a callee's result that ends the invocation comes after a store before the
     * call). So nothing is copied back: the parent frame forgets its registers, and the cold
     * frame, if it is the parent, must not be trusted as the registers' cache either (copying the
     * OSR frame's registers into it once left values older than the hart's there, marked valid).
     */
    @Override
    public void restoreParentFrame(VirtualFrame osrFrame, VirtualFrame parentFrame) {
        setRegisterMasks(parentFrame, 0, 0, 0);
        Hart hart = onlyHart != null ? onlyHart : (Hart) osrFrame.getObjectStatic(InstrNode.HART);
        hart.coldRegistersStale = true;
    }

    /** Called when a loop asks for OSR: the region must be complete before Graal compiles it. */
    private boolean readyForOsr() {
        if (!reachableDecoded) {
            becomeHot();
            return false; // go on in the interpreter: its blocks may have new indices now
        }
        return true;
    }

    /**
     * A guest back edge (or a guest call's return) to block {@code next}, in the interpreter:
     * counts it, and once the region's loops are hot and {@code next} heads one, runs the rest of
     * the invocation in OSR-compiled code. Returns that run's result, or null to go on here (and
     * always in compiled code).
     */
    private Object backEdge(VirtualFrame frame, int next) {
        // small enough for C1 to inline into the dispatch loop: most back edges only count
        if (CompilerDirectives.inInterpreter() && ++unreportedBackEdges >= BACK_EDGE_BATCH) {
            return reportBackEdges(frame, next);
        }
        return null;
    }

    /** A batch of back edges is complete: reports it, and enters OSR code if that is due. */
    private Object reportBackEdges(VirtualFrame frame, int next) {
        Hart hart = (Hart) frame.getObjectStatic(InstrNode.HART);
        if (hart.machine.compilationHeld()) {
            unreportedBackEdges = 0;
            return null;
        }
        if (reportBackEdges() && readyForOsr() && osrTarget(next)) {
            // compiled code reads the hart's registers for those this region does not use
            flushColdRegisters(hart);
            return BytecodeOSRNode.tryOSR(this, next, null, null, frame);
        }
        return null;
    }

    /**
     * Back edges the interpreter has counted but not yet reported to Truffle: a report is a chain
     * of runtime calls (a safepoint poll among them), so they go in batches of {@link
     * #BACK_EDGE_BATCH}. Racy across harts; an approximate count is all OSR needs.
     */
    private int unreportedBackEdges;
    static final int BACK_EDGE_BATCH = 32;

    /** Reports the counted back edges; whether to try OSR now. */
    private boolean reportBackEdges() {
        int n = unreportedBackEdges;
        unreportedBackEdges = 0;
        return BytecodeOSRNode.pollOSRBackEdge(this, Math.max(1, n));
    }

    /** OSR enters a compiled loop at its header only (an entry elsewhere would make it irreducible again). */
    private boolean osrTarget(int block) {
        return blocks[block].loopHeader;
    }

    /** OSR frames keep the hart as their first argument, so nodes find it where they always do. */
    @Override
    public Object[] storeParentFrameInArguments(VirtualFrame parentFrame) {
        return new Object[]{parentFrame.getArguments()[0], parentFrame};
    }

    @Override
    public Frame restoreParentFrameFromArguments(Object[] arguments) {
        return (Frame) arguments[1];
    }

    @Override
    public Object getOSRMetadata() {
        return osrMetadata;
    }

    @Override
    public void setOSRMetadata(Object osrMetadata) {
        this.osrMetadata = osrMetadata;
    }

    private Object run(VirtualFrame frame, Hart hart, int start, int osrLoop) {
        try {
            return dispatch(frame, hart, start, osrLoop);
        } catch (TrapException trap) {
            if (!(trap.site instanceof InstrNode site)) {
                CompilerDirectives.transferToInterpreter();
                throw new IllegalStateException("trap without an instruction: " + trap.getMessage());
            }
            long icount = frame.getLongStatic(InstrNode.ICOUNT) - site.remaining;
            long epc = frame.getLongStatic(InstrNode.VBASE) + site.offset;
            storeRegisters(frame, hart);
            hart.retired += icount;
            hart.takeTrap(trap.cause, trap.tval, false, epc);
            return EXITED;
        }
    }

    /** Leaves the region: the next PC, the registers and the retired-instruction count go to the hart. */
    private Object exit(VirtualFrame frame, Hart hart, long nextPc, Object how) {
        hart.pc = nextPc;
        storeRegisters(frame, hart);
        hart.retired += frame.getLongStatic(InstrNode.ICOUNT);
        frame.setLongStatic(InstrNode.ICOUNT, 0);
        return how;
    }

    /** Multiplier of the de Bruijn sequence B(2, 6): the top six bits of {@code DE_BRUIJN << k} differ for each k. */
    private static final long DE_BRUIJN = 0x022fdd63cc95386dL;
    private static final byte[] DE_BRUIJN_INDEX = deBruijnIndex();

    private static byte[] deBruijnIndex() {
        byte[] index = new byte[64];
        for (int k = 0; k < 64; k++) {
            index[(int) ((DE_BRUIJN << k) >>> 58)] = (byte) k;
        }
        return index;
    }

    /**
     * The index of the lowest set bit of {@code m} (not 0): {@link Long#numberOfTrailingZeros}
     * without a call. C1, which compiles the interpreter tier, has no intrinsic for it and called
     * a 15-instruction method for every register a region loaded or stored.
     */
    static int lowestBit(long m) {
        return DE_BRUIJN_INDEX[(int) (((m & -m) * DE_BRUIJN) >>> 58)];
    }

    private static void loadRegisters(VirtualFrame frame, Hart hart, long maskX, long maskF) {
        if (CompilerDirectives.inInterpreter()) {
            // only the registers in the masks, not a test of all 63
            long[] x = hart.x;
            for (long m = maskX & ~1L; m != 0; m &= m - 1) {
                int r = lowestBit(m);
                frame.setLongStatic(r, x[r]);
            }
            long[] f = hart.f;
            for (long m = maskF; m != 0; m &= m - 1) {
                int r = lowestBit(m);
                frame.setLongStatic(InstrNode.F0 + r, f[r]);
            }
            return;
        }
        loadRegistersExploded(frame, hart, maskX, maskF);
    }

    @ExplodeLoop
    private static void loadRegistersExploded(VirtualFrame frame, Hart hart, long maskX, long maskF) {
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

    /**
     * Interpreter only, before a block runs: loads the registers it uses that the frame lacks and
     * marks those it writes dirty (before it runs: a trap in its middle stores what it wrote so
     * far). The dispatch loop calls it only when something is missing; most blocks find
     * everything loaded and dirty already.
     */
    private static void enterBlock(VirtualFrame frame, Hart hart, BlockNode block) {
        long usesX = block.usesX;
        long loadedX = frame.getLongStatic(LOADED_X);
        if ((usesX & ~loadedX) != 0) {
            loadRegisters(frame, hart, usesX & ~loadedX, 0);
            frame.setLongStatic(LOADED_X, loadedX | usesX);
        }
        long writesX = block.writesX;
        if (writesX != 0) {
            long dirtyX = frame.getLongStatic(DIRTY_X);
            if ((writesX & ~dirtyX) != 0) {
                frame.setLongStatic(DIRTY_X, dirtyX | writesX);
            }
        }
        if (block.usesF != 0) {
            long loadedF = frame.getLongStatic(LOADED_F);
            if ((block.usesF & ~loadedF) != 0) {
                loadRegisters(frame, hart, 0, block.usesF & ~loadedF);
                frame.setLongStatic(LOADED_F, loadedF | block.usesF);
            }
            frame.setLongStatic(DIRTY_F, frame.getLongStatic(DIRTY_F) | block.writesF);
        }
    }

    private void storeRegisters(VirtualFrame frame, Hart hart) {
        boolean interpreted = CompilerDirectives.inInterpreter();
        if (interpreted && frame == hart.coldFrame) {
            return; // written back when something else needs them (flushColdRegisters)
        }
        // a frame holds valid values exactly for the registers it loaded; of those, only the ones
        // some block writes can have changed, and in the interpreter only those the blocks that
        // ran since the last store write
        long maskX = frame.getLongStatic(LOADED_X) & storeX & frame.getLongStatic(DIRTY_X);
        long maskF = frame.getLongStatic(LOADED_F) & storeF & frame.getLongStatic(DIRTY_F);
        hart.coldRegistersStale = true;
        if (interpreted) {
            writeBack(frame, hart, maskX, maskF);
        } else {
            storeRegistersExploded(frame, hart, maskX, maskF);
        }
    }

    @ExplodeLoop
    private static void storeRegistersExploded(VirtualFrame frame, Hart hart, long maskX, long maskF) {
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
     * Runs blocks until control leaves the region, from block {@code start} (0, the entry, or an
     * OSR target); the state is a constant in compiled code at every iteration.
     *
     * <p>Note on structure: code after a {@code return} inside the loop lies outside the loop,
     * where loop explosion merges what all iterations computed. So every piece of work that
     * depends on the current block happens in the loop body, and returns only hand back values.
     *
     * @return {@link #CONTINUE} when control flows on to {@link Hart#pc} outside the region,
     *     {@link #EXITED} when the dispatcher must look at the hart (trap, interrupt poll, system
     *     instruction)
     */
    @ExplodeLoop(kind = LoopExplosionKind.MERGE_EXPLODE)
    private Object dispatch(VirtualFrame frame, Hart hart, int start, int osrLoop) {
        int state = start;
        while (true) {
            CompilerAsserts.partialEvaluationConstant(state);
            long vbase = frame.getLongStatic(InstrNode.VBASE);
            if (state == EXIT) {
                return exit(frame, hart, frame.getLongStatic(TARGET), EXITED);
            }
            if (state == RETURN) {
                return exit(frame, hart, frame.getLongStatic(TARGET), CONTINUE);
            }
            if (state > LEAVE && state <= PAGE_TARGET) {
                // probing in-page target k of block b's indirect jump
                int probe = PAGE_TARGET - state;
                int b = probe >>> 4;
                int k = probe & 15;
                boolean peeled = b >= PEELED_PROBE;
                if (peeled) {
                    b -= PEELED_PROBE;
                }
                TermNode term = blocks[b].term;
                long target = frame.getLongStatic(TARGET);
                long[] seen = term.pageTargets;
                if (k < seen.length) {
                    if (target == vbase + seen[k]) {
                        int next = term.pageTargetBlocks[k];
                        if (CompilerDirectives.injectBranchProbability(CompilerDirectives.SLOWPATH_PROBABILITY, hart.pollAttention())) {
                            state = EXIT;
                            continue;
                        }
                        Object result = backEdge(frame, next);
                        if (result != null) {
                            return result;
                        }
                        state = follow(peeled, osrLoop, next);
                    } else {
                        state = state - 1;
                    }
                    continue;
                }
                long inPage = target - vbase;
                if (inPage >= 0 && inPage < 4096 && seen.length < TermNode.PAGE_TARGET_LIMIT) {
                    CompilerDirectives.transferToInterpreterAndInvalidate();
                    int next = addPageTarget(term, (int) inPage);
                    if (next >= 0) {
                        state = next;
                        continue;
                    }
                }
                state = LEAVE - (peeled ? PEELED + b : b);
                continue;
            }
            if (state <= LEAVE) {
                // control leaves the region from block b for the target slot: hand the registers
                // to the hart and call the region there directly (see ChainNode)
                int b = LEAVE - state;
                boolean peeled = b >= PEELED;
                if (peeled) {
                    b -= PEELED;
                }
                TermNode term = blocks[b].term;
                hart.pc = frame.getLongStatic(TARGET);
                storeRegisters(frame, hart);
                hart.retired += frame.getLongStatic(InstrNode.ICOUNT);
                frame.setLongStatic(InstrNode.ICOUNT, 0);
                if (hart.chainDepth >= ChainNode.MAX_DEPTH) {
                    return CONTINUE;
                }
                if (term.chain == null) {
                    CompilerDirectives.transferToInterpreterAndInvalidate();
                    term.chain = term.insert(new ChainNode());
                }
                Object result = term.chain.call(hart);
                if (CompilerDirectives.inInterpreter() && frame != hart.coldFrame) {
                    // this frame reloads from the hart what a callee run cold left in the cold frame
                    flushColdRegisters(hart);
                }
                if (result != CONTINUE) {
                    return result;
                }
                // control came back with the next PC in the hart: the return of a guest call
                // made here continues in this region
                if (hart.pc != vbase + term.fallOffset) {
                    return CONTINUE;
                }
                // (no interrupt poll here: guest loops poll at their backward branches)
                if (CompilerDirectives.inInterpreter()) {
                    // a callee run cold shares this frame if it is the cold frame (its control
                    // slots too); the callee may have changed any register: reload lazily unless
                    // the frame's registers are still the hart's
                    frame.setLongStatic(InstrNode.VBASE, vbase);
                    refreshRegisterMasks(frame, hart);
                } else {
                    loadRegisters(frame, hart, frame.getLongStatic(LOADED_X), frame.getLongStatic(LOADED_F));
                }
                int next = term.fallBlock;
                if (next == TermNode.UNRESOLVED) {
                    CompilerDirectives.transferToInterpreterAndInvalidate();
                    next = resolve(term, false);
                }
                if (next < 0) {
                    return CONTINUE;
                }
                Object osr = backEdge(frame, next);
                if (osr != null) {
                    return osr;
                }
                state = follow(peeled, osrLoop, next);
                continue;
            }

            // state is a block index (or PEELED + a block index): run the block, then follow its terminator
            boolean peeled = state >= PEELED;
            int current = peeled ? state - PEELED : state;
            BlockNode block = blocks[current];
            if (CompilerDirectives.inInterpreter()) {
                if (!valid) {
                    frame.setLongStatic(TARGET, vbase + block.start);
                    state = EXIT;
                    continue;
                }
                // The interpreter's per-block work is written out here, in the one method C1
                // compiles for all blocks: the register check that rarely finds anything to do,
                // the body loop, and (below) the branch condition, without the calls and the
                // megamorphic dispatches they cost (~10% of the hart's time in a Linux boot).
                if (((block.usesX & ~frame.getLongStatic(LOADED_X)) | (block.writesX & ~frame.getLongStatic(DIRTY_X)) | block.usesF) != 0) {
                    enterBlock(frame, hart, block);
                }
                block.interpretBody(frame);
            } else {
                block.executeBody(frame);
            }
            TermNode term = block.term;
            if (term.kind == TermNode.BRANCH || term.kind == TermNode.JUMP) {
                boolean taken;
                if (term.kind == TermNode.JUMP) {
                    taken = true;
                    if (block.termLinks) {
                        term.link(frame);
                    }
                } else {
                    taken = ((Rv64iControlNodes.BranchNode) term).condition(frame);
                }
                if (taken) {
                    int next = term.targetBlock;
                    if (next == TermNode.UNRESOLVED) {
                        CompilerDirectives.transferToInterpreterAndInvalidate();
                        next = resolve(term, true);
                    }
                    if (next >= 0) {
                        if (term.isBackward()) {
                            if (CompilerDirectives.injectBranchProbability(CompilerDirectives.SLOWPATH_PROBABILITY, hart.pollAttention())) {
                                frame.setLongStatic(TARGET, vbase + term.targetOffset);
                                state = EXIT;
                                continue;
                            }
                            Object result = backEdge(frame, next);
                            if (result != null) {
                                return result;
                            }
                        }
                        state = follow(peeled, osrLoop, next);
                        continue;
                    }
                    frame.setLongStatic(TARGET, vbase + term.targetOffset);
                } else {
                    int next = term.fallBlock;
                    if (next == TermNode.UNRESOLVED) {
                        CompilerDirectives.transferToInterpreterAndInvalidate();
                        next = resolve(term, false);
                    }
                    if (next >= 0) {
                        state = follow(peeled, osrLoop, next);
                        continue;
                    }
                    frame.setLongStatic(TARGET, vbase + term.fallOffset);
                }
                state = LEAVE - state;
                continue;
            }
            if (term.kind == TermNode.INDIRECT) {
                long target = term.indirectTarget(frame);
                term.link(frame);
                frame.setLongStatic(TARGET, target);
                if (term.isReturn) {
                    state = RETURN;
                } else if (term.isCall) {
                    state = LEAVE - state;
                } else {
                    state = PAGE_TARGET - 16 * (peeled ? PEELED_PROBE + current : current);
                }
                continue;
            }
            // system instructions and CSR writes: the dispatcher looks at the hart afterwards
            frame.setLongStatic(TARGET, term.exit(frame));
            state = EXIT;
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
        int existing = indexedBlock(offset >>> 1);
        if (existing >= 0) {
            return existing;
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
        codePage.cover(offset, Math.min(block.end, 4096));
        if (nextCodePage != null && block.end > 4096) {
            nextCodePage.cover(0, block.end - 4096);
        }
        blocks = grown;
        indexBlock(offset >>> 1, index);
        return index;
    }

    /** The index of the block starting at 2-byte unit {@code unit}, or -1. */
    private int indexedBlock(int unit) {
        int[] table = blockAt;
        int mask = table.length - 1;
        for (int i = slot(unit, mask);; i = (i + 1) & mask) {
            int e = table[i];
            if (e == 0) {
                return -1;
            }
            if ((e >>> 16) == unit + 1) {
                return (e & 0xFFFF) - 1;
            }
        }
    }

    private void indexBlock(int unit, int index) {
        if (2 * (blockAtUsed + 1) > blockAt.length) {
            int[] old = blockAt;
            blockAt = new int[2 * old.length];
            for (int e : old) {
                if (e != 0) {
                    insertIndexEntry(blockAt, e);
                }
            }
        }
        insertIndexEntry(blockAt, (unit + 1) << 16 | (index + 1));
        blockAtUsed++;
    }

    private static void insertIndexEntry(int[] table, int entry) {
        int mask = table.length - 1;
        int i = slot((entry >>> 16) - 1, mask);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
    }

    private static int slot(int unit, int mask) {
        return (unit * 0x9E3779B1 >>> 16) & mask;
    }

    private void changed() {
        stable.invalidate();
        stable = Truffle.getRuntime().createAssumption(name);
    }

    @TruffleBoundary
    private int addPageTarget(TermNode term, int offset) {
        getLock().lock();
        try {
            int index = blockFor(offset);
            if (index < 0) {
                return -1;
            }
            int n = term.pageTargets.length;
            if (n >= TermNode.PAGE_TARGET_LIMIT) {
                return index;
            }
            long[] offsets = Arrays.copyOf(term.pageTargets, n + 1);
            int[] targets = Arrays.copyOf(term.pageTargetBlocks, n + 1);
            offsets[n] = offset;
            targets[n] = index;
            term.pageTargetBlocks = targets;
            term.pageTargets = offsets;
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

    /** Adds this region's decoded bytes in {@code page} to the page's coverage. */
    public void coverInto(dev.tuber.isa.runtime.CodeCache.CodePage page) {
        if (page == codePage) {
            page.coverUnits(covered);
        }
        if (page == nextCodePage) {
            page.cover(0, 2);
        }
    }

    /** Decoded blocks, for disassembly and tests. */
    public BlockNode[] blocks() {
        return blocks.clone();
    }
}
