package dev.tuber.machine.options;

import static dev.tuber.machine.options.Sizes.GiB;
import static dev.tuber.machine.options.Sizes.KiB;
import static dev.tuber.machine.options.Sizes.MiB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.board.MachineOptions;

class SizesTest {

    @Test
    void suffixesAndDefaultUnit() {
        assertEquals(4096, Sizes.parse("4K", 1));
        assertEquals(4096, Sizes.parse("4k", 1));
        assertEquals(256 * MiB, Sizes.parse("256M", 1));
        assertEquals(2 * GiB, Sizes.parse("2G", 1));
        assertEquals(3L << 40, Sizes.parse("3T", 1));
        assertEquals(512, Sizes.parse("512", 1));
        assertEquals(512, Sizes.parse("512B", 1));
        assertEquals(512 * MiB, Sizes.parse("512", MiB));
        assertEquals(1536 * MiB, Sizes.parse("1.5G", 1));
        assertEquals(0x1000, Sizes.parse("0x1000", 1));
        assertEquals(0x10 * KiB, Sizes.parse("0x10K", 1));
        assertEquals(0x1E, Sizes.parse("0x1E", 1), "E is a digit here, not exbibytes");
        assertEquals(0xB, Sizes.parse("0xB", 1));
        assertEquals(7L << 60, Sizes.parse("7E", 1));
        assertEquals(0, Sizes.parse("0", 1));
        assertEquals(999_999_999_999_999_999L, Sizes.parse("999999999999999999", 1));
        assertEquals(1_000_000_000_000_000_000L, Sizes.parse("1000000000000000000", 1));
    }

    @Test
    void badSizes() {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("12X", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1M", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1.5", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("16E", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8E", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000000000000T", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999999999999", 1));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("M", 1));
    }

    @Test
    void formatting() {
        assertEquals("128 MiB", Sizes.format(128 * MiB));
        assertEquals("1.50 GiB", Sizes.format(1536 * MiB));
        assertEquals("100 B", Sizes.format(100));
    }

    @Test
    void memoryOption() {
        assertEquals(128 * MiB, MachineOptions.memory("", 128 * MiB));
        assertEquals(256 * MiB, MachineOptions.memory("256", 1));
        assertEquals(256 * MiB, MachineOptions.memory("256M", 1));
        assertEquals(GiB, MachineOptions.memory("size=1G", 1));
        assertEquals(8192, MachineOptions.memory("1K", 1), "rounded up like QEMU");
        BoardException e = assertThrows(BoardException.class, () -> MachineOptions.memory("12X", 1));
        assertTrue(e.getMessage().startsWith("-m 12X: "), e.getMessage());
        assertThrows(BoardException.class, () -> MachineOptions.memory("0", 1));
        assertThrows(BoardException.class, () -> MachineOptions.memory("1G,slots=2,maxmem=4G", 1));
        assertThrows(BoardException.class, () -> MachineOptions.memory("1G,foo=1", 1));
    }

    @Test
    void smpOption() {
        assertEquals(1, MachineOptions.smp("", 8, "spike"));
        assertEquals(4, MachineOptions.smp("4", 8, "spike"));
        assertEquals(4, MachineOptions.smp("cpus=4", 8, "spike"));
        assertEquals(6, MachineOptions.smp("sockets=2,cores=3", 8, "spike"));
        assertEquals(2, MachineOptions.smp("2,maxcpus=4", 8, "spike"));
        BoardException e = assertThrows(BoardException.class, () -> MachineOptions.smp("9", 8, "spike"));
        assertEquals("Invalid SMP CPUs 9. The max CPUs supported by machine 'spike' is 8", e.getMessage());
        assertThrows(BoardException.class, () -> MachineOptions.smp("0", 8, "spike"));
        assertThrows(BoardException.class, () -> MachineOptions.smp("x", 8, "spike"));
        assertThrows(BoardException.class, () -> MachineOptions.smp("cpus=2,sockets=3", 8, "spike"));
        assertThrows(BoardException.class, () -> MachineOptions.smp("4,maxcpus=2", 8, "spike"));
    }
}
