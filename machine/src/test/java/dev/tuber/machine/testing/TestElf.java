package dev.tuber.machine.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small RV64 ELF executables for loader and board tests. */
public final class TestElf {
    private record Seg(long paddr, long vaddr, byte[] data, long memSize) {
    }

    private final List<Seg> segments = new ArrayList<>();
    private final Map<String, Long> symbols = new LinkedHashMap<>();
    private long entry;
    private int machine = 243;

    public TestElf() {
    }

    public TestElf entry(long value) {
        this.entry = value;
        return this;
    }

    public TestElf machine(int eMachine) {
        this.machine = eMachine;
        return this;
    }

    public TestElf segment(long paddr, byte[] data, long memSize) {
        segments.add(new Seg(paddr, paddr, data, memSize));
        return this;
    }

    public TestElf segment(long paddr, long vaddr, byte[] data, long memSize) {
        segments.add(new Seg(paddr, vaddr, data, memSize));
        return this;
    }

    public TestElf symbol(String name, long value) {
        symbols.put(name, value);
        return this;
    }

    /** Little-endian bytes of instruction words. */
    public static byte[] code(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    public byte[] build() {
        int phoff = 64;
        int dataOff = phoff + 56 * segments.size();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (Seg s : segments) {
            while ((dataOff + data.size()) % 8 != 0) {
                data.write(0);
            }
            offsets.add(dataOff + data.size());
            data.writeBytes(s.data);
        }
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        ByteBuffer sym = ByteBuffer.allocate(24 * (symbols.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        sym.position(24);
        for (Map.Entry<String, Long> e : symbols.entrySet()) {
            int name = strtab.size();
            strtab.writeBytes(e.getKey().getBytes(StandardCharsets.US_ASCII));
            strtab.write(0);
            sym.putInt(name).put((byte) 0x11).put((byte) 0).putShort((short) 1).putLong(e.getValue()).putLong(8);
        }
        int symOff = align8(dataOff + data.size());
        int strOff = symOff + sym.capacity();
        int shoff = align8(strOff + strtab.size());
        int total = shoff + 64 * 3;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) machine).putInt(1).putLong(entry).putLong(phoff).putLong(shoff).putInt(0)
                        .putShort((short) 64).putShort((short) 56).putShort((short) segments.size()).putShort((short) 64)
                        .putShort((short) 3).putShort((short) 0);
        for (int i = 0; i < segments.size(); i++) {
            Seg s = segments.get(i);
            b.position(phoff + 56 * i);
            b.putInt(1).putInt(7).putLong(offsets.get(i)).putLong(s.vaddr).putLong(s.paddr).putLong(s.data.length)
                            .putLong(s.memSize).putLong(8);
        }
        b.position(dataOff);
        b.put(data.toByteArray());
        b.position(symOff);
        b.put(sym.array());
        b.position(strOff);
        b.put(strtab.toByteArray());
        // section 1: .symtab, section 2: .strtab
        b.position(shoff + 64);
        b.putInt(0).putInt(2).putLong(0).putLong(0).putLong(symOff).putLong(sym.capacity()).putInt(2).putInt(1).putLong(8).putLong(24);
        b.position(shoff + 128);
        b.putInt(0).putInt(3).putLong(0).putLong(0).putLong(strOff).putLong(strtab.size()).putInt(0).putInt(0).putLong(1).putLong(0);
        return b.array();
    }

    private static int align8(int v) {
        return (v + 7) & ~7;
    }
}
