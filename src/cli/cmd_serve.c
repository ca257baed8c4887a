/* cmd_serve.c - `khaldun serve`: the HTTP JSON API on libmicrohttpd (docs/SERVICE.md). */
#include "cli.h"

#include "pipeline.h"
#include "report.h"
#include "serve.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun serve [--port 8080] [--host 127.0.0.1] [--db FILE] [options]\n"
            "Serves the HTTP JSON API: POST /code, GET /events, GET /actors, GET /health and the\n"
            "HTML report at GET / (see docs/SERVICE.md). Stops on SIGTERM or SIGINT after the\n"
            "requests in flight.\n"
            "  --port N         TCP port (default 8080; 0: any free port, printed on stderr)\n"
            "  --host ADDR      address to bind (default 127.0.0.1: this machine only)\n"
            "  --db FILE        event database for /events, /actors and /\n"
            "  --events FILE    or events as JSONL (the output of `khaldun code`)\n"
            "  --max-body BYTES request body limit (default 1048576); larger bodies get 413\n"
            "  --max-docs N     documents per POST /code (default 1000)\n"
            "  --threads N      threads serving requests (default 4)\n"
            "  --model F        tagging/parsing model for /code (default: the bundled one)\n"
            "  --dict PATH      dictionary file or directory for /code; repeatable\n"
            "  --no-model       load no model: /code codes only documents that carry trees\n"
            "  --no-code        do not load the coder at all: /code answers 503\n"
            "  --quiet          no start-up and shutdown lines\n");
}

static int parse_num(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    kh_serve_opts so;
    memset(&so, 0, sizeof so);
    so.port = 8080;
    kh_service_opts vo;
    memset(&vo, 0, sizeof vo);
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.data_dir = kh_cli_data_dir();
    const char **dicts = calloc((size_t)argc, sizeof *dicts);
    const char *events_path = NULL;
    int ndicts = 0, bad = 0, no_code = 0;
    long v = 0;
    if (!dicts) {
        fprintf(stderr, "khaldun serve: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--port") == 0 && next) {
            bad = parse_num(argv[++i], 0, 65535, &v) < 0;
            so.port = (int)v;
        } else if (strcmp(a, "--host") == 0 && next) {
            so.host = argv[++i];
        } else if (strcmp(a, "--db") == 0 && next) {
            vo.db = argv[++i];
        } else if (strcmp(a, "--events") == 0 && next) {
            events_path = argv[++i];
        } else if (strcmp(a, "--max-body") == 0 && next) {
            bad = parse_num(argv[++i], 1, 1L << 30, &v) < 0;
            vo.max_body = (size_t)v;
        } else if (strcmp(a, "--max-docs") == 0 && next) {
            bad = parse_num(argv[++i], 1, 1000000, &v) < 0;
            vo.max_docs = (int)v;
        } else if (strcmp(a, "--threads") == 0 && next) {
            bad = parse_num(argv[++i], 1, 256, &v) < 0;
            so.threads = (int)v;
        } else if (strcmp(a, "--model") == 0 && next) {
            po.model_path = argv[++i];
        } else if (strcmp(a, "--dict") == 0 && next) {
            dicts[ndicts++] = argv[++i];
        } else if (strcmp(a, "--no-model") == 0) {
            po.no_model = 1;
            po.use_file_parses = 1;
        } else if (strcmp(a, "--no-code") == 0) {
            no_code = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            so.quiet = 1;
        } else {
            bad = 1;
        }
    }
    if (bad || (vo.db && events_path)) {
        fprintf(stderr, "khaldun serve: bad or incomplete option (see khaldun serve --help)\n");
        free(dicts);
        return 2;
    }
    po.dict_paths = dicts;
    po.ndict_paths = ndicts;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_events ev = {NULL, 0, 0};
    kh_pipeline *pl = NULL;
    kh_service *svc = NULL;
    int status = 0;
    if (events_path) {
        int rc = kh_report_load_jsonl(events_path, &a, &ev, &diag, NULL);
        if (rc != 0) {   /* a service should not serve half a file silently */
            fprintf(stderr, "khaldun serve: %s: %s\n", events_path,
                    rc < 0 ? "cannot be read" : "has rejected lines (see above)");
            status = 2;
            goto done;
        }
        vo.events = ev.ev;
        vo.nevents = ev.n;
    }
    if (!no_code) {
        pl = kh_pipeline_open(&po, &diag);
        if (!pl) {
            fprintf(stderr, "khaldun serve: cannot load the coder (use --no-model or --no-code to serve "
                            "without it)\n");
            status = 2;
            goto done;
        }
    }
    vo.pipeline = pl;
    char err[512];
    svc = kh_service_new(&vo, err, sizeof err);
    if (!svc) {
        fprintf(stderr, "khaldun serve: %s\n", err);
        status = 2;
        goto done;
    }
    if (kh_serve_run(svc, &so) < 0)
        status = 2;
done:
    kh_service_free(svc);
    kh_pipeline_close(pl);
    kh_arena_free(&a);
    free(dicts);
    return status;
}
