package dev.tuber.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden runs: every bare-metal test program of guests/baremetal/tests through the real command
 * line, its console output and exit status compared with the {@code .expected} and {@code
 * .exitcode} files beside its source; {@code .stdin}, {@code .args} and {@code .machine} give its
 * input, extra options and board. Each program runs twice: with the Graal compiler, and in the
 * Truffle interpreter alone (the compiler jar absent).
 */
class GoldenProgramsIT {
    static final Path TESTS = TuberCommand.ROOT.resolve("guests/baremetal/tests");

    record Golden(String name, String machine, List<String> extraArgs, byte[] stdin, String expected, int exitCode) {
    }

    static List<Golden> goldens() throws IOException {
        List<Golden> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(TESTS)) {
            for (Path expected : files.filter(p -> p.getFileName().toString().endsWith(".expected")
                            && !p.getFileName().toString().endsWith(".qemu.expected")).sorted().toList()) {
                String name = expected.getFileName().toString().replace(".expected", "");
                String machine = read(name + ".machine", "virt").trim();
                String args = read(name + ".args", "").trim();
                Path stdin = TESTS.resolve(name + ".stdin");
                list.add(new Golden(name, machine, args.isEmpty() ? List.of() : List.of(args.split("\\s+")),
                                Files.exists(stdin) ? Files.readAllBytes(stdin) : new byte[0],
                                Files.readString(expected, StandardCharsets.UTF_8), Integer.parseInt(read(name + ".exitcode", "0").trim())));
            }
        }
        if (list.isEmpty()) {
            throw new AssertionError("no golden tests found in " + TESTS);
        }
        return list;
    }

    private static String read(String file, String fallback) throws IOException {
        Path p = TESTS.resolve(file);
        return Files.exists(p) ? Files.readString(p) : fallback;
    }

    static void check(Golden g, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("-M", g.machine(), "-bios", "none", "-nographic"));
        args.addAll(g.extraArgs());
        args.add("-kernel");
        args.add(TuberCommand.guest(g.name()).toString());
        TuberCommand.Result r = TuberCommand.run(g.stdin(), 300, env, args.toArray(String[]::new));
        assertEquals(g.expected(), r.out(), g.name() + ": console output\n" + r.describe());
        assertEquals(g.exitCode(), r.status(), g.name() + ": exit status\n" + r.describe());
    }

    @TestFactory
    Stream<DynamicTest> withTheGraalCompiler() throws IOException {
        return goldens().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> check(g, Map.of())));
    }

    @TestFactory
    Stream<DynamicTest> interpreterOnly() throws IOException {
        return goldens().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> check(g, Map.of("TUBER_COMPILER", "none"))));
    }
}
