package dev.tuber.isa.testboard;

import java.util.Map;

import dev.tuber.isa.runtime.HostMemory;
import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BoardProvider;
import dev.tuber.isa.spi.BusError;
import dev.tuber.isa.spi.ElfImage;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.HartReset;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.isa.spi.PhysicalBus;

/**
 * A minimal board for testing the CPU without the machine layer: RAM at 0x80000000 and the HTIF
 * {@code tohost} word of spike (exit status and console), as riscv-tests and small programs need.
 */
public final class TestBoard implements Board, PhysicalBus {
    public static final String NAME = "cpu-test";
    static final long RAM_BASE = 0x8000_0000L;

    private final long ramSize;
    private final long ram;
    private final MachineHost host;
    private final long entry;
    private final long tohost;
    private final long fromhost;
    private final StringBuilder console = new StringBuilder();

    public static final class Provider implements BoardProvider {
        @Override
        public Board create(BoardConfig config, MachineHost host) {
            if (!config.machineName().equals(NAME)) {
                return null;
            }
            return new TestBoard(config, host);
        }

        @Override
        public Map<String, String> boards() {
            return Map.of(NAME, "CPU test board");
        }
    }

    TestBoard(BoardConfig config, MachineHost host) {
        this.host = host;
        this.ramSize = 64L << 20;
        this.ram = HostMemory.UNSAFE.allocateMemory(ramSize);
        HostMemory.UNSAFE.setMemory(ram, ramSize, (byte) 0);
        byte[] program = config.program();
        ElfImage elf = ElfImage.parse(config.programName(), program);
        for (ElfImage.Segment s : elf.segments()) {
            long off = s.paddr() - RAM_BASE;
            if (off < 0 || off + s.memSize() > ramSize) {
                throw new BoardException("segment outside RAM");
            }
            byte[] bytes = elf.segmentBytes(s);
            for (int i = 0; i < bytes.length; i++) {
                HostMemory.UNSAFE.putByte(ram + off + i, bytes[i]);
            }
        }
        this.entry = elf.entry();
        this.tohost = elf.symbol("tohost");
        this.fromhost = elf.symbol("fromhost");
    }

    @Override
    public PhysicalBus bus() {
        return this;
    }

    @Override
    public int hartCount() {
        return 1;
    }

    @Override
    public void connect(HartPort[] harts) {
    }

    @Override
    public HartReset resetState(int hartId) {
        return new HartReset(entry, hartId, 0, 0);
    }

    @Override
    public long readTime() {
        return System.nanoTime() / 100;
    }

    @Override
    public long timebaseFrequency() {
        return 10_000_000;
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
        HostMemory.UNSAFE.freeMemory(ram);
    }

    private boolean inRam(long paddr) {
        return Long.compareUnsigned(paddr - RAM_BASE, ramSize) < 0;
    }

    @Override
    public long directPage(long paddr, boolean write) {
        long page = paddr & ~0xFFFL;
        if (!inRam(page)) {
            return 0;
        }
        if (write && tohost >= 0 && (tohost & ~0xFFFL) == page) {
            return 0; // stores to the page of tohost go through write() (HTIF), reads are plain
        }
        return ram + (page - RAM_BASE);
    }

    @Override
    public long read(long paddr, int size) {
        if (!inRam(paddr)) {
            throw BusError.INSTANCE;
        }
        long a = ram + (paddr - RAM_BASE);
        return switch (size) {
            case 1 -> HostMemory.UNSAFE.getByte(a) & 0xFFL;
            case 2 -> HostMemory.UNSAFE.getShort(a) & 0xFFFFL;
            case 4 -> HostMemory.UNSAFE.getInt(a) & 0xFFFF_FFFFL;
            default -> HostMemory.UNSAFE.getLong(a);
        };
    }

    @Override
    public void write(long paddr, int size, long value) {
        if (!inRam(paddr)) {
            throw BusError.INSTANCE;
        }
        long a = ram + (paddr - RAM_BASE);
        switch (size) {
            case 1 -> HostMemory.UNSAFE.putByte(a, (byte) value);
            case 2 -> HostMemory.UNSAFE.putShort(a, (short) value);
            case 4 -> HostMemory.UNSAFE.putInt(a, (int) value);
            default -> HostMemory.UNSAFE.putLong(a, value);
        }
        if (paddr == tohost && value != 0) {
            long v = HostMemory.UNSAFE.getLong(ram + (tohost - RAM_BASE));
            int device = (int) (v >>> 56);
            int cmd = (int) ((v >>> 48) & 0xFF);
            if (device == 0 && (v & 1) != 0) {
                host.requestExit((int) (v >>> 1));
            } else if (device == 1 && cmd == 1) {
                if (fromhost >= 0) {
                    HostMemory.UNSAFE.putLongVolatile(null, ram + (fromhost - RAM_BASE), (1L << 56) | (1L << 48));
                }
                console.append((char) (v & 0xFF));
                try {
                    host.out().write((int) (v & 0xFF));
                    host.out().flush();
                } catch (java.io.IOException e) {
                    // ignore
                }
            }
            HostMemory.UNSAFE.putLong(ram + (tohost - RAM_BASE), 0);
        }
    }
}
