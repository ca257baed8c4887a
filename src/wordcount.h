/* wordcount.h - a string map with a count for each key: the tallies the learners
 * keep while they train (the lemmatiser's forms and rules, the tagger's word
 * classes). Keys get dense ids in the order they first come (kh_wordmap). */
#ifndef KH_WORDCOUNT_H
#define KH_WORDCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "tagfeat.h"

typedef struct kh_wordcount {
    kh_wordmap m;     /* key -> id; the map keeps its keys (tagfeat.h) */
    long *count;      /* [id], 0 for a key added with by = 0 */
    int32_t cap;
} kh_wordcount;

/* 0, or -1 out of memory. A zeroed kh_wordcount may be freed without init. */
int kh_wordcount_init(kh_wordcount *c);
/* Adds by to the count of key s[0..n) (added when new). Returns its id, or -1 out of memory. */
int32_t kh_wordcount_add(kh_wordcount *c, const char *s, size_t n, long by);
void kh_wordcount_free(kh_wordcount *c);

#endif
