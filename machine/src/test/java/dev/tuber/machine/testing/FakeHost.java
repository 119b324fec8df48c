package dev.tuber.machine.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.tuber.isa.spi.MachineHost;

/** A {@link MachineHost} for tests: records requests and writes, captures output. */
public final class FakeHost implements MachineHost {
    public final InputStream in;
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    public final ByteArrayOutputStream err = new ByteArrayOutputStream();
    public final List<long[]> written = new ArrayList<>();
    public volatile Integer exitStatus;
    public volatile int resets;

    public FakeHost() {
        this(new ByteArrayInputStream(new byte[0]));
    }

    public FakeHost(InputStream in) {
        this.in = in;
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public OutputStream err() {
        return err;
    }

    @Override
    public synchronized void requestExit(int status) {
        if (exitStatus == null) {
            exitStatus = status;
        }
    }

    @Override
    public synchronized void requestReset() {
        resets++;
    }

    @Override
    public synchronized void memoryWritten(long paddr, long length) {
        written.add(new long[] {paddr, length});
    }

    /** Whether some reported write covers {@code [paddr, paddr+length)}. */
    public synchronized boolean wasWritten(long paddr, long length) {
        for (long[] w : written) {
            if (w[0] <= paddr && paddr + length <= w[0] + w[1]) {
                return true;
            }
        }
        return false;
    }

    public String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
