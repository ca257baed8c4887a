/* test_tagfast.c - the tagger's fast paths give exactly what the plain code gives:
 * the batch hash rounds (kh_pct_hash_int_n, kh_pct_hash_end_n) against the one-key
 * helpers, kh_pct_best_margin (SIMD and portable) against a reference loop, the
 * batched feature extraction against the one-feature-at-a-time original (the same
 * keys in the same order for training; as a multiset in the scoring order, as scores
 * are sums), its static and dynamic parts, the word parts
 * with a precomputed lowercase form, the string map over keys of every length, and
 * the lemmatiser's suffix-length filter, and kh_pct_score (portable and SIMD, both
 * sparse-row loops) against the scores read straight from a blob. */
#include "testutil.h"

#include <stdlib.h>

#include "arena.h"
#include "lemma.h"
#include "perceptron.h"
#include "tagfeat.h"
#include "psctest.h"


static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* a[0..n-1] and b[0..n-1] hold the same keys (sorted in place). */
static void assert_same_keys(uint64_t *a, uint64_t *b, int n)
{
    qsort(a, (size_t)n, sizeof *a, cmp_u64);
    qsort(b, (size_t)n, sizeof *b, cmp_u64);
    for (int i = 0; i < n; i++)
        assert_true(a[i] == b[i]);
}

static void test_hash_rounds(void **state)
{
    (void)state;
    uint64_t x = 0x1234567;
    for (int n = 0; n <= 23; n++) {
        uint64_t h[32], v[32], want[32], e[32];
        for (int i = 0; i < 32; i++) {
            h[i] = kh_test_xorshift(&x);
            v[i] = i % 5 == 0 ? (uint64_t)i : kh_test_xorshift(&x);
            want[i] = h[i];
        }
        for (int i = 0; i < n; i++)
            want[i] = kh_pct_hash_int(h[i], v[i]);
        kh_pct_hash_int_n(h, v, n);
        for (int i = 0; i < 32; i++)   /* nothing past n is written */
            assert_true(h[i] == want[i]);
        for (int i = 0; i < 32; i++)
            e[i] = 7;
        kh_pct_hash_end_n(e, h, n);
        for (int i = 0; i < 32; i++)
            assert_true(e[i] == (i < n ? kh_pct_hash_end(h[i]) : 7u));
        kh_pct_hash_end_n(h, h, n);    /* in place */
        for (int i = 0; i < n; i++)
            assert_true(h[i] == e[i]);
    }
}

/* The loop kh_pct_best_margin replaced in the tagger. */
static int ref_best_margin(const int32_t *sc, int n, int32_t *margin)
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

static void test_best_margin(void **state)
{
    (void)state;
    kh_pct simd, plain;
    memset(&simd, 0, sizeof simd);
    memset(&plain, 0, sizeof plain);
    simd.avx2 = __builtin_cpu_supports("avx2") != 0;
    if (!simd.avx2)
        fprintf(stderr, "# note: no AVX2 on this CPU; only the portable path is checked\n");
    uint64_t x = 99;
    int32_t sc[120];
    for (int it = 0; it < 20000; it++) {
        int n = 1 + (int)(kh_test_xorshift(&x) % 110);
        int range = it % 3 == 0 ? 4 : 100000;   /* small ranges: many ties */
        for (int c = 0; c < n; c++)
            sc[c] = (int32_t)(kh_test_xorshift(&x) % (uint64_t)range) - range / 2;
        if (it % 7 == 0)
            sc[kh_test_xorshift(&x) % (uint64_t)n] = INT32_MIN;
        if (it % 11 == 0)
            for (int c = 0; c < n; c++)
                sc[c] = INT32_MIN;
        int32_t m0, m1, m2;
        int b0 = ref_best_margin(sc, n, &m0);
        int b1 = kh_pct_best_margin(&plain, sc, n, &m1);
        int b2 = kh_pct_best_margin(&simd, sc, n, &m2);
        assert_int_equal(b1, b0);
        assert_int_equal(m1, m0);
        assert_int_equal(b2, b0);
        assert_int_equal(m2, m0);
    }
    /* a tie for the best: the lowest class, no lead */
    int32_t tie[10] = {1, 5, 3, 5, 0, 0, 0, 0, 0, 5};
    int32_t m;
    assert_int_equal(kh_pct_best_margin(&simd, tie, 10, &m), 1);
    assert_int_equal(m, 0);
    assert_int_equal(kh_pct_best_margin(&simd, tie, 1, &m), 0);
    assert_int_equal(m, INT32_MAX);
}

/* The scores of feats read straight from the blob's layout (perceptron.c's comment):
 * an independent reference for every scoring path. */
static void ref_score(const unsigned char *blob, const uint64_t *feats, int nf, int32_t *sc)
{
    uint32_t ncl, ns;
    memcpy(&ncl, blob + 8, 4);
    memcpy(&ns, blob + 12, 4);
    const unsigned char *slots = blob + 32, *ents = slots + (size_t)ns * 8;
    for (int f = 0; f < nf; f++) {
        uint64_t h = feats[f] ? feats[f] : 0x5bd1e9955bd1e995ULL;
        uint32_t j = (uint32_t)(((uint64_t)(uint32_t)h * ns) >> 32), chk = (uint32_t)(h >> 32), key, ref;
        for (;; j = j + 1 == ns ? 0 : j + 1) {
            memcpy(&key, slots + (size_t)j * 8, 4);
            memcpy(&ref, slots + (size_t)j * 8 + 4, 4);
            if (ref == 0xffffffffu || key == chk)
                break;
        }
        if (ref == 0xffffffffu)
            continue;
        if (ref & 0x80000000u) {
            for (uint32_t c = 0; c < ncl; c++) {
                int16_t w;
                memcpy(&w, ents + (size_t)(ref & 0x7fffffffu) * 4 + 2 * c, 2);
                sc[c] += w;
            }
            continue;
        }
        for (uint32_t e = ref;; e++) {
            uint16_t c;
            int16_t w;
            memcpy(&c, ents + (size_t)e * 4, 2);
            memcpy(&w, ents + (size_t)e * 4 + 2, 2);
            sc[c & 0x7fff] += w;
            if (c & 0x8000)
                break;
        }
    }
}

static void test_score_against_blob(void **state)
{
    (void)state;
    static const int sizes[] = {3, 102, 230, 256, 257, 300};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int ncl = sizes[si];
        size_t size;
        void *blob = kh_test_pct_blob(ncl, 6000, 4242 + si, &size);
        kh_pct m;
        char err[200];
        assert_int_equal(kh_pct_open(&m, blob, size, err, sizeof err), 0);
        kh_pct plain = m;
        plain.avx2 = plain.avx512 = 0;
        uint64_t x = 77 + si;
        int nonzero = 0;
        for (int it = 0; it < 200; it++) {
            uint64_t f[100];
            int nf = 1 + (int)(kh_test_xorshift(&x) % 100);
            for (int i = 0; i < nf; i++) {
                kh_test_xorshift(&x);
                f[i] = kh_pct_hash_end(i % 7 == 0 ? (x % 6) + 1 : (x % 6100) * 7919 + 3);
            }
            int32_t want[301], a[301], b[301];
            for (int k = 0; k < ncl; k++)
                want[k] = a[k] = b[k] = (int32_t)(kh_test_xorshift(&x) % 2001) - 1000;
            ref_score(blob, f, nf, want);
            kh_pct_score(&plain, f, nf, a);
            kh_pct_score(&m, f, nf, b);
            for (int k = 0; k < ncl; k++) {
                assert_int_equal(a[k], want[k]);
                assert_int_equal(b[k], want[k]);
                nonzero += a[k] != 0;
            }
        }
        assert_true(nonzero > 0);
        free(blob);
    }
}

/* ---- the feature extraction as it was: one key at a time, in template order ---- */

static const kh_tagfeat_word kRefBefore = { .w = 0x1111111111111111ULL, .pre = {1, 1, 1}, .suf = {1, 1, 1, 1},
                                            .shape = 1, .amb = 1, .cluster = 1, .wn = 1, .tag1 = -2 };
static const kh_tagfeat_word kRefAfter  = { .w = 0x2222222222222222ULL, .pre = {2, 2, 2}, .suf = {2, 2, 2, 2},
                                            .shape = 2, .amb = 2, .cluster = 2, .wn = 2, .tag1 = -3 };

static const kh_tagfeat_word *ref_at(const kh_tagfeat_word *w, int n, int i)
{
    return i < 0 ? &kRefBefore : i >= n ? &kRefAfter : &w[i];
}

#define F(t) kh_pct_hash_start(t)
#define I(h, v) kh_pct_hash_int((h), (uint64_t)(v))

static int ref_extract(const kh_tagfeat_word *words, int n, int i, int t1, int t2, int second, uint64_t *out)
{
    const kh_tagfeat_word *w = ref_at(words, n, i), *p1 = ref_at(words, n, i - 1),
                          *p2 = ref_at(words, n, i - 2), *n1 = ref_at(words, n, i + 1),
                          *n2 = ref_at(words, n, i + 2);
    int k = 0;
    uint32_t fl = w->flags | (i == 0 ? 0x100u : 0u);
    out[k++] = F(1);
    out[k++] = I(F(2), w->w);
    for (int j = 0; j < 4; j++)
        out[k++] = I(F(3 + j), w->suf[j]);
    for (int j = 0; j < 3; j++)
        out[k++] = I(F(7 + j), w->pre[j]);
    out[k++] = I(F(10), w->shape);
    out[k++] = I(F(11), fl);
    out[k++] = I(F(12), p1->w);
    out[k++] = I(F(13), n1->w);
    out[k++] = I(F(14), p2->w);
    out[k++] = I(F(15), n2->w);
    out[k++] = I(F(16), p1->suf[2]);
    out[k++] = I(F(17), n1->suf[2]);
    out[k++] = I(F(18), t1 + 3);
    out[k++] = I(F(19), t2 + 3);
    out[k++] = I(I(F(20), t1 + 3), t2 + 3);
    out[k++] = I(I(F(21), t1 + 3), w->w);
    out[k++] = I(I(F(22), p1->w), w->w);
    out[k++] = I(I(F(23), w->w), n1->w);
    out[k++] = I(F(24), w->amb);
    out[k++] = I(F(25), n1->amb);
    out[k++] = I(F(26), n2->amb);
    out[k++] = I(I(F(27), t1 + 3), n1->amb);
    out[k++] = I(I(F(28), w->amb), n1->amb);
    out[k++] = I(I(F(29), w->shape), fl);
    out[k++] = I(I(F(30), w->suf[2]), t1 + 3);
    out[k++] = I(I(F(31), p1->w), n1->w);
    out[k++] = I(I(F(32), w->amb), t1 + 3);
    out[k++] = I(F(33), n1->shape);
    out[k++] = I(F(34), p1->shape);
    out[k++] = I(I(F(46), t1 + 3), n1->w);
    out[k++] = I(I(F(47), n1->w), n2->w);
    out[k++] = I(I(F(48), w->w), n1->suf[1]);
    out[k++] = I(I(F(49), p1->suf[1]), w->suf[2]);
    out[k++] = I(I(F(50), w->shape), n1->shape);
    out[k++] = I(I(F(51), t1 + 3), w->suf[1]);
    out[k++] = I(I(F(52), t2 + 3), w->w);
    out[k++] = I(F(53), n2->suf[2]);
    {
        uint32_t cs = fl & (KH_TF_UPPER1 | KH_TF_ALLUPPER | 0x100u);
        uint32_t ctx = (p1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) |
                       (n1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) << 2;
        out[k++] = I(I(F(57), cs), ctx);
        out[k++] = I(I(F(58), w->w), cs);
        out[k++] = I(I(F(59), w->amb), cs | ctx << 9);
        out[k++] = I(I(F(62), w->suf[3]), cs);
        out[k++] = I(I(F(63), p1->w), cs);
        out[k++] = I(I(F(64), n1->w), cs);
    }
    if (w->wn) {
        uint32_t cs = fl & (KH_TF_UPPER1 | KH_TF_ALLUPPER | 0x100u);
        out[k++] = I(F(65), w->wn);
        out[k++] = I(I(F(66), w->wn), cs);
        out[k++] = I(I(F(67), w->wn), w->suf[1]);
        out[k++] = I(I(F(68), w->wn), t1 + 3);
        out[k++] = I(F(69), n1->wn);
        out[k++] = I(F(70), p1->wn);
    }
    if (w->cluster || n1->cluster || p1->cluster) {
        out[k++] = I(F(35), w->cluster);
        out[k++] = I(F(36), n1->cluster);
        out[k++] = I(F(37), p1->cluster);
        out[k++] = I(I(F(38), w->cluster), t1 + 3);
    }
    if (second) {
        out[k++] = I(F(40), n1->tag1 + 3);
        out[k++] = I(F(41), n2->tag1 + 3);
        out[k++] = I(I(F(42), n1->tag1 + 3), n2->tag1 + 3);
        out[k++] = I(I(F(43), t1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(44), w->w), n1->tag1 + 3);
        out[k++] = I(I(F(45), w->suf[2]), n1->tag1 + 3);
        out[k++] = I(F(54), w->tag1 + 3);
        out[k++] = I(I(F(55), w->tag1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(56), w->tag1 + 3), t1 + 3);
        out[k++] = I(I(I(F(60), w->w), t1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(61), w->w), n2->tag1 + 3);
    }
    for (int j = 0; j < k; j++)
        out[j] = kh_pct_hash_end(out[j]);
    return k;
}

#undef F
#undef I

static void random_word(uint64_t *x, kh_tagfeat_word *w)
{
    memset(w, 0, sizeof *w);
    w->w = kh_test_xorshift(x);
    for (int j = 0; j < 3; j++)
        w->pre[j] = kh_test_xorshift(x);
    for (int j = 0; j < 4; j++)
        w->suf[j] = kh_test_xorshift(x);
    w->shape = kh_test_xorshift(x) % 16;
    w->flags = (uint32_t)(kh_test_xorshift(x) & 0xff);
    w->amb = kh_test_xorshift(x) % 3 ? (uint32_t)kh_test_xorshift(x) : 0;
    w->cluster = kh_test_xorshift(x) % 3 ? (uint32_t)(kh_test_xorshift(x) % 128 + 1) : 0;
    w->wn = kh_test_xorshift(x) % 2 ? (uint32_t)(kh_test_xorshift(x) & 0xffff) : 0;
    w->tag1 = (int32_t)(kh_test_xorshift(x) % 50);
}

static void test_extract_same_keys(void **state)
{
    (void)state;
    uint64_t x = 7;
    kh_tagfeat_word words[6];
    for (int it = 0; it < 400; it++) {
        int n = 1 + it % 6;
        for (int i = 0; i < n; i++)
            random_word(&x, &words[i]);
        for (int i = 0; i < n; i++) {
            for (int second = 0; second < 2; second++) {
                int t1 = i > 0 ? (int)(kh_test_xorshift(&x) % 50) : -1, t2 = i > 1 ? (int)(kh_test_xorshift(&x) % 50) : -1;
                uint64_t want[KH_TAGFEAT_MAX], got[KH_TAGFEAT_MAX], parts[KH_TAGFEAT_MAX];
                uint64_t st[KH_TAGFEAT_MAX], pieces[KH_TAGFEAT_MAX];
                int k = ref_extract(words, n, i, t1, t2, second, want);
                assert_true(k <= KH_TAGFEAT_MAX);
                assert_int_equal(kh_tagfeat_extract(words, n, i, t1, t2, second, got), k);
                /* in the same order too: training's row order (the blob's layout) */
                for (int j = 0; j < k; j++)
                    assert_true(got[j] == want[j]);
                int split[3];
                assert_int_equal(kh_tagfeat_extract_split(words, n, i, t1, t2, second, pieces, split), k);
                int ns = kh_tagfeat_static(words, n, i, parts);
                assert_true(ns <= KH_TAGFEAT_STATIC);
                memcpy(st, parts, (size_t)ns * sizeof *st);
                assert_int_equal(ns + kh_tagfeat_dynamic(words, n, i, t1, t2, second, parts + ns), k);
                /* the static part of the split is kh_tagfeat_static's */
                assert_int_equal(split[0] + split[2], ns);
                uint64_t sp[KH_TAGFEAT_MAX];
                memcpy(sp, pieces, (size_t)split[0] * sizeof *sp);
                memcpy(sp + split[0], pieces + split[1], (size_t)split[2] * sizeof *sp);
                assert_same_keys(sp, st, ns);
                uint64_t want2[KH_TAGFEAT_MAX], want3[KH_TAGFEAT_MAX];
                memcpy(want2, want, sizeof want2);
                memcpy(want3, want, sizeof want3);
                assert_same_keys(got, want, k);
                assert_same_keys(parts, want2, k);
                assert_same_keys(pieces, want3, k);
            }
        }
    }
}

static void test_prepare_lower(void **state)
{
    (void)state;
    static const char *forms[] = {
        "Kurdistan24", "the", "U.S.", "a", "", "\xc3\x89lys\xc3\xa9" "e", "re-deploy", "1,250",
        "ALLCAPS", "\xe2\x80\x99s", "x\xf0\x9f\x98\x80y", "Thabet-al-Abbasi", "--",
    };
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        kh_tagfeat_word a, b;
        kh_tagfeat_prepare(forms[f], &a);
        char low[128];
        size_t n = kh_tagfeat_lower(forms[f], low, sizeof low);
        kh_tagfeat_prepare_lower(forms[f], low, n, &b);
        assert_memory_equal(&a, &b, sizeof a);
        /* prefixes: keys of the first 1..3 characters (or the whole word) */
        size_t len = 0;
        for (int k = 0; k < 3; k++) {
            if (len < n) {
                unsigned char c = (unsigned char)low[len];
                len += c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
                if (len > n)
                    len = n;
            }
            assert_true(a.pre[k] == kh_pct_hash_bytes(kh_pct_hash_start(1), low, len));
        }
    }
    /* a long form is cut as kh_tagfeat_lower cuts it */
    char longf[300];
    memset(longf, 'Q', sizeof longf - 1);
    longf[sizeof longf - 1] = '\0';
    kh_tagfeat_word a, b;
    kh_tagfeat_prepare(longf, &a);
    char low[128];
    size_t n = kh_tagfeat_lower(longf, low, sizeof low);
    assert_int_equal(n, 127);
    kh_tagfeat_prepare_lower(longf, low, n, &b);
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_wordmap_all_lengths(void **state)
{
    (void)state;
    kh_wordmap m;
    assert_int_equal(kh_wordmap_init(&m), 0);
    uint64_t x = 5;
    enum { N = 3000 };
    static char keys[N][24];
    static size_t lens[N];
    for (int i = 0; i < N; i++) {
        lens[i] = (size_t)(i % 24);
        for (size_t j = 0; j < lens[i]; j++)
            keys[i][j] = (char)('a' + kh_test_xorshift(&x) % 4);   /* few letters: near-identical keys */
        int32_t id = kh_wordmap_put(&m, keys[i], lens[i]);
        assert_true(id >= 0);
        assert_int_equal(kh_wordmap_get(&m, keys[i], lens[i]), id);
    }
    for (int i = 0; i < N; i++) {
        int32_t id = kh_wordmap_get(&m, keys[i], lens[i]);
        assert_true(id >= 0);
        assert_int_equal(m.lens[id], lens[i]);
        assert_memory_equal(m.keys[id], keys[i], lens[i]);
    }
    /* keys that differ only in one byte, or only in length, are different */
    int32_t id = kh_wordmap_put(&m, "abcdefghij", 10);
    assert_int_equal(id, m.n - 1);
    assert_int_equal(kh_wordmap_get(&m, "abcdefghij", 10), id);
    assert_int_equal(kh_wordmap_get(&m, "abcdefghiz", 10), -1);
    assert_int_equal(kh_wordmap_get(&m, "zbcdefghij", 10), -1);
    assert_int_equal(kh_wordmap_get(&m, "abcdefghi", 9), -1);
    assert_int_equal(kh_wordmap_get(&m, "xyzw", 4), -1);
    kh_wordmap_free(&m);

}

/* The suffix filter must not hide a rule: a rule of each length, one on the empty
 * suffix (every last byte), a class without rules. */
static void test_lemma_suffix_filter(void **state)
{
    (void)state;
    static const char text[] =
        "R\t0\ts\t1\t\n"
        "R\t0\ties\t3\ty\n"
        "R\t0\tches\t2\t\n"
        "R\t1\t\t0\tx\n"
        "R\t1\tq\t1\tQ\n";
    char err[200];
    kh_lemmatiser *l = kh_lemma_load(text, sizeof text - 1, 3, err, sizeof err);
    assert_non_null(l);
    kh_arena a;
    kh_arena_init(&a, 0);
    assert_string_equal(kh_lemma_of(l, "cats", 0, &a), "cat");
    assert_string_equal(kh_lemma_of(l, "ponies", 0, &a), "pony");
    assert_string_equal(kh_lemma_of(l, "churches", 0, &a), "church");
    assert_string_equal(kh_lemma_of(l, "dog", 0, &a), "dog");
    assert_string_equal(kh_lemma_of(l, "dog", 1, &a), "dogx");
    assert_string_equal(kh_lemma_of(l, "iraq", 1, &a), "iraQ");
    assert_string_equal(kh_lemma_of(l, "cats", 2, &a), "cats");
    kh_arena_free(&a);
    kh_lemma_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_rounds),
        cmocka_unit_test(test_best_margin),
        cmocka_unit_test(test_score_against_blob),
        cmocka_unit_test(test_extract_same_keys),
        cmocka_unit_test(test_prepare_lower),
        cmocka_unit_test(test_wordmap_all_lengths),
        cmocka_unit_test(test_lemma_suffix_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
