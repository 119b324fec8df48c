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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.devices.FakeHart;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.testing.TestElf;
import dev.tuber.devices.intc.SifivePlic;
import dev.tuber.devices.virtio.VirtioBlk;
import dev.tuber.devices.virtio.VirtioMmio;
import dev.tuber.devices.virtio.VirtioRng;
import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.machine.board.RiscvBoard;
import dev.tuber.machine.board.TuberBoardProvider;
import dev.tuber.machine.board.VirtBoard;
import dev.tuber.machine.fdt.Fdt;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.qdev.Device;

/**
 * The virt board's interrupt controller and devices as QEMU 7.2 builds them: PLIC, Goldfish RTC,
 * eight virtio-mmio transports (and where {@code -device} puts devices on them), pvpanic, and the
 * device tree that describes them, parsed back.
 */
class VirtBoardDevicesTest {
    @TempDir
    Path dir;
    private final FakeHost host = new FakeHost();
    private final List<Board> boards = new ArrayList<>();

    @AfterEach
    void close() {
        boards.forEach(Board::close);
    }

    private RiscvBoard board(String smp, List<String> devices, List<String> drives, String append) {
        byte[] kernel = new TestElf().entry(0x80000000L).segment(0x80000000L, TestElf.code(0x00000013, 0x0000006f), 8).build();
        BoardConfig c = new BoardConfig("virt", "256M", smp, "none", "", "", append, "", devices, drives, List.of(), List.of(), List.of(),
                        List.of(), false, kernel, "prog.elf", dir);
        Board b = new TuberBoardProvider().create(c, host);
        boards.add(b);
        return (RiscvBoard) b;
    }

    private Path disk() throws IOException {
        Path p = dir.resolve("disk.img");
        Files.write(p, new byte[64 * 1024]);
        return p;
    }

    private static String busOf(Device d) {
        return d.parentBus().name();
    }

    private static Device deviceOfType(RiscvBoard b, String type) {
        return b.machine().devices().all().stream().filter(d -> d.type().name().equals(type)).findFirst().orElse(null);
    }

    @Test
    void theMemoryMapHasQemusDevices() {
        RiscvBoard b = board("", List.of(), List.of(), "");
        String map = b.machine().memory().describe();
        assertTrue(map.contains("0000000000101000-0000000000101fff (i/o): goldfish_rtc"), map);
        assertTrue(map.contains("0000000004000000-0000000004000001 (i/o): pvpanic"), map);
        assertTrue(map.contains("000000000c000000-000000000c5fffff (i/o): riscv.sifive.plic"), map);
        for (int i = 0; i < 8; i++) {
            long base = 0x10001000L + 0x1000L * i;
            assertTrue(map.contains(String.format("%016x-%016x (i/o): virtio-mmio", base, base + 0xfff)), map);
        }
        // an empty transport answers as a placeholder
        assertEquals(VirtioMmio.MAGIC, b.bus().read(0x10001000L, 4));
        assertEquals(0, b.bus().read(0x10001008L, 4));
    }

    @Test
    void devicesGoOnTheHighestFreeTransportFirstAsInQemu() throws IOException {
        disk();
        RiscvBoard b = board("", List.of("virtio-blk-device,drive=hd0", "virtio-rng-device"),
                        List.of("if=none,id=hd0,format=raw,file=disk.img"), "");
        Device blk = deviceOfType(b, "virtio-blk-device");
        Device rng = deviceOfType(b, "virtio-rng-device");
        assertInstanceOf(VirtioBlk.class, blk);
        assertInstanceOf(VirtioRng.class, rng);
        assertEquals("virtio-mmio-bus.7", busOf(blk), "the first -device gets 0x10008000, as in QEMU");
        assertEquals("virtio-mmio-bus.6", busOf(rng));
        assertEquals(2, b.bus().read(0x10008008L, 4), "device ID of virtio-blk at 0x10008000");
        assertEquals(4, b.bus().read(0x10007008L, 4), "device ID of virtio-rng at 0x10007000");

        RiscvBoard placed = board("", List.of("virtio-rng-device,bus=virtio-mmio-bus.0"), List.of(), "");
        assertEquals("virtio-mmio-bus.0", busOf(deviceOfType(placed, "virtio-rng-device")));
        assertEquals(4, placed.bus().read(0x10001008L, 4));
    }

    @Test
    void nineVirtioDevicesDoNotFit() {
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add("virtio-rng-device");
        }
        BoardException e = assertThrows(BoardException.class, () -> board("", nine, List.of(), ""));
        assertTrue(e.getMessage().contains("No 'virtio-bus' bus with a free slot"), e.getMessage());
    }

    @Test
    void driveIfVirtioAddsAVirtioBlkDevice() throws IOException {
        disk();
        RiscvBoard b = board("", List.of(), List.of("file=disk.img,format=raw"), "");
        Device blk = deviceOfType(b, "virtio-blk-device");
        assertNotNull(blk, "-drive defaults to if=virtio on virt");
        assertEquals("virtio0", ((VirtioBlk) blk).drive().id());
        assertEquals("virtio-mmio-bus.7", busOf(blk));
    }

    @Test
    void theInterruptsReachTheHartsThroughThePlic() {
        RiscvBoard b = board("2", List.of(), List.of(), "");
        FakeHart h0 = new FakeHart(0);
        FakeHart h1 = new FakeHart(1);
        b.connect(new HartPort[] {h0, h1});
        long plic = 0xc000000L;
        // UART source 10: priority 1, enabled for hart 1's S-mode context (3)
        b.bus().write(plic + 4 * VirtBoard.UART0_IRQ, 4, 1);
        b.bus().write(plic + 0x2000 + 0x80 * 3, 4, 1 << VirtBoard.UART0_IRQ);
        b.bus().write(0x10000001L, 1, 0x02); // UART IER: transmitter empty interrupt
        assertTrue(h1.pending(HartPort.SEIP), "the UART's interrupt reached hart 1's SEIP");
        assertFalse(h0.pending(HartPort.SEIP));
        assertFalse(h1.pending(HartPort.MEIP));
        assertEquals(VirtBoard.UART0_IRQ, b.bus().read(plic + 0x200000 + 0x1000 * 3 + 4, 4));
        assertFalse(h1.pending(HartPort.SEIP), "claimed");

        // the RTC's alarm on source 11, to hart 0's M-mode context (0)
        b.bus().write(plic + 4 * VirtBoard.RTC_IRQ, 4, 2);
        b.bus().write(plic + 0x2000, 4, 1 << VirtBoard.RTC_IRQ);
        b.bus().write(0x101000L + 0x10, 4, 1); // IRQ_ENABLED
        b.bus().write(0x101000L + 0x0c, 4, 0); // ALARM_HIGH
        b.bus().write(0x101000L + 0x08, 4, 1); // ALARM_LOW: long past
        assertTrue(h0.pending(HartPort.MEIP));
        assertEquals(VirtBoard.RTC_IRQ, b.bus().read(plic + 0x200000 + 4, 4));
    }

    @Test
    void deviceTreeNodesParsedBack() throws IOException {
        disk();
        RiscvBoard b = board("2", List.of("virtio-blk-device,drive=hd0", "virtio-rng-device"),
                        List.of("if=none,id=hd0,format=raw,file=disk.img"), "console=ttyS0");
        Fdt fdt = Fdt.parse(b.dtb());
        int intc0 = fdt.node("/cpus/cpu@0/interrupt-controller").getCells("phandle")[0];
        int intc1 = fdt.node("/cpus/cpu@1/interrupt-controller").getCells("phandle")[0];
        assertEquals("riscv,cpu-intc", fdt.node("/cpus/cpu@0/interrupt-controller").getString("compatible"));
        FdtNode cpu = fdt.node("/cpus/cpu@0");
        assertEquals("rv64imafdc_zicsr_zifencei", cpu.getString("riscv,isa"));
        assertEquals("riscv,sv48", cpu.getString("mmu-type"));
        assertEquals("okay", cpu.getString("status"));
        assertNotNull(fdt.node("/cpus/cpu-map/cluster0/core1"));

        FdtNode plic = fdt.node("/soc/plic@c000000");
        assertEquals(List.of("sifive,plic-1.0.0", "riscv,plic0"), plic.getStrings("compatible"));
        assertArrayEquals(new int[] {0, 0xc000000, 0, 0x600000}, plic.getCells("reg"));
        assertArrayEquals(new int[] {96}, plic.getCells("riscv,ndev"));
        assertArrayEquals(new int[] {intc0, 11, intc0, 9, intc1, 11, intc1, 9}, plic.getCells("interrupts-extended"),
                        "per hart an M-mode (MEIP) and an S-mode (SEIP) context");
        assertNotNull(plic.get("interrupt-controller"));
        assertArrayEquals(new int[] {1}, plic.getCells("#interrupt-cells"));
        assertArrayEquals(new int[] {0}, plic.getCells("#address-cells"));
        int plicPhandle = plic.getCells("phandle")[0];

        FdtNode rtc = fdt.node("/soc/rtc@101000");
        assertEquals("google,goldfish-rtc", rtc.getString("compatible"));
        assertArrayEquals(new int[] {0, 0x101000, 0, 0x1000}, rtc.getCells("reg"));
        assertArrayEquals(new int[] {11}, rtc.getCells("interrupts"));
        assertArrayEquals(new int[] {plicPhandle}, rtc.getCells("interrupt-parent"));

        FdtNode serial = fdt.node("/soc/serial@10000000");
        assertArrayEquals(new int[] {10}, serial.getCells("interrupts"));
        assertArrayEquals(new int[] {plicPhandle}, serial.getCells("interrupt-parent"));

        for (int i = 0; i < 8; i++) {
            long base = 0x10001000L + 0x1000L * i;
            FdtNode v = fdt.node("/soc/virtio_mmio@" + Long.toHexString(base));
            assertNotNull(v, "transport " + i);
            assertEquals("virtio,mmio", v.getString("compatible"));
            assertArrayEquals(new int[] {0, (int) base, 0, 0x1000}, v.getCells("reg"));
            assertArrayEquals(new int[] {1 + i}, v.getCells("interrupts"));
            assertArrayEquals(new int[] {plicPhandle}, v.getCells("interrupt-parent"));
        }

        FdtNode pvpanic = fdt.node("/soc/pvpanic@4000000");
        assertEquals("qemu,pvpanic-mmio", pvpanic.getString("compatible"));
        assertArrayEquals(new int[] {0, 0x4000000, 0, 2}, pvpanic.getCells("reg"));

        FdtNode clint = fdt.node("/soc/clint@2000000");
        assertArrayEquals(new int[] {intc0, 3, intc0, 7, intc1, 3, intc1, 7}, clint.getCells("interrupts-extended"));

        FdtNode chosen = fdt.node("/chosen");
        assertEquals("console=ttyS0", chosen.getString("bootargs"));
        assertEquals("/soc/serial@10000000", chosen.getString("stdout-path"));
        assertEquals(32, chosen.get("rng-seed").length);
        assertEquals("syscon-poweroff", fdt.node("/poweroff").getString("compatible"));
        assertEquals("syscon-reboot", fdt.node("/reboot").getString("compatible"));
        assertNull(fdt.node("/soc/pci@30000000"), "no PCIe yet");
    }

    @Test
    void dumpdtbWritesTheTreeAndEnds() throws IOException {
        BoardConfig c = new BoardConfig("virt,dumpdtb=out.dtb", "", "", "none", "", "", "", "", List.of("virtio-rng-device"), List.of(),
                        List.of(), List.of(), List.of(), List.of(), false, null, null, dir);
        Board b = new TuberBoardProvider().create(c, host);
        boards.add(b);
        Fdt fdt = Fdt.parse(Files.readAllBytes(dir.resolve("out.dtb")));
        assertNotNull(fdt.node("/soc/plic@c000000"));
        assertNotNull(fdt.node("/soc/virtio_mmio@10008000"));
        assertTrue(host.errors().contains("dtb dumped to out.dtb. Exiting."));
    }

    @Test
    void theDeviceTypesAreListedForMinusDeviceHelp() {
        String help = dev.tuber.machine.qdev.DeviceTypes.listHelp();
        assertTrue(help.contains("name \"virtio-blk-device\", bus virtio-bus, desc \"virtio block device\""), help);
        assertTrue(help.contains("name \"virtio-rng-device\", bus virtio-bus"), help);
        assertFalse(help.contains("riscv.sifive.plic"), "board-only devices are not listed");
        assertTrue(dev.tuber.machine.qdev.DeviceTypes.find("virtio-blk-device").help().contains("drive=<str>"));
        assertEquals(97, ((SifivePlic) deviceOfType(board("", List.of(), List.of(), ""), "riscv.sifive.plic")).sourceCount());
    }
}
