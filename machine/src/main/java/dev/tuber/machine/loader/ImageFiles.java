package dev.tuber.machine.loader;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.tuber.isa.spi.BoardException;

/** Reads image files (kernels, firmware, initrds, device trees) with one-line errors. */
public final class ImageFiles {
    /** Images larger than this cannot be held in a Java array. */
    public static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    private ImageFiles() {
    }

    /**
     * Reads {@code path} whole.
     *
     * @param role what the file is for messages ({@code kernel}, {@code firmware}, {@code initrd})
     * @param name the file name as the user wrote it
     * @throws BoardException e.g. {@code could not open kernel file 'x': No such file}
     */
    public static byte[] read(Path path, String role, String name) {
        String prefix = "could not open " + role + " file '" + name + "': ";
        if (Files.isDirectory(path)) {
            throw new BoardException(prefix + "Is a directory");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_SIZE) {
                throw new BoardException(prefix + "file too large (" + size + " bytes)");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BoardException(prefix + "No such file");
        } catch (AccessDeniedException e) {
            throw new BoardException(prefix + "Permission denied");
        } catch (IOException e) {
            throw new BoardException(prefix + e.getMessage());
        }
    }
}
