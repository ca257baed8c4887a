/* khaldun.c - the public API (include/khaldun.h) over the pipeline.
 *
 * The handle is a kh_pipeline (model + dictionaries, read-only after open). A JSON
 * document goes through the same JSONL reader as the command line, so the API and
 * `khaldun code` accept and reject exactly the same documents. */
#include "khaldun.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "pipeline.h"
#include "reader.h"

struct khaldun {
    kh_pipeline *pipeline;
    char *dict_path;        /* owned copies of the configuration strings */
    char *model_path;
    char *data_dir;
};

const char *khaldun_version(void) { return "0.1.0"; }

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Copies what a memstream diag collected into err (first line only). */
static void take_message(const char *mem, char *err, size_t errlen)
{
    if (!err || !errlen)
        return;
    if (!mem || !*mem) {
        snprintf(err, errlen, "unknown error");
        return;
    }
    size_t n = strcspn(mem, "\n");
    if (n >= errlen)
        n = errlen - 1;
    memcpy(err, mem, n);
    err[n] = '\0';
}

khaldun *khaldun_open(const khaldun_config *config, char *err, size_t errlen)
{
    khaldun_config defaults = {0};
    if (!config)
        config = &defaults;
    khaldun *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    k->dict_path = dup_or_null(config->dict_path);
    k->model_path = dup_or_null(config->model_path);
    const char *env = getenv("KHALDUN_DATA");
    k->data_dir = dup_or_null(config->data_dir ? config->data_dir : (env && *env ? env : "data"));
    if ((config->dict_path && !k->dict_path) || (config->model_path && !k->model_path) || !k->data_dir) {
        snprintf(err, errlen, "out of memory");
        khaldun_close(k);
        return NULL;
    }
    kh_pipeline_opts o;
    kh_pipeline_opts_init(&o);
    o.data_dir = k->data_dir;
    o.model_path = k->model_path;
    const char *paths[1] = {k->dict_path};
    if (k->dict_path) {
        o.dict_paths = paths;
        o.ndict_paths = 1;
    }
    o.code.negated = config->negated;
    o.code.code_statements = config->statements;

    char *mem = NULL;
    size_t memlen = 0;
    FILE *msg = open_memstream(&mem, &memlen);
    kh_diag diag;
    kh_diag_init(&diag, msg);
    k->pipeline = kh_pipeline_open(&o, &diag);
    if (msg)
        fclose(msg);
    if (!k->pipeline) {
        take_message(mem, err, errlen);
        free(mem);
        khaldun_close(k);
        return NULL;
    }
    free(mem);
    return k;
}

/* Re-dumps the document compactly so that a pretty-printed object is one JSONL line. */
static char *compact_json(const char *json, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_loads(json, 0, &jerr);
    if (!root) {
        snprintf(err, errlen, "document: line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        snprintf(err, errlen, "document: expected a JSON object");
        json_decref(root);
        return NULL;
    }
    char *line = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!line)
        snprintf(err, errlen, "out of memory");
    return line;
}

int khaldun_code_json(const khaldun *k, const char *json_document, char **events_jsonl,
                      char *err, size_t errlen)
{
    *events_jsonl = NULL;
    char *line = compact_json(json_document, err, errlen);
    if (!line)
        return -1;
    FILE *in = fmemopen(line, strlen(line), "r");
    char *mem = NULL;
    size_t memlen = 0;
    FILE *msg = open_memstream(&mem, &memlen);
    if (!in || !msg) {
        if (in)
            fclose(in);
        if (msg)
            fclose(msg);
        free(line);
        free(mem);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    kh_diag diag;
    kh_diag_init(&diag, msg);
    kh_read_opts ro = {.format = KH_FMT_JSONL};
    kh_reader *r = kh_reader_open_stream(in, "document", &ro, &diag);
    kh_arena arena;
    kh_arena_init(&arena, 0);
    kh_doc doc;
    kh_events events = {0};
    kh_counts counts = {0};
    int result = -1;
    int got = r ? kh_reader_next(r, &arena, &doc) : -1;
    if (got == 1) {
        int rc = kh_pipeline_doc(k->pipeline, &doc, NULL, &events, &counts, &diag, NULL);
        if (rc == 0) {
            kh_buf out = KH_BUF_INIT;
            result = events.n;
            for (int i = 0; i < events.n && result >= 0; i++)
                if (kh_event_to_json(&out, &events.ev[i]) < 0 || kh_buf_putc(&out, '\n') < 0)
                    result = -1;
            if (result >= 0 && kh_buf_reserve(&out, 0) == 0)
                *events_jsonl = out.data;   /* ownership passes to the caller */
            else {
                kh_buf_free(&out);
                result = -1;
            }
        }
    }
    if (r)
        kh_reader_close(r);
    fclose(in);
    fclose(msg);
    if (result < 0)
        take_message(mem, err, errlen);
    free(mem);
    free(line);
    kh_arena_free(&arena);
    return result;
}

void khaldun_close(khaldun *k)
{
    if (!k)
        return;
    if (k->pipeline)
        kh_pipeline_close(k->pipeline);
    free(k->dict_path);
    free(k->model_path);
    free(k->data_dir);
    free(k);
}
