/* wordnet.h - which parts of speech WordNet knows a word form as.
 *
 * The tagger's training data (UD English EWT) has about 20,000 word types; news brings
 * many more. WordNet (Debian package wordnet-base, /usr/share/wordnet) lists some
 * 150,000 English lemmas with their parts of speech. For a form the tagger never saw,
 * "WordNet has it as a verb, by its -ed ending" or "WordNet does not have it at all" is
 * strong evidence (ADJ vs VERB, NOUN vs PROPN). This module reads the index and
 * exception files once and answers with a bit mask per form; the tagger turns the mask
 * into features. The handle is read-only after loading and shared by threads. */
#ifndef KH_WORDNET_H
#define KH_WORDNET_H

#include <stddef.h>
#include <stdint.h>

typedef struct kh_wordnet kh_wordnet;

/* Bits of a form's mask. */
enum {
    KH_WN_NOUN = 1,        /* the form itself is a noun lemma */
    KH_WN_VERB = 2,
    KH_WN_ADJ = 4,
    KH_WN_ADV = 8,
    KH_WN_PLURAL = 16,     /* a plural of a noun lemma ("treaties", "children") */
    KH_WN_VERB_S = 32,     /* third person of a verb lemma ("signs") */
    KH_WN_VERB_ED = 64,    /* past or participle of a verb lemma ("signed", "went") */
    KH_WN_VERB_ING = 128,  /* -ing of a verb lemma ("signing") */
    KH_WN_COMPARE = 256,   /* comparative or superlative of an adjective ("better") */
    KH_WN_HYPHEN = 512,    /* not found whole: the mask is of the part after the last hyphen */
    KH_WN_LOOKED = 1024,   /* always set: WordNet was consulted (0 means no WordNet) */
};

/* The directory searched when dir is NULL: $KH_WORDNET, else /usr/share/wordnet. */
const char *kh_wordnet_default_dir(void);

/* Reads DIR/index.{noun,verb,adj,adv} and DIR/{noun,verb,adj,adv}.exc. NULL on failure
 * with the reason (naming the file) in err. */
kh_wordnet *kh_wordnet_open(const char *dir, char *err, size_t errlen);
void kh_wordnet_free(kh_wordnet *wn);

/* The mask of a form (case is ignored; ASCII letters only are folded). */
uint32_t kh_wordnet_mask(const kh_wordnet *wn, const char *form, size_t n);

/* Number of lemmas read (for messages and tests). */
long kh_wordnet_size(const kh_wordnet *wn);

#endif
