package dev.tuber.isa.spi;

/**
 * A machine as the CPU sees it: its physical bus, its harts' reset state and its time base. A
 * {@link BoardProvider} creates it from a {@link BoardConfig}; the language creates the harts,
 * {@linkplain #connect connects} them and runs them.
 */
public interface Board {

    /** The physical address space every hart uses. */
    PhysicalBus bus();

    /** Number of harts to create (QEMU's {@code -smp}). */
    int hartCount();

    /**
     * Hands the board the harts' interrupt inputs, once, before any hart runs. Interrupt
     * controllers keep them.
     */
    void connect(HartPort[] harts);

    /** Reset state of a hart: where it starts and what its argument registers hold. */
    HartReset resetState(int hartId);

    /**
     * The platform timer in ticks of {@link #timebaseFrequency()} Hz; the {@code time} CSR reads
     * it. Monotonic and shared by all harts.
     */
    long readTime();

    /** Frequency of {@link #readTime()} in Hz (10 MHz on virt and spike, as in QEMU). */
    long timebaseFrequency();

    /** Resets devices to their power-on state (system reset); memory contents are reloaded. */
    void reset();

    /** Releases host resources (threads, files, memory). Called once when the context closes. */
    void close();
}
