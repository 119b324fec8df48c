package dev.tuber.devices.boards;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.devices.FakeHart;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.testing.TestElf;
import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.HartReset;
import dev.tuber.machine.fdt.Fdt;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.loader.FwDynamicInfo;
import dev.tuber.machine.loader.LittleEndian;
import dev.tuber.machine.loader.ResetVector;
import dev.tuber.machine.board.RiscvBoard;
import dev.tuber.machine.board.SpikeBoard;
import dev.tuber.machine.board.TuberBoardProvider;
import dev.tuber.machine.board.VirtBoard;

class BoardTest {
    @TempDir
    Path dir;
    private final FakeHost host = new FakeHost();
    private final List<Board> boards = new ArrayList<>();

    @AfterEach
    void close() {
        boards.forEach(Board::close);
    }

    /** A configuration builder in QEMU's terms. */
    final class Config {
        String machine = "virt";
        String memory = "";
        String smp = "";
        String bios = "none";
        String kernel = "";
        String initrd = "";
        String append = "";
        String dtb = "";
        List<String> devices = new ArrayList<>();
        List<String> drives = new ArrayList<>();
        List<String> chardevs = new ArrayList<>();
        List<String> netdevs = new ArrayList<>();
        List<String> serial = new ArrayList<>();
        boolean noReboot;
        byte[] program;

        BoardConfig build() {
            return new BoardConfig(machine, memory, smp, bios, kernel, initrd, append, dtb, devices, drives, List.of(), chardevs,
                            netdevs, serial, noReboot, program, program == null ? null : "prog.elf", dir);
        }

        Board create() {
            Board b = new TuberBoardProvider().create(build(), host);
            if (b != null) {
                boards.add(b);
            }
            return b;
        }

        RiscvBoard board() {
            return (RiscvBoard) create();
        }
    }

    static byte[] kernelElf(long entry) {
        return new TestElf().entry(entry).segment(entry, TestElf.code(0x00000013, 0x0000006f), 8).build();
    }

    static Fdt fdt(RiscvBoard b) {
        return Fdt.parse(b.dtb());
    }

    private static long read(Board b, long addr, int size) {
        return b.bus().read(addr, size);
    }

    @Test
    void virtMemoryMapDevicesAndBootRegisters() {
        Config c = new Config();
        c.smp = "2";
        c.memory = "256M";
        c.program = kernelElf(0x80000000L);
        RiscvBoard b = c.board();
        assertInstanceOf(VirtBoard.class, b);
        assertEquals(2, b.hartCount());
        String map = b.machine().memory().describe();
        assertTrue(map.contains("0000000000001000-000000000000ffff (rom): riscv_virt_board.mrom"), map);
        assertTrue(map.contains("0000000000100000-0000000000100fff (i/o): riscv.sifive.test"), map);
        assertTrue(map.contains("0000000002000000-000000000200ffff (i/o): riscv.sifive.clint"), map);
        assertTrue(map.contains("0000000010000000-0000000010000007 (i/o): serial"), map);
        assertTrue(map.contains("0000000080000000-000000008fffffff (ram): riscv_virt_board.ram"), map);

        // the device tree sits 2 MiB-aligned below the end of RAM, as in QEMU
        assertEquals(0x8fe00000L, b.fdtAddress());
        HartReset r = b.resetState(1);
        assertEquals(new HartReset(0x1000, 1, 0x8fe00000L, 0x1000 + ResetVector.FW_DYNAMIC_OFFSET), r);
        // the reset vector: QEMU's code, the kernel entry (no firmware), the fdt, fw_dynamic info
        assertEquals(0x00000297, read(b, 0x1000, 4));
        assertEquals(0x00028067, read(b, 0x1014, 4));
        assertEquals(0x80000000L, read(b, 0x1000 + ResetVector.START_OFFSET, 8));
        assertEquals(0x8fe00000L, read(b, 0x1000 + ResetVector.FDT_OFFSET, 8));
        assertEquals(FwDynamicInfo.MAGIC, read(b, 0x1028, 8));
        assertEquals(2, read(b, 0x1030, 8));
        assertEquals(0x80000000L, read(b, 0x1038, 8), "next_addr: the kernel");
        assertEquals(FwDynamicInfo.MODE_S, read(b, 0x1040, 8));
        // the kernel and the blob are in RAM
        assertEquals(0x00000013, read(b, 0x80000000L, 4));
        assertEquals(Fdt.MAGIC, Integer.reverseBytes((int) read(b, 0x8fe00000L, 4)));
        assertTrue(host.wasWritten(0x80000000L, 8), "loading told the CPU");
        assertEquals(10_000_000, b.timebaseFrequency());
    }

    @Test
    void virtDeviceTree() throws IOException, InterruptedException {
        Config c = new Config();
        c.smp = "2";
        c.program = kernelElf(0x80000000L);
        c.append = "console=ttyS0 earlycon";
        RiscvBoard b = c.board();
        Fdt fdt = fdt(b);
        FdtNode root = fdt.root();
        assertEquals("riscv-virtio", root.getString("compatible"));
        assertArrayEquals(new int[] {0, 0x80000000, 0, 0x8000000}, fdt.node("/memory@80000000").getCells("reg"));
        assertEquals(10_000_000, fdt.node("/cpus").getCells("timebase-frequency")[0]);
        assertEquals("rv64imafdc_zicsr_zifencei", fdt.node("/cpus/cpu@1").getString("riscv,isa"));
        int intc0 = fdt.node("/cpus/cpu@0/interrupt-controller").getCells("phandle")[0];
        int intc1 = fdt.node("/cpus/cpu@1/interrupt-controller").getCells("phandle")[0];
        assertArrayEquals(new int[] {intc0, 3, intc0, 7, intc1, 3, intc1, 7},
                        fdt.node("/soc/clint@2000000").getCells("interrupts-extended"), "derived from the wiring");
        FdtNode serial = fdt.node("/soc/serial@10000000");
        assertEquals("ns16550a", serial.getString("compatible"));
        assertEquals(3686400, serial.getCells("clock-frequency")[0]);
        assertEquals("/soc/serial@10000000", fdt.node("/chosen").getString("stdout-path"));
        assertEquals("console=ttyS0 earlycon", fdt.node("/chosen").getString("bootargs"));
        int test = fdt.node("/soc/test@100000").getCells("phandle")[0];
        assertEquals(test, fdt.node("/poweroff").getCells("regmap")[0]);
        assertEquals(0x5555, fdt.node("/poweroff").getCells("value")[0]);
        assertEquals(0x7777, fdt.node("/reboot").getCells("value")[0]);

        Path dtc = Path.of("/usr/bin/dtc");
        Assumptions.assumeTrue(Files.isExecutable(dtc), "dtc is not installed");
        Path blob = dir.resolve("virt.dtb");
        Files.write(blob, b.dtb());
        Process p = new ProcessBuilder(dtc.toString(), "-I", "dtb", "-O", "dts", blob.toString()).redirectErrorStream(true).start();
        String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), dts);
        assertTrue(dts.contains("compatible = \"sifive,clint0\\0riscv,clint0\";"), dts);
        assertFalse(dts.contains("Warning"), dts);
    }

    @Test
    void virtDevicesWorkThroughTheBus() {
        Config c = new Config();
        c.program = kernelElf(0x80000000L);
        RiscvBoard b = c.board();
        for (char ch : "hi".toCharArray()) {
            b.bus().write(0x10000000L, 1, ch);
        }
        assertEquals("hi", host.output(), "the UART is on -serial stdio by default");
        FakeHart hart = new FakeHart(0);
        b.connect(new HartPort[] {hart});
        assertTrue(hart.pending(HartPort.MTIP), "the CLINT's reset level reached the hart when it was connected");
        b.bus().write(0x2000000L, 4, 1);
        assertTrue(hart.pending(HartPort.MSIP));
        long t0 = b.readTime();
        assertTrue(b.readTime() >= t0);
        b.bus().write(0x100000, 4, (7 << 16) | 0x3333);
        assertEquals(7, host.exitStatus);
    }

    @Test
    void rawProgramsLoadAtTheStartOfRam() {
        Config c = new Config();
        c.program = TestElf.code(0x00100073, 0x00000013);
        RiscvBoard b = c.board();
        assertEquals(0x80000000L, b.startAddress());
        assertEquals(0x00100073, read(b, 0x80000000L, 4));
    }

    @Test
    void systemResetReloadsImages() {
        Config c = new Config();
        c.program = kernelElf(0x80000000L);
        RiscvBoard b = c.board();
        b.bus().write(0x80000000L, 4, 0xdeadbeefL);
        host.written.clear();
        b.reset();
        assertEquals(0x00000013, read(b, 0x80000000L, 4));
        assertTrue(host.wasWritten(0x80000000L, 8));
    }

    @Test
    void initrdAndKernelFiles() throws IOException {
        Files.write(dir.resolve("vmlinux"), kernelElf(0x80200000L));
        Files.write(dir.resolve("initrd.img"), new byte[3000]);
        Config c = new Config();
        c.kernel = "vmlinux";
        c.initrd = "initrd.img";
        RiscvBoard b = c.board();
        assertEquals(0x80200000L, b.startAddress());
        FdtNode chosen = fdt(b).node("/chosen");
        long start = 0x80200000L + 64 * 1024 * 1024; // kernel entry + min(RAM / 2, 128 MiB)
        assertArrayEquals(new int[] {0, (int) start}, chosen.getCells("linux,initrd-start"));
        assertArrayEquals(new int[] {0, (int) (start + 3000)}, chosen.getCells("linux,initrd-end"));
    }

    @Test
    void defaultFirmwareThenKernel() throws IOException {
        Path fw = Path.of(RiscvBoard.DEFAULT_FIRMWARE_PATHS.get(0));
        Assumptions.assumeTrue(Files.isRegularFile(fw), "OpenSBI is not installed");
        byte[] image = new byte[4096];
        LittleEndian.putU64(image, 8, 0x200000);
        LittleEndian.putU32(image, 56, 0x05435352); // "RSC\x05": a Linux Image
        Files.write(dir.resolve("Image"), image);
        Config c = new Config();
        c.bios = "default";
        c.kernel = "Image";
        RiscvBoard b = c.board();
        assertEquals(0x80000000L, b.startAddress(), "firmware first");
        assertEquals(0x80200000L, read(b, 0x1038, 8), "fw_dynamic next_addr: the kernel, 2 MiB after the start of RAM");
        assertEquals(LittleEndian.getU32(Files.readAllBytes(fw), 0), (int) read(b, 0x80000000L, 4));
    }

    @Test
    void userErrors() throws IOException {
        Config missing = new Config();
        missing.kernel = "nope.elf";
        assertEquals("could not open kernel file 'nope.elf': No such file", assertThrows(BoardException.class, missing::create).getMessage());

        Config far = new Config();
        far.program = kernelElf(0x90000000L);
        BoardException tooSmall = assertThrows(BoardException.class, far::create);
        assertEquals("kernel 'prog.elf' segment 0 [0x90000000, 0x90000008) lies beyond the end of riscv_virt_board.ram "
                        + "[0x80000000, 0x88000000): RAM is too small, use a larger -m", tooSmall.getMessage());
        assertTrue(tooSmall.getMessage().contains("use a larger -m"), tooSmall.getMessage());
        far.memory = "512M";
        assertNotNull(far.create());

        Config notElf = new Config();
        notElf.program = new TestElf().entry(0).segment(0x80000000L, new byte[4], 4).machine(62).build();
        assertTrue(assertThrows(BoardException.class, notElf::create).getMessage().contains("not a RISC-V ELF"));

        Config dev = new Config();
        dev.devices.add("nosuch,id=x");
        assertEquals("-device nosuch,id=x: 'nosuch' is not a valid device model name (see -device help)",
                        assertThrows(BoardException.class, dev::create).getMessage());
        Config builtin = new Config();
        builtin.devices.add("serial-mm");
        assertTrue(assertThrows(BoardException.class, builtin::create).getMessage().contains("cannot be added with -device"));

        Config prop = new Config();
        prop.machine = "virt,colour=blue";
        assertTrue(assertThrows(BoardException.class, prop::create).getMessage()
                        .startsWith("-machine virt,colour=blue: Property 'virt-machine.colour' not found"));
        Config aclint = new Config();
        aclint.machine = "virt,aclint=on";
        assertTrue(assertThrows(BoardException.class, aclint::create).getMessage().contains("not supported yet"));

        Config net = new Config();
        net.netdevs.add("user,id=n0");
        assertTrue(assertThrows(BoardException.class, net::create).getMessage().contains("not supported yet"));

        Config initrd = new Config();
        initrd.initrd = "x";
        assertEquals("-initrd only allowed with -kernel option", assertThrows(BoardException.class, initrd::create).getMessage());

        Files.write(dir.resolve("disk.img"), new byte[4096]);
        Config drive = new Config();
        drive.machine = "spike";
        drive.program = TestElf.code(0x13); // a raw program: spike finds HTIF at its fixed address
        drive.drives.add("if=virtio,file=disk.img,format=raw");
        assertTrue(assertThrows(BoardException.class, drive::create).getMessage().contains("cannot attach virtio drives yet"));

        Config mem = new Config();
        mem.memory = "1M";
        mem.program = TestElf.code(0x13);
        assertTrue(assertThrows(BoardException.class, mem::create).getMessage()
                        .startsWith("device tree [0x80000000, "), "no room left for the device tree but over the program");

        Config smp = new Config();
        smp.machine = "spike";
        smp.smp = "9";
        assertEquals("Invalid SMP CPUs 9. The max CPUs supported by machine 'spike' is 8",
                        assertThrows(BoardException.class, smp::create).getMessage());

        Config unknown = new Config();
        unknown.machine = "pc";
        assertNull(unknown.create(), "another provider's board");
    }

    @Test
    void helpRequestsPrintAndExit() {
        Config c = new Config();
        c.devices.add("help");
        Board b = c.create();
        assertEquals(1, b.hartCount());
        assertTrue(host.output().isEmpty() || !host.output().contains("serial-mm"), "built-in devices are not listed");
        HartReset r = b.resetState(0);
        // the tiny program stores to the exit register; emulate that store
        b.bus().write(0x100000, 4, 0);
        assertEquals(0, host.exitStatus);
        assertEquals(0x1000, r.pc());

        FakeHost h2 = new FakeHost();
        Config t = new Config();
        t.devices.add("serial-mm,help");
        Board typeHelp = new TuberBoardProvider().create(t.build(), h2);
        boards.add(typeHelp);
        assertTrue(h2.output().startsWith("serial-mm options:\n"), h2.output());
        assertTrue(h2.output().contains("  baudbase=<uint32>"), h2.output());

        assertTrue(TuberBoardProvider.machineHelp().contains("virt                 RISC-V VirtIO board (default)"));
        Config m = new Config();
        m.machine = "virt,help";
        assertTrue(TuberBoardProvider.helpRequested(m.build()).startsWith("virt-machine options:\n  aclint=<bool>"));
        m.machine = "help";
        assertTrue(TuberBoardProvider.helpRequested(m.build()).startsWith("Supported machines are:"));
    }

    @Test
    void dumpdtbWritesTheBlobAndExits() throws IOException {
        Config c = new Config();
        c.machine = "virt,dumpdtb=out.dtb";
        c.program = kernelElf(0x80000000L);
        Board b = c.create();
        assertEquals(1, b.hartCount());
        Fdt fdt = Fdt.parse(Files.readAllBytes(dir.resolve("out.dtb")));
        assertNotNull(fdt.node("/soc/serial@10000000"));
        assertTrue(host.errors().contains("dtb dumped to out.dtb. Exiting."), host.errors());
    }

    @Test
    void spikeHtifAtTheElfSymbols() {
        long tohost = 0x80001000L;
        Config c = new Config();
        c.machine = "spike";
        c.program = new TestElf().entry(0x80000000L).segment(0x80000000L, TestElf.code(0x13), 4)
                        .segment(tohost, new byte[16], 16).symbol("tohost", tohost).symbol("fromhost", tohost + 8).build();
        RiscvBoard b = c.board();
        assertInstanceOf(SpikeBoard.class, b);
        assertEquals(0, b.bus().directPage(tohost, true), "stores to the tohost page reach the device");
        long page = b.bus().directPage(tohost, false);
        assertTrue(page != 0, "loads and fetches stay direct (read-mirrored)");
        assertTrue(b.bus().directPage(0x80000000L, true) != 0);
        b.bus().write(tohost, 8, (1L << 56) | (1L << 48) | 'k');
        assertEquals("k", host.output());
        assertEquals((1L << 56) | (1L << 48) | 0x100 | 'k', read(b, tohost + 8, 8));
        assertEquals((1L << 56) | (1L << 48) | 0x100 | 'k', b.machine().guestMemory().readU64(tohost + 8),
                        "fromhost mirrored into RAM, where the guest's direct loads see it");
        assertEquals(0, b.machine().guestMemory().readU64(tohost), "tohost taken, mirrored as 0");
        b.bus().write(tohost, 8, (9 << 1) | 1);
        assertEquals(9, host.exitStatus);
        Fdt fdt = fdt(b);
        assertEquals("ucb,htif0", fdt.node("/htif").getString("compatible"));
        assertNull(fdt.node("/htif").get("reg"));
        assertEquals("/htif", fdt.node("/chosen").getString("stdout-path"));
        assertEquals("ucbbar,spike-bare-dev", fdt.root().getString("compatible"));
        assertNotNull(fdt.node("/soc/clint@2000000"));
    }

    @Test
    void spikeWithoutSymbols() {
        Config elf = new Config();
        elf.machine = "spike";
        elf.program = kernelElf(0x80000000L);
        BoardException e = assertThrows(BoardException.class, elf::create);
        assertEquals("spike: kernel 'prog.elf' has no 'tohost' and 'fromhost' symbols; the spike board talks to a program through them "
                        + "(HTIF console and exit)", e.getMessage());
        Config raw = new Config();
        raw.machine = "spike";
        raw.program = TestElf.code(0x13);
        RiscvBoard b = raw.board();
        b.bus().write(SpikeBoard.HTIF.base() + 8, 8, 1);
        assertEquals(0, host.exitStatus, "raw programs find HTIF at QEMU's fixed address");
        assertArrayEquals(new int[] {0, 0x1000000, 0, 16}, fdt(b).node("/htif").getCells("reg"));
    }
}
