package dev.tuber.machine.irq;

/**
 * A level-triggered interrupt line as its receiver sees it (QEMU's {@code qemu_irq}): whoever
 * drives the line calls {@link #set} with the new level. Receivers must accept repeated calls
 * with an unchanged level and calls from any thread.
 */
@FunctionalInterface
public interface IrqLine {

    /** A line that goes nowhere. */
    IrqLine NONE = level -> {
    };

    void set(boolean level);

    default void raise() {
        set(true);
    }

    default void lower() {
        set(false);
    }
}
