/* lightlex.h - a sentence's words as lower-case strings, for the light pattern
 * scanners (quantities, temporal expressions) that compare words with strcmp.
 *
 * Each form is lower-cased, cut to KH_LIGHTLEX_WORD - 1 bytes, and loses one
 * trailing dot ("Aug." -> "aug", "bn." -> "bn"; a lone "." stays). Asking for a
 * word outside the sentence gives "", so that patterns may look at i - 2 or
 * i + 3 without bounds checks of their own. */
#ifndef KH_LIGHTLEX_H
#define KH_LIGHTLEX_H

#include <string.h>

#include "doc.h"

#define KH_LIGHTLEX_WORD 32

typedef struct kh_lightlex {
    const kh_sentence *s;
    int n;                        /* = s->nwords */
    char (*w)[KH_LIGHTLEX_WORD];  /* the folded forms (malloc'd) */
} kh_lightlex;

/* Folds the words of s. Returns 0, or -1 when s has no words or memory ran out
 * (then there is nothing to free). */
int kh_lightlex_init(kh_lightlex *lx, const kh_sentence *s);
void kh_lightlex_free(kh_lightlex *lx);

/* Word i folded, "" outside the sentence. Inline: the scanners call these for
 * every word against every table. */
static inline const char *kh_lightlex_word(const kh_lightlex *lx, int i)
{
    return (i >= 0 && i < lx->n) ? lx->w[i] : "";
}

/* 1 when word i is x. */
static inline int kh_lightlex_is(const kh_lightlex *lx, int i, const char *x)
{
    return strcmp(kh_lightlex_word(lx, i), x) == 0;
}

/* 1 when word i is one of the NULL-terminated list. */
static inline int kh_lightlex_is_any(const kh_lightlex *lx, int i, const char *const *list)
{
    for (; *list; list++)
        if (kh_lightlex_is(lx, i, *list))
            return 1;
    return 0;
}

#endif
