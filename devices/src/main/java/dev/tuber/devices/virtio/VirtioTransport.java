package dev.tuber.devices.virtio;

import dev.tuber.machine.memory.GuestMemory;

/**
 * What a virtio device sees of its transport (virtio-mmio, later virtio-pci). The transport owns
 * the registers, the device status and feature negotiation and the interrupt; the device owns its
 * features, configuration space and queue handling (VirtIO 1.2 chapters 2 and 4).
 *
 * <p>The transport calls the device under its own lock, so a device needs no lock of its own for
 * state it only touches from those calls.
 */
public interface VirtioTransport {

    /** Guest RAM, where the queues and buffers live. */
    GuestMemory memory();

    /** The features the driver accepted (valid once FEATURES_OK is set). */
    long negotiatedFeatures();

    /** Whether the driver accepted feature {@code bit}. */
    default boolean hasFeature(int bit) {
        return (negotiatedFeatures() & Virtio.bit(bit)) != 0;
    }

    /**
     * Sends a used buffer notification for {@code queue} unless the driver suppressed it (2.7.7);
     * for devices that complete requests outside {@link VirtioDevice#handleQueue}.
     */
    void usedBuffersReady(Virtqueue queue);

    /** The device changed its configuration space: a configuration change notification (2.5). */
    void configChanged();

    /**
     * The device cannot go on (the driver broke the rules): set DEVICE_NEEDS_RESET, stop
     * processing until reset, tell the driver, and report {@code message} once.
     */
    void deviceError(String message);
}
