package dev.tuber.machine.chardev;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code -chardev file,path=F} and {@code -serial file:F}: guest output is written to a file
 * (truncated unless {@code append=on}), unbuffered as QEMU writes it; there is no input.
 */
public final class FileChardev extends Chardev {
    private final OutputStream out;
    private boolean failed;

    /**
     * Opens the file.
     *
     * @throws IOException if it cannot be created or written
     */
    public FileChardev(String id, Path path, boolean append) throws IOException {
        super(id);
        this.out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public String kind() {
        return "file";
    }

    @Override
    protected synchronized void output(byte[] data, int offset, int length) {
        if (failed) {
            return;
        }
        try {
            out.write(data, offset, length);
        } catch (IOException e) {
            failed = true; // a full disk must not stop the guest: output is dropped from now on
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
