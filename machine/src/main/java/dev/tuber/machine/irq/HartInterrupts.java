package dev.tuber.machine.irq;

import dev.tuber.isa.spi.HartPort;

/**
 * A hart's local interrupt controller ({@code riscv,cpu-intc} in the device tree): its inputs are
 * the {@code mip} bits that hardware drives (MSIP, MTIP, SEIP, MEIP).
 *
 * <p>The board wires devices to it while the machine is built, before the harts exist; the hart's
 * {@link HartPort} is {@linkplain #bind bound} later, and levels set in between are replayed then.
 */
public final class HartInterrupts implements InterruptController {
    private final int hartId;
    private HartPort port;
    private long levels;

    public HartInterrupts(int hartId) {
        this.hartId = hartId;
    }

    public int hartId() {
        return hartId;
    }

    /** The input driving {@code mip} bit {@code mipBit} (see the constants of {@link HartPort}). */
    public InterruptInput input(int mipBit) {
        if (mipBit < 0 || mipBit > 63) {
            throw new IllegalArgumentException("mip bit " + mipBit);
        }
        return new InterruptInput(this, mipBit, level -> set(mipBit, level));
    }

    /** Connects the hart; pending levels are delivered now. */
    public synchronized void bind(HartPort hart) {
        this.port = hart;
        for (int bit = 0; bit < 64; bit++) {
            if ((levels & (1L << bit)) != 0) {
                hart.setInterrupt(bit, true);
            }
        }
    }

    /** The current level of {@code mip} bit {@code mipBit} as driven by devices. */
    public synchronized boolean level(int mipBit) {
        return (levels & (1L << mipBit)) != 0;
    }

    /*
     * Delivered under the lock so that a raise and a lower from two threads reach the hart in the
     * order they were made; HartPort.setInterrupt never calls back into the machine.
     */
    private synchronized void set(int bit, boolean level) {
        levels = level ? levels | (1L << bit) : levels & ~(1L << bit);
        if (port != null) {
            port.setInterrupt(bit, level);
        }
    }

    @Override
    public String toString() {
        return "hart " + hartId + " interrupt controller";
    }
}
