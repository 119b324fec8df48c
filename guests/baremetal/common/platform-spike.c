/*
 * Platform: spike (QEMU -M spike, or Tuber's spike board).
 *   Console and exit go through HTIF: the host watches the 64-bit word
 *   `tohost` and answers through `fromhost`.  Command word layout:
 *   device << 56 | command << 48 | payload.
 *     device 1 (console), command 1: write payload byte; the host answers.
 *     device 1 (console), command 0: read a byte; the answer carries it.
 *     device 0, payload (code << 1) | 1: exit with code.
 */
#include "tuber.h"

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

const char platform_name[] = "spike";

#define HTIF_CMD(dev, cmd, payload) \
    (((uint64_t)(dev) << 56) | ((uint64_t)(cmd) << 48) | (uint64_t)(payload))

static uint64_t htif_request(uint64_t cmd)
{
    /* The previous request must have been consumed. */
    while (tohost != 0)
        ;
    tohost = cmd;
    uint64_t reply;
    while ((reply = fromhost) == 0)
        ;
    fromhost = 0;
    return reply;
}

void platform_putchar(int c)
{
    htif_request(HTIF_CMD(1, 1, (uint8_t)c));
}

int platform_getchar(void)
{
    return (int)(htif_request(HTIF_CMD(1, 0, 0)) & 0xff);
}

void platform_exit(int code)
{
    while (tohost != 0)
        ;
    tohost = ((uint64_t)(uint32_t)code << 1) | 1;
    for (;;)
        __asm__ volatile("wfi");
}
