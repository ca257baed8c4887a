/* pscore.h - the parser's run-time scorer: hashed features -> class scores, fast.
 *
 * Built from a frozen perceptron blob (perceptron.h) after training. Frequent
 * features, whose rows have weights for many classes, become dense rows: one
 * contiguous int16 vector over all classes (padded to a multiple of 16), added with
 * SIMD. Rare features keep short sparse rows (class, int16 weight). One
 * open-addressing table maps a feature hash to its row. Building uses only the public
 * perceptron API: the trainer records every feature key it updates (kh_psc_keys),
 * and each key's row is read back from the frozen perceptron.
 *
 * Blob layout (little-endian, 32-byte aligned parts):
 *   "KHPSC1\0\0", u32 nclasses, u32 stride, u32 nslots, u32 ndense, u32 nsparse,
 *   f32 scale, u32 index mode (1: home slot = (low 32 bits of the key * nslots) >> 32,
 *   any table size; the only mode so far), zeros up to 64 bytes,
 *   slots[nslots] {u32 key check, u32 ref}  (ref ~0u: empty; bit 31 set: sparse entry
 *   index, else dense row index),
 *   dense[ndense][stride] int16,
 *   sparse[nsparse] {u16 class (bit 15: last of its row), i16 weight}.
 * kh_psc_open points into the blob without copying (4-byte alignment needed; model
 * sections are 16-byte aligned, so dense rows start on 16 bytes there). */
#ifndef KH_PSCORE_H
#define KH_PSCORE_H

#include <stddef.h>
#include <stdint.h>

#include "perceptron.h"

typedef struct kh_psc {
    int nclasses;
    int stride;                  /* classes padded to a multiple of 16 */
    uint32_t nslots;             /* home slot of a key = (its low 32 bits * nslots) >> 32 */
    const uint32_t *slots;       /* 2 x u32 per slot */
    const int16_t *dense;        /* ndense x stride */
    const uint16_t *sparse;      /* 2 x u16 per entry */
    uint32_t ndense, nsparse;
    float scale;
    int avx2;                    /* the CPU has AVX2: use the register-resident adder */
    int avx512;                  /* and AVX-512F: sixteen classes a register (only with avx2;
                                    avx2 = 0 gives the portable adder, same sums) */
} kh_psc;

/* The feature keys seen in training, in order of first appearance. */
typedef struct kh_psc_keys {
    uint64_t *table, *list;
    size_t n, cap;
} kh_psc_keys;
/* Adds a key (no-op when present). Returns 0, or -1 when out of memory. */
int  kh_psc_keys_add(kh_psc_keys *ks, uint64_t h);
void kh_psc_keys_free(kh_psc_keys *ks);

/* Builds a scorer blob (malloc'd) from the rows of the keys in the frozen perceptron m;
 * rows with at least min_dense weights become dense. Returns 0, or -1 (out of memory). */
int  kh_psc_build(const kh_pct *m, const kh_psc_keys *ks, int min_dense, void **blob, size_t *size);
/* Opens a blob (every offset and class checked). Returns 0, or -1 with err set. */
int  kh_psc_open(kh_psc *m, const void *blob, size_t size, char *err, size_t errlen);
/* Sets scores[0..stride-1] to the sum of the features' rows (integer units). */
void kh_psc_score(const kh_psc *m, const uint64_t *feats, int nfeats, int32_t *scores);

#endif
