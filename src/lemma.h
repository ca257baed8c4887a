/* lemma.h - the lemmatiser: learned suffix edit rules plus an exception lexicon.
 *
 * Lemmas are predicted from the form and the tagger's class (a joint UPOS+XPOS id):
 *   1. the exception lexicon (form, class) -> lemma, holding the training words that
 *      the rules get wrong (went -> go, was -> be, mice -> mouse, ...);
 *   2. otherwise a casing decision learned per (class, shape of the form) (proper
 *      nouns keep their case, "The" becomes "the"), then the edit (strip N bytes,
 *      append S) of the longest known suffix of the lowercased form for that class;
 *      when that gives no known lemma, a shorter suffix's edit that does.
 * Rules are learned from word types of the training data (productive endings matter
 * for unknown words, not the frequency of "the"). The model is a text section:
 *   K<TAB>class<TAB>shape<TAB>mode       casing (shape 0..4, mode 0 keep / 1 lower / 2 title)
 *   R<TAB>class<TAB>suffix<TAB>strip<TAB>append
 *   V<TAB>lemma                           a known lemma (rules prefer outputs that are)
 *   L<TAB>form<TAB>class<TAB>lemma */
#ifndef KH_LEMMA_H
#define KH_LEMMA_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

typedef struct kh_lemma_builder kh_lemma_builder;
kh_lemma_builder *kh_lemma_builder_new(int nclasses);
/* One training word (call for every token). Returns 0, or -1 when out of memory. */
int  kh_lemma_builder_add(kh_lemma_builder *b, const char *form, int cls, const char *lemma);
/* Learns the rules and writes the section text into out. Returns 0 or -1. */
int  kh_lemma_builder_write(kh_lemma_builder *b, kh_buf *out);
void kh_lemma_builder_free(kh_lemma_builder *b);

typedef struct kh_lemmatiser kh_lemmatiser;
/* Parses a section written by kh_lemma_builder_write; NULL with a message in err. */
kh_lemmatiser *kh_lemma_load(const char *text, size_t n, int nclasses, char *err, size_t errlen);
/* The lemma of form for class cls: form itself when unchanged, else a string from a
 * (NULL only when out of memory). */
const char *kh_lemma_of(const kh_lemmatiser *l, const char *form, int cls, kh_arena *a);
size_t kh_lemma_nrules(const kh_lemmatiser *l);
size_t kh_lemma_nexceptions(const kh_lemmatiser *l);
void kh_lemma_free(kh_lemmatiser *l);

#endif
