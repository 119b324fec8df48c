package dev.tuber.devices.virtio;

/**
 * The driver broke the rules of a virtqueue (a descriptor outside RAM, a loop, a bad index, a
 * device-readable buffer where the device must write, ...). The device stops using its queues and
 * sets DEVICE_NEEDS_RESET (VirtIO 1.2 section 2.1.2); the message explains what was wrong and goes
 * to standard error.
 */
public final class VirtqueueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VirtqueueException(String message) {
        super(message, null, false, false);
    }
}
