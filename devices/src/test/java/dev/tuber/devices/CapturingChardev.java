package dev.tuber.devices;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.tuber.machine.chardev.CharFrontend;
import dev.tuber.machine.chardev.Chardev;

/** A chardev for device tests: records output, lets the test type input. */
public final class CapturingChardev extends Chardev {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    public volatile int acceptCalls;

    public CapturingChardev(String id) {
        super(id);
    }

    @Override
    public String kind() {
        return "capture";
    }

    @Override
    protected synchronized void output(byte[] data, int offset, int length) {
        out.write(data, offset, length);
    }

    public synchronized String output() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean hasInput() {
        return true;
    }

    @Override
    public void acceptInput() {
        acceptCalls++;
    }

    /** The front end's current room. */
    public int room() {
        CharFrontend fe = frontend();
        return fe == null ? 0 : fe.canReceive();
    }

    /** Delivers input as a back end would: no more than the front end's room. Returns bytes taken. */
    public int type(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        int done = 0;
        CharFrontend fe = frontend();
        while (done < b.length) {
            int room = fe.canReceive();
            if (room <= 0) {
                break;
            }
            int n = Math.min(room, b.length - done);
            fe.receive(b, done, n);
            done += n;
        }
        return done;
    }
}
