/* report.c - the self-contained HTML report (see report.h), and the reader of
 * event JSONL the report and the service use when no database is given. */
#include "report.h"

#include "cameo.h"
#include "svg.h"
#include "timex.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- events from JSON ------------------------------------------------------------ */

static const char *jstr(kh_arena *a, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? kh_arena_strdup(a, json_string_value(v)) : NULL;
}

static void actor_from_json(kh_arena *a, json_t *o, kh_event_actor *ac)
{
    if (!json_is_object(o))
        return;
    ac->code = jstr(a, o, "code");
    ac->country = jstr(a, o, "country");
    ac->text = jstr(a, o, "text");
    ac->entity = jstr(a, o, "entity");
}

static const char **str_array(kh_arena *a, json_t *arr, int *n)
{
    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return NULL;
    const char **v = kh_arena_calloc(a, json_array_size(arr), sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *s = json_array_get(arr, i);
        if (json_is_string(s) && (v[*n] = kh_arena_strdup(a, json_string_value(s))) != NULL)
            (*n)++;
    }
    return v;
}

static const char *const known_keys[] = {
    "event_id", "doc_id", "sentence", "date", "date_precision", "source", "target", "cameo",
    "root", "quad_class", "goldstein", "plover", "negated", "location", "issues",
    "sentence_text", "span", "pattern", "reports", NULL};

static int is_known_key(const char *k)
{
    for (int i = 0; known_keys[i]; i++)
        if (strcmp(k, known_keys[i]) == 0)
            return 1;
    return 0;
}

/* The members we do not model, kept as JSON members text (extra_json). */
static const char *extra_members(kh_arena *a, json_t *o)
{
    kh_buf b = KH_BUF_INIT;
    const char *key;
    json_t *v;
    int rc = 0;
    json_object_foreach(o, key, v) {
        if (is_known_key(key))
            continue;
        char *val = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!val) {
            rc = -1;
            break;
        }
        rc |= b.len ? kh_buf_putc(&b, ',') : 0;
        rc |= kh_buf_json_str(&b, key, strlen(key));
        rc |= kh_buf_putc(&b, ':');
        rc |= kh_buf_puts(&b, val);
        free(val);
    }
    const char *s = rc == 0 && b.len ? kh_arena_strdup(a, b.data) : NULL;
    kh_buf_free(&b);
    return s;
}

static int event_from_object(json_t *o, kh_arena *a, kh_event *e, char *why, size_t n)
{
    memset(e, 0, sizeof *e);
    if (!json_is_object(o)) {
        snprintf(why, n, "an event must be a JSON object");
        return -1;
    }
    e->cameo = jstr(a, o, "cameo");
    if (!e->cameo || !kh_cameo_event_valid(e->cameo)) {
        snprintf(why, n, "no valid \"cameo\" event code");
        return -1;
    }
    e->event_id = jstr(a, o, "event_id");
    e->doc_id = jstr(a, o, "doc_id");
    e->sentence = (int)json_integer_value(json_object_get(o, "sentence"));
    e->date = jstr(a, o, "date");
    e->date_precision = jstr(a, o, "date_precision");
    actor_from_json(a, json_object_get(o, "source"), &e->source);
    actor_from_json(a, json_object_get(o, "target"), &e->target);
    e->root = jstr(a, o, "root");
    if (!e->root)
        e->root = kh_arena_strndup(a, e->cameo, 2);
    const kh_cameo_event *ce = kh_cameo_event_get(e->cameo);
    json_t *q = json_object_get(o, "quad_class");
    e->quad_class = json_is_integer(q) ? (int)json_integer_value(q) : ce ? ce->quad_class : 0;
    json_t *g = json_object_get(o, "goldstein");
    if (json_is_number(g)) {
        e->goldstein = json_number_value(g);
        e->has_goldstein = 1;
    } else if (!g && ce && ce->has_goldstein) {
        e->goldstein = ce->goldstein;
        e->has_goldstein = 1;
    }
    e->plover = jstr(a, o, "plover");
    e->negated = json_is_true(json_object_get(o, "negated"));
    json_t *loc = json_object_get(o, "location");
    if (json_is_object(loc)) {
        e->loc_name = jstr(a, loc, "name");
        e->loc_country = jstr(a, loc, "country");
        json_t *lat = json_object_get(loc, "lat"), *lon = json_object_get(loc, "lon");
        if (json_is_number(lat) && json_is_number(lon)) {
            e->lat = json_number_value(lat);
            e->lon = json_number_value(lon);
            e->has_latlon = 1;
        }
    }
    e->issues = str_array(a, json_object_get(o, "issues"), &e->nissues);
    e->sentence_text = jstr(a, o, "sentence_text");
    json_t *span = json_object_get(o, "span");
    if (json_is_array(span) && json_array_size(span) == 2) {
        e->span_start = (unsigned)json_integer_value(json_array_get(span, 0));
        e->span_end = (unsigned)json_integer_value(json_array_get(span, 1));
    }
    e->pattern = jstr(a, o, "pattern");
    e->reports = str_array(a, json_object_get(o, "reports"), &e->nreports);
    e->extra_json = extra_members(a, o);
    return 0;
}

int kh_report_event_from_json(const char *json, size_t len, kh_arena *a, kh_event *e,
                              char *why, size_t n)
{
    json_error_t err;
    json_t *o = json_loadb(json, len, 0, &err);
    if (!o) {
        snprintf(why, n, "bad JSON at column %d: %s", err.column, err.text);
        return -1;
    }
    int rc = event_from_object(o, a, e, why, n);
    json_decref(o);
    return rc;
}

static int events_push(kh_arena *a, kh_events *out, const kh_event *e)
{
    if (out->n == out->cap) {
        int cap = out->cap ? out->cap * 2 : 64;
        kh_event *ev = kh_arena_grow(a, out->ev, (size_t)out->n, (size_t)cap, sizeof *ev);
        if (!ev)
            return -1;
        out->ev = ev;
        out->cap = cap;
    }
    out->ev[out->n++] = *e;
    return 0;
}

static const char *dup_or_null(kh_arena *a, const char *s, int *bad)
{
    if (!s)
        return NULL;
    const char *d = kh_arena_strdup(a, s);
    if (!d)
        *bad = 1;
    return d;
}

static const char **dup_array(kh_arena *a, const char *const *v, int n, int *bad)
{
    if (n <= 0)
        return NULL;
    const char **d = kh_arena_calloc(a, (size_t)n, sizeof *d);
    if (!d) {
        *bad = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        d[i] = dup_or_null(a, v[i], bad);
    return d;
}

static void dup_actor(kh_arena *a, kh_event_actor *ac, int *bad)
{
    ac->code = dup_or_null(a, ac->code, bad);
    ac->country = dup_or_null(a, ac->country, bad);
    ac->text = dup_or_null(a, ac->text, bad);
    ac->entity = dup_or_null(a, ac->entity, bad);
}

int kh_report_event_copy(kh_arena *a, kh_event *dst, const kh_event *e)
{
    int bad = 0;
    *dst = *e;
    dst->event_id = dup_or_null(a, e->event_id, &bad);
    dst->doc_id = dup_or_null(a, e->doc_id, &bad);
    dst->date = dup_or_null(a, e->date, &bad);
    dst->date_precision = dup_or_null(a, e->date_precision, &bad);
    dup_actor(a, &dst->source, &bad);
    dup_actor(a, &dst->target, &bad);
    dst->cameo = dup_or_null(a, e->cameo, &bad);
    dst->root = dup_or_null(a, e->root, &bad);
    dst->plover = dup_or_null(a, e->plover, &bad);
    dst->loc_name = dup_or_null(a, e->loc_name, &bad);
    dst->loc_country = dup_or_null(a, e->loc_country, &bad);
    dst->issues = dup_array(a, e->issues, e->nissues, &bad);
    dst->sentence_text = dup_or_null(a, e->sentence_text, &bad);
    dst->pattern = dup_or_null(a, e->pattern, &bad);
    dst->reports = dup_array(a, e->reports, e->nreports, &bad);
    dst->extra_json = dup_or_null(a, e->extra_json, &bad);
    return bad ? -1 : 0;
}

int kh_report_load_jsonl(const char *path, kh_arena *a, kh_events *out, kh_diag *diag,
                         kh_progress *progress)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        kh_diag_error(diag, path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int status = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        size_t k = 0;
        while (k < (size_t)len && isspace((unsigned char)line[k]))
            k++;
        if (k == (size_t)len)
            continue;
        kh_event e;
        char why[256];
        if (kh_report_event_from_json(line, (size_t)len, a, &e, why, sizeof why) < 0) {
            if (progress)
                kh_progress_clear(progress);
            kh_diag_error(diag, path, lineno, "%s", why);
            status = 1;
            continue;
        }
        if (events_push(a, out, &e) < 0) {
            kh_diag_error(diag, path, lineno, "out of memory");
            status = -1;
            break;
        }
        if (progress)
            kh_progress_update(progress, 0, 0, out->n, (long long)ftello(f));
    }
    if (status >= 0 && ferror(f)) {
        kh_diag_error(diag, path, lineno, "read error");
        status = -1;
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return status;
}

/* ---- periods ---------------------------------------------------------------------- */

/* Parses "YYYY-MM-DD" or "YYYY-MM"; day 0 when only the month is known.
 * Returns 0, or -1 (no date, a year only, or not a date). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (!s)
        return -1;
    int n = sscanf(s, "%4d-%2d-%2d", y, m, d);
    if (n < 2 || *m < 1 || *m > 12)
        return -1;
    if (n == 2)
        *d = 0;
    else if (*d < 1 || *d > 31)
        return -1;
    return 0;
}

typedef struct periods {
    int weekly;       /* 1: weeks starting on Monday; 0: calendar months */
    long first, n;    /* period index of the first period; number of periods */
    char **labels;
} periods;

/* The period index of an event into *k; -1 when it has no usable date. */
static int period_of(const periods *p, const kh_event *e, long *k)
{
    int y, m, d;
    if (parse_date(e->date, &y, &m, &d) < 0)
        return -1;
    if (!p->weekly) {
        *k = (long)y * 12 + (m - 1);
        return 0;
    }
    /* 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday */
    long w = kh_days_from_civil(y, m, d ? d : 1) + 3;
    *k = w >= 0 ? w / 7 : -((-w + 6) / 7);
    return 0;
}

static int periods_build(periods *p, const kh_event *ev, int n, kh_arena *a)
{
    memset(p, 0, sizeof *p);
    long dmin = 0, dmax = 0;
    int seen = 0, all_days = 1;
    for (int i = 0; i < n; i++) {
        int y, m, d;
        if (parse_date(ev[i].date, &y, &m, &d) < 0)
            continue;
        if (!d)
            all_days = 0;
        long days = kh_days_from_civil(y, m, d ? d : 1);
        if (!seen || days < dmin)
            dmin = days;
        if (!seen || days > dmax)
            dmax = days;
        seen = 1;
    }
    if (!seen)
        return 0;
    p->weekly = all_days && dmax - dmin < 90;
    long lo = LONG_MAX, hi = LONG_MIN;
    for (int i = 0; i < n; i++) {
        long k;
        if (period_of(p, &ev[i], &k) < 0)
            continue;
        if (k < lo)
            lo = k;
        if (k > hi)
            hi = k;
    }
    p->first = lo;
    p->n = hi - lo + 1;
    if (p->n > 100000)   /* nonsense dates: refuse rather than allocate a century of weeks */
        p->n = 100000;
    p->labels = kh_arena_calloc(a, (size_t)p->n, sizeof *p->labels);
    if (!p->labels)
        return -1;
    for (long i = 0; i < p->n; i++) {
        char lab[48];
        long k = p->first + i;
        if (p->weekly) {
            kh_date c = kh_civil_from_days(k * 7 - 3);
            snprintf(lab, sizeof lab, "%04d-%02d-%02d", c.year, c.month, c.day);
        } else {
            snprintf(lab, sizeof lab, "%04ld-%02ld", k / 12, k % 12 + 1);
        }
        if (!(p->labels[i] = kh_arena_strdup(a, lab)))
            return -1;
    }
    return 0;
}

/* Index into the periods of an event, or -1. */
static long period_index(const periods *p, const kh_event *e)
{
    long k;
    if (!p->n || period_of(p, e, &k) < 0)
        return -1;
    k -= p->first;
    return k >= 0 && k < p->n ? k : -1;
}

/* ---- dyads ------------------------------------------------------------------------- */

/* Quad classes, in the order and colours of the plots (green: cooperation, red: conflict). */
static const char *const quad_names[5] = {"unknown", "Verbal cooperation", "Material cooperation",
                                          "Verbal conflict", "Material conflict"};
static const char *const quad_colors[5] = {"#999999", "#7fbf7b", "#1b7837", "#f4a582", "#b2182b"};

typedef struct dyad {
    const char *a, *b;     /* the two sides, a < b */
    int count;
    int quad[5];
    double goldstein;      /* sum over both directions */
    double *ab, *ba;       /* Goldstein sums per period, a -> b and b -> a */
} dyad;

typedef struct dyad_rec {
    const char *a, *b;
    int ev;
} dyad_rec;

/* The side of a dyad: the country, unless both sides are of one country (then the
 * full codes tell them apart) or there is none. */
static void dyad_sides(const kh_event *e, const char **s, const char **t)
{
    const char *sc = e->source.country, *tc = e->target.country;
    if (sc && tc && *sc && *tc && strcmp(sc, tc) != 0) {
        *s = sc;
        *t = tc;
    } else {
        *s = e->source.code && *e->source.code ? e->source.code : NULL;
        *t = e->target.code && *e->target.code ? e->target.code : NULL;
    }
}

static int cmp_dyad_rec(const void *x, const void *y)
{
    const dyad_rec *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (c == 0)
        c = strcmp(p->b, q->b);
    return c ? c : p->ev - q->ev;
}

static int cmp_dyad(const void *x, const void *y)
{
    const dyad *p = x, *q = y;
    if (p->count != q->count)
        return q->count - p->count;
    int c = strcmp(p->a, q->a);
    return c ? c : strcmp(p->b, q->b);
}

/* All dyads, most events first. */
static dyad *dyads_build(const kh_event *ev, int n, const periods *per, kh_arena *a, int *ndyads)
{
    *ndyads = 0;
    dyad_rec *r = kh_arena_alloc(a, sizeof *r * (size_t)(n ? n : 1));
    if (!r)
        return NULL;
    int nr = 0;
    for (int i = 0; i < n; i++) {
        const char *s, *t;
        dyad_sides(&ev[i], &s, &t);
        if (!s || !t || strcmp(s, t) == 0)
            continue;
        r[nr].a = strcmp(s, t) < 0 ? s : t;
        r[nr].b = strcmp(s, t) < 0 ? t : s;
        r[nr].ev = i;
        nr++;
    }
    qsort(r, (size_t)nr, sizeof *r, cmp_dyad_rec);
    dyad *d = kh_arena_calloc(a, (size_t)(nr ? nr : 1), sizeof *d);
    if (!d)
        return NULL;
    int nd = 0;
    for (int i = 0; i < nr; i++) {
        if (nd == 0 || strcmp(d[nd - 1].a, r[i].a) != 0 || strcmp(d[nd - 1].b, r[i].b) != 0) {
            d[nd].a = r[i].a;
            d[nd].b = r[i].b;
            d[nd].ab = kh_arena_calloc(a, (size_t)(per->n ? per->n : 1), sizeof(double));
            d[nd].ba = kh_arena_calloc(a, (size_t)(per->n ? per->n : 1), sizeof(double));
            if (!d[nd].ab || !d[nd].ba)
                return NULL;
            nd++;
        }
        dyad *y = &d[nd - 1];
        const kh_event *e = &ev[r[i].ev];
        y->count++;
        y->quad[e->quad_class >= 1 && e->quad_class <= 4 ? e->quad_class : 0]++;
        double g = e->has_goldstein ? e->goldstein : 0;
        y->goldstein += g;
        long k = period_index(per, e);
        if (k >= 0) {
            const char *s, *t;
            dyad_sides(e, &s, &t);
            if (strcmp(s, y->a) == 0)
                y->ab[k] += g;
            else
                y->ba[k] += g;
        }
    }
    qsort(d, (size_t)nd, sizeof *d, cmp_dyad);
    *ndyads = nd;
    return d;
}

/* ---- actors ------------------------------------------------------------------------ */

typedef struct actor_rec {
    const char *key;      /* entity id, else the code */
    const kh_event_actor *ac;
} actor_rec;

typedef kh_report_actor actor;

static int cmp_actor_rec(const void *x, const void *y)
{
    const actor_rec *p = x, *q = y;
    int c = strcmp(p->key, q->key);
    if (c)
        return c;
    /* stable on the data, not on addresses: aliases then come in a fixed order */
    c = strcmp(p->ac->text ? p->ac->text : "", q->ac->text ? q->ac->text : "");
    return c ? c : strcmp(p->ac->code ? p->ac->code : "", q->ac->code ? q->ac->code : "");
}

static int cmp_actor(const void *x, const void *y)
{
    const actor *p = x, *q = y;
    return p->count != q->count ? q->count - p->count : strcmp(p->key, q->key);
}

/* Adds s to the set v[0..*n-1] (capacity cap) unless it is there. */
static void set_add(const char **v, int *n, int cap, const char *s)
{
    if (!s || !*s)
        return;
    for (int i = 0; i < *n; i++)
        if (strcmp(v[i], s) == 0)
            return;
    if (*n < cap)
        v[(*n)++] = s;
}

#define ACTOR_MAX_NAMES 12   /* aliases or codes shown per actor */

kh_report_actor *kh_report_actors(const kh_event *ev, int n, kh_arena *a, int *nactors)
{
    *nactors = 0;
    actor_rec *r = kh_arena_alloc(a, sizeof *r * (size_t)(2 * n + 1));
    if (!r)
        return NULL;
    int nr = 0;
    for (int i = 0; i < n; i++)
        for (int side = 0; side < 2; side++) {
            const kh_event_actor *ac = side ? &ev[i].target : &ev[i].source;
            const char *key = ac->entity && *ac->entity ? ac->entity : ac->code;
            if (!key || !*key)
                continue;
            r[nr].key = key;
            r[nr].ac = ac;
            nr++;
        }
    qsort(r, (size_t)nr, sizeof *r, cmp_actor_rec);
    actor *out = kh_arena_calloc(a, (size_t)(nr ? nr : 1), sizeof *out);
    if (!out)
        return NULL;
    int na = 0;
    for (int i = 0; i < nr; i++) {
        if (na == 0 || strcmp(out[na - 1].key, r[i].key) != 0) {
            actor *x = &out[na++];
            x->key = r[i].key;
            x->codes = kh_arena_calloc(a, ACTOR_MAX_NAMES, sizeof *x->codes);
            x->aliases = kh_arena_calloc(a, ACTOR_MAX_NAMES, sizeof *x->aliases);
            if (!x->codes || !x->aliases)
                return NULL;
        }
        actor *x = &out[na - 1];
        x->count++;
        if (r[i].ac->entity && *r[i].ac->entity)
            x->entity = r[i].ac->entity;
        set_add(x->codes, &x->ncodes, ACTOR_MAX_NAMES, r[i].ac->code);
        set_add(x->aliases, &x->naliases, ACTOR_MAX_NAMES, r[i].ac->text);
    }
    qsort(out, (size_t)na, sizeof *out, cmp_actor);
    *nactors = na;
    return out;
}

/* ---- the page ---------------------------------------------------------------------- */

/* Inline, so the page needs nothing else; the layout is one column on a phone and
 * a grid of plots on a desktop window. */
static const char page_css[] =
    ":root{--fg:#1d2330;--mute:#5b6475;--line:#d9dde5;--bg:#f6f7f9;--card:#fff}"
    "*{box-sizing:border-box}"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "color:var(--fg);background:var(--bg)}"
    "header,main{max-width:1200px;margin:0 auto;padding:0 16px}"
    "header{padding-top:18px}"
    "h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 10px}"
    "h3{font-size:1rem;margin:0 0 6px}"
    ".sub{color:var(--mute);margin:0 0 10px}"
    ".stats{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0;padding:0;list-style:none}"
    ".stats li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:6px 12px}"
    ".stats b{font-size:1.25rem;display:block}"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px;margin:0 0 12px}"
    "svg.kh-chart{width:100%;height:auto;display:block}svg.timeline{min-width:640px}"
    ".tick{fill:#5b6475}.legend text{fill:#1d2330}"
    ".dyads{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}"
    ".dyads .card{margin:0}"
    ".note{color:var(--mute);font-size:.9rem}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;background:var(--card)}"
    "th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}"
    "th{font-size:.85rem;color:var(--mute);font-weight:600}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "code{font:13px ui-monospace,Menlo,Consolas,monospace;background:#eef0f4;padding:0 3px;border-radius:3px}"
    ".events{display:grid;gap:10px}"
    "article.kh-event{background:var(--card);border:1px solid var(--line);border-left:5px solid #999;"
    "border-radius:8px;padding:10px 12px}"
    "article.q1{border-left-color:#7fbf7b}article.q2{border-left-color:#1b7837}"
    "article.q3{border-left-color:#f4a582}article.q4{border-left-color:#b2182b}"
    ".ev-head{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:baseline}"
    ".ev-code{font-weight:600}.ev-meta{color:var(--mute);font-size:.9rem}"
    ".neg{color:#b2182b;font-weight:600}"
    "blockquote{margin:8px 0;padding:6px 10px;background:#fafbfc;border-left:3px solid var(--line)}"
    "mark{padding:0 2px;border-radius:3px}"
    "mark.src{background:#cfe3ff}mark.tgt{background:#ffe0b3}mark.pred{background:#d9f2d0;font-weight:600}"
    ".reports{margin:4px 0 0;padding-left:18px;font-size:.9rem}"
    "a{color:#1f5fbf;overflow-wrap:anywhere}"
    "footer{max-width:1200px;margin:24px auto;padding:0 16px;color:var(--mute);font-size:.85rem}"
    "@media (max-width:600px){body{font-size:14px}h1{font-size:1.3rem}"
    ".dyads{grid-template-columns:1fr}.stats li{flex:1 1 40%}"
    "th.wide,td.wide{display:none}}";

/* Appends s escaped, or a dash when it is empty. */
static int esc(kh_buf *b, const char *s)
{
    return s && *s ? kh_svg_escape(b, s) : kh_buf_puts(b, "&#8212;");
}

/* ---- highlighting ------------------------------------------------------------------ */

typedef struct mark {
    size_t s, e;
    const char *cls;
} mark;

static int overlaps(const mark *m, int n, size_t s, size_t e)
{
    for (int i = 0; i < n; i++)
        if (s < m[i].e && m[i].s < e)
            return 1;
    return 0;
}

/* First occurrence of needle in hay not overlapping a mark, ASCII case-insensitive. */
static int find_ci(const char *hay, const char *needle, const mark *m, int nm, size_t *at)
{
    size_t hn = strlen(hay), nn = strlen(needle);
    if (nn == 0 || nn > hn)
        return 0;
    for (size_t i = 0; i + nn <= hn; i++) {
        size_t k = 0;
        while (k < nn && tolower((unsigned char)hay[i + k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == nn && !overlaps(m, nm, i, i + nn)) {
            *at = i;
            return 1;
        }
    }
    return 0;
}

/* The predicate as the coder named it ("predicate" member), else NULL. */
static const char *predicate_text(const kh_event *e, kh_arena *a)
{
    if (!e->extra_json || !strstr(e->extra_json, "\"predicate\""))
        return NULL;
    kh_buf b = KH_BUF_INIT;
    const char *out = NULL;
    if (kh_buf_printf(&b, "{%s}", e->extra_json) == 0) {
        json_t *o = json_loads(b.data, 0, NULL);
        json_t *p = json_object_get(o, "predicate");
        if (json_is_string(p))
            out = kh_arena_strdup(a, json_string_value(p));
        json_decref(o);
    }
    kh_buf_free(&b);
    return out;
}

/* Marks the word that starts with the pattern's verb stem ("ASK [0212] * FOR" marks
 * "asked"), outside the actors' marks. */
static void mark_stem(const char *text, const char *pattern, mark *m, int *nm)
{
    char stem[48];
    size_t n = 0;
    while (pattern && isalpha((unsigned char)pattern[n]) && n + 1 < sizeof stem) {
        stem[n] = (char)tolower((unsigned char)pattern[n]);
        n++;
    }
    stem[n] = '\0';
    if (n < 3)
        return;
    size_t len = strlen(text);
    for (size_t i = 0; i + n <= len; i++) {
        if (i > 0 && isalnum((unsigned char)text[i - 1]))
            continue;
        size_t k = 0;
        while (k < n && tolower((unsigned char)text[i + k]) == stem[k])
            k++;
        if (k < n)
            continue;
        size_t e = i + n;
        while (e < len && isalpha((unsigned char)text[e]))
            e++;
        if (!overlaps(m, *nm, i, e)) {
            m[*nm].s = i;
            m[*nm].e = e;
            m[(*nm)++].cls = "pred";
            return;
        }
    }
}

static int cmp_mark(const void *x, const void *y)
{
    const mark *p = x, *q = y;
    return p->s < q->s ? -1 : p->s > q->s;
}

static int write_sentence(kh_buf *b, const kh_event *e, kh_arena *a)
{
    const char *t = e->sentence_text;
    if (!t || !*t)
        return kh_buf_puts(b, "<blockquote class=\"none\">(sentence not kept)</blockquote>");
    mark m[3] = {{0, 0, NULL}, {0, 0, NULL}, {0, 0, NULL}};
    int nm = 0;
    size_t at;
    if (e->source.text && find_ci(t, e->source.text, m, nm, &at))
        m[nm++] = (mark){at, at + strlen(e->source.text), "src"};
    if (e->target.text && find_ci(t, e->target.text, m, nm, &at))
        m[nm++] = (mark){at, at + strlen(e->target.text), "tgt"};
    const char *pred = predicate_text(e, a);
    if (pred && find_ci(t, pred, m, nm, &at))
        m[nm++] = (mark){at, at + strlen(pred), "pred"};
    else
        mark_stem(t, e->pattern, m, &nm);
    qsort(m, (size_t)nm, sizeof *m, cmp_mark);
    int rc = kh_buf_puts(b, "<blockquote>");
    size_t pos = 0;
    for (int i = 0; i < nm; i++) {
        rc |= kh_svg_escapen(b, t + pos, m[i].s - pos);
        rc |= kh_buf_printf(b, "<mark class=\"%s\">", m[i].cls);
        rc |= kh_svg_escapen(b, t + m[i].s, m[i].e - m[i].s);
        rc |= kh_buf_puts(b, "</mark>");
        pos = m[i].e;
    }
    rc |= kh_svg_escape(b, t + pos);
    rc |= kh_buf_puts(b, "</blockquote>");
    return rc;
}

/* ---- sections ---------------------------------------------------------------------- */

typedef struct page {
    kh_buf *b;
    const kh_report_input *in;
    kh_arena *a;
    periods per;
    dyad *dyads;
    int ndyads;
    actor *actors;
    int nactors;
    const kh_report_doc **docs;   /* sorted by id */
    int ndocs;
    int nreports;                 /* distinct report ids over all events */
    int undated;
} page;

static int cmp_doc(const void *x, const void *y)
{
    const kh_report_doc *const *p = x, *const *q = y;
    return strcmp((*p)->id, (*q)->id);
}

static const kh_report_doc *doc_find(const page *pg, const char *id)
{
    if (!id || !pg->ndocs)
        return NULL;
    kh_report_doc key = {id, NULL, NULL, NULL, NULL};
    const kh_report_doc *kp = &key;
    const kh_report_doc **hit = bsearch(&kp, pg->docs, (size_t)pg->ndocs, sizeof *pg->docs, cmp_doc);
    return hit ? *hit : NULL;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Distinct report ids over all events (an event without reports counts its doc). */
static int count_reports(const kh_event *ev, int n, kh_arena *a)
{
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += ev[i].nreports ? (size_t)ev[i].nreports : 1;
    const char **v = kh_arena_alloc(a, sizeof *v * (total + 1));
    if (!v)
        return -1;
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < ev[i].nreports; j++)
            v[k++] = ev[i].reports[j];
        if (!ev[i].nreports && ev[i].doc_id)
            v[k++] = ev[i].doc_id;
    }
    qsort(v, k, sizeof *v, cmp_str);
    int distinct = 0;
    for (size_t i = 0; i < k; i++)
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            distinct++;
    return distinct;
}

static int write_head(page *pg)
{
    kh_buf *b = pg->b;
    const char *title = pg->in->title ? pg->in->title : "Khaldun event report";
    int rc = kh_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                            "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
                            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                            "<meta name=\"generator\" content=\"khaldun\">\n<title>");
    rc |= kh_svg_escape(b, title);
    rc |= kh_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body data-events=\"%d\" data-dyads=\"%d\">\n"
                           "<header><h1>", page_css, pg->in->nevents, pg->ndyads);
    rc |= kh_svg_escape(b, title);
    rc |= kh_buf_puts(b, "</h1>");
    if (pg->in->subtitle) {
        rc |= kh_buf_puts(b, "<p class=\"sub\">");
        rc |= kh_svg_escape(b, pg->in->subtitle);
        rc |= kh_buf_puts(b, "</p>");
    }
    rc |= kh_buf_printf(b, "<ul class=\"stats\"><li><b id=\"n-events\">%d</b>events</li>"
                           "<li><b id=\"n-dyads\">%d</b>dyads</li><li><b id=\"n-actors\">%d</b>actors</li>"
                           "<li><b id=\"n-reports\">%d</b>reports</li>",
                        pg->in->nevents, pg->ndyads, pg->nactors, pg->nreports);
    if (pg->per.n)
        rc |= kh_buf_printf(b, "<li><b>%s</b>to %s</li>", pg->per.labels[0], pg->per.labels[pg->per.n - 1]);
    rc |= kh_buf_puts(b, "</ul></header>\n<main>\n");
    return rc;
}

static int write_timeline(page *pg)
{
    kh_buf *b = pg->b;
    int rc = kh_buf_puts(b, "<section id=\"timeline\"><h2>Timeline</h2><div class=\"card\"><div class=\"scroll\">");
    if (!pg->per.n)
        return rc | kh_buf_puts(b, "<p class=\"note\">No event has a date.</p></div></section>\n");
    double *y[5];
    for (int q = 0; q < 5; q++)
        if (!(y[q] = kh_arena_calloc(pg->a, (size_t)pg->per.n, sizeof(double))))
            return -1;
    for (int i = 0; i < pg->in->nevents; i++) {
        const kh_event *e = &pg->in->events[i];
        long k = period_index(&pg->per, e);
        if (k >= 0)
            y[e->quad_class >= 1 && e->quad_class <= 4 ? e->quad_class : 0][k] += 1;
    }
    kh_svg_series s[5];
    int ns = 0;
    for (int q = 1; q <= 4; q++)
        s[ns++] = (kh_svg_series){quad_names[q], quad_colors[q], y[q]};
    kh_svg_chart c = {KH_SVG_STACKED, pg->per.weekly ? "Events per week by quad class"
                                                    : "Events per month by quad class",
                      "kh-chart timeline", "events", 1100, 280, (const char *const *)pg->per.labels,
                      (int)pg->per.n, s, ns, 13};
    rc |= kh_svg_chart_write(b, &c);
    rc |= kh_buf_printf(b, "</div><p class=\"note\">Events per %s, stacked by quad class.",
                        pg->per.weekly ? "week (weeks start on Monday)" : "month");
    if (pg->undated)
        rc |= kh_buf_printf(b, " %d event%s without a date %s not shown.", pg->undated,
                            pg->undated == 1 ? "" : "s", pg->undated == 1 ? "is" : "are");
    rc |= kh_buf_puts(b, "</p></div></section>\n");
    return rc;
}

static int write_dyads(page *pg)
{
    kh_buf *b = pg->b;
    int top = pg->in->top_dyads > 0 ? pg->in->top_dyads : 6;
    if (top > pg->ndyads)
        top = pg->ndyads;
    int rc = kh_buf_printf(b, "<section id=\"dyads\"><h2>Dyads with the most events</h2>");
    if (!top)
        return rc | kh_buf_puts(b, "<p class=\"note\">No event has both a source and a target.</p></section>\n");
    rc |= kh_buf_puts(b, "<div class=\"scroll\"><table><thead><tr><th>Dyad</th><th>Events</th>"
                         "<th class=\"wide\">Verbal coop.</th><th class=\"wide\">Material coop.</th>"
                         "<th class=\"wide\">Verbal confl.</th><th class=\"wide\">Material confl.</th>"
                         "<th>Goldstein sum</th></tr></thead><tbody>");
    for (int i = 0; i < top; i++) {
        const dyad *d = &pg->dyads[i];
        rc |= kh_buf_puts(b, "<tr><td>");
        rc |= kh_svg_escape(b, d->a);
        rc |= kh_buf_puts(b, " &#8596; ");
        rc |= kh_svg_escape(b, d->b);
        rc |= kh_buf_printf(b, "</td><td class=\"n\">%d</td><td class=\"n wide\">%d</td><td class=\"n wide\">%d</td>"
                               "<td class=\"n wide\">%d</td><td class=\"n wide\">%d</td><td class=\"n\">%.1f</td></tr>",
                            d->count, d->quad[1], d->quad[2], d->quad[3], d->quad[4], d->goldstein);
    }
    rc |= kh_buf_puts(b, "</tbody></table></div>");
    if (pg->per.n) {
        rc |= kh_buf_puts(b, "<p class=\"note\">Goldstein sums per period in each direction: above zero "
                             "the pair cooperated, below zero it was in conflict.</p><div class=\"dyads\">");
        for (int i = 0; i < top && rc == 0; i++) {
            const dyad *d = &pg->dyads[i];
            kh_buf name_ab = KH_BUF_INIT, name_ba = KH_BUF_INIT, title = KH_BUF_INIT;
            int r2 = kh_buf_printf(&name_ab, "%s \xE2\x86\x92 %s", d->a, d->b);
            r2 |= kh_buf_printf(&name_ba, "%s \xE2\x86\x92 %s", d->b, d->a);
            r2 |= kh_buf_printf(&title, "Goldstein sum per %s, %s and %s", pg->per.weekly ? "week" : "month",
                                d->a, d->b);
            if (r2 == 0) {
                kh_svg_series s[2] = {{name_ab.data, "#2166ac", d->ab}, {name_ba.data, "#d6604d", d->ba}};
                kh_svg_chart c = {KH_SVG_LINES, title.data, "kh-chart dyad", "Goldstein", 440, 240,
                                  (const char *const *)pg->per.labels, (int)pg->per.n, s, 2, 13};
                rc |= kh_buf_puts(b, "<div class=\"card kh-dyad\"><h3>");
                rc |= kh_svg_escape(b, d->a);
                rc |= kh_buf_puts(b, " &#8596; ");
                rc |= kh_svg_escape(b, d->b);
                rc |= kh_buf_printf(b, " <span class=\"note\">%d events</span></h3>", d->count);
                rc |= kh_svg_chart_write(b, &c);
                rc |= kh_buf_puts(b, "</div>");
            }
            rc |= r2;
            kh_buf_free(&name_ab);
            kh_buf_free(&name_ba);
            kh_buf_free(&title);
        }
        rc |= kh_buf_puts(b, "</div>");
    }
    rc |= kh_buf_puts(b, "</section>\n");
    return rc;
}

#define ACTORS_SHOWN 500

static int write_list(kh_buf *b, const char **v, int n, int as_code)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        rc |= kh_buf_puts(b, i ? ", " : "");
        rc |= kh_buf_puts(b, as_code ? "<code>" : "");
        rc |= kh_svg_escape(b, v[i]);
        rc |= kh_buf_puts(b, as_code ? "</code>" : "");
    }
    return n ? rc : kh_buf_puts(b, "&#8212;");
}

static int write_actors(page *pg)
{
    kh_buf *b = pg->b;
    int rc = kh_buf_puts(b, "<section id=\"actors\"><h2>Actors</h2>");
    if (!pg->nactors)
        return rc | kh_buf_puts(b, "<p class=\"note\">No actor was coded.</p></section>\n");
    rc |= kh_buf_puts(b, "<div class=\"scroll\"><table><thead><tr><th>Actor</th><th>Codes</th>"
                         "<th>Found as</th><th>Events</th></tr></thead><tbody>");
    int shown = pg->nactors < ACTORS_SHOWN ? pg->nactors : ACTORS_SHOWN;
    for (int i = 0; i < shown; i++) {
        const actor *x = &pg->actors[i];
        rc |= kh_buf_puts(b, "<tr class=\"kh-actor\"><td>");
        if (x->entity) {
            rc |= kh_buf_puts(b, "entity <code>");
            rc |= kh_svg_escape(b, x->entity);
            rc |= kh_buf_puts(b, "</code>");
        } else {
            rc |= kh_buf_puts(b, "<code>");
            rc |= kh_svg_escape(b, x->key);
            rc |= kh_buf_puts(b, "</code>");
        }
        rc |= kh_buf_puts(b, "</td><td>");
        rc |= write_list(b, x->codes, x->ncodes, 1);
        rc |= kh_buf_puts(b, "</td><td>");
        rc |= write_list(b, x->aliases, x->naliases, 0);
        rc |= kh_buf_printf(b, "</td><td class=\"n\">%d</td></tr>", x->count);
    }
    rc |= kh_buf_puts(b, "</tbody></table></div>");
    if (shown < pg->nactors)
        rc |= kh_buf_printf(b, "<p class=\"note\">%d more actors are not listed.</p>", pg->nactors - shown);
    rc |= kh_buf_puts(b, "</section>\n");
    return rc;
}

static int write_actor(kh_buf *b, const kh_event_actor *ac, const char *cls)
{
    int rc = kh_buf_printf(b, "<span class=\"%s\">", cls);
    rc |= ac->code && *ac->code ? kh_buf_puts(b, "<code>") : 0;
    rc |= esc(b, ac->code);
    rc |= ac->code && *ac->code ? kh_buf_puts(b, "</code>") : 0;
    if (ac->text && *ac->text) {
        rc |= kh_buf_puts(b, " ");
        rc |= kh_svg_escape(b, ac->text);
    }
    return rc | kh_buf_puts(b, "</span>");
}

/* Only http(s) links are made clickable; anything else is shown as text. */
static int safe_url(const char *u)
{
    return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0);
}

static int write_report_item(page *pg, const char *id)
{
    kh_buf *b = pg->b;
    const kh_report_doc *d = doc_find(pg, id);
    int rc = kh_buf_puts(b, "<li>");
    if (d && d->source) {
        rc |= kh_svg_escape(b, d->source);
        rc |= kh_buf_puts(b, ", ");
    }
    if (d && d->date) {
        rc |= kh_svg_escape(b, d->date);
        rc |= kh_buf_puts(b, ": ");
    }
    const char *label = d && d->title && *d->title ? d->title : id;
    if (d && safe_url(d->url)) {
        rc |= kh_buf_puts(b, "<a rel=\"noreferrer\" href=\"");
        rc |= kh_svg_escape(b, d->url);
        rc |= kh_buf_puts(b, "\">");
        rc |= kh_svg_escape(b, label);
        rc |= kh_buf_puts(b, "</a>");
    } else {
        rc |= kh_svg_escape(b, label);
    }
    if (label != id) {
        rc |= kh_buf_puts(b, " <code>");
        rc |= kh_svg_escape(b, id);
        rc |= kh_buf_puts(b, "</code>");
    }
    return rc | kh_buf_puts(b, "</li>");
}

static int write_event(page *pg, const kh_event *e)
{
    kh_buf *b = pg->b;
    const kh_cameo_event *ce = kh_cameo_event_get(e->cameo);
    int q = e->quad_class >= 1 && e->quad_class <= 4 ? e->quad_class : 0;
    int rc = kh_buf_printf(b, "<article class=\"kh-event q%d\"", q);
    if (e->event_id) {
        rc |= kh_buf_puts(b, " id=\"ev-");
        rc |= kh_svg_escape(b, e->event_id);
        rc |= kh_buf_puts(b, "\"");
    }
    rc |= kh_buf_puts(b, "><div class=\"ev-head\"><span class=\"ev-code\"><code>");
    rc |= esc(b, e->cameo);
    rc |= kh_buf_puts(b, "</code> ");
    rc |= esc(b, ce ? ce->name : NULL);
    rc |= kh_buf_puts(b, "</span>");
    if (e->negated)
        rc |= kh_buf_puts(b, "<span class=\"neg\">negated</span>");
    rc |= kh_buf_puts(b, "<span class=\"ev-meta\">");
    rc |= esc(b, e->date);
    if (e->loc_name) {
        rc |= kh_buf_puts(b, " &#183; ");
        rc |= kh_svg_escape(b, e->loc_name);
        if (e->loc_country) {
            rc |= kh_buf_puts(b, ", ");
            rc |= kh_svg_escape(b, e->loc_country);
        }
    }
    rc |= kh_buf_printf(b, " &#183; %s", quad_names[q]);
    if (e->has_goldstein)
        rc |= kh_buf_printf(b, " &#183; Goldstein %.1f", e->goldstein);
    rc |= kh_buf_puts(b, "</span></div><div class=\"ev-dyad\">");
    rc |= write_actor(b, &e->source, "src");
    rc |= kh_buf_puts(b, " &#8594; ");
    rc |= write_actor(b, &e->target, "tgt");
    rc |= kh_buf_puts(b, "</div>");
    rc |= write_sentence(b, e, pg->a);
    if (e->pattern) {
        rc |= kh_buf_puts(b, "<div class=\"ev-meta\">pattern <code>");
        rc |= kh_svg_escape(b, e->pattern);
        rc |= kh_buf_puts(b, "</code></div>");
    }
    int nrep = e->nreports;
    rc |= kh_buf_printf(b, "<div class=\"ev-meta\">%d report%s:</div><ul class=\"reports\">",
                        nrep ? nrep : 1, nrep == 1 || nrep == 0 ? "" : "s");
    for (int i = 0; i < nrep; i++)
        rc |= write_report_item(pg, e->reports[i]);
    if (!nrep)
        rc |= write_report_item(pg, e->doc_id ? e->doc_id : "(unknown)");
    return rc | kh_buf_puts(b, "</ul></article>\n");
}

/* Events by date (undated last), then by id: the list reads as a chronicle. */
static int cmp_event_ptr(const void *x, const void *y)
{
    const kh_event *p = *(const kh_event *const *)x, *q = *(const kh_event *const *)y;
    const char *dp = p->date ? p->date : "~", *dq = q->date ? q->date : "~";
    int c = strcmp(dp, dq);
    if (c == 0)
        c = strcmp(p->event_id ? p->event_id : "", q->event_id ? q->event_id : "");
    return c;
}

static int write_events(page *pg)
{
    kh_buf *b = pg->b;
    int n = pg->in->nevents;
    int max = pg->in->max_events > 0 ? pg->in->max_events : 2000;
    int rc = kh_buf_printf(b, "<section id=\"events\"><h2>Events</h2>");
    if (!n)
        return rc | kh_buf_puts(b, "<p class=\"note\">No events.</p></section>\n");
    const kh_event **v = kh_arena_alloc(pg->a, sizeof *v * (size_t)n);
    if (!v)
        return -1;
    for (int i = 0; i < n; i++)
        v[i] = &pg->in->events[i];
    qsort(v, (size_t)n, sizeof *v, cmp_event_ptr);
    rc |= kh_buf_puts(b, "<p class=\"note\">In each sentence: <mark class=\"src\">source</mark>, "
                         "<mark class=\"pred\">predicate</mark>, <mark class=\"tgt\">target</mark>.</p>"
                         "<div class=\"events\">\n");
    for (int i = 0; i < n && i < max && rc == 0; i++)
        rc |= write_event(pg, v[i]);
    rc |= kh_buf_puts(b, "</div>");
    if (n > max)
        rc |= kh_buf_printf(b, "<p class=\"note\">The first %d of %d events are listed.</p>", max, n);
    return rc | kh_buf_puts(b, "</section>\n");
}

int kh_report_write(kh_buf *out, const kh_report_input *in)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    page pg;
    memset(&pg, 0, sizeof pg);
    pg.b = out;
    pg.in = in;
    pg.a = &a;
    int rc = periods_build(&pg.per, in->events, in->nevents, &a);
    if (rc == 0 && !(pg.dyads = dyads_build(in->events, in->nevents, &pg.per, &a, &pg.ndyads)))
        rc = -1;
    if (rc == 0 && !(pg.actors = kh_report_actors(in->events, in->nevents, &a, &pg.nactors)))
        rc = -1;
    if (rc == 0 && (pg.nreports = count_reports(in->events, in->nevents, &a)) < 0)
        rc = -1;
    for (int i = 0; i < in->nevents; i++)
        if (period_index(&pg.per, &in->events[i]) < 0)
            pg.undated++;
    if (rc == 0 && in->ndocs > 0) {
        pg.docs = kh_arena_alloc(&a, sizeof *pg.docs * (size_t)in->ndocs);
        if (!pg.docs) {
            rc = -1;
        } else {
            for (int i = 0; i < in->ndocs; i++)
                if (in->docs[i].id)
                    pg.docs[pg.ndocs++] = &in->docs[i];
            qsort(pg.docs, (size_t)pg.ndocs, sizeof *pg.docs, cmp_doc);
        }
    }
    if (rc == 0)
        rc = write_head(&pg);
    if (rc == 0)
        rc = write_timeline(&pg);
    if (rc == 0)
        rc = write_dyads(&pg);
    if (rc == 0)
        rc = write_actors(&pg);
    if (rc == 0)
        rc = write_events(&pg);
    if (rc == 0)
        rc = kh_buf_puts(out, "</main>\n<footer>Written by khaldun. Codes: CAMEO; quad classes and "
                              "Goldstein weights as in the CAMEO tables.</footer>\n</body></html>\n");
    kh_arena_free(&a);
    return rc ? -1 : 0;
}
