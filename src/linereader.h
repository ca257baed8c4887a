/* linereader.h - a bounded streaming line reader.
 *
 * Reads a stream in chunks and hands out one line at a time, NUL-terminated and
 * without its newline, from a buffer that never grows past max_line bytes: a
 * longer line is skipped (read and thrown away up to its newline) and reported
 * as KH_LR_TOOLONG, so a 50 MB line costs no more memory than a short one.
 * The line stays valid until the next call. Embedded NUL bytes are kept (len
 * counts them), so callers can reject binary data. The stream must not have
 * been read through stdio before (bytes in its buffer would be missed). */
#ifndef KH_LINEREADER_H
#define KH_LINEREADER_H

#include <stdio.h>
#include <stddef.h>

enum { KH_LR_ERROR = -1, KH_LR_EOF = 0, KH_LR_LINE = 1, KH_LR_TOOLONG = 2 };

typedef struct kh_linereader kh_linereader;

/* max_line 0: 16 MiB. The stream is not closed by kh_lr_free. NULL: out of memory. */
kh_linereader *kh_lr_new(FILE *f, size_t max_line);
/* Next line: KH_LR_LINE (line, len set), KH_LR_TOOLONG (len = the line's full
 * length, line NULL), KH_LR_EOF or KH_LR_ERROR (read error). A trailing "\r" is
 * left in place; kh_lr_chomp_cr removes it. */
int  kh_lr_next(kh_linereader *lr, char **line, size_t *len);
/* 1-based number of the line last returned. */
long kh_lr_lineno(const kh_linereader *lr);
/* 1 when the last line returned ended at end of input without a newline. */
int  kh_lr_no_newline(const kh_linereader *lr);
/* Shows the next bytes without consuming them (at least 512 unless the input is
 * shorter); used to detect a format. Returns how many bytes *p holds. */
size_t kh_lr_peek(kh_linereader *lr, const char **p);
/* Removes one trailing '\r' (CRLF files). */
void kh_lr_chomp_cr(char *line, size_t *len);
void kh_lr_free(kh_linereader *lr);
/* Offset of the first byte of s[0..n) that is not valid UTF-8 (overlong forms
 * and surrogates included), or n when all of it is valid. */
size_t kh_lr_utf8_check(const char *s, size_t n);

#endif
