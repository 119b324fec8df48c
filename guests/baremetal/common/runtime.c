/*
 * Tuber bare-metal runtime: console output, a small printf, exit, and the
 * handful of libc memory/string functions the compiler may call.
 *
 * printf supports: %d %i %u %x %X %o %c %s %p %% with the length modifiers
 * l, ll, z and h/hh (ignored), a field width (number or *), the flags '0'
 * (zero padding) and '-' (left alignment), and a precision for %s.
 */
#include "tuber.h"

int putchar(int c)
{
    platform_putchar(c & 0xff);
    return c & 0xff;
}

int fputs_console(const char *s)
{
    int n = 0;
    while (*s) {
        putchar(*s++);
        n++;
    }
    return n;
}

int puts(const char *s)
{
    int n = fputs_console(s);
    putchar('\n');
    return n + 1;
}

int getchar(void)
{
    return platform_getchar();
}

void exit(int code)
{
    platform_exit(code);
}

/* ---- formatting ------------------------------------------------------------ */

struct sink {
    char *buf;    /* NULL: console */
    size_t size;  /* capacity of buf including the terminating NUL */
    size_t len;   /* characters produced so far */
};

static void emit(struct sink *s, char c)
{
    if (s->buf == NULL)
        putchar(c);
    else if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void emit_padded(struct sink *s, const char *prefix, const char *digits,
                        int ndigits, int width, int zero, int left)
{
    int plen = 0;
    while (prefix[plen])
        plen++;
    int pad = width - plen - ndigits;
    if (pad < 0)
        pad = 0;
    if (!left && !zero)
        while (pad-- > 0)
            emit(s, ' ');
    for (int i = 0; i < plen; i++)
        emit(s, prefix[i]);
    if (!left && zero)
        while (pad-- > 0)
            emit(s, '0');
    for (int i = 0; i < ndigits; i++)
        emit(s, digits[i]);
    if (left)
        while (pad-- > 0)
            emit(s, ' ');
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
    static const char lower[] = "0123456789abcdef";
    static const char upper[] = "0123456789ABCDEF";

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(s, *fmt);
            continue;
        }
        fmt++;
        int zero = 0, left = 0, width = 0, prec = -1, lng = 0;
        for (;; fmt++) {
            if (*fmt == '0')
                zero = 1;
            else if (*fmt == '-')
                left = 1;
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        for (;; fmt++) {
            if (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' || *fmt == 't')
                lng = 1;
            else if (*fmt != 'h')
                break;
        }

        char digits[24];
        int nd = 0;
        const char *prefix = "";
        unsigned long long v;
        unsigned base = 10;
        const char *set = lower;

        switch (*fmt) {
        case '\0':
            return (int)s->len;
        case '%':
            emit(s, '%');
            continue;
        case 'c': {
            char c = (char)va_arg(ap, int);
            emit_padded(s, "", &c, 1, width, 0, left);
            continue;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (str == NULL)
                str = "(null)";
            int n = 0;
            while (str[n] && (prec < 0 || n < prec))
                n++;
            emit_padded(s, "", str, n, width, 0, left);
            continue;
        }
        case 'd':
        case 'i': {
            long long sv = lng ? va_arg(ap, long) : va_arg(ap, int);
            if (sv < 0) {
                prefix = "-";
                v = 0ull - (unsigned long long)sv;
            } else {
                v = (unsigned long long)sv;
            }
            break;
        }
        case 'u':
            v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            break;
        case 'X':
            set = upper;
            /* fall through */
        case 'x':
            base = 16;
            v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            break;
        case 'o':
            base = 8;
            v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
            break;
        case 'p':
            base = 16;
            v = (unsigned long)va_arg(ap, void *);
            prefix = "0x";
            if (width == 0) {
                width = 18;
                zero = 1;
            }
            break;
        default:
            /* unknown conversion: print it literally */
            emit(s, '%');
            emit(s, *fmt);
            continue;
        }
        char tmp[24];
        int nt = 0;
        do {
            tmp[nt++] = set[v % base];
            v /= base;
        } while (v);
        while (nt)
            digits[nd++] = tmp[--nt];
        emit_padded(s, prefix, digits, nd, width, zero, left);
    }
    return (int)s->len;
}

int vprintf(const char *fmt, va_list ap)
{
    struct sink s = {NULL, 0, 0};
    return format(&s, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = {buf, size, 0};
    int n = format(&s, fmt, ap);
    if (size > 0)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* ---- default trap handler (called from crt0) ---------------------------- */

void __default_trap(unsigned long mcause, unsigned long mepc,
                    unsigned long mtval) __attribute__((noreturn));
void __default_trap(unsigned long mcause, unsigned long mepc,
                    unsigned long mtval)
{
    printf("\nunexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n", mcause,
           mepc, mtval);
    exit(99);
}

/* ---- memory and strings ---------------------------------------------------- */

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}
