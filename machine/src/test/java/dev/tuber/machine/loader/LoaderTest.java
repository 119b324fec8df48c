package dev.tuber.machine.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.ElfImage;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.testing.TestElf;
import dev.tuber.machine.memory.AddressSpace;
import dev.tuber.machine.memory.MemoryBlock;

class LoaderTest {
    private final Arena arena = Arena.ofShared();
    private final AddressSpace space = new AddressSpace();
    private final FakeHost host = new FakeHost();
    private final MemoryBlock ram = MemoryBlock.ram("ram", 16 << 20, arena);
    private final MemoryBlock rom = MemoryBlock.rom("mrom", 0xf000, arena);
    private final RomSet roms = new RomSet(space, host);

    LoaderTest() {
        space.addMemory(0x80000000L, ram);
        space.addMemory(0x1000, rom);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void instructionEncodings() {
        // the words of QEMU 7.2's reset vector, as its monitor shows them
        assertEquals(0x00000297, RvAsm.auipc(RvAsm.T0, 0));
        assertEquals(0x02828613, RvAsm.addi(RvAsm.A2, RvAsm.T0, 40));
        assertEquals(0xf1402573, RvAsm.csrr(RvAsm.A0, RvAsm.CSR_MHARTID));
        assertEquals(0x0202b583, RvAsm.ld(RvAsm.A1, RvAsm.T0, 32));
        assertEquals(0x0182b283, RvAsm.ld(RvAsm.T0, RvAsm.T0, 24));
        assertEquals(0x00028067, RvAsm.jalr(RvAsm.ZERO, RvAsm.T0, 0));
        // assembled by riscv64-unknown-elf-as
        assertEquals(0x001002b7, RvAsm.lui(RvAsm.T0, 0x100));
        assertEquals(0x0062a023, RvAsm.sw(RvAsm.T1, RvAsm.T0, 0));
        assertEquals(0xfe62ae23, RvAsm.sw(RvAsm.T1, RvAsm.T0, -4));
        assertEquals(0x0000006f, RvAsm.jal(RvAsm.ZERO, 0));
        assertEquals(0xffdff06f, RvAsm.jal(RvAsm.ZERO, -4));
        assertEquals(0x008000ef, RvAsm.jal(RvAsm.RA, 8));
        assertEquals(0xfff00293, RvAsm.addi(RvAsm.T0, RvAsm.ZERO, -1));
        assertThrows(IllegalArgumentException.class, () -> RvAsm.addi(1, 1, 4096));
    }

    @Test
    void resetVectorMatchesQemu() {
        byte[] rv = ResetVector.build(0x80000000L, 0x87e00000L, new FwDynamicInfo(0x80000000L, FwDynamicInfo.MODE_S, 0, 0));
        int[] qemu = {0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067, 0x80000000, 0x00000000, 0x87e00000,
            0x00000000, 0x4942534f, 0x00000000, 0x00000002, 0x00000000, 0x80000000, 0x00000000, 0x00000001, 0, 0, 0, 0, 0};
        assertEquals(qemu.length * 4, rv.length);
        for (int i = 0; i < qemu.length; i++) {
            assertEquals(qemu[i], LittleEndian.getU32(rv, i * 4), "word " + i);
        }
    }

    @Test
    void linuxImageHeader() {
        byte[] img = new byte[4096];
        LittleEndian.putU64(img, 8, 0x200000);
        LittleEndian.putU64(img, 16, 0x1400000);
        LittleEndian.putU32(img, 32, 2);
        LittleEndian.putU64(img, 48, LinuxImage.MAGIC);
        LittleEndian.putU32(img, 56, LinuxImage.MAGIC2);
        LinuxImage h = LinuxImage.parse(img).orElseThrow();
        assertEquals(0x200000, h.textOffset());
        assertEquals(0x1400000, h.imageSize());
        assertEquals(0x1400000, h.memorySize(img.length));
        assertEquals(Optional.empty(), LinuxImage.parse(new byte[100]));
        assertEquals(Optional.empty(), LinuxImage.parse(new byte[10]));
        byte[] only2 = new byte[64];
        LittleEndian.putU32(only2, 56, LinuxImage.MAGIC2);
        assertTrue(LinuxImage.parse(only2).isPresent());
        assertEquals(64, LinuxImage.parse(only2).get().memorySize(64), "image_size 0: the file size");
    }

    @Test
    void elfSegmentsGoToTheirPhysicalAddressesWithBssZeroed() {
        ram.fill(0x1000, 0x100, (byte) 0x77); // stale contents where the bss goes
        byte[] text = TestElf.code(0x00000013, 0x00100073);
        byte[] elf = new TestElf().entry(0x80000000L).segment(0x80000000L, 0xffffffff80000000L, text, text.length)
                        .segment(0x80001000L, new byte[] {1, 2, 3, 4}, 0x100).symbol("tohost", 0x80001040L).build();
        LoadedImage img = ElfLoader.load(ElfImage.parse("t.elf", elf), roms, "kernel 't.elf'");
        assertEquals(0x80000000L, img.entry());
        assertEquals(0x80001100L, img.high());
        assertEquals(0x80001040L, img.symbols().get("tohost"));
        roms.install();
        assertEquals(0x00000013, ram.read(0, 4));
        assertEquals(0x00100073, ram.read(4, 4));
        assertEquals(0x04030201, ram.read(0x1000, 4));
        assertEquals(0, ram.read(0x1004, 8), "bss zeroed");
        assertEquals(0, ram.read(0x10F8, 8));
        assertTrue(host.wasWritten(0x80000000L, 8), "memoryWritten reported for the text");
        assertTrue(host.wasWritten(0x80001000L, 0x100), "and for the data+bss");
    }

    @Test
    void imagesMustFitInMemoryAndNotOverlap() {
        roms.add("firmware", 0x80000000L, new byte[0x1000]);
        BoardException overlap = assertThrows(BoardException.class, () -> roms.add("kernel", 0x80000800L, new byte[16]));
        assertEquals("kernel [0x80000800, 0x80000810) overlaps firmware [0x80000000, 0x80001000)", overlap.getMessage());
        BoardException big = assertThrows(BoardException.class, () -> roms.add("kernel", 0x80f00000L, new byte[0x200000]));
        assertTrue(big.getMessage().contains("does not fit in ram [0x80000000, 0x81000000): RAM is too small, use a larger -m"),
                        big.getMessage());
        BoardException nowhere = assertThrows(BoardException.class, () -> roms.add("x", 0x40000000L, new byte[4]));
        assertTrue(nowhere.getMessage().contains("is not in memory"), nowhere.getMessage());
        roms.add("reset vector", 0x1000, new byte[88]);
        roms.install();
        byte[] elf = new TestElf().entry(0x90000000L).segment(0x90000000L, new byte[4], 4).build();
        assertThrows(BoardException.class, () -> ElfLoader.load(ElfImage.parse("far.elf", elf), roms, "kernel 'far.elf'"));
    }

    @Test
    void romImagesAreWrittenIntoRom() {
        roms.add("reset vector", 0x1000, RvAsm.bytes(0x00000297));
        roms.install();
        assertEquals(0x00000297, rom.read(0, 4));
    }

    @Test
    void malformedElfIsABoardException() {
        byte[] elf = new TestElf().entry(0).segment(0x80000000L, new byte[4], 4).machine(62).build();
        assertTrue(assertThrows(BoardException.class, () -> ElfImage.parse("x86.elf", elf)).getMessage().contains("not a RISC-V"));
        byte[] truncated = java.util.Arrays.copyOf(new TestElf().segment(0x80000000L, new byte[64], 64).build(), 100);
        assertThrows(BoardException.class, () -> ElfImage.parse("t.elf", truncated));
    }

    @Test
    void fileErrorsAreOneLine(@TempDir Path dir) throws Exception {
        BoardException e = assertThrows(BoardException.class, () -> ImageFiles.read(dir.resolve("nope"), "kernel", "nope"));
        assertEquals("could not open kernel file 'nope': No such file", e.getMessage());
        assertEquals("could not open firmware file 'd': Is a directory",
                        assertThrows(BoardException.class, () -> ImageFiles.read(dir, "firmware", "d")).getMessage());
        Path f = dir.resolve("k");
        Files.write(f, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, ImageFiles.read(f, "kernel", "k"));
    }
}
