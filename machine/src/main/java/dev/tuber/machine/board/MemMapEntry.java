package dev.tuber.machine.board;

/**
 * One line of a board's memory map (QEMU's {@code MemMapEntry}).
 *
 * @param name what lives there
 * @param base first address
 * @param size length in bytes (0 for RAM, whose size comes from {@code -m})
 */
public record MemMapEntry(String name, long base, long size) {
    @Override
    public String toString() {
        return String.format("%-14s 0x%010x 0x%x", name, base, size);
    }
}
