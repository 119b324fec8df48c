package dev.tuber.machine.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleTailTest {
    private static void append(ConsoleTail t, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        t.append(b, 0, b.length);
    }

    @Test
    void lastLinesWithoutCarriageReturns() {
        ConsoleTail t = new ConsoleTail();
        append(t, "one\r\ntwo\r\nthree\r\n");
        assertEquals(List.of("two", "three"), t.lastLines(2));
        assertEquals(List.of("one", "two", "three"), t.lastLines(10));
        append(t, "unfinished");
        assertEquals(List.of("three", "unfinished"), t.lastLines(2));
    }

    @Test
    void keepsOnlyTheCapacityAcrossWrapAround() {
        ConsoleTail t = new ConsoleTail(16);
        append(t, "0123456789");
        append(t, "abcdefghij");
        assertEquals("456789abcdefghij", new String(t.bytes(), StandardCharsets.UTF_8));
        append(t, "a much longer write than the buffer");
        assertEquals(16, t.bytes().length);
        assertEquals(" than the buffer", new String(t.bytes(), StandardCharsets.UTF_8));
        assertEquals(20 + 35, t.totalBytes());
    }

    @Test
    void emptyTail() {
        assertEquals(List.of(), new ConsoleTail().lastLines(5));
    }

    @Test
    void chardevsRecordTheirOutput() {
        NullChardev c = new NullChardev("x");
        byte[] b = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
        c.write(b, 0, b.length);
        assertEquals(List.of("hello", "world"), c.tail().lastLines(20));
    }
}
