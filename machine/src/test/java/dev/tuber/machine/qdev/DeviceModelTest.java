package dev.tuber.machine.qdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.Machine;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.time.MachineClock;

class DeviceModelTest {
    static final BusType TEST_BUS = new BusType("test-bus");
    static final List<String> EVENTS = new ArrayList<>();

    /** A user-creatable device with one property of each kind. */
    static final class Widget extends Device {
        static final Property<Boolean> FLAG = Property.bool("flag", false, "a switch");
        static final Property<Long> COUNT = Property.uint32("count", 3, "how many");
        static final Property<Long> BUF = Property.size("buf", 4096, "buffer size");
        static final Property<String> LABEL = Property.string("label", null, "a name");
        static final Property<String> MODE = Property.choice("mode", "WidgetMode", "fast", "speed", "fast", "slow");
        static final Property<Chardev> CHARDEV = Property.chardev("chardev", "ID of a chardev to use as a backend");
        static final DeviceType<Widget> TYPE = DeviceType.builder("test-widget", Widget::new)
                        .description("a widget for tests")
                        .category(DeviceCategory.MISC)
                        .bus(TEST_BUS)
                        .properties(FLAG, COUNT, BUF, LABEL, MODE, CHARDEV)
                        .build();

        Widget(DeviceType<Widget> type) {
            super(type);
        }

        @Override
        protected void onRealize() {
            if (get(COUNT) == 0) {
                throw new BoardException("test-widget: count must be positive");
            }
            EVENTS.add("realize " + id());
        }

        @Override
        protected void onUnrealize() {
            EVENTS.add("unrealize " + id());
        }

        @Override
        protected void onResetEnter() {
            EVENTS.add("enter " + id());
        }

        @Override
        protected void onResetHold() {
            EVENTS.add("hold " + id());
        }

        @Override
        protected void onResetExit() {
            EVENTS.add("exit " + id());
        }
    }

    /** A system-bus device that provides a two-slot test bus. */
    static final class Bridge extends SysBusDevice {
        static final DeviceType<Bridge> TYPE = DeviceType.builder("test-bridge", Bridge::new)
                        .bus(BusType.SYSTEM)
                        .notUserCreatable("tests create it")
                        .build();
        static int count;
        final SlotBus bus;

        Bridge(DeviceType<Bridge> type) {
            super(type);
            bus = addChildBus(new SlotBus("test-bus." + count++, TEST_BUS, this, 2));
        }
    }

    private final FakeHost host = new FakeHost();
    private final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");

    @BeforeAll
    static void register() {
        DeviceTypes.register(Widget.TYPE);
        DeviceTypes.register(Bridge.TYPE);
    }

    @AfterAll
    static void unregister() {
        DeviceTypes.unregister(Widget.TYPE);
        DeviceTypes.unregister(Bridge.TYPE);
    }

    @AfterEach
    void close() {
        machine.close();
        EVENTS.clear();
    }

    private Bridge bridge() {
        return machine.devices().createSysBus(Bridge.TYPE, b -> {
        });
    }

    @Test
    void helpComesFromThePropertyTable() {
        String help = Widget.TYPE.help();
        assertTrue(help.startsWith("test-widget options:\n"), help);
        assertTrue(help.contains("  count=<uint32>         - how many (default: 3)"), help);
        assertTrue(help.contains("  flag=<bool>            - on/off, a switch (default: off)"), help);
        assertTrue(help.contains("  buf=<size>"), help);
        assertTrue(help.contains("  mode=<WidgetMode>      - fast/slow, speed (default: fast)"), help);
        assertTrue(help.contains("  chardev=<str>          - ID of a chardev to use as a backend"), help);
        assertTrue(help.indexOf("buf=") < help.indexOf("chardev=") && help.indexOf("chardev=") < help.indexOf("count="), "sorted");
        assertEquals(help, DeviceManager.help("test-widget,help"));
        assertTrue(Bridge.TYPE.help().contains("cannot be created with -device: tests create it"));
    }

    @Test
    void deviceListShowsUserCreatableTypesByCategory() {
        String list = DeviceTypes.listHelp();
        assertTrue(list.contains("Misc devices:\nname \"test-widget\", bus test-bus, desc \"a widget for tests\"\n"), list);
        assertFalse(list.contains("test-bridge"), list);
        assertEquals(list, DeviceManager.help("help"));
    }

    @Test
    void defaultsAndParsedValues() {
        bridge();
        Device d = machine.devices().addFromOptions("test-widget,id=w0,flag=on,count=0x10,buf=2M,label=a,,b,mode=slow");
        assertSame(d, machine.devices().find("w0"));
        Widget w = (Widget) d;
        assertTrue(w.get(Widget.FLAG));
        assertEquals(16, w.get(Widget.COUNT));
        assertEquals(2 << 20, w.get(Widget.BUF));
        assertEquals("a,b", w.get(Widget.LABEL));
        assertEquals("slow", w.get(Widget.MODE));
        assertNull(w.get(Widget.CHARDEV));
        assertEquals("on", w.propertyValues().get("flag"));
        assertTrue(w.isSet(Widget.FLAG));
        assertFalse(w.isSet(Widget.CHARDEV));
    }

    @Test
    void unknownPropertyNamesTheDeviceAndListsValidOnes() {
        bridge();
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,colour=red"));
        assertEquals("-device test-widget,colour=red: Property 'test-widget.colour' not found "
                        + "(valid properties: flag, count, buf, label, mode, chardev)", e.getMessage());
    }

    @Test
    void invalidValuesAreErrors() {
        bridge();
        assertMessage("Property 'test-widget.flag' expects 'on' or 'off', not 'maybe'", "test-widget,flag=maybe");
        assertMessage("Property 'test-widget.count' expects uint32 (0..4294967295), not 'x'", "test-widget,count=x");
        assertMessage("Property 'test-widget.count' expects uint32 (0..4294967295), not 4294967296", "test-widget,count=4294967296");
        assertMessage("Property 'test-widget.mode' expects one of fast, slow, not 'warp'", "test-widget,mode=warp");
        assertMessage("Property 'test-widget.chardev' can't find value 'nope' (no -chardev with that id)", "test-widget,chardev=nope");
        assertTrue(assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,buf=1Q")).getMessage()
                        .contains("'test-widget.buf' expects a size"));
    }

    private void assertMessage(String expected, String arg) {
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions(arg));
        assertEquals("-device " + arg + ": " + expected, e.getMessage());
    }

    @Test
    void typeErrors() {
        assertEquals("-device nosuch: 'nosuch' is not a valid device model name (see -device help)",
                        assertThrows(BoardException.class, () -> machine.devices().addFromOptions("nosuch")).getMessage());
        assertEquals("-device test-bridge: device 'test-bridge' cannot be added with -device: tests create it",
                        assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-bridge")).getMessage());
        assertEquals("-device id=x: Parameter 'driver' is missing",
                        assertThrows(BoardException.class, () -> machine.devices().addFromOptions("id=x")).getMessage());
    }

    @Test
    void placementOnTheFirstFreeSlotOfTheFirstMatchingBus() {
        Bridge b0 = bridge();
        Bridge b1 = bridge();
        Device a = machine.devices().addFromOptions("test-widget,id=a");
        Device b = machine.devices().addFromOptions("test-widget,id=b");
        Device c = machine.devices().addFromOptions("test-widget,id=c");
        assertSame(b0.bus, a.parentBus());
        assertEquals(0, a.busAddress());
        assertSame(b0.bus, b.parentBus());
        assertEquals(1, b.busAddress());
        assertSame(b1.bus, c.parentBus());
        assertEquals(0, c.busAddress());
        Device d = machine.devices().addFromOptions("test-widget,id=d");
        assertEquals(1, d.busAddress());
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,id=e"));
        assertEquals("-device test-widget,id=e: No 'test-bus' bus with a free slot found for device 'test-widget'", e.getMessage());
        assertNull(machine.devices().find("e"), "a failed device is forgotten");
    }

    @Test
    void explicitBusAndAddress() {
        Bridge b0 = bridge();
        Bridge b1 = bridge();
        Device a = machine.devices().addFromOptions("test-widget,bus=" + b1.bus.name() + ",addr=1");
        assertSame(b1.bus, a.parentBus());
        assertEquals(1, a.busAddress());
        assertSame(a, b1.bus.slot(1));
        assertTrue(assertThrows(BoardException.class,
                        () -> machine.devices().addFromOptions("test-widget,bus=" + b1.bus.name() + ",addr=1")).getMessage()
                        .contains("slot 1 of bus '" + b1.bus.name() + "' is in use by 'test-widget'"));
        assertTrue(assertThrows(BoardException.class,
                        () -> machine.devices().addFromOptions("test-widget,bus=" + b0.bus.name() + ",addr=7")).getMessage()
                        .contains("out of range"));
        assertTrue(assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,bus=nowhere")).getMessage()
                        .endsWith("Bus 'nowhere' not found"));
        assertTrue(assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,bus=main-system-bus"))
                        .getMessage().contains("can't go on System bus 'main-system-bus'"));
        assertEquals(List.of(machine.sysbus(), b0.bus, b1.bus), machine.devices().buses());
    }

    @Test
    void noBusNoDevice() {
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget"));
        assertTrue(e.getMessage().contains("No 'test-bus' bus"), e.getMessage());
    }

    @Test
    void realizeErrorsAreReportedAndLeaveNoTrace() {
        Bridge b = bridge();
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,id=z,count=0"));
        assertEquals("-device test-widget,id=z,count=0: test-widget: count must be positive", e.getMessage());
        assertNull(machine.devices().find("z"));
        assertTrue(b.bus.hasRoom());
        assertNull(b.bus.slot(0), "the slot is free again");
    }

    @Test
    void idsAreUniqueAndWellFormed() {
        bridge();
        machine.devices().addFromOptions("test-widget,id=w");
        assertTrue(assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,id=w")).getMessage()
                        .endsWith("Duplicate device ID 'w'"));
        assertTrue(assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,id=9x")).getMessage()
                        .contains("expects an identifier"));
    }

    @Test
    void propertiesAreFrozenAfterRealize() {
        bridge();
        Widget w = (Widget) machine.devices().addFromOptions("test-widget");
        assertTrue(w.isRealized());
        assertThrows(IllegalStateException.class, () -> w.set(Widget.COUNT, 5L));
        assertThrows(BoardException.class, () -> w.parseProperty("count", "5"));
        assertEquals(3, w.get(Widget.COUNT));
    }

    @Test
    void programmaticSettersCheckTypes() {
        Widget w = machine.devices().create(Widget.TYPE);
        w.setProperty("count", 7);
        assertEquals(7, w.get(Widget.COUNT));
        assertThrows(IllegalArgumentException.class, () -> w.setProperty("count", "seven"));
        assertThrows(IllegalArgumentException.class, () -> w.set(Widget.MODE, "warp"));
        assertThrows(BoardException.class, () -> w.setProperty("nope", 1));
    }

    @Test
    void chardevsAreClaimedByOneDevice() {
        bridge();
        machine.chardevs().addFromOptions("null,id=c0");
        machine.devices().addFromOptions("test-widget,id=a,chardev=c0");
        assertEquals("device 'test-widget' (id 'a')", machine.chardev("c0").claimedBy());
        BoardException e = assertThrows(BoardException.class, () -> machine.devices().addFromOptions("test-widget,id=b,chardev=c0"));
        assertTrue(e.getMessage().endsWith("chardev 'c0' is already in use by device 'test-widget' (id 'a')"), e.getMessage());
    }

    @Test
    void resetIsPhasedAcrossDevicesAndUnrealizeIsReversed() {
        bridge();
        machine.devices().addFromOptions("test-widget,id=a");
        machine.devices().addFromOptions("test-widget,id=b");
        EVENTS.clear();
        machine.reset();
        assertEquals(List.of("enter a", "enter b", "hold a", "hold b", "exit a", "exit b"), EVENTS);
        EVENTS.clear();
        machine.close();
        assertEquals(List.of("unrealize b", "unrealize a"), EVENTS);
    }

    @Test
    void typeTablesRejectDuplicateProperties() {
        assertThrows(IllegalArgumentException.class, () -> DeviceType.builder("dup", Widget::new)
                        .properties(Widget.FLAG, Property.bool("flag", true, "again")).build());
        assertThrows(IllegalArgumentException.class, () -> Property.uint8("bad name", 0, ""));
        assertThrows(IllegalArgumentException.class, () -> Property.uint8("big", 300, ""));
    }
}
