/* diag.h - diagnostics: every message about bad input names FILE:LINE and a reason.
 *
 * A kh_diag is owned by the caller (one per run, or per worker) and counts what it
 * reported, so that a run can end with "N rejected" and exit non-zero. Nothing here
 * is global: tests capture messages by pointing `out` at a memstream. */
#ifndef KH_DIAG_H
#define KH_DIAG_H

#include <stdio.h>

typedef struct kh_diag {
    FILE *out;          /* where messages go (stderr by default); NULL: count only */
    long nerrors;       /* input errors reported (documents/records rejected or skipped) */
    long nwarnings;
    int strict;         /* stop at the first error (the caller checks kh_diag_should_stop) */
    int quiet;          /* count but do not print warnings */
} kh_diag;

void kh_diag_init(kh_diag *d, FILE *out);
/* "FILE:LINE: error: REASON"; line <= 0 leaves the line out. */
void kh_diag_error(kh_diag *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void kh_diag_warn(kh_diag *d, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int  kh_diag_should_stop(const kh_diag *d);

#endif
