package dev.tuber.machine.board;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.block.Drive;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.options.Sizes;
import dev.tuber.machine.qdev.DeviceManager;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * QEMU's {@code virt} board ({@code hw/riscv/virt.c}). The memory map below is QEMU's {@code
 * virt_memmap[]}, complete, so that later devices land where QEMU puts them; what exists now:
 *
 * <ul>
 * <li>RAM at {@code 0x80000000} ({@code -m}, default 128 MiB), harts from {@code -smp} (up to 512);
 * <li>the boot ROM at {@code 0x1000} with the reset vector and fw_dynamic info;
 * <li>the SiFive test finisher at {@code 0x100000} (power-off, reset, exit status);
 * <li>the Goldfish RTC at {@code 0x101000} (PLIC source {@link #RTC_IRQ});
 * <li>the CLINT at {@code 0x2000000} (software and timer interrupts of every hart);
 * <li>a pvpanic device at {@code 0x4000000}, in QEMU's platform-bus window (QEMU's virt has none;
 * Linux reports panics through it, see {@link dev.tuber.machine.Machine#guestPanicked});
 * <li>the PLIC at {@code 0xc000000}: an M-mode and an S-mode context per hart, driving MEIP and
 * SEIP;
 * <li>an NS16550A UART at {@code 0x10000000} on the first {@code -serial} back end (source
 * {@link #UART0_IRQ});
 * <li>eight virtio-mmio transports from {@code 0x10001000}, {@code 0x1000} apart, on sources 1..8.
 * As in QEMU, {@code -device virtio-*-device} takes the free transport with the highest address
 * first (QEMU creates them in address order and finds buses newest first), and {@code -drive
 * if=virtio} adds a {@code virtio-blk-device}.
 * </ul>
 *
 * Not yet: PCIe, fw_cfg, flash, ACLINT and AIA.
 */
public final class VirtBoard extends RiscvBoard {
    public static final MemMapEntry DEBUG = new MemMapEntry("debug", 0x0, 0x100);
    public static final MemMapEntry MROM = new MemMapEntry("mrom", 0x1000, 0xf000);
    public static final MemMapEntry TEST = new MemMapEntry("test", 0x100000, 0x1000);
    public static final MemMapEntry RTC = new MemMapEntry("rtc", 0x101000, 0x1000);
    public static final MemMapEntry CLINT = new MemMapEntry("clint", 0x2000000, 0x10000);
    public static final MemMapEntry ACLINT_SSWI = new MemMapEntry("aclint-sswi", 0x2F00000, 0x4000);
    public static final MemMapEntry PCIE_PIO = new MemMapEntry("pcie-pio", 0x3000000, 0x10000);
    public static final MemMapEntry PLATFORM_BUS = new MemMapEntry("platform-bus", 0x4000000, 0x2000000);
    /** PLIC: context base 0x200000 + 2 contexts per hart * 512 harts * 0x1000. */
    public static final MemMapEntry PLIC = new MemMapEntry("plic", 0xc000000, 0x200000 + 2 * 512 * 0x1000);
    /** APLIC (with {@code aia=aplic}): 0x4000 + 512 harts * 0x4000. */
    public static final MemMapEntry APLIC_M = new MemMapEntry("aplic-m", 0xc000000, 0x4000 + 512 * 0x4000);
    public static final MemMapEntry APLIC_S = new MemMapEntry("aplic-s", 0xd000000, 0x4000 + 512 * 0x4000);
    public static final MemMapEntry UART0 = new MemMapEntry("uart0", 0x10000000, 0x100);
    /** The first of {@link #VIRTIO_COUNT} virtio-mmio transports, {@code size} apart. */
    public static final MemMapEntry VIRTIO = new MemMapEntry("virtio", 0x10001000, 0x1000);
    public static final MemMapEntry FW_CFG = new MemMapEntry("fw-cfg", 0x10100000, 0x18);
    public static final MemMapEntry FLASH = new MemMapEntry("flash", 0x20000000, 0x4000000);
    /** IMSIC windows (with {@code aia=aplic-imsic}); QEMU bounds each at 0x4000000. */
    public static final MemMapEntry IMSIC_M = new MemMapEntry("imsic-m", 0x24000000, 0x4000000);
    public static final MemMapEntry IMSIC_S = new MemMapEntry("imsic-s", 0x28000000, 0x4000000);
    public static final MemMapEntry PCIE_ECAM = new MemMapEntry("pcie-ecam", 0x30000000, 0x10000000);
    public static final MemMapEntry PCIE_MMIO = new MemMapEntry("pcie-mmio", 0x40000000, 0x40000000);
    public static final MemMapEntry DRAM = new MemMapEntry("dram", 0x80000000L, 0);

    /** The whole table, in address order ({@code PLIC} and {@code APLIC_M} are alternatives at one address). */
    public static final List<MemMapEntry> MEMMAP = List.of(DEBUG, MROM, TEST, RTC, CLINT, ACLINT_SSWI, PCIE_PIO, PLATFORM_BUS, PLIC,
                    APLIC_M, APLIC_S, UART0, VIRTIO, FW_CFG, FLASH, IMSIC_M, IMSIC_S, PCIE_ECAM, PCIE_MMIO, DRAM);

    public static final int VIRTIO_COUNT = 8;
    /** PLIC sources, as QEMU numbers them. */
    public static final int VIRTIO_IRQ = 1;
    public static final int UART0_IRQ = 10;
    public static final int RTC_IRQ = 11;
    public static final int VIRTIO_NDEV = 0x35;
    /** PLIC sources including source 0: QEMU 7.2's device tree says {@code riscv,ndev = 96}. */
    public static final int PLIC_NUM_SOURCES = 97;
    public static final int PCIE_IRQ = 0x20;

    public static final int MAX_CPUS = 512;
    public static final long DEFAULT_RAM = 128 * Sizes.MiB;
    /** QEMU's virt UART clock and baud base ({@code serial_mm_init(..., 399193, ...)}). */
    public static final long UART_CLOCK = 3686400;
    public static final long UART_BAUDBASE = 399193;

    static final Property<Boolean> ACLINT = Property.bool("aclint", false, "Set on/off to enable/disable emulating ACLINT devices");
    static final Property<String> AIA = Property.choice("aia", "string", "none",
                    "Set type of AIA interrupt controller. Valid values are none, aplic, and aplic-imsic.", "none", "aplic", "aplic-imsic");

    public static final BoardType TYPE = new BoardType("virt", "RISC-V VirtIO board", List.of(BoardType.DUMPDTB, ACLINT, AIA), VirtBoard::new);

    private SysBusDevice uart;
    private SysBusDevice plic;
    private final List<SysBusDevice> virtioTransports = new ArrayList<>();

    private VirtBoard(BoardConfig config, MachineHost host) {
        super(TYPE, config, host, DRAM, MROM, DEFAULT_RAM, MAX_CPUS, "virtio");
        if (properties.get(ACLINT)) {
            throw new BoardException("-machine virt,aclint=on: ACLINT devices are not supported yet (the SiFive CLINT is)");
        }
        if (!properties.get(AIA).equals("none")) {
            throw new BoardException("-machine virt,aia=" + properties.get(AIA) + ": the AIA interrupt controllers are not supported yet");
        }
    }

    @Override
    protected String ramName() {
        return "riscv_virt_board.ram";
    }

    @Override
    protected String mromName() {
        return "riscv_virt_board.mrom";
    }

    @Override
    protected String compatible() {
        return "riscv-virtio";
    }

    @Override
    protected String model() {
        return "riscv-virtio,qemu";
    }

    @Override
    protected void createDevices() {
        DeviceManager devices = machine.devices();

        SysBusDevice test = devices.createSysBus("riscv.sifive.test", d -> {
        });
        test.mapMmio(0, TEST.base());

        SysBusDevice clint = devices.createSysBus("riscv.sifive.clint", d -> d.setProperty("num-harts", (long) hartCount));
        clint.mapMmio(0, CLINT.base());
        wireClint(clint);

        plic = devices.createSysBus("riscv.sifive.plic", d -> {
            d.setProperty("hart-config", String.join(",", Collections.nCopies(hartCount, "MS")));
            d.setProperty("num-sources", (long) PLIC_NUM_SOURCES);
            d.setProperty("aperture-size", PLIC.size());
        });
        plic.mapMmio(0, PLIC.base());
        for (int h = 0; h < hartCount; h++) {
            plic.irqOutput("meip", h).connect(hartInterrupts[h].input(HartPort.MEIP));
            plic.irqOutput("seip", h).connect(hartInterrupts[h].input(HartPort.SEIP));
        }

        SysBusDevice rtc = devices.createSysBus("goldfish_rtc", d -> {
        });
        rtc.mapMmio(0, RTC.base());
        rtc.irq(0).connect(plicSource(RTC_IRQ));

        Chardev serial0 = serial(0);
        uart = devices.createSysBus("serial-mm", d -> {
            if (serial0 != null) {
                d.setProperty("chardev", serial0);
            }
            d.setProperty("baudbase", UART_BAUDBASE);
            d.setProperty("clock-frequency", UART_CLOCK);
        });
        uart.mapMmio(0, UART0.base());
        uart.irq(0).connect(plicSource(UART0_IRQ));

        // highest address first, so that automatic placement fills them in QEMU's order
        for (int i = VIRTIO_COUNT - 1; i >= 0; i--) {
            long index = i;
            SysBusDevice t = devices.createSysBus("virtio-mmio", d -> d.setProperty("index", index));
            t.mapMmio(0, VIRTIO.base() + i * VIRTIO.size());
            t.irq(0).connect(plicSource(VIRTIO_IRQ + i));
            virtioTransports.add(0, t);
        }

        SysBusDevice pvpanic = devices.createSysBus("pvpanic-mmio", d -> {
        });
        pvpanic.mapMmio(0, PLATFORM_BUS.base());
    }

    private InterruptInput plicSource(int source) {
        return plic.irqInput("source", source);
    }

    /** QEMU's {@code -drive if=virtio}: a virtio-blk-device on the next free transport for each. */
    @Override
    protected void attachDrives() {
        for (Drive d : machine.drives().drivesOn("virtio")) {
            try {
                machine.devices().addFromOptions("virtio-blk-device,drive=" + d.id());
            } catch (BoardException e) {
                throw new BoardException("-drive if=virtio (" + d.id() + "): " + e.getMessage(), e);
            }
        }
    }

    @Override
    protected void finishDeviceTree(FdtContext ctx, FdtNode chosen) {
        FdtNode node = ctx.nodeOf(uart);
        if (node != null && serial(0) != null) {
            chosen.setString("stdout-path", node.path());
        }
    }

    /** The UART on the first serial port. */
    public SysBusDevice uart() {
        return uart;
    }

    /** The PLIC. */
    public SysBusDevice plic() {
        return plic;
    }

    /** The virtio-mmio transports, in address order. */
    public List<SysBusDevice> virtioTransports() {
        return Collections.unmodifiableList(virtioTransports);
    }
}
