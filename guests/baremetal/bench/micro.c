/*
 * Microbenchmarks of the emulator's hot paths, one per build (MICRO selects it); each runs a
 * fixed amount of guest work and prints a checksum so that the work cannot be optimized away:
 *   alu   - a register-only loop (dispatch of straight-line code and a backward branch)
 *   mem   - loads and stores over a 64 KiB array (the TLB fast path)
 *   call  - calls to small functions in other pages and their returns (leaving and
 *           entering translated regions)
 * Sizes are chosen for several billion guest instructions (seconds under QEMU).
 */
#include "tuber.h"

#ifndef MICRO
#define MICRO 1
#endif

#define PAGE_ALIGNED __attribute__((noinline, aligned(4096)))
#define USED __attribute__((unused))

USED static uint32_t alu(uint32_t n)
{
    uint32_t a = 1, b = 2, c = 3;
    for (uint32_t i = 0; i < n; i++) {
        a = a * 5 + b;
        b ^= a >> 3;
        c += a ^ (b << 1);
    }
    return a ^ b ^ c;
}

static uint32_t buffer[16384];

USED static uint32_t mem(uint32_t rounds)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 16384; i++)
        buffer[i] = i * 2654435761u;
    for (uint32_t r = 0; r < rounds; r++)
        for (uint32_t i = 0; i < 16384; i += 1) {
            uint32_t v = buffer[i];
            sum += v;
            buffer[i] = v + sum;
        }
    return sum;
}

USED PAGE_ALIGNED static uint32_t step_a(uint32_t x) { return x * 3 + 1; }
USED PAGE_ALIGNED static uint32_t step_b(uint32_t x) { return (x >> 1) ^ 0x5bd1e995u; }

USED static uint32_t call(uint32_t n)
{
    uint32_t x = 7;
    for (uint32_t i = 0; i < n; i++)
        x = (x & 1) ? step_a(x) : step_b(x);
    return x;
}

int main(long hartid, void *dtb)
{
    (void)hartid;
    (void)dtb;
#if MICRO == 1
    printf("micro alu: %x\n", alu(1000000000));
#elif MICRO == 2
    printf("micro mem: %x\n", mem(40000));
#else
    printf("micro call: %x\n", call(400000000));
#endif
    return 0;
}
