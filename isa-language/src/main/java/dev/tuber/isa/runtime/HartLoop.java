package dev.tuber.isa.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

import dev.tuber.isa.decode.Decoder;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.hart.JumpCache;
import dev.tuber.isa.hart.TrapException;
import dev.tuber.isa.nodes.RegionRootNode;


/**
 * A hart's dispatcher: find the region for the PC (jump cache first, then translation and the
 * code cache), call it, repeat; between regions, take interrupts, wait in {@code wfi}, and stop
 * when the machine stops.
 */
public final class HartLoop {
    private HartLoop() {
    }

    /** Runs the hart until the machine stops. */
    @TruffleBoundary
    public static void run(Hart hart) {
        RiscvMachine machine = hart.machine;
        CodeCache cache = machine.codeCache();
        while (true) {
            if (hart.attention() && !attend(hart, machine)) {
                RegionRootNode.flushColdRegisters(hart);
                return;
            }
            if (hart.waitingForInterrupt) {
                hart.waitForInterrupt();
                hart.raiseAttention();
                continue;
            }
            RegionRootNode region = lookup(hart, cache);
            if (region != null) {
                hart.chainDepth = 0;
                region.enter(hart);
            }
        }
    }

    /** Handles whatever raised {@link Hart#attention}; false when the hart must stop. */
    private static boolean attend(Hart hart, RiscvMachine machine) {
        hart.clearAttention();
        if (machine.isStopping()) {
            return false;
        }
        int irq = hart.pendingInterrupt();
        if (irq >= 0) {
            hart.waitingForInterrupt = false;
            hart.takeTrap(irq, 0, true, hart.pc);
        }
        return true;
    }

    /**
     * The region to run at {@link Hart#pc}, or null when fetching there faulted (the trap has then
     * been taken and the PC points at the handler).
     */
    /** The region for {@link Hart#pc}, or null when fetching there faulted (the trap is taken). */
    @TruffleBoundary
    public static RegionRootNode lookup(Hart hart) {
        return lookup(hart, hart.machine.codeCache());
    }

    private static RegionRootNode lookup(Hart hart, CodeCache cache) {
        long pc = hart.pc;
        JumpCache jc = hart.jumpCache;
        int i = JumpCache.index(pc);
        if (jc.pc[i] == pc) {
            RegionRootNode cached = (RegionRootNode) jc.region[i];
            // valid while the current privilege's fetch TLB still maps the PC's page there:
            // sfence.vma and satp writes drop TLB entries, not jump-cache entries
            if (cached.isValid() && hart.fetchMapsTo(pc, cached.physicalPage)) {
                return cached;
            }
        }
        RegionRootNode region;
        try {
            long paddr = hart.translateFetch(pc);
            if ((pc & 0xFFF) == Decoder.CROSS_PAGE_OFFSET && isFullWidth(hart, paddr)) {
                long second = hart.translateFetch(pc + 2) & Hart.PAGE_MASK;
                // not cached: its second page's mapping is not checked on a hit
                return cache.crossRegion(paddr & Hart.PAGE_MASK, second);
            } else {
                region = cache.region(paddr);
            }
        } catch (TrapException fault) {
            hart.takeTrap(fault.cause, fault.tval, false, pc);
            return null;
        }
        jc.pc[i] = pc;
        jc.region[i] = region;
        return region;
    }

    private static boolean isFullWidth(Hart hart, long paddr) {
        long host = hart.machine.bus().directPage(paddr & Hart.PAGE_MASK, false);
        return host != 0 && (HostMemory.UNSAFE.getShort(host + (paddr & 0xFFF)) & 3) == 3;
    }
}
