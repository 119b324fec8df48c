package dev.tuber.machine.block;

import dev.tuber.machine.qdev.Claim;
import dev.tuber.machine.qdev.Claimable;

/**
 * A named block back end that a storage device can use ({@code drive=ID}): one per {@code -drive}
 * (named by {@code id}) or top-level {@code -blockdev} (named by {@code node-name}). One device at
 * a time may use it.
 *
 * @see Drives
 */
public final class Drive implements Claimable {
    private final String id;
    private final BlockBackend backend;
    private final String interfaceType;
    private final int index;
    private final boolean cdrom;
    private final Claim claim = new Claim();

    /**
     * @param interfaceType QEMU's {@code if=}: {@code none} for drives that {@code -device} uses,
     *     {@code virtio} for drives the board attaches itself, ...; {@code none} for block nodes
     * @param index QEMU's {@code index=} (the drive's number on its interface)
     */
    public Drive(String id, BlockBackend backend, String interfaceType, int index, boolean cdrom) {
        this.id = id;
        this.backend = backend;
        this.interfaceType = interfaceType;
        this.index = index;
        this.cdrom = cdrom;
    }

    public String id() {
        return id;
    }

    public BlockBackend backend() {
        return backend;
    }

    public String interfaceType() {
        return interfaceType;
    }

    public int index() {
        return index;
    }

    public boolean isCdrom() {
        return cdrom;
    }

    public boolean isReadOnly() {
        return backend.isReadOnly();
    }

    @Override
    public String describe() {
        return "drive '" + id + "'";
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
        claim.release(oldOwner);
    }

    @Override
    public String toString() {
        return describe() + " on " + backend.describe();
    }
}
