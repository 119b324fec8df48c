package dev.tuber.devices.htif;

import dev.tuber.machine.chardev.CharFrontend;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.memory.GuestMemoryException;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * HTIF, the host-target interface of the Spike simulator (QEMU's {@code riscv.htif.uart}, {@code
 * hw/char/riscv_htif.c}): two 64-bit words, {@code tohost} (guest to host) and {@code fromhost}
 * (host to guest). The guest writes a command to {@code tohost}:
 *
 * <pre>
 * bits 63..56 device, 55..48 command, 47..0 payload
 * device 0, command 0, payload bit 0 = 1   exit with status payload >> 1
 * device 0, command 0, payload bit 0 = 0   system call: payload points at 8 words
 *                                          (number, arguments); the result replaces word 0
 * device 1, command 1                      write the payload's low byte to the console
 * device 1, command 0                      read a byte from the console (answered when one arrives)
 * </pre>
 *
 * The host clears {@code tohost} once it has taken a command, and answers in {@code fromhost}
 * with the command's device and command bytes and a response (for the console, {@code 0x100 |
 * byte}; for system calls, 1), which the guest clears after reading. The system calls are those
 * riscv-tests' benchmarks use through the proxy kernel's conventions: {@code write} (64) to fd 1
 * or 2 and {@code exit} (93).
 *
 * <p>Window 0 is {@code tohost}, window 1 {@code fromhost}, each 8 bytes, accessed as two 32-bit
 * halves (low first, as QEMU splits a 64-bit store) or at once. When the board maps them as
 * overlays on RAM (at the program's symbols), the device mirrors both words into the RAM beneath
 * after every change, so the board can map them read-mirrored: the guest's loads (its polling
 * loops) and instruction fetches from the page stay direct, and only its stores come here.
 */
public final class Htif extends SysBusDevice implements CharFrontend {
    public static final Property<Chardev> CHARDEV = Property.chardev("chardev", "ID of a chardev for the console");
    public static final Property<Long> TOHOST = Property.uint64("tohost", 0, "guest physical address of tohost");
    public static final Property<Long> FROMHOST = Property.uint64("fromhost", 0, "guest physical address of fromhost");

    public static final DeviceType<Htif> TYPE = DeviceType.builder("riscv.htif", Htif::new)
                    .description("Spike host-target interface: console and exit")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    .properties(CHARDEV, TOHOST, FROMHOST)
                    // Its place comes from the program's tohost/fromhost symbols, which only the board knows.
                    .notUserCreatable("the spike board places it at the program's tohost and fromhost symbols")
                    .build();

    public static final int DEVICE_SYSTEM = 0;
    public static final int DEVICE_CONSOLE = 1;
    public static final int CONSOLE_GETC = 0;
    public static final int CONSOLE_PUTC = 1;
    public static final long SYS_WRITE = 64;
    public static final long SYS_EXIT = 93;
    private static final long EBADF = 9;
    private static final long EFAULT = 14;
    private static final long ENOSYS = 38;
    private static final long MAX_WRITE = 1 << 20;

    private Chardev chardev;
    private long tohost;
    private long fromhost;
    private boolean allowTohost;
    private long pendingRead;
    private boolean warnedSyscall;

    private Htif(DeviceType<Htif> type) {
        super(type);
        initMmio(new MmioRegion("riscv.htif.tohost", 8, new Window(true), 4 | 8));
        initMmio(new MmioRegion("riscv.htif.fromhost", 8, new Window(false), 4 | 8));
    }

    @Override
    protected void onRealize() {
        chardev = get(CHARDEV);
        if (chardev != null) {
            chardev.setFrontend(this);
        }
    }

    @Override
    protected void onUnrealize() {
        if (chardev != null) {
            chardev.setFrontend(null);
        }
    }

    @Override
    protected synchronized void onResetEnter() {
        tohost = 0;
        fromhost = 0;
        allowTohost = false;
        pendingRead = 0;
        mirror();
    }

    /** Copies both words into the RAM under the overlays (see the class comment). */
    private void mirror() {
        GuestMemory mem = machine().guestMemory();
        for (int i = 0; i < 2; i++) {
            long at = mmioAddress(i);
            if (at >= 0 && isOverlay(i) && mem.isMemory(at, 8, true)) {
                long value = i == 0 ? tohost : fromhost;
                if (mem.readU64(at) != value) {
                    mem.writeU64(at, value);
                }
            }
        }
    }

    /** The current tohost and fromhost words (for tests and debugging). */
    public synchronized long tohost() {
        return tohost;
    }

    public synchronized long fromhost() {
        return fromhost;
    }

    private final class Window implements MmioHandler {
        private final boolean isTohost;

        Window(boolean isTohost) {
            this.isTohost = isTohost;
        }

        @Override
        public long read(long offset, int size) {
            synchronized (Htif.this) {
                long word = isTohost ? tohost : fromhost;
                if (size == 8) {
                    return word;
                }
                return offset == 0 ? word & 0xFFFF_FFFFL : word >>> 32;
            }
        }

        @Override
        public void write(long offset, int size, long value) {
            if (isTohost) {
                writeTohost(offset, size, value);
            } else {
                writeFromhost(offset, size, value);
            }
        }
    }

    private synchronized void writeTohost(long offset, int size, long value) {
        writeTohostWord(offset, size, value);
        mirror();
    }

    private void writeTohostWord(long offset, int size, long value) {
        if (size == 8) {
            if (tohost == 0) {
                tohost = value;
                handle(value);
            }
            return;
        }
        if (offset == 0) {
            // the low half opens a command only when the previous one was taken
            allowTohost = tohost == 0;
            if (allowTohost) {
                tohost = value & 0xFFFF_FFFFL;
            }
        } else if (allowTohost) {
            tohost |= value << 32;
            handle(tohost);
        }
    }

    private synchronized void writeFromhost(long offset, int size, long value) {
        if (size == 8) {
            fromhost = value;
        } else if (offset == 0) {
            fromhost = value & 0xFFFF_FFFFL;
        } else {
            fromhost = (fromhost & 0xFFFF_FFFFL) | (value << 32);
        }
        mirror();
        if (fromhost == 0 && pendingRead != 0 && chardev != null) {
            chardev.acceptInput();
        }
    }

    private void handle(long command) {
        int device = (int) (command >>> 56);
        int cmd = (int) (command >>> 48) & 0xFF;
        long payload = command & 0xFFFF_FFFF_FFFFL;
        long response = 0;
        if (device == DEVICE_SYSTEM && cmd == 0) {
            if ((payload & 1) != 0) {
                tohost = 0;
                machine().requestExit((int) (payload >>> 1));
                return;
            }
            response = syscall(payload);
        } else if (device == DEVICE_CONSOLE && cmd == CONSOLE_GETC) {
            pendingRead = command;
            tohost = 0;
            if (chardev != null) {
                chardev.acceptInput();
            }
            return;
        } else if (device == DEVICE_CONSOLE && cmd == CONSOLE_PUTC) {
            int ch = (int) (payload & 0xFF);
            if (chardev != null) {
                chardev.write(ch);
            }
            response = 0x100 | ch;
        }
        // unknown devices and commands are acknowledged with a zero response, as QEMU does
        fromhost = (command >>> 48 << 48) | (response & 0xFFFF_FFFF_FFFFL);
        tohost = 0;
    }

    /** The proxy-kernel system call whose 8 arguments words are at {@code address}; returns 1. */
    private long syscall(long address) {
        GuestMemory mem = machine().guestMemory();
        long result;
        try {
            long number = mem.readU64(address);
            long a0 = mem.readU64(address + 8);
            long a1 = mem.readU64(address + 16);
            long a2 = mem.readU64(address + 24);
            if (number == SYS_WRITE) {
                result = sysWrite(mem, a0, a1, a2);
            } else if (number == SYS_EXIT) {
                machine().requestExit((int) a0);
                result = 0;
            } else {
                if (!warnedSyscall) {
                    warnedSyscall = true;
                    machine().warn("htif: system call " + number + " is not supported (only write and exit)");
                }
                result = -ENOSYS;
            }
            mem.writeU64(address, result);
        } catch (GuestMemoryException e) {
            // a bad pointer from the guest: nothing to write the result into; answer anyway
            machine().warn("htif: " + e.getMessage() + " (system call block)");
        }
        return 1;
    }

    private long sysWrite(GuestMemory mem, long fd, long buffer, long length) {
        if (fd != 1 && fd != 2) {
            return -EBADF;
        }
        if (length < 0 || length > MAX_WRITE) {
            return -EFAULT;
        }
        byte[] data = new byte[(int) length];
        try {
            mem.read(buffer, data, 0, data.length);
        } catch (GuestMemoryException e) {
            return -EFAULT;
        }
        if (chardev != null) {
            chardev.write(data, 0, data.length);
        }
        return length;
    }

    // --- console input ------------------------------------------------------------------------------------

    @Override
    public synchronized int canReceive() {
        return pendingRead != 0 && fromhost == 0 ? 1 : 0;
    }

    @Override
    public synchronized void receive(byte[] data, int offset, int length) {
        if (length == 0 || pendingRead == 0) {
            return;
        }
        long response = 0x100 | (data[offset] & 0xFF);
        fromhost = ((long) DEVICE_CONSOLE << 56) | ((long) CONSOLE_GETC << 48) | response;
        pendingRead = 0;
        mirror();
    }

    @Override
    protected void buildFdt(FdtContext ctx) {
        FdtNode node = ctx.addNode(this, ctx.fdt().root(), "htif");
        node.setString("compatible", "ucb,htif0");
        long to = mmioAddress(0);
        long from = mmioAddress(1);
        if (to >= 0 && from >= 0 && !isOverlay(0) && !isOverlay(1)) {
            long base = Math.min(to, from);
            node.setReg(base, Math.max(to, from) + 8 - base);
        }
    }

}
