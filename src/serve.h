/* serve.h - the HTTP JSON API (docs/SERVICE.md).
 *
 * A kh_service holds what every request shares: the pipeline (read-only, shared by
 * the server's threads), the event store (one connection, used under a mutex) or
 * events loaded from JSONL, and the limits. kh_service_handle answers one request
 * without any socket, so the routes are tested directly; kh_serve_run puts the
 * same function behind libmicrohttpd with a thread pool.
 *
 * Routes:
 *   POST /code     a JSON document or an array of documents -> {"events":[...],"counts":{...}}
 *   GET  /events   ?dyad=SRC,TGT&from=&to=&root=&code=&actor=&merged=1&limit=N
 *   GET  /actors   entities (with --db) or the actors of the events
 *   GET  /health   {"status":"ok",...}
 *   GET  /         the HTML report of the events
 * Errors are JSON {"error":"..."}: 400 malformed JSON or a bad parameter (with
 * jansson's message and position), 404 unknown route, 405 wrong method, 413 body
 * over the limit, 503 when a route needs what the service was not given. */
#ifndef KH_SERVE_H
#define KH_SERVE_H

#include <stddef.h>

#include "buf.h"
#include "coder.h"
#include "pipeline.h"

typedef struct kh_service kh_service;

typedef struct kh_service_opts {
    const kh_pipeline *pipeline;   /* for POST /code; NULL: /code answers 503 */
    const char *db;                /* event database for /events, /actors, /; NULL: none */
    const kh_event *events;        /* or events in memory (from JSONL), kept by the caller */
    int nevents;
    size_t max_body;               /* request body limit in bytes; 0: 1 MiB */
    int max_docs;                  /* documents per POST /code; 0: 1000 */
} kh_service_opts;

/* NULL on failure with a reason in err[0..n-1] (e.g. the database cannot be opened). */
kh_service *kh_service_new(const kh_service_opts *o, char *err, size_t n);
void kh_service_free(kh_service *s);
size_t kh_service_max_body(const kh_service *s);

/* A query-string argument, already percent-decoded. */
typedef struct kh_serve_arg {
    const char *key, *value;
} kh_serve_arg;

typedef struct kh_serve_response {
    int status;                 /* HTTP status */
    const char *content_type;   /* static string */
    const char *allow;          /* for 405: the methods allowed; else NULL */
    kh_buf body;                /* owned by the response: kh_serve_response_free */
} kh_serve_response;

/* Answers one request. path has no query string; body may be NULL when len is 0.
 * Thread-safe: any number of threads may call it on one service.
 * Returns 0, or -1 when memory ran out (res then holds a 500 if it could be built). */
int kh_service_handle(kh_service *s, const char *method, const char *path, const kh_serve_arg *args,
                      int nargs, const char *body, size_t len, kh_serve_response *res);
void kh_serve_response_free(kh_serve_response *res);

typedef struct kh_serve_opts {
    const char *host;     /* NULL: 127.0.0.1 */
    int port;             /* 0: any free port (printed) */
    int threads;          /* thread pool size; 0: 4 */
    int quiet;            /* no start-up line */
} kh_serve_opts;

/* Serves until SIGTERM or SIGINT, then stops accepting, lets the requests in flight
 * finish (up to 10 s) and returns 0; -1 when the server cannot start (reason on
 * stderr). Prints "khaldun serve: listening on http://HOST:PORT" to stderr. */
int kh_serve_run(kh_service *s, const kh_serve_opts *o);

#endif
