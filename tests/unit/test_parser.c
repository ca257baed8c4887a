/* test_parser.c - the parser learns a small hand-built treebank, saves, loads and
 * parses it back; models without parser sections are refused. */
#include "testutil.h"

#include "arena.h"
#include "doc.h"
#include "model.h"
#include "parser.h"
#include "perceptron.h"
#include "pscore.h"
#include "psctest.h"

/* "the N V the N ." and "N V ." with a few nouns and verbs: every tree is known. */
static const char *nouns[] = {"minister", "army", "president", "rebels", "police", "envoy"};
static const char *verbs[] = {"visited", "met", "praised", "accused", "thanked"};

static void add_sent(kh_doc *d, int shape, int i)
{
    kh_sentence *s = kh_doc_add_sentence(d);
    assert_non_null(s);
    const char *n1 = nouns[i % 6], *n2 = nouns[(i / 6 + 1 + i) % 6], *v = verbs[i % 5];
    static const char *forms[2][6] = {{"the", 0, 0, "the", 0, "."}, {0, 0, ".", 0, 0, 0}};
    int n = shape == 0 ? 6 : 3;
    s->words = kh_arena_calloc(d->arena, (size_t)n, sizeof(kh_word));
    s->nwords = n;
    if (shape == 0) {
        const char *f[] = {forms[0][0], n1, v, forms[0][3], n2, "."};
        const int h[] = {2, 3, 0, 5, 3, 3};
        const char *r[] = {"det", "nsubj", "root", "det", "obj", "punct"};
        const int u[] = {KH_UPOS_DET, KH_UPOS_NOUN, KH_UPOS_VERB, KH_UPOS_DET, KH_UPOS_NOUN, KH_UPOS_PUNCT};
        const char *x[] = {"DT", "NN", "VBD", "DT", "NN", "."};
        for (int k = 0; k < n; k++)
            s->words[k] = (kh_word){.form = f[k], .lemma = f[k], .xpos = x[k], .deprel = r[k],
                                    .head = h[k], .upos = (uint8_t)u[k], .space_after = 1};
    } else {
        const char *f[] = {n1, v, "."};
        const int h[] = {2, 0, 2};
        const char *r[] = {"nsubj", "root", "punct"};
        const int u[] = {KH_UPOS_NOUN, KH_UPOS_VERB, KH_UPOS_PUNCT};
        const char *x[] = {"NN", "VBD", "."};
        for (int k = 0; k < n; k++)
            s->words[k] = (kh_word){.form = f[k], .lemma = f[k], .xpos = x[k], .deprel = r[k],
                                    .head = h[k], .upos = (uint8_t)u[k], .space_after = 1};
    }
}

/* Trains a parser on train for epochs, saves it to path (a mkstemp template, filled
 * in; the caller removes the file) and returns the model read back. */
static kh_model *train_to_file(kh_doc *train, int epochs, char *path)
{
    kh_model_writer *w = kh_model_writer_new();
    assert_non_null(w);
    kh_parser_train_opts o = {epochs, 7, 0};
    assert_int_equal(kh_parser_train(train, NULL, &o, w), 0);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    char err[300];
    kh_model *m = kh_model_load(path, err, sizeof err);
    assert_non_null(m);
    return m;
}

static void test_learns_and_round_trips(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc train;
    kh_doc_init(&train, &a);
    for (int i = 0; i < 60; i++)
        add_sent(&train, i % 3 == 0, i);
    char path[] = "/tmp/kh_test_parser_XXXXXX", err[300];
    kh_model *m = train_to_file(&train, 5, path);
    remove(path);
    kh_parser *p = kh_parser_from_model(m, err, sizeof err);
    assert_non_null(p);
    /* parse copies of the training sentences with heads wiped: all arcs come back */
    int total = 0, right = 0;
    for (int i = 0; i < train.nsents; i++) {
        kh_sentence s = train.sents[i];
        s.words = kh_arena_memdup(&a, s.words, sizeof(kh_word) * (size_t)s.nwords);
        for (int k = 0; k < s.nwords; k++) {
            s.words[k].head = -1;
            s.words[k].deprel = NULL;
        }
        assert_int_equal(kh_parser_parse(p, &s, &a), 0);
        for (int k = 0; k < s.nwords; k++) {
            total++;
            right += s.words[k].head == train.sents[i].words[k].head
                     && strcmp(s.words[k].deprel, train.sents[i].words[k].deprel) == 0;
        }
    }
    assert_int_equal(right, total);
    /* an unseen sentence of a known shape */
    kh_doc t;
    kh_doc_init(&t, &a);
    add_sent(&t, 0, 1000);
    kh_sentence *s = &t.sents[0];
    s->words[1].form = s->words[1].lemma = "ambassador";
    assert_int_equal(kh_parser_parse(p, s, &a), 0);
    assert_int_equal(s->words[1].head, 3);
    assert_string_equal(s->words[1].deprel, "nsubj");
    assert_int_equal(s->words[2].head, 0);
    assert_string_equal(s->words[2].deprel, "root");
    kh_parser_free(p);
    kh_model_free(m);
    kh_arena_free(&a);
}

static void test_refuses_model_without_parser(void **state)
{
    (void)state;
    kh_model_writer *w = kh_model_writer_new();
    assert_int_equal(kh_model_writer_add(w, "meta", "x", 1), 0);
    char path[] = "/tmp/kh_test_parser_XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    assert_int_equal(kh_model_writer_save(w, path), 0);
    kh_model_writer_free(w);
    char err[300];
    kh_model *m = kh_model_load(path, err, sizeof err);
    remove(path);
    assert_non_null(m);
    assert_null(kh_parser_from_model(m, err, sizeof err));
    assert_non_null(strstr(err, "khaldun train"));
    assert_non_null(strstr(err, "parser.labels"));
    kh_model_free(m);
}

/* Weights are keyed by template number: a parser trained with another feature set
 * (the sections of a good model with the version taken away or changed) is refused,
 * naming both versions, instead of parsing silently badly. */
static void test_refuses_other_feature_set(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc train;
    kh_doc_init(&train, &a);
    for (int i = 0; i < 20; i++)
        add_sent(&train, i % 3 == 0, i);
    char path[] = "/tmp/kh_test_parser_XXXXXX", err[300];
    kh_model *good = train_to_file(&train, 2, path);
    const kh_model_section *fs = kh_model_section_get(good, "parser.features");
    assert_non_null(fs);
    static const char *const versions[] = {NULL, "2\n", "4\n"};
    static const char *const expect[] = {"version 1,", "version 2,", "version 4,"};
    for (int v = 0; v < 3; v++) {
        kh_model_writer *w = kh_model_writer_new();
        assert_non_null(w);
        static const char *const names[] = {"parser.labels", "parser.weights"};
        for (int k = 0; k < 2; k++) {
            const kh_model_section *sec = kh_model_section_get(good, names[k]);
            assert_non_null(sec);
            assert_int_equal(kh_model_writer_add(w, names[k], sec->data, sec->size), 0);
        }
        if (versions[v])
            assert_int_equal(kh_model_writer_add(w, "parser.features", versions[v], strlen(versions[v])), 0);
        assert_int_equal(kh_model_writer_save(w, path), 0);
        kh_model_writer_free(w);
        kh_model *m = kh_model_load(path, err, sizeof err);
        assert_non_null(m);
        assert_null(kh_parser_from_model(m, err, sizeof err));
        assert_non_null(strstr(err, expect[v]));
        assert_non_null(strstr(err, "khaldun train"));
        kh_model_free(m);
    }
    /* and the model as trained loads */
    kh_parser *p = kh_parser_from_model(good, err, sizeof err);
    assert_non_null(p);
    kh_parser_free(p);
    kh_model_free(good);
    remove(path);
    kh_arena_free(&a);
}

/* The fast scorer gives exactly the frozen perceptron's sums, for dense and sparse
 * rows alike, and refuses malformed blobs. */
static void test_pscore_matches_perceptron(void **state)
{
    (void)state;
    enum { NCL = 37, NF = 5000 };
    uint64_t x = 88172645463325252ULL;
    kh_test_psc ps;
    kh_test_psc_make(&ps, NCL, 3000, 8, NF, &x);
    kh_pct pm = ps.pm;
    kh_psc sm = ps.sm;
    void *sb = ps.sb;
    size_t sn = ps.sn;
    char err[200];
    assert_int_equal(sm.stride, 48);
    for (int it = 0; it < 200; it++) {
        uint64_t f[20];
        for (int i = 0; i < 20; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            f[i] = kh_pct_hash_end(i < 3 ? (x % 8) + 1 : (x % (NF + 50)) * 7919 + 3);   /* some unseen */
        }
        int32_t a[NCL] = {0}, b[48], g[48];
        kh_pct_score(&pm, f, 20, a);
        kh_psc_score(&sm, f, 20, b);
        for (int c = 0; c < NCL; c++)
            assert_int_equal(a[c], b[c]);
        /* the portable adder gives the same sums as the AVX2 one */
        kh_psc plain = sm;
        plain.avx2 = 0;
        kh_psc_score(&plain, f, 20, g);
        for (int c = 0; c < 48; c++)
            assert_int_equal(g[c], b[c]);
    }
    /* a truncated blob and a dangling row reference are refused */
    assert_int_equal(kh_psc_open(&sm, sb, sn - 4, err, sizeof err), -1);
    unsigned char *bad = malloc(sn);
    assert_non_null(bad);
    memcpy(bad, sb, sn);
    uint32_t nslots;
    memcpy(&nslots, bad + 16, 4);
    for (uint32_t i = 0; i < nslots; i++) {
        uint32_t ref;
        memcpy(&ref, bad + 64 + (size_t)i * 8 + 4, 4);
        if (ref != 0xffffffffu) {
            ref = 0x7ffffff0u;
            memcpy(bad + 64 + (size_t)i * 8 + 4, &ref, 4);
            break;
        }
    }
    assert_int_equal(kh_psc_open(&sm, bad, sn, err, sizeof err), -1);
    assert_non_null(strstr(err, "outside"));
    free(bad);
    kh_test_psc_free(&ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns_and_round_trips),
        cmocka_unit_test(test_refuses_model_without_parser),
        cmocka_unit_test(test_refuses_other_feature_set),
        cmocka_unit_test(test_pscore_matches_perceptron),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
