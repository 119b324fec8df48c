/*
 * The guest Tuber boots when started without arguments (virt board, bare
 * metal): a banner, the hart id, the ISA decoded from misa, an ASCII-art
 * Mandelbrot set computed in double precision, and the first 20 primes.
 * The output depends only on the machine (misa), never on timing; it runs in
 * well under a million instructions and exits 0 through the test finisher.
 */
#include "tuber.h"

static void print_isa(void)
{
    unsigned long misa = csr_read(misa);
    static const char *const xlen[4] = {"rv??", "rv32", "rv64", "rv128"};
    /* canonical order of the single-letter extensions, then the rest */
    static const char order[] = "IEMAFDQLCBKJTPVHGNORWXYZ";
    char isa[40];
    int n = 0;

    for (const char *p = order; *p; p++)
        if (misa & (1ul << (*p - 'A')))
            isa[n++] = (char)(*p - 'A' + 'a');
    isa[n] = '\0';
    printf("isa:  %s%s\n", xlen[misa >> 62], isa);
    printf("modes: M%s%s\n", (misa & (1ul << ('S' - 'A'))) ? " S" : "",
           (misa & (1ul << ('U' - 'A'))) ? " U" : "");
}

static void mandelbrot(void)
{
    static const char shade[] = " .:-=+*o#%@";
    static const int thresholds[] = {3, 4, 5, 6, 8, 10, 13, 18, 26, 40};
    const int width = 60, height = 20, max_iter = 100;
    const double x0 = -2.1, x1 = 0.7, y0 = -1.2, y1 = 1.2;

    for (int row = 0; row < height; row++) {
        char line[64];
        double ci = y0 + (y1 - y0) * (row + 0.5) / height;
        for (int col = 0; col < width; col++) {
            double cr = x0 + (x1 - x0) * (col + 0.5) / width;
            double zr = 0.0, zi = 0.0;
            int it = 0;
            while (it < max_iter && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                it++;
            }
            /* escape time -> shade, roughly logarithmic */
            int idx = 0;
            while (idx < (int)sizeof shade - 2 && it >= thresholds[idx])
                idx++;
            line[col] = it == max_iter ? '@' : shade[idx];
        }
        line[width] = '\0';
        printf("  |%s|\n", line);
    }
}

static void primes(void)
{
    printf("primes:");
    int count = 0;
    for (int n = 2; count < 20; n++) {
        int prime = 1;
        for (int d = 2; d * d <= n; d++)
            if (n % d == 0) {
                prime = 0;
                break;
            }
        if (prime) {
            printf(" %d", n);
            count++;
        }
    }
    printf("\n");
}

int main(long hartid, void *dtb)
{
    printf("\n");
    printf("Tuber \xe2\x80\x94 RISC-V on Truffle\n");
    printf("=========================\n");
    printf("hart: %ld\n", hartid);
    print_isa();
    printf("mandelbrot (double precision):\n");
    mandelbrot();
    primes();
    printf("bye\n");
    return 0;
}
