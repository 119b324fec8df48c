package dev.tuber.machine.chardev;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One reader thread per host input stream, shared by every back end that reads it. A machine may
 * be built several times in one process (polyglot evaluations, tests), but a blocking {@code read}
 * of standard input cannot be cancelled; so the thread outlives machines and hands what it reads to
 * whichever {@link Sink} is attached now, holding input while none is.
 *
 * <p>The thread is a daemon, started when the first sink attaches.
 */
final class SharedInput {
    /** Receives input; may block until the bytes are taken. */
    interface Sink {
        /**
         * Delivers bytes, blocking while the receiver has no room.
         *
         * @return how many bytes were taken; fewer than {@code length} only if the sink closed
         */
        int offer(byte[] data, int offset, int length) throws InterruptedException;
    }

    private static final Map<InputStream, SharedInput> INSTANCES = Collections.synchronizedMap(new WeakHashMap<>());

    private final InputStream in;
    private Sink sink;
    private Thread thread;
    private boolean eof;

    private SharedInput(InputStream in) {
        this.in = in;
    }

    static SharedInput of(InputStream in) {
        return INSTANCES.computeIfAbsent(in, SharedInput::new);
    }

    synchronized void attach(Sink s) {
        sink = s;
        notifyAll();
        if (thread == null && !eof) {
            thread = new Thread(this::run, "tuber-stdin");
            thread.setDaemon(true);
            thread.start();
        }
    }

    synchronized void detach(Sink s) {
        if (sink == s) {
            sink = null;
        }
    }

    private synchronized Sink awaitSink() throws InterruptedException {
        while (sink == null) {
            wait();
        }
        return sink;
    }

    private void run() {
        byte[] buf = new byte[512];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                int done = 0;
                while (done < n) {
                    Sink s = awaitSink();
                    done += s.offer(buf, done, n - done);
                }
            }
        } catch (IOException | InterruptedException e) {
            // input is gone: the guest simply receives nothing more
        }
        synchronized (this) {
            eof = true;
            thread = null;
        }
    }
}
