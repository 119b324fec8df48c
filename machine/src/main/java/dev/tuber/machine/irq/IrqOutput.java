package dev.tuber.machine.irq;

/**
 * An interrupt output of a device (QEMU's GPIO out): the device drives it, the board connects it
 * to an input. It remembers its level, so a line raised before it was connected (during reset, say)
 * is delivered when the connection is made.
 */
public final class IrqOutput implements IrqLine {
    private final String name;
    private IrqLine sink = IrqLine.NONE;
    private boolean level;

    public IrqOutput(String name) {
        this.name = name;
    }

    /** The output's name, e.g. {@code mtip[0]}. */
    public String name() {
        return name;
    }

    /** Connects the output to {@code target} and passes it the current level. */
    public synchronized void connect(IrqLine target) {
        this.sink = target == null ? IrqLine.NONE : target;
        sink.set(level);
    }

    /** Where the output goes ({@link IrqLine#NONE} when unconnected). */
    public synchronized IrqLine sink() {
        return sink;
    }

    public synchronized boolean level() {
        return level;
    }

    public synchronized boolean isConnected() {
        return sink != IrqLine.NONE;
    }

    /*
     * Forwarded under the lock, so that levels arrive in the order they were set. Interrupt
     * controllers never call back into the devices that drive them, so the lock order (device,
     * output, controller, hart) has no cycle.
     */
    @Override
    public synchronized void set(boolean newLevel) {
        level = newLevel;
        sink.set(newLevel);
    }

    @Override
    public String toString() {
        return name + "=" + (level ? 1 : 0);
    }
}
