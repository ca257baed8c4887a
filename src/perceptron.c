/* perceptron.c - averaged perceptron over hashed features: training rows, freezing to a
 * compact int16 blob, and scoring from that blob (see perceptron.h).
 *
 * Training keeps, per feature, a sparse row of (class, weight, sum, timestamp): the
 * usual lazy averaging, where sum is brought up to date only when a weight changes.
 * The frozen blob is an open-addressing table of feature slots (8 bytes) pointing
 * into a packed array of (class, int16 weight) entries; a row ends at the entry
 * whose class has bit 15 set. Blob layout (little-endian, 4-byte aligned):
 *   "KHPCT2\0\0", u32 nclasses, u32 nslots, u32 nentries, f32 scale, u32 0, u32 0,
 *   slots[nslots] {u32 key check, u32 first}, entries[nentries] {u16 cls, i16 w}.
 * A row with weights for a quarter of the classes or more is stored dense instead: bit 31 of
 * its slot's first is set and (nclasses+1)/2 entries hold nclasses int16 weights.
 * Scoring (the tagger's hot path) has a portable form and a SIMD one (AVX2, AVX-512 for
 * the dense rows) chosen by the CPU flags kh_pct_open sets; both give the same sums. */
#include "perceptron.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowsum.h"
#include "slots.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PCT_HAVE_X86 1
#endif

#define PCT_MAGIC "KHPCT2\0\0"
#define PCT_HEADER 32
#define PCT_EMPTY KH_SLOT_EMPTY   /* slots.h: the table both scorers share */
#define PCT_LAST 0x8000u
#define PCT_DENSE 0x80000000u   /* slot flag: the row is nclasses int16 weights */
#define PCT_BATCH 64

typedef struct pct_ent {
    double sum;       /* sum of the weight over the instances up to ts */
    float w;
    uint32_t ts;      /* clock at the last change of w */
    uint16_t cls;
} pct_ent;

typedef struct pct_row {
    uint32_t off;     /* first entry in t->ents */
    uint16_t n, cap;
} pct_row;

struct kh_pct_train {
    int nclasses;
    uint32_t clock;   /* instances seen */
    /* feature hash -> row index (open addressing, keys 0 mean empty: key 0 is remapped) */
    uint64_t *keys;
    uint32_t *rowof;
    size_t cap, used;
    pct_row *rows;
    size_t nrows, caprows;
    pct_ent *ents;
    size_t nents, capents;
    size_t nweights;
};

static uint64_t fix_key(uint64_t h) { return h ? h : 0x5bd1e9955bd1e995ULL; }

kh_pct_train *kh_pct_train_new(int nclasses)
{
    if (nclasses < 1 || nclasses > 32767)
        return NULL;
    kh_pct_train *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->nclasses = nclasses;
    t->cap = 1 << 16;
    t->keys = calloc(t->cap, sizeof *t->keys);
    t->rowof = malloc(t->cap * sizeof *t->rowof);
    if (!t->keys || !t->rowof) {
        kh_pct_train_free(t);
        return NULL;
    }
    return t;
}

void kh_pct_train_free(kh_pct_train *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->rowof);
    free(t->rows);
    free(t->ents);
    free(t);
}

static long find_row(const kh_pct_train *t, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (t->keys[i] == h)
            return (long)t->rowof[i];
        if (t->keys[i] == 0)
            return -1;
    }
}

static int grow_table(kh_pct_train *t)
{
    size_t ncap = t->cap * 2, mask = ncap - 1;
    uint64_t *k = calloc(ncap, sizeof *k);
    uint32_t *r = malloc(ncap * sizeof *r);
    if (!k || !r) {
        free(k);
        free(r);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t j = (size_t)t->keys[i] & mask;
        while (k[j])
            j = (j + 1) & mask;
        k[j] = t->keys[i];
        r[j] = t->rowof[i];
    }
    free(t->keys);
    free(t->rowof);
    t->keys = k;
    t->rowof = r;
    t->cap = ncap;
    return 0;
}

/* Reserves n entries at the end of the entry pool; returns their offset or -1. */
static long alloc_ents(kh_pct_train *t, size_t n)
{
    if (t->nents + n > t->capents) {
        size_t nc = t->capents ? t->capents * 2 : 1 << 16;
        while (nc < t->nents + n)
            nc *= 2;
        if (nc > 0xffffffffu)
            return -1;
        pct_ent *e = realloc(t->ents, nc * sizeof *e);
        if (!e)
            return -1;
        t->ents = e;
        t->capents = nc;
    }
    long off = (long)t->nents;
    t->nents += n;
    return off;
}

static long add_row(kh_pct_train *t, uint64_t h)
{
    if ((t->used + 1) * 10 > t->cap * 7 && grow_table(t) < 0)
        return -1;
    if (t->nrows == t->caprows) {
        size_t nc = t->caprows ? t->caprows * 2 : 1 << 14;
        pct_row *r = realloc(t->rows, nc * sizeof *r);
        if (!r)
            return -1;
        t->rows = r;
        t->caprows = nc;
    }
    size_t mask = t->cap - 1, i = (size_t)h & mask;
    while (t->keys[i])
        i = (i + 1) & mask;
    t->keys[i] = h;
    t->rowof[i] = (uint32_t)t->nrows;
    t->used++;
    t->rows[t->nrows] = (pct_row){ 0, 0, 0 };
    return (long)t->nrows++;
}

void kh_pct_train_score(const kh_pct_train *t, const uint64_t *feats, int nfeats, float *scores)
{
    for (int f = 0; f < nfeats; f++) {
        long r = find_row(t, fix_key(feats[f]));
        if (r < 0)
            continue;
        const pct_row *row = &t->rows[r];
        const pct_ent *e = t->ents + row->off;
        for (int i = 0; i < row->n; i++)
            scores[e[i].cls] += e[i].w;
    }
}

/* Changes the weight of class c in row r by d (lazy averaging). */
static int bump(kh_pct_train *t, long r, int c, float d)
{
    pct_row *row = &t->rows[r];
    pct_ent *e = t->ents + row->off;
    for (int i = 0; i < row->n; i++) {
        if (e[i].cls == c) {
            e[i].sum += (double)e[i].w * (t->clock - e[i].ts);
            e[i].ts = t->clock;
            e[i].w += d;
            return 0;
        }
    }
    if (row->n == row->cap) {
        /* move the row to the end of the pool with twice the room; the old room is
         * abandoned (rows grow at most to nclasses, so the waste stays bounded) */
        int ncap = row->cap ? row->cap * 2 : 2;
        if (ncap > t->nclasses)
            ncap = t->nclasses;
        long off = alloc_ents(t, (size_t)ncap);
        if (off < 0)
            return -1;
        row = &t->rows[r];
        memcpy(t->ents + off, t->ents + row->off, row->n * sizeof(pct_ent));
        row->off = (uint32_t)off;
        row->cap = (uint16_t)ncap;
    }
    e = t->ents + row->off;
    e[row->n] = (pct_ent){ 0.0, d, t->clock, (uint16_t)c };
    row->n++;
    t->nweights++;
    return 0;
}

int kh_pct_train_update_by(kh_pct_train *t, const uint64_t *feats, int nfeats, int truth,
                           int guess, float delta)
{
    if (truth == guess)
        return 0;
    for (int f = 0; f < nfeats; f++) {
        uint64_t h = fix_key(feats[f]);
        long r = find_row(t, h);
        if (r < 0 && (r = add_row(t, h)) < 0)
            return -1;
        if (truth >= 0 && bump(t, r, truth, delta) < 0)
            return -1;
        if (guess >= 0 && bump(t, r, guess, -delta) < 0)
            return -1;
    }
    return 0;
}

int kh_pct_train_update(kh_pct_train *t, const uint64_t *feats, int nfeats, int truth, int guess)
{
    return kh_pct_train_update_by(t, feats, nfeats, truth, guess, 1.0f);
}

void kh_pct_train_tick(kh_pct_train *t) { t->clock++; }
size_t kh_pct_train_nfeats(const kh_pct_train *t) { return t->nrows; }
size_t kh_pct_train_nweights(const kh_pct_train *t) { return t->nweights; }

static double averaged(const kh_pct_train *t, const pct_ent *e)
{
    double now = t->clock ? (double)t->clock : 1.0;
    return (e->sum + (double)e->w * (t->clock - e->ts)) / now;
}

/* The home slot of a key: the low 32 bits scaled to [0, nslots). */
static inline uint32_t slot_of(uint64_t h, uint32_t nslots)
{
    return (uint32_t)(((uint64_t)(uint32_t)h * nslots) >> 32);
}

static void put_u32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get_u32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

int kh_pct_train_freeze(const kh_pct_train *t, float prune, void **blob, size_t *size)
{
    double maxabs = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const pct_ent *e = t->ents + t->rows[r].off;
        for (int i = 0; i < t->rows[r].n; i++) {
            double a = fabs(averaged(t, &e[i]));
            if (a > maxabs)
                maxabs = a;
        }
    }
    double scale = maxabs > 0 ? maxabs / 32767.0 : 1.0;
    /* first pass: count the entries and rows that survive */
    size_t nent = 0, nrow = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const pct_ent *e = t->ents + t->rows[r].off;
        size_t k = 0;
        for (int i = 0; i < t->rows[r].n; i++) {
            double a = averaged(t, &e[i]);
            if (fabs(a) >= prune && lrint(a / scale) != 0)
                k++;
        }
        size_t dense = ((size_t)t->nclasses + 1) / 2;   /* entry units of a dense row */
        nent += 2 * k >= dense ? dense : k;
        nrow += k > 0;
    }
    /* load factor at most 4/5; any size (slots are found by multiply-shift, not a mask) */
    size_t nslots = nrow + nrow / 4 + 16;
    if (nent >= PCT_DENSE || nslots >= PCT_EMPTY)
        return -1;
    size_t total = PCT_HEADER + nslots * 8 + nent * 4;
    /* a row is written sparse first and packed dense after: with more weights than a
     * dense row has entries (over half the classes) it briefly runs past its room, and
     * past the end of the blob for the last row; hence the slack */
    unsigned char *b = malloc(total + (size_t)t->nclasses * 4);
    if (!b)
        return -1;
    memset(b, 0, PCT_HEADER);
    memcpy(b, PCT_MAGIC, 8);
    put_u32(b + 8, (uint32_t)t->nclasses);
    put_u32(b + 12, (uint32_t)nslots);
    put_u32(b + 16, (uint32_t)nent);
    float fs = (float)scale;
    memcpy(b + 20, &fs, 4);
    unsigned char *slots = b + PCT_HEADER, *ents = slots + nslots * 8;
    memset(slots, 0xff, nslots * 8);
    /* second pass: fill, walking the features in table order of first appearance (the
     * row order), so the blob only depends on the training sequence */
    uint32_t k = 0;
    uint64_t *rowkey = malloc((t->nrows ? t->nrows : 1) * sizeof *rowkey);
    if (!rowkey) {
        free(b);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->keys[i])
            rowkey[t->rowof[i]] = t->keys[i];
    for (size_t r = 0; r < t->nrows; r++) {
        const pct_ent *e = t->ents + t->rows[r].off;
        uint32_t first = k;
        /* surviving entries, sorted by class (insertion sort: rows are short) */
        for (int i = 0; i < t->rows[r].n; i++) {
            double a = averaged(t, &e[i]);
            long q = lrint(a / scale);
            if (fabs(a) < prune || q == 0)
                continue;
            if (q > 32767) q = 32767;
            if (q < -32767) q = -32767;
            uint16_t cls = e[i].cls;
            int16_t w = (int16_t)q;
            uint32_t j = k;
            while (j > first) {
                uint16_t pc;
                memcpy(&pc, ents + (size_t)(j - 1) * 4, 2);
                if (pc < cls)
                    break;
                memcpy(ents + (size_t)j * 4, ents + (size_t)(j - 1) * 4, 4);
                j--;
            }
            memcpy(ents + (size_t)j * 4, &cls, 2);
            memcpy(ents + (size_t)j * 4 + 2, &w, 2);
            k++;
        }
        if (k == first)
            continue;
        uint32_t slotval = first;
        uint32_t dense = ((uint32_t)t->nclasses + 1) / 2;
        if (2 * (k - first) >= dense) {
            /* weights for a quarter of the classes or more: a dense row is at most
             * twice as big, and scoring it is a straight vector add */
            int16_t *row = calloc((size_t)dense * 2, sizeof *row);
            if (!row) {
                free(rowkey);
                free(b);
                return -1;
            }
            for (uint32_t j = first; j < k; j++) {
                uint16_t cls;
                int16_t w;
                memcpy(&cls, ents + (size_t)j * 4, 2);
                memcpy(&w, ents + (size_t)j * 4 + 2, 2);
                row[cls] = w;
            }
            memcpy(ents + (size_t)first * 4, row, (size_t)dense * 4);
            free(row);
            k = first + dense;
            slotval = first | PCT_DENSE;
        } else {
            /* mark the last entry of the row */
            uint16_t last;
            memcpy(&last, ents + (size_t)(k - 1) * 4, 2);
            last |= PCT_LAST;
            memcpy(ents + (size_t)(k - 1) * 4, &last, 2);
        }
        uint64_t h = rowkey[r];
        size_t j = slot_of(h, (uint32_t)nslots);
        while (get_u32(slots + j * 8 + 4) != PCT_EMPTY)
            j = j + 1 == nslots ? 0 : j + 1;
        put_u32(slots + j * 8, (uint32_t)(h >> 32));
        put_u32(slots + j * 8 + 4, slotval);
    }
    free(rowkey);
    *blob = b;
    *size = total;
    return 0;
}

int kh_pct_open(kh_pct *m, const void *blob, size_t size, char *err, size_t errlen)
{
    const unsigned char *b = blob;
    memset(m, 0, sizeof *m);
    if (size < PCT_HEADER || memcmp(b, PCT_MAGIC, 8) != 0) {
        snprintf(err, errlen, "weights section has no perceptron header");
        return -1;
    }
    uint32_t ncl = get_u32(b + 8), nslots = get_u32(b + 12), nent = get_u32(b + 16);
    float scale;
    memcpy(&scale, b + 20, 4);
    if (ncl < 1 || ncl > 32767 || nslots == 0 || nslots == PCT_EMPTY ||
        (uint64_t)PCT_HEADER + (uint64_t)nslots * 8 + (uint64_t)nent * 4 != size) {
        snprintf(err, errlen, "weights section has inconsistent sizes");
        return -1;
    }
    if ((uintptr_t)b % 4 != 0) {
        snprintf(err, errlen, "weights section is not aligned");
        return -1;
    }
    const unsigned char *slots = b + PCT_HEADER, *ents = slots + (size_t)nslots * 8;
    /* every row must lie inside the entries: a dense row whole, a sparse row up to an
     * entry marked last, naming classes below nclasses; scoring then never reads out
     * of bounds */
    int has_empty = 0;
    uint32_t dense = (ncl + 1) / 2;
    for (uint32_t i = 0; i < nslots; i++) {
        uint32_t first = get_u32(slots + (size_t)i * 8 + 4);
        if (first == PCT_EMPTY) {
            has_empty = 1;
            continue;
        }
        if (first & PCT_DENSE) {
            if ((uint64_t)(first & ~PCT_DENSE) + dense > nent) {
                snprintf(err, errlen, "weights section has a row outside its entries");
                return -1;
            }
            continue;
        }
        for (uint32_t j = first;; j++) {
            uint16_t c;
            if (j >= nent) {
                snprintf(err, errlen, "weights section has a row outside its entries");
                return -1;
            }
            memcpy(&c, ents + (size_t)j * 4, 2);
            if ((c & ~PCT_LAST) >= ncl) {
                snprintf(err, errlen, "weights section names class %u of %u", c & ~PCT_LAST, ncl);
                return -1;
            }
            if (c & PCT_LAST)
                break;
        }
    }
    if (!has_empty) {
        snprintf(err, errlen, "weights section has a full table");
        return -1;
    }
    m->nclasses = (int)ncl;
    m->nslots = nslots;
    m->slots = slots;
    m->entries = ents;
    m->nentries = nent;
    m->scale = scale;
#ifdef PCT_HAVE_X86
    m->avx2 = __builtin_cpu_supports("avx2") != 0;
    m->avx512 = m->avx2 && kh_rowsum_level() == KH_ROWSUM_AVX512;
#endif
    return 0;
}

/* The home slot of a key and the check kept in its slot. */
static inline uint32_t key_check(uint64_t h) { return (uint32_t)(fix_key(h) >> 32); }

/* A sparse row: (class, weight) entries up to the one marked last (bit 15, PCT_LAST,
 * makes the class negative read as int16). */
static inline void add_sparse(int32_t *scores, const uint16_t *row)
{
    kh_rowsum_sparse(scores, (const int16_t *)(const void *)row);
}

static void score_plain(const kh_pct *m, const uint64_t *feats, int nfeats, int32_t *scores)
{
    const uint32_t *slots = (const uint32_t *)(const void *)m->slots;
    const uint16_t *ents = (const uint16_t *)(const void *)m->entries;
    for (int f = 0; f < nfeats; f++) {
        uint64_t h = fix_key(feats[f]);
        uint32_t first = kh_slots_probe(slots, m->nslots, slot_of(h, m->nslots), key_check(h));
        if (first == PCT_EMPTY)
            continue;
        if (first & PCT_DENSE)
            kh_rowsum_add1(scores, (const int16_t *)(const void *)(ents + 2 * (size_t)(first & ~PCT_DENSE)),
                           m->nclasses);
        else
            add_sparse(scores, ents + 2 * (size_t)first);
    }
}

#ifdef PCT_HAVE_X86
/* The SIMD scorer. A word's features are scored in three passes, as in pscore.c: home
 * slots (prefetched), then the probes (sparse rows are added at once, dense rows
 * collected and prefetched), then all dense rows together with the sums held in
 * registers. Integer sums do not depend on the order of the additions, so the scores
 * are exactly those of score_plain. */

__attribute__((target("avx2")))
static void score_avx2(const kh_pct *m, const uint64_t *feats, int nfeats, int32_t *scores)
{
    const uint32_t *slots = (const uint32_t *)(const void *)m->slots;
    const uint16_t *ents = (const uint16_t *)(const void *)m->entries;
    uint32_t nslots = m->nslots;
    uint32_t at[PCT_BATCH];
    const int16_t *rows[PCT_BATCH];
    for (int base = 0; base < nfeats; base += PCT_BATCH) {
        int nf = nfeats - base < PCT_BATCH ? nfeats - base : PCT_BATCH;
        const uint64_t *f = feats + base;
#pragma GCC unroll 4
        for (int i = 0; i < nf; i++) {
            at[i] = slot_of(fix_key(f[i]), nslots);
            __builtin_prefetch(slots + 2 * (size_t)at[i]);
        }
        int nd = 0;
        for (int i = 0; i < nf; i++) {
            uint32_t first = kh_slots_probe_avx2(slots, nslots, at[i], key_check(f[i]));
            if (first == PCT_EMPTY)
                continue;
            if (first & PCT_DENSE) {
                const int16_t *row = (const int16_t *)(const void *)(ents + 2 * (size_t)(first & ~PCT_DENSE));
                __builtin_prefetch(row);
                __builtin_prefetch(row + 32);
                rows[nd++] = row;
            } else {
                add_sparse(scores, ents + 2 * (size_t)first);
            }
        }
        kh_rowsum_add(scores, rows, nd, m->nclasses, m->avx512 ? KH_ROWSUM_AVX512 : KH_ROWSUM_AVX2);
    }
}
#endif

void kh_pct_score(const kh_pct *m, const uint64_t *feats, int nfeats, int32_t *scores)
{
#ifdef PCT_HAVE_X86
    if (m->avx2) {
        score_avx2(m, feats, nfeats, scores);
        return;
    }
#endif
    score_plain(m, feats, nfeats, scores);
}

static int argmax_plain(const int32_t *scores, int n, const unsigned char *allowed)
{
    int best = -1;
    for (int c = 0; c < n; c++)
        if ((!allowed || allowed[c]) && (best < 0 || scores[c] > scores[best]))
            best = c;
    return best;
}

#ifdef PCT_HAVE_X86
/* Two passes over eight scores at a time: the largest allowed score (disallowed ones
 * count as INT32_MIN), then the first allowed class that has it, which is the lowest
 * class among the tied best, as in argmax_plain. When no class is allowed the second
 * pass finds none. */
__attribute__((target("avx2")))
static int argmax_avx2(const int32_t *scores, int n, const unsigned char *allowed)
{
    const __m256i lowest = _mm256_set1_epi32(INT32_MIN), zero = _mm256_setzero_si256();
    __m256i mx = lowest;
    int c = 0;
    for (; c + 8 <= n; c += 8) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(scores + c));
        if (allowed) {
            __m256i ok = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(allowed + c)));
            v = _mm256_blendv_epi8(v, lowest, _mm256_cmpeq_epi32(ok, zero));
        }
        mx = _mm256_max_epi32(mx, v);
    }
    __m128i m4 = _mm_max_epi32(_mm256_castsi256_si128(mx), _mm256_extracti128_si256(mx, 1));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0x4e));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0xb1));
    int32_t best = _mm_cvtsi128_si32(m4);
    for (int k = c; k < n; k++)
        if ((!allowed || allowed[k]) && scores[k] > best)
            best = scores[k];
    __m256i want = _mm256_set1_epi32(best);
    for (c = 0; c + 8 <= n; c += 8) {
        __m256i eq = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(scores + c)), want);
        unsigned mk = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(eq));
        while (mk) {
            int k = c + __builtin_ctz(mk);
            if (!allowed || allowed[k])
                return k;
            mk &= mk - 1;
        }
    }
    for (; c < n; c++)
        if ((!allowed || allowed[c]) && scores[c] == best)
            return c;
    return -1;
}
#endif

int kh_pct_argmax_i(const int32_t *scores, int n, const unsigned char *allowed)
{
#ifdef PCT_HAVE_X86
    if (__builtin_cpu_supports("avx2"))
        return argmax_avx2(scores, n, allowed);
#endif
    return argmax_plain(scores, n, allowed);
}

int kh_pct_argmax_f(const float *scores, int n, const unsigned char *allowed)
{
    int best = -1;
    for (int c = 0; c < n; c++)
        if ((!allowed || allowed[c]) && (best < 0 || scores[c] > scores[best]))
            best = c;
    return best;
}
