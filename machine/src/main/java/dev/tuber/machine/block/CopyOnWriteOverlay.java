package dev.tuber.machine.block;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A writable layer in host memory over a base image that is never written ({@code snapshot=on}):
 * written clusters are kept here and reads merge them over the base. Dropped when the machine
 * ends, as QEMU drops its temporary snapshot overlay.
 */
public final class CopyOnWriteOverlay implements BlockBackend {
    private static final int CLUSTER = 4096;

    private final BlockBackend base;
    private final Map<Long, byte[]> clusters = new HashMap<>();

    public CopyOnWriteOverlay(BlockBackend base) {
        this.base = base;
    }

    public BlockBackend base() {
        return base;
    }

    /** Clusters written so far (for tests and statistics). */
    public synchronized int dirtyClusters() {
        return clusters.size();
    }

    @Override
    public long size() {
        return base.size();
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public synchronized void read(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
        BlockBackend.checkRange(this, offset, length);
        int done = 0;
        while (done < length) {
            long at = offset + done;
            long index = at / CLUSTER;
            int within = (int) (at % CLUSTER);
            int n = Math.min(length - done, CLUSTER - within);
            byte[] c = clusters.get(index);
            if (c != null) {
                System.arraycopy(c, within, buffer, bufferOffset + done, n);
            } else {
                base.read(at, buffer, bufferOffset + done, n);
            }
            done += n;
        }
    }

    @Override
    public synchronized void write(long offset, byte[] buffer, int bufferOffset, int length) throws IOException {
        BlockBackend.checkRange(this, offset, length);
        int done = 0;
        while (done < length) {
            long at = offset + done;
            long index = at / CLUSTER;
            int within = (int) (at % CLUSTER);
            int n = Math.min(length - done, CLUSTER - within);
            byte[] c = clusters.get(index);
            if (c == null) {
                c = new byte[CLUSTER];
                long start = index * CLUSTER;
                int valid = (int) Math.min(CLUSTER, base.size() - start);
                base.read(start, c, 0, valid);
                clusters.put(index, c);
            }
            System.arraycopy(buffer, bufferOffset + done, c, within, n);
            done += n;
        }
    }

    @Override
    public void flush() {
        // nothing is durable in a temporary overlay
    }

    @Override
    public String describe() {
        return "temporary overlay over " + base.describe();
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            clusters.clear();
        }
        base.close();
    }
}
