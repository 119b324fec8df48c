/*
 * uart_echo: read console bytes up to a newline (tests/uart_echo.stdin),
 * print them back upper-cased, then the byte count.  Exercises the UART
 * receive path (LSR.DR polling, RBR) of the virt board.
 */
#include "tuber.h"

int main(long hartid, void *dtb)
{
    char line[128];
    int n = 0;

    printf("uart_echo: ready\n");
    for (;;) {
        int c = getchar();
        if (c == '\n' || c == '\r')
            break;
        if (n < (int)sizeof line - 1)
            line[n++] = (char)c;
    }
    line[n] = '\0';
    for (int i = 0; i < n; i++)
        if (line[i] >= 'a' && line[i] <= 'z')
            line[i] = (char)(line[i] - 'a' + 'A');
    printf("%s\n", line);
    printf("uart_echo: %d bytes\n", n);
    return 0;
}
