package dev.tuber.devices.htif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tuber.devices.CapturingChardev;
import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.Machine;
import dev.tuber.machine.memory.MemoryBlock;
import dev.tuber.machine.time.MachineClock;

class HtifTest {
    static final long RAM = 0x80000000L;
    static final long TOHOST = RAM + 0x1000;
    static final long FROMHOST = RAM + 0x1008;
    private final FakeHost host = new FakeHost();
    private final Machine machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");
    private final CapturingChardev console = new CapturingChardev("c");
    private Htif htif;

    @BeforeEach
    void setUp() {
        MemoryBlock ram = machine.allocateRam("ram", 1 << 20);
        machine.memory().addMemory(RAM, ram);
        htif = machine.devices().createSysBus(Htif.TYPE, d -> {
            d.set(Htif.CHARDEV, console);
            d.set(Htif.TOHOST, TOHOST);
            d.set(Htif.FROMHOST, FROMHOST);
        });
        htif.mapMmioOverlay(0, TOHOST, true);
        htif.mapMmioOverlay(1, FROMHOST, true);
        machine.reset();
    }

    @AfterEach
    void close() {
        machine.close();
    }

    private void tohost(long value) {
        machine.memory().write(TOHOST, 8, value);
    }

    private long fromhost() {
        return machine.memory().read(FROMHOST, 8);
    }

    @Test
    void exitWithStatus() {
        tohost((3 << 1) | 1);
        assertEquals(3, host.exitStatus);
    }

    @Test
    void exitWithZero() {
        tohost(1);
        assertEquals(0, host.exitStatus);
    }

    @Test
    void putcharAndAcknowledgement() {
        for (char c : "ok\n".toCharArray()) {
            assertEquals(0, machine.memory().read(TOHOST, 8), "the previous command was taken");
            tohost((1L << 56) | (1L << 48) | c);
            assertEquals((1L << 56) | (1L << 48) | 0x100 | c, fromhost());
            machine.memory().write(FROMHOST, 8, 0); // the guest acknowledges
        }
        assertEquals("ok\n", console.output());
        assertNull(host.exitStatus);
    }

    @Test
    void halfWordWritesAsQemuSplitsThem() {
        machine.memory().write(TOHOST, 4, (5 << 1) | 1);
        assertNull(host.exitStatus, "nothing happens before the high half");
        machine.memory().write(TOHOST + 4, 4, 0);
        assertEquals(5, host.exitStatus);
    }

    @Test
    void getcharIsAnsweredWhenInputArrives() {
        assertEquals(0, console.room(), "no input wanted yet");
        tohost(1L << 56); // device 1, command 0
        assertEquals(0, machine.memory().read(TOHOST, 8));
        assertEquals(0, fromhost(), "no byte yet");
        assertEquals(1, console.room());
        console.type("z");
        assertEquals((1L << 56) | 0x100 | 'z', fromhost());
        assertEquals(0, console.room());
    }

    @Test
    void syscallProxyWriteAndExit() {
        long block = RAM + 0x2000;
        long text = RAM + 0x3000;
        byte[] msg = "hello\n".getBytes(StandardCharsets.US_ASCII);
        machine.guestMemory().write(text, msg, 0, msg.length);
        machine.guestMemory().writeU64(block, Htif.SYS_WRITE);
        machine.guestMemory().writeU64(block + 8, 1);
        machine.guestMemory().writeU64(block + 16, text);
        machine.guestMemory().writeU64(block + 24, msg.length);
        tohost(block);
        assertEquals("hello\n", console.output());
        assertEquals(msg.length, machine.guestMemory().readU64(block), "the result replaces the call number");
        assertEquals(1, fromhost());
        machine.memory().write(FROMHOST, 8, 0);
        machine.guestMemory().writeU64(block + 8, 7); // a bad fd
        machine.guestMemory().writeU64(block, Htif.SYS_WRITE);
        tohost(block);
        assertEquals(-9, machine.guestMemory().readU64(block));
        machine.guestMemory().writeU64(block, Htif.SYS_EXIT);
        machine.guestMemory().writeU64(block + 8, 7);
        tohost(block);
        assertEquals(7, host.exitStatus);
    }

    @Test
    void badSyscallPointersAreReportedNotFatal() {
        tohost(0x10); // not RAM
        assertEquals(1, fromhost());
        assertTrue(host.errors().contains("htif:"), host.errors());
        assertNull(host.exitStatus);
    }

    @Test
    void ramAroundTheOverlayIsStillRam() {
        machine.memory().write(TOHOST + 16, 8, 0xABCD);
        assertEquals(0xABCD, machine.guestMemory().readU64(TOHOST + 16));
        assertEquals(0, machine.memory().directPage(TOHOST, true), "stores to the tohost page are not direct");
    }

    @Test
    void registersAreMirroredIntoRamForDirectLoads() {
        machine.memory().write(TOHOST, 4, (1 << 1) | 1);
        assertEquals(3, machine.guestMemory().readU64(TOHOST), "the low half is pending");
        machine.memory().write(TOHOST + 4, 4, 0);
        assertEquals(1, host.exitStatus);
        assertEquals(0, machine.guestMemory().readU64(TOHOST));
        tohost((1L << 56) | (1L << 48) | 'm');
        assertEquals(0, machine.guestMemory().readU64(TOHOST));
        assertEquals((1L << 56) | (1L << 48) | 0x100 | 'm', machine.guestMemory().readU64(FROMHOST));
        assertTrue(host.wasWritten(FROMHOST, 8), "the CPU is told about the mirror writes");
        machine.memory().write(FROMHOST, 8, 0);
        assertEquals(0, machine.guestMemory().readU64(FROMHOST));
    }
}
