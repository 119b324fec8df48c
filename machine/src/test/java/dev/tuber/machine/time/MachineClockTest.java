package dev.tuber.machine.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MachineClockTest {

    @Test
    void ticksAtTenMegahertzFromZero() {
        AtomicLong ns = new AtomicLong(5_000_000_000L);
        MachineClock c = new MachineClock(10_000_000, ns::get);
        assertEquals(0, c.now());
        ns.addAndGet(1_000_000); // 1 ms
        assertEquals(10_000, c.now());
        c.set(1_000_000);
        assertEquals(1_000_000, c.now());
        ns.addAndGet(100);
        assertEquals(1_000_001, c.now());
        assertEquals(0, c.nanosUntil(5));
        assertEquals(1_000, c.nanosUntil(1_000_011));
        assertEquals(Long.MAX_VALUE, c.nanosUntil(-1L), "mtimecmp = all ones never fires");
    }

    @Test
    void realClockAdvances() throws InterruptedException {
        MachineClock c = new MachineClock(MachineClock.DEFAULT_FREQUENCY);
        long a = c.now();
        Thread.sleep(5);
        assertTrue(c.now() - a >= 40_000, "5 ms is at least 40000 ticks at 10 MHz");
    }
}
