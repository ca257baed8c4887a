/* buf.h - a growable byte buffer (malloc-backed) for building output and lines.
 * Functions return 0 on success and -1 when memory runs out; the buffer is then
 * left as it was before the call. */
#ifndef KH_BUF_H
#define KH_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct kh_buf {
    char *data;   /* always NUL-terminated when len > 0 or after any append */
    size_t len, cap;
} kh_buf;

#define KH_BUF_INIT {NULL, 0, 0}

int  kh_buf_reserve(kh_buf *b, size_t extra);
int  kh_buf_append(kh_buf *b, const void *p, size_t n);
int  kh_buf_puts(kh_buf *b, const char *s);
int  kh_buf_putc(kh_buf *b, char c);
int  kh_buf_printf(kh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int  kh_buf_vprintf(kh_buf *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included (s is UTF-8, n bytes). */
int  kh_buf_json_str(kh_buf *b, const char *s, size_t n);
/* Appends s with tabs and newlines replaced by spaces (for TSV fields). */
int  kh_buf_tsv_field(kh_buf *b, const char *s);
void kh_buf_clear(kh_buf *b);
void kh_buf_free(kh_buf *b);

#endif
