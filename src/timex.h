/* timex.h - temporal expressions: find them in a tokenised sentence and resolve
 * them against the story date, then pick the one that dates a given predicate.
 *
 * Works on forms alone; uses xpos (VBD, MD...) and the dependency tree when the
 * tagger and parser filled them. Values follow the event schema: "YYYY-MM-DD",
 * "YYYY-MM" or "YYYY" with precision day, month or year. The rules that turn
 * "on Saturday", "in March" or "last year" into a date are in docs/CONTEXT.md. */
#ifndef KH_TIMEX_H
#define KH_TIMEX_H

#include <stdint.h>
#include "doc.h"

typedef enum kh_timex_prec {
    KH_TIMEX_DAY = 0, KH_TIMEX_MONTH, KH_TIMEX_YEAR
} kh_timex_prec;

/* What kind of expression it was; a range end never dates an event by itself. */
typedef enum kh_timex_kind {
    KH_TIMEX_ABSOLUTE = 0,  /* "August 8, 2023", "2023-08-08", "in 2024" */
    KH_TIMEX_RELATIVE,      /* "yesterday", "on Saturday", "last year", "in March" */
    KH_TIMEX_SINCE,         /* "since 2024": the start of a state of affairs */
    KH_TIMEX_RANGE_START,   /* "from 3 to 5 May": 3 May */
    KH_TIMEX_RANGE_END,     /* ... 5 May */
    KH_TIMEX_DEFAULT        /* no expression: the story date */
} kh_timex_kind;

typedef struct kh_timex {
    int32_t first, last;    /* word span, 0-based indexes into s->words, inclusive; -1 for DEFAULT */
    int year, month, day;   /* month/day are 0 when the precision is coarser */
    kh_timex_prec precision;
    kh_timex_kind kind;
    uint8_t approx;         /* "last week", "two weeks ago": a day chosen by convention */
    char value[11];         /* "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
} kh_timex;

/* A calendar date; kh_timex_parse_date accepts "YYYY-MM-DD" and longer ISO 8601
 * strings ("2024-04-14T10:00:00Z"), returning 0, or -1 when it is not a date. */
typedef struct kh_date { int year, month, day; } kh_date;
int kh_timex_parse_date(const char *iso, kh_date *out);
/* Calendar arithmetic (proleptic Gregorian): days since 1970-01-01 and back.
 * The one copy that timex, dedup and the report share. */
long    kh_days_from_civil(int y, int m, int d);
kh_date kh_civil_from_days(long days);

/* Names of the enums, for output: "day", "month", "year". */
const char *kh_timex_prec_name(kh_timex_prec p);

/* Finds the temporal expressions of s in word order, resolved against story
 * (NULL: unknown; relative expressions are then left out). Writes at most max
 * to out and returns how many were found (at most max). */
int kh_timex_find(const kh_sentence *s, const kh_date *story, kh_timex *out, int max);

/* Index in tx[0..n-1] of the expression that dates predicate word pred (0-based),
 * or -1 when none does. Uses the tree when s is parsed, else the nearest
 * expression, counting clause boundaries ("that", "said", ";") as far away. */
int kh_timex_pick(const kh_sentence *s, const kh_timex *tx, int n, int32_t pred);

/* The event date of predicate pred: the picked expression, or the story date
 * (kind KH_TIMEX_DEFAULT, precision day). Returns 0, or -1 when there is neither
 * an expression nor a story date (out->value is then ""). */
int kh_timex_event_date(const kh_sentence *s, int32_t pred, const kh_date *story, kh_timex *out);

#endif
