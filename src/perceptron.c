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
 * the dense rows) chosen by the CPU flags kh_pct_open sets; both give the same sums.
 * The sparse rows of a model of at most 256 classes (the tagger's) take a lighter loop.
 * Feature extraction hashes its keys through the batch rounds below. */
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

/* ---- hashing a batch of keys ----
 * 64-bit lanes, four a vector. AVX2 has no 64-bit multiply: a*K is lo(a)*lo(K) plus
 * (hi(a)*lo(K) + lo(a)*hi(K)) << 32, three 32x32->64 multiplies. The AVX2 loops do
 * the whole batch, the last vector masked. */

static int pct_simd(void)
{
#ifdef PCT_HAVE_X86
    return __builtin_cpu_supports("avx2") != 0;
#else
    return 0;
#endif
}

#ifdef PCT_HAVE_X86
__attribute__((target("avx2")))
static inline __m256i mul64_avx2(__m256i a, __m256i klo, __m256i khi)
{
    __m256i lo = _mm256_mul_epu32(a, klo);
    __m256i mid = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(a, 32), klo),
                                   _mm256_mul_epu32(a, khi));
    return _mm256_add_epi64(lo, _mm256_slli_epi64(mid, 32));
}

/* Lanes 0..left-1 of four (all four when left >= 4): the masked loads and stores of a
 * batch's last vector read and write nothing past its end. */
__attribute__((target("avx2")))
static inline __m256i tail_mask(int left)
{
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(left), _mm256_setr_epi64x(0, 1, 2, 3));
}

/* kh_pct_hash_int of four keys x and values v. */
__attribute__((target("avx2")))
static inline __m256i int_step(__m256i x, __m256i v)
{
    const __m256i c = _mm256_set1_epi64x((long long)0x9E3779B97F4A7C15ULL);
    const __m256i klo = _mm256_set1_epi64x((long long)(0xbf58476d1ce4e5b9ULL & 0xffffffffu));
    const __m256i khi = _mm256_set1_epi64x((long long)(0xbf58476d1ce4e5b9ULL >> 32));
    __m256i t = _mm256_add_epi64(v, c);
    t = _mm256_add_epi64(t, _mm256_slli_epi64(x, 6));
    t = _mm256_add_epi64(t, _mm256_srli_epi64(x, 2));
    x = _mm256_xor_si256(x, t);
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 31));
    x = mul64_avx2(x, klo, khi);
    return _mm256_xor_si256(x, _mm256_srli_epi64(x, 29));
}

/* kh_pct_hash_end of four keys. */
__attribute__((target("avx2")))
static inline __m256i end_step(__m256i x)
{
    const __m256i k1lo = _mm256_set1_epi64x((long long)(0xff51afd7ed558ccdULL & 0xffffffffu));
    const __m256i k1hi = _mm256_set1_epi64x((long long)(0xff51afd7ed558ccdULL >> 32));
    const __m256i k2lo = _mm256_set1_epi64x((long long)(0xc4ceb9fe1a85ec53ULL & 0xffffffffu));
    const __m256i k2hi = _mm256_set1_epi64x((long long)(0xc4ceb9fe1a85ec53ULL >> 32));
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 33));
    x = mul64_avx2(x, k1lo, k1hi);
    x = _mm256_xor_si256(x, _mm256_srli_epi64(x, 33));
    x = mul64_avx2(x, k2lo, k2hi);
    return _mm256_xor_si256(x, _mm256_srli_epi64(x, 33));
}

__attribute__((target("avx2")))
static int hash_int_avx2(uint64_t *h, const uint64_t *v, int n)
{
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_si256((__m256i *)(void *)(h + i),
                            int_step(_mm256_loadu_si256((const __m256i *)(const void *)(h + i)),
                                     _mm256_loadu_si256((const __m256i *)(const void *)(v + i))));
    if (i < n) {
        __m256i m = tail_mask(n - i);
        _mm256_maskstore_epi64((long long *)(void *)(h + i), m,
                               int_step(_mm256_maskload_epi64((const long long *)(const void *)(h + i), m),
                                        _mm256_maskload_epi64((const long long *)(const void *)(v + i), m)));
    }
    return n;
}

__attribute__((target("avx2")))
static int hash_end_avx2(uint64_t *out, const uint64_t *h, int n)
{
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_si256((__m256i *)(void *)(out + i),
                            end_step(_mm256_loadu_si256((const __m256i *)(const void *)(h + i))));
    if (i < n) {
        __m256i m = tail_mask(n - i);
        _mm256_maskstore_epi64((long long *)(void *)(out + i), m,
                               end_step(_mm256_maskload_epi64((const long long *)(const void *)(h + i), m)));
    }
    return n;
}
#endif

void kh_pct_hash_int_n(uint64_t *h, const uint64_t *v, int n)
{
    int i = 0;
#ifdef PCT_HAVE_X86
    if (pct_simd())
        i = hash_int_avx2(h, v, n);
#endif
    for (; i < n; i++)
        h[i] = kh_pct_hash_int(h[i], v[i]);
}

void kh_pct_hash_end_n(uint64_t *out, const uint64_t *h, int n)
{
    int i = 0;
#ifdef PCT_HAVE_X86
    if (pct_simd())
        i = hash_end_avx2(out, h, n);
#endif
    for (; i < n; i++)
        out[i] = kh_pct_hash_end(h[i]);
}

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

/* The same when every class is below 256 (kh_pct_open checked each against
 * nclasses): the class is the low byte of its u16 and the last-entry bit the top bit
 * of the high byte, so an entry costs a byte load, a weight load, the add and a test
 * of the flag in memory. Two entries a step. */
static inline void add_sparse_small(int32_t *scores, const uint16_t *row)
{
    const unsigned char *b = (const unsigned char *)row;
    const int16_t *e = (const int16_t *)(const void *)row;
    for (;; b += 8, e += 4) {
        scores[b[0]] += e[1];
        if (b[1] & 0x80)
            break;
        scores[b[4]] += e[3];
        if (b[5] & 0x80)
            break;
    }
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
        else if (m->nclasses <= 256)
            add_sparse_small(scores, ents + 2 * (size_t)first);
        else
            add_sparse(scores, ents + 2 * (size_t)first);
    }
}

#ifdef PCT_HAVE_X86
/* The SIMD scorer. A word's features are scored in three passes, as in pscore.c: home
 * slots (prefetched), then the probes (the rows found are collected and prefetched),
 * then all dense rows together with the sums held in registers, then the sparse rows,
 * whose lines came in meanwhile (walking them during the probes stalled the probes on
 * their misses). Integer sums do not depend on the order of the additions, so the
 * scores are exactly those of score_plain. */

/* Home slot (low half) and key check (high half) of four keys: fix_key, slot_of and
 * key_check of the scalar path. */
__attribute__((target("avx2")))
static inline __m256i home_step(__m256i x, __m256i ns)
{
    const __m256i fix = _mm256_set1_epi64x((long long)fix_key(0));
    const __m256i high = _mm256_set1_epi64x((long long)0xffffffff00000000ULL);
    x = _mm256_blendv_epi8(x, fix, _mm256_cmpeq_epi64(x, _mm256_setzero_si256()));
    __m256i home = _mm256_srli_epi64(_mm256_mul_epu32(x, ns), 32);
    return _mm256_or_si256(home, _mm256_and_si256(x, high));
}

/* home_step over keys f[0..n-1] into at[0..n-1], the last vector masked. */
__attribute__((target("avx2")))
static void homes_avx2(const uint64_t *f, int n, uint32_t nslots, uint64_t *at)
{
    const __m256i ns = _mm256_set1_epi64x((long long)nslots);
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm256_storeu_si256((__m256i *)(void *)(at + i),
                            home_step(_mm256_loadu_si256((const __m256i *)(const void *)(f + i)), ns));
    if (i < n) {
        __m256i m = tail_mask(n - i);
        _mm256_maskstore_epi64((long long *)(void *)(at + i), m,
                               home_step(_mm256_maskload_epi64((const long long *)(const void *)(f + i), m), ns));
    }
}

__attribute__((target("avx2")))
static void score_avx2(const kh_pct *m, const uint64_t *feats, int nfeats, int32_t *scores)
{
    const uint32_t *slots = (const uint32_t *)(const void *)m->slots;
    const uint16_t *ents = (const uint16_t *)(const void *)m->entries;
    uint32_t nslots = m->nslots;
    uint64_t at[PCT_BATCH];
    const int16_t *rows[PCT_BATCH];
    const uint16_t *sparse[PCT_BATCH];
    int small = m->nclasses <= 256;
    for (int base = 0; base < nfeats; base += PCT_BATCH) {
        int nf = nfeats - base < PCT_BATCH ? nfeats - base : PCT_BATCH;
        homes_avx2(feats + base, nf, nslots, at);
        for (int i = 0; i < nf; i++)
            __builtin_prefetch(slots + 2 * (size_t)(uint32_t)at[i]);
        int nd = 0, ns = 0;
        for (int i = 0; i < nf; i++) {
            uint32_t first = kh_slots_probe_avx2(slots, nslots, (uint32_t)at[i], (uint32_t)(at[i] >> 32));
            if (first == PCT_EMPTY)
                continue;
            if (first & PCT_DENSE) {
                const int16_t *row = (const int16_t *)(const void *)(ents + 2 * (size_t)(first & ~PCT_DENSE));
                __builtin_prefetch(row);
                __builtin_prefetch(row + 32);
                rows[nd++] = row;
            } else {
                __builtin_prefetch(ents + 2 * (size_t)first);
                sparse[ns++] = ents + 2 * (size_t)first;
            }
        }
        kh_rowsum_add(scores, rows, nd, m->nclasses, m->avx512 ? KH_ROWSUM_AVX512 : KH_ROWSUM_AVX2);
        for (int i = 0; i < ns; i++) {
            if (small)
                add_sparse_small(scores, sparse[i]);
            else
                add_sparse(scores, sparse[i]);
        }
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
/* The largest of eight lanes. */
__attribute__((target("avx2")))
static inline int32_t hmax_avx2(__m256i v)
{
    __m128i m4 = _mm_max_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0x4e));
    m4 = _mm_max_epi32(m4, _mm_shuffle_epi32(m4, 0xb1));
    return _mm_cvtsi128_si32(m4);
}

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
    int32_t best = hmax_avx2(mx);
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

static int best_margin_plain(const int32_t *sc, int n, int32_t *margin)
{
    int best = 0;
    int32_t second = INT32_MIN;
    for (int c = 1; c < n; c++) {
        if (sc[c] > sc[best]) {
            second = sc[best];
            best = c;
        } else if (sc[c] > second) {
            second = sc[c];
        }
    }
    *margin = second == INT32_MIN ? INT32_MAX : sc[best] - second;
    return best;
}

#ifdef PCT_HAVE_X86
/* Three passes of eight scores: the maximum, its first index, then the maximum of the
 * others (the best's lane masked by its index). The scalar loop above keeps the same
 * two values: the first index of the maximum and the largest score elsewhere. */
__attribute__((target("avx2")))
static int best_margin_avx2(const int32_t *sc, int n, int32_t *margin)
{
    const __m256i lowest = _mm256_set1_epi32(INT32_MIN);
    __m256i mx = lowest;
    int c = 0;
    for (; c + 8 <= n; c += 8)
        mx = _mm256_max_epi32(mx, _mm256_loadu_si256((const __m256i *)(const void *)(sc + c)));
    int32_t top = hmax_avx2(mx);
    for (int k = c; k < n; k++)
        if (sc[k] > top)
            top = sc[k];
    int best = -1;
    __m256i want = _mm256_set1_epi32(top);
    for (c = 0; c + 8 <= n; c += 8) {
        __m256i eq = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(sc + c)), want);
        unsigned mk = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(eq));
        if (mk) {
            best = c + __builtin_ctz(mk);
            break;
        }
    }
    if (best < 0)
        for (best = c; sc[best] != top; best++)
            ;
    __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), at = _mm256_set1_epi32(best);
    __m256i step = _mm256_set1_epi32(8);
    mx = lowest;
    for (c = 0; c + 8 <= n; c += 8) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(sc + c));
        v = _mm256_blendv_epi8(v, lowest, _mm256_cmpeq_epi32(idx, at));
        mx = _mm256_max_epi32(mx, v);
        idx = _mm256_add_epi32(idx, step);
    }
    int32_t second = hmax_avx2(mx);
    for (int k = c; k < n; k++)
        if (k != best && sc[k] > second)
            second = sc[k];
    *margin = second == INT32_MIN ? INT32_MAX : sc[best] - second;
    return best;
}
#endif

int kh_pct_best_margin(const kh_pct *m, const int32_t *scores, int n, int32_t *margin)
{
#ifdef PCT_HAVE_X86
    if (m->avx2)
        return best_margin_avx2(scores, n, margin);
#endif
    return best_margin_plain(scores, n, margin);
}

int kh_pct_argmax_f(const float *scores, int n, const unsigned char *allowed)
{
    int best = -1;
    for (int c = 0; c < n; c++)
        if ((!allowed || allowed[c]) && (best < 0 || scores[c] > scores[best]))
            best = c;
    return best;
}
