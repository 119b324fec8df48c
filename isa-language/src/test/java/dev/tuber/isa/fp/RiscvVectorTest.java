package dev.tuber.isa.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks {@link SoftFloat} against reference vectors produced by running the real RISC-V
 * instructions (under qemu-riscv64) for every rounding mode, see
 * {@code src/test/fp-vectors/README.md}. One dynamic test per instruction mnemonic; each compares
 * result bits and fflags of every vector line for every rounding mode.
 *
 * <p>Further vector files in the same format (plain or {@code .gz}) can be checked by listing them,
 * separated by {@code File.pathSeparator}, in the system property {@code tuber.fp.vectors}; that is
 * how much larger randomly generated sets are run during development.
 */
class RiscvVectorTest {
    static final String RESOURCE = "/fp/riscv-fp-vectors.txt.gz";

    /** Operand/result kinds of the vector format. */
    enum Kind {
        D, S, W, L, X
    }

    @FunctionalInterface
    interface Impl {
        long apply(long a, long b, long c, int rm, FpFlags fl);
    }

    record Op(int nin, Kind in, Kind out, boolean hasRm, Impl impl) {
    }

    static final Map<String, Op> OPS = new LinkedHashMap<>();

    private static void d3(String name, Kind in, Kind out, int nin, Impl impl) {
        OPS.put(name, new Op(nin, in, out, true, impl));
    }

    private static void nr(String name, Kind in, Kind out, int nin, Impl impl) {
        OPS.put(name, new Op(nin, in, out, false, impl));
    }

    private static long u32(int v) {
        return Integer.toUnsignedLong(v);
    }

    private static long b(boolean v) {
        return v ? 1 : 0;
    }

    static {
        Kind dd = Kind.D;
        Kind ss = Kind.S;
        d3("fadd.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Add(a, b, rm, fl));
        d3("fsub.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Sub(a, b, rm, fl));
        d3("fmul.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Mul(a, b, rm, fl));
        d3("fdiv.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Div(a, b, rm, fl));
        d3("fsqrt.d", dd, dd, 1, (a, b, c, rm, fl) -> SoftFloat.f64Sqrt(a, rm, fl));
        d3("fmadd.d", dd, dd, 3, (a, b, c, rm, fl) -> SoftFloat.f64MulAdd(a, b, c, false, false, rm, fl));
        d3("fmsub.d", dd, dd, 3, (a, b, c, rm, fl) -> SoftFloat.f64MulAdd(a, b, c, false, true, rm, fl));
        d3("fnmsub.d", dd, dd, 3, (a, b, c, rm, fl) -> SoftFloat.f64MulAdd(a, b, c, true, false, rm, fl));
        d3("fnmadd.d", dd, dd, 3, (a, b, c, rm, fl) -> SoftFloat.f64MulAdd(a, b, c, true, true, rm, fl));
        nr("fmin.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Min(a, b, fl));
        nr("fmax.d", dd, dd, 2, (a, b, c, rm, fl) -> SoftFloat.f64Max(a, b, fl));
        nr("feq.d", dd, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f64Eq(a, b, fl)));
        nr("flt.d", dd, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f64Lt(a, b, fl)));
        nr("fle.d", dd, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f64Le(a, b, fl)));
        nr("fclass.d", dd, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f64Classify(a));
        d3("fcvt.w.d", dd, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f64ToI32(a, rm, fl));
        d3("fcvt.wu.d", dd, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f64ToU32(a, rm, fl));
        d3("fcvt.l.d", dd, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f64ToI64(a, rm, fl));
        d3("fcvt.lu.d", dd, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f64ToU64(a, rm, fl));
        d3("fcvt.d.w", Kind.W, dd, 1, (a, b, c, rm, fl) -> SoftFloat.i32ToF64((int) a, rm, fl));
        d3("fcvt.d.wu", Kind.W, dd, 1, (a, b, c, rm, fl) -> SoftFloat.u32ToF64((int) a, rm, fl));
        d3("fcvt.d.l", Kind.L, dd, 1, (a, b, c, rm, fl) -> SoftFloat.i64ToF64(a, rm, fl));
        d3("fcvt.d.lu", Kind.L, dd, 1, (a, b, c, rm, fl) -> SoftFloat.u64ToF64(a, rm, fl));
        d3("fcvt.s.d", dd, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.f64ToF32(a, rm, fl)));
        d3("fcvt.d.s", ss, dd, 1, (a, b, c, rm, fl) -> SoftFloat.f32ToF64((int) a, fl));

        d3("fadd.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Add((int) a, (int) b, rm, fl)));
        d3("fsub.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Sub((int) a, (int) b, rm, fl)));
        d3("fmul.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Mul((int) a, (int) b, rm, fl)));
        d3("fdiv.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Div((int) a, (int) b, rm, fl)));
        d3("fsqrt.s", ss, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.f32Sqrt((int) a, rm, fl)));
        d3("fmadd.s", ss, ss, 3,
                        (a, b, c, rm, fl) -> u32(SoftFloat.f32MulAdd((int) a, (int) b, (int) c, false, false, rm, fl)));
        d3("fmsub.s", ss, ss, 3,
                        (a, b, c, rm, fl) -> u32(SoftFloat.f32MulAdd((int) a, (int) b, (int) c, false, true, rm, fl)));
        d3("fnmsub.s", ss, ss, 3,
                        (a, b, c, rm, fl) -> u32(SoftFloat.f32MulAdd((int) a, (int) b, (int) c, true, false, rm, fl)));
        d3("fnmadd.s", ss, ss, 3,
                        (a, b, c, rm, fl) -> u32(SoftFloat.f32MulAdd((int) a, (int) b, (int) c, true, true, rm, fl)));
        nr("fmin.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Min((int) a, (int) b, fl)));
        nr("fmax.s", ss, ss, 2, (a, b, c, rm, fl) -> u32(SoftFloat.f32Max((int) a, (int) b, fl)));
        nr("feq.s", ss, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f32Eq((int) a, (int) b, fl)));
        nr("flt.s", ss, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f32Lt((int) a, (int) b, fl)));
        nr("fle.s", ss, Kind.X, 2, (a, b, c, rm, fl) -> b(SoftFloat.f32Le((int) a, (int) b, fl)));
        nr("fclass.s", ss, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f32Classify((int) a));
        d3("fcvt.w.s", ss, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f32ToI32((int) a, rm, fl));
        d3("fcvt.wu.s", ss, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f32ToU32((int) a, rm, fl));
        d3("fcvt.l.s", ss, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f32ToI64((int) a, rm, fl));
        d3("fcvt.lu.s", ss, Kind.X, 1, (a, b, c, rm, fl) -> SoftFloat.f32ToU64((int) a, rm, fl));
        d3("fcvt.s.w", Kind.W, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.i32ToF32((int) a, rm, fl)));
        d3("fcvt.s.wu", Kind.W, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.u32ToF32((int) a, rm, fl)));
        d3("fcvt.s.l", Kind.L, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.i64ToF32(a, rm, fl)));
        d3("fcvt.s.lu", Kind.L, ss, 1, (a, b, c, rm, fl) -> u32(SoftFloat.u64ToF32(a, rm, fl)));
    }

    static final String[] RM_NAMES = {"rne", "rtz", "rdn", "rup", "rmm"};

    /** Reads a vector file, grouping its lines by mnemonic (in file order). */
    static Map<String, List<String>> load(InputStream raw, boolean gz) throws IOException {
        Map<String, List<String>> byOp = new LinkedHashMap<>();
        try (InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
                        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String op = line.substring(0, line.indexOf(' '));
                byOp.computeIfAbsent(op, k -> new ArrayList<>()).add(line);
            }
        }
        return byOp;
    }

    /**
     * Checks every line; returns a description of the first few mismatches (empty if none) and
     * the number of (line, rounding mode) checks performed in {@code counts[0]}.
     */
    static List<String> check(String opName, List<String> lines, long[] counts) {
        Op op = OPS.get(opName);
        List<String> bad = new ArrayList<>();
        long mismatches = 0;
        for (String line : lines) {
            String[] t = line.split(" ");
            int nres = op.hasRm ? 5 : 1;
            if (t.length != 1 + op.nin + 2 * nres) {
                throw new IllegalArgumentException("malformed vector line: " + line);
            }
            long[] in = new long[3];
            for (int i = 0; i < op.nin; i++) {
                in[i] = Long.parseUnsignedLong(t[1 + i], 16);
                if (op.in == Kind.W || op.in == Kind.S) {
                    in[i] = (int) in[i]; // 32-bit operand
                }
            }
            for (int rm = 0; rm < nres; rm++) {
                long want = Long.parseUnsignedLong(t[1 + op.nin + 2 * rm], 16);
                int wantFlags = Integer.parseInt(t[2 + op.nin + 2 * rm], 16);
                FpFlags fl = new FpFlags();
                long got = op.impl.apply(in[0], in[1], in[2], rm, fl);
                counts[0]++;
                if (got != want || fl.flags != wantFlags) {
                    mismatches++;
                    if (bad.size() < 20) {
                        bad.add(String.format("%s [%s] expected %s %s, got %s %s", line.substring(0, line.length()),
                                        op.hasRm ? RM_NAMES[rm] : "-", Long.toHexString(want),
                                        SoftFloat.flagsToString(wantFlags), Long.toHexString(got),
                                        SoftFloat.flagsToString(fl.flags)));
                    }
                }
            }
        }
        if (mismatches > bad.size()) {
            bad.add("... " + mismatches + " mismatches in total");
        }
        return bad;
    }

    private static Stream<DynamicTest> testsFor(String source, Map<String, List<String>> byOp) {
        return byOp.entrySet().stream().map(e -> DynamicTest.dynamicTest(source + ": " + e.getKey() + " (" + e.getValue().size() + " vectors)", () -> {
            assertTrue(OPS.containsKey(e.getKey()), "unknown mnemonic " + e.getKey());
            long[] counts = new long[1];
            List<String> bad = check(e.getKey(), e.getValue(), counts);
            if (!bad.isEmpty()) {
                fail(e.getKey() + ": mismatches against the RISC-V reference:\n  " + String.join("\n  ", bad));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> committedVectors() throws IOException {
        InputStream in = RiscvVectorTest.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            fail("missing test resource " + RESOURCE);
        }
        Map<String, List<String>> byOp = load(in, true);
        // The committed file must cover every instruction.
        assertEquals(new TreeSet<>(OPS.keySet()), new TreeSet<>(byOp.keySet()), "vector file does not cover every instruction");
        return testsFor("committed", byOp);
    }

    @TestFactory
    Stream<DynamicTest> extraVectors() throws IOException {
        String prop = System.getProperty("tuber.fp.vectors", "");
        Stream<DynamicTest> all = Stream.empty();
        for (String file : prop.split(java.io.File.pathSeparator)) {
            if (file.isBlank()) {
                continue;
            }
            Path p = Path.of(file);
            Map<String, List<String>> byOp = load(Files.newInputStream(p), file.endsWith(".gz"));
            all = Stream.concat(all, testsFor(p.getFileName().toString(), byOp));
        }
        return all;
    }

    /** Development entry point: checks the vector files given as arguments, prints a summary. */
    public static void main(String[] args) throws IOException {
        int failures = 0;
        for (String file : args) {
            Map<String, List<String>> byOp = load(Files.newInputStream(Path.of(file)), file.endsWith(".gz"));
            Map<String, Long> checks = new HashMap<>();
            for (var e : byOp.entrySet()) {
                long[] counts = new long[1];
                List<String> bad = check(e.getKey(), e.getValue(), counts);
                checks.put(e.getKey(), counts[0]);
                if (!bad.isEmpty()) {
                    failures++;
                    System.out.println("FAIL " + e.getKey());
                    bad.forEach(s -> System.out.println("  " + s));
                }
            }
            System.out.println(file + ": " + byOp.size() + " instructions, "
                            + checks.values().stream().mapToLong(Long::longValue).sum() + " checks");
        }
        System.out.println(failures == 0 ? "ALL OK" : failures + " instructions with mismatches");
    }
}
