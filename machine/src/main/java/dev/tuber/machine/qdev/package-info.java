/**
 * The device object model, after QEMU's qdev.
 *
 * <h2>Types and properties</h2>
 * A {@link dev.tuber.machine.qdev.DeviceType} names a kind of device, the {@link
 * dev.tuber.machine.qdev.BusType} it plugs into, whether {@code -device} may create it (and if not,
 * why), and its one property table: a list of {@link dev.tuber.machine.qdev.Property} constants
 * (name, {@link dev.tuber.machine.qdev.PropertyType}, default, help). That table alone drives
 * {@code -device TYPE,prop=value} parsing ({@link dev.tuber.machine.qdev.PropertySet#parse}),
 * {@code -device TYPE,help} ({@link dev.tuber.machine.qdev.DeviceType#help}), defaults, the
 * introspection of {@link dev.tuber.machine.qdev.Device#propertyValues} and the values devices
 * write into the device tree. Types reach the machine through {@link
 * dev.tuber.machine.qdev.DeviceCatalog} services and are looked up by name in {@link
 * dev.tuber.machine.qdev.DeviceTypes}.
 *
 * <h2>Lifecycle</h2>
 * Construct (cannot fail) &rarr; set properties &rarr; plug into a bus &rarr; realize (may fail with
 * a user-facing {@link dev.tuber.isa.spi.BoardException}; claims back ends; freezes properties)
 * &rarr; reset in three phases (enter, hold, exit) at power-on and every system reset &rarr;
 * unrealize. See {@link dev.tuber.machine.qdev.Device}.
 *
 * <h2>Buses and placement</h2>
 * Buses are objects ({@link dev.tuber.machine.qdev.Bus}): the {@link
 * dev.tuber.machine.qdev.SystemBus}, and buses that devices provide ({@link
 * dev.tuber.machine.qdev.SlotBus}: a virtio-mmio transport's virtio bus, a PCI bus). {@code
 * bus=NAME,addr=N} places a device explicitly; otherwise {@link
 * dev.tuber.machine.qdev.DeviceManager#plug} takes the first free slot of the first bus of the
 * right type, searching depth first from the system bus. Device ids ({@code id=}) are unique.
 *
 * <h2>System-bus devices</h2>
 * {@link dev.tuber.machine.qdev.SysBusDevice}s declare register windows and interrupt outputs; the
 * board maps the windows at addresses from its memory map and connects the outputs to interrupt
 * controller inputs ({@link dev.tuber.machine.irq}). Because an output knows which controller input
 * it drives, a device's device-tree method can write its {@code interrupts} from the wiring.
 * Interrupt controllers offer their inputs the same way ({@link
 * dev.tuber.machine.qdev.Device#irqInput}, QEMU's GPIO inputs): the board connects a device's
 * output to {@code plic.irqInput("source", n)}.
 */
package dev.tuber.machine.qdev;
