/*
 * Self-checking test helpers.
 *
 *   check_begin("rv64m");
 *   check("div.by_zero", got, expected);
 *   return check_end();
 *
 * A mismatch prints "FAIL <test> <case>: got 0x... expected 0x..."; check_end
 * prints "<test>: N checks passed" (plus ", M failed" when something failed)
 * and returns the exit status: 0 if everything passed, 1 otherwise.
 * check() is also callable from assembly: a0 = case name, a1 = got,
 * a2 = expected; it returns 1 on success, 0 on failure.
 */
#ifndef TUBER_CHECK_H
#define TUBER_CHECK_H

#include <stdint.h>

void check_begin(const char *test);
int check(const char *name, uint64_t got, uint64_t expected);
/* Same, with the case name formatted as "<name>[<index>]". */
int check_idx(const char *name, long index, uint64_t got, uint64_t expected);
/* Passes if got equals either of two acceptable values. */
int check_either(const char *name, uint64_t got, uint64_t exp1, uint64_t exp2);
/* Passes if cond is non-zero. */
int check_true(const char *name, int cond);
int check_end(void);
unsigned long check_failures(void);

#endif
