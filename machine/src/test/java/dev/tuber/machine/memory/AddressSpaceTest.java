package dev.tuber.machine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BusError;
import dev.tuber.isa.spi.PhysicalBus;

class AddressSpaceTest {
    private final Arena arena = Arena.ofShared();
    private final AddressSpace space = new AddressSpace();

    @AfterEach
    void close() {
        arena.close();
    }

    /** A device that records accesses and answers with the offset. */
    static final class Recorder implements MmioHandler {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r" + size + "@" + offset);
            return 0x1000 + offset;
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w" + size + "@" + offset + "=" + Long.toHexString(value));
        }
    }

    @Test
    void ramIsDirectAndReadableThroughTheBus() {
        MemoryBlock ram = MemoryBlock.ram("ram", 1 << 20, arena);
        space.addMemory(0x80000000L, ram);
        long host = space.directPage(0x80000123L, false);
        assertEquals(ram.hostAddress(), host);
        assertEquals(0, host % PhysicalBus.PAGE_SIZE, "page-aligned");
        assertEquals(ram.hostAddress() + 0x5000, space.directPage(0x80005FFFL, true));
        space.write(0x80000010L, 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, space.read(0x80000010L, 8));
        assertEquals(0x88, space.read(0x80000010L, 1));
        assertEquals(0x5566, space.read(0x80000012L, 2));
        assertEquals(0x55667788L, space.read(0x80000010L, 4));
        assertEquals(0, space.directPage(0x80100000L, false), "past the end");
    }

    @Test
    void unmappedAccessesAreBusErrors() {
        space.addMemory(0x80000000L, MemoryBlock.ram("ram", 1 << 16, arena));
        assertSame(BusError.INSTANCE, assertThrows(BusError.class, () -> space.read(0x7FFFFFFCL, 4)));
        assertThrows(BusError.class, () -> space.write(0x90000000L, 8, 1));
        assertThrows(BusError.class, () -> space.read(0x8000FFFCL, 8), "straddles the end of RAM");
        assertEquals(0, space.directPage(0x1000, false));
    }

    @Test
    void romIsReadOnlyToTheCpu() {
        MemoryBlock rom = MemoryBlock.rom("rom", 0x1000, arena);
        rom.copyIn(0, new byte[] {0x13, 0, 0, 0}, 0, 4);
        space.addMemory(0x1000, rom);
        assertEquals(rom.hostAddress(), space.directPage(0x1000, false));
        assertEquals(0, space.directPage(0x1000, true), "no direct stores to ROM");
        space.write(0x1000, 4, 0xFFFFFFFFL); // ignored, as QEMU ignores stores to its mrom
        assertEquals(0x13, space.read(0x1000, 4));
    }

    @Test
    void mmioDispatchAndAccessSizes() {
        Recorder dev = new Recorder();
        space.addMmio(0x10000000L, new MmioRegion("uart", 0x100, dev, 1 | 2 | 4));
        assertEquals(0x1005, space.read(0x10000005L, 1));
        space.write(0x10000000L, 4, 0x41);
        assertEquals(List.of("r1@5", "w4@0=41"), dev.log);
        assertThrows(BusError.class, () -> space.read(0x10000000L, 8), "8-byte access not accepted");
        assertEquals(0, space.directPage(0x10000000L, false), "devices are never direct");
    }

    @Test
    void overlapsAreReportedWithBothNames() {
        space.addMemory(0x80000000L, MemoryBlock.ram("ram", 0x10000, arena));
        space.addMmio(0x10000000L, new MmioRegion("uart0", 0x100, new Recorder()));
        BoardException e = assertThrows(BoardException.class, () -> space.addMmio(0x100000FFL, new MmioRegion("rtc", 0x10, new Recorder())));
        assertTrue(e.getMessage().contains("'rtc'") && e.getMessage().contains("'uart0'"), e.getMessage());
        assertThrows(BoardException.class, () -> space.addMemory(0x8000F000L, MemoryBlock.ram("ram2", 0x2000, arena)));
        space.addMmio(0x10000100L, new MmioRegion("adjacent", 0x100, new Recorder())); // touching is fine
    }

    @Test
    void overlayPagesAreNotDirectAndTheRestOfThePageIsStillRam() {
        MemoryBlock ram = MemoryBlock.ram("ram", 0x10000, arena);
        space.addMemory(0x80000000L, ram);
        Recorder dev = new Recorder();
        space.addOverlay(0x80001040L, new MmioRegion("tohost", 8, dev));
        assertEquals(0, space.directPage(0x80001000L, false));
        assertEquals(0, space.directPage(0x80001FFFL, true));
        assertNotEquals(0, space.directPage(0x80000000L, false));
        assertNotEquals(0, space.directPage(0x80002000L, false));
        // the overlay sees its own bytes
        space.write(0x80001040L, 8, 0x1234);
        assertEquals(0x1000, space.read(0x80001040L, 8));
        assertEquals(List.of("w8@0=1234", "r8@0"), dev.log);
        // the rest of the page is RAM
        space.write(0x80001048L, 8, 0x5555);
        assertEquals(0x5555, space.read(0x80001048L, 8));
        assertEquals(0x5555, ram.read(0x1048, 8));
        assertEquals(0, ram.read(0x1040, 8), "RAM under the overlay untouched");
        assertThrows(BoardException.class, () -> space.addOverlay(0x80001044L, new MmioRegion("other", 8, dev)));
    }

    @Test
    void ramStoresThroughTheBusAreReported() {
        space.addMemory(0x80000000L, MemoryBlock.ram("ram", 0x10000, arena));
        List<long[]> seen = new ArrayList<>();
        space.setWriteObserver((a, n) -> seen.add(new long[] {a, n}));
        space.write(0x80000100L, 4, 1);
        assertEquals(1, seen.size());
        assertEquals(0x80000100L, seen.get(0)[0]);
        assertEquals(4, seen.get(0)[1]);
    }

    @Test
    void describeListsMappings() {
        space.addMemory(0x80000000L, MemoryBlock.ram("riscv.ram", 0x10000, arena));
        space.addMmio(0x1000, new MmioRegion("dev", 0x10, new Recorder()));
        String d = space.describe();
        assertTrue(d.contains("0000000000001000-000000000000100f (i/o): dev"), d);
        assertTrue(d.contains("0000000080000000-000000008000ffff (ram): riscv.ram"), d);
    }
}
