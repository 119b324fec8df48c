package dev.tuber.isa.fp;

import static dev.tuber.isa.fp.SoftFloat.DZ;
import static dev.tuber.isa.fp.SoftFloat.F32_CANONICAL_NAN;
import static dev.tuber.isa.fp.SoftFloat.F64_CANONICAL_NAN;
import static dev.tuber.isa.fp.SoftFloat.NV;
import static dev.tuber.isa.fp.SoftFloat.NX;
import static dev.tuber.isa.fp.SoftFloat.OF;
import static dev.tuber.isa.fp.SoftFloat.RDN;
import static dev.tuber.isa.fp.SoftFloat.RMM;
import static dev.tuber.isa.fp.SoftFloat.RNE;
import static dev.tuber.isa.fp.SoftFloat.RTZ;
import static dev.tuber.isa.fp.SoftFloat.RUP;
import static dev.tuber.isa.fp.SoftFloat.UF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Hand-written cases for the corners of the RISC-V F/D semantics, each with the value and the
 * flags the specification requires (derived by hand, independently of the implementation).
 */
class SoftFloatEdgeCaseTest {
    // binary64 bit patterns
    static final long P0 = 0L;
    static final long N0 = 0x8000000000000000L;
    static final long ONE = 0x3ff0000000000000L;
    static final long M_ONE = 0xbff0000000000000L;
    static final long TWO = 0x4000000000000000L;
    static final long INF = 0x7ff0000000000000L;
    static final long N_INF = 0xfff0000000000000L;
    static final long MAX = 0x7fefffffffffffffL;
    static final long N_MAX = 0xffefffffffffffffL;
    static final long MIN_NORMAL = 0x0010000000000000L;
    static final long MAX_SUB = 0x000fffffffffffffL;
    static final long MIN_SUB = 0x0000000000000001L;
    static final long QNAN_PAYLOAD = 0x7ff8000000000123L;
    static final long N_QNAN = 0xfff8000000000000L;
    static final long SNAN = 0x7ff0000000000001L;
    static final long N_SNAN = 0xfff4000000000000L;
    // binary32 bit patterns
    static final int F_P0 = 0;
    static final int F_N0 = 0x80000000;
    static final int F_ONE = 0x3f800000;
    static final int F_M_ONE = 0xbf800000;
    static final int F_INF = 0x7f800000;
    static final int F_N_INF = 0xff800000;
    static final int F_MAX = 0x7f7fffff;
    static final int F_MIN_NORMAL = 0x00800000;
    static final int F_MAX_SUB = 0x007fffff;
    static final int F_MIN_SUB = 0x00000001;
    static final int F_QNAN_PAYLOAD = 0x7fc00123;
    static final int F_SNAN = 0x7f800001;

    static final int[] MODES = {RNE, RTZ, RDN, RUP, RMM};

    @FunctionalInterface
    interface Op64 {
        long apply(int rm, FpFlags fl);
    }

    @FunctionalInterface
    interface Op32 {
        int apply(int rm, FpFlags fl);
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }

    private static String hex(int v) {
        return String.format("%08x", v);
    }

    /** Expects {@code want[rm]} and {@code flags[rm]} for every rounding mode. */
    private static void modes64(Op64 op, long[] want, int[] flags) {
        for (int rm : MODES) {
            FpFlags fl = new FpFlags();
            long got = op.apply(rm, fl);
            assertEquals(hex(want[rm]), hex(got), "result in mode " + RiscvVectorTest.RM_NAMES[rm]);
            assertEquals(SoftFloat.flagsToString(flags[rm]), SoftFloat.flagsToString(fl.flags), "flags in mode " + RiscvVectorTest.RM_NAMES[rm]);
        }
    }

    private static void modes32(Op32 op, int[] want, int[] flags) {
        for (int rm : MODES) {
            FpFlags fl = new FpFlags();
            int got = op.apply(rm, fl);
            assertEquals(hex(want[rm]), hex(got), "result in mode " + RiscvVectorTest.RM_NAMES[rm]);
            assertEquals(SoftFloat.flagsToString(flags[rm]), SoftFloat.flagsToString(fl.flags), "flags in mode " + RiscvVectorTest.RM_NAMES[rm]);
        }
    }

    /** Same result and flags in every rounding mode. */
    private static void all64(Op64 op, long want, int flags) {
        modes64(op, new long[] {want, want, want, want, want}, new int[] {flags, flags, flags, flags, flags});
    }

    private static void all32(Op32 op, int want, int flags) {
        modes32(op, new int[] {want, want, want, want, want}, new int[] {flags, flags, flags, flags, flags});
    }

    private static long[] l(long... v) {
        return v;
    }

    private static int[] i(int... v) {
        return v;
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static int fbits(float f) {
        return Float.floatToRawIntBits(f);
    }

    // ---------------------------------------------------------------------------------------------
    // Signs of exact zero results
    // ---------------------------------------------------------------------------------------------

    @Test
    void exactZeroSumIsPositiveExceptUnderRdn() {
        long x = bits(1.5);
        long[] want = l(P0, P0, N0, P0, P0);
        int[] none = i(0, 0, 0, 0, 0);
        modes64((rm, fl) -> SoftFloat.f64Add(x, x ^ N0, rm, fl), want, none);
        modes64((rm, fl) -> SoftFloat.f64Sub(x, x, rm, fl), want, none);
        modes64((rm, fl) -> SoftFloat.f64Add(MAX_SUB, MAX_SUB ^ N0, rm, fl), want, none); // subnormals
        modes64((rm, fl) -> SoftFloat.f64Add(P0, N0, rm, fl), want, none);
        all64((rm, fl) -> SoftFloat.f64Add(N0, N0, rm, fl), N0, 0);
        all64((rm, fl) -> SoftFloat.f64Add(P0, P0, rm, fl), P0, 0);
        all64((rm, fl) -> SoftFloat.f64Sub(N0, P0, rm, fl), N0, 0);
        int[] fwant = i(F_P0, F_P0, F_N0, F_P0, F_P0);
        modes32((rm, fl) -> SoftFloat.f32Add(F_ONE, F_M_ONE, rm, fl), fwant, none);
        modes32((rm, fl) -> SoftFloat.f32Sub(F_MAX_SUB, F_MAX_SUB, rm, fl), fwant, none);
        modes32((rm, fl) -> SoftFloat.f32Add(F_P0, F_N0, rm, fl), fwant, none);
        all32((rm, fl) -> SoftFloat.f32Add(F_N0, F_N0, rm, fl), F_N0, 0);
    }

    @Test
    void exactZeroFusedMultiplyAdd() {
        long[] want = l(P0, P0, N0, P0, P0);
        int[] none = i(0, 0, 0, 0, 0);
        // 1*1 + -1, and the negated forms: fnmadd computes -(1*1) - (-1) = -1 + 1 -> +0 (not -0)
        modes64((rm, fl) -> SoftFloat.f64MulAdd(ONE, ONE, M_ONE, false, false, rm, fl), want, none);
        modes64((rm, fl) -> SoftFloat.f64MulAdd(ONE, ONE, M_ONE, true, true, rm, fl), want, none);
        modes64((rm, fl) -> SoftFloat.f64MulAdd(ONE, ONE, ONE, false, true, rm, fl), want, none);
        // 0 * x + 0 of mixed signs, and same signs
        modes64((rm, fl) -> SoftFloat.f64MulAdd(P0, ONE, N0, false, false, rm, fl), want, none);
        all64((rm, fl) -> SoftFloat.f64MulAdd(N0, ONE, N0, false, false, rm, fl), N0, 0);
        all64((rm, fl) -> SoftFloat.f64MulAdd(P0, ONE, P0, true, true, rm, fl), N0, 0); // -(+0) - (+0)
        // a nonzero product plus zero is the product, exactly (no zero-sign games)
        all64((rm, fl) -> SoftFloat.f64MulAdd(TWO, M_ONE, N0, false, false, rm, fl), bits(-2.0), 0);
        int[] fwant = i(F_P0, F_P0, F_N0, F_P0, F_P0);
        modes32((rm, fl) -> SoftFloat.f32MulAdd(F_ONE, F_ONE, F_M_ONE, false, false, rm, fl), fwant, none);
        modes32((rm, fl) -> SoftFloat.f32MulAdd(F_ONE, F_ONE, F_M_ONE, true, true, rm, fl), fwant, none);
        all32((rm, fl) -> SoftFloat.f32MulAdd(F_N0, F_ONE, F_N0, false, false, rm, fl), F_N0, 0);
    }

    @Test
    void productAndQuotientZerosCarryTheXorSign() {
        all64((rm, fl) -> SoftFloat.f64Mul(N0, ONE, rm, fl), N0, 0);
        all64((rm, fl) -> SoftFloat.f64Mul(N0, M_ONE, rm, fl), P0, 0);
        all64((rm, fl) -> SoftFloat.f64Div(P0, M_ONE, rm, fl), N0, 0);
        all64((rm, fl) -> SoftFloat.f64Div(ONE, N_INF, rm, fl), N0, 0);
        all32((rm, fl) -> SoftFloat.f32Mul(F_N0, F_M_ONE, rm, fl), F_P0, 0);
        all32((rm, fl) -> SoftFloat.f32Div(F_M_ONE, F_INF, rm, fl), F_N0, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // NaNs
    // ---------------------------------------------------------------------------------------------

    @Test
    void nanResultsAreCanonical() {
        all64((rm, fl) -> SoftFloat.f64Add(QNAN_PAYLOAD, ONE, rm, fl), F64_CANONICAL_NAN, 0);
        all64((rm, fl) -> SoftFloat.f64Mul(N_QNAN, ONE, rm, fl), F64_CANONICAL_NAN, 0);
        all64((rm, fl) -> SoftFloat.f64Sqrt(QNAN_PAYLOAD, rm, fl), F64_CANONICAL_NAN, 0);
        all64((rm, fl) -> SoftFloat.f64MulAdd(ONE, ONE, N_QNAN, false, false, rm, fl), F64_CANONICAL_NAN, 0);
        all32((rm, fl) -> SoftFloat.f32Add(F_QNAN_PAYLOAD, F_ONE, rm, fl), F32_CANONICAL_NAN, 0);
        all32((rm, fl) -> SoftFloat.f32Div(F_ONE, F_QNAN_PAYLOAD | 0x80000000, rm, fl), F32_CANONICAL_NAN, 0);
        all32((rm, fl) -> SoftFloat.f64ToF32(QNAN_PAYLOAD, rm, fl), F32_CANONICAL_NAN, 0);
        FpFlags fl = new FpFlags();
        assertEquals(F64_CANONICAL_NAN, SoftFloat.f32ToF64(F_QNAN_PAYLOAD, fl));
        assertEquals(0, fl.flags);
    }

    @Test
    void signalingNanInputsRaiseInvalid() {
        all64((rm, fl) -> SoftFloat.f64Add(ONE, SNAN, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sub(N_SNAN, QNAN_PAYLOAD, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Mul(SNAN, P0, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Div(SNAN, INF, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sqrt(SNAN, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64MulAdd(ONE, ONE, SNAN, false, false, rm, fl), F64_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32Mul(F_SNAN, F_ONE, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32Sqrt(F_SNAN, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32MulAdd(F_SNAN, F_ONE, F_ONE, true, false, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f64ToF32(SNAN, rm, fl), F32_CANONICAL_NAN, NV);
        FpFlags fl = new FpFlags();
        assertEquals(F64_CANONICAL_NAN, SoftFloat.f32ToF64(F_SNAN, fl));
        assertEquals(NV, fl.flags);
    }

    @Test
    void invalidOperations() {
        all64((rm, fl) -> SoftFloat.f64Add(INF, N_INF, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sub(INF, INF, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Mul(N_INF, P0, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Div(P0, N0, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Div(INF, N_INF, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sqrt(M_ONE, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sqrt(N_INF, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sqrt(0x8000000000000001L, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64Sqrt(N0, rm, fl), N0, 0); // sqrt(-0) = -0
        all64((rm, fl) -> SoftFloat.f64Sqrt(INF, rm, fl), INF, 0);
        // inf*x + inf of the opposite sign
        all64((rm, fl) -> SoftFloat.f64MulAdd(INF, ONE, INF, true, false, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64MulAdd(INF, ONE, INF, true, true, rm, fl), N_INF, 0);
        all32((rm, fl) -> SoftFloat.f32Add(F_N_INF, F_INF, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32Div(F_N0, F_P0, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32Sqrt(F_M_ONE, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32Sqrt(F_N0, rm, fl), F_N0, 0);
    }

    @Test
    void zeroTimesInfinityInFmaIsInvalidEvenWithQuietNanAddend() {
        all64((rm, fl) -> SoftFloat.f64MulAdd(P0, INF, QNAN_PAYLOAD, false, false, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64MulAdd(N_INF, N0, N_QNAN, true, true, rm, fl), F64_CANONICAL_NAN, NV);
        all64((rm, fl) -> SoftFloat.f64MulAdd(INF, P0, ONE, false, false, rm, fl), F64_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32MulAdd(F_INF, F_P0, F_QNAN_PAYLOAD, false, false, rm, fl), F32_CANONICAL_NAN, NV);
        all32((rm, fl) -> SoftFloat.f32MulAdd(F_N0, F_N_INF, F_ONE, false, true, rm, fl), F32_CANONICAL_NAN, NV);
        // a quiet NaN operand alone is not invalid
        all64((rm, fl) -> SoftFloat.f64MulAdd(QNAN_PAYLOAD, P0, INF, false, false, rm, fl), F64_CANONICAL_NAN, 0);
        all32((rm, fl) -> SoftFloat.f32MulAdd(F_ONE, F_INF, F_QNAN_PAYLOAD, false, false, rm, fl), F32_CANONICAL_NAN, 0);
    }

    @Test
    void divideByZero() {
        all64((rm, fl) -> SoftFloat.f64Div(ONE, P0, rm, fl), INF, DZ);
        all64((rm, fl) -> SoftFloat.f64Div(M_ONE, P0, rm, fl), N_INF, DZ);
        all64((rm, fl) -> SoftFloat.f64Div(MIN_SUB, N0, rm, fl), N_INF, DZ);
        all64((rm, fl) -> SoftFloat.f64Div(INF, P0, rm, fl), INF, 0); // not DZ: exact infinity
        all32((rm, fl) -> SoftFloat.f32Div(F_ONE, F_N0, rm, fl), F_N_INF, DZ);
        all32((rm, fl) -> SoftFloat.f32Div(F_INF, F_N0, rm, fl), F_N_INF, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // min / max / compare / classify
    // ---------------------------------------------------------------------------------------------

    @Test
    void minMax() {
        FpFlags fl = new FpFlags();
        assertEquals(N0, SoftFloat.f64Min(P0, N0, fl));
        assertEquals(N0, SoftFloat.f64Min(N0, P0, fl));
        assertEquals(P0, SoftFloat.f64Max(N0, P0, fl));
        assertEquals(P0, SoftFloat.f64Max(P0, N0, fl));
        assertEquals(ONE, SoftFloat.f64Min(QNAN_PAYLOAD, ONE, fl));
        assertEquals(ONE, SoftFloat.f64Max(ONE, N_QNAN, fl));
        assertEquals(F64_CANONICAL_NAN, SoftFloat.f64Max(QNAN_PAYLOAD, N_QNAN, fl));
        assertEquals(M_ONE, SoftFloat.f64Min(ONE, M_ONE, fl));
        assertEquals(N_INF, SoftFloat.f64Min(N_INF, MAX, fl));
        assertEquals(0, fl.flags, "quiet NaNs raise nothing");
        assertEquals(ONE, SoftFloat.f64Min(SNAN, ONE, fl));
        assertEquals(NV, fl.flags, "a signaling NaN raises NV even when the result is a number");
        fl.flags = 0;
        assertEquals(F64_CANONICAL_NAN, SoftFloat.f64Min(SNAN, QNAN_PAYLOAD, fl));
        assertEquals(NV, fl.flags);

        fl.flags = 0;
        assertEquals(F_N0, SoftFloat.f32Min(F_P0, F_N0, fl));
        assertEquals(F_P0, SoftFloat.f32Max(F_N0, F_P0, fl));
        assertEquals(F_M_ONE, SoftFloat.f32Max(F_QNAN_PAYLOAD, F_M_ONE, fl));
        assertEquals(F32_CANONICAL_NAN, SoftFloat.f32Min(F_QNAN_PAYLOAD, F_QNAN_PAYLOAD, fl));
        assertEquals(0, fl.flags);
        assertEquals(F_ONE, SoftFloat.f32Max(F_ONE, F_SNAN, fl));
        assertEquals(NV, fl.flags);
    }

    @Test
    void comparisons() {
        FpFlags fl = new FpFlags();
        assertTrue(SoftFloat.f64Eq(P0, N0, fl));
        assertTrue(SoftFloat.f64Le(N0, P0, fl));
        assertFalse(SoftFloat.f64Lt(N0, P0, fl));
        assertTrue(SoftFloat.f64Lt(N_INF, N_MAX, fl));
        assertFalse(SoftFloat.f64Eq(QNAN_PAYLOAD, QNAN_PAYLOAD, fl));
        assertEquals(0, fl.flags, "feq is quiet for quiet NaNs");
        assertFalse(SoftFloat.f64Eq(SNAN, ONE, fl));
        assertEquals(NV, fl.flags, "feq signals for signaling NaNs");
        fl.flags = 0;
        assertFalse(SoftFloat.f64Lt(QNAN_PAYLOAD, ONE, fl));
        assertEquals(NV, fl.flags, "flt signals for any NaN");
        fl.flags = 0;
        assertFalse(SoftFloat.f64Le(ONE, N_QNAN, fl));
        assertEquals(NV, fl.flags, "fle signals for any NaN");

        fl.flags = 0;
        assertTrue(SoftFloat.f32Eq(F_N0, F_P0, fl));
        assertTrue(SoftFloat.f32Le(F_N0, F_P0, fl));
        assertFalse(SoftFloat.f32Lt(F_P0, F_N0, fl));
        assertFalse(SoftFloat.f32Eq(F_QNAN_PAYLOAD, F_ONE, fl));
        assertEquals(0, fl.flags);
        assertFalse(SoftFloat.f32Eq(F_ONE, F_SNAN, fl));
        assertEquals(NV, fl.flags);
        fl.flags = 0;
        assertFalse(SoftFloat.f32Lt(F_QNAN_PAYLOAD, F_ONE, fl));
        assertEquals(NV, fl.flags);
    }

    @Test
    void classify() {
        long[] d = {N_INF, M_ONE, MAX_SUB | N0, N0, P0, MIN_SUB, MIN_NORMAL, INF, SNAN, QNAN_PAYLOAD};
        int[] f = {F_N_INF, F_M_ONE, F_MAX_SUB | F_N0, F_N0, F_P0, F_MIN_SUB, F_MIN_NORMAL, F_INF, F_SNAN, F_QNAN_PAYLOAD};
        for (int k = 0; k < 10; k++) {
            assertEquals(1 << k, SoftFloat.f64Classify(d[k]), "binary64 class " + k);
            assertEquals(1 << k, SoftFloat.f32Classify(f[k]), "binary32 class " + k);
        }
        assertEquals(1 << 9, SoftFloat.f64Classify(N_QNAN));
        assertEquals(1 << 8, SoftFloat.f64Classify(N_SNAN));
        assertEquals(1 << 1, SoftFloat.f64Classify(N_MAX));
    }

    // ---------------------------------------------------------------------------------------------
    // Rounding: ties, directed modes, overflow, underflow
    // ---------------------------------------------------------------------------------------------

    @Test
    void tiesToMaxMagnitude() {
        long tie = bits(0x1p-53); // 1 + 2^-53 is halfway between 1 and 1 + 2^-52
        long up = ONE + 1;
        modes64((rm, fl) -> SoftFloat.f64Add(ONE, tie, rm, fl), l(ONE, ONE, ONE, up, up), i(NX, NX, NX, NX, NX));
        modes64((rm, fl) -> SoftFloat.f64Add(M_ONE, tie ^ N0, rm, fl), l(M_ONE, M_ONE, M_ONE + 1, M_ONE, M_ONE + 1),
                        i(NX, NX, NX, NX, NX));
        // 1.5 * (1 + 2^-52) = 1.5 + 1.5*2^-52: tie between 1.5+2^-52 and 1.5+2^-51
        long x = bits(1.5);
        modes64((rm, fl) -> SoftFloat.f64Mul(x, ONE + 1, rm, fl), l(x + 2, x + 1, x + 1, x + 2, x + 2), i(NX, NX, NX, NX, NX));
        int ftie = fbits(0x1p-24f);
        modes32((rm, fl) -> SoftFloat.f32Add(F_ONE, ftie, rm, fl), i(F_ONE, F_ONE, F_ONE, F_ONE + 1, F_ONE + 1),
                        i(NX, NX, NX, NX, NX));
        // a tie whose lower neighbour is odd: RNE and RMM both round up
        modes32((rm, fl) -> SoftFloat.f32Add(F_ONE + 1, ftie, rm, fl), i(F_ONE + 2, F_ONE + 1, F_ONE + 1, F_ONE + 2, F_ONE + 2),
                        i(NX, NX, NX, NX, NX));
        // fcvt.s.d of a tie
        modes32((rm, fl) -> SoftFloat.f64ToF32(0x3ff0000010000000L, rm, fl), i(F_ONE, F_ONE, F_ONE, F_ONE + 1, F_ONE + 1),
                        i(NX, NX, NX, NX, NX));
    }

    @Test
    void directedRoundingOfInexactResults() {
        // 1/3 = 0x3fd5555555555555 (rounded down by RNE, the error is positive)
        long third = 0x3fd5555555555555L;
        modes64((rm, fl) -> SoftFloat.f64Div(ONE, bits(3.0), rm, fl), l(third, third, third, third + 1, third),
                        i(NX, NX, NX, NX, NX));
        modes64((rm, fl) -> SoftFloat.f64Div(M_ONE, bits(3.0), rm, fl),
                        l(third | N0, third | N0, (third + 1) | N0, third | N0, third | N0), i(NX, NX, NX, NX, NX));
        // sqrt(2) = 0x3ff6a09e667f3bcd (RNE rounds up here: 0x...bcc < sqrt 2 < 0x...bcd)
        long s2 = 0x3ff6a09e667f3bcdL;
        modes64((rm, fl) -> SoftFloat.f64Sqrt(TWO, rm, fl), l(s2, s2 - 1, s2 - 1, s2, s2), i(NX, NX, NX, NX, NX));
        int fs2 = 0x3fb504f3; // sqrt(2) in binary32, rounded down by RNE
        modes32((rm, fl) -> SoftFloat.f32Sqrt(0x40000000, rm, fl), i(fs2, fs2, fs2, fs2 + 1, fs2), i(NX, NX, NX, NX, NX));
    }

    @Test
    void overflowDependsOnModeAndSign() {
        int of = OF | NX;
        modes64((rm, fl) -> SoftFloat.f64Mul(MAX, TWO, rm, fl), l(INF, MAX, MAX, INF, INF), i(of, of, of, of, of));
        modes64((rm, fl) -> SoftFloat.f64Mul(N_MAX, TWO, rm, fl), l(N_INF, N_MAX, N_INF, N_MAX, N_INF), i(of, of, of, of, of));
        // MAX + half an ulp of MAX: a tie that RNE (odd significand) and RMM round to infinity
        long halfUlp = 0x7c90000000000000L; // 2^970
        modes64((rm, fl) -> SoftFloat.f64Add(MAX, halfUlp, rm, fl), l(INF, MAX, MAX, INF, INF), i(of, NX, NX, of, of));
        // MAX + a quarter ulp: RNE keeps MAX (no overflow), RUP overflows
        long quarterUlp = 0x7c80000000000000L;
        modes64((rm, fl) -> SoftFloat.f64Add(MAX, quarterUlp, rm, fl), l(MAX, MAX, MAX, INF, MAX), i(NX, NX, NX, of, NX));
        modes32((rm, fl) -> SoftFloat.f32Mul(F_MAX, 0x40000000, rm, fl), i(F_INF, F_MAX, F_MAX, F_INF, F_INF), i(of, of, of, of, of));
        modes32((rm, fl) -> SoftFloat.f64ToF32(MAX | N0, rm, fl), i(F_N_INF, F_MAX | F_N0, F_N_INF, F_MAX | F_N0, F_N_INF),
                        i(of, of, of, of, of));
        modes32((rm, fl) -> SoftFloat.f32MulAdd(F_MAX, 0x40000000, F_MAX, false, true, rm, fl), i(F_MAX, F_MAX, F_MAX, F_MAX, F_MAX),
                        i(0, 0, 0, 0, 0)); // MAX*2 - MAX == MAX exactly: no overflow inside an FMA
        // an infinite operand gives an exact infinity: no OF
        all64((rm, fl) -> SoftFloat.f64Add(INF, MAX, rm, fl), INF, 0);
    }

    @Test
    void tininessIsDetectedAfterRounding() {
        int uf = UF | NX;
        // (1 - 2^-53) * MIN_NORMAL = MIN_NORMAL - 2^-1075: exactly representable with an unbounded
        // exponent, so it is tiny in every mode, yet RNE/RUP/RMM deliver MIN_NORMAL.
        long oneMinus = 0x3fefffffffffffffL;
        modes64((rm, fl) -> SoftFloat.f64Mul(oneMinus, MIN_NORMAL, rm, fl), l(MIN_NORMAL, MAX_SUB, MAX_SUB, MIN_NORMAL, MIN_NORMAL),
                        i(uf, uf, uf, uf, uf));
        // (1 + 2^-52)(1 - 2^-52) * MIN_NORMAL = MIN_NORMAL (1 - 2^-104): rounds to MIN_NORMAL with an
        // unbounded exponent in RNE/RUP/RMM, so those modes are not tiny: NX only.
        long a = MIN_NORMAL + 1;
        long b = 0x3feffffffffffffeL;
        modes64((rm, fl) -> SoftFloat.f64Mul(a, b, rm, fl), l(MIN_NORMAL, MAX_SUB, MAX_SUB, MIN_NORMAL, MIN_NORMAL), i(NX, uf, uf, NX, NX));
        modes64((rm, fl) -> SoftFloat.f64Mul(a ^ N0, b, rm, fl),
                        l(MIN_NORMAL | N0, MAX_SUB | N0, MIN_NORMAL | N0, MAX_SUB | N0, MIN_NORMAL | N0), i(NX, uf, NX, uf, NX));
        // FMA: MIN_NORMAL * (1 - 2^-52) + MIN_SUB is exactly MIN_NORMAL; with a quarter of MIN_SUB
        // less (via the product) it is MIN_NORMAL (1 - 2^-104)-like: tiny only where it rounds down.
        all64((rm, fl) -> SoftFloat.f64MulAdd(MIN_NORMAL, b, MIN_SUB, false, false, rm, fl), MIN_NORMAL, 0);
        modes64((rm, fl) -> SoftFloat.f64MulAdd(a, b, MIN_SUB, false, true, rm, fl),
                        l(MAX_SUB, MAX_SUB - 1, MAX_SUB - 1, MAX_SUB, MAX_SUB), i(uf, uf, uf, uf, uf));
        modes64((rm, fl) -> SoftFloat.f64MulAdd(a, b, P0, false, false, rm, fl),
                        l(MIN_NORMAL, MAX_SUB, MAX_SUB, MIN_NORMAL, MIN_NORMAL), i(NX, uf, uf, NX, NX));
        // binary32, computed via binary64: must not be fooled by the wider intermediate
        int fOneMinus = 0x3f7fffff;
        modes32((rm, fl) -> SoftFloat.f32Mul(fOneMinus, F_MIN_NORMAL, rm, fl),
                        i(F_MIN_NORMAL, F_MAX_SUB, F_MAX_SUB, F_MIN_NORMAL, F_MIN_NORMAL), i(uf, uf, uf, uf, uf));
        modes32((rm, fl) -> SoftFloat.f32Mul(F_MIN_NORMAL + 1, 0x3f7ffffe, rm, fl),
                        i(F_MIN_NORMAL, F_MAX_SUB, F_MAX_SUB, F_MIN_NORMAL, F_MIN_NORMAL), i(NX, uf, uf, NX, NX));
        modes32((rm, fl) -> SoftFloat.f64ToF32(0x380fffffffffffffL, rm, fl), // just below binary32 MIN_NORMAL
                        i(F_MIN_NORMAL, F_MAX_SUB, F_MAX_SUB, F_MIN_NORMAL, F_MIN_NORMAL), i(NX, uf, uf, NX, NX));
    }

    @Test
    void underflowOnlyWhenInexact() {
        int uf = UF | NX;
        // exact subnormal results raise nothing
        all64((rm, fl) -> SoftFloat.f64Mul(MIN_NORMAL, bits(0.5), rm, fl), 0x0008000000000000L, 0);
        all64((rm, fl) -> SoftFloat.f64Div(MAX_SUB, bits(1.0), rm, fl), MAX_SUB, 0);
        all64((rm, fl) -> SoftFloat.f64Sub(MIN_NORMAL, MIN_SUB, rm, fl), MAX_SUB, 0);
        all32((rm, fl) -> SoftFloat.f32Mul(F_MIN_NORMAL, 0x3f000000, rm, fl), 0x00400000, 0);
        // half of the smallest subnormal: a tie between 0 and MIN_SUB
        modes64((rm, fl) -> SoftFloat.f64Mul(MIN_SUB, bits(0.5), rm, fl), l(P0, P0, P0, MIN_SUB, MIN_SUB), i(uf, uf, uf, uf, uf));
        modes64((rm, fl) -> SoftFloat.f64Div(MIN_SUB | N0, TWO, rm, fl), l(N0, N0, MIN_SUB | N0, N0, MIN_SUB | N0), i(uf, uf, uf, uf, uf));
        modes32((rm, fl) -> SoftFloat.f32Mul(F_MIN_SUB, 0x3f000000, rm, fl), i(F_P0, F_P0, F_P0, F_MIN_SUB, F_MIN_SUB),
                        i(uf, uf, uf, uf, uf));
        // far below: everything but the directed-away mode gives zero
        modes64((rm, fl) -> SoftFloat.f64Mul(MIN_SUB, MIN_SUB, rm, fl), l(P0, P0, P0, MIN_SUB, P0), i(uf, uf, uf, uf, uf));
        modes32((rm, fl) -> SoftFloat.f64ToF32(MIN_SUB | N0, rm, fl), i(F_N0, F_N0, F_MIN_SUB | F_N0, F_N0, F_N0), i(uf, uf, uf, uf, uf));
    }

    @Test
    void binary32FmaIsNotDoubleRounded() {
        // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is a binary32 tie; + 2^-60 pushes it just above. A binary64
        // FMA would round the 2^-60 away first and then tie to even, which is wrong.
        int a = 0x3f800800; // 1 + 2^-12
        int c = fbits(0x1p-60f);
        int lo = 0x3f801000; // 1 + 2^-11
        int hi = lo + 1;
        modes32((rm, fl) -> SoftFloat.f32MulAdd(a, a, c, false, false, rm, fl), i(hi, lo, lo, hi, hi), i(NX, NX, NX, NX, NX));
        modes32((rm, fl) -> SoftFloat.f32MulAdd(a, a, c, false, true, rm, fl), i(lo, lo, lo, hi, lo), i(NX, NX, NX, NX, NX));
        // the exact tie itself: RNE to even (lo), RMM away (hi)
        modes32((rm, fl) -> SoftFloat.f32MulAdd(a, a, F_P0, false, false, rm, fl), i(lo, lo, lo, hi, hi), i(NX, NX, NX, NX, NX));
    }

    @Test
    void binary64FmaSingleRounding() {
        // (1 + 2^-52) * 1 + 2^-53 - 2^-105-ish: the mingw example, fma(0x1.0000000000001p0, 1, 0x0.00000000000007FFp0)
        long a = ONE + 1;
        long c = bits(0x0.00000000000007FFp0);
        modes64((rm, fl) -> SoftFloat.f64MulAdd(a, ONE, c, false, false, rm, fl), l(ONE + 1, ONE + 1, ONE + 1, ONE + 2, ONE + 1),
                        i(NX, NX, NX, NX, NX));
        // a*a - p recovers the rounding error of p = a*a exactly
        long x = bits(1.0 + 0x1p-30);
        long p = SoftFloat.f64Mul(x, x, RNE, new FpFlags());
        all64((rm, fl) -> SoftFloat.f64MulAdd(x, x, p, false, true, rm, fl), bits(0x1p-60), 0);
    }

    // ---------------------------------------------------------------------------------------------
    // Conversions
    // ---------------------------------------------------------------------------------------------

    private static void cvt(String what, long want, int wantFlags, long got, FpFlags fl) {
        assertEquals(Long.toHexString(want), Long.toHexString(got), what);
        assertEquals(SoftFloat.flagsToString(wantFlags), SoftFloat.flagsToString(fl.flags), what + " flags");
    }

    @FunctionalInterface
    interface Cvt {
        long apply(long a, int rm, FpFlags fl);
    }

    private static void cvtModes(String what, Cvt op, double v, long[] want, int[] flags) {
        for (int rm : MODES) {
            FpFlags fl = new FpFlags();
            cvt(what + "(" + v + ") " + RiscvVectorTest.RM_NAMES[rm], want[rm], flags[rm], op.apply(bits(v), rm, fl), fl);
            // the binary32 variant agrees when v is a binary32 value
            if ((float) v == v || Double.isNaN(v)) {
                Cvt op32 = switch (what) {
                    case "w" -> (x, r, f) -> SoftFloat.f32ToI32(fbits((float) Double.longBitsToDouble(x)), r, f);
                    case "wu" -> (x, r, f) -> SoftFloat.f32ToU32(fbits((float) Double.longBitsToDouble(x)), r, f);
                    case "l" -> (x, r, f) -> SoftFloat.f32ToI64(fbits((float) Double.longBitsToDouble(x)), r, f);
                    default -> (x, r, f) -> SoftFloat.f32ToU64(fbits((float) Double.longBitsToDouble(x)), r, f);
                };
                FpFlags fl32 = new FpFlags();
                cvt(what + ".s(" + v + ") " + RiscvVectorTest.RM_NAMES[rm], want[rm], flags[rm], op32.apply(bits(v), rm, fl32), fl32);
            }
        }
    }

    @Test
    void floatToIntegerRoundsSaturatesAndFlags() {
        Cvt w = SoftFloat::f64ToI32;
        Cvt wu = SoftFloat::f64ToU32;
        Cvt l = SoftFloat::f64ToI64;
        Cvt lu = SoftFloat::f64ToU64;
        int x = NX;
        int v = NV;
        cvtModes("w", w, 2.5, l(2, 2, 2, 3, 3), i(x, x, x, x, x));
        cvtModes("w", w, -2.5, l(-2, -2, -3, -2, -3), i(x, x, x, x, x));
        cvtModes("w", w, 0.5, l(0, 0, 0, 1, 1), i(x, x, x, x, x));
        cvtModes("w", w, Double.NaN, l(0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL), i(v, v, v, v, v));
        cvtModes("w", w, Double.NEGATIVE_INFINITY, l(-0x80000000L, -0x80000000L, -0x80000000L, -0x80000000L, -0x80000000L),
                        i(v, v, v, v, v));
        cvtModes("w", w, 0x1p31, l(0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL), i(v, v, v, v, v));
        // -2^31 - 0.5: in range after rounding towards zero or to nearest even, out of range downwards
        cvtModes("w", w, -2147483648.5, l(-0x80000000L, -0x80000000L, -0x80000000L, -0x80000000L, -0x80000000L),
                        i(x, x, v, x, v));
        cvtModes("w", w, 2147483647.5, l(0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL, 0x7fffffffL), i(v, x, x, v, v));
        // unsigned: small negatives that round to 0 are merely inexact; the result is sign-extended
        cvtModes("wu", wu, -0.5, l(0, 0, 0, 0, 0), i(x, x, v, x, v));
        cvtModes("wu", wu, -1.0, l(0, 0, 0, 0, 0), i(v, v, v, v, v));
        cvtModes("wu", wu, 4294967295.0, l(-1, -1, -1, -1, -1), i(0, 0, 0, 0, 0));
        cvtModes("wu", wu, 2147483648.0, l(0xffffffff80000000L, 0xffffffff80000000L, 0xffffffff80000000L,
                        0xffffffff80000000L, 0xffffffff80000000L), i(0, 0, 0, 0, 0));
        cvtModes("wu", wu, 0x1p32, l(-1, -1, -1, -1, -1), i(v, v, v, v, v));
        cvtModes("wu", wu, Double.NaN, l(-1, -1, -1, -1, -1), i(v, v, v, v, v));
        cvtModes("l", l, 0x1p63, l(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE), i(v, v, v, v, v));
        cvtModes("l", l, -0x1p63, l(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE), i(0, 0, 0, 0, 0));
        cvtModes("l", l, -0.0, l(0, 0, 0, 0, 0), i(0, 0, 0, 0, 0));
        cvtModes("l", l, Double.longBitsToDouble(MIN_SUB), l(0, 0, 0, 1, 0), i(x, x, x, x, x));
        cvtModes("lu", lu, 0x1p64, l(-1, -1, -1, -1, -1), i(v, v, v, v, v));
        cvtModes("lu", lu, 0x1.fffffffffffffp63, l(0xfffffffffffff800L, 0xfffffffffffff800L, 0xfffffffffffff800L,
                        0xfffffffffffff800L, 0xfffffffffffff800L), i(0, 0, 0, 0, 0));
        cvtModes("lu", lu, Double.NEGATIVE_INFINITY, l(0, 0, 0, 0, 0), i(v, v, v, v, v));
        cvtModes("lu", lu, -0.25, l(0, 0, 0, 0, 0), i(x, x, v, x, x));
    }

    @Test
    void integerToFloat() {
        long two53 = 1L << 53;
        long d2p53 = bits(0x1p53);
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2
        modes64((rm, fl) -> SoftFloat.i64ToF64(two53 + 1, rm, fl), l(d2p53, d2p53, d2p53, d2p53 + 1, d2p53 + 1), i(NX, NX, NX, NX, NX));
        modes64((rm, fl) -> SoftFloat.i64ToF64(-two53 - 1, rm, fl), l(d2p53 | N0, d2p53 | N0, (d2p53 + 1) | N0, d2p53 | N0, (d2p53 + 1) | N0),
                        i(NX, NX, NX, NX, NX));
        // 2^64 - 1 unsigned
        long d2p64 = bits(0x1p64);
        modes64((rm, fl) -> SoftFloat.u64ToF64(-1L, rm, fl), l(d2p64, d2p64 - 1, d2p64 - 1, d2p64, d2p64), i(NX, NX, NX, NX, NX));
        all64((rm, fl) -> SoftFloat.i64ToF64(Long.MIN_VALUE, rm, fl), bits(-0x1p63), 0);
        all64((rm, fl) -> SoftFloat.i32ToF64(Integer.MIN_VALUE, rm, fl), bits(-0x1p31), 0);
        all64((rm, fl) -> SoftFloat.u32ToF64(-1, rm, fl), bits(4294967295.0), 0);
        all64((rm, fl) -> SoftFloat.i64ToF64(0, rm, fl), P0, 0); // +0 in every mode
        int f2p24 = fbits(0x1p24f);
        modes32((rm, fl) -> SoftFloat.i32ToF32((1 << 24) + 1, rm, fl), i(f2p24, f2p24, f2p24, f2p24 + 1, f2p24 + 1), i(NX, NX, NX, NX, NX));
        modes32((rm, fl) -> SoftFloat.i32ToF32((1 << 24) + 3, rm, fl), i(f2p24 + 2, f2p24 + 1, f2p24 + 1, f2p24 + 2, f2p24 + 2),
                        i(NX, NX, NX, NX, NX));
        int f2p32 = fbits(0x1p32f);
        modes32((rm, fl) -> SoftFloat.u32ToF32(-1, rm, fl), i(f2p32, f2p32 - 1, f2p32 - 1, f2p32, f2p32), i(NX, NX, NX, NX, NX));
        // 2^63 + 2^39 is exactly halfway between two binary32 numbers; + 1 makes it round up. A
        // conversion through binary64 would lose the + 1 and tie to even instead.
        long tieBit = 1L << 39;
        int f2p63 = fbits(0x1p63f);
        modes32((rm, fl) -> SoftFloat.u64ToF32(Long.MIN_VALUE + tieBit + 1, rm, fl), i(f2p63 + 1, f2p63, f2p63, f2p63 + 1, f2p63 + 1),
                        i(NX, NX, NX, NX, NX));
        modes32((rm, fl) -> SoftFloat.i64ToF32(-(1L << 62) - (1L << 38) - 1, rm, fl),
                        i(fbits(-0x1p62f) + 1, fbits(-0x1p62f), fbits(-0x1p62f) + 1, fbits(-0x1p62f), fbits(-0x1p62f) + 1),
                        i(NX, NX, NX, NX, NX));
        all32((rm, fl) -> SoftFloat.i64ToF32(Long.MIN_VALUE, rm, fl), fbits(-0x1p63f), 0);
    }

    @Test
    void floatConversions() {
        // exact widening of a binary32 subnormal
        FpFlags fl = new FpFlags();
        assertEquals(bits(0x1p-149), SoftFloat.f32ToF64(F_MIN_SUB, fl));
        assertEquals(N_INF, SoftFloat.f32ToF64(F_N_INF, fl));
        assertEquals(0, fl.flags);
        // narrowing: exact, inexact, and below the binary32 subnormal range
        all32((rm, f) -> SoftFloat.f64ToF32(bits(0x1p-149), rm, f), F_MIN_SUB, 0);
        modes32((rm, f) -> SoftFloat.f64ToF32(bits(0.1), rm, f), i(0x3dcccccd, 0x3dcccccc, 0x3dcccccc, 0x3dcccccd, 0x3dcccccd),
                        i(NX, NX, NX, NX, NX));
        all32((rm, f) -> SoftFloat.f64ToF32(INF, rm, f), F_INF, 0);
    }

    @Test
    void flagsAccumulate() {
        FpFlags fl = new FpFlags();
        SoftFloat.f64Div(ONE, P0, RNE, fl);
        SoftFloat.f64Add(ONE, bits(0x1p-60), RNE, fl);
        SoftFloat.f64Add(ONE, ONE, RNE, fl);
        assertEquals(DZ | NX, fl.flags);
        SoftFloat.f32Mul(F_MAX, F_MAX, RTZ, fl);
        assertEquals(DZ | NX | OF, fl.flags);
    }
}
