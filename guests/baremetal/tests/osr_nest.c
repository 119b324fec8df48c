/*
 * osr_nest: nested loops whose inner loop a JIT enters on stack (OSR) in the
 * middle of the outer loop, then leaves for the outer loop and enters again.
 * The inner loop calls a function (a guest call), switches through a jump
 * table (an indirect jump inside the page), branches on data and touches
 * memory; the outer loop does work of its own between inner loops.
 *
 * The same computation is done twice: as nested loops, and as one flat loop
 * over every (i, j) pair.  Both must give the value a reference emulator
 * gives (qemu-system-riscv64, and Tuber's interpreter alone).  LauncherIT
 * runs this program with loops compiled early; the golden run mostly
 * interprets it.
 */
#include "check.h"
#include "tuber.h"

#define OUTER 600
#define INNER 90
/* from qemu-system-riscv64 -M virt, and from Tuber with TUBER_COMPILER=none */
#define OSR_NEST_REFERENCE 0x67192ca81f4c7c7aull

static volatile uint32_t table[INNER];

static uint32_t __attribute__((noinline)) weight(uint32_t j)
{
    return (j * 7u) & 15u;
}

/* one step of the inner loop: shared by both shapes through a macro, so
 * that each shape gets its own inlined copy */
#define STEP(sum, i, j)                                                        \
    do {                                                                       \
        (sum) += weight(j);                                                    \
        switch (((i) + (j)) & 7u) {                                            \
        case 0: (sum) += 1; break;                                             \
        case 1: (sum) ^= 3; break;                                             \
        case 2: (sum) += (j); break;                                           \
        case 3: (sum) -= (i); break;                                           \
        case 4: (sum) += table[j]; break;                                      \
        case 5: (sum) = (sum) * 3u; break;                                     \
        case 6: (sum) += (sum) >> 3; break;                                    \
        default: (sum) -= 1; break;                                            \
        }                                                                      \
        if ((j) & 1u)                                                          \
            (sum) += 2;                                                        \
        table[j] = (uint32_t)(sum);                                            \
    } while (0)

static uint64_t __attribute__((noinline)) nested(void)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < OUTER; i++) {
        for (uint32_t j = 0; j < INNER; j++)
            STEP(sum, i, j);
        sum += i ^ (sum >> 7);
    }
    return sum;
}

static uint64_t __attribute__((noinline)) flat(void)
{
    uint64_t sum = 0;
    for (uint32_t k = 0; k < OUTER * INNER; k++) {
        uint32_t i = k / INNER, j = k % INNER;
        STEP(sum, i, j);
        if (j == INNER - 1)
            sum += i ^ (sum >> 7);
    }
    return sum;
}

int main(long hartid, void *dtb)
{
    check_begin("osr_nest");
    for (uint32_t j = 0; j < INNER; j++)
        table[j] = j * 3u;
    uint64_t a = nested();
    for (uint32_t j = 0; j < INNER; j++)
        table[j] = j * 3u;
    uint64_t b = flat();
    check("nested_equals_flat", a, b);
    check("nested_reference", a, OSR_NEST_REFERENCE);
    return check_end();
}
