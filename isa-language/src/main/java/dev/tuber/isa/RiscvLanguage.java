package dev.tuber.isa;

import org.graalvm.options.OptionCategory;
import org.graalvm.options.OptionDescriptors;
import org.graalvm.options.OptionKey;
import org.graalvm.options.OptionStability;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.Option;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.source.Source;

import dev.tuber.isa.nodes.MachineRootNode;

/**
 * The {@code riscv64} language. Evaluating a source boots a machine: a byte source is a guest
 * program (ELF or raw binary) run bare-metal on the board the options name; an empty character
 * source boots the machine exactly as the options (QEMU's command line, translated by the
 * launcher) describe it. The value of the evaluation is the guest's exit status.
 *
 * <p>The language object holds no guest state (options and parsing only); each context owns its
 * machine, and decoded code belongs to the machine's code cache.
 */
@TruffleLanguage.Registration(id = RiscvLanguage.ID, name = "RISC-V 64", version = "0.1", implementationName = "Tuber",
                defaultMimeType = RiscvLanguage.ELF_MIME, byteMimeTypes = {RiscvLanguage.ELF_MIME, RiscvLanguage.BINARY_MIME},
                characterMimeTypes = {RiscvLanguage.BOOT_MIME}, contextPolicy = TruffleLanguage.ContextPolicy.EXCLUSIVE,
                website = "https://github.com/tuber-emu/tuber")
public final class RiscvLanguage extends TruffleLanguage<RiscvContext> {
    public static final String ID = "riscv64";
    public static final String ELF_MIME = "application/x-riscv64-elf";
    public static final String BINARY_MIME = "application/x-riscv64-binary";
    /** A character source of this type boots the machine described by the options. */
    public static final String BOOT_MIME = "text/x-riscv64-machine";

    @Option(help = "Board to emulate, as QEMU's -M (virt, spike; properties after commas).", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Machine = new OptionKey<>("virt");

    @Option(help = "Guest RAM size, as QEMU's -m (e.g. 256M, 1G); empty for the board's default.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Memory = new OptionKey<>("");

    @Option(help = "Number of harts, as QEMU's -smp.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Smp = new OptionKey<>("");

    @Option(help = "Firmware, as QEMU's -bios: default, none or a file. Empty: none for programs evaluated as sources, the board default otherwise.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Bios = new OptionKey<>("");

    @Option(help = "Kernel image, as QEMU's -kernel.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Kernel = new OptionKey<>("");

    @Option(help = "Initial ramdisk, as QEMU's -initrd.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Initrd = new OptionKey<>("");

    @Option(help = "Kernel command line, as QEMU's -append.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Append = new OptionKey<>("");

    @Option(help = "Device tree blob to use instead of the generated one, as QEMU's -dtb.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Dtb = new OptionKey<>("");

    @Option(help = "Devices to add, as QEMU's -device; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Device = new OptionKey<>("");

    @Option(help = "Drives, as QEMU's -drive; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Drive = new OptionKey<>("");

    @Option(help = "Block device nodes, as QEMU's -blockdev; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Blockdev = new OptionKey<>("");

    @Option(help = "Character devices, as QEMU's -chardev; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Chardev = new OptionKey<>("");

    @Option(help = "Network back ends, as QEMU's -netdev; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Netdev = new OptionKey<>("");

    @Option(help = "Serial ports, as QEMU's -serial; several separated by newlines.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<String> Serial = new OptionKey<>("");

    @Option(help = "End the run instead of resetting when the guest asks for a reset, as QEMU's -no-reboot.", category = OptionCategory.USER, stability = OptionStability.STABLE) //
    public static final OptionKey<Boolean> NoReboot = new OptionKey<>(false);

    @Option(help = "Directory relative file names resolve against (default: the process's working directory).", category = OptionCategory.INTERNAL) //
    public static final OptionKey<String> WorkingDirectory = new OptionKey<>("");

    @Override
    protected RiscvContext createContext(Env env) {
        return new RiscvContext(this, env);
    }

    @Override
    protected void finalizeContext(RiscvContext context) {
        context.close();
    }

    @Override
    protected boolean isThreadAccessAllowed(Thread thread, boolean singleThreaded) {
        return true;
    }

    @Override
    protected OptionDescriptors getOptionDescriptors() {
        return new RiscvLanguageOptionDescriptors();
    }

    @Override
    protected CallTarget parse(ParsingRequest request) {
        Source source = request.getSource();
        byte[] program = null;
        if (source.hasBytes()) {
            program = source.getBytes().toByteArray();
        } else if (source.getCharacters().length() != 0) {
            program = source.getCharacters().toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return new MachineRootNode(this, program, source.getName()).getCallTarget();
    }

    /** The language of the current thread's context. */
    public static RiscvLanguage get(com.oracle.truffle.api.nodes.Node node) {
        return REFERENCE.get(node);
    }

    private static final LanguageReference<RiscvLanguage> REFERENCE = LanguageReference.create(RiscvLanguage.class);
}
