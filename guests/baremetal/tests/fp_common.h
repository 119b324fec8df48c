/*
 * Shared by rv64f.c and rv64d.c: the table format produced by
 * scripts/gen-fp-cases.py and the loop that runs it.  Each case sets frm
 * (used by the "dyn" cases), clears fflags, runs one instruction through a
 * wrapper that moves its operands in with fmv.d.x and its result out with
 * fmv.x.d (so single-precision results are checked with their NaN-boxing),
 * then checks the result register and the accrued flags.
 */
#ifndef FP_COMMON_H
#define FP_COMMON_H

#include "check.h"
#include "tuber.h"

struct fp_case {
    const char *name;
    uint64_t (*fn)(uint64_t a, uint64_t b, uint64_t c);
    uint64_t ops[3];
    unsigned frm;
    uint64_t expected;
    unsigned flags;
};

#define FFLAGS_NX 0x01
#define FFLAGS_UF 0x02
#define FFLAGS_OF 0x04
#define FFLAGS_DZ 0x08
#define FFLAGS_NV 0x10

static void run_fp_cases(const struct fp_case *cases, unsigned n)
{
    char name[64];
    for (unsigned i = 0; i < n; i++) {
        const struct fp_case *c = &cases[i];
        csr_write(frm, c->frm);
        csr_write(fflags, 0);
        uint64_t r = c->fn(c->ops[0], c->ops[1], c->ops[2]);
        uint64_t fl = csr_read(fflags);
        check(c->name, r, c->expected);
        snprintf(name, sizeof name, "%s/fflags", c->name);
        check(name, fl, c->flags);
    }
    csr_write(frm, 0);
    csr_write(fflags, 0);
}

#endif
