package dev.tuber.isa.runtime;

import com.oracle.truffle.api.exception.AbstractTruffleException;
import com.oracle.truffle.api.nodes.Node;

/**
 * A guest-level error the user can act on (bad image, bad machine configuration). Embedders see
 * it as a {@code PolyglotException} whose message is this one-line text.
 */
public final class RiscvError extends AbstractTruffleException {
    private static final long serialVersionUID = 1L;

    public RiscvError(String message, Node location) {
        super(message, location);
    }
}
