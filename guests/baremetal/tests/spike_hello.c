/* spike_hello: console output through HTIF on the spike board, exit 0. */
#include "tuber.h"

int main(long hartid, void *dtb)
{
    printf("spike_hello: hello from hart %ld on %s via HTIF\n", hartid,
           platform_name);
    printf("spike_hello: %d + %d = %d, 0x%08x, [%-6s] [%6s] [%c] %u%%\n", 2, 3,
           2 + 3, 0xbeef, "left", "right", 'z', 100u);
    return 0;
}
