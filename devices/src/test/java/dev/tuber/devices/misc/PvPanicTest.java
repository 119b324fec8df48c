package dev.tuber.devices.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.Machine;
import dev.tuber.machine.PanicAction;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.time.MachineClock;

class PvPanicTest {
    static final long BASE = 0x4000000L;

    private final FakeHost host = new FakeHost();
    private final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");
    private Chardev console;

    @BeforeEach
    void setUp() {
        console = machine.chardevs().addSerial("null");
        PvPanic p = machine.devices().createSysBus(PvPanic.TYPE, d -> {
        });
        p.mapMmio(0, BASE);
        machine.reset();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            sb.append("console line ").append(i).append("\r\n");
        }
        sb.append("Kernel panic - not syncing: Attempted to kill init!");
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        console.write(b, 0, b.length);
    }

    @AfterEach
    void close() {
        machine.close();
    }

    @Test
    void readsTheSupportedEvents() {
        assertEquals(PvPanic.PANICKED | PvPanic.CRASH_LOADED, machine.memory().read(BASE, 1));
    }

    @Test
    void aPanicEndsTheRunWithStatusOneAndShowsTheConsoleTail() {
        machine.memory().write(BASE, 1, PvPanic.PANICKED);
        assertEquals(1, host.exitStatus);
        String err = host.errors();
        assertTrue(err.startsWith("tuber: guest panicked\n"), err);
        String[] lines = err.split("\n");
        assertEquals(1 + Machine.PANIC_TAIL_LINES, lines.length, err);
        assertEquals("console line 12", lines[1], "the last 20 lines, without carriage returns");
        assertEquals("Kernel panic - not syncing: Attempted to kill init!", lines[lines.length - 1]);
        assertFalse(err.contains("console line 11\n"));

        machine.memory().write(BASE, 1, PvPanic.PANICKED);
        assertEquals(err, host.errors(), "reported once");
    }

    @Test
    void panicActionsFollowQemu() {
        machine.setPanicAction(PanicAction.parse("none"));
        machine.memory().write(BASE, 1, PvPanic.PANICKED);
        assertNull(host.exitStatus, "panic=none: the guest carries on");
        assertTrue(host.errors().startsWith("tuber: guest panicked\n"));
        assertTrue(machine.hasPanicked());

        machine.reset();
        assertFalse(machine.hasPanicked());
        machine.setPanicAction(PanicAction.parse("shutdown"));
        machine.memory().write(BASE, 1, PvPanic.PANICKED);
        assertEquals(0, host.exitStatus, "panic=shutdown ends the run with 0, as QEMU");
    }

    @Test
    void crashLoadedIsOnlyReported() {
        machine.memory().write(BASE, 1, PvPanic.CRASH_LOADED);
        assertNull(host.exitStatus);
        assertTrue(host.errors().contains("crash kernel"), host.errors());
    }

    @Test
    void pauseIsRefusedWithAReason() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.tuber.isa.spi.BoardException.class, () -> PanicAction.parse("pause"));
        assertTrue(e.getMessage().contains("no monitor"), e.getMessage());
    }
}
