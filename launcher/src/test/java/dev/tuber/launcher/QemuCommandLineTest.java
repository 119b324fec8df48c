package dev.tuber.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QemuCommandLineTest {

    @Test
    void argumentsAreTakenVerbatimEvenWhenTheyLookLikeOptions() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"-M", "virt,dumpdtb=x.dtb", "-append", "-x console=ttyS0", "-m", "256M"});
        assertEquals("virt,dumpdtb=x.dtb", cl.get("machine", null));
        assertEquals("-x console=ttyS0", cl.get("append", null));
        assertEquals("256M", cl.get("m", null));
    }

    @Test
    void aliasesAndDoubleDashesMeanTheSame() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"--machine", "spike", "--nographic"});
        assertEquals("spike", cl.get("machine", null));
        assertTrue(cl.has("nographic"));
    }

    @Test
    void repeatableOptionsKeepTheirOrderAndOthersTheLastValue() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"-device", "a", "-m", "1G", "-device", "b,x=1", "-m", "2G"});
        assertEquals(List.of("a", "b,x=1"), cl.all("device"));
        assertEquals("2G", cl.get("m", null));
    }

    @Test
    void unknownOptionsAndMissingArgumentsAreErrors() {
        var unknown = assertThrows(QemuCommandLine.UsageException.class, () -> QemuCommandLine.parse(new String[]{"-frobnicate"}));
        assertEquals("-frobnicate: invalid option", unknown.getMessage());
        var missing = assertThrows(QemuCommandLine.UsageException.class, () -> QemuCommandLine.parse(new String[]{"-kernel"}));
        assertEquals("-kernel: requires an argument", missing.getMessage());
        var stray = assertThrows(QemuCommandLine.UsageException.class, () -> QemuCommandLine.parse(new String[]{"prog.elf"}));
        assertTrue(stray.getMessage().startsWith("prog.elf: not an option"), stray.getMessage());
    }

    @Test
    void polyglotOptionsPassThrough() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"--engine.TraceCompilation", "--compiler.MaximumGraalGraphSize=1000"});
        assertEquals(Map.of("engine.TraceCompilation", "true", "compiler.MaximumGraalGraphSize", "1000"), cl.polyglotOptions);
    }

    @Test
    void commandLineBecomesLanguageOptions() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"-M", "virt", "-m", "256M", "-smp", "2", "-nographic", "-bios", "default",
                        "-kernel", "Image", "-initrd", "initrd.cpio.gz", "-append", "console=ttyS0", "-device", "virtio-blk-device,drive=hd0",
                        "-drive", "if=none,id=hd0,format=raw,file=disk.img", "-device", "virtio-rng-device", "-no-reboot"});
        Map<String, String> o = Main.languageOptions(cl, false, new ByteArrayOutputStream());
        assertEquals("virt", o.get("riscv64.Machine"));
        assertEquals("256M", o.get("riscv64.Memory"));
        assertEquals("2", o.get("riscv64.Smp"));
        assertEquals("default", o.get("riscv64.Bios"));
        assertEquals("Image", o.get("riscv64.Kernel"));
        assertEquals("initrd.cpio.gz", o.get("riscv64.Initrd"));
        assertEquals("console=ttyS0", o.get("riscv64.Append"));
        assertEquals("virtio-blk-device,drive=hd0\nvirtio-rng-device", o.get("riscv64.Device"));
        assertEquals("if=none,id=hd0,format=raw,file=disk.img", o.get("riscv64.Drive"));
        assertEquals("mon:stdio", o.get("riscv64.Serial"), "-nographic puts the serial port and monitor on stdio");
        assertEquals("true", o.get("riscv64.NoReboot"));
    }

    @Test
    void explicitSerialWinsOverNographic() throws Exception {
        QemuCommandLine cl = QemuCommandLine.parse(new String[]{"-nographic", "-serial", "null", "-serial", "stdio"});
        assertEquals("null\nstdio", Main.languageOptions(cl, false, new ByteArrayOutputStream()).get("riscv64.Serial"));
    }

    @Test
    void unsupportedCpuDisplayAndAcceleratorAreErrors() throws Exception {
        for (String[] args : new String[][]{{"-cpu", "sifive-u54"}, {"-display", "gtk"}, {"-accel", "kvm"}}) {
            QemuCommandLine cl = QemuCommandLine.parse(args);
            assertThrows(QemuCommandLine.UsageException.class, () -> Main.languageOptions(cl, false, new ByteArrayOutputStream()), String.join(" ", args));
        }
    }

    @Test
    void cpuHelpListsTheModel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(null, Main.languageOptions(QemuCommandLine.parse(new String[]{"-cpu", "help"}), false, out));
        assertTrue(out.toString().contains("rv64"));
    }

    @Test
    void usageListsEveryOption() {
        String usage = QemuCommandLine.usage();
        for (QemuCommandLine.Option o : QemuCommandLine.OPTIONS) {
            assertTrue(usage.contains("-" + o.names().get(0)), o.names().get(0));
        }
    }
}
