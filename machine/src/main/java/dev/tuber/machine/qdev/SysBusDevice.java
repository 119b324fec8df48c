package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.List;

import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.MmioRegion;

/**
 * A device on the system bus (QEMU's {@code SysBusDevice}): it exposes register windows and
 * interrupt outputs, and the board decides where the windows appear ({@link #mapMmio}) and where
 * the outputs go ({@link #irq}{@code .connect(...)}), from its memory map.
 */
public abstract class SysBusDevice extends Device {
    /** Name of the unnamed interrupt outputs of system-bus devices. */
    public static final String IRQ = "irq";

    private final List<MmioRegion> regions = new ArrayList<>();
    private final List<Long> mappedAt = new ArrayList<>();
    private final List<Boolean> overlay = new ArrayList<>();
    private IrqOutput[] irqs = new IrqOutput[0];

    protected SysBusDevice(DeviceType<?> type) {
        super(type);
    }

    /** Declares a register window (in the constructor or in {@code onRealize}); returns its index. */
    protected final int initMmio(MmioRegion region) {
        regions.add(region);
        mappedAt.add(-1L);
        overlay.add(false);
        return regions.size() - 1;
    }

    /** Declares {@code count} interrupt outputs, numbered from 0 ({@code sysbus_init_irq}). */
    protected final IrqOutput[] initIrqs(int count) {
        irqs = addIrqOutputs(IRQ, count);
        return irqs;
    }

    public final int mmioCount() {
        return regions.size();
    }

    public final MmioRegion mmio(int index) {
        return regions.get(index);
    }

    /** Where window {@code index} is mapped, or -1. */
    public final long mmioAddress(int index) {
        return mappedAt.get(index);
    }

    /** Maps window {@code index} at {@code base} in the machine's address space. */
    public final void mapMmio(int index, long base) {
        requireRealized();
        machine().memory().addMmio(base, regions.get(index));
        mappedAt.set(index, base);
    }

    /** Maps window {@code index} at {@code base} on top of RAM (an overlay; see {@code AddressSpace}). */
    public final void mapMmioOverlay(int index, long base) {
        mapMmioOverlay(index, base, false);
    }

    /**
     * Maps window {@code index} at {@code base} on top of RAM; with {@code readMirrored} the device
     * promises to keep the RAM beneath equal to its registers, so loads and fetches of the page stay
     * direct and only stores reach the device (see {@code AddressSpace#addOverlay(long, MmioRegion, boolean)}).
     */
    public final void mapMmioOverlay(int index, long base, boolean readMirrored) {
        requireRealized();
        machine().memory().addOverlay(base, regions.get(index), readMirrored);
        mappedAt.set(index, base);
        overlay.set(index, true);
    }

    /** Whether window {@code index} is mapped as an overlay on memory. */
    public final boolean isOverlay(int index) {
        return overlay.get(index);
    }

    /** Interrupt output {@code n}. */
    public final IrqOutput irq(int n) {
        return irqOutput(IRQ, n);
    }

    public final int irqCount() {
        return irqs.length;
    }

    private void requireRealized() {
        if (!isRealized()) {
            throw new IllegalStateException(describe() + " must be realized before it is mapped");
        }
    }
}
