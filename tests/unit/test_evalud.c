/* test_evalud.c - UD scoring: identical files, wrong heads and labels, other tokenisation. */
#include "testutil.h"

#include "arena.h"
#include "doc.h"
#include "evalud.h"

/* Builds a one-sentence document: forms, heads, relations, UPOS. */
static void make_sent(kh_doc *d, int n, const char **forms, const int *heads, const char **rels,
                      const int *upos)
{
    kh_sentence *s = kh_doc_add_sentence(d);
    assert_non_null(s);
    s->words = kh_arena_calloc(d->arena, (size_t)n, sizeof(kh_word));
    s->nwords = n;
    for (int i = 0; i < n; i++) {
        s->words[i].form = forms[i];
        s->words[i].head = heads[i];
        s->words[i].deprel = rels[i];
        s->words[i].upos = (uint8_t)upos[i];
        s->words[i].lemma = forms[i];
    }
}

static const char *F[] = {"Iraq", "hosted", "talks", "."};
static const int H[] = {2, 0, 2, 2};
static const char *R[] = {"nsubj", "root", "obj", "punct"};
static const int U[] = {KH_UPOS_PROPN, KH_UPOS_VERB, KH_UPOS_NOUN, KH_UPOS_PUNCT};

static void test_identical_is_perfect(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc g, s;
    kh_doc_init(&g, &a);
    kh_doc_init(&s, &a);
    make_sent(&g, 4, F, H, R, U);
    make_sent(&s, 4, F, H, R, U);
    kh_ud_scores sc;
    char err[200];
    assert_int_equal(kh_evalud(&g, &s, &sc, err, sizeof err), 0);
    for (int i = 0; i < KH_UD_NMETRICS; i++)
        assert_true(sc.f1[i] > 99.999);
    kh_arena_free(&a);
}

static void test_wrong_head_and_label(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc g, s;
    kh_doc_init(&g, &a);
    kh_doc_init(&s, &a);
    make_sent(&g, 4, F, H, R, U);
    int h2[] = {2, 0, 2, 3};                       /* punct attached to "talks": UAS 3/4 */
    const char *r2[] = {"nsubj:pass", "root", "iobj", "punct"};  /* obj -> iobj: LAS 2/4 */
    int u2[] = {KH_UPOS_NOUN, KH_UPOS_VERB, KH_UPOS_NOUN, KH_UPOS_PUNCT};
    make_sent(&s, 4, F, h2, r2, u2);
    kh_ud_scores sc;
    char err[200];
    assert_int_equal(kh_evalud(&g, &s, &sc, err, sizeof err), 0);
    assert_true(sc.f1[KH_UD_UAS] > 74.99 && sc.f1[KH_UD_UAS] < 75.01);
    /* nsubj:pass counts as nsubj in LAS (universal part), not in LAS-full */
    assert_true(sc.f1[KH_UD_LAS] > 49.99 && sc.f1[KH_UD_LAS] < 50.01);
    assert_true(sc.f1[KH_UD_LASFULL] > 24.99 && sc.f1[KH_UD_LASFULL] < 25.01);
    assert_true(sc.f1[KH_UD_UPOS] > 74.99 && sc.f1[KH_UD_UPOS] < 75.01);
    kh_arena_free(&a);
}

static void test_other_tokenisation(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc g, s;
    kh_doc_init(&g, &a);
    kh_doc_init(&s, &a);
    make_sent(&g, 4, F, H, R, U);
    /* the system glued "talks." into one token: 3 of 4 gold tokens, 3 of 3 system */
    const char *f3[] = {"Iraq", "hosted", "talks."};
    int h3[] = {2, 0, 2};
    const char *r3[] = {"nsubj", "root", "obj"};
    int u3[] = {KH_UPOS_PROPN, KH_UPOS_VERB, KH_UPOS_NOUN};
    make_sent(&s, 3, f3, h3, r3, u3);
    kh_ud_scores sc;
    char err[200];
    assert_int_equal(kh_evalud(&g, &s, &sc, err, sizeof err), 0);
    /* matched tokens: Iraq, hosted -> F1 = 2*2/(4+3) */
    assert_true(sc.f1[KH_UD_TOKENS] > 57.13 && sc.f1[KH_UD_TOKENS] < 57.15);
    assert_true(sc.f1[KH_UD_UAS] > 57.13 && sc.f1[KH_UD_UAS] < 57.15);
    assert_int_equal(sc.aligned_words, 2);
    /* different characters are refused with the position */
    kh_doc t;
    kh_doc_init(&t, &a);
    const char *f4[] = {"Iraq", "hosts", "talks."};
    make_sent(&t, 3, f4, h3, r3, u3);
    assert_int_equal(kh_evalud(&g, &t, &sc, err, sizeof err), -1);
    assert_non_null(strstr(err, "character 9"));
    kh_arena_free(&a);
}

static void test_metric_names(void **state)
{
    (void)state;
    assert_int_equal(kh_ud_metric_find("las"), KH_UD_LAS);
    assert_int_equal(kh_ud_metric_find("UPOS"), KH_UD_UPOS);
    assert_int_equal(kh_ud_metric_find("nope"), -1);
    assert_string_equal(kh_ud_metric_name(KH_UD_UAS), "UAS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_is_perfect),
        cmocka_unit_test(test_wrong_head_and_label),
        cmocka_unit_test(test_other_tokenisation),
        cmocka_unit_test(test_metric_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
