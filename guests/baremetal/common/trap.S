/*
 * Trap framework, assembly part: M- and S-mode trap entry/exit and
 * run_in_mode.  See trap.h.
 */
#define FRAME_SIZE (32 * 8)
#define MAGIC      0x54554245

    .text

/* Save x1, x3..x31 to 0(sp)..; the caller stores the trapped sp at 16(sp). */
.macro SAVE_REGS
    sd      x1, 1*8(sp)
    sd      x3, 3*8(sp)
    sd      x4, 4*8(sp)
    sd      x5, 5*8(sp)
    sd      x6, 6*8(sp)
    sd      x7, 7*8(sp)
    sd      x8, 8*8(sp)
    sd      x9, 9*8(sp)
    sd      x10, 10*8(sp)
    sd      x11, 11*8(sp)
    sd      x12, 12*8(sp)
    sd      x13, 13*8(sp)
    sd      x14, 14*8(sp)
    sd      x15, 15*8(sp)
    sd      x16, 16*8(sp)
    sd      x17, 17*8(sp)
    sd      x18, 18*8(sp)
    sd      x19, 19*8(sp)
    sd      x20, 20*8(sp)
    sd      x21, 21*8(sp)
    sd      x22, 22*8(sp)
    sd      x23, 23*8(sp)
    sd      x24, 24*8(sp)
    sd      x25, 25*8(sp)
    sd      x26, 26*8(sp)
    sd      x27, 27*8(sp)
    sd      x28, 28*8(sp)
    sd      x29, 29*8(sp)
    sd      x30, 30*8(sp)
    sd      x31, 31*8(sp)
.endm

/* Restore everything but sp (x2), which the caller restores last. */
.macro RESTORE_REGS
    ld      x1, 1*8(sp)
    ld      x3, 3*8(sp)
    ld      x4, 4*8(sp)
    ld      x5, 5*8(sp)
    ld      x6, 6*8(sp)
    ld      x7, 7*8(sp)
    ld      x8, 8*8(sp)
    ld      x9, 9*8(sp)
    ld      x10, 10*8(sp)
    ld      x11, 11*8(sp)
    ld      x12, 12*8(sp)
    ld      x13, 13*8(sp)
    ld      x14, 14*8(sp)
    ld      x15, 15*8(sp)
    ld      x16, 16*8(sp)
    ld      x17, 17*8(sp)
    ld      x18, 18*8(sp)
    ld      x19, 19*8(sp)
    ld      x20, 20*8(sp)
    ld      x21, 21*8(sp)
    ld      x22, 22*8(sp)
    ld      x23, 23*8(sp)
    ld      x24, 24*8(sp)
    ld      x25, 25*8(sp)
    ld      x26, 26*8(sp)
    ld      x27, 27*8(sp)
    ld      x28, 28*8(sp)
    ld      x29, 29*8(sp)
    ld      x30, 30*8(sp)
    ld      x31, 31*8(sp)
.endm

/* ---- M-mode entry: mscratch holds the top of the M trap stack ---------- */
    .balign 4
    .globl trap_m_entry
trap_m_entry:
    csrrw   sp, mscratch, sp
    addi    sp, sp, -FRAME_SIZE
    SAVE_REGS
    csrr    t0, mscratch
    sd      t0, 2*8(sp)
    /* gp may be anything in the trapped code: reload ours. */
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    mv      a0, sp
    call    trap_m_dispatch
    addi    t0, sp, FRAME_SIZE
    csrw    mscratch, t0
    RESTORE_REGS
    ld      sp, 2*8(sp)
    mret

/* ---- S-mode entry: sscratch holds the top of the S trap stack ----------- */
    .balign 4
    .globl trap_s_entry
trap_s_entry:
    csrrw   sp, sscratch, sp
    addi    sp, sp, -FRAME_SIZE
    SAVE_REGS
    csrr    t0, sscratch
    sd      t0, 2*8(sp)
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    mv      a0, sp
    call    trap_s_dispatch
    addi    t0, sp, FRAME_SIZE
    csrw    sscratch, t0
    RESTORE_REGS
    ld      sp, 2*8(sp)
    sret

/*
 * long run_in_mode_ex(int mode, long (*fn)(long), long arg, void *sp,
 *                     void *return_trampoline)
 */
    .globl run_in_mode_ex
run_in_mode_ex:
    lla     t0, mode_ctx
    sd      ra, 0*8(t0)
    sd      sp, 1*8(t0)
    sd      s0, 2*8(t0)
    sd      s1, 3*8(t0)
    sd      s2, 4*8(t0)
    sd      s3, 5*8(t0)
    sd      s4, 6*8(t0)
    sd      s5, 7*8(t0)
    sd      s6, 8*8(t0)
    sd      s7, 9*8(t0)
    sd      s8, 10*8(t0)
    sd      s9, 11*8(t0)
    sd      s10, 12*8(t0)
    sd      s11, 13*8(t0)
    csrr    t1, mstatus
    sd      t1, 14*8(t0)
    li      t1, 1
    sd      t1, 15*8(t0)            /* mode_ctx_active = 1 */

    csrw    mepc, a1
    li      t1, (3 << 11)
    csrc    mstatus, t1
    andi    a0, a0, 3
    slli    a0, a0, 11
    csrs    mstatus, a0             /* MPP = mode */
    bnez    a4, 1f
    lla     a4, mode_return_trampoline
1:  mv      ra, a4
    bnez    a3, 2f
    addi    a3, sp, -256            /* below our frame, 16-byte aligned */
2:  mv      sp, a3
    mv      a0, a2
    mret

    .balign 4
    .globl mode_return_trampoline
mode_return_trampoline:
    li      a7, MAGIC
    ecall
1:  j       1b

/*
 * void trap_return_to_m(long value): called by the dispatcher (in M-mode, on
 * the trap stack) to make the pending run_in_mode_ex() return value.
 */
    .globl trap_return_to_m
trap_return_to_m:
    lla     t0, mode_ctx
    ld      ra, 0*8(t0)
    ld      sp, 1*8(t0)
    ld      s0, 2*8(t0)
    ld      s1, 3*8(t0)
    ld      s2, 4*8(t0)
    ld      s3, 5*8(t0)
    ld      s4, 6*8(t0)
    ld      s5, 7*8(t0)
    ld      s6, 8*8(t0)
    ld      s7, 9*8(t0)
    ld      s8, 10*8(t0)
    ld      s9, 11*8(t0)
    ld      s10, 12*8(t0)
    ld      s11, 13*8(t0)
    sd      zero, 15*8(t0)          /* mode_ctx_active = 0 */
    /* Back to the mstatus interrupt-enable and MPRV state of the caller. */
    ld      t1, 14*8(t0)
    li      t2, (1 << 3) | (1 << 17)
    and     t1, t1, t2
    csrc    mstatus, t2
    csrs    mstatus, t1
    lla     t1, trap_m_stack_top
    csrw    mscratch, t1
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    ret

    .bss
    .balign 16
    .globl mode_ctx
mode_ctx:
    .skip 16 * 8

    .balign 16
trap_m_stack:
    .skip 8192
    .globl trap_m_stack_top
trap_m_stack_top:
    .balign 16
trap_s_stack:
    .skip 8192
    .globl trap_s_stack_top
trap_s_stack_top:
