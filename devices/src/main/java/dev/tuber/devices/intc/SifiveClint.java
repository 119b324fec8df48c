package dev.tuber.devices.intc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BusError;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;
import dev.tuber.machine.time.MachineClock;

/**
 * The SiFive CLINT (core-local interruptor), laid out as QEMU's virt and spike lay out their
 * ACLINT MSWI and MTIMER pair:
 *
 * <pre>
 * 0x0000 + 4*h   msip[h]      bit 0 drives hart h's machine software interrupt (MSIP); 32-bit
 * 0x4000 + 8*h   mtimecmp[h]  hart h's machine timer interrupt (MTIP) is high while mtime >= mtimecmp
 * 0xBFF8         mtime        the platform timer (the machine clock), readable and writable
 * </pre>
 *
 * {@code mtimecmp} and {@code mtime} take 32-bit halves or whole 64-bit accesses; {@code msip}
 * only 32-bit ones; offsets from {@code 0xC000} are a hole. Times are in ticks of the machine
 * clock (10 MHz); a deadline in the future is armed on the machine's timer thread.
 *
 * <p>Outputs {@code msip[h]} and {@code mtip[h]}, one per hart, go to the harts' local interrupt
 * controllers. Reset clears {@code mtime} (so every {@code mtimecmp} still at its power-on 0
 * raises MTIP, as in QEMU) and the software interrupts.
 */
public final class SifiveClint extends SysBusDevice {
    public static final Property<Long> NUM_HARTS = Property.uint32("num-harts", 1, "number of harts served");
    public static final Property<Long> HARTID_BASE = Property.uint32("hartid-base", 0, "hart id of the first hart served");
    public static final Property<Long> APERTURE_SIZE = Property.uint32("aperture-size", 0x10000, "size of the register window");

    public static final DeviceType<SifiveClint> TYPE = DeviceType.builder("riscv.sifive.clint", SifiveClint::new)
                    .description("SiFive CLINT: software and timer interrupts of every hart")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    .properties(NUM_HARTS, HARTID_BASE, APERTURE_SIZE)
                    // Part of the board: its outputs are wired to every hart's MSIP and MTIP.
                    .notUserCreatable("the board creates it and wires it to every hart")
                    .build();

    public static final int MSIP_BASE = 0x0;
    public static final int MTIMECMP_BASE = 0x4000;
    public static final int MTIME = 0xBFF8;
    /** First offset of the hole after the timer registers. */
    public static final int END = 0xC000;
    /** {@code mtimecmp} has room for this many harts. */
    public static final int MAX_HARTS = (MTIME - MTIMECMP_BASE) / 8;

    private int harts;
    private IrqOutput[] msip;
    private IrqOutput[] mtip;
    private boolean[] softwarePending;
    private long[] mtimecmp;
    private ScheduledFuture<?>[] deadlines;
    private MachineClock clock;

    private SifiveClint(DeviceType<SifiveClint> type) {
        super(type);
    }

    @Override
    protected void onRealize() {
        long n = get(NUM_HARTS);
        if (n < 1 || n > MAX_HARTS) {
            throw new BoardException("riscv.sifive.clint: num-harts must be 1.." + MAX_HARTS + ", not " + n);
        }
        long aperture = get(APERTURE_SIZE);
        if (aperture < END) {
            throw new BoardException("riscv.sifive.clint: aperture-size must be at least 0x" + Integer.toHexString(END));
        }
        harts = (int) n;
        msip = addIrqOutputs("msip", harts);
        mtip = addIrqOutputs("mtip", harts);
        softwarePending = new boolean[harts];
        mtimecmp = new long[harts];
        deadlines = new ScheduledFuture<?>[harts];
        clock = machine().clock();
        initMmio(new MmioRegion("riscv.sifive.clint", aperture, new Registers(), 4 | 8));
    }

    @Override
    protected synchronized void onUnrealize() {
        for (int h = 0; h < harts; h++) {
            cancel(h);
        }
    }

    @Override
    protected synchronized void onResetEnter() {
        clock.set(0);
        java.util.Arrays.fill(softwarePending, false);
    }

    @Override
    protected synchronized void onResetHold() {
        for (int h = 0; h < harts; h++) {
            msip[h].lower();
            writeTimecmp(h, mtimecmp[h]);
        }
    }

    /** The current {@code mtimecmp} of hart {@code h} (relative to {@code hartid-base}). */
    public synchronized long mtimecmp(int h) {
        return mtimecmp[h];
    }

    private final class Registers implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            return readRegister(offset, size);
        }

        @Override
        public void write(long offset, int size, long value) {
            writeRegister(offset, size, value);
        }
    }

    private synchronized long readRegister(long offset, int size) {
        if (offset < MTIMECMP_BASE) {
            if (size != 4) {
                throw BusError.INSTANCE;
            }
            int h = (int) (offset >> 2);
            return h < harts && (offset & 3) == 0 && softwarePending[h] ? 1 : 0;
        }
        if (offset >= END) {
            throw BusError.INSTANCE;
        }
        long rel = offset - MTIMECMP_BASE;
        if (rel < 8L * harts) {
            long cmp = mtimecmp[(int) (rel >> 3)];
            if ((rel & 7) == 0) {
                return size == 4 ? cmp & 0xFFFF_FFFFL : cmp;
            }
            if ((rel & 7) == 4 && size == 4) {
                return cmp >>> 32;
            }
            return 0;
        }
        if (offset == MTIME) {
            long now = clock.now();
            return size == 4 ? now & 0xFFFF_FFFFL : now;
        }
        if (offset == MTIME + 4 && size == 4) {
            return clock.now() >>> 32;
        }
        return 0;
    }

    private synchronized void writeRegister(long offset, int size, long value) {
        if (offset < MTIMECMP_BASE) {
            if (size != 4) {
                throw BusError.INSTANCE;
            }
            int h = (int) (offset >> 2);
            if (h < harts && (offset & 3) == 0) {
                softwarePending[h] = (value & 1) != 0;
                msip[h].set(softwarePending[h]);
            }
            return;
        }
        if (offset >= END) {
            throw BusError.INSTANCE;
        }
        long rel = offset - MTIMECMP_BASE;
        if (rel < 8L * harts) {
            int h = (int) (rel >> 3);
            long old = mtimecmp[h];
            if ((rel & 7) == 0) {
                writeTimecmp(h, size == 4 ? (old & 0xFFFF_FFFF_0000_0000L) | (value & 0xFFFF_FFFFL) : value);
            } else if ((rel & 7) == 4 && size == 4) {
                writeTimecmp(h, (value << 32) | (old & 0xFFFF_FFFFL));
            }
            return;
        }
        if (offset == MTIME || (offset == MTIME + 4 && size == 4)) {
            long now = clock.now();
            long next;
            if (offset == MTIME) {
                next = size == 4 ? (now & 0xFFFF_FFFF_0000_0000L) | (value & 0xFFFF_FFFFL) : value;
            } else {
                next = (value << 32) | (now & 0xFFFF_FFFFL);
            }
            clock.set(next);
            for (int h = 0; h < harts; h++) {
                writeTimecmp(h, mtimecmp[h]);
            }
        }
    }

    /** Sets a deadline: MTIP now if it has passed, else lowered and armed. */
    private void writeTimecmp(int h, long value) {
        mtimecmp[h] = value;
        cancel(h);
        long wait = clock.nanosUntil(value);
        if (wait == 0) {
            mtip[h].raise();
            return;
        }
        mtip[h].lower();
        if (wait != Long.MAX_VALUE) {
            deadlines[h] = machine().scheduler().schedule(() -> expire(h), wait, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void expire(int h) {
        deadlines[h] = null;
        long wait = clock.nanosUntil(mtimecmp[h]);
        if (wait == 0) {
            mtip[h].raise();
        } else if (wait != Long.MAX_VALUE) {
            // woken early (or mtime moved back): wait for the rest
            deadlines[h] = machine().scheduler().schedule(() -> expire(h), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void cancel(int h) {
        if (deadlines[h] != null) {
            deadlines[h].cancel(false);
            deadlines[h] = null;
        }
    }

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("clint", base));
        List<Integer> cells = new ArrayList<>();
        for (int h = 0; h < harts; h++) {
            for (IrqOutput out : new IrqOutput[] {msip[h], mtip[h]}) {
                if (out.sink() instanceof InterruptInput in) {
                    cells.add(ctx.phandle(in.controller()));
                    for (int c : in.controller().interruptCells(in.number())) {
                        cells.add(c);
                    }
                }
            }
        }
        node.setCells("interrupts-extended", cells.stream().mapToInt(Integer::intValue).toArray());
        node.setReg(base, mmio(0).size());
        node.setStrings("compatible", "sifive,clint0", "riscv,clint0");
    }
}
