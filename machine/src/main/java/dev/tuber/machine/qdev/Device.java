package dev.tuber.machine.qdev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.Machine;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.irq.InterruptController;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqLine;
import dev.tuber.machine.irq.IrqOutput;

/**
 * A device (QEMU's {@code DeviceState}), with QEMU's lifecycle:
 *
 * <ol>
 * <li><b>construct</b> ({@link DeviceType#instantiate}): cannot fail; declares interrupt outputs
 * and child buses that do not depend on properties.
 * <li><b>set properties</b>: the board with {@link #set}/{@link #setProperty}, the user with
 * {@code -device TYPE,prop=value} ({@link #parseProperty}).
 * <li><b>plug</b> into a bus ({@link DeviceManager#plug}).
 * <li><b>realize</b> ({@link #onRealize}): may fail with a {@link BoardException} whose message
 * the user sees; claims the back ends its properties name; afterwards properties are frozen.
 * <li><b>reset</b>, in three phases across all devices ({@link #onResetEnter}, {@link
 * #onResetHold}, {@link #onResetExit}), at power-on and at every system reset.
 * <li><b>unrealize</b> ({@link #onUnrealize}): releases threads, timers and back ends.
 * </ol>
 *
 * Between realize and unrealize the device's {@link dev.tuber.machine.memory.MmioHandler}s and
 * back-end callbacks may run on any thread; implementations synchronise their state.
 *
 * <p>A device describes itself in the device tree with {@link #buildFdt}, called once all devices
 * are realized.
 */
public abstract class Device {
    /** Where a device is in its lifecycle. */
    public enum State {
        CREATED,
        REALIZED,
        UNREALIZED
    }

    private final DeviceType<?> type;
    private final PropertySet properties;
    private final Map<String, IrqOutput[]> irqOutputs = new LinkedHashMap<>();
    private final Map<String, InterruptInput[]> irqInputs = new LinkedHashMap<>();
    private final List<Bus> childBuses = new ArrayList<>();
    private Machine machine;
    private String id;
    private Bus parentBus;
    private long busAddress = -1;
    private State state = State.CREATED;
    private final List<Claimable> claims = new ArrayList<>();

    protected Device(DeviceType<?> type) {
        this.type = type;
        this.properties = new PropertySet(type.name(), type.properties());
    }

    public final DeviceType<?> type() {
        return type;
    }

    /** The machine the device belongs to; set when it is created through a {@link DeviceManager}. */
    public final Machine machine() {
        if (machine == null) {
            throw new IllegalStateException(describe() + " does not belong to a machine");
        }
        return machine;
    }

    final void setMachine(Machine m) {
        this.machine = m;
    }

    /** The user-given id, or null. */
    public final String id() {
        return id;
    }

    final void setId(String newId) {
        this.id = newId;
    }

    public final Bus parentBus() {
        return parentBus;
    }

    /** The device's address on its bus (slot number), or -1. */
    public final long busAddress() {
        return busAddress;
    }

    final void attached(Bus bus, long address) {
        this.parentBus = bus;
        this.busAddress = address;
    }

    public final State state() {
        return state;
    }

    public final boolean isRealized() {
        return state == State.REALIZED;
    }

    /** {@code type 'id'} or just the type, for messages. */
    public final String describe() {
        return id == null ? "'" + type.name() + "'" : "'" + type.name() + "' (id '" + id + "')";
    }

    // --- properties --------------------------------------------------------------------------------

    /** The value of one of this type's properties. */
    public final <T> T get(Property<T> p) {
        return properties.get(p);
    }

    /** A {@code uint*} property as an int (for sizes and counts that fit). */
    protected final int getInt(Property<Long> p) {
        return (int) (long) properties.get(p);
    }

    /** Sets a property before realize. */
    public final <T> void set(Property<T> p, T value) {
        properties.set(p, value);
    }

    /** Sets a property by name before realize, e.g. {@code setProperty("num-harts", 4L)}. */
    public final void setProperty(String name, Object value) {
        properties.setByName(name, value);
    }

    /** Sets a property from its text form, resolving back-end references through the machine. */
    public final void parseProperty(String name, String text) {
        properties.parse(name, text, machine == null ? PropertyContext.NONE : machine);
    }

    /** Whether the property was set rather than left at its default. */
    public final boolean isSet(Property<?> p) {
        return properties.isSet(p);
    }

    /** The properties' current values in text form, in table order (introspection). */
    public final Map<String, String> propertyValues() {
        return properties.formatAll();
    }

    /** The value of property {@code name} in text form. */
    public final String formatProperty(String name) {
        return properties.format(name);
    }

    // --- interrupt outputs and child buses --------------------------------------------------------

    /** Declares {@code count} interrupt outputs called {@code name} (QEMU's named GPIO outputs). */
    protected final IrqOutput[] addIrqOutputs(String name, int count) {
        if (irqOutputs.containsKey(name)) {
            throw new IllegalStateException(describe() + " already has outputs '" + name + "'");
        }
        IrqOutput[] outs = new IrqOutput[count];
        for (int i = 0; i < count; i++) {
            outs[i] = new IrqOutput(name + "[" + i + "]");
        }
        irqOutputs.put(name, outs);
        return outs;
    }

    /** Output {@code index} of the outputs called {@code name}. */
    public final IrqOutput irqOutput(String name, int index) {
        IrqOutput[] outs = irqOutputs.get(name);
        if (outs == null) {
            throw new IllegalArgumentException(describe() + " has no interrupt outputs '" + name + "' (it has " + irqOutputs.keySet() + ")");
        }
        if (index < 0 || index >= outs.length) {
            throw new IllegalArgumentException(describe() + " has " + outs.length + " outputs '" + name + "', not " + (index + 1));
        }
        return outs[index];
    }

    /** All interrupt outputs by name. */
    public final Map<String, List<IrqOutput>> irqOutputs() {
        Map<String, List<IrqOutput>> out = new LinkedHashMap<>();
        irqOutputs.forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    /**
     * Declares {@code count} interrupt inputs called {@code name}, numbered from 0 (QEMU's named
     * GPIO inputs): what an interrupt controller offers the devices wired to it. Input {@code n}
     * belongs to {@code controller} as its number {@code n} (for the device tree) and hands levels
     * to {@code handler.apply(n)}.
     */
    protected final InterruptInput[] addIrqInputs(String name, InterruptController controller, int count,
                    IntFunction<IrqLine> handler) {
        if (irqInputs.containsKey(name)) {
            throw new IllegalStateException(describe() + " already has inputs '" + name + "'");
        }
        InterruptInput[] ins = new InterruptInput[count];
        for (int i = 0; i < count; i++) {
            ins[i] = new InterruptInput(controller, i, handler.apply(i));
        }
        irqInputs.put(name, ins);
        return ins;
    }

    /** Input {@code index} of the inputs called {@code name} (QEMU's {@code qdev_get_gpio_in_named}). */
    public final InterruptInput irqInput(String name, int index) {
        InterruptInput[] ins = irqInputs.get(name);
        if (ins == null) {
            throw new IllegalArgumentException(describe() + " has no interrupt inputs '" + name + "' (it has " + irqInputs.keySet() + ")");
        }
        if (index < 0 || index >= ins.length) {
            throw new IllegalArgumentException(describe() + " has " + ins.length + " inputs '" + name + "', not " + (index + 1));
        }
        return ins[index];
    }

    /** Adds a bus this device provides (a virtio-mmio transport's virtio bus). */
    protected final <B extends Bus> B addChildBus(B bus) {
        childBuses.add(bus);
        return bus;
    }

    public final List<Bus> childBuses() {
        return Collections.unmodifiableList(childBuses);
    }

    // --- lifecycle ---------------------------------------------------------------------------------

    final void realize() {
        if (state != State.CREATED) {
            throw new IllegalStateException(describe() + " is " + state);
        }
        if (type.bus() != null && parentBus == null) {
            throw new IllegalStateException(describe() + " must be plugged into a " + type.bus() + " bus before realize");
        }
        String owner = claimOwner();
        List<Claimable> taken = new ArrayList<>();
        try {
            for (Object v : properties.values().values()) {
                if (v instanceof Claimable c) {
                    c.claim(owner);
                    taken.add(c);
                }
            }
            onRealize();
        } catch (RuntimeException e) {
            for (Claimable c : taken) {
                c.release(owner);
            }
            throw e;
        }
        claims.addAll(taken);
        properties.freeze();
        state = State.REALIZED;
    }

    final void unrealize() {
        if (state != State.REALIZED) {
            return;
        }
        try {
            onUnrealize();
        } finally {
            String owner = claimOwner();
            for (Claimable c : claims) {
                c.release(owner);
            }
            claims.clear();
            state = State.UNREALIZED;
        }
    }

    /**
     * Who claims the device's back ends, as messages name it. A device without id on a bus other
     * than the system bus is named with its place ({@code device 'virtio-blk-device' on
     * virtio-mmio-bus.7}), so that two such devices of one type cannot share a back end.
     */
    private String claimOwner() {
        String s = "device " + describe();
        if (id == null && parentBus != null && !(parentBus instanceof SystemBus)) {
            s += " on " + parentBus.name() + (parentBus instanceof SlotBus sb && sb.slotCount() == 1 ? "" : " addr " + parentBus.formatAddress(busAddress));
        }
        return s;
    }

    /**
     * Checks the properties and acquires what the device needs (register windows, back ends,
     * timers). Runs once. A {@link BoardException} here is a user error (a missing chardev, a bad
     * combination of properties); its message should say how to fix it.
     */
    protected void onRealize() {
    }

    /** Releases what {@link #onRealize} acquired. Must not throw. */
    protected void onUnrealize() {
    }

    /** Reset, phase 1: return internal state to power-on values; do not touch other devices. */
    protected void onResetEnter() {
    }

    /** Reset, phase 2: drive outputs (interrupt lines) to their reset levels. */
    protected void onResetHold() {
    }

    /** Reset, phase 3: resume activity (timers, input). */
    protected void onResetExit() {
    }

    /**
     * Adds the device's node(s) to the device tree. Called after every device is realized; the
     * default adds nothing.
     */
    protected void buildFdt(FdtContext ctx) {
    }

    /** Lowers every interrupt output (a convenience for {@link #onResetHold}). */
    protected final void lowerAllIrqOutputs() {
        for (IrqOutput[] outs : irqOutputs.values()) {
            Arrays.stream(outs).forEach(IrqOutput::lower);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
