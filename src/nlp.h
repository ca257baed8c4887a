/* nlp.h - the NLP stage as the other stages use it: one model file, a tagger and a
 * parser built from it, and one call that tags, lemmatises and parses a sentence.
 * A kh_nlp is read-only once opened and may be shared by threads. */
#ifndef KH_NLP_H
#define KH_NLP_H

#include <stddef.h>
#include "doc.h"
#include "model.h"

typedef struct kh_nlp kh_nlp;

/* Loads model_path (NULL: kh_nlp_default_model()). On failure returns NULL with a
 * message in err naming the problem and how to rebuild the model ('khaldun train'). */
kh_nlp *kh_nlp_open(const char *model_path, char *err, size_t n);
/* Fills lemma, upos, xpos, feats, head and deprel of every word of s (arena a). */
int kh_nlp_annotate(const kh_nlp *nlp, kh_sentence *s, kh_arena *a);
/* Fills head and deprel of every word of s from the tags s already has (UPOS, XPOS,
 * lemma: e.g. CoNLL-U from another tagger, or gold tags to measure the parser alone);
 * the tagger is not run. Every word needs its UPOS (the caller checks). */
int kh_nlp_parse_tagged(const kh_nlp *nlp, kh_sentence *s, kh_arena *a);
/* The default model: $KHALDUN_DATA/models/en_ewt.khm, else data/models/en_ewt.khm,
 * else the installed one, else build/models/en_ewt.khm (during development).
 * The first that exists; the install path when none does. */
const char *kh_nlp_default_model(void);
/* The loaded model (for its "meta" section). */
const kh_model *kh_nlp_model(const kh_nlp *nlp);
void kh_nlp_close(kh_nlp *nlp);

#endif
