package dev.tuber.machine.fdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdtTest {

    static Fdt sample() {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.setCells("#address-cells", 2).setCells("#size-cells", 2);
        root.setString("compatible", "riscv-virtio");
        root.setString("model", "riscv-virtio,qemu");
        FdtNode chosen = root.addChild("chosen");
        chosen.setString("bootargs", "console=ttyS0");
        chosen.setU64("linux,initrd-start", 0x84000000L);
        FdtNode mem = root.addChild("memory@80000000");
        mem.setString("device_type", "memory").setReg(0x80000000L, 0x8000000L);
        FdtNode soc = root.addChild("soc");
        soc.setEmpty("ranges");
        FdtNode plic = soc.addChild("plic@c000000");
        int ph = fdt.phandle(plic);
        plic.setEmpty("interrupt-controller");
        soc.addChild("serial@10000000").setStrings("compatible", "ns16550a", "ns16550").setCells("interrupts", 10)
                        .setCells("interrupt-parent", ph);
        fdt.reserve(0x80000000L, 0x200000);
        return fdt;
    }

    @Test
    void headerLayoutOfTheBlob() {
        byte[] dtb = sample().toDtb();
        ByteBuffer b = ByteBuffer.wrap(dtb);
        assertEquals(0xd00dfeed, b.getInt(0));
        assertEquals(dtb.length, b.getInt(4));
        assertEquals(17, b.getInt(20));
        assertEquals(16, b.getInt(24));
        int rsv = b.getInt(16);
        assertEquals(40, rsv);
        assertEquals(0x80000000L, b.getLong(rsv));
        assertEquals(0x200000, b.getLong(rsv + 8));
        assertEquals(0, b.getLong(rsv + 16));
        int struct = b.getInt(8);
        assertEquals(1, b.getInt(struct), "FDT_BEGIN_NODE");
        assertEquals(9, b.getInt(struct + b.getInt(36) - 4), "FDT_END last");
        assertEquals(0, struct % 4);
    }

    @Test
    void roundTrip() {
        Fdt original = sample();
        Fdt back = Fdt.parse(original.toDtb());
        assertEquals("console=ttyS0", back.node("/chosen").getString("bootargs"));
        assertArrayEquals(new int[] {0, 0x80000000, 0, 0x8000000}, back.node("/memory@80000000").getCells("reg"));
        assertEquals(List.of("ns16550a", "ns16550"), back.node("/soc/serial@10000000").getStrings("compatible"));
        int ph = back.node("/soc/plic@c000000").getCells("phandle")[0];
        assertEquals(ph, back.node("/soc/serial@10000000").getCells("interrupt-parent")[0]);
        assertArrayEquals(new byte[0], back.node("/soc").get("ranges"));
        assertEquals(List.of(new Fdt.Reservation(0x80000000L, 0x200000)), back.reservations());
        assertArrayEquals(original.toDtb(), back.toDtb(), "decode then encode is the identity");
        assertNull(back.node("/nope"));
    }

    @Test
    void phandlesAreUniqueAndStable() {
        Fdt fdt = new Fdt();
        FdtNode a = fdt.root().addChild("a");
        FdtNode b = fdt.root().addChild("b");
        b.setCells("phandle", 1); // taken by hand
        int pa = fdt.phandle(a);
        assertEquals(2, pa);
        assertEquals(pa, fdt.phandle(a));
        FdtContext ctx = new FdtContext(fdt, a);
        Object key = new Object();
        int pk = ctx.phandle(key);
        assertEquals(pk, ctx.assignPhandle(key, fdt.root().addChild("c")));
        assertEquals(3, pk);
    }

    @Test
    void malformedBlobsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Fdt.parse(new byte[10]));
        byte[] dtb = sample().toDtb();
        byte[] bad = dtb.clone();
        bad[0] = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Fdt.parse(bad)).getMessage().contains("magic"));
        byte[] truncated = java.util.Arrays.copyOf(dtb, dtb.length - 8);
        assertThrows(IllegalArgumentException.class, () -> Fdt.parse(truncated));
        assertThrows(IllegalStateException.class, () -> sample().root().addChild("chosen"));
    }

    /** The reference check: the device-tree compiler decodes our blob. */
    @Test
    void dtcDecodesTheBlob(@TempDir Path dir) throws IOException, InterruptedException {
        Path dtc = Path.of("/usr/bin/dtc");
        Assumptions.assumeTrue(Files.isExecutable(dtc), "dtc is not installed");
        Path blob = dir.resolve("t.dtb");
        Files.write(blob, sample().toDtb());
        Process p = new ProcessBuilder(dtc.toString(), "-I", "dtb", "-O", "dts", blob.toString()).redirectErrorStream(true).start();
        String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), dts);
        assertTrue(dts.contains("/memreserve/\t0x0000000080000000 0x0000000000200000;"), dts);
        assertTrue(dts.contains("bootargs = \"console=ttyS0\";"), dts);
        assertTrue(dts.contains("reg = <0x00 0x80000000 0x00 0x8000000>;"), dts);
        assertTrue(dts.contains("compatible = \"ns16550a\", \"ns16550\";") || dts.contains("compatible = \"ns16550a\\0ns16550\";"), dts);
        assertTrue(dts.contains("interrupt-controller;"), dts);
        assertNotNull(dts);
    }
}
