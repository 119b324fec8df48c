package dev.tuber.machine.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A raw image file ({@code format=raw}, {@code driver=file}): guest sector N is byte {@code N*512}
 * of the file. Opened read-only or read-write; {@code writethrough} flushes after every write.
 */
public final class RawFileBackend implements BlockBackend {
    private final Path path;
    private final String name;
    private final FileChannel channel;
    private final boolean readOnly;
    private final boolean writethrough;
    private final long size;

    /**
     * Opens {@code path}.
     *
     * @param name the file name as the user wrote it, for messages
     * @throws IOException if the file cannot be opened in the requested mode
     */
    public RawFileBackend(Path path, String name, boolean readOnly, boolean writethrough) throws IOException {
        this.path = path;
        this.name = name;
        this.readOnly = readOnly;
        this.writethrough = writethrough;
        this.channel = readOnly ? FileChannel.open(path, StandardOpenOption.READ)
                        : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.size = channel.size();
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public void read(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
        BlockBackend.checkRange(this, offset, length);
        ByteBuffer b = ByteBuffer.wrap(buffer, bufferOffset, length);
        long at = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n < 0) {
                // the file shrank under us: what is missing reads as zeros
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
                break;
            }
            at += n;
        }
    }

    @Override
    public void write(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
        if (readOnly) {
            throw new IOException(name + " is read-only");
        }
        BlockBackend.checkRange(this, offset, length);
        ByteBuffer b = ByteBuffer.wrap(buffer, bufferOffset, length);
        long at = offset;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
        if (writethrough) {
            channel.force(false);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(false);
        }
    }

    @Override
    public String describe() {
        return "'" + name + "'";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
