/*
 * rv64m: multiply and divide, including the W forms, division by zero
 * (quotient all ones, remainder = dividend, no trap) and signed overflow
 * (most-negative / -1 = most-negative, remainder 0).  Expected values were
 * computed independently from the ISA manual's definitions (exact integer
 * arithmetic), not from an emulator.
 */
#include "check.h"
#include "tuber.h"

#define OP(name)                                                          \
    static uint64_t F_##name(uint64_t a, uint64_t b)                      \
    {                                                                     \
        uint64_t r;                                                       \
        __asm__ volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
        return r;                                                         \
    }
OP(mul) OP(mulh) OP(mulhsu) OP(mulhu)
OP(div) OP(divu) OP(rem) OP(remu)
OP(mulw) OP(divw) OP(divuw) OP(remw) OP(remuw)

struct mcase {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t);
    uint64_t a, b, expected;
};

static const struct mcase cases[] = {
    {"mul.small", F_mul, 0x0000000000000003ull, 0x0000000000000007ull, 0x0000000000000015ull},
    {"mul.neg_neg", F_mul, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000001ull},
    {"mul.neg_pos", F_mul, 0xfffffffffffffffdull, 0x0000000000000005ull, 0xfffffffffffffff1ull},
    {"mul.wrap", F_mul, 0x7fffffffffffffffull, 0x0000000000000002ull, 0xfffffffffffffffeull},
    {"mul.min_neg1", F_mul, 0x8000000000000000ull, 0xffffffffffffffffull, 0x8000000000000000ull},
    {"mul.big", F_mul, 0x123456789abcdef0ull, 0x0fedcba987654321ull, 0x2236d88fe5618cf0ull},
    {"mul.zero", F_mul, 0x0000000000000000ull, 0xffffffffffffffffull, 0x0000000000000000ull},
    {"mulh.min_min", F_mulh, 0x8000000000000000ull, 0x8000000000000000ull, 0x4000000000000000ull},
    {"mulh.neg1_neg1", F_mulh, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000000ull},
    {"mulh.neg1_1", F_mulh, 0xffffffffffffffffull, 0x0000000000000001ull, 0xffffffffffffffffull},
    {"mulh.max_max", F_mulh, 0x7fffffffffffffffull, 0x7fffffffffffffffull, 0x3fffffffffffffffull},
    {"mulh.min_max", F_mulh, 0x8000000000000000ull, 0x7fffffffffffffffull, 0xc000000000000000ull},
    {"mulh.big", F_mulh, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 0xffeb49923cc09532ull},
    {"mulh.small", F_mulh, 0x0000000000000003ull, 0x0000000000000007ull, 0x0000000000000000ull},
    {"mulhsu.neg1_umax", F_mulhsu, 0xffffffffffffffffull, 0xffffffffffffffffull, 0xffffffffffffffffull},
    {"mulhsu.min_umax", F_mulhsu, 0x8000000000000000ull, 0xffffffffffffffffull, 0x8000000000000000ull},
    {"mulhsu.max_umax", F_mulhsu, 0x7fffffffffffffffull, 0xffffffffffffffffull, 0x7ffffffffffffffeull},
    {"mulhsu.neg_small", F_mulhsu, 0xfffffffffffffffeull, 0x0000000000000003ull, 0xffffffffffffffffull},
    {"mulhsu.pos_big", F_mulhsu, 0x0000000000000002ull, 0x8000000000000000ull, 0x0000000000000001ull},
    {"mulhsu.big", F_mulhsu, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x121fa00ad77d7422ull},
    {"mulhu.max_max", F_mulhu, 0xffffffffffffffffull, 0xffffffffffffffffull, 0xfffffffffffffffeull},
    {"mulhu.max_2", F_mulhu, 0xffffffffffffffffull, 0x0000000000000002ull, 0x0000000000000001ull},
    {"mulhu.min_min", F_mulhu, 0x8000000000000000ull, 0x8000000000000000ull, 0x4000000000000000ull},
    {"mulhu.big", F_mulhu, 0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x121fa00ad77d7422ull},
    {"mulhu.small", F_mulhu, 0x0000000000000003ull, 0x0000000000000007ull, 0x0000000000000000ull},
    {"div.pos_pos", F_div, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000003ull},
    {"div.neg_pos", F_div, 0xfffffffffffffff9ull, 0x0000000000000002ull, 0xfffffffffffffffdull},
    {"div.pos_neg", F_div, 0x0000000000000007ull, 0xfffffffffffffffeull, 0xfffffffffffffffdull},
    {"div.neg_neg", F_div, 0xfffffffffffffff9ull, 0xfffffffffffffffeull, 0x0000000000000003ull},
    {"div.by_zero", F_div, 0x000000000000002aull, 0x0000000000000000ull, 0xffffffffffffffffull},
    {"div.neg_by_zero", F_div, 0xffffffffffffffd6ull, 0x0000000000000000ull, 0xffffffffffffffffull},
    {"div.overflow", F_div, 0x8000000000000000ull, 0xffffffffffffffffull, 0x8000000000000000ull},
    {"div.min_by_1", F_div, 0x8000000000000000ull, 0x0000000000000001ull, 0x8000000000000000ull},
    {"div.small_big", F_div, 0x0000000000000003ull, 0x7fffffffffffffffull, 0x0000000000000000ull},
    {"divu.pos_pos", F_divu, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000003ull},
    {"divu.neg1_2", F_divu, 0xffffffffffffffffull, 0x0000000000000002ull, 0x7fffffffffffffffull},
    {"divu.by_zero", F_divu, 0x000000000000002aull, 0x0000000000000000ull, 0xffffffffffffffffull},
    {"divu.min_neg1", F_divu, 0x8000000000000000ull, 0xffffffffffffffffull, 0x0000000000000000ull},
    {"divu.big", F_divu, 0xffffffffffffffffull, 0x0000000000000003ull, 0x5555555555555555ull},
    {"rem.pos_pos", F_rem, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000001ull},
    {"rem.neg_pos", F_rem, 0xfffffffffffffff9ull, 0x0000000000000002ull, 0xffffffffffffffffull},
    {"rem.pos_neg", F_rem, 0x0000000000000007ull, 0xfffffffffffffffeull, 0x0000000000000001ull},
    {"rem.neg_neg", F_rem, 0xfffffffffffffff9ull, 0xfffffffffffffffeull, 0xffffffffffffffffull},
    {"rem.by_zero", F_rem, 0x000000000000002aull, 0x0000000000000000ull, 0x000000000000002aull},
    {"rem.neg_by_zero", F_rem, 0xffffffffffffffd6ull, 0x0000000000000000ull, 0xffffffffffffffd6ull},
    {"rem.overflow", F_rem, 0x8000000000000000ull, 0xffffffffffffffffull, 0x0000000000000000ull},
    {"rem.exact", F_rem, 0xfffffffffffffff4ull, 0x0000000000000004ull, 0x0000000000000000ull},
    {"remu.pos_pos", F_remu, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000001ull},
    {"remu.neg1_10", F_remu, 0xffffffffffffffffull, 0x000000000000000aull, 0x0000000000000005ull},
    {"remu.by_zero", F_remu, 0xffffffffffffffd6ull, 0x0000000000000000ull, 0xffffffffffffffd6ull},
    {"remu.small_big", F_remu, 0x0000000000000005ull, 0xffffffffffffffffull, 0x0000000000000005ull},
    {"mulw.small", F_mulw, 0x0000000000000003ull, 0x0000000000000007ull, 0x0000000000000015ull},
    {"mulw.overflow", F_mulw, 0x000000007fffffffull, 0x0000000000000002ull, 0xfffffffffffffffeull},
    {"mulw.upper_ignored", F_mulw, 0xffffffff00000003ull, 0x1234567800000005ull, 0x000000000000000full},
    {"mulw.neg", F_mulw, 0xfffffffffffffffdull, 0x0000000000000005ull, 0xfffffffffffffff1ull},
    {"mulw.sext", F_mulw, 0x0000000000010000ull, 0x0000000000008000ull, 0xffffffff80000000ull},
    {"mulw.wrap", F_mulw, 0x0000000012345678ull, 0x000000009abcdef0ull, 0x00000000242d2080ull},
    {"divw.pos_pos", F_divw, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000003ull},
    {"divw.neg_pos", F_divw, 0xfffffffffffffff9ull, 0x0000000000000002ull, 0xfffffffffffffffdull},
    {"divw.by_zero", F_divw, 0x000000000000002aull, 0x0000000000000000ull, 0xffffffffffffffffull},
    {"divw.overflow", F_divw, 0x0000000080000000ull, 0xffffffffffffffffull, 0xffffffff80000000ull},
    {"divw.overflow_upper", F_divw, 0x1234567880000000ull, 0x00000000ffffffffull, 0xffffffff80000000ull},
    {"divw.upper_ignored", F_divw, 0x0000000100000007ull, 0x0000000f00000002ull, 0x0000000000000003ull},
    {"divw.neg_neg", F_divw, 0xfffffffffffffff9ull, 0xfffffffffffffffeull, 0x0000000000000003ull},
    {"divuw.pos_pos", F_divuw, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000003ull},
    {"divuw.by_zero", F_divuw, 0x000000000000002aull, 0x0000000000000000ull, 0xffffffffffffffffull},
    {"divuw.sext", F_divuw, 0x0000000080000000ull, 0x0000000000000001ull, 0xffffffff80000000ull},
    {"divuw.upper_ignored", F_divuw, 0xffffffff00000010ull, 0x0000000100000004ull, 0x0000000000000004ull},
    {"divuw.neg1", F_divuw, 0x00000000ffffffffull, 0x0000000000000001ull, 0xffffffffffffffffull},
    {"divuw.big", F_divuw, 0x00000000fffffffeull, 0x0000000000000002ull, 0x000000007fffffffull},
    {"remw.pos_pos", F_remw, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000001ull},
    {"remw.neg_pos", F_remw, 0xfffffffffffffff9ull, 0x0000000000000002ull, 0xffffffffffffffffull},
    {"remw.pos_neg", F_remw, 0x0000000000000007ull, 0xfffffffffffffffeull, 0x0000000000000001ull},
    {"remw.by_zero", F_remw, 0x0000000080000001ull, 0x0000000000000000ull, 0xffffffff80000001ull},
    {"remw.by_zero_upper", F_remw, 0x1234567800000005ull, 0x000000ff00000000ull, 0x0000000000000005ull},
    {"remw.overflow", F_remw, 0x0000000080000000ull, 0xffffffffffffffffull, 0x0000000000000000ull},
    {"remuw.pos_pos", F_remuw, 0x0000000000000007ull, 0x0000000000000002ull, 0x0000000000000001ull},
    {"remuw.by_zero", F_remuw, 0x0000000080000000ull, 0x0000000000000000ull, 0xffffffff80000000ull},
    {"remuw.by_zero_upper", F_remuw, 0xabcdef0012345678ull, 0x0000000100000000ull, 0x0000000012345678ull},
    {"remuw.big", F_remuw, 0x00000000ffffffffull, 0x0000000000000010ull, 0x000000000000000full},
    {"remuw.sext", F_remuw, 0x0000000080000005ull, 0x0000000080000006ull, 0xffffffff80000005ull},
};

int main(long hartid, void *dtb)
{
    check_begin("rv64m");
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(cases[i].name, cases[i].fn(cases[i].a, cases[i].b),
              cases[i].expected);

    /* Destination aliasing a source. */
    uint64_t x = 0xfffffffffffffff9ull; /* -7 */
    __asm__ volatile("div %0, %0, %1" : "+r"(x) : "r"(2ul));
    check("div.rd_eq_rs1", x, (uint64_t)-3);
    x = 9;
    __asm__ volatile("mul %0, %0, %0" : "+r"(x));
    check("mul.rd_eq_rs1_eq_rs2", x, 81);
    x = 0x80000000ull;
    __asm__ volatile("remuw %0, %1, %0" : "+r"(x) : "r"(0x80000007ull));
    check("remuw.rd_eq_rs2", x, 7);

    /* Sources from x0. */
    uint64_t r;
    __asm__ volatile("div %0, %1, zero" : "=r"(r) : "r"(5ul));
    check("div.x0_divisor", r, ~0ull);
    __asm__ volatile("rem %0, %1, zero" : "=r"(r) : "r"(-5l));
    check("rem.x0_divisor", r, (uint64_t)-5);
    __asm__ volatile("mulh %0, zero, %1" : "=r"(r) : "r"(-5l));
    check("mulh.x0", r, 0);

    return check_end();
}
