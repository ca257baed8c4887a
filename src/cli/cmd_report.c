/* cmd_report.c - `khaldun report`: the HTML report of a database or of event JSONL. */
#include "cli.h"

#include "progress.h"
#include "reader.h"
#include "report.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun report (--db FILE | --events FILE...) [-o report.html] [options]\n"
            "Writes one self-contained HTML page (inline CSS and SVG, nothing fetched): a timeline\n"
            "by quad class, the dyads with the most events and how they moved between cooperation\n"
            "and conflict, the actors, and every event with its sentence and its reports.\n"
            "  --db FILE        the event database of `khaldun code --db` (merged events)\n"
            "  --raw            with --db: every stored event, not the merged ones\n"
            "  --events FILE    events as JSONL (the output of `khaldun code`); repeatable\n"
            "  --docs FILE      the coded documents (any input format): titles, outlets, links\n"
            "  -o, --output F   where to write the page (default: stdout)\n"
            "  --title TEXT     the page title (default: \"Khaldun event report\")\n"
            "  --top-dyads N    dyads plotted (default 6)\n"
            "  --max-events N   events listed in full (default 2000; all are counted and plotted)\n"
            "  --quiet          no progress and no warnings\n"
            "Exit 1 when some input line was rejected, 2 on a usage or fatal error.\n");
}

typedef struct collect {
    kh_arena *a;
    kh_events *ev;
    int failed;
} collect;

static int collect_event(void *ctx, const kh_event *e)
{
    collect *c = ctx;
    if (c->ev->n == c->ev->cap) {
        int cap = c->ev->cap ? c->ev->cap * 2 : 256;
        kh_event *v = kh_arena_grow(c->a, c->ev->ev, (size_t)c->ev->n, (size_t)cap, sizeof *v);
        if (!v) {
            c->failed = 1;
            return 1;
        }
        c->ev->ev = v;
        c->ev->cap = cap;
    }
    if (kh_report_event_copy(c->a, &c->ev->ev[c->ev->n], e) < 0) {
        c->failed = 1;
        return 1;
    }
    c->ev->n++;
    return 0;
}

static int load_db(const char *path, int merged, kh_arena *a, kh_events *ev)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "khaldun report: %s: no such database\n", path);
        return -1;
    }
    char *err = NULL;
    kh_store *s = kh_store_open(path, &err);
    if (!s) {
        fprintf(stderr, "khaldun report: %s\n", err ? err : path);
        free(err);
        return -1;
    }
    kh_store_query q;
    memset(&q, 0, sizeof q);
    q.merged = merged;
    collect c = {a, ev, 0};
    int rc = kh_store_query_events(s, &q, collect_event, &c, NULL, NULL);
    if (rc < 0)
        fprintf(stderr, "khaldun report: %s\n", kh_store_error(s));
    else if (c.failed)
        fprintf(stderr, "khaldun report: out of memory\n");
    kh_store_close(s);
    return rc < 0 || c.failed ? -1 : 0;
}

/* Reads the documents of --docs: only their metadata is kept. */
static int load_docs(const char *path, kh_arena *a, kh_report_doc **docs, int *ndocs, int *cap,
                     kh_diag *diag)
{
    kh_read_opts ro;
    memset(&ro, 0, sizeof ro);
    kh_reader *r = kh_reader_open(path, &ro, diag);
    if (!r)
        return -1;
    kh_arena tmp;
    kh_arena_init(&tmp, 0);
    int rc = 0;
    for (;;) {
        kh_doc d;
        kh_arena_reset(&tmp);
        int got = kh_reader_next(r, &tmp, &d);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (*ndocs == *cap) {
            int ncap = *cap ? *cap * 2 : 64;
            kh_report_doc *v = kh_arena_grow(a, *docs, (size_t)*ndocs, (size_t)ncap, sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            *docs = v;
            *cap = ncap;
        }
        kh_report_doc *o = &(*docs)[(*ndocs)++];
        o->id = d.id ? kh_arena_strdup(a, d.id) : NULL;
        o->date = d.date ? kh_arena_strdup(a, d.date) : NULL;
        o->source = d.source ? kh_arena_strdup(a, d.source) : NULL;
        o->url = d.url ? kh_arena_strdup(a, d.url) : NULL;
        o->title = d.title ? kh_arena_strdup(a, d.title) : NULL;
    }
    if (kh_reader_count_rejected(r) > 0 && rc == 0)
        rc = 1;
    kh_reader_close(r);
    kh_arena_free(&tmp);
    return rc;
}

static long long file_size(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int parse_count(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1 || v > 10000000)
        return -1;
    *out = (int)v;
    return 0;
}

int cmd_report(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *db = NULL, *output = "-";
    const char **events = calloc((size_t)argc, sizeof *events);
    const char **docs = calloc((size_t)argc, sizeof *docs);
    int nevents_in = 0, ndocs_in = 0, quiet = 0, merged = 1, bad = 0;
    kh_report_input in;
    memset(&in, 0, sizeof in);
    if (!events || !docs) {
        fprintf(stderr, "khaldun report: out of memory\n");
        free(events);
        free(docs);
        return 2;
    }
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && v)
            db = argv[++i];
        else if (strcmp(a, "--events") == 0 && v)
            events[nevents_in++] = argv[++i];
        else if (strcmp(a, "--docs") == 0 && v)
            docs[ndocs_in++] = argv[++i];
        else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && v)
            output = argv[++i];
        else if (strcmp(a, "--title") == 0 && v)
            in.title = argv[++i];
        else if (strcmp(a, "--top-dyads") == 0 && v)
            bad = parse_count(argv[++i], &in.top_dyads) < 0;
        else if (strcmp(a, "--max-events") == 0 && v)
            bad = parse_count(argv[++i], &in.max_events) < 0;
        else if (strcmp(a, "--raw") == 0)
            merged = 0;
        else if (strcmp(a, "--quiet") == 0)
            quiet = 1;
        else
            bad = 1;
    }
    if (bad || (!db && !nevents_in) || (db && nevents_in)) {
        fprintf(stderr, "khaldun report: give --db FILE or --events FILE (see khaldun report --help)\n");
        free(events);
        free(docs);
        return 2;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    diag.quiet = quiet;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_events ev = {NULL, 0, 0};
    kh_report_doc *dv = NULL;
    int ndv = 0, capdv = 0, status = 0;
    kh_progress prog;
    kh_progress_init(&prog, stderr, quiet ? KH_PROGRESS_QUIET : KH_PROGRESS_AUTO);
    if (db) {
        if (load_db(db, merged, &a, &ev) < 0)
            status = 2;
        in.subtitle = db;
    } else {
        long long total = 0;
        for (int k = 0; k < nevents_in; k++)
            total += file_size(events[k]);
        kh_progress_set_total(&prog, total);
        for (int k = 0; k < nevents_in && status < 2; k++) {
            int rc = kh_report_load_jsonl(events[k], &a, &ev, &diag, &prog);
            status = rc < 0 ? 2 : rc > 0 ? 1 : status;
        }
        in.subtitle = nevents_in == 1 ? events[0] : NULL;
    }
    kh_progress_finish(&prog);
    for (int k = 0; k < ndocs_in && status < 2; k++) {
        int rc = load_docs(docs[k], &a, &dv, &ndv, &capdv, &diag);
        status = rc < 0 ? 2 : rc > 0 ? 1 : status;
    }
    if (status < 2) {
        in.events = ev.ev;
        in.nevents = ev.n;
        in.docs = dv;
        in.ndocs = ndv;
        kh_buf page = KH_BUF_INIT;
        FILE *out = strcmp(output, "-") == 0 ? stdout : fopen(output, "wb");
        if (!out) {
            fprintf(stderr, "khaldun report: %s: cannot write\n", output);
            status = 2;
        } else if (kh_report_write(&page, &in) < 0) {
            fprintf(stderr, "khaldun report: out of memory\n");
            status = 2;
        } else if (fwrite(page.data, 1, page.len, out) != page.len || fflush(out) != 0) {
            fprintf(stderr, "khaldun report: %s: write error\n", output);
            status = 2;
        }
        if (out && out != stdout && fclose(out) != 0 && status < 2) {
            fprintf(stderr, "khaldun report: %s: write error\n", output);
            status = 2;
        }
        if (status < 2 && !quiet && out != stdout)
            fprintf(stderr, "khaldun report: %d events -> %s\n", ev.n, output);
        kh_buf_free(&page);
    }
    kh_arena_free(&a);
    free(events);
    free(docs);
    return status;
}
