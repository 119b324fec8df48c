package dev.tuber.machine.qdev;

import dev.tuber.isa.spi.BoardException;

/**
 * The root bus of a machine (QEMU's {@code main-system-bus}). Its devices have no bus address:
 * their registers appear in the physical address space where the board maps them ({@link
 * SysBusDevice#mapMmio}).
 */
public final class SystemBus extends Bus {
    public static final String NAME = "main-system-bus";

    public SystemBus() {
        super(NAME, BusType.SYSTEM, null);
    }

    @Override
    public boolean hasRoom() {
        return true;
    }

    @Override
    protected long place(Device child, String addr) {
        if (addr != null) {
            throw new BoardException("devices on the system bus have no 'addr': the board maps them");
        }
        return -1;
    }
}
