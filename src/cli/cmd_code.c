/* cmd_code.c - `khaldun code`: documents in (any reader format), events out.
 *
 * Documents are read in the main thread into a ring of slots; a pool of workers
 * (N - 1 threads and, whenever the ring is full, the main thread) runs the pipeline
 * (segment, tag, parse, code) on them; the main thread writes each document's events
 * in input order, so -j N gives the output of -j 1.
 * A progress line (src/progress.h) is drawn on stderr when it is a terminal; every
 * message is printed with the line erased first, so it never mixes with them. */
#include "cli.h"

#include "event.h"
#include "pipeline.h"
#include "pool.h"
#include "progress.h"
#include "reader.h"
#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef enum out_fmt { OUT_JSONL, OUT_TSV, OUT_PHOENIX, OUT_GDELT } out_fmt;

typedef struct slot {
    kh_arena arena;
    kh_doc doc;
    kh_events ev;
    kh_counts counts;
    kh_diag diag;          /* messages of this document, printed when it is emitted */
    char *msg;
    size_t msglen;
    FILE *msgf;
    kh_buf trace;          /* --verbose: the coder's account of the document */
    long long bytes;       /* input bytes read when the document was read (progress) */
    int rc;
} slot;

typedef struct run {
    kh_store *store;       /* --db: documents and events go there too */
    long stored_skipped;   /* documents the database already had (resume) */
    const kh_pipeline *pl;
    out_fmt fmt;
    kh_counts total;
    int quiet, failed, verbose;
    long rejected_read;
    kh_progress progress;
} run;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: khaldun code [INPUT...] [options]\n"
            "Codes documents into CAMEO events. INPUT: JSONL, text, PETRARCH XML, TABARI records or\n"
            "CoNLL-U (detected; '-' or none = stdin).\n"
            "  --format F       jsonl (default), tsv, phoenix, gdelt\n"
            "  --input-format F jsonl, text, petrarch, tabari, conllu (default: detect)\n"
            "  --dict PATH      dictionary file or directory (ours, PETRARCH or TABARI); repeatable\n"
            "  --model F        tagging/parsing model (default: the bundled one)\n"
            "  -j N             worker threads (default: all cores)\n"
            "  --negated        keep negated events, flagged \"negated\": true\n"
            "  --statements     code \"X said ...\" as X's statement (010) too (code_statements)\n"
            "  --no-intent      do not turn \"will meet\"/\"plans to visit\" into intent codes (03x)\n"
            "  --option NAME=V  a TABARI/PETRARCH option: require_dyad, new_actor_length, comma_*, ...\n"
            "  --use-file-parses  use the trees the input carries (PETRARCH <Parse> in CoNLL-U)\n"
            "  --no-model       load no model: code only trees the input carries (CoNLL-U);\n"
            "                   other sentences are counted as skipped (unparsed)\n"
            "  --date D         date of text documents that have none\n"
            "  --strict         stop at the first rejected document\n"
            "  --db FILE        also store documents, mentions, entities and events in SQLite FILE;\n"
            "                   documents already there are skipped (--resume, the default: a\n"
            "                   killed run goes on where it stopped)\n"
            "  --recode         with --db: code and replace documents already stored\n"
            "  --max-words N    skip longer sentences (default 120)\n"
            "  --max-doc-bytes N  reject larger documents (default 64 MiB)\n"
            "  --quiet          no warnings, no progress; --verbose: print the coder's trace to stderr\n"
            "  --progress       draw the progress line even when stderr is not a terminal\n"
            "Ends with counts on stderr; exit 1 when some input was rejected.\n");
}

static int work_doc(void *ctx, int worker, void *item)
{
    run *r = ctx;
    slot *s = item;
    s->ev.n = s->ev.cap = 0;
    s->ev.ev = NULL;
    memset(&s->counts, 0, sizeof s->counts);
    kh_buf_clear(&s->trace);
    s->rc = kh_pipeline_doc(r->pl, &s->doc, NULL, &s->ev, &s->counts, &s->diag, r->verbose ? &s->trace : NULL);
    if (r->verbose && s->rc == 0)
        for (int si = 0; si < s->doc.nsents; si++) {
            const kh_sentence *st = &s->doc.sents[si];
            kh_buf_printf(&s->trace, "# tree of sentence %d\n", si);
            for (int i = 0; i < st->nwords; i++)
                kh_buf_printf(&s->trace, "%d\t%s\t%s\t%s\t%d\t%s\n", i + 1, st->words[i].form,
                              st->words[i].lemma ? st->words[i].lemma : "_", kh_upos_name(st->words[i].upos),
                              st->words[i].head, st->words[i].deprel ? st->words[i].deprel : "_");
        }
    return s->rc < 0 ? -1 : 0;
}

static int emit_doc(void *ctx, void *item)
{
    run *r = ctx;
    slot *s = item;
    int rc = 0;
    if (s->msgf) {
        fclose(s->msgf);
        s->msgf = NULL;
        if (s->msglen && !r->quiet) {
            kh_progress_clear(&r->progress);
            fwrite(s->msg, 1, s->msglen, stderr);
        }
        free(s->msg);
        s->msg = NULL;
        s->msglen = 0;
    }
    if (r->verbose && s->trace.len) {
        kh_progress_clear(&r->progress);
        fprintf(stderr, "== document %s\n%s", s->doc.id ? s->doc.id : "?", s->trace.data);
    }
    for (int i = 0; i < s->ev.n && rc == 0; i++) {
        const kh_event *e = &s->ev.ev[i];
        switch (r->fmt) {
        case OUT_JSONL: rc = kh_event_write_jsonl(stdout, e); break;
        case OUT_TSV: rc = kh_event_write_tsv(stdout, e, KH_TSV_KHALDUN); break;
        case OUT_PHOENIX: rc = kh_event_write_tsv(stdout, e, KH_TSV_PHOENIX); break;
        case OUT_GDELT: rc = kh_event_write_tsv(stdout, e, KH_TSV_GDELT); break;
        }
    }
    if (rc == 0 && r->store && s->rc == 0 && kh_store_add_doc(r->store, &s->doc, &s->ev) < 0) {
        kh_progress_clear(&r->progress);
        fprintf(stderr, "khaldun code: %s\n", kh_store_error(r->store));
        rc = -1;
    }
    kh_counts_add(&r->total, &s->counts);
    kh_progress_update(&r->progress, r->total.documents, r->total.sentences, r->total.events, s->bytes);
    return rc < 0 ? -1 : 0;
}

static int parse_int_arg(const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        return -1;
    *out = (int)x;
    return 0;
}

/* The sum of the input files' sizes, for the time left; 0 (unknown) when one of
 * them is stdin or not a regular file. */
static long long input_size(const char *const *inputs, int n)
{
    long long total = 0;
    for (int k = 0; k < n; k++) {
        struct stat st;
        if (strcmp(inputs[k], "-") == 0 || stat(inputs[k], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (long long)st.st_size;
    }
    return total;
}

/* Opens an input as kh_reader_open does, keeping the stream in *f (NULL for stdin)
 * so that its position tells how far the run has got. */
static kh_reader *open_input(const char *path, const kh_read_opts *ro, kh_diag *diag, FILE **f)
{
    *f = NULL;
    if (strcmp(path, "-") == 0)
        return kh_reader_open(path, ro, diag);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        kh_diag_error(diag, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    kh_reader *rd = kh_reader_open_stream(fp, path, ro, diag);
    if (!rd) {
        fclose(fp);
        return NULL;
    }
    *f = fp;
    return rd;
}

/* While the progress line is drawn, the reader's messages are collected here and
 * printed after the line is erased. */
typedef struct msgs {
    FILE *f;
    char *buf;
    size_t len;
} msgs;

static void msgs_open(msgs *m, kh_diag *diag)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    diag->out = m->f ? m->f : stderr;
}

static void msgs_flush(msgs *m, kh_diag *diag, kh_progress *p, int reopen)
{
    if (!m->f)
        return;
    fflush(m->f);
    if (!m->len && reopen)
        return;
    fclose(m->f);
    m->f = NULL;
    if (m->len) {
        kh_progress_clear(p);
        fwrite(m->buf, 1, m->len, stderr);
    }
    free(m->buf);
    if (reopen)
        msgs_open(m, diag);
    else
        diag->out = stderr;
}

int cmd_code(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.data_dir = kh_cli_data_dir();
    kh_read_opts ro = {0};
    run r;
    memset(&r, 0, sizeof r);
    int nworkers = kh_pool_ncpus(), strict = 0, verbose = 0, force_progress = 0;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    const char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
    if (!inputs || !dicts) {
        free(inputs);
        free(dicts);
        fprintf(stderr, "khaldun code: out of memory\n");
        return 2;
    }
    int ninputs = 0, ndicts = 0, bad = 0, recode = 0;
    const char *db = NULL;
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--format") == 0 && v) {
            i++;
            if (strcmp(v, "jsonl") == 0) r.fmt = OUT_JSONL;
            else if (strcmp(v, "tsv") == 0) r.fmt = OUT_TSV;
            else if (strcmp(v, "phoenix") == 0) r.fmt = OUT_PHOENIX;
            else if (strcmp(v, "gdelt") == 0) r.fmt = OUT_GDELT;
            else bad = 1;
        } else if (strcmp(a, "--input-format") == 0 && v) {
            i++;
            ro.format = kh_format_from_name(v);
            bad = ro.format == KH_FMT_AUTO;
        } else if (strcmp(a, "--dict") == 0 && v) {
            dicts[ndicts++] = argv[++i];
        } else if (strcmp(a, "--model") == 0 && v) {
            po.model_path = argv[++i];
        } else if (strcmp(a, "-j") == 0 && v) {
            i++;
            bad = parse_int_arg(v, 1, 256, &nworkers) < 0;
        } else if (strcmp(a, "--max-words") == 0 && v) {
            i++;
            bad = parse_int_arg(v, 1, 1000000, &po.code.max_words) < 0;
        } else if (strcmp(a, "--option") == 0 && v) {
            char name[64];
            const char *eq = strchr(v, '=');
            i++;
            if (!eq || (size_t)(eq - v) >= sizeof name) {
                bad = 1;
            } else {
                snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
                bad = kh_code_opts_set(&po.code, name, eq + 1) < 0;
            }
        } else if (strcmp(a, "--max-doc-bytes") == 0 && v) {
            int mb = 0;
            i++;
            bad = parse_int_arg(v, 1, 2000000000, &mb) < 0;
            ro.max_doc_bytes = (size_t)mb;
            po.text.max_doc_bytes = mb;
        } else if (strcmp(a, "--date") == 0 && v) {
            ro.default_date = argv[++i];
        } else if (strcmp(a, "--negated") == 0) {
            po.code.negated = 1;
        } else if (strcmp(a, "--statements") == 0) {
            po.code.code_statements = 1;
        } else if (strcmp(a, "--no-intent") == 0) {
            po.code.intent_codes = 0;
        } else if (strcmp(a, "--use-file-parses") == 0) {
            po.use_file_parses = 1;
        } else if (strcmp(a, "--no-model") == 0) {
            po.no_model = 1;
        } else if (strcmp(a, "--db") == 0 && v) {
            db = argv[++i];
        } else if (strcmp(a, "--recode") == 0) {
            recode = 1;
        } else if (strcmp(a, "--resume") == 0) {
            recode = 0;
        } else if (strcmp(a, "--strict") == 0) {
            strict = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            r.quiet = 1;
        } else if (strcmp(a, "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(a, "--progress") == 0) {
            force_progress = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            bad = 1;
        } else {
            inputs[ninputs++] = a;
        }
    }
    if (bad) {
        fprintf(stderr, "khaldun code: bad or incomplete option (see khaldun code --help)\n");
        free(inputs);
        free(dicts);
        return 2;
    }
    r.verbose = verbose;
    if (ninputs == 0)
        inputs[ninputs++] = "-";
    po.dict_paths = dicts;
    po.ndict_paths = ndicts;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    diag.strict = strict;
    diag.quiet = r.quiet;
    kh_pipeline *pl = kh_pipeline_open(&po, &diag);
    if (!pl) {
        free(inputs);
        free(dicts);
        return 2;
    }
    r.pl = pl;
    int nslots = nworkers > 1 ? nworkers * 16 : 1;   /* the caller works too when the ring is full (pool.h) */
    slot *slots = calloc((size_t)nslots, sizeof *slots);
    void **items = calloc((size_t)nslots, sizeof *items);
    kh_pool *pool = NULL;
    int status = 0;
    if (!slots || !items) {
        fprintf(stderr, "khaldun code: out of memory\n");
        status = 2;
        goto done;
    }
    for (int i = 0; i < nslots; i++) {
        kh_arena_init(&slots[i].arena, 0);
        items[i] = &slots[i];
    }
    if (db) {
        char *err = NULL;
        if (!(r.store = kh_store_open(db, &err))) {
            fprintf(stderr, "khaldun code: %s\n", err ? err : db);
            free(err);
            status = 2;
            goto done;
        }
        kh_store_set_dict(r.store, kh_pipeline_dict(pl));
    }
    pool = kh_pool_new(nworkers, nslots, items, work_doc, emit_doc, &r);
    if (!pool) {
        fprintf(stderr, "khaldun code: cannot start %d workers\n", nworkers);
        status = 2;
        goto done;
    }
    kh_progress_init(&r.progress, stderr, r.quiet ? KH_PROGRESS_QUIET :
                                          force_progress ? KH_PROGRESS_FORCE : KH_PROGRESS_AUTO);
    kh_progress_set_total(&r.progress, input_size(inputs, ninputs));
    msgs rm = {0};
    if (r.progress.enabled)
        msgs_open(&rm, &diag);
    long long done_before = 0;    /* bytes of the inputs read completely */
    if (r.fmt != OUT_JSONL)
        kh_event_write_tsv_header(stdout, r.fmt == OUT_TSV ? KH_TSV_KHALDUN :
                                          r.fmt == OUT_PHOENIX ? KH_TSV_PHOENIX : KH_TSV_GDELT);
    for (int k = 0; k < ninputs && status == 0; k++) {
        FILE *in = NULL;
        kh_reader *rd = open_input(inputs[k], &ro, &diag, &in);
        msgs_flush(&rm, &diag, &r.progress, 1);
        if (!rd) {
            r.total.rejected++;
            if (strict)
                break;
            continue;
        }
        for (;;) {
            slot *s = kh_pool_slot(pool);
            if (!s) {
                status = 2;
                break;
            }
            kh_arena_reset(&s->arena);
            int got = kh_reader_next(rd, &s->arena, &s->doc);
            msgs_flush(&rm, &diag, &r.progress, 1);
            if (got <= 0) {
                if (got < 0)
                    status = 2;
                break;
            }
            if (r.store && !recode) {   /* resume: skip what an earlier run stored */
                int has = kh_store_has_doc(r.store, s->doc.id);
                if (has < 0) {
                    kh_progress_clear(&r.progress);
                    fprintf(stderr, "khaldun code: %s\n", kh_store_error(r.store));
                    status = 2;
                    break;
                }
                if (has) {
                    r.stored_skipped++;
                    continue;
                }
            }
            s->msgf = open_memstream(&s->msg, &s->msglen);
            kh_diag_init(&s->diag, s->msgf);
            s->diag.quiet = r.quiet;
            long long pos = in ? (long long)ftello(in) : -1;
            s->bytes = done_before + (pos > 0 ? pos : 0);
            kh_pool_commit(pool);
            if (strict && (diag.nerrors || r.total.rejected))
                break;
        }
        r.rejected_read += kh_reader_count_rejected(rd);
        kh_reader_close(rd);
        msgs_flush(&rm, &diag, &r.progress, 1);
        if (in) {
            struct stat st;
            if (fstat(fileno(in), &st) == 0)
                done_before += (long long)st.st_size;
            fclose(in);
        }
    }
    int finished = kh_pool_finish(pool);
    msgs_flush(&rm, &diag, &r.progress, 0);
    kh_progress_finish(&r.progress);
    if (finished < 0 && status == 0) {
        fprintf(stderr, "khaldun code: out of memory or output error\n");
        status = 2;
    }
    fflush(stdout);
    if (r.store) {
        if (r.stored_skipped)
            fprintf(stderr, "%ld documents already in %s, skipped\n", r.stored_skipped, db);
        /* Raw and merged (de-duplicated across reports) events of the whole database. */
        kh_store_query all = {0};
        long nraw = 0, nmerged = 0;
        if (kh_store_flush(r.store) == 0 &&
            kh_store_query_events(r.store, &all, NULL, NULL, &nraw, &nmerged) == 0)
            fprintf(stderr, "%s: %ld raw events, %ld merged events\n", db, nraw, nmerged);
        if (kh_store_close(r.store) < 0 && status == 0) {
            fprintf(stderr, "khaldun code: %s: cannot commit the last batch\n", db);
            status = 2;
        }
        r.store = NULL;
    }
    r.total.rejected += r.rejected_read;
    kh_counts_print(stderr, &r.total);
    if (status == 0 && r.total.rejected > 0)
        status = 1;
done:
    kh_store_close(r.store);
    kh_pool_free(pool);
    for (int i = 0; slots && i < nslots; i++) {
        kh_arena_free(&slots[i].arena);
        kh_buf_free(&slots[i].trace);
    }
    free(slots);
    free(items);
    kh_pipeline_close(pl);
    free(inputs);
    free(dicts);
    return status;
}
