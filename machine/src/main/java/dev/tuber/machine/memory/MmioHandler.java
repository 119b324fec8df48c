package dev.tuber.machine.memory;

/**
 * The registers of a device as the bus sees them. Called from any hart thread, concurrently:
 * implementations synchronise their own state.
 *
 * <p>Offsets are relative to the start of the {@link MmioRegion}; sizes are those the region
 * accepts ({@link MmioRegion#validSizes()}); the bus has already rejected the others. A handler
 * may throw {@link dev.tuber.isa.spi.BusError#INSTANCE} for an access the device does not decode
 * (a hole in its window, a size one register refuses): the hart takes an access fault, as QEMU
 * reports {@code MEMTX_DECODE_ERROR}.
 */
public interface MmioHandler {

    /** Reads {@code size} bytes at {@code offset}, little-endian, zero-extended. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(long offset, int size, long value);
}
