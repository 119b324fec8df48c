package dev.tuber.isa.hart;

import com.oracle.truffle.api.nodes.ControlFlowException;
import com.oracle.truffle.api.nodes.Node;

/**
 * A synchronous trap raised by a guest instruction: a Java control-flow exception (no stack
 * trace) that unwinds to the region, which writes the guest registers back and delivers the trap
 * architecturally. {@link #site} is the instruction node that raised it: it knows its address and
 * how many instructions of its block did not retire.
 */
public final class TrapException extends ControlFlowException {
    private static final long serialVersionUID = 1L;

    public final int cause;
    public final long tval;
    public final transient Node site;

    public TrapException(int cause, long tval, Node site) {
        this.cause = cause;
        this.tval = tval;
        this.site = site;
    }

    @Override
    public String getMessage() {
        return "trap cause " + cause + " tval 0x" + Long.toHexString(tval);
    }
}
