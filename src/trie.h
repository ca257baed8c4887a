/* trie.h - interned words and a hashed word trie, the index under the dictionaries.
 *
 * Words are lower-cased (Unicode case folding) and interned as ids 1..n (0 = none).
 * A trie node is an integer; the edge (node, word) -> child lives in one open-addressing
 * hash table shared by every trie of a dictionary, so a phrase look-up costs one hash
 * probe per word and a dictionary of 100,000 phrases needs a few MB. Each kind of
 * entry (actors, agents, each synset ...) has its own root node.
 * Built by one thread; the const functions are then safe from any number of threads. */
#ifndef KH_TRIE_H
#define KH_TRIE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct kh_trie {
    kh_arena *arena;        /* word strings */
    const char **words;     /* id -> lower-case word (words[0] unused) */
    uint32_t nwords, capwords;
    uint32_t *wslots;       /* word hash: slot -> id (0 empty) */
    size_t wcap;            /* power of two */
    uint64_t *ekeys;        /* edge hash: (node << 32 | word) + 1, 0 empty */
    uint32_t *evals;        /* child node */
    size_t ecap, nedges;
    uint32_t nnodes;        /* nodes are 1..nnodes */
} kh_trie;

int  kh_trie_init(kh_trie *t, kh_arena *arena);   /* 0 or -1 (out of memory) */
void kh_trie_free(kh_trie *t);

/* Lower-cases s[0..n-1] into out (cap bytes) and returns the length, or -1 when it
 * does not fit. ASCII is folded in place; other text through utf8proc case folding. */
long kh_trie_fold(const char *s, size_t n, char *out, size_t cap);

/* Id of a word already folded (0: unknown). */
uint32_t kh_trie_word(const kh_trie *t, const char *w, size_t n);
/* Id of a word (folding it first), adding it when new; 0 on out of memory. */
uint32_t kh_trie_intern(kh_trie *t, const char *w, size_t n);
/* Id of a word (folding it first) without adding it; 0 when unknown. */
uint32_t kh_trie_lookup(const kh_trie *t, const char *w, size_t n);

uint32_t kh_trie_node(kh_trie *t);                        /* a new node; 0 on out of memory */
/* The child of node by word, 0: none. Inline: the dictionaries' phrase walks ask it
 * for every word of every sentence, and the call cost a third of it (issue 8). */
static inline uint64_t kh_trie_hash_edge(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

static inline uint32_t kh_trie_child(const kh_trie *t, uint32_t node, uint32_t word)
{
    uint64_t key = (((uint64_t)node << 32) | word) + 1;
    size_t mask = t->ecap - 1;
    for (size_t i = kh_trie_hash_edge(key) & mask;; i = (i + 1) & mask) {
        if (t->ekeys[i] == key)
            return t->evals[i];
        if (t->ekeys[i] == 0)
            return 0;
    }
}
uint32_t kh_trie_add(kh_trie *t, uint32_t node, uint32_t word);          /* existing or new child; 0 OOM */

#endif
