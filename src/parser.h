/* parser.h - transition-based dependency parser producing UD basic relations. */
#ifndef KH_PARSER_H
#define KH_PARSER_H

#include "doc.h"
#include "model.h"

typedef struct kh_parser kh_parser;

kh_parser *kh_parser_from_model(const kh_model *m, char *err, size_t errlen);
void kh_parser_free(kh_parser *p);

/* Fills head and deprel of every word of s (needs upos/xpos/lemma from the tagger). */
int kh_parser_parse(const kh_parser *p, kh_sentence *s, kh_arena *a);

/* on = 0: parse with the portable code only (no AVX2/AVX-512), as on a CPU without them;
 * on = 1: use what the CPU has (the default). The trees are the same either way; for
 * tests and benchmarks. Not to be called while other threads parse with p. */
void kh_parser_set_simd(kh_parser *p, int on);

typedef struct kh_parser_train_opts {
    int epochs;
    unsigned seed;
    int verbose;
} kh_parser_train_opts;
/* train: documents with predicted (jackknifed) tags and gold trees. */
int kh_parser_train(const kh_doc *train, const kh_doc *dev, const kh_parser_train_opts *o,
                    kh_model_writer *w);

#endif
