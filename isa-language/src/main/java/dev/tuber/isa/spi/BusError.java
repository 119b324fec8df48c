package dev.tuber.isa.spi;

/**
 * Raised by {@link PhysicalBus} when no device or memory answers an access. The hart turns it into
 * an architected access-fault trap; it is never shown to a user. It carries no stack trace: it is
 * control flow, not a bug report.
 */
public final class BusError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The shared instance; the faulting address is known to the hart that made the access. */
    public static final BusError INSTANCE = new BusError();

    private BusError() {
        super("bus error", null, false, false);
    }
}
