package dev.tuber.machine.qdev;

/** Groups of {@code -device help}, in QEMU's order and with its headings. */
public enum DeviceCategory {
    BRIDGE("Controller/Bridge/Hub devices"),
    USB("USB devices"),
    STORAGE("Storage devices"),
    NETWORK("Network devices"),
    INPUT("Input devices"),
    DISPLAY("Display devices"),
    SOUND("Sound devices"),
    MISC("Misc devices"),
    CPU("CPU devices"),
    WATCHDOG("Watchdog devices"),
    UNCATEGORIZED("Uncategorized devices");

    private final String heading;

    DeviceCategory(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }
}
