/* cmd_query.c - `khaldun query`: events from a database, filtered, raw or merged.
 *
 * Also loads events written by `khaldun code` (JSONL) into a database with
 * --import, so that output of runs made elsewhere (a cluster's streaming jobs)
 * is merged and queried like a local run's. */
#include "cli.h"

#include "event.h"
#include "store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef enum out_fmt { OUT_JSONL, OUT_TSV, OUT_PHOENIX, OUT_GDELT } out_fmt;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun query --db FILE [options]\n"
            "Prints the events of a database (made by `khaldun code --db FILE`).\n"
            "  --dyad SRC-TGT   source and target code prefixes, e.g. USA-IRQ, IRQGOV-USA (either may be '*')\n"
            "  --from D, --to D dates, inclusive: 2023, 2023-01 or 2023-01-15\n"
            "  --root RR        CAMEO root, e.g. 04\n"
            "  --code C         CAMEO code (prefix), e.g. 042\n"
            "  --actor NAME     source or target: a name (spelling variants match), text, code or entity id\n"
            "  --merged         one event per reported event, with every supporting report (default)\n"
            "  --raw            every event as coded, one per sentence\n"
            "  --window N       days between reports of one event (default 3)\n"
            "  --by-root        reports of one event need the same root only, not the same code\n"
            "  --format F       jsonl (default), tsv, phoenix, gdelt\n"
            "  --import FILE    first load events written by `khaldun code` (JSONL) into the database\n"
            "Ends with \"N raw events, N merged events\" (those the filters select) on stderr.\n");
}

/* ---- --import ---------------------------------------------------------------------- */

static const char *jstr(json_t *o, const char *k, kh_arena *a)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? kh_arena_strdup(a, json_string_value(v)) : NULL;
}

static void jactor(json_t *o, kh_event_actor *ac, kh_arena *a)
{
    if (!json_is_object(o))
        return;
    ac->code = jstr(o, "code", a);
    ac->country = jstr(o, "country", a);
    ac->text = jstr(o, "text", a);
    ac->entity = jstr(o, "entity", a);
}

static const char **jstrings(json_t *v, int *n, kh_arena *a)
{
    *n = 0;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return NULL;
    const char **out = kh_arena_calloc(a, json_array_size(v), sizeof *out);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
        if (out && json_is_string(x))
            out[(*n)++] = kh_arena_strdup(a, json_string_value(x));
    return out;
}

/* One JSONL event into e (strings from a). 0, or -1 when it is not an event. */
static int parse_event(json_t *o, kh_event *e, kh_arena *a)
{
    memset(e, 0, sizeof *e);
    if (!json_is_object(o) || !(e->doc_id = jstr(o, "doc_id", a)) || !(e->cameo = jstr(o, "cameo", a)))
        return -1;
    e->event_id = jstr(o, "event_id", a);
    e->sentence = (int)json_integer_value(json_object_get(o, "sentence"));
    e->date = jstr(o, "date", a);
    e->date_precision = jstr(o, "date_precision", a);
    jactor(json_object_get(o, "source"), &e->source, a);
    jactor(json_object_get(o, "target"), &e->target, a);
    e->root = jstr(o, "root", a);
    e->quad_class = (int)json_integer_value(json_object_get(o, "quad_class"));
    json_t *g = json_object_get(o, "goldstein");
    e->has_goldstein = json_is_number(g);
    e->goldstein = json_number_value(g);
    e->plover = jstr(o, "plover", a);
    e->negated = json_is_true(json_object_get(o, "negated"));
    json_t *loc = json_object_get(o, "location");
    if (json_is_object(loc)) {
        e->loc_name = jstr(loc, "name", a);
        e->loc_country = jstr(loc, "country", a);
        json_t *lat = json_object_get(loc, "lat"), *lon = json_object_get(loc, "lon");
        e->has_latlon = json_is_number(lat) && json_is_number(lon);
        e->lat = json_number_value(lat);
        e->lon = json_number_value(lon);
    }
    e->issues = jstrings(json_object_get(o, "issues"), &e->nissues, a);
    e->sentence_text = jstr(o, "sentence_text", a);
    json_t *span = json_object_get(o, "span");
    e->span_start = (unsigned)json_integer_value(json_array_get(span, 0));
    e->span_end = (unsigned)json_integer_value(json_array_get(span, 1));
    e->pattern = jstr(o, "pattern", a);
    return 0;
}

static int push_event(kh_events *ev, const kh_event *e, kh_arena *a)
{
    if (ev->n == ev->cap) {
        int nc = ev->cap ? ev->cap * 2 : 16;
        kh_event *g = kh_arena_grow(a, ev->ev, (size_t)ev->n, (size_t)nc, sizeof *g);
        if (!g)
            return -1;
        ev->ev = g;
        ev->cap = nc;
    }
    ev->ev[ev->n++] = *e;
    return 0;
}

/* Stores the events gathered for one document: a document with no text whose id
 * and date are its events'. */
static int store_group(kh_store *s, kh_arena *a, kh_events *ev, long *ndocs)
{
    if (ev->n == 0)
        return 0;
    kh_doc d;
    kh_doc_init(&d, a);
    d.id = ev->ev[0].doc_id;
    d.date = ev->ev[0].date;
    if (kh_store_add_doc(s, &d, ev) < 0)
        return -1;
    ++*ndocs;
    return 0;
}

/* Events of one document are consecutive in `khaldun code` output. */
static int import_file(kh_store *s, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "khaldun query: %s: cannot open\n", path);
        return -1;
    }
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_events ev = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, nev = 0, ndocs = 0, bad = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) > 0) {
        lineno++;
        if (line[0] == '\n' || line[0] == '\0')
            continue;
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        json_t *id = o ? json_object_get(o, "doc_id") : NULL;
        if (ev.n > 0 && json_is_string(id) && strcmp(ev.ev[0].doc_id, json_string_value(id)) != 0) {
            rc = store_group(s, &a, &ev, &ndocs);   /* a new document: store the last one */
            kh_arena_reset(&a);
            ev.ev = NULL;
            ev.n = ev.cap = 0;
        }
        kh_event e;
        if (rc == 0 && (!o || parse_event(o, &e, &a) < 0)) {
            fprintf(stderr, "%s:%ld: error: not an event (%s)\n", path, lineno, o ? "no doc_id or cameo" : je.text);
            json_decref(o);
            bad++;
            continue;
        }
        json_decref(o);
        if (rc == 0 && push_event(&ev, &e, &a) < 0)
            rc = -1;
        nev += rc == 0;
    }
    if (rc == 0)
        rc = store_group(s, &a, &ev, &ndocs);
    if (rc == 0)
        rc = kh_store_flush(s);
    if (rc < 0)
        fprintf(stderr, "khaldun query: %s\n", kh_store_error(s));
    else
        fprintf(stderr, "imported %ld events of %ld documents (%ld lines rejected)\n", nev, ndocs, bad);
    free(line);
    kh_arena_free(&a);
    if (f != stdin)
        fclose(f);
    return rc < 0 ? -1 : bad > 0;
}

/* ---- printing ------------------------------------------------------------------------ */

static int print_event(void *ctx, const kh_event *e)
{
    out_fmt fmt = *(out_fmt *)ctx;
    switch (fmt) {
    case OUT_JSONL: return kh_event_write_jsonl(stdout, e) < 0;
    case OUT_TSV: return kh_event_write_tsv(stdout, e, KH_TSV_KHALDUN) < 0;
    case OUT_PHOENIX: return kh_event_write_tsv(stdout, e, KH_TSV_PHOENIX) < 0;
    case OUT_GDELT: return kh_event_write_tsv(stdout, e, KH_TSV_GDELT) < 0;
    }
    return 1;
}

/* "USA-IRQ" -> src "USA", tgt "IRQ"; '*' or empty = any. */
static int parse_dyad(char *v, kh_store_query *q)
{
    char *dash = strchr(v, '-');
    if (!dash)
        return -1;
    *dash = '\0';
    q->src = (*v && strcmp(v, "*") != 0) ? v : NULL;
    q->tgt = (dash[1] && strcmp(dash + 1, "*") != 0) ? dash + 1 : NULL;
    return 0;
}

int cmd_query(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    kh_store_query q;
    memset(&q, 0, sizeof q);
    q.merged = 1;
    kh_dedup_opts dd;
    kh_dedup_opts_init(&dd);
    int set_dedup = 0, bad = 0;
    out_fmt fmt = OUT_JSONL;
    const char *db = NULL, *import = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i];
        char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && v) db = argv[++i];
        else if (strcmp(a, "--dyad") == 0 && v) bad = parse_dyad(argv[++i], &q) < 0;
        else if (strcmp(a, "--from") == 0 && v) q.from = argv[++i];
        else if (strcmp(a, "--to") == 0 && v) q.to = argv[++i];
        else if (strcmp(a, "--root") == 0 && v) q.root = argv[++i];
        else if (strcmp(a, "--code") == 0 && v) q.code = argv[++i];
        else if (strcmp(a, "--actor") == 0 && v) q.actor = argv[++i];
        else if (strcmp(a, "--import") == 0 && v) import = argv[++i];
        else if (strcmp(a, "--merged") == 0) q.merged = 1;
        else if (strcmp(a, "--raw") == 0) q.merged = 0;
        else if (strcmp(a, "--by-root") == 0) dd.by_root = set_dedup = 1;
        else if (strcmp(a, "--window") == 0 && v) {
            char *end;
            long w = strtol(argv[++i], &end, 10);
            bad = *end || w < 0 || w > 3650;
            dd.window_days = (int)w;
            set_dedup = 1;
        } else if (strcmp(a, "--format") == 0 && v) {
            i++;
            if (strcmp(v, "jsonl") == 0) fmt = OUT_JSONL;
            else if (strcmp(v, "tsv") == 0) fmt = OUT_TSV;
            else if (strcmp(v, "phoenix") == 0) fmt = OUT_PHOENIX;
            else if (strcmp(v, "gdelt") == 0) fmt = OUT_GDELT;
            else bad = 1;
        } else bad = 1;
    }
    if (bad || !db) {
        fprintf(stderr, "khaldun query: %s (see khaldun query --help)\n",
                bad ? "bad or incomplete option" : "--db FILE is required");
        return 2;
    }
    char *err = NULL;
    kh_store *s = kh_store_open(db, &err);
    if (!s) {
        fprintf(stderr, "khaldun query: %s\n", err ? err : "cannot open the database");
        free(err);
        return 2;
    }
    int status = 0;
    if (set_dedup)
        kh_store_set_dedup(s, &dd);
    if (import) {
        int r = import_file(s, import);
        if (r < 0) {
            kh_store_close(s);
            return 2;
        }
        status = r;
    }
    if (fmt != OUT_JSONL)
        kh_event_write_tsv_header(stdout, fmt == OUT_TSV ? KH_TSV_KHALDUN : fmt == OUT_PHOENIX ? KH_TSV_PHOENIX : KH_TSV_GDELT);
    long nraw = 0, nmerged = 0;
    if (kh_store_query_events(s, &q, print_event, &fmt, &nraw, &nmerged) < 0) {
        fprintf(stderr, "khaldun query: %s\n", kh_store_error(s));
        status = 2;
    }
    fflush(stdout);
    if (status != 2)
        fprintf(stderr, "%ld raw events, %ld merged events\n", nraw, nmerged);
    if (kh_store_close(s) < 0 && status == 0) {
        fprintf(stderr, "khaldun query: %s\n", "cannot close the database");
        status = 2;
    }
    return status;
}
