/* serve.c - the HTTP JSON API: routes (socket-free) and the libmicrohttpd server.
 *
 * libmicrohttpd is loaded with dlopen unless KH_MHD_LINKED is defined: the shared
 * Makefile does not yet link it (PKGS lacks libmicrohttpd), and loading it at run
 * time keeps every other command free of the dependency. Once the Makefile links
 * it, -DKH_MHD_LINKED makes the same table point at the linked functions. */
#include "serve.h"

#include "cameo.h"
#include "reader.h"
#include "report.h"
#include "store.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define KH_SERVE_VERSION "0.1.0"

struct kh_service {
    kh_service_opts o;
    kh_store *store;            /* NULL without a database */
    pthread_mutex_t lock;       /* the store is used by one thread at a time */
};

kh_service *kh_service_new(const kh_service_opts *o, char *err, size_t n)
{
    kh_service *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    s->o = *o;
    if (!s->o.max_body)
        s->o.max_body = 1 << 20;
    if (s->o.max_docs <= 0)
        s->o.max_docs = 1000;
    if (o->db) {
        char *why = NULL;
        s->store = kh_store_open(o->db, &why);
        if (!s->store) {
            snprintf(err, n, "%s", why ? why : o->db);
            free(why);
            free(s);
            return NULL;
        }
    }
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void kh_service_free(kh_service *s)
{
    if (!s)
        return;
    kh_store_close(s->store);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

size_t kh_service_max_body(const kh_service *s)
{
    return s->o.max_body;
}

void kh_serve_response_free(kh_serve_response *res)
{
    kh_buf_free(&res->body);
}

/* ---- responses ---------------------------------------------------------------------- */

static int reply_error(kh_serve_response *res, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int reply_error(kh_serve_response *res, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kh_buf_clear(&res->body);
    res->status = status;
    res->content_type = "application/json";
    int rc = kh_buf_puts(&res->body, "{\"error\":");
    rc |= kh_buf_json_str(&res->body, msg, strlen(msg));
    rc |= kh_buf_printf(&res->body, ",\"status\":%d}\n", status);
    return rc;
}

static const char *arg_get(const kh_serve_arg *args, int nargs, const char *key)
{
    for (int i = 0; i < nargs; i++)
        if (args[i].key && strcmp(args[i].key, key) == 0)
            return args[i].value ? args[i].value : "";
    return NULL;
}

/* ---- GET /health -------------------------------------------------------------------- */

static int route_health(kh_service *s, kh_serve_response *res)
{
    res->status = 200;
    res->content_type = "application/json";
    return kh_buf_printf(&res->body,
                         "{\"status\":\"ok\",\"version\":\"%s\",\"coder\":%s,\"database\":%s,"
                         "\"events_in_memory\":%d,\"max_body\":%zu}\n",
                         KH_SERVE_VERSION, s->o.pipeline ? "true" : "false", s->store ? "true" : "false",
                         s->store ? 0 : s->o.nevents, s->o.max_body);
}

/* ---- POST /code --------------------------------------------------------------------- */

static int counts_json(kh_buf *b, const kh_counts *c)
{
    return kh_buf_printf(b, "{\"documents\":%ld,\"sentences\":%ld,\"events\":%ld,\"negated\":%ld,"
                            "\"skipped\":%ld,\"rejected\":%ld}",
                         c->documents, c->sentences, c->events, c->negated, kh_counts_skipped(c),
                         c->rejected);
}

/* The request's documents as JSONL text, for the ordinary reader (which checks them). */
static int docs_to_jsonl(json_t *root, kh_buf *jsonl, kh_serve_response *res, int max_docs)
{
    size_t n = json_is_array(root) ? json_array_size(root) : 1;
    if (!json_is_array(root) && !json_is_object(root))
        return reply_error(res, 400, "expected a JSON object (a document) or an array of documents"), 1;
    if (n == 0)
        return reply_error(res, 400, "the array of documents is empty"), 1;
    if (n > (size_t)max_docs)
        return reply_error(res, 413, "%zu documents; at most %d per request", n, max_docs), 1;
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_is_array(root) ? json_array_get(root, i) : root;
        if (!json_is_object(d))
            return reply_error(res, 400, "document %zu is not a JSON object", i + 1), 1;
        char *line = json_dumps(d, JSON_COMPACT);
        if (!line)
            return -1;
        int rc = kh_buf_puts(jsonl, line) | kh_buf_putc(jsonl, '\n');
        free(line);
        if (rc)
            return -1;
    }
    return 0;
}

static int route_code(kh_service *s, const char *body, size_t len, kh_serve_response *res)
{
    if (!s->o.pipeline)
        return reply_error(res, 503, "this server codes nothing: it was started without a model");
    json_error_t jerr;
    json_t *root = json_loadb(body ? body : "", len, 0, &jerr);
    if (!root)
        return reply_error(res, 400, "malformed JSON at line %d, column %d (byte %d): %s", jerr.line,
                           jerr.column, jerr.position, jerr.text);
    kh_buf jsonl = KH_BUF_INIT;
    int rc = docs_to_jsonl(root, &jsonl, res, s->o.max_docs);
    json_decref(root);
    if (rc != 0) {
        kh_buf_free(&jsonl);
        return rc < 0 ? -1 : 0;
    }
    char *msgs = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msgs, &msglen);
    FILE *in = fmemopen(jsonl.data, jsonl.len, "r");
    kh_diag diag;
    kh_diag_init(&diag, mf);
    kh_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = KH_FMT_JSONL;
    ro.max_doc_bytes = s->o.max_body;
    kh_reader *r = in && mf ? kh_reader_open_stream(in, "request", &ro, &diag) : NULL;
    kh_counts total;
    memset(&total, 0, sizeof total);
    kh_arena a;
    kh_arena_init(&a, 0);
    rc = r ? 0 : -1;
    res->status = 200;
    res->content_type = "application/json";
    rc |= kh_buf_puts(&res->body, "{\"events\":[");
    int first = 1;
    while (rc == 0) {
        kh_doc doc;
        kh_arena_reset(&a);
        int got = kh_reader_next(r, &a, &doc);
        if (got <= 0) {
            rc = got < 0 ? -1 : 0;
            break;
        }
        kh_events ev = {NULL, 0, 0};
        kh_counts c;
        memset(&c, 0, sizeof c);
        if (kh_pipeline_doc(s->o.pipeline, &doc, NULL, &ev, &c, &diag, NULL) < 0)
            rc = -1;
        for (int i = 0; i < ev.n && rc == 0; i++) {
            rc |= first ? 0 : kh_buf_putc(&res->body, ',');
            rc |= kh_event_to_json(&res->body, &ev.ev[i]);
            first = 0;
        }
        kh_counts_add(&total, &c);
    }
    if (r)
        total.rejected += kh_reader_count_rejected(r);
    kh_reader_close(r);
    kh_arena_free(&a);
    if (in)
        fclose(in);
    if (mf)
        fclose(mf);
    rc |= kh_buf_puts(&res->body, "],\"counts\":");
    rc |= counts_json(&res->body, &total);
    rc |= kh_buf_puts(&res->body, ",\"messages\":[");
    /* the reader's and the pipeline's messages, one string each */
    int nmsg = 0;
    for (char *line = msgs, *next; rc == 0 && line && *line; line = next) {
        next = strchr(line, '\n');
        size_t l = next ? (size_t)(next - line) : strlen(line);
        rc |= nmsg++ ? kh_buf_putc(&res->body, ',') : 0;
        rc |= kh_buf_json_str(&res->body, line, l);
        next = next ? next + 1 : NULL;
    }
    rc |= kh_buf_puts(&res->body, "]}\n");
    free(msgs);
    kh_buf_free(&jsonl);
    return rc ? -1 : 0;
}

/* ---- GET /events -------------------------------------------------------------------- */

typedef struct filter {
    kh_store_query q;
    long limit;
} filter;

static int code_prefix(const char *code, const char *prefix)
{
    return !prefix || (code && strncmp(code, prefix, strlen(prefix)) == 0);
}

/* Date bounds compare as strings over the shorter of the two ("2024" covers 2024-..). */
static int date_in(const char *d, const char *from, const char *to)
{
    if (!from && !to)
        return 1;
    if (!d)
        return 0;
    if (from && strncmp(d, from, strlen(d) < strlen(from) ? strlen(d) : strlen(from)) < 0)
        return 0;
    if (to && strncmp(d, to, strlen(d) < strlen(to) ? strlen(d) : strlen(to)) > 0)
        return 0;
    return 1;
}

static int has_ci(const char *s, const char *needle)
{
    if (!s)
        return 0;
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return 1;
    return 0;
}

static int actor_matches(const kh_event_actor *ac, const char *want)
{
    return code_prefix(ac->code, want) || (ac->entity && strcmp(ac->entity, want) == 0) ||
           has_ci(ac->text, want);
}

/* The filters of `khaldun query` over events in memory. */
static int event_matches(const kh_event *e, const kh_store_query *q)
{
    if (!code_prefix(e->source.code, q->src) || !code_prefix(e->target.code, q->tgt))
        return 0;
    if (!date_in(e->date, q->from, q->to))
        return 0;
    if (q->root && (!e->root || strcmp(e->root, q->root) != 0))
        return 0;
    if (!code_prefix(e->cameo, q->code))
        return 0;
    if (q->actor && !actor_matches(&e->source, q->actor) && !actor_matches(&e->target, q->actor))
        return 0;
    return 1;
}

static int valid_date_arg(const char *d)
{
    char norm[11];
    size_t n = strlen(d);
    if (n == 4 || n == 7) {   /* YYYY or YYYY-MM */
        for (size_t i = 0; i < n; i++)
            if (!(i == 4 ? d[i] == '-' : d[i] >= '0' && d[i] <= '9'))
                return 0;
        return 1;
    }
    return kh_date_normalize(d, norm) == 0 && strcmp(norm, d) == 0;
}

/* Fills f from the arguments; 0, or 1 after a 400 reply. dyad_buf holds SRC\0TGT. */
static int parse_filter(const kh_serve_arg *args, int nargs, filter *f, char *dyad_buf, size_t n,
                        kh_serve_response *res)
{
    memset(f, 0, sizeof *f);
    f->limit = 1000;
    static const char *const known[] = {"dyad", "src", "tgt", "from", "to", "root", "code",
                                        "actor", "merged", "limit", NULL};
    for (int i = 0; i < nargs; i++) {
        int ok = 0;
        for (int k = 0; known[k]; k++)
            ok |= strcmp(args[i].key, known[k]) == 0;
        if (!ok)
            return reply_error(res, 400, "unknown parameter '%s' (known: dyad, src, tgt, from, to, root, "
                                         "code, actor, merged, limit)", args[i].key), 1;
    }
    const char *v;
    if ((v = arg_get(args, nargs, "dyad"))) {
        const char *sep = strpbrk(v, ",:-");   /* "USA-IRQ" as in `khaldun query --dyad` */
        if (!sep || sep == v || !sep[1] || strlen(v) >= n)
            return reply_error(res, 400, "dyad must be SOURCE-TARGET (e.g. dyad=USA-IRQ or USA,IRQ)"), 1;
        memcpy(dyad_buf, v, strlen(v) + 1);
        dyad_buf[sep - v] = '\0';
        f->q.src = dyad_buf;
        f->q.tgt = dyad_buf + (sep - v) + 1;
    }
    if ((v = arg_get(args, nargs, "src")))
        f->q.src = *v ? v : NULL;
    if ((v = arg_get(args, nargs, "tgt")))
        f->q.tgt = *v ? v : NULL;
    f->q.from = arg_get(args, nargs, "from");
    f->q.to = arg_get(args, nargs, "to");
    if (f->q.from && !valid_date_arg(f->q.from))
        return reply_error(res, 400, "from: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", f->q.from), 1;
    if (f->q.to && !valid_date_arg(f->q.to))
        return reply_error(res, 400, "to: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", f->q.to), 1;
    f->q.root = arg_get(args, nargs, "root");
    if (f->q.root && !(strlen(f->q.root) == 2 && kh_cameo_event_valid(f->q.root)))
        return reply_error(res, 400, "root: '%s' is not a CAMEO root (01..20)", f->q.root), 1;
    f->q.code = arg_get(args, nargs, "code");
    f->q.actor = arg_get(args, nargs, "actor");
    if ((v = arg_get(args, nargs, "merged")))
        f->q.merged = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
    if ((v = arg_get(args, nargs, "limit"))) {
        char *end;
        long l = strtol(v, &end, 10);
        if (!*v || *end || l < 1 || l > 1000000)
            return reply_error(res, 400, "limit: '%s' is not a number from 1 to 1000000", v), 1;
        f->limit = l;
    }
    return 0;
}

typedef struct emit_ctx {
    kh_buf *b;
    long n, limit;
    int rc;
} emit_ctx;

static int emit_event(void *ctx, const kh_event *e)
{
    emit_ctx *c = ctx;
    if (c->n >= c->limit)
        return 0;   /* keep counting in the store, print no more */
    c->rc |= c->n ? kh_buf_putc(c->b, ',') : 0;
    c->rc |= kh_event_to_json(c->b, e);
    c->n++;
    return c->rc != 0;
}

static int route_events(kh_service *s, const kh_serve_arg *args, int nargs, kh_serve_response *res)
{
    filter f;
    char dyad[256];
    if (parse_filter(args, nargs, &f, dyad, sizeof dyad, res))
        return 0;
    if (!s->store && !s->o.events)
        return reply_error(res, 503, "no events: start the server with --db FILE or --events FILE");
    res->status = 200;
    res->content_type = "application/json";
    int rc = kh_buf_puts(&res->body, "{\"events\":[");
    emit_ctx c = {&res->body, 0, f.limit, 0};
    long total = 0;
    if (s->store) {
        long nraw = 0, nmerged = 0;
        pthread_mutex_lock(&s->lock);
        int q = kh_store_query_events(s->store, &f.q, emit_event, &c, &nraw, &nmerged);
        const char *why = q < 0 ? kh_store_error(s->store) : NULL;
        if (q < 0) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s", why ? why : "database error");
            pthread_mutex_unlock(&s->lock);
            return reply_error(res, 500, "%s", msg);
        }
        pthread_mutex_unlock(&s->lock);
        total = f.q.merged ? nmerged : nraw;
    } else {
        for (int i = 0; i < s->o.nevents; i++)
            if (event_matches(&s->o.events[i], &f.q)) {
                total++;
                emit_event(&c, &s->o.events[i]);
            }
    }
    rc |= c.rc;
    rc |= kh_buf_printf(&res->body, "],\"count\":%ld,\"total\":%ld}\n", c.n, total);
    return rc ? -1 : 0;
}

/* ---- GET /actors -------------------------------------------------------------------- */

static int json_strs(kh_buf *b, const char *const *v, int n)
{
    int rc = kh_buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        rc |= i ? kh_buf_putc(b, ',') : 0;
        rc |= kh_buf_json_str(b, v[i], strlen(v[i]));
    }
    return rc | kh_buf_putc(b, ']');
}

static int json_str_or_null(kh_buf *b, const char *s)
{
    return s ? kh_buf_json_str(b, s, strlen(s)) : kh_buf_puts(b, "null");
}

typedef struct actors_ctx {
    kh_buf *b;
    long n;
    int rc;
} actors_ctx;

static int emit_entity(void *ctx, const kh_store_entity *e)
{
    actors_ctx *c = ctx;
    kh_buf *b = c->b;
    int rc = c->n++ ? kh_buf_putc(b, ',') : 0;
    rc |= kh_buf_puts(b, "{\"id\":");
    rc |= json_str_or_null(b, e->id);
    rc |= kh_buf_puts(b, ",\"name\":");
    rc |= json_str_or_null(b, e->name);
    rc |= kh_buf_puts(b, ",\"code\":");
    rc |= json_str_or_null(b, e->code);
    rc |= kh_buf_puts(b, ",\"type\":");
    rc |= json_str_or_null(b, e->type);
    rc |= kh_buf_printf(b, ",\"known\":%s,\"mentions\":%ld,\"documents\":%ld,\"aliases\":",
                        e->known ? "true" : "false", e->nmentions, e->ndocs);
    rc |= json_strs(b, e->aliases, e->naliases);
    rc |= kh_buf_putc(b, '}');
    c->rc |= rc;
    return rc != 0;
}

static int route_actors(kh_service *s, kh_serve_response *res)
{
    if (!s->store && !s->o.events)
        return reply_error(res, 503, "no events: start the server with --db FILE or --events FILE");
    res->status = 200;
    res->content_type = "application/json";
    kh_buf *b = &res->body;
    int rc = kh_buf_puts(b, "{\"actors\":[");
    actors_ctx c = {b, 0, 0};
    if (s->store) {
        pthread_mutex_lock(&s->lock);
        int q = kh_store_entities(s->store, 0, 1, emit_entity, &c);
        pthread_mutex_unlock(&s->lock);
        if (q < 0)
            return reply_error(res, 500, "database error");
    } else {
        kh_arena a;
        kh_arena_init(&a, 0);
        int na = 0;
        kh_report_actor *v = kh_report_actors(s->o.events, s->o.nevents, &a, &na);
        rc |= v ? 0 : -1;
        for (int i = 0; v && i < na; i++) {
            rc |= i ? kh_buf_putc(b, ',') : 0;
            rc |= kh_buf_puts(b, "{\"id\":");
            rc |= json_str_or_null(b, v[i].key);
            rc |= kh_buf_puts(b, ",\"entity\":");
            rc |= json_str_or_null(b, v[i].entity);
            rc |= kh_buf_printf(b, ",\"events\":%d,\"codes\":", v[i].count);
            rc |= json_strs(b, v[i].codes, v[i].ncodes);
            rc |= kh_buf_puts(b, ",\"aliases\":");
            rc |= json_strs(b, v[i].aliases, v[i].naliases);
            rc |= kh_buf_putc(b, '}');
            c.n++;
        }
        kh_arena_free(&a);
    }
    rc |= c.rc;
    rc |= kh_buf_printf(b, "],\"count\":%ld}\n", c.n);
    return rc ? -1 : 0;
}

/* ---- GET / -------------------------------------------------------------------------- */

typedef struct copy_ctx {
    kh_arena *a;
    kh_events ev;
    int failed;
} copy_ctx;

static int copy_event(void *ctx, const kh_event *e)
{
    copy_ctx *c = ctx;
    if (c->ev.n == c->ev.cap) {
        int cap = c->ev.cap ? c->ev.cap * 2 : 256;
        kh_event *v = kh_arena_grow(c->a, c->ev.ev, (size_t)c->ev.n, (size_t)cap, sizeof *v);
        if (!v)
            return c->failed = 1;
        c->ev.ev = v;
        c->ev.cap = cap;
    }
    if (kh_report_event_copy(c->a, &c->ev.ev[c->ev.n], e) < 0)
        return c->failed = 1;
    c->ev.n++;
    return 0;
}

static int route_report(kh_service *s, kh_serve_response *res)
{
    if (!s->store && !s->o.events)
        return reply_error(res, 503, "no events: start the server with --db FILE or --events FILE");
    kh_report_input in;
    memset(&in, 0, sizeof in);
    kh_arena a;
    kh_arena_init(&a, 0);
    int rc = 0;
    if (s->store) {
        copy_ctx c = {&a, {NULL, 0, 0}, 0};
        kh_store_query q;
        memset(&q, 0, sizeof q);
        q.merged = 1;
        pthread_mutex_lock(&s->lock);
        int qr = kh_store_query_events(s->store, &q, copy_event, &c, NULL, NULL);
        pthread_mutex_unlock(&s->lock);
        if (qr < 0 || c.failed) {
            kh_arena_free(&a);
            return reply_error(res, 500, "cannot read the events");
        }
        in.events = c.ev.ev;
        in.nevents = c.ev.n;
    } else {
        in.events = s->o.events;
        in.nevents = s->o.nevents;
    }
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    rc = kh_report_write(&res->body, &in);
    kh_arena_free(&a);
    return rc;
}

/* ---- routing ------------------------------------------------------------------------ */

typedef struct route {
    const char *path, *method;
} route;

static const route routes[] = {
    {"/code", "POST"}, {"/events", "GET"}, {"/actors", "GET"}, {"/health", "GET"}, {"/", "GET"},
};
#define NROUTES (sizeof routes / sizeof routes[0])

int kh_service_handle(kh_service *s, const char *method, const char *path, const kh_serve_arg *args,
                      int nargs, const char *body, size_t len, kh_serve_response *res)
{
    memset(res, 0, sizeof *res);
    const route *r = NULL;
    for (size_t i = 0; i < NROUTES; i++)
        if (strcmp(path, routes[i].path) == 0)
            r = &routes[i];
    if (!r)
        return reply_error(res, 404, "no such route: %s (routes: POST /code, GET /events, GET /actors, "
                                     "GET /health, GET /)", path);
    int head = strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0;
    if (strcmp(method, r->method) != 0 && !head) {
        res->allow = strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method;
        return reply_error(res, 405, "%s %s: method not allowed (use %s)", method, path, r->method);
    }
    if (len > s->o.max_body)
        return reply_error(res, 413, "request body of %zu bytes is over the limit of %zu bytes", len,
                           s->o.max_body);
    if (strcmp(path, "/code") == 0)
        return route_code(s, body, len, res);
    if (strcmp(path, "/events") == 0)
        return route_events(s, args, nargs, res);
    if (strcmp(path, "/actors") == 0)
        return route_actors(s, res);
    if (strcmp(path, "/health") == 0)
        return route_health(s, res);
    return route_report(s, res);
}

/* ---- libmicrohttpd ------------------------------------------------------------------- */

typedef struct mhd_api {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_quiesce_daemon) *quiesce_daemon;
    __typeof__(MHD_get_daemon_info) *get_daemon_info;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_get_connection_values) *get_connection_values;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
    void *handle;
} mhd_api;

static int mhd_load(mhd_api *m)
{
    memset(m, 0, sizeof *m);
#ifdef KH_MHD_LINKED
    m->start_daemon = MHD_start_daemon;
    m->stop_daemon = MHD_stop_daemon;
    m->quiesce_daemon = MHD_quiesce_daemon;
    m->get_daemon_info = MHD_get_daemon_info;
    m->create_response_from_buffer = MHD_create_response_from_buffer;
    m->add_response_header = MHD_add_response_header;
    m->queue_response = MHD_queue_response;
    m->destroy_response = MHD_destroy_response;
    m->get_connection_values = MHD_get_connection_values;
    m->lookup_connection_value = MHD_lookup_connection_value;
    return 0;
#else
    m->handle = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);
    if (!m->handle)
        m->handle = dlopen("libmicrohttpd.so", RTLD_NOW | RTLD_LOCAL);
    if (!m->handle) {
        fprintf(stderr, "khaldun serve: cannot load libmicrohttpd (apt-get install libmicrohttpd12): %s\n",
                dlerror());
        return -1;
    }
    /* POSIX allows converting dlsym's void * to a function pointer through memcpy */
#define LOAD(field, name)                                                     \
    do {                                                                      \
        void *sym = dlsym(m->handle, name);                                   \
        if (!sym) {                                                           \
            fprintf(stderr, "khaldun serve: libmicrohttpd lacks %s\n", name); \
            dlclose(m->handle);                                               \
            return -1;                                                        \
        }                                                                     \
        memcpy(&m->field, &sym, sizeof sym);                                  \
    } while (0)
    LOAD(start_daemon, "MHD_start_daemon");
    LOAD(stop_daemon, "MHD_stop_daemon");
    LOAD(quiesce_daemon, "MHD_quiesce_daemon");
    LOAD(get_daemon_info, "MHD_get_daemon_info");
    LOAD(create_response_from_buffer, "MHD_create_response_from_buffer");
    LOAD(add_response_header, "MHD_add_response_header");
    LOAD(queue_response, "MHD_queue_response");
    LOAD(destroy_response, "MHD_destroy_response");
    LOAD(get_connection_values, "MHD_get_connection_values");
    LOAD(lookup_connection_value, "MHD_lookup_connection_value");
#undef LOAD
    return 0;
#endif
}

static void mhd_unload(mhd_api *m)
{
    if (m->handle)
        dlclose(m->handle);
}

/* What the server knows while a request's body arrives. */
typedef struct request {
    kh_buf body;
    int too_large;
} request;

typedef struct server {
    kh_service *svc;
    mhd_api *m;
} server;

#define MAX_ARGS 32

typedef struct args_ctx {
    kh_serve_arg v[MAX_ARGS];
    int n;
} args_ctx;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    args_ctx *c = cls;
    if (c->n < MAX_ARGS && key) {
        c->v[c->n].key = key;
        c->v[c->n].value = value ? value : "";
        c->n++;
    }
    return MHD_YES;
}

static enum MHD_Result send_response(server *sv, struct MHD_Connection *con, kh_serve_response *res)
{
    mhd_api *m = sv->m;
    struct MHD_Response *r = m->create_response_from_buffer(res->body.len, res->body.data ? res->body.data : "",
                                                            MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    m->add_response_header(r, "Content-Type", res->content_type ? res->content_type : "application/json");
    m->add_response_header(r, "X-Content-Type-Options", "nosniff");
    m->add_response_header(r, "Cache-Control", "no-store");
    if (res->content_type && strncmp(res->content_type, "text/html", 9) == 0)
        m->add_response_header(r, "Content-Security-Policy",
                               "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (res->allow)
        m->add_response_header(r, "Allow", res->allow);
    enum MHD_Result ok = m->queue_response(con, (unsigned)res->status, r);
    m->destroy_response(r);
    return ok;
}

static enum MHD_Result reply_now(server *sv, struct MHD_Connection *con, int status, const char *msg)
{
    kh_serve_response res;
    memset(&res, 0, sizeof res);
    reply_error(&res, status, "%s", msg);
    enum MHD_Result ok = send_response(sv, con, &res);
    kh_serve_response_free(&res);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
    server *sv = cls;
    request *rq = *con_cls;
    size_t max = kh_service_max_body(sv->svc);
    if (!rq) {   /* first call: headers only */
        const char *cl = sv->m->lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > max) {
            char msg[128];
            snprintf(msg, sizeof msg, "request body of %s bytes is over the limit of %zu bytes", cl, max);
            return reply_now(sv, con, 413, msg);
        }
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size) {   /* a piece of the body (chunked bodies have no Content-Length) */
        if (!rq->too_large && rq->body.len + *upload_size > max)
            rq->too_large = 1;
        if (!rq->too_large && kh_buf_append(&rq->body, upload_data, *upload_size) < 0)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "request body is over the limit of %zu bytes", max);
        return reply_now(sv, con, 413, msg);
    }
    args_ctx args;
    args.n = 0;
    sv->m->get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_arg, &args);
    kh_serve_response res;
    if (kh_service_handle(sv->svc, method, url, args.v, args.n, rq->body.data, rq->body.len, &res) < 0 &&
        res.status == 0) {
        kh_serve_response_free(&res);
        return reply_now(sv, con, 500, "out of memory");
    }
    enum MHD_Result ok = send_response(sv, con, &res);
    kh_serve_response_free(&res);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    request *rq = *con_cls;
    if (rq) {
        kh_buf_free(&rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

static unsigned current_connections(mhd_api *m, struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = m->get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    return info ? info->num_connections : 0;
}

int kh_serve_run(kh_service *s, const kh_serve_opts *o)
{
    const char *host = o->host ? o->host : "127.0.0.1";
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (strchr(host, ':')) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) {
            fprintf(stderr, "khaldun serve: --host %s is not an IP address\n", host);
            return -1;
        }
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)o->port);
        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) {
            fprintf(stderr, "khaldun serve: --host %s is not an IPv4 or IPv6 address\n", host);
            return -1;
        }
    }
    mhd_api m;
    if (mhd_load(&m) < 0)
        return -1;
    server sv = {s, &m};
    /* SIGTERM and SIGINT are taken by sigwait below; blocked before the server's
     * threads start, so that they inherit the mask and never see the signals */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    unsigned threads = o->threads > 0 ? (unsigned)o->threads : 4;
    struct MHD_Daemon *d = m.start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        NULL, MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "khaldun serve: cannot listen on %s port %d: %s\n", host, o->port,
                errno ? strerror(errno) : "libmicrohttpd refused");
        mhd_unload(&m);
        return -1;
    }
    const union MHD_DaemonInfo *pi = m.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = pi && pi->port ? pi->port : o->port;
    if (!o->quiet)
        fprintf(stderr, "khaldun serve: listening on http://%s%s%s:%d (%u threads)\n", strchr(host, ':') ? "[" : "",
                host, strchr(host, ':') ? "]" : "", port, threads);
    int sig = 0;
    sigwait(&set, &sig);
    /* stop accepting, then give the requests in flight time to finish */
    MHD_socket fd = m.quiesce_daemon(d);
    for (int i = 0; i < 100 && current_connections(&m, d) > 0; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    m.stop_daemon(d);
    if (fd != MHD_INVALID_SOCKET)   /* a quiesced daemon leaves its socket to us */
        close(fd);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!o->quiet)
        fprintf(stderr, "khaldun serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    mhd_unload(&m);
    return 0;
}
