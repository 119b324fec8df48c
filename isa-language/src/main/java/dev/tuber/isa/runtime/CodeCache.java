package dev.tuber.isa.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

import dev.tuber.isa.RiscvLanguage;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.nodes.RegionRootNode;
import dev.tuber.isa.spi.PhysicalBus;

/**
 * Translated code of the machine, by guest physical address, shared by all harts. Keeps it
 * coherent with memory: a page holding code is never entered into a write TLB, so every store to
 * it comes here ({@link #noteWrite}) and drops the regions whose decoded instructions it touches;
 * DMA and loaders report their writes through {@link dev.tuber.isa.spi.MachineHost#memoryWritten}.
 *
 * <p>Each page with code has a {@link CodePage} whose coverage bitmap says which 2-byte units hold
 * decoded instructions, so that stores to the data in such a page (common in bare-metal programs,
 * where .data and .bss share pages with .text) cost a bitmap test rather than a lookup of regions.
 */
public final class CodeCache {
    private final RiscvLanguage language;
    private final RiscvMachine machine;
    /** Regions by physical address of their entry point. */
    private final ConcurrentHashMap<Long, RegionRootNode> regions = new ConcurrentHashMap<>();
    /** Regions for the instruction straddling from page p into the next: keyed by p. */
    private final ConcurrentHashMap<Long, CrossRegion> crossRegions = new ConcurrentHashMap<>();
    /** Pages holding translated code. */
    private final ConcurrentHashMap<Long, CodePage> pages = new ConcurrentHashMap<>();

    private record CrossRegion(RegionRootNode region, long secondPage) {
    }

    /** A physical page holding translated code: its regions and which bytes they decoded. */
    public static final class CodePage {
        public final long physicalPage;
        /** Bit n: the 2-byte unit at page offset 2n holds a decoded instruction (of some region). */
        private final long[] coverage = new long[33];
        /** False once the page holds no code any more (a hart's cached reference is then stale). */
        public volatile boolean alive = true;
        final List<RegionRootNode> regions = new ArrayList<>();

        CodePage(long physicalPage) {
            this.physicalPage = physicalPage;
        }

        /** Whether bytes {@code [offset, offset + length)} of the page may hold decoded code. */
        public boolean overlaps(long offset, long length) {
            long from = Math.max(0, offset) >>> 1;
            long to = (Math.min(4098, offset + length) + 1) >>> 1;
            for (long unit = from; unit < to; unit++) {
                if ((coverage[(int) (unit >>> 6)] & (1L << unit)) != 0) {
                    return true;
                }
            }
            return false;
        }

        /** Marks bytes {@code [from, to)} of the page as code (called by regions as they decode). */
        public void cover(int from, int to) {
            for (int unit = from >>> 1; unit < (to + 1) >>> 1 && unit < 33 * 64; unit++) {
                coverage[unit >>> 6] |= 1L << unit;
            }
        }

        /** Adds a region's coverage bitmap (2-byte units, 32 longs) to the page's. */
        public void coverUnits(long[] units) {
            for (int i = 0; i < units.length && i < coverage.length; i++) {
                coverage[i] |= units[i];
            }
        }

        void recompute() {
            java.util.Arrays.fill(coverage, 0);
            for (RegionRootNode r : regions) {
                r.coverInto(this);
            }
        }
    }

    CodeCache(RiscvLanguage language, RiscvMachine machine) {
        this.language = language;
        this.machine = machine;
    }

    /** Whether the physical page holds translated code (stores to it must be reported). */
    public boolean hasCode(long ppage) {
        return !pages.isEmpty() && pages.containsKey(ppage);
    }

    /** The code page at {@code ppage}, or null. */
    public CodePage codePage(long ppage) {
        return pages.isEmpty() ? null : pages.get(ppage);
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
            CodePage page = markCode(ppage);
            region = new RegionRootNode(language, ppage, host, 0, (int) (paddr & 0xFFF), onlyHart(), page, null);
            page.regions.add(region);
            regions.put(paddr, region);
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
                crossRegions.remove(firstPage);
            }
            CodePage page = markCode(firstPage);
            CodePage page2 = markCode(secondPage);
            RegionRootNode region = new RegionRootNode(language, firstPage, host, host2, 4094, onlyHart(), page, page2);
            page.regions.add(region);
            page2.regions.add(region);
            crossRegions.put(firstPage, new CrossRegion(region, secondPage));
            return region;
        }
    }

    private Hart onlyHart() {
        Hart[] harts = machine.harts();
        return harts.length == 1 ? harts[0] : null;
    }

    private CodePage markCode(long ppage) {
        CodePage page = pages.get(ppage);
        if (page == null) {
            page = new CodePage(ppage);
            pages.put(ppage, page);
            for (Hart hart : machine.harts()) {
                hart.dropWriteEntries(ppage);
            }
        }
        return page;
    }

    /** Something wrote {@code [paddr, paddr + length)}: drop code that the write touched. */
    @TruffleBoundary
    public void noteWrite(long paddr, long length) {
        if (pages.isEmpty() || length <= 0) {
            return;
        }
        long first = paddr & Hart.PAGE_MASK;
        long last = (paddr + length - 1) & Hart.PAGE_MASK;
        for (long page = first; Long.compareUnsigned(page, last) <= 0; page += 4096) {
            CodePage code = pages.get(page);
            if (code != null) {
                long from = Math.max(paddr, page) - page;
                long to = Math.min(paddr + length, page + 4096) - page;
                if (code.overlaps(from, to - from) || (from < 2 && crossSecond(page))) {
                    invalidate(code, from, to - from);
                }
            }
            if (page == last) {
                break;
            }
        }
    }

    private boolean crossSecond(long page) {
        for (CrossRegion c : crossRegions.values()) {
            if (c.secondPage == page) {
                return true;
            }
        }
        return false;
    }

    private synchronized void invalidate(CodePage code, long offset, long length) {
        long page = code.physicalPage;
        for (java.util.Iterator<RegionRootNode> it = code.regions.iterator(); it.hasNext();) {
            RegionRootNode region = it.next();
            boolean hit;
            if (region.isCrossPage() && region.physicalPage != page) {
                hit = offset < 2; // this page holds the second half of its instruction
            } else {
                hit = region.overlapsCode(offset, length);
            }
            if (hit || !region.isValid()) {
                region.invalidate();
                it.remove();
                regions.remove(region.physicalPage + region.entryOffset, region);
                CrossRegion cross = crossRegions.get(region.physicalPage);
                if (cross != null && cross.region == region) {
                    crossRegions.remove(region.physicalPage);
                }
            }
        }
        if (code.regions.isEmpty()) {
            code.alive = false;
            pages.remove(page);
        } else {
            code.recompute();
        }
    }

    /** Drops all translated code (reset). */
    public synchronized void clear() {
        regions.values().forEach(RegionRootNode::invalidate);
        regions.clear();
        crossRegions.values().forEach(c -> c.region.invalidate());
        crossRegions.clear();
        pages.values().forEach(p -> p.alive = false);
        pages.clear();
    }

    /** Number of live regions, for statistics. */
    public int regionCount() {
        return regions.size() + crossRegions.size();
    }
}
