package dev.tuber.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tuber} command as users run it: the default guest, error handling, the compiled tier. */
class LauncherIT {

    static String demoExpected() throws Exception {
        try (InputStream in = LauncherIT.class.getResourceAsStream("/demo.expected")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void withoutArgumentsTheDemoGuestBoots() throws Exception {
        TuberCommand.Result r = TuberCommand.run(120);
        assertEquals(demoExpected(), r.out(), r.describe());
        assertEquals(0, r.status(), r.describe());
    }

    /** The shipped demo guest is the one guests/baremetal builds from its sources (the build is reproducible). */
    @Test
    void theShippedDemoIsBuiltFromItsSources() throws Exception {
        byte[] shipped;
        try (InputStream in = Main.class.getResourceAsStream("demo.elf")) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(Files.readAllBytes(TuberCommand.guest("demo")), shipped,
                        "launcher/src/main/resources/dev/tuber/launcher/demo.elf differs from guests/baremetal/build/demo.elf: copy the new build over");
    }

    @Test
    void spikeExitStatusIsTheProgramsStatus() throws Exception {
        TuberCommand.Result r = TuberCommand.run(120, "-M", "spike", "-bios", "none", "-nographic", "-kernel",
                        TuberCommand.guest("spike_exit").toString());
        assertEquals(3, r.status(), r.describe());
    }

    private static void assertOneLineError(TuberCommand.Result r, String expectedFragment) {
        assertEquals(1, r.status(), r.describe());
        String err = r.err().strip();
        assertTrue(err.startsWith("tuber: "), r.describe());
        assertTrue(err.contains(expectedFragment), "expected '" + expectedFragment + "'\n" + r.describe());
        assertTrue(!err.contains("\tat ") && !err.contains("Exception"), "no stack trace for a user mistake\n" + r.describe());
    }

    @Test
    void missingFile() throws Exception {
        assertOneLineError(TuberCommand.run(60, "-M", "virt", "-bios", "none", "-nographic", "-kernel", "no-such-file.elf"), "no-such-file.elf");
    }

    @Test
    void notAnElfFileOnSpike(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("hello.txt");
        Files.writeString(text, "hello, world\n");
        TuberCommand.Result r = TuberCommand.run(60, "-M", "spike", "-bios", "none", "-nographic", "-kernel", text.toString());
        assertEquals(1, r.status(), r.describe());
        assertTrue(r.err().startsWith("tuber: "), r.describe());
    }

    @Test
    void notRiscV() throws Exception {
        assertOneLineError(TuberCommand.run(60, "-M", "virt", "-bios", "none", "-nographic", "-kernel", "/bin/sh"), "not a RISC-V");
    }

    /**
     * -version names the polyglot API's release, also when the JVM runs without the AOT cache
     * (as without the compiler jar): it printed "polyglot null" there.
     */
    @Test
    void versionNamesThePolyglotRelease() throws Exception {
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of("TUBER_COMPILER", "none"))) {
            TuberCommand.Result r = TuberCommand.run(new byte[0], 60, env, "-version");
            assertEquals(0, r.status(), r.describe());
            assertTrue(r.out().matches("(?s)Tuber version \\S+ \\(riscv64 Truffle language; polyglot \\d+(\\.\\d+)+\\)\\R"), env + "\n" + r.describe());
        }
    }

    @Test
    void unknownBoard() throws Exception {
        assertOneLineError(TuberCommand.run(60, "-M", "sifive_u9000", "-nographic"), "sifive_u9000");
    }

    @Test
    void ramTooSmallForTheImage() throws Exception {
        assertOneLineError(TuberCommand.run(60, "-M", "virt", "-m", "16K", "-bios", "none", "-nographic", "-kernel",
                        TuberCommand.guest("demo").toString()), "too small");
    }

    @Test
    void badOptions() throws Exception {
        assertOneLineError(TuberCommand.run(60, "-frobnicate"), "-frobnicate: invalid option");
        assertOneLineError(TuberCommand.run(60, "-kernel"), "requires an argument");
        assertOneLineError(TuberCommand.run(60, "-M", "virt", "-m", "lots", "-nographic"), "lots");
        assertOneLineError(TuberCommand.run(60, "-M", "virt", "-device", "no-such-device", "-nographic"), "no-such-device");
    }

    /**
     * The compiled tier really compiles guest regions: with the Graal compiler, a CPU-bound guest's
     * hot regions are reported compiled by Truffle, and the result is right.
     */
    @Test
    void hotGuestRegionsAreCompiledByGraal() throws Exception {
        TuberCommand.Result r = TuberCommand.run(new byte[0], 300, Map.of(), "-M", "virt", "-bios", "none", "-nographic",
                        "-trace-compilation", "-kernel", TuberCommand.guest("bench-3000").toString());
        assertEquals(0, r.status(), r.describe());
        assertTrue(r.out().contains("bench: iterations=3000 crc=0x589e"), r.describe());
        Matcher m = Pattern.compile("opt done .*guest@[0-9a-f]+").matcher(r.err());
        int compiled = 0;
        while (m.find()) {
            compiled++;
        }
        assertTrue(compiled >= 3, "expected guest regions compiled by Graal\n" + r.describe());
    }

    /**
     * Branches forward over a few register-only instructions, compiled: the skip test's loops run
     * in code Graal compiled while their branches went both ways (where Tuber selects values instead
     * of branching), and their results and retired-instruction counts are right.
     */
    @Test
    void branchSkipsAreRightCompiled() throws Exception {
        TuberCommand.Result r = compiledEarly("skip", "skip: 18 checks passed", 300);
        // main's loop and retired()'s, each on-stack replaced
        assertTrue(osrUnits(r).size() >= 2, "expected two guest loops compiled\n" + r.describe());
    }

    /**
     * Nested loops entered on stack in the middle of the outer loop (osr_nest): the inner loop
     * calls a function, jumps through a table and branches on data, and its OSR compilation runs
     * it as a peeled copy until it exits to the outer loop, where the loop nests again. The result
     * must equal the flat loop's and the reference value.
     */
    @Test
    void nestedLoopsAreRightCompiled() throws Exception {
        compiledEarly("osr_nest", "osr_nest: 2 checks passed", 300);
    }

    /**
     * Loops entered at several blocks (irreducible: a state machine in assembly whose loop of
     * states is entered at two of them and holds a loop of its own) are made reducible by copying
     * blocks; compiled, the copies compute what the originals do (each call against the same
     * machine in C, the sum against a reference value).
     */
    @Test
    void irreducibleLoopsAreRightCompiled() throws Exception {
        compiledEarly("irreducible", "irreducible: 2 checks passed", 300);
    }

    /**
     * Runs a test guest with its loops compiled early and synchronously (so that compiled code
     * surely runs; its golden run is mostly interpreted), and checks its output, that no
     * compilation failed (which would leave the loops to the interpreter) and that a loop was
     * compiled on stack.
     */
    private static TuberCommand.Result compiledEarly(String guest, String passed, long timeoutSeconds) throws Exception {
        TuberCommand.Result r = TuberCommand.run(new byte[0], timeoutSeconds, Map.of(), "--vm.Dpolyglot.engine.BackgroundCompilation=false",
                        "--vm.Dpolyglot.engine.OSRCompilationThreshold=2000", "--vm.Dpolyglot.engine.FirstTierCompilationThreshold=100",
                        "--vm.Dpolyglot.engine.LastTierCompilationThreshold=500", "-M", "virt", "-bios", "none", "-nographic",
                        "-trace-compilation", "-kernel", TuberCommand.guest(guest).toString());
        assertEquals(0, r.status(), r.describe());
        assertTrue(r.out().contains(passed), r.describe());
        assertFalse(r.err().contains("opt failed"), r.describe());
        assertFalse(osrUnits(r).isEmpty(), "expected a loop compiled on stack\n" + r.describe());
        return r;
    }

    /** The guest regions a run compiled on stack (from -trace-compilation). */
    private static Set<String> osrUnits(TuberCommand.Result r) {
        Matcher m = Pattern.compile("opt done .*(guest@[0-9a-f]+)<OSR").matcher(r.err());
        Set<String> units = new HashSet<>();
        while (m.find()) {
            units.add(m.group(1));
        }
        return units;
    }

    /**
     * A timer interrupt reaches compiled loops that neither store nor call (irq_spin: a spin-wait
     * on a flag the handler sets, and a register-only loop): compiled code polls at every guest
     * backward branch, and the poll stays inside the loop. The loops run compiled long before the
     * interrupt is due; a poll hoisted out of them would spin until the timeout.
     */
    @Test
    void interruptsReachCompiledLoops() throws Exception {
        TuberCommand.Result r = compiledEarly("irq_spin", "irq_spin: 8 checks passed", 120);
        assertTrue(osrUnits(r).size() >= 2, "expected both loops compiled\n" + r.describe());
    }

    /**
     * A machine that boots firmware holds guest compilation for its first moments (an operating
     * system's boot would not repay a cold Graal): the same CPU-bound guest run as firmware is not
     * compiled while the hold lasts, and is compiled without it.
     */
    @Test
    void bootingFirmwareHoldsCompilation() throws Exception {
        String guest = TuberCommand.guest("bench-3000").toString();
        for (long holdMs : new long[]{600_000, 0}) {
            TuberCommand.Result r = TuberCommand.run(new byte[0], 300, Map.of(), "--vm.Dtuber.bootCompileHoldMs=" + holdMs,
                            "-M", "virt", "-bios", guest, "-nographic", "-trace-compilation");
            assertEquals(0, r.status(), r.describe());
            assertTrue(r.out().contains("bench: iterations=3000 crc=0x589e"), r.describe());
            boolean compiled = Pattern.compile("opt done .*guest@[0-9a-f]+").matcher(r.err()).find();
            assertEquals(holdMs == 0, compiled, "hold " + holdMs + " ms\n" + r.describe());
        }
    }

    /**
     * build/runtime's AOT training runs further command lines in the same JVM after the first
     * (Main.TRAINING_RUNS); the exit status stays the first run's.
     */
    @Test
    void trainingRunsFollowTheFirstRun(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Files.writeString(runs, String.join("\t", "-M", "spike", "-bios", "none", "-nographic", "-kernel",
                        TuberCommand.guest("spike_hello").toString()) + "\n");
        TuberCommand.Result r = TuberCommand.run(new byte[0], 120, Map.of(), "--vm.D" + Main.TRAINING_RUNS + "=" + runs,
                        "-M", "spike", "-bios", "none", "-nographic", "-kernel", TuberCommand.guest("spike_exit").toString());
        assertEquals(3, r.status(), r.describe());
        assertTrue(r.out().contains("spike_hello: hello from hart 0 on spike via HTIF"), r.describe());
        assertTrue(r.err().contains("training run exited with status 0"), r.describe());
    }

    /** In the interpreter only (no compiler jar), nothing is compiled and the result is the same. */
    @Test
    void interpreterOnlyComputesTheSame() throws Exception {
        TuberCommand.Result r = TuberCommand.run(new byte[0], 300, Map.of("TUBER_COMPILER", "none"), "-M", "virt", "-bios", "none",
                        "-nographic", "-trace-compilation", "-kernel", TuberCommand.guest("bench-10").toString());
        assertEquals(0, r.status(), r.describe());
        assertTrue(r.out().contains("bench: iterations=10 crc=0x9f6a"), r.describe());
        assertTrue(!r.err().contains("opt done"), r.describe());
    }
}
