/* buf.c - growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kh_buf_reserve(kh_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int kh_buf_append(kh_buf *b, const void *p, size_t n)
{
    if (kh_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int kh_buf_puts(kh_buf *b, const char *s) { return kh_buf_append(b, s, strlen(s)); }
int kh_buf_putc(kh_buf *b, char c) { return kh_buf_append(b, &c, 1); }

int kh_buf_vprintf(kh_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || kh_buf_reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int kh_buf_printf(kh_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = kh_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

int kh_buf_json_str(kh_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (kh_buf_reserve(b, n + 2) < 0 || kh_buf_putc(b, '"') < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int r;
        switch (c) {
        case '"':  r = kh_buf_append(b, "\\\"", 2); break;
        case '\\': r = kh_buf_append(b, "\\\\", 2); break;
        case '\n': r = kh_buf_append(b, "\\n", 2); break;
        case '\r': r = kh_buf_append(b, "\\r", 2); break;
        case '\t': r = kh_buf_append(b, "\\t", 2); break;
        default:
            if (c < 0x20) {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                r = kh_buf_append(b, u, 6);
            } else {
                r = kh_buf_putc(b, (char)c);
            }
        }
        if (r < 0)
            return -1;
    }
    return kh_buf_putc(b, '"');
}

int kh_buf_tsv_field(kh_buf *b, const char *s)
{
    for (; s && *s; s++)
        if (kh_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s) < 0)
            return -1;
    return 0;
}

void kh_buf_clear(kh_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void kh_buf_free(kh_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
