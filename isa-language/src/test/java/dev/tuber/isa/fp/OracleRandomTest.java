package dev.tuber.isa.fp;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tuber.isa.fp.ExactOracle.Exact;
import dev.tuber.isa.fp.ExactOracle.Fmt;
import dev.tuber.isa.fp.ExactOracle.Result;

/**
 * Differential test of the arithmetic operations on finite nonzero operands against
 * {@link ExactOracle}, for every rounding mode, on structured pseudo-random operands (fixed seeds)
 * that concentrate on the hard cases: cancellation, results near the underflow and overflow
 * thresholds and near the fast/exact path borders, ties and exact results. The system properties
 * {@code tuber.fp.oracleCount} and {@code tuber.fp.oracleSeed} scale and vary the run.
 */
class OracleRandomTest {
    /** Cases per test; raise it (and vary the seed) for long runs. */
    private static final int N = Integer.getInteger("tuber.fp.oracleCount", 60_000);
    /** Added to every fixed seed. */
    private static final long SEED = Long.getLong("tuber.fp.oracleSeed", 0);

    // ---------------------------------------------------------------------------------------------
    // Operand generation
    // ---------------------------------------------------------------------------------------------

    static final class Gen {
        final SplittableRandom rnd;
        final Fmt f;

        Gen(long seed, Fmt f) {
            this.rnd = new SplittableRandom(seed + SEED * 1000);
            this.f = f;
        }

        long mask() {
            return f == ExactOracle.F64 ? -1L : 0xffffffffL;
        }

        long fracMask() {
            return (1L << f.fracBits()) - 1;
        }

        int maxField() {
            return (1 << f.expBits()) - 2; // largest finite
        }

        long frac() {
            int n = f.fracBits();
            switch (rnd.nextInt(9)) {
                case 0:
                    return fracMask();
                case 1:
                    return 0;
                case 2:
                    return 1L << rnd.nextInt(n);
                case 3: {
                    int k = rnd.nextInt(n + 1);
                    return k == 0 ? 0 : (fracMask() >>> (n - k)) << (n - k);
                }
                case 4:
                    return fracMask() >>> rnd.nextInt(n + 1);
                case 5:
                    return rnd.nextLong() & rnd.nextLong() & fracMask();
                case 6:
                    return fracMask() ^ (1L << rnd.nextInt(n));
                default:
                    return rnd.nextLong() & fracMask();
            }
        }

        long pack(boolean neg, int field, long frac) {
            field = Math.max(0, Math.min(maxField(), field));
            long v = ((long) field << f.fracBits()) | (frac & fracMask());
            if (v == 0) {
                v = 1; // nonzero
            }
            return neg ? v | f.signBit() : v;
        }

        /** A finite nonzero value, exponent anywhere or near the extremes or near 1. */
        long value() {
            int field;
            switch (rnd.nextInt(6)) {
                case 0:
                    field = rnd.nextInt(maxField() + 1);
                    break;
                case 1:
                    field = rnd.nextInt(4);
                    break;
                case 2:
                    field = maxField() - rnd.nextInt(4);
                    break;
                default:
                    field = f.bias() - 30 + rnd.nextInt(61);
                    break;
            }
            return pack(rnd.nextBoolean(), field, frac());
        }

        int field(long v) {
            return (int) ((v >>> f.fracBits()) & ((1L << f.expBits()) - 1));
        }

        long withField(int field) {
            return pack(rnd.nextBoolean(), field, frac());
        }

        /** A value near a critical magnitude (tininess, overflow, fast-path gates). */
        long target() {
            int field = switch (rnd.nextInt(f == ExactOracle.F64 ? 6 : 4)) {
                case 0 -> 1;
                case 1 -> rnd.nextBoolean() ? 0 : 2;
                case 2 -> maxField();
                case 3 -> maxField() - 1;
                case 4 -> 55 - rnd.nextInt(2);
                default -> 2045 + rnd.nextInt(2);
            };
            long v = ((long) field << f.fracBits()) + rnd.nextInt(9) - 4;
            v &= mask() & ~f.signBit();
            if (v == 0 || Long.compareUnsigned(v, f.infBits()) >= 0) {
                v = 1;
            }
            return rnd.nextBoolean() ? v | f.signBit() : v;
        }

        long perturb(long v, int ulps) {
            long r = (v + rnd.nextInt(2 * ulps + 1) - ulps) & mask();
            return finiteNonzero(r) ? r : value();
        }

        boolean finiteNonzero(long v) {
            long m = v & ~f.signBit() & mask();
            return m != 0 && m < f.infBits();
        }

        // host arithmetic (round to nearest) in the format, to aim operands
        double toD(long v) {
            return f == ExactOracle.F64 ? Double.longBitsToDouble(v) : Float.intBitsToFloat((int) v);
        }

        long fromD(double d) {
            return f == ExactOracle.F64 ? Double.doubleToRawLongBits(d) : Float.floatToRawIntBits((float) d) & 0xffffffffL;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Checking
    // ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface Impl {
        long apply(long a, long b, long c, int rm, FpFlags fl);
    }

    private static void compare(String what, Fmt f, Exact x, boolean exactZeroNegativeInRdn, long a, long b, long c,
                    Impl impl, List<String> bad) {
        long mask = f == ExactOracle.F64 ? -1L : 0xffffffffL;
        for (int rm = 0; rm < 5; rm++) {
            Result want = ExactOracle.round(f, x, rm, exactZeroNegativeInRdn && rm == SoftFloat.RDN);
            FpFlags fl = new FpFlags();
            long got = impl.apply(a, b, c, rm, fl) & mask;
            if (got != want.bits() || fl.flags != want.flags()) {
                if (bad.size() < 20) {
                    bad.add(String.format("%s(%x, %x, %x) [%s]: expected %x %s, got %x %s", what, a, b, c,
                                    RiscvVectorTest.RM_NAMES[rm], want.bits(), SoftFloat.flagsToString(want.flags()), got,
                                    SoftFloat.flagsToString(fl.flags)));
                }
            }
        }
    }

    private static void report(List<String> bad) {
        if (!bad.isEmpty()) {
            fail("mismatches against the exact oracle:\n  " + String.join("\n  ", bad));
        }
    }

    private static Fmt fmt(boolean f64) {
        return f64 ? ExactOracle.F64 : ExactOracle.F32;
    }

    private static void addTest(boolean f64) {
        Fmt f = fmt(f64);
        Gen g = new Gen(f64 ? 11 : 12, f);
        List<String> bad = new ArrayList<>();
        Impl impl = f64 ? (a, b, c, rm, fl) -> SoftFloat.f64Add(a, b, rm, fl)
                        : (a, b, c, rm, fl) -> SoftFloat.f32Add((int) a, (int) b, rm, fl);
        for (int i = 0; i < N; i++) {
            long a = g.value();
            long b = switch (g.rnd.nextInt(4)) {
                case 0 -> g.value();
                case 1 -> g.withField(g.field(a) + g.rnd.nextInt(2 * f.fracBits() + 9) - f.fracBits() - 4);
                case 2 -> g.perturb(a ^ f.signBit(), 8); // cancellation
                default -> g.withField(g.field(a) - g.rnd.nextInt(3)) ^ (g.rnd.nextBoolean() ? 0 : f.signBit());
            };
            compare("add", f, ExactOracle.add(ExactOracle.value(f, a), ExactOracle.value(f, b)), true, a, b, 0, impl, bad);
        }
        report(bad);
    }

    private static void mulDivTest(boolean f64, boolean div) {
        Fmt f = fmt(f64);
        Gen g = new Gen((f64 ? 21 : 22) + (div ? 100 : 0), f);
        List<String> bad = new ArrayList<>();
        Impl impl;
        if (div) {
            impl = f64 ? (a, b, c, rm, fl) -> SoftFloat.f64Div(a, b, rm, fl)
                            : (a, b, c, rm, fl) -> SoftFloat.f32Div((int) a, (int) b, rm, fl);
        } else {
            impl = f64 ? (a, b, c, rm, fl) -> SoftFloat.f64Mul(a, b, rm, fl)
                            : (a, b, c, rm, fl) -> SoftFloat.f32Mul((int) a, (int) b, rm, fl);
        }
        for (int i = 0; i < N; i++) {
            long a;
            long b;
            if (g.rnd.nextBoolean()) {
                // aim the result at a critical value t: b = t / a (mul) or a / t (div)
                a = g.withField(f.bias() - 8 + g.rnd.nextInt(17));
                long t = g.target();
                double bd = div ? g.toD(a) / g.toD(t) : g.toD(t) / g.toD(a);
                b = g.perturb(g.fromD(bd), 2);
            } else {
                a = g.value();
                b = g.value();
            }
            Exact ea = ExactOracle.value(f, a);
            Exact eb = ExactOracle.value(f, b);
            compare(div ? "div" : "mul", f, div ? ExactOracle.div(ea, eb) : ExactOracle.mul(ea, eb), false, a, b, 0, impl, bad);
        }
        report(bad);
    }

    private static void sqrtTest(boolean f64) {
        Fmt f = fmt(f64);
        Gen g = new Gen(f64 ? 31 : 32, f);
        List<String> bad = new ArrayList<>();
        Impl impl = f64 ? (a, b, c, rm, fl) -> SoftFloat.f64Sqrt(a, rm, fl)
                        : (a, b, c, rm, fl) -> SoftFloat.f32Sqrt((int) a, rm, fl);
        for (int i = 0; i < N; i++) {
            long a = g.value() & ~f.signBit();
            if (g.rnd.nextInt(4) == 0) {
                // near a perfect square: (s +- ulps)^2
                double s = g.toD(g.value() & ~f.signBit());
                a = g.perturb(g.fromD(s * s) & ~f.signBit(), 2) & ~f.signBit();
            }
            compare("sqrt", f, ExactOracle.sqrt(ExactOracle.value(f, a)), false, a, 0, 0, impl, bad);
        }
        report(bad);
    }

    private static void fmaTest(boolean f64) {
        Fmt f = fmt(f64);
        Gen g = new Gen(f64 ? 41 : 42, f);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long a;
            long b;
            if (g.rnd.nextInt(3) == 0) {
                a = g.withField(f.bias() - 8 + g.rnd.nextInt(17));
                b = g.perturb(g.fromD(g.toD(g.target()) / g.toD(a)), 2);
            } else {
                a = g.value();
                b = g.value();
            }
            double p = g.toD(a) * g.toD(b);
            long pb = g.fromD(p);
            long c = switch (g.rnd.nextInt(6)) {
                case 0 -> g.value();
                case 1 -> g.perturb(pb ^ f.signBit(), 4); // catastrophic cancellation
                case 2 -> g.finiteNonzero(pb) ? (pb ^ f.signBit() ^ (g.rnd.nextLong() & 0xff)) & g.mask() : g.value();
                case 3 -> g.withField(g.field(pb) + g.rnd.nextInt(2 * f.fracBits() + 9) - f.fracBits() - 4);
                case 4 -> g.fromD(g.toD(g.target()) - p);
                default -> g.withField(g.field(g.target()) - g.rnd.nextInt(f.fracBits() + 3));
            };
            if (!g.finiteNonzero(c)) {
                c = g.value();
            }
            boolean negP = g.rnd.nextBoolean();
            boolean negC = g.rnd.nextBoolean();
            Exact prod = ExactOracle.mul(ExactOracle.value(f, negP ? a ^ f.signBit() : a), ExactOracle.value(f, b));
            Exact x = ExactOracle.add(prod, ExactOracle.value(f, negC ? c ^ f.signBit() : c));
            Impl impl = f64 ? (aa, bb, cc, rm, fl) -> SoftFloat.f64MulAdd(aa, bb, cc, negP, negC, rm, fl)
                            : (aa, bb, cc, rm, fl) -> SoftFloat.f32MulAdd((int) aa, (int) bb, (int) cc, negP, negC, rm, fl);
            compare("fma" + (negP ? "-p" : "") + (negC ? "-c" : ""), f, x, true, a, b, c, impl, bad);
        }
        report(bad);
    }

    private static void fromIntTest(boolean f64) {
        Fmt f = fmt(f64);
        SplittableRandom rnd = new SplittableRandom((f64 ? 51 : 52) + SEED * 1000);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            if (rnd.nextBoolean()) {
                v >>>= rnd.nextInt(64); // unsigned-ish
            }
            long vv = v;
            Exact sx = new Exact(java.math.BigInteger.valueOf(v), 0);
            Exact ux = new Exact(new java.math.BigInteger(Long.toUnsignedString(v)), 0);
            Exact wx = new Exact(java.math.BigInteger.valueOf((int) v), 0);
            Exact wux = new Exact(java.math.BigInteger.valueOf(Integer.toUnsignedLong((int) v)), 0);
            if (f64) {
                compare("i64ToF64", f, sx, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.i64ToF64(vv, rm, fl), bad);
                compare("u64ToF64", f, ux, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.u64ToF64(vv, rm, fl), bad);
                compare("i32ToF64", f, wx, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.i32ToF64((int) vv, rm, fl), bad);
                compare("u32ToF64", f, wux, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.u32ToF64((int) vv, rm, fl), bad);
            } else {
                compare("i64ToF32", f, sx, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.i64ToF32(vv, rm, fl), bad);
                compare("u64ToF32", f, ux, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.u64ToF32(vv, rm, fl), bad);
                compare("i32ToF32", f, wx, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.i32ToF32((int) vv, rm, fl), bad);
                compare("u32ToF32", f, wux, false, v, 0, 0, (a, b, c, rm, fl) -> SoftFloat.u32ToF32((int) vv, rm, fl), bad);
            }
        }
        report(bad);
    }

    private static void narrowTest() {
        Gen g = new Gen(61, ExactOracle.F64);
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long a = switch (g.rnd.nextInt(4)) {
                case 0 -> g.value();
                case 1 -> g.withField(1023 - 126 - g.rnd.nextInt(30));
                case 2 -> g.withField(1023 + 127 + g.rnd.nextInt(3) - 1);
                default -> g.withField(1023 - 40 + g.rnd.nextInt(81)) & ~((1L << (g.rnd.nextInt(3) + 27)) - 1)
                                | (g.rnd.nextBoolean() ? 1L << 28 : 0);
            };
            if (!g.finiteNonzero(a)) {
                continue;
            }
            compare("f64ToF32", ExactOracle.F32, ExactOracle.value(ExactOracle.F64, a), false, a, 0, 0,
                            (x, y, z, rm, fl) -> SoftFloat.f64ToF32(x, rm, fl), bad);
        }
        report(bad);
    }

    @Test
    void f64Add() {
        addTest(true);
    }

    @Test
    void f32Add() {
        addTest(false);
    }

    @Test
    void f64Mul() {
        mulDivTest(true, false);
    }

    @Test
    void f32Mul() {
        mulDivTest(false, false);
    }

    @Test
    void f64Div() {
        mulDivTest(true, true);
    }

    @Test
    void f32Div() {
        mulDivTest(false, true);
    }

    @Test
    void f64Sqrt() {
        sqrtTest(true);
    }

    @Test
    void f32Sqrt() {
        sqrtTest(false);
    }

    @Test
    void f64MulAdd() {
        fmaTest(true);
    }

    @Test
    void f32MulAdd() {
        fmaTest(false);
    }

    @Test
    void intToF64() {
        fromIntTest(true);
    }

    @Test
    void intToF32() {
        fromIntTest(false);
    }

    @Test
    void f64ToF32() {
        narrowTest();
    }
}
