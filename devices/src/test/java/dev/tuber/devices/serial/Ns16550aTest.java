package dev.tuber.devices.serial;

import static dev.tuber.devices.serial.Ns16550a.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tuber.devices.CapturingChardev;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.isa.spi.BusError;
import dev.tuber.machine.Machine;
import dev.tuber.machine.time.MachineClock;

class Ns16550aTest {
    static final long BASE = 0x10000000L;
    private final FakeHost host = new FakeHost();
    private final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");
    private final CapturingChardev chr = new CapturingChardev("c");
    private final AtomicBoolean irq = new AtomicBoolean();
    private Ns16550a uart;

    @BeforeEach
    void setUp() {
        uart = machine.devices().createSysBus(Ns16550a.TYPE, d -> d.set(CHARDEV, chr));
        uart.mapMmio(0, BASE);
        uart.irq(0).connect(irq::set);
        machine.reset();
    }

    @AfterEach
    void close() {
        machine.close();
    }

    private int rd(int reg) {
        return (int) machine.memory().read(BASE + reg, 1);
    }

    private void wr(int reg, int value) {
        machine.memory().write(BASE + reg, 1, value);
    }

    @Test
    void resetState() {
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR));
        assertEquals(IIR_NO_INT, rd(IIR));
        assertEquals(MCR_OUT2, rd(MCR));
        assertEquals(MSR_DCD | MSR_DSR | MSR_CTS, rd(MSR));
        assertEquals(0, rd(IER));
        assertFalse(irq.get());
    }

    @Test
    void transmitGoesToTheChardevAndThreStaysSet() {
        for (char c : "hi\n".toCharArray()) {
            assertTrue((rd(LSR) & LSR_THRE) != 0);
            wr(THR, c);
        }
        assertEquals("hi\n", chr.output());
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR) & (LSR_THRE | LSR_TEMT));
    }

    @Test
    void divisorLatch() {
        wr(LCR, LCR_DLAB | 0x03);
        wr(DLL, 0x34);
        wr(DLM, 0x12);
        assertEquals(0x34, rd(DLL));
        assertEquals(0x12, rd(DLM));
        wr(LCR, 0x03);
        assertEquals(0, rd(IER), "IER is separate from DLM");
        wr(THR, 'x');
        assertEquals("x", chr.output(), "with DLAB clear, offset 0 is THR again");
        wr(SCR, 0x5a);
        assertEquals(0x5a, rd(SCR));
    }

    @Test
    void receiveWithoutFifoRaisesTheInterrupt() {
        assertEquals(1, chr.room());
        wr(IER, IER_RDI);
        assertFalse(irq.get());
        assertEquals(1, chr.type("ab"), "one byte at a time without FIFO");
        assertTrue(irq.get());
        assertEquals(IIR_RDI, rd(IIR) & 0x0F);
        assertTrue((rd(LSR) & LSR_DR) != 0);
        int accepts = chr.acceptCalls;
        assertEquals('a', rd(RBR));
        assertTrue(chr.acceptCalls > accepts, "reading RBR tells the back end to send more");
        assertFalse(irq.get());
        assertEquals(0, rd(LSR) & LSR_DR);
        assertEquals(IIR_NO_INT, rd(IIR));
    }

    @Test
    void overrunWithoutFifo() {
        chr.type("a");
        uart.receive(new byte[] {'b'}, 0, 1); // a back end ignoring canReceive
        assertTrue((rd(LSR) & LSR_OE) != 0);
        assertEquals(0, rd(LSR) & LSR_OE, "cleared by reading LSR");
        assertEquals('b', rd(RBR));
    }

    @Test
    void fifoTriggerLevelAndCharacterTimeout() throws InterruptedException {
        wr(FCR, FCR_FE | 0x40); // FIFO on, trigger level 4
        assertEquals(IIR_FIFO_ENABLED | IIR_NO_INT, rd(IIR));
        wr(IER, IER_RDI);
        assertEquals(4, chr.room());
        chr.type("ab");
        assertFalse(irq.get(), "below the trigger level");
        // four character times at 9600 baud are about 4 ms: the timeout interrupt follows
        long end = System.nanoTime() + 5_000_000_000L;
        while (!irq.get() && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertTrue(irq.get(), "character timeout");
        assertEquals(IIR_CTI, rd(IIR) & 0x0F);
        assertEquals('a', rd(RBR));
        assertEquals('b', rd(RBR));
        assertFalse(irq.get());
        chr.type("wxyz");
        assertTrue(irq.get(), "at the trigger level");
        assertEquals(IIR_RDI, rd(IIR) & 0x0F);
        wr(FCR, FCR_FE | FCR_RFR | 0x40);
        assertEquals(0, rd(LSR) & LSR_DR, "receive FIFO cleared");
        assertFalse(irq.get());
    }

    @Test
    void transmitterEmptyInterrupt() {
        wr(IER, IER_THRI);
        assertTrue(irq.get(), "THR is empty when the interrupt is enabled");
        assertEquals(IIR_THRI, rd(IIR) & 0x0F);
        assertFalse(irq.get(), "reading IIR acknowledges THRE");
        wr(THR, 'z');
        assertTrue(irq.get(), "raised again once the byte is gone");
        wr(IER, 0);
        assertFalse(irq.get());
    }

    @Test
    void loopback() {
        wr(MCR, MCR_LOOP | MCR_RTS | MCR_DTR);
        assertEquals(MSR_CTS | MSR_DSR, rd(MSR) & 0xF0);
        assertEquals(0, chr.room(), "the line is disconnected in loopback");
        wr(THR, 'q');
        assertEquals("", chr.output());
        assertTrue((rd(LSR) & LSR_DR) != 0);
        assertEquals('q', rd(RBR));
    }

    @Test
    void lineStatusInterruptForBreak() {
        wr(IER, IER_RLSI);
        uart.receiveBreak();
        assertTrue(irq.get());
        assertEquals(IIR_RLSI, rd(IIR) & 0x0F);
        assertTrue((rd(LSR) & LSR_BI) != 0);
        assertFalse(irq.get(), "reading LSR clears BI");
    }

    @Test
    void accessSizes() {
        assertEquals(LSR_THRE | LSR_TEMT, machine.memory().read(BASE + LSR, 2), "wider reads return the byte register");
        assertEquals(MCR_OUT2, machine.memory().read(BASE + MCR, 4));
        assertThrows(BusError.class, () -> machine.memory().read(BASE, 8));
        assertThrows(BusError.class, () -> machine.memory().read(BASE + 8, 1), "the window is 8 bytes");
    }
}
