/* cmd_train.c - `khaldun train`: trains the tagger and the parser from UD treebanks
 * and writes one model file.
 *
 * The parser must learn from the tags it will see at run time, not gold ones, so its
 * training trees carry jackknifed tags: the training set is cut into folds, a tagger
 * trained on the other folds tags each one (folds run on -j threads). The dev set is
 * tagged by the final tagger and used to pick the parser's best epoch. Same data and
 * seed give a byte-identical file (the meta section's date is a day, or
 * SOURCE_DATE_EPOCH when set). */
#include "cli.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "conllu.h"
#include "evalud.h"
#include "model.h"
#include "parser.h"
#include "tagger.h"
#include "wordnet.h"

typedef struct train_opts {
    const char *ud, *out;
    const char *save_tagged;   /* write the parser's tagged train/dev CoNLL-U here */
    const char *tagged;        /* read them from here: parser-only experiment, no tagger */
    const char *tagger_from;   /* with --tagged: copy the tagger sections of this model */
    const char *parser_from;   /* with --tagger-only: copy the parser sections of this model */
    unsigned seed;
    int epochs, tagger_epochs, jobs, folds, gum, gold_tags, tagger_only, no_wordnet;
    const kh_wordnet *wn;      /* the tagger's WordNet features (NULL: none) */
} train_opts;

static void usage(FILE *f)
{
    fprintf(f, "usage: khaldun train [--ud DIR] [--out FILE] [--seed N] [--epochs N] [-j N]\n"
               "                     [--tagger-epochs N] [--folds N] [--gold-tags] [--gum]\n"
               "                     [--no-wordnet]\n"
               "trains the tagger and parser on UD English EWT (DIR defaults to\n"
               "$KH_SHARED/data/ud) and writes one model file (default build/models/en_ewt.khm).\n"
               "  --epochs N       parser epochs (default 15)\n"
               "  -j N             threads for the jackknifed tagging (default 2)\n"
               "  --folds N        jackknife folds (default 10)\n"
               "  --gold-tags      train the parser on gold tags (no jackknifing)\n"
               "  --gum            add GUM train (CC BY-NC-SA: non-commercial use only)\n"
               "  --no-wordnet     no WordNet features in the tagger (by default they are used\n"
               "                   when WordNet is installed: $KH_WORDNET or /usr/share/wordnet)\n"
               "  --save-tagged DIR  also write the parser's jackknifed train and tagged dev\n"
               "                   (DIR/train.conllu, DIR/dev.conllu)\n"
               "  --tagged DIR     parser-only experiment on the files --save-tagged wrote: no\n"
               "                   tagger is trained and the model has no tagger sections\n"
               "  --tagger-from F  with --tagged: copy the tagger of model F into the new model\n"
               "                   (it must be the tagger that tagged DIR/dev.conllu)\n"
               "  --tagger-only    tagger experiment: train only the tagger (it prints its dev\n"
               "                   scores); the model has no parser sections\n"
               "  --parser-from F  with --tagger-only: copy the parser of model F into the new\n"
               "                   model, so that 'khaldun parse' can run it (its parse columns\n"
               "                   come from a parser trained on another tagger's tags)\n");
}

/* A view of some sentences of a document (for a fold or its complement). */
static int doc_subset(const kh_doc *src, kh_doc *dst, int folds, int fold, int keep)
{
    *dst = *src;
    dst->sents = malloc(sizeof(kh_sentence) * (size_t)(src->nsents + 1));
    if (!dst->sents)
        return -1;
    dst->nsents = 0;
    for (int i = 0; i < src->nsents; i++)
        if ((i % folds == fold) == keep)
            dst->sents[dst->nsents++] = src->sents[i];
    dst->cap_sents = dst->nsents;
    return 0;
}

/* Copies the words of s into arena a (the copy can be re-tagged without touching gold). */
static int copy_words(kh_sentence *s, kh_arena *a)
{
    if (s->nwords == 0)
        return 0;
    s->words = kh_arena_memdup(a, s->words, sizeof(kh_word) * (size_t)s->nwords);
    return s->words ? 0 : -1;
}

/* Tags s as kh_nlp_annotate does (an empty lemma falls back to the form), so the
 * parser trains on what it will see at run time. */
static int tag_like_runtime(const kh_tagger *t, kh_sentence *s, kh_arena *a)
{
    if (kh_tagger_tag(t, s, a) != 0)
        return -1;
    for (int i = 0; i < s->nwords; i++)
        if (s->words[i].lemma && !s->words[i].lemma[0])
            s->words[i].lemma = s->words[i].form;
    return 0;
}

static kh_tagger *tagger_from_writer(kh_model_writer *w, const char *tmp, kh_model **m)
{
    char err[512];
    if (kh_model_writer_save(w, tmp) != 0) {
        fprintf(stderr, "khaldun train: cannot write %s\n", tmp);
        return NULL;
    }
    *m = kh_model_load(tmp, err, sizeof err);
    remove(tmp);
    if (!*m) {
        fprintf(stderr, "khaldun train: %s\n", err);
        return NULL;
    }
    kh_tagger *t = kh_tagger_from_model(*m, err, sizeof err);
    if (!t)
        fprintf(stderr, "khaldun train: %s\n", err);
    return t;
}

typedef struct fold_job {
    const kh_doc *train;
    kh_doc *jack;            /* sentences re-tagged in place (words copied to arena) */
    const train_opts *o;
    int fold;
    kh_arena arena;
    int rc;
} fold_job;

static void *run_fold(void *arg)
{
    fold_job *j = arg;
    j->rc = -1;
    kh_doc rest;
    if (doc_subset(j->train, &rest, j->o->folds, j->fold, 0) != 0)
        return NULL;
    kh_model_writer *w = kh_model_writer_new();
    kh_tagger_train_opts to = {j->o->tagger_epochs, j->o->seed, 0, j->o->wn};
    kh_model *m = NULL;
    kh_tagger *t = NULL;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.fold%d.tmp", j->o->out, j->fold);
    if (w && kh_tagger_train(&rest, NULL, &to, w) == 0 && (t = tagger_from_writer(w, tmp, &m))) {
        j->rc = 0;
        for (int i = j->fold; i < j->jack->nsents && j->rc == 0; i += j->o->folds) {
            kh_sentence *s = &j->jack->sents[i];
            if (copy_words(s, &j->arena) != 0 || tag_like_runtime(t, s, &j->arena) != 0)
                j->rc = -1;
        }
    }
    kh_tagger_free(t);
    kh_model_free(m);
    kh_model_writer_free(w);
    free(rest.sents);
    fprintf(stderr, "train: jackknife fold %d %s\n", j->fold + 1, j->rc == 0 ? "tagged" : "FAILED");
    return NULL;
}

/* Re-tags jack's sentences fold by fold, -j folds at a time. */
static int jackknife(const kh_doc *train, kh_doc *jack, const train_opts *o, fold_job *jobs)
{
    for (int f = 0; f < o->folds; f += o->jobs) {
        pthread_t th[16];
        int started[16] = {0};
        for (int k = 0; k < o->jobs && f + k < o->folds; k++) {
            fold_job *j = &jobs[f + k];
            j->train = train;
            j->jack = jack;
            j->o = o;
            j->fold = f + k;
            if (pthread_create(&th[k], NULL, run_fold, j) == 0)
                started[k] = 1;
            else
                run_fold(j);
        }
        for (int k = 0; k < o->jobs && f + k < o->folds; k++)
            if (started[k])
                pthread_join(th[k], NULL);
    }
    for (int f = 0; f < o->folds; f++)
        if (jobs[f].rc != 0)
            return -1;
    return 0;
}

static long count_words(const kh_doc *d)
{
    long n = 0;
    for (int i = 0; i < d->nsents; i++)
        n += d->sents[i].nwords;
    return n;
}

static int read_treebank(const char *dir, const char *name, kh_doc *d, kh_diag *diag)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (kh_conllu_read_all(path, d, diag) != 0) {
        fprintf(stderr, "khaldun train: cannot read %s (set --ud or KH_SHARED)\n", path);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, train_opts *o, char *udbuf, size_t udlen)
{
    snprintf(udbuf, udlen, "%s/data/ud", kh_cli_shared_dir());
    *o = (train_opts){udbuf, "build/models/en_ewt.khm", NULL, NULL, NULL, NULL, 1, 15, 0, 2, 10, 0, 0, 0, 0, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--ud") == 0 && more) o->ud = argv[++i];
        else if (strcmp(a, "--out") == 0 && more) o->out = argv[++i];
        else if (strcmp(a, "--seed") == 0 && more) o->seed = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (strcmp(a, "--epochs") == 0 && more) o->epochs = atoi(argv[++i]);
        else if (strcmp(a, "--tagger-epochs") == 0 && more) o->tagger_epochs = atoi(argv[++i]);
        else if (strcmp(a, "-j") == 0 && more) o->jobs = atoi(argv[++i]);
        else if (strcmp(a, "--folds") == 0 && more) o->folds = atoi(argv[++i]);
        else if (strcmp(a, "--save-tagged") == 0 && more) o->save_tagged = argv[++i];
        else if (strcmp(a, "--tagged") == 0 && more) o->tagged = argv[++i];
        else if (strcmp(a, "--tagger-from") == 0 && more) o->tagger_from = argv[++i];
        else if (strcmp(a, "--parser-from") == 0 && more) o->parser_from = argv[++i];
        else if (strcmp(a, "--tagger-only") == 0) o->tagger_only = 1;
        else if (strcmp(a, "--gum") == 0) o->gum = 1;
        else if (strcmp(a, "--gold-tags") == 0) o->gold_tags = 1;
        else if (strcmp(a, "--no-wordnet") == 0) o->no_wordnet = 1;
        else {
            fprintf(stderr, "khaldun train: unknown option '%s'\n", a);
            usage(stderr);
            return -1;
        }
    }
    if ((o->parser_from && !o->tagger_only) || (o->tagger_only && o->tagged)) {
        fprintf(stderr, "khaldun train: --parser-from needs --tagger-only, which excludes --tagged\n");
        return -1;
    }
    if (o->jobs < 1) o->jobs = 1;
    if (o->jobs > 16) o->jobs = 16;
    if (o->folds < 2) o->folds = 2;
    if (o->folds > 64) o->folds = 64;
    return 0;
}

static void mkdirs_for(const char *path)
{
    char buf[4200];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
}

static int add_meta(kh_model_writer *w, int argc, char **argv, const kh_doc *train,
                    const kh_doc *dev, const train_opts *o)
{
    kh_buf b = KH_BUF_INIT;
    time_t now = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        now = (time_t)strtoll(sde, NULL, 10);
    struct tm tm;
    gmtime_r(&now, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    int rc = kh_buf_puts(&b, "command: khaldun");
    for (int i = 0; i < argc && rc == 0; i++)
        rc = kh_buf_printf(&b, " %s", argv[i]);
    if (rc == 0)
        rc = kh_buf_printf(&b, "\ndate: %s\ncorpus: UD English EWT%s (%s)\n"
                              "train: %d sentences, %ld words\ndev: %d sentences, %ld words\n"
                              "seed: %u\nparser tags: %s\n",
                           date, o->gum ? " + GUM (CC BY-NC-SA 4.0: non-commercial use only)" : " (CC BY-SA 4.0)",
                           o->ud, train->nsents, count_words(train), dev->nsents, count_words(dev), o->seed,
                           o->gold_tags ? "gold" : "jackknifed");
    if (rc == 0)
        rc = kh_model_writer_add(w, "meta", b.data, b.len);
    kh_buf_free(&b);
    return rc;
}

/* Writes d as CoNLL-U to DIR/name (for --save-tagged). */
static int save_doc(const char *dir, const char *name, const kh_doc *d)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    mkdirs_for(path);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "khaldun train: cannot write %s\n", path);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < d->nsents && rc == 0; i++)
        rc = kh_conllu_write(f, &d->sents[i]);
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "khaldun train: cannot write %s\n", path);
    return rc;
}

/* Copies the sections of model file path whose names start with prefix into w
 * (0, or -1 with the reason printed). */
static int copy_sections(kh_model_writer *w, const char *path, const char *const *names, size_t n)
{
    char err[512];
    kh_model *from = kh_model_load(path, err, sizeof err);
    if (!from) {
        fprintf(stderr, "khaldun train: %s\n", err);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const kh_model_section *sec = kh_model_section_get(from, names[i]);
        if (sec && kh_model_writer_add(w, names[i], sec->data, sec->size) != 0)
            rc = -1;
    }
    kh_model_free(from);
    return rc;
}

/* Parser-only experiment: trains the parser on the files --save-tagged wrote. */
static int train_parser_only(int argc, char **argv, const train_opts *o, kh_diag *diag)
{
    kh_arena ta, da;
    kh_arena_init(&ta, 1 << 22);
    kh_arena_init(&da, 1 << 20);
    kh_doc train, dev;
    kh_doc_init(&train, &ta);
    kh_doc_init(&dev, &da);
    kh_model_writer *w = kh_model_writer_new();
    int rc = 2;
    kh_parser_train_opts po = {o->epochs, o->seed, 1};
    /* every tagger section, the optional ones too: without tag.wn a tagger trained
     * with WordNet features would tag without them, silently worse */
    static const char *const names[] = {KH_TAGGER_SECTION_LEX, KH_TAGGER_SECTION_LEMMA,
                                        KH_TAGGER_SECTION_W1, KH_TAGGER_SECTION_W2,
                                        KH_TAGGER_SECTION_WF, KH_TAGGER_SECTION_CLUS,
                                        KH_TAGGER_SECTION_WN};
    if (w && o->tagger_from && copy_sections(w, o->tagger_from, names, sizeof names / sizeof names[0]) != 0) {
        kh_model_writer_free(w);
        w = NULL;
    }
    if (w && read_treebank(o->tagged, "train.conllu", &train, diag) == 0
        && read_treebank(o->tagged, "dev.conllu", &dev, diag) == 0) {
        mkdirs_for(o->out);
        if (kh_parser_train(&train, &dev, &po, w) == 0 && add_meta(w, argc, argv, &train, &dev, o) == 0
            && kh_model_writer_save(w, o->out) == 0)
            rc = 0;
    }
    kh_model_writer_free(w);
    kh_arena_free(&ta);
    kh_arena_free(&da);
    return rc;
}

/* Tags and parses dev with the finished model and prints its scores. */
static int report_dev(const char *path, const kh_doc *dev)
{
    char err[512];
    kh_model *m = kh_model_load(path, err, sizeof err);
    if (!m) {
        fprintf(stderr, "khaldun train: %s\n", err);
        return -1;
    }
    kh_tagger *t = kh_tagger_from_model(m, err, sizeof err);
    kh_parser *p = t ? kh_parser_from_model(m, err, sizeof err) : NULL;
    int rc = -1;
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc sys = *dev;
    sys.sents = kh_arena_memdup(&a, dev->sents, sizeof(kh_sentence) * (size_t)(dev->nsents + 1));
    if (!p || !sys.sents) {
        fprintf(stderr, "khaldun train: %s\n", p ? "out of memory" : err);
        goto out;
    }
    for (int i = 0; i < sys.nsents; i++) {
        kh_sentence *s = &sys.sents[i];
        if (copy_words(s, &a) != 0 || tag_like_runtime(t, s, &a) != 0 || kh_parser_parse(p, s, &a) != 0)
            goto out;
    }
    kh_ud_scores sc;
    if (kh_evalud(dev, &sys, &sc, err, sizeof err) != 0)
        goto out;
    printf("dev: UPOS %.2f XPOS %.2f UFeats %.2f Lemma %.2f UAS %.2f LAS %.2f\n",
           sc.f1[KH_UD_UPOS], sc.f1[KH_UD_XPOS], sc.f1[KH_UD_UFEATS], sc.f1[KH_UD_LEMMA],
           sc.f1[KH_UD_UAS], sc.f1[KH_UD_LAS]);
    rc = 0;
out:
    kh_arena_free(&a);
    kh_parser_free(p);
    kh_tagger_free(t);
    kh_model_free(m);
    return rc;
}

int cmd_train(int argc, char **argv)
{
    if (kh_cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    char udbuf[4200];
    train_opts o;
    if (parse_args(argc, argv, &o, udbuf, sizeof udbuf) != 0)
        return 2;
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    if (o.tagged)
        return train_parser_only(argc, argv, &o, &diag);
    kh_arena ta, da, ja;
    kh_arena_init(&ta, 1 << 22);
    kh_arena_init(&da, 1 << 20);
    kh_arena_init(&ja, 1 << 20);
    kh_doc train, dev, tagged_dev;
    kh_doc_init(&train, &ta);
    kh_doc_init(&dev, &da);
    int rc = 2;
    kh_model_writer *w = kh_model_writer_new();
    fold_job *jobs = calloc((size_t)o.folds, sizeof *jobs);
    kh_doc jack;
    memset(&jack, 0, sizeof jack);
    memset(&tagged_dev, 0, sizeof tagged_dev);
    kh_model *tm = NULL;
    kh_tagger *tagger = NULL;
    kh_wordnet *wn = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!w || !jobs)
        goto out;
    if (read_treebank(o.ud, "en_ewt-ud-train.conllu", &train, &diag) != 0
        || (o.gum && read_treebank(o.ud, "en_gum-ud-train.conllu", &train, &diag) != 0)
        || read_treebank(o.ud, "en_ewt-ud-dev.conllu", &dev, &diag) != 0)
        goto out;
    fprintf(stderr, "train: %d training sentences (%ld words), %d dev sentences\n",
            train.nsents, count_words(&train), dev.nsents);
    if (!o.no_wordnet) {
        char e2[512];
        if (!(wn = kh_wordnet_open(NULL, e2, sizeof e2)))
            fprintf(stderr, "train: WordNet not read (%s): the tagger is trained without WordNet "
                    "features (install wordnet-base for the default model's accuracy)\n", e2);
        else
            fprintf(stderr, "train: WordNet from %s (%ld lemmas)\n", kh_wordnet_default_dir(),
                    kh_wordnet_size(wn));
        o.wn = wn;
    }
    mkdirs_for(o.out);

    /* 1. the tagger, on all of train */
    kh_tagger_train_opts to = {o.tagger_epochs, o.seed, 1, o.wn};
    if (kh_tagger_train(&train, &dev, &to, w) != 0) {
        fprintf(stderr, "khaldun train: the tagger failed to train\n");
        goto out;
    }
    if (o.tagger_only) {
        /* the tagger printed its dev scores while training */
        static const char *const pnames[] = {"parser.labels", "parser.weights", "parser.features"};
        if ((o.parser_from && copy_sections(w, o.parser_from, pnames, 3) != 0)
            || add_meta(w, argc, argv, &train, &dev, &o) != 0)
            goto out;
        if (kh_model_writer_save(w, o.out) != 0) {
            fprintf(stderr, "khaldun train: cannot write %s\n", o.out);
            goto out;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("wrote %s (tagger only) in %.0f s\n", o.out, (double)(t1.tv_sec - t0.tv_sec));
        rc = 0;
        goto out;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tagger.tmp", o.out);
    if (!(tagger = tagger_from_writer(w, tmp, &tm)))
        goto out;

    /* 2. jackknifed tags for the parser's training trees; dev tagged by the full tagger */
    jack = train;
    tagged_dev = dev;
    jack.sents = kh_arena_memdup(&ja, train.sents, sizeof(kh_sentence) * (size_t)(train.nsents + 1));
    tagged_dev.sents = kh_arena_memdup(&ja, dev.sents, sizeof(kh_sentence) * (size_t)(dev.nsents + 1));
    if (!jack.sents || !tagged_dev.sents)
        goto out;
    for (int i = 0; i < tagged_dev.nsents; i++)
        if (copy_words(&tagged_dev.sents[i], &ja) != 0 || tag_like_runtime(tagger, &tagged_dev.sents[i], &ja) != 0)
            goto out;
    for (int f = 0; f < o.folds; f++)
        kh_arena_init(&jobs[f].arena, 1 << 20);
    if (!o.gold_tags && jackknife(&train, &jack, &o, jobs) != 0)
        goto out;
    if (o.save_tagged && (save_doc(o.save_tagged, "train.conllu", o.gold_tags ? &train : &jack) != 0
                          || save_doc(o.save_tagged, "dev.conllu", &tagged_dev) != 0))
        goto out;

    /* 3. the parser */
    kh_parser_train_opts po = {o.epochs, o.seed, 1};
    if (kh_parser_train(o.gold_tags ? &train : &jack, &tagged_dev, &po, w) != 0
        || add_meta(w, argc, argv, &train, &dev, &o) != 0)
        goto out;
    if (kh_model_writer_save(w, o.out) != 0) {
        fprintf(stderr, "khaldun train: cannot write %s\n", o.out);
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct stat st;
    printf("wrote %s (%.1f MB) in %.0f s\n", o.out, stat(o.out, &st) == 0 ? (double)st.st_size / 1e6 : 0.0,
           (double)(t1.tv_sec - t0.tv_sec));
    rc = report_dev(o.out, &dev) == 0 ? 0 : 2;
out:
    kh_tagger_free(tagger);
    kh_wordnet_free(wn);
    kh_model_free(tm);
    if (jobs)
        for (int f = 0; f < o.folds; f++)
            kh_arena_free(&jobs[f].arena);
    free(jobs);
    kh_model_writer_free(w);
    kh_arena_free(&ta);
    kh_arena_free(&da);
    kh_arena_free(&ja);
    return rc;
}
