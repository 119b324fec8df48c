/* exit_code: print a line and exit with status 7 (tests/exit_code.exitcode). */
#include "tuber.h"

int main(long hartid, void *dtb)
{
    printf("exit_code: exiting with status %d\n", 7);
    return 7;
}
