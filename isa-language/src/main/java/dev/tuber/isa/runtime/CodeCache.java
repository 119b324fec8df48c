package dev.tuber.isa.runtime;

import java.util.concurrent.ConcurrentHashMap;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

import dev.tuber.isa.RiscvLanguage;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.nodes.RegionRootNode;
import dev.tuber.isa.spi.PhysicalBus;

/**
 * Translated code of the machine, by guest physical page, shared by all harts. Keeps it coherent
 * with memory: a page holding code is never entered into a write TLB, so every store to it comes
 * here ({@link #noteWrite}) and drops the regions whose decoded instructions it touches; DMA and
 * loaders report their writes through {@link dev.tuber.isa.spi.MachineHost#memoryWritten}.
 */
public final class CodeCache {
    private final RiscvLanguage language;
    private final RiscvMachine machine;
    /** Regions by physical address of their entry point. */
    private final ConcurrentHashMap<Long, RegionRootNode> regions = new ConcurrentHashMap<>();
    /** Entry points of the regions of each page, for invalidation. */
    private final ConcurrentHashMap<Long, java.util.Set<Long>> entriesByPage = new ConcurrentHashMap<>();
    /** Regions for the instruction straddling from page p into the next: keyed by p. */
    private final ConcurrentHashMap<Long, CrossRegion> crossRegions = new ConcurrentHashMap<>();
    /** Physical pages holding translated code, for the store path's cheap test. */
    private final java.util.Set<Long> codePages = ConcurrentHashMap.newKeySet();

    private record CrossRegion(RegionRootNode region, long secondPage) {
    }

    CodeCache(RiscvLanguage language, RiscvMachine machine) {
        this.language = language;
        this.machine = machine;
    }

    /** Whether the physical page holds translated code (stores to it must be reported). */
    public boolean hasCode(long ppage) {
        return !codePages.isEmpty() && codePages.contains(ppage);
    }

    /** The region entered at physical address {@code paddr}, created on first use. */
    @TruffleBoundary
    public RegionRootNode region(long paddr) {
        RegionRootNode region = regions.get(paddr);
        if (region != null && region.isValid()) {
            return region;
        }
        synchronized (this) {
            region = regions.get(paddr);
            if (region != null && region.isValid()) {
                return region;
            }
            long ppage = paddr & Hart.PAGE_MASK;
            long host = machine.bus().directPage(ppage, false);
            if (host == 0) {
                throw new IllegalStateException("no memory behind executable page 0x" + Long.toHexString(ppage));
            }
            markCode(ppage);
            region = new RegionRootNode(language, ppage, host, 0, (int) (paddr & 0xFFF), onlyHart());
            regions.put(paddr, region);
            entriesByPage.computeIfAbsent(ppage, k -> ConcurrentHashMap.newKeySet()).add(paddr);
            return region;
        }
    }

    /** The region for the 32-bit instruction at the end of {@code firstPage} that continues in {@code secondPage}. */
    @TruffleBoundary
    public RegionRootNode crossRegion(long firstPage, long secondPage) {
        CrossRegion cross = crossRegions.get(firstPage);
        if (cross != null && cross.secondPage == secondPage && cross.region.isValid()) {
            return cross.region;
        }
        synchronized (this) {
            PhysicalBus bus = machine.bus();
            long host = bus.directPage(firstPage, false);
            long host2 = bus.directPage(secondPage, false);
            if (host == 0 || host2 == 0) {
                throw new IllegalStateException("no memory behind executable page");
            }
            if (cross != null) {
                cross.region.invalidate();
            }
            markCode(firstPage);
            markCode(secondPage);
            RegionRootNode region = new RegionRootNode(language, firstPage, host, host2, 4094, onlyHart());
            crossRegions.put(firstPage, new CrossRegion(region, secondPage));
            return region;
        }
    }

    private Hart onlyHart() {
        Hart[] harts = machine.harts();
        return harts.length == 1 ? harts[0] : null;
    }

    private void markCode(long ppage) {
        if (codePages.add(ppage)) {
            for (Hart hart : machine.harts()) {
                hart.dropWriteEntries(ppage);
            }
        }
    }

    /** Something wrote {@code [paddr, paddr + length)}: drop code that the write touched. */
    @TruffleBoundary
    public void noteWrite(long paddr, long length) {
        if (codePages.isEmpty() || length <= 0) {
            return;
        }
        long first = paddr & Hart.PAGE_MASK;
        long last = (paddr + length - 1) & Hart.PAGE_MASK;
        for (long page = first; Long.compareUnsigned(page, last) <= 0; page += 4096) {
            if (codePages.contains(page)) {
                long from = Math.max(paddr, page) - page;
                long to = Math.min(paddr + length, page + 4096) - page;
                invalidate(page, from, to - from);
            }
            if (page == last) {
                break;
            }
        }
    }

    private synchronized void invalidate(long page, long offset, long length) {
        boolean stillCode = false;
        java.util.Set<Long> entries = entriesByPage.get(page);
        if (entries != null) {
            for (java.util.Iterator<Long> it = entries.iterator(); it.hasNext();) {
                Long entry = it.next();
                RegionRootNode region = regions.get(entry);
                if (region == null) {
                    it.remove();
                } else if (region.overlapsCode(offset, length)) {
                    region.invalidate();
                    regions.remove(entry);
                    it.remove();
                } else {
                    stillCode = true;
                }
            }
            if (entries.isEmpty()) {
                entriesByPage.remove(page);
            }
        }
        CrossRegion own = crossRegions.get(page);
        if (own != null) {
            if (offset + length > 4094) {
                own.region.invalidate();
                crossRegions.remove(page);
            } else {
                stillCode = true;
            }
        }
        for (var entry : crossRegions.entrySet()) {
            CrossRegion cross = entry.getValue();
            if (cross.secondPage == page) {
                if (offset < 2) {
                    cross.region.invalidate();
                    crossRegions.remove(entry.getKey());
                } else {
                    stillCode = true;
                }
            }
        }
        if (!stillCode) {
            codePages.remove(page);
        }
    }

    /** Drops all translated code (reset). */
    public synchronized void clear() {
        regions.values().forEach(RegionRootNode::invalidate);
        regions.clear();
        entriesByPage.clear();
        crossRegions.values().forEach(c -> c.region.invalidate());
        crossRegions.clear();
        codePages.clear();
    }

    /** Number of live regions, for statistics. */
    public int regionCount() {
        return regions.size() + crossRegions.size();
    }
}
