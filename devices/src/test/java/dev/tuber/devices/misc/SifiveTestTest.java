package dev.tuber.devices.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tuber.machine.testing.FakeHost;
import dev.tuber.isa.spi.BusError;
import dev.tuber.machine.Machine;
import dev.tuber.machine.time.MachineClock;

class SifiveTestTest {
    static final long BASE = 0x100000;
    private final FakeHost host = new FakeHost();
    private final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");

    SifiveTestTest() {
        machine.devices().createSysBus(SifiveTest.TYPE, d -> {
        }).mapMmio(0, BASE);
    }

    @AfterEach
    void close() {
        machine.close();
    }

    @Test
    void passExitsWithZero() {
        machine.memory().write(BASE, 4, 0x5555);
        assertEquals(0, host.exitStatus);
    }

    @Test
    void failExitsWithTheCodeInTheHighHalf() {
        machine.memory().write(BASE, 4, (42 << 16) | 0x3333);
        assertEquals(42, host.exitStatus);
    }

    @Test
    void resetRequestsAReset() {
        machine.memory().write(BASE, 4, 0x7777);
        assertEquals(1, host.resets);
        assertNull(host.exitStatus);
    }

    @Test
    void resetWithNoRebootEndsTheRun() {
        machine.setNoReboot(true);
        machine.memory().write(BASE, 2, 0x7777);
        assertEquals(0, host.resets);
        assertEquals(0, host.exitStatus);
    }

    @Test
    void otherValuesOffsetsAndSizes() {
        machine.memory().write(BASE, 4, 0x1234);
        machine.memory().write(BASE + 4, 4, 0x5555);
        assertNull(host.exitStatus);
        assertEquals(0, machine.memory().read(BASE, 4));
        assertThrows(BusError.class, () -> machine.memory().write(BASE, 1, 0x55));
        assertThrows(BusError.class, () -> machine.memory().write(BASE, 8, 0x5555));
        assertNull(host.exitStatus);
    }
}
