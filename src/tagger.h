/* tagger.h - part-of-speech tagger (UPOS, XPOS, FEATS) and lemmatiser.
 *
 * An averaged perceptron over hashed features (word, affixes, shape, context),
 * with a suffix-rule lemmatiser and an exception lexicon. The trained tagger is
 * read-only and shared by threads; tagging needs only the sentence's arena. */
#ifndef KH_TAGGER_H
#define KH_TAGGER_H

#include "doc.h"
#include "model.h"

typedef struct kh_tagger kh_tagger;

/* Builds a tagger from the sections of a loaded model (the model must outlive it). */
kh_tagger *kh_tagger_from_model(const kh_model *m, char *err, size_t errlen);
void kh_tagger_free(kh_tagger *t);

/* Fills upos, xpos, feats and lemma of every word of s (strings from arena a). */
int kh_tagger_tag(const kh_tagger *t, kh_sentence *s, kh_arena *a);

/* Training: from the sentences of gold documents; writes sections into w. */
typedef struct kh_tagger_train_opts {
    int epochs;          /* 0: default */
    unsigned seed;
    int verbose;
    const struct kh_wordnet *wordnet;  /* WordNet features (NULL: none); see wordnet.h */
} kh_tagger_train_opts;
int kh_tagger_train(const kh_doc *train, const kh_doc *dev, const kh_tagger_train_opts *o,
                    kh_model_writer *w);

/* Trains a tagger in memory (no model file), e.g. for jackknifed tags of a parser's
 * training data: train on 4/5, tag the 5th with kh_tagger_tag. NULL when out of memory
 * or when train has no tagged words. Free with kh_tagger_free. */
kh_tagger *kh_tagger_train_mem(const kh_doc *train, const kh_tagger_train_opts *o);

/* Section names written by kh_tagger_train (all start with "tag."). */
#define KH_TAGGER_SECTION_LEX    "tag.lex"
#define KH_TAGGER_SECTION_LEMMA  "tag.lemma"
#define KH_TAGGER_SECTION_W1     "tag.w1"
#define KH_TAGGER_SECTION_W2     "tag.w2"
#define KH_TAGGER_SECTION_WF     "tag.wf"
#define KH_TAGGER_SECTION_CLUS   "tag.clus"   /* optional: word classes */
#define KH_TAGGER_SECTION_WN     "tag.wn"     /* optional: the tagger uses WordNet (wordnet.h) */

#endif
