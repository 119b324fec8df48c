/*
 * irq_busy: timer interrupts must be taken while the hart is busy in tight
 * loops that never touch a device or a CSR (an emulator that compiles such a
 * loop has to poll for interrupts inside the compiled code).
 *
 * Each loop counts in a register towards a bound it will not reach in any
 * reasonable time (2^32).  The interrupt handler records the loop counter
 * from the trap frame and mepc, silences the timer and redirects mepc to the
 * loop's exit label, so the loop ends only through the interrupt.  Checked:
 * exactly one interrupt, mcause, mepc inside the loop, the loop ran before the
 * interrupt.  Variants: a 2-instruction loop (long delay, so that a JIT has
 * time to compile it), a loop with loads/stores, a loop of compressed
 * instructions, a loop calling a function, and a tight loop in U-mode.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

static volatile unsigned long irqs;
static volatile uint64_t irq_cause, irq_epc, irq_counter;
static volatile uint64_t resume_at;

static void hook(struct trap_frame *f, uint64_t cause)
{
    irqs++;
    irq_cause = cause;
    irq_epc = csr_read(mepc);
    irq_counter = f->x[10]; /* a0: the loop counter */
    clint_set_mtimecmp(0, ~0ull);
    csr_write(mepc, resume_at);
}

#define BOUND (1ul << 32)

/* Each loop: a0 = counter (returned), a1 = bound; labels loop_X_start,
 * loop_X_end delimit the loop body, loop_X_exit is where the handler sends
 * execution. */
__asm__(
    "    .text\n"
    "    .option push\n"
    "    .option norvc\n"
    /* 1: two instructions */
    "    .globl loop_tight, loop_tight_start, loop_tight_end, loop_tight_exit\n"
    "loop_tight:\n"
    "    li a0, 0\n"
    "loop_tight_start:\n"
    "    addi a0, a0, 1\n"
    "    bne a0, a1, loop_tight_start\n"
    "loop_tight_end:\n"
    "    li a0, -1\n" /* bound reached: no interrupt */
    "loop_tight_exit:\n"
    "    ret\n"
    /* 2: memory traffic */
    "    .globl loop_mem, loop_mem_start, loop_mem_end, loop_mem_exit\n"
    "loop_mem:\n"
    "    li a0, 0\n"
    "loop_mem_start:\n"
    "    ld t0, 0(a2)\n"
    "    addi t0, t0, 3\n"
    "    sd t0, 0(a2)\n"
    "    xor t1, t0, a0\n"
    "    sw t1, 8(a2)\n"
    "    addi a0, a0, 1\n"
    "    bne a0, a1, loop_mem_start\n"
    "loop_mem_end:\n"
    "    li a0, -1\n"
    "loop_mem_exit:\n"
    "    ret\n"
    "    .option pop\n"
    /* 3: compressed instructions */
    "    .globl loop_rvc, loop_rvc_start, loop_rvc_end, loop_rvc_exit\n"
    "loop_rvc:\n"
    "    c.li a0, 0\n"
    "    c.li a3, 0\n"
    "loop_rvc_start:\n"
    "    c.addi a0, 1\n"
    "    c.addi a3, 2\n"
    "    c.and a3, a3\n"
    "    bne a0, a1, loop_rvc_start\n"
    "loop_rvc_end:\n"
    "    c.li a0, -1\n"
    "loop_rvc_exit:\n"
    "    c.jr ra\n"
    /* 4: a call in the loop */
    "    .globl loop_call, loop_call_start, loop_call_end, loop_call_exit\n"
    "    .option push\n"
    "    .option norvc\n"
    "loop_call:\n"
    "    addi sp, sp, -16\n"
    "    sd ra, 8(sp)\n"
    "    li a0, 0\n"
    "loop_call_start:\n"
    "    jal ra, leaf_inc\n"
    "    bne a0, a1, loop_call_start\n"
    "loop_call_end:\n"
    "    li a0, -1\n"
    "loop_call_exit:\n"
    "    ld ra, 8(sp)\n"
    "    addi sp, sp, 16\n"
    "    ret\n"
    "leaf_inc:\n"
    "    addi a0, a0, 1\n"
    "    ret\n"
    /* 5: U-mode (a0 = bound on entry, as run_in_mode passes one argument) */
    "    .globl loop_user, loop_user_start, loop_user_end, loop_user_exit\n"
    "loop_user:\n"
    "    mv a1, a0\n"
    "    li a0, 0\n"
    "loop_user_start:\n"
    "    addi a0, a0, 1\n"
    "    bne a0, a1, loop_user_start\n"
    "loop_user_end:\n"
    "    li a0, -1\n"
    "loop_user_exit:\n"
    "    ret\n"
    "    .option pop\n");

#define DECL(x)                                                                   \
    extern char loop_##x##_start[], loop_##x##_end[], loop_##x##_exit[];
DECL(tight) DECL(mem) DECL(rvc) DECL(call) DECL(user)
long loop_tight(long, long), loop_mem(long, long, volatile uint64_t *),
    loop_rvc(long, long), loop_call(long, long), loop_user(long);
extern char leaf_inc[];

static void arm(uint64_t delay_ticks, char *exit_label)
{
    irqs = 0;
    irq_counter = 0;
    resume_at = (uint64_t)(uintptr_t)exit_label;
    clint_set_mtimecmp(0, clint_mtime() + delay_ticks);
}

static void verify(const char *name, long ret, char *start, char *end)
{
    char n[48];
#define C(what, got, exp) (snprintf(n, sizeof n, "%s.%s", name, what), check(n, got, exp))
    C("interrupts", irqs, 1);
    C("mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    C("mepc_in_loop", irq_epc >= (uintptr_t)start && irq_epc < (uintptr_t)end, 1);
    C("loop_ran", irq_counter > 0, 1);
    C("returned_counter", (uint64_t)ret, irq_counter);
#undef C
}

static void verify_call(long ret)
{
    /* the interrupt may land in the leaf function */
    check("call.interrupts", irqs, 1);
    check("call.mcause", irq_cause, CAUSE_INTERRUPT | IRQ_MTI);
    check("call.mepc_in_loop",
          (irq_epc >= (uintptr_t)loop_call_start && irq_epc < (uintptr_t)loop_call_end) ||
              (irq_epc >= (uintptr_t)leaf_inc && irq_epc < (uintptr_t)leaf_inc + 8),
          1);
    check("call.loop_ran", irq_counter > 0, 1);
}

int main(long hartid, void *dtb)
{
    check_begin("irq_busy");
    trap_timer_setup(hook);

    /* 200 ms: long enough for a JIT to decide to compile the loop */
    arm(TIMEBASE_HZ / 5, loop_tight_exit);
    csr_set(mstatus, MSTATUS_MIE);
    long r = loop_tight(0, BOUND);
    csr_clear(mstatus, MSTATUS_MIE);
    verify("tight", r, loop_tight_start, loop_tight_end);

    static volatile uint64_t cell[2];
    arm(TIMEBASE_HZ / 20, loop_mem_exit);
    csr_set(mstatus, MSTATUS_MIE);
    r = loop_mem(0, BOUND, cell);
    csr_clear(mstatus, MSTATUS_MIE);
    verify("mem", r, loop_mem_start, loop_mem_end);
    /* the store may or may not have happened for the interrupted iteration */
    check_either("mem.memory_consistent", cell[0], 3 * (uint64_t)r, 3 * (uint64_t)r + 3);

    arm(TIMEBASE_HZ / 20, loop_rvc_exit);
    csr_set(mstatus, MSTATUS_MIE);
    r = loop_rvc(0, BOUND);
    csr_clear(mstatus, MSTATUS_MIE);
    verify("rvc", r, loop_rvc_start, loop_rvc_end);

    arm(TIMEBASE_HZ / 20, loop_call_exit);
    csr_set(mstatus, MSTATUS_MIE);
    r = loop_call(0, BOUND);
    csr_clear(mstatus, MSTATUS_MIE);
    verify_call(r);

    /* U-mode: M-mode interrupts are taken regardless of mstatus.MIE */
    arm(TIMEBASE_HZ / 20, loop_user_exit);
    r = run_in_mode(PRV_U, loop_user, (long)BOUND);
    verify("user", r, loop_user_start, loop_user_end);
    check("user.from_U", (csr_read(mstatus) >> 11) & 3, PRV_U);

    csr_write(mie, 0);
    clint_set_mtimecmp(0, ~0ull);
    return check_end();
}
