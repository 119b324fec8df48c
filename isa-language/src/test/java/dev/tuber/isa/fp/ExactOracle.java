package dev.tuber.isa.fp;

import java.math.BigInteger;

/**
 * A deliberately simple, slow, exact reference for the finite, nonzero cases of the arithmetic
 * operations: operands become {@code M * 2^Q} big integers, the operation is computed exactly (or,
 * for division and square root, to more than 66 bits plus a sticky bit), and the result is rounded
 * by {@link #round}, an independent rounding routine that works on the value's bits directly.
 * It does not share code with {@link SoftFloat}/{@link SoftFloatSlow}.
 */
final class ExactOracle {
    private ExactOracle() {
    }

    /** Binary format parameters. */
    record Fmt(int fracBits, int expBits) {
        int bias() {
            return (1 << (expBits - 1)) - 1;
        }

        int emin() {
            return 1 - bias();
        }

        long signBit() {
            return 1L << (fracBits + expBits);
        }

        long infBits() {
            return ((1L << expBits) - 1) << fracBits;
        }
    }

    static final Fmt F64 = new Fmt(52, 11);
    static final Fmt F32 = new Fmt(23, 8);

    /** An exact binary value {@code m * 2^q} (signed {@code m}); a result with flags. */
    record Exact(BigInteger m, int q) {
    }

    record Result(long bits, int flags) {
    }

    static Exact value(Fmt f, long bits) {
        int field = (int) ((bits >>> f.fracBits()) & ((1L << f.expBits()) - 1));
        long frac = bits & ((1L << f.fracBits()) - 1);
        long m = field == 0 ? frac : frac | (1L << f.fracBits());
        int q = (field == 0 ? 1 : field) - f.bias() - f.fracBits();
        BigInteger bm = BigInteger.valueOf(m);
        return new Exact((bits & f.signBit()) != 0 ? bm.negate() : bm, q);
    }

    static Exact add(Exact a, Exact b) {
        int q = Math.min(a.q, b.q);
        return new Exact(a.m.shiftLeft(a.q - q).add(b.m.shiftLeft(b.q - q)), q);
    }

    static Exact mul(Exact a, Exact b) {
        return new Exact(a.m.multiply(b.m), a.q + b.q);
    }

    /** a / b to at least 70 significant bits, the last one sticky. */
    static Exact div(Exact a, Exact b) {
        int k = 70 + b.m.bitLength() - a.m.bitLength();
        k = Math.max(k, 0);
        BigInteger[] qr = a.m.abs().shiftLeft(k).divideAndRemainder(b.m.abs());
        BigInteger m = qr[0].shiftLeft(1).or(qr[1].signum() != 0 ? BigInteger.ONE : BigInteger.ZERO);
        if (a.m.signum() != b.m.signum()) {
            m = m.negate();
        }
        return new Exact(m, a.q - b.q - k - 1);
    }

    /** sqrt(a) (a > 0) to at least 70 significant bits, the last one sticky. */
    static Exact sqrt(Exact a) {
        BigInteger m = a.m;
        int q = a.q;
        if ((q & 1) != 0) {
            m = m.shiftLeft(1);
            q--;
        }
        int k = Math.max(0, 140 - m.bitLength()) / 2 + 1;
        BigInteger scaled = m.shiftLeft(2 * k);
        BigInteger s = scaled.sqrt();
        boolean inexact = !s.multiply(s).equals(scaled);
        return new Exact(s.shiftLeft(1).or(inexact ? BigInteger.ONE : BigInteger.ZERO), (q - 2 * k) / 2 - 1);
    }

    /**
     * Rounds an exact value to format {@code f} in mode {@code rm} with RISC-V flags (tininess after
     * rounding). {@code zeroNegative} gives the sign of an exact zero.
     */
    static Result round(Fmt f, Exact x, int rm, boolean zeroNegative) {
        if (x.m.signum() == 0) {
            return new Result(zeroNegative ? f.signBit() : 0, 0);
        }
        boolean neg = x.m.signum() < 0;
        BigInteger mag = x.m.abs();
        int p = f.fracBits() + 1;
        // Exponent of the leading bit: value in [2^e, 2^(e+1)).
        int e = x.q + mag.bitLength() - 1;
        // Unbounded-exponent rounding to p bits decides tininess.
        BigInteger unb = roundAt(mag, x.q, e - p + 1, neg, rm);
        boolean tiny = unb.signum() == 0 || unb.bitLength() + (e - p + 1) - 1 < f.emin();
        // Actual rounding position: the unit of the last place, at least 2^(emin - fracBits).
        int unit = Math.max(e - p + 1, f.emin() - f.fracBits());
        BigInteger k = roundAt(mag, x.q, unit, neg, rm);
        boolean inexact = !exactAt(mag, x.q, unit);
        int flags = inexact ? SoftFloat.NX : 0;
        if (tiny && inexact) {
            flags |= SoftFloat.UF;
        }
        long sign = neg ? f.signBit() : 0;
        // Normalize k * 2^unit into the encoding.
        if (k.signum() == 0) {
            return new Result(sign, flags);
        }
        int kl = k.bitLength();
        int resultExp = unit + kl - 1;
        if (resultExp > f.bias()) {
            flags |= SoftFloat.OF | SoftFloat.NX;
            boolean toInf = switch (rm) {
                case SoftFloat.RNE, SoftFloat.RMM -> true;
                case SoftFloat.RTZ -> false;
                case SoftFloat.RDN -> neg;
                default -> !neg;
            };
            return new Result(sign | (toInf ? f.infBits() : f.infBits() - 1), flags);
        }
        long bits;
        if (resultExp < f.emin()) {
            bits = k.longValueExact(); // subnormal: unit == emin - fracBits
        } else {
            // k has p bits, or p + 1 after a carry into the next binade (then its low bit is 0)
            BigInteger sig = kl > p ? k.shiftRight(kl - p) : k.shiftLeft(p - kl);
            long frac = sig.longValueExact() & ((1L << f.fracBits()) - 1);
            bits = ((long) (resultExp + f.bias()) << f.fracBits()) | frac;
        }
        return new Result(sign | bits, flags);
    }

    private static boolean exactAt(BigInteger mag, int q, int unit) {
        return unit <= q || mag.getLowestSetBit() >= unit - q;
    }

    /** Rounds {@code mag * 2^q} to an integer multiple of {@code 2^unit}; returns the multiple. */
    private static BigInteger roundAt(BigInteger mag, int q, int unit, boolean neg, int rm) {
        if (unit <= q) {
            return mag.shiftLeft(q - unit);
        }
        int sh = unit - q;
        BigInteger k = mag.shiftRight(sh);
        BigInteger rem = mag.subtract(k.shiftLeft(sh));
        if (rem.signum() == 0) {
            return k;
        }
        int cmpHalf = rem.compareTo(BigInteger.ONE.shiftLeft(sh - 1));
        boolean up = switch (rm) {
            case SoftFloat.RNE -> cmpHalf > 0 || (cmpHalf == 0 && k.testBit(0));
            case SoftFloat.RTZ -> false;
            case SoftFloat.RDN -> neg;
            case SoftFloat.RUP -> !neg;
            default -> cmpHalf >= 0;
        };
        return up ? k.add(BigInteger.ONE) : k;
    }
}
