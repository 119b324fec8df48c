/*
 * Trap framework for tests that provoke exceptions and interrupts, and that
 * run code in S- or U-mode.
 *
 * trap_install() points mtvec at trap_m_entry (and mscratch at a private
 * M-mode trap stack).  Every synchronous exception is recorded in trap_last
 * (cause, epc, tval, previous privilege) and trap_count is incremented; then,
 * unless trap_exc_hook says otherwise, trap_policy decides what happens:
 *   TRAP_SKIP   resume after the faulting instruction (its length is read at
 *               mepc: 2 or 4 bytes).  For instruction fetch faults (causes 1,
 *               12) there is no instruction to skip: execution resumes at the
 *               return address ra, i.e. the faulting call returns.
 *   TRAP_ABORT  abandon the code that run_in_mode() started; run_in_mode()
 *               returns TRAP_ABORTED.
 *   TRAP_FATAL  print the trap and exit(99).
 * Interrupts go to trap_irq_hook (fatal if it is NULL).
 *
 * run_in_mode(mode, fn, arg) calls fn(arg) in PRV_U, PRV_S or PRV_M (through
 * mret) and returns fn's return value once fn returns (fn returns to a
 * trampoline that does "ecall" with a7 = TRAP_MAGIC_RETURN; that ecall is not
 * counted as a trap).  The stack is the caller's unless one is given.
 *
 * An S-mode handler (trap_s_entry, installed by trap_install_s()) mirrors the
 * M one for delegated traps: strap_last/strap_count, strap_policy
 * (TRAP_SKIP or TRAP_FATAL), strap_irq_hook.  A delegated magic-return ecall
 * from U-mode is forwarded to M-mode.
 */
#ifndef TUBER_TRAP_H
#define TUBER_TRAP_H

#include <stdint.h>

#define TRAP_MAGIC_RETURN 0x54554245ul /* "TUBE" */
#define TRAP_ABORTED      ((long)0xdead0bad)

enum trap_action { TRAP_SKIP, TRAP_ABORT, TRAP_FATAL, TRAP_RESUME };

struct trap_frame {
    uint64_t x[32]; /* x[0] unused; x[2] is the trapped sp */
};

struct trap_record {
    uint64_t cause, epc, tval, prev_mode;
};

extern volatile struct trap_record trap_last;
extern volatile unsigned long trap_count;
extern volatile int trap_policy;
/* Return TRAP_SKIP/TRAP_ABORT/TRAP_FATAL/TRAP_RESUME (leave mepc alone), or
 * -1 to fall back to trap_policy.  May modify the frame and mepc. */
extern int (*volatile trap_exc_hook)(struct trap_frame *f, uint64_t cause);
extern void (*volatile trap_irq_hook)(struct trap_frame *f, uint64_t cause);

extern volatile struct trap_record strap_last;
extern volatile unsigned long strap_count;
extern volatile int strap_policy;
extern void (*volatile strap_irq_hook)(struct trap_frame *f, uint64_t cause);

void trap_install(void);
void trap_install_s(void); /* sets stvec/sscratch (callable from M) */
void trap_reset(void);     /* clears records, counts and hooks; SKIP policy */

long run_in_mode(int mode, long (*fn)(long), long arg);
long run_in_mode_ex(int mode, long (*fn)(long), long arg, void *sp,
                    void *return_trampoline);
extern char mode_return_trampoline[];

/* Allow S/U access to all memory through the lowest-priority PMP entry
 * (pmp15 NAPOT over the whole address space).  Needed before running code in
 * S/U mode on harts that implement PMP. */
void pmp_allow_all(void);

/* For interrupt tests: installs the M-mode trap vector, opens PMP, resets the
 * trap records, sends interrupts to hook, parks hart 0's timer (mtimecmp at
 * its maximum) and enables the machine timer interrupt in mie (mstatus.MIE
 * stays as it is). */
void trap_timer_setup(void (*hook)(struct trap_frame *f, uint64_t cause));

void trap_m_entry(void);
void trap_s_entry(void);

#endif
