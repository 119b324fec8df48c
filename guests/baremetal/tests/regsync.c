/*
 * regsync: guest registers stay right where the emulator moves them between
 * its frames and the hart: across traps in the middle of a block, and across
 * calls and returns between code pages, as code turns from cold to hot.
 *
 * Tuber keeps guest registers in per-region frames, loads them lazily in its
 * interpreter and writes back only what a block wrote; compiled code keeps
 * them in host registers.  This test checks the boundaries:
 *  - a trap in the middle of a block (a misaligned AMO) sees the registers
 *    written before it in that block, and a value the handler puts into the
 *    trap frame is what the code reads after it;
 *  - functions on pages of their own (each a region; calls chain regions),
 *    nested, keep the caller's callee-saved registers and return the right
 *    values, over enough iterations that the regions become hot (compiled,
 *    with the Graal compiler) while being checked against the same
 *    arithmetic done inline;
 *  - a register the caller wrote just before calling into a page whose loop
 *    is compiled and entered while it runs (on-stack replacement) is still
 *    there after the return.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define CAUSE_LOAD_MISALIGNED  4
#define CAUSE_STORE_MISALIGNED 6
#define ITERATIONS             20000

#define FAR1 __attribute__((noinline, aligned(4096), section(".text.regsync_far1")))
#define FAR2 __attribute__((noinline, aligned(4096), section(".text.regsync_far2")))
#define INLINE static inline __attribute__((always_inline))

static volatile uint64_t seen_t0, seen_t1, seen_cause;

static int amo_hook(struct trap_frame *f, uint64_t cause)
{
    seen_cause = cause;
    seen_t0 = f->x[5];
    seen_t1 = f->x[6];
    f->x[7] = 0x5eed; /* t2: read back after the trap */
    return TRAP_SKIP;
}

static void trap_in_block(void)
{
    static volatile uint32_t word[2] __attribute__((aligned(8)));
    uint64_t t0, t1, t2;

    trap_exc_hook = amo_hook;
    __asm__ volatile(
        "li     t0, 0x1111\n"
        "li     t1, 0x2222\n"
        "li     t2, 0\n"
        "amoadd.w t2, t1, (%3)\n" /* misaligned: store/AMO address misaligned */
        "addi   t0, t0, 1\n"
        "mv     %0, t0\n"
        "mv     %1, t1\n"
        "mv     %2, t2\n"
        : "=r"(t0), "=r"(t1), "=r"(t2)
        : "r"((uintptr_t)word + 1)
        : "t0", "t1", "t2", "memory");
    trap_exc_hook = 0;

    /* the architected cause is 6 (rv64a checks it); QEMU 7.2 reports 4 (load misaligned) */
    check_either("trap.cause", seen_cause, CAUSE_STORE_MISALIGNED, CAUSE_LOAD_MISALIGNED);
    check("trap.sees_t0_written_before", seen_t0, 0x1111);
    check("trap.sees_t1_written_before", seen_t1, 0x2222);
    check("trap.t0_after", t0, 0x1112);
    check("trap.t1_after", t1, 0x2222);
    check("trap.handler_value_after", t2, 0x5eed);
}

/* the arithmetic of the far functions, for the inline reference */
INLINE uint64_t mix2(uint64_t a, uint64_t b)
{
    uint64_t x = a * 0x9e3779b97f4a7c15ull + b;
    return x ^ (x >> 29) ^ (b << 7);
}

INLINE uint64_t mix1(uint64_t a, uint64_t b, uint64_t c)
{
    return mix2(a ^ c, b + 3) + mix2(b, c ^ 0x55) * 3 + (a >> 3);
}

FAR2 uint64_t far_mix2(uint64_t a, uint64_t b)
{
    return mix2(a, b);
}

FAR1 uint64_t far_mix1(uint64_t a, uint64_t b, uint64_t c)
{
    /* calls into another page and keeps a, b, c live across the calls */
    return far_mix2(a ^ c, b + 3) + far_mix2(b, c ^ 0x55) * 3 + (a >> 3);
}

static void chained_calls(void)
{
    uint64_t s_far = 0, s_ref = 0;
    /* kept in callee-saved registers across the calls */
    uint64_t k1 = 0x0123456789abcdefull, k2 = 0xfedcba9876543210ull, k3 = 7;
    long bad = -1;

    for (long i = 0; i < ITERATIONS; i++) {
        uint64_t got = far_mix1(k1 + i, k2 ^ i, k3 * i);
        uint64_t want = mix1(k1 + i, k2 ^ i, k3 * i);
        s_far += got;
        s_ref += want;
        if (got != want && bad < 0)
            bad = i;
        k1 = k1 * 5 + 1;
        k2 = (k2 >> 1) | (k2 << 63);
        k3 += got & 1;
    }
    check("chain.first_mismatch", (uint64_t)bad, (uint64_t)-1);
    check("chain.sum", s_far, s_ref);
}

#define OSR_LOOP 60000000L

/*
 * far_loop(n) (a page of its own): a loop long enough that Tuber compiles it
 * while it runs and enters the compiled loop (OSR), then, for the first time
 * only after the loop, a call to far_trap on another page. far_trap writes t3
 * (which the loop used) and then takes a trap that the handler skips (a
 * misaligned AMO), and returns t3. The compiled loop leaves compiled code at
 * that call, so the trap is taken while the rest of the loop function runs in
 * the interpreter, with the OSR code's registers in flight. Returns the loop's
 * result in a0 and far_trap's t3 in a1; written in assembly so that the
 * registers are the ones described.
 */
extern uint64_t far_loop(uint64_t n);
volatile uint32_t regsync_word[2] __attribute__((aligned(8)));
__asm__(
    "    .pushsection .text.regsync_far3, \"ax\", @progbits\n"
    "    .balign 4096\n"
    "    .globl far_loop\n"
    "far_loop:\n"
    "    addi    sp, sp, -16\n"
    "    sd      ra, 8(sp)\n"
    "    li      t3, 0\n"
    "    li      t4, 0\n"
    "    beqz    a0, 2f\n"
    "1:  slli    t5, t3, 5\n"
    "    sub     t3, t5, t3\n"
    "    add     t3, t3, t4\n"
    "    addi    t4, t4, 1\n"
    "    bne     t4, a0, 1b\n"
    "2:  mv      a0, t3\n"
    "    li      t6, 77\n"
    "    call    far_trap\n"
    "    ld      ra, 8(sp)\n"
    "    addi    sp, sp, 16\n"
    "    ret\n"
    "    .popsection\n"
    "    .pushsection .text.regsync_far4, \"ax\", @progbits\n"
    "    .balign 4096\n"
    "    .globl far_trap\n"
    "far_trap:\n"
    "    addi    t3, t6, 0x123\n"
    "    la      t5, regsync_word\n"
    "    addi    t5, t5, 1\n"
    "    amoadd.w zero, zero, (t5)\n"
    "    mv      a1, t3\n"
    "    ret\n"
    "    .popsection\n");

static volatile uint64_t skipped_traps;

static int skip_hook(struct trap_frame *f, uint64_t cause)
{
    skipped_traps++;
    return TRAP_SKIP;
}

/*
 * Registers across a loop entered compiled (OSR) and the trap after it: a
 * callee-saved register the caller wrote just before the call, which no code
 * in between touches, and the register far_trap wrote just before its trap.
 */
static void osr_in_callee(void)
{
    static volatile uint64_t seed = 0x5a5a0123;
    uint64_t s9_after, acc, t3_seen;
    uint64_t value = seed;

    trap_exc_hook = skip_hook;
    __asm__ volatile(
        "mv     s9, %3\n"
        "mv     a0, %4\n"
        "call   far_loop\n"
        "mv     %0, s9\n"
        "mv     %1, a0\n"
        "mv     %2, a1\n"
        : "=r"(s9_after), "=r"(acc), "=r"(t3_seen)
        : "r"(value), "r"(OSR_LOOP)
        : "s9", "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6",
          "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "memory");
    uint64_t small, small_t3;
    __asm__ volatile(
        "li     a0, 1000\n"
        "call   far_loop\n"
        "mv     %0, a0\n"
        "mv     %1, a1\n"
        : "=r"(small), "=r"(small_t3)
        :
        : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6",
          "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "memory");
    uint64_t want = 0;
    for (uint64_t i = 0; i < 1000; i++)
        want = want * 31 + i;
    trap_exc_hook = 0;
    check("osr.callee_saved_kept", s9_after, 0x5a5a0123);
    check("osr.long_loop", acc, 0xaac0e736c042c380ull);
    check("osr.trap_after_loop_keeps_t3", t3_seen, 77 + 0x123);
    check("osr.traps_skipped", skipped_traps, 2);
    check("osr.small_loop_agrees", small, want);
    check("osr.small_loop_t3", small_t3, 77 + 0x123);
}

int main(long hartid, void *dtb)
{
    check_begin("regsync");
    trap_install();
    trap_policy = TRAP_FATAL;
    trap_in_block();
    chained_calls();
    osr_in_callee();
    return check_end();
}
