package dev.tuber.machine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.block.Drive;
import dev.tuber.machine.block.Drives;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.chardev.Chardevs;
import dev.tuber.machine.chardev.StdioChardev;
import dev.tuber.machine.memory.AddressSpace;
import dev.tuber.machine.memory.GuestMemory;
import dev.tuber.machine.memory.MemoryBlock;
import dev.tuber.machine.qdev.DeviceManager;
import dev.tuber.machine.qdev.PropertyContext;
import dev.tuber.machine.qdev.SystemBus;
import dev.tuber.machine.time.MachineClock;

/**
 * Everything a board is made of, apart from its layout: the physical address space, the devices
 * and their buses, the character and block back ends, the platform clock, a timer thread, and the
 * requests that go back to the CPU ({@link MachineHost}). Devices reach these through {@link
 * dev.tuber.machine.qdev.Device#machine()}.
 *
 * <p>Boards ({@code dev.tuber.machine.board}) fill a machine from a configuration and implement
 * the CPU's {@code Board} interface on top of it.
 */
public class Machine implements PropertyContext, AutoCloseable {
    private final MachineHost host;
    private final Path workingDirectory;
    private final Arena arena = Arena.ofShared();
    private final AddressSpace memory = new AddressSpace();
    private final GuestMemory guestMemory;
    private final SystemBus sysbus = new SystemBus();
    private final DeviceManager devices;
    private final Chardevs chardevs;
    private final Drives drives;
    private final MachineClock clock;
    private ScheduledThreadPoolExecutor scheduler;
    private volatile boolean noReboot;
    private volatile PanicAction panicAction = PanicAction.EXIT_FAILURE;
    private volatile LongSupplier realTime = Machine::hostRealTimeNanos;
    private final AtomicBoolean panicked = new AtomicBoolean();
    private boolean closed;

    /**
     * @param workingDirectory where relative file names resolve
     * @param timebaseFrequency the platform timer's frequency ({@link MachineClock#DEFAULT_FREQUENCY})
     * @param defaultDriveInterface the board's {@code -drive if=} default
     */
    public Machine(MachineHost host, Path workingDirectory, long timebaseFrequency, String defaultDriveInterface) {
        this.host = host;
        this.workingDirectory = workingDirectory;
        this.guestMemory = new GuestMemory(memory, host);
        this.memory.setWriteObserver(host::memoryWritten);
        this.devices = new DeviceManager(this, sysbus);
        this.clock = new MachineClock(timebaseFrequency);
        this.drives = new Drives(this::resolve, defaultDriveInterface, host.err());
        this.chardevs = new Chardevs(host, this::resolve, new StdioChardev.MuxActions() {
            @Override
            public void exit() {
                requestExit(0);
            }

            @Override
            public void flushDrives() {
                drives.flushAll();
            }
        });
    }

    public MachineHost host() {
        return host;
    }

    /** The physical address space (the harts' bus). */
    public AddressSpace memory() {
        return memory;
    }

    /** RAM as DMA-capable devices see it. */
    public GuestMemory guestMemory() {
        return guestMemory;
    }

    public SystemBus sysbus() {
        return sysbus;
    }

    public DeviceManager devices() {
        return devices;
    }

    public Chardevs chardevs() {
        return chardevs;
    }

    public Drives drives() {
        return drives;
    }

    /** The platform timer ({@code mtime}, the {@code time} CSR). */
    public MachineClock clock() {
        return clock;
    }

    /** Turns a file name from the command line into a path (relative to the working directory). */
    public Path resolve(String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || workingDirectory == null ? p : workingDirectory.resolve(p);
    }

    /** Allocates a RAM bank (zeroed, lazily on Linux) that lives as long as the machine. */
    public MemoryBlock allocateRam(String name, long size) {
        return MemoryBlock.ram(name, size, arena);
    }

    /** Allocates a ROM bank that lives as long as the machine. */
    public MemoryBlock allocateRom(String name, long size) {
        return MemoryBlock.rom(name, size, arena);
    }

    /**
     * The machine's timer thread (one daemon thread), for device timers: CLINT deadlines, UART
     * timeouts. Tasks must be short and must synchronise with the device they belong to. Created
     * when a device first needs it, which also lowers the compiler threads' priority ({@link
     * CompilerThreads}).
     */
    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tuber-timers");
                t.setDaemon(true);
                return t;
            });
            scheduler.setRemoveOnCancelPolicy(true);
            scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            // deliberately here, with the first device timer, not with every machine: see CompilerThreads
            CompilerThreads.watch(scheduler);
        }
        return scheduler;
    }

    /** QEMU's {@code -no-reboot}: a guest reset request ends the run with status 0. */
    public void setNoReboot(boolean value) {
        this.noReboot = value;
    }

    /** What a guest panic does (QEMU's {@code -action panic=}); {@link PanicAction#EXIT_FAILURE} by default. */
    public void setPanicAction(PanicAction action) {
        this.panicAction = Objects.requireNonNull(action);
    }

    public PanicAction panicAction() {
        return panicAction;
    }

    /** Lines of console output shown when the guest panics. */
    public static final int PANIC_TAIL_LINES = 20;

    /**
     * The guest reported a panic (pvpanic): the first report writes {@code tuber: guest panicked}
     * and the last {@value #PANIC_TAIL_LINES} lines of the console ({@code -serial} 0) to standard
     * error, then the {@linkplain #setPanicAction panic action} applies: by default the run ends
     * with status 1.
     */
    public void guestPanicked() {
        if (!panicked.compareAndSet(false, true)) {
            return;
        }
        StringBuilder sb = new StringBuilder("tuber: guest panicked\n");
        Chardev console = chardevs.serial(0);
        if (console != null) {
            for (String line : console.tail().lastLines(PANIC_TAIL_LINES)) {
                sb.append(line).append('\n');
            }
        }
        try {
            host.out().flush();
            host.err().write(sb.toString().getBytes(StandardCharsets.UTF_8));
            host.err().flush();
        } catch (IOException e) {
            // diagnostics are best effort
        }
        switch (panicAction) {
            case EXIT_FAILURE -> requestExit(1);
            case SHUTDOWN -> requestExit(0);
            case NONE -> {
                // the guest carries on
            }
        }
    }

    /** Whether the guest has reported a panic since the machine was built or last reset. */
    public boolean hasPanicked() {
        return panicked.get();
    }

    /**
     * The host's wall-clock time in nanoseconds since the Unix epoch, as real-time clocks (the
     * Goldfish RTC) read it.
     */
    public long realTimeNanos() {
        return realTime.getAsLong();
    }

    /** Replaces the wall clock (tests; QEMU's {@code -rtc base=...} later). */
    public void setRealTimeSource(LongSupplier nanosSinceEpoch) {
        this.realTime = Objects.requireNonNull(nanosSinceEpoch);
    }

    private static long hostRealTimeNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Ends the run with {@code status} (the process exit status of a command-line run). */
    public void requestExit(int status) {
        host.requestExit(status);
    }

    /** A guest-requested system reset; with {@code -no-reboot} the run ends with status 0 instead. */
    public void requestReset() {
        if (noReboot) {
            host.requestExit(0);
        } else {
            host.requestReset();
        }
    }

    /** Writes a one-line diagnostic to the host's standard error. */
    public void warn(String message) {
        try {
            host.err().write(("warning: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            host.err().flush();
        } catch (IOException e) {
            // diagnostics are best effort
        }
    }

    /** The system reset of every device (three phases). */
    public void reset() {
        panicked.set(false);
        devices.resetAll();
    }

    /** Unrealizes the devices and releases back ends, threads and memory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            devices.unrealizeAll();
        } finally {
            if (scheduler != null) {
                scheduler.shutdownNow();
                try {
                    scheduler.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            chardevs.close();
            drives.close();
            arena.close();
        }
    }

    // --- PropertyContext ---------------------------------------------------------------------------

    @Override
    public Chardev chardev(String id) {
        return chardevs.find(id);
    }

    @Override
    public Drive drive(String id) {
        return drives.find(id);
    }
}
