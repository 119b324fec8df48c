package dev.tuber.machine.board;

import java.util.List;

import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
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
 * <li>the SiFive test finisher at {@code 0x100000} (exit and reset);
 * <li>the CLINT at {@code 0x2000000} (software and timer interrupts of every hart);
 * <li>an NS16550A UART at {@code 0x10000000} on the first {@code -serial} back end.
 * </ul>
 *
 * Next: the PLIC (the UART's interrupt, {@link #UART0_IRQ}), the Goldfish RTC, the eight
 * virtio-mmio transports and PCIe.
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

        Chardev serial0 = serial(0);
        uart = devices.createSysBus("serial-mm", d -> {
            if (serial0 != null) {
                d.setProperty("chardev", serial0);
            }
            d.setProperty("baudbase", UART_BAUDBASE);
            d.setProperty("clock-frequency", UART_CLOCK);
        });
        uart.mapMmio(0, UART0.base());
        // its interrupt (PLIC source UART0_IRQ) is wired when the PLIC exists
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
}
