#!/usr/bin/env python3
"""
Generate tests/rv64f.cases.h and tests/rv64d.cases.h: one small wrapper per
(instruction, rounding mode) and a table of cases with the expected result
register and the expected fflags, computed with the reference model in
fpmodel.py (exact rational arithmetic).

    scripts/gen-fp-cases.py          (run from guests/baremetal)

The generated headers are committed, so building does not need Python.
"""
import os
import sys
from fractions import Fraction as Fr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpmodel as M  # noqa: E402
from fpmodel import D, NV, RDN, RMM, RNE, RTZ, RUP, S  # noqa: E402

RMS = [RNE, RTZ, RDN, RUP, RMM]
BOX = 0xFFFFFFFF00000000
MASK64 = (1 << 64) - 1


class Case:
    def __init__(self, label, mnem, rm, ops, expected, flags, frm=0):
        self.label, self.mnem, self.rm, self.ops = label, mnem, rm, ops
        self.expected, self.flags, self.frm = expected, flags, frm


class Gen:
    def __init__(self, f):
        self.f = f
        self.cases = []
        self.wrappers = {}  # name -> C text

    # -- operand helpers -------------------------------------------------------
    def v(self, x):
        """Register value holding the exactly representable number x."""
        if isinstance(x, str):
            x = {"inf": self.f.inf(0), "-inf": self.f.inf(1),
                 "max": self.f.max_finite(0), "-max": self.f.max_finite(1),
                 "qnan": self.f.qnan, "snan": self.f.snan(1),
                 "-0": self.f.zero(1), "0": self.f.zero(0)}[x]
            return self.box(x)
        return self.box(self.f.encode_exact(x))

    def box(self, bits):
        return bits | BOX if self.f is S else bits

    def unbox(self, reg):
        """Value an instruction sees for a register (NaN-boxing check)."""
        if self.f is S:
            return reg & 0xFFFFFFFF if reg >> 32 == 0xFFFFFFFF else S.qnan
        return reg

    # -- wrappers ----------------------------------------------------------------
    def wrapper(self, mnem, rm, kind):
        rmname = "dyn" if rm == "dyn" else M.RM_NAMES[rm] if rm is not None else None
        name = "op_" + mnem.replace(".", "_") + ("_" + rmname if rmname else "")
        if name in self.wrappers:
            return name
        rmsuffix = ", " + rmname if rmname else ""
        if kind == "ff":      # fp, fp -> fp
            body = (f'"fmv.d.x ft0, %1\\n\\tfmv.d.x ft1, %2\\n\\t'
                    f'{mnem} ft2, ft0, ft1{rmsuffix}\\n\\tfmv.x.d %0, ft2"')
            clob = '"ft0", "ft1", "ft2"'
            ins = '"r"(a), "r"(b)'
        elif kind == "f":     # fp -> fp
            body = (f'"fmv.d.x ft0, %1\\n\\t{mnem} ft2, ft0{rmsuffix}\\n\\t'
                    f'fmv.x.d %0, ft2"')
            clob = '"ft0", "ft2"'
            ins = '"r"(a)'
        elif kind == "fff":   # fp, fp, fp -> fp
            body = (f'"fmv.d.x ft0, %1\\n\\tfmv.d.x ft1, %2\\n\\tfmv.d.x ft3, %3\\n\\t'
                    f'{mnem} ft2, ft0, ft1, ft3{rmsuffix}\\n\\tfmv.x.d %0, ft2"')
            clob = '"ft0", "ft1", "ft2", "ft3"'
            ins = '"r"(a), "r"(b), "r"(c)'
        elif kind == "ffx":   # fp, fp -> int
            body = f'"fmv.d.x ft0, %1\\n\\tfmv.d.x ft1, %2\\n\\t{mnem} %0, ft0, ft1"'
            clob = '"ft0", "ft1"'
            ins = '"r"(a), "r"(b)'
        elif kind == "fx":    # fp -> int
            body = f'"fmv.d.x ft0, %1\\n\\t{mnem} %0, ft0{rmsuffix}"'
            clob = '"ft0"'
            ins = '"r"(a)'
        elif kind == "xf":    # int -> fp
            body = f'"{mnem} ft2, %1{rmsuffix}\\n\\tfmv.x.d %0, ft2"'
            clob = '"ft2"'
            ins = '"r"(a)'
        else:
            raise ValueError(kind)
        self.wrappers[name] = (
            f"static uint64_t {name}(uint64_t a, uint64_t b, uint64_t c)\n"
            "{\n"
            "    uint64_t r;\n"
            f"    __asm__ volatile({body}\n"
            f"                     : \"=r\"(r) : {ins} : {clob});\n"
            "    (void)a; (void)b; (void)c;\n"
            "    return r;\n"
            "}\n")
        return name

    def add(self, label, mnem, rm, kind, ops, result, flags):
        frm = 0
        if isinstance(rm, tuple):  # ("dyn", frm)
            frm = rm[1]
            rm = "dyn"
        w = self.wrapper(mnem, rm, kind)
        ops = list(ops) + [0] * (3 - len(ops))
        rmname = ("dyn" + M.RM_NAMES[frm]) if rm == "dyn" else (M.RM_NAMES[rm] if rm is not None else "")
        name = f"{mnem}{'.' + rmname if rmname else ''}:{label}"
        self.cases.append((name, w, ops, result & MASK64, flags, frm))

    # -- case families ------------------------------------------------------------
    def arith(self, label, op, x, y=None, z=None, rms=(RNE,), dyn=False):
        f = self.f
        sfx = "." + f.name
        regs = [x] + ([y] if y is not None else []) + ([z] if z is not None else [])
        vals = [self.unbox(r) for r in regs]
        for rm in rms:
            for use_dyn in ([False, True] if dyn else [False]):
                if op in ("fadd", "fsub", "fmul", "fdiv"):
                    fn = {"fadd": M.add, "fsub": M.sub, "fmul": M.mul, "fdiv": M.div}[op]
                    r, fl = fn(f, vals[0], vals[1], rm)
                    kind = "ff"
                elif op == "fsqrt":
                    r, fl = M.sqrt(f, vals[0], rm)
                    kind = "f"
                elif op in ("fmadd", "fmsub", "fnmsub", "fnmadd"):
                    neg_prod = op in ("fnmsub", "fnmadd")
                    neg_add = op in ("fmsub", "fnmadd")
                    r, fl = M.fma(f, vals[0], vals[1], vals[2], rm, neg_prod, neg_add)
                    kind = "fff"
                else:
                    raise ValueError(op)
                self.add(label, op + sfx, ("dyn", rm) if use_dyn else rm, kind,
                         regs, self.box(r), fl)

    def nonarith(self, label, op, x, y=None):
        f = self.f
        sfx = "." + f.name
        a = self.unbox(x)
        b = self.unbox(y) if y is not None else None
        if op in ("fmin", "fmax"):
            r, fl = M.fminmax(f, a, b, op == "fmax")
            self.add(label, op + sfx, None, "ff", [x, y], self.box(r), fl)
        elif op in ("fsgnj", "fsgnjn", "fsgnjx"):
            sb = f.sign_bit
            sa, sbv = a & sb, b & sb
            if op == "fsgnj":
                ns = sbv
            elif op == "fsgnjn":
                ns = sbv ^ sb
            else:
                ns = sa ^ sbv
            r = (a & ~sb) | ns
            self.add(label, op + sfx, None, "ff", [x, y], self.box(r), 0)
        elif op in ("feq", "flt", "fle"):
            r, fl = {"feq": M.feq, "flt": M.flt, "fle": M.fle}[op](f, a, b)
            self.add(label, op + sfx, None, "ffx", [x, y], r, fl)
        elif op == "fclass":
            self.add(label, op + sfx, None, "fx", [x], M.fclass(f, a), 0)
        else:
            raise ValueError(op)

    def to_int(self, label, x, rms, forms=("w", "wu", "l", "lu")):
        f = self.f
        for form in forms:
            bits = 32 if form in ("w", "wu") else 64
            signed = form in ("w", "l")
            for rm in rms:
                r, fl = M.f_to_int(f, self.unbox(x), rm, bits, signed)
                self.add(label, f"fcvt.{form}.{f.name}", rm, "fx", [x], r, fl)

    def from_int(self, label, x, rms, forms=("w", "wu", "l", "lu")):
        f = self.f
        for form in forms:
            bits = 32 if form in ("w", "wu") else 64
            signed = form in ("w", "l")
            for rm in rms:
                r, fl = M.int_to_f(f, x, rm, bits, signed)
                if f is D and bits == 32:
                    # exact: the assembler takes no rounding mode, test it once
                    if rm != RNE:
                        continue
                    rm = None
                self.add(label, f"fcvt.{f.name}.{form}", rm, "xf", [x & MASK64], self.box(r), fl)

    # -- output ----------------------------------------------------------------------
    def emit(self, path, test):
        out = [f"/* Generated by scripts/gen-fp-cases.py for tests/{test}.c; do not edit.\n"
               " * Expected values come from scripts/fpmodel.py (exact rational model). */\n"]
        for text in self.wrappers.values():
            out.append(text)
        out.append(f"\nstatic const struct fp_case {test}_cases[] = {{\n")
        for name, w, ops, res, fl, frm in self.cases:
            out.append(f'    {{"{name}", {w}, {{0x{ops[0]:x}ull, 0x{ops[1]:x}ull, '
                       f'0x{ops[2]:x}ull}}, {frm}, 0x{res:x}ull, 0x{fl:02x}}},\n')
        out.append("};\n")
        with open(path, "w") as fh:
            fh.write("".join(out))
        print(f"{os.path.relpath(path)}: {len(self.cases)} cases, {len(self.wrappers)} wrappers")


def common_families(g):
    f = g.f
    m = f.m
    v = g.v
    P = lambda e: Fr(2) ** e  # noqa: E731
    minnorm = P(f.emin)
    minsub = P(f.emin - m)
    h = (m + 1) // 2 + (1 if f is S else 0)  # (1+2^-h)^2 needs more than p bits
    if f is D:
        h = 27

    # fadd: ties and near-ties in every rounding mode, static and dynamic
    g.arith("1+half_ulp", "fadd", v(1), v(P(-m - 1)), rms=RMS, dyn=True)
    g.arith("-1-half_ulp", "fadd", v(-1), v(-P(-m - 1)), rms=RMS, dyn=True)
    g.arith("1+3/4ulp", "fadd", v(1), v(3 * P(-m - 2)), rms=(RNE, RTZ, RMM))
    g.arith("1+1/4ulp", "fadd", v(1), v(P(-m - 2)), rms=(RNE, RUP, RMM))
    g.arith("odd+half_ulp", "fadd", v(1 + P(-m)), v(P(-m - 1)), rms=(RNE, RTZ, RMM))
    g.arith("exact", "fadd", v(1), v(2))
    g.arith("x+-x", "fadd", v(Fr(3, 4)), v(-Fr(3, 4)), rms=(RNE, RDN, RUP))
    g.arith("-0+-0", "fadd", v("-0"), v("-0"), rms=(RNE, RDN))
    g.arith("+0+-0", "fadd", v("0"), v("-0"), rms=(RNE, RDN))
    g.arith("inf+-inf", "fadd", v("inf"), v("-inf"))
    g.arith("inf+1", "fadd", v("inf"), v(1))
    g.arith("snan+1", "fadd", g.box(f.snan(5)), v(1))
    g.arith("qnan_payload+1", "fadd", g.box(f.qnan_payload(5, 1)), v(1))
    g.arith("max+max", "fadd", v("max"), v("max"), rms=RMS)
    g.arith("-max-max", "fadd", v("-max"), v("-max"), rms=(RDN, RUP))
    g.arith("minsub+minsub", "fadd", v(minsub), v(minsub))
    # fsub
    g.arith("1-1", "fsub", v(1), v(1), rms=(RNE, RDN))
    g.arith("-0-+0", "fsub", v("-0"), v("0"))
    g.arith("1-quarter_ulp", "fsub", v(1), v(P(-m - 2)), rms=RMS)
    g.arith("inf-inf", "fsub", v("inf"), v("inf"))
    g.arith("1-qnan", "fsub", v(1), v("qnan"))
    g.arith("minnorm-minsub", "fsub", v(minnorm), v(minsub))
    # fmul
    g.arith("3*5", "fmul", v(3), v(5))
    g.arith("-2*0.5", "fmul", v(-2), v(Fr(1, 2)))
    g.arith("(1+2^-h)^2", "fmul", v(1 + P(-h)), v(1 + P(-h)), rms=RMS)
    g.arith("below1*minnorm", "fmul", v(1 - P(-m - 1)), v(minnorm), rms=RMS)
    g.arith("minsub*0.5", "fmul", v(minsub), v(Fr(1, 2)), rms=(RNE, RUP, RDN))
    g.arith("minsub*-0.5", "fmul", v(minsub), v(-Fr(1, 2)), rms=(RNE, RDN))
    g.arith("minnorm*0.5", "fmul", v(minnorm), v(Fr(1, 2)))
    g.arith("max*2", "fmul", v("max"), v(2), rms=(RNE, RTZ, RDN, RUP))
    g.arith("-max*2", "fmul", v("-max"), v(2), rms=(RDN, RUP))
    g.arith("inf*0", "fmul", v("inf"), v("0"))
    g.arith("-0*5", "fmul", v("-0"), v(5))
    g.arith("inf*-2", "fmul", v("inf"), v(-2))
    # fdiv
    g.arith("1/3", "fdiv", v(1), v(3), rms=RMS, dyn=True)
    g.arith("-1/3", "fdiv", v(-1), v(3), rms=(RDN, RUP, RTZ))
    g.arith("6/3", "fdiv", v(6), v(3))
    g.arith("1/0", "fdiv", v(1), v("0"))
    g.arith("-1/0", "fdiv", v(-1), v("0"))
    g.arith("1/-0", "fdiv", v(1), v("-0"))
    g.arith("0/0", "fdiv", v("0"), v("0"))
    g.arith("inf/inf", "fdiv", v("inf"), v("-inf"))
    g.arith("1/inf", "fdiv", v(1), v("inf"))
    g.arith("-1/inf", "fdiv", v(-1), v("inf"))
    g.arith("minnorm/3", "fdiv", v(minnorm), v(3), rms=(RNE, RUP))
    g.arith("max/0.5", "fdiv", v("max"), v(Fr(1, 2)), rms=(RNE, RTZ))
    g.arith("qnan/0", "fdiv", v("qnan"), v("0"))
    # fsqrt
    g.arith("4", "fsqrt", v(4))
    g.arith("2", "fsqrt", v(2), rms=RMS)
    g.arith("0.25", "fsqrt", v(Fr(1, 4)))
    g.arith("-1", "fsqrt", v(-1))
    g.arith("-0", "fsqrt", v("-0"))
    g.arith("inf", "fsqrt", v("inf"))
    g.arith("-inf", "fsqrt", v("-inf"))
    g.arith("minsub", "fsqrt", v(minsub), rms=(RNE, RUP))
    g.arith("snan", "fsqrt", g.box(f.snan(3)))
    g.arith("qnan", "fsqrt", v("qnan"))
    # fused multiply-add family
    g.arith("fused", "fmadd", v(1 + P(-h)), v(1 + P(-h)), v(-(1 + P(1 - h))), rms=(RNE, RTZ))
    g.arith("2*3+4", "fmadd", v(2), v(3), v(4))
    g.arith("2*3-4", "fmsub", v(2), v(3), v(4))
    g.arith("-(2*3)+4", "fnmsub", v(2), v(3), v(4))
    g.arith("-(2*3)-4", "fnmadd", v(2), v(3), v(4))
    g.arith("inf*0+qnan", "fmadd", v("inf"), v("0"), v("qnan"))
    g.arith("0*inf+1", "fmadd", v("0"), v("inf"), v(1))
    g.arith("inf*1-inf", "fmadd", v("inf"), v(1), v("-inf"))
    g.arith("inf*1-inf", "fmsub", v("inf"), v(1), v("inf"))
    g.arith("1*-1+1", "fmadd", v(1), v(-1), v(1), rms=(RNE, RDN))
    g.arith("-(1*1)-(-1)", "fnmadd", v(1), v(1), v(-1), rms=(RNE, RDN))
    g.arith("-(0*1)+(-0)", "fnmsub", v("0"), v(1), v("-0"))
    g.arith("max*2-max", "fmadd", v("max"), v(2), v("-max"))
    g.arith("snan*1+1", "fmadd", g.box(f.snan(1)), v(1), v(1))
    g.arith("1*1+qnan", "fmadd", v(1), v(1), v("qnan"))
    g.arith("1*1+half_ulp", "fmadd", v(1), v(1), v(P(-m - 1)), rms=RMS, dyn=True)
    g.arith("(1+2^-h)^2-1", "fmsub", v(1 + P(-h)), v(1 + P(-h)), v(1), rms=(RNE,))
    g.arith("-(3*0.25)+1", "fnmsub", v(3), v(Fr(1, 4)), v(1), rms=(RNE,))
    g.arith("-(1+ulp)^2-tiny", "fnmadd", v(1 + P(-m)), v(1 + P(-m)), v(P(-2 * m)), rms=(RDN, RUP))
    # min/max, comparisons, sign injection, classification
    pairs = [("-0,+0", v("-0"), v("0")), ("+0,-0", v("0"), v("-0")),
             ("qnan,1", v("qnan"), v(1)), ("1,qnan", v(1), v("qnan")),
             ("snan,1", g.box(f.snan(1)), v(1)), ("qnan,qnan", v("qnan"), v("qnan")),
             ("snan,qnan", g.box(f.snan(1)), v("qnan")), ("-inf,5", v("-inf"), v(5)),
             ("3,-2", v(3), v(-2)), ("1,1", v(1), v(1))]
    for label, x, y in pairs:
        g.nonarith(label, "fmin", x, y)
        g.nonarith(label, "fmax", x, y)
    cmp_pairs = [("1,1", v(1), v(1)), ("1,2", v(1), v(2)), ("2,1", v(2), v(1)),
                 ("-0,+0", v("-0"), v("0")), ("-1,-2", v(-1), v(-2)),
                 ("qnan,1", v("qnan"), v(1)), ("1,qnan", v(1), v("qnan")),
                 ("snan,1", g.box(f.snan(1)), v(1)), ("-inf,inf", v("-inf"), v("inf")),
                 ("inf,inf", v("inf"), v("inf")), ("minsub,0", v(minsub), v("0"))]
    for label, x, y in cmp_pairs:
        for op in ("feq", "flt", "fle"):
            g.nonarith(label, op, x, y)
    sgn_pairs = [("1,-2", v(1), v(-2)), ("-1,2", v(-1), v(2)), ("-1,-2", v(-1), v(-2)),
                 ("1,2", v(1), v(2)), ("qnan5,-1", g.box(f.qnan_payload(5)), v(-1)),
                 ("-inf,0", v("-inf"), v("0"))]
    for label, x, y in sgn_pairs:
        for op in ("fsgnj", "fsgnjn", "fsgnjx"):
            g.nonarith(label, op, x, y)
    for label, x in [("-inf", v("-inf")), ("-normal", v(-3)), ("-subnormal", v(-minsub)),
                     ("-0", v("-0")), ("+0", v("0")), ("+subnormal", v(minsub * 5)),
                     ("+normal", v(Fr(1, 8))), ("+inf", v("inf")),
                     ("snan", g.box(f.snan(1))), ("qnan", v("qnan")),
                     ("-qnan", g.box(f.qnan | f.sign_bit)), ("maxsub", v(minnorm - minsub)),
                     ("minnorm", v(minnorm))]:
        g.nonarith(label, "fclass", x)

    # float -> integer
    for label, x in [("1.5", Fr(3, 2)), ("2.5", Fr(5, 2)), ("-1.5", -Fr(3, 2)),
                     ("-2.5", -Fr(5, 2)), ("0.5", Fr(1, 2)), ("-0.5", -Fr(1, 2)),
                     ("-0.25", -Fr(1, 4)), ("7.75", Fr(31, 4))]:
        g.to_int(label, v(x), RMS)
    for label, x in [("-0", v("-0")), ("qnan", v("qnan")), ("-qnan", g.box(f.qnan | f.sign_bit)),
                     ("snan", g.box(f.snan(1))), ("inf", v("inf")), ("-inf", v("-inf")),
                     ("2^31", v(P(31))), ("-2^31", v(-P(31))), ("2^32", v(P(32))),
                     ("3e9", v(3000000000)), ("-3e9", v(-3000000000)), ("-1", v(-1)),
                     ("2^63", v(P(63))), ("-2^63", v(-P(63))), ("2^64", v(P(64))),
                     ("1e19", v(10000000000000000000 if f is D else 9999999980506447872)),
                     ("-1e19", v(-10000000000000000000 if f is D else -9999999980506447872)),
                     ("2^31-2^7", v(P(31) - 128)), ("max", v("max")), ("minsub", v(minsub))]:
        g.to_int(label, x, (RNE,))
    if f is D:
        g.to_int("2^31-1", v(P(31) - 1), (RNE,), forms=("w",))
        g.to_int("-2^31-1", v(-P(31) - 1), (RNE,), forms=("w",))
        g.to_int("2^31-0.5", v(P(31) - Fr(1, 2)), (RNE, RTZ, RMM), forms=("w",))
        g.to_int("2^32-0.5", v(P(32) - Fr(1, 2)), (RNE, RTZ), forms=("wu",))
        g.to_int("-2^31-0.5", v(-P(31) - Fr(1, 2)), (RNE, RUP, RDN), forms=("w",))

    # integer -> float
    for label, x in [("0", 0), ("1", 1), ("-1", MASK64), ("2^24+1", 2**24 + 1),
                     ("-(2^24+1)", (-(2**24 + 1)) & MASK64), ("2^53+1", 2**53 + 1),
                     ("int32min", 0xFFFFFFFF80000000), ("uint32max_lo", 0x12345678FFFFFFFF),
                     ("int64min", 1 << 63), ("int64max", (1 << 63) - 1), ("uint64max", MASK64),
                     ("2^31+1", 0x80000001)]:
        g.from_int(label, x, (RNE,))
    for label, x in [("2^24+1", 2**24 + 1), ("-(2^24+3)", (-(2**24 + 3)) & MASK64),
                     ("2^53+1", 2**53 + 1), ("uint64max", MASK64), ("int64max", (1 << 63) - 1)]:
        g.from_int(label, x, (RTZ, RDN, RUP, RMM))


def single_extras(g):
    v = g.v
    # NaN-boxing: operands that are not NaN-boxed read as the canonical NaN
    unboxed_one = 0x000000003F800000
    half_boxed_one = 0xFFFFFFFE3F800000
    g.arith("unboxed+1", "fadd", unboxed_one, v(1))
    g.arith("1+half_boxed", "fadd", v(1), half_boxed_one)
    g.arith("unboxed", "fsqrt", unboxed_one)
    g.arith("unboxed*1+1", "fmadd", unboxed_one, v(1), v(1))
    g.nonarith("unboxed,1", "fsgnj", unboxed_one, v(1))
    g.nonarith("unboxed,1", "fsgnjn", unboxed_one, v(1))
    g.nonarith("1,unboxed", "fsgnjx", v(1), unboxed_one)
    g.nonarith("unboxed,2", "fmin", unboxed_one, v(2))
    g.nonarith("unboxed,unboxed", "feq", unboxed_one, unboxed_one)
    g.nonarith("unboxed,2", "flt", unboxed_one, v(2))
    g.nonarith("unboxed", "fclass", unboxed_one)
    g.to_int("unboxed", unboxed_one, (RNE,), forms=("w", "l"))


def double_extras(g):
    v = g.v
    P = lambda e: Fr(2) ** e  # noqa: E731
    # fcvt.s.d: rounding, overflow, underflow, NaNs
    for label, x, rms in [
            ("1+2^-24", 1 + P(-24), RMS), ("1+2^-24+2^-30", 1 + P(-24) + P(-30), RMS),
            ("-(1+2^-24)", -(1 + P(-24)), RMS), ("1/3", None, RMS),
            ("2^996", P(996), (RNE, RTZ, RUP)), ("-2^996", -P(996), (RNE, RTZ, RDN)),
            ("2^-140", P(-140), (RNE,)), ("2^-150", P(-150), (RNE, RUP)),
            ("3*2^-151", 3 * P(-151), (RNE, RTZ)), ("s_max", (2 - P(-23)) * P(127), (RNE,)),
            ("s_max+half_ulp", (2 - P(-23)) * P(127) + P(103), (RNE, RTZ)),
            ("-0", "-0", (RNE,)), ("inf", "inf", (RNE,)), ("qnan", "qnan", (RNE,)),
            ("snan", "snan", (RNE,))]:
        if label == "1/3":
            reg, _ = M.div(D, D.encode_exact(1), D.encode_exact(3), RNE)
        elif isinstance(x, str):
            reg = v(x)
        else:
            reg = v(x)
        for rm in rms:
            r, fl = M.f_to_f(D, S, reg, rm)
            g.add(label, "fcvt.s.d", rm, "f", [reg], r | BOX, fl)
    g_payload = D.qnan_payload(0x12345, 1)
    r, fl = M.f_to_f(D, S, g_payload, RNE)
    g.add("-qnan_payload", "fcvt.s.d", RNE, "f", [g_payload], r | BOX, fl)
    # fcvt.d.s: exact, NaNs canonicalised, unboxed input
    for label, sbits in [("1/3", S.round(Fr(1, 3), RNE)[0]), ("minsub", 1),
                         ("-maxsub", 0x807FFFFF), ("-inf", S.inf(1)), ("-0", S.zero(1)),
                         ("snan", S.snan(1)), ("qnan_payload", S.qnan_payload(7, 1)),
                         ("max", S.max_finite())]:
        r, fl = M.f_to_f(S, D, sbits, RNE)
        g.add(label, "fcvt.d.s", None, "f", [sbits | BOX], r, fl)
    g.add("unboxed", "fcvt.d.s", None, "f", [0x3F800000], D.qnan, 0)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    tests = os.path.join(here, "..", "tests")
    gs = Gen(S)
    common_families(gs)
    single_extras(gs)
    gs.emit(os.path.join(tests, "rv64f.cases.h"), "rv64f")
    gd = Gen(D)
    common_families(gd)
    double_extras(gd)
    gd.emit(os.path.join(tests, "rv64d.cases.h"), "rv64d")


if __name__ == "__main__":
    main()
