package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;

import dev.tuber.isa.RiscvLanguage;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.runtime.HartLoop;

/** Runs one hart's dispatcher; its argument is the hart. */
public final class HartRootNode extends RootNode {
    HartRootNode(RiscvLanguage language) {
        super(language);
    }

    @Override
    public Object execute(VirtualFrame frame) {
        HartLoop.run((Hart) frame.getArguments()[0]);
        return RegionRootNode.EXITED;
    }

    @Override
    public String getName() {
        return "hart";
    }
}
