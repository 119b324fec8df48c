package dev.tuber.machine.irq;

/**
 * An input of an interrupt controller: a line that also knows where it ends, for the device tree.
 *
 * @param controller the controller owning the input
 * @param number the input's number on that controller (the PLIC source, the {@code mip} bit)
 * @param handler what happens when the level changes
 */
public record InterruptInput(InterruptController controller, int number, IrqLine handler) implements IrqLine {

    @Override
    public void set(boolean level) {
        handler.set(level);
    }
}
