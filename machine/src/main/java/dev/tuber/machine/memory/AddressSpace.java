package dev.tuber.machine.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BusError;
import dev.tuber.isa.spi.PhysicalBus;
import dev.tuber.machine.options.Sizes;

/**
 * The physical address space of a machine: RAM and ROM banks, device register windows, and
 * overlays (small register windows on top of RAM, such as spike's HTIF {@code tohost} word). This
 * is the {@link PhysicalBus} the harts use.
 *
 * <p>Mappings are added while the board is built; an overlap is a {@link BoardException} naming
 * both regions. Overlays may cover RAM but not each other; a page that an overlay touches is not
 * handed out as a direct page, so accesses to it come here and the overlay sees its own bytes while
 * the rest of the page still reads and writes RAM. A <em>read-mirrored</em> overlay is one whose
 * device keeps the RAM beneath it equal to its registers (and whose reads have no side effects):
 * its page stays direct for loads and instruction fetches, and only stores come here. That is what
 * lets a program whose code shares a page with spike's {@code tohost} run at full speed.
 *
 * <p>Lookups are lock-free: the mapping tables are immutable arrays republished on change.
 * Unmapped accesses throw {@link BusError#INSTANCE}; stores to ROM are ignored, as QEMU ignores
 * them for its {@code mrom}.
 */
public final class AddressSpace implements PhysicalBus {
    private static final long PAGE_MASK = ~(long) (PAGE_SIZE - 1);

    /**
     * One mapping. Exactly one of {@code block} and {@code mmio} is non-null.
     *
     * @param last the last address covered (inclusive, so that a region may end at 2^64)
     */
    public record Mapping(String name, long base, long last, MemoryBlock block, MmioRegion mmio, boolean overlay, boolean mirrored) {
        public long size() {
            return last - base + 1;
        }

        public boolean contains(long address) {
            return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, last) <= 0;
        }

        boolean intersects(long from, long to) {
            return Long.compareUnsigned(from, last) <= 0 && Long.compareUnsigned(to, base) >= 0;
        }

        public boolean isMemory() {
            return block != null;
        }

        @Override
        public String toString() {
            String kind = overlay ? (mirrored ? "overlay, mirrored" : "overlay") : block == null ? "i/o" : block.readOnly() ? "rom" : "ram";
            return String.format("%016x-%016x (%s): %s", base, last, kind, name);
        }
    }

    /** Told about stores to RAM that come through {@link #write} rather than a direct page. */
    @FunctionalInterface
    public interface WriteObserver {
        void written(long paddr, long length);
    }

    /** An empty address space. */
    public AddressSpace() {
    }

    private volatile Mapping[] regions = new Mapping[0];
    private volatile Mapping[] overlays = new Mapping[0];
    private volatile WriteObserver writeObserver = (paddr, length) -> {
    };

    /**
     * Sets who hears of RAM stores made through {@link #write} (pages next to an overlay), so that
     * translated code of such pages stays coherent; the machine passes them on to {@code
     * MachineHost.memoryWritten}.
     */
    public void setWriteObserver(WriteObserver observer) {
        this.writeObserver = observer;
    }

    /** Maps a RAM or ROM bank at {@code base}. */
    public synchronized void addMemory(long base, MemoryBlock block) {
        add(new Mapping(block.name(), base, last(base, block.size(), block.name()), block, null, false, false));
    }

    /** Maps a device register window at {@code base}. */
    public synchronized void addMmio(long base, MmioRegion region) {
        add(new Mapping(region.name(), base, last(base, region.size(), region.name()), null, region, false, false));
    }

    /**
     * Maps a register window on top of whatever lies at {@code base} (RAM, usually). Pages it
     * touches stop being direct.
     */
    public synchronized void addOverlay(long base, MmioRegion region) {
        addOverlay(base, region, false);
    }

    /**
     * Maps a register window on top of whatever lies at {@code base}.
     *
     * @param readMirrored the device keeps the memory beneath equal to its registers, whose reads
     *     have no side effects: pages it touches stay direct for reads and fetches, not for stores
     */
    public synchronized void addOverlay(long base, MmioRegion region, boolean readMirrored) {
        Mapping m = new Mapping(region.name(), base, last(base, region.size(), region.name()), null, region, true, readMirrored);
        for (Mapping o : overlays) {
            if (o.intersects(m.base, m.last)) {
                throw conflict(m, o);
            }
        }
        Mapping[] next = Arrays.copyOf(overlays, overlays.length + 1);
        next[next.length - 1] = m;
        overlays = next;
    }

    /** Removes every mapping named {@code name} (used when a device is unplugged). */
    public synchronized void remove(String name) {
        regions = Arrays.stream(regions).filter(m -> !m.name.equals(name)).toArray(Mapping[]::new);
        overlays = Arrays.stream(overlays).filter(m -> !m.name.equals(name)).toArray(Mapping[]::new);
    }

    private static long last(long base, long size, String name) {
        if (size <= 0) {
            throw new IllegalArgumentException("region " + name + " has size " + size);
        }
        long last = base + size - 1;
        if (Long.compareUnsigned(last, base) < 0) {
            throw new BoardException("memory region '" + name + "' at " + Sizes.hex(base) + " of size " + Sizes.hex(size)
                            + " wraps around the end of the address space");
        }
        return last;
    }

    private void add(Mapping m) {
        for (Mapping o : regions) {
            if (o.intersects(m.base, m.last)) {
                throw conflict(m, o);
            }
        }
        Mapping[] next = Arrays.copyOf(regions, regions.length + 1);
        next[next.length - 1] = m;
        Arrays.sort(next, Comparator.comparing(Mapping::base, Long::compareUnsigned));
        regions = next;
    }

    private static BoardException conflict(Mapping added, Mapping existing) {
        return new BoardException(String.format("memory region '%s' [0x%x, 0x%x] overlaps '%s' [0x%x, 0x%x]", added.name,
                        added.base, added.last, existing.name, existing.base, existing.last));
    }

    /** The non-overlay mapping containing {@code address}, or null. */
    public Mapping find(long address) {
        Mapping[] r = regions;
        int lo = 0;
        int hi = r.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Mapping m = r[mid];
            if (Long.compareUnsigned(address, m.base) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address, m.last) > 0) {
                lo = mid + 1;
            } else {
                return m;
            }
        }
        return null;
    }

    private Mapping overlayAt(long address) {
        for (Mapping o : overlays) {
            if (o.contains(address)) {
                return o;
            }
        }
        return null;
    }

    /** All mappings, overlays last, in address order (for listings and tests). */
    public List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>(Arrays.asList(regions));
        out.addAll(Arrays.asList(overlays));
        return out;
    }

    /** A listing like QEMU's {@code info mtree -f}, one mapping per line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Mapping m : mappings()) {
            sb.append(m).append('\n');
        }
        return sb.toString();
    }

    // --- PhysicalBus --------------------------------------------------------------------------

    @Override
    public long directPage(long paddr, boolean write) {
        long page = paddr & PAGE_MASK;
        long pageLast = page + PAGE_SIZE - 1;
        Mapping m = find(page);
        if (m == null || m.block == null || (write && m.block.readOnly()) || Long.compareUnsigned(pageLast, m.last) > 0) {
            return 0;
        }
        for (Mapping o : overlays) {
            if (o.intersects(page, pageLast) && (write || !o.mirrored)) {
                return 0;
            }
        }
        return m.block.hostAddress() + (page - m.base);
    }

    /** The mapping (an overlay first) that holds all of {@code [paddr, paddr + size)}; a bus error if none does. */
    private Mapping mappingFor(long paddr, int size) {
        Mapping o = overlays.length == 0 ? null : overlayAt(paddr);
        Mapping m = o != null ? o : find(paddr);
        if (m == null || Long.compareUnsigned(paddr + size - 1, m.last) > 0) {
            throw BusError.INSTANCE;
        }
        return m;
    }

    @Override
    public long read(long paddr, int size) {
        Mapping m = mappingFor(paddr, size);
        long offset = paddr - m.base;
        if (m.block != null) {
            return m.block.read(offset, size);
        }
        if (!m.mmio.accepts(size)) {
            throw BusError.INSTANCE;
        }
        return m.mmio.handler().read(offset, size);
    }

    @Override
    public void write(long paddr, int size, long value) {
        Mapping m = mappingFor(paddr, size);
        long offset = paddr - m.base;
        if (m.block != null) {
            if (!m.block.readOnly()) {
                m.block.write(offset, size, value);
                writeObserver.written(paddr, size);
            }
            return;
        }
        if (!m.mmio.accepts(size)) {
            throw BusError.INSTANCE;
        }
        m.mmio.handler().write(offset, size, value);
    }
}
