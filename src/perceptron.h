/* perceptron.h - averaged perceptron over hashed features (shared by the tagger and parser).
 *
 * A feature is a 64-bit hash (build it with kh_pct_hash_* from a template number and
 * the strings/ids it looks at). Weights live in sparse rows, one row per feature,
 * holding only the classes that feature was ever updated for, so memory follows the
 * number of non-zero weights rather than features x classes.
 *
 * Two forms:
 *   - kh_pct_train: mutable, for training (current weights + averaging sums);
 *   - kh_pct: read-only, built from a frozen blob (averaged, quantised to int16,
 *     pruned). The blob is what goes into a model section; kh_pct_open points into
 *     it without copying, so a loaded model is shared by threads as it is.
 *
 * Training loop (one instance = one decision):
 *     float sc[N] = {0}; kh_pct_train_score(t, f, nf, sc); guess = argmax(sc);
 *     if (guess != truth) kh_pct_train_update(t, f, nf, truth, guess);
 *     kh_pct_train_tick(t);
 * Everything is deterministic: no randomness inside; the caller shuffles with a seed. */
#ifndef KH_PERCEPTRON_H
#define KH_PERCEPTRON_H

#include <stddef.h>
#include <stdint.h>

/* ---- hashing of feature keys (FNV-1a style byte hash, then a 64-bit finaliser) ---- */

/* Starts a feature key for template number tmpl. */
static inline uint64_t kh_pct_hash_start(uint32_t tmpl)
{
    return 0xcbf29ce484222325ULL ^ ((uint64_t)tmpl * 0x9E3779B97F4A7C15ULL);
}
/* Adds n bytes to a key. */
static inline uint64_t kh_pct_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h ^ 0xff;   /* terminator: ("ab","c") differs from ("a","bc") */
}
/* Adds an integer (a tag id, a distance, another hash) to a key. */
static inline uint64_t kh_pct_hash_int(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    return h;
}
/* Final mix; feature keys passed to score/update should be finished keys. */
static inline uint64_t kh_pct_hash_end(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The same over arrays, with AVX2 when the CPU has it (the same values either way):
 * h[i] = kh_pct_hash_int(h[i], v[i]), and out[i] = kh_pct_hash_end(h[i]) (out may be h).
 * Feature extraction builds its keys a round at a time through these. */
void kh_pct_hash_int_n(uint64_t *h, const uint64_t *v, int n);
void kh_pct_hash_end_n(uint64_t *out, const uint64_t *h, int n);

/* ---- training form ---- */

typedef struct kh_pct_train kh_pct_train;

/* nclasses: 1..32767. NULL when out of memory. */
kh_pct_train *kh_pct_train_new(int nclasses);
void kh_pct_train_free(kh_pct_train *t);
/* Adds the current (not averaged) weights of the features to scores[0..nclasses-1]. */
void kh_pct_train_score(const kh_pct_train *t, const uint64_t *feats, int nfeats, float *scores);
/* +1 for truth, -1 for guess on every feature (no-op when truth == guess).
 * Returns 0, or -1 when out of memory. */
int  kh_pct_train_update(kh_pct_train *t, const uint64_t *feats, int nfeats, int truth, int guess);
/* The same with a weight (e.g. for cost-sensitive updates); still one instance. */
int  kh_pct_train_update_by(kh_pct_train *t, const uint64_t *feats, int nfeats, int truth,
                            int guess, float delta);
/* Ends one training instance (advances the averaging clock). */
void kh_pct_train_tick(kh_pct_train *t);
/* Number of features (rows) and non-zero weights so far. */
size_t kh_pct_train_nfeats(const kh_pct_train *t);
size_t kh_pct_train_nweights(const kh_pct_train *t);

/* Averages the weights, quantises them to int16 and drops those whose absolute averaged
 * value is below prune (0: keep all non-zero), then writes a self-contained blob
 * (malloc'd, little-endian) for kh_pct_open. Returns 0, or -1 when out of memory. */
int  kh_pct_train_freeze(const kh_pct_train *t, float prune, void **blob, size_t *size);

/* ---- read-only form ---- */

typedef struct kh_pct {
    int nclasses;
    uint32_t nslots;             /* the table has at least one empty slot */
    const unsigned char *slots;  /* per slot: u32 key check, u32 first entry (~0u: empty;
                                    bit 31: a dense row of nclasses int16) */
    const unsigned char *entries;/* per entry: u16 class (bit 15: last of its row), i16 weight */
    uint32_t nentries;
    float scale;                 /* real weight = int16 * scale */
    int avx2, avx512;            /* set by kh_pct_open from the CPU: kh_pct_score uses SIMD
                                    (AVX2; AVX-512 when avx2 and avx512 are both set);
                                    0 and 0 give the portable loop (same scores) */
} kh_pct;

/* Points m into blob (not copied: the blob must outlive m). Returns 0, or -1 with a
 * message in err when the blob is malformed (sizes, counts, offsets are all checked). */
int  kh_pct_open(kh_pct *m, const void *blob, size_t size, char *err, size_t errlen);
/* Adds the weights of the features to scores[0..nclasses-1] (integer units; multiply by
 * m->scale for the real value; only the ordering matters for argmax). */
void kh_pct_score(const kh_pct *m, const uint64_t *feats, int nfeats, int32_t *scores);
/* Index of the largest score (lowest index on ties); allowed may be NULL (all allowed),
 * otherwise only classes with allowed[c] != 0 are considered; -1 when none allowed. */
int  kh_pct_argmax_i(const int32_t *scores, int n, const unsigned char *allowed);
int  kh_pct_argmax_f(const float *scores, int n, const unsigned char *allowed);
/* The best class of scores[0..n-1] (lowest index on ties; n >= 1) and, in *margin, its
 * lead over the best of the others (0 on a tie; INT32_MAX when there is no other, or
 * every other is INT32_MIN). SIMD when m->avx2 is set, the same result either way. */
int  kh_pct_best_margin(const kh_pct *m, const int32_t *scores, int n, int32_t *margin);

#endif
