package dev.tuber.machine.irq;

/**
 * Something interrupt lines end at: a PLIC, a hart's local interrupt controller. It describes its
 * inputs for the device tree, so that a device can write {@code interrupts-extended} (or {@code
 * interrupt-parent} and {@code interrupts}) from the way it is wired rather than from numbers a
 * board repeats.
 */
public interface InterruptController {

    /**
     * The cells that name input {@code number} in an {@code interrupts} property, as many as the
     * controller's {@code #interrupt-cells}. One cell with the number by default.
     */
    default int[] interruptCells(int number) {
        return new int[] {number};
    }
}
