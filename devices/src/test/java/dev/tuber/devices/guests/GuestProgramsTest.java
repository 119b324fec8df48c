package dev.tuber.devices.guests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.tuber.machine.loader.RvAsm;

/**
 * End to end: guest programs on the real CPU (the {@code riscv64} language) on the boards of this
 * layer. Hand-assembled programs always run; the bare-metal suite of {@code guests/baremetal} runs
 * when its build output is present, each program's console output and exit status compared with
 * its {@code .expected} and {@code .exitcode} files.
 */
class GuestProgramsTest {
    static final Path GUESTS = Path.of("..", "guests", "baremetal");
    static final long TIMEOUT_SECONDS = 60;
    /**
     * Programs that fail because of the CPU, not the machine layer, with the reason; skipped (and
     * so listed in the test report) until the isa-language fixes them.
     */
    static final java.util.Map<String, String> KNOWN_CPU_ISSUES = java.util.Map.of();

    record Run(int status, String output) {
    }

    static Run run(byte[] program, String name, String machine, String smp, byte[] stdin) {
        return run(program, name, java.util.Map.of("riscv64.Machine", machine, "riscv64.Smp", smp), stdin);
    }

    static Run run(byte[] program, String name, java.util.Map<String, String> options, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin);
        Context ctx = Context.newBuilder("riscv64").in(in).out(out).err(err).allowCreateThread(true).options(options).build();
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "guest " + name);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Integer> f = exec.submit(() -> ctx.eval(Source.newBuilder("riscv64", ByteSequence.create(program), name).build()).asInt());
            int status;
            try {
                status = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // not closed: cancelling waits for the hart to reach a safepoint, which a spinning
                // hart may never do; the daemon thread is abandoned instead
                throw new AssertionError(name + " did not finish in " + TIMEOUT_SECONDS + " s; output so far:\n" + out, e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof PolyglotException pe) {
                    throw new AssertionError(name + ": " + pe.getMessage() + "\n" + out + err, pe);
                }
                throw new AssertionError(name, e.getCause());
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            ctx.close();
            return new Run(status, out.toString(StandardCharsets.UTF_8));
        } finally {
            exec.shutdownNow();
        }
    }

    /** {@code sb rs2, imm(rs1)}. */
    static int sb(int rs2, int rs1, int imm) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | ((imm & 0x1F) << 7) | 0x23;
    }

    static byte[] helloVirt(int exitCode) {
        List<Integer> code = new ArrayList<>();
        code.add(RvAsm.lui(RvAsm.T0, 0x10000)); // t0 = UART
        for (char c : "Hi\n".toCharArray()) {
            code.add(RvAsm.addi(RvAsm.T1, RvAsm.ZERO, c));
            code.add(sb(RvAsm.T1, RvAsm.T0, 0));
        }
        code.add(RvAsm.lui(RvAsm.T0, 0x100)); // t0 = test finisher
        int value = exitCode == 0 ? 0x5555 : (exitCode << 16) | 0x3333;
        code.add(RvAsm.lui(RvAsm.T1, (value + 0x800) >>> 12));
        code.add(RvAsm.addi(RvAsm.T1, RvAsm.T1, ((value & 0xFFF) << 20) >> 20));
        code.add(RvAsm.sw(RvAsm.T1, RvAsm.T0, 0));
        code.add(RvAsm.jal(RvAsm.ZERO, 0));
        return RvAsm.bytes(code.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void rawProgramOnVirtWritesToTheUartAndExits() {
        Run r = run(helloVirt(0), "hello.bin", "virt", "", new byte[0]);
        assertEquals("Hi\n", r.output());
        assertEquals(0, r.status());
        assertEquals(5, run(helloVirt(5), "fail.bin", "virt", "", new byte[0]).status());
    }

    @Test
    void helpRunsEndWithStatusZero() {
        Run r = run(new byte[0], "help", java.util.Map.of("riscv64.Machine", "virt", "riscv64.Device", "serial-mm,help"), new byte[0]);
        assertEquals(0, r.status());
        assertTrue(r.output().startsWith("serial-mm options:"), r.output());
        Run m = run(new byte[0], "machines", java.util.Map.of("riscv64.Machine", "help"), new byte[0]);
        assertTrue(m.output().startsWith("Supported machines are:"), m.output());
    }

    /** OpenSBI (Debian's fw_dynamic.bin) boots on virt and starts an S-mode payload through fw_dynamic. */
    @Test
    void openSbiStartsTheKernel() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(dev.tuber.machine.board.RiscvBoard.DEFAULT_FIRMWARE_PATHS.get(0))),
                        "OpenSBI is not installed");
        Run r = run(helloVirt(0), "payload.bin", java.util.Map.of("riscv64.Machine", "virt", "riscv64.Bios", "default"), new byte[0]);
        assertTrue(r.output().contains("OpenSBI"), r.output());
        assertTrue(r.output().contains("Platform Name             : riscv-virtio,qemu"), r.output());
        assertTrue(r.output().endsWith("Hi\n"), r.output());
        assertEquals(0, r.status());
    }

    /** On spike OpenSBI finds HTIF through the device tree; the payload exits through HTIF. */
    @Test
    void openSbiOnSpike() {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(dev.tuber.machine.board.RiscvBoard.DEFAULT_FIRMWARE_PATHS.get(0))),
                        "OpenSBI is not installed");
        byte[] exit6 = RvAsm.bytes(
                        RvAsm.lui(RvAsm.T0, 0x1000),                     // t0 = HTIF fromhost (0x1000000)
                        RvAsm.addi(RvAsm.T1, RvAsm.ZERO, (6 << 1) | 1), // exit status 6
                        RvAsm.sw(RvAsm.T1, RvAsm.T0, 8),                // tohost, low half
                        RvAsm.sw(RvAsm.ZERO, RvAsm.T0, 12),             // tohost, high half: go
                        RvAsm.jal(RvAsm.ZERO, 0));
        Run r = run(exit6, "payload.bin", java.util.Map.of("riscv64.Machine", "spike", "riscv64.Bios", "default"), new byte[0]);
        assertTrue(r.output().contains("Platform Name             : ucbbar,spike-bare,qemu"), r.output());
        assertEquals(6, r.status(), r.output());
    }

    static int csrrs(int rd, int csr, int rs1) {
        return (csr << 20) | (rs1 << 15) | (2 << 12) | (rd << 7) | 0x73;
    }

    static int andi(int rd, int rs1, int imm) {
        return (imm << 20) | (rs1 << 15) | (7 << 12) | (rd << 7) | 0x13;
    }

    static int beq(int rs1, int rs2, int offset) {
        return ((offset >> 12 & 1) << 31) | ((offset >> 5 & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | ((offset >> 1 & 0xF) << 8)
                        | ((offset >> 11 & 1) << 7) | 0x63;
    }

    /**
     * Regression: {@code csrrs mip} once wrote the PLIC's SEIP signal back into the software SEIP
     * bit, so SEIP stayed set after the PLIC dropped it and Linux took supervisor external
     * interrupts forever. The read-modify-write must use only the software bit (privileged spec
     * 3.1.9): after the UART's interrupt goes away, mip.SEIP must read 0 again.
     */
    @Test
    void csrrsOnMipDoesNotLatchThePlicsSeip() {
        int mip = 0x344;
        int[] code = {
            RvAsm.lui(RvAsm.T0, 0xc000),            // t0 = PLIC
            RvAsm.addi(RvAsm.T1, RvAsm.ZERO, 1),
            RvAsm.sw(RvAsm.T1, RvAsm.T0, 4 * 10),   // priority of source 10 (the UART) = 1
            RvAsm.lui(RvAsm.A0, 0xc002),
            RvAsm.addi(RvAsm.A0, RvAsm.A0, 0x80),   // enables of context 1: hart 0, S-mode (SEIP)
            RvAsm.addi(RvAsm.T1, RvAsm.ZERO, 1 << 10),
            RvAsm.sw(RvAsm.T1, RvAsm.A0, 0),
            RvAsm.lui(RvAsm.A1, 0x10000),           // a1 = UART
            RvAsm.addi(RvAsm.T1, RvAsm.ZERO, 2),
            sb(RvAsm.T1, RvAsm.A1, 1),              // IER = THRI: the UART raises source 10, the PLIC SEIP
            RvAsm.addi(RvAsm.T1, RvAsm.ZERO, 0x20),
            csrrs(RvAsm.ZERO, mip, RvAsm.T1),       // set STIP by read-modify-write while SEIP is high
            sb(RvAsm.ZERO, RvAsm.A1, 1),            // IER = 0: the UART, and so SEIP, go low
            RvAsm.csrr(RvAsm.A2, mip),
            andi(RvAsm.A2, RvAsm.A2, 0x200),        // mip.SEIP
            RvAsm.lui(RvAsm.T0, 0x100),             // t0 = test finisher
            beq(RvAsm.A2, RvAsm.ZERO, 16),          // SEIP clear: pass
            RvAsm.lui(RvAsm.T1, 0x33),
            RvAsm.addi(RvAsm.T1, RvAsm.T1, 0x333),  // 0x33333: exit status 3
            RvAsm.sw(RvAsm.T1, RvAsm.T0, 0),
            RvAsm.lui(RvAsm.T1, 5),
            RvAsm.addi(RvAsm.T1, RvAsm.T1, 0x555),  // 0x5555: pass
            RvAsm.sw(RvAsm.T1, RvAsm.T0, 0),
            RvAsm.jal(RvAsm.ZERO, 0),
        };
        assertEquals(0, run(RvAsm.bytes(code), "seip.bin", "virt", "", new byte[0]).status(),
                        "mip.SEIP still set after the PLIC lowered it (exit status 3)");
    }

    @TestFactory
    Stream<DynamicTest> bareMetalSuite() throws IOException {
        Path build = GUESTS.resolve("build");
        Assumptions.assumeTrue(Files.isDirectory(build), "guests/baremetal has not been built");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(GUESTS.resolve("tests"))) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".expected") && !p.toString().endsWith(".qemu.expected")).sorted().toList()) {
                String name = expected.getFileName().toString().replace(".expected", "");
                Path elf = build.resolve(name + ".elf");
                if (!Files.isRegularFile(elf)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Assumptions.assumeFalse(KNOWN_CPU_ISSUES.containsKey(name), () -> "known CPU issue: " + KNOWN_CPU_ISSUES.get(name));
                    Path t = GUESTS.resolve("tests").resolve(name);
                    String machine = read(t, ".machine", "virt");
                    String args = read(t, ".args", "");
                    String smp = args.startsWith("-smp ") ? args.substring(5).trim() : "";
                    int want = Integer.parseInt(read(t, ".exitcode", "0"));
                    byte[] stdin = Files.isRegularFile(Path.of(t + ".stdin")) ? Files.readAllBytes(Path.of(t + ".stdin")) : new byte[0];
                    Run r = run(Files.readAllBytes(elf), name + ".elf", machine, smp, stdin);
                    assertEquals(Files.readString(expected), r.output(), name + " output");
                    assertEquals(want, r.status(), name + " exit status");
                }));
            }
        }
        if (tests.isEmpty()) {
            fail("no bare-metal programs found in " + build);
        }
        return tests.stream();
    }

    private static String read(Path test, String suffix, String otherwise) throws IOException {
        Path p = Path.of(test + suffix);
        return Files.isRegularFile(p) ? Files.readString(p).trim() : otherwise;
    }
}
