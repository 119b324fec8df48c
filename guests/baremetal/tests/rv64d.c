/*
 * rv64d: double-precision floating point.
 *
 * The bulk is the generated table in rv64d.cases.h (same families as rv64f
 * plus fcvt.s.d / fcvt.d.s, with NaN canonicalisation and NaN-boxing of the
 * single-precision side); see scripts/gen-fp-cases.py.  Written by hand:
 * fld/fsd, fmv.x.d/fmv.d.x, flag accumulation, a D instruction with
 * mstatus.FS = Off.
 */
#include "fp_common.h"
#include "trap.h"

#include "rv64d.cases.h"

#define DOP2(insn, a, b)                                                   \
    ({                                                                     \
        uint64_t __r;                                                      \
        __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t" insn     \
                         " ft2, ft0, ft1\n\tfmv.x.d %0, ft2"               \
                         : "=r"(__r)                                       \
                         : "r"((uint64_t)(a)), "r"((uint64_t)(b))          \
                         : "ft0", "ft1", "ft2");                           \
        __r;                                                               \
    })

#define D_ONE   0x3ff0000000000000ull
#define D_THREE 0x4008000000000000ull
#define D_ZERO  0ull
#define D_MAX   0x7fefffffffffffffull
#define D_SNAN  0x7ff0000000000001ull

static void test_moves(void)
{
    volatile uint64_t mem[3] = {0x7ff0000000000001ull, 0xc00921fb54442d18ull,
                                0x5a5a5a5a5a5a5a5aull};
    uint64_t r;
    __asm__ volatile("fld ft0, 8(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(mem) : "ft0", "memory");
    check("fld", r, 0xc00921fb54442d18ull);
    __asm__ volatile("fld ft0, 0(%1)\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(mem) : "ft0", "memory");
    check("fld.snan_unchanged", r, 0x7ff0000000000001ull);
    __asm__ volatile("fmv.d.x ft0, %0\n\tfsd ft0, 16(%1)" ::"r"(0x0123456789abcdefull), "r"(mem)
                     : "ft0", "memory");
    check("fsd", mem[2], 0x0123456789abcdefull);
    __asm__ volatile("fld ft0, 0(%0)\n\tfsd ft0, -8(%1)" ::"r"(&mem[1]), "r"(&mem[3])
                     : "ft0", "memory");
    check("fld_fsd.negoff", mem[2], 0xc00921fb54442d18ull);
    /* a single-precision value stored with fsd keeps its NaN-boxing */
    __asm__ volatile("fmv.w.x ft0, %0\n\tfsd ft0, 16(%1)" ::"r"(0x3f800000ul), "r"(mem)
                     : "ft0", "memory");
    check("fsd.boxed_single", mem[2], 0xffffffff3f800000ull);
    __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(r) : "r"(D_SNAN) : "ft0");
    check("fmv.d.x.snan_roundtrip", r, D_SNAN);
    csr_write(fflags, 0);
    __asm__ volatile("fmv.d.x ft0, %1\n\tfsgnjn.d ft1, ft0, ft0\n\tfmv.x.d %0, ft1"
                     : "=r"(r) : "r"(D_SNAN) : "ft0", "ft1");
    check("fneg.d.snan", r, D_SNAN | (1ull << 63));
    check("moves.no_flags", csr_read(fflags), 0);
}

static void test_flag_accumulation(void)
{
    csr_write(fcsr, 0);
    (void)DOP2("fdiv.d", D_ONE, D_THREE);
    check("accrue.nx", csr_read(fflags), FFLAGS_NX);
    (void)DOP2("fdiv.d", D_ONE, D_ZERO);
    check("accrue.dz", csr_read(fflags), FFLAGS_NX | FFLAGS_DZ);
    (void)DOP2("fmul.d", D_MAX, D_MAX);
    check("accrue.of", csr_read(fflags), FFLAGS_NX | FFLAGS_DZ | FFLAGS_OF);
    (void)DOP2("fmul.d", 0x0010000000000000ull, 0x3fd5555555555555ull);
    check("accrue.uf", csr_read(fflags), 0x0f);
    (void)DOP2("fsub.d", 0x7ff0000000000000ull, 0x7ff0000000000000ull);
    check("accrue.nv", csr_read(fflags), 0x1f);
    csr_write(fcsr, 0);
    /* fcvt.s.d overflow, then an exact conversion back: flags stay */
    __asm__ volatile("fmv.d.x ft0, %0\n\tfcvt.s.d ft1, ft0\n\tfcvt.d.s ft2, ft1"
                     ::"r"(D_MAX) : "ft0", "ft1", "ft2");
    check("accrue.fcvt", csr_read(fflags), FFLAGS_OF | FFLAGS_NX);
    csr_write(fcsr, 0);
}

static void test_fs_off(void)
{
    trap_install();
    trap_reset();
    trap_policy = TRAP_SKIP;
    csr_clear(mstatus, MSTATUS_FS);
    unsigned long before = trap_count;
    __asm__ volatile("fmadd.d ft0, ft1, ft2, ft3" ::: "ft0");
    check("fs.off.fmadd.d.trapped", trap_count - before, 1);
    check("fs.off.fmadd.d.cause", trap_last.cause, CAUSE_ILLEGAL);
    before = trap_count;
    uint64_t slot = 0;
    __asm__ volatile("fsd ft0, 0(%0)" ::"r"(&slot) : "memory");
    check("fs.off.fsd.trapped", trap_count - before, 1);
    before = trap_count;
    __asm__ volatile("fcvt.d.l ft0, %0" ::"r"(1l) : "ft0");
    check("fs.off.fcvt.d.l.trapped", trap_count - before, 1);
    csr_set(mstatus, 1ul << 13);
    before = trap_count;
    __asm__ volatile("fcvt.d.l ft0, %0" ::"r"(1l) : "ft0");
    check("fs.on.fcvt.d.l.no_trap", trap_count - before, 0);
}

int main(long hartid, void *dtb)
{
    check_begin("rv64d");
    run_fp_cases(rv64d_cases, sizeof rv64d_cases / sizeof rv64d_cases[0]);
    test_moves();
    test_flag_accumulation();
    test_fs_off();
    return check_end();
}
