package dev.tuber.isa.nodes;

import com.oracle.truffle.api.Assumption;
import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.CompilationFinal;
import com.oracle.truffle.api.nodes.DirectCallNode;
import com.oracle.truffle.api.nodes.ExplodeLoop;
import com.oracle.truffle.api.nodes.IndirectCallNode;
import com.oracle.truffle.api.nodes.Node;

import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.runtime.HartLoop;

/**
 * Region chaining: where control leaves a region for another page, the region calls the next one
 * directly instead of returning to the dispatcher. An inline cache of up to {@link #LIMIT}
 * targets, each a {@link DirectCallNode} that Graal may inline, so a guest call into another page
 * and its return can become straight-line compiled code; a megamorphic site falls back to an
 * indirect call. The callee returns {@link RegionRootNode#CONTINUE} with the next PC in the hart,
 * and the caller continues there if that PC is in its own page (typically the return address of
 * the guest call), or passes it up. Nesting is bounded by {@link #MAX_DEPTH}; beyond it control
 * goes back to the dispatcher.
 *
 * <p>An entry is valid while its region lives (an assumption, free in compiled code) and while
 * the hart's fetch TLB maps the target's virtual page to the region's physical page in the current
 * privilege, which a satp write, sfence.vma or a change of privilege disturbs.
 */
public final class ChainNode extends Node {
    static final int LIMIT = 4;
    public static final int MAX_DEPTH = 48;

    /** One cached target. */
    static final class Entry extends Node {
        final long pc;
        final long physicalPage;
        final RegionRootNode region;
        final Assumption alive;
        @Child DirectCallNode call;

        Entry(long pc, RegionRootNode region) {
            this.pc = pc;
            this.region = region;
            this.physicalPage = region.physicalPage;
            this.alive = region.alive();
            this.call = DirectCallNode.create(region.getCallTarget());
        }
    }

    @CompilationFinal(dimensions = 1) private Entry[] entries = new Entry[0];
    @Child private IndirectCallNode indirect;

    /** Runs the region at {@code hart.pc}; returns CONTINUE or EXITED. */
    @ExplodeLoop
    public Object call(Hart hart) {
        long pc = hart.pc;
        for (Entry e : entries) {
            if (e.pc == pc && e.alive.isValid() && hart.fetchMapsTo(pc, e.physicalPage)) {
                return enter(hart, e);
            }
        }
        return slowCall(hart, pc);
    }

    private static Object enter(Hart hart, Entry e) {
        hart.chainDepth++;
        try {
            if (CompilerDirectives.inInterpreter() && !e.region.viaCallTarget(hart)) {
                return e.region.runCold(hart); // cold code: no Truffle call (see RegionRootNode.viaCallTarget)
            }
            // a fresh argument array: when Graal inlines the callee, the array is virtual and the
            // callee's hart is provably this hart, so its register loads see our stores
            return e.call.call(CompilerDirectives.inInterpreter() ? hart.callArguments : new Object[]{hart});
        } finally {
            hart.chainDepth--;
        }
    }

    /** Adds a cache entry; harts share regions, so under the root's lock, publishing a complete array. */
    private Entry addEntry(long pc, RegionRootNode region) {
        var lock = getLock();
        lock.lock();
        try {
            Entry[] current = entries;
            for (Entry e : current) {
                if (e.pc == pc && e.call.getCallTarget() == region.getCallTarget()) {
                    return e;
                }
            }
            if (current.length >= LIMIT) {
                return null;
            }
            Entry e = insert(new Entry(pc, region));
            Entry[] grown = java.util.Arrays.copyOf(current, current.length + 1);
            grown[current.length] = e;
            entries = grown;
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** The indirect call of a site that has seen a target the cache cannot hold, made on first use. */
    private IndirectCallNode uncached() {
        IndirectCallNode call = indirect;
        if (call == null) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
            call = insert(IndirectCallNode.create());
            indirect = call;
        }
        return call;
    }

    /**
     * A target the cache does not hold. Compiled code deoptimizes before anything else while the
     * site has no indirect call, so that the site has a single way out of the call in compiled
     * code: the inlined callees. A lookup (an opaque call) on a path that joined them would make
     * Graal forget every register the caller stored in the hart, and the caller, which reloads
     * them after the call, would carry them as phis through its loops.
     */
    private Object slowCall(Hart hart, long pc) {
        if (indirect == null) {
            CompilerDirectives.transferToInterpreterAndInvalidate();
        }
        RegionRootNode region = HartLoop.lookup(hart);
        if (region == null) {
            // fetching faulted; the trap was taken. The site keeps the lookup in compiled code
            // from now on: demand paging faults at the same site in every process, and each
            // fault would otherwise deoptimize and invalidate the caller.
            uncached();
            return RegionRootNode.EXITED;
        }
        if (entries.length < LIMIT && !region.isCrossPage()) {
            Entry e = addEntry(pc, region);
            if (e != null) {
                return enter(hart, e);
            }
        }
        IndirectCallNode call = uncached();
        hart.chainDepth++;
        try {
            if (CompilerDirectives.inInterpreter() && !region.viaCallTarget(hart)) {
                return region.runCold(hart);
            }
            return call.call(region.getCallTarget(), new Object[]{hart});
        } finally {
            hart.chainDepth--;
        }
    }
}
