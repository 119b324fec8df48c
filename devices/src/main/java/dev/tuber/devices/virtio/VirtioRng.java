package dev.tuber.devices.virtio;

import java.security.SecureRandom;

import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;

/**
 * The virtio entropy device (VirtIO 1.2 section 5.4; QEMU's {@code virtio-rng-device}): one
 * request queue whose device-writable buffers it fills with random bytes from the host ({@link
 * SecureRandom}, which reads the operating system's generator). No feature bits, no configuration
 * space.
 */
public final class VirtioRng extends VirtioDevice {
    public static final DeviceType<VirtioRng> TYPE = DeviceType.builder("virtio-rng-device", VirtioRng::new)
                    .description("virtio entropy device: host randomness for the guest")
                    .category(DeviceCategory.MISC)
                    .bus(VirtioDevice.BUS)
                    .build();

    /** Size of the request queue, as QEMU's. */
    public static final int QUEUE_SIZE = 8;
    /** The most bytes one buffer receives (the rest of a larger buffer is left alone). */
    public static final int MAX_BYTES_PER_BUFFER = 64 * 1024;

    private final SecureRandom random = new SecureRandom();

    private VirtioRng(DeviceType<VirtioRng> type) {
        super(type);
    }

    @Override
    public int deviceId() {
        return Virtio.ID_ENTROPY;
    }

    @Override
    public long deviceFeatures() {
        return 0;
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public int queueMaxSize(int queue) {
        return QUEUE_SIZE;
    }

    @Override
    public void handleQueue(Virtqueue queue) {
        VirtqueueElement e;
        while ((e = queue.pop()) != null) {
            // 5.4.6.2: the device writes into device-writable buffers; readable ones carry nothing
            int n = (int) Math.min(e.writableLength(), MAX_BYTES_PER_BUFFER);
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            e.write(transport().memory(), 0, bytes, 0, n);
            queue.push(e, n);
        }
    }
}
