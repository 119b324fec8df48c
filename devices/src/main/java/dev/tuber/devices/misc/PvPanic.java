package dev.tuber.devices.misc;

import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * The pvpanic device, memory-mapped ({@code "qemu,pvpanic-mmio"}, Linux's {@code pvpanic-mmio}
 * driver): one byte register through which a guest reports that it panicked.
 *
 * <ul>
 * <li>read: the events the device supports ({@code events}, by default {@link #PANICKED} |
 * {@link #CRASH_LOADED});
 * <li>write: the events that happened. {@link #PANICKED} makes the machine handle a guest panic
 * ({@link dev.tuber.machine.Machine#guestPanicked}: console tail on standard error, then the
 * panic action, by default the end of the run with status 1); {@link #CRASH_LOADED} (a crash
 * kernel takes over) is only reported.
 * </ul>
 *
 * Events the device does not support are ignored, as in QEMU's pvpanic.
 */
public final class PvPanic extends SysBusDevice {
    /** The guest panicked. */
    public static final int PANICKED = 1;
    /** The guest loaded a crash kernel (kdump) after a panic. */
    public static final int CRASH_LOADED = 2;

    public static final Property<Long> EVENTS = Property.uint8("events", PANICKED | CRASH_LOADED,
                    "events the guest may report (bit 0: panicked, bit 1: crash kernel loaded)");

    public static final DeviceType<PvPanic> TYPE = DeviceType.builder("pvpanic-mmio", PvPanic::new)
                    .description("pvpanic device, memory-mapped: guest panic notification")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    .properties(EVENTS)
                    .notUserCreatable("the board maps it at a fixed address")
                    .build();

    /** Size of the register window (QEMU's pvpanic registers take two bytes). */
    public static final int SIZE = 2;

    private int events;
    private volatile boolean crashLoadedReported;

    private PvPanic(DeviceType<PvPanic> type) {
        super(type);
    }

    @Override
    protected void onRealize() {
        events = getInt(EVENTS) & (PANICKED | CRASH_LOADED);
        initMmio(new MmioRegion("pvpanic", SIZE, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return offset == 0 ? events : 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0) {
                    event((int) value & events);
                }
            }
        }, 1));
    }

    private void event(int happened) {
        if ((happened & PANICKED) != 0) {
            machine().guestPanicked();
        } else if ((happened & CRASH_LOADED) != 0 && !crashLoadedReported) {
            crashLoadedReported = true;
            machine().warn("the guest reports that it loaded a crash kernel after a panic");
        }
    }

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("pvpanic", base));
        node.setReg(base, SIZE);
        node.setString("compatible", "qemu,pvpanic-mmio");
    }
}
