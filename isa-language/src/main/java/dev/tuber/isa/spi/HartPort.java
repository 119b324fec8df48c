package dev.tuber.isa.spi;

/**
 * A hart as the machine layer sees it: an interrupt input, and nothing of its internal state.
 * Interrupt controllers (CLINT, PLIC) drive the bits of {@code mip} that hardware owns.
 */
public interface HartPort {

    /** {@code mip} bit of the machine software interrupt (CLINT msip). */
    int MSIP = 3;
    /** {@code mip} bit of the machine timer interrupt (CLINT mtimecmp). */
    int MTIP = 7;
    /** {@code mip} bit of the supervisor external interrupt (PLIC S-mode context). */
    int SEIP = 9;
    /** {@code mip} bit of the machine external interrupt (PLIC M-mode context). */
    int MEIP = 11;

    /** The value this hart reads from {@code mhartid}. */
    int hartId();

    /**
     * Raises or lowers a hardware interrupt line of this hart. Safe to call from any thread; the
     * hart notices at its next poll and a hart waiting in {@code wfi} wakes up.
     *
     * @param mipBit one of {@link #MSIP}, {@link #MTIP}, {@link #SEIP}, {@link #MEIP}
     */
    void setInterrupt(int mipBit, boolean level);
}
