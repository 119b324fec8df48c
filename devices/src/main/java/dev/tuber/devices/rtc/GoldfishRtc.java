package dev.tuber.devices.rtc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * Google's Goldfish real-time clock (QEMU's {@code goldfish_rtc}, Linux's {@code rtc-goldfish}):
 * wall-clock time in nanoseconds since the Unix epoch, and one alarm.
 *
 * <pre>
 * 0x00  TIME_LOW         read: low 32 bits of the time, latching the high half;
 *                        write: sets the time to (latched TIME_HIGH &lt;&lt; 32) | value
 * 0x04  TIME_HIGH        read: the half latched by the last TIME_LOW read; write: latches it
 * 0x08  ALARM_LOW        write: arms the alarm at (ALARM_HIGH &lt;&lt; 32) | value
 * 0x0c  ALARM_HIGH       write: high half of the next alarm
 * 0x10  IRQ_ENABLED      bit 0 lets a fired alarm raise the interrupt
 * 0x14  CLEAR_ALARM      write: disarms the alarm
 * 0x18  ALARM_STATUS     read: 1 while an alarm is armed
 * 0x1c  CLEAR_INTERRUPT  write: acknowledges a fired alarm
 * </pre>
 *
 * The time is the host's wall clock ({@link dev.tuber.machine.Machine#realTimeNanos()}) plus an
 * offset the guest sets by writing the time. The interrupt (output 0, level-triggered) is high
 * while a fired alarm is unacknowledged and interrupts are enabled. Registers are 32 bits wide.
 */
public final class GoldfishRtc extends SysBusDevice {
    public static final DeviceType<GoldfishRtc> TYPE = DeviceType.builder("goldfish_rtc", GoldfishRtc::new)
                    .description("Goldfish real-time clock")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    .notUserCreatable("the board maps it at a fixed address and wires its interrupt")
                    .build();

    public static final int TIME_LOW = 0x00;
    public static final int TIME_HIGH = 0x04;
    public static final int ALARM_LOW = 0x08;
    public static final int ALARM_HIGH = 0x0c;
    public static final int IRQ_ENABLED = 0x10;
    public static final int CLEAR_ALARM = 0x14;
    public static final int ALARM_STATUS = 0x18;
    public static final int CLEAR_INTERRUPT = 0x1c;

    private final IrqOutput irq;

    // state (guarded by this)
    private long offset;
    private long alarmNext;
    private boolean alarmRunning;
    private boolean irqPending;
    private boolean irqEnabled;
    private int timeHigh;
    private ScheduledFuture<?> alarm;

    private GoldfishRtc(DeviceType<GoldfishRtc> type) {
        super(type);
        irq = initIrqs(1)[0];
        initMmio(new MmioRegion("goldfish_rtc", 0x1000, new MmioHandler() {
            @Override
            public long read(long off, int size) {
                return readRegister((int) off) & 0xFFFF_FFFFL;
            }

            @Override
            public void write(long off, int size, long value) {
                writeRegister((int) off, (int) value);
            }
        }, 4));
    }

    @Override
    protected synchronized void onUnrealize() {
        cancelAlarm();
    }

    @Override
    protected synchronized void onResetEnter() {
        // the clock keeps running across resets, as a battery-backed clock does (QEMU keeps tick_offset)
        cancelAlarm();
        alarmNext = 0;
        alarmRunning = false;
        irqPending = false;
        irqEnabled = false;
        timeHigh = 0;
    }

    @Override
    protected synchronized void onResetHold() {
        updateIrq();
    }

    /** The guest's current time in nanoseconds since the epoch. */
    public synchronized long now() {
        return machine().realTimeNanos() + offset;
    }

    /** Reads register {@code reg}, with side effects. */
    public synchronized int readRegister(int reg) {
        return switch (reg) {
            case TIME_LOW -> {
                long t = now();
                timeHigh = (int) (t >>> 32);
                yield (int) t;
            }
            case TIME_HIGH -> timeHigh;
            case ALARM_LOW -> (int) alarmNext;
            case ALARM_HIGH -> (int) (alarmNext >>> 32);
            case IRQ_ENABLED -> irqEnabled ? 1 : 0;
            case ALARM_STATUS -> alarmRunning ? 1 : 0;
            default -> 0;
        };
    }

    /** Writes register {@code reg}. */
    public synchronized void writeRegister(int reg, int value) {
        long v = value & 0xFFFF_FFFFL;
        switch (reg) {
            case TIME_LOW -> {
                long wanted = ((long) timeHigh << 32) | v;
                offset = wanted - machine().realTimeNanos();
                if (alarmRunning) {
                    armAlarm(); // the alarm is in guest time: re-arm it for the new clock
                }
            }
            case TIME_HIGH -> timeHigh = value;
            case ALARM_LOW -> {
                alarmNext = (alarmNext & 0xFFFF_FFFF_0000_0000L) | v;
                armAlarm();
            }
            case ALARM_HIGH -> alarmNext = (alarmNext & 0xFFFF_FFFFL) | (v << 32);
            case IRQ_ENABLED -> {
                irqEnabled = (value & 1) != 0;
                updateIrq();
            }
            case CLEAR_ALARM -> {
                cancelAlarm();
                alarmRunning = false;
            }
            case CLEAR_INTERRUPT -> {
                irqPending = false;
                updateIrq();
            }
            default -> {
                // read-only or unused
            }
        }
    }

    private void armAlarm() {
        cancelAlarm();
        alarmRunning = true;
        long wait = alarmNext - now();
        if (wait <= 0) {
            fire();
            return;
        }
        alarm = machine().scheduler().schedule(this::expire, wait, TimeUnit.NANOSECONDS);
    }

    private synchronized void expire() {
        alarm = null;
        if (!alarmRunning) {
            return;
        }
        long wait = alarmNext - now();
        if (wait > 0) {
            alarm = machine().scheduler().schedule(this::expire, wait, TimeUnit.NANOSECONDS);
            return;
        }
        fire();
    }

    private void fire() {
        alarmRunning = false;
        irqPending = true;
        updateIrq();
    }

    private void cancelAlarm() {
        if (alarm != null) {
            alarm.cancel(false);
            alarm = null;
        }
    }

    private void updateIrq() {
        irq.set(irqPending && irqEnabled);
    }

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("rtc", base));
        if (irq.sink() instanceof InterruptInput in) {
            node.setCells("interrupts", in.controller().interruptCells(in.number()));
            node.setCells("interrupt-parent", ctx.phandle(in.controller()));
        }
        node.setReg(base, mmio(0).size());
        node.setString("compatible", "google,goldfish-rtc");
    }
}
