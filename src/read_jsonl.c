/* read_jsonl.c - documents from JSON Lines: one object a line with id, date,
 * source, url, title and text; other members are kept, as compact JSON, in
 * doc->extra_json. Each bad line is reported and skipped. */
#include "reader_impl.h"

#include <jansson.h>
#include <string.h>

/* A string member, or NULL when absent or null; *bad = 1 for another type. */
static const char *get_str(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

/* Fills doc from the object. Returns 1 (done), 0 (rejected: reported), -1 (memory). */
static int fill_doc(kh_reader *r, kh_arena *a, kh_doc *doc, json_t *o, long line)
{
    static const char *const known[] = {"id", "date", "source", "url", "title", "text"};
    int bad = 0;
    kh_doc_init(doc, a);   /* nothing from an earlier rejected line stays */
    json_t *text = json_object_get(o, "text");
    if (!text || json_is_null(text)) {
        kh_reader_reject(r, line, "document has no \"text\"");
        return 0;
    }
    if (!json_is_string(text)) {
        kh_reader_reject(r, line, "\"text\" is not a string");
        return 0;
    }
    /* an id may be a number; anything else is named in the message */
    char idbuf[32];
    const char *id = NULL;
    json_t *jid = json_object_get(o, "id");
    if (jid && json_is_integer(jid)) {
        snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(jid));
        id = idbuf;
    } else if (jid && !json_is_null(jid)) {
        id = get_str(o, "id", &bad);
        if (bad) {
            kh_reader_reject(r, line, "\"id\" is neither a string nor an integer");
            return 0;
        }
    }
    const char *date = get_str(o, "date", &bad);
    const char *source = get_str(o, "source", &bad);
    const char *url = get_str(o, "url", &bad);
    const char *title = get_str(o, "title", &bad);
    if (bad) {
        kh_reader_reject(r, line, "\"date\", \"source\", \"url\" and \"title\" must be strings");
        return 0;
    }
    if (date && *date) {
        char iso[11];
        if (kh_date_normalize(date, iso) < 0) {
            kh_reader_reject(r, line, "date '%.60s' does not parse (YYYY-MM-DD, YYYYMMDD or ISO 8601)", date);
            return 0;
        }
        if (!(doc->date = kh_arena_strdup(a, iso)))
            return -1;
    }
    size_t tlen = json_string_length(text);
    const char *t = json_string_value(text);
    if (memchr(t, '\0', tlen)) {
        kh_reader_reject(r, line, "\"text\" contains a NUL character");
        return 0;
    }
    if (tlen > r->opts.max_doc_bytes) {
        kh_reader_reject(r, line, "text of %zu bytes is larger than the limit (%zu)", tlen,
                         r->opts.max_doc_bytes);
        return 0;
    }
    if (!(doc->text = kh_arena_strndup(a, t, tlen)))
        return -1;
    doc->text_len = tlen;
    if (id) {
        doc->id = kh_arena_strdup(a, id);
    } else {
        char gen[64];
        snprintf(gen, sizeof gen, "%.40s:%ld", kh_path_base(r->name), line);
        doc->id = kh_arena_strdup(a, gen);
    }
    if (!doc->id || (source && !(doc->source = kh_arena_strdup(a, source))) ||
        (url && !(doc->url = kh_arena_strdup(a, url))) ||
        (title && !(doc->title = kh_arena_strdup(a, title))))
        return -1;
    /* unknown members, in input order, as one compact object */
    size_t nknown = 0;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        nknown += json_object_get(o, known[i]) != NULL;
    if (json_object_size(o) > nknown) {
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            json_object_del(o, known[i]);
        char *extra = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!extra)
            return -1;
        doc->extra_json = kh_arena_strdup(a, extra);
        free(extra);
        if (!doc->extra_json)
            return -1;
    }
    doc->line = line;
    return 1;
}

int kh_read_jsonl(kh_reader *r, kh_arena *a, kh_doc *doc)
{
    for (;;) {
        char *line;
        size_t len;
        int rc = kh_lr_next(r->lr, &line, &len);
        long lineno = kh_lr_lineno(r->lr);
        if (rc == KH_LR_EOF)
            return 0;
        if (rc == KH_LR_ERROR) {
            kh_diag_error(r->diag, r->name, lineno, "read error");
            return -1;
        }
        if (rc == KH_LR_TOOLONG) {
            kh_reader_reject(r, lineno, "line of %zu bytes is longer than the limit (%zu); skipped",
                             len, r->opts.max_line_bytes);
            if (kh_diag_should_stop(r->diag))
                return 0;
            continue;
        }
        kh_lr_chomp_cr(line, &len);
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len)
            continue;   /* blank lines separate nothing; allowed */
        if (memchr(line, '\0', len)) {
            kh_reader_reject(r, lineno, "NUL byte in line (binary data?)");
        } else {
            json_error_t err;
            json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &err);
            if (!o) {
                kh_reader_reject(r, lineno, "broken JSON: %s (column %d)", err.text, err.column);
            } else if (!json_is_object(o)) {
                kh_reader_reject(r, lineno, "a JSON line must be an object");
                json_decref(o);
            } else {
                int ok = fill_doc(r, a, doc, o, lineno);
                json_decref(o);
                if (ok != 0)
                    return ok;
            }
        }
        if (kh_diag_should_stop(r->diag))
            return 0;
    }
}
