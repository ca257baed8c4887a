/* rowsum.h - scores += a set of int16 weight rows: the inner loop of both perceptron
 * scorers (the tagger's, perceptron.c, and the parser's, pscore.c).
 *
 * The sums are kept in registers for the whole set of rows (one widening load and one
 * add per 8 or 16 classes of a row), with AVX2 or AVX-512 when the CPU has them and a
 * plain loop otherwise. Integer sums do not depend on the order of the additions, so
 * every path gives the same scores (tests/unit/test_simd.c compares them). */
#ifndef KH_ROWSUM_H
#define KH_ROWSUM_H

#include <stdint.h>

enum {
    KH_ROWSUM_PORTABLE = 0,
    KH_ROWSUM_AVX2 = 1,
    KH_ROWSUM_AVX512 = 2,    /* AVX-512 F, BW and VL (masked int16 loads for the tails) */
};

/* The best level this CPU runs. */
int kh_rowsum_level(void);

/* scores[0..n-1] += rows[r][0..n-1] for r < nrows, with SIMD up to level. A row holds
 * at least n int16 (n rounded up to even): nothing past it is read, nothing past
 * scores[n-1] written. */
void kh_rowsum_add(int32_t *scores, const int16_t *const *rows, int nrows, int n, int level);

/* One row, portable. */
void kh_rowsum_add1(int32_t *restrict scores, const int16_t *restrict row, int n);

/* A sparse row: (class, weight) int16 pairs; the class is negative (bit 15 set) on the
 * last pair. Inline: rows are short and there are hundreds a parser move. */
static inline void kh_rowsum_sparse(int32_t *scores, const int16_t *e)
{
    for (;;) {
        int c = e[0], w = e[1];
        e += 2;
        scores[c & 0x7fff] += w;
        if (c < 0)
            break;
    }
}

#endif
