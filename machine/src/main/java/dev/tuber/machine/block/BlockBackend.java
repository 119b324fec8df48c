package dev.tuber.machine.block;

import java.io.IOException;

/**
 * A block back end: a byte-addressed image a storage device reads and writes (QEMU's block
 * layer, much simplified). Back ends stack: a {@link CopyOnWriteOverlay} over a base image gives
 * {@code snapshot=on}; a qcow2 reader will stack over a file the same way.
 *
 * <p>Implementations are thread-safe. A device offers the guest only what the back end can do:
 * a read-only back end means a read-only disk, no flush means no volatile write cache.
 */
public interface BlockBackend extends AutoCloseable {

    /** The image size in bytes. */
    long size();

    /** Whether writes are refused. */
    boolean isReadOnly();

    /**
     * Reads {@code length} bytes at {@code offset}.
     *
     * @throws IOException for host errors and for ranges beyond {@link #size()}
     */
    void read(long offset, byte[] buffer, int bufferOffset, int length) throws IOException;

    /**
     * Writes {@code length} bytes at {@code offset}.
     *
     * @throws IOException for host errors, ranges beyond {@link #size()} and read-only back ends
     */
    void write(long offset, byte[] buffer, int bufferOffset, int length) throws IOException;

    /** Makes written data durable. */
    void flush() throws IOException;

    /** For messages: the file name or a description of the stack. */
    String describe();

    @Override
    void close() throws IOException;

    /** Checks that {@code [offset, offset+length)} lies inside an image of {@code size} bytes. */
    static void checkRange(BlockBackend b, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > b.size() - length) {
            throw new IOException("access [" + offset + ", +" + length + ") beyond the end of " + b.describe() + " (" + b.size() + " bytes)");
        }
    }
}
