#include "check.h"
#include "tuber.h"

static const char *test_name = "test";
static unsigned long passed, failed;

void check_begin(const char *test)
{
    test_name = test;
    passed = failed = 0;
}

int check(const char *name, uint64_t got, uint64_t expected)
{
    if (got == expected) {
        passed++;
        return 1;
    }
    failed++;
    printf("FAIL %s %s: got 0x%lx expected 0x%lx\n", test_name, name,
           (unsigned long)got, (unsigned long)expected);
    return 0;
}

int check_idx(const char *name, long index, uint64_t got, uint64_t expected)
{
    if (got == expected) {
        passed++;
        return 1;
    }
    failed++;
    printf("FAIL %s %s[%ld]: got 0x%lx expected 0x%lx\n", test_name, name,
           index, (unsigned long)got, (unsigned long)expected);
    return 0;
}

int check_either(const char *name, uint64_t got, uint64_t exp1, uint64_t exp2)
{
    if (got == exp1 || got == exp2) {
        passed++;
        return 1;
    }
    failed++;
    printf("FAIL %s %s: got 0x%lx expected 0x%lx or 0x%lx\n", test_name, name,
           (unsigned long)got, (unsigned long)exp1, (unsigned long)exp2);
    return 0;
}

int check_true(const char *name, int cond)
{
    return check(name, cond != 0, 1);
}

unsigned long check_failures(void)
{
    return failed;
}

int check_end(void)
{
    if (failed) {
        printf("%s: %lu checks passed, %lu failed\n", test_name, passed, failed);
        return 1;
    }
    printf("%s: %lu checks passed\n", test_name, passed);
    return 0;
}
