package dev.tuber.isa;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.oracle.truffle.api.TruffleLanguage.ContextReference;
import com.oracle.truffle.api.TruffleLanguage.Env;
import com.oracle.truffle.api.nodes.Node;

import dev.tuber.isa.runtime.RiscvMachine;
import dev.tuber.isa.spi.BoardConfig;

/** A context of the {@code riscv64} language: the environment and the machine it runs. */
public final class RiscvContext {
    private static final ContextReference<RiscvContext> REFERENCE = ContextReference.create(RiscvLanguage.class);

    private final RiscvLanguage language;
    private final Env env;
    private RiscvMachine machine;

    RiscvContext(RiscvLanguage language, Env env) {
        this.language = language;
        this.env = env;
    }

    public static RiscvContext get(Node node) {
        return REFERENCE.get(node);
    }

    public Env env() {
        return env;
    }

    /** The machine of the last evaluation, or null. */
    public RiscvMachine machine() {
        return machine;
    }

    /** Builds a fresh machine for an evaluation, replacing (and closing) any previous one. */
    public RiscvMachine newMachine(byte[] program, String programName) {
        if (machine != null) {
            machine.close();
            machine = null;
        }
        RiscvMachine m = new RiscvMachine(language, env);
        m.build(config(program, programName));
        machine = m;
        return m;
    }

    private BoardConfig config(byte[] program, String programName) {
        var o = env.getOptions();
        String bios = o.get(RiscvLanguage.Bios);
        String wd = o.get(RiscvLanguage.WorkingDirectory);
        Path dir = wd.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(wd);
        return new BoardConfig(
                        o.get(RiscvLanguage.Machine),
                        o.get(RiscvLanguage.Memory),
                        o.get(RiscvLanguage.Smp),
                        bios.isEmpty() && program != null ? "none" : bios,
                        o.get(RiscvLanguage.Kernel),
                        o.get(RiscvLanguage.Initrd),
                        o.get(RiscvLanguage.Append),
                        o.get(RiscvLanguage.Dtb),
                        lines(o.get(RiscvLanguage.Device)),
                        lines(o.get(RiscvLanguage.Drive)),
                        lines(o.get(RiscvLanguage.Blockdev)),
                        lines(o.get(RiscvLanguage.Chardev)),
                        lines(o.get(RiscvLanguage.Netdev)),
                        lines(o.get(RiscvLanguage.Serial)),
                        o.get(RiscvLanguage.NoReboot),
                        program,
                        programName,
                        dir);
    }

    private static List<String> lines(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split("\n")).filter(s -> !s.isEmpty()).toList();
    }

    void close() {
        if (machine != null) {
            machine.close();
            machine = null;
        }
    }
}
