package dev.tuber.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QEMU's command-line syntax: every option is a word starting with one or two dashes and takes
 * exactly the arguments the table below says (the next word, whatever it looks like: {@code
 * -append "-x"} is fine), so parsing is a table lookup rather than the guessing general-purpose
 * option parsers do. What an option's argument means ({@code -M virt,dumpdtb=f}, {@code -device
 * ...}) is the machine layer's business; this class only collects the words.
 */
final class QemuCommandLine {

    /** An option: its names, whether it takes an argument, whether it may repeat, its help line. */
    record Option(List<String> names, String argName, boolean repeatable, String help) {
        boolean takesArgument() {
            return argName != null;
        }
    }

    static final List<Option> OPTIONS = List.of(
                    opt("machine", "TYPE[,PROP=VALUE...]", false, "board to emulate: virt, spike ('-M help' lists them)", "M"),
                    opt("m", "SIZE", false, "guest RAM size, e.g. 256M or 1G"),
                    opt("smp", "N", false, "number of harts"),
                    opt("cpu", "MODEL", false, "CPU model (rv64, or 'help')"),
                    opt("bios", "FILE|default|none", false, "firmware: 'default' is OpenSBI fw_dynamic, 'none' runs -kernel bare metal"),
                    opt("kernel", "FILE", false, "kernel or bare-metal program (ELF, Linux Image or raw binary)"),
                    opt("initrd", "FILE", false, "initial ramdisk"),
                    opt("append", "CMDLINE", false, "kernel command line"),
                    opt("dtb", "FILE", false, "device tree blob to use instead of the generated one"),
                    opt("device", "DRIVER[,PROP=VALUE...]", true, "add a device ('-device help' lists them, '-device NAME,help' its properties)"),
                    opt("drive", "OPTIONS", true, "define a drive, e.g. if=none,id=hd0,format=raw,file=disk.img"),
                    opt("blockdev", "OPTIONS", true, "define a block device node"),
                    opt("chardev", "BACKEND,id=ID[,...]", true, "define a character device (stdio, null, file)"),
                    opt("netdev", "OPTIONS", true, "define a network back end"),
                    opt("serial", "DEV", true, "connect the next serial port: stdio, mon:stdio, null, file:F, chardev:ID"),
                    flag("nographic", "no display: the first serial port and the monitor on stdio"),
                    opt("display", "TYPE", false, "display type; only 'none' exists"),
                    opt("monitor", "DEV", false, "monitor back end; only 'none' and 'stdio' (with -nographic) exist"),
                    flag("no-reboot", "end the run when the guest resets"),
                    flag("nodefaults", "do not create the board's default serial back end"),
                    opt("accel", "NAME", false, "accepted for compatibility: Tuber always runs its own JIT"),
                    opt("name", "NAME", false, "accepted for compatibility"),
                    flag("interpreter", "run guest code in the Truffle interpreter only (no Graal compilation)"),
                    flag("trace-compilation", "print a line for every guest region Graal compiles"),
                    flag("version", "print the version and exit"),
                    flag("help", "print this help and exit", "h"));

    private static Option opt(String name, String arg, boolean repeatable, String help, String... aliases) {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(List.of(aliases));
        return new Option(names, arg, repeatable, help);
    }

    private static Option flag(String name, String help, String... aliases) {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(List.of(aliases));
        return new Option(names, null, false, help);
    }

    /** A command-line mistake: the message is shown after "tuber: ". */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Values by canonical option name, in command-line order for repeatable ones. */
    final Map<String, List<String>> values = new LinkedHashMap<>();
    /** Polyglot engine/compiler options given as {@code --engine.X=Y} or {@code --compiler.X=Y}. */
    final Map<String, String> polyglotOptions = new LinkedHashMap<>();

    static QemuCommandLine parse(String[] args) throws UsageException {
        QemuCommandLine cl = new QemuCommandLine();
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (!word.startsWith("-") || word.equals("-")) {
                throw new UsageException(word + ": not an option (a program to run goes after -kernel)");
            }
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            if (name.startsWith("engine.") || name.startsWith("compiler.")) {
                int eq = name.indexOf('=');
                cl.polyglotOptions.put(eq < 0 ? name : name.substring(0, eq), eq < 0 ? "true" : name.substring(eq + 1));
                continue;
            }
            Option option = find(name);
            if (option == null) {
                throw new UsageException(word + ": invalid option");
            }
            String canonical = option.names().get(0);
            String value = "";
            if (option.takesArgument()) {
                if (i + 1 >= args.length) {
                    throw new UsageException(word + ": requires an argument");
                }
                value = args[++i];
            }
            List<String> list = cl.values.computeIfAbsent(canonical, k -> new ArrayList<>());
            if (!option.repeatable()) {
                list.clear(); // as in QEMU, the last occurrence wins
            }
            list.add(value);
        }
        return cl;
    }

    private static Option find(String name) {
        for (Option o : OPTIONS) {
            if (o.names().contains(name)) {
                return o;
            }
        }
        return null;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The last value of a single-valued option, or {@code fallback}. */
    String get(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? fallback : list.get(list.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: tuber [options]\n");
        sb.append("Tuber: a RISC-V (RV64GC) machine emulator whose guest ISA is a GraalVM Truffle language.\n");
        sb.append("With no options, boots the built-in demo guest. Options follow qemu-system-riscv64:\n\n");
        for (Option o : OPTIONS) {
            StringBuilder left = new StringBuilder();
            for (String n : o.names()) {
                if (left.length() > 0) {
                    left.append(", ");
                }
                left.append('-').append(n);
            }
            if (o.takesArgument()) {
                left.append(' ').append(o.argName());
            }
            sb.append(String.format("  %-38s %s%n", left, o.help()));
        }
        sb.append(String.format("  %-38s %s%n", "--engine.NAME=VALUE, --compiler.NAME=VALUE", "Truffle engine and compiler options"));
        sb.append("\nExamples:\n");
        sb.append("  tuber -M spike -bios none -nographic -kernel test.elf\n");
        sb.append("  tuber -M virt -m 256M -nographic -bios default -kernel Image -initrd initrd.cpio.gz -append console=ttyS0\n");
        return sb.toString();
    }
}
