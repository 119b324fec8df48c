package dev.tuber.machine.block;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.options.QemuOpts;

/**
 * The block back ends of a machine, from {@code -drive} and {@code -blockdev} arguments in QEMU's
 * syntax:
 *
 * <ul>
 * <li>{@code -drive file=F[,if=none|virtio][,id=ID][,format=raw][,readonly=on][,snapshot=on]
 * [,cache=writeback|writethrough|none|directsync|unsafe][,media=disk|cdrom][,index=N]};
 * <li>{@code -blockdev driver=file,node-name=N,filename=F[,read-only=on]} and {@code -blockdev
 * driver=raw,node-name=N,file=NODE} (or with a nested {@code file.driver=file,file.filename=F}).
 * </ul>
 *
 * Only raw images exist so far; {@code format=qcow2} says so. Which interfaces a board supports
 * is the board's business ({@link #drivesOn}).
 */
public final class Drives {
    private static final List<String> IGNORED_DRIVE_KEYS = List.of("aio", "discard", "detect-zeroes", "werror", "rerror", "bus", "unit");

    private final Function<String, Path> resolve;
    private final String defaultInterface;
    private final OutputStream warnings;
    private final Map<String, Drive> byId = new LinkedHashMap<>();
    private final Map<String, BlockBackend> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> nextIndex = new LinkedHashMap<>();

    /**
     * @param defaultInterface the board's {@code if=} default ({@code virtio} on virt, as QEMU)
     * @param warnings where warnings go (the host's standard error)
     */
    public Drives(Function<String, Path> resolve, String defaultInterface, OutputStream warnings) {
        this.resolve = resolve;
        this.defaultInterface = defaultInterface;
        this.warnings = warnings;
    }

    /** The drive or top-level block node called {@code id}, or null. */
    public synchronized Drive find(String id) {
        return byId.get(id);
    }

    public synchronized List<Drive> all() {
        return List.copyOf(byId.values());
    }

    /** The drives of {@code -drive if=interfaceType}, in index order. */
    public synchronized List<Drive> drivesOn(String interfaceType) {
        List<Drive> out = new ArrayList<>();
        for (Drive d : byId.values()) {
            if (d.interfaceType().equals(interfaceType)) {
                out.add(d);
            }
        }
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** Creates a drive from a {@code -drive} argument. */
    public synchronized Drive addDrive(String text) {
        QemuOpts o = QemuOpts.parse("-drive", text, null);
        String iface = o.get("if", defaultInterface);
        if (!List.of("none", "virtio", "ide", "scsi", "sd", "mtd", "floppy", "pflash", "xen").contains(iface)) {
            throw o.error("unsupported bus type '" + iface + "'");
        }
        String media = o.get("media", "disk");
        if (!media.equals("disk") && !media.equals("cdrom")) {
            throw o.error("'" + media + "' invalid media");
        }
        boolean cdrom = media.equals("cdrom");
        int index = (int) o.getUnsigned("index", -1, Integer.MAX_VALUE);
        if (index < 0) {
            index = nextIndex.getOrDefault(iface, 0);
        }
        nextIndex.merge(iface, index + 1, Math::max);
        String id = o.get("id");
        if (id == null) {
            id = iface + (cdrom ? "-cd" : "") + index;
        } else if (!id.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw o.error("Parameter 'id' expects an identifier, not '" + id + "'");
        }
        if (byId.containsKey(id) || nodes.containsKey(id)) {
            throw o.error("Duplicate ID '" + id + "' for drive");
        }
        String file = o.get("file");
        if (file == null || file.isEmpty()) {
            throw o.error("a drive needs file=F (empty removable drives are not supported)");
        }
        String format = o.get("format");
        if (format == null) {
            warn("Image format was not specified for '" + file + "' and probing guessed raw.\n"
                            + "         Automatically detecting the format is dangerous for raw images, write operations on block 0 will be restricted.\n"
                            + "         Specify the 'raw' format explicitly to remove the restrictions.");
            format = "raw";
        }
        checkFormat(o, format);
        boolean readOnly = o.getBool("readonly", false) || cdrom;
        boolean snapshot = o.getBool("snapshot", false);
        String cache = o.get("cache", "writeback");
        if (!List.of("writeback", "writethrough", "none", "directsync", "unsafe").contains(cache)) {
            throw o.error("invalid cache option '" + cache + "'");
        }
        for (String k : IGNORED_DRIVE_KEYS) {
            o.get(k);
        }
        o.checkAllUsed();
        boolean writethrough = cache.equals("writethrough") || cache.equals("directsync");
        BlockBackend backend = openFile(o, file, readOnly || snapshot, writethrough);
        if (cache.equals("unsafe")) {
            backend = new NoFlush(backend);
        }
        if (snapshot && !readOnly) {
            backend = new CopyOnWriteOverlay(backend);
        }
        Drive d = new Drive(id, backend, iface, index, cdrom);
        byId.put(id, d);
        return d;
    }

    /** Creates a block node from a {@code -blockdev} argument. */
    public synchronized Drive addBlockdev(String text) {
        if (text.trim().startsWith("{")) {
            throw new BoardException("-blockdev " + text + ": the JSON syntax is not supported yet; use driver=...,node-name=...");
        }
        QemuOpts o = QemuOpts.parse("-blockdev", text, null);
        String name = o.get("node-name");
        if (name == null) {
            throw o.error("A top-level -blockdev needs a node-name");
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw o.error("Invalid node-name: '" + name + "'");
        }
        if (byId.containsKey(name) || nodes.containsKey(name)) {
            throw o.error("Duplicate nodes with node-name='" + name + "'");
        }
        BlockBackend backend = blockNode(o, "");
        o.checkAllUsed();
        nodes.put(name, backend);
        Drive d = new Drive(name, backend, "none", 0, false);
        byId.put(name, d);
        return d;
    }

    /** One node of a {@code -blockdev} description; {@code prefix} is {@code ""} or {@code file.}. */
    private BlockBackend blockNode(QemuOpts o, String prefix) {
        String driver = o.get(prefix + "driver");
        if (driver == null) {
            throw o.error("Parameter '" + prefix + "driver' is missing");
        }
        boolean readOnly = o.getBool(prefix + "read-only", false);
        o.getBool(prefix + "auto-read-only", false);
        o.getBool(prefix + "cache.direct", false);
        boolean noFlush = o.getBool(prefix + "cache.no-flush", false);
        o.get(prefix + "discard");
        o.get(prefix + "locking");
        return switch (driver) {
            case "file" -> {
                BlockBackend f = openFile(o, o.require(prefix + "filename"), readOnly, false);
                yield noFlush ? new NoFlush(f) : f;
            }
            case "raw" -> {
                String child = o.get(prefix + "file");
                if (child != null) {
                    BlockBackend node = nodes.remove(child);
                    if (node == null) {
                        throw o.error("Cannot find device='' nor node-name='" + child + "'");
                    }
                    byId.remove(child);
                    if (readOnly && !node.isReadOnly()) {
                        throw o.error("read-only raw node over writable node '" + child + "' (open the file node read-only too)");
                    }
                    yield node;
                }
                if (!o.has(prefix + "file.driver")) {
                    throw o.error("Parameter '" + prefix + "file' is missing");
                }
                yield blockNode(o, prefix + "file.");
            }
            case "qcow2" -> throw o.error("the qcow2 format is not supported yet (only raw images)");
            default -> throw o.error("Unknown driver '" + driver + "'");
        };
    }

    private static void checkFormat(QemuOpts o, String format) {
        switch (format) {
            case "raw" -> {
            }
            case "qcow2", "qcow", "vmdk", "vdi", "vhdx", "vpc", "qed" ->
                throw o.error("the " + format + " format is not supported yet (only raw images)");
            default -> throw o.error("Unknown driver '" + format + "'");
        }
    }

    private BlockBackend openFile(QemuOpts o, String name, boolean readOnly, boolean writethrough) {
        Path p = resolve.apply(name);
        if (Files.isDirectory(p)) {
            throw o.error("Could not open '" + name + "': Is a directory");
        }
        try {
            return new RawFileBackend(p, name, readOnly, writethrough);
        } catch (NoSuchFileException e) {
            throw o.error("Could not open '" + name + "': No such file or directory");
        } catch (AccessDeniedException e) {
            throw o.error("Could not open '" + name + "': Permission denied" + (readOnly ? "" : " (add readonly=on to use it read-only)"));
        } catch (IOException e) {
            throw o.error("Could not open '" + name + "': " + e.getMessage());
        }
    }

    private void warn(String message) {
        try {
            warnings.write(("warning: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            warnings.flush();
        } catch (IOException e) {
            // warnings are best effort
        }
    }

    /** Writes every drive's data back (Ctrl-A s, orderly shutdown). */
    public synchronized void flushAll() {
        for (Drive d : byId.values()) {
            try {
                d.backend().flush();
            } catch (IOException e) {
                warn("could not flush " + d.describe() + ": " + e.getMessage());
            }
        }
    }

    /** Flushes and closes every back end. */
    public synchronized void close() {
        flushAll();
        for (Drive d : byId.values()) {
            try {
                d.backend().close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
        for (BlockBackend b : nodes.values()) {
            try {
                b.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
        byId.clear();
        nodes.clear();
    }

    /** {@code cache.no-flush=on}: flushes are dropped (QEMU's {@code cache=unsafe}). */
    private record NoFlush(BlockBackend inner) implements BlockBackend {
        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public boolean isReadOnly() {
            return inner.isReadOnly();
        }

        @Override
        public void read(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
            inner.read(offset, buffer, bufferOffset, length);
        }

        @Override
        public void write(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
            inner.write(offset, buffer, bufferOffset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
