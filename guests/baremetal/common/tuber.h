/*
 * Tuber bare-metal guest runtime: public interface.
 *
 * One runtime, two platforms chosen at build time (PLATFORM_VIRT or
 * PLATFORM_SPIKE, see the Makefile).  Everything here is freestanding: no
 * libc, no heap, no locks.  Output is unbuffered and goes straight to the
 * platform console (NS16550A on virt, HTIF on spike).
 */
#ifndef TUBER_H
#define TUBER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_HARTS 4

/* ---- console and exit ---------------------------------------------------- */
int putchar(int c);
int puts(const char *s);           /* appends '\n', like the C library one */
int fputs_console(const char *s);  /* no newline */
int getchar(void);                 /* blocks until a byte arrives */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void exit(int code) __attribute__((noreturn));

/* ---- memory and strings (the compiler may emit calls to these) ----------- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* ---- platform hooks (common/platform-*.c) --------------------------------- */
void platform_putchar(int c);
int platform_getchar(void);
void platform_exit(int code) __attribute__((noreturn));
extern const char platform_name[];

/* ---- CSR access ------------------------------------------------------------ */
#define TUBER_STR_(x) #x
#define TUBER_STR(x) TUBER_STR_(x)

#define csr_read(csr)                                                    \
    ({                                                                   \
        unsigned long __v;                                               \
        __asm__ volatile("csrr %0, " TUBER_STR(csr) : "=r"(__v)::"memory"); \
        __v;                                                             \
    })
#define csr_write(csr, val)                                              \
    __asm__ volatile("csrw " TUBER_STR(csr) ", %0" ::"rK"((unsigned long)(val)) \
                     : "memory")
#define csr_set(csr, val)                                                \
    __asm__ volatile("csrs " TUBER_STR(csr) ", %0" ::"rK"((unsigned long)(val)) \
                     : "memory")
#define csr_clear(csr, val)                                              \
    __asm__ volatile("csrc " TUBER_STR(csr) ", %0" ::"rK"((unsigned long)(val)) \
                     : "memory")
#define csr_swap(csr, val)                                               \
    ({                                                                   \
        unsigned long __v;                                               \
        __asm__ volatile("csrrw %0, " TUBER_STR(csr) ", %1"              \
                         : "=r"(__v)                                     \
                         : "rK"((unsigned long)(val))                    \
                         : "memory");                                    \
        __v;                                                             \
    })

/* mstatus / sstatus fields */
#define MSTATUS_SIE   (1ul << 1)
#define MSTATUS_MIE   (1ul << 3)
#define MSTATUS_SPIE  (1ul << 5)
#define MSTATUS_MPIE  (1ul << 7)
#define MSTATUS_SPP   (1ul << 8)
#define MSTATUS_MPP   (3ul << 11)
#define MSTATUS_FS    (3ul << 13)
#define MSTATUS_MPRV  (1ul << 17)
#define MSTATUS_SUM   (1ul << 18)
#define MSTATUS_MXR   (1ul << 19)
#define MSTATUS_TVM   (1ul << 20)
#define MSTATUS_TW    (1ul << 21)
#define MSTATUS_TSR   (1ul << 22)
#define MSTATUS_SD    (1ul << 63)

/* interrupt numbers (mip/mie bits, mcause low bits) */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define IRQ_SEI 9
#define IRQ_MEI 11
#define CAUSE_INTERRUPT (1ul << 63)

/* exception causes */
#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_LOAD_MISALIGNED  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* ---- time ------------------------------------------------------------------ */
/* Both platforms have a SiFive-style CLINT at 0x2000000 ticking at 10 MHz. */
#define CLINT_BASE      0x2000000ul
#define CLINT_MSIP(h)   (CLINT_BASE + 4ul * (h))
#define CLINT_MTIMECMP(h) (CLINT_BASE + 0x4000ul + 8ul * (h))
#define CLINT_MTIME     (CLINT_BASE + 0xBFF8ul)
#define TIMEBASE_HZ     10000000ul

static inline uint64_t rdtime(void) { return csr_read(time); }
static inline uint64_t rdcycle(void) { return csr_read(cycle); }
static inline uint64_t rdinstret(void) { return csr_read(instret); }
static inline uint64_t clint_mtime(void)
{
    return *(volatile uint64_t *)CLINT_MTIME;
}
static inline void clint_set_mtimecmp(unsigned hart, uint64_t v)
{
    *(volatile uint64_t *)CLINT_MTIMECMP(hart) = v;
}
static inline void clint_set_msip(unsigned hart, unsigned v)
{
    *(volatile uint32_t *)CLINT_MSIP(hart) = v;
}
static inline uint32_t clint_get_msip(unsigned hart)
{
    return *(volatile uint32_t *)CLINT_MSIP(hart);
}

/* ---- program entry points ------------------------------------------------ */
int main(long hartid, void *dtb);
/* Optional: if a program defines it, harts 1..MAX_HARTS-1 call it once the
 * boot hart has cleared .bss; otherwise they sleep forever in wfi. */
void secondary_main(long hartid, void *dtb) __attribute__((weak));

#endif
