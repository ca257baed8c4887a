/* slots.h - the look-up in the open-addressing tables of both scorers.
 *
 * The tagger's weights (perceptron.c) and the parser's (pscore.c) map a feature key to
 * its row through the same table: slots of two u32, {key check, row reference}, with
 * the reference all ones in an empty slot. A key starts at its home slot and ends at
 * the first slot, from there on and round past the end, that is empty or holds its
 * check. Both scorers ask this hundreds of times a word, and half of the features are
 * missing from the model, so a look-up usually walks a run of full slots: the AVX2
 * form compares eight slots at a step instead of one. Both forms return the same
 * reference for every table and key. */
#ifndef KH_SLOTS_H
#define KH_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define KH_SLOTS_X86 1
#endif

#define KH_SLOT_EMPTY 0xffffffffu

/* The reference of key check `key` whose home slot is j (< nslots): KH_SLOT_EMPTY when
 * the table does not have it. The table must hold an empty slot. */
static inline uint32_t kh_slots_probe(const uint32_t *slots, uint32_t nslots, uint32_t j, uint32_t key)
{
    for (;;) {
        uint32_t ref = slots[2 * (size_t)j + 1];
        if (ref == KH_SLOT_EMPTY || slots[2 * (size_t)j] == key)
            return ref;
        if (++j == nslots)
            j = 0;   /* rare: a branch costs less than a branch-free wrap on every slot */
    }
}

#ifdef KH_SLOTS_X86
/* The same with eight slots a step: two 32-byte loads compared with (check, EMPTY)
 * pairs; the lowest set bit of the mask is the first slot that is empty or holds the
 * check. The last slots of the table go one at a time, then on from slot 0. The caller
 * checks that the CPU has AVX2. */
__attribute__((target("avx2")))
static inline uint32_t kh_slots_probe_avx2(const uint32_t *slots, uint32_t nslots, uint32_t j, uint32_t key)
{
    __m256i want = _mm256_set1_epi64x((long long)(((uint64_t)KH_SLOT_EMPTY << 32) | key));
    while (j + 8 <= nslots) {
        const __m256i *p = (const __m256i *)(const void *)(slots + 2 * (size_t)j);
        unsigned lo = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(
            _mm256_cmpeq_epi32(_mm256_loadu_si256(p), want)));
        unsigned hi = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(
            _mm256_cmpeq_epi32(_mm256_loadu_si256(p + 1), want)));
        unsigned mk = lo | hi << 8;
        if (mk)
            return slots[2 * (size_t)(j + ((unsigned)__builtin_ctz(mk) >> 1)) + 1];
        j += 8;
    }
    return kh_slots_probe(slots, nslots, j < nslots ? j : 0, key);
}
#endif

#endif
