/* psctest.h - a random frozen perceptron and the parser's scorer built from it, for
 * the scorer tests (test_parser.c, test_simd.c, test_tagfast.c). */
#ifndef KH_PSCTEST_H
#define KH_PSCTEST_H

#include "perceptron.h"
#include "pscore.h"

typedef struct kh_test_psc {
    kh_pct_train *t;
    kh_psc_keys keys;
    kh_pct pm;             /* the frozen perceptron */
    kh_psc sm;             /* the parser's scorer of the same weights */
    void *pb, *sb;         /* their blobs */
    size_t pn, sn;
} kh_test_psc;

static inline uint64_t kh_test_xorshift(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* A frozen perceptron blob over ncl classes with dense rows (a few frequent features
 * that meet most classes) and sparse ones (many rare features), from seed. */
static inline void *kh_test_pct_blob(int ncl, int nfeat, uint64_t seed, size_t *size)
{
    kh_pct_train *t = kh_pct_train_new(ncl);
    assert_non_null(t);
    uint64_t x = seed;
    for (int it = 0; it < 4000; it++) {
        uint64_t f[6];
        for (int i = 0; i < 6; i++) {
            kh_test_xorshift(&x);
            f[i] = kh_pct_hash_end(i < 2 ? (x % 6) + 1 : (x % (uint64_t)nfeat) * 7919 + 3);
        }
        kh_test_xorshift(&x);
        assert_int_equal(kh_pct_train_update(t, f, 6, (int)(x % (uint64_t)ncl),
                                             (int)((x >> 24) % (uint64_t)ncl)), 0);
        kh_pct_train_tick(t);
    }
    void *blob;
    assert_int_equal(kh_pct_train_freeze(t, 0.0f, &blob, size), 0);
    kh_pct_train_free(t);
    return blob;
}

/* ncl classes trained with iters updates of six features: the first two drawn from
 * nfreq values (frequent: dense rows), the other four from nrare (sparse rows). */
static inline void kh_test_psc_make(kh_test_psc *p, int ncl, int iters, int nfreq, int nrare,
                                    uint64_t *x)
{
    memset(p, 0, sizeof *p);
    p->t = kh_pct_train_new(ncl);
    assert_non_null(p->t);
    for (int it = 0; it < iters; it++) {
        uint64_t f[6];
        for (int i = 0; i < 6; i++) {
            kh_test_xorshift(x);
            f[i] = kh_pct_hash_end(i < 2 ? (*x % (uint64_t)nfreq) + 1 : (*x % (uint64_t)nrare) * 7919 + 3);
            assert_int_equal(kh_psc_keys_add(&p->keys, f[i]), 0);
        }
        kh_test_xorshift(x);
        assert_int_equal(kh_pct_train_update(p->t, f, 6, (int)(*x % (uint64_t)ncl),
                                             (int)((*x >> 24) % (uint64_t)ncl)), 0);
        kh_pct_train_tick(p->t);
    }
    char err[200];
    assert_int_equal(kh_pct_train_freeze(p->t, 0.0f, &p->pb, &p->pn), 0);
    assert_int_equal(kh_pct_open(&p->pm, p->pb, p->pn, err, sizeof err), 0);
    assert_int_equal(kh_psc_build(&p->pm, &p->keys, 12, &p->sb, &p->sn), 0);
    assert_int_equal(kh_psc_open(&p->sm, p->sb, p->sn, err, sizeof err), 0);
    assert_int_equal(p->sm.nclasses, ncl);
    assert_true(p->sm.ndense > 0 && p->sm.nsparse > 0);
}

static inline void kh_test_psc_free(kh_test_psc *p)
{
    free(p->pb);
    free(p->sb);
    kh_psc_keys_free(&p->keys);
    kh_pct_train_free(p->t);
}

#endif
