/* Trap framework, C part.  See trap.h. */
#include "trap.h"
#include "tuber.h"

volatile struct trap_record trap_last;
volatile unsigned long trap_count;
volatile int trap_policy = TRAP_SKIP;
int (*volatile trap_exc_hook)(struct trap_frame *f, uint64_t cause);
void (*volatile trap_irq_hook)(struct trap_frame *f, uint64_t cause);

volatile struct trap_record strap_last;
volatile unsigned long strap_count;
volatile int strap_policy = TRAP_SKIP;
void (*volatile strap_irq_hook)(struct trap_frame *f, uint64_t cause);

extern char trap_m_stack_top[], trap_s_stack_top[];
extern volatile uint64_t mode_ctx[16];
void trap_return_to_m(long value) __attribute__((noreturn));

static volatile int m_depth;

void trap_install(void)
{
    csr_write(mscratch, (uintptr_t)trap_m_stack_top);
    csr_write(mtvec, (uintptr_t)trap_m_entry);
}

void trap_install_s(void)
{
    csr_write(sscratch, (uintptr_t)trap_s_stack_top);
    csr_write(stvec, (uintptr_t)trap_s_entry);
}

void trap_reset(void)
{
    trap_last.cause = trap_last.epc = trap_last.tval = trap_last.prev_mode = 0;
    trap_count = 0;
    trap_policy = TRAP_SKIP;
    trap_exc_hook = 0;
    trap_irq_hook = 0;
    strap_last.cause = strap_last.epc = strap_last.tval = 0;
    strap_last.prev_mode = 0;
    strap_count = 0;
    strap_policy = TRAP_SKIP;
    strap_irq_hook = 0;
}

void trap_timer_setup(void (*hook)(struct trap_frame *f, uint64_t cause))
{
    trap_install();
    pmp_allow_all();
    trap_reset();
    trap_irq_hook = hook;
    clint_set_mtimecmp(0, ~0ull);
    csr_write(mie, 1ul << IRQ_MTI);
}

long run_in_mode(int mode, long (*fn)(long), long arg)
{
    return run_in_mode_ex(mode, fn, arg, 0, 0);
}

void pmp_allow_all(void)
{
    /* pmpaddr15 = all ones (NAPOT: everything), pmp15cfg = NAPOT|X|W|R. */
    csr_write(pmpaddr15, -1l);
    csr_clear(pmpcfg2, 0xfful << 56);
    csr_set(pmpcfg2, 0x1ful << 56);
    __asm__ volatile("sfence.vma" ::: "memory");
}

static unsigned insn_length_at(uint64_t pc)
{
    uint16_t low = *(volatile uint16_t *)pc;
    return (low & 3) == 3 ? 4 : 2;
}

static void fatal(const char *who, uint64_t cause, uint64_t epc, uint64_t tval)
{
    printf("\n%s: fatal trap mcause=0x%lx epc=0x%lx tval=0x%lx\n", who,
           (unsigned long)cause, (unsigned long)epc, (unsigned long)tval);
    exit(99);
}

void trap_m_dispatch(struct trap_frame *f)
{
    uint64_t cause = csr_read(mcause);
    uint64_t epc = csr_read(mepc);
    uint64_t tval = csr_read(mtval);
    uint64_t status = csr_read(mstatus);

    if (m_depth++)
        fatal("nested M trap", cause, epc, tval);

    if (cause & CAUSE_INTERRUPT) {
        if (!trap_irq_hook)
            fatal("M interrupt", cause, epc, tval);
        trap_irq_hook(f, cause);
        m_depth--;
        return;
    }

    if ((cause == CAUSE_ECALL_U || cause == CAUSE_ECALL_S ||
         cause == CAUSE_ECALL_M) &&
        f->x[17] == TRAP_MAGIC_RETURN && mode_ctx[15]) {
        m_depth--;
        trap_return_to_m((long)f->x[10]);
    }

    trap_last.cause = cause;
    trap_last.epc = epc;
    trap_last.tval = tval;
    trap_last.prev_mode = (status >> 11) & 3;
    trap_count++;

    int action = -1;
    if (trap_exc_hook)
        action = trap_exc_hook(f, cause);
    if (action < 0)
        action = trap_policy;

    switch (action) {
    case TRAP_SKIP:
        if (cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE ||
            cause == CAUSE_FETCH_MISALIGNED)
            csr_write(mepc, f->x[1]);
        else
            csr_write(mepc, epc + insn_length_at(epc));
        break;
    case TRAP_RESUME:
        break;
    case TRAP_ABORT:
        if (!mode_ctx[15])
            fatal("abort without run_in_mode", cause, epc, tval);
        m_depth--;
        trap_return_to_m(TRAP_ABORTED);
    default:
        fatal("M trap", cause, epc, tval);
    }
    m_depth--;
}

void trap_s_dispatch(struct trap_frame *f)
{
    uint64_t cause = csr_read(scause);
    uint64_t epc = csr_read(sepc);
    uint64_t tval = csr_read(stval);
    uint64_t status = csr_read(sstatus);

    if (cause & CAUSE_INTERRUPT) {
        if (!strap_irq_hook)
            fatal("S interrupt", cause, epc, tval);
        strap_irq_hook(f, cause);
        return;
    }

    if (cause == CAUSE_ECALL_U && f->x[17] == TRAP_MAGIC_RETURN) {
        /* Forward the magic return to M-mode (ecall from S is never
         * delegated by our tests). */
        register long a0 __asm__("a0") = (long)f->x[10];
        register long a7 __asm__("a7") = TRAP_MAGIC_RETURN;
        __asm__ volatile("ecall" ::"r"(a0), "r"(a7) : "memory");
        fatal("magic return forward", cause, epc, tval);
    }

    strap_last.cause = cause;
    strap_last.epc = epc;
    strap_last.tval = tval;
    strap_last.prev_mode = (status >> 8) & 1;
    strap_count++;

    if (strap_policy == TRAP_SKIP)
        csr_write(sepc, epc + insn_length_at(epc));
    else
        fatal("S trap", cause, epc, tval);
}
