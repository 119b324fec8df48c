/*
 * zifencei: self-modifying code made visible with fence.i.
 *
 *  1. A function assembled by hand in a RAM buffer ("li a0, N; ret"), called,
 *     rewritten, fence.i, called again; also after 10000 warm-up calls.
 *  2. A 16-bit instruction ("c.li a0, N") rewritten the same way.
 *  3. A counting loop whose increment instruction is patched, both between
 *     runs of 100000 iterations and from a callback in the middle of a run
 *     (the rest of that run must use the new instruction).
 *  4. Straight-line code that patches an instruction a few bytes ahead of
 *     itself, executes fence.i, then runs into it.
 * Instructions are encoded here by hand (see enc_* below).
 */
#include "check.h"
#include "tuber.h"

static inline void fence_i(void)
{
    __asm__ volatile("fence.i" ::: "memory");
}

/* I-type: imm[11:0] rs1 funct3 rd opcode */
static uint32_t enc_itype(unsigned opcode, unsigned rd, unsigned funct3, unsigned rs1,
                          int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) |
           opcode;
}
#define OP_IMM 0x13
#define JALR   0x67
#define REG_RA 1
#define REG_A0 10
#define REG_S4 20
static uint32_t enc_addi(unsigned rd, unsigned rs1, int imm)
{
    return enc_itype(OP_IMM, rd, 0, rs1, imm);
}
static uint32_t enc_ret(void)
{
    return enc_itype(JALR, 0, 0, REG_RA, 0);
}
/* c.li rd, imm: 010 imm[5] rd imm[4:0] 01 */
static uint16_t enc_c_li(unsigned rd, int imm)
{
    return (uint16_t)(0x4001 | (((imm >> 5) & 1) << 12) | (rd << 7) | ((imm & 0x1f) << 2));
}
#define C_JR_RA 0x8082

static volatile uint32_t code_buf[8] __attribute__((aligned(64)));
static volatile uint16_t ccode_buf[8] __attribute__((aligned(64)));

typedef long (*fn0)(void);

static void test_ram_function(void)
{
    fn0 f = (fn0)(uintptr_t)code_buf;

    check("enc.li_a0_1", enc_addi(REG_A0, 0, 1), 0x00100513);
    check("enc.ret", enc_ret(), 0x00008067);

    code_buf[0] = enc_addi(REG_A0, 0, 1);
    code_buf[1] = enc_ret();
    fence_i();
    check("ram_fn.first", f(), 1);

    code_buf[0] = enc_addi(REG_A0, 0, 2);
    fence_i();
    check("ram_fn.rewritten", f(), 2);

    long sum = 0;
    for (int i = 0; i < 10000; i++)
        sum += f();
    check("ram_fn.warm", sum, 20000);
    code_buf[0] = enc_addi(REG_A0, 0, -5);
    fence_i();
    check("ram_fn.after_warm", f(), (uint64_t)-5);

    /* Make it longer: li a0, 40; addi a0, a0, 2; ret */
    code_buf[0] = enc_addi(REG_A0, 0, 40);
    code_buf[1] = enc_addi(REG_A0, REG_A0, 2);
    code_buf[2] = enc_ret();
    fence_i();
    check("ram_fn.longer", f(), 42);

    /* 16-bit instructions */
    fn0 g = (fn0)(uintptr_t)ccode_buf;
    check("enc.c_li_a0_7", enc_c_li(REG_A0, 7), 0x451d);
    ccode_buf[0] = enc_c_li(REG_A0, 7);
    ccode_buf[1] = C_JR_RA;
    fence_i();
    check("ram_cfn.first", g(), 7);
    sum = 0;
    for (int i = 0; i < 10000; i++)
        sum += g();
    check("ram_cfn.warm", sum, 70000);
    ccode_buf[0] = enc_c_li(REG_A0, -3);
    fence_i();
    check("ram_cfn.rewritten", g(), (uint64_t)-3);
}

/*
 * long patch_loop(long n, long k, void (*cb)(void))
 *   acc = 0; for (i = 1; i <= n; i++) { acc += <patch_site>; if (i == k) cb(); }
 * patch_site is "addi s4, s4, 1" until somebody rewrites it.
 */
__asm__(
    "    .text\n"
    "    .balign 4\n"
    "    .globl patch_loop\n"
    "patch_loop:\n"
    "    addi sp, sp, -48\n"
    "    sd   ra, 40(sp)\n"
    "    sd   s0, 32(sp)\n"
    "    sd   s1, 24(sp)\n"
    "    sd   s2, 16(sp)\n"
    "    sd   s3, 8(sp)\n"
    "    sd   s4, 0(sp)\n"
    "    mv   s0, a0\n"
    "    mv   s1, a1\n"
    "    mv   s3, a2\n"
    "    li   s2, 0\n"
    "    li   s4, 0\n"
    "    .option push\n"
    "    .option norvc\n"
    "1:\n"
    "    .globl patch_site\n"
    "patch_site:\n"
    "    addi s4, s4, 1\n"
    "    .option pop\n"
    "    addi s2, s2, 1\n"
    "    bne  s2, s1, 2f\n"
    "    jalr s3\n"
    "2:  blt  s2, s0, 1b\n"
    "    mv   a0, s4\n"
    "    ld   ra, 40(sp)\n"
    "    ld   s0, 32(sp)\n"
    "    ld   s1, 24(sp)\n"
    "    ld   s2, 16(sp)\n"
    "    ld   s3, 8(sp)\n"
    "    ld   s4, 0(sp)\n"
    "    addi sp, sp, 48\n"
    "    ret\n");
long patch_loop(long n, long k, void (*cb)(void));
extern volatile uint32_t patch_site[];

static void set_increment(int imm)
{
    patch_site[0] = enc_addi(REG_S4, REG_S4, imm);
    fence_i();
}
static void cb_to_5(void) { set_increment(5); }
static void cb_to_minus_1(void) { set_increment(-1); }
static void cb_nothing(void) {}

static void test_hot_loop(void)
{
    const long n = 100000;
    check("enc.addi_s4", enc_addi(REG_S4, REG_S4, 1), patch_site[0]);

    check("loop.original", patch_loop(n, -1, cb_nothing), n);
    check("loop.original_again", patch_loop(n, n / 2, cb_nothing), n);

    /* patched between runs */
    set_increment(3);
    check("loop.patched_between_runs", patch_loop(n, -1, cb_nothing), 3 * n);

    /* patched from inside the running loop */
    set_increment(1);
    check("loop.restored", patch_loop(n, -1, cb_nothing), n);
    check("loop.patched_mid_run", patch_loop(n, n / 2, cb_to_5),
          (n / 2) * 1 + (n - n / 2) * 5);
    check("loop.stays_patched", patch_loop(n, -1, cb_nothing), 5 * n);
    check("loop.patched_mid_run_again", patch_loop(n, 9999, cb_to_minus_1),
          9999 * 5 + (n - 9999) * -1);
    set_increment(1);
}

/*
 * long patch_ahead(uint32_t insn): stores insn over "target" (a few
 * instructions ahead in the same straight-line block), fence.i, runs it.
 * The original instruction at target is "li a0, 111".
 */
__asm__(
    "    .text\n"
    "    .balign 4\n"
    "    .globl patch_ahead\n"
    "patch_ahead:\n"
    "    .option push\n"
    "    .option norvc\n"
    "    lla  t0, 3f\n"
    "    sw   a0, 0(t0)\n"
    "    fence.i\n"
    "    nop\n"
    "3:  addi a0, zero, 111\n"
    "    ret\n"
    "    .option pop\n");
long patch_ahead(uint32_t insn);

static void test_patch_ahead(void)
{
    check("ahead.first", patch_ahead(enc_addi(REG_A0, 0, 222)), 222);
    check("ahead.second", patch_ahead(enc_addi(REG_A0, 0, 333)), 333);
    long sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += patch_ahead(enc_addi(REG_A0, 0, i & 7));
    long want = 0;
    for (int i = 0; i < 1000; i++)
        want += i & 7;
    check("ahead.loop", sum, want);
    check("ahead.last", patch_ahead(enc_addi(REG_A0, 0, -7)), (uint64_t)-7);
}

int main(long hartid, void *dtb)
{
    check_begin("zifencei");
    test_ram_function();
    test_hot_loop();
    test_patch_ahead();
    return check_end();
}
