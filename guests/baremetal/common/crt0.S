/*
 * Tuber bare-metal start-up code (both platforms).
 *
 * Entered in M-mode at 0x80000000 with a0 = hartid, a1 = device tree address
 * (what QEMU's and Tuber's reset vectors pass).  Every hart gets its own
 * 16 KiB stack; hart 0 clears .bss, then calls main(hartid, dtb) and exits
 * with its return value.  Harts 1..3 wait until .bss is clear and then call
 * secondary_main(hartid, dtb) if the program defines it, otherwise they sleep
 * in a wfi loop.  Harts beyond MAX_HARTS sleep immediately.
 */
#define MAX_HARTS  4
#define STACK_SIZE (16 * 1024)

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop

    /* No interrupts, the default trap handler, FPU on (FS = Initial). */
    csrw    mie, zero
    lla     t0, __default_trap_entry
    csrw    mtvec, t0
    li      t0, (1 << 13)
    csrs    mstatus, t0
    csrw    fcsr, zero

    li      t0, MAX_HARTS
    bgeu    a0, t0, __park

    /* sp = __stacks_base + (hartid + 1) * STACK_SIZE */
    lla     sp, __stacks_base
    addi    t0, a0, 1
    li      t1, STACK_SIZE
    mul     t0, t0, t1
    add     sp, sp, t0

    bnez    a0, 2f

    /* Boot hart: clear .bss (8-byte aligned, size a multiple of 16). */
    lla     t0, __bss_start
    lla     t1, __bss_end
1:  bgeu    t0, t1, 1f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
1:
    fence   rw, rw
    lla     t0, __boot_ready
    li      t1, 1
    sw      t1, 0(t0)

    call    main
    call    exit            /* a0 = main's return value; does not return */
    j       __park

    /* Secondary harts: wait for the boot hart, then secondary_main if any. */
2:  lla     t0, __boot_ready
3:  lw      t1, 0(t0)
    beqz    t1, 3b
    fence   r, rw
    lla     t0, __secondary_main_ptr
    ld      t0, 0(t0)
    beqz    t0, __park
    jalr    t0

    .globl __park
__park:
    wfi
    j       __park

/*
 * Default M-mode trap handler: report and exit(99).  It switches to the top of
 * this hart's boot stack because the trapping code's sp may be anything.
 */
    .balign 4
    .globl __default_trap_entry
__default_trap_entry:
    csrr    t0, mhartid
    li      t1, MAX_HARTS
    bltu    t0, t1, 1f
    li      t0, 0
1:  addi    t0, t0, 1
    li      t1, STACK_SIZE
    mul     t0, t0, t1
    lla     sp, __stacks_base
    add     sp, sp, t0
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    call    __default_trap
    j       __park

    .section .data, "aw", @progbits
    .balign 8
__boot_ready:
    .word   0
    .word   0
__secondary_main_ptr:
    .weak   secondary_main
    .dword  secondary_main
