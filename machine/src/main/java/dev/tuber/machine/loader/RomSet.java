package dev.tuber.machine.loader;

import java.util.ArrayList;
import java.util.List;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.memory.AddressSpace;

/**
 * The images a board loads into memory (QEMU's "rom" list): firmware, kernel segments, initrd,
 * device tree, boot ROM. Each is checked when added, against the memory map (it must lie inside
 * one RAM or ROM bank) and against the others (no overlaps), so the user learns which file does
 * not fit where. {@link #install} copies them all into memory, at power-on and again at every
 * system reset, as QEMU reloads its roms.
 */
public final class RomSet {
    /**
     * One image: {@code length} bytes of {@code data} from {@code offset}, then zeros up to
     * {@code size} (an ELF segment's bss).
     */
    public record Rom(String name, long address, byte[] data, int offset, int length, long size) {
        public long end() {
            return address + size;
        }

        @Override
        public String toString() {
            return String.format("%s [0x%x, 0x%x)", name, address, address + size);
        }
    }

    private final AddressSpace space;
    private final MachineHost host;
    private final List<Rom> roms = new ArrayList<>();

    public RomSet(AddressSpace space, MachineHost host) {
        this.space = space;
        this.host = host;
    }

    /** Adds a whole byte array at {@code address}. */
    public Rom add(String name, long address, byte[] data) {
        return add(name, address, data, 0, data.length, data.length);
    }

    /**
     * Adds an image.
     *
     * @throws BoardException if it does not lie inside one RAM or ROM bank, or overlaps another
     */
    public Rom add(String name, long address, byte[] data, int offset, int length, long size) {
        if (length < 0 || size < length || offset < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("bad image range for " + name);
        }
        Rom rom = new Rom(name, address, data, offset, length, size);
        if (size == 0) {
            return rom;
        }
        long last = address + size - 1;
        if (Long.compareUnsigned(last, address) < 0) {
            throw new BoardException(rom + " wraps around the end of the address space");
        }
        AddressSpace.Mapping m = space.find(address);
        if (m == null || !m.isMemory()) {
            AddressSpace.Mapping below = ramBelow(address);
            if (below != null) {
                throw new BoardException(String.format("%s lies beyond the end of %s [0x%x, 0x%x): RAM is too small, use a larger -m",
                                rom, below.name(), below.base(), below.last() + 1));
            }
            throw new BoardException(rom + " is not in memory (" + memoryList() + ")");
        }
        if (Long.compareUnsigned(last, m.last()) > 0) {
            throw new BoardException(String.format("%s does not fit in %s [0x%x, 0x%x)%s", rom, m.name(), m.base(), m.last() + 1,
                            m.block().readOnly() ? "" : ": RAM is too small, use a larger -m"));
        }
        for (Rom other : roms) {
            if (other.size() > 0 && Long.compareUnsigned(address, other.address() + other.size() - 1) <= 0
                            && Long.compareUnsigned(other.address(), last) <= 0) {
                throw new BoardException(rom + " overlaps " + other);
            }
        }
        roms.add(rom);
        return rom;
    }

    /** The RAM bank with the highest base at or below {@code address}, or null. */
    private AddressSpace.Mapping ramBelow(long address) {
        AddressSpace.Mapping best = null;
        for (AddressSpace.Mapping m : space.mappings()) {
            if (m.isMemory() && !m.block().readOnly() && Long.compareUnsigned(m.base(), address) <= 0
                            && (best == null || Long.compareUnsigned(m.base(), best.base()) > 0)) {
                best = m;
            }
        }
        return best;
    }

    private String memoryList() {
        List<String> parts = new ArrayList<>();
        for (AddressSpace.Mapping m : space.mappings()) {
            if (m.isMemory()) {
                parts.add(String.format("%s is [0x%x, 0x%x)", m.name(), m.base(), m.last() + 1));
            }
        }
        return parts.isEmpty() ? "the machine has no memory" : String.join(", ", parts);
    }

    public List<Rom> roms() {
        return List.copyOf(roms);
    }

    /** Copies every image into memory and tells the CPU. */
    public void install() {
        for (Rom r : roms) {
            if (r.size() == 0) {
                continue;
            }
            AddressSpace.Mapping m = space.find(r.address());
            long off = r.address() - m.base();
            m.block().copyIn(off, r.data(), r.offset(), r.length());
            if (r.size() > r.length()) {
                m.block().fill(off + r.length(), r.size() - r.length(), (byte) 0);
            }
            host.memoryWritten(r.address(), r.size());
        }
    }
}
