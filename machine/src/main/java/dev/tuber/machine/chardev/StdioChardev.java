package dev.tuber.machine.chardev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code -chardev stdio} and {@code -serial stdio}: guest output to the host's standard output,
 * input from its standard input (the streams of the polyglot context).
 *
 * <p>As a multiplexer ({@code -serial mon:stdio}, {@code -chardev stdio,mux=on}, the default of
 * {@code -nographic}) it also reads QEMU's escape sequences: Ctrl-A x ends the run, Ctrl-A h prints
 * help, Ctrl-A s flushes the drives, Ctrl-A b sends a break, Ctrl-A Ctrl-A sends a Ctrl-A.
 */
public final class StdioChardev extends Chardev implements SharedInput.Sink {
    /** What the escape sequences of a multiplexer act on. */
    public interface MuxActions {
        /** Ctrl-A x: end the run (QEMU exits with status 0). */
        void exit();

        /** Ctrl-A s: write drive data back. */
        void flushDrives();
    }

    private static final int CTRL_A = 0x01;
    private static final String MUX_HELP = """

                    C-a h    print this help
                    C-a x    exit emulator
                    C-a s    save disk data back to file
                    C-a b    send break (magic sysrq)
                    C-a C-a  sends C-a
                    """;

    private final InputStream in;
    private final OutputStream out;
    private final MuxActions mux;
    private final Object inputLock = new Object();
    private boolean inputReady;
    private boolean escape;
    private volatile boolean closed;
    private boolean attached;

    /**
     * @param mux the escape actions, or null for a plain stdio back end
     */
    public StdioChardev(String id, InputStream in, OutputStream out, MuxActions mux) {
        super(id);
        this.in = in;
        this.out = out;
        this.mux = mux;
    }

    @Override
    public String kind() {
        return mux != null ? "mux stdio" : "stdio";
    }

    public boolean isMux() {
        return mux != null;
    }

    @Override
    public boolean hasInput() {
        return true;
    }

    @Override
    protected void output(byte[] data, int offset, int length) {
        synchronized (out) {
            try {
                out.write(data, offset, length);
                out.flush();
            } catch (IOException e) {
                // a closed terminal must not stop the guest: output is dropped
            }
        }
    }

    private void print(String text) {
        byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
    }

    @Override
    public void setFrontend(CharFrontend fe) {
        super.setFrontend(fe);
        synchronized (this) {
            if (fe != null && !attached && !closed) {
                attached = true;
                SharedInput.of(in).attach(this);
            }
        }
    }

    @Override
    public void acceptInput() {
        synchronized (inputLock) {
            inputReady = true;
            inputLock.notifyAll();
        }
    }

    /*
     * Runs on the shared input thread. The front end is called without any lock of ours held:
     * it calls acceptInput() while holding its own lock, from hart threads.
     */
    @Override
    public int offer(byte[] data, int offset, int length) throws InterruptedException {
        int done = 0;
        while (done < length) {
            if (closed) {
                return done;
            }
            CharFrontend fe = frontend();
            int room = fe == null ? 0 : fe.canReceive();
            if (room <= 0) {
                synchronized (inputLock) {
                    if (!inputReady) {
                        inputLock.wait(20); // also polls, for front ends that free room silently
                    }
                    inputReady = false;
                }
                continue;
            }
            byte[] chunk = new byte[Math.min(room, length - done)];
            int n = 0;
            while (n < chunk.length && done < length) {
                int b = data[offset + done++] & 0xFF;
                if (mux == null) {
                    chunk[n++] = (byte) b;
                } else if (escape) {
                    escape = false;
                    if (b == CTRL_A || b == 'a') {
                        chunk[n++] = CTRL_A;
                    } else {
                        escapeCommand(b, fe);
                    }
                } else if (b == CTRL_A) {
                    escape = true;
                } else {
                    chunk[n++] = (byte) b;
                }
            }
            if (n > 0) {
                fe.receive(chunk, 0, n);
            }
        }
        return done;
    }

    private void escapeCommand(int b, CharFrontend fe) {
        switch (b) {
            case 'x' -> {
                print("\nTerminated\n");
                mux.exit();
            }
            case 'h', '?' -> print(MUX_HELP);
            case 's' -> mux.flushDrives();
            case 'b' -> fe.receiveBreak();
            case 'c' -> print("\n(no monitor: Ctrl-A c is not available)\n");
            default -> {
                // unknown escapes are dropped, as QEMU drops them
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        SharedInput.of(in).detach(this);
        acceptInput();
    }
}
