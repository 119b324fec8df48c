package dev.tuber.isa.fp;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

/**
 * IEEE 754 binary32/binary64 arithmetic with the semantics of the RISC-V F and D extensions.
 *
 * <p>Operands and results are raw bit patterns: binary64 as {@code long}, binary32 as {@code int}.
 * Every operation that rounds takes a RISC-V rounding mode ({@link #RNE}, {@link #RTZ},
 * {@link #RDN}, {@link #RUP}, {@link #RMM}; already validated by the caller) and ORs the exception
 * flags it raises into {@link FpFlags#flags}. RISC-V specifics implemented here:
 *
 * <ul>
 *   <li>every NaN produced by an operation is the canonical NaN; signaling-NaN inputs raise NV;
 *   <li>tininess is detected <em>after</em> rounding; UF is raised only for tiny inexact results;
 *   <li>{@code 0 * inf} in a fused multiply-add raises NV even when the addend is a quiet NaN;
 *   <li>min/max are IEEE 754-2019 minimumNumber/maximumNumber with {@code -0 < +0};
 *   <li>float-to-integer conversions saturate and raise NV (NaN converts to the largest positive
 *       integer); 32-bit integer results are returned sign-extended to 64 bits.
 * </ul>
 *
 * <h2>Implementation</h2>
 *
 * Each operation first tries a <em>fast path</em> built from host {@code double} arithmetic, which
 * Java guarantees to be correctly rounded to nearest-even. Error-free transformations (TwoSum,
 * {@link Math#fma} residuals, the Boldo-Muller exact FMA error) give the exact sign of the rounding
 * error, from which inexactness and the directed roundings follow. Fast paths are only taken where
 * the error-free transformations are provably exact and the result is far from the underflow and
 * overflow thresholds; everything else (NaN, infinity, subnormal and border results) goes to exact
 * integer code in {@link SoftFloatSlow}, which is kept out of compiled guest code with
 * {@code @TruffleBoundary}.
 *
 * <p>Binary32 operations are computed in binary64 as a pair {@code (d, e)} where {@code d} is the
 * binary64 result rounded to nearest and {@code e} has the sign of the rounding error (for FMA the
 * pair is exact: {@code a*b} is exact in binary64 and TwoSum splits {@code a*b + c} exactly). The
 * pair is turned into the binary64 value rounded to odd, which rounds correctly to binary32 in any
 * mode because 53 &ge; 24 + 2: no double-rounding error is possible, FMA included.
 */
public final class SoftFloat {
    private SoftFloat() {
    }

    // ---------------------------------------------------------------------------------------------
    // Public constants
    // ---------------------------------------------------------------------------------------------

    /** Round to nearest, ties to even. */
    public static final int RNE = 0;
    /** Round towards zero. */
    public static final int RTZ = 1;
    /** Round down (towards negative infinity). */
    public static final int RDN = 2;
    /** Round up (towards positive infinity). */
    public static final int RUP = 3;
    /** Round to nearest, ties to max magnitude. */
    public static final int RMM = 4;

    /** Inexact. */
    public static final int NX = 1;
    /** Underflow. */
    public static final int UF = 2;
    /** Overflow. */
    public static final int OF = 4;
    /** Divide by zero. */
    public static final int DZ = 8;
    /** Invalid operation. */
    public static final int NV = 16;

    /** The RISC-V canonical binary32 NaN. */
    public static final int F32_CANONICAL_NAN = 0x7fc00000;
    /** The RISC-V canonical binary64 NaN. */
    public static final long F64_CANONICAL_NAN = 0x7ff8000000000000L;

    // ---------------------------------------------------------------------------------------------
    // Bit-pattern constants (package-private, shared with SoftFloatSlow)
    // ---------------------------------------------------------------------------------------------

    static final long SIGN64 = 0x8000000000000000L;
    static final long ABS64 = 0x7fffffffffffffffL;
    static final long INF64 = 0x7ff0000000000000L;
    static final long MAX64 = 0x7fefffffffffffffL;
    static final long MIN_NORMAL64 = 0x0010000000000000L;
    static final long QUIET64 = 0x0008000000000000L;
    /** Bits of 2^-968: products at least this large have an exactly representable FMA residual. */
    static final long EFT_MIN64 = (long) (1023 - 968) << 52;
    /** Bits of 2^1022: FMA fast-path operands and result must stay below this. */
    static final long FMA_MAX64 = (long) (1023 + 1022) << 52;

    static final int SIGN32 = 0x80000000;
    static final int ABS32 = 0x7fffffff;
    static final int INF32 = 0x7f800000;
    static final int MAX32 = 0x7f7fffff;
    static final int MIN_NORMAL32 = 0x00800000;
    static final int QUIET32 = 0x00400000;

    private static final double TWO_POW_31 = 0x1p31;
    private static final double TWO_POW_32 = 0x1p32;
    private static final double TWO_POW_63 = 0x1p63;
    private static final double TWO_POW_64 = 0x1p64;

    // ---------------------------------------------------------------------------------------------
    // Small helpers
    // ---------------------------------------------------------------------------------------------

    private static double d(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    /** Binary32 bits as an (exact) binary64 value. */
    private static double f2d(int bits) {
        return Float.intBitsToFloat(bits);
    }

    /** Whether {@code a} is a binary64 signaling NaN. */
    public static boolean isSignalingNaN64(long a) {
        return (a & 0x7ff8000000000000L) == INF64 && (a & 0x0007ffffffffffffL) != 0;
    }

    /** Whether {@code a} is a binary32 signaling NaN. */
    public static boolean isSignalingNaN32(int a) {
        return (a & 0x7fc00000) == INF32 && (a & 0x003fffff) != 0;
    }

    /** Whether {@code a} is a binary64 NaN (quiet or signaling). */
    public static boolean isNaN64(long a) {
        return (a & ABS64) > INF64;
    }

    /** Whether {@code a} is a binary32 NaN (quiet or signaling). */
    public static boolean isNaN32(int a) {
        return (a & ABS32) > INF32;
    }

    /** Renders a flag set like {@code "NV|NX"} (for diagnostics). */
    @TruffleBoundary
    public static String flagsToString(int flags) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"NX", "UF", "OF", "DZ", "NV"};
        for (int i = 4; i >= 0; i--) {
            if ((flags & (1 << i)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }

    /**
     * Finishes a binary64 fast path. {@code r} is the round-to-nearest-even result, a normal number
     * with {@code MIN_NORMAL < |r| < MAX}; {@code err} is zero if the result is exact and otherwise
     * has the sign of the exact error {@code x - r}. For {@code rm == RMM} it must be the exact
     * error (it is compared with half an ulp to detect a tie); callers whose error term is only a
     * sign, or for which ties cannot occur, pass RNE instead of RMM. Returns the result in mode
     * {@code rm} and raises NX if inexact. Stepping one ulp from such an {@code r} can neither
     * overflow nor produce a tiny number, so no other flag is possible.
     */
    private static long round64(double r, double err, int rm, FpFlags fl) {
        long br = bits(r);
        if (err == 0) {
            return br;
        }
        fl.flags |= NX;
        switch (rm) {
            case RNE:
                return br;
            case RTZ:
                // |x| < |r| when the error points towards zero: step towards zero.
                return (err < 0) == (r > 0) ? br - 1 : br;
            case RDN:
                return err < 0 ? (r > 0 ? br - 1 : br + 1) : br;
            case RUP:
                return err > 0 ? (r > 0 ? br + 1 : br - 1) : br;
            default:
                // RMM differs from RNE only on a tie that RNE rounded towards zero.
                return (err > 0) == (r > 0) && Math.abs(err) * 2 == Math.ulp(r) ? br + 1 : br;
        }
    }

    /**
     * Binary32 analogue of {@link #round64}: {@code f} is the nearest binary32 to the binary64
     * value being rounded, {@code MIN_NORMAL < |f| < MAX}, and {@code err} the exact difference.
     */
    private static int round32(float f, double err, int rm, FpFlags fl) {
        int bf = Float.floatToRawIntBits(f);
        if (err == 0) {
            return bf;
        }
        fl.flags |= NX;
        switch (rm) {
            case RNE:
                return bf;
            case RTZ:
                return (err < 0) == (f > 0) ? bf - 1 : bf;
            case RDN:
                return err < 0 ? (f > 0 ? bf - 1 : bf + 1) : bf;
            case RUP:
                return err > 0 ? (f > 0 ? bf + 1 : bf - 1) : bf;
            default:
                return (err > 0) == (f > 0) && Math.abs(err) * 2 == Math.ulp(f) ? bf + 1 : bf;
        }
    }

    /**
     * Rounds the binary64 value {@code d + tiny} to binary32, where {@code d} is a finite binary64
     * value that is either exact ({@code e == 0}) or the nearest binary64 to the exact result, and
     * {@code e} is zero or has the sign of the exact result minus {@code d}.
     */
    private static int finish32(double d, double e, int rm, FpFlags fl) {
        if (e != 0) {
            // Round to odd: if d is even, replace it by its neighbour on the side of the exact value.
            long bd = bits(d);
            if ((bd & 1) == 0) {
                d = d(bd + ((e > 0) == (d > 0) ? 1 : -1));
            }
        }
        float f = (float) d;
        int m = Float.floatToRawIntBits(f) & ABS32;
        if (m > MIN_NORMAL32 && m < MAX32) {
            return round32(f, d - f, rm, fl);
        }
        if (d == 0) {
            return Float.floatToRawIntBits(f);
        }
        return SoftFloatSlow.roundToF32(d, rm, fl);
    }

    // ---------------------------------------------------------------------------------------------
    // binary64 arithmetic
    // ---------------------------------------------------------------------------------------------

    /** {@code a + b}. */
    public static long f64Add(long a, long b, int rm, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        double s = x + y;
        // TwoSum: x + y == s + err exactly (barring overflow, which fails the guards below).
        double bb = s - x;
        double err = (x - (s - bb)) + (y - bb);
        long ms = bits(s) & ABS64;
        if (err == 0) {
            if (ms < INF64) {
                if (s == 0 && rm == RDN) {
                    // Exact zero sum: -0 under RDN unless both operands are +0.
                    return bits(-((-x) + (-y)));
                }
                return bits(s);
            }
        } else if (ms > MIN_NORMAL64 && ms < MAX64 && Math.abs(err) < Double.POSITIVE_INFINITY) {
            return round64(s, err, rm, fl);
        }
        return SoftFloatSlow.add64(a, b, rm, fl);
    }

    /** {@code a - b}. */
    public static long f64Sub(long a, long b, int rm, FpFlags fl) {
        return f64Add(a, b ^ SIGN64, rm, fl);
    }

    /** {@code a * b}. */
    public static long f64Mul(long a, long b, int rm, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        double p = x * y;
        long mp = bits(p) & ABS64;
        if (mp >= EFT_MIN64 && mp < MAX64) {
            return round64(p, Math.fma(x, y, -p), rm, fl);
        }
        if (p == 0 && (x == 0 || y == 0)) {
            return bits(p); // exact zero, sign = xor of the signs
        }
        return SoftFloatSlow.mul64(a, b, rm, fl);
    }

    /** {@code a / b}. */
    public static long f64Div(long a, long b, int rm, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        double q = x / y;
        long mq = bits(q) & ABS64;
        if (mq > MIN_NORMAL64 && mq < MAX64 && (a & ABS64) >= EFT_MIN64 && (b & ABS64) >= MIN_NORMAL64) {
            // The remainder x - q*y is exact here; x/y - q has its sign times sign(y).
            // Quotients of binary64 numbers are never ties in the normal range, so RMM == RNE.
            double r = Math.fma(-q, y, x);
            return round64(q, y < 0 ? -r : r, rm == RMM ? RNE : rm, fl);
        }
        if (q == 0 && x == 0) {
            return bits(q); // 0 / nonzero: exact zero (0/0 is NaN, not 0)
        }
        return SoftFloatSlow.div64(a, b, rm, fl);
    }

    /** Square root. */
    public static long f64Sqrt(long a, int rm, FpFlags fl) {
        if (a >= EFT_MIN64 && a < INF64) {
            // Positive, large enough for the residual x - s*s to be exact. Square roots are never
            // ties and never near the overflow/underflow thresholds.
            double x = d(a);
            double s = Math.sqrt(x);
            return round64(s, Math.fma(-s, s, x), rm == RMM ? RNE : rm, fl);
        }
        return SoftFloatSlow.sqrt64(a, rm, fl);
    }

    /**
     * Fused multiply-add with a single rounding: {@code (negProduct ? -(a*b) : a*b) + (negAddend ?
     * -c : c)}. With the negation flags this implements {@code fmadd}, {@code fmsub},
     * {@code fnmsub} ({@code negProduct}) and {@code fnmadd} (both).
     */
    public static long f64MulAdd(long a, long b, long c, boolean negProduct, boolean negAddend, int rm, FpFlags fl) {
        double x = d(negProduct ? a ^ SIGN64 : a);
        double y = d(b);
        double z = d(negAddend ? c ^ SIGN64 : c);
        double r1 = Math.fma(x, y, z);
        double u1 = x * y;
        long mr = bits(r1) & ABS64;
        long mu = bits(u1) & ABS64;
        if (mr > MIN_NORMAL64 && mr < FMA_MAX64 && mu >= EFT_MIN64 && mu < FMA_MAX64 && (bits(z) & ABS64) < FMA_MAX64) {
            // ErrFma (Boldo & Muller, IEEE TC 2011): x*y + z == r1 + r2 + r3 exactly,
            // |r2 + r3| <= ulp(r1)/2, |r3| <= ulp(r2)/2, so r2 carries the sign of the error.
            double u2 = Math.fma(x, y, -u1);
            double alpha1 = z + u2;
            double t = alpha1 - z;
            double alpha2 = (z - (alpha1 - t)) + (u2 - t);
            double beta1 = u1 + alpha1;
            t = beta1 - u1;
            double beta2 = (u1 - (beta1 - t)) + (alpha1 - t);
            double gamma = (beta1 - r1) + beta2;
            double r2 = gamma + alpha2;
            double r3 = alpha2 - (r2 - gamma);
            // r2 alone decides a tie only when r3 == 0.
            return round64(r1, r2, r3 != 0 && rm == RMM ? RNE : rm, fl);
        }
        if (u1 == 0 && (x == 0 || y == 0) && z != 0 && r1 == z) {
            return bits(z); // exact zero product (finite factors) plus a nonzero non-NaN addend
        }
        return SoftFloatSlow.mulAdd64(a, b, c, negProduct, negAddend, rm, fl);
    }

    /** RISC-V {@code fmin.d}: IEEE 754-2019 minimumNumber with {@code -0 < +0}. */
    public static long f64Min(long a, long b, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        if (x < y) {
            return a;
        }
        if (y < x) {
            return b;
        }
        if (x == y) {
            return a | b; // identical bits, or +0/-0 -> -0
        }
        return SoftFloatSlow.minMaxNaN64(a, b, fl);
    }

    /** RISC-V {@code fmax.d}: IEEE 754-2019 maximumNumber with {@code -0 < +0}. */
    public static long f64Max(long a, long b, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        if (x > y) {
            return a;
        }
        if (y > x) {
            return b;
        }
        if (x == y) {
            return a & b; // identical bits, or +0/-0 -> +0
        }
        return SoftFloatSlow.minMaxNaN64(a, b, fl);
    }

    /** Quiet equality ({@code feq.d}): NV only for signaling NaN operands. */
    public static boolean f64Eq(long a, long b, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        if (x == y) {
            return true;
        }
        if ((x != x || y != y) && (isSignalingNaN64(a) || isSignalingNaN64(b))) {
            fl.flags |= NV;
        }
        return false;
    }

    /** Signaling less-than ({@code flt.d}): NV for any NaN operand. */
    public static boolean f64Lt(long a, long b, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        if (x < y) {
            return true;
        }
        if (x != x || y != y) {
            fl.flags |= NV;
        }
        return false;
    }

    /** Signaling less-or-equal ({@code fle.d}): NV for any NaN operand. */
    public static boolean f64Le(long a, long b, FpFlags fl) {
        double x = d(a);
        double y = d(b);
        if (x <= y) {
            return true;
        }
        if (x != x || y != y) {
            fl.flags |= NV;
        }
        return false;
    }

    /** RISC-V {@code fclass.d} 10-bit mask. */
    public static int f64Classify(long a) {
        long m = a & ABS64;
        boolean neg = a < 0;
        if (m == INF64) {
            return neg ? 1 : 1 << 7;
        }
        if (m > INF64) {
            return (m & QUIET64) != 0 ? 1 << 9 : 1 << 8;
        }
        if (m == 0) {
            return neg ? 1 << 3 : 1 << 4;
        }
        if (m < MIN_NORMAL64) {
            return neg ? 1 << 2 : 1 << 5;
        }
        return neg ? 1 << 1 : 1 << 6;
    }

    // ---------------------------------------------------------------------------------------------
    // binary64 conversions
    // ---------------------------------------------------------------------------------------------

    /**
     * Rounds {@code v} to an integral value in mode {@code rm} (NaN and infinities pass through;
     * a negative value rounding to zero gives -0).
     */
    private static double roundIntegral(double v, int rm) {
        switch (rm) {
            case RNE:
                return Math.rint(v);
            case RTZ:
                return v < 0 ? Math.ceil(v) : Math.floor(v);
            case RDN:
                return Math.floor(v);
            case RUP:
                return Math.ceil(v);
            default: {
                double t = v < 0 ? Math.ceil(v) : Math.floor(v);
                // v - t is exact; it is NaN for infinities, which then keep t.
                return Math.abs(v - t) >= 0.5 ? t + Math.signum(v) : t;
            }
        }
    }

    private static long toI32(double v, int rm, FpFlags fl) {
        double r = roundIntegral(v, rm);
        if (r >= -TWO_POW_31 && r < TWO_POW_31) {
            if (r != v) {
                fl.flags |= NX;
            }
            return (long) r;
        }
        fl.flags |= NV;
        return r < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE; // NaN -> max
    }

    private static long toU32(double v, int rm, FpFlags fl) {
        double r = roundIntegral(v, rm);
        if (r >= 0 && r < TWO_POW_32) { // -0 counts as 0
            if (r != v) {
                fl.flags |= NX;
            }
            return (int) (long) r; // sign-extended, as RISC-V writes it
        }
        fl.flags |= NV;
        return r < 0 ? 0 : -1L;
    }

    private static long toI64(double v, int rm, FpFlags fl) {
        double r = roundIntegral(v, rm);
        if (r >= -TWO_POW_63 && r < TWO_POW_63) {
            if (r != v) {
                fl.flags |= NX;
            }
            return (long) r;
        }
        fl.flags |= NV;
        return r < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private static long toU64(double v, int rm, FpFlags fl) {
        double r = roundIntegral(v, rm);
        if (r >= 0 && r < TWO_POW_64) {
            if (r != v) {
                fl.flags |= NX;
            }
            return r < TWO_POW_63 ? (long) r : (long) (r - TWO_POW_63) ^ Long.MIN_VALUE;
        }
        fl.flags |= NV;
        return r < 0 ? 0 : -1L;
    }

    /** {@code fcvt.w.d}: to signed 32-bit, result sign-extended. */
    public static long f64ToI32(long a, int rm, FpFlags fl) {
        return toI32(d(a), rm, fl);
    }

    /** {@code fcvt.wu.d}: to unsigned 32-bit, result sign-extended. */
    public static long f64ToU32(long a, int rm, FpFlags fl) {
        return toU32(d(a), rm, fl);
    }

    /** {@code fcvt.l.d}: to signed 64-bit. */
    public static long f64ToI64(long a, int rm, FpFlags fl) {
        return toI64(d(a), rm, fl);
    }

    /** {@code fcvt.lu.d}: to unsigned 64-bit. */
    public static long f64ToU64(long a, int rm, FpFlags fl) {
        return toU64(d(a), rm, fl);
    }

    /** {@code fcvt.d.w} (always exact). */
    public static long i32ToF64(int v, int rm, FpFlags fl) {
        return bits(v);
    }

    /** {@code fcvt.d.wu} (always exact). */
    public static long u32ToF64(int v, int rm, FpFlags fl) {
        return bits(Integer.toUnsignedLong(v));
    }

    /** {@code fcvt.d.l}. */
    public static long i64ToF64(long v, int rm, FpFlags fl) {
        if (v >= -(1L << 53) && v <= (1L << 53)) {
            return bits(v);
        }
        return SoftFloatSlow.intToFloat(v < 0, v < 0 ? -v : v, rm, fl, 52, 11);
    }

    /** {@code fcvt.d.lu}. */
    public static long u64ToF64(long v, int rm, FpFlags fl) {
        if (v >= 0 && v <= (1L << 53)) {
            return bits(v);
        }
        return SoftFloatSlow.intToFloat(false, v, rm, fl, 52, 11);
    }

    /** {@code fcvt.s.d}; a NaN becomes the canonical NaN (NV for a signaling NaN). */
    public static int f64ToF32(long a, int rm, FpFlags fl) {
        long m = a & ABS64;
        if (m < INF64) {
            return finish32(d(a), 0.0, rm, fl);
        }
        if (m == INF64) {
            return a < 0 ? SIGN32 | INF32 : INF32;
        }
        if (isSignalingNaN64(a)) {
            fl.flags |= NV;
        }
        return F32_CANONICAL_NAN;
    }

    /** {@code fcvt.d.s} (exact); a NaN becomes the canonical NaN (NV for a signaling NaN). */
    public static long f32ToF64(int a, FpFlags fl) {
        if ((a & ABS32) <= INF32) {
            return bits(f2d(a));
        }
        if (isSignalingNaN32(a)) {
            fl.flags |= NV;
        }
        return F64_CANONICAL_NAN;
    }

    // ---------------------------------------------------------------------------------------------
    // binary32 arithmetic (computed in binary64, see class comment)
    // ---------------------------------------------------------------------------------------------

    /** {@code a + b}. */
    public static int f32Add(int a, int b, int rm, FpFlags fl) {
        double x = f2d(a);
        double y = f2d(b);
        double s = x + y;
        double bb = s - x;
        double e = (x - (s - bb)) + (y - bb);
        if (e != e) {
            return SoftFloatSlow.add32Special(a, b, fl); // an infinity or NaN operand
        }
        if (s == 0 && rm == RDN) {
            s = -((-x) + (-y));
        }
        return finish32(s, e, rm, fl);
    }

    /** {@code a - b}. */
    public static int f32Sub(int a, int b, int rm, FpFlags fl) {
        return f32Add(a, b ^ SIGN32, rm, fl);
    }

    /** {@code a * b}. */
    public static int f32Mul(int a, int b, int rm, FpFlags fl) {
        double p = f2d(a) * f2d(b); // exact: 24 x 24 bits, well inside the binary64 range
        if (!(Math.abs(p) < Double.POSITIVE_INFINITY)) {
            return SoftFloatSlow.mul32Special(a, b, fl);
        }
        return finish32(p, 0.0, rm, fl);
    }

    /** {@code a / b}. */
    public static int f32Div(int a, int b, int rm, FpFlags fl) {
        double x = f2d(a);
        double y = f2d(b);
        double q = x / y;
        double r = Math.fma(-q, y, x); // exact remainder; NaN iff an operand is 0, inf or NaN in a bad way
        if (r != r) {
            return SoftFloatSlow.div32Special(a, b, fl);
        }
        return finish32(q, y < 0 ? -r : r, rm, fl);
    }

    /** Square root. */
    public static int f32Sqrt(int a, int rm, FpFlags fl) {
        double x = f2d(a);
        double s = Math.sqrt(x);
        double r = Math.fma(-s, s, x);
        if (r != r) {
            return SoftFloatSlow.sqrt32Special(a, fl); // negative, infinite or NaN
        }
        return finish32(s, r, rm, fl);
    }

    /** Fused multiply-add, see {@link #f64MulAdd}. */
    public static int f32MulAdd(int a, int b, int c, boolean negProduct, boolean negAddend, int rm, FpFlags fl) {
        double p = f2d(negProduct ? a ^ SIGN32 : a) * f2d(b); // exact
        double z = f2d(negAddend ? c ^ SIGN32 : c);
        double s = p + z;
        double bb = s - p;
        double e = (p - (s - bb)) + (z - bb); // p + z == s + e exactly
        if (e != e) {
            return SoftFloatSlow.mulAdd32Special(a, b, c, negProduct, negAddend, fl);
        }
        if (s == 0 && rm == RDN) {
            s = -((-p) + (-z));
        }
        return finish32(s, e, rm, fl);
    }

    /** RISC-V {@code fmin.s}. */
    public static int f32Min(int a, int b, FpFlags fl) {
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        if (x < y) {
            return a;
        }
        if (y < x) {
            return b;
        }
        if (x == y) {
            return a | b;
        }
        return SoftFloatSlow.minMaxNaN32(a, b, fl);
    }

    /** RISC-V {@code fmax.s}. */
    public static int f32Max(int a, int b, FpFlags fl) {
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        if (x > y) {
            return a;
        }
        if (y > x) {
            return b;
        }
        if (x == y) {
            return a & b;
        }
        return SoftFloatSlow.minMaxNaN32(a, b, fl);
    }

    /** Quiet equality ({@code feq.s}). */
    public static boolean f32Eq(int a, int b, FpFlags fl) {
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        if (x == y) {
            return true;
        }
        if ((x != x || y != y) && (isSignalingNaN32(a) || isSignalingNaN32(b))) {
            fl.flags |= NV;
        }
        return false;
    }

    /** Signaling less-than ({@code flt.s}). */
    public static boolean f32Lt(int a, int b, FpFlags fl) {
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        if (x < y) {
            return true;
        }
        if (x != x || y != y) {
            fl.flags |= NV;
        }
        return false;
    }

    /** Signaling less-or-equal ({@code fle.s}). */
    public static boolean f32Le(int a, int b, FpFlags fl) {
        float x = Float.intBitsToFloat(a);
        float y = Float.intBitsToFloat(b);
        if (x <= y) {
            return true;
        }
        if (x != x || y != y) {
            fl.flags |= NV;
        }
        return false;
    }

    /** RISC-V {@code fclass.s} 10-bit mask. */
    public static int f32Classify(int a) {
        int m = a & ABS32;
        boolean neg = a < 0;
        if (m == INF32) {
            return neg ? 1 : 1 << 7;
        }
        if (m > INF32) {
            return (m & QUIET32) != 0 ? 1 << 9 : 1 << 8;
        }
        if (m == 0) {
            return neg ? 1 << 3 : 1 << 4;
        }
        if (m < MIN_NORMAL32) {
            return neg ? 1 << 2 : 1 << 5;
        }
        return neg ? 1 << 1 : 1 << 6;
    }

    // ---------------------------------------------------------------------------------------------
    // binary32 conversions
    // ---------------------------------------------------------------------------------------------

    /** {@code fcvt.w.s}. */
    public static long f32ToI32(int a, int rm, FpFlags fl) {
        return toI32(f2d(a), rm, fl);
    }

    /** {@code fcvt.wu.s}, result sign-extended. */
    public static long f32ToU32(int a, int rm, FpFlags fl) {
        return toU32(f2d(a), rm, fl);
    }

    /** {@code fcvt.l.s}. */
    public static long f32ToI64(int a, int rm, FpFlags fl) {
        return toI64(f2d(a), rm, fl);
    }

    /** {@code fcvt.lu.s}. */
    public static long f32ToU64(int a, int rm, FpFlags fl) {
        return toU64(f2d(a), rm, fl);
    }

    /** {@code fcvt.s.w}. */
    public static int i32ToF32(int v, int rm, FpFlags fl) {
        if (v >= -(1 << 24) && v <= (1 << 24)) {
            return Float.floatToRawIntBits(v);
        }
        return (int) SoftFloatSlow.intToFloat(v < 0, Math.abs((long) v), rm, fl, 23, 8);
    }

    /** {@code fcvt.s.wu}. */
    public static int u32ToF32(int v, int rm, FpFlags fl) {
        long u = Integer.toUnsignedLong(v);
        if (u <= (1 << 24)) {
            return Float.floatToRawIntBits(u);
        }
        return (int) SoftFloatSlow.intToFloat(false, u, rm, fl, 23, 8);
    }

    /** {@code fcvt.s.l}. */
    public static int i64ToF32(long v, int rm, FpFlags fl) {
        if (v >= -(1L << 24) && v <= (1L << 24)) {
            return Float.floatToRawIntBits(v);
        }
        return (int) SoftFloatSlow.intToFloat(v < 0, v < 0 ? -v : v, rm, fl, 23, 8);
    }

    /** {@code fcvt.s.lu}. */
    public static int u64ToF32(long v, int rm, FpFlags fl) {
        if (v >= 0 && v <= (1L << 24)) {
            return Float.floatToRawIntBits(v);
        }
        return (int) SoftFloatSlow.intToFloat(false, v, rm, fl, 23, 8);
    }
}
