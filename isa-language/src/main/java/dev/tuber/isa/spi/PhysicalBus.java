package dev.tuber.isa.spi;

/**
 * The physical address space as a hart sees it. The machine layer implements it; the CPU never
 * knows which devices sit behind an address.
 *
 * <p>Plain memory (RAM, ROM) is handed to the CPU page by page as host addresses so that loads,
 * stores and instruction fetches take a direct path; everything else goes through {@link #read}
 * and {@link #write}.
 */
public interface PhysicalBus {

    /** Size of the pages {@link #directPage} answers for. */
    int PAGE_SIZE = 4096;

    /**
     * Returns the host address of the first byte of the 4 KiB physical page that holds {@code
     * paddr} when the CPU may access that whole page directly in host memory, or 0 when it may not
     * (device registers, holes, pages overlaid by a device, or a store to read-only memory).
     *
     * @param paddr any physical address inside the page
     * @param write whether the access is a store
     */
    long directPage(long paddr, boolean write);

    /**
     * Reads {@code size} (1, 2, 4 or 8) bytes at {@code paddr}, little-endian, zero-extended.
     *
     * @throws BusError if nothing answers at that address (the hart raises an access fault)
     */
    long read(long paddr, int size);

    /**
     * Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code value} at {@code paddr}.
     *
     * @throws BusError if nothing answers at that address (the hart raises an access fault)
     */
    void write(long paddr, int size, long value);
}
