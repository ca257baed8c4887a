/* bench_stages.c - the speed of each stage on one core, for bench/bench.sh.
 *
 *   bench_stages stages CONLLU MODEL DICT [NSENT] [MIN_SECONDS] [WINDOWS]
 *       segment (text layer on the raw text), tag and parse (gold tokenisation),
 *       code (our coder on the predicted trees) and end to end (kh_pipeline_doc on
 *       raw text in documents of 10 sentences); prints "key value" lines: sentences,
 *       tokens and CPU seconds per stage. Each stage is repeated until it has used
 *       MIN_SECONDS (default 1) of CPU time, so short inputs still give stable rates.
 *       End to end is measured WINDOWS times (default 1) and the median window is
 *       reported, with every window's rate in end_to_end.rates.
 *   bench_stages load-model MODEL     CPU and wall seconds to load a model
 *   bench_stages load-dict PATH...    the same for dictionaries (files or folders)
 *   bench_stages jsonl CONLLU BYTES [PERDOC]
 *       writes JSONL documents (PERDOC sentences each, default 10) of the treebank's
 *       sentence texts to stdout, cycling through them until BYTES were written;
 *       document ids and dates differ per cycle. For the -j and limits runs.
 *
 * CPU time is CLOCK_PROCESS_CPUTIME_ID: one thread, so it is the time of one core.
 * Under callgrind (bench.sh), the run_* functions' inclusive instruction counts are
 * the instructions of each stage. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coder.h"
#include "conllu.h"
#include "dict.h"
#include "nlp.h"
#include "parser.h"
#include "pipeline.h"
#include "tagger.h"
#include "text.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The treebank's sentences (gold tokenisation), the first nsent of them. */
typedef struct corpus {
    kh_arena arena;
    kh_doc doc;
    long ntokens;
} corpus;

static int corpus_load(corpus *c, const char *path, int nsent)
{
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    kh_arena_init(&c->arena, 1 << 20);
    kh_doc_init(&c->doc, &c->arena);
    if (kh_conllu_read_all(path, &c->doc, &diag) != 0)
        return -1;
    if (nsent > 0 && c->doc.nsents > nsent)
        c->doc.nsents = nsent;
    c->ntokens = 0;
    for (int i = 0; i < c->doc.nsents; i++)
        c->ntokens += c->doc.sents[i].nwords;
    return 0;
}

/* The raw text of sentences [from, to), one paragraph per sentence. */
static char *raw_text(const kh_doc *d, int from, int to, size_t *len)
{
    size_t n = 0;
    for (int i = from; i < to; i++)
        n += strlen(d->sents[i].text) + 2;
    char *s = malloc(n + 1), *p = s;
    if (!s)
        return NULL;
    for (int i = from; i < to; i++) {
        size_t k = strlen(d->sents[i].text);
        memcpy(p, d->sents[i].text, k);
        p += k;
        *p++ = '\n';
        *p++ = '\n';
    }
    *p = '\0';
    *len = (size_t)(p - s);
    return s;
}

/* Each run_* does one pass of a stage and adds what it produced to *sents, *toks.
 * noinline: callgrind attributes each stage's instructions to these names. */
__attribute__((noinline)) static int run_segment(const char *text, size_t len, long *sents, long *toks)
{
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc d;
    kh_doc_init(&d, &a);
    d.id = "bench";
    d.file = "bench";
    d.text = text;
    d.text_len = len;
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_text_opts o = {0, 0};
    int rc = kh_text_process(&d, &o, &diag);
    *sents += d.nsents;
    for (int i = 0; i < d.nsents; i++)
        *toks += d.sents[i].nwords;
    kh_arena_free(&a);
    return rc;
}

__attribute__((noinline)) static int run_tag(const kh_tagger *t, kh_doc *d, kh_arena *a, long *sents, long *toks)
{
    for (int i = 0; i < d->nsents; i++) {
        if (kh_tagger_tag(t, &d->sents[i], a) != 0)
            return -1;
        *toks += d->sents[i].nwords;
    }
    *sents += d->nsents;
    return 0;
}

__attribute__((noinline)) static int run_parse(const kh_parser *p, kh_doc *d, kh_arena *a, long *sents, long *toks)
{
    for (int i = 0; i < d->nsents; i++) {
        if (kh_parser_parse(p, &d->sents[i], a) != 0)
            return -1;
        *toks += d->sents[i].nwords;
    }
    *sents += d->nsents;
    return 0;
}

__attribute__((noinline)) static int run_code(const kh_dict *dict, kh_doc *d, long *sents, long *toks, long *events)
{
    kh_code_opts o;
    kh_code_opts_init(&o);
    kh_events ev = {NULL, 0, 0};
    for (int i = 0; i < d->nsents; i++) {
        if (kh_code_sentence(dict, &o, d, i, &ev, NULL) < 0)
            return -1;
        *toks += d->sents[i].nwords;
    }
    *sents += d->nsents;
    *events += ev.n;
    return 0;
}

/* End to end: documents of 10 raw sentences each, through kh_pipeline_doc. */
__attribute__((noinline)) static int run_pipeline(const kh_pipeline *pl, const kh_doc *src, long *sents, long *toks,
                                                  long *events)
{
    kh_arena a;
    kh_arena_init(&a, 1 << 16);
    int rc = 0;
    for (int from = 0; from < src->nsents && rc == 0; from += 10) {
        int to = from + 10 < src->nsents ? from + 10 : src->nsents;
        size_t len;
        char *text = raw_text(src, from, to, &len);
        if (!text)
            return -1;
        kh_arena_reset(&a);
        kh_doc d;
        kh_doc_init(&d, &a);
        d.id = "bench";
        d.date = "2023-03-11";
        d.file = "bench";
        d.text = text;
        d.text_len = len;
        kh_events ev = {NULL, 0, 0};
        kh_counts c;
        memset(&c, 0, sizeof c);
        kh_diag diag;
        kh_diag_init(&diag, NULL);
        rc = kh_pipeline_doc(pl, &d, NULL, &ev, &c, &diag, NULL) < 0 ? -1 : 0;
        *sents += d.nsents;
        for (int i = 0; i < d.nsents; i++)
            *toks += d.sents[i].nwords;
        *events += ev.n;
        free(text);
    }
    kh_arena_free(&a);
    return rc;
}

static void report(const char *stage, long reps, long sents, long toks, double cpu)
{
    printf("%s.reps %ld\n%s.sentences %ld\n%s.tokens %ld\n%s.cpu %.6f\n", stage, reps, stage, sents,
           stage, toks, stage, cpu);
}

#define E2E_MAXWIN 32

/* The index of the median of v[0..n-1] (the lower one for even n). */
static int median_index(const double *v, int n)
{
    for (int i = 0; i < n; i++) {
        int below = 0, equal_before = 0;
        for (int j = 0; j < n; j++) {
            below += v[j] < v[i];
            equal_before += j < i && v[j] == v[i];
        }
        if (below + equal_before == (n - 1) / 2)
            return i;
    }
    return 0;
}

static int cmd_stages(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    int nsent = argc > 5 ? atoi(argv[5]) : 0;
    double min_s = argc > 6 ? atof(argv[6]) : 1.0;
    int windows = argc > 7 ? atoi(argv[7]) : 1;
    if (windows < 1 || windows > E2E_MAXWIN)
        windows = 1;
    corpus c;
    if (corpus_load(&c, argv[2], nsent) != 0) {
        fprintf(stderr, "bench_stages: cannot read %s\n", argv[2]);
        return 1;
    }
    char err[512];
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    const char *dp[1] = {argv[4]};
    kh_dict *dict = kh_dict_open(dp, 1, &diag);
    if (!dict) {
        fprintf(stderr, "bench_stages: cannot open the dictionary %s\n", argv[4]);
        return 1;
    }
    /* Without a working model the tagger, parser and end-to-end rows are left out
     * and the coder runs on the treebank's gold trees. */
    kh_nlp *nlp = kh_nlp_open(argv[3], err, sizeof err);
    kh_tagger *tg = nlp ? kh_tagger_from_model(kh_nlp_model(nlp), err, sizeof err) : NULL;
    kh_parser *ps = tg ? kh_parser_from_model(kh_nlp_model(nlp), err, sizeof err) : NULL;
    if (!ps)
        printf("model.error %s\n", err);
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    kh_pipeline *pl = ps ? kh_pipeline_wrap(nlp, dict, &po) : NULL;
    printf("input.sentences %d\ninput.tokens %ld\n", c.doc.nsents, c.ntokens);

    size_t len;
    char *text = raw_text(&c.doc, 0, c.doc.nsents, &len);
    if (!text)
        return 1;
    long reps, s, t, e;
    double t0, dt;

    reps = s = t = 0;
    t0 = cpu_now();
    do { run_segment(text, len, &s, &t); reps++; } while ((dt = cpu_now() - t0) < min_s);
    report("segment", reps, s, t, dt);

    /* Tag, parse and code work on the gold tokenisation; each pass re-annotates. */
    kh_arena work, pwork;
    kh_arena_init(&work, 1 << 20);
    kh_arena_init(&pwork, 1 << 20);
    if (ps) {
        reps = s = t = 0;
        t0 = cpu_now();
        do { kh_arena_reset(&work); run_tag(tg, &c.doc, &work, &s, &t); reps++; } while ((dt = cpu_now() - t0) < min_s);
        report("tag", reps, s, t, dt);

        reps = s = t = 0;
        t0 = cpu_now();
        do { kh_arena_reset(&pwork); run_parse(ps, &c.doc, &pwork, &s, &t); reps++; } while ((dt = cpu_now() - t0) < min_s);
        report("parse", reps, s, t, dt);
    }
    printf("code.trees %s\n", ps ? "predicted" : "gold");

    reps = s = t = e = 0;
    long mark = 0;
    t0 = cpu_now();
    /* The coder allocates from the document's arena; it grows by the events only. */
    do { run_code(dict, &c.doc, &s, &t, &e); reps++; if (reps == 1) mark = e; } while ((dt = cpu_now() - t0) < min_s);
    report("code", reps, s, t, dt);
    printf("code.events_per_pass %ld\n", mark);

    if (pl) {
        /* The end to end rate is the one the speed target is about, and this machine's
         * rate drifts by 10-20% from second to second: it is measured in `windows`
         * windows of min_s each, and the median window is reported with all rates. */
        double rates[E2E_MAXWIN];
        long wreps[E2E_MAXWIN], ws[E2E_MAXWIN], wt[E2E_MAXWIN];
        double wdt[E2E_MAXWIN];
        for (int k = 0; k < windows; k++) {
            reps = s = t = e = 0;
            t0 = cpu_now();
            do { run_pipeline(pl, &c.doc, &s, &t, &e); reps++; } while ((dt = cpu_now() - t0) < min_s);
            rates[k] = (double)t / dt;
            wreps[k] = reps, ws[k] = s, wt[k] = t, wdt[k] = dt;
        }
        int med = median_index(rates, windows);
        report("end_to_end", wreps[med], ws[med], wt[med], wdt[med]);
        printf("end_to_end.events %ld\nend_to_end.windows %d\nend_to_end.rates", e / reps, windows);
        for (int k = 0; k < windows; k++)
            printf(" %.0f", rates[k]);
        printf("\n");
    }

    free(text);
    kh_arena_free(&work);
    kh_arena_free(&pwork);
    kh_pipeline_close(pl);
    kh_parser_free(ps);
    kh_tagger_free(tg);
    kh_dict_free(dict);
    kh_nlp_close(nlp);
    kh_arena_free(&c.arena);
    return 0;
}

static int cmd_load_model(const char *path)
{
    char err[512];
    double c0 = cpu_now(), w0 = wall_now();
    kh_nlp *nlp = kh_nlp_open(path, err, sizeof err);
    double c1 = cpu_now(), w1 = wall_now();
    if (!nlp) {
        fprintf(stderr, "bench_stages: %s\n", err);
        return 1;
    }
    printf("model.cpu %.6f\nmodel.wall %.6f\n", c1 - c0, w1 - w0);
    kh_nlp_close(nlp);
    return 0;
}

static int cmd_load_dict(int n, char **paths)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    double c0 = cpu_now(), w0 = wall_now();
    kh_dict *d = kh_dict_open((const char *const *)paths, n, &diag);
    double c1 = cpu_now(), w1 = wall_now();
    if (!d) {
        fprintf(stderr, "bench_stages: cannot load the dictionary\n");
        return 1;
    }
    const kh_dict_counts *t = kh_dict_totals(d);
    printf("dict.cpu %.6f\ndict.wall %.6f\ndict.actors %ld\ndict.agents %ld\ndict.verbs %ld\n"
           "dict.patterns %ld\ndict.errors %ld\n", c1 - c0, w1 - w0, t->actors, t->agents, t->verbs,
           t->patterns, diag.nerrors);
    kh_dict_free(d);
    return 0;
}

static int cmd_jsonl(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    corpus c;
    if (corpus_load(&c, argv[2], 0) != 0 || c.doc.nsents == 0)
        return 1;
    long long want = atoll(argv[3]), done = 0;
    int per = argc > 4 ? atoi(argv[4]) : 10;
    if (per < 1)
        per = 1;
    for (long cycle = 0; done < want; cycle++) {
        for (int from = 0; from < c.doc.nsents && done < want; from += per) {
            int to = from + per < c.doc.nsents ? from + per : c.doc.nsents;
            size_t len;
            char *text = raw_text(&c.doc, from, to, &len);
            char id[64], date[16];
            snprintf(id, sizeof id, "bench-%ld-%d", cycle, from);
            snprintf(date, sizeof date, "%04ld-%02d-%02d", 2000 + cycle % 25, 1 + from / 28 % 12, 1 + from % 28);
            json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "date", date, "source", "bench",
                                  "text", text ? text : "");
            char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
            if (!line) {
                fprintf(stderr, "bench_stages: out of memory\n");
                return 1;
            }
            done += (long long)printf("%s\n", line);
            free(line);
            json_decref(o);
            free(text);
        }
    }
    kh_arena_free(&c.arena);
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "stages") == 0)
        return cmd_stages(argc, argv);
    if (argc == 3 && strcmp(argv[1], "load-model") == 0)
        return cmd_load_model(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "load-dict") == 0)
        return cmd_load_dict(argc - 2, argv + 2);
    if (argc >= 4 && strcmp(argv[1], "jsonl") == 0)
        return cmd_jsonl(argc, argv);
    fprintf(stderr, "usage: bench_stages stages CONLLU MODEL DICT [NSENT] [MIN_SECONDS] [WINDOWS]\n"
                    "       bench_stages load-model MODEL | load-dict PATH... | jsonl CONLLU BYTES [PERDOC]\n");
    return 2;
}
