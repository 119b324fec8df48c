package dev.tuber.machine.time;

import java.util.function.LongSupplier;

/**
 * The platform timer of a machine: {@code mtime}, counting at {@link #frequency()} Hz (10 MHz on
 * virt and spike, as QEMU's {@code RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ}) from the host's monotonic
 * clock. The {@code time} CSR of every hart and the CLINT's {@code mtime} register read it; a write
 * to {@code mtime} moves it for everyone, as QEMU's {@code time_delta} does.
 *
 * <p>Thread-safe and lock-free on reads.
 */
public final class MachineClock {
    /** Timebase of virt and spike. */
    public static final long DEFAULT_FREQUENCY = 10_000_000L;

    private final long frequency;
    private final LongSupplier nanos;
    private volatile long delta;

    /** A clock at {@code frequency} Hz driven by {@link System#nanoTime()}. */
    public MachineClock(long frequency) {
        this(frequency, System::nanoTime);
    }

    /** A clock driven by {@code nanos} (tests pass a fake time source). */
    public MachineClock(long frequency, LongSupplier nanos) {
        if (frequency <= 0 || frequency > 1_000_000_000L) {
            throw new IllegalArgumentException("timebase frequency " + frequency);
        }
        this.frequency = frequency;
        this.nanos = nanos;
        this.delta = -raw();
    }

    public long frequency() {
        return frequency;
    }

    private long raw() {
        long ns = nanos.getAsLong();
        long seconds = Math.floorDiv(ns, 1_000_000_000L);
        long rest = Math.floorMod(ns, 1_000_000_000L);
        return seconds * frequency + rest * frequency / 1_000_000_000L;
    }

    /** The current {@code mtime}. */
    public long now() {
        return raw() + delta;
    }

    /** Sets {@code mtime} to {@code ticks} from now on. */
    public void set(long ticks) {
        delta = ticks - raw();
    }

    /**
     * Host nanoseconds until {@code mtime} reaches {@code ticks} (0 if it already has), saturated
     * at {@link Long#MAX_VALUE}.
     */
    public long nanosUntil(long ticks) {
        long current = now();
        if (Long.compareUnsigned(ticks, current) <= 0) {
            return 0;
        }
        long diff = ticks - current;
        if (diff < 0) {
            return Long.MAX_VALUE; // more than 2^63 ticks away: never, in practice
        }
        double ns = (double) diff * 1e9 / frequency;
        return ns >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(ns);
    }
}
