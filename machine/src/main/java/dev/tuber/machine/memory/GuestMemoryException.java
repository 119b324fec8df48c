package dev.tuber.machine.memory;

/**
 * A device asked {@link GuestMemory} for bytes that are not guest RAM: the guest handed it a bad
 * address. Devices catch it and report a malformed request to the guest (a virtio device marks
 * the request failed, for example); it never reaches the user as a crash.
 */
public final class GuestMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final long length;

    public GuestMemoryException(long address, long length, String what) {
        super(String.format("guest physical range [0x%x, +0x%x) %s", address, length, what), null, false, false);
        this.address = address;
        this.length = length;
    }

    /** First guest physical address of the rejected range. */
    public long address() {
        return address;
    }

    /** Length of the rejected range. */
    public long length() {
        return length;
    }
}
