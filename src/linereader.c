/* linereader.c - bounded streaming line reader (see linereader.h).
 *
 * The buffer holds [pos, end) of unread bytes. It starts small and doubles up
 * to max_line + 1; when a line does not fit, the reader switches to discarding
 * until the next newline, so memory stays bounded whatever the input. */
#include "linereader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct kh_linereader {
    FILE *f;
    int fd;               /* the stream's descriptor, or -1 (memory streams) */
    char *buf;
    size_t cap, pos, end;
    size_t max_line;
    long lineno;
    int eof, error, no_newline;
};

kh_linereader *kh_lr_new(FILE *f, size_t max_line)
{
    kh_linereader *lr = calloc(1, sizeof *lr);
    if (!lr)
        return NULL;
    lr->f = f;
    /* Unread bytes already buffered by stdio would be lost to read(2). */
    lr->fd = fileno(f);
    lr->max_line = max_line ? max_line : (size_t)16 << 20;
    lr->cap = lr->max_line + 1 < 65536 ? lr->max_line + 1 : 65536;
    lr->buf = malloc(lr->cap);
    if (!lr->buf) {
        free(lr);
        return NULL;
    }
    return lr;
}

void kh_lr_free(kh_linereader *lr)
{
    if (!lr)
        return;
    free(lr->buf);
    free(lr);
}

long kh_lr_lineno(const kh_linereader *lr) { return lr->lineno; }
int  kh_lr_no_newline(const kh_linereader *lr) { return lr->no_newline; }

void kh_lr_chomp_cr(char *line, size_t *len)
{
    if (*len > 0 && line[*len - 1] == '\r')
        line[--*len] = '\0';
}

/* Reads more input behind `end`, first moving unread bytes to the front and
 * growing the buffer when it is full. Returns the number of bytes read. */
static size_t fill(kh_linereader *lr)
{
    if (lr->eof || lr->error)
        return 0;
    if (lr->pos > 0) {
        memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
        lr->end -= lr->pos;
        lr->pos = 0;
    }
    if (lr->end + 1 >= lr->cap && lr->cap < lr->max_line + 1) {
        size_t cap = lr->cap * 2 > lr->max_line + 1 ? lr->max_line + 1 : lr->cap * 2;
        char *p = realloc(lr->buf, cap);
        if (!p) {
            lr->error = 1;
            return 0;
        }
        lr->buf = p;
        lr->cap = cap;
    }
    size_t room = lr->cap - 1 - lr->end;   /* keep one byte for the NUL */
    if (room == 0)
        return 0;
    size_t n;
    if (lr->fd >= 0) {
        /* read(2) returns what is available, so a pipe is processed as it
         * arrives (khaldun as a streaming filter) instead of per 64 KiB. */
        ssize_t k;
        do
            k = read(lr->fd, lr->buf + lr->end, room);
        while (k < 0 && errno == EINTR);
        if (k < 0)
            lr->error = 1;
        else if (k == 0)
            lr->eof = 1;
        n = k > 0 ? (size_t)k : 0;
    } else {
        n = fread(lr->buf + lr->end, 1, room, lr->f);
        if (n < room) {
            if (ferror(lr->f))
                lr->error = 1;
            else
                lr->eof = 1;
        }
    }
    lr->end += n;
    return n;
}

/* Throws away input up to and including the next newline; returns the number
 * of bytes dropped (the rest of the over-long line). */
static size_t discard_line(kh_linereader *lr)
{
    size_t dropped = 0;
    for (;;) {
        char *nl = memchr(lr->buf + lr->pos, '\n', lr->end - lr->pos);
        if (nl) {
            size_t k = (size_t)(nl - (lr->buf + lr->pos));
            dropped += k;
            lr->pos += k + 1;
            return dropped;
        }
        dropped += lr->end - lr->pos;
        lr->pos = lr->end = 0;
        if (fill(lr) == 0)
            return dropped;
    }
}

int kh_lr_next(kh_linereader *lr, char **line, size_t *len)
{
    size_t scanned = 0;   /* bytes of [pos, end) already known to hold no newline */
    *line = NULL;
    *len = 0;
    for (;;) {
        char *start = lr->buf + lr->pos;
        char *nl = memchr(start + scanned, '\n', lr->end - lr->pos - scanned);
        if (nl) {
            size_t n = (size_t)(nl - start);
            *nl = '\0';
            lr->pos += n + 1;
            lr->lineno++;
            lr->no_newline = 0;
            *line = start;
            *len = n;
            return KH_LR_LINE;
        }
        scanned = lr->end - lr->pos;
        if (scanned >= lr->max_line) {
            lr->lineno++;
            size_t n = scanned;
            lr->pos = lr->end;
            n += discard_line(lr);
            *len = n;
            return lr->error ? KH_LR_ERROR : KH_LR_TOOLONG;
        }
        if (fill(lr) == 0) {
            if (lr->error)
                return KH_LR_ERROR;
            if (lr->eof && lr->end > lr->pos) {
                start = lr->buf + lr->pos;
                size_t n = lr->end - lr->pos;
                start[n] = '\0';
                lr->pos = lr->end;
                lr->lineno++;
                lr->no_newline = 1;
                *line = start;
                *len = n;
                return KH_LR_LINE;
            }
            if (lr->eof)
                return KH_LR_EOF;
        }
    }
}

size_t kh_lr_peek(kh_linereader *lr, const char **p)
{
    while (lr->end - lr->pos < 512 && fill(lr) > 0)
        ;
    *p = lr->buf + lr->pos;
    return lr->end - lr->pos;
}

size_t kh_lr_utf8_check(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        unsigned min;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2; cp = c & 0x1F; min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3; cp = c & 0x0F; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        /* overlong forms, surrogates and code points past U+10FFFF */
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += len;
    }
    return n;
}
