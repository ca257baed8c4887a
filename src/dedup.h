/* dedup.h - cross-source de-duplication: one event reported by several outlets.
 *
 * Five outlets report one meeting; the coder gives five events, one per sentence.
 * Two events are reports of one event when they have the same dyad (source and
 * target codes), the same CAMEO code (or the same root, by option), dates within a
 * window (3 days by default) and compatible locations (unknown on either side, or
 * the same country and, when both are named, the same place). Clustering is greedy
 * and deterministic: events are taken in input order and join the earliest open
 * cluster of their key whose first date is within the window.
 * Pure functions over arrays: the store runs them as a GROUP BY over its events. */
#ifndef KH_DEDUP_H
#define KH_DEDUP_H

#include "event.h"

typedef struct kh_dedup_opts {
    int window_days;      /* dates at most this many days apart (3) */
    int by_root;          /* 1: same root suffices (040 and 042 merge); 0: same code (default 0) */
} kh_dedup_opts;

void kh_dedup_opts_init(kh_dedup_opts *o);

/* Days since 1970-01-01 of "YYYY-MM-DD" ("YYYY-MM" and "YYYY" count from the first
 * day of their period). Returns 0 and sets *days, or -1 when the date is missing or
 * malformed. */
int kh_dedup_days(const char *date, long *days);

/* 1 when a and b may be reports of one event under o (o NULL: defaults). */
int kh_dedup_same(const kh_event *a, const kh_event *b, const kh_dedup_opts *o);

/* Clusters ev[0..n-1]: cluster[i] receives the index of the first event (in input
 * order) of i's cluster, so cluster[i] == i marks a merged event's representative.
 * Events without a date are never merged with others. Returns the number of
 * clusters (merged events), or -1 when memory runs out. */
int kh_dedup_cluster(const kh_event *ev, int n, const kh_dedup_opts *o, int *cluster);

#endif
