package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.Machine;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.options.QemuOpts;

/**
 * The devices of one machine (QEMU's qdev tree and {@code qdev-monitor}): creation by type or
 * name, placement on buses, realize, the phased system reset, device-tree assembly and teardown;
 * and {@code -device} handling, where every error names the option as the user wrote it.
 *
 * <p>Boards create their built-in devices with {@link #createSysBus}, then hand each {@code
 * -device} argument to {@link #addFromOptions}.
 */
public final class DeviceManager {
    private final Machine machine;
    private final SystemBus sysbus;
    private final List<Device> devices = new ArrayList<>();
    private final Map<String, Device> byId = new LinkedHashMap<>();

    public DeviceManager(Machine machine, SystemBus sysbus) {
        this.machine = machine;
        this.sysbus = sysbus;
    }

    public SystemBus sysbus() {
        return sysbus;
    }

    /** Every device created so far, in creation order. */
    public synchronized List<Device> all() {
        return Collections.unmodifiableList(new ArrayList<>(devices));
    }

    /** The device with user id {@code id}, or null. */
    public synchronized Device find(String id) {
        return byId.get(id);
    }

    /** Every bus, depth first from the system bus (the order automatic placement searches). */
    public List<Bus> buses() {
        List<Bus> out = new ArrayList<>();
        collect(sysbus, out);
        return out;
    }

    private static void collect(Bus bus, List<Bus> out) {
        out.add(bus);
        for (Device d : bus.children()) {
            for (Bus b : d.childBuses()) {
                collect(b, out);
            }
        }
    }

    /** The bus called {@code name}, or null. */
    public Bus findBus(String name) {
        for (Bus b : buses()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    // --- creation ----------------------------------------------------------------------------------

    /** Constructs a device of {@code type} for this machine (not plugged, not realized). */
    public <D extends Device> D create(DeviceType<D> type) {
        D d = type.instantiate();
        d.setMachine(machine);
        synchronized (this) {
            devices.add(d);
        }
        return d;
    }

    /** Constructs a device by type name. */
    public Device create(String typeName) {
        DeviceType<?> type = DeviceTypes.find(typeName);
        if (type == null) {
            throw new BoardException("'" + typeName + "' is not a valid device model name (see -device help)");
        }
        return create(type);
    }

    /** Gives {@code d} a user id; ids are unique in the machine. */
    public synchronized void setId(Device d, String id) {
        if (!id.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            throw new BoardException("Parameter 'id' expects an identifier (letters, digits, '-', '.', '_', starting with a letter), not '"
                            + id + "'");
        }
        if (byId.containsKey(id)) {
            throw new BoardException("Duplicate device ID '" + id + "'");
        }
        if (d.id() != null) {
            byId.remove(d.id());
        }
        d.setId(id);
        byId.put(id, d);
    }

    /**
     * Plugs {@code d} into a bus: {@code busName} if given, else the first bus of the device's bus
     * type with room; at address {@code addr} if given, else the bus's first free one.
     */
    public void plug(Device d, String busName, String addr) {
        BusType want = d.type().bus();
        if (want == null) {
            if (busName != null || addr != null) {
                throw new BoardException("device '" + d.type().name() + "' does not plug into a bus");
            }
            return;
        }
        Bus bus;
        if (busName != null) {
            bus = findBus(busName);
            if (bus == null) {
                throw new BoardException("Bus '" + busName + "' not found");
            }
            if (!bus.type().equals(want)) {
                throw new BoardException("Device '" + d.type().name() + "' can't go on " + bus.type() + " bus '" + busName
                                + "' (it needs a " + want + " bus)");
            }
        } else {
            bus = null;
            for (Bus b : buses()) {
                if (b.type().equals(want) && b.hasRoom()) {
                    bus = b;
                    break;
                }
            }
            if (bus == null) {
                throw new BoardException("No '" + want + "' bus with a free slot found for device '" + d.type().name() + "'");
            }
        }
        long address = bus.place(d, addr);
        bus.attach(d, address);
    }

    /** Realizes {@code d} (see {@link Device#onRealize}). */
    public void realize(Device d) {
        d.realize();
    }

    /**
     * Creates, plugs into the system bus and realizes a device, after {@code configure} has set
     * its properties: what a board does for each built-in device.
     */
    public <D extends Device> D createSysBus(DeviceType<D> type, java.util.function.Consumer<? super D> configure) {
        D d = create(type);
        configure.accept(d);
        plug(d, null, null);
        realize(d);
        return d;
    }

    /** {@link #createSysBus(DeviceType, java.util.function.Consumer)} by type name. */
    public SysBusDevice createSysBus(String typeName, java.util.function.Consumer<? super SysBusDevice> configure) {
        DeviceType<?> type = DeviceTypes.find(typeName);
        if (type == null) {
            throw new BoardException("device type '" + typeName + "' is not installed (is the tuber-devices module on the module path?)");
        }
        Device d = create(type);
        if (!(d instanceof SysBusDevice s)) {
            throw new IllegalStateException(typeName + " is not a system-bus device");
        }
        configure.accept(s);
        plug(s, null, null);
        realize(s);
        return s;
    }

    // --- -device -----------------------------------------------------------------------------------

    /**
     * The help {@code -device} asks for ({@code -device help}, {@code -device TYPE,help}), or null
     * if the argument does not ask for help.
     */
    public static String help(String text) {
        QemuOpts o = QemuOpts.parse("-device", text, "driver");
        if (!o.helpRequested()) {
            return null;
        }
        String driver = o.get("driver");
        if (driver == null) {
            return DeviceTypes.listHelp();
        }
        DeviceType<?> type = DeviceTypes.find(driver);
        if (type == null) {
            throw o.error("'" + driver + "' is not a valid device model name (see -device help)");
        }
        return type.help();
    }

    /**
     * Creates a device from a {@code -device} argument: {@code TYPE[,id=ID][,bus=BUS][,addr=N][,prop=value...]}.
     *
     * @throws BoardException for every user error, prefixed with the option
     */
    public Device addFromOptions(String text) {
        QemuOpts o = QemuOpts.parse("-device", text, "driver");
        if (o.helpRequested()) {
            throw o.error("help must be handled before devices are created");
        }
        String driver = o.get("driver");
        if (driver == null) {
            throw o.error("Parameter 'driver' is missing");
        }
        DeviceType<?> type = DeviceTypes.find(driver);
        if (type == null) {
            throw o.error("'" + driver + "' is not a valid device model name (see -device help)");
        }
        if (!type.isUserCreatable()) {
            throw o.error("device '" + driver + "' cannot be added with -device: " + type.notUserCreatableReason());
        }
        String id = o.get("id");
        String bus = o.get("bus");
        String addr = o.get("addr");
        Device d = create(type);
        try {
            if (id != null) {
                setId(d, id);
            }
            for (Map.Entry<String, String> e : o.unused().entrySet()) {
                d.parseProperty(e.getKey(), e.getValue());
            }
            plug(d, bus, addr);
            realize(d);
        } catch (BoardException e) {
            discard(d);
            throw o.error(e.getMessage());
        } catch (RuntimeException e) {
            discard(d);
            throw e;
        }
        return d;
    }

    private synchronized void discard(Device d) {
        devices.remove(d);
        if (d.id() != null) {
            byId.remove(d.id());
        }
        if (d.parentBus() != null) {
            d.parentBus().detach(d);
        }
    }

    // --- whole-machine operations ----------------------------------------------------------------------

    /** The system reset, in QEMU's three phases over every realized device. */
    public void resetAll() {
        List<Device> list = realized();
        list.forEach(Device::onResetEnter);
        list.forEach(Device::onResetHold);
        list.forEach(Device::onResetExit);
    }

    /** Lets every realized device add itself to the device tree, in creation order. */
    public void buildFdt(FdtContext ctx) {
        for (Device d : realized()) {
            d.buildFdt(ctx);
        }
    }

    /** Unrealizes every device, last created first. */
    public void unrealizeAll() {
        List<Device> list = realized();
        Collections.reverse(list);
        for (Device d : list) {
            d.unrealize();
        }
    }

    private synchronized List<Device> realized() {
        List<Device> out = new ArrayList<>();
        for (Device d : devices) {
            if (d.isRealized()) {
                out.add(d);
            }
        }
        return out;
    }
}
