/*
 * mmu: Sv39 and Sv48 address translation, exercised from S- and U-mode with
 * page tables built here in RAM.
 *
 * Sv39 layout (VA -> PA):
 *   0x80000000  1 GiB   identity, RWX        (the test's own code and data)
 *   0xC0000000  1 GiB   alias of 0x80000000, RW
 *   0x40000000  4 KiB pages, one per case (see enum slot below)
 *   0x40200000  2 MiB   -> 0x80200000, RW
 *   0x40400000  2 MiB leaf with a misaligned PPN (must fault)
 *   0x100000000 1 GiB leaf with a misaligned PPN (must fault)
 * Sv48 adds a level above: the same tables hang below it, plus
 *   0x8000000000 (canonical in Sv48, not in Sv39) -> the 4 KiB pages
 *   0x10000000000 512 GiB leaf -> PA 0.
 *
 * Checked: loads/stores/fetches through 4 KiB, 2 MiB, 1 GiB (and 512 GiB)
 * leaves; load/store/instruction page faults (13/15/12) with mtval = VA;
 * A and D set by hardware; SUM and MXR; U-mode running from a U page and
 * faulting on S pages; sfence.vma (global and by address) after a PTE change,
 * by address also for a page of a superpage (the whole superpage's
 * translation goes) and for a code page (the new code runs);
 * non-canonical addresses; misaligned superpages; reserved W-without-R; a
 * page fault delegated to S-mode; MPRV; satp ignoring unsupported modes.
 * Each probe runs through run_in_mode(), a fault aborts it (TRAP_ABORT) and
 * the recorded trap is checked.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)

#define SATP_SV39 (8ul << 60)
#define SATP_SV48 (9ul << 60)

#define PAGE 4096ul
typedef uint64_t table_t[512];

#define TABLE static table_t __attribute__((aligned(PAGE)))
TABLE root39;
TABLE root48;
TABLE l2_48;
TABLE l2b_48;
TABLE l1;
TABLE l0;
static volatile uint8_t pages[13][PAGE] __attribute__((aligned(PAGE)));

enum slot {
    S_RW,       /* RW                          */
    S_RO,       /* R only                      */
    S_USER,     /* U RW                        */
    S_XONLY,    /* X only: MXR, and code       */
    S_AD,       /* RWX with A = D = 0          */
    S_INVALID,  /* V = 0                       */
    S_WNOR,     /* W without R (reserved)      */
    S_NOX,      /* RW alias of S_XONLY's page  */
    S_REMAP,    /* switched between two pages  */
    S_UCODE,    /* U RX: code run in U-mode    */
    S_ACODE,    /* X with A = 0: fetch sets A  */
    S_UDATA,    /* U RW: data for U-mode       */
    S_CREMAP,   /* RX, switched between two code pages */
    NSLOTS
};
enum page_index { P_RW, P_RO, P_USER, P_CODE, P_AD, P_WNOR, P_REMAP_A, P_REMAP_B,
                  P_UCODE, P_ACODE, P_UDATA, P_CREMAP_A, P_CREMAP_B };

#define VA_PAGES   0x40000000ul
#define VA(slot)   (VA_PAGES + (uint64_t)(slot) * PAGE)
#define VA_MEGA    0x40200000ul
#define PA_MEGA    0x80200000ul
#define PA_MEGA2   0x80400000ul /* where the 2 MiB page is moved for the sfence check */
#define MEGA_FLAGS (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define VA_BADMEGA 0x40400000ul
#define VA_ALIAS   0xC0000000ul
#define VA_BADGIGA 0x100000000ul
#define VA_SV48_HI 0x8000000000ul
#define VA_TERA    0x10000000000ul

extern char _end[];

static uint64_t pa(const volatile void *p)
{
    return (uint64_t)(uintptr_t)p;
}

static uint64_t pte(uint64_t phys, uint64_t flags)
{
    return ((phys >> 12) << 10) | flags;
}

static uint64_t leaf_flags[NSLOTS] = {
    [S_RW] = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
    [S_RO] = PTE_V | PTE_R | PTE_A,
    [S_USER] = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D,
    [S_XONLY] = PTE_V | PTE_X | PTE_A,
    [S_AD] = PTE_V | PTE_R | PTE_W | PTE_X,
    [S_INVALID] = 0,
    [S_WNOR] = PTE_V | PTE_W | PTE_A | PTE_D,
    [S_NOX] = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
    [S_REMAP] = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
    [S_UCODE] = PTE_V | PTE_R | PTE_X | PTE_U | PTE_A,
    [S_ACODE] = PTE_V | PTE_X | PTE_R,
    [S_UDATA] = PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D,
    [S_CREMAP] = PTE_V | PTE_R | PTE_X | PTE_A,
};
static const int slot_page[NSLOTS] = {
    [S_RW] = P_RW, [S_RO] = P_RO, [S_USER] = P_USER, [S_XONLY] = P_CODE,
    [S_AD] = P_AD, [S_INVALID] = P_RW, [S_WNOR] = P_WNOR, [S_NOX] = P_CODE,
    [S_REMAP] = P_REMAP_A, [S_UCODE] = P_UCODE, [S_ACODE] = P_ACODE,
    [S_UDATA] = P_UDATA, [S_CREMAP] = P_CREMAP_A,
};

/* Code copied into pages: position independent. */
__asm__(
    "    .text\n"
    "    .option push\n"
    "    .option norvc\n"
    "    .globl code42_start, code42_end\n"
    "code42_start:\n"
    "    li a0, 42\n"
    "    ret\n"
    "code42_end:\n"
    "    .globl ucode_start, ucode_load, ucode_store, ucode_end\n"
    "ucode_start:\n"            /* +0: a0 += 1 */
    "    addi a0, a0, 1\n"
    "    ret\n"
    "ucode_load:\n"             /* +8: a0 = *a0 */
    "    ld a0, 0(a0)\n"
    "    ret\n"
    "ucode_store:\n"            /* +16: *a0 = a0; a0 = 0 */
    "    sd a0, 0(a0)\n"
    "    li a0, 0\n"
    "    ret\n"
    "ucode_end:\n"
    "    .option pop\n");
extern char code42_start[], code42_end[], ucode_start[], ucode_load[], ucode_store[],
    ucode_end[];
#define UCODE_TRAMPOLINE 64 /* offset of the copied mode_return_trampoline */

static void build_tables(void)
{
    memset((void *)root39, 0, sizeof root39);
    memset((void *)root48, 0, sizeof root48);
    memset((void *)l2_48, 0, sizeof l2_48);
    memset((void *)l2b_48, 0, sizeof l2b_48);
    memset((void *)l1, 0, sizeof l1);
    memset((void *)l0, 0, sizeof l0);

    for (int s = 0; s < NSLOTS; s++)
        l0[s] = leaf_flags[s] ? pte(pa(pages[slot_page[s]]), leaf_flags[s]) : 0;

    l1[0] = pte(pa(l0), PTE_V);
    l1[1] = pte(PA_MEGA, MEGA_FLAGS);
    l1[2] = pte(PA_MEGA + PAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); /* misaligned */

    /* Sv39 root */
    root39[1] = pte(pa(l1), PTE_V);
    root39[2] = pte(0x80000000ul, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    root39[3] = pte(0x80000000ul, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    root39[4] = pte(0x80200000ul, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); /* misaligned */

    /* Sv48: root48[0] -> l2_48 (same shape as root39); root48[1] -> l2b_48 */
    memcpy((void *)l2_48, (void *)root39, sizeof root39);
    root48[0] = pte(pa(l2_48), PTE_V);
    l2b_48[0] = pte(pa(l1), PTE_V);
    root48[1] = pte(pa(l2b_48), PTE_V);
    root48[2] = pte(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D); /* 512 GiB at 2^40 */

    /* page contents */
    for (int p = 0; p < 11; p++)
        for (unsigned i = 0; i < PAGE; i += 8)
            *(volatile uint64_t *)&pages[p][i] = 0x1000000000000000ul * (p + 1) + i;
    memcpy((void *)pages[P_CODE], code42_start, code42_end - code42_start);
    memcpy((void *)pages[P_ACODE], code42_start, code42_end - code42_start);
    memcpy((void *)pages[P_UCODE], ucode_start, ucode_end - ucode_start);
    memcpy((void *)&pages[P_UCODE][UCODE_TRAMPOLINE], mode_return_trampoline, 16);
    for (unsigned i = 0; i < 64; i += 8) {
        *(volatile uint64_t *)(PA_MEGA + i) = 0xabcd000000000000ul + i;
        *(volatile uint64_t *)(PA_MEGA + 0x1ff000 + i) = 0xdcba000000000000ul + i;
    }
    *(volatile uint64_t *)(PA_MEGA + 0x1000) = 0x3e6a000000000001ul;
    *(volatile uint64_t *)(PA_MEGA2 + 0x1000) = 0x3e6a000000000002ul;
    /* li a0, 1; ret  and  li a0, 2; ret */
    *(volatile uint32_t *)&pages[P_CREMAP_A][0] = 0x00100513u;
    *(volatile uint32_t *)&pages[P_CREMAP_A][4] = 0x00008067u;
    *(volatile uint32_t *)&pages[P_CREMAP_B][0] = 0x00200513u;
    *(volatile uint32_t *)&pages[P_CREMAP_B][4] = 0x00008067u;
    __asm__ volatile("fence.i" ::: "memory");
}

static uint64_t pattern(int page, unsigned off)
{
    return 0x1000000000000000ul * (page + 1) + off;
}

/* ---- probes (run in S- or U-mode) ------------------------------------------ */
static long probe_load(long va)
{
    return (long)*(volatile uint64_t *)va;
}
static long probe_store(long va)
{
    *(volatile uint64_t *)va = 0x570a5e0000000ul | (va & 0xfff);
    return 0;
}
static long probe_exec(long va)
{
    return ((long (*)(void))va)();
}
static long probe_sfence_all_then_load(long va)
{
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
    return (long)*(volatile uint64_t *)va;
}
static long probe_sfence_va_then_load(long va)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
    return (long)*(volatile uint64_t *)va;
}
/* sfence.vma for the first page of va's 2 MiB page, then a load at va */
static long probe_sfence_mega_base_then_load(long va)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va & ~0x1ffffful) : "memory");
    return (long)*(volatile uint64_t *)va;
}
static long probe_sfence_va_then_exec(long va)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
    return ((long (*)(void))va)();
}

static void sfence_m(void)
{
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static long s_run(long (*fn)(long), long arg)
{
    sfence_m();
    return run_in_mode(PRV_S, fn, arg);
}

/* Expect fn(va) in S-mode to fault with cause; check mtval = va. */
static void expect_fault(const char *label, long (*fn)(long), uint64_t va, uint64_t cause)
{
    char name[64];
    trap_reset();
    trap_policy = TRAP_ABORT;
    long r = s_run(fn, (long)va);
    snprintf(name, sizeof name, "%s.aborted", label);
    check(name, r, TRAP_ABORTED);
    snprintf(name, sizeof name, "%s.cause", label);
    check(name, trap_last.cause, cause);
    snprintf(name, sizeof name, "%s.tval", label);
    check(name, trap_last.tval, va);
    snprintf(name, sizeof name, "%s.from_S", label);
    check(name, trap_last.prev_mode, PRV_S);
}

static void expect_value(const char *label, long (*fn)(long), uint64_t va, uint64_t want)
{
    trap_reset();
    trap_policy = TRAP_ABORT;
    long r = s_run(fn, (long)va);
    check(label, r, want);
    if (trap_count) {
        char name[64];
        snprintf(name, sizeof name, "%s.unexpected_trap_cause", label);
        check(name, trap_last.cause, ~0ull);
    }
}

static void common_checks(const char *mode)
{
    char n[64];
#define NAME(s) (snprintf(n, sizeof n, "%s.%s", mode, s), n)

    /* 4 KiB pages */
    expect_value(NAME("4k.load"), probe_load, VA(S_RW) + 8, pattern(P_RW, 8));
    expect_value(NAME("4k.store"), probe_store, VA(S_RW) + 16, 0);
    check(NAME("4k.store.memory"), *(volatile uint64_t *)&pages[P_RW][16],
          0x570a5e0000000ul | 16);
    expect_value(NAME("4k.ro.load"), probe_load, VA(S_RO), pattern(P_RO, 0));
    expect_fault(NAME("4k.ro.store"), probe_store, VA(S_RO) + 24, CAUSE_STORE_PAGE);
    check(NAME("4k.ro.store.memory_unchanged"), *(volatile uint64_t *)&pages[P_RO][24],
          pattern(P_RO, 24));
    expect_fault(NAME("4k.invalid.load"), probe_load, VA(S_INVALID) + 0x10,
                 CAUSE_LOAD_PAGE);
    expect_fault(NAME("4k.invalid.store"), probe_store, VA(S_INVALID) + 0x18,
                 CAUSE_STORE_PAGE);
    expect_fault(NAME("4k.invalid.exec"), probe_exec, VA(S_INVALID), CAUSE_FETCH_PAGE);
    expect_fault(NAME("4k.w_without_r.load"), probe_load, VA(S_WNOR), CAUSE_LOAD_PAGE);
    expect_fault(NAME("4k.w_without_r.store"), probe_store, VA(S_WNOR), CAUSE_STORE_PAGE);
    expect_value(NAME("4k.exec"), probe_exec, VA(S_XONLY), 42);
    expect_fault(NAME("4k.noexec"), probe_exec, VA(S_NOX), CAUSE_FETCH_PAGE);
    expect_fault(NAME("4k.unmapped_next_page"), probe_load, VA(NSLOTS) + 8, CAUSE_LOAD_PAGE);

    /* MXR: load from an execute-only page */
    expect_fault(NAME("mxr0.load_xonly"), probe_load, VA(S_XONLY), CAUSE_LOAD_PAGE);
    csr_set(mstatus, MSTATUS_MXR);
    expect_value(NAME("mxr1.load_xonly"), probe_load, VA(S_XONLY),
                 *(volatile uint64_t *)pages[P_CODE]);
    csr_clear(mstatus, MSTATUS_MXR);

    /* SUM: S access to a U page */
    expect_fault(NAME("sum0.load_user"), probe_load, VA(S_USER), CAUSE_LOAD_PAGE);
    expect_fault(NAME("sum0.store_user"), probe_store, VA(S_USER), CAUSE_STORE_PAGE);
    csr_set(mstatus, MSTATUS_SUM);
    expect_value(NAME("sum1.load_user"), probe_load, VA(S_USER) + 32, pattern(P_USER, 32));
    expect_value(NAME("sum1.store_user"), probe_store, VA(S_USER) + 40, 0);
    expect_fault(NAME("sum1.exec_user"), probe_exec, VA(S_UCODE), CAUSE_FETCH_PAGE);
    csr_clear(mstatus, MSTATUS_SUM);

    /* 2 MiB page, and a misaligned one */
    expect_value(NAME("2m.load"), probe_load, VA_MEGA + 8, 0xabcd000000000008ul);
    expect_value(NAME("2m.load_end"), probe_load, VA_MEGA + 0x1ff000 + 16,
                 0xdcba000000000010ul);
    expect_fault(NAME("2m.misaligned"), probe_load, VA_BADMEGA + 8, CAUSE_LOAD_PAGE);

    /* 1 GiB pages: the identity mapping we run on, an alias, a misaligned one */
    static volatile uint64_t giga_probe = 0x6161616161616161ul;
    expect_value(NAME("1g.identity"), probe_load, pa(&giga_probe), 0x6161616161616161ul);
    expect_value(NAME("1g.alias"), probe_load, pa(&giga_probe) - 0x80000000ul + VA_ALIAS,
                 0x6161616161616161ul);
    expect_fault(NAME("1g.alias_noexec"), probe_exec,
                 pa(code42_start) - 0x80000000ul + VA_ALIAS, CAUSE_FETCH_PAGE);
    expect_fault(NAME("1g.misaligned"), probe_load, VA_BADGIGA + 0x40, CAUSE_LOAD_PAGE);

    /* A and D bits */
    l0[S_AD] = pte(pa(pages[P_AD]), leaf_flags[S_AD]);
    l0[S_ACODE] = pte(pa(pages[P_ACODE]), leaf_flags[S_ACODE]);
    expect_value(NAME("ad.load"), probe_load, VA(S_AD), pattern(P_AD, 0));
    check(NAME("ad.after_load.A"), (l0[S_AD] & PTE_A) != 0, 1);
    check(NAME("ad.after_load.D"), (l0[S_AD] & PTE_D) != 0, 0);
    expect_value(NAME("ad.store"), probe_store, VA(S_AD) + 8, 0);
    check(NAME("ad.after_store.D"), (l0[S_AD] & PTE_D) != 0, 1);
    check(NAME("ad.after_store.other_bits"), l0[S_AD] & ~(PTE_A | PTE_D),
          pte(pa(pages[P_AD]), leaf_flags[S_AD]));
    expect_value(NAME("ad.exec"), probe_exec, VA(S_ACODE), 42);
    check(NAME("ad.after_exec.A"), (l0[S_ACODE] & PTE_A) != 0, 1);
    check(NAME("ad.after_exec.D"), (l0[S_ACODE] & PTE_D) != 0, 0);

    /* sfence.vma after changing a PTE */
    l0[S_REMAP] = pte(pa(pages[P_REMAP_A]), leaf_flags[S_REMAP]);
    expect_value(NAME("sfence.before"), probe_load, VA(S_REMAP), pattern(P_REMAP_A, 0));
    l0[S_REMAP] = pte(pa(pages[P_REMAP_B]), leaf_flags[S_REMAP]);
    trap_reset();
    trap_policy = TRAP_ABORT;
    check(NAME("sfence.all"), run_in_mode(PRV_S, probe_sfence_all_then_load, VA(S_REMAP)),
          pattern(P_REMAP_B, 0));
    l0[S_REMAP] = pte(pa(pages[P_REMAP_A]), leaf_flags[S_REMAP]);
    check(NAME("sfence.by_address"),
          run_in_mode(PRV_S, probe_sfence_va_then_load, VA(S_REMAP) + 8),
          pattern(P_REMAP_A, 8));
    l0[S_REMAP] = 0;
    check(NAME("sfence.unmapped"),
          run_in_mode(PRV_S, probe_sfence_va_then_load, VA(S_REMAP)), TRAP_ABORTED);
    check(NAME("sfence.unmapped.cause"), trap_last.cause, CAUSE_LOAD_PAGE);
    l0[S_REMAP] = pte(pa(pages[P_REMAP_A]), leaf_flags[S_REMAP]);
    /* by the address of another page of a 2 MiB page: the TLBs keep 4 KiB pieces of it */
    expect_value(NAME("sfence.mega.before"), probe_load, VA_MEGA + 0x1000, 0x3e6a000000000001ul);
    l1[1] = pte(PA_MEGA2, MEGA_FLAGS);
    trap_reset();
    trap_policy = TRAP_ABORT;
    check(NAME("sfence.mega.by_other_page"),
          run_in_mode(PRV_S, probe_sfence_mega_base_then_load, VA_MEGA + 0x1000),
          0x3e6a000000000002ul);
    l1[1] = pte(PA_MEGA, MEGA_FLAGS);
    /* a code page mapped to other code: the new code runs */
    l0[S_CREMAP] = pte(pa(pages[P_CREMAP_A]), leaf_flags[S_CREMAP]);
    expect_value(NAME("sfence.code.before"), probe_exec, VA(S_CREMAP), 1);
    l0[S_CREMAP] = pte(pa(pages[P_CREMAP_B]), leaf_flags[S_CREMAP]);
    trap_reset();
    trap_policy = TRAP_ABORT;
    check(NAME("sfence.code.by_address"),
          run_in_mode(PRV_S, probe_sfence_va_then_exec, VA(S_CREMAP)), 2);
    l0[S_CREMAP] = pte(pa(pages[P_CREMAP_A]), leaf_flags[S_CREMAP]);

    /* U-mode: runs from a U page, may use U data, faults on S pages */
    uint64_t ucode = VA(S_UCODE);
    void *utramp = (void *)(uintptr_t)(ucode + UCODE_TRAMPOLINE);
    long (*u_inc)(long) = (long (*)(long))(uintptr_t)ucode;
    long (*u_load)(long) = (long (*)(long))(uintptr_t)(ucode + (ucode_load - ucode_start));
    long (*u_store)(long) =
        (long (*)(long))(uintptr_t)(ucode + (ucode_store - ucode_start));
    trap_reset();
    trap_policy = TRAP_ABORT;
    sfence_m();
    check(NAME("user.exec"), run_in_mode_ex(PRV_U, u_inc, 41, 0, utramp), 42);
    check(NAME("user.load_user"), run_in_mode_ex(PRV_U, u_load, VA(S_UDATA) + 8, 0, utramp),
          pattern(P_UDATA, 8));
    check(NAME("user.store_user"),
          run_in_mode_ex(PRV_U, u_store, VA(S_UDATA) + 16, 0, utramp), 0);
    check(NAME("user.store_user.memory"), *(volatile uint64_t *)&pages[P_UDATA][16],
          VA(S_UDATA) + 16);
    check(NAME("user.no_trap"), trap_count, 0);
    check(NAME("user.load_super"), run_in_mode_ex(PRV_U, u_load, VA(S_RW), 0, utramp),
          TRAP_ABORTED);
    check(NAME("user.load_super.cause"), trap_last.cause, CAUSE_LOAD_PAGE);
    check(NAME("user.load_super.tval"), trap_last.tval, VA(S_RW));
    check(NAME("user.load_super.from_U"), trap_last.prev_mode, PRV_U);
    csr_set(mstatus, MSTATUS_SUM); /* SUM does not affect U-mode */
    check(NAME("user.store_super_sum"),
          run_in_mode_ex(PRV_U, u_store, VA(S_RW) + 8, 0, utramp), TRAP_ABORTED);
    check(NAME("user.store_super_sum.cause"), trap_last.cause, CAUSE_STORE_PAGE);
    csr_clear(mstatus, MSTATUS_SUM);
    check(NAME("user.exec_super"),
          run_in_mode_ex(PRV_U, (long (*)(long))(uintptr_t)VA(S_XONLY), 0, 0, utramp),
          TRAP_ABORTED);
    check(NAME("user.exec_super.cause"), trap_last.cause, CAUSE_FETCH_PAGE);
    check(NAME("user.exec_super.tval"), trap_last.tval, VA(S_XONLY));

    /* MPRV: M-mode loads translated as S */
    uint64_t v, st = csr_read(mstatus);
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, (uint64_t)PRV_S << 11);
    __asm__ volatile("li t0, 1 << 17\n\t"
                     "csrs mstatus, t0\n\t"
                     "ld %0, 0(%1)\n\t"
                     "csrc mstatus, t0"
                     : "=&r"(v)
                     : "r"(VA(S_RW) + 0x100)
                     : "t0", "memory");
    csr_write(mstatus, st);
    check(NAME("mprv.load"), v, pattern(P_RW, 0x100));
#undef NAME
}

static void test_sv39(void)
{
    build_tables();
    csr_write(satp, SATP_SV39 | (pa(root39) >> 12));
    check("sv39.satp_readback", csr_read(satp), SATP_SV39 | (pa(root39) >> 12));
    /* satp ignores writes with an unsupported mode */
    csr_write(satp, (5ul << 60) | 0x1234);
    check("sv39.satp_bad_mode_ignored", csr_read(satp), SATP_SV39 | (pa(root39) >> 12));

    common_checks("sv39");

    /* bits 63:39 must equal bit 38 */
    expect_fault("sv39.noncanonical.load", probe_load, 0x0000004000000000ul,
                 CAUSE_LOAD_PAGE);
    expect_fault("sv39.noncanonical.store", probe_store, 0x8000000080001000ul,
                 CAUSE_STORE_PAGE);
    expect_fault("sv39.noncanonical.sv48_address", probe_load, VA_SV48_HI,
                 CAUSE_LOAD_PAGE);

    /* a page fault delegated to S-mode */
    csr_write(medeleg, 1ul << CAUSE_LOAD_PAGE);
    trap_reset();
    trap_policy = TRAP_ABORT;
    long r = s_run(probe_load, VA(S_INVALID) + 0x28);
    check("sv39.delegated.returned", r, VA(S_INVALID) + 0x28); /* skipped load */
    check("sv39.delegated.scause", strap_last.cause, CAUSE_LOAD_PAGE);
    check("sv39.delegated.stval", strap_last.tval, VA(S_INVALID) + 0x28);
    check("sv39.delegated.m_traps", trap_count, 0);
    csr_write(medeleg, 0);

    csr_write(satp, 0);
    sfence_m();
}

static void test_sv48(void)
{
    build_tables();
    csr_write(satp, SATP_SV48 | (pa(root48) >> 12));
    uint64_t got = csr_read(satp);
    if (!check("sv48.satp_readback", got, SATP_SV48 | (pa(root48) >> 12)))
        return;

    common_checks("sv48");

    expect_value("sv48.high_canonical", probe_load, VA_SV48_HI + 8, pattern(P_RW, 8));
    static volatile uint64_t tera_probe = 0x7272727272727272ul;
    expect_value("sv48.512g", probe_load, VA_TERA + pa(&tera_probe), 0x7272727272727272ul);
    expect_fault("sv48.noncanonical.load", probe_load, 0x0000800000000000ul,
                 CAUSE_LOAD_PAGE);
    expect_fault("sv48.noncanonical.exec", probe_exec, 0x0001000080000000ul,
                 CAUSE_FETCH_PAGE);

    csr_write(satp, 0);
    sfence_m();
}

int main(long hartid, void *dtb)
{
    check_begin("mmu");
    check_true("image_below_megapage", (uintptr_t)_end <= PA_MEGA);
    trap_install();
    trap_install_s();
    pmp_allow_all();
    trap_reset();
    test_sv39();
    test_sv48();
    trap_reset();
    return check_end();
}
