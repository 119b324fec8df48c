package dev.tuber.machine.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tuber.isa.spi.BoardException;

class QemuOptsTest {

    @Test
    void impliedFirstKeyAndPairs() {
        QemuOpts o = QemuOpts.parse("-device", "serial-mm,chardev=c0,id=u0", "driver");
        assertEquals("serial-mm", o.get("driver"));
        assertEquals("c0", o.get("chardev"));
        assertEquals("u0", o.get("id"));
        o.checkAllUsed();
    }

    @Test
    void doubledCommaIsALiteralComma() {
        QemuOpts o = QemuOpts.parse("-drive", "file=a,,b.img,format=raw", null);
        assertEquals("a,b.img", o.get("file"));
        assertEquals("raw", o.get("format"));
        assertEquals(List.of("x,y", "z"), QemuOpts.split("x,,y,z"));
        assertEquals(List.of("a,", "b"), QemuOpts.split("a,,,b"));
        assertEquals("a,,b", QemuOpts.escape("a,b"));
    }

    @Test
    void equalsSignsInValuesAreKept() {
        QemuOpts o = QemuOpts.parse("-append", "x=console=ttyS0 root=/dev/vda", null);
        assertEquals("console=ttyS0 root=/dev/vda", o.get("x"));
    }

    @Test
    void explicitImpliedKeyAndBareFlags() {
        QemuOpts o = QemuOpts.parse("-device", "driver=foo,verbose", "driver");
        assertEquals("foo", o.get("driver"));
        assertEquals("on", o.get("verbose"));
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertTrue(QemuOpts.parse("-device", "help", "driver").helpRequested());
        assertNull(QemuOpts.parse("-device", "help", "driver").get("driver"));
        QemuOpts o = QemuOpts.parse("-device", "serial-mm,help", "driver");
        assertTrue(o.helpRequested());
        assertEquals("serial-mm", o.get("driver"));
        assertTrue(QemuOpts.parse("-M", "?", "type").helpRequested());
        assertFalse(QemuOpts.parse("-M", "virt", "type").helpRequested());
    }

    @Test
    void lastValueWinsAndUnusedKeysAreErrors() {
        QemuOpts o = QemuOpts.parse("-drive", "file=a,file=b,formt=raw", null);
        assertEquals("b", o.get("file"));
        assertEquals(Map.of("formt", "raw"), o.unused());
        BoardException e = assertThrows(BoardException.class, o::checkAllUsed);
        assertEquals("-drive file=a,file=b,formt=raw: Invalid parameter 'formt'", e.getMessage());
    }

    @Test
    void typedGettersReportBadValues() {
        QemuOpts o = QemuOpts.parse("-chardev", "stdio,id=x,mux=maybe", "backend");
        BoardException e = assertThrows(BoardException.class, () -> o.getBool("mux", false));
        assertTrue(e.getMessage().contains("'mux' expects 'on' or 'off'"), e.getMessage());
        assertTrue(QemuOpts.parse("-x", "a=yes", null).getBool("a", false));
        assertFalse(QemuOpts.parse("-x", "a=off", null).getBool("a", true));
        assertThrows(BoardException.class, () -> QemuOpts.parse("-smp", "x", "cpus").getUnsigned("cpus", 1, 8));
        assertThrows(BoardException.class, () -> QemuOpts.parse("-x", "=1", null));
        assertThrows(BoardException.class, () -> QemuOpts.parse("-x", "a=1", null).require("b"));
    }
}
