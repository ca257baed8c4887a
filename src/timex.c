/* timex.c - temporal expressions (see timex.h).
 *
 * A left-to-right scan tries, at each word, the patterns from the longest to the
 * shortest (explicit dates, then month and year, then relative words) and
 * resolves what matched against the story date. Underspecified dates ("in March",
 * "on Saturday", "June 12") are placed before or after the story date by the
 * tense of their clause: news mostly reports what happened, so the past is the
 * default and the future needs a cue ("will", "next", "due to", "scheduled"). */
#include "timex.h"
#include "lightlex.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- calendar arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

long kh_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

kh_date kh_civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    kh_date r;
    r.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.year = (int)(y + (r.month <= 2));
    return r;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int weekday_of(long days)   /* 0 = Monday */
{
    long w = (days + 3) % 7;        /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

int kh_timex_parse_date(const char *iso, kh_date *out)
{
    if (!iso)
        return -1;
    for (int i = 0; i < 10; i++) {
        int want_dash = (i == 4 || i == 7);
        if (want_dash ? iso[i] != '-' : !isdigit((unsigned char)iso[i]))
            return -1;
    }
    if (iso[10] && iso[10] != 'T' && iso[10] != ' ')
        return -1;
    kh_date d = { atoi(iso), atoi(iso + 5), atoi(iso + 8) };
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        return -1;
    *out = d;
    return 0;
}

const char *kh_timex_prec_name(kh_timex_prec p)
{
    return p == KH_TIMEX_DAY ? "day" : p == KH_TIMEX_MONTH ? "month" : "year";
}

/* ---- words ---- */

/* The scan works on the words lower-cased, trailing dot removed ("Aug." -> "aug"),
 * so that patterns compare with plain strcmp (lightlex.h). */
typedef struct scan {
    kh_lightlex lx;
    const kh_date *story;
} scan;

static const char *W(const scan *sc, int i) { return kh_lightlex_word(&sc->lx, i); }
/* is() and is_any() compare the first bytes before calling strcmp: the scanners
 * try every word against every table, and nearly all differ at once (issue 8). */
static int is(const scan *sc, int i, const char *x)
{
    const char *w = W(sc, i);
    return w[0] == x[0] && strcmp(w, x) == 0;
}
static int is_any(const scan *sc, int i, const char *const *list)
{
    const char *w = W(sc, i);
    for (; *list; list++)
        if (w[0] == (*list)[0] && strcmp(w, *list) == 0)
            return 1;
    return 0;
}

static int capitalised(const scan *sc, int i)
{
    return i >= 0 && i < sc->lx.n && isupper((unsigned char)sc->lx.s->words[i].form[0]);
}

static const char *const month_names[12][2] = {
    { "january", "jan" }, { "february", "feb" }, { "march", "mar" }, { "april", "apr" },
    { "may", "may" }, { "june", "jun" }, { "july", "jul" }, { "august", "aug" },
    { "september", "sep" }, { "october", "oct" }, { "november", "nov" }, { "december", "dec" },
};

/* 1..12 when word i names a month. "March" and "May" are also a verb and a modal:
 * only their capitalised forms count, and "May" needs a date-like neighbour. */
static int month_at(const scan *sc, int i)
{
    const char *x = W(sc, i);
    for (int m = 0; m < 12; m++) {
        if (x[0] != month_names[m][0][0])   /* both names and "sept" share it */
            continue;
        if (strcmp(x, month_names[m][0]) && strcmp(x, month_names[m][1])
            && !(m == 8 && strcmp(x, "sept") == 0))
            continue;
        if (!capitalised(sc, i))
            return 0;
        return m + 1;
    }
    return 0;
}

static const char *const weekday_names[7] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
};

static int weekday_at(const scan *sc, int i)   /* 1..7 (Monday = 1), 0 when not */
{
    const char *x = W(sc, i);
    for (int k = 0; k < 7; k++)
        if (x[0] == weekday_names[k][0] && (strcmp(x, weekday_names[k]) == 0 || (strncmp(x, weekday_names[k], 3) == 0 && x[3] == '\0'
                                                && capitalised(sc, i) && k != 2 && k != 6)))
            return k + 1;
    return 0;
}

/* A number 1..31 written "5", "05", "5th", "1st", "22nd", "3rd"; 0 when not. */
static int day_at(const scan *sc, int i)
{
    const char *x = W(sc, i);
    if (!isdigit((unsigned char)x[0]))
        return 0;
    char *end;
    long v = strtol(x, &end, 10);
    if (end - x > 2 || v < 1 || v > 31)
        return 0;
    if (*end && strcmp(end, "st") && strcmp(end, "nd") && strcmp(end, "rd") && strcmp(end, "th"))
        return 0;
    return (int)v;
}

static int year_at(const scan *sc, int i)       /* 1900..2099, 0 when not */
{
    const char *x = W(sc, i);
    if (strlen(x) != 4)
        return 0;
    for (int k = 0; k < 4; k++)
        if (!isdigit((unsigned char)x[k]))
            return 0;
    int v = atoi(x);
    return (v >= 1900 && v <= 2099) ? v : 0;
}

static int small_number_at(const scan *sc, int i)   /* "two", "3", "a": 1..99, 0 when not */
{
    static const char *const words[] = { "a", "one", "two", "three", "four", "five", "six", "seven",
                                         "eight", "nine", "ten", "eleven", "twelve", NULL };
    for (int k = 0; words[k]; k++)
        if (is(sc, i, words[k]))
            return k == 0 ? 1 : k;
    const char *x = W(sc, i);
    if (isdigit((unsigned char)x[0]) && strlen(x) <= 2 && isdigit((unsigned char)x[strlen(x) - 1]))
        return atoi(x);
    return 0;
}

/* ---- tense of the clause around a word ---- */

static const char *const boundary_words[] = { "that", "which", "who", "said", "says", "told",
                                              "but", "while", ";", ":", "\"", NULL };

static int is_boundary(const scan *sc, int i)
{
    return is_any(sc, i, boundary_words) || is(sc, i, ",");
}

static const char *const future_cues[] = { "will", "'ll", "shall", "wo", "scheduled", "due", "expected",
                                           "planned", "plans", "plan", "hope", "hopes", "set",
                                           "could", "going", "upcoming", "tomorrow", "next", NULL };

/* 1 when the clause of word i speaks of the future. A tagger's MD (modal) with
 * "will" or a present-tense verb of schedule ("expires on Friday") counts too. */
static int future_clause(const scan *sc, int i)
{
    int lo = i, hi = i;
    while (lo > 0 && !is_boundary(sc, lo - 1))
        lo--;
    while (hi + 1 < sc->lx.n && !is_boundary(sc, hi + 1))
        hi++;
    for (int k = lo; k <= hi; k++) {
        if (is_any(sc, k, future_cues))
            return 1;
        const char *xp = sc->lx.s->words[k].xpos;
        if (xp && (strcmp(xp, "VBZ") == 0 || strcmp(xp, "VBP") == 0) && !is(sc, k, "is") && !is(sc, k, "are")
            && !is(sc, k, "has") && !is(sc, k, "have") && !is(sc, k, "'s"))
            return 1;
    }
    return 0;
}

/* ---- resolution ---- */

static void set_day(kh_timex *t, long days)
{
    kh_date d = kh_civil_from_days(days);
    t->year = d.year; t->month = d.month; t->day = d.day;
    t->precision = KH_TIMEX_DAY;
}

static void set_month(kh_timex *t, int y, int m)
{
    while (m < 1) { m += 12; y--; }
    while (m > 12) { m -= 12; y++; }
    t->year = y; t->month = m; t->day = 0;
    t->precision = KH_TIMEX_MONTH;
}

static void set_year(kh_timex *t, int y)
{
    t->year = y; t->month = 0; t->day = 0;
    t->precision = KH_TIMEX_YEAR;
}

/* dir: -1 "last", +1 "next", 0 none (the tense decides). */
static int year_for_month_day(const kh_date *st, int m, int d, int dir, int future)
{
    int after = m > st->month || (m == st->month && d > st->day);
    int before = m < st->month || (m == st->month && d < st->day);
    if (dir < 0)
        return (after || (!before && d != 0)) ? st->year - 1 : st->year;
    if (dir > 0)
        return (before || (!after && d != 0)) ? st->year + 1 : st->year;
    if (future)
        return before ? st->year + 1 : st->year;
    return after ? st->year - 1 : st->year;
}

static void weekday_date(kh_timex *t, const kh_date *st, int wd, int dir, int future)
{
    long today = kh_days_from_civil(st->year, st->month, st->day);
    int cur = weekday_of(today) + 1;
    int back = (cur - wd + 7) % 7;          /* 0..6 days back to that weekday */
    int fwd = (wd - cur + 7) % 7;
    if (dir < 0)
        set_day(t, today - (back ? back : 7));
    else if (dir > 0 || future)
        set_day(t, today + (fwd ? fwd : 7));
    else
        set_day(t, today - back);
}

static int relative_dir(const scan *sc, int i)  /* the modifier before word i */
{
    if (is(sc, i - 1, "last") || is(sc, i - 1, "past") || is(sc, i - 1, "previous"))
        return -1;
    if (is(sc, i - 1, "next") || is(sc, i - 1, "coming"))
        return 1;
    return 0;
}

/* ---- patterns: each returns the number of words matched (0: none) ---- */

/* MONTH [DAY] [,] [YEAR]   "August 8, 2023", "Aug. 8", "March 2023", "June 1st" */
static int match_month_first(const scan *sc, int i, kh_timex *t, int *has_year)
{
    int m = month_at(sc, i), k = i + 1, d, y;
    if (!m)
        return 0;
    if (is(sc, k, "."))
        k++;
    if ((d = day_at(sc, k)) != 0 && d <= days_in_month(2000, m)) {
        k++;
        int k2 = is(sc, k, ",") ? k + 1 : k;
        if ((y = year_at(sc, k2)) != 0) {
            *has_year = 1;
            t->year = y; t->month = m; t->day = d; t->precision = KH_TIMEX_DAY;
            return k2 + 1 - i;
        }
        *has_year = 0;
        t->month = m; t->day = d; t->precision = KH_TIMEX_DAY;
        return k - i;
    }
    if ((y = year_at(sc, k)) != 0) {
        *has_year = 1;
        set_month(t, y, m);
        return k + 1 - i;
    }
    /* A month alone: "March" at a sentence start or in a name is often not a date. */
    if (m == 5 && !is_any(sc, i - 1, (const char *const[]){ "in", "since", "until", "by", "of", "early",
                                                              "late", "mid", "last", "next", "this",
                                                              "between", "from", "and", "to", "during", "for", NULL }))
        return 0;
    *has_year = 0;
    t->month = m; t->day = 0; t->precision = KH_TIMEX_MONTH;
    return k - i;
}

/* [the] DAY [of] MONTH [YEAR]   "8 Aug 2023", "5 April", "the 5th of May" */
static int match_day_first(const scan *sc, int i, kh_timex *t, int *has_year)
{
    int k = i, d, m, y;
    if ((d = day_at(sc, k)) == 0)
        return 0;
    k++;
    if (is(sc, k, "of"))
        k++;
    if ((m = month_at(sc, k)) == 0 || d > days_in_month(2000, m))
        return 0;
    k++;
    if (is(sc, k, "."))
        k++;
    if ((y = year_at(sc, k)) != 0) {
        *has_year = 1;
        t->year = y; t->month = m; t->day = d; t->precision = KH_TIMEX_DAY;
        return k + 1 - i;
    }
    *has_year = 0;
    t->month = m; t->day = d; t->precision = KH_TIMEX_DAY;
    return k - i;
}

/* One-token numeric dates: "2023-08-08" (ISO) and "8/8/2023" (US order). */
static int match_numeric(const scan *sc, int i, kh_timex *t)
{
    const char *x = W(sc, i);
    kh_date d;
    if (kh_timex_parse_date(x, &d) == 0 && x[10] == '\0') {
        t->year = d.year; t->month = d.month; t->day = d.day; t->precision = KH_TIMEX_DAY;
        return 1;
    }
    int m, dd, y, len = 0;
    if (strchr(x, '/') && sscanf(x, "%2d/%2d/%4d%n", &m, &dd, &y, &len) == 3 && x[len] == '\0' && y >= 1900 && y <= 2099
        && m >= 1 && m <= 12 && dd >= 1 && dd <= days_in_month(y, m)) {
        t->year = y; t->month = m; t->day = dd; t->precision = KH_TIMEX_DAY;
        return 1;
    }
    /* "mid-2023" */
    if (strncmp(x, "mid-", 4) == 0 && strlen(x) == 8 && isdigit((unsigned char)x[4])) {
        int v = atoi(x + 4);
        if (v >= 1900 && v <= 2099) {
            set_year(t, v);
            return 1;
        }
    }
    return 0;
}

/* yesterday, today, "last week", "two days ago", "next month", "this year"... */
static int match_relative(const scan *sc, int i, kh_timex *t)
{
    const kh_date *st = sc->story;
    long today = kh_days_from_civil(st->year, st->month, st->day);
    int n;
    if (is(sc, i, "yesterday")) { set_day(t, today - 1); return 1; }
    if (is(sc, i, "today") || is(sc, i, "tonight")) { set_day(t, today); return 1; }
    if (is(sc, i, "tomorrow")) { set_day(t, today + 1); return 1; }
    if (is(sc, i, "last") && is(sc, i + 1, "night")) { set_day(t, today - 1); return 2; }
    if (is(sc, i, "this") && is_any(sc, i + 1, (const char *const[]){ "morning", "afternoon", "evening", NULL })) {
        set_day(t, today);
        return 2;
    }
    int dir = is(sc, i, "last") || is(sc, i, "past") || is(sc, i, "previous") ? -1
            : is(sc, i, "next") || is(sc, i, "coming") ? 1 : is(sc, i, "this") ? 0 : 2;
    if (dir != 2) {
        if (is(sc, i + 1, "week")) {
            set_day(t, today + 7 * dir);
            t->approx = 1;
            return 2;
        }
        if (is(sc, i + 1, "month")) { set_month(t, st->year, st->month + dir); return 2; }
        if (is(sc, i + 1, "year")) { set_year(t, st->year + dir); return 2; }
    }
    /* N days/weeks/months/years ago */
    if ((n = small_number_at(sc, i)) != 0 && is(sc, i + 2, "ago")) {
        const char *u = W(sc, i + 1);
        if (strncmp(u, "day", 3) == 0) { set_day(t, today - n); return 3; }
        if (strncmp(u, "week", 4) == 0) { set_day(t, today - 7L * n); t->approx = 1; return 3; }
        if (strncmp(u, "month", 5) == 0) { set_month(t, st->year, st->month - n); return 3; }
        if (strncmp(u, "year", 4) == 0) { set_year(t, st->year - n); return 3; }
    }
    return 0;
}

/* Prepositions after which a bare four-digit number is a year. */
static const char *const year_preps[] = { "in", "since", "until", "till", "by", "during", "from", "of",
                                          "early", "late", "mid", "before", "after", "between", "and",
                                          "to", "through", NULL };

static void finish(kh_timex *t)
{
    if (t->precision == KH_TIMEX_DAY)
        snprintf(t->value, sizeof t->value, "%04d-%02d-%02d", t->year, t->month, t->day);
    else if (t->precision == KH_TIMEX_MONTH)
        snprintf(t->value, sizeof t->value, "%04d-%02d", t->year, t->month);
    else
        snprintf(t->value, sizeof t->value, "%04d", t->year);
}

/* Tries every pattern at word i; returns the words matched, filling t. */
static int match_at(const scan *sc, int i, kh_timex *t)
{
    int len, has_year = 0, wd, y;
    memset(t, 0, sizeof *t);
    t->kind = KH_TIMEX_ABSOLUTE;
    if ((len = match_numeric(sc, i, t)) != 0)
        return len;
    int start = i;
    if (is(sc, i, "the") && day_at(sc, i + 1))
        start = i + 1;
    if ((len = match_day_first(sc, start, t, &has_year)) != 0
        || (len = match_month_first(sc, start, t, &has_year)) != 0) {
        if (!has_year) {
            if (!sc->story)
                return 0;
            int dir = relative_dir(sc, start);
            int fut = future_clause(sc, start);
            t->year = year_for_month_day(sc->story, t->month, t->day, dir, fut);
            t->kind = KH_TIMEX_RELATIVE;
        }
        return start - i + len;
    }
    if ((y = year_at(sc, i)) != 0 && is_any(sc, i - 1, year_preps)) {
        set_year(t, y);
        return 1;
    }
    if (!sc->story)
        return 0;
    t->kind = KH_TIMEX_RELATIVE;
    if ((wd = weekday_at(sc, i)) != 0) {
        int dir = relative_dir(sc, i);
        weekday_date(t, sc->story, wd, dir, dir == 0 && future_clause(sc, i));
        return 1;
    }
    return match_relative(sc, i, t);
}

/* Ranges and "since": marks the kinds once every expression is known. */
static void mark_kinds(const scan *sc, kh_timex *out, int n)
{
    for (int k = 0; k < n; k++) {
        int before = out[k].first - 1;
        if (out[k].first > 0 && out[k].kind != KH_TIMEX_RANGE_END && is(sc, out[k].first - 1, "since"))
            out[k].kind = KH_TIMEX_SINCE;
        if (k + 1 < n && out[k + 1].first == out[k].last + 2
            && is_any(sc, out[k].last + 1, (const char *const[]){ "to", "and", "until", "through", "-", NULL })) {
            out[k + 1].kind = KH_TIMEX_RANGE_END;
            if (is(sc, before, "from") || is(sc, before, "between") || is(sc, before, "on"))
                out[k].kind = KH_TIMEX_RANGE_START;
        }
    }
}

/* "from 9 to 11 July": the bare day before "to" takes the month of the end. */
static int match_bare_range_day(const scan *sc, int i, kh_timex *t)
{
    int d = day_at(sc, i);
    if (!d || !is_any(sc, i + 1, (const char *const[]){ "to", "-", "and", NULL }) || !day_at(sc, i + 2))
        return 0;
    kh_timex end;
    int has_year = 0;
    if (!match_day_first(sc, i + 2, &end, &has_year))
        return 0;
    if (!has_year) {
        if (!sc->story)
            return 0;
        end.year = year_for_month_day(sc->story, end.month, d, 0, future_clause(sc, i));
    }
    memset(t, 0, sizeof *t);
    t->year = end.year; t->month = end.month; t->day = d; t->precision = KH_TIMEX_DAY;
    t->kind = has_year ? KH_TIMEX_ABSOLUTE : KH_TIMEX_RELATIVE;
    return 1;
}

int kh_timex_find(const kh_sentence *s, const kh_date *story, kh_timex *out, int max)
{
    if (!s || max <= 0)
        return 0;
    scan sc = { .story = story };
    if (kh_lightlex_init(&sc.lx, s) < 0)
        return 0;
    int n = 0;
    for (int i = 0; i < s->nwords && n < max;) {
        kh_timex t;
        int len = match_bare_range_day(&sc, i, &t);
        if (!len)
            len = match_at(&sc, i, &t);
        if (!len) {
            i++;
            continue;
        }
        t.first = i;
        t.last = i + len - 1;
        finish(&t);
        out[n++] = t;
        i += len;
    }
    mark_kinds(&sc, out, n);
    kh_lightlex_free(&sc.lx);
    return n;
}

/* ---- which expression dates a predicate ---- */

static int parsed(const kh_sentence *s)
{
    for (int i = 0; i < s->nwords; i++)
        if (s->words[i].head >= 0)
            return 1;
    return 0;
}

/* The word of the span whose head lies outside it. */
static int span_head(const kh_sentence *s, const kh_timex *t)
{
    for (int i = t->first; i <= t->last; i++) {
        int h = s->words[i].head - 1;
        if (h < t->first || h > t->last)
            return i;
    }
    return t->first;
}

/* The first verb (or root, or event noun that the caller named) above word i. */
static int governor(const kh_sentence *s, int i, int32_t pred)
{
    for (int steps = 0; steps < s->nwords; steps++) {
        int h = s->words[i].head - 1;
        if (h < 0 || h >= s->nwords)
            return i;
        if (h == pred || s->words[h].upos == KH_UPOS_VERB || s->words[h].head == 0)
            return h;
        i = h;
    }
    return -1;
}

static int dominates(const kh_sentence *s, int top, int i)
{
    for (int steps = 0; steps < s->nwords && i >= 0; steps++) {
        if (i == top)
            return 1;
        i = s->words[i].head - 1;
    }
    return 0;
}

static int pick_tree(const kh_sentence *s, const kh_timex *tx, int n, int32_t pred)
{
    int best = -1, best_rank = 3;
    for (int k = 0; k < n; k++) {
        if (tx[k].kind == KH_TIMEX_RANGE_END)
            continue;
        int g = governor(s, span_head(s, &tx[k]), pred);
        int rank = g == pred ? 0 : (g >= 0 && dominates(s, g, pred)) ? 1 : 3;
        if (rank < best_rank) {
            best = k;
            best_rank = rank;
        }
    }
    return best;
}

/* Without a tree: words between the predicate and the expression, where a
 * comma costs 3 and a clause boundary 50, so that "X said on Monday that Y
 * met on Sunday" dates the meeting by Sunday and the saying by Monday. */
static int pick_nearest(const kh_sentence *s, const kh_timex *tx, int n, int32_t pred)
{
    int best = -1;
    long best_cost = 0;
    for (int k = 0; k < n; k++) {
        if (tx[k].kind == KH_TIMEX_RANGE_END)
            continue;
        int a = pred < tx[k].first ? pred + 1 : tx[k].last + 1;
        int b = pred < tx[k].first ? tx[k].first : pred;
        long cost = 0;
        for (int i = a; i < b; i++) {
            const char *f = s->words[i].form ? s->words[i].form : "";
            if (strcmp(f, ",") == 0)
                cost += 3;
            else if (strcmp(f, ";") == 0 || strcasecmp(f, "that") == 0 || strcasecmp(f, "said") == 0
                     || strcasecmp(f, "says") == 0 || strcasecmp(f, "which") == 0 || strcasecmp(f, "who") == 0)
                cost += 50;
            else
                cost += 1;
        }
        if (best < 0 || cost < best_cost) {
            best = k;
            best_cost = cost;
        }
    }
    return best;
}

int kh_timex_pick(const kh_sentence *s, const kh_timex *tx, int n, int32_t pred)
{
    if (!s || n <= 0)
        return -1;
    if (pred < 0 || pred >= s->nwords)
        pred = 0;
    if (parsed(s)) {
        int k = pick_tree(s, tx, n, pred);
        if (k >= 0)
            return k;
    }
    return pick_nearest(s, tx, n, pred);
}

int kh_timex_event_date(const kh_sentence *s, int32_t pred, const kh_date *story, kh_timex *out)
{
    kh_timex tx[16];
    int n = kh_timex_find(s, story, tx, 16);
    int k = kh_timex_pick(s, tx, n, pred);
    if (k >= 0) {
        *out = tx[k];
        return 0;
    }
    memset(out, 0, sizeof *out);
    out->first = out->last = -1;
    out->kind = KH_TIMEX_DEFAULT;
    if (!story)
        return -1;
    out->year = story->year; out->month = story->month; out->day = story->day;
    out->precision = KH_TIMEX_DAY;
    finish(out);
    return 0;
}
