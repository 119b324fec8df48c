/*
 * pmp: physical memory protection (16 entries; entry 15 is the catch-all
 * "allow everything" that pmp_allow_all() installs for S/U-mode code).
 *
 *  - TOR (with an OFF entry supplying the bottom), NA4, NAPOT (8 bytes and
 *    4 KiB) regions restricting S- and U-mode loads, stores and fetches:
 *    access faults 5/7/1 with mtval = the address.
 *  - Priority: the lowest-numbered matching entry decides; an access that
 *    only partly overlaps an entry fails even if the entry would allow it.
 *  - With entries present but none matching, S-mode accesses fail.
 *  - M-mode ignores unlocked entries, obeys locked ones (loads, stores and
 *    fetches); locked entries cannot be rewritten.  Only small dedicated
 *    regions are locked, so the test cannot lock itself out.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_OFF   0x00
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80

#define PAGE 4096ul

static volatile uint8_t region[4][PAGE] __attribute__((aligned(PAGE)));
static volatile uint8_t locked_data[PAGE] __attribute__((aligned(PAGE)));
static volatile uint8_t locked_code[PAGE] __attribute__((aligned(PAGE)));

#define ADDR(p) ((uint64_t)(uintptr_t)(p))

static void write_pmpaddr(int i, uint64_t v)
{
    switch (i) {
#define CASE(n) case n: csr_write(pmpaddr##n, v); break;
        CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7)
        CASE(8) CASE(9) CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15)
#undef CASE
    }
}

static uint64_t read_pmpaddr(int i)
{
    switch (i) {
#define CASE(n) case n: return csr_read(pmpaddr##n);
        CASE(0) CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7)
        CASE(8) CASE(9) CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15)
#undef CASE
    }
    return 0;
}

static uint8_t read_pmpcfg(int i)
{
    uint64_t v = i < 8 ? csr_read(pmpcfg0) : csr_read(pmpcfg2);
    return (uint8_t)(v >> (8 * (i & 7)));
}

static void write_pmpcfg(int i, uint8_t cfg)
{
    uint64_t shift = 8 * (i & 7);
    uint64_t mask = 0xfful << shift;
    if (i < 8) {
        uint64_t v = csr_read(pmpcfg0);
        csr_write(pmpcfg0, (v & ~mask) | ((uint64_t)cfg << shift));
    } else {
        uint64_t v = csr_read(pmpcfg2);
        csr_write(pmpcfg2, (v & ~mask) | ((uint64_t)cfg << shift));
    }
}

static void pmp_set(int i, uint64_t addr_field, uint8_t cfg)
{
    write_pmpaddr(i, addr_field);
    write_pmpcfg(i, cfg);
    __asm__ volatile("sfence.vma" ::: "memory");
}

static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

/* ---- probes ----------------------------------------------------------------- */
static long probe_load(long a)
{
    return (long)*(volatile uint32_t *)a;
}
static long probe_load64(long a)
{
    return (long)*(volatile uint64_t *)a;
}
static long probe_store(long a)
{
    *(volatile uint32_t *)a = 0x57000000u | (a & 0xfff);
    return 0;
}
static long probe_exec(long a)
{
    return ((long (*)(void))a)();
}

__asm__(
    "    .text\n"
    "    .option push\n"
    "    .option norvc\n"
    "    .globl code42_start, code42_end\n"
    "code42_start:\n"
    "    li a0, 42\n"
    "    ret\n"
    "code42_end:\n"
    "    .option pop\n");
extern char code42_start[], code42_end[];

static void put_code(volatile uint8_t *where)
{
    memcpy((void *)where, code42_start, code42_end - code42_start);
    __asm__ volatile("fence.i" ::: "memory");
}

static void expect_ok(const char *label, int mode, long (*fn)(long), uint64_t a, uint64_t want)
{
    trap_reset();
    trap_policy = TRAP_ABORT;
    long r = run_in_mode(mode, fn, (long)a);
    check(label, r, want);
    if (trap_count) {
        char name[64];
        snprintf(name, sizeof name, "%s.unexpected_trap_cause", label);
        check(name, trap_last.cause, ~0ull);
    }
}

static void expect_fault(const char *label, int mode, long (*fn)(long), uint64_t a,
                         uint64_t cause)
{
    char name[64];
    trap_reset();
    trap_policy = TRAP_ABORT;
    long r = run_in_mode(mode, fn, (long)a);
    snprintf(name, sizeof name, "%s.aborted", label);
    check(name, r, TRAP_ABORTED);
    snprintf(name, sizeof name, "%s.cause", label);
    check(name, trap_last.cause, cause);
    snprintf(name, sizeof name, "%s.tval", label);
    check(name, trap_last.tval, a);
}

static uint64_t pattern(int r, unsigned off)
{
    return 0x10000000u * (r + 1) + off;
}

static void fill(void)
{
    for (int r = 0; r < 4; r++)
        for (unsigned off = 0; off < PAGE; off += 4)
            *(volatile uint32_t *)&region[r][off] = (uint32_t)pattern(r, off);
}

static void test_tor(void)
{
    uint64_t base = ADDR(region[0]);
    pmp_set(0, base >> 2, PMP_OFF);
    pmp_set(1, (base + PAGE) >> 2, PMP_TOR | PMP_R);
    check("tor.cfg_readback", read_pmpcfg(1), PMP_TOR | PMP_R);
    check("tor.addr_readback", read_pmpaddr(1), (base + PAGE) >> 2);

    expect_ok("tor.S.load", PRV_S, probe_load, base + 0x10, pattern(0, 0x10));
    expect_ok("tor.S.load_last_word", PRV_S, probe_load, base + PAGE - 4,
              pattern(0, PAGE - 4));
    expect_fault("tor.S.store", PRV_S, probe_store, base + 0x20, CAUSE_STORE_ACCESS);
    expect_fault("tor.S.store_last_byte", PRV_S, probe_store, base + PAGE - 4,
                 CAUSE_STORE_ACCESS);
    check("tor.S.store.memory_unchanged", *(volatile uint32_t *)&region[0][0x20],
          pattern(0, 0x20));
    put_code(&region[0][0x100]); /* M-mode writes ignore the unlocked entry */
    expect_fault("tor.S.exec", PRV_S, probe_exec, base + 0x100, CAUSE_FETCH_ACCESS);
    check("tor.S.exec.epc", trap_last.epc, base + 0x100);
    expect_fault("tor.U.store", PRV_U, probe_store, base + 0x24, CAUSE_STORE_ACCESS);
    expect_ok("tor.U.load", PRV_U, probe_load, base + 0x24, pattern(0, 0x24));
    /* just outside: the catch-all entry allows it */
    expect_ok("tor.S.store_above", PRV_S, probe_store, base + PAGE, 0);
    expect_ok("tor.S.store_below", PRV_S, probe_store, base - 4, 0);
    /* M-mode ignores the unlocked entry */
    *(volatile uint32_t *)&region[0][0x28] = 0xabcd;
    check("tor.M.store", *(volatile uint32_t *)&region[0][0x28], 0xabcd);
    check("tor.M.exec", probe_exec(base + 0x100), 42);

    pmp_set(1, 0, PMP_OFF);
    pmp_set(0, 0, PMP_OFF);
    expect_ok("tor.off.S.store", PRV_S, probe_store, base + 0x20, 0);
}

static void test_na4_napot(void)
{
    fill();
    uint64_t r1 = ADDR(region[1]), r2 = ADDR(region[2]), r3 = ADDR(region[3]);

    /* NA4: one word, no permissions */
    pmp_set(2, (r1 + 8) >> 2, PMP_NA4);
    expect_fault("na4.S.load", PRV_S, probe_load, r1 + 8, CAUSE_LOAD_ACCESS);
    expect_fault("na4.S.store", PRV_S, probe_store, r1 + 8, CAUSE_STORE_ACCESS);
    expect_ok("na4.S.load_before", PRV_S, probe_load, r1 + 4, pattern(1, 4));
    expect_ok("na4.S.load_after", PRV_S, probe_load, r1 + 12, pattern(1, 12));
    check("na4.M.load", *(volatile uint32_t *)&region[1][8], pattern(1, 8));

    /* partial overlap fails even with permission: NA4 R, 8-byte load */
    pmp_set(2, (r1 + 8) >> 2, PMP_NA4 | PMP_R);
    expect_ok("na4r.S.load32", PRV_S, probe_load, r1 + 8, pattern(1, 8));
    expect_fault("na4r.S.load64_partial", PRV_S, probe_load64, r1 + 8, CAUSE_LOAD_ACCESS);
    expect_fault("na4r.S.load64_partial_low", PRV_S, probe_load64, r1 + 4,
                 CAUSE_LOAD_ACCESS);
    pmp_set(2, 0, PMP_OFF);

    /* NAPOT 4 KiB, execute only */
    put_code(&region[2][0x40]);
    pmp_set(3, napot(r2, PAGE), PMP_NAPOT | PMP_X);
    check("napot.addr_readback", read_pmpaddr(3), napot(r2, PAGE));
    expect_ok("napot.S.exec", PRV_S, probe_exec, r2 + 0x40, 42);
    expect_ok("napot.U.exec", PRV_U, probe_exec, r2 + 0x40, 42);
    expect_fault("napot.S.load", PRV_S, probe_load, r2 + 0x80, CAUSE_LOAD_ACCESS);
    expect_fault("napot.U.store", PRV_U, probe_store, r2 + 0xffc, CAUSE_STORE_ACCESS);
    check("napot.M.load", *(volatile uint32_t *)&region[2][0x80], pattern(2, 0x80));
    pmp_set(3, 0, PMP_OFF);

    /* priority: NAPOT-8 (entry 4, nothing) beats NAPOT-4K (entry 5, RW) */
    pmp_set(4, napot(r3 + 16, 8), PMP_NAPOT);
    pmp_set(5, napot(r3, PAGE), PMP_NAPOT | PMP_R | PMP_W);
    expect_fault("prio.S.load_hit", PRV_S, probe_load, r3 + 20, CAUSE_LOAD_ACCESS);
    expect_ok("prio.S.load_next", PRV_S, probe_load, r3 + 24, pattern(3, 24));
    expect_ok("prio.S.load_prev", PRV_S, probe_load, r3 + 12, pattern(3, 12));
    expect_fault("prio.S.exec_rw_page", PRV_S, probe_exec, r3 + 0x200, CAUSE_FETCH_ACCESS);
    /* swap priorities: entry 4 allows everything on the page now */
    pmp_set(4, napot(r3, PAGE), PMP_NAPOT | PMP_R | PMP_W);
    pmp_set(5, napot(r3 + 16, 8), PMP_NAPOT);
    expect_ok("prio.swapped.S.load", PRV_S, probe_load, r3 + 20, pattern(3, 20));
    pmp_set(4, 0, PMP_OFF);
    pmp_set(5, 0, PMP_OFF);
}

static void test_no_match(void)
{
    /* Only entry 14 (first 4 MiB of RAM, RWX): anything else fails for S. */
    extern char _end[];
    check_true("image_in_first_4m", ADDR(_end) <= 0x80400000ul);
    pmp_set(14, napot(0x80000000ul, 0x400000ul), PMP_NAPOT | PMP_R | PMP_W | PMP_X);
    pmp_set(15, 0, PMP_OFF);
    expect_ok("nomatch.S.load_inside", PRV_S, probe_load, ADDR(region[1]) + 0x30,
              pattern(1, 0x30));
    expect_fault("nomatch.S.load_outside", PRV_S, probe_load, 0x80400000ul + 0x40,
                 CAUSE_LOAD_ACCESS);
    expect_fault("nomatch.S.store_outside", PRV_S, probe_store, 0x80800000ul,
                 CAUSE_STORE_ACCESS);
    *(volatile uint32_t *)0x80400040ul = 0x1234;
    check("nomatch.M.unaffected", *(volatile uint32_t *)0x80400040ul, 0x1234);
    pmp_allow_all();
    pmp_set(14, 0, PMP_OFF);
    expect_ok("nomatch.restored", PRV_S, probe_load, 0x80400040ul, 0x1234);
}

static void test_locked(void)
{
    uint64_t d = ADDR(locked_data), c = ADDR(locked_code);
    for (unsigned i = 0; i < 64; i += 4)
        *(volatile uint32_t *)&locked_data[i] = 0x4c000000u + i;
    put_code(&locked_code[0]);
    check("locked.M.exec_before", probe_exec(c), 42);

    trap_reset();
    trap_policy = TRAP_SKIP;

    /* entry 6: NA4 locked, no permissions */
    pmp_set(6, (d + 32) >> 2, PMP_NA4 | PMP_L);
    check("locked.cfg_readback", read_pmpcfg(6), PMP_NA4 | PMP_L);
    uint32_t v = 0x77;
    unsigned long before = trap_count;
    __asm__ volatile("lw %0, 0(%1)" : "+r"(v) : "r"(d + 32) : "memory");
    check("locked.M.load.trapped", trap_count - before, 1);
    check("locked.M.load.cause", trap_last.cause, CAUSE_LOAD_ACCESS);
    check("locked.M.load.tval", trap_last.tval, d + 32);
    check("locked.M.load.from_M", trap_last.prev_mode, PRV_M);
    check("locked.M.load.rd_unchanged", v, 0x77);
    before = trap_count;
    __asm__ volatile("sw %0, 0(%1)" ::"r"(0ul), "r"(d + 32) : "memory");
    check("locked.M.store.trapped", trap_count - before, 1);
    check("locked.M.store.cause", trap_last.cause, CAUSE_STORE_ACCESS);
    check("locked.M.neighbour_ok", *(volatile uint32_t *)&locked_data[36], 0x4c000024u);

    /* entry 7: NA4 locked, read only */
    pmp_set(7, (d + 40) >> 2, PMP_NA4 | PMP_L | PMP_R);
    check("locked_r.M.load", *(volatile uint32_t *)&locked_data[40], 0x4c000028u);
    before = trap_count;
    __asm__ volatile("sw %0, 0(%1)" ::"r"(0ul), "r"(d + 40) : "memory");
    check("locked_r.M.store.trapped", trap_count - before, 1);
    check("locked_r.M.store.cause", trap_last.cause, CAUSE_STORE_ACCESS);
    check("locked_r.M.store.memory_unchanged", *(volatile uint32_t *)&locked_data[40],
          0x4c000028u);

    /* locked entries cannot be changed */
    write_pmpaddr(6, 0);
    write_pmpcfg(6, PMP_NA4 | PMP_R | PMP_W | PMP_X);
    check("locked.addr_unchanged", read_pmpaddr(6), (d + 32) >> 2);
    check("locked.cfg_unchanged", read_pmpcfg(6), PMP_NA4 | PMP_L);

    /* locked entries also apply to S-mode */
    expect_fault("locked.S.load", PRV_S, probe_load, d + 32, CAUSE_LOAD_ACCESS);

    /* entry 8: a locked 4 KiB NAPOT code page without X: M fetch fault */
    pmp_set(8, napot(c, PAGE), PMP_NAPOT | PMP_L | PMP_R | PMP_W);
    trap_reset();
    trap_policy = TRAP_SKIP; /* a fetch fault resumes at ra: the call returns */
    long r = probe_exec(c);
    (void)r;
    check("locked_nox.M.exec.trapped", trap_count, 1);
    check("locked_nox.M.exec.cause", trap_last.cause, CAUSE_FETCH_ACCESS);
    check("locked_nox.M.exec.epc", trap_last.epc, c);
    check("locked_nox.M.exec.tval", trap_last.tval, c);
    check("locked_nox.M.load_ok", *(volatile uint32_t *)locked_code,
          *(volatile uint32_t *)code42_start);
}

int main(long hartid, void *dtb)
{
    check_begin("pmp");
    trap_install();
    pmp_allow_all();
    for (int i = 0; i < 15; i++)
        pmp_set(i, 0, PMP_OFF);
    trap_reset();
    fill();

    test_tor();
    test_na4_napot();
    test_no_match();
    test_locked();
    trap_reset();
    return check_end();
}
