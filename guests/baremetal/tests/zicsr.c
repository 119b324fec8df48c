/*
 * zicsr: the six CSR instructions and some CSRs with architected behaviour.
 *
 *  - csrrw/csrrs/csrrc and csrrwi/csrrsi/csrrci on mscratch: old value in
 *    rd, new value, 5-bit immediates zero-extended, rd = x0, rd = rs1.
 *  - rs1 = x0 (or uimm = 0) for csrrs/csrrc means "no write": allowed on
 *    read-only CSRs; any write attempt to a read-only CSR (csrrw, csrrwi, or
 *    csrrs/csrrc with rs1 != x0 even when the register holds 0) is an illegal
 *    instruction with mtval = the instruction bits.
 *  - cycle/instret/time (and mcycle/minstret) increase; misa says RV64 with
 *    I M A F D C S U; mhartid = 0.
 *  - fcsr = frm << 5 | fflags, with frm and fflags as views of it.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

/* Run an instruction that must trap as illegal; check mtval and that rd (t1
 * in the instructions below) was not written. */
#define EXPECT_ILLEGAL(label, insn, encoding)                               \
    do {                                                                    \
        unsigned long __before = trap_count;                                \
        register uint64_t __rd __asm__("t1") = 0x5a5a;                      \
        __asm__ volatile(".option push\n\t.option norvc\n\t" insn           \
                         "\n\t.option pop"                                  \
                         : "+r"(__rd)                                       \
                         :                                                  \
                         : "t2", "memory");                                 \
        uint64_t __rd_after = __rd; /* t1 does not survive calls */         \
        check(label ".trapped", trap_count - __before, 1);                  \
        check(label ".cause", trap_last.cause, CAUSE_ILLEGAL);              \
        check(label ".tval", trap_last.tval, encoding);                     \
        check(label ".tval_is_insn", trap_last.tval,                        \
              *(volatile uint32_t *)trap_last.epc);                         \
        check(label ".rd_unchanged", __rd_after, 0x5a5a);                   \
    } while (0)

#define EXPECT_NO_TRAP(label, insn)                                         \
    do {                                                                    \
        unsigned long __before = trap_count;                                \
        uint64_t __rd = 0;                                                  \
        __asm__ volatile(insn : "=r"(__rd) : "r"(0ul) : "memory");          \
        check(label ".no_trap", trap_count - __before, 0);                  \
        (void)__rd;                                                         \
    } while (0)

static void test_basic_ops(void)
{
    uint64_t old, v;

    csr_write(mscratch, 0x1111222233334444ull);
    __asm__ volatile("csrrw %0, mscratch, %1" : "=r"(old) : "r"(0xf0f0f0f0f0f0f0f0ull));
    check("csrrw.old", old, 0x1111222233334444ull);
    check("csrrw.new", csr_read(mscratch), 0xf0f0f0f0f0f0f0f0ull);

    __asm__ volatile("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x0f000000000000ffull));
    check("csrrs.old", old, 0xf0f0f0f0f0f0f0f0ull);
    check("csrrs.new", csr_read(mscratch), 0xfff0f0f0f0f0f0ffull);

    __asm__ volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0xff000000000000f0ull));
    check("csrrc.old", old, 0xfff0f0f0f0f0f0ffull);
    check("csrrc.new", csr_read(mscratch), 0x00f0f0f0f0f0f00full);

    __asm__ volatile("csrrwi %0, mscratch, 31" : "=r"(old));
    check("csrrwi.old", old, 0x00f0f0f0f0f0f00full);
    check("csrrwi.new_zero_extended", csr_read(mscratch), 31);

    __asm__ volatile("csrrci %0, mscratch, 0x15" : "=r"(old));
    check("csrrci.old", old, 31);
    check("csrrci.new", csr_read(mscratch), 0x0a);

    __asm__ volatile("csrrsi %0, mscratch, 0x10" : "=r"(old));
    check("csrrsi.old", old, 0x0a);
    check("csrrsi.new", csr_read(mscratch), 0x1a);

    /* rs1 = x0 / uimm = 0: read only, no write */
    __asm__ volatile("csrrs %0, mscratch, x0" : "=r"(old));
    check("csrrs_x0.value", old, 0x1a);
    __asm__ volatile("csrrc %0, mscratch, x0" : "=r"(old));
    check("csrrc_x0.value", old, 0x1a);
    __asm__ volatile("csrrsi %0, mscratch, 0" : "=r"(old));
    check("csrrsi_0.value", old, 0x1a);
    check("no_write.unchanged", csr_read(mscratch), 0x1a);

    /* rd = x0 (csrw), and every bit of mscratch is writable */
    __asm__ volatile("csrrw x0, mscratch, %0" ::"r"(-1l));
    check("csrw.all_ones", csr_read(mscratch), ~0ull);

    /* rd == rs1: the old value lands in the register that supplied the new */
    v = 0x77;
    __asm__ volatile("csrrw %0, mscratch, %0" : "+r"(v));
    check("csrrw.rd_eq_rs1.old", v, ~0ull);
    check("csrrw.rd_eq_rs1.new", csr_read(mscratch), 0x77);
    v = 0x100;
    __asm__ volatile("csrrs %0, mscratch, %0" : "+r"(v));
    check("csrrs.rd_eq_rs1.old", v, 0x77);
    check("csrrs.rd_eq_rs1.new", csr_read(mscratch), 0x177);
}

static void test_counters(void)
{
    uint64_t c0 = rdcycle(), i0 = rdinstret(), t0 = rdtime();
    uint64_t mc0 = csr_read(mcycle), mi0 = csr_read(minstret);
    volatile uint64_t sink = 0;
    /* ~1 ms of work even on a fast host, so that time (10 MHz) moves */
    for (int i = 0; i < 200000; i++)
        sink += i;
    while (rdtime() == t0)
        ;
    uint64_t c1 = rdcycle(), i1 = rdinstret(), t1 = rdtime();
    uint64_t mc1 = csr_read(mcycle), mi1 = csr_read(minstret);
    check_true("cycle.increases", c1 > c0);
    check_true("instret.increases", i1 > i0);
    check_true("instret.counts_work", i1 - i0 >= 200000);
    check_true("time.increases", t1 > t0);
    check_true("mcycle.increases", mc1 > mc0);
    check_true("minstret.increases", mi1 > mi0);
    check_true("time.matches_mtime", clint_mtime() >= t1);
}

static void test_id_csrs(void)
{
    uint64_t misa = csr_read(misa);
    check("misa.mxl", misa >> 62, 2);
    const char *letters = "IMAFDCSU";
    char name[24];
    for (const char *p = letters; *p; p++) {
        snprintf(name, sizeof name, "misa.%c", *p);
        check(name, (misa >> (*p - 'A')) & 1, 1);
    }
    check("mhartid", csr_read(mhartid), 0);
    (void)csr_read(mvendorid);
    (void)csr_read(marchid);
    (void)csr_read(mimpid);
}

static void test_readonly(void)
{
    trap_install();
    trap_reset();
    trap_policy = TRAP_SKIP;

    /* Reading read-only CSRs with "no write" forms is fine. */
    EXPECT_NO_TRAP("csrrs_x0.mhartid", "csrrs %0, mhartid, x0");
    EXPECT_NO_TRAP("csrrc_x0.mvendorid", "csrrc %0, mvendorid, x0");
    EXPECT_NO_TRAP("csrrsi_0.mimpid", "csrrsi %0, mimpid, 0");
    EXPECT_NO_TRAP("csrrci_0.cycle", "csrrci %0, cycle, 0");

    /* Any write attempt is illegal.  Fixed registers, so that mtval can be
     * compared with a constant. */
    EXPECT_ILLEGAL("csrrw.mhartid", "csrrw t1, mhartid, x0", 0xf1401373);
    EXPECT_ILLEGAL("csrrwi.mvendorid", "csrrwi t1, mvendorid, 1", 0xf110d373);
    EXPECT_ILLEGAL("csrrs_nonzero_reg.mhartid", "li t2, 1\n\tcsrrs t1, mhartid, t2",
                   0xf143a373);
    EXPECT_ILLEGAL("csrrs_zero_reg.mimpid", "li t2, 0\n\tcsrrs t1, mimpid, t2", 0xf133a373);
    EXPECT_ILLEGAL("csrrci_nonzero.marchid", "csrrci t1, marchid, 4", 0xf1227373);
    EXPECT_ILLEGAL("csrrw.cycle", "csrrw x0, cycle, t2", 0xc0039073);
    EXPECT_ILLEGAL("csrrs.time", "li t2, 1\n\tcsrrs x0, time, t2", 0xc013a073);
}

static void test_fcsr(void)
{
    csr_write(fcsr, 0xff);
    check("fcsr.write_ff.frm", csr_read(frm), 7);
    check("fcsr.write_ff.fflags", csr_read(fflags), 0x1f);
    csr_write(frm, 2);
    check("frm.write.fcsr", csr_read(fcsr), 0x5f);
    csr_write(fflags, 0);
    check("fflags.write.fcsr", csr_read(fcsr), 0x40);
    csr_write(fcsr, 0xfffff);
    check("fcsr.reserved_bits_zero", csr_read(fcsr), 0xff);
    csr_write(frm, 0xff);
    check("frm.masked", csr_read(frm), 7);
    csr_write(fflags, 0xff);
    check("fflags.masked", csr_read(fflags), 0x1f);
    uint64_t old;
    __asm__ volatile("csrrci %0, fflags, 0x5" : "=r"(old));
    check("fflags.csrrci.old", old, 0x1f);
    check("fflags.csrrci.fcsr", csr_read(fcsr), 0xfa);
    __asm__ volatile("csrrwi %0, frm, 1" : "=r"(old));
    check("frm.csrrwi.old", old, 7);
    check("frm.csrrwi.fcsr", csr_read(fcsr), 0x3a);
    __asm__ volatile("fsrm %0, %1" : "=r"(old) : "r"(4ul));
    check("fsrm.old", old, 1);
    __asm__ volatile("fsflags %0, %1" : "=r"(old) : "r"(0x3ul));
    check("fsflags.old", old, 0x1a);
    check("fcsr.final", csr_read(fcsr), (4 << 5) | 0x3);
    csr_write(fcsr, 0);
}

int main(long hartid, void *dtb)
{
    check_begin("zicsr");
    test_basic_ops();
    test_counters();
    test_id_csrs();
    test_readonly();
    test_fcsr();
    return check_end();
}
