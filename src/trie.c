/* trie.c - interned words and hashed trie edges (see trie.h). */
#include "trie.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t hash_edge(uint64_t k)
{
    return kh_trie_hash_edge(k);
}

int kh_trie_init(kh_trie *t, kh_arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
    t->capwords = 1024;
    t->words = calloc(t->capwords, sizeof *t->words);
    t->wcap = 2048;
    t->wslots = calloc(t->wcap, sizeof *t->wslots);
    t->ecap = 4096;
    t->ekeys = calloc(t->ecap, sizeof *t->ekeys);
    t->evals = calloc(t->ecap, sizeof *t->evals);
    if (!t->words || !t->wslots || !t->ekeys || !t->evals) {
        kh_trie_free(t);
        return -1;
    }
    return 0;
}

void kh_trie_free(kh_trie *t)
{
    free(t->words);
    free(t->wslots);
    free(t->ekeys);
    free(t->evals);
    t->words = NULL;
    t->wslots = NULL;
    t->ekeys = NULL;
    t->evals = NULL;
}

long kh_trie_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            break;
        if (i + 1 >= cap)
            return -1;
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (i == n) {
        out[n] = '\0';
        return (long)n;
    }
    /* Non-ASCII: fold the whole word with utf8proc (invalid UTF-8 is kept as is). */
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                                      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0) {
        if (n + 1 > cap)
            return -1;
        memcpy(out, s, n);
        out[n] = '\0';
        return (long)n;
    }
    if ((size_t)r + 1 > cap) {
        free(folded);
        return -1;
    }
    memcpy(out, folded, (size_t)r);
    out[r] = '\0';
    free(folded);
    return (long)r;
}

/* The id of folded word w[0..n) whose hash is h, 0 when absent. The bytes are
 * compared in line: words are short and a libc call cost more than the compare. */
static uint32_t word_hashed(const kh_trie *t, const char *w, size_t n, uint64_t h)
{
    size_t mask = t->wcap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t id = t->wslots[i];
        if (id == 0)
            return 0;
        const char *s = t->words[id];
        size_t k = 0;
        while (k < n && s[k] && s[k] == w[k])
            k++;
        if (k == n && s[n] == '\0')
            return id;
    }
}

uint32_t kh_trie_word(const kh_trie *t, const char *w, size_t n)
{
    return word_hashed(t, w, n, hash_bytes(w, n));
}

static int words_grow(kh_trie *t)
{
    size_t ncap = t->wcap * 2;
    uint32_t *slots = calloc(ncap, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 1; id <= t->nwords; id++) {
        const char *s = t->words[id];
        size_t i = hash_bytes(s, strlen(s)) & (ncap - 1);
        while (slots[i])
            i = (i + 1) & (ncap - 1);
        slots[i] = id;
    }
    free(t->wslots);
    t->wslots = slots;
    t->wcap = ncap;
    return 0;
}

static uint32_t add_folded(kh_trie *t, const char *w, size_t n)
{
    uint32_t id = kh_trie_word(t, w, n);
    if (id)
        return id;
    if ((t->nwords + 2) * 2 > t->wcap && words_grow(t) < 0)
        return 0;
    if (t->nwords + 1 >= t->capwords) {
        const char **nw = realloc(t->words, (size_t)t->capwords * 2 * sizeof *nw);
        if (!nw)
            return 0;
        t->words = nw;
        t->capwords *= 2;
    }
    char *copy = kh_arena_strndup(t->arena, w, n);
    if (!copy)
        return 0;
    id = ++t->nwords;
    t->words[id] = copy;
    size_t mask = t->wcap - 1, i = hash_bytes(w, n) & mask;
    while (t->wslots[i])
        i = (i + 1) & mask;
    t->wslots[i] = id;
    return id;
}

uint32_t kh_trie_intern(kh_trie *t, const char *w, size_t n)
{
    char stack[256];
    long m = kh_trie_fold(w, n, stack, sizeof stack);
    if (m >= 0)
        return add_folded(t, stack, (size_t)m);
    char *big = malloc(n * 4 + 16);
    if (!big)
        return 0;
    m = kh_trie_fold(w, n, big, n * 4 + 16);
    uint32_t id = m >= 0 ? add_folded(t, big, (size_t)m) : 0;
    free(big);
    return id;
}

uint32_t kh_trie_lookup(const kh_trie *t, const char *w, size_t n)
{
    char stack[256];
    /* ASCII words (nearly all): fold and hash in one pass (issue 8); the same
     * bytes and hash as kh_trie_fold() then kh_trie_word() */
    if (n < sizeof stack) {
        uint64_t h = 1469598103934665603ull;   /* FNV-1a, as hash_bytes() */
        size_t i = 0;
        for (; i < n; i++) {
            unsigned char c = (unsigned char)w[i];
            if (c >= 0x80)
                break;
            c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            stack[i] = (char)c;
            h ^= c;
            h *= 1099511628211ull;
        }
        if (i == n) {
            stack[n] = '\0';
            return word_hashed(t, stack, n, h);
        }
    }
    long m = kh_trie_fold(w, n, stack, sizeof stack);
    if (m >= 0)
        return kh_trie_word(t, stack, (size_t)m);
    return 0;   /* a word longer than 255 bytes is in no dictionary */
}

uint32_t kh_trie_node(kh_trie *t)
{
    if (t->nnodes == UINT32_MAX - 1)
        return 0;
    return ++t->nnodes;
}

static int edges_grow(kh_trie *t)
{
    size_t ncap = t->ecap * 2, mask = ncap - 1;
    uint64_t *keys = calloc(ncap, sizeof *keys);
    uint32_t *vals = calloc(ncap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t j = 0; j < t->ecap; j++) {
        if (!t->ekeys[j])
            continue;
        size_t i = hash_edge(t->ekeys[j]) & mask;
        while (keys[i])
            i = (i + 1) & mask;
        keys[i] = t->ekeys[j];
        vals[i] = t->evals[j];
    }
    free(t->ekeys);
    free(t->evals);
    t->ekeys = keys;
    t->evals = vals;
    t->ecap = ncap;
    return 0;
}

uint32_t kh_trie_add(kh_trie *t, uint32_t node, uint32_t word)
{
    uint32_t c = kh_trie_child(t, node, word);
    if (c)
        return c;
    if ((t->nedges + 1) * 2 > t->ecap && edges_grow(t) < 0)
        return 0;
    c = kh_trie_node(t);
    if (!c)
        return 0;
    uint64_t key = (((uint64_t)node << 32) | word) + 1;
    size_t mask = t->ecap - 1, i = hash_edge(key) & mask;
    while (t->ekeys[i])
        i = (i + 1) & mask;
    t->ekeys[i] = key;
    t->evals[i] = c;
    t->nedges++;
    return c;
}
