/*
 * smp: two harts (tests/smp.args: -smp 2).
 *
 * Hart 1 enters secondary_main (crt0 gives it its own stack) and checks in;
 * then both harts hammer shared counters at the same time: with amoadd.d,
 * with an lr.d/sc.d retry loop, and with plain loads/stores under an
 * amoswap-based spinlock.  Every update must survive.  Finally hart 1 wakes
 * hart 0 from wfi with a CLINT software interrupt (msip[0]).  Only hart 0
 * prints.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define N 20000

static volatile uint64_t arrived, go, done;
static volatile uint64_t hart1_id = ~0ull;
static volatile uint64_t amo_counter, lrsc_counter, locked_counter;
static volatile uint32_t lock;

static void lock_acquire(void)
{
    uint32_t old;
    do {
        __asm__ volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(old) : "r"(&lock), "r"(1u)
                         : "memory");
    } while (old != 0);
}

static void lock_release(void)
{
    __asm__ volatile("amoswap.w.rl zero, zero, (%0)" ::"r"(&lock) : "memory");
}

static void hammer(void)
{
    for (int i = 0; i < N; i++) {
        __asm__ volatile("amoadd.d zero, %1, (%0)" ::"r"(&amo_counter), "r"(1ul) : "memory");
        uint64_t tmp, fail;
        __asm__ volatile("1: lr.d %0, (%2)\n\t"
                         "addi %0, %0, 1\n\t"
                         "sc.d %1, %0, (%2)\n\t"
                         "bnez %1, 1b"
                         : "=&r"(tmp), "=&r"(fail)
                         : "r"(&lrsc_counter)
                         : "memory");
        lock_acquire();
        locked_counter = locked_counter + 1;
        lock_release();
    }
}

void secondary_main(long hartid, void *dtb)
{
    if (hartid != 1)
        return;
    hart1_id = csr_read(mhartid);
    __asm__ volatile("amoadd.d zero, %1, (%0)" ::"r"(&arrived), "r"(1ul) : "memory");
    while (!go)
        ;
    hammer();
    __asm__ volatile("fence rw, rw" ::: "memory");
    done = 1;
    /* give hart 0 time to go to sleep, then wake it */
    uint64_t t = clint_mtime() + 1000;
    while (clint_mtime() < t)
        ;
    clint_set_msip(0, 1);
}

static volatile unsigned long msi_count;

static void irq_hook(struct trap_frame *f, uint64_t cause)
{
    if (cause == (CAUSE_INTERRUPT | IRQ_MSI)) {
        msi_count++;
        clint_set_msip(0, 0);
    }
}

#define WAIT_FOR(cond)                                                   \
    do {                                                                 \
        uint64_t __limit = clint_mtime() + 5 * TIMEBASE_HZ;              \
        while (!(cond) && clint_mtime() < __limit)                       \
            ;                                                            \
    } while (0)

int main(long hartid, void *dtb)
{
    check_begin("smp");
    check("boot_hart", hartid, 0);
    trap_install();
    trap_reset();
    trap_irq_hook = irq_hook;

    WAIT_FOR(arrived == 1);
    if (!check("hart1.arrived", arrived, 1))
        return check_end();
    check("hart1.mhartid", hart1_id, 1);

    csr_write(mie, 1ul << IRQ_MSI);
    go = 1;
    hammer();
    WAIT_FOR(done == 1);
    check("hart1.done", done, 1);
    check("amoadd.total", amo_counter, 2 * N);
    check("lrsc.total", lrsc_counter, 2 * N);
    check("spinlock.total", locked_counter, 2 * N);

    /*
     * Sleep until hart 1's software interrupt arrives. mstatus.MIE stays clear
     * while the loop checks and waits: wfi returns once the interrupt is
     * pending (mie.MSIE is set), and it is taken only in the window opened
     * after it. With MIE set throughout, an interrupt taken between the check
     * and the wfi would be handled first and the wfi would then wait for an
     * interrupt that never comes.
     */
    uint64_t limit = clint_mtime() + 5 * TIMEBASE_HZ;
    while (msi_count == 0 && clint_mtime() < limit) {
        __asm__ volatile("wfi");
        csr_set(mstatus, MSTATUS_MIE);
        csr_clear(mstatus, MSTATUS_MIE);
    }
    check("ipi.received", msi_count, 1);
    check("ipi.msip_cleared", clint_get_msip(0), 0);
    csr_write(mie, 0);
    return check_end();
}
