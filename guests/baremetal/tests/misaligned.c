/*
 * misaligned: loads and stores at addresses that are not a multiple of their
 * size.  RISC-V allows an implementation to trap these; QEMU and Tuber
 * perform them, and this test expects that (no trap, correct values).
 *
 *  - lh/lhu/lw/lwu/ld at every misaligned offset within a doubleword, so
 *    that words and doublewords cross an 8-byte boundary, and across a 4 KiB
 *    page boundary; sign and zero extension.
 *  - sh/sw/sd likewise, checking every byte written and the bytes around.
 *  - flw/fld/fsw/fsd misaligned.
 *  - Under Sv39, a doubleword load and store crossing from one virtual page
 *    into the next when the two are mapped to physical pages that are not
 *    adjacent.
 * Expected values are assembled from single bytes.
 */
#include "check.h"
#include "trap.h"
#include "tuber.h"

#define PAGE 4096ul
static volatile uint8_t buf[2 * PAGE] __attribute__((aligned(PAGE)));

static uint8_t byte_pattern(unsigned i)
{
    return (uint8_t)(i * 37 + 0x81);
}

static void refill(void)
{
    for (unsigned i = 0; i < sizeof buf; i++)
        buf[i] = byte_pattern(i);
}

/* little-endian value of n bytes at off, from single-byte reads */
static uint64_t bytes_le(unsigned off, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | buf[off + i];
    return v;
}

static uint64_t sext(uint64_t v, int bits)
{
    uint64_t m = 1ull << (bits - 1);
    v &= (bits == 64) ? ~0ull : ((1ull << bits) - 1);
    return (v ^ m) - m;
}

#define LOAD(insn, addr)                                                      \
    ({                                                                        \
        uint64_t __v;                                                         \
        __asm__ volatile(insn " %0, 0(%1)" : "=r"(__v) : "r"(addr) : "memory"); \
        __v;                                                                  \
    })
#define STORE(insn, addr, val)                                                \
    __asm__ volatile(insn " %0, 0(%1)" ::"r"(val), "r"(addr) : "memory")

static const unsigned offsets[] = {1, 2, 3, 4, 5, 6, 7, 9, 13,
                                   PAGE - 7, PAGE - 6, PAGE - 5, PAGE - 4,
                                   PAGE - 3, PAGE - 2, PAGE - 1};
#define NOFF (sizeof offsets / sizeof offsets[0])

static void test_loads(void)
{
    refill();
    for (unsigned k = 0; k < NOFF; k++) {
        unsigned off = offsets[k];
        const volatile uint8_t *p = &buf[off];
        if (off & 1) {
            check_idx("lh", off, LOAD("lh", p), sext(bytes_le(off, 2), 16));
            check_idx("lhu", off, LOAD("lhu", p), bytes_le(off, 2));
        }
        if (off & 3) {
            check_idx("lw", off, LOAD("lw", p), sext(bytes_le(off, 4), 32));
            check_idx("lwu", off, LOAD("lwu", p), bytes_le(off, 4));
        }
        check_idx("ld", off, LOAD("ld", p), bytes_le(off, 8));
    }
    /* both signs for the sign-extending loads */
    buf[101] = 0xff;
    buf[102] = 0x7f;
    check("lh.positive", LOAD("lh", &buf[101]), 0x7fff);
    buf[102] = 0x80;
    check("lh.negative", LOAD("lh", &buf[101]), 0xffffffffffff80ffull);
    buf[103] = 0x00;
    buf[104] = 0x80;
    check("lw.negative", LOAD("lw", &buf[101]), 0xffffffff800080ffull);
    check("lwu.negative", LOAD("lwu", &buf[101]), 0x800080ffull);
}

static void test_stores(void)
{
    static const uint64_t value = 0x8877665544332211ull;
    static const struct {
        const char *name;
        int size;
    } kinds[] = {{"sh", 2}, {"sw", 4}, {"sd", 8}};
    char name[32];

    for (int kind = 0; kind < 3; kind++) {
        int size = kinds[kind].size;
        for (unsigned k = 0; k < NOFF; k++) {
            unsigned off = offsets[k];
            if ((off & (size - 1)) == 0)
                continue;
            refill();
            volatile uint8_t *p = &buf[off];
            if (size == 2)
                STORE("sh", p, value);
            else if (size == 4)
                STORE("sw", p, value);
            else
                STORE("sd", p, value);
            /* the bytes written, then one byte on each side */
            uint64_t want = size == 8 ? value : value & ((1ull << (8 * size)) - 1);
            snprintf(name, sizeof name, "%s.bytes", kinds[kind].name);
            check_idx(name, off, bytes_le(off, size), want);
            snprintf(name, sizeof name, "%s.before", kinds[kind].name);
            check_idx(name, off, buf[off - 1], byte_pattern(off - 1));
            snprintf(name, sizeof name, "%s.after", kinds[kind].name);
            check_idx(name, off, buf[off + size], byte_pattern(off + size));
        }
    }
}

static void test_fp(void)
{
    refill();
    uint64_t r;
    for (unsigned off = 1; off < 8; off += 3) {
        __asm__ volatile("flw ft0, 0(%1)\n\tfmv.x.d %0, ft0"
                         : "=r"(r) : "r"(&buf[off]) : "ft0", "memory");
        check_idx("flw", off, r, 0xffffffff00000000ull | bytes_le(off, 4));
        __asm__ volatile("fld ft0, 0(%1)\n\tfmv.x.d %0, ft0"
                         : "=r"(r) : "r"(&buf[off]) : "ft0", "memory");
        check_idx("fld", off, r, bytes_le(off, 8));
    }
    __asm__ volatile("fld ft0, 0(%1)\n\tfmv.x.d %0, ft0"
                     : "=r"(r) : "r"(&buf[PAGE - 3]) : "ft0", "memory");
    check("fld.page_crossing", r, bytes_le(PAGE - 3, 8));
    __asm__ volatile("fmv.d.x ft0, %0\n\tfsd ft0, 0(%1)"
                     ::"r"(0x0102030405060708ull), "r"(&buf[PAGE - 5]) : "ft0", "memory");
    check("fsd.page_crossing", bytes_le(PAGE - 5, 8), 0x0102030405060708ull);
    __asm__ volatile("fmv.w.x ft0, %0\n\tfsw ft0, 0(%1)"
                     ::"r"(0xa1b2c3d4ul), "r"(&buf[PAGE - 1]) : "ft0", "memory");
    check("fsw.page_crossing", bytes_le(PAGE - 1, 4), 0xa1b2c3d4ull);
}

/* ---- across non-adjacent physical pages under Sv39 --------------------------- */

typedef uint64_t table_t[512];
static table_t root __attribute__((aligned(PAGE)));
static table_t mid __attribute__((aligned(PAGE)));
static table_t leaf __attribute__((aligned(PAGE)));
static volatile uint8_t phys[3][PAGE] __attribute__((aligned(PAGE)));

#define VA_BASE 0x40000000ul
#define PTE(pa, fl) ((((uint64_t)(uintptr_t)(pa)) >> 12) << 10 | (fl))
#define RWAD 0xc7 /* V R W A D */

/* n bytes at virtual offset off from VA_BASE, read through the two pages */
static uint64_t split_bytes(unsigned off, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) {
        unsigned o = off + i;
        v = (v << 8) | (o < PAGE ? phys[0][o] : phys[2][o - PAGE]);
    }
    return v;
}

static long s_load64(long va)
{
    return (long)*(volatile uint64_t *)va;
}
static long s_store64(long va)
{
    *(volatile uint64_t *)va = 0xc1c2c3c4c5c6c7c8ull;
    return 0;
}
static long s_load32(long va)
{
    return (long)*(volatile int32_t *)va;
}

static void test_split_pages(void)
{
    trap_install();
    pmp_allow_all();
    trap_reset();
    trap_policy = TRAP_ABORT;

    for (unsigned i = 0; i < PAGE; i++) {
        phys[0][i] = (uint8_t)(0x10 + (i & 0xf));
        phys[1][i] = 0xee; /* physically between the two: must not be read */
        phys[2][i] = (uint8_t)(0x30 + (i & 0xf));
    }
    /* VA page 0 -> phys[0], VA page 1 -> phys[2]; the identity gigapage for code */
    leaf[0] = PTE(phys[0], RWAD);
    leaf[1] = PTE(phys[2], RWAD);
    mid[0] = PTE(leaf, 1);
    root[1] = PTE(mid, 1);
    root[2] = PTE(0x80000000ul, RWAD | 0x08);
    csr_write(satp, (8ul << 60) | ((uintptr_t)root >> 12));
    __asm__ volatile("sfence.vma" ::: "memory");

    check("sv39.split.ld", run_in_mode(PRV_S, s_load64, VA_BASE + PAGE - 3),
          split_bytes(PAGE - 3, 8));
    check("sv39.split.lw", run_in_mode(PRV_S, s_load32, VA_BASE + PAGE - 2),
          sext(split_bytes(PAGE - 2, 4), 32));
    check("sv39.split.sd", run_in_mode(PRV_S, s_store64, VA_BASE + PAGE - 5), 0);
    check("sv39.split.sd.bytes", split_bytes(PAGE - 5, 8), 0xc1c2c3c4c5c6c7c8ull);
    check("sv39.split.sd.before", phys[0][PAGE - 6], 0x10 + ((PAGE - 6) & 0xf));
    check("sv39.split.sd.after", phys[2][3], 0x33);
    int untouched = 1;
    for (unsigned i = 0; i < PAGE; i++)
        untouched &= phys[1][i] == 0xee;
    check_true("sv39.split.middle_page_untouched", untouched);
    check("sv39.split.no_trap", trap_count, 0);

    csr_write(satp, 0);
    __asm__ volatile("sfence.vma" ::: "memory");
}

int main(long hartid, void *dtb)
{
    check_begin("misaligned");
    test_loads();
    test_stores();
    test_fp();
    test_split_pages();
    return check_end();
}
