package dev.tuber.machine.loader;

import java.util.Map;

import dev.tuber.isa.spi.ElfImage;

/**
 * Loads an ELF executable as QEMU's {@code -kernel} and {@code -bios} do: every {@code PT_LOAD}
 * segment at its physical address, zero-filled up to its memory size.
 */
public final class ElfLoader {
    private ElfLoader() {
    }

    /**
     * Adds the segments of {@code elf} to {@code roms}.
     *
     * @param label for messages, e.g. {@code kernel 'vmlinux'}
     */
    public static LoadedImage load(ElfImage elf, RomSet roms, String label) {
        int i = 0;
        for (ElfImage.Segment s : elf.segments()) {
            if (s.memSize() > Integer.MAX_VALUE && s.fileSize() > 0) {
                throw new dev.tuber.isa.spi.BoardException(label + ": segment " + i + " is too large");
            }
            byte[] bytes = elf.segmentBytes(s);
            roms.add(label + " segment " + i, s.paddr(), bytes, 0, bytes.length, s.memSize());
            i++;
        }
        return new LoadedImage(elf.entry(), elf.lowestAddress(), elf.highestAddress(), Map.copyOf(elf.symbols()));
    }
}
