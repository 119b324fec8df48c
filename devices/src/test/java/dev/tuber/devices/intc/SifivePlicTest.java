package dev.tuber.devices.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.tuber.machine.irq.IrqLine;
import dev.tuber.machine.time.MachineClock;

class SifivePlicTest {
    static final long BASE = 0xc000000L;
    static final long PENDING = BASE + 0x1000;
    static final long ENABLE = BASE + 0x2000;
    static final long CONTEXT = BASE + 0x200000;

    private final Machine machine = new Machine(new FakeHost(), null, MachineClock.DEFAULT_FREQUENCY, "none");
    private final FakeHart[] harts = {new FakeHart(0), new FakeHart(1)};
    private SifivePlic plic;

    @BeforeEach
    void setUp() {
        plic = machine.devices().createSysBus(SifivePlic.TYPE, d -> d.set(SifivePlic.HART_CONFIG, SifivePlic.hartConfig(2)));
        plic.mapMmio(0, BASE);
        for (int h = 0; h < 2; h++) {
            HartInterrupts intc = new HartInterrupts(h);
            plic.irqOutput("meip", h).connect(intc.input(HartPort.MEIP));
            plic.irqOutput("seip", h).connect(intc.input(HartPort.SEIP));
            intc.bind(harts[h]);
        }
        machine.reset();
    }

    @AfterEach
    void close() {
        machine.close();
    }

    private long read(long addr) {
        return machine.memory().read(addr, 4);
    }

    private void write(long addr, long value) {
        machine.memory().write(addr, 4, value);
    }

    /** Context of hart {@code h} in M-mode ({@code s == false}) or S-mode: 2h or 2h+1 on virt. */
    private static int context(int h, boolean s) {
        return 2 * h + (s ? 1 : 0);
    }

    private void enable(int context, int source) {
        long addr = ENABLE + 0x80L * context + 4L * (source / 32);
        write(addr, read(addr) | (1L << (source % 32)));
    }

    private void priority(int source, int value) {
        write(BASE + 4L * source, value);
    }

    private long claim(int context) {
        return read(CONTEXT + 0x1000L * context + 4);
    }

    private void complete(int context, int source) {
        write(CONTEXT + 0x1000L * context + 4, source);
    }

    private void threshold(int context, int value) {
        write(CONTEXT + 0x1000L * context, value);
    }

    private IrqLine line(int source) {
        return plic.input(source);
    }

    @Test
    void claimAndCompleteOfALevelTriggeredSource() {
        priority(10, 1);
        enable(context(0, true), 10);
        assertFalse(harts[0].pending(HartPort.SEIP));

        line(10).raise();
        assertTrue(plic.isPending(10));
        assertEquals(1L << 10, read(PENDING));
        assertTrue(harts[0].pending(HartPort.SEIP), "hart 0's S context has source 10 enabled");
        assertFalse(harts[0].pending(HartPort.MEIP), "its M context has not");
        assertFalse(harts[1].pending(HartPort.SEIP));

        assertEquals(10, claim(context(0, true)));
        assertFalse(plic.isPending(10), "claiming clears the pending bit");
        assertFalse(harts[0].pending(HartPort.SEIP), "nothing else to claim: SEIP drops");
        assertEquals(0, claim(context(0, true)), "a claimed source cannot be claimed again before completion");

        // the device still holds its line high: completion forwards a new request
        complete(context(0, true), 10);
        assertTrue(plic.isPending(10));
        assertTrue(harts[0].pending(HartPort.SEIP));
        assertEquals(10, claim(context(0, true)));

        // the device lowers its line while the interrupt is in service: nothing new after completion
        line(10).lower();
        complete(context(0, true), 10);
        assertFalse(plic.isPending(10));
        assertFalse(harts[0].pending(HartPort.SEIP));
        assertEquals(0, claim(context(0, true)));
    }

    @Test
    void aLineLoweredBeforeTheClaimIsNoLongerPending() {
        priority(3, 1);
        enable(context(0, true), 3);
        line(3).raise();
        assertTrue(harts[0].pending(HartPort.SEIP));
        line(3).lower();
        assertFalse(plic.isPending(3));
        assertFalse(harts[0].pending(HartPort.SEIP));
        assertEquals(0, claim(context(0, true)));
    }

    @Test
    void theHighestPriorityIsClaimedFirstAndTiesGoToTheLowestSource() {
        for (int s : new int[] {5, 6, 7}) {
            enable(context(0, false), s);
            line(s).raise();
        }
        priority(5, 2);
        priority(6, 7);
        priority(7, 2);
        assertEquals(6, claim(context(0, false)));
        assertEquals(5, claim(context(0, false)), "equal priorities: the lower source number wins");
        assertEquals(7, claim(context(0, false)));
        assertEquals(0, claim(context(0, false)));
    }

    @Test
    void priorityZeroNeverInterruptsAndTheThresholdMasksLowerPriorities() {
        enable(context(1, false), 4);
        line(4).raise();
        assertFalse(harts[1].pending(HartPort.MEIP), "priority 0 means never");
        assertEquals(0, claim(context(1, false)));

        priority(4, 3);
        assertTrue(harts[1].pending(HartPort.MEIP));
        threshold(context(1, false), 3);
        assertFalse(harts[1].pending(HartPort.MEIP), "a source must be above the threshold, not equal to it");
        assertEquals(0, claim(context(1, false)));
        assertEquals(3, read(CONTEXT + 0x1000L * context(1, false)));
        threshold(context(1, false), 2);
        assertTrue(harts[1].pending(HartPort.MEIP));
        assertEquals(4, claim(context(1, false)));
    }

    @Test
    void prioritiesAndThresholdsKeepThreeBits() {
        priority(9, 0xff);
        assertEquals(7, read(BASE + 4 * 9));
        threshold(0, 9);
        assertEquals(1, read(CONTEXT), "WARL: 9 keeps its low three bits");
        priority(0, 5);
        assertEquals(0, read(BASE), "source 0 does not exist");
    }

    @Test
    void enablesArePerContext() {
        priority(12, 1);
        enable(context(1, false), 12); // hart 1, M-mode only
        line(12).raise();
        assertTrue(harts[1].pending(HartPort.MEIP));
        assertFalse(harts[1].pending(HartPort.SEIP));
        assertFalse(harts[0].pending(HartPort.MEIP));
        assertFalse(harts[0].pending(HartPort.SEIP));
        assertEquals(0, claim(context(0, false)), "a context claims only what it has enabled");
        assertEquals(0, claim(context(1, true)));
        assertEquals(1L << 12, read(ENABLE + 0x80L * context(1, false)));
        assertEquals(0, read(ENABLE + 0x80L * context(0, true)));

        // two contexts with the same source: the first claim wins, the other sees nothing
        enable(context(0, true), 12);
        assertTrue(harts[0].pending(HartPort.SEIP));
        assertEquals(12, claim(context(0, true)));
        assertFalse(harts[1].pending(HartPort.MEIP));
        assertEquals(0, claim(context(1, false)));
    }

    @Test
    void sourceZeroAndBitsBeyondTheLastSourceCannotBeEnabled() {
        write(ENABLE, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFEL, read(ENABLE));
        write(ENABLE + 12, 0xFFFF_FFFFL); // sources 96..127: only 96 exists (97 sources)
        assertEquals(1, read(ENABLE + 12));
    }

    @Test
    void completionOfASourceTheContextHasNotEnabledIsIgnored() {
        priority(2, 1);
        enable(context(0, true), 2);
        line(2).raise();
        assertEquals(2, claim(context(0, true)));
        complete(context(1, true), 2); // hart 1's S context has not enabled source 2
        assertEquals(0, claim(context(0, true)), "still in service");
        complete(context(0, true), 2);
        assertEquals(2, claim(context(0, true)), "the line is still high: claimable again");
    }

    @Test
    void pendingBitsAreReadOnlyAndResetClearsEverything() {
        write(PENDING, 0xFFFF_FFFFL);
        assertEquals(0, read(PENDING));
        priority(8, 4);
        enable(context(0, true), 8);
        line(8).raise();
        assertTrue(harts[0].pending(HartPort.SEIP));
        machine.reset();
        assertEquals(0, read(BASE + 4 * 8));
        assertEquals(0, read(ENABLE + 0x80L * context(0, true)));
        assertFalse(harts[0].pending(HartPort.SEIP));
        assertTrue(plic.isPending(8), "the line is still high after reset");
    }

    @Test
    void registersAre32BitsWide() {
        assertThrows(BusError.class, () -> machine.memory().read(BASE + 4, 1));
        assertThrows(BusError.class, () -> machine.memory().read(CONTEXT + 4, 8));
        assertThrows(BusError.class, () -> machine.memory().write(BASE + 4, 2, 1));
    }

    @Test
    void inputsAreTheSourcesAndBelongToThePlic() {
        assertSame(plic, plic.input(11).controller());
        assertEquals(11, plic.input(11).number());
        assertThrows(IllegalArgumentException.class, () -> plic.input(0));
        assertThrows(IllegalArgumentException.class, () -> plic.input(97));
    }

    @Test
    void hartConfigIsParsedAsQemuWritesIt() {
        assertEquals("MS,MS,MS", SifivePlic.hartConfig(3));
        assertEquals(4, SifivePlic.parseHartConfig("M,MS,S").length);
        assertThrows(BoardException.class, () -> SifivePlic.parseHartConfig("MM"));
        assertThrows(BoardException.class, () -> SifivePlic.parseHartConfig("MX"));
        assertThrows(BoardException.class, () -> SifivePlic.parseHartConfig("MS,,MS"));
    }
}
