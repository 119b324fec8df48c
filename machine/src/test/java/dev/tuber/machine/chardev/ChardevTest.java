package dev.tuber.machine.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.testing.FakeHost;

class ChardevTest {

    /** A front end with a receive buffer of limited room. */
    static final class Sink implements CharFrontend {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        volatile int room;
        volatile int breaks;

        Sink(int room) {
            this.room = room;
        }

        @Override
        public synchronized int canReceive() {
            return room;
        }

        @Override
        public synchronized void receive(byte[] data, int offset, int length) {
            if (length > room) {
                throw new AssertionError("got " + length + " bytes with room for " + room);
            }
            got.write(data, offset, length);
            room -= length;
        }

        @Override
        public void receiveBreak() {
            breaks++;
        }

        synchronized String text() {
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Chardevs chardevs(FakeHost host, Path dir, AtomicInteger exits) {
        return new Chardevs(host, name -> dir == null ? Path.of(name) : dir.resolve(name), new StdioChardev.MuxActions() {
            @Override
            public void exit() {
                exits.incrementAndGet();
            }

            @Override
            public void flushDrives() {
            }
        });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void chardevOptions(@TempDir Path dir) throws IOException {
        FakeHost host = new FakeHost();
        Chardevs c = chardevs(host, dir, new AtomicInteger());
        assertInstanceOf(NullChardev.class, c.addFromOptions("null,id=n"));
        Chardev f = c.addFromOptions("file,id=f,path=out.txt");
        f.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        f.close();
        assertEquals("hello", Files.readString(dir.resolve("out.txt")));
        assertSame(f, c.find("f"));
        assertEquals("-chardev stdio: chardev: no id specified", assertThrows(BoardException.class, () -> c.addFromOptions("stdio")).getMessage());
        assertTrue(assertThrows(BoardException.class, () -> c.addFromOptions("foo,id=x")).getMessage()
                        .contains("'foo' is not a valid char driver name"));
        assertTrue(assertThrows(BoardException.class, () -> c.addFromOptions("socket,id=s,port=4444")).getMessage().contains("not supported yet"));
        assertTrue(assertThrows(BoardException.class, () -> c.addFromOptions("null,id=n")).getMessage().contains("duplicate chardev id"));
        assertTrue(assertThrows(BoardException.class, () -> c.addFromOptions("null,id=z,bogus=1")).getMessage().contains("Invalid parameter 'bogus'"));
        assertTrue(assertThrows(BoardException.class, () -> c.addFromOptions("file,id=g,path=nodir/x")).getMessage()
                        .contains("Could not open 'nodir/x'"));
        assertTrue(Chardevs.help().contains("stdio"));
    }

    @Test
    void serialOptions() {
        FakeHost host = new FakeHost();
        Chardevs c = chardevs(host, null, new AtomicInteger());
        c.addFromOptions("null,id=mine");
        assertInstanceOf(StdioChardev.class, c.addSerial("mon:stdio"));
        assertNull(c.addSerial("none"));
        assertSame(c.find("mine"), c.addSerial("chardev:mine"));
        assertInstanceOf(NullChardev.class, c.addSerial("null"));
        assertEquals("serial0", c.serial(0).id());
        assertNull(c.serial(1));
        assertSame(c.find("mine"), c.serial(2));
        assertTrue(((StdioChardev) c.serial(0)).isMux());
        assertTrue(assertThrows(BoardException.class, () -> c.addSerial("stdio")).getMessage()
                        .contains("cannot use stdio by multiple character devices"));
        assertEquals("-serial foo: 'foo' is not a valid char driver", assertThrows(BoardException.class, () -> c.addSerial("foo")).getMessage());
        assertTrue(assertThrows(BoardException.class, () -> c.addSerial("tcp::4444,server")).getMessage().contains("not supported yet"));
        assertTrue(assertThrows(BoardException.class, () -> c.addSerial("chardev:nope")).getMessage().contains("'nope' not found"));
        c.close();
    }

    @Test
    void stdioOutputAndFlowControlledInput() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        FakeHost host = new FakeHost(new PipedInputStream(typing));
        StdioChardev c = new StdioChardev("s", host.in(), host.out(), null);
        c.write("ok".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertEquals("ok", host.output());
        Sink sink = new Sink(2);
        c.setFrontend(sink);
        typing.write("abcdef".getBytes(StandardCharsets.US_ASCII));
        typing.flush();
        waitFor(() -> sink.text().equals("ab"));
        Thread.sleep(50);
        assertEquals("ab", sink.text(), "held back while the device has no room");
        synchronized (sink) {
            sink.room = 10;
        }
        c.acceptInput();
        waitFor(() -> sink.text().equals("abcdef"));
        c.close();
    }

    @Test
    void muxEscapes() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        FakeHost host = new FakeHost(new PipedInputStream(typing));
        AtomicInteger exits = new AtomicInteger();
        Chardevs c = chardevs(host, null, exits);
        Chardev s = c.addSerial("mon:stdio");
        Sink sink = new Sink(100);
        s.setFrontend(sink);
        typing.write(new byte[] {'a', 1, 1, 'b', 1, 'h', 1, 'b', 1, 'x'});
        typing.flush();
        waitFor(() -> exits.get() == 1);
        assertEquals("a\u0001b", sink.text(), "Ctrl-A Ctrl-A sends one Ctrl-A; commands are not input");
        assertEquals(1, sink.breaks);
        assertTrue(host.output().contains("C-a x    exit emulator"), host.output());
        assertTrue(host.output().contains("Terminated"), host.output());
        c.close();
    }
}
