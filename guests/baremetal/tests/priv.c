/*
 * priv: traps, privilege modes and interrupts (machine and supervisor).
 *
 *  - ecall from M, S and U (mcause 11, 9, 8; mepc = the ecall; MPP = the
 *    mode it came from), ebreak (3), illegal instruction with mtval = the
 *    instruction, mret into M/S/U (MPP, MPIE -> MIE), mepc alignment.
 *  - medeleg: delegated ecall/illegal/ebreak go to stvec with scause, sepc,
 *    stval, sstatus.SPP; sret returns; M-mode traps are never delegated.
 *  - sstatus is a view of mstatus (and cannot reach M-only fields); sie is a
 *    view of mie for delegated interrupts; SXL/UXL say 64 bit.
 *  - M-mode timer interrupt through CLINT mtimecmp, software interrupt through
 *    msip, mip reflecting both, wfi waking for a pending interrupt even with
 *    mstatus.MIE = 0, wfi with the interrupt enabled.
 *  - Supervisor interrupts: STIP set by M-mode in mip and delegated through
 *    mideleg; the same STIP not delegated (taken in M from S-mode); SSIP
 *    raised by S-mode itself.
 *  - M-only CSRs and instructions from S/U, TVM/TSR/TW, mcounteren and
 *    scounteren gating of cycle/time/instret.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

/* Fixed-address instructions, so that epc/tval can be checked exactly. */
__asm__(
    "    .text\n"
    "    .option push\n"
    "    .option norvc\n"
    "    .globl ecall_fn, ecall_site\n"
    "ecall_fn:\n"
    "    li a7, 0\n"
    "ecall_site:\n"
    "    ecall\n"
    "    li a0, 1\n"
    "    ret\n"
    "    .globl ebreak_fn, ebreak_site\n"
    "ebreak_fn:\n"
    "ebreak_site:\n"
    "    ebreak\n"
    "    li a0, 2\n"
    "    ret\n"
    "    .globl illegal_fn, illegal_site\n"
    "illegal_fn:\n"
    "illegal_site:\n"
    "    .word 0xfe0000b3\n" /* OP with funct7 = 0x7f: not an instruction */
    "    li a0, 3\n"
    "    ret\n"
    "    .globl read_mstatus_fn, read_mstatus_site\n"
    "read_mstatus_fn:\n"
    "    li a0, 0\n"
    "read_mstatus_site:\n"
    "    csrr a0, mstatus\n"
    "    ret\n"
    "    .globl read_sstatus_fn, read_sstatus_site\n"
    "read_sstatus_fn:\n"
    "    li a0, 0\n"
    "read_sstatus_site:\n"
    "    csrr a0, sstatus\n"
    "    ret\n"
    "    .globl mret_fn, sret_fn, wfi_fn, satp_fn, sfence_fn\n"
    "mret_fn:\n"
    "    mret\n"
    "    li a0, 4\n"
    "    ret\n"
    "sret_fn:\n"
    "    sret\n"
    "    li a0, 5\n"
    "    ret\n"
    "wfi_fn:\n"
    "    wfi\n"
    "    li a0, 6\n"
    "    ret\n"
    "satp_fn:\n"
    "    csrr a0, satp\n"
    "    ret\n"
    "sfence_fn:\n"
    "    sfence.vma\n"
    "    li a0, 7\n"
    "    ret\n"
    "    .globl rdcycle_fn, rdtime_fn, rdinstret_fn\n"
    "rdcycle_fn:\n"
    "    rdcycle a0\n"
    "    ret\n"
    "rdtime_fn:\n"
    "    rdtime a0\n"
    "    ret\n"
    "rdinstret_fn:\n"
    "    rdinstret a0\n"
    "    ret\n"
    "    .option pop\n");

extern char ecall_site[], ebreak_site[], illegal_site[], read_mstatus_site[],
    read_sstatus_site[];
long ecall_fn(long), ebreak_fn(long), illegal_fn(long), read_mstatus_fn(long),
    read_sstatus_fn(long), mret_fn(long), sret_fn(long), wfi_fn(long), satp_fn(long),
    sfence_fn(long), rdcycle_fn(long), rdtime_fn(long), rdinstret_fn(long);

#define ADDR(x) ((uint64_t)(uintptr_t)(x))

static const char *mode_name[4] = {"U", "S", "?", "M"};

/* ---- synchronous exceptions -------------------------------------------- */

static void test_ecall(void)
{
    static const uint64_t cause[4] = {CAUSE_ECALL_U, CAUSE_ECALL_S, 0, CAUSE_ECALL_M};
    char name[48];
    for (int mode = 3; mode >= 0; mode--) {
        if (mode == 2)
            continue;
        trap_reset();
        long r = mode == PRV_M ? ecall_fn(0) : run_in_mode(mode, ecall_fn, 0);
        snprintf(name, sizeof name, "ecall.%s.returned", mode_name[mode]);
        check(name, r, 1);
        snprintf(name, sizeof name, "ecall.%s.count", mode_name[mode]);
        check(name, trap_count, 1);
        snprintf(name, sizeof name, "ecall.%s.mcause", mode_name[mode]);
        check(name, trap_last.cause, cause[mode]);
        snprintf(name, sizeof name, "ecall.%s.mepc", mode_name[mode]);
        check(name, trap_last.epc, ADDR(ecall_site));
        snprintf(name, sizeof name, "ecall.%s.mtval", mode_name[mode]);
        check(name, trap_last.tval, 0);
        snprintf(name, sizeof name, "ecall.%s.mpp", mode_name[mode]);
        check(name, trap_last.prev_mode, mode);
    }
}

static void test_ebreak_illegal(void)
{
    trap_reset();
    check("ebreak.M.returned", ebreak_fn(0), 2);
    check("ebreak.M.mcause", trap_last.cause, CAUSE_BREAKPOINT);
    check("ebreak.M.mepc", trap_last.epc, ADDR(ebreak_site));
    check_either("ebreak.M.mtval", trap_last.tval, 0, ADDR(ebreak_site));

    trap_reset();
    check("ebreak.U.returned", run_in_mode(PRV_U, ebreak_fn, 0), 2);
    check("ebreak.U.mcause", trap_last.cause, CAUSE_BREAKPOINT);
    check("ebreak.U.mpp", trap_last.prev_mode, PRV_U);

    trap_reset();
    check("illegal.M.returned", illegal_fn(0), 3);
    check("illegal.M.mcause", trap_last.cause, CAUSE_ILLEGAL);
    check("illegal.M.mepc", trap_last.epc, ADDR(illegal_site));
    check("illegal.M.mtval", trap_last.tval, 0xfe0000b3);

    trap_reset();
    check("illegal.S.returned", run_in_mode(PRV_S, illegal_fn, 0), 3);
    check("illegal.S.mcause", trap_last.cause, CAUSE_ILLEGAL);
    check("illegal.S.mtval", trap_last.tval, 0xfe0000b3);
    check("illegal.S.mpp", trap_last.prev_mode, PRV_S);

    /* mepc holds only even addresses (IALIGN = 16 with C) */
    uint64_t saved = csr_read(mepc);
    csr_write(mepc, 0x80001233ul);
    check("mepc.bit0_clear", csr_read(mepc), 0x80001232ul);
    csr_write(mepc, saved);
}

/* ---- mret ---------------------------------------------------------------- */

static long read_mstatus_in_m(long unused)
{
    return (long)csr_read(mstatus);
}

static void test_mret(void)
{
    trap_reset();
    /* mret to M with MPIE = 1: MIE <- 1, MPIE <- 1, MPP <- U (least) */
    csr_clear(mstatus, MSTATUS_MIE);
    csr_set(mstatus, MSTATUS_MPIE);
    uint64_t st = (uint64_t)run_in_mode(PRV_M, read_mstatus_in_m, 0);
    check("mret.M.mie_from_mpie", (st & MSTATUS_MIE) != 0, 1);
    check("mret.M.mpie_set", (st & MSTATUS_MPIE) != 0, 1);
    check("mret.M.mpp_least", (st >> 11) & 3, PRV_U);
    csr_clear(mstatus, MSTATUS_MIE);
    /* mret to S and U: the mode shows in the cause of an ecall from there */
    trap_reset();
    run_in_mode(PRV_S, ecall_fn, 0);
    check("mret.S.mode", trap_last.cause, CAUSE_ECALL_S);
    trap_reset();
    run_in_mode(PRV_U, ecall_fn, 0);
    check("mret.U.mode", trap_last.cause, CAUSE_ECALL_U);
}

/* ---- delegation ---------------------------------------------------------- */

static void test_delegation(void)
{
    trap_reset();
    csr_write(medeleg, (1ul << CAUSE_ECALL_U) | (1ul << CAUSE_ILLEGAL) |
                           (1ul << CAUSE_BREAKPOINT));
    check("medeleg.readback",
          csr_read(medeleg) & ((1ul << CAUSE_ECALL_U) | (1ul << CAUSE_ILLEGAL) |
                               (1ul << CAUSE_BREAKPOINT)),
          (1ul << CAUSE_ECALL_U) | (1ul << CAUSE_ILLEGAL) | (1ul << CAUSE_BREAKPOINT));
    check("medeleg.ecall_m_not_delegable", (csr_read(medeleg) >> CAUSE_ECALL_M) & 1, 0);

    /* ecall from U -> S handler */
    long r = run_in_mode(PRV_U, ecall_fn, 0);
    check("deleg.ecall_U.returned", r, 1);
    check("deleg.ecall_U.m_traps", trap_count, 0);
    check("deleg.ecall_U.s_traps", strap_count, 1);
    check("deleg.ecall_U.scause", strap_last.cause, CAUSE_ECALL_U);
    check("deleg.ecall_U.sepc", strap_last.epc, ADDR(ecall_site));
    check("deleg.ecall_U.spp", strap_last.prev_mode, 0);

    /* illegal from U -> S with stval = instruction */
    trap_reset();
    r = run_in_mode(PRV_U, illegal_fn, 0);
    check("deleg.illegal_U.returned", r, 3);
    check("deleg.illegal_U.scause", strap_last.cause, CAUSE_ILLEGAL);
    check("deleg.illegal_U.sepc", strap_last.epc, ADDR(illegal_site));
    check("deleg.illegal_U.stval", strap_last.tval, 0xfe0000b3);
    check("deleg.illegal_U.m_traps", trap_count, 0);

    /* illegal from S -> S, SPP = 1 */
    trap_reset();
    r = run_in_mode(PRV_S, illegal_fn, 0);
    check("deleg.illegal_S.returned", r, 3);
    check("deleg.illegal_S.scause", strap_last.cause, CAUSE_ILLEGAL);
    check("deleg.illegal_S.spp", strap_last.prev_mode, 1);
    check("deleg.illegal_S.m_traps", trap_count, 0);

    /* ebreak from S -> S */
    trap_reset();
    r = run_in_mode(PRV_S, ebreak_fn, 0);
    check("deleg.ebreak_S.scause", strap_last.cause, CAUSE_BREAKPOINT);
    check("deleg.ebreak_S.sepc", strap_last.epc, ADDR(ebreak_site));

    /* ecall from S is not delegated here -> M */
    trap_reset();
    r = run_in_mode(PRV_S, ecall_fn, 0);
    check("deleg.ecall_S.m_traps", trap_count, 1);
    check("deleg.ecall_S.mcause", trap_last.cause, CAUSE_ECALL_S);
    check("deleg.ecall_S.s_traps", strap_count, 0);

    /* traps in M-mode are never delegated */
    trap_reset();
    r = illegal_fn(0);
    check("deleg.illegal_M.m_traps", trap_count, 1);
    check("deleg.illegal_M.s_traps", strap_count, 0);

    csr_write(medeleg, 0);
    trap_reset();
}

/* ---- sstatus / sie views ------------------------------------------------- */

static void test_views(void)
{
    uint64_t saved = csr_read(mstatus);

    csr_set(mstatus, MSTATUS_SIE);
    check("sstatus.sie_from_mstatus", (csr_read(sstatus) & MSTATUS_SIE) != 0, 1);
    csr_clear(sstatus, MSTATUS_SIE);
    check("mstatus.sie_from_sstatus", (csr_read(mstatus) & MSTATUS_SIE) != 0, 0);
    csr_set(sstatus, MSTATUS_SUM | MSTATUS_MXR);
    check("mstatus.sum_mxr_from_sstatus",
          csr_read(mstatus) & (MSTATUS_SUM | MSTATUS_MXR), MSTATUS_SUM | MSTATUS_MXR);
    csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
    check("sstatus.sum_mxr_cleared", csr_read(sstatus) & (MSTATUS_SUM | MSTATUS_MXR), 0);
    csr_set(sstatus, MSTATUS_SPP);
    check("mstatus.spp_from_sstatus", (csr_read(mstatus) & MSTATUS_SPP) != 0, 1);
    csr_clear(sstatus, MSTATUS_SPP);

    /* M-only fields are invisible in sstatus ... */
    csr_set(mstatus, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_TW);
    uint64_t s = csr_read(sstatus);
    check("sstatus.hides_mpp", (s >> 11) & 3, 0);
    check("sstatus.hides_mpie", (s & MSTATUS_MPIE) != 0, 0);
    check("sstatus.hides_tvm_tw", s & (MSTATUS_TVM | MSTATUS_TW), 0);
    /* ... and cannot be changed through it */
    uint64_t before = csr_read(mstatus);
    csr_write(sstatus, 0);
    uint64_t after = csr_read(mstatus);
    uint64_t mfields = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV |
                       MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    check("sstatus.write_keeps_m_fields", after & mfields, before & mfields);
    check("sstatus.write_zero_clears_s_fields",
          after & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR), 0);

    /* 64-bit S and U modes */
    check("mstatus.sxl", (csr_read(mstatus) >> 34) & 3, 2);
    check("mstatus.uxl", (csr_read(mstatus) >> 32) & 3, 2);
    check("sstatus.uxl", (csr_read(sstatus) >> 32) & 3, 2);

    csr_write(mstatus, saved);

    /* sie is mie restricted to delegated interrupts */
    csr_write(mideleg, (1ul << IRQ_SSI) | (1ul << IRQ_STI) | (1ul << IRQ_SEI));
    check("mideleg.s_bits",
          csr_read(mideleg) & ((1ul << IRQ_SSI) | (1ul << IRQ_STI) | (1ul << IRQ_SEI)),
          (1ul << IRQ_SSI) | (1ul << IRQ_STI) | (1ul << IRQ_SEI));
    csr_write(mie, 0);
    csr_write(sie, (1ul << IRQ_SSI) | (1ul << IRQ_STI));
    check("mie.from_sie", csr_read(mie), (1ul << IRQ_SSI) | (1ul << IRQ_STI));
    csr_set(mie, 1ul << IRQ_SEI);
    check("sie.from_mie", csr_read(sie),
          (1ul << IRQ_SSI) | (1ul << IRQ_STI) | (1ul << IRQ_SEI));
    csr_write(mie, 1ul << IRQ_MTI);
    check("sie.hides_m_bits", csr_read(sie), 0);
    csr_write(mie, 0);
    csr_write(mideleg, 0);
}

/* ---- machine interrupts ------------------------------------------------- */

static volatile unsigned long irq_count;
static volatile uint64_t irq_cause, irq_epc;

static void m_irq_hook(struct trap_frame *f, uint64_t cause)
{
    irq_count++;
    irq_cause = cause;
    irq_epc = csr_read(mepc);
    if (cause == (CAUSE_INTERRUPT | IRQ_MTI))
        clint_set_mtimecmp(0, ~0ull);
    else if (cause == (CAUSE_INTERRUPT | IRQ_MSI))
        clint_set_msip(0, 0);
    else if (cause == (CAUSE_INTERRUPT | IRQ_STI))
        csr_clear(mip, 1ul << IRQ_STI);
}

/* Spin until cond or ~1 s of mtime has passed. */
#define WAIT_FOR(cond)                                                   \
    do {                                                                 \
        uint64_t __limit = clint_mtime() + TIMEBASE_HZ;                  \
        while (!(cond) && clint_mtime() < __limit)                       \
            ;                                                            \
    } while (0)

static void test_machine_interrupts(void)
{
    trap_reset();
    trap_irq_hook = m_irq_hook;
    irq_count = 0;

    /* mip.MTIP follows mtime >= mtimecmp */
    clint_set_mtimecmp(0, ~0ull);
    check("mip.mtip_clear", (csr_read(mip) >> IRQ_MTI) & 1, 0);
    clint_set_mtimecmp(0, 0);
    check("mip.mtip_pending", (csr_read(mip) >> IRQ_MTI) & 1, 1);
    clint_set_mtimecmp(0, ~0ull);
    check("mip.mtip_cleared_again", (csr_read(mip) >> IRQ_MTI) & 1, 0);

    /* timer interrupt */
    csr_write(mie, 1ul << IRQ_MTI);
    clint_set_mtimecmp(0, clint_mtime() + 2000); /* 200 us */
    csr_set(mstatus, MSTATUS_MIE);
    WAIT_FOR(irq_count != 0);
    csr_clear(mstatus, MSTATUS_MIE);
    check("mti.taken", irq_count, 1);
    check("mti.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    check("mti.no_exception", trap_count, 0);

    /* software interrupt; mip.MSIP follows msip */
    irq_count = 0;
    csr_write(mie, 0);
    clint_set_msip(0, 1);
    check("clint.msip_reads_back", clint_get_msip(0), 1);
    check("mip.msip_pending", (csr_read(mip) >> IRQ_MSI) & 1, 1);
    clint_set_msip(0, 0);
    check("mip.msip_clear", (csr_read(mip) >> IRQ_MSI) & 1, 0);
    csr_write(mie, 1ul << IRQ_MSI);
    csr_set(mstatus, MSTATUS_MIE);
    clint_set_msip(0, 1);
    WAIT_FOR(irq_count != 0);
    csr_clear(mstatus, MSTATUS_MIE);
    check("msi.taken", irq_count, 1);
    check("msi.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MSI);
    check("msi.cleared", clint_get_msip(0), 0);

    /* a pending but disabled interrupt is not taken */
    irq_count = 0;
    csr_write(mie, 0);
    csr_set(mstatus, MSTATUS_MIE);
    clint_set_msip(0, 1);
    for (volatile int i = 0; i < 1000; i++)
        ;
    csr_clear(mstatus, MSTATUS_MIE);
    check("msi.masked_by_mie", irq_count, 0);
    clint_set_msip(0, 0);

    /* wfi wakes up for a pending interrupt even though MIE = 0 */
    irq_count = 0;
    csr_write(mie, 1ul << IRQ_MTI);
    uint64_t target = clint_mtime() + 5000; /* 0.5 ms */
    clint_set_mtimecmp(0, target);
    uint64_t limit = clint_mtime() + TIMEBASE_HZ;
    while (!((csr_read(mip) >> IRQ_MTI) & 1) && clint_mtime() < limit)
        __asm__ volatile("wfi");
    check("wfi.woke_pending", (csr_read(mip) >> IRQ_MTI) & 1, 1);
    check_true("wfi.time_reached", clint_mtime() >= target);
    check("wfi.no_trap_with_mie_clear", irq_count, 0);
    clint_set_mtimecmp(0, ~0ull);

    /* wfi with the interrupt enabled: taken, mepc after (or at) the wfi */
    irq_count = 0;
    clint_set_mtimecmp(0, clint_mtime() + 20000); /* 2 ms */
    uint64_t wfi_addr, after_addr;
    __asm__ volatile(".option push\n\t.option norvc\n\t"
                     "lla %0, 1f\n\t"
                     "lla %1, 2f\n\t"
                     "csrsi mstatus, 8\n"
                     "1:\twfi\n"
                     "2:\tcsrci mstatus, 8\n\t"
                     ".option pop"
                     : "=&r"(wfi_addr), "=&r"(after_addr)::"memory");
    /* in case wfi returned early (it may be a nop), wait with MIE on */
    csr_set(mstatus, MSTATUS_MIE);
    WAIT_FOR(irq_count != 0);
    csr_clear(mstatus, MSTATUS_MIE);
    check("wfi.enabled.taken", irq_count, 1);
    check("wfi.enabled.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    check_true("wfi.enabled.mepc",
               irq_epc == after_addr || irq_epc == wfi_addr ||
                   (irq_epc > after_addr && irq_epc < after_addr + 64));

    csr_write(mie, 0);
    trap_irq_hook = 0;
}

/* ---- supervisor interrupts ---------------------------------------------- */

static volatile unsigned long sirq_count;
static volatile uint64_t sirq_cause;

static void s_irq_hook(struct trap_frame *f, uint64_t cause)
{
    sirq_count++;
    sirq_cause = cause;
    if (cause == (CAUSE_INTERRUPT | IRQ_STI))
        csr_clear(sie, 1ul << IRQ_STI); /* S cannot clear STIP itself */
    else if (cause == (CAUSE_INTERRUPT | IRQ_SSI))
        csr_clear(sip, 1ul << IRQ_SSI);
}

static long s_enable_and_wait(long unused)
{
    csr_set(sstatus, MSTATUS_SIE);
    for (volatile long i = 0; i < 100000 && sirq_count == 0; i++)
        ;
    csr_clear(sstatus, MSTATUS_SIE);
    return (long)sirq_count;
}

static long s_raise_ssip(long unused)
{
    csr_set(sie, 1ul << IRQ_SSI);
    csr_set(sip, 1ul << IRQ_SSI);
    csr_set(sstatus, MSTATUS_SIE);
    for (volatile long i = 0; i < 100000 && sirq_count == 0; i++)
        ;
    csr_clear(sstatus, MSTATUS_SIE);
    csr_clear(sie, 1ul << IRQ_SSI);
    return (long)sirq_count;
}

static long s_spin(long n)
{
    for (volatile long i = 0; i < n; i++)
        ;
    return 0;
}

static void test_supervisor_interrupts(void)
{
    trap_reset();
    strap_irq_hook = s_irq_hook;
    trap_irq_hook = m_irq_hook;

    /* STIP set by M, delegated to S */
    sirq_count = 0;
    csr_write(mideleg, 1ul << IRQ_STI);
    csr_write(mie, 1ul << IRQ_STI);
    csr_set(mip, 1ul << IRQ_STI);
    check("sti.pending_in_sip", (csr_read(sip) >> IRQ_STI) & 1, 1);
    long n = run_in_mode(PRV_S, s_enable_and_wait, 0);
    check("sti.delegated.taken", n, 1);
    check("sti.delegated.scause", sirq_cause, CAUSE_INTERRUPT | IRQ_STI);
    check("sti.delegated.no_m_trap", trap_count, 0);
    csr_clear(mip, 1ul << IRQ_STI);
    check("sti.cleared_by_m", (csr_read(mip) >> IRQ_STI) & 1, 0);

    /* STIP not delegated: taken in M as soon as we are in S (M interrupts are
     * always enabled below M) */
    irq_count = 0;
    sirq_count = 0;
    csr_write(mideleg, 0);
    csr_write(mie, 1ul << IRQ_STI);
    csr_set(mip, 1ul << IRQ_STI);
    run_in_mode(PRV_S, s_spin, 1000);
    check("sti.not_delegated.taken_in_m", irq_count, 1);
    check("sti.not_delegated.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_STI);
    check("sti.not_delegated.not_in_s", sirq_count, 0);
    csr_write(mie, 0);

    /* SSIP raised by S-mode itself */
    sirq_count = 0;
    csr_write(mideleg, 1ul << IRQ_SSI);
    n = run_in_mode(PRV_S, s_raise_ssip, 0);
    check("ssi.taken", n, 1);
    check("ssi.scause", sirq_cause, CAUSE_INTERRUPT | IRQ_SSI);
    check("ssi.cleared", (csr_read(mip) >> IRQ_SSI) & 1, 0);

    csr_write(mideleg, 0);
    csr_write(mie, 0);
    strap_irq_hook = 0;
    trap_irq_hook = 0;
}

/* ---- privileged resources from lower modes -------------------------------- */

#define EXPECT_TRAP_IN(label, mode, fn, want)                                 \
    do {                                                                      \
        trap_reset();                                                         \
        run_in_mode(mode, fn, 0);                                             \
        check(label ".trapped", trap_count, 1);                               \
        check(label ".cause", trap_last.cause, CAUSE_ILLEGAL);                \
        check(label ".tval", trap_last.tval, want);                           \
    } while (0)

#define EXPECT_OK_IN(label, mode, fn)                                         \
    do {                                                                      \
        trap_reset();                                                         \
        run_in_mode(mode, fn, 0);                                             \
        check(label ".no_trap", trap_count, 0);                               \
    } while (0)

static void test_lower_privilege_access(void)
{
    EXPECT_TRAP_IN("S.csrr_mstatus", PRV_S, read_mstatus_fn, 0x30002573);
    check("S.csrr_mstatus.epc", trap_last.epc, ADDR(read_mstatus_site));
    EXPECT_TRAP_IN("U.csrr_mstatus", PRV_U, read_mstatus_fn, 0x30002573);
    EXPECT_TRAP_IN("U.csrr_sstatus", PRV_U, read_sstatus_fn, 0x10002573);
    check("U.csrr_sstatus.epc", trap_last.epc, ADDR(read_sstatus_site));
    EXPECT_OK_IN("S.csrr_sstatus", PRV_S, read_sstatus_fn);
    EXPECT_TRAP_IN("S.mret", PRV_S, mret_fn, 0x30200073);
    EXPECT_TRAP_IN("U.sret", PRV_U, sret_fn, 0x10200073);

    /* TVM: satp and sfence.vma trap in S */
    csr_set(mstatus, MSTATUS_TVM);
    EXPECT_TRAP_IN("S.tvm.satp", PRV_S, satp_fn, 0x18002573);
    EXPECT_TRAP_IN("S.tvm.sfence", PRV_S, sfence_fn, 0x12000073);
    csr_clear(mstatus, MSTATUS_TVM);
    EXPECT_OK_IN("S.satp", PRV_S, satp_fn);
    EXPECT_OK_IN("S.sfence", PRV_S, sfence_fn);

    /* TSR: sret traps in S */
    csr_set(mstatus, MSTATUS_TSR);
    EXPECT_TRAP_IN("S.tsr.sret", PRV_S, sret_fn, 0x10200073);
    csr_clear(mstatus, MSTATUS_TSR);

    /* TW: wfi traps in S (nothing is pending, so it cannot complete) */
    csr_write(mie, 0);
    csr_set(mstatus, MSTATUS_TW);
    EXPECT_TRAP_IN("S.tw.wfi", PRV_S, wfi_fn, 0x10500073);
    csr_clear(mstatus, MSTATUS_TW);
}

static void test_counteren(void)
{
    static long (*const fns[3])(long) = {rdcycle_fn, rdtime_fn, rdinstret_fn};
    static const char *const names[3] = {"cycle", "time", "instret"};
    char label[48];

    for (int bit = 0; bit < 3; bit++) {
        /* S: mcounteren alone decides */
        csr_write(mcounteren, 0);
        csr_write(scounteren, 7);
        trap_reset();
        run_in_mode(PRV_S, fns[bit], 0);
        snprintf(label, sizeof label, "S.%s.mcounteren_off", names[bit]);
        check(label, trap_count, 1);
        snprintf(label, sizeof label, "S.%s.mcounteren_off.cause", names[bit]);
        check(label, trap_last.cause, CAUSE_ILLEGAL);

        csr_write(mcounteren, 1ul << bit);
        trap_reset();
        run_in_mode(PRV_S, fns[bit], 0);
        snprintf(label, sizeof label, "S.%s.mcounteren_on", names[bit]);
        check(label, trap_count, 0);
        /* the other counters stay off */
        trap_reset();
        run_in_mode(PRV_S, fns[(bit + 1) % 3], 0);
        snprintf(label, sizeof label, "S.%s.other_bit_off", names[(bit + 1) % 3]);
        check(label, trap_count, 1);

        /* U: needs both */
        csr_write(mcounteren, 7);
        csr_write(scounteren, 0);
        trap_reset();
        run_in_mode(PRV_U, fns[bit], 0);
        snprintf(label, sizeof label, "U.%s.scounteren_off", names[bit]);
        check(label, trap_count, 1);

        csr_write(scounteren, 1ul << bit);
        trap_reset();
        run_in_mode(PRV_U, fns[bit], 0);
        snprintf(label, sizeof label, "U.%s.both_on", names[bit]);
        check(label, trap_count, 0);

        csr_write(mcounteren, 0);
        trap_reset();
        run_in_mode(PRV_U, fns[bit], 0);
        snprintf(label, sizeof label, "U.%s.mcounteren_off", names[bit]);
        check(label, trap_count, 1);
    }
    /* M-mode is never gated */
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
    trap_reset();
    (void)rdcycle_fn(0);
    (void)rdtime_fn(0);
    (void)rdinstret_fn(0);
    check("M.counters.no_trap", trap_count, 0);
    csr_write(mcounteren, 7);
    csr_write(scounteren, 7);
}

int main(long hartid, void *dtb)
{
    check_begin("priv");
    trap_install();
    trap_install_s();
    pmp_allow_all();
    trap_reset();

    test_ecall();
    test_ebreak_illegal();
    test_mret();
    test_delegation();
    test_views();
    test_machine_interrupts();
    test_supervisor_interrupts();
    test_lower_privilege_access();
    test_counteren();
    return check_end();
}
