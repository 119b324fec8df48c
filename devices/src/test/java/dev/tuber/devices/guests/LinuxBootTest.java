package dev.tuber.devices.guests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tuber.machine.board.RiscvBoard;

/**
 * End to end: Debian's OpenSBI and an unmodified Linux 6.1 boot on the virt board to the test init
 * of {@code guests/linux} and power off, with the command line QEMU takes:
 *
 * <pre>
 * -M virt -m 256M -nographic -bios default -kernel Image -initrd initrd.cpio.gz -append "console=ttyS0"
 * -device virtio-blk-device,drive=hd0 -drive if=none,id=hd0,format=raw,file=disk.img -device virtio-rng-device
 * </pre>
 *
 * The images come from {@code guests/linux/build.sh} (cached after the first build, which takes a
 * few minutes). The tests are skipped only when the Linux cross toolchain ({@code
 * riscv64-linux-gnu-gcc}) or OpenSBI is not installed; a failing build fails them. Boots run on the
 * CPU's interpreter, as surefire starts the JVM without the Graal compiler.
 */
class LinuxBootTest {
    static final Path LINUX = Path.of("..", "guests", "linux");
    static final long BOOT_TIMEOUT_SECONDS = 900;
    static final long BUILD_TIMEOUT_MINUTES = 60;

    static Path images;

    @TempDir
    Path dir;

    record Run(int status, String output, String errors, double seconds) {
    }

    @BeforeAll
    static void buildImages() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("riscv64-linux-gnu-gcc"),
                        "the Linux cross toolchain is not installed (riscv64-linux-gnu-gcc; see guests/linux/README.md)");
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(RiscvBoard.DEFAULT_FIRMWARE_PATHS.get(0))),
                        "OpenSBI is not installed (Debian package opensbi), needed for -bios default");
        Process p = new ProcessBuilder("bash", LINUX.resolve("build.sh").toString()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // the process is gone
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("guests/linux/build.sh did not finish in " + BUILD_TIMEOUT_MINUTES + " minutes");
        }
        drain.join();
        if (p.exitValue() != 0) {
            fail("guests/linux/build.sh failed (status " + p.exitValue() + "):\n" + err.toString(StandardCharsets.UTF_8));
        }
        images = Path.of(out);
        for (String f : new String[] {"Image", "initrd.cpio.gz", "disk.img"}) {
            assertTrue(Files.isRegularFile(images.resolve(f)), "build.sh made " + f + " in " + images);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Arrays.stream(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Boots the acceptance command line in a fresh directory holding copies of the images. */
    private Run boot(String smp, String append) throws IOException {
        for (String f : new String[] {"Image", "initrd.cpio.gz", "disk.img"}) {
            Files.copy(images.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("riscv64.Machine", "virt");
        options.put("riscv64.Memory", "256M");
        options.put("riscv64.Smp", smp);
        options.put("riscv64.Bios", "default");
        options.put("riscv64.Kernel", "Image");
        options.put("riscv64.Initrd", "initrd.cpio.gz");
        options.put("riscv64.Append", append);
        options.put("riscv64.Device", "virtio-blk-device,drive=hd0\nvirtio-rng-device");
        options.put("riscv64.Drive", "if=none,id=hd0,format=raw,file=disk.img");
        options.put("riscv64.WorkingDirectory", dir.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(new byte[0]);
        // WorkingDirectory is an internal option: relative file names as on the command line
        Context ctx = Context.newBuilder("riscv64").in(in).out(out).err(err).allowCreateThread(true).allowExperimentalOptions(true)
                        .options(options).build();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "linux boot");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            Future<Integer> f = exec.submit(() -> ctx.eval(Source.newBuilder("riscv64", "", "boot").mimeType("text/x-riscv64-machine").build()).asInt());
            int status;
            try {
                status = f.get(BOOT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("Linux did not finish in " + BOOT_TIMEOUT_SECONDS + " s; console so far:\n" + out, e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof PolyglotException pe) {
                    throw new AssertionError(pe.getMessage() + "\n" + out + err, pe);
                }
                throw new AssertionError(e.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            ctx.close();
            double seconds = (System.nanoTime() - start) / 1e9;
            Run run = new Run(status, out.toString(StandardCharsets.UTF_8).replace("\r", ""), err.toString(StandardCharsets.UTF_8), seconds);
            System.out.printf("LinuxBootTest: -smp %s, -append \"%s\": status %d after %.1f s%n", smp.isEmpty() ? "1" : smp, append,
                            status, seconds);
            return run;
        } finally {
            exec.shutdownNow();
        }
    }

    private static void assertLine(Run r, String line) {
        assertTrue(r.output().lines().anyMatch(line::equals), "no line '" + line + "' in the console output:\n" + r.output() + r.errors());
    }

    private static void assertHealthy(Run r) {
        assertLine(r, "TUBER-INIT: hello from userland");
        for (String check : new String[] {"smp", "timer", "fpu", "rng", "rtc"}) {
            assertLine(r, "TUBER-INIT: " + check + " ok");
        }
        assertLine(r, "TUBER-INIT: disk ro=0");
        assertLine(r, "TUBER-INIT: disk read ok");
        assertLine(r, "TUBER-INIT: disk write ok");
        assertLine(r, "TUBER-INIT: all checks passed");
        assertFalse(r.output().contains("TUBER-INIT: FAIL"), r.output());
        for (String trouble : new String[] {"Oops", "BUG:", "WARNING:"}) {
            assertFalse(r.output().contains(trouble), "kernel trouble (" + trouble + "):\n" + r.output());
        }
    }

    /** Sector 1 as the guest's init writes it (see guests/linux/init/init.c). */
    private static byte[] guestPattern() {
        byte[] want = new byte[512];
        byte[] magic = "TUBER-WRITTEN-BY-GUEST".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, want, 0, magic.length);
        for (int i = 32; i < 512; i++) {
            want[i] = (byte) i;
        }
        return want;
    }

    private byte[] sector(int n) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(dir.resolve("disk.img")), 512 * n, 512 * (n + 1));
    }

    @Test
    void bootsToUserlandAndPowersOff() throws IOException {
        Run r = boot("", "console=ttyS0");
        assertHealthy(r);
        assertLine(r, "TUBER-INIT: cpus=1");
        assertLine(r, "TUBER-INIT: disk sector1-before=zero");
        assertLine(r, "TUBER-INIT: powering off");
        assertFalse(r.output().contains("Kernel panic"), r.output());
        assertEquals(0, r.status(), "power-off through SBI SRST ends the run with 0:\n" + r.output() + r.errors());
        assertArrayEquals(guestPattern(), sector(1), "the guest's write reached disk.img");
        assertTrue(new String(sector(0), StandardCharsets.US_ASCII).startsWith("TUBER-DISK-MAGIC v1\n"));
    }

    @Test
    void bootsWithTwoHarts() throws IOException {
        Run r = boot("2", "console=ttyS0");
        assertHealthy(r);
        assertLine(r, "TUBER-INIT: cpus online=0-1");
        assertLine(r, "TUBER-INIT: cpus=2");
        assertLine(r, "TUBER-INIT: smp ran-on=0,1");
        assertEquals(0, r.status(), r.output() + r.errors());
        assertArrayEquals(guestPattern(), sector(1));
    }

    @Test
    void aKernelPanicEndsTheRunWithStatusOneAndTheConsoleTail() throws IOException {
        Run r = boot("", "console=ttyS0 tuber.panic");
        assertLine(r, "TUBER-INIT: all checks passed");
        assertEquals(1, r.status(), "pvpanic: the default panic action is exit-failure\n" + r.output() + r.errors());
        assertTrue(r.errors().startsWith("tuber: guest panicked\n"), r.errors());
        String[] tail = r.errors().split("\n");
        assertTrue(tail.length > 2 && tail.length <= 21, "at most 20 lines of console:\n" + r.errors());
        assertTrue(r.errors().contains("Kernel panic - not syncing: Attempted to kill init!"), r.errors());
        assertTrue(r.errors().contains("TUBER-INIT: exiting on purpose (tuber.panic)"), r.errors());
    }
}
