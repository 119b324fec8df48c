package dev.tuber.isa.nodes;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;

import dev.tuber.isa.RiscvContext;
import dev.tuber.isa.RiscvLanguage;
import dev.tuber.isa.runtime.RiscvError;
import dev.tuber.isa.runtime.RiscvMachine;
import dev.tuber.isa.spi.BoardException;

/** The root of an evaluation: builds the machine, runs it to the end, returns the exit status. */
public final class MachineRootNode extends RootNode {
    private final byte[] program;
    private final String programName;
    private final HartRootNode hartRoot;

    public MachineRootNode(RiscvLanguage language, byte[] program, String programName) {
        super(language);
        this.program = program;
        this.programName = programName;
        this.hartRoot = new HartRootNode(language);
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return boot();
    }

    @TruffleBoundary
    private Object boot() {
        RiscvContext context = RiscvContext.get(this);
        RiscvMachine machine;
        try {
            machine = context.newMachine(program, programName);
            return machine.run(hartRoot.getCallTarget());
        } catch (BoardException e) {
            throw new RiscvError(e.getMessage(), this);
        }
    }

    @Override
    public String getName() {
        return "machine";
    }
}
