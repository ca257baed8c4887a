/* tagger_eval.c - a developer's driver for the tagger alone (not built by make):
 *   make && cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc tools/tagger_eval.c \
 *       build/rel/libkhaldun.a $(pkg-config --libs libutf8proc jansson sqlite3 zlib) -lm \
 *       -o build/tagger_eval
 *   build/tagger_eval train.conllu dev.conllu MODEL.khm [eval.conllu ...]
 * trains (when MODEL.khm does not exist yet) and prints UPOS / XPOS / UFeats / lemma
 * accuracy and the tagging speed on each evaluation file. KH_EPOCHS sets the epochs,
 * KH_REPS the timing repetitions, KH_DUMP a CoNLL-U file for the last file's output.
 * Instructions per token (the first 500 sentences of EWT test in /tmp/test500.conllu):
 *   KH_REPS=1 valgrind --tool=callgrind --toggle-collect=kh_tagger_tag \
 *       --callgrind-out-file=/tmp/cg.out build/tagger_eval x x MODEL.khm /tmp/test500.conllu
 *   then the "Collected" total of callgrind_annotate /tmp/cg.out, divided by the words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conllu.h"
#include "model.h"
#include "tagger.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int same(const char *a, const char *b) { return (a && b) ? strcmp(a, b) == 0 : a == b; }

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s TRAIN DEV MODEL [EVAL...]\n", argv[0]);
        return 2;
    }
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    char err[512];
    if (access(argv[3], R_OK) != 0) {
        kh_arena a1, a2;
        kh_arena_init(&a1, 1 << 20);
        kh_arena_init(&a2, 1 << 20);
        kh_doc tr, dv;
        kh_doc_init(&tr, &a1);
        kh_doc_init(&dv, &a2);
        if (kh_conllu_read_all(argv[1], &tr, &diag) < 0 || kh_conllu_read_all(argv[2], &dv, &diag) < 0)
            return 1;
        kh_tagger_train_opts o = { 0, 1, 1 };
        const char *ep = getenv("KH_EPOCHS");
        if (ep)
            o.epochs = atoi(ep);
        kh_model_writer *w = kh_model_writer_new();
        double t0 = now();
        if (kh_tagger_train(&tr, &dv, &o, w) < 0 || kh_model_writer_save(w, argv[3]) < 0) {
            fprintf(stderr, "training failed\n");
            return 1;
        }
        fprintf(stderr, "training took %.1f s\n", now() - t0);
        kh_model_writer_free(w);
        kh_arena_free(&a1);
        kh_arena_free(&a2);
    }
    double t0 = now();
    kh_model *m = kh_model_load(argv[3], err, sizeof err);
    if (!m) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    kh_tagger *t = kh_tagger_from_model(m, err, sizeof err);
    if (!t) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    printf("load %.3f s\n", now() - t0);
    for (int k = 4; k < argc; k++) {
        kh_arena ag, as;
        kh_arena_init(&ag, 1 << 20);
        kh_arena_init(&as, 1 << 20);
        kh_doc g, s;
        kh_doc_init(&g, &ag);
        kh_doc_init(&s, &as);
        if (kh_conllu_read_all(argv[k], &g, &diag) < 0 || kh_conllu_read_all(argv[k], &s, &diag) < 0)
            return 1;
        long ntok = 0;
        double best = 1e9;
        int reps = getenv("KH_REPS") ? atoi(getenv("KH_REPS")) : 3;
        for (int rep = 0; rep < reps; rep++) {
            double t1 = now();
            ntok = 0;
            for (int i = 0; i < s.nsents; i++) {
                kh_tagger_tag(t, &s.sents[i], &as);
                ntok += s.sents[i].nwords;
            }
            double el = now() - t1;
            if (el < best) best = el;
        }
        const char *dump = getenv("KH_DUMP");
        if (dump && k == argc - 1) {
            FILE *out = fopen(dump, "w");
            for (int i = 0; out && i < s.nsents; i++)
                kh_conllu_write(out, &s.sents[i]);
            if (out)
                fclose(out);
        }
        long r[4] = {0, 0, 0, 0}, n = 0;
        for (int i = 0; i < g.nsents; i++)
            for (int j = 0; j < g.sents[i].nwords; j++) {
                const kh_word *x = &g.sents[i].words[j], *y = &s.sents[i].words[j];
                r[0] += x->upos == y->upos;
                r[1] += same(x->xpos, y->xpos);
                r[2] += same(x->feats, y->feats);
                r[3] += same(x->lemma, y->lemma);
                n++;
            }
        printf("%s: UPOS %.2f XPOS %.2f UFeats %.2f Lemma %.2f  (%ld words, %.0f tokens/s)\n", argv[k],
               100.0 * r[0] / n, 100.0 * r[1] / n, 100.0 * r[2] / n, 100.0 * r[3] / n, n, ntok / best);
        kh_arena_free(&ag);
        kh_arena_free(&as);
    }
    kh_tagger_free(t);
    kh_model_free(m);
    return 0;
}
