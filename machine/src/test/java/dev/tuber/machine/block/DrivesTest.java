package dev.tuber.machine.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.isa.spi.BoardException;

class DrivesTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private Drives drives;

    @BeforeEach
    void setUp() throws IOException {
        byte[] image = new byte[8192];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        Files.write(dir.resolve("disk.img"), image);
        drives = new Drives(dir::resolve, "virtio", warnings);
    }

    @Test
    void rawDriveReadsAndWrites() throws IOException {
        Drive d = drives.addDrive("if=none,id=d0,file=disk.img,format=raw");
        assertEquals("d0", d.id());
        assertEquals("none", d.interfaceType());
        assertEquals(8192, d.backend().size());
        byte[] b = new byte[4];
        d.backend().read(512, b, 0, 4);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, b);
        d.backend().write(0, new byte[] {9, 9}, 0, 2);
        d.backend().flush();
        drives.close();
        assertEquals(9, Files.readAllBytes(dir.resolve("disk.img"))[0]);
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readOnlyAndSnapshot() throws IOException {
        Drive ro = drives.addDrive("if=none,id=ro,file=disk.img,format=raw,readonly=on");
        assertTrue(ro.isReadOnly());
        assertThrows(IOException.class, () -> ro.backend().write(0, new byte[1], 0, 1));
        Drive snap = drives.addDrive("if=none,id=snap,file=disk.img,format=raw,snapshot=on");
        assertInstanceOf(CopyOnWriteOverlay.class, snap.backend());
        assertFalse(snap.isReadOnly());
        snap.backend().write(4095, new byte[] {42, 43}, 0, 2);
        byte[] b = new byte[3];
        snap.backend().read(4094, b, 0, 3);
        assertArrayEquals(new byte[] {(byte) 4094, 42, 43}, b);
        drives.close();
        assertEquals((byte) 4095, Files.readAllBytes(dir.resolve("disk.img"))[4095], "the file is untouched");
    }

    @Test
    void defaultsAndWarnings() {
        Drive d = drives.addDrive("file=disk.img");
        assertEquals("virtio", d.interfaceType());
        assertEquals("virtio0", d.id());
        assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("probing guessed raw"));
        assertEquals(List.of(d), drives.drivesOn("virtio"));
        assertEquals("virtio1", drives.addDrive("file=disk.img,format=raw").id());
    }

    @Test
    void errors() {
        assertEquals("-drive if=none,id=x,file=nope.img,format=raw: Could not open 'nope.img': No such file or directory",
                        assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x,file=nope.img,format=raw")).getMessage());
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x,file=disk.img,format=rawx")).getMessage()
                        .endsWith("Unknown driver 'rawx'"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x,file=disk.img,format=qcow2")).getMessage()
                        .contains("qcow2 format is not supported yet"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x,file=disk.img,format=raw,bogus=1")).getMessage()
                        .endsWith("Invalid parameter 'bogus'"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=floppyx,file=disk.img")).getMessage()
                        .contains("unsupported bus type"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x")).getMessage().contains("file=F"));
        drives.addDrive("if=none,id=x,file=disk.img,format=raw");
        assertTrue(assertThrows(BoardException.class, () -> drives.addDrive("if=none,id=x,file=disk.img,format=raw")).getMessage()
                        .contains("Duplicate ID 'x'"));
    }

    @Test
    void blockdevNodes() throws IOException {
        drives.addBlockdev("driver=file,node-name=f0,filename=disk.img,read-only=on");
        Drive raw = drives.addBlockdev("driver=raw,node-name=disk0,file=f0");
        assertTrue(raw.isReadOnly());
        assertEquals(null, drives.find("f0"), "the file node is consumed by the raw node");
        Drive nested = drives.addBlockdev("driver=raw,node-name=disk1,file.driver=file,file.filename=disk.img");
        byte[] b = new byte[1];
        nested.backend().read(3, b, 0, 1);
        assertEquals(3, b[0]);
        assertTrue(assertThrows(BoardException.class, () -> drives.addBlockdev("driver=file,filename=disk.img")).getMessage()
                        .contains("node-name"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addBlockdev("{\"driver\":\"file\"}")).getMessage().contains("JSON"));
        assertTrue(assertThrows(BoardException.class, () -> drives.addBlockdev("driver=raw,node-name=z,file=nope")).getMessage()
                        .contains("node-name='nope'"));
    }

    @Test
    void oneDeviceAtATime() {
        Drive d = drives.addDrive("if=none,id=d0,file=disk.img,format=raw");
        d.claim("device 'a'");
        assertThrows(BoardException.class, () -> d.claim("device 'b'"));
        d.release("device 'a'");
        d.claim("device 'b'");
    }
}
