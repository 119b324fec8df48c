/* spike_exit: exit with status 3 through HTIF (tests/spike_exit.exitcode). */
#include "tuber.h"

int main(long hartid, void *dtb)
{
    printf("spike_exit: exiting with status 3\n");
    exit(3);
}
