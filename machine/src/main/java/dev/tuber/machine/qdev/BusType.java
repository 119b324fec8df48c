package dev.tuber.machine.qdev;

/**
 * A kind of bus (QEMU's bus type name): a device type says which kind it plugs into, and {@code
 * -device} looks for a bus of that kind.
 *
 * @param name as shown by {@code -device help}, e.g. {@code System}, {@code virtio-bus}, {@code PCI}
 */
public record BusType(String name) {
    /** The system bus: memory-mapped devices that the board places. */
    public static final BusType SYSTEM = new BusType("System");

    @Override
    public String toString() {
        return name;
    }
}
