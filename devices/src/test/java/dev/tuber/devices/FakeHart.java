package dev.tuber.devices;

import dev.tuber.isa.spi.HartPort;

/** A hart as interrupt controllers see it: records its mip bits. */
public final class FakeHart implements HartPort {
    private final int id;
    private long mip;

    public FakeHart(int id) {
        this.id = id;
    }

    @Override
    public int hartId() {
        return id;
    }

    @Override
    public synchronized void setInterrupt(int mipBit, boolean level) {
        mip = level ? mip | (1L << mipBit) : mip & ~(1L << mipBit);
        notifyAll();
    }

    public synchronized boolean pending(int mipBit) {
        return (mip & (1L << mipBit)) != 0;
    }

    /** Waits up to {@code millis} for the bit to reach {@code level}. */
    public synchronized boolean await(int mipBit, boolean level, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (pending(mipBit) != level) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
