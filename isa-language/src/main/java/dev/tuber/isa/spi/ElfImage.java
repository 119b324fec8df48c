package dev.tuber.isa.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed 64-bit little-endian RISC-V ELF executable: its loadable segments, entry point and
 * symbol table. Every malformation is reported as a {@link BoardException} naming the file and
 * the problem; nothing here trusts an offset or size before checking it against the file.
 */
public final class ElfImage {

    /** A {@code PT_LOAD} segment: {@code fileSize} bytes from the file, zero-filled to {@code memSize}. */
    public record Segment(long paddr, long vaddr, long memSize, long fileOffset, long fileSize, int flags) {
    }

    private static final int EM_RISCV = 243;
    private static final int PT_LOAD = 1;
    private static final int SHT_SYMTAB = 2;

    private final String name;
    private final byte[] data;
    private final long entry;
    private final List<Segment> segments;
    private final Map<String, Long> symbols;

    private ElfImage(String name, byte[] data, long entry, List<Segment> segments, Map<String, Long> symbols) {
        this.name = name;
        this.data = data;
        this.entry = entry;
        this.segments = segments;
        this.symbols = symbols;
    }

    /** Whether {@code data} starts with the ELF magic. */
    public static boolean isElf(byte[] data) {
        return data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F';
    }

    /**
     * Parses an ELF image.
     *
     * @param name the file name, for messages
     * @throws BoardException if the data is not a well-formed 64-bit little-endian RISC-V executable
     */
    public static ElfImage parse(String name, byte[] data) {
        if (!isElf(data)) {
            throw new BoardException(name + ": not an ELF file");
        }
        if (data.length < 64) {
            throw new BoardException(name + ": truncated ELF header");
        }
        if (data[4] != 2) {
            throw new BoardException(name + ": not a 64-bit ELF file (a riscv64 guest needs ELFCLASS64)");
        }
        if (data[5] != 1) {
            throw new BoardException(name + ": not a little-endian ELF file");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        if (machine != EM_RISCV) {
            throw new BoardException(name + ": not a RISC-V ELF file (e_machine " + machine + ")");
        }
        if (type != 2 && type != 3) {
            throw new BoardException(name + ": not an executable ELF file (e_type " + type + ")");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        long shoff = b.getLong(40);
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        int shentsize = Short.toUnsignedInt(b.getShort(58));
        int shnum = Short.toUnsignedInt(b.getShort(60));

        List<Segment> segments = new ArrayList<>();
        if (phnum > 0) {
            if (phentsize < 56) {
                throw new BoardException(name + ": bad program header entry size " + phentsize);
            }
            checkRange(name, data, phoff, (long) phentsize * phnum, "program headers");
            for (int i = 0; i < phnum; i++) {
                int at = (int) (phoff + (long) i * phentsize);
                if (b.getInt(at) != PT_LOAD) {
                    continue;
                }
                int flags = b.getInt(at + 4);
                long offset = b.getLong(at + 8);
                long vaddr = b.getLong(at + 16);
                long paddr = b.getLong(at + 24);
                long filesz = b.getLong(at + 32);
                long memsz = b.getLong(at + 40);
                if (filesz < 0 || memsz < 0 || filesz > memsz) {
                    throw new BoardException(name + ": segment " + i + " has file size larger than memory size");
                }
                if (filesz > 0) {
                    checkRange(name, data, offset, filesz, "segment " + i);
                }
                if (memsz > 0) {
                    segments.add(new Segment(paddr, vaddr, memsz, offset, filesz, flags));
                }
            }
        }
        if (segments.isEmpty()) {
            throw new BoardException(name + ": ELF file has no loadable segments");
        }

        Map<String, Long> symbols = new HashMap<>();
        if (shnum > 0 && shoff != 0 && shentsize >= 64) {
            if (shoff > 0 && shoff + (long) shentsize * shnum <= data.length) {
                for (int i = 0; i < shnum; i++) {
                    int sh = (int) (shoff + (long) i * shentsize);
                    if (b.getInt(sh + 4) != SHT_SYMTAB) {
                        continue;
                    }
                    long symOff = b.getLong(sh + 24);
                    long symSize = b.getLong(sh + 32);
                    int link = b.getInt(sh + 40);
                    long entSize = b.getLong(sh + 56);
                    if (link < 0 || link >= shnum || entSize < 24) {
                        throw new BoardException(name + ": malformed symbol table");
                    }
                    int strSh = (int) (shoff + (long) link * shentsize);
                    long strOff = b.getLong(strSh + 24);
                    long strSize = b.getLong(strSh + 32);
                    checkRange(name, data, symOff, symSize, "symbol table");
                    checkRange(name, data, strOff, strSize, "string table");
                    for (long s = 0; s + entSize <= symSize; s += entSize) {
                        int at = (int) (symOff + s);
                        long nameIdx = Integer.toUnsignedLong(b.getInt(at));
                        long value = b.getLong(at + 8);
                        if (nameIdx == 0 || nameIdx >= strSize) {
                            continue;
                        }
                        String symName = cString(data, (int) (strOff + nameIdx), (int) (strOff + strSize));
                        if (!symName.isEmpty()) {
                            symbols.putIfAbsent(symName, value);
                        }
                    }
                }
            } else {
                throw new BoardException(name + ": section headers lie outside the file");
            }
        }
        return new ElfImage(name, data, entry, Collections.unmodifiableList(segments), Collections.unmodifiableMap(symbols));
    }

    private static void checkRange(String name, byte[] data, long offset, long size, String what) {
        if (offset < 0 || size < 0 || offset > data.length || size > data.length - offset) {
            throw new BoardException(name + ": " + what + " lie outside the file (truncated or corrupt ELF)");
        }
    }

    private static String cString(byte[] data, int from, int limit) {
        int end = from;
        while (end < limit && data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public String name() {
        return name;
    }

    public long entry() {
        return entry;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Symbol values by name (first definition wins). */
    public Map<String, Long> symbols() {
        return symbols;
    }

    /** The address of symbol {@code symbol}, or -1 if the image has no such symbol. */
    public long symbol(String symbol) {
        Long v = symbols.get(symbol);
        return v == null ? -1 : v;
    }

    /** Copies {@code segment}'s file bytes into {@code dest} at {@code destOffset}. */
    public void copySegment(Segment segment, byte[] dest, int destOffset) {
        System.arraycopy(data, (int) segment.fileOffset(), dest, destOffset, (int) segment.fileSize());
    }

    /** The file bytes of {@code segment} (length {@code fileSize}). */
    public byte[] segmentBytes(Segment segment) {
        byte[] out = new byte[(int) segment.fileSize()];
        copySegment(segment, out, 0);
        return out;
    }

    /** Lowest physical address any segment occupies. */
    public long lowestAddress() {
        long low = Long.MAX_VALUE;
        for (Segment s : segments) {
            low = Math.min(low, s.paddr());
        }
        return low;
    }

    /** One past the highest physical address any segment occupies. */
    public long highestAddress() {
        long high = 0;
        for (Segment s : segments) {
            high = Math.max(high, s.paddr() + s.memSize());
        }
        return high;
    }
}
