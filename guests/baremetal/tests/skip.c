/*
 * skip: conditional branches forward over a few register-only instructions.
 *
 * Tuber keeps such a branch inside its block (the block goes on at the
 * target), and when the branch goes both ways in compiled code it runs the
 * skipped instructions anyway and puts back the registers they wrote if the
 * branch was taken, instead of branching.  Each shape below runs in a loop
 * long enough for its code to be compiled, on data that takes the branch about
 * half the time (and, for one shape, rarely), and is checked against the same
 * function computed without branches.  The instructions retired are checked
 * too: a taken branch retires the instructions it skips no more.
 */
#include "check.h"
#include "tuber.h"

#define ROUNDS 40
#define N      2500

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 17;
}

/* mask of all ones when bit 0 of v is set */
static inline uint64_t ones_if(uint64_t v)
{
    return -(v & 1);
}

/* two instructions skipped, the shape GCC gives a bitwise CRC */
static uint64_t two(uint64_t v, uint64_t k)
{
    uint64_t r;
    __asm__ volatile("mv    %0, %1\n"
                     "andi  t0, %1, 1\n"
                     "beqz  t0, 1f\n"
                     "xor   %0, %0, %2\n"
                     "slli  %0, %0, 3\n"
                     "1:\n"
                     : "=&r"(r)
                     : "r"(v), "r"(k)
                     : "t0");
    return r;
}

static uint64_t two_ref(uint64_t v, uint64_t k)
{
    return v ^ ((((v ^ k) << 3) ^ v) & ones_if(v));
}

/*
 * four instructions (compressed and not) that write the branch's own operand
 * and a second register, and read what the ones before them wrote
 */
static uint64_t four(uint64_t v, uint64_t k, uint64_t *second)
{
    uint64_t a = v, b = k;
    __asm__ volatile("andi  t0, %0, 2\n"
                     "bnez  t0, 1f\n"
                     "addi  %0, %0, 5\n"
                     "add   %1, %1, %0\n"
                     "lui   t0, 0x12345\n"
                     "sub   %0, %1, t0\n"
                     "1:\n"
                     : "+r"(a), "+r"(b)
                     :
                     : "t0");
    *second = b;
    return a;
}

static uint64_t four_ref(uint64_t v, uint64_t k, uint64_t *second)
{
    uint64_t run = -((v >> 1 & 1) ^ 1); /* ones when bit 1 is clear */
    uint64_t b = k + v + 5;
    uint64_t a = b - 0x12345000ull;
    *second = k ^ ((b ^ k) & run);
    return v ^ ((a ^ v) & run);
}

/* a branch to the next instruction: nothing skipped */
static uint64_t none(uint64_t v, uint64_t k)
{
    uint64_t r = v;
    __asm__ volatile("beq   %0, %1, 1f\n"
                     "1:\n"
                     "addi  %0, %0, 1\n"
                     : "+r"(r)
                     : "r"(k));
    return r;
}

/* five instructions: more than stay inside a block; an ordinary branch */
static uint64_t five(uint64_t v)
{
    uint64_t r = v;
    __asm__ volatile("andi  t0, %0, 1\n"
                     "beqz  t0, 1f\n"
                     "addi  %0, %0, 1\n"
                     "addi  %0, %0, 2\n"
                     "addi  %0, %0, 3\n"
                     "addi  %0, %0, 4\n"
                     "addi  %0, %0, 5\n"
                     "1:\n"
                     : "+r"(r)
                     :
                     : "t0");
    return r;
}

/* taken unless the low six bits are all set: compiled as a branch */
static uint64_t rare(uint64_t v)
{
    uint64_t r = v;
    __asm__ volatile("andi  t0, %0, 63\n"
                     "addi  t0, t0, -63\n"
                     "bnez  t0, 1f\n"
                     "slli  %0, %0, 1\n"
                     "1:\n"
                     : "+r"(r)
                     :
                     : "t0");
    return r;
}

/*
 * Instructions retired by a loop of n iterations around a skip of three
 * instructions, taken when bit 0 of the xorshift state v is clear and force is
 * 0; *run counts the iterations that ran them.  The loop is all in one asm
 * statement, so that the count between the two reads of minstret is known: 11
 * instructions per iteration that skips, 14 per iteration that does not, and a
 * constant.
 */
static uint64_t retired(uint64_t n, uint64_t v, uint64_t force, uint64_t *run)
{
    uint64_t before, after, count = 0;
    __asm__ volatile("csrr  %0, minstret\n"
                     "2:\n"
                     "andi  t0, %3, 1\n"
                     "or    t0, t0, %5\n"
                     "beqz  t0, 1f\n"
                     "addi  %2, %2, 1\n"
                     "addi  t1, %3, 3\n"
                     "xor   t1, t1, %2\n"
                     "1:\n"
                     "slli  t0, %3, 13\n"
                     "xor   %3, %3, t0\n"
                     "srli  t0, %3, 7\n"
                     "xor   %3, %3, t0\n"
                     "slli  t0, %3, 17\n"
                     "xor   %3, %3, t0\n"
                     "addi  %4, %4, -1\n"
                     "bnez  %4, 2b\n"
                     "csrr  %1, minstret\n"
                     : "=&r"(before), "=&r"(after), "+r"(count), "+r"(v), "+r"(n)
                     : "r"(force)
                     : "t0", "t1");
    *run = count;
    return after - before;
}

int main(long hartid, void *dtb)
{
    check_begin("skip");
    uint64_t s = 0x5eed;
    uint64_t bad_two = 0, bad_four = 0, bad_second = 0, bad_none = 0, bad_five = 0, bad_rare = 0;
    uint64_t sum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < N; i++) {
            uint64_t v = lcg(&s), k = lcg(&s), b1, b2;
            uint64_t r = two(v, k);
            bad_two += r != two_ref(v, k);
            sum += r;
            r = four(v, k, &b1);
            bad_four += r != four_ref(v, k, &b2);
            bad_second += b1 != b2;
            sum += r + b1;
            bad_none += none(v, i & 1 ? v : k) != v + 1;
            bad_five += five(v) != (v & 1 ? v + 15 : v);
            bad_rare += rare(v) != ((v & 63) == 63 ? v << 1 : v);
        }
    }
    check("two.mismatches", bad_two, 0);
    check("four.mismatches", bad_four, 0);
    check("four.second.mismatches", bad_second, 0);
    check("none.mismatches", bad_none, 0);
    check("five.mismatches", bad_five, 0);
    check("rare.mismatches", bad_rare, 0);
    check_true("sum.nonzero", sum != 0);

    /*
     * Mixed first, so that the loop is compiled while its branch goes both ways;
     * then always skipping and never skipping, over as many iterations.
     */
    uint64_t run, mixed[4];
    uint64_t all = ROUNDS * N;
    for (int round = 0; round < 4; round++) {
        mixed[round] = retired(all, 0x9e3779b97f4a7c15ull + round, 0, &run);
        check_true("retired.mixed.both_ways", run > all / 8 && run < all * 7 / 8);
        mixed[round] -= 3 * run;
    }
    uint64_t skipping = retired(all, 0, 0, &run);
    check("retired.skipping.run", run, 0);
    uint64_t running = retired(all, 0, 1, &run);
    check("retired.running.run", run, all);
    check("retired.difference", running - skipping, 3 * all);
    for (int round = 0; round < 4; round++) {
        check_idx("retired.mixed", round, mixed[round], skipping);
    }
    return check_end();
}
