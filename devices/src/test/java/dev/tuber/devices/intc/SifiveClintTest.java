package dev.tuber.devices.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tuber.devices.FakeHart;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BusError;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.machine.Machine;
import dev.tuber.machine.irq.HartInterrupts;
import dev.tuber.machine.time.MachineClock;

class SifiveClintTest {
    static final long BASE = 0x2000000L;
    static final long MTIME = BASE + SifiveClint.MTIME;
    private final Machine machine = new Machine(new FakeHost(), null, MachineClock.DEFAULT_FREQUENCY, "none");
    private final FakeHart[] harts = {new FakeHart(0), new FakeHart(1)};
    private SifiveClint clint;

    @BeforeEach
    void setUp() {
        clint = machine.devices().createSysBus(SifiveClint.TYPE, d -> d.set(SifiveClint.NUM_HARTS, 2L));
        clint.mapMmio(0, BASE);
        for (int h = 0; h < 2; h++) {
            HartInterrupts intc = new HartInterrupts(h);
            clint.irqOutput("msip", h).connect(intc.input(HartPort.MSIP));
            clint.irqOutput("mtip", h).connect(intc.input(HartPort.MTIP));
            intc.bind(harts[h]);
        }
        machine.reset();
    }

    @AfterEach
    void close() {
        machine.close();
    }

    private long read(long addr, int size) {
        return machine.memory().read(addr, size);
    }

    private void write(long addr, int size, long value) {
        machine.memory().write(addr, size, value);
    }

    @Test
    void mtimeAdvancesAtTenMegahertzAndIsTheMachineClock() throws InterruptedException {
        long a = read(MTIME, 8);
        Thread.sleep(10);
        long b = read(MTIME, 8);
        assertTrue(b - a >= 90_000, "10 ms is at least 90000 ticks: " + (b - a));
        assertTrue(b - a < 10_000_000, "but not a whole second");
        long csr = machine.clock().now();
        assertTrue(csr >= b, "the time CSR reads the same clock");
    }

    @Test
    void mtimeIsWritableInWholesAndHalves() {
        write(MTIME, 8, 1L << 40);
        long t = read(MTIME, 8);
        assertTrue(t >= 1L << 40 && t < (1L << 40) + 10_000_000);
        assertEquals(1L << 8, read(MTIME + 4, 4));
        write(MTIME + 4, 4, 0);
        assertTrue(read(MTIME, 8) < 1L << 32);
    }

    @Test
    void resetLeavesMtipRaisedForTheZeroComparator() {
        assertTrue(harts[0].pending(HartPort.MTIP), "mtimecmp 0 <= mtime 0 after reset, as in QEMU");
        assertTrue(harts[1].pending(HartPort.MTIP));
    }

    @Test
    void mtimecmpInTheFutureLowersMtipUntilTheDeadline() throws InterruptedException {
        long now = read(MTIME, 8);
        write(BASE + 0x4000, 8, now + 200_000); // 20 ms ahead
        assertFalse(harts[0].pending(HartPort.MTIP));
        assertTrue(harts[1].pending(HartPort.MTIP), "other harts unaffected");
        assertEquals(now + 200_000, read(BASE + 0x4000, 8));
        assertTrue(harts[0].await(HartPort.MTIP, true, 5000), "raised when mtime reaches mtimecmp");
        assertTrue(read(MTIME, 8) >= now + 200_000);
        write(BASE + 0x4000, 8, -1L);
        assertFalse(harts[0].pending(HartPort.MTIP), "all ones: never");
    }

    @Test
    void mtimecmpHalvesForRv32StyleWrites() {
        write(BASE + 0x4008 + 4, 4, 0xFFFFFFFFL); // hart 1 high half first: far future
        assertFalse(harts[1].pending(HartPort.MTIP));
        write(BASE + 0x4008, 4, 0x12345678L);
        assertEquals(0xFFFFFFFF12345678L, read(BASE + 0x4008, 8));
        assertEquals(0x12345678L, read(BASE + 0x4008, 4));
        assertEquals(0xFFFFFFFFL, read(BASE + 0x400C, 4));
        write(BASE + 0x4008, 8, 0);
        assertTrue(harts[1].pending(HartPort.MTIP), "a deadline in the past raises at once");
    }

    @Test
    void mtimeWriteReevaluatesDeadlines() {
        long now = read(MTIME, 8);
        write(BASE + 0x4000, 8, now + 10_000_000_000L);
        assertFalse(harts[0].pending(HartPort.MTIP));
        write(MTIME, 8, now + 20_000_000_000L);
        assertTrue(harts[0].pending(HartPort.MTIP), "moving mtime past mtimecmp raises MTIP");
    }

    @Test
    void msipDrivesTheSoftwareInterrupt() {
        write(BASE + 4, 4, 1);
        assertTrue(harts[1].pending(HartPort.MSIP));
        assertFalse(harts[0].pending(HartPort.MSIP));
        assertEquals(1, read(BASE + 4, 4));
        write(BASE + 4, 4, 0xFFFFFFFEL);
        assertFalse(harts[1].pending(HartPort.MSIP), "only bit 0 counts");
        assertThrows(BusError.class, () -> read(BASE, 8), "msip takes 32-bit accesses only");
        assertThrows(BusError.class, () -> read(BASE, 2), "the window takes 32- and 64-bit accesses");
        assertThrows(BusError.class, () -> read(BASE + 0xC000, 4), "a hole after mtime");
        assertEquals(0, read(BASE + 8, 4), "msip of a hart that does not exist reads 0");
    }

    @Test
    void badPropertiesFailRealize() {
        assertThrows(BoardException.class, () -> machine.devices().createSysBus(SifiveClint.TYPE, d -> d.set(SifiveClint.NUM_HARTS, 0L)));
        assertThrows(BoardException.class, () -> machine.devices().createSysBus(SifiveClint.TYPE, d -> d.set(SifiveClint.NUM_HARTS, 5000L)));
    }
}
