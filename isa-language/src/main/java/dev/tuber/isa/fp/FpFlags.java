package dev.tuber.isa.fp;

/**
 * Accumulator for RISC-V floating-point exception flags ({@code fflags}).
 *
 * <p>Every {@link SoftFloat} operation ORs the flags it raises into {@link #flags}; it never clears
 * them. The bit assignment is the one of the {@code fflags} CSR: {@link SoftFloat#NX} (inexact),
 * {@link SoftFloat#UF} (underflow), {@link SoftFloat#OF} (overflow), {@link SoftFloat#DZ} (divide by
 * zero) and {@link SoftFloat#NV} (invalid operation).
 */
public final class FpFlags {
    /** The accrued exception flags, RISC-V {@code fflags} bit layout. */
    public int flags;

    @Override
    public String toString() {
        return SoftFloat.flagsToString(flags);
    }
}
