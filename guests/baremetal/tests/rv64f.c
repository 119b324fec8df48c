/*
 * rv64f: single-precision floating point.
 *
 * The bulk is the generated table in rv64f.cases.h (arithmetic, fused
 * multiply-add family, sqrt, conversions with saturation and NaN inputs, all
 * five static rounding modes and the same through frm/dyn, canonical NaNs,
 * fclass, fmin/fmax, comparisons, sign injection, NaN-boxing of inputs and
 * results, the fflags of every operation); see scripts/gen-fp-cases.py.
 * Written by hand below: moves and loads/stores (NaN-boxing, fmv.x.w sign
 * extension), fflags accumulation over operation groups, mstatus.FS
 * (Off traps, Initial becomes Dirty) and reserved rounding modes.
 */
#include "fp_common.h"
#include "trap.h"

#include "rv64f.cases.h"

static uint64_t fmv_d_x_then_fmv_x_w(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.x.w %0, ft0" : "=r"(r) : "r"(v) : "ft0");
    return r;
}

static uint64_t fmv_w_x_then_fmv_x_d(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(v) : "ft0");
    return r;
}

static void test_moves(void)
{
    check("fmv.x.w.sext_neg", fmv_d_x_then_fmv_x_w(0xffffffff80000000ull),
          0xffffffff80000000ull);
    check("fmv.x.w.pos", fmv_d_x_then_fmv_x_w(0xffffffff3f800000ull), 0x3f800000);
    check("fmv.x.w.nan_payload", fmv_d_x_then_fmv_x_w(0xffffffff7f800001ull),
          0x7f800001);
    /* fmv.x.w is a transfer: it ignores the NaN-boxing of its source */
    check("fmv.x.w.unboxed_pos", fmv_d_x_then_fmv_x_w(0x0000000012345678ull),
          0x12345678);
    check("fmv.x.w.unboxed_neg", fmv_d_x_then_fmv_x_w(0x1234567887654321ull),
          0xffffffff87654321ull);
    /* fmv.w.x NaN-boxes and does not canonicalise */
    check("fmv.w.x.box", fmv_w_x_then_fmv_x_d(0x123456789abcdef0ull),
          0xffffffff9abcdef0ull);
    check("fmv.w.x.snan", fmv_w_x_then_fmv_x_d(0x7f800001ull), 0xffffffff7f800001ull);

    /* flw NaN-boxes; fsw stores the low 32 bits even of an unboxed value */
    volatile uint32_t mem[4] = {0x7f800001u, 0xc0490fdbu, 0, 0x5a5a5a5au};
    uint64_t r;
    __asm__ volatile("flw ft0, 4(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(mem) : "ft0", "memory");
    check("flw.box", r, 0xffffffffc0490fdbull);
    __asm__ volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(mem) : "ft0", "memory");
    check("flw.snan_unchanged", r, 0xffffffff7f800001ull);
    __asm__ volatile("fmv.d.x ft0, %0\n\tfsw ft0, 8(%1)" ::"r"(0x00000000deadbeefull), "r"(mem)
                     : "ft0", "memory");
    check("fsw.unboxed", mem[2], 0xdeadbeef);
    check("fsw.neighbour", mem[3], 0x5a5a5a5a);
    __asm__ volatile("fmv.w.x ft0, %0\n\tfsw ft0, -4(%1)" ::"r"(0x3f800000ul), "r"(&mem[3])
                     : "ft0", "memory");
    check("fsw.negoff", mem[2], 0x3f800000);

    /* none of these raise flags */
    csr_write(fflags, 0);
    (void)fmv_d_x_then_fmv_x_w(0xffffffff7f800001ull);
    (void)fmv_w_x_then_fmv_x_d(0x7f800001ull);
    check("moves.no_flags", csr_read(fflags), 0);
}

/* One single-precision operation on values given as bit patterns. */
#define FOP2(insn, a, b)                                                   \
    ({                                                                     \
        uint64_t __r;                                                      \
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\t" insn     \
                         " ft2, ft0, ft1\n\tfmv.x.w %0, ft2"               \
                         : "=r"(__r)                                       \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b))          \
                         : "ft0", "ft1", "ft2");                           \
        __r;                                                               \
    })

/* A single-precision comparison (integer result). */
#define FCMP(insn, a, b)                                                   \
    ({                                                                     \
        uint64_t __r;                                                      \
        __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\t" insn     \
                         " %0, ft0, ft1"                                   \
                         : "=r"(__r)                                       \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b))          \
                         : "ft0", "ft1");                                  \
        __r;                                                               \
    })

#define ONE 0x3f800000u
#define THREE 0x40400000u
#define ZERO 0x00000000u
#define FMAX 0x7f7fffffu
#define FMINNORM 0x00800000u
#define SNAN 0x7f800001u

static void test_flag_accumulation(void)
{
    csr_write(frm, 0);
    csr_write(fflags, 0);
    (void)FOP2("fadd.s", ONE, ONE);
    check("accrue.exact", csr_read(fflags), 0);
    (void)FOP2("fdiv.s", ONE, THREE);
    check("accrue.nx", csr_read(fflags), FFLAGS_NX);
    (void)FOP2("fdiv.s", ONE, ZERO);
    check("accrue.nx_dz", csr_read(fflags), FFLAGS_NX | FFLAGS_DZ);
    (void)FOP2("fadd.s", ONE, ONE); /* exact: nothing changes */
    check("accrue.sticky", csr_read(fflags), FFLAGS_NX | FFLAGS_DZ);
    (void)FOP2("fmul.s", FMAX, FMAX);
    check("accrue.of", csr_read(fflags), FFLAGS_NX | FFLAGS_DZ | FFLAGS_OF);
    (void)FOP2("fmul.s", FMINNORM, 0x3e800000u /* 0.25 */);
    check("accrue.exact_subnormal", csr_read(fflags),
          FFLAGS_NX | FFLAGS_DZ | FFLAGS_OF);
    (void)FOP2("fmul.s", FMINNORM, 0x3eaaaaabu /* ~1/3 */);
    check("accrue.uf", csr_read(fflags),
          FFLAGS_NX | FFLAGS_DZ | FFLAGS_OF | FFLAGS_UF);
    (void)FOP2("fadd.s", SNAN, ONE);
    check("accrue.nv", csr_read(fflags), 0x1f);
    csr_write(frm, 3);
    check("accrue.fcsr", csr_read(fcsr), (3 << 5) | 0x1f);
    /* comparisons: feq quiet, flt signalling */
    csr_write(fflags, 0);
    (void)FCMP("feq.s", 0x7fc00000u, ONE);
    check("accrue.feq_qnan", csr_read(fflags), 0);
    (void)FCMP("flt.s", 0x7fc00000u, ONE);
    check("accrue.flt_qnan", csr_read(fflags), FFLAGS_NV);
    /* csrrw on fflags returns the old flags */
    uint64_t old = csr_swap(fflags, FFLAGS_NX);
    check("accrue.swap_old", old, FFLAGS_NV);
    check("accrue.swap_new", csr_read(fflags), FFLAGS_NX);
    csr_write(fcsr, 0);
}

static uint64_t fs_probe(void)
{
    return csr_read(mstatus) & MSTATUS_FS;
}

static void test_fs(void)
{
    trap_install();
    trap_reset();
    trap_policy = TRAP_SKIP;

    /* Initial -> Dirty when an FP register is written; SD follows. */
    csr_clear(mstatus, MSTATUS_FS);
    csr_set(mstatus, 1ul << 13);
    check("fs.initial", fs_probe(), 1ul << 13);
    (void)FOP2("fadd.s", ONE, ONE);
    check("fs.dirty_after_op", fs_probe(), 3ul << 13);
    check("fs.sd", csr_read(mstatus) >> 63, 1);
    /* Clean -> Dirty when fflags is written */
    csr_clear(mstatus, MSTATUS_FS);
    csr_set(mstatus, 2ul << 13);
    check("fs.clean", fs_probe(), 2ul << 13);
    csr_write(fflags, 1);
    check("fs.dirty_after_fflags", fs_probe(), 3ul << 13);

    /* Off: every FP instruction and FP CSR access is illegal. */
    csr_clear(mstatus, MSTATUS_FS);
    check("fs.off", fs_probe(), 0);
    unsigned long before = trap_count;
    uint64_t r = 0x1234;
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "fadd.s ft0, ft1, ft2\n\t.option pop" ::: "ft0");
    check("fs.off.fadd.trapped", trap_count - before, 1);
    check("fs.off.fadd.cause", trap_last.cause, CAUSE_ILLEGAL);
    check("fs.off.fadd.tval", trap_last.tval, 0x0020f053); /* fadd.s ft0,ft1,ft2,dyn */
    before = trap_count;
    __asm__ volatile("fmv.x.w %0, ft0" : "+r"(r));
    check("fs.off.fmv.trapped", trap_count - before, 1);
    check("fs.off.fmv.rd_unchanged", r, 0x1234);
    before = trap_count;
    __asm__ volatile("csrr %0, fflags" : "+r"(r));
    check("fs.off.csrr_fflags.trapped", trap_count - before, 1);
    check("fs.off.csrr_fflags.cause", trap_last.cause, CAUSE_ILLEGAL);
    before = trap_count;
    volatile uint32_t word = 0;
    __asm__ volatile("flw ft0, 0(%0)" ::"r"(&word) : "ft0");
    check("fs.off.flw.trapped", trap_count - before, 1);
    before = trap_count;
    __asm__ volatile("c.fsdsp ft0, 0(sp)");
    check("fs.off.c.fsdsp.trapped", trap_count - before, 1);
    check("fs.off.c.fsdsp.cause", trap_last.cause, CAUSE_ILLEGAL);
    csr_set(mstatus, 1ul << 13);

    /* Reserved rounding modes: static rm 5 and 6, and dyn with frm >= 5. */
    before = trap_count;
    __asm__ volatile(".word 0x00105153" ::: "ft2"); /* fadd.s ft2, ft0, ft1, rm=5 */
    check("rm5_static.trapped", trap_count - before, 1);
    check("rm5_static.cause", trap_last.cause, CAUSE_ILLEGAL);
    check("rm5_static.tval", trap_last.tval, 0x00105153);
    before = trap_count;
    __asm__ volatile(".word 0x00106153" ::: "ft2"); /* fadd.s ft2, ft0, ft1, rm=6 */
    check("rm6_static.trapped", trap_count - before, 1);
    for (unsigned frm = 5; frm <= 7; frm++) {
        csr_write(frm, frm);
        before = trap_count;
        (void)FOP2("fadd.s", ONE, ONE); /* dyn */
        check_idx("dyn_frm_reserved.trapped", frm, trap_count - before, 1);
    }
    csr_write(frm, 0);
    before = trap_count;
    (void)FOP2("fadd.s", ONE, ONE);
    check("dyn_frm_valid.no_trap", trap_count - before, 0);
    /* with a reserved frm, instructions without a rounding mode still work */
    csr_write(frm, 6);
    before = trap_count;
    r = FOP2("fsgnjn.s", ONE, ONE);
    check("reserved_frm.fsgnjn.no_trap", trap_count - before, 0);
    check("reserved_frm.fsgnjn.value", r, 0xffffffffbf800000ull);
    csr_write(fcsr, 0);
}

int main(long hartid, void *dtb)
{
    check_begin("rv64f");
    run_fp_cases(rv64f_cases, sizeof rv64f_cases / sizeof rv64f_cases[0]);
    test_moves();
    test_flag_accumulation();
    test_fs();
    return check_end();
}
