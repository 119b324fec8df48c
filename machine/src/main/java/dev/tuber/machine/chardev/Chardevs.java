package dev.tuber.machine.chardev;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.options.QemuOpts;

/**
 * The character back ends of a machine, from {@code -chardev} and {@code -serial} arguments in
 * QEMU's syntax:
 *
 * <ul>
 * <li>{@code -chardev stdio,id=ID[,mux=on][,signal=on|off]}, {@code -chardev null,id=ID}, {@code
 * -chardev file,id=ID,path=F[,append=on]};
 * <li>{@code -serial stdio | mon:stdio | null | none | file:F | chardev:ID}; the back end of
 * {@code -serial} number N is called {@code serialN}.
 * </ul>
 *
 * Other QEMU back ends (sockets, pty, vc) are rejected with a message saying so.
 */
public final class Chardevs {
    /** The back ends that can be created, for {@code -chardev help}. */
    public static final List<String> BACKENDS = List.of("file", "null", "stdio");
    private static final List<String> QEMU_ONLY = List.of("socket", "pty", "vc", "serial", "tty", "pipe", "ringbuf", "memory",
                    "udp", "parallel", "msmouse", "wctablet", "braille", "testdev", "spicevmc", "spiceport", "qemu-vdagent", "dbus");

    private final MachineHost host;
    private final Function<String, Path> resolve;
    private final StdioChardev.MuxActions muxActions;
    private final Map<String, Chardev> byId = new LinkedHashMap<>();
    private final List<Chardev> serials = new ArrayList<>();
    private String stdioUser;

    /**
     * @param resolve turns a user's file name into a path (relative names against the working
     *     directory)
     * @param muxActions what Ctrl-A escapes of a multiplexed stdio act on
     */
    public Chardevs(MachineHost host, Function<String, Path> resolve, StdioChardev.MuxActions muxActions) {
        this.host = host;
        this.resolve = resolve;
        this.muxActions = muxActions;
    }

    /** {@code -chardev help}. */
    public static String help() {
        StringBuilder sb = new StringBuilder("Available chardev backend types:\n");
        BACKENDS.forEach(b -> sb.append("  ").append(b).append('\n'));
        return sb.toString();
    }

    /** The back end called {@code id}, or null. */
    public synchronized Chardev find(String id) {
        return byId.get(id);
    }

    public synchronized List<Chardev> all() {
        return List.copyOf(byId.values());
    }

    /** The back end of {@code -serial} number {@code index}, or null ({@code none}, or absent). */
    public synchronized Chardev serial(int index) {
        return index < serials.size() ? serials.get(index) : null;
    }

    /** Creates a back end from a {@code -chardev} argument. */
    public synchronized Chardev addFromOptions(String text) {
        QemuOpts o = QemuOpts.parse("-chardev", text, "backend");
        String backend = o.get("backend");
        if (backend == null) {
            throw o.error("chardev: no backend specified");
        }
        String id = o.get("id");
        if (id == null) {
            throw o.error("chardev: no id specified");
        }
        if (!id.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw o.error("Parameter 'id' expects an identifier, not '" + id + "'");
        }
        if (byId.containsKey(id)) {
            throw o.error("duplicate chardev id '" + id + "'");
        }
        Chardev c = switch (backend) {
            case "stdio" -> {
                boolean mux = o.getBool("mux", false);
                o.getBool("signal", true); // Ctrl-C handling is the launcher's; accepted for compatibility
                yield stdio(o, id, mux);
            }
            case "null" -> new NullChardev(id);
            case "file" -> file(o, id, o.require("path"), o.getBool("append", false));
            default -> throw unsupported(o, backend);
        };
        o.checkAllUsed();
        byId.put(id, c);
        return c;
    }

    /**
     * Creates the back end of the next {@code -serial} argument. Returns null for {@code none}
     * (the port exists but has no back end).
     */
    public synchronized Chardev addSerial(String spec) {
        String id = "serial" + serials.size();
        QemuOpts o = QemuOpts.parse("-serial", spec, null);
        Chardev c;
        if (spec.equals("none")) {
            c = null;
        } else if (spec.equals("stdio")) {
            c = stdio(o, id, false);
        } else if (spec.equals("mon:stdio")) {
            c = stdio(o, id, true);
        } else if (spec.equals("null")) {
            c = new NullChardev(id);
        } else if (spec.startsWith("file:")) {
            c = file(o, id, spec.substring(5), false);
        } else if (spec.startsWith("chardev:")) {
            String ref = spec.substring(8);
            c = byId.get(ref);
            if (c == null) {
                throw o.error("chardev '" + ref + "' not found (define it with -chardev ...,id=" + ref + ")");
            }
            serials.add(c);
            return c;
        } else {
            String kind = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
            if (kind.equals("mon")) {
                throw o.error("only mon:stdio is supported (there is no monitor on other back ends)");
            }
            if (QEMU_ONLY.contains(kind) || List.of("tcp", "telnet", "unix", "websocket").contains(kind)) {
                throw o.error("serial back end '" + kind + "' is not supported yet (supported: stdio, mon:stdio, null, none, file:F, chardev:ID)");
            }
            throw o.error("'" + spec + "' is not a valid char driver");
        }
        serials.add(c);
        if (c != null) {
            byId.putIfAbsent(id, c);
        }
        return c;
    }

    private Chardev stdio(QemuOpts o, String id, boolean mux) {
        if (stdioUser != null) {
            throw o.error("cannot use stdio by multiple character devices (already used by '" + stdioUser + "')");
        }
        stdioUser = id;
        return new StdioChardev(id, host.in(), host.out(), mux ? muxActions : null);
    }

    private Chardev file(QemuOpts o, String id, String name, boolean append) {
        if (name.isEmpty()) {
            throw o.error("chardev: file: no filename given");
        }
        try {
            return new FileChardev(id, resolve.apply(name), append);
        } catch (NoSuchFileException e) {
            throw o.error("Could not open '" + name + "': No such file or directory");
        } catch (AccessDeniedException e) {
            throw o.error("Could not open '" + name + "': Permission denied");
        } catch (IOException e) {
            throw o.error("Could not open '" + name + "': " + e.getMessage());
        }
    }

    private static BoardException unsupported(QemuOpts o, String backend) {
        if (QEMU_ONLY.contains(backend)) {
            return o.error("chardev back end '" + backend + "' is not supported yet (supported: " + String.join(", ", BACKENDS) + ")");
        }
        return o.error("'" + backend + "' is not a valid char driver name (supported: " + String.join(", ", BACKENDS) + ")");
    }

    /** Closes every back end. */
    public synchronized void close() {
        java.util.Set<Chardev> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(byId.values());
        serials.stream().filter(java.util.Objects::nonNull).forEach(all::add);
        all.forEach(Chardev::close);
    }
}
