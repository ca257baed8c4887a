/* fuzz_http_body.c - libFuzzer harness for the HTTP API without a socket
 * (kh_service_handle). The input is: one byte choosing the request (POST /code,
 * GET /events, GET /actors, GET /health, GET /, an unknown route, a wrong method),
 * then a query string up to the first newline ("dyad=IRQ,USA&limit=5", split
 * at '&' and '=' as the server does, without percent-decoding), then the body.
 * The service codes with the trained model ($KH_FUZZ_MODEL, else the default one)
 * when it loads, else without one
 * (documents then reach the text layer and the coder counts them unparsed), and
 * answers /events from a few fixed events in memory. */
#include "serve.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once before the first input and only read afterwards. */
static kh_service *service;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kh_pipeline_opts o;
    kh_pipeline_opts_init(&o);
    static char dict_path[4096];
    snprintf(dict_path, sizeof dict_path, "%s/data/dict", kh_fuzz_top());
    static const char *paths[1];
    paths[0] = dict_path;
    o.dict_paths = paths;
    o.ndict_paths = 1;
    const char *model = getenv("KH_FUZZ_MODEL");
    o.model_path = (model && *model) ? model : NULL;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_pipeline *pl = kh_pipeline_open(&o, &diag);
    if (!pl) {
        fprintf(stderr, "fuzz_http_body: no model, coding without one\n");
        o.no_model = 1;
        pl = kh_pipeline_open(&o, &diag);
    }
    if (!pl) {
        fprintf(stderr, "fuzz_http_body: cannot open the pipeline\n");
        exit(2);
    }
    static kh_event ev[2];
    memset(ev, 0, sizeof ev);
    ev[0].event_id = "e1"; ev[0].root = "04"; ev[0].doc_id = "d1"; ev[0].date = "2023-03-11"; ev[0].cameo = "042";
    ev[0].source.code = "IRQGOV"; ev[0].target.code = "USA";
    ev[1].event_id = "e2"; ev[1].root = "19"; ev[1].doc_id = "d2"; ev[1].date = "2024-01-02"; ev[1].cameo = "190";
    ev[1].source.code = "USA"; ev[1].target.code = "IRQ";
    kh_service_opts so;
    memset(&so, 0, sizeof so);
    so.pipeline = pl;
    so.events = ev;
    so.nevents = 2;
    so.max_body = 64 * 1024;
    so.max_docs = 20;
    char err[256];
    service = kh_service_new(&so, err, sizeof err);
    if (!service) {
        fprintf(stderr, "fuzz_http_body: %s\n", err);
        exit(2);
    }
    return 0;
}

static const struct { const char *method, *path; } routes[] = {
    {"POST", "/code"}, {"GET", "/events"}, {"GET", "/actors"}, {"GET", "/health"},
    {"GET", "/"}, {"GET", "/nowhere"}, {"DELETE", "/code"}, {"POST", "/events"},
};
#define NROUTES (sizeof routes / sizeof routes[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int r = data[0] % NROUTES;
    data++;
    size--;
    const uint8_t *nl = memchr(data, '\n', size);
    size_t qlen = nl ? (size_t)(nl - data) : 0;
    char *query = malloc(qlen + 1);
    kh_serve_arg *args = calloc(qlen + 1, sizeof *args);   /* at most one per byte, plus one */
    if (!query || !args)
        goto done;
    memcpy(query, data, qlen);
    query[qlen] = '\0';
    int nargs = 0;
    for (char *p = query, *next; qlen && p; p = next) {
        next = strchr(p, '&');
        if (next)
            *next++ = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq++ = '\0';
        args[nargs].key = p;
        args[nargs].value = eq ? eq : "";
        nargs++;
    }
    const char *body = nl ? (const char *)nl + 1 : (const char *)data;
    size_t blen = nl ? size - qlen - 1 : size;
    kh_serve_response res;
    memset(&res, 0, sizeof res);
    kh_service_handle(service, routes[r].method, routes[r].path, args, nargs, blen ? body : NULL, blen, &res);
    kh_serve_response_free(&res);
done:
    free(args);
    free(query);
    return 0;
}
