"""
Reference model of RISC-V F/D arithmetic, used to compute the expected
results of tests/rv64f.c and tests/rv64d.c (see gen-fp-cases.py).

Every operation is evaluated exactly with rational numbers and then rounded
once, following IEEE 754-2008 as profiled by the RISC-V unprivileged spec:
tininess is detected after rounding, NaN results are the canonical NaN, a
single-precision operand that is not NaN-boxed reads as the canonical NaN,
out-of-range float-to-integer conversions saturate and raise NV, and
fmin/fmax follow minimumNumber/maximumNumber with -0 < +0.
"""
from fractions import Fraction as Fr

NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16
RNE, RTZ, RDN, RUP, RMM = 0, 1, 2, 3, 4
RM_NAMES = {RNE: "rne", RTZ: "rtz", RDN: "rdn", RUP: "rup", RMM: "rmm"}


class Fmt:
    def __init__(self, name, ebits, mbits):
        self.name, self.e, self.m = name, ebits, mbits
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias
        self.width = 1 + ebits + mbits
        self.qnan = ((1 << ebits) - 1) << mbits | 1 << (mbits - 1)
        self.sign_bit = 1 << (self.width - 1)

    # -- encoding helpers --------------------------------------------------
    def inf(self, sign=0):
        return (sign << (self.width - 1)) | ((1 << self.e) - 1) << self.m

    def zero(self, sign=0):
        return sign << (self.width - 1)

    def max_finite(self, sign=0):
        return (sign << (self.width - 1)) | (((1 << self.e) - 2) << self.m) | ((1 << self.m) - 1)

    def snan(self, payload=1, sign=0):
        return (sign << (self.width - 1)) | ((1 << self.e) - 1) << self.m | payload

    def qnan_payload(self, payload, sign=0):
        return self.snan(payload, sign) | 1 << (self.m - 1)

    def decode(self, bits):
        sign = bits >> (self.width - 1) & 1
        exp = bits >> self.m & ((1 << self.e) - 1)
        frac = bits & ((1 << self.m) - 1)
        if exp == (1 << self.e) - 1:
            if frac == 0:
                return ("inf", sign, None)
            return ("snan" if not frac >> (self.m - 1) else "qnan", sign, None)
        if exp == 0:
            val = Fr(frac, 1) * Fr(2) ** (self.emin - self.m)
        else:
            val = Fr((1 << self.m) | frac) * Fr(2) ** (exp - self.bias - self.m)
        return ("num", sign, val)

    def encode_exact(self, x):
        """Bits of an exactly representable rational (or +-0.0 float)."""
        r, flags = self.round(Fr(x), RNE)
        assert flags == 0, ("not exact", x)
        if isinstance(x, float) and x == 0 and str(x).startswith("-"):
            return self.zero(1)
        return r

    # -- rounding ------------------------------------------------------------
    def round(self, x, rm, zero_sign=0):
        """Round rational x; returns (bits, flags).  zero_sign is the sign
        of an exact zero result."""
        if x == 0:
            return self.zero(zero_sign), 0
        sign = 1 if x < 0 else 0
        a = -x if sign else x
        flags = 0

        def rnd(n):
            """Round positive rational n to an integer."""
            fl = n.numerator // n.denominator
            rem = n - fl
            if rem == 0:
                return fl, False
            if rm == RNE:
                up = rem > Fr(1, 2) or (rem == Fr(1, 2) and fl & 1)
            elif rm == RMM:
                up = rem >= Fr(1, 2)
            elif rm == RTZ:
                up = False
            elif rm == RDN:
                up = sign == 1
            else:  # RUP
                up = sign == 0
            return fl + (1 if up else 0), True

        e = floor_log2(a)
        # tininess after rounding: round to p bits with unbounded exponent
        q_unb = Fr(2) ** (e - self.m)
        n_unb, _ = rnd(a / q_unb)
        tiny = n_unb * q_unb < Fr(2) ** self.emin

        e_eff = max(e, self.emin)
        q = Fr(2) ** (e_eff - self.m)
        n, inexact = rnd(a / q)
        if n == 1 << (self.m + 1):
            n >>= 1
            e_eff += 1
        if inexact:
            flags |= NX
            if tiny:
                flags |= UF
        if e_eff > self.emax:
            flags |= OF | NX
            to_inf = rm in (RNE, RMM) or (rm == RUP and sign == 0) or (rm == RDN and sign == 1)
            return (self.inf(sign) if to_inf else self.max_finite(sign)), flags
        if n < 1 << self.m:  # subnormal or zero
            bits = n
        else:
            bits = ((e_eff + self.bias) << self.m) | (n - (1 << self.m))
        if bits == 0:
            return self.zero(sign), flags
        return (sign << (self.width - 1)) | bits, flags


def floor_log2(a):
    """floor(log2(a)) for a positive rational."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fr(2) ** e > a:
        e -= 1
    if Fr(2) ** (e + 1) <= a:
        e += 1
    return e


S = Fmt("s", 8, 23)
D = Fmt("d", 11, 52)


def is_nan(k):
    return k in ("snan", "qnan")


def nan_result(f, *ops):
    flags = NV if any(k == "snan" for k, _, _ in ops) else 0
    return f.qnan, flags


def signed_val(d):
    k, s, v = d
    return -v if s else v


# -- arithmetic ---------------------------------------------------------------
def add(f, a, b, rm):
    A, B = f.decode(a), f.decode(b)
    if is_nan(A[0]) or is_nan(B[0]):
        return nan_result(f, A, B)
    if A[0] == "inf" or B[0] == "inf":
        if A[0] == "inf" and B[0] == "inf" and A[1] != B[1]:
            return f.qnan, NV
        return f.inf(A[1] if A[0] == "inf" else B[1]), 0
    x = signed_val(A) + signed_val(B)
    if x == 0:
        if A[2] == 0 and B[2] == 0 and A[1] == B[1]:
            zs = A[1]
        else:
            zs = 1 if rm == RDN else 0
        return f.zero(zs), 0
    return f.round(x, rm)


def sub(f, a, b, rm):
    return add(f, a, b ^ f.sign_bit, rm) if not is_nan(f.decode(b)[0]) else add(f, a, b, rm)


def mul(f, a, b, rm):
    A, B = f.decode(a), f.decode(b)
    if is_nan(A[0]) or is_nan(B[0]):
        return nan_result(f, A, B)
    sign = A[1] ^ B[1]
    if A[0] == "inf" or B[0] == "inf":
        if (A[0] == "num" and A[2] == 0) or (B[0] == "num" and B[2] == 0):
            return f.qnan, NV
        return f.inf(sign), 0
    x = A[2] * B[2]
    if x == 0:
        return f.zero(sign), 0
    return f.round(-x if sign else x, rm)


def div(f, a, b, rm):
    A, B = f.decode(a), f.decode(b)
    if is_nan(A[0]) or is_nan(B[0]):
        return nan_result(f, A, B)
    sign = A[1] ^ B[1]
    if A[0] == "inf":
        if B[0] == "inf":
            return f.qnan, NV
        return f.inf(sign), 0
    if B[0] == "inf":
        return f.zero(sign), 0
    if B[2] == 0:
        if A[2] == 0:
            return f.qnan, NV
        return f.inf(sign), DZ
    x = A[2] / B[2]
    if x == 0:
        return f.zero(sign), 0
    return f.round(-x if sign else x, rm)


def isqrt(n):
    if n == 0:
        return 0
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


def sqrt(f, a, rm):
    A = f.decode(a)
    if is_nan(A[0]):
        return nan_result(f, A)
    if A[0] == "inf":
        return (f.qnan, NV) if A[1] else (f.inf(0), 0)
    if A[2] == 0:
        return f.zero(A[1]), 0
    if A[1]:
        return f.qnan, NV
    k = 1200  # enough for the smallest double subnormal
    scaled = A[2] * Fr(4) ** k
    assert scaled.denominator == 1
    s = isqrt(scaled.numerator)
    if s * s == scaled.numerator:
        x = Fr(s) / Fr(2) ** k
    else:
        x = (Fr(s) + Fr(1, 2)) / Fr(2) ** k
    return f.round(x, rm)


def fma(f, a, b, c, rm, neg_prod=False, neg_add=False):
    A, B, C = f.decode(a), f.decode(b), f.decode(c)
    inf_times_zero = (A[0] == "inf" and B[0] == "num" and B[2] == 0) or (
        B[0] == "inf" and A[0] == "num" and A[2] == 0)
    if inf_times_zero:
        return f.qnan, NV
    if is_nan(A[0]) or is_nan(B[0]) or is_nan(C[0]):
        return nan_result(f, A, B, C)
    psign = A[1] ^ B[1] ^ (1 if neg_prod else 0)
    csign = C[1] ^ (1 if neg_add else 0)
    if A[0] == "inf" or B[0] == "inf":
        if C[0] == "inf" and csign != psign:
            return f.qnan, NV
        return f.inf(psign), 0
    if C[0] == "inf":
        return f.inf(csign), 0
    p = A[2] * B[2]
    x = (-p if psign else p) + (-C[2] if csign else C[2])
    if x == 0:
        if p == 0 and C[2] == 0 and psign == csign:
            zs = psign
        else:
            zs = 1 if rm == RDN else 0
        return f.zero(zs), 0
    return f.round(x, rm)


# -- comparisons and friends ----------------------------------------------------
def compare(f, a, b):
    """Returns -1/0/1 or None for unordered, treating -0 == +0."""
    A, B = f.decode(a), f.decode(b)
    if is_nan(A[0]) or is_nan(B[0]):
        return None

    def key(X):
        if X[0] == "inf":
            return (1 if X[1] == 0 else -1, 0)
        return (0, signed_val(X))
    ka, kb = key(A), key(B)
    return (ka > kb) - (ka < kb)


def feq(f, a, b):
    A, B = f.decode(a), f.decode(b)
    c = compare(f, a, b)
    flags = NV if A[0] == "snan" or B[0] == "snan" else 0
    return (1 if c == 0 else 0), flags


def flt(f, a, b):
    c = compare(f, a, b)
    if c is None:
        return 0, NV
    return (1 if c < 0 else 0), 0


def fle(f, a, b):
    c = compare(f, a, b)
    if c is None:
        return 0, NV
    return (1 if c <= 0 else 0), 0


def fminmax(f, a, b, want_max):
    A, B = f.decode(a), f.decode(b)
    flags = NV if A[0] == "snan" or B[0] == "snan" else 0
    if is_nan(A[0]) and is_nan(B[0]):
        return f.qnan, flags
    if is_nan(A[0]):
        return b, flags
    if is_nan(B[0]):
        return a, flags
    c = compare(f, a, b)
    if c == 0:
        # -0 < +0
        if A[1] != B[1]:
            neg, pos = (a, b) if A[1] else (b, a)
            return (pos if want_max else neg), flags
        return a, flags
    if want_max:
        return (a if c > 0 else b), flags
    return (a if c < 0 else b), flags


def fclass(f, a):
    k, s, v = f.decode(a)
    if k == "inf":
        return 1 << (0 if s else 7)
    if k == "snan":
        return 1 << 8
    if k == "qnan":
        return 1 << 9
    if v == 0:
        return 1 << (3 if s else 4)
    sub = v < Fr(2) ** f.emin
    if s:
        return 1 << (2 if sub else 1)
    return 1 << (5 if sub else 6)


# -- conversions -----------------------------------------------------------------
def round_to_int(x, rm):
    """Round rational x to an integer; returns (int, inexact)."""
    fl = x.numerator // x.denominator
    rem = x - fl
    if rem == 0:
        return fl, False
    if rm == RNE:
        up = rem > Fr(1, 2) or (rem == Fr(1, 2) and fl & 1)
    elif rm == RMM:
        up = rem > Fr(1, 2) or (rem == Fr(1, 2) and x > 0)
    elif rm == RTZ:
        up = x < 0
    elif rm == RDN:
        up = False
    else:
        up = True
    return fl + (1 if up else 0), True


def f_to_int(f, a, rm, bits, signed):
    """fcvt.{w,wu,l,lu}.{s,d}: returns the 64-bit register value."""
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    k, s, v = f.decode(a)
    if is_nan(k):
        r, flags = hi, NV
    elif k == "inf":
        r, flags = (lo if s else hi), NV
    else:
        n, inexact = round_to_int(-v if s else v, rm)
        if n < lo:
            r, flags = lo, NV
        elif n > hi:
            r, flags = hi, NV
        else:
            r, flags = n, (NX if inexact else 0)
    # 32-bit results are sign-extended to 64 bits (also for the unsigned forms)
    r &= (1 << bits) - 1
    if bits == 32 and r >> 31:
        r |= 0xFFFFFFFF00000000
    return r & 0xFFFFFFFFFFFFFFFF, flags


def int_to_f(f, x, rm, bits, signed):
    x &= (1 << bits) - 1
    if signed and x >> (bits - 1):
        x -= 1 << bits
    return f.round(Fr(x), rm)


def f_to_f(src, dst, a, rm):
    k, s, v = src.decode(a)
    if is_nan(k):
        return dst.qnan, (NV if k == "snan" else 0)
    if k == "inf":
        return dst.inf(s), 0
    if v == 0:
        return dst.zero(s), 0
    return dst.round(-v if s else v, rm)
