package dev.tuber.machine;

import dev.tuber.isa.spi.BoardException;

/**
 * What the machine does when the guest reports a panic (a pvpanic device), as QEMU's {@code
 * -action panic=...}. Whatever the action, the end of the console goes to standard error after a
 * {@code tuber: guest panicked} line.
 */
public enum PanicAction {
    /** End the run with status 1: the default, so that a script can tell a panic from a power-off. */
    EXIT_FAILURE("exit-failure"),
    /** End the run with status 0, as QEMU's {@code panic=shutdown}. */
    SHUTDOWN("shutdown"),
    /** Report the panic and let the guest carry on (a panicked Linux halts or reboots itself). */
    NONE("none");

    private final String qemuName;

    PanicAction(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The value as QEMU's {@code -action panic=} spells it. */
    public String qemuName() {
        return qemuName;
    }

    /**
     * Parses the value of {@code -action panic=VALUE}. QEMU's {@code pause} needs a monitor to
     * resume the guest, which Tuber does not have yet, so it is refused with that reason.
     */
    public static PanicAction parse(String value) {
        for (PanicAction a : values()) {
            if (a.qemuName.equals(value)) {
                return a;
            }
        }
        if (value.equals("pause")) {
            throw new BoardException("-action panic=pause is not supported (there is no monitor to resume the guest); "
                            + "use exit-failure, shutdown or none");
        }
        throw new BoardException("-action panic=" + value + ": expects one of exit-failure, shutdown, none");
    }
}
