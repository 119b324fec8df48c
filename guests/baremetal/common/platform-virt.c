/*
 * Platform: QEMU-compatible "virt" board.
 *   NS16550A UART at 0x10000000 (THR/RBR +0, LSR +5: bit 0 data ready,
 *   bit 5 THR empty); SiFive test finisher at 0x100000.
 */
#include "tuber.h"

#define UART_BASE 0x10000000ul
#define UART_THR  0
#define UART_RBR  0
#define UART_LSR  5
#define LSR_DR    0x01
#define LSR_THRE  0x20

#define FINISHER_BASE 0x100000ul
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u

const char platform_name[] = "virt";

static inline volatile uint8_t *uart(unsigned off)
{
    return (volatile uint8_t *)(UART_BASE + off);
}

void platform_putchar(int c)
{
    while ((*uart(UART_LSR) & LSR_THRE) == 0)
        ;
    *uart(UART_THR) = (uint8_t)c;
}

int platform_getchar(void)
{
    while ((*uart(UART_LSR) & LSR_DR) == 0)
        ;
    return *uart(UART_RBR);
}

void platform_exit(int code)
{
    volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;
    if (code == 0)
        *finisher = FINISHER_PASS;
    else
        *finisher = ((uint32_t)code << 16) | FINISHER_FAIL;
    for (;;)
        __asm__ volatile("wfi");
}
