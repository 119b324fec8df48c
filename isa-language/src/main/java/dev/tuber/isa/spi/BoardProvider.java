package dev.tuber.isa.spi;

/**
 * Service the machine layer registers so that the language can build the board named by the
 * {@code riscv64.Machine} option.
 */
public interface BoardProvider {

    /**
     * Creates a board, or returns {@code null} when this provider does not know {@code
     * config.machineName()}.
     *
     * @throws BoardException for any user-visible configuration problem (unknown device, missing
     *     file, memory too small, ...)
     */
    Board create(BoardConfig config, MachineHost host);

    /** Names and one-line descriptions of the boards this provider builds, for {@code -M help}. */
    java.util.Map<String, String> boards();
}
