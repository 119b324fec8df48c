/*
 * rv64i: the RV64I base instructions, each checked with edge cases.
 *
 * Everything here is assembled without the C extension (.option norvc) so
 * that the 32-bit encodings are the ones exercised.  Operands go in t1/t2,
 * results in t3; CHECK hands (name, got, expected) to check() in check.c.
 */
    .option norvc

/* CHECK name, reg, expected-constant */
.macro CHECK name, reg, exp
    mv      a1, \reg
    li      a2, \exp
    .pushsection .rodata.names, "a", @progbits
8:  .asciz  "\name"
    .popsection
    lla     a0, 8b
    call    check
.endm

/* CHECKR name, reg, expected-register (neither may be a0..a2) */
.macro CHECKR name, reg, expreg
    mv      a1, \reg
    mv      a2, \expreg
    .pushsection .rodata.names, "a", @progbits
8:  .asciz  "\name"
    .popsection
    lla     a0, 8b
    call    check
.endm

/* register-register: t3 = op(a, b) */
.macro RR name, op, a, b, exp
    li      t1, \a
    li      t2, \b
    \op     t3, t1, t2
    CHECK   \name, t3, \exp
.endm

/* register-register with rd == rs1 and rd == rs2 */
.macro RR_ALIAS name, op, a, b, exp
    li      t1, \a
    li      t2, \b
    \op     t1, t1, t2
    CHECK   \name\()_rd_rs1, t1, \exp
    li      t1, \a
    li      t2, \b
    \op     t2, t1, t2
    CHECK   \name\()_rd_rs2, t2, \exp
.endm

/* register-immediate: t3 = op(a, imm) */
.macro RI name, op, a, imm, exp
    li      t1, \a
    \op     t3, t1, \imm
    CHECK   \name, t3, \exp
.endm

/* branch: t3 = 1 if taken, 2 if not */
.macro BR name, op, a, b, exp
    li      t1, \a
    li      t2, \b
    li      t3, 0
    \op     t1, t2, 1f
    li      t3, 2
    j       2f
1:  li      t3, 1
2:  CHECK   \name, t3, \exp
.endm

/* load: t3 = op off(base) with base = label + bias (macro names are
 * case-insensitive in gas, hence not "LD") */
.macro TLOAD name, op, label, bias, off, exp
    lla     t1, \label
    addi    t1, t1, \bias
    \op     t3, \off(t1)
    CHECK   \name, t3, \exp
.endm

    .text
    .globl main
main:
    addi    sp, sp, -16
    sd      ra, 8(sp)
    sd      s1, 0(sp)
    lla     a0, test_name
    call    check_begin

    /* ---- add / sub / addi -------------------------------------------- */
    RR  add.small,      add, 3, 4, 7
    RR  add.neg,        add, -5, 3, -2
    RR  add.wrap,       add, 0x7fffffffffffffff, 1, 0x8000000000000000
    RR  add.carryout,   add, 0xffffffffffffffff, 1, 0
    RR_ALIAS add,       add, 40, 2, 42
    RR  sub.small,      sub, 10, 3, 7
    RR  sub.neg,        sub, 0, 1, -1
    RR  sub.wrap,       sub, 0x8000000000000000, 1, 0x7fffffffffffffff
    RR_ALIAS sub,       sub, 50, 8, 42
    RI  addi.pos,       addi, 1, 2047, 2048
    RI  addi.neg,       addi, 1, -2048, -2047
    RI  addi.zero,      addi, 0x123456789abcdef0, 0, 0x123456789abcdef0
    RI  addi.wrap,      addi, 0x7fffffffffffffff, 1, 0x8000000000000000

    /* ---- W forms: 32-bit result, sign-extended --------------------------- */
    RR  addw.small,     addw, 3, 4, 7
    RR  addw.overflow,  addw, 0x7fffffff, 1, 0xffffffff80000000
    RR  addw.upper_ignored, addw, 0xffffffff00000001, 0x0000000100000002, 3
    RR  addw.neg,       addw, -1, -1, -2
    RR  subw.small,     subw, 10, 3, 7
    RR  subw.neg,       subw, 0, 1, -1
    RR  subw.overflow,  subw, 0x80000000, 1, 0x7fffffff
    RR  subw.upper_ignored, subw, 0x1234567800000005, 0x8765432100000003, 2
    RI  addiw.overflow, addiw, 0x7fffffff, 1, 0xffffffff80000000
    RI  addiw.sext,     addiw, 0x123456789, 0, 0x23456789
    RI  addiw.sext_neg, addiw, 0xffffffff, 0, -1
    RI  addiw.neg,      addiw, 0, -2048, -2048
    RI  addiw.pos,      addiw, 0xfffffffffffff800, 2047, -1

    /* ---- shifts ------------------------------------------------------------ */
    RR  sll.0,          sll, 0x8000000000000001, 0, 0x8000000000000001
    RR  sll.1,          sll, 0x8000000000000001, 1, 2
    RR  sll.31,         sll, 1, 31, 0x80000000
    RR  sll.63,         sll, 1, 63, 0x8000000000000000
    RR  sll.mask64,     sll, 3, 64, 3
    RR  sll.mask65,     sll, 3, 65, 6
    RR  srl.0,          srl, 0x8000000000000000, 0, 0x8000000000000000
    RR  srl.31,         srl, 0x8000000000000000, 31, 0x100000000
    RR  srl.63,         srl, 0x8000000000000000, 63, 1
    RR  srl.mask,       srl, 0x8000000000000000, 0x7f, 1
    RR  sra.0,          sra, 0x8000000000000000, 0, 0x8000000000000000
    RR  sra.31,         sra, 0x8000000000000000, 31, 0xffffffff00000000
    RR  sra.63,         sra, 0x8000000000000000, 63, -1
    RR  sra.63pos,      sra, 0x7fffffffffffffff, 63, 0
    RR  sra.mask,       sra, -256, 0x44, -16
    RR_ALIAS sll,       sll, 21, 1, 42
    RI  slli.0,         slli, 0x8000000000000001, 0, 0x8000000000000001
    RI  slli.31,        slli, 3, 31, 0x180000000
    RI  slli.63,        slli, 3, 63, 0x8000000000000000
    RI  srli.0,         srli, -1, 0, -1
    RI  srli.31,        srli, -1, 31, 0x1ffffffff
    RI  srli.63,        srli, -1, 63, 1
    RI  srai.0,         srai, 0x8000000000000000, 0, 0x8000000000000000
    RI  srai.31,        srai, 0x8000000000000000, 31, 0xffffffff00000000
    RI  srai.63,        srai, 0x8000000000000000, 63, -1
    RI  srai.pos,       srai, 0x4000000000000000, 62, 1
    RR  sllw.0,         sllw, 0xffffffff00000001, 0, 1
    RR  sllw.31,        sllw, 1, 31, 0xffffffff80000000
    RR  sllw.mask32,    sllw, 5, 32, 5
    RR  sllw.mask33,    sllw, 5, 33, 10
    RR  srlw.0,         srlw, 0x80000000, 0, 0xffffffff80000000
    RR  srlw.1,         srlw, 0x80000000, 1, 0x40000000
    RR  srlw.31,        srlw, -1, 31, 1
    RR  srlw.mask,      srlw, 0x80000000, 0x21, 0x40000000
    RR  sraw.0,         sraw, 0x7fffffff80000000, 0, 0xffffffff80000000
    RR  sraw.31,        sraw, 0x80000000, 31, -1
    RR  sraw.4,         sraw, 0x80000000, 4, 0xfffffffff8000000
    RR  sraw.pos,       sraw, 0xffffffff40000000, 30, 1
    RI  slliw.0,        slliw, 0x100000001, 0, 1
    RI  slliw.31,       slliw, 3, 31, 0xffffffff80000000
    RI  slliw.sext,     slliw, 0x00000000c0000000, 1, 0xffffffff80000000
    RI  srliw.0,        srliw, 0xffffffff, 0, -1
    RI  srliw.1,        srliw, 0x80000000, 1, 0x40000000
    RI  srliw.31,       srliw, 0xfffffffffffffffe, 31, 1
    RI  sraiw.0,        sraiw, 0x12345678, 0, 0x12345678
    RI  sraiw.4,        sraiw, 0x7fffffff80000000, 4, 0xfffffffff8000000
    RI  sraiw.31,       sraiw, 0x80000000, 31, -1
    RI  sraiw.31pos,    sraiw, 0xffffffff7fffffff, 31, 0

    /* ---- comparisons -------------------------------------------------------- */
    RR  slt.neg_pos,    slt, -1, 1, 1
    RR  slt.pos_neg,    slt, 1, -1, 0
    RR  slt.equal,      slt, 5, 5, 0
    RR  slt.minmax,     slt, 0x8000000000000000, 0x7fffffffffffffff, 1
    RR  sltu.neg_pos,   sltu, -1, 1, 0
    RR  sltu.pos_neg,   sltu, 1, -1, 1
    RR  sltu.equal,     sltu, 5, 5, 0
    RR  sltu.minmax,    sltu, 0x8000000000000000, 0x7fffffffffffffff, 0
    RR_ALIAS slt,       slt, -7, -6, 1
    RI  slti.neg,       slti, -1, 0, 1
    RI  slti.pos,       slti, 1, 0, 0
    RI  slti.immneg,    slti, -2048, -2047, 1
    RI  slti.equal,     slti, 2047, 2047, 0
    RI  sltiu.seqz0,    sltiu, 0, 1, 1
    RI  sltiu.seqz5,    sltiu, 5, 1, 0
    RI  sltiu.immsext,  sltiu, 0x7fffffffffffffff, -1, 1
    RI  sltiu.max,      sltiu, -1, -1, 0
    RI  sltiu.big,      sltiu, 0x8000000000000000, 2047, 0

    /* ---- logic -------------------------------------------------------------- */
    RR  and,            and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00
    RR  or,             or,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0
    RR  xor,            xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0
    RR_ALIAS xor,       xor, 0x55, 0x7f, 0x2a
    RI  andi.neg,       andi, 0x12345678ff, -256, 0x1234567800
    RI  andi.pos,       andi, -1, 0x7ff, 0x7ff
    RI  ori.neg,        ori, 0, -1, -1
    RI  ori.pos,        ori, 0x8000000000000000, 0x555, 0x8000000000000555
    RI  xori.not,       xori, 0x0123456789abcdef, -1, 0xfedcba9876543210
    RI  xori.neg,       xori, 0xff, -2048, 0xfffffffffffff8ff

    /* ---- lui / auipc -------------------------------------------------------- */
    lui     t3, 0x12345
    CHECK   lui.pos, t3, 0x12345000
    lui     t3, 0x80000
    CHECK   lui.sext, t3, 0xffffffff80000000
    lui     t3, 0xfffff
    CHECK   lui.allones, t3, 0xfffffffffffff000
    lui     t3, 0x7ffff
    CHECK   lui.max, t3, 0x7ffff000
    lui     t3, 0
    CHECK   lui.zero, t3, 0

    /* auipc against the link value of a jal to the same address */
    jal     t4, 1f
1:  auipc   t3, 0
    CHECKR  auipc.0, t3, t4
    jal     t4, 1f
1:  auipc   t3, 1
    li      t5, 0x1000
    add     t4, t4, t5
    CHECKR  auipc.pos, t3, t4
    jal     t4, 1f
1:  auipc   t3, 0xfffff
    li      t5, -0x1000
    add     t4, t4, t5
    CHECKR  auipc.neg, t3, t4
    jal     t4, 1f
1:  auipc   t3, 0x80000
    li      t5, 0xffffffff80000000
    add     t4, t4, t5
    CHECKR  auipc.sext, t3, t4

    /* ---- branches ------------------------------------------------------------ */
    BR  beq.taken,      beq, -3, -3, 1
    BR  beq.not,        beq, -3, 3, 2
    BR  beq.upper,      beq, 0x100000000, 0, 2
    BR  bne.taken,      bne, 1, -1, 1
    BR  bne.not,        bne, 0x8000000000000000, 0x8000000000000000, 2
    BR  blt.taken_neg,  blt, -2, -1, 1
    BR  blt.taken_mix,  blt, -1, 1, 1
    BR  blt.not_mix,    blt, 1, -1, 2
    BR  blt.not_equal,  blt, 7, 7, 2
    BR  blt.minmax,     blt, 0x8000000000000000, 0x7fffffffffffffff, 1
    BR  bge.taken_equal, bge, -7, -7, 1
    BR  bge.taken_mix,  bge, 1, -1, 1
    BR  bge.not_mix,    bge, -1, 1, 2
    BR  bge.not_neg,    bge, -2, -1, 2
    BR  bltu.taken,     bltu, 1, -1, 1
    BR  bltu.not,       bltu, -1, 1, 2
    BR  bltu.not_equal, bltu, 9, 9, 2
    BR  bltu.zero,      bltu, 0, 0x8000000000000000, 1
    BR  bgeu.taken,     bgeu, -1, 1, 1
    BR  bgeu.taken_equal, bgeu, 9, 9, 1
    BR  bgeu.not,       bgeu, 1, -1, 2
    BR  bgeu.not_zero,  bgeu, 0, 1, 2

    /* backward branches: sum 1..10 with bne, count -5..-1 with blt */
    li      t1, 10
    li      t3, 0
1:  add     t3, t3, t1
    addi    t1, t1, -1
    bne     t1, zero, 1b
    CHECK   branch.backward_bne, t3, 55
    li      t1, -5
    li      t3, 0
1:  addi    t3, t3, 1
    addi    t1, t1, 1
    blt     t1, zero, 1b
    CHECK   branch.backward_blt, t3, 5
    li      t1, 0
    li      t2, 3
    li      t3, 0
1:  addi    t3, t3, 2
    addi    t1, t1, 1
    bltu    t1, t2, 1b
    CHECK   branch.backward_bltu, t3, 6

    /* ---- jal / jalr ------------------------------------------------------------- */
    li      t3, 0
    jal     t0, 1f
2:  li      t3, 99              /* skipped */
1:  lla     t4, 2b
    CHECKR  jal.link, t0, t4
    CHECK   jal.skipped, t3, 0

    /* jal backward: jump back to a stub that returns through the link */
    li      t3, 0
    j       2f
3:  addi    t3, t3, 5
    jalr    zero, 0(t0)
2:  jal     t0, 3b
4:  CHECK   jal.backward, t3, 5
    lla     t4, 4b
    CHECKR  jal.backward_link, t0, t4

    /* jal x0 (plain jump) does not write x0 */
    j       1f
    li      t3, 99
1:  CHECK   jal.x0, x0, 0

    li      t3, 0
    lla     t1, 1f
    jalr    t0, 0(t1)
2:  li      t3, 99              /* skipped */
1:  lla     t4, 2b
    CHECKR  jalr.link, t0, t4
    CHECK   jalr.skipped, t3, 0

    /* jalr clears bit 0 of the target */
    li      t3, 0
    lla     t1, 1f
    addi    t1, t1, 1
    jalr    t0, 0(t1)
    li      t3, 99
1:  CHECK   jalr.lsb_reg, t3, 0
    li      t3, 0
    lla     t1, 1f
    jalr    t0, 1(t1)
    li      t3, 99
1:  CHECK   jalr.lsb_imm, t3, 0
    li      t3, 0
    lla     t1, 1f
    addi    t1, t1, 11
    jalr    t0, -10(t1)
    li      t3, 99
1:  CHECK   jalr.neg_imm, t3, 0

    /* jalr with rd == rs1 uses the old rs1 value */
    li      t3, 0
    lla     t1, 1f
    jalr    t1, 0(t1)
2:  li      t3, 99
1:  lla     t4, 2b
    CHECKR  jalr.rd_eq_rs1, t1, t4
    CHECK   jalr.rd_eq_rs1_skipped, t3, 0

    /* jalr as a call and return */
    li      t3, 0
    lla     t1, leaf_add5
    jalr    ra, 0(t1)
    CHECK   jalr.call, t3, 5

    /* ---- loads ------------------------------------------------------------------ */
    TLOAD lb.neg,         lb,  ldata, 0, 0, 0xffffffffffffff80
    TLOAD lb.pos,         lb,  ldata, 0, 1, 0x7f
    TLOAD lbu.neg,        lbu, ldata, 0, 0, 0x80
    TLOAD lb.last,        lb,  ldata, 0, 15, 0x01
    TLOAD lb.hi,          lb,  ldata, 0, 7, 0xffffffffffffff80
    TLOAD lh.pos,         lh,  ldata, 0, 0, 0x7f80
    TLOAD lh.neg,         lh,  ldata, 0, 2, 0xffffffffffff8000
    TLOAD lhu.neg,        lhu, ldata, 0, 2, 0x8000
    TLOAD lh.hi,          lh,  ldata, 0, 14, 0x0123
    TLOAD lw.neg,         lw,  ldata, 0, 0, 0xffffffff80007f80
    TLOAD lwu.neg,        lwu, ldata, 0, 0, 0x80007f80
    TLOAD lw.hi,          lw,  ldata, 0, 4, 0xffffffff80000000
    TLOAD lwu.hi,         lwu, ldata, 0, 4, 0x80000000
    TLOAD lw.pos,         lw,  ldata, 0, 12, 0x01234567
    TLOAD ld.0,           ld,  ldata, 0, 0, 0x8000000080007f80
    TLOAD ld.8,           ld,  ldata, 0, 8, 0x0123456789abcdef
    TLOAD lw.negoff,      lw,  ldata, 8, -4, 0xffffffff80000000
    TLOAD lbu.negoff,     lbu, ldata, 16, -8, 0xef
    TLOAD lhu.negoff,     lhu, ldata, 16, -2, 0x0123
    TLOAD ld.negoff,      ld,  ldata, 2040, -2032, 0x0123456789abcdef
    TLOAD lb.bigoff,      lb,  ldata, -2047, 2047, 0xffffffffffffff80

    /* load with rd == rs1 */
    lla     t1, ldata
    ld      t1, 8(t1)
    li      t4, 0x0123456789abcdef
    CHECKR  ld.rd_eq_rs1, t1, t4

    /* ---- stores -------------------------------------------------------------------- */
    lla     s1, sdata
    li      t1, 0x1122334455667788
    sd      t1, 0(s1)
    ld      t3, 0(s1)
    CHECK   sd, t3, 0x1122334455667788
    li      t1, 0x77777777777777ab
    sb      t1, 1(s1)
    ld      t3, 0(s1)
    CHECK   sb, t3, 0x112233445566ab88
    li      t1, 0xffffffffffffcdef
    sh      t1, 2(s1)
    ld      t3, 0(s1)
    CHECK   sh, t3, 0x11223344cdefab88
    li      t1, 0x7777777789abcdef
    sw      t1, 4(s1)
    ld      t3, 0(s1)
    CHECK   sw, t3, 0x89abcdefcdefab88
    ld      t3, 8(s1)
    CHECK   store.neighbour_untouched, t3, 0x5a5a5a5a5a5a5a5a
    addi    t1, s1, 16
    li      t2, 0x42
    sb      t2, -9(t1)
    ld      t3, 0(s1)
    CHECK   sb.negoff, t3, 0x42abcdefcdefab88
    li      t2, -1
    sw      t2, -8(t1)
    ld      t3, 8(s1)
    CHECK   sw.negoff, t3, 0x5a5a5a5affffffff
    li      t2, 0
    sh      t2, -4(t1)
    ld      t3, 8(s1)
    CHECK   sh.negoff, t3, 0x5a5a0000ffffffff
    sd      zero, -16(t1)
    ld      t3, 0(s1)
    CHECK   sd.zero, t3, 0

    /* ---- writes to x0 are ignored ---------------------------------------------------- */
    addi    x0, x0, 5
    CHECK   x0.addi, x0, 0
    lui     x0, 0x12345
    CHECK   x0.lui, x0, 0
    auipc   x0, 1
    CHECK   x0.auipc, x0, 0
    li      t1, 7
    add     x0, t1, t1
    CHECK   x0.add, x0, 0
    lla     t1, ldata
    ld      x0, 0(t1)
    CHECK   x0.ld, x0, 0
    lb      x0, 0(t1)
    CHECK   x0.lb, x0, 0
    jal     x0, 1f
1:  CHECK   x0.jal, x0, 0
    lla     t1, 1f
    jalr    x0, 0(t1)
1:  CHECK   x0.jalr, x0, 0
    slli    x0, t1, 3
    CHECK   x0.slli, x0, 0
    /* x0 as a source always reads 0 */
    li      t1, 9
    add     t3, x0, t1
    CHECK   x0.source, t3, 9
    sub     t3, x0, t1
    CHECK   x0.neg, t3, -9

    /* ---- fence ------------------------------------------------------------------------- */
    lla     t1, sdata
    li      t2, 0x600d
    sd      t2, 0(t1)
    fence
    fence   rw, rw
    fence   r, r
    fence   w, w
    fence   iorw, iorw
    fence   rw, w
    fence.tso
    ld      t3, 0(t1)
    CHECK   fence.values, t3, 0x600d
    CHECK   fence.regs, t2, 0x600d

    call    check_end
    ld      s1, 0(sp)
    ld      ra, 8(sp)
    addi    sp, sp, 16
    ret

/* leaf routine for the jalr call test: t3 += 5 */
leaf_add5:
    addi    t3, t3, 5
    ret

    .section .rodata
test_name:
    .asciz  "rv64i"

    .data
    .balign 8
ldata:
    .dword  0x8000000080007f80
    .dword  0x0123456789abcdef
sdata:
    .dword  0x5a5a5a5a5a5a5a5a
    .dword  0x5a5a5a5a5a5a5a5a
