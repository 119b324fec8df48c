/*
 * rvc: the compressed instructions, written out explicitly with their c.
 * mnemonics (the assembler refuses any that cannot be encoded in 16 bits),
 * each result checked.  Also: c.ebreak trapping to a handler, the defined
 * illegal instruction 0x0000, a 32-bit instruction at a 2-byte aligned
 * address (reached by falling through and by a jump), and a 32-bit
 * instruction that straddles a 4 KiB page boundary.
 *
 * Compressed operands use a3..a5, s0, s1 (x8..x15 where the encoding needs
 * them); CHECK clobbers a0..a2 and the other caller-saved registers.
 */
    .option rvc

.macro CHECK name, reg, exp
    mv      a1, \reg
    li      a2, \exp
    .pushsection .rodata.names, "a", @progbits
8:  .asciz  "\name"
    .popsection
    lla     a0, 8b
    call    check
.endm

.macro CHECKR name, reg, expreg
    mv      a1, \reg
    mv      a2, \expreg
    .pushsection .rodata.names, "a", @progbits
8:  .asciz  "\name"
    .popsection
    lla     a0, 8b
    call    check
.endm

    .text
    .globl main
main:
    /* 512 bytes of scratch at 0(sp) for the sp-relative forms, then saves */
    addi    sp, sp, -544
    sd      ra, 536(sp)
    sd      s0, 528(sp)
    sd      s1, 520(sp)
    sd      s2, 512(sp)
    lla     a0, test_name
    call    check_begin
    call    trap_install
    call    trap_reset

    /* ---- c.li / c.lui ------------------------------------------------- */
    c.li    a4, -32
    CHECK   c.li.min, a4, -32
    c.li    a4, 31
    CHECK   c.li.max, a4, 31
    c.li    a4, 0
    CHECK   c.li.zero, a4, 0
    c.lui   a4, 1
    CHECK   c.lui.1, a4, 0x1000
    c.lui   a4, 0x1f
    CHECK   c.lui.max, a4, 0x1f000
    c.lui   a4, 0xfffff
    CHECK   c.lui.neg1, a4, 0xfffffffffffff000
    c.lui   a4, 0xfffe0
    CHECK   c.lui.min, a4, 0xfffffffffffe0000

    /* ---- c.addi / c.addiw / c.nop ---------------------------------------- */
    li      a4, 100
    c.addi  a4, -32
    CHECK   c.addi.neg, a4, 68
    li      a4, 0x7fffffffffffffff
    c.addi  a4, 1
    CHECK   c.addi.wrap, a4, 0x8000000000000000
    li      a4, 0x7fffffff
    c.addiw a4, 1
    CHECK   c.addiw.overflow, a4, 0xffffffff80000000
    li      a4, 0x123456789
    c.addiw a4, 0
    CHECK   c.addiw.sext, a4, 0x23456789
    li      a4, 0
    c.addiw a4, -1
    CHECK   c.addiw.neg, a4, -1
    li      a4, 5
    c.nop
    CHECK   c.nop, a4, 5

    /* ---- stack-pointer forms ---------------------------------------------- */
    /* sp must be back before anything is called, so keep results in s regs */
    mv      s1, sp
    c.addi16sp sp, -64
    sub     s0, s1, sp
    c.addi16sp sp, 496
    sub     s2, sp, s1
    c.addi16sp sp, -432
    sub     a4, sp, s1
    CHECK   c.addi16sp.restore, a4, 0
    CHECK   c.addi16sp.neg, s0, 64
    CHECK   c.addi16sp.pos, s2, 432
    c.addi4spn a4, sp, 8
    sub     a4, a4, sp
    CHECK   c.addi4spn.8, a4, 8
    c.addi4spn a5, sp, 1020
    sub     a5, a5, sp
    CHECK   c.addi4spn.max, a5, 1020

    /* ---- shifts and immediate logic ---------------------------------------- */
    li      a4, 0x8000000000000001
    c.slli  a4, 1
    CHECK   c.slli.1, a4, 2
    li      a4, 1
    c.slli  a4, 63
    CHECK   c.slli.63, a4, 0x8000000000000000
    li      a4, 0x8000000000000000
    c.srli  a4, 63
    CHECK   c.srli.63, a4, 1
    li      a4, -2
    c.srli  a4, 1
    CHECK   c.srli.1, a4, 0x7fffffffffffffff
    li      a4, -2
    c.srai  a4, 1
    CHECK   c.srai.1, a4, -1
    li      a4, 0x8000000000000000
    c.srai  a4, 63
    CHECK   c.srai.63, a4, -1
    li      a4, 0x4000000000000000
    c.srai  a4, 32
    CHECK   c.srai.32, a4, 0x40000000
    li      a4, 0x123456789abcdef0
    c.andi  a4, -32
    CHECK   c.andi.neg, a4, 0x123456789abcdee0
    li      a4, 0x123456789abcdeff
    c.andi  a4, 31
    CHECK   c.andi.pos, a4, 0x1f
    li      a4, -1
    c.andi  a4, 0
    CHECK   c.andi.zero, a4, 0

    /* ---- register-register ---------------------------------------------------- */
    li      a5, 0x1234
    c.mv    a4, a5
    CHECK   c.mv, a4, 0x1234
    li      a4, 40
    li      a5, 2
    c.add   a4, a5
    CHECK   c.add, a4, 42
    li      a4, 40
    li      a5, 50
    c.sub   a4, a5
    CHECK   c.sub, a4, -10
    li      a4, 0xff00
    li      a5, 0x0ff0
    c.xor   a4, a5
    CHECK   c.xor, a4, 0xf0f0
    li      a4, 0xff00
    li      a5, 0x0ff0
    c.or    a4, a5
    CHECK   c.or, a4, 0xfff0
    li      a4, 0xff00
    li      a5, 0x0ff0
    c.and   a4, a5
    CHECK   c.and, a4, 0x0f00
    li      a4, 0x7fffffff
    li      a5, 1
    c.addw  a4, a5
    CHECK   c.addw.overflow, a4, 0xffffffff80000000
    li      a4, 0xffffffff00000002
    li      a5, 0x0000000100000003
    c.addw  a4, a5
    CHECK   c.addw.upper_ignored, a4, 5
    li      a4, 0x80000000
    li      a5, 1
    c.subw  a4, a5
    CHECK   c.subw.overflow, a4, 0x7fffffff
    li      a4, 0
    li      a5, 1
    c.subw  a4, a5
    CHECK   c.subw.neg, a4, -1

    /* ---- jumps and branches ------------------------------------------------------ */
    li      a4, 0
    c.j     1f
    li      a4, 99
1:  CHECK   c.j.forward, a4, 0
    li      a4, 0
    c.j     2f
3:  addi    a4, a4, 1
    c.j     4f
2:  c.j     3b
4:  CHECK   c.j.backward, a4, 1

    li      a4, 0
    lla     a5, 1f
    c.jr    a5
    li      a4, 99
1:  CHECK   c.jr, a4, 0

    lla     a5, leaf_ret_a0_7
    li      a0, 0
    c.jalr  a5
5:  mv      s0, ra
    mv      s1, a0
    CHECK   c.jalr.called, s1, 7
    lla     s1, 5b
    CHECKR  c.jalr.link, s0, s1

    li      a4, 0
    li      s0, 0
    c.beqz  s0, 1f
    li      a4, 99
1:  CHECK   c.beqz.taken, a4, 0
    li      a4, 0
    li      s0, 0x100000000
    c.beqz  s0, 1f
    li      a4, 2
1:  CHECK   c.beqz.not_taken, a4, 2
    li      a4, 0
    li      s0, -1
    c.bnez  s0, 1f
    li      a4, 99
1:  CHECK   c.bnez.taken_neg, a4, 0
    li      a4, 0
    li      s0, 0
    c.bnez  s0, 1f
    li      a4, 2
1:  CHECK   c.bnez.not_taken, a4, 2
    /* backward c.bnez loop: 10 iterations */
    li      s0, 10
    li      a4, 0
1:  c.addi  a4, 3
    c.addi  s0, -1
    c.bnez  s0, 1b
    CHECK   c.bnez.loop, a4, 30

    /* ---- loads and stores --------------------------------------------------------------- */
    lla     s0, cdata
    c.lw    a4, 0(s0)
    CHECK   c.lw.sext, a4, 0xffffffff80000001
    c.lw    a4, 4(s0)
    CHECK   c.lw.pos, a4, 0x7ffffffe
    c.ld    a4, 8(s0)
    CHECK   c.ld, a4, 0x0123456789abcdef
    c.lw    a4, 124(s0)
    CHECK   c.lw.maxoff, a4, 0x12344321
    c.ld    a4, 240(s0)
    CHECK   c.ld.bigoff, a4, 0xfedcba9876543210
    li      a5, 0x1111111122222222
    c.sw    a5, 16(s0)
    ld      a4, 16(s0)
    CHECK   c.sw, a4, 0x5a5a5a5a22222222
    li      a5, 0x3333333344444444
    c.sd    a5, 24(s0)
    ld      a4, 24(s0)
    CHECK   c.sd, a4, 0x3333333344444444

    li      a5, 0x5555555566666666
    c.sdsp  a5, 0(sp)
    c.ldsp  a4, 0(sp)
    CHECK   c.sdsp+c.ldsp, a4, 0x5555555566666666
    li      a5, 0x00000000f7777777
    c.swsp  a5, 8(sp)
    c.lwsp  a4, 8(sp)
    CHECK   c.swsp+c.lwsp.sext, a4, 0xfffffffff7777777
    ld      a4, 0(sp)
    CHECK   c.sdsp.memory, a4, 0x5555555566666666
    li      a5, 0x00000000f7777777
    c.swsp  a5, 252(sp)         /* maximum c.swsp offset */
    lw      a4, 252(sp)
    CHECK   c.swsp.maxoff, a4, 0xfffffffff7777777
    li      a5, 0x0102030405060708
    c.sdsp  a5, 504(sp)
    c.ldsp  a4, 504(sp)
    CHECK   c.sdsp+c.ldsp.maxoff, a4, 0x0102030405060708

    /* floating-point compressed loads/stores (fs0 = f8, fa0 = f10) */
    lla     s0, cdata
    c.fld   fa0, 8(s0)
    fmv.x.d a4, fa0
    CHECK   c.fld, a4, 0x0123456789abcdef
    c.fsd   fa0, 32(s0)
    ld      a4, 32(s0)
    CHECK   c.fsd, a4, 0x0123456789abcdef
    c.fldsp fs0, 0(sp)
    fmv.x.d a4, fs0
    CHECK   c.fldsp, a4, 0x5555555566666666
    c.fsdsp fs0, 16(sp)
    ld      a4, 16(sp)
    CHECK   c.fsdsp, a4, 0x5555555566666666

    /* ---- c.ebreak and the illegal instruction 0x0000 --------------------------------------- */
    lla     s1, trap_count
    ld      s0, 0(s1)
ebreak_at:
    c.ebreak
    ld      a4, 0(s1)
    sub     a4, a4, s0
    CHECK   c.ebreak.trapped, a4, 1
    lla     s2, trap_last
    ld      a4, 0(s2)
    CHECK   c.ebreak.cause, a4, 3
    ld      a4, 8(s2)
    lla     a3, ebreak_at
    CHECKR  c.ebreak.epc, a4, a3
    ld      s0, 0(s1)
illegal_at:
    .half   0x0000
    ld      a4, 0(s1)
    sub     a4, a4, s0
    CHECK   c.illegal.trapped, a4, 1
    lla     s2, trap_last
    ld      a4, 0(s2)
    CHECK   c.illegal.cause, a4, 2
    ld      a4, 8(s2)
    lla     a3, illegal_at
    CHECKR  c.illegal.epc, a4, a3

    /* ---- 32-bit instructions at 2-byte aligned addresses ------------------------------------- */
    .balign 4
    c.nop
    .option push
    .option norvc
odd_insn:
    addi    a4, zero, 123       /* starts at 4n+2 */
    .option pop
    CHECK   insn32.at_4n+2, a4, 123
    lla     a4, odd_insn
    andi    a4, a4, 3
    CHECK   insn32.at_4n+2.address, a4, 2

    li      a4, 0
    jal     ra, odd_target      /* jump to a 4n+2 address */
    CHECK   insn32.jump_to_4n+2, a4, 77

    li      a0, 0
    call    page_cross_insn
    mv      a4, a0
    CHECK   insn32.page_crossing, a4, 0x5a5
    lla     a4, page_cross_insn
    li      a5, 0xfff
    and     a4, a4, a5
    CHECK   insn32.page_crossing.offset, a4, 0xffe

    call    check_end
    ld      ra, 536(sp)
    ld      s0, 528(sp)
    ld      s1, 520(sp)
    ld      s2, 512(sp)
    addi    sp, sp, 544
    ret

leaf_ret_a0_7:
    c.li    a0, 7
    c.jr    ra

    .balign 4
    c.nop
    .option push
    .option norvc
odd_target:
    addi    a4, zero, 77
    .option pop
    c.jr    ra

/* A 32-bit instruction whose first half is the last two bytes of a page. */
    .section .text.pagecross, "ax", @progbits
    .balign 4096
    .rept   2047
    c.nop
    .endr
page_cross_insn:
    .option push
    .option norvc
    addi    a0, zero, 0x5a5
    .option pop
    c.jr    ra

    .section .rodata
test_name:
    .asciz  "rvc"

    .data
    .balign 8
cdata:
    .word   0x80000001
    .word   0x7ffffffe
    .dword  0x0123456789abcdef
    .word   0x5a5a5a5a, 0x5a5a5a5a
    .dword  0
    .dword  0
    .fill   (124 - 40) / 4, 4, 0
    .word   0x12344321
    .fill   (240 - 128) / 4, 4, 0
    .dword  0xfedcba9876543210
