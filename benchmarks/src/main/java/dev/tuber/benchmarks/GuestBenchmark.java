package dev.tuber.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths as guest programs see them, through the polyglot API: each operation runs one
 * microbenchmark guest of guests/baremetal/bench/micro.c on a fresh virt board, translation and
 * compilation included (what a user's run pays):
 * <ul>
 * <li>{@code micro-alu}: dispatch of straight-line code and backward branches in a compiled region
 * <li>{@code micro-mem}: the load/store TLB fast path
 * <li>{@code micro-call}: leaving and entering regions (calls and returns across pages)
 * </ul>
 * Compare runs of the same machine only; run with benchmarks/run-jmh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(0)
public class GuestBenchmark {
    @Param({"micro-alu", "micro-mem", "micro-call"})
    public String guest;

    private byte[] program;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        program = Files.readAllBytes(Path.of(System.getProperty("tuber.root", "."), "guests/baremetal/build", guest + ".elf"));
    }

    @Benchmark
    public int run() throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Context ctx = Context.newBuilder("riscv64").out(out).option("riscv64.Machine", "virt").build()) {
            int status = ctx.eval(Source.newBuilder("riscv64", ByteSequence.create(program), guest).build()).asInt();
            if (status != 0 || out.size() == 0) {
                throw new IllegalStateException(guest + " failed: " + status + " " + out);
            }
            return status;
        }
    }
}
