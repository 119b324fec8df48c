package dev.tuber.isa.testboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.tuber.isa.spi.Boards;

/**
 * Runs the official riscv-tests when a directory of built ELFs is given with {@code
 * -Dtuber.riscvTests=DIR} (they are not part of the repository; see DEVELOPERS.md). Skipped
 * otherwise.
 */
class RiscvTestsLocalTest {
    @TestFactory
    Stream<DynamicTest> riscvTests() throws Exception {
        String dir = System.getProperty("tuber.riscvTests");
        Assumptions.assumeTrue(dir != null, "set -Dtuber.riscvTests=DIR to run the official ISA tests");
        String filter = System.getProperty("tuber.riscvTests.filter", "");
        Boards.register(new TestBoard.Provider());
        List<Path> tests;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            tests = s.filter(p -> !p.getFileName().toString().contains(".")).filter(p -> p.getFileName().toString().contains(filter)).sorted().toList();
        }
        return tests.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            try (Context ctx = Context.newBuilder("riscv64").option("riscv64.Machine", TestBoard.NAME).build()) {
                int status = ctx.eval(Source.newBuilder("riscv64", org.graalvm.polyglot.io.ByteSequence.create(Files.readAllBytes(p)), p.getFileName().toString()).build()).asInt();
                assertEquals(0, status, p.getFileName() + " failed test case " + status);
            }
        }));
    }
}
