/* progress.h - a one-line progress display for long runs, on stderr.
 *
 * Shows documents, sentences and events so far, the rate (documents per second)
 * and, when the input size is known, the time left:
 *   "1,204 docs  18,310 sentences  2,107 events  96 docs/s  41% 00:12 left"
 * (documents and sentences are left out while they are zero)
 * It draws only when the stream is a terminal (isatty), redraws at most 4 times a
 * second, and never writes anything when the run is quiet, so stdout stays clean
 * and logs of batch runs hold no carriage returns.
 *
 * Semantics the commands share (documented in docs/khaldun.1):
 *   default    progress on stderr when stderr is a terminal; warnings printed
 *   --quiet    no progress and no warnings; the final counts only
 *   --verbose  progress as by default, plus the command's detailed trace
 *
 * One kh_progress belongs to one run and is updated from one thread (the thread
 * that writes the output, e.g. a pool's emit callback). Nothing is global. */
#ifndef KH_PROGRESS_H
#define KH_PROGRESS_H

#include <stdio.h>

typedef enum kh_progress_mode {
    KH_PROGRESS_AUTO = 0,   /* draw when out is a terminal */
    KH_PROGRESS_QUIET,      /* never draw (--quiet) */
    KH_PROGRESS_FORCE       /* draw even when out is not a terminal (tests) */
} kh_progress_mode;

typedef struct kh_progress {
    FILE *out;
    int enabled;            /* 0: every call is a no-op */
    double start;           /* monotonic seconds at init */
    double last_draw;       /* monotonic seconds of the last draw; < 0: never */
    long documents, sentences, events;
    long long done, total;  /* input bytes read and the input size (total 0: unknown) */
    int drawn;              /* a progress line is on the screen */
    int draws;              /* lines drawn (for tests) */
} kh_progress;

/* out NULL: stderr. */
void kh_progress_init(kh_progress *p, FILE *out, kh_progress_mode mode);
/* The size of the input in bytes when known (sum of the input files' sizes);
 * 0 or negative: unknown, then no time left is shown. */
void kh_progress_set_total(kh_progress *p, long long total_bytes);
/* Records the totals so far (not increments) and redraws if 250 ms have passed. */
void kh_progress_update(kh_progress *p, long documents, long sentences, long events,
                        long long bytes_done);
/* Same with the clock given (seconds, monotonic) - for tests. */
void kh_progress_update_at(kh_progress *p, long documents, long sentences, long events,
                           long long bytes_done, double now);
/* Erases the line (call before printing a message to the same stream; the next
 * update draws it again). */
void kh_progress_clear(kh_progress *p);
/* Erases the line for good at the end of the run. */
void kh_progress_finish(kh_progress *p);

/* Formats the line (without control characters) into buf[0..n-1]; elapsed in
 * seconds. Returns the length written (truncated to n-1). Pure, for tests. */
int kh_progress_format(char *buf, size_t n, long documents, long sentences, long events,
                       long long done, long long total, double elapsed);

#endif
