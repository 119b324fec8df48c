/*
 * rv64a: LR/SC and every AMO in .w and .d width.
 *
 *  - LR/SC: success, SC without a reservation, SC after an SC (the first SC
 *    consumed the reservation), SC to an address outside the reservation
 *    (4 KiB away), sign extension of LR.W.
 *  - AMOs: old value returned in rd (sign-extended for .w), memory result,
 *    the neighbouring word untouched (.w on both halves of a doubleword),
 *    rs2's upper half ignored by .w, rd = x0, aq/rl variants.
 *  - Misaligned LR/SC/AMO: must raise address-misaligned or access-fault
 *    (causes 4/5 for LR, 6/7 for SC and AMOs) with mtval = the address,
 *    leave memory and rd unchanged.  A trap handler records and skips.
 * Expected AMO values were computed from the ISA manual's definitions.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define AMO(fn, insn)                                                       \
    static uint64_t fn(volatile void *p, uint64_t v)                        \
    {                                                                       \
        uint64_t r;                                                         \
        __asm__ volatile(insn " %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v)    \
                         : "memory");                                       \
        return r;                                                           \
    }
AMO(amoswap_w, "amoswap.w") AMO(amoadd_w, "amoadd.w") AMO(amoxor_w, "amoxor.w")
AMO(amoand_w, "amoand.w") AMO(amoor_w, "amoor.w") AMO(amomin_w, "amomin.w")
AMO(amomax_w, "amomax.w") AMO(amominu_w, "amominu.w") AMO(amomaxu_w, "amomaxu.w")
AMO(amoswap_d, "amoswap.d") AMO(amoadd_d, "amoadd.d") AMO(amoxor_d, "amoxor.d")
AMO(amoand_d, "amoand.d") AMO(amoor_d, "amoor.d") AMO(amomin_d, "amomin.d")
AMO(amomax_d, "amomax.d") AMO(amominu_d, "amominu.d") AMO(amomaxu_d, "amomaxu.d")

struct amo_case {
    const char *name;
    uint64_t (*fn)(volatile void *, uint64_t);
    int size;
    uint64_t init, operand, old, result;
};

static const struct amo_case amo_cases[] = {
    {"amoswap.w.0", amoswap_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x3ull},
    {"amoswap.w.1", amoswap_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0xfffffff0ull},
    {"amoadd.w.0", amoadd_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x80000008ull},
    {"amoadd.w.1", amoadd_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0x7fffffe0ull},
    {"amoxor.w.0", amoxor_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x80000006ull},
    {"amoxor.w.1", amoxor_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0x80000000ull},
    {"amoand.w.0", amoand_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x1ull},
    {"amoand.w.1", amoand_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0x7ffffff0ull},
    {"amoor.w.0", amoor_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x80000007ull},
    {"amoor.w.1", amoor_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0xfffffff0ull},
    {"amomin.w.0", amomin_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x80000005ull},
    {"amomin.w.1", amomin_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0xfffffff0ull},
    {"amomax.w.0", amomax_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x3ull},
    {"amomax.w.1", amomax_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0x7ffffff0ull},
    {"amominu.w.0", amominu_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x3ull},
    {"amominu.w.1", amominu_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0x7ffffff0ull},
    {"amomaxu.w.0", amomaxu_w, 4, 0x80000005ull, 0x1234567800000003ull, 0xffffffff80000005ull, 0x80000005ull},
    {"amomaxu.w.1", amomaxu_w, 4, 0x7ffffff0ull, 0xabcdef01fffffff0ull, 0x7ffffff0ull, 0xfffffff0ull},
    {"amoswap.d.0", amoswap_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x3ull},
    {"amoswap.d.1", amoswap_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull},
    {"amoadd.d.0", amoadd_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x8000000000000008ull},
    {"amoadd.d.1", amoadd_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0x7fffffffffffffe0ull},
    {"amoxor.d.0", amoxor_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x8000000000000006ull},
    {"amoxor.d.1", amoxor_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0x8000000000000000ull},
    {"amoand.d.0", amoand_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x1ull},
    {"amoand.d.1", amoand_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0x7ffffffffffffff0ull},
    {"amoor.d.0", amoor_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x8000000000000007ull},
    {"amoor.d.1", amoor_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull},
    {"amomin.d.0", amomin_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x8000000000000005ull},
    {"amomin.d.1", amomin_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull},
    {"amomax.d.0", amomax_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x3ull},
    {"amomax.d.1", amomax_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0x7ffffffffffffff0ull},
    {"amominu.d.0", amominu_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x3ull},
    {"amominu.d.1", amominu_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0x7ffffffffffffff0ull},
    {"amomaxu.d.0", amomaxu_d, 8, 0x8000000000000005ull, 0x3ull, 0x8000000000000005ull, 0x8000000000000005ull},
    {"amomaxu.d.1", amomaxu_d, 8, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull, 0x7ffffffffffffff0ull, 0xfffffffffffffff0ull},
};

static volatile uint64_t page_a[512] __attribute__((aligned(4096)));
static volatile uint64_t page_b[512] __attribute__((aligned(4096)));

#define SENTINEL_LO 0xa5a5a5a5ull
#define SENTINEL_HI 0x5a5a5a5aull

/* Make sure this hart holds no reservation (an SC always clears it). */
static void drop_reservation(void)
{
    uint64_t scratch = 0, r;
    __asm__ volatile("sc.d %0, zero, (%1)" : "=r"(r) : "r"(&scratch) : "memory");
}

static void test_lrsc(void)
{
    uint64_t loaded, fail;

    /* LR.D + SC.D succeed. */
    page_a[0] = 5;
    __asm__ volatile("lr.d %0, (%2)\n\t"
                     "addi %0, %0, 1\n\t"
                     "sc.d %1, %0, (%2)"
                     : "=&r"(loaded), "=&r"(fail)
                     : "r"(&page_a[0])
                     : "memory");
    check("lr.d+sc.d.result", fail, 0);
    check("lr.d+sc.d.value", loaded, 6);
    check("lr.d+sc.d.memory", page_a[0], 6);

    /* LR.W sign-extends; SC.W writes 32 bits only. */
    page_a[1] = (SENTINEL_HI << 32) | 0x80000000ull;
    uint64_t w;
    __asm__ volatile("lr.w %0, (%3)\n\t"
                     "sc.w %1, %2, (%3)"
                     : "=&r"(w), "=&r"(fail)
                     : "r"(0xffffffff12345678ull), "r"(&page_a[1])
                     : "memory");
    check("lr.w.sext", w, 0xffffffff80000000ull);
    check("sc.w.result", fail, 0);
    check("sc.w.memory", page_a[1], (SENTINEL_HI << 32) | 0x12345678ull);

    /* aq/rl variants. */
    page_a[2] = 40;
    __asm__ volatile("lr.d.aq %0, (%2)\n\t"
                     "addi %0, %0, 2\n\t"
                     "sc.d.rl %1, %0, (%2)"
                     : "=&r"(loaded), "=&r"(fail)
                     : "r"(&page_a[2])
                     : "memory");
    check("lr.d.aq+sc.d.rl.result", fail, 0);
    check("lr.d.aq+sc.d.rl.memory", page_a[2], 42);
    page_a[3] = 7;
    __asm__ volatile("lr.w.aqrl %0, (%2)\n\t"
                     "addi %0, %0, 1\n\t"
                     "sc.w.aqrl %1, %0, (%2)"
                     : "=&r"(loaded), "=&r"(fail)
                     : "r"(&page_a[3])
                     : "memory");
    check("lr.w.aqrl+sc.w.aqrl.result", fail, 0);
    check("lr.w.aqrl+sc.w.aqrl.memory", page_a[3], 8);

    /* SC without any reservation fails and does not write. */
    page_a[4] = 111;
    drop_reservation();
    __asm__ volatile("sc.d %0, %1, (%2)" : "=r"(fail) : "r"(222ul), "r"(&page_a[4])
                     : "memory");
    check_true("sc.d.no_reservation.fails", fail != 0);
    check("sc.d.no_reservation.memory", page_a[4], 111);
    page_a[5] = 0x11111111;
    drop_reservation();
    __asm__ volatile("sc.w %0, %1, (%2)" : "=r"(fail) : "r"(0x22ul), "r"(&page_a[5])
                     : "memory");
    check_true("sc.w.no_reservation.fails", fail != 0);
    check("sc.w.no_reservation.memory", page_a[5], 0x11111111);

    /* SC after a successful SC fails: the first one used up the reservation. */
    page_a[6] = 1;
    uint64_t fail2;
    __asm__ volatile("lr.d %0, (%3)\n\t"
                     "sc.d %1, %4, (%3)\n\t"
                     "sc.d %2, %5, (%3)"
                     : "=&r"(loaded), "=&r"(fail), "=&r"(fail2)
                     : "r"(&page_a[6]), "r"(2ul), "r"(3ul)
                     : "memory");
    check("sc.d.first.result", fail, 0);
    check_true("sc.d.second.fails", fail2 != 0);
    check("sc.d.second.memory", page_a[6], 2);

    /* SC to an address outside the reservation fails, and clears the
     * reservation, so a following SC to the reserved address fails too. */
    page_a[7] = 10;
    page_b[7] = 20;
    __asm__ volatile("lr.d %0, (%3)\n\t"
                     "sc.d %1, %5, (%4)\n\t"
                     "sc.d %2, %5, (%3)"
                     : "=&r"(loaded), "=&r"(fail), "=&r"(fail2)
                     : "r"(&page_a[7]), "r"(&page_b[7]), "r"(99ul)
                     : "memory");
    check_true("sc.d.other_address.fails", fail != 0);
    check("sc.d.other_address.memory", page_b[7], 20);
    check_true("sc.d.after_failed_sc.fails", fail2 != 0);
    check("sc.d.after_failed_sc.memory", page_a[7], 10);

    /* A retry loop (the usual atomic-increment idiom) converges. */
    page_a[8] = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t tmp, f;
        __asm__ volatile("1: lr.w %0, (%2)\n\t"
                         "addiw %0, %0, 3\n\t"
                         "sc.w %1, %0, (%2)\n\t"
                         "bnez %1, 1b"
                         : "=&r"(tmp), "=&r"(f)
                         : "r"(&page_a[8])
                         : "memory");
    }
    check("lr.w+sc.w.loop", page_a[8], 300);
}

static void test_amos(void)
{
    char name[40];
    for (unsigned i = 0; i < sizeof amo_cases / sizeof amo_cases[0]; i++) {
        const struct amo_case *c = &amo_cases[i];
        if (c->size == 8) {
            page_a[16] = c->init;
            uint64_t old = c->fn(&page_a[16], c->operand);
            snprintf(name, sizeof name, "%s.old", c->name);
            check(name, old, c->old);
            snprintf(name, sizeof name, "%s.mem", c->name);
            check(name, page_a[16], c->result);
        } else {
            /* low word of a doubleword */
            page_a[16] = (SENTINEL_HI << 32) | c->init;
            uint64_t old = c->fn(&page_a[16], c->operand);
            snprintf(name, sizeof name, "%s.lo.old", c->name);
            check(name, old, c->old);
            snprintf(name, sizeof name, "%s.lo.mem", c->name);
            check(name, page_a[16], (SENTINEL_HI << 32) | c->result);
            /* high word of a doubleword */
            page_a[16] = (c->init << 32) | SENTINEL_LO;
            old = c->fn((volatile char *)&page_a[16] + 4, c->operand);
            snprintf(name, sizeof name, "%s.hi.old", c->name);
            check(name, old, c->old);
            snprintf(name, sizeof name, "%s.hi.mem", c->name);
            check(name, page_a[16], (c->result << 32) | SENTINEL_LO);
        }
    }

    /* rd = x0: the memory operation still happens. */
    page_a[17] = 100;
    __asm__ volatile("amoadd.d zero, %1, (%0)" ::"r"(&page_a[17]), "r"(23ul) : "memory");
    check("amoadd.d.rd_x0", page_a[17], 123);
    /* rd == rs2 */
    uint64_t v = 5;
    page_a[17] = 9;
    __asm__ volatile("amoswap.d %0, %0, (%1)" : "+r"(v) : "r"(&page_a[17]) : "memory");
    check("amoswap.d.rd_eq_rs2.old", v, 9);
    check("amoswap.d.rd_eq_rs2.mem", page_a[17], 5);
    /* ordering bits */
    page_a[17] = 1;
    __asm__ volatile("amoor.d.aqrl %0, %2, (%1)" : "=r"(v) : "r"(&page_a[17]), "r"(6ul)
                     : "memory");
    check("amoor.d.aqrl.old", v, 1);
    check("amoor.d.aqrl.mem", page_a[17], 7);
    page_a[17] = 0xffffffff;
    __asm__ volatile("amoadd.w.aq %0, %2, (%1)" : "=r"(v) : "r"(&page_a[17]), "r"(1ul)
                     : "memory");
    check("amoadd.w.aq.old", v, ~0ull);
    check("amoadd.w.aq.mem", page_a[17], 0);
    page_a[17] = 0x8000000000000000ull;
    __asm__ volatile("amomaxu.d.rl %0, %2, (%1)" : "=r"(v) : "r"(&page_a[17]), "r"(1ul)
                     : "memory");
    check("amomaxu.d.rl.old", v, 0x8000000000000000ull);
    check("amomaxu.d.rl.mem", page_a[17], 0x8000000000000000ull);
}

/* Run one misaligned atomic and check the trap it must raise. */
#define MISALIGNED(label, insn, offset, cause_a, cause_b)                        \
    do {                                                                        \
        page_a[32] = 0x0123456789abcdefull;                                     \
        page_a[33] = 0xfedcba9876543210ull;                                     \
        volatile char *p = (volatile char *)&page_a[32] + (offset);             \
        uint64_t rd = 0x5555;                                                   \
        unsigned long before = trap_count;                                      \
        __asm__ volatile(insn : "+r"(rd) : "r"(p), "r"(1ul), "r"(&page_a[32])   \
                         : "memory");                                    \
        check(label ".trapped", trap_count - before, 1);                        \
        check_either(label ".cause", trap_last.cause, cause_a, cause_b);        \
        check(label ".tval", trap_last.tval, (uint64_t)(uintptr_t)p);           \
        check(label ".rd_unchanged", rd, 0x5555);                               \
        check(label ".memory_unchanged",                                        \
              page_a[32] == 0x0123456789abcdefull &&                            \
                  page_a[33] == 0xfedcba9876543210ull,                          \
              1);                                                               \
    } while (0)

static void test_misaligned(void)
{
    trap_install();
    trap_reset();
    trap_policy = TRAP_SKIP;

    MISALIGNED("misaligned.amoadd.w", "amoadd.w %0, %2, (%1)", 2,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
    MISALIGNED("misaligned.amoswap.w", "amoswap.w %0, %2, (%1)", 1,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
    MISALIGNED("misaligned.amoor.d", "amoor.d %0, %2, (%1)", 4,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
    MISALIGNED("misaligned.amomaxu.d", "amomaxu.d %0, %2, (%1)", 7,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
    MISALIGNED("misaligned.lr.w", "lr.w %0, (%1)", 2, CAUSE_LOAD_MISALIGNED,
               CAUSE_LOAD_ACCESS);
    MISALIGNED("misaligned.lr.d", "lr.d %0, (%1)", 4, CAUSE_LOAD_MISALIGNED,
               CAUSE_LOAD_ACCESS);
    /* SC with a (valid) reservation on the aligned address, then to a
     * misaligned one: the address check comes first, so it must trap. */
    MISALIGNED("misaligned.sc.d", "lr.d zero, (%3)\n\tsc.d %0, %2, (%1)", 4,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
    MISALIGNED("misaligned.sc.w", "lr.w zero, (%3)\n\tsc.w %0, %2, (%1)", 2,
               CAUSE_STORE_MISALIGNED, CAUSE_STORE_ACCESS);
}

int main(long hartid, void *dtb)
{
    check_begin("rv64a");
    test_lrsc();
    test_amos();
    test_misaligned();
    return check_end();
}
