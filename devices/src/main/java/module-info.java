/**
 * Tuber's device front ends: the NS16550A UART, the SiFive CLINT, PLIC and test finisher, the
 * Goldfish RTC, pvpanic, the virtio-mmio transport with virtio-blk and virtio-rng, spike's HTIF.
 * They plug into the machine layer's device model and are found by boards and {@code -device}
 * through the {@link dev.tuber.machine.qdev.DeviceCatalog} service.
 */
module dev.tuber.devices {
    requires transitive dev.tuber.machine;

    exports dev.tuber.devices;
    exports dev.tuber.devices.htif;
    exports dev.tuber.devices.intc;
    exports dev.tuber.devices.misc;
    exports dev.tuber.devices.rtc;
    exports dev.tuber.devices.serial;
    exports dev.tuber.devices.virtio;

    provides dev.tuber.machine.qdev.DeviceCatalog with dev.tuber.devices.StandardDevices;
}
