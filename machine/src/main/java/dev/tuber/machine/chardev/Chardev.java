package dev.tuber.machine.chardev;

import dev.tuber.machine.qdev.Claim;
import dev.tuber.machine.qdev.Claimable;

/**
 * A character back end (QEMU's {@code Chardev}): where a serial device's output goes and its input
 * comes from. One device front end at a time uses it ({@link #claim}); the front end registers a
 * {@link CharFrontend} to receive input.
 *
 * <p>Input flow control is QEMU's: the back end delivers at most {@link
 * CharFrontend#canReceive()} bytes and holds the rest until the front end calls {@link
 * #acceptInput()} (after the guest read its receive buffer).
 */
public abstract class Chardev implements Claimable {
    private final String id;
    private final ConsoleTail tail = new ConsoleTail();
    private volatile CharFrontend frontend;
    private final Claim claim = new Claim();

    protected Chardev(String id) {
        this.id = id;
    }

    /** The id ({@code -chardev ...,id=ID}; {@code serialN} for {@code -serial} back ends). */
    public final String id() {
        return id;
    }

    /** The back-end kind: {@code stdio}, {@code null}, {@code file}. */
    public abstract String kind();

    /**
     * Sends guest output and records it in the {@linkplain #tail() tail}. Never throws for I/O
     * problems (output is dropped, as QEMU drops it).
     */
    public final void write(byte[] data, int offset, int length) {
        tail.append(data, offset, length);
        output(data, offset, length);
    }

    /** Delivers guest output to the back end. Never throws for I/O problems. */
    protected abstract void output(byte[] data, int offset, int length);

    /** The last output written, for the console tail shown when the guest panics. */
    public final ConsoleTail tail() {
        return tail;
    }

    /** Sends one byte of guest output. */
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /** Whether the back end can ever deliver input. */
    public boolean hasInput() {
        return false;
    }

    /** Installs (or, with null, removes) the receiver of input. */
    public void setFrontend(CharFrontend fe) {
        this.frontend = fe;
        acceptInput();
    }

    protected final CharFrontend frontend() {
        return frontend;
    }

    /** The front end has room again: deliver held input (QEMU's {@code qemu_chr_fe_accept_input}). */
    public void acceptInput() {
    }

    /** Releases threads and files. */
    public void close() {
    }

    // --- Claimable ---------------------------------------------------------------------------------

    @Override
    public String describe() {
        return "chardev '" + id + "'";
    }

    @Override
    public String claimedBy() {
        return claim.owner();
    }

    @Override
    public void claim(String newOwner) {
        claim.take(this, newOwner);
    }

    @Override
    public void release(String oldOwner) {
        if (claim.release(oldOwner)) {
            frontend = null;
        }
    }

    @Override
    public String toString() {
        return kind() + " chardev '" + id + "'";
    }
}
