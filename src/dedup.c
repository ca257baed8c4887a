/* dedup.c - cross-source de-duplication of events (see dedup.h).
 *
 * Events are sorted by (source code, target code, code or root, date, input
 * order); within one key, events are walked in date order and each joins the
 * earliest open cluster whose first date is within the window and whose first
 * event has a compatible location, else opens a new cluster. The representative
 * of a cluster is its earliest member in input order, so output order follows
 * input order and does not depend on the sort. */
#include "dedup.h"
#include "timex.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void kh_dedup_opts_init(kh_dedup_opts *o)
{
    o->window_days = 3;
    o->by_root = 0;
}

int kh_dedup_days(const char *date, long *days)
{
    int y = 0, m = 1, d = 1;
    if (!date || !*date)
        return -1;
    int got = sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
    if (got < 1 || y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *days = kh_days_from_civil(y, m, d);
    return 0;
}

static int str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static int empty(const char *s) { return !s || !*s; }

/* Unknown on either side is compatible; different countries are not; two named
 * places must be the same place. */
static int loc_compatible(const kh_event *a, const kh_event *b)
{
    if (!empty(a->loc_country) && !empty(b->loc_country) && strcmp(a->loc_country, b->loc_country) != 0)
        return 0;
    if (!empty(a->loc_name) && !empty(b->loc_name) && strcasecmp(a->loc_name, b->loc_name) != 0)
        return 0;
    return 1;
}

static const char *event_key(const kh_event *e, const kh_dedup_opts *o)
{
    return o->by_root ? e->root : e->cameo;
}

static int same_kind(const kh_event *a, const kh_event *b, const kh_dedup_opts *o)
{
    return str_eq(a->source.code, b->source.code) && str_eq(a->target.code, b->target.code) &&
           str_eq(event_key(a, o), event_key(b, o));
}

int kh_dedup_same(const kh_event *a, const kh_event *b, const kh_dedup_opts *o)
{
    kh_dedup_opts def;
    if (!o) {
        kh_dedup_opts_init(&def);
        o = &def;
    }
    long da, db;
    if (!same_kind(a, b, o) || kh_dedup_days(a->date, &da) < 0 || kh_dedup_days(b->date, &db) < 0)
        return 0;
    return labs(da - db) <= o->window_days && loc_compatible(a, b);
}

typedef struct item {
    const kh_event *e;
    const kh_dedup_opts *o;
    long day;
    int idx, dated;
} item;

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_item(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    int c = cmp_str(a->e->source.code, b->e->source.code);
    if (!c) c = cmp_str(a->e->target.code, b->e->target.code);
    if (!c) c = cmp_str(event_key(a->e, a->o), event_key(b->e, b->o));
    if (!c) c = (a->dated < b->dated) - (a->dated > b->dated);   /* dated first */
    if (!c) c = (a->day > b->day) - (a->day < b->day);
    if (!c) c = (a->idx > b->idx) - (a->idx < b->idx);
    return c;
}

int kh_dedup_cluster(const kh_event *ev, int n, const kh_dedup_opts *o, int *cluster)
{
    kh_dedup_opts def;
    if (!o) {
        kh_dedup_opts_init(&def);
        o = &def;
    }
    if (n <= 0)
        return 0;
    item *it = malloc((size_t)n * sizeof *it);
    int *head = malloc((size_t)n * sizeof *head);   /* sorted position -> cluster's first sorted position */
    if (!it || !head) {
        free(it);
        free(head);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        it[i].e = &ev[i];
        it[i].o = o;
        it[i].idx = i;
        it[i].dated = kh_dedup_days(ev[i].date, &it[i].day) == 0;
        if (!it[i].dated)
            it[i].day = 0;
    }
    qsort(it, (size_t)n, sizeof *it, cmp_item);
    int lo = 0;   /* first sorted position of the key still within the window */
    for (int k = 0; k < n; k++) {
        if (k > 0 && !same_kind(it[k - 1].e, it[k].e, o))
            lo = k;
        head[k] = k;
        if (!it[k].dated)
            continue;
        while (lo < k && it[k].day - it[lo].day > o->window_days)
            lo++;   /* dates ascend within a key: earlier clusters are closed for good */
        /* the earliest open cluster of this key that still admits this date */
        for (int j = lo; j < k; j++) {
            if (head[j] != j || !it[j].dated)
                continue;
            if (it[k].day - it[j].day <= o->window_days && loc_compatible(it[j].e, it[k].e)) {
                head[k] = j;
                break;
            }
        }
    }
    /* representative = the member with the lowest input index */
    int *rep = malloc((size_t)n * sizeof *rep);
    if (!rep) {
        free(it);
        free(head);
        return -1;
    }
    for (int k = 0; k < n; k++)
        rep[k] = it[k].idx;
    for (int k = 0; k < n; k++)
        if (it[k].idx < rep[head[k]])
            rep[head[k]] = it[k].idx;
    int nclusters = 0;
    for (int k = 0; k < n; k++) {
        cluster[it[k].idx] = rep[head[k]];
        nclusters += head[k] == k;
    }
    free(rep);
    free(it);
    free(head);
    return nclusters;
}
