package dev.tuber.machine.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tuber.machine.testing.FakeHost;

class GuestMemoryTest {
    private final Arena arena = Arena.ofShared();
    private final AddressSpace space = new AddressSpace();
    private final FakeHost host = new FakeHost();
    private final GuestMemory mem = new GuestMemory(space, host);

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void largeRamIsZeroAndLazy() {
        long size = 64L << 30; // 64 GiB: only possible because nothing is touched
        if (!MemoryBlock.lazyAllocation()) {
            size = 64L << 20;
        }
        MemoryBlock ram = MemoryBlock.ram("big", size, arena);
        space.addMemory(0x80000000L, ram);
        assertEquals(0, mem.readU64(0x80000000L));
        assertEquals(0, mem.readU64(0x80000000L + size - 8));
        mem.writeU64(0x80000000L + size / 2, 42);
        assertEquals(42, mem.readU64(0x80000000L + size / 2));
    }

    @Test
    void scalarsAreLittleEndianAndWritesAreReported() {
        space.addMemory(0x80000000L, MemoryBlock.ram("ram", 0x10000, arena));
        mem.writeU32(0x80000100L, 0x11223344);
        assertEquals(0x44, mem.readU8(0x80000100L));
        assertEquals(0x3344, mem.readU16(0x80000100L));
        assertEquals(0x11223344, mem.readU32(0x80000100L));
        assertTrue(host.wasWritten(0x80000100L, 4));
        mem.write(0x80000200L, new byte[] {1, 2, 3}, 0, 3);
        assertTrue(host.wasWritten(0x80000200L, 3));
        byte[] back = new byte[3];
        mem.read(0x80000200L, back, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, back);
    }

    @Test
    void outsideRamIsAnExceptionAndChangesNothing() {
        space.addMemory(0x80000000L, MemoryBlock.ram("ram", 0x1000, arena));
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> mem.readU32(0x1000));
        assertEquals(0x1000, e.address());
        assertThrows(GuestMemoryException.class, () -> mem.read(0x80000FF0L, new byte[0x20], 0, 0x20));
        int before = host.written.size();
        assertThrows(GuestMemoryException.class, () -> mem.write(0x80000FF0L, new byte[0x20], 0, 0x20));
        assertEquals(before, host.written.size());
        assertEquals(0, mem.readU64(0x80000FF0L), "a rejected write leaves RAM untouched");
        assertFalse(mem.isMemory(0x80000FF0L, 0x20, true));
        assertTrue(mem.isMemory(0x80000FF0L, 0x10, true));
    }

    @Test
    void romCanBeReadButNotWritten() {
        MemoryBlock rom = MemoryBlock.rom("rom", 0x1000, arena);
        rom.write(0, 4, 0xCAFE);
        space.addMemory(0x1000, rom);
        assertEquals(0xCAFE, mem.readU32(0x1000));
        GuestMemoryException e = assertThrows(GuestMemoryException.class, () -> mem.writeU32(0x1000, 1));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    @Test
    void rangesMaySpanAdjacentBanks() {
        space.addMemory(0x80000000L, MemoryBlock.ram("a", 0x1000, arena));
        space.addMemory(0x80001000L, MemoryBlock.ram("b", 0x1000, arena));
        mem.writeU64(0x80000FFCL, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, mem.readU64(0x80000FFCL));
        assertEquals(0x01020304, mem.readU32(0x80001000L));
    }
}
