package dev.tuber.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * The {@code tuber} command. Translates QEMU's command line into options of the {@code riscv64}
 * language, evaluates the machine in a polyglot context, and exits with the guest's status.
 * Mistakes on the command line or in images end in one line on standard error and status 1.
 */
public final class Main {
    static final String LANGUAGE = "riscv64";
    static final String BOOT_MIME = "text/x-riscv64-machine";
    static final String VERSION = "0.1.0";

    private Main() {
    }

    /**
     * System property naming a file of further command lines (one per line, arguments separated by
     * tabs) that {@link #main} runs after its own, in the same JVM, with no input; the exit status
     * stays the first run's. For build/runtime's AOT training run, which records what one JVM
     * runs: the default guest and bench-3000 (Graal compiling their hot loops) and a Linux boot
     * (the interpreter's paths through the MMU, traps and devices).
     */
    static final String TRAINING_RUNS = "tuber.aotTrainingRuns";

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, null);
        String more = System.getProperty(TRAINING_RUNS);
        if (more != null) {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(more))) {
                    if (!line.isBlank()) {
                        int s = run(line.split("\t"), InputStream.nullInputStream(), System.out, System.err, null);
                        System.out.flush();
                        System.err.println("tuber: training run exited with status " + s + ": " + line.replace('\t', ' '));
                    }
                }
            } catch (IOException e) {
                System.err.println("tuber: cannot read the training runs: " + e.getMessage());
            }
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs the command line and returns the exit status.
     *
     * @param engine an engine to share compiled code between runs (tests), or null
     */
    public static int run(String[] args, InputStream in, OutputStream out, PrintStream err, Engine engine) {
        QemuCommandLine cl;
        try {
            cl = QemuCommandLine.parse(args);
        } catch (QemuCommandLine.UsageException e) {
            err.println("tuber: " + e.getMessage());
            err.println("Try 'tuber -help' for more information.");
            return 1;
        }
        if (cl.has("help")) {
            PrintStream ps = new PrintStream(out, true);
            ps.print(QemuCommandLine.usage());
            ps.flush();
            return 0;
        }
        if (cl.has("version")) {
            PrintStream ps = new PrintStream(out, true);
            ps.println("Tuber version " + VERSION + " (riscv64 Truffle language; polyglot " + polyglotVersion() + ")");
            ps.flush();
            return 0;
        }
        Map<String, String> options;
        try {
            options = languageOptions(cl, args.length == 0, out);
        } catch (QemuCommandLine.UsageException e) {
            err.println("tuber: " + e.getMessage());
            return 1;
        }
        if (options == null) {
            return 0; // an informational option (-cpu help) was answered
        }
        Source source;
        try {
            source = args.length == 0 ? demoSource() : Source.newBuilder(LANGUAGE, "", "machine").mimeType(BOOT_MIME).build();
        } catch (IOException e) {
            err.println("tuber: cannot read the built-in demo guest: " + e.getMessage());
            return 1;
        }
        Context.Builder builder = Context.newBuilder(LANGUAGE).in(in).out(out).err(err).options(options)
                        .allowExperimentalOptions(true).allowCreateThread(true);
        if (engine != null) {
            builder.engine(engine);
        } else {
            builder.options(engineOptions(cl));
        }
        try (Context context = builder.build()) {
            Value status = context.eval(source);
            return status.asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            if (e.isCancelled() || e.isInterrupted()) {
                err.println("tuber: interrupted");
                return 130;
            }
            if (e.isInternalError()) {
                err.println("tuber: internal error: " + e.getMessage());
                e.printStackTrace(err);
                return 70;
            }
            err.println("tuber: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("tuber: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The polyglot API's version, as its jar records it. Not the package's implementation version:
     * a package of a named module has none unless the JVM restored it from an AOT cache (without
     * the cache this printed "null"); and GraalVM's home finder says "snapshot" on a stock JDK.
     */
    static String polyglotVersion() {
        try (InputStream in = Engine.class.getModule().getResourceAsStream("META-INF/graalvm/org.graalvm.polyglot/version")) {
            if (in != null) {
                String v = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                if (!v.isEmpty()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String v = Engine.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }

    /** The built-in demo guest: a bare-metal program for the virt board built from guests/baremetal/demo. */
    static Source demoSource() throws IOException {
        try (InputStream demo = Main.class.getResourceAsStream("demo.elf")) {
            if (demo == null) {
                throw new IOException("demo.elf is missing from the launcher");
            }
            return Source.newBuilder(LANGUAGE, ByteSequence.create(demo.readAllBytes()), "demo.elf").build();
        }
    }

    /** Whether the script found the Graal compiler (./tuber sets tuber.jit=false when it did not). */
    static boolean jitAvailable() {
        return !"false".equals(System.getProperty("tuber.jit"));
    }

    static Map<String, String> engineOptions(QemuCommandLine cl) {
        Map<String, String> o = new LinkedHashMap<>(cl.polyglotOptions);
        // without the compiler, Truffle's fallback runtime has no compilation options at all
        if (cl.has("interpreter") && jitAvailable()) {
            o.put("engine.Compilation", "false");
        }
        if (cl.has("trace-compilation") && jitAvailable()) {
            o.put("engine.TraceCompilation", "true");
        }
        if (!o.containsKey("engine.WarnInterpreterOnly")) {
            o.put("engine.WarnInterpreterOnly", "false");
        }
        return o;
    }

    /** The riscv64.* options for this command line; null if an informational request was answered. */
    static Map<String, String> languageOptions(QemuCommandLine cl, boolean demo, OutputStream out) throws QemuCommandLine.UsageException {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("riscv64.WorkingDirectory", System.getProperty("user.dir"));
        o.put("riscv64.Machine", cl.get("machine", "virt"));
        putIfSet(o, "riscv64.Memory", cl.get("m", ""));
        putIfSet(o, "riscv64.Smp", cl.get("smp", ""));
        putIfSet(o, "riscv64.Bios", cl.get("bios", ""));
        putIfSet(o, "riscv64.Kernel", cl.get("kernel", ""));
        putIfSet(o, "riscv64.Initrd", cl.get("initrd", ""));
        putIfSet(o, "riscv64.Append", cl.get("append", ""));
        putIfSet(o, "riscv64.Dtb", cl.get("dtb", ""));
        putList(o, "riscv64.Device", cl.all("device"));
        putList(o, "riscv64.Drive", cl.all("drive"));
        putList(o, "riscv64.Blockdev", cl.all("blockdev"));
        putList(o, "riscv64.Chardev", cl.all("chardev"));
        putList(o, "riscv64.Netdev", cl.all("netdev"));
        List<String> serial = cl.all("serial");
        if (!serial.isEmpty()) {
            putList(o, "riscv64.Serial", serial);
        } else if (cl.has("nodefaults")) {
            o.put("riscv64.Serial", "none");
        } else if (cl.has("nographic") || demo) {
            o.put("riscv64.Serial", "mon:stdio");
        }
        if (cl.has("no-reboot")) {
            o.put("riscv64.NoReboot", "true");
        }
        String cpu = cl.get("cpu", "rv64");
        switch (cpu) {
            case "help", "?" -> {
                PrintStream ps = new PrintStream(out, true);
                ps.println("Available CPUs:");
                ps.println("  rv64        RV64GC (IMAFDC, Zicsr, Zifencei), M/S/U, Sv39/Sv48 (default)");
                ps.flush();
                return null;
            }
            case "rv64", "max", "any" -> {
            }
            default -> throw new QemuCommandLine.UsageException("-cpu " + cpu + ": unsupported CPU model (try -cpu help)");
        }
        String display = cl.get("display", "none");
        if (!display.equals("none")) {
            throw new QemuCommandLine.UsageException("-display " + display + ": Tuber has no graphical display; use -nographic or -display none");
        }
        String monitor = cl.get("monitor", "none");
        if (!monitor.equals("none") && !monitor.equals("stdio")) {
            throw new QemuCommandLine.UsageException("-monitor " + monitor + ": unsupported monitor back end (none or stdio)");
        }
        String accel = cl.get("accel", "tcg");
        if (!accel.startsWith("tcg")) {
            throw new QemuCommandLine.UsageException("-accel " + accel + ": Tuber runs guest code with its own JIT only (-accel tcg is accepted)");
        }
        return o;
    }

    private static void putIfSet(Map<String, String> o, String key, String value) {
        if (!value.isEmpty()) {
            o.put(key, value);
        }
    }

    private static void putList(Map<String, String> o, String key, List<String> values) throws QemuCommandLine.UsageException {
        if (values.isEmpty()) {
            return;
        }
        for (String v : values) {
            if (v.indexOf('\n') >= 0) {
                throw new QemuCommandLine.UsageException("option values cannot contain newlines: " + v.replace("\n", "\\n"));
            }
        }
        o.put(key, String.join("\n", values));
    }
}
