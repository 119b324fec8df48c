/*
 * irreducible: loops entered at more than one block, as optimizing compilers
 * make them out of state machines (jump threading) and rotated loops.
 *
 * scan() is a three-state machine over a byte buffer, written in assembly so
 * that its shape is exactly this: the loop of the states is entered at S0 or
 * at S1 depending on the first byte, S2 holds a loop of its own (so no single
 * state heads the rest), and every state can follow every other.  A JIT that
 * needs reducible loops must copy blocks to get them; the copies must compute
 * what the original does.  scan_c() is the same machine in C, compiled by GCC
 * to whatever shape it likes.  Both run over a buffer that changes between
 * calls; each call's result must agree, and the sum over all calls must be
 * the value a reference emulator gives.  LauncherIT runs this program with
 * loops compiled early; the golden run mostly interprets it.
 */
#include "check.h"
#include "tuber.h"

#define LEN 160
#define CALLS 1500
/* from qemu-system-riscv64 -M virt, and from Tuber with TUBER_COMPILER=none */
#define IRREDUCIBLE_REFERENCE 0xb1e4a53ce00d4cb3ull

static uint8_t buf[LEN];

/* uint64_t scan(const uint8_t *p, uint64_t len) */
__asm__(
    "    .text\n"
    "    .globl scan\n"
    "scan:\n"
    "    li t0, 0\n"          /* checksum */
    "    li t1, 0\n"          /* index */
    "    lbu t2, 0(a0)\n"
    "    andi t3, t2, 1\n"
    "    bnez t3, S1\n"       /* second entry into the loop */
    "S0:\n"
    "    addi t1, t1, 1\n"
    "    bgeu t1, a1, done\n"
    "    add t4, a0, t1\n"
    "    lbu t2, 0(t4)\n"
    "    add t0, t0, t2\n"
    "    andi t3, t2, 3\n"
    "    beqz t3, S2\n"
    "S1:\n"
    "    addi t1, t1, 1\n"
    "    bgeu t1, a1, done\n"
    "    add t4, a0, t1\n"
    "    lbu t2, 0(t4)\n"
    "    xor t0, t0, t2\n"
    "    slli t5, t0, 1\n"
    "    srli t6, t0, 63\n"
    "    or t0, t5, t6\n"     /* rotate left by one */
    "    andi t3, t2, 2\n"
    "    bnez t3, S0\n"
    "S2:\n"
    "    andi t5, t2, 7\n"
    "S2_loop:\n"             /* a loop inside the loop */
    "    beqz t5, S2_next\n"
    "    addi t0, t0, 3\n"
    "    addi t5, t5, -1\n"
    "    j S2_loop\n"
    "S2_next:\n"
    "    addi t1, t1, 1\n"
    "    bgeu t1, a1, done\n"
    "    add t4, a0, t1\n"
    "    lbu t2, 0(t4)\n"
    "    andi t3, t2, 4\n"
    "    bnez t3, S1\n"
    "    j S0\n"
    "done:\n"
    "    mv a0, t0\n"
    "    ret\n");

uint64_t scan(const uint8_t *p, uint64_t len);

static uint64_t __attribute__((noinline)) scan_c(const uint8_t *p, uint64_t len)
{
    uint64_t sum = 0, i = 0;
    uint8_t c = p[0];
    int state = (c & 1) ? 1 : 0;
    for (;;) {
        if (state == 2) {
            for (unsigned k = c & 7; k; k--)
                sum += 3;
        }
        if (++i >= len)
            return sum;
        c = p[i];
        switch (state) {
        case 0:
            sum += c;
            state = (c & 3) == 0 ? 2 : 1;
            break;
        case 1:
            sum ^= c;
            sum = (sum << 1) | (sum >> 63);
            state = (c & 2) ? 0 : 2;
            break;
        default:
            state = (c & 4) ? 1 : 0;
            break;
        }
    }
}

int main(long hartid, void *dtb)
{
    check_begin("irreducible");
    uint32_t st = 0x2545u;
    for (int i = 0; i < LEN; i++) {
        st = st * 1103515245u + 12345u;
        buf[i] = (uint8_t)(st >> 16);
    }
    uint64_t total = 0;
    int mismatches = 0;
    for (int n = 0; n < CALLS; n++) {
        uint64_t a = scan(buf, LEN), b = scan_c(buf, LEN);
        mismatches += a != b;
        total += a;
        st = st * 1103515245u + 12345u;
        buf[(st >> 8) % LEN] = (uint8_t)(st >> 20);
    }
    check("mismatches", mismatches, 0);
    check("total", total, IRREDUCIBLE_REFERENCE);
    return check_end();
}
