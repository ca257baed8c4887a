/* evalseg.h - scoring the text layer against a UD treebank.
 *
 * The raw text of a CoNLL-U file is rebuilt from its "# text" comments: the
 * sentences of a paragraph joined by spaces, paragraphs ("# newpar") by a line
 * break, documents ("# newdoc") by a blank line. The gold tokens, words and
 * sentences are located in that text by their forms; the text layer runs on it,
 * and both sides are compared by byte spans (tokens: surface tokens, a multiword
 * token counts once; words: span, position in the token and form; sentences: both
 * boundaries). */
#ifndef KH_EVALSEG_H
#define KH_EVALSEG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"

typedef struct kh_prf {
    long gold, sys, correct;
} kh_prf;

typedef struct kh_seg_span {
    uint32_t start, end;
    int32_t idx;          /* word position inside its token (0 for tokens and sentences) */
    const char *form;     /* words only (points into the owner's storage) */
} kh_seg_span;

typedef struct kh_seg_set {
    kh_seg_span *v;
    size_t n, cap;
} kh_seg_set;

/* Gold side of one file: the raw text and its spans. */
typedef struct kh_seg_gold {
    char *text;           /* malloc'd, NUL-terminated */
    size_t len;
    char *forms;          /* storage of the gold word forms (malloc'd copy of the file) */
    kh_seg_set tokens, words, sents;
} kh_seg_gold;

typedef struct kh_evalseg_result {
    kh_prf tokens, words, sents;
    size_t bytes;          /* raw text length */
    double seconds;        /* time spent in the text layer */
} kh_evalseg_result;

/* Reads a CoNLL-U file and builds its raw text and gold spans. 0, or -1 (reported). */
int  kh_seg_gold_load(const char *path, kh_seg_gold *g, kh_diag *diag);
void kh_seg_gold_free(kh_seg_gold *g);

/* What kh_evalseg_run lists on its errors stream. */
enum { KH_EVALSEG_TOKENS = 1, KH_EVALSEG_WORDS = 2, KH_EVALSEG_SENTS = 4 };

/* Runs the text layer on g->text and scores it. errors (may be NULL) receives one line
 * per missed or spurious span of the kinds in `what`, up to max_errors in all.
 * Returns 0, or -1 when out of memory. */
int  kh_evalseg_run(const kh_seg_gold *g, kh_evalseg_result *r, FILE *errors, int max_errors,
                    int what);

/* Precision, recall and F1 in percent (0 when undefined). */
double kh_prf_p(const kh_prf *x);
double kh_prf_r(const kh_prf *x);
double kh_prf_f1(const kh_prf *x);

#endif
