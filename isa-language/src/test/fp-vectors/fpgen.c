/*
 * fpgen: reference vectors for the RISC-V F and D extensions.
 *
 * Runs every F/D computational instruction on edge-case and pseudo-random operands, under each
 * static rounding mode, and prints the result register and the fflags it raised. Meant to be
 * cross-compiled for riscv64 Linux and run under qemu-riscv64 (or on hardware); see README.md.
 *
 *   usage: fpgen [seed [scale]]      (defaults: seed 1, scale 1)
 *
 * Output, one line per operand tuple (all numbers hexadecimal, no prefix):
 *
 *   <mnemonic> <operand>... <result> <fflags> [<result> <fflags>] x4
 *
 * Instructions with a rounding-mode field get five result/fflags pairs, for rne, rtz, rdn, rup and
 * rmm in that order; the others (fmin/fmax, comparisons, fclass) get one. binary64 values and
 * 64-bit integers are written with 16 digits, binary32 values and 32-bit integer operands with 8.
 * Integer results (fcvt to integer, comparisons, fclass) are the full 64-bit destination register.
 * Lines starting with '#' are comments.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t u64;
typedef uint32_t u32;

/* ---------------------------------------------------------------------------------------------- */
/* Instruction wrappers. Operands are moved into ft0..ft2 / integer registers inside the asm so the */
/* compiler never touches the bit patterns (signaling NaNs survive); fflags is cleared right before */
/* and read right after the instruction.                                                           */
/* ---------------------------------------------------------------------------------------------- */

#define SW5(M, insn)                                                                               \
    switch (rm) {                                                                                  \
    case 0: M(insn, "rne"); break;                                                                 \
    case 1: M(insn, "rtz"); break;                                                                 \
    case 2: M(insn, "rdn"); break;                                                                 \
    case 3: M(insn, "rup"); break;                                                                 \
    default: M(insn, "rmm"); break;                                                                \
    }

/* three FP sources -> FP (fmadd etc.), mv = fmv.d.x or fmv.w.x, mvb = fmv.x.d or fmv.x.w */
#define A_FFF(insn, RM, mv, mvb)                                                                   \
    __asm__ volatile(mv " ft0,%2\n\t" mv " ft1,%3\n\t" mv " ft2,%4\n\tfsflags x0\n\t" insn         \
                     " ft3,ft0,ft1,ft2," RM "\n\tfrflags %1\n\t" mvb " %0,ft3"                     \
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3")
#define A_FF(insn, RM, mv, mvb)                                                                    \
    __asm__ volatile(mv " ft0,%2\n\t" mv " ft1,%3\n\tfsflags x0\n\t" insn " ft3,ft0,ft1," RM      \
                     "\n\tfrflags %1\n\t" mvb " %0,ft3"                                           \
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0", "ft1", "ft3")
#define A_F(insn, RM, mv, mvb)                                                                     \
    __asm__ volatile(mv " ft0,%2\n\tfsflags x0\n\t" insn " ft3,ft0," RM "\n\tfrflags %1\n\t" mvb  \
                     " %0,ft3"                                                                     \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft0", "ft3")
/* FP -> integer register */
#define A_FX(insn, RM, mv)                                                                         \
    __asm__ volatile(mv " ft0,%2\n\tfsflags x0\n\t" insn " %0,ft0," RM "\n\tfrflags %1"           \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft0")
/* integer register -> FP */
#define A_XF(insn, RM, mvb)                                                                        \
    __asm__ volatile("fsflags x0\n\t" insn " ft3,%2," RM "\n\tfrflags %1\n\t" mvb " %0,ft3"      \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft3")

/* The exact conversions (fcvt.d.w, fcvt.d.wu, fcvt.d.s) take no rounding-mode operand in GNU as;
   they are run the same way for every mode (the results must not depend on it). */
#define X_DF0(i, RM) __asm__ volatile("fsflags x0\n\t" i " ft3,%2\n\tfrflags %1\n\tfmv.x.d %0,ft3" \
                                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft3")
#define SD_F0(i, RM) __asm__ volatile("fmv.w.x ft0,%2\n\tfsflags x0\n\t" i " ft3,ft0\n\tfrflags %1\n\tfmv.x.d %0,ft3" \
                                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft0", "ft3")
#define D_FFF(i, RM) A_FFF(i, RM, "fmv.d.x", "fmv.x.d")
#define S_FFF(i, RM) A_FFF(i, RM, "fmv.w.x", "fmv.x.w")
#define D_FF(i, RM) A_FF(i, RM, "fmv.d.x", "fmv.x.d")
#define S_FF(i, RM) A_FF(i, RM, "fmv.w.x", "fmv.x.w")
#define D_F(i, RM) A_F(i, RM, "fmv.d.x", "fmv.x.d")
#define S_F(i, RM) A_F(i, RM, "fmv.w.x", "fmv.x.w")
#define DS_F(i, RM) A_F(i, RM, "fmv.d.x", "fmv.x.w") /* fcvt.s.d */
#define D_FX(i, RM) A_FX(i, RM, "fmv.d.x")
#define S_FX(i, RM) A_FX(i, RM, "fmv.w.x")
#define X_DF(i, RM) A_XF(i, RM, "fmv.x.d")
#define X_SF(i, RM) A_XF(i, RM, "fmv.x.w")

typedef u64 (*opfn)(u64 a, u64 b, u64 c, int rm, u64 *fl);

#define DEF_RM(name, M, insn)                                                                      \
    static u64 name(u64 a, u64 b, u64 c, int rm, u64 *fl) {                                        \
        u64 r, f;                                                                                  \
        (void)a; (void)b; (void)c;                                                                 \
        SW5(M, insn)                                                                               \
        *fl = f;                                                                                   \
        return r;                                                                                  \
    }

/* no rounding mode: fmin/fmax (FF), comparisons (FFX), fclass (FX1) */
#define DEF_NORM_FF(name, insn, mv, mvb)                                                           \
    static u64 name(u64 a, u64 b, u64 c, int rm, u64 *fl) {                                        \
        u64 r, f;                                                                                  \
        (void)c; (void)rm;                                                                         \
        __asm__ volatile(mv " ft0,%2\n\t" mv " ft1,%3\n\tfsflags x0\n\t" insn                      \
                         " ft3,ft0,ft1\n\tfrflags %1\n\t" mvb " %0,ft3"                            \
                         : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0", "ft1", "ft3");             \
        *fl = f;                                                                                   \
        return r;                                                                                  \
    }
#define DEF_NORM_FFX(name, insn, mv)                                                               \
    static u64 name(u64 a, u64 b, u64 c, int rm, u64 *fl) {                                        \
        u64 r, f;                                                                                  \
        (void)c; (void)rm;                                                                         \
        __asm__ volatile(mv " ft0,%2\n\t" mv " ft1,%3\n\tfsflags x0\n\t" insn                      \
                         " %0,ft0,ft1\n\tfrflags %1"                                               \
                         : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0", "ft1");                    \
        *fl = f;                                                                                   \
        return r;                                                                                  \
    }
#define DEF_NORM_FX(name, insn, mv)                                                                \
    static u64 name(u64 a, u64 b, u64 c, int rm, u64 *fl) {                                        \
        u64 r, f;                                                                                  \
        (void)b; (void)c; (void)rm;                                                                \
        __asm__ volatile(mv " ft0,%2\n\tfsflags x0\n\t" insn " %0,ft0\n\tfrflags %1"              \
                         : "=&r"(r), "=&r"(f) : "r"(a) : "ft0");                                   \
        *fl = f;                                                                                   \
        return r;                                                                                  \
    }

/* binary64 */
DEF_RM(fadd_d, D_FF, "fadd.d")
DEF_RM(fsub_d, D_FF, "fsub.d")
DEF_RM(fmul_d, D_FF, "fmul.d")
DEF_RM(fdiv_d, D_FF, "fdiv.d")
DEF_RM(fsqrt_d, D_F, "fsqrt.d")
DEF_RM(fmadd_d, D_FFF, "fmadd.d")
DEF_RM(fmsub_d, D_FFF, "fmsub.d")
DEF_RM(fnmsub_d, D_FFF, "fnmsub.d")
DEF_RM(fnmadd_d, D_FFF, "fnmadd.d")
DEF_NORM_FF(fmin_d, "fmin.d", "fmv.d.x", "fmv.x.d")
DEF_NORM_FF(fmax_d, "fmax.d", "fmv.d.x", "fmv.x.d")
DEF_NORM_FFX(feq_d, "feq.d", "fmv.d.x")
DEF_NORM_FFX(flt_d, "flt.d", "fmv.d.x")
DEF_NORM_FFX(fle_d, "fle.d", "fmv.d.x")
DEF_NORM_FX(fclass_d, "fclass.d", "fmv.d.x")
DEF_RM(fcvt_w_d, D_FX, "fcvt.w.d")
DEF_RM(fcvt_wu_d, D_FX, "fcvt.wu.d")
DEF_RM(fcvt_l_d, D_FX, "fcvt.l.d")
DEF_RM(fcvt_lu_d, D_FX, "fcvt.lu.d")
DEF_RM(fcvt_d_w, X_DF0, "fcvt.d.w")
DEF_RM(fcvt_d_wu, X_DF0, "fcvt.d.wu")
DEF_RM(fcvt_d_l, X_DF, "fcvt.d.l")
DEF_RM(fcvt_d_lu, X_DF, "fcvt.d.lu")
DEF_RM(fcvt_s_d, DS_F, "fcvt.s.d")
DEF_RM(fcvt_d_s, SD_F0, "fcvt.d.s")
/* binary32 */
DEF_RM(fadd_s, S_FF, "fadd.s")
DEF_RM(fsub_s, S_FF, "fsub.s")
DEF_RM(fmul_s, S_FF, "fmul.s")
DEF_RM(fdiv_s, S_FF, "fdiv.s")
DEF_RM(fsqrt_s, S_F, "fsqrt.s")
DEF_RM(fmadd_s, S_FFF, "fmadd.s")
DEF_RM(fmsub_s, S_FFF, "fmsub.s")
DEF_RM(fnmsub_s, S_FFF, "fnmsub.s")
DEF_RM(fnmadd_s, S_FFF, "fnmadd.s")
DEF_NORM_FF(fmin_s, "fmin.s", "fmv.w.x", "fmv.x.w")
DEF_NORM_FF(fmax_s, "fmax.s", "fmv.w.x", "fmv.x.w")
DEF_NORM_FFX(feq_s, "feq.s", "fmv.w.x")
DEF_NORM_FFX(flt_s, "flt.s", "fmv.w.x")
DEF_NORM_FFX(fle_s, "fle.s", "fmv.w.x")
DEF_NORM_FX(fclass_s, "fclass.s", "fmv.w.x")
DEF_RM(fcvt_w_s, S_FX, "fcvt.w.s")
DEF_RM(fcvt_wu_s, S_FX, "fcvt.wu.s")
DEF_RM(fcvt_l_s, S_FX, "fcvt.l.s")
DEF_RM(fcvt_lu_s, S_FX, "fcvt.lu.s")
DEF_RM(fcvt_s_w, X_SF, "fcvt.s.w")
DEF_RM(fcvt_s_wu, X_SF, "fcvt.s.wu")
DEF_RM(fcvt_s_l, X_SF, "fcvt.s.l")
DEF_RM(fcvt_s_lu, X_SF, "fcvt.s.lu")

/* ---------------------------------------------------------------------------------------------- */
/* Output                                                                                          */
/* ---------------------------------------------------------------------------------------------- */

/* operand/result kinds */
enum { K_D, K_S, K_W, K_L, K_X };

static void put(int kind, u64 v) {
    switch (kind) {
    case K_S:
    case K_W: printf(" %08x", (u32)v); break;
    default: printf(" %016llx", (unsigned long long)v); break;
    }
}

typedef struct {
    const char *name;
    opfn fn;
    int nin, hasrm, in, out;
} op_t;

static void emit(const op_t *op, u64 a, u64 b, u64 c) {
    if (op->in == K_S || op->in == K_W) {
        a &= 0xffffffffULL; b &= 0xffffffffULL; c &= 0xffffffffULL;
    }
    u64 in[3] = {a, b, c};
    printf("%s", op->name);
    for (int i = 0; i < op->nin; i++) put(op->in, in[i]);
    int n = op->hasrm ? 5 : 1;
    for (int rm = 0; rm < n; rm++) {
        u64 fl;
        u64 r = op->fn(a, b, c, rm, &fl);
        put(op->out, r);
        printf(" %02x", (unsigned)fl);
    }
    printf("\n");
}

/* ---------------------------------------------------------------------------------------------- */
/* Operand generation                                                                              */
/* ---------------------------------------------------------------------------------------------- */

static u64 rng_state;
static u64 rnd(void) { /* splitmix64 */
    u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int rndn(int n) { return (int)(rnd() % (u64)n); }

/* Format descriptors: fraction bits and exponent bits. */
typedef struct {
    int frac, expb;
} fmt_t;
static const fmt_t F64 = {52, 11}, F32 = {23, 8};

static u64 emax_field(fmt_t f) { return (1ULL << f.expb) - 1; }
static u64 fracmask(fmt_t f) { return (1ULL << f.frac) - 1; }
static int bias(fmt_t f) { return (1 << (f.expb - 1)) - 1; }
static u64 pack(fmt_t f, int sign, u64 field, u64 frac) {
    return ((u64)sign << (f.frac + f.expb)) | (field << f.frac) | (frac & fracmask(f));
}
static u64 field_of(fmt_t f, u64 v) { return (v >> f.frac) & emax_field(f); }

/* A significand pattern in TestFloat style: random, or structured bit runs (exact results, ties). */
static u64 rand_frac(fmt_t f) {
    int n = f.frac;
    switch (rndn(10)) {
    case 0: return fracmask(f);
    case 1: return 0;
    case 2: return 1ULL << rndn(n);
    case 3: { int k = rndn(n + 1); return k == 0 ? 0 : (fracmask(f) >> (n - k)) << (n - k); } /* ones at top */
    case 4: { int k = rndn(n + 1); return k == 0 ? 0 : fracmask(f) >> (n - k); }               /* ones at bottom */
    case 5: return rnd() & rnd() & rnd();
    case 6: return rnd() | rnd() | rnd();
    case 7: return fracmask(f) ^ (1ULL << rndn(n));
    default: return rnd();
    }
}

/* A biased exponent field: anywhere, near the extremes, or near 1.0. */
static u64 rand_field(fmt_t f) {
    u64 top = emax_field(f);
    switch (rndn(8)) {
    case 0: return rnd() % (top + 1);
    case 1: return rndn(4);              /* zero/subnormal and the smallest normals */
    case 2: return top - rndn(4);        /* inf/NaN and the largest finite */
    case 3: return rnd() % top;          /* finite */
    default: return bias(f) - 30 + rndn(61);
    }
}

static u64 rand_fp(fmt_t f) {
    if (rndn(50) == 0) return rnd() & ((f.frac == 52) ? ~0ULL : 0xffffffffULL);
    return pack(f, rndn(2), rand_field(f), rand_frac(f));
}

/* A finite value with the given biased field clamped into [0, top-1]. */
static u64 fp_with_field(fmt_t f, long field) {
    long top = (long)emax_field(f) - 1;
    if (field < 0) field = rndn(2) ? 0 : rndn(3);
    if (field > top) field = top - rndn(2);
    return pack(f, rndn(2), (u64)field, rand_frac(f));
}

static u64 neg(fmt_t f, u64 v) { return v ^ (1ULL << (f.frac + f.expb)); }

/* Specials: zeros, subnormals, normals at the borders, infinities and NaNs of both kinds. */
static const u64 SPECIAL_D[] = {
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000002ULL, 0x000fffffffffffffULL,
    0x0008000000000000ULL, 0x0010000000000000ULL, 0x0010000000000001ULL, 0x001fffffffffffffULL,
    0x0020000000000000ULL, 0x3ca0000000000000ULL, 0x3fe0000000000000ULL, 0x3fefffffffffffffULL,
    0x3ff0000000000000ULL, 0x3ff0000000000001ULL, 0x3ff8000000000000ULL, 0x4000000000000000ULL,
    0x4004000000000000ULL, 0x4340000000000000ULL, 0x7fe0000000000000ULL, 0x7feffffffffffffeULL,
    0x7fefffffffffffffULL, 0x7ff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff0000000000001ULL,
    0x7ff4000000000000ULL, 0x7fffffffffffffffULL,
};
static const u64 SPECIAL_S[] = {
    0x00000000, 0x00000001, 0x00000002, 0x007fffff, 0x00400000, 0x00800000, 0x00800001, 0x00ffffff,
    0x01000000, 0x33800000, 0x3f000000, 0x3f7fffff, 0x3f800000, 0x3f800001, 0x3fc00000, 0x40000000,
    0x40200000, 0x4b800000, 0x7f000000, 0x7f7ffffe, 0x7f7fffff, 0x7f800000, 0x7fc00000, 0x7f800001,
    0x7fa00000, 0x7fffffff,
};
#define NSPEC (sizeof(SPECIAL_D) / sizeof(SPECIAL_D[0]))

/* i-th signed special (both signs of every entry) */
static u64 special(fmt_t f, int i) {
    u64 v = f.frac == 52 ? SPECIAL_D[i / 2] : SPECIAL_S[i / 2];
    return (i & 1) ? neg(f, v) : v;
}
/* A smaller set for the three-operand cross product. */
static const int FMA_SPECIAL_IDX[] = {0, 1, 2, 3, 7, 10, 24, 25, 40, 41, 42, 43, 44, 46};
#define NFMASPEC (int)(sizeof(FMA_SPECIAL_IDX) / sizeof(FMA_SPECIAL_IDX[0]))

/* Host arithmetic through the FPU (round to nearest), used to aim results at interesting values. */
static u64 host_op(fmt_t f, char op, u64 a, u64 b) {
    u64 r = 0;
    if (f.frac == 52) {
        double x, y, z = 0;
        memcpy(&x, &a, 8); memcpy(&y, &b, 8);
        switch (op) { case '*': z = x * y; break; case '/': z = x / y; break; default: z = x - y; break; }
        memcpy(&r, &z, 8);
    } else {
        float x, y, z = 0;
        u32 a32 = (u32)a, b32 = (u32)b, r32;
        memcpy(&x, &a32, 4); memcpy(&y, &b32, 4);
        switch (op) { case '*': z = x * y; break; case '/': z = x / y; break; default: z = x - y; break; }
        memcpy(&r32, &z, 4); r = r32;
    }
    return r;
}

/*
 * A value where results are hard to get right: around the smallest normal (tininess after
 * rounding), the largest finite number (overflow), and, for binary64, around 2^-968 and 2^1022 where
 * the Java implementation switches between its fast and exact paths.
 */
static u64 rand_target(fmt_t f) {
    u64 top = emax_field(f);
    u64 field;
    switch (rndn(f.frac == 52 ? 6 : 4)) {
    case 0: field = 1; break;
    case 1: field = rndn(2) ? 0 : 2; break;
    case 2: field = top - 1; break;
    case 3: field = top - 2; break;
    case 4: field = 55 - rndn(2); break;
    default: field = 2045 + rndn(2); break;
    }
    u64 v = pack(f, rndn(2), field, 0);
    v += (u64)(long)(rndn(9) - 4); /* a few ulps either side of the binade border */
    if (rndn(3) == 0) v = pack(f, (int)(v >> (f.frac + f.expb)) & 1, field, rand_frac(f));
    return v;
}

/* b such that a*b (or a/b) lands near t, perturbed by a couple of ulps. */
static u64 aim(fmt_t f, char op, u64 a, u64 t) {
    u64 b = host_op(f, op == '*' ? '/' : '/', op == '*' ? t : a, op == '*' ? a : t);
    b += (u64)(long)(rndn(5) - 2);
    return b & (f.frac == 52 ? ~0ULL : 0xffffffffULL);
}

enum { G_ADD, G_MUL, G_DIV, G_SQRT, G_FMA, G_MINMAX, G_CMP, G_CLASS, G_TOINT, G_FROMINT, G_CVTFP };

/* A pair (a, b) for a binary operation of the given group. */
static void rand_pair(fmt_t f, int group, u64 *a, u64 *b) {
    *a = rand_fp(f);
    long fa = (long)field_of(f, *a);
    int B = bias(f);
    switch (rndn(4)) {
    case 0: *b = rand_fp(f); return;
    case 1: *b = fp_with_field(f, fa + rndn(2 * f.frac + 9) - f.frac - 4); return; /* close exponents */
    default: break;
    }
    if (group == G_ADD) {
        /* near-cancellation: b = -a moved by a few ulps, or a's exponent with fresh bits */
        if (rndn(2)) *b = neg(f, *a) + (u64)(long)(rndn(17) - 8);
        else *b = neg(f, fp_with_field(f, fa));
        return;
    }
    if ((group == G_MUL || group == G_DIV || group == G_FMA) && rndn(2)) {
        /* result aimed at a critical value */
        *a = pack(f, rndn(2), B - 8 + rndn(17), rand_frac(f));
        *b = aim(f, group == G_DIV ? '/' : '*', *a, rand_target(f));
        return;
    }
    if (group == G_MUL || group == G_FMA) {
        /* product exponent near the underflow or the overflow threshold */
        long target = rndn(2) ? (long)rndn(f.frac + 6) - f.frac - 3 : 2L * B + rndn(7) - 3;
        *b = fp_with_field(f, target - fa + B);
        return;
    }
    if (group == G_DIV) {
        long target = rndn(2) ? (long)rndn(f.frac + 6) - f.frac - 3 : 2L * B + rndn(7) - 3;
        *b = fp_with_field(f, fa - target + B);
        return;
    }
    *b = rndn(2) ? *a : neg(f, *a); /* equal magnitudes (min/max/compare) */
}

static void gen_fma_triple(fmt_t f, u64 *a, u64 *b, u64 *c) {
    rand_pair(f, G_FMA, a, b);
    if (rndn(3) == 0) { *a = rand_fp(f); *b = rand_fp(f); }
    u64 p = host_op(f, '*', *a, *b);
    long fp = (long)field_of(f, p);
    switch (rndn(7)) {
    case 5: *c = host_op(f, '-', rand_target(f), p); break;        /* sum aimed at a critical value */
    case 6: *c = fp_with_field(f, (long)field_of(f, rand_target(f)) - rndn(f.frac + 3)); break;
    case 0: *c = rand_fp(f); break;
    case 1: *c = neg(f, p) + (u64)(long)(rndn(9) - 4); break;          /* catastrophic cancellation */
    case 2: *c = neg(f, p) ^ (rnd() & 0xff); break;
    case 3: *c = fp_with_field(f, fp + rndn(2 * f.frac + 9) - f.frac - 4); break; /* overlapping */
    default: *c = fp_with_field(f, fp + rndn(11) - 5); break;
    }
    if (f.frac != 52) *c &= 0xffffffffULL;
}

/* A float near an integer boundary (for fcvt to integer). */
static u64 rand_near_int(fmt_t f) {
    static const int mags[] = {0, 1, 2, 3, 15, 23, 24, 30, 31, 32, 33, 52, 53, 62, 63, 64, 65};
    int m = mags[rndn(sizeof(mags) / sizeof(mags[0]))];
    double base = 1.0;
    for (int i = 0; i < m; i++) base *= 2.0;
    double offs[] = {0, 0.5, -0.5, 1, -1, 0.25, 0.75, -0.25, 1.5, -1.5, 2.5, 0.5000001, 0.4999999};
    double v = base + offs[rndn(sizeof(offs) / sizeof(offs[0]))] + (double)(rndn(5) - 2);
    if (rndn(4) == 0) v = (double)(rnd() >> rndn(64)) + (double)rndn(4) * 0.25;
    if (rndn(2)) v = -v;
    u64 r;
    if (f.frac == 52) {
        memcpy(&r, &v, 8);
        if (rndn(4) == 0) r += (u64)(long)(rndn(5) - 2);
    } else {
        float s = (float)v;
        u32 r32;
        memcpy(&r32, &s, 4);
        if (rndn(4) == 0) r32 += (u32)(rndn(5) - 2);
        r = r32;
    }
    return r;
}

/* An integer with a random bit length and structure (for fcvt from integer). */
static u64 rand_int(int width) {
    u64 v;
    switch (rndn(4)) {
    case 0: v = rnd(); break;
    case 1: v = rand_frac(F64) | ((rnd() & 0xfff) << 52); break;
    default: v = rnd(); break;
    }
    v >>= rndn(width + 1) % 64;
    if (rndn(3) == 0) v = (u64)(-(int64_t)v);
    if (width == 32) v &= 0xffffffffULL;
    return v;
}

/* ---------------------------------------------------------------------------------------------- */
/* Driver                                                                                          */
/* ---------------------------------------------------------------------------------------------- */

typedef struct {
    op_t op;
    int group;
    int nrand; /* random tuples at scale 1 */
} test_t;

#define OPRM(n, fn, nin, in, out) {n, fn, nin, 1, in, out}
#define OPNR(n, fn, nin, in, out) {n, fn, nin, 0, in, out}

static const test_t TESTS[] = {
    {OPRM("fadd.d", fadd_d, 2, K_D, K_D), G_ADD, 750},
    {OPRM("fsub.d", fsub_d, 2, K_D, K_D), G_ADD, 300},
    {OPRM("fmul.d", fmul_d, 2, K_D, K_D), G_MUL, 750},
    {OPRM("fdiv.d", fdiv_d, 2, K_D, K_D), G_DIV, 750},
    {OPRM("fsqrt.d", fsqrt_d, 1, K_D, K_D), G_SQRT, 750},
    {OPRM("fmadd.d", fmadd_d, 3, K_D, K_D), G_FMA, 1300},
    {OPRM("fmsub.d", fmsub_d, 3, K_D, K_D), G_FMA, 250},
    {OPRM("fnmsub.d", fnmsub_d, 3, K_D, K_D), G_FMA, 250},
    {OPRM("fnmadd.d", fnmadd_d, 3, K_D, K_D), G_FMA, 250},
    {OPNR("fmin.d", fmin_d, 2, K_D, K_D), G_MINMAX, 300},
    {OPNR("fmax.d", fmax_d, 2, K_D, K_D), G_MINMAX, 300},
    {OPNR("feq.d", feq_d, 2, K_D, K_X), G_CMP, 300},
    {OPNR("flt.d", flt_d, 2, K_D, K_X), G_CMP, 300},
    {OPNR("fle.d", fle_d, 2, K_D, K_X), G_CMP, 300},
    {OPNR("fclass.d", fclass_d, 1, K_D, K_X), G_CLASS, 200},
    {OPRM("fcvt.w.d", fcvt_w_d, 1, K_D, K_X), G_TOINT, 600},
    {OPRM("fcvt.wu.d", fcvt_wu_d, 1, K_D, K_X), G_TOINT, 600},
    {OPRM("fcvt.l.d", fcvt_l_d, 1, K_D, K_X), G_TOINT, 600},
    {OPRM("fcvt.lu.d", fcvt_lu_d, 1, K_D, K_X), G_TOINT, 600},
    {OPRM("fcvt.d.w", fcvt_d_w, 1, K_W, K_D), G_FROMINT, 100},
    {OPRM("fcvt.d.wu", fcvt_d_wu, 1, K_W, K_D), G_FROMINT, 100},
    {OPRM("fcvt.d.l", fcvt_d_l, 1, K_L, K_D), G_FROMINT, 600},
    {OPRM("fcvt.d.lu", fcvt_d_lu, 1, K_L, K_D), G_FROMINT, 600},
    {OPRM("fcvt.s.d", fcvt_s_d, 1, K_D, K_S), G_CVTFP, 750},
    {OPRM("fcvt.d.s", fcvt_d_s, 1, K_S, K_D), G_CVTFP, 300},
    {OPRM("fadd.s", fadd_s, 2, K_S, K_S), G_ADD, 750},
    {OPRM("fsub.s", fsub_s, 2, K_S, K_S), G_ADD, 300},
    {OPRM("fmul.s", fmul_s, 2, K_S, K_S), G_MUL, 750},
    {OPRM("fdiv.s", fdiv_s, 2, K_S, K_S), G_DIV, 750},
    {OPRM("fsqrt.s", fsqrt_s, 1, K_S, K_S), G_SQRT, 750},
    {OPRM("fmadd.s", fmadd_s, 3, K_S, K_S), G_FMA, 1500},
    {OPRM("fmsub.s", fmsub_s, 3, K_S, K_S), G_FMA, 250},
    {OPRM("fnmsub.s", fnmsub_s, 3, K_S, K_S), G_FMA, 250},
    {OPRM("fnmadd.s", fnmadd_s, 3, K_S, K_S), G_FMA, 250},
    {OPNR("fmin.s", fmin_s, 2, K_S, K_S), G_MINMAX, 300},
    {OPNR("fmax.s", fmax_s, 2, K_S, K_S), G_MINMAX, 300},
    {OPNR("feq.s", feq_s, 2, K_S, K_X), G_CMP, 300},
    {OPNR("flt.s", flt_s, 2, K_S, K_X), G_CMP, 300},
    {OPNR("fle.s", fle_s, 2, K_S, K_X), G_CMP, 300},
    {OPNR("fclass.s", fclass_s, 1, K_S, K_X), G_CLASS, 200},
    {OPRM("fcvt.w.s", fcvt_w_s, 1, K_S, K_X), G_TOINT, 600},
    {OPRM("fcvt.wu.s", fcvt_wu_s, 1, K_S, K_X), G_TOINT, 600},
    {OPRM("fcvt.l.s", fcvt_l_s, 1, K_S, K_X), G_TOINT, 600},
    {OPRM("fcvt.lu.s", fcvt_lu_s, 1, K_S, K_X), G_TOINT, 600},
    {OPRM("fcvt.s.w", fcvt_s_w, 1, K_W, K_S), G_FROMINT, 600},
    {OPRM("fcvt.s.wu", fcvt_s_wu, 1, K_W, K_S), G_FROMINT, 600},
    {OPRM("fcvt.s.l", fcvt_s_l, 1, K_L, K_S), G_FROMINT, 600},
    {OPRM("fcvt.s.lu", fcvt_s_lu, 1, K_L, K_S), G_FROMINT, 600},
};
#define NTESTS (int)(sizeof(TESTS) / sizeof(TESTS[0]))

static const u64 INT_SPECIALS[] = {
    0, 1, 2, 3, 0x7fffffffULL, 0x80000000ULL, 0x80000001ULL, 0xffffffffULL, 0x00ffffffULL,
    0x01000000ULL, 0x01000001ULL, 0x01000003ULL, 0x7fffffc0ULL, 0x7fffffbfULL, 0xffffff80ULL,
    0xffffff7fULL, 0x001fffffffffffffULL, 0x0020000000000000ULL, 0x0020000000000001ULL,
    0x0020000000000003ULL, 0x7ffffffffffffe00ULL, 0x7ffffffffffffdffULL, 0x7fffffffffffffffULL,
    0x8000000000000000ULL, 0x8000000000000001ULL, 0xfffffffffffff800ULL, 0xfffffffffffff7ffULL,
    0xffffffffffffffffULL, 0xfffffffffffffffeULL, 0xffffffff00000000ULL,
};
/* float inputs around the integer conversion borders */
static const double CVT_SPECIALS[] = {
    0.0, -0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.5, -0.25, -0.5, -0.75, -1.0, -1.5, -2.5,
    2147483647.0, 2147483647.5, 2147483648.0, 2147483648.5, -2147483648.0, -2147483648.5,
    -2147483649.0, 4294967295.0, 4294967295.5, 4294967296.0, 4294967296.5, -4294967296.0,
    9223372036854775808.0, -9223372036854775808.0, 18446744073709551616.0,
    9223372036854774784.0, -9223372036854774784.0, 18446744073709549568.0, 4503599627370496.5,
    4503599627370497.0, -4503599627370495.5,
};

int main(int argc, char **argv) {
    u64 seed = argc > 1 ? strtoull(argv[1], 0, 0) : 1;
    double scale = argc > 2 ? atof(argv[2]) : 1.0;
    int with_specials = argc > 3 ? atoi(argv[3]) : 1;
    rng_state = seed;
    printf("# fpgen seed=%llu scale=%g\n", (unsigned long long)seed, scale);
    for (int t = 0; t < NTESTS; t++) {
        const test_t *T = &TESTS[t];
        const op_t *op = &T->op;
        fmt_t f = (op->in == K_S) ? F32 : F64;
        int nspec = 2 * (int)NSPEC;
        if (with_specials) {
            switch (T->group) {
            case G_FMA:
                for (int i = 0; i < NFMASPEC; i++)
                    for (int j = 0; j < NFMASPEC; j++)
                        for (int k = 0; k < NFMASPEC; k++)
                            emit(op, special(f, FMA_SPECIAL_IDX[i]), special(f, FMA_SPECIAL_IDX[j]),
                                 special(f, FMA_SPECIAL_IDX[k]));
                break;
            case G_ADD: case G_MUL: case G_DIV: case G_MINMAX: case G_CMP:
                for (int i = 0; i < nspec; i++)
                    for (int j = 0; j < nspec; j++) emit(op, special(f, i), special(f, j), 0);
                break;
            case G_FROMINT:
                for (int i = 0; i < (int)(sizeof(INT_SPECIALS) / sizeof(INT_SPECIALS[0])); i++) {
                    u64 v = INT_SPECIALS[i];
                    if (op->in == K_W) v &= 0xffffffffULL;
                    emit(op, v, 0, 0);
                    emit(op, op->in == K_W ? (u32)-(int64_t)v : (u64)-(int64_t)v, 0, 0);
                }
                break;
            case G_TOINT:
                for (int i = 0; i < (int)(sizeof(CVT_SPECIALS) / sizeof(CVT_SPECIALS[0])); i++) {
                    double v = CVT_SPECIALS[i];
                    u64 r;
                    if (op->in == K_S) { float s = (float)v; u32 r32; memcpy(&r32, &s, 4); r = r32; }
                    else memcpy(&r, &v, 8);
                    emit(op, r, 0, 0);
                }
                /* FALLTHROUGH: plain specials too */
            default:
                if (op->in == K_D || op->in == K_S)
                    for (int i = 0; i < nspec; i++) emit(op, special(op->in == K_S ? F32 : F64, i), 0, 0);
                break;
            }
        }
        int n = (int)(T->nrand * scale);
        for (int i = 0; i < n; i++) {
            u64 a = 0, b = 0, c = 0;
            switch (T->group) {
            case G_ADD: case G_MUL: case G_DIV: case G_MINMAX: case G_CMP:
                rand_pair(f, T->group, &a, &b);
                break;
            case G_FMA:
                gen_fma_triple(f, &a, &b, &c);
                break;
            case G_SQRT:
                a = rand_fp(f);
                if (rndn(4)) a &= ~(1ULL << (f.frac + f.expb)); /* mostly positive */
                break;
            case G_CLASS:
                a = rand_fp(f);
                break;
            case G_TOINT:
                a = rndn(3) ? rand_near_int(f) : rand_fp(f);
                break;
            case G_FROMINT:
                a = rand_int(op->in == K_W ? 32 : 64);
                break;
            case G_CVTFP:
                if (op->in == K_D) {
                    /* doubles around the binary32 range borders and with 24/25-bit significands */
                    switch (rndn(4)) {
                    case 0: a = rand_fp(F64); break;
                    case 1: a = fp_with_field(F64, 1023 - 126 - rndn(30)); break;
                    case 2: a = fp_with_field(F64, 1023 + 127 + rndn(3) - 1); break;
                    default: { /* 24 significant bits, optionally a tie bit and/or sticky bits below */
                        u64 frac = rand_frac(F32) << 29;
                        if (rndn(2)) frac |= 1ULL << 28;
                        if (rndn(2)) frac |= rnd() & ((1ULL << 28) - 1);
                        a = pack(F64, rndn(2), 1023 - 40 + rndn(81), frac);
                        break;
                    }
                    }
                } else {
                    a = rand_fp(F32);
                }
                break;
            }
            emit(op, a, b, c);
        }
    }
    return 0;
}
