package dev.tuber.machine.chardev;

/**
 * The receiving side of a serial device, as its {@link Chardev} sees it (QEMU's {@code
 * IOCanReadHandler}, {@code IOReadHandler} and break event). Called from back-end threads.
 */
public interface CharFrontend {

    /** How many bytes the device can take now (0 to hold input back). */
    int canReceive();

    /** Delivers {@code length} bytes, no more than {@link #canReceive()} said. */
    void receive(byte[] data, int offset, int length);

    /** A break condition on the line (QEMU's {@code CHR_EVENT_BREAK}, Ctrl-A b on a mux). */
    default void receiveBreak() {
    }
}
