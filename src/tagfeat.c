/* tagfeat.c - the tagger's string map and its hashed features (see tagfeat.h).
 *
 * Feature keys are template number + the values they look at, hashed with the
 * perceptron's hash helpers; the word parts are hashed once, so a position costs
 * a few integer mixes per feature and no string work, and those mixes are done a
 * round at a time over all the position's keys (kh_pct_hash_int_n: four keys a step
 * with AVX2). */
#include "tagfeat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"
#include "wordcount.h"

/* The small helpers of the per-word and per-position hot paths: left to itself gcc
 * keeps some of them out of line, and the calls cost more than their bodies. */
#define TF_INLINE static inline __attribute__((always_inline))

/* ---- string map ---- */

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* The map's own hash (nothing outside the map sees it): eight bytes a step, the last
 * step overlapping the one before; under eight bytes, two overlapping halves or the
 * first, middle and last byte; then a full 64-bit mix. Map lookups are most of the
 * tagger's and lemmatiser's string work, and a byte a step cost four times as much. */
TF_INLINE uint64_t str_hash(const char *s, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = (uint64_t)n * 0xff51afd7ed558ccdULL;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            h = (h ^ load64(s + i)) * k;
        h = (h ^ load64(s + n - 8)) * k;
    } else if (n >= 4) {
        h = (h ^ load32(s) ^ load32(s + n - 4) << 32) * k;
    } else if (n > 0) {
        h = (h ^ (uint64_t)(unsigned char)s[0] ^ (uint64_t)(unsigned char)s[n / 2] << 8 ^
             (uint64_t)(unsigned char)s[n - 1] << 16) * k;
    }
    return kh_pct_hash_end(h);
}

uint64_t kh_wordmap_hash(const char *s, size_t n)
{
    return str_hash(s, n);
}

/* a[0..n) == b[0..n), as str_hash reads them: no call, and only n bytes of either. */
TF_INLINE int key_eq(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (load64(a + i) != load64(b + i))
                return 0;
        return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4)
        return ((load32(a) ^ load32(b)) | (load32(a + n - 4) ^ load32(b + n - 4))) == 0;
    /* under four bytes, the first, middle and last byte are all of them */
    return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

#define WM_LINE 16   /* 4-byte words in a cache line */

/* Slots for nmask + 1 entries (8 at least: whole lines), all empty, on cache lines. Written
 * before they are read: calloc leaves a large block mapped to the shared zero page,
 * and the first store to each page (after the probes read it) then costs a
 * copy-on-write fault and a TLB flush. (gcc turns malloc + memset into calloc, not
 * aligned_alloc + memset.) */
static uint64_t *new_slots(uint32_t nmask)
{
    size_t bytes = ((size_t)nmask + 1) * sizeof(uint64_t);
    uint64_t *s = aligned_alloc(64, bytes);
    if (s)
        memset(s, 0, bytes);
    return s;
}

int kh_wordmap_init(kh_wordmap *m)
{
    memset(m, 0, sizeof *m);
    m->mask = 1023;
    m->slots = new_slots(m->mask);
    return m->slots ? 0 : -1;
}

void kh_wordmap_free(kh_wordmap *m)
{
    free(m->slots);
    free(m->keys);
    free(m->lens);
    free(m->recmem);
    memset(m, 0, sizeof *m);
}

/* The probe of key s[0..n) with hash h: its id, or -1 with *free_at = the empty slot
 * that ends its chain (where put places it). Inlined in every entry point (a call per
 * look-up showed). */
TF_INLINE int32_t probe(const kh_wordmap *m, const char *s, size_t n, uint64_t h, uint32_t *free_at)
{
    uint32_t chk = (uint32_t)(h >> 32);
    for (uint32_t j = (uint32_t)h & m->mask;; j = (j + 1) & m->mask) {
        uint64_t v = m->slots[j];
        if (!v) {
            *free_at = j;
            return -1;
        }
        if ((uint32_t)(v >> 32) != chk)
            continue;
        const uint32_t *r = m->rec + ((uint32_t)v - 1);
        if (r[0] == n && key_eq((const char *)(r + 2), s, n))
            return (int32_t)r[1];
    }
}

int32_t kh_wordmap_get_hashed(const kh_wordmap *m, const char *s, size_t n, uint64_t h)
{
    uint32_t j;
    return m->slots ? probe(m, s, n, h, &j) : -1;
}

int32_t kh_wordmap_get(const kh_wordmap *m, const char *s, size_t n)
{
    uint32_t j;
    return m->slots ? probe(m, s, n, str_hash(s, n), &j) : -1;
}

/* Puts slot value v (of a key whose hash is h) into the first free slot of its chain. */
static void place(uint64_t *slots, uint32_t mask, uint64_t h, uint64_t v)
{
    uint32_t j = (uint32_t)h & mask;
    while (slots[j])
        j = (j + 1) & mask;
    slots[j] = v;
}

static uint64_t slot_value(uint64_t h, size_t at)
{
    return (h >> 32) << 32 | (uint64_t)(at + 1);
}

/* Words of the record of a key of n bytes: length, id, the bytes and a NUL (keys[]
 * points at them, and callers read keys as C strings). */
static size_t record_words(size_t n)
{
    return 2 + (n + 4) / 4;
}

/* Where the record of a key of n bytes goes when the records so far end at at: a
 * record that fits in a line starts in the line it would otherwise straddle. */
static size_t record_at(size_t at, size_t n)
{
    size_t words = record_words(n);
    if (words <= WM_LINE && at % WM_LINE + words > WM_LINE)
        at += WM_LINE - at % WM_LINE;
    return at;
}

/* Rebuilds the slots, nmask + 1 of them. The records are walked in their order, not
 * the old slots': a pass over memory instead of a cache miss per key. */
static int resize(kh_wordmap *m, uint32_t nmask)
{
    uint64_t *ns = new_slots(nmask);
    if (!ns)
        return -1;
    for (int32_t i = 0; i < m->n; i++) {
        size_t at = (size_t)((const uint32_t *)(const void *)m->keys[i] - m->rec) - 2;
        uint64_t h = str_hash(m->keys[i], m->lens[i]);
        place(ns, nmask, h, slot_value(h, at));
    }
    free(m->slots);
    m->slots = ns;
    m->mask = nmask;
    return 0;
}

/* Room for cap keys in keys[] and lens[]. */
static int grow_keys(kh_wordmap *m, int32_t cap)
{
    const char **k = realloc(m->keys, (size_t)cap * sizeof *k);
    if (!k)
        return -1;
    m->keys = k;
    uint32_t *l = realloc(m->lens, (size_t)cap * sizeof *l);
    if (!l)
        return -1;
    m->lens = l;
    m->cap = cap;
    return 0;
}

/* keys[] again after the records moved: they are in id order. */
static void repoint_keys(kh_wordmap *m)
{
    size_t at = 0;
    for (int32_t i = 0; i < m->n; i++) {
        at = record_at(at, m->lens[i]);
        m->keys[i] = (const char *)(m->rec + at + 2);
        at += record_words(m->lens[i]);
    }
}

/* Room for need more words in rec[], which starts on a cache line of its block. The
 * block grows with realloc (large ones are remapped, not copied); when its start is
 * aligned otherwise, the words are moved; keys[] follows them. */
static int grow_rec(kh_wordmap *m, size_t need)
{
    if (m->nrec + need <= m->caprec)
        return 0;
    size_t cap = m->caprec ? m->caprec : 4 * WM_LINE;
    while (cap < m->nrec + need) {
        if (cap > SIZE_MAX / 8)
            return -1;
        cap *= 2;
    }
    size_t old = m->rec ? (size_t)((char *)m->rec - (char *)m->recmem) : 0;
    char *mem = realloc(m->recmem, cap * sizeof *m->rec + 64);
    if (!mem)
        return -1;
    size_t off = (64 - (uintptr_t)mem % 64) % 64;
    if (off != old && m->nrec)
        memmove(mem + off, mem + old, m->nrec * sizeof *m->rec);
    m->recmem = mem;
    m->rec = (uint32_t *)(void *)(mem + off);
    m->caprec = cap;
    repoint_keys(m);   /* the block may have moved (O(n) a doubling) */
    return 0;
}

/* Appends the record of key s[0..n) with id m->n; its position, or (size_t)-1 out of
 * memory. keys[] and lens[] have room for it. */
static size_t add_record(kh_wordmap *m, const char *s, size_t n)
{
    size_t words = record_words(n), at = record_at(m->nrec, n);
    if (n > UINT32_MAX || at + words >= UINT32_MAX || grow_rec(m, at + words - m->nrec) < 0)
        return (size_t)-1;
    uint32_t *r = m->rec + at;
    memset(m->rec + m->nrec, 0, (at - m->nrec) * sizeof *m->rec);   /* padding */
    r[0] = (uint32_t)n;
    r[1] = (uint32_t)m->n;
    r[words - 1] = 0;   /* the NUL, and the bytes after it */
    if (n)
        memcpy(r + 2, s, n);
    m->nrec = at + words;
    return at;
}

/* Whether n keys would fill more than half the slots. (Three quarters made the chains
 * longer and cost more instructions and as many cache misses: most look-ups are of
 * small tables, and a miss reads only the first slot's line either way.) */
static int too_full(uint32_t mask, size_t n)
{
    return n * 2 > (size_t)mask + 1;
}

int kh_wordmap_reserve(kh_wordmap *m, int32_t n)
{
    uint32_t mask = m->mask;
    while (too_full(mask, (size_t)n)) {   /* one rehash to the final size */
        if (mask >= UINT32_MAX / 2)
            return -1;
        mask = mask * 2 + 1;
    }
    if (mask != m->mask && resize(m, mask) < 0)
        return -1;
    return n > m->cap ? grow_keys(m, n) : 0;
}

int32_t kh_wordmap_put(kh_wordmap *m, const char *s, size_t n)
{
    if (!m->slots && resize(m, 1023) < 0)   /* a zeroed map */
        return -1;
    uint64_t h = str_hash(s, n);
    uint32_t j = 0;
    int32_t got = probe(m, s, n, h, &j);
    if (got >= 0)
        return got;
    if (m->n == INT32_MAX || (m->n == m->cap && grow_keys(m, m->cap ? m->cap * 2 : 256) < 0))
        return -1;
    size_t nrec = m->nrec, at = add_record(m, s, n);
    if (at == (size_t)-1)
        return -1;
    if (!too_full(m->mask, (size_t)m->n + 1)) {
        m->slots[j] = slot_value(h, at);
    } else if (m->mask < UINT32_MAX / 2 && resize(m, m->mask * 2 + 1) == 0) {
        place(m->slots, m->mask, h, slot_value(h, at));
    } else {
        m->nrec = nrec;   /* not in the slots: take the record back */
        return -1;
    }
    m->keys[m->n] = (const char *)(m->rec + at + 2);
    m->lens[m->n] = (uint32_t)n;
    return m->n++;
}

void kh_wordmap_line_kinds(const char *text, size_t n, int32_t count[256])
{
    memset(count, 0, 256 * sizeof *count);
    for (const char *p = text, *end = text + n; p < end;) {
        count[(unsigned char)*p] += count[(unsigned char)*p] < INT32_MAX / 2;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
}

/* ---- word parts ---- */

size_t kh_tagfeat_lower(const char *form, char *out, size_t cap)
{
    size_t n = 0;
    for (; form[n] && n + 1 < cap; n++) {
        unsigned char c = (unsigned char)form[n];
        out[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

/* Length of the UTF-8 character starting at byte c. */
static int u8len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The start offsets of the last k characters (so suffixes never split a character). */
static size_t char_starts(const char *s, size_t n, size_t *starts, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i += (size_t)u8len((unsigned char)s[i]))
        starts[k++] = i;
    return k;
}

/* s[0..n-1] is ASCII. */
static int is_ascii(const char *s, size_t n)
{
    unsigned char any = 0;
    for (size_t i = 0; i < n; i++)
        any |= (unsigned char)s[i];
    return any < 0x80;
}

void kh_tagfeat_prepare(const char *form, kh_tagfeat_word *out)
{
    char low[128];
    size_t n = kh_tagfeat_lower(form, low, sizeof low);
    kh_tagfeat_prepare_lower(form, low, n, out);
}

void kh_tagfeat_prepare_lower(const char *form, const char *low, size_t n, kh_tagfeat_word *out)
{
    memset(out, 0, sizeof *out);
    out->tag1 = -1;
    out->w = kh_pct_hash_bytes(kh_pct_hash_start(0), low, n);

    /* prefixes by characters: one running hash (kh_pct_hash_bytes is the byte loop
     * and a terminator, so each prefix's key is the running value plus the
     * terminator) */
    size_t pe[4], ss[5];    /* end of the first k characters, start of the last k */
    if (is_ascii(low, n)) {
        /* most words: a character is a byte */
        for (size_t k = 1; k <= 4; k++) {
            if (k <= 3)
                pe[k] = k <= n ? k : n;
            ss[k] = k <= n ? n - k : 0;
        }
    } else {
        size_t st[130];
        size_t nc = char_starts(low, n, st, 129);
        st[nc] = n;
        for (size_t k = 1; k <= 4; k++) {
            if (k <= 3)
                pe[k] = k <= nc ? st[k] : n;
            ss[k] = k <= nc ? st[nc - k] : 0;
        }
    }
    uint64_t ph = kh_pct_hash_start(1);
    for (size_t k = 1, done = 0; k <= 3; k++) {
        for (; done < pe[k]; done++) {
            ph ^= (unsigned char)low[done];
            ph *= 0x100000001b3ULL;
        }
        out->pre[k - 1] = ph ^ 0xff;
    }
    for (size_t k = 1; k <= 4; k++)
        out->suf[k - 1] = kh_pct_hash_bytes(kh_pct_hash_start(2), low + ss[k], n - ss[k]);

    /* shape and flags */
    char shape[32];
    size_t sl = 0;
    int letters = 0, uppers = 0, digits = 0, others = 0;
    for (size_t i = 0; form[i]; ) {
        unsigned char c = (unsigned char)form[i];
        char k;
        if (c >= 'A' && c <= 'Z') { k = 'X'; letters++; uppers++; }
        else if (c >= 'a' && c <= 'z') { k = 'x'; letters++; }
        else if (c >= '0' && c <= '9') { k = 'd'; digits++; }
        else if (c >= 0x80) { k = 'u'; out->flags |= KH_TF_NONASCII; letters++; }
        else {
            k = (char)c;
            others++;
            if (c == '-') out->flags |= KH_TF_HYPHEN;
            if (c == '.') out->flags |= KH_TF_PERIOD;
        }
        if (i == 0 && k == 'X')
            out->flags |= KH_TF_UPPER1;
        if (sl < sizeof shape && (sl == 0 || shape[sl - 1] != k))
            shape[sl++] = k;
        i += (size_t)u8len(c);
    }
    out->shape = kh_pct_hash_bytes(kh_pct_hash_start(3), shape, sl);
    if (uppers > 1 && uppers == letters)
        out->flags |= KH_TF_ALLUPPER;
    if (digits)
        out->flags |= KH_TF_DIGIT;
    if (digits && !letters)
        out->flags |= KH_TF_ALLDIGIT;
    if (!letters)
        out->flags |= KH_TF_NOLETTER;
    (void)others;
}

/* Boundary words: read-only, recognisable hashes. */
static const kh_tagfeat_word kBefore = { .w = 0x1111111111111111ULL, .pre = {1, 1, 1}, .suf = {1, 1, 1, 1},
                                         .shape = 1, .amb = 1, .cluster = 1, .wn = 1, .tag1 = -2 };
static const kh_tagfeat_word kAfter  = { .w = 0x2222222222222222ULL, .pre = {2, 2, 2}, .suf = {2, 2, 2, 2},
                                         .shape = 2, .amb = 2, .cluster = 2, .wn = 2, .tag1 = -3 };

static const kh_tagfeat_word *at(const kh_tagfeat_word *w, int n, int i)
{
    return i < 0 ? &kBefore : i >= n ? &kAfter : &w[i];
}

/* The start of template t's key (kh_pct_hash_start) as a constant expression. */
#define T(t) (0xcbf29ce484222325ULL ^ ((uint64_t)(t) * 0x9E3779B97F4A7C15ULL))

/* A feature's key is kh_pct_hash_end(I(...I(T(template), a), b...)). Scores are sums,
 * so the order of the keys does not matter: each part below lays its keys out so that
 * each hashing round is one batch (kh_pct_hash_int_n): the features of one value, then
 * those of two, whose first values join the one-value round and whose second values
 * make a round of their own. The tables give the templates in the order the values are
 * filled in, a block for the features every word has and one for each optional group
 * (WordNet, word classes, second pass).
 *
 * The static part (the word and its neighbours) is the same in both passes; the
 * dynamic part (the tags predicted on the left, the first pass's tags) is not. */
#define TK(t) T(t),
#define TN(t) t,
/* The blocks, as lists of template numbers: the starts (k...) for the batches, the
 * numbers (n...) for putting the keys back in template order (kh_tagfeat_extract). */
#define ONE_S(X) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) \
                 X(14) X(15) X(16) X(17) X(24) X(25) X(26) X(33) X(34) X(53)
#define TWO_S(X) X(22) X(23) X(28) X(29) X(31) X(47) X(48) X(49) X(50) X(57) X(58) X(59) \
                 X(62) X(63) X(64)
#define ONE_S_WN(X) X(65) X(69) X(70)
#define TWO_S_WN(X) X(66) X(67)
#define ONE_S_CL(X) X(35) X(36) X(37)
#define ONE_D(X) X(18) X(19)
#define TWO_D(X) X(20) X(21) X(27) X(30) X(32) X(46) X(51) X(52)
#define TWO_D_WN(X) X(68)
#define TWO_D_CL(X) X(38)
#define ONE_D_SEC(X) X(40) X(41) X(54)
#define TWO_D_SEC(X) X(42) X(43) X(44) X(45) X(55) X(56) X(61) X(60)
static const uint64_t kOneS[] = { ONE_S(TK) }, kTwoS[] = { TWO_S(TK) };
static const uint64_t kOneSWn[] = { ONE_S_WN(TK) }, kTwoSWn[] = { TWO_S_WN(TK) };
static const uint64_t kOneSCl[] = { ONE_S_CL(TK) };
static const uint64_t kOneD[] = { ONE_D(TK) }, kTwoD[] = { TWO_D(TK) };
static const uint64_t kTwoDWn[] = { TWO_D_WN(TK) }, kTwoDCl[] = { TWO_D_CL(TK) };
static const uint64_t kOneDSec[] = { ONE_D_SEC(TK) }, kTwoDSec[] = { TWO_D_SEC(TK) };
static const unsigned char nOneS[] = { ONE_S(TN) }, nTwoS[] = { TWO_S(TN) };
static const unsigned char nOneSWn[] = { ONE_S_WN(TN) }, nTwoSWn[] = { TWO_S_WN(TN) };
static const unsigned char nOneSCl[] = { ONE_S_CL(TN) };
static const unsigned char nOneD[] = { ONE_D(TN) }, nTwoD[] = { TWO_D(TN) };
static const unsigned char nTwoDWn[] = { TWO_D_WN(TN) }, nTwoDCl[] = { TWO_D_CL(TN) };
static const unsigned char nOneDSec[] = { ONE_D_SEC(TN) }, nTwoDSec[] = { TWO_D_SEC(TN) };

/* Template order, the order the keys had before they were batched and the order
 * training still sees them in: group by group (0 every word, 1 WordNet, 2 word
 * classes, 3 second pass), by template number within a group. Training makes a weight
 * row for each key the first time it meets it, so the order decides the layout of the
 * frozen blob, and keeping it keeps a retrained model byte for byte what it was. The
 * groups come from the block lists above, so they cannot drift apart. */
#define TG1(t) [t] = 1,
#define TG2(t) [t] = 2,
#define TG3(t) [t] = 3,
static const unsigned char kGroup[71] = {
    ONE_S_WN(TG1) TWO_S_WN(TG1) TWO_D_WN(TG1)
    ONE_S_CL(TG2) TWO_D_CL(TG2)
    ONE_D_SEC(TG3) TWO_D_SEC(TG3)
};

/* What the features of position i look at. */
typedef struct fctx {
    const kh_tagfeat_word *w, *p1, *p2, *n1, *n2;
    uint32_t fl, cs, ctx;
    int haswn, hascl, second;
    uint64_t c1, c2, n1t, n2t, wt;
} fctx;

TF_INLINE void fctx_init(fctx *x, const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                         int second)
{
    x->w = at(words, n, i);
    x->p1 = at(words, n, i - 1);
    x->p2 = at(words, n, i - 2);
    x->n1 = at(words, n, i + 1);
    x->n2 = at(words, n, i + 2);
    x->fl = x->w->flags | (i == 0 ? 0x100u : 0u);
    /* proper or common noun: the word's case with its neighbours' (title-case runs),
     * and the word and its ambiguity class seen with its own case */
    x->cs = x->fl & (KH_TF_UPPER1 | KH_TF_ALLUPPER | 0x100u);
    x->ctx = (x->p1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) |
             (x->n1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) << 2;
    /* what WordNet knows the word (and its neighbours) as: the lexicon of the words
     * the treebank never shows ("redeploy", "Kurdish-led"), and, absent, a hint of a
     * name */
    x->haswn = x->w->wn != 0;
    x->hascl = (x->w->cluster || x->n1->cluster || x->p1->cluster) != 0;
    x->second = second != 0;
    x->c1 = (uint64_t)(t1 + 3);
    x->c2 = (uint64_t)(t2 + 3);
    x->n1t = (uint64_t)(x->n1->tag1 + 3);
    x->n2t = (uint64_t)(x->n2->tag1 + 3);
    x->wt = (uint64_t)(x->w->tag1 + 3);
}

/* Numbers of keys of each part: static of one value, of two; dynamic of one, of two. */
static int n_s1(const fctx *x) { return 22 + 3 * x->haswn + 3 * x->hascl; }
static int n_s2(const fctx *x) { return 15 + 2 * x->haswn; }
static int n_d1(const fctx *x) { return 2 + 3 * x->second; }
static int n_d2(const fctx *x) { return 8 + x->haswn + x->hascl + 8 * x->second; }

/* Each fill writes its templates' starts at o and their values at v (and the second
 * values at u). */
TF_INLINE void fill_s1(const fctx *x, uint64_t *o, uint64_t *v)
{
    const kh_tagfeat_word *w = x->w, *p1 = x->p1, *p2 = x->p2, *n1 = x->n1, *n2 = x->n2;
    memcpy(o, kOneS, sizeof kOneS);
    v[0] = w->w;
    for (int j = 0; j < 4; j++)
        v[1 + j] = w->suf[j];
    for (int j = 0; j < 3; j++)
        v[5 + j] = w->pre[j];
    v[8] = w->shape;    v[9] = x->fl;       v[10] = p1->w;      v[11] = n1->w;
    v[12] = p2->w;      v[13] = n2->w;      v[14] = p1->suf[2]; v[15] = n1->suf[2];
    v[16] = w->amb;     v[17] = n1->amb;    v[18] = n2->amb;    v[19] = n1->shape;
    v[20] = p1->shape;  v[21] = n2->suf[2];
    o += 22, v += 22;
    if (x->haswn) {
        memcpy(o, kOneSWn, sizeof kOneSWn);
        v[0] = w->wn;       v[1] = n1->wn;      v[2] = p1->wn;
        o += 3, v += 3;
    }
    if (x->hascl) {
        memcpy(o, kOneSCl, sizeof kOneSCl);
        v[0] = w->cluster;  v[1] = n1->cluster; v[2] = p1->cluster;
    }
}

#define TWO(j, a, b) (v[j] = (a), u[j] = (b))

TF_INLINE void fill_s2(const fctx *x, uint64_t *o, uint64_t *v, uint64_t *u)
{
    const kh_tagfeat_word *w = x->w, *p1 = x->p1, *n1 = x->n1, *n2 = x->n2;
    uint32_t cs = x->cs, ctx = x->ctx;
    memcpy(o, kTwoS, sizeof kTwoS);
    TWO(0, p1->w, w->w);            TWO(1, w->w, n1->w);           TWO(2, w->amb, n1->amb);
    TWO(3, w->shape, x->fl);        TWO(4, p1->w, n1->w);          TWO(5, n1->w, n2->w);
    TWO(6, w->w, n1->suf[1]);       TWO(7, p1->suf[1], w->suf[2]); TWO(8, w->shape, n1->shape);
    TWO(9, cs, ctx);                TWO(10, w->w, cs);             TWO(11, w->amb, cs | ctx << 9);
    TWO(12, w->suf[3], cs);         TWO(13, p1->w, cs);            TWO(14, n1->w, cs);
    if (x->haswn) {
        o += 15, v += 15, u += 15;
        memcpy(o, kTwoSWn, sizeof kTwoSWn);
        TWO(0, w->wn, cs);          TWO(1, w->wn, w->suf[1]);
    }
}

TF_INLINE void fill_d1(const fctx *x, uint64_t *o, uint64_t *v)
{
    memcpy(o, kOneD, sizeof kOneD);
    v[0] = x->c1;       v[1] = x->c2;
    if (x->second) {
        memcpy(o + 2, kOneDSec, sizeof kOneDSec);
        v[2] = x->n1t;      v[3] = x->n2t;      v[4] = x->wt;
    }
}

TF_INLINE void fill_d2(const fctx *x, uint64_t *o, uint64_t *v, uint64_t *u)
{
    const kh_tagfeat_word *w = x->w, *n1 = x->n1;
    uint64_t c1 = x->c1, c2 = x->c2, n1t = x->n1t, n2t = x->n2t, wt = x->wt;
    memcpy(o, kTwoD, sizeof kTwoD);
    TWO(0, c1, c2);                 TWO(1, c1, w->w);              TWO(2, c1, n1->amb);
    TWO(3, w->suf[2], c1);          TWO(4, w->amb, c1);            TWO(5, c1, n1->w);
    TWO(6, c1, w->suf[1]);          TWO(7, c2, w->w);
    o += 8, v += 8, u += 8;
    if (x->haswn) {
        memcpy(o, kTwoDWn, sizeof kTwoDWn);
        TWO(0, w->wn, c1);
        o += 1, v += 1, u += 1;
    }
    if (x->hascl) {
        memcpy(o, kTwoDCl, sizeof kTwoDCl);
        TWO(0, w->cluster, c1);
        o += 1, v += 1, u += 1;
    }
    if (x->second) {
        /* the first-pass tags on the right; function words ("to", "that", "for")
         * decided by the tags on both sides (template 60, last: a third value) */
        memcpy(o, kTwoDSec, sizeof kTwoDSec);
        TWO(0, n1t, n2t);           TWO(1, c1, n1t);               TWO(2, w->w, n1t);
        TWO(3, w->suf[2], n1t);     TWO(4, wt, n1t);               TWO(5, wt, c1);
        TWO(6, w->w, n2t);          TWO(7, w->w, c1);
    }
}

#undef TWO

/* The hashing rounds over keys h[0..n1+n2), n1 of one value then n2 of two (va: first
 * values of all, vb: second values of the n2), and the finish into out[0..) from out
 * (h lies inside out). */
TF_INLINE void rounds(uint64_t *h, int n1, int n2, const uint64_t *va, const uint64_t *vb,
                      const fctx *x, int third, uint64_t *out, int nout)
{
    kh_pct_hash_int_n(h, va, n1 + n2);
    kh_pct_hash_int_n(h + n1, vb, n2);
    if (third)
        h[n1 + n2 - 1] = kh_pct_hash_int(h[n1 + n2 - 1], x->n1t);
    kh_pct_hash_end_n(out, out, nout);
}

/* The template numbers of kh_tagfeat_extract_split's keys, in its order. */
static int split_templates(const fctx *x, unsigned char *tm)
{
    int k = 0;
#define PUT(tab) (memcpy(tm + k, tab, sizeof tab), k += (int)sizeof tab)
    tm[k++] = 1;
    PUT(nOneS);
    if (x->haswn)
        PUT(nOneSWn);
    if (x->hascl)
        PUT(nOneSCl);
    PUT(nOneD);
    if (x->second)
        PUT(nOneDSec);
    PUT(nTwoS);
    if (x->haswn)
        PUT(nTwoSWn);
    PUT(nTwoD);
    if (x->haswn)
        PUT(nTwoDWn);
    if (x->hascl)
        PUT(nTwoDCl);
    if (x->second)
        PUT(nTwoDSec);
#undef PUT
    return k;
}

int kh_tagfeat_extract_split(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                             int second, uint64_t *out, int split[3])
{
    fctx x;
    fctx_init(&x, words, n, i, t1, t2, second);
    int s1 = n_s1(&x), d1 = n_d1(&x), s2 = n_s2(&x), d2 = n_d2(&x);
    /* out: bias, static one-value, dynamic one-value, static two-value, dynamic two-value */
    uint64_t va[2 * KH_TAGFEAT_MAX], *vb = va + s1 + d1 + s2 + d2;
    uint64_t *h = out + 1;
    out[0] = T(1);                      /* bias */
    fill_s1(&x, h, va);
    fill_d1(&x, h + s1, va + s1);
    fill_s2(&x, h + s1 + d1, va + s1 + d1, vb);
    fill_d2(&x, h + s1 + d1 + s2, va + s1 + d1 + s2, vb + s2);
    rounds(h, s1 + d1, s2 + d2, va, vb, &x, x.second, out, 1 + s1 + d1 + s2 + d2);
    split[0] = 1 + s1;
    split[1] = 1 + s1 + d1;
    split[2] = s2;
    return 1 + s1 + d1 + s2 + d2;
}

int kh_tagfeat_extract(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                       int second, uint64_t *out)
{
    uint64_t keys[KH_TAGFEAT_MAX];
    unsigned char tm[KH_TAGFEAT_MAX];
    int split[3];
    int k = kh_tagfeat_extract_split(words, n, i, t1, t2, second, keys, split);
    fctx x;
    fctx_init(&x, words, n, i, t1, t2, second);
    split_templates(&x, tm);
    int at[71] = {0};   /* template -> 1 + its key's place in keys[] */
    for (int j = 0; j < k; j++)
        at[tm[j]] = j + 1;
    int o = 0;
    for (int g = 0; g < 4; g++)
        for (int t = 1; t < 71; t++)
            if (at[t] && kGroup[t] == g)
                out[o++] = keys[at[t] - 1];
    return k;
}

int kh_tagfeat_static(const kh_tagfeat_word *words, int n, int i, uint64_t *out)
{
    fctx x;
    fctx_init(&x, words, n, i, -1, -1, 0);
    int s1 = n_s1(&x), s2 = n_s2(&x);
    uint64_t va[2 * KH_TAGFEAT_MAX], *vb = va + s1 + s2;
    uint64_t *h = out + 1;
    out[0] = T(1);                      /* bias */
    fill_s1(&x, h, va);
    fill_s2(&x, h + s1, va + s1, vb);
    rounds(h, s1, s2, va, vb, &x, 0, out, 1 + s1 + s2);
    return 1 + s1 + s2;
}

int kh_tagfeat_dynamic(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                       int second, uint64_t *out)
{
    fctx x;
    fctx_init(&x, words, n, i, t1, t2, second);
    int d1 = n_d1(&x), d2 = n_d2(&x);
    uint64_t va[2 * KH_TAGFEAT_MAX], *vb = va + d1 + d2;
    fill_d1(&x, out, va);
    fill_d2(&x, out + d1, va + d1, vb);
    rounds(out, d1, d2, va, vb, &x, x.second, out, d1 + d2);
    return d1 + d2;
}

#undef T

/* ---- distributional word classes ----
 * Words that occur in the same contexts get the same class, so that a rare word
 * borrows what the tagger learned about the frequent words of its class. Each word
 * of at least CL_MINCOUNT occurrences is a vector of counts of its left and right
 * neighbours (the CL_NCTX most frequent words, one bucket for the rest, one for the
 * sentence boundary), square-rooted and length-normalised; spherical k-means with a
 * deterministic start (words spread evenly over the frequency ranking) groups them. */

#define CL_MINCOUNT 3
#define CL_NCTX 128
#define CL_ITERS 10
#define CL_DIM (2 * (CL_NCTX + 2))

typedef struct cl_state {
    kh_wordcount vocab; /* lowercased form -> occurrences */
    int32_t *ctx;       /* word -> context index, or CL_NCTX (other) */
    int32_t *row;       /* word -> row of the vectors, or -1 */
    int32_t nrows;
    int32_t *rowword;   /* row -> word */
    float *vec;         /* nrows x CL_DIM */
} cl_state;

static int32_t cl_word(cl_state *c, const char *form, int add)
{
    char low[128];
    size_t n = kh_tagfeat_lower(form ? form : "_", low, sizeof low);
    if (!add)
        return kh_wordmap_get(&c->vocab.m, low, n);
    return kh_wordcount_add(&c->vocab, low, n, 1);
}

/* Frequency ranking keys: count descending, then first occurrence. */
static uint64_t cl_rank_key(long count, int32_t id)
{
    long c = count > 0x7fffffffL ? 0x7fffffffL : count;
    return (uint64_t)(0x7fffffffL - c) << 32 | (uint32_t)id;
}

static int cl_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void cl_free(cl_state *c)
{
    kh_wordcount_free(&c->vocab);
    free(c->ctx);
    free(c->row);
    free(c->rowword);
    free(c->vec);
}

/* Adds the neighbour counts of every word of a sentence. */
static void cl_sentence(cl_state *c, const kh_sentence *s)
{
    int32_t prev = -1;
    for (int i = 0; i < s->nwords; i++) {
        int32_t w = cl_word(c, s->words[i].form, 0);
        int32_t next = i + 1 < s->nwords ? cl_word(c, s->words[i + 1].form, 0) : -1;
        int32_t r = w >= 0 ? c->row[w] : -1;
        if (r >= 0) {
            float *v = c->vec + (size_t)r * CL_DIM;
            v[prev >= 0 ? c->ctx[prev] : CL_NCTX + 1]++;
            v[CL_NCTX + 2 + (next >= 0 ? c->ctx[next] : CL_NCTX + 1)]++;
        }
        prev = w;
    }
}

static void cl_normalise(float *v, int dim, int root)
{
    double norm = 0;
    for (int j = 0; j < dim; j++) {
        if (root)
            v[j] = sqrtf(v[j]);
        norm += (double)v[j] * v[j];
    }
    if (norm > 0)
        for (int j = 0; j < dim; j++)
            v[j] = (float)(v[j] / sqrt(norm));
}

int kh_tagfeat_build_clusters(const kh_doc *const *docs, int ndocs, int k, kh_buf *out)
{
    cl_state c;
    memset(&c, 0, sizeof c);
    float *cent = NULL;
    int32_t *assign = NULL, *size = NULL;
    uint64_t *rank = NULL;
    int rc = -1;
    if (k < 2 || kh_wordcount_init(&c.vocab) < 0)
        goto done;
    for (int d = 0; d < ndocs; d++)
        for (int si = 0; si < docs[d]->nsents; si++)
            for (int i = 0; i < docs[d]->sents[si].nwords; i++)
                if (cl_word(&c, docs[d]->sents[si].words[i].form, 1) < 0)
                    goto done;
    int32_t nv = c.vocab.m.n;
    rank = malloc(((size_t)nv + 1) * sizeof *rank);
    c.ctx = malloc(((size_t)nv + 1) * sizeof *c.ctx);
    c.row = malloc(((size_t)nv + 1) * sizeof *c.row);
    c.rowword = malloc(((size_t)nv + 1) * sizeof *c.rowword);
    if (!rank || !c.ctx || !c.row || !c.rowword)
        goto done;
    for (int32_t w = 0; w < nv; w++)
        rank[w] = cl_rank_key(c.vocab.count[w], w);
    qsort(rank, (size_t)nv, sizeof *rank, cl_cmp);
    for (int32_t w = 0; w < nv; w++) {
        c.ctx[w] = CL_NCTX;
        c.row[w] = -1;
    }
    for (int32_t j = 0; j < nv; j++) {
        int32_t w = (int32_t)(rank[j] & 0xffffffffu);
        if (j < CL_NCTX)
            c.ctx[w] = j;
        if (c.vocab.count[w] >= CL_MINCOUNT) {
            c.row[w] = c.nrows;
            c.rowword[c.nrows++] = w;   /* rows in frequency order */
        }
    }
    if (c.nrows < k)
        goto done;
    c.vec = calloc((size_t)c.nrows * CL_DIM, sizeof *c.vec);
    cent = malloc((size_t)k * CL_DIM * sizeof *cent);
    assign = malloc((size_t)c.nrows * sizeof *assign);
    size = malloc((size_t)k * sizeof *size);
    if (!c.vec || !cent || !assign || !size)
        goto done;
    for (int d = 0; d < ndocs; d++)
        for (int si = 0; si < docs[d]->nsents; si++)
            cl_sentence(&c, &docs[d]->sents[si]);
    for (int32_t r = 0; r < c.nrows; r++)
        cl_normalise(c.vec + (size_t)r * CL_DIM, CL_DIM, 1);
    for (int j = 0; j < k; j++)
        memcpy(cent + (size_t)j * CL_DIM, c.vec + (size_t)((int64_t)j * c.nrows / k) * CL_DIM,
               CL_DIM * sizeof *cent);
    for (int it = 0; it < CL_ITERS; it++) {
        for (int32_t r = 0; r < c.nrows; r++) {
            const float *v = c.vec + (size_t)r * CL_DIM;
            int best = 0;
            float bs = -2;
            for (int j = 0; j < k; j++) {
                const float *m = cent + (size_t)j * CL_DIM;
                float dot = 0;
                for (int x = 0; x < CL_DIM; x++)
                    dot += v[x] * m[x];
                if (dot > bs) {
                    bs = dot;
                    best = j;
                }
            }
            assign[r] = best;
        }
        memset(cent, 0, (size_t)k * CL_DIM * sizeof *cent);
        memset(size, 0, (size_t)k * sizeof *size);
        for (int32_t r = 0; r < c.nrows; r++) {
            float *m = cent + (size_t)assign[r] * CL_DIM;
            const float *v = c.vec + (size_t)r * CL_DIM;
            for (int x = 0; x < CL_DIM; x++)
                m[x] += v[x];
            size[assign[r]]++;
        }
        /* an empty class takes the word of the next row in turn: no class is lost */
        for (int j = 0; j < k; j++) {
            if (size[j])
                cl_normalise(cent + (size_t)j * CL_DIM, CL_DIM, 0);
            else
                memcpy(cent + (size_t)j * CL_DIM,
                       c.vec + (size_t)((j * 7919 + it) % c.nrows) * CL_DIM, CL_DIM * sizeof *cent);
        }
    }
    for (int32_t r = 0; r < c.nrows; r++) {
        int32_t w = c.rowword[r];
        if (kh_buf_printf(out, "%.*s\t%d\n", (int)c.vocab.m.lens[w], c.vocab.m.keys[w], assign[r] + 1) < 0)
            goto done;
    }
    rc = 0;
done:
    free(cent);
    free(assign);
    free(size);
    free(rank);
    cl_free(&c);
    return rc;
}
