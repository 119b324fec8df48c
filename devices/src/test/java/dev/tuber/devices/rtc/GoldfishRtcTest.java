package dev.tuber.devices.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tuber.machine.testing.FakeHost;
import dev.tuber.isa.spi.BusError;
import dev.tuber.machine.Machine;
import dev.tuber.machine.time.MachineClock;

class GoldfishRtcTest {
    static final long BASE = 0x101000L;
    /** 2026-01-02T03:04:05Z plus 123456789 ns. */
    static final long START = 1_767_323_045_123_456_789L;

    private final Machine machine = new Machine(new FakeHost(), null, MachineClock.DEFAULT_FREQUENCY, "none");
    private final AtomicLong wallClock = new AtomicLong(START);
    private GoldfishRtc rtc;

    @BeforeEach
    void setUp() {
        machine.setRealTimeSource(wallClock::get);
        rtc = machine.devices().createSysBus(GoldfishRtc.TYPE, d -> {
        });
        rtc.mapMmio(0, BASE);
        machine.reset();
    }

    @AfterEach
    void close() {
        machine.close();
    }

    private long read(int reg) {
        return machine.memory().read(BASE + reg, 4);
    }

    private void write(int reg, long value) {
        machine.memory().write(BASE + reg, 4, value);
    }

    /** Reads the time the way Linux's rtc-goldfish does: low half first, which latches the high half. */
    private long readTime() {
        long low = read(GoldfishRtc.TIME_LOW);
        long high = read(GoldfishRtc.TIME_HIGH);
        return (high << 32) | low;
    }

    @Test
    void timeIsTheHostWallClockInNanoseconds() {
        assertEquals(START, readTime());
        wallClock.addAndGet(1_500_000_000L);
        assertEquals(START + 1_500_000_000L, readTime());
    }

    @Test
    void theHighHalfIsLatchedByTheLowHalf() {
        long low = read(GoldfishRtc.TIME_LOW);
        wallClock.addAndGet(1L << 33); // the high half moves on after the low half was read
        assertEquals(START >>> 32, read(GoldfishRtc.TIME_HIGH), "TIME_HIGH is the value latched by the TIME_LOW read");
        assertEquals(START & 0xFFFF_FFFFL, low);
    }

    @Test
    void settingTheTimeKeepsItRunning() {
        long wanted = 946_684_800_000_000_000L; // 2000-01-01
        write(GoldfishRtc.TIME_HIGH, wanted >>> 32);
        write(GoldfishRtc.TIME_LOW, wanted & 0xFFFF_FFFFL);
        assertEquals(wanted, readTime());
        wallClock.addAndGet(42);
        assertEquals(wanted + 42, readTime());
        machine.reset();
        assertEquals(wanted + 42, readTime(), "the clock survives a system reset, as a battery-backed one");
    }

    @Test
    void anAlarmInThePastFiresAtOnceAndRaisesTheInterruptWhenEnabled() {
        write(GoldfishRtc.IRQ_ENABLED, 1);
        assertEquals(1, read(GoldfishRtc.IRQ_ENABLED));
        write(GoldfishRtc.ALARM_HIGH, (START - 1) >>> 32);
        write(GoldfishRtc.ALARM_LOW, (START - 1) & 0xFFFF_FFFFL);
        assertTrue(rtc.irq(0).level());
        assertEquals(0, read(GoldfishRtc.ALARM_STATUS), "a fired alarm is no longer armed");
        write(GoldfishRtc.CLEAR_INTERRUPT, 1);
        assertFalse(rtc.irq(0).level());
    }

    @Test
    void aFiredAlarmWaitsForTheInterruptToBeEnabled() {
        write(GoldfishRtc.ALARM_HIGH, START >>> 32);
        write(GoldfishRtc.ALARM_LOW, START & 0xFFFF_FFFFL);
        assertFalse(rtc.irq(0).level(), "interrupts are disabled");
        write(GoldfishRtc.IRQ_ENABLED, 1);
        assertTrue(rtc.irq(0).level(), "the pending alarm shows once enabled");
        write(GoldfishRtc.IRQ_ENABLED, 0);
        assertFalse(rtc.irq(0).level());
    }

    @Test
    void aFutureAlarmFiresOnTheTimerThread() throws InterruptedException {
        machine.setRealTimeSource(() -> System.currentTimeMillis() * 1_000_000L);
        write(GoldfishRtc.IRQ_ENABLED, 1);
        long alarm = readTime() + 30_000_000L; // 30 ms from now
        write(GoldfishRtc.ALARM_HIGH, alarm >>> 32);
        write(GoldfishRtc.ALARM_LOW, alarm & 0xFFFF_FFFFL);
        assertEquals(1, read(GoldfishRtc.ALARM_STATUS));
        assertFalse(rtc.irq(0).level());
        long deadline = System.currentTimeMillis() + 5000;
        while (!rtc.irq(0).level() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(rtc.irq(0).level(), "the alarm fired");
        assertTrue(readTime() >= alarm);
        assertEquals(0, read(GoldfishRtc.ALARM_STATUS));
    }

    @Test
    void clearAlarmDisarmsIt() throws InterruptedException {
        machine.setRealTimeSource(() -> System.currentTimeMillis() * 1_000_000L);
        write(GoldfishRtc.IRQ_ENABLED, 1);
        long alarm = readTime() + 20_000_000L;
        write(GoldfishRtc.ALARM_HIGH, alarm >>> 32);
        write(GoldfishRtc.ALARM_LOW, alarm & 0xFFFF_FFFFL);
        write(GoldfishRtc.CLEAR_ALARM, 1);
        assertEquals(0, read(GoldfishRtc.ALARM_STATUS));
        Thread.sleep(60);
        assertFalse(rtc.irq(0).level(), "a cleared alarm never fires");
    }

    @Test
    void registersAre32BitsWide() {
        assertThrows(BusError.class, () -> machine.memory().read(BASE, 8));
        assertThrows(BusError.class, () -> machine.memory().read(BASE, 1));
    }
}
