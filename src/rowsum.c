/* rowsum.c - int16 weight rows added to int32 scores (see rowsum.h). */
#include "rowsum.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ROWSUM_X86 1
#endif

/* One row at a time: the reference, and the path of CPUs without AVX2. gcc does not
 * vectorise at -O2 by itself, hence the attribute. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("tree-vectorize")))
#endif
void kh_rowsum_add1(int32_t *restrict scores, const int16_t *restrict row, int n)
{
    for (int c = 0; c < n; c++)
        scores[c] += row[c];
}


int kh_rowsum_level(void)
{
#ifdef ROWSUM_X86
    /* the runtime's constructor has run the CPU detection before main */
    if (!__builtin_cpu_supports("avx2"))
        return KH_ROWSUM_PORTABLE;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
        return KH_ROWSUM_AVX512;
    return KH_ROWSUM_AVX2;
#else
    return KH_ROWSUM_PORTABLE;
#endif
}

#ifdef ROWSUM_X86
/* Adds the columns off .. off+8*nb-1 of every row to the scores; nb is a constant
 * at each call site, so the accumulators are registers (14 of the 16: the parser's
 * 112 classes in one round). */
static inline __attribute__((always_inline, target("avx2"))) void
blocks_avx2(int32_t *scores, const int16_t *const *rows, int nrows, int off, const int nb)
{
    __m256i acc[14];
#pragma GCC unroll 14
    for (int k = 0; k < nb; k++)
        acc[k] = _mm256_loadu_si256((const __m256i *)(const void *)(scores + off + 8 * k));
    for (int r = 0; r < nrows; r++) {
        const int16_t *row = rows[r] + off;
#pragma GCC unroll 14
        for (int k = 0; k < nb; k++) {
            __m128i h = _mm_loadu_si128((const __m128i *)(const void *)(row + 8 * k));
            acc[k] = _mm256_add_epi32(acc[k], _mm256_cvtepi16_epi32(h));
        }
    }
#pragma GCC unroll 14
    for (int k = 0; k < nb; k++)
        _mm256_storeu_si256((__m256i *)(void *)(scores + off + 8 * k), acc[k]);
}

/* scores[0..n-1] += every row. Rows hold n int16 (n rounded up to even), so the last
 * n % 8 columns are read as the last eight of the row with the lanes before them
 * cleared: no read past a row, no write past scores[n-1]. */
__attribute__((target("avx2")))
static void add_dense_avx2(int32_t *scores, const int16_t *const *rows, int nrows, int n)
{
    int off = 0;
    for (int left = n / 8; left > 0;) {
        int nb = left < 14 ? left : 14;
        switch (nb) {
        case 1: blocks_avx2(scores, rows, nrows, off, 1); break;
        case 2: blocks_avx2(scores, rows, nrows, off, 2); break;
        case 3: blocks_avx2(scores, rows, nrows, off, 3); break;
        case 4: blocks_avx2(scores, rows, nrows, off, 4); break;
        case 5: blocks_avx2(scores, rows, nrows, off, 5); break;
        case 6: blocks_avx2(scores, rows, nrows, off, 6); break;
        case 7: blocks_avx2(scores, rows, nrows, off, 7); break;
        case 8: blocks_avx2(scores, rows, nrows, off, 8); break;
        case 9: blocks_avx2(scores, rows, nrows, off, 9); break;
        case 10: blocks_avx2(scores, rows, nrows, off, 10); break;
        case 11: blocks_avx2(scores, rows, nrows, off, 11); break;
        case 12: blocks_avx2(scores, rows, nrows, off, 12); break;
        case 13: blocks_avx2(scores, rows, nrows, off, 13); break;
        default: blocks_avx2(scores, rows, nrows, off, 14); break;
        }
        off += 8 * nb;
        left -= nb;
    }
    int tail = n - off;
    if (tail == 0)
        return;
    if (n < 8) {
        for (int r = 0; r < nrows; r++)
            kh_rowsum_add1(scores, rows[r], n);
        return;
    }
    __m256i keep = _mm256_cmpgt_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                      _mm256_set1_epi32(7 - tail));
    __m256i acc = _mm256_setzero_si256();
    for (int r = 0; r < nrows; r++) {
        __m128i h = _mm_loadu_si128((const __m128i *)(const void *)(rows[r] + n - 8));
        acc = _mm256_add_epi32(acc, _mm256_and_si256(_mm256_cvtepi16_epi32(h), keep));
    }
    __m256i *s = (__m256i *)(void *)(scores + n - 8);
    _mm256_storeu_si256(s, _mm256_add_epi32(_mm256_loadu_si256(s), acc));
}

/* The same with AVX-512: sixteen columns a register, up to 24 registers a round, the
 * last block of a row read and written under a mask. */
#define ROWSUM_T512 "avx512f,avx512bw,avx512vl,avx2"
static inline __attribute__((always_inline, target(ROWSUM_T512))) void
blocks_512(int32_t *scores, const int16_t *const *rows, int nrows, int off, const int nb,
           __mmask16 last)
{
    __m512i acc[24];
#pragma GCC unroll 24
    for (int k = 0; k < nb; k++)
        acc[k] = _mm512_maskz_loadu_epi32(k == nb - 1 ? last : 0xffff, scores + off + 16 * k);
    for (int r = 0; r < nrows; r++) {
        const int16_t *row = rows[r] + off;
#pragma GCC unroll 24
        for (int k = 0; k < nb; k++) {
            __m256i h = _mm256_maskz_loadu_epi16(k == nb - 1 ? last : 0xffff, row + 16 * k);
            acc[k] = _mm512_add_epi32(acc[k], _mm512_cvtepi16_epi32(h));
        }
    }
#pragma GCC unroll 24
    for (int k = 0; k < nb; k++)
        _mm512_mask_storeu_epi32(scores + off + 16 * k, k == nb - 1 ? last : 0xffff, acc[k]);
}

__attribute__((target(ROWSUM_T512)))
static void add_dense_512(int32_t *scores, const int16_t *const *rows, int nrows, int n)
{
    for (int off = 0; off < n;) {
        int left = n - off, nb = (left + 15) / 16;
        if (nb > 24)
            nb = 24;
        int cols = left < 16 * nb ? left : 16 * nb;
        int lastn = cols - 16 * (nb - 1);
        __mmask16 last = (__mmask16)(lastn == 16 ? 0xffff : (1u << lastn) - 1);
        switch (nb) {
#define ROWSUM_CASE(k) case k: blocks_512(scores, rows, nrows, off, k, last); break;
        ROWSUM_CASE(1) ROWSUM_CASE(2) ROWSUM_CASE(3) ROWSUM_CASE(4) ROWSUM_CASE(5) ROWSUM_CASE(6)
        ROWSUM_CASE(7) ROWSUM_CASE(8) ROWSUM_CASE(9) ROWSUM_CASE(10) ROWSUM_CASE(11) ROWSUM_CASE(12)
        ROWSUM_CASE(13) ROWSUM_CASE(14) ROWSUM_CASE(15) ROWSUM_CASE(16) ROWSUM_CASE(17) ROWSUM_CASE(18)
        ROWSUM_CASE(19) ROWSUM_CASE(20) ROWSUM_CASE(21) ROWSUM_CASE(22) ROWSUM_CASE(23)
        default: blocks_512(scores, rows, nrows, off, 24, last); break;
#undef ROWSUM_CASE
        }
        off += cols;
    }
}

#endif

void kh_rowsum_add(int32_t *scores, const int16_t *const *rows, int nrows, int n, int level)
{
#ifdef ROWSUM_X86
    if (level >= KH_ROWSUM_AVX512) {
        add_dense_512(scores, rows, nrows, n);
        return;
    }
    if (level == KH_ROWSUM_AVX2) {
        add_dense_avx2(scores, rows, nrows, n);
        return;
    }
#endif
    (void)level;
    for (int r = 0; r < nrows; r++)
        kh_rowsum_add1(scores, rows[r], n);
}
