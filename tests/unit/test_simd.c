/* test_simd.c - the SIMD paths of the scorers give exactly what the portable code gives:
 * kh_pct_score (tagger weights: AVX-512, AVX2, plain), kh_pct_argmax_i, kh_psc_score
 * (parser weights), the parser as a whole (kh_parser_set_simd), and the coref index of
 * dictionary persons against the full scan. On a CPU without AVX2 the SIMD sides are the
 * portable code too and the tests still check the sums against a reference. */
#include "testutil.h"

#include "arena.h"
#include "conllu.h"
#include "coref.h"
#include "diag.h"
#include "dict.h"
#include "doc.h"
#include "model.h"
#include "parser.h"
#include "perceptron.h"
#include "pscore.h"
#include "rowsum.h"
#include "slots.h"
#include "text.h"
#include "psctest.h"


/* Rows of each form in the table (bit 31 of a slot's first entry: dense). */
static void count_rows(const kh_pct *m, int *dense, int *sparse)
{
    *dense = *sparse = 0;
    for (uint32_t i = 0; i < m->nslots; i++) {
        uint32_t first;
        memcpy(&first, m->slots + (size_t)i * 8 + 4, 4);
        if (first == 0xffffffffu)
            continue;
        if (first & 0x80000000u)
            (*dense)++;
        else
            (*sparse)++;
    }
}

#define CANARY 0x5a5a5a5a

static void test_pct_simd_equals_plain(void **state)
{
    (void)state;
    static const int sizes[] = {3, 8, 17, 102, 230, 300};
    if (!__builtin_cpu_supports("avx2"))
        fprintf(stderr, "# note: no AVX2 on this CPU; only the portable path is checked\n");
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int ncl = sizes[si], nfeat = 6000;
        size_t size;
        void *blob = kh_test_pct_blob(ncl, nfeat, 88172645463325252ULL + si, &size);
        kh_pct m;
        char err[200];
        assert_int_equal(kh_pct_open(&m, blob, size, err, sizeof err), 0);
        int nd, ns;
        count_rows(&m, &nd, &ns);
        assert_true(nd > 0);
        assert_true(ns > 0 || ncl < 16);   /* few classes: every row is dense */
        kh_pct plain = m, avx2 = m;
        plain.avx2 = plain.avx512 = 0;
        avx2.avx512 = 0;
        uint64_t x = 1234567 + si;
        for (int it = 0; it < 300; it++) {
            uint64_t f[150];
            int nf = 1 + (int)(kh_test_xorshift(&x) % 150);   /* more than one batch of 64 too */
            for (int i = 0; i < nf; i++) {
                kh_test_xorshift(&x);
                f[i] = kh_pct_hash_end(i % 7 == 0 ? (x % 6) + 1 : (x % (uint64_t)(nfeat + 100)) * 7919 + 3);
            }
            int32_t a[301], b[301], c[301];
            for (int k = 0; k < ncl; k++)
                a[k] = b[k] = c[k] = (int32_t)(kh_test_xorshift(&x) % 2001) - 1000;   /* scores are added to */
            a[ncl] = b[ncl] = c[ncl] = CANARY;
            kh_pct_score(&plain, f, nf, a);
            kh_pct_score(&m, f, nf, b);
            kh_pct_score(&avx2, f, nf, c);
            for (int k = 0; k < ncl; k++) {
                assert_int_equal(a[k], b[k]);
                assert_int_equal(a[k], c[k]);
            }
            assert_int_equal(b[ncl], CANARY);   /* nothing written past the classes */
            assert_int_equal(c[ncl], CANARY);
        }
        free(blob);
    }
}

/* A hand-made table of 16 slots, full but for slot 3: a probe from slot 8 walks the last
 * eight slots in one SIMD step and must go on from slot 0 (not from slot 16, past the
 * table): the key stored at slot 1 is found, a missing key stops at the empty slot 3. */
static void test_pct_probe_wraps(void **state)
{
    (void)state;
    enum { NS = 16, NE = 2 };
    size_t size = 32 + NS * 8 + NE * 4;
    unsigned char *b = malloc(size);   /* exactly the blob: ASan sees a read past it */
    assert_non_null(b);
    memset(b, 0, 32);
    memcpy(b, "KHPCT2\0\0", 8);
    uint32_t ncl = 4, ns = NS, ne = NE;
    float scale = 1.0f;
    memcpy(b + 8, &ncl, 4);
    memcpy(b + 12, &ns, 4);
    memcpy(b + 16, &ne, 4);
    memcpy(b + 20, &scale, 4);
    uint64_t known = 0x1234567880000001ULL, missing = 0x9999999980000001ULL;   /* home slot 8 */
    for (uint32_t i = 0; i < NS; i++) {
        uint32_t check = 0xaaaa0000u + i, first = 1;
        if (i == 3)
            check = first = 0xffffffffu;
        if (i == 1) {
            check = (uint32_t)(known >> 32);
            first = 0;
        }
        memcpy(b + 32 + i * 8, &check, 4);
        memcpy(b + 32 + i * 8 + 4, &first, 4);
    }
    uint16_t e[4] = {2 | 0x8000, 7, 0 | 0x8000, 1};   /* row 0: class 2 += 7; row 1: class 0 += 1 */
    memcpy(b + 32 + NS * 8, e, sizeof e);
    kh_pct m;
    char err[200];
    assert_int_equal(kh_pct_open(&m, b, size, err, sizeof err), 0);
    kh_pct plain = m;
    plain.avx2 = plain.avx512 = 0;
    const kh_pct *both[2] = {&m, &plain};
    for (int k = 0; k < 2; k++) {
        int32_t sc[4] = {0};
        kh_pct_score(both[k], &known, 1, sc);
        assert_int_equal(sc[2], 7);
        assert_int_equal(sc[0], 0);
        memset(sc, 0, sizeof sc);
        kh_pct_score(both[k], &missing, 1, sc);
        for (int c = 0; c < 4; c++)
            assert_int_equal(sc[c], 0);
    }
    free(b);
}

/* The plain reference: lowest allowed class with the largest score, -1 when none. */
static int argmax_ref(const int32_t *s, int n, const unsigned char *ok)
{
    int best = -1;
    for (int c = 0; c < n; c++)
        if ((!ok || ok[c]) && (best < 0 || s[c] > s[best]))
            best = c;
    return best;
}

static void test_argmax(void **state)
{
    (void)state;
    uint64_t x = 99991;
    int32_t s[400];
    unsigned char ok[400];
    for (int it = 0; it < 20000; it++) {
        int n = 1 + (int)(kh_test_xorshift(&x) % 300);
        int range = it % 3 == 0 ? 3 : 1000000;   /* few values: many ties */
        for (int c = 0; c < n; c++) {
            s[c] = (int32_t)(kh_test_xorshift(&x) % (uint64_t)range) - range / 2;
            ok[c] = (unsigned char)(kh_test_xorshift(&x) % 4 != 0);
        }
        if (it % 50 == 0)
            s[kh_test_xorshift(&x) % (uint64_t)n] = INT32_MIN;
        if (it % 97 == 0)
            memset(ok, 0, (size_t)n);   /* nothing allowed */
        assert_int_equal(kh_pct_argmax_i(s, n, NULL), argmax_ref(s, n, NULL));
        assert_int_equal(kh_pct_argmax_i(s, n, ok), argmax_ref(s, n, ok));
    }
    int32_t one = 5;
    unsigned char no = 0;
    assert_int_equal(kh_pct_argmax_i(&one, 1, &no), -1);
    assert_int_equal(kh_pct_argmax_i(&one, 1, NULL), 0);
}

static void test_psc_simd_equals_plain(void **state)
{
    (void)state;
    static const int sizes[] = {20, 103, 200};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int ncl = sizes[si];
        uint64_t x = 7777 + si;
        kh_test_psc ps;
        kh_test_psc_make(&ps, ncl, 4000, 6, 5000, &x);
        kh_pct pm = ps.pm;
        kh_psc sm = ps.sm;
        kh_psc plain = sm, avx2 = sm;
        plain.avx2 = plain.avx512 = 0;
        avx2.avx512 = 0;
        for (int it = 0; it < 300; it++) {
            uint64_t f[200];
            int nf = 1 + (int)(kh_test_xorshift(&x) % 200);
            for (int i = 0; i < nf; i++) {
                kh_test_xorshift(&x);
                f[i] = kh_pct_hash_end(i % 5 == 0 ? (x % 6) + 1 : (x % 5100) * 7919 + 3);
            }
            int32_t ref[208] = {0}, a[208], b[208], c[208];
            kh_pct_score(&pm, f, nf, ref);
            kh_psc_score(&plain, f, nf, a);
            kh_psc_score(&sm, f, nf, b);
            kh_psc_score(&avx2, f, nf, c);
            for (int k = 0; k < ncl; k++) {
                assert_int_equal(a[k], ref[k]);
                assert_int_equal(b[k], ref[k]);
                assert_int_equal(c[k], ref[k]);
            }
        }
        kh_test_psc_free(&ps);
    }
}

/* kh_psc_score in the order it had before the sparse rows were deferred: every row
 * added as soon as its slot is found. Counts the rows of each kind it meets. */
static void psc_score_in_order(const kh_psc *m, const uint64_t *f, int nf, int32_t *scores,
                               long *ndense, long *nsparse)
{
    memset(scores, 0, sizeof(int32_t) * (size_t)m->stride);
    for (int i = 0; i < nf; i++) {
        uint64_t h = f[i] ? f[i] : 0x5bd1e9955bd1e995ULL;   /* pscore.c's fix_key */
        uint32_t j = (uint32_t)(((h & 0xffffffffu) * (uint64_t)m->nslots) >> 32);
        uint32_t ref = kh_slots_probe(m->slots, m->nslots, j, (uint32_t)(h >> 32));
        if (ref == KH_SLOT_EMPTY)
            continue;
        if (ref & 0x80000000u) {
            kh_rowsum_sparse(scores, (const int16_t *)(const void *)(m->sparse + 2 * (size_t)(ref & 0x7fffffffu)));
            (*nsparse)++;
        } else {
            kh_rowsum_add1(scores, m->dense + (size_t)ref * (size_t)m->stride, m->stride);
            (*ndense)++;
        }
    }
}

/* The scorer records the sparse rows it finds and adds them after the dense ones (so
 * their cache misses overlap the probes): the same scores, at every SIMD level, as
 * adding each row when found. Feature lists longer than a batch (128), with repeated
 * features, missing ones and many sparse rows. */
static void test_psc_deferred_sparse(void **state)
{
    (void)state;
    static const int sizes[] = {20, 103, 130};
    long ndense = 0, nsparse = 0, ncalls = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        int ncl = sizes[si];
        uint64_t x = 4242 + si;
        kh_test_psc ps;
        kh_test_psc_make(&ps, ncl, 5000, 8, 3000, &x);
        kh_psc sm = ps.sm, plain = ps.sm, avx2 = ps.sm;
        plain.avx2 = plain.avx512 = 0;
        avx2.avx512 = 0;
        for (int it = 0; it < 400; it++) {
            uint64_t f[400];
            int nf = 1 + (int)(kh_test_xorshift(&x) % 400);
            for (int i = 0; i < nf; i++) {
                kh_test_xorshift(&x);
                if (i > 0 && x % 11 == 0)
                    f[i] = f[x % (uint64_t)i];                     /* a repeat */
                else if (x % 7 == 0)
                    f[i] = kh_pct_hash_end((x % 8) + 1);           /* frequent: dense */
                else
                    f[i] = kh_pct_hash_end((x % 3300) * 7919 + 3); /* rare or missing */
            }
            int32_t ref[144], a[144], b[144], c[144];
            psc_score_in_order(&ps.sm, f, nf, ref, &ndense, &nsparse);
            kh_psc_score(&plain, f, nf, a);
            kh_psc_score(&avx2, f, nf, b);
            kh_psc_score(&sm, f, nf, c);
            for (int k = 0; k < sm.stride; k++) {
                assert_int_equal(a[k], ref[k]);
                assert_int_equal(b[k], ref[k]);
                assert_int_equal(c[k], ref[k]);
            }
            ncalls++;
        }
        kh_test_psc_free(&ps);
    }
    /* the lists met both kinds of rows, sparse ones many times a call */
    assert_true(ndense > ncalls);
    assert_true(nsparse > 20 * ncalls);
}

/* The shipped model parses EWT test sentences (gold tags) to the same trees with and
 * without SIMD. */
/* ---- the slot table look-up both scorers share (slots.h) ---- */

/* Every home slot of random tables, small and large, sparse and nearly full, with keys
 * that are there and keys that are not: the AVX2 look-up returns what the one-slot
 * look-up returns, also where a run of full slots wraps past the end. */
static void test_slots_probe(void **state)
{
    (void)state;
#ifdef KH_SLOTS_X86
    if (!__builtin_cpu_supports("avx2")) {
        fprintf(stderr, "# SKIP: this CPU has no AVX2\n");
        skip();
    }
    uint64_t seed = 99;
    static const uint32_t sizes[] = {1, 3, 8, 9, 17, 64, 333};
    static const int loads[] = {0, 50, 80, 97};
    long found = 0, missing = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        for (size_t li = 0; li < sizeof loads / sizeof *loads; li++) {
            uint32_t ns = sizes[si];
            uint32_t *slots = malloc(sizeof(uint32_t) * 2 * ns);   /* exact: ASan sees overreads */
            assert_non_null(slots);
            for (uint32_t i = 0; i < ns; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                int full = (int)((seed >> 33) % 100) < loads[li] && i != ns / 2;   /* one empty */
                slots[2 * i] = full ? (uint32_t)(seed >> 40) % 50 : KH_SLOT_EMPTY;
                slots[2 * i + 1] = full ? i : KH_SLOT_EMPTY;
            }
            for (uint32_t j = 0; j < ns; j++) {
                for (uint32_t key = 0; key < 52; key++) {
                    uint32_t a = kh_slots_probe(slots, ns, j, key);
                    uint32_t b = kh_slots_probe_avx2(slots, ns, j, key);
                    assert_int_equal(a, b);
                    if (a == KH_SLOT_EMPTY)
                        missing++;
                    else {
                        assert_int_equal(slots[2 * a], key);
                        found++;
                    }
                }
                /* the check of an empty slot's key half is never a match */
                assert_int_equal(kh_slots_probe(slots, ns, j, KH_SLOT_EMPTY),
                                 kh_slots_probe_avx2(slots, ns, j, KH_SLOT_EMPTY));
            }
            free(slots);
        }
    }
    assert_true(found > 1000);
    assert_true(missing > 1000);
#else
    fprintf(stderr, "# SKIP: no x86 SIMD path on this machine\n");
    skip();
#endif
}

static void test_parser_same_trees(void **state)
{
    (void)state;
    char gold[512], err[512];
    KH_SHARED_OR_SKIP(gold, "data/ud/en_ewt-ud-test.conllu");
    const char *path = "data/models/en_ewt.khm";
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "# SKIP: no model %s\n", path);
        skip();
    }
    kh_model *m = kh_model_load(path, err, sizeof err);
    kh_parser *p = m ? kh_parser_from_model(m, err, sizeof err) : NULL;
    if (!p) {
        fprintf(stderr, "# SKIP: %s\n", err);
        kh_model_free(m);
        skip();
    }
    kh_arena a1, a2, w;
    kh_arena_init(&a1, 1 << 20);
    kh_arena_init(&a2, 1 << 20);
    kh_arena_init(&w, 1 << 20);
    kh_doc d1, d2;
    kh_doc_init(&d1, &a1);
    kh_doc_init(&d2, &a2);
    kh_diag diag;
    kh_diag_init(&diag, stderr);
    assert_int_equal(kh_conllu_read_all(gold, &d1, &diag), 0);
    assert_int_equal(kh_conllu_read_all(gold, &d2, &diag), 0);
    int n = d1.nsents < 600 ? d1.nsents : 600;
    assert_true(n > 100);
    long words = 0, differ_gold = 0;
    for (int i = 0; i < n; i++) {
        int gold_head0 = d1.sents[i].words[0].head;
        kh_parser_set_simd(p, 1);
        assert_int_equal(kh_parser_parse(p, &d1.sents[i], &w), 0);
        kh_parser_set_simd(p, 0);
        assert_int_equal(kh_parser_parse(p, &d2.sents[i], &w), 0);
        for (int j = 0; j < d1.sents[i].nwords; j++) {
            const kh_word *x = &d1.sents[i].words[j], *y = &d2.sents[i].words[j];
            assert_int_equal(x->head, y->head);
            assert_string_equal(x->deprel, y->deprel);
            words++;
        }
        differ_gold += d1.sents[i].words[0].head != gold_head0;
    }
    assert_true(words > 1000);
    kh_parser_set_simd(p, 1);
    kh_arena_free(&a1);
    kh_arena_free(&a2);
    kh_arena_free(&w);
    kh_parser_free(p);
    kh_model_free(m);
    (void)differ_gold;
}

/* ---- the coref index of dictionary persons ---- */

/* Runs text through the resolver (with index people, or the full scan when NULL) and
 * writes every extra mention as a line into out. Returns the number of mentions. */
static int coref_lines(const kh_dict *d, const kh_coref_people *people, const char *text,
                       int32_t date, char *out, size_t n)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    doc.id = "t";
    doc.text = kh_arena_strdup(&a, text);
    doc.text_len = strlen(text);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    assert_int_equal(kh_text_process(&doc, NULL, &diag), 0);
    kh_coref *c = kh_coref_new(d, &a);
    assert_non_null(c);
    kh_coref_use_people(c, people);
    size_t o = 0;
    int total = 0;
    out[0] = '\0';
    for (int si = 0; si < doc.nsents; si++) {
        kh_dict_sent ds;
        kh_actor_match *am;
        kh_coref_mention *cm;
        assert_int_equal(kh_dict_prepare(d, &doc.sents[si], &a, &ds), 0);
        int na = kh_dict_find_actors(d, &ds, date, &a, &am);
        assert_true(na >= 0);
        int nc = kh_coref_sentence(c, &doc, si, &ds, am, na, date, &cm);
        assert_true(nc >= 0);
        for (int k = 0; k < nc && o < n; k++, total++)
            o += (size_t)snprintf(out + o, n - o, "%d %d-%d %s %s %s\n", si, cm[k].am.start, cm[k].am.end,
                                  kh_coref_how_name(cm[k].how), cm[k].am.code ? cm[k].am.code : "-",
                                  cm[k].entity ? cm[k].entity : "-");
    }
    kh_arena_free(&a);
    return total;
}

static void test_coref_people_index(void **state)
{
    (void)state;
    if (access("data/dict/people.dict", R_OK) != 0) {
        fprintf(stderr, "# SKIP: data/dict is absent (run from the repository)\n");
        skip();
    }
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    const char *paths[] = {"data/dict"};
    kh_dict *d = kh_dict_open(paths, 1, &diag);
    assert_non_null(d);
    kh_coref_people *people = kh_coref_people_new(d);
    assert_non_null(people);
    static const char *const texts[] = {
        "Iraqi Defense Minister Karim Nouri met the Turkish ambassador. Nouri asked for drones.",
        "The US Secretary of State Antony Blinkin toured the base. Blinkin praised the troops.",
        "Iraqi Defense Minister Thabit Al Abbasi arrived in Washington. He met officials.",
        "Turkish President Recep Tayip Erdogan spoke to reporters. He said his government would not back down.",
        "US President Joseph Biden met Egyptian Prime Minister Adel Farouk. Biden said the talks went well.",
        "Iraqi Interior Minister al-Shammari met police chiefs. Shammari asked for more patrols.",
        "French President Emmanuel Macron called Russian President Vladimir Putin. Putin declined.",
    };
    char with[4096], without[4096];
    int total = 0, titled = 0;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        int a = coref_lines(d, people, texts[i], 20240413, with, sizeof with);
        int b = coref_lines(d, NULL, texts[i], 20240413, without, sizeof without);
        assert_int_equal(a, b);
        assert_string_equal(with, without);
        total += a;
        titled += strstr(with, " titled ") != NULL;
    }
    assert_true(total > 5);
    assert_true(titled >= 3);   /* the look-up this index serves was exercised */
    /* an index of another dictionary is not used */
    kh_coref_people *empty = kh_coref_people_new(NULL);
    assert_non_null(empty);
    int a = coref_lines(d, empty, texts[0], 20240413, with, sizeof with);
    int b = coref_lines(d, NULL, texts[0], 20240413, without, sizeof without);
    assert_int_equal(a, b);
    assert_string_equal(with, without);
    kh_coref_people_free(empty);
    kh_coref_people_free(people);
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct_simd_equals_plain),
        cmocka_unit_test(test_pct_probe_wraps),
        cmocka_unit_test(test_argmax),
        cmocka_unit_test(test_psc_simd_equals_plain),
        cmocka_unit_test(test_psc_deferred_sparse),
        cmocka_unit_test(test_slots_probe),
        cmocka_unit_test(test_parser_same_trees),
        cmocka_unit_test(test_coref_people_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
