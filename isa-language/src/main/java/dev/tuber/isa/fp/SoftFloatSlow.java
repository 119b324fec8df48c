package dev.tuber.isa.fp;

import static dev.tuber.isa.fp.SoftFloat.ABS32;
import static dev.tuber.isa.fp.SoftFloat.ABS64;
import static dev.tuber.isa.fp.SoftFloat.DZ;
import static dev.tuber.isa.fp.SoftFloat.F32_CANONICAL_NAN;
import static dev.tuber.isa.fp.SoftFloat.F64_CANONICAL_NAN;
import static dev.tuber.isa.fp.SoftFloat.INF32;
import static dev.tuber.isa.fp.SoftFloat.INF64;
import static dev.tuber.isa.fp.SoftFloat.NV;
import static dev.tuber.isa.fp.SoftFloat.NX;
import static dev.tuber.isa.fp.SoftFloat.OF;
import static dev.tuber.isa.fp.SoftFloat.RDN;
import static dev.tuber.isa.fp.SoftFloat.RMM;
import static dev.tuber.isa.fp.SoftFloat.RNE;
import static dev.tuber.isa.fp.SoftFloat.RTZ;
import static dev.tuber.isa.fp.SoftFloat.RUP;
import static dev.tuber.isa.fp.SoftFloat.SIGN32;
import static dev.tuber.isa.fp.SoftFloat.SIGN64;
import static dev.tuber.isa.fp.SoftFloat.UF;
import static dev.tuber.isa.fp.SoftFloat.isSignalingNaN32;
import static dev.tuber.isa.fp.SoftFloat.isSignalingNaN64;

import java.math.BigInteger;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

/**
 * The exact (integer significand) paths of {@link SoftFloat}: special operands, subnormal and
 * overflow/underflow-border results and everything the host-arithmetic fast paths cannot decide.
 *
 * <p>Intermediate values are carried as {@code (sign, exp, sig)} meaning
 * {@code (-1)^sign * sig * 2^(exp - 62)} where {@code 2^62 <= sig < 2^63}: the leading one sits at
 * bit 62 and {@code exp} is the unbiased exponent of the value. Bits below the destination
 * precision are round bits; bit 0 is a "sticky" bit that is ORed with everything shifted out, which
 * keeps rounding exact as long as at least two round bits separate it from the rounding position.
 *
 * <p>The methods {@link SoftFloat} calls are {@code @TruffleBoundary} so that Graal compiles them
 * separately instead of inlining them into guest code; the helpers they use are only reached
 * through them (and from tests).
 */
final class SoftFloatSlow {
    private SoftFloatSlow() {
    }

    private static final long FRAC64 = 0x000fffffffffffffL;
    private static final long HIDDEN64 = 0x0010000000000000L;

    // ---------------------------------------------------------------------------------------------
    // Rounding and packing
    // ---------------------------------------------------------------------------------------------

    /** {@code x >>> n}, ORing every bit shifted out into bit 0. {@code x >= 0}, {@code n >= 0}. */
    static long shiftRightJam(long x, int n) {
        if (n == 0) {
            return x;
        }
        if (n >= 63) {
            return x != 0 ? 1 : 0;
        }
        return (x >>> n) | ((x & ((1L << n) - 1)) != 0 ? 1 : 0);
    }

    /** Whether the kept significand {@code k} must be incremented given round bits {@code rem}. */
    private static boolean roundUp(long k, long rem, long half, boolean neg, int rm) {
        switch (rm) {
            case RNE:
                return rem > half || (rem == half && (k & 1) != 0);
            case RTZ:
                return false;
            case RDN:
                return neg && rem != 0;
            case RUP:
                return !neg && rem != 0;
            default:
                return rem >= half;
        }
    }

    /**
     * Rounds {@code (-1)^neg * sig * 2^(exp-62)} (leading one of {@code sig} at bit 62, bit 0
     * sticky) to the format with {@code fracBits} fraction bits and {@code expBits} exponent bits,
     * raising NX/UF/OF as RISC-V does (tininess after rounding). Returns the raw encoding (binary32
     * results in the low 32 bits).
     */
    static long roundPack(boolean neg, int exp, long sig, int rm, FpFlags fl, int fracBits, int expBits) {
        final int bias = (1 << (expBits - 1)) - 1;
        final int emin = 1 - bias;
        final int roundBits = 62 - fracBits;
        final long roundMask = (1L << roundBits) - 1;
        final long half = 1L << (roundBits - 1);
        final long signBit = neg ? 1L << (fracBits + expBits) : 0;
        if (exp < emin) {
            // Tiny after rounding unless rounding to full precision with an unbounded exponent
            // carries the value up to exactly 2^emin.
            boolean tiny = true;
            if (exp == emin - 1) {
                long k = sig >>> roundBits;
                if (k == (1L << (fracBits + 1)) - 1 && roundUp(k, sig & roundMask, half, neg, rm)) {
                    tiny = false;
                }
            }
            sig = shiftRightJam(sig, emin - exp);
            long k = sig >>> roundBits;
            long rem = sig & roundMask;
            if (rem != 0) {
                fl.flags |= tiny ? NX | UF : NX;
                if (roundUp(k, rem, half, neg, rm)) {
                    k++; // may carry into the smallest normal: the encoding stays right
                }
            }
            return signBit | k;
        }
        long k = sig >>> roundBits;
        long rem = sig & roundMask;
        if (roundUp(k, rem, half, neg, rm)) {
            k++;
            if (k == 1L << (fracBits + 1)) {
                k >>>= 1;
                exp++;
            }
        }
        if (exp > bias) {
            fl.flags |= OF | NX;
            long inf = ((1L << expBits) - 1) << fracBits;
            boolean toInf = switch (rm) {
                case RNE, RMM -> true;
                case RTZ -> false;
                case RDN -> neg;
                default -> !neg;
            };
            return signBit | (toInf ? inf : inf - 1);
        }
        if (rem != 0) {
            fl.flags |= NX;
        }
        // k includes the hidden bit, which adds one to the biased exponent field.
        return signBit | (((long) (exp + bias - 1) << fracBits) + k);
    }

    static long roundPack64(boolean neg, int exp, long sig, int rm, FpFlags fl) {
        return roundPack(neg, exp, sig, rm, fl, 52, 11);
    }

    static int roundPack32(boolean neg, int exp, long sig, int rm, FpFlags fl) {
        return (int) roundPack(neg, exp, sig, rm, fl, 23, 8);
    }

    /** Unbiased exponent of a finite nonzero binary64 magnitude {@code m} (normalizing subnormals). */
    static int exp64(long m) {
        int field = (int) (m >>> 52);
        return field != 0 ? field - 1023 : -1011 - Long.numberOfLeadingZeros(m);
    }

    /** Significand of a finite nonzero binary64 magnitude with its leading one at bit 62. */
    static long sig64(long m) {
        return (m >>> 52) != 0 ? ((m & FRAC64) | HIDDEN64) << 10 : m << (Long.numberOfLeadingZeros(m) - 1);
    }

    /** The 53-bit integer significand of a finite binary64 magnitude (value = m53 * 2^q64). */
    private static long m53(long m) {
        return (m >>> 52) != 0 ? (m & FRAC64) | HIDDEN64 : m;
    }

    /** The exponent of the unit of {@link #m53}. */
    private static int q64(long m) {
        int field = (int) (m >>> 52);
        return field != 0 ? field - 1075 : -1074;
    }

    /**
     * Rounds the finite nonzero binary64 value {@code d} to binary32. {@code d} is either the exact
     * result or that result rounded to odd, so a single rounding here is correct.
     */
    @TruffleBoundary
    static int roundToF32(double d, int rm, FpFlags fl) {
        long b = Double.doubleToRawLongBits(d);
        long m = b & ABS64;
        return roundPack32(b < 0, exp64(m), sig64(m), rm, fl);
    }

    /** Rounds the integer {@code (-1)^neg * mag} ({@code mag} unsigned, may be 0) to a float format. */
    @TruffleBoundary
    static long intToFloat(boolean neg, long mag, int rm, FpFlags fl, int fracBits, int expBits) {
        if (mag == 0) {
            return 0;
        }
        int lz = Long.numberOfLeadingZeros(mag);
        long sig = lz == 0 ? (mag >>> 1) | (mag & 1) : mag << (lz - 1);
        return roundPack(neg, 63 - lz, sig, rm, fl, fracBits, expBits);
    }

    // ---------------------------------------------------------------------------------------------
    // NaN helpers
    // ---------------------------------------------------------------------------------------------

    private static long nan64(long a, long b, FpFlags fl) {
        if (isSignalingNaN64(a) || isSignalingNaN64(b)) {
            fl.flags |= NV;
        }
        return F64_CANONICAL_NAN;
    }

    private static int nan32(int a, int b, FpFlags fl) {
        if (isSignalingNaN32(a) || isSignalingNaN32(b)) {
            fl.flags |= NV;
        }
        return F32_CANONICAL_NAN;
    }

    private static long invalid64(FpFlags fl) {
        fl.flags |= NV;
        return F64_CANONICAL_NAN;
    }

    private static int invalid32(FpFlags fl) {
        fl.flags |= NV;
        return F32_CANONICAL_NAN;
    }

    /** fmin/fmax when at least one operand is a NaN. */
    @TruffleBoundary
    static long minMaxNaN64(long a, long b, FpFlags fl) {
        boolean an = (a & ABS64) > INF64;
        boolean bn = (b & ABS64) > INF64;
        if (isSignalingNaN64(a) || isSignalingNaN64(b)) {
            fl.flags |= NV;
        }
        if (an && bn) {
            return F64_CANONICAL_NAN;
        }
        return an ? b : a;
    }

    /** fmin/fmax when at least one operand is a NaN. */
    @TruffleBoundary
    static int minMaxNaN32(int a, int b, FpFlags fl) {
        boolean an = (a & ABS32) > INF32;
        boolean bn = (b & ABS32) > INF32;
        if (isSignalingNaN32(a) || isSignalingNaN32(b)) {
            fl.flags |= NV;
        }
        if (an && bn) {
            return F32_CANONICAL_NAN;
        }
        return an ? b : a;
    }

    // ---------------------------------------------------------------------------------------------
    // binary64 slow paths
    // ---------------------------------------------------------------------------------------------

    /** Sign of an exact zero sum of two operands whose signs are {@code na} and {@code nb}. */
    private static boolean zeroSumNegative(boolean na, boolean nb, int rm) {
        return na == nb ? na : rm == RDN;
    }

    @TruffleBoundary
    static long add64(long a, long b, int rm, FpFlags fl) {
        long ma = a & ABS64;
        long mb = b & ABS64;
        if (ma >= INF64 || mb >= INF64) {
            if (ma > INF64 || mb > INF64) {
                return nan64(a, b, fl);
            }
            if (ma == INF64 && mb == INF64 && (a ^ b) < 0) {
                return invalid64(fl);
            }
            return ma == INF64 ? a : b;
        }
        if (mb == 0) {
            return ma != 0 ? a : (zeroSumNegative(a < 0, b < 0, rm) ? SIGN64 : 0);
        }
        if (ma == 0) {
            return b;
        }
        boolean na = a < 0;
        boolean nb = b < 0;
        int ea = exp64(ma);
        int eb = exp64(mb);
        long sa = sig64(ma);
        long sb = sig64(mb);
        if (ea < eb || (ea == eb && sa < sb)) {
            int te = ea;
            ea = eb;
            eb = te;
            long ts = sa;
            sa = sb;
            sb = ts;
            boolean tn = na;
            na = nb;
            nb = tn;
        }
        // sa has ten zero low bits; for a difference of exponents >= 2 the jammed sb leaves a result
        // >= 2^61, so normalization shifts by at most one bit and the sticky bit stays valid.
        sb = shiftRightJam(sb, ea - eb);
        if (na == nb) {
            long s = sa + sb;
            if (s < 0) { // carry into bit 63
                s = (s >>> 1) | (s & 1);
                ea++;
            }
            return roundPack64(na, ea, s, rm, fl);
        }
        long s = sa - sb;
        if (s == 0) {
            return rm == RDN ? SIGN64 : 0;
        }
        int sh = Long.numberOfLeadingZeros(s) - 1;
        return roundPack64(na, ea - sh, s << sh, rm, fl);
    }

    @TruffleBoundary
    static long mul64(long a, long b, int rm, FpFlags fl) {
        long ma = a & ABS64;
        long mb = b & ABS64;
        long sign = (a ^ b) & SIGN64;
        if (ma >= INF64 || mb >= INF64) {
            if (ma > INF64 || mb > INF64) {
                return nan64(a, b, fl);
            }
            if (ma == 0 || mb == 0) {
                return invalid64(fl); // inf * 0
            }
            return sign | INF64;
        }
        if (ma == 0 || mb == 0) {
            return sign;
        }
        int e = exp64(ma) + exp64(mb);
        long x = sig64(ma) << 1; // leading one at bit 63
        long y = sig64(mb) << 1;
        long hi = Math.unsignedMultiplyHigh(x, y); // product in [2^126, 2^128): hi in [2^62, 2^64)
        hi |= (x * y) != 0 ? 1 : 0;
        if (hi < 0) {
            hi = (hi >>> 1) | (hi & 1);
            e++;
        }
        return roundPack64(sign != 0, e, hi, rm, fl);
    }

    @TruffleBoundary
    static long div64(long a, long b, int rm, FpFlags fl) {
        long ma = a & ABS64;
        long mb = b & ABS64;
        long sign = (a ^ b) & SIGN64;
        if (ma >= INF64 || mb >= INF64) {
            if (ma > INF64 || mb > INF64) {
                return nan64(a, b, fl);
            }
            if (ma == INF64) {
                return mb == INF64 ? invalid64(fl) : sign | INF64;
            }
            return sign; // finite / inf
        }
        if (mb == 0) {
            if (ma == 0) {
                return invalid64(fl);
            }
            fl.flags |= DZ;
            return sign | INF64;
        }
        if (ma == 0) {
            return sign;
        }
        int e = exp64(ma) - exp64(mb);
        long x = sig64(ma) >>> 10; // [2^52, 2^53)
        long y = sig64(mb) >>> 10;
        if (x < y) {
            x <<= 1;
            e--;
        }
        // Long division, 10 quotient bits per step (the remainder stays below 2^53).
        long q = x / y;
        long rem = x % y;
        for (int done = 0; done < 62; done += 10) {
            int step = Math.min(10, 62 - done);
            rem <<= step;
            q = (q << step) | (rem / y);
            rem %= y;
        }
        // q in [2^62, 2^63)
        return roundPack64(sign != 0, e, q | (rem != 0 ? 1 : 0), rm, fl);
    }

    @TruffleBoundary
    static long sqrt64(long a, int rm, FpFlags fl) {
        long m = a & ABS64;
        if (m > INF64) {
            return nan64(a, a, fl);
        }
        if (m == 0) {
            return a; // sqrt(-0) = -0
        }
        if (a < 0) {
            return invalid64(fl);
        }
        if (m == INF64) {
            return a;
        }
        // Small positive (possibly subnormal): scale by 2^108 (exact), take the root with an exact
        // residual, scale the (always normal) result back by 2^-54 (exact).
        double x = Double.longBitsToDouble(a) * 0x1p108;
        double s = Math.sqrt(x);
        double r = Math.fma(-s, s, x);
        long bs = Double.doubleToRawLongBits(s);
        if (r != 0) {
            fl.flags |= NX;
            if ((rm == RTZ || rm == RDN) && r < 0) {
                bs--;
            } else if (rm == RUP && r > 0) {
                bs++;
            }
        }
        return Double.doubleToRawLongBits(Double.longBitsToDouble(bs) * 0x1p-54);
    }

    @TruffleBoundary
    static long mulAdd64(long a, long b, long c, boolean negProduct, boolean negAddend, int rm, FpFlags fl) {
        long ma = a & ABS64;
        long mb = b & ABS64;
        long mc = c & ABS64;
        boolean np = (a < 0) ^ (b < 0) ^ negProduct;
        boolean nc = (c < 0) ^ negAddend;
        boolean productInvalid = (ma == INF64 && mb == 0) || (ma == 0 && mb == INF64);
        if (ma > INF64 || mb > INF64 || mc > INF64) {
            if (productInvalid || isSignalingNaN64(a) || isSignalingNaN64(b) || isSignalingNaN64(c)) {
                fl.flags |= NV;
            }
            return F64_CANONICAL_NAN;
        }
        if (productInvalid) {
            return invalid64(fl);
        }
        if (ma == INF64 || mb == INF64) {
            if (mc == INF64 && nc != np) {
                return invalid64(fl);
            }
            return (np ? SIGN64 : 0) | INF64;
        }
        if (mc == INF64) {
            return (nc ? SIGN64 : 0) | INF64;
        }
        if (ma == 0 || mb == 0) {
            if (mc == 0) {
                return zeroSumNegative(np, nc, rm) ? SIGN64 : 0;
            }
            return (nc ? SIGN64 : 0) | mc; // exact
        }
        // Exact sum with big integers: value = s * 2^q.
        BigInteger p = BigInteger.valueOf(m53(ma)).multiply(BigInteger.valueOf(m53(mb)));
        int qp = q64(ma) + q64(mb);
        if (np) {
            p = p.negate();
        }
        BigInteger s;
        int q;
        if (mc == 0) {
            s = p;
            q = qp;
        } else {
            BigInteger cc = BigInteger.valueOf(nc ? -m53(mc) : m53(mc));
            int qc = q64(mc);
            q = Math.min(qp, qc);
            s = p.shiftLeft(qp - q).add(cc.shiftLeft(qc - q));
        }
        if (s.signum() == 0) {
            return rm == RDN ? SIGN64 : 0;
        }
        return roundPackBig(s.signum() < 0, s.abs(), q, rm, fl, 52, 11);
    }

    /** Rounds {@code (-1)^neg * mag * 2^q} ({@code mag > 0}). */
    private static long roundPackBig(boolean neg, BigInteger mag, int q, int rm, FpFlags fl, int fracBits, int expBits) {
        int len = mag.bitLength();
        long sig;
        if (len > 63) {
            int sh = len - 63;
            sig = mag.shiftRight(sh).longValue() | (mag.getLowestSetBit() < sh ? 1 : 0);
        } else {
            sig = mag.longValue() << (63 - len);
        }
        return roundPack(neg, q + len - 1, sig, rm, fl, fracBits, expBits);
    }

    // ---------------------------------------------------------------------------------------------
    // binary32 special operands (finite operands are handled exactly in binary64 by SoftFloat)
    // ---------------------------------------------------------------------------------------------

    @TruffleBoundary
    static int add32Special(int a, int b, FpFlags fl) {
        int ma = a & ABS32;
        int mb = b & ABS32;
        if (ma > INF32 || mb > INF32) {
            return nan32(a, b, fl);
        }
        if (ma == INF32 && mb == INF32 && (a ^ b) < 0) {
            return invalid32(fl);
        }
        return ma == INF32 ? a : b;
    }

    @TruffleBoundary
    static int mul32Special(int a, int b, FpFlags fl) {
        int ma = a & ABS32;
        int mb = b & ABS32;
        if (ma > INF32 || mb > INF32) {
            return nan32(a, b, fl);
        }
        if (ma == 0 || mb == 0) {
            return invalid32(fl);
        }
        return ((a ^ b) & SIGN32) | INF32;
    }

    @TruffleBoundary
    static int div32Special(int a, int b, FpFlags fl) {
        int ma = a & ABS32;
        int mb = b & ABS32;
        int sign = (a ^ b) & SIGN32;
        if (ma > INF32 || mb > INF32) {
            return nan32(a, b, fl);
        }
        if (ma == INF32) {
            return mb == INF32 ? invalid32(fl) : sign | INF32;
        }
        if (mb == INF32) {
            return sign;
        }
        if (ma == 0) {
            return invalid32(fl); // 0/0 (0/x never gets here)
        }
        fl.flags |= DZ;
        return sign | INF32;
    }

    @TruffleBoundary
    static int sqrt32Special(int a, FpFlags fl) {
        int m = a & ABS32;
        if (m > INF32) {
            return nan32(a, a, fl);
        }
        if (a < 0 && m != 0) {
            return invalid32(fl);
        }
        return a; // +inf (+-0 never gets here)
    }

    @TruffleBoundary
    static int mulAdd32Special(int a, int b, int c, boolean negProduct, boolean negAddend, FpFlags fl) {
        int ma = a & ABS32;
        int mb = b & ABS32;
        int mc = c & ABS32;
        boolean np = (a < 0) ^ (b < 0) ^ negProduct;
        boolean nc = (c < 0) ^ negAddend;
        boolean productInvalid = (ma == INF32 && mb == 0) || (ma == 0 && mb == INF32);
        if (ma > INF32 || mb > INF32 || mc > INF32) {
            if (productInvalid || isSignalingNaN32(a) || isSignalingNaN32(b) || isSignalingNaN32(c)) {
                fl.flags |= NV;
            }
            return F32_CANONICAL_NAN;
        }
        if (productInvalid) {
            return invalid32(fl);
        }
        if (ma == INF32 || mb == INF32) {
            if (mc == INF32 && nc != np) {
                return invalid32(fl);
            }
            return (np ? SIGN32 : 0) | INF32;
        }
        // Only the addend is infinite.
        return (nc ? SIGN32 : 0) | INF32;
    }
}
