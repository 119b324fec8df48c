/*
 * irq_spin: a timer interrupt must reach a loop however little the loop does:
 * no store, no call, no CSR, nothing but registers and (in one) a load.
 *
 *   spin:  waits for a flag that only the interrupt handler sets, the way a
 *          guest waits for an interrupt without wfi; the handler returns into
 *          the loop, which then sees the flag.
 *   count: counts in a register towards a bound it cannot reach (2^62); the
 *          handler sends it to its exit label.
 *
 * The interrupt is due a second (spin) and half a second (count) after the
 * loop starts.  An emulator that compiled such a loop with its interrupt poll
 * hoisted out of it would spin for ever.  LauncherIT runs this program with
 * the loops compiled early, before the interrupt is due; the golden run
 * (GoldenProgramsIT) mostly interprets them.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

static volatile uint32_t flag;
static volatile unsigned long irqs;
static volatile uint64_t irq_cause, irq_epc;
static volatile uint64_t resume_at; /* 0: return to mepc */

static void hook(struct trap_frame *f, uint64_t cause)
{
    (void)f;
    irqs++;
    irq_cause = cause;
    irq_epc = csr_read(mepc);
    clint_set_mtimecmp(0, ~0ull);
    if (resume_at)
        csr_write(mepc, resume_at);
    else
        flag = 1;
}

/* spin_wait(&flag): iterations until the flag was seen set.
 * count_up(bound): the counter when the interrupt ended the loop, or -1. */
__asm__(
    "    .text\n"
    "    .option push\n"
    "    .option norvc\n"
    "    .globl spin_wait, spin_start, spin_end\n"
    "spin_wait:\n"
    "    li a1, 0\n"
    "spin_start:\n"
    "    lw t0, 0(a0)\n"
    "    addi a1, a1, 1\n"
    "    beqz t0, spin_start\n"
    "spin_end:\n"
    "    mv a0, a1\n"
    "    ret\n"
    "    .globl count_up, count_start, count_end, count_exit\n"
    "count_up:\n"
    "    mv a1, a0\n"
    "    li a0, 0\n"
    "count_start:\n"
    "    addi a0, a0, 1\n"
    "    bne a0, a1, count_start\n"
    "count_end:\n"
    "    li a0, -1\n"
    "count_exit:\n"
    "    ret\n"
    "    .option pop\n");

extern char spin_start[], spin_end[], count_start[], count_end[], count_exit[];
long spin_wait(volatile uint32_t *flag);
long count_up(long bound);

static void arm(uint64_t delay_ticks, char *exit_label)
{
    irqs = 0;
    resume_at = (uint64_t)(uintptr_t)exit_label;
    clint_set_mtimecmp(0, clint_mtime() + delay_ticks);
}

int main(long hartid, void *dtb)
{
    check_begin("irq_spin");
    trap_timer_setup(hook);

    flag = 0;
    arm(TIMEBASE_HZ, 0);
    csr_set(mstatus, MSTATUS_MIE);
    long n = spin_wait(&flag);
    csr_clear(mstatus, MSTATUS_MIE);
    check("spin.interrupts", irqs, 1);
    check("spin.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    check("spin.mepc_in_loop", irq_epc >= (uintptr_t)spin_start && irq_epc < (uintptr_t)spin_end, 1);
    check("spin.loop_ran", n > 1, 1);

    arm(TIMEBASE_HZ / 2, count_exit);
    csr_set(mstatus, MSTATUS_MIE);
    long r = count_up(1l << 62);
    csr_clear(mstatus, MSTATUS_MIE);
    check("count.interrupts", irqs, 1);
    check("count.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    check("count.mepc_in_loop", irq_epc >= (uintptr_t)count_start && irq_epc < (uintptr_t)count_end, 1);
    check("count.loop_ran", r > 0, 1);

    csr_write(mie, 0);
    return check_end();
}
