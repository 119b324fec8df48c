package dev.tuber.machine.board;

import java.util.List;
import java.util.Map;

import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.options.Sizes;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * QEMU's {@code spike} board ({@code hw/riscv/spike.c}): RAM at {@code 0x80000000} (default
 * 128 MiB, as QEMU's), up to 8 harts, the boot ROM at {@code 0x1000}, the CLINT at {@code
 * 0x2000000}, and HTIF, the host-target interface of the Spike simulator, for console and exit.
 *
 * <p>HTIF lives where the program's {@code tohost} and {@code fromhost} symbols are (in RAM: the
 * two words become read-mirrored overlays, so code in the same page still runs directly); without symbols (a raw program, or firmware that finds HTIF through
 * the device tree) it sits at {@code 0x1000000} with {@code fromhost} first, as QEMU puts it. An
 * ELF kernel booted without firmware must have the symbols: nothing else could talk to it.
 */
public final class SpikeBoard extends RiscvBoard {
    public static final MemMapEntry MROM = new MemMapEntry("mrom", 0x1000, 0xf000);
    public static final MemMapEntry HTIF = new MemMapEntry("htif", 0x1000000, 0x1000);
    public static final MemMapEntry CLINT = new MemMapEntry("clint", 0x2000000, 0x10000);
    public static final MemMapEntry DRAM = new MemMapEntry("dram", 0x80000000L, 0);
    public static final List<MemMapEntry> MEMMAP = List.of(MROM, HTIF, CLINT, DRAM);

    public static final int MAX_CPUS = 8;
    public static final long DEFAULT_RAM = 128 * Sizes.MiB;

    public static final BoardType TYPE = new BoardType("spike", "RISC-V Spike board", List.of(BoardType.DUMPDTB), SpikeBoard::new);

    private SysBusDevice htif;

    private SpikeBoard(BoardConfig config, MachineHost host) {
        super(TYPE, config, host, DRAM, MROM, DEFAULT_RAM, MAX_CPUS, "none");
    }

    @Override
    protected String ramName() {
        return "riscv.spike.ram";
    }

    @Override
    protected String mromName() {
        return "riscv.spike.mrom";
    }

    @Override
    protected String compatible() {
        return "ucbbar,spike-bare-dev";
    }

    @Override
    protected String model() {
        return "ucbbar,spike-bare,qemu";
    }

    @Override
    protected void createDevices() {
        SysBusDevice clint = machine.devices().createSysBus("riscv.sifive.clint", d -> d.setProperty("num-harts", (long) hartCount));
        clint.mapMmio(0, CLINT.base());
        wireClint(clint);

        Map<String, Long> symbols = imageSymbols();
        Long tohost = symbols.get("tohost");
        Long fromhost = symbols.get("fromhost");
        boolean fromSymbols = tohost != null && fromhost != null;
        if (!fromSymbols && kernelIsElf() && !hasFirmware()) {
            throw new BoardException("spike: kernel '" + kernelName() + "' has no 'tohost' and 'fromhost' symbols; "
                            + "the spike board talks to a program through them (HTIF console and exit)");
        }
        long to = fromSymbols ? tohost : HTIF.base() + 8;
        long from = fromSymbols ? fromhost : HTIF.base();
        Chardev serial0 = serial(0);
        htif = machine.devices().createSysBus("riscv.htif", d -> {
            if (serial0 != null) {
                d.setProperty("chardev", serial0);
            }
            d.setProperty("tohost", to);
            d.setProperty("fromhost", from);
        });
        if (fromSymbols) {
            // read-mirrored: the device copies its words into RAM, so code sharing the page runs directly
            htif.mapMmioOverlay(0, to, true);
            htif.mapMmioOverlay(1, from, true);
        } else {
            htif.mapMmio(0, to);
            htif.mapMmio(1, from);
        }
    }

    @Override
    protected void finishDeviceTree(FdtContext ctx, FdtNode chosen) {
        FdtNode node = ctx.nodeOf(htif);
        if (node != null) {
            chosen.setString("stdout-path", node.path());
        }
    }

    /** The HTIF device. */
    public SysBusDevice htif() {
        return htif;
    }
}
