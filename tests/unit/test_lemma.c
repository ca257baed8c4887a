/* test_lemma.c - the lemmatiser: suffix rules learned from word types, casing by class
 * and shape, the exception lexicon, the known-lemma preference, malformed sections. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "lemma.h"

enum { NNS = 0, VBD = 1, NNP = 2, NCLS = 3 };

static const struct { const char *form; int cls; const char *lemma; } kTrain[] = {
    { "cats", NNS, "cat" }, { "dogs", NNS, "dog" }, { "tables", NNS, "table" },
    { "boxes", NNS, "box" }, { "wishes", NNS, "wish" }, { "churches", NNS, "church" },
    { "cities", NNS, "city" }, { "parties", NNS, "party" }, { "stories", NNS, "story" },
    { "mice", NNS, "mouse" }, { "men", NNS, "man" }, { "houses", NNS, "house" },
    { "walked", VBD, "walk" }, { "talked", VBD, "talk" }, { "jumped", VBD, "jump" },
    { "visited", VBD, "visit" }, { "signed", VBD, "sign" }, { "met", VBD, "meet" },
    { "went", VBD, "go" }, { "was", VBD, "be" }, { "Talked", VBD, "talk" },
    { "Signed", VBD, "sign" }, { "hoped", VBD, "hope" }, { "smoked", VBD, "smoke" },
    { "baked", VBD, "bake" }, { "looked", VBD, "look" }, { "cooked", VBD, "cook" },
    { "Paris", NNP, "Paris" }, { "Thabet", NNP, "Thabet" }, { "Iraq", NNP, "Iraq" },
    { "Abbasi", NNP, "Abbasi" }, { "NATO", NNP, "NATO" },
    /* names in capitals: lemmas in title case (acronyms of up to four letters stay) */
    { "BAGHDAD", NNP, "Baghdad" }, { "MOSUL", NNP, "Mosul" }, { "TEHRAN", NNP, "Tehran" },
    /* lemmas known from other words: "provoke" makes "provoked" -> "provoke" */
    { "provoke", VBD, "provoke" },
};

static kh_lemmatiser *build(kh_buf *text)
{
    kh_lemma_builder *b = kh_lemma_builder_new(NCLS);
    assert_non_null(b);
    for (size_t i = 0; i < sizeof kTrain / sizeof kTrain[0]; i++)
        for (int rep = 0; rep < 2; rep++)   /* tokens: some words twice */
            assert_int_equal(kh_lemma_builder_add(b, kTrain[i].form, kTrain[i].cls, kTrain[i].lemma), 0);
    assert_int_equal(kh_lemma_builder_write(b, text), 0);
    kh_lemma_builder_free(b);
    char err[200];
    kh_lemmatiser *l = kh_lemma_load(text->data, text->len, NCLS, err, sizeof err);
    assert_non_null(l);
    return l;
}

static void test_rules_generalise(void **state)
{
    (void)state;
    kh_buf text = KH_BUF_INIT;
    kh_lemmatiser *l = build(&text);
    kh_arena a;
    kh_arena_init(&a, 0);
    /* unseen words follow the learned endings */
    assert_string_equal(kh_lemma_of(l, "birds", NNS, &a), "bird");
    assert_string_equal(kh_lemma_of(l, "ladies", NNS, &a), "lady");
    assert_string_equal(kh_lemma_of(l, "foxes", NNS, &a), "fox");
    assert_string_equal(kh_lemma_of(l, "played", VBD, &a), "play");
    /* irregular forms come from the exception lexicon */
    assert_string_equal(kh_lemma_of(l, "went", VBD, &a), "go");
    assert_string_equal(kh_lemma_of(l, "was", VBD, &a), "be");
    assert_string_equal(kh_lemma_of(l, "mice", NNS, &a), "mouse");
    /* proper nouns keep their form, also unknown ones; the form pointer is returned */
    const char *name = "Kurdistan24";
    assert_ptr_equal(kh_lemma_of(l, name, NNP, &a), name);
    assert_string_equal(kh_lemma_of(l, "Yarallah", NNP, &a), "Yarallah");
    /* a capitalised verb is lowercased (casing learned for VBD) */
    assert_string_equal(kh_lemma_of(l, "Visited", VBD, &a), "visit");
    /* "provoked": the -ed rule gives "provok", not a lemma; "provoke" is */
    assert_string_equal(kh_lemma_of(l, "provoked", VBD, &a), "provoke");
    assert_true(kh_lemma_nrules(l) > 0);
    assert_true(kh_lemma_nexceptions(l) >= 3);
    kh_arena_free(&a);
    kh_lemma_free(l);
    kh_buf_free(&text);
}

/* A lemma is never empty ("s" or "'s" under a rule that strips "s"), and an
 * irregular word written capitalised finds the lowercase word's exception. */
static void test_never_empty_and_capitalised_exceptions(void **state)
{
    (void)state;
    kh_buf text = KH_BUF_INIT;
    kh_lemmatiser *l = build(&text);
    kh_arena a;
    kh_arena_init(&a, 0);
    assert_string_equal(kh_lemma_of(l, "cats", NNS, &a), "cat");   /* the rule strips "s" */
    assert_string_equal(kh_lemma_of(l, "s", NNS, &a), "s");
    const char *lem = kh_lemma_of(l, "'s", NNS, &a);
    assert_non_null(lem);
    assert_true(strlen(lem) > 0);
    assert_string_equal(kh_lemma_of(l, "Went", VBD, &a), "go");
    assert_string_equal(kh_lemma_of(l, "Was", VBD, &a), "be");
    assert_string_equal(kh_lemma_of(l, "KIRKUK", NNP, &a), "Kirkuk");
    assert_string_equal(kh_lemma_of(l, "UNHCR", NNP, &a), "Unhcr");   /* five letters: a name */
    assert_string_equal(kh_lemma_of(l, "UNDP", NNP, &a), "UNDP");
    kh_arena_free(&a);
    kh_lemma_free(l);
    kh_buf_free(&text);
}

static void test_deterministic_section(void **state)
{
    (void)state;
    kh_buf t1 = KH_BUF_INIT, t2 = KH_BUF_INIT;
    kh_lemma_free(build(&t1));
    kh_lemma_free(build(&t2));
    assert_int_equal(t1.len, t2.len);
    assert_memory_equal(t1.data, t2.data, t1.len);
    kh_buf_free(&t1);
    kh_buf_free(&t2);
}

static void test_malformed_section(void **state)
{
    (void)state;
    char err[200];
    const char *bad[] = {
        "R\t1\ted\tx\t\n",           /* strip is not a number */
        "K\t9\t1\t1\n",              /* class out of range */
        "L\tform\t1\n",              /* missing field */
        "Q\tsomething\n",            /* unknown record */
        "L\twent\t1\tgo\nL\twent\t1\tgo\n",   /* duplicate */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_null(kh_lemma_load(bad[i], strlen(bad[i]), NCLS, err, sizeof err));
        assert_non_null(strstr(err, "lemmatiser section, line"));
    }
    kh_lemmatiser *l = kh_lemma_load("", 0, NCLS, err, sizeof err);
    assert_non_null(l);   /* no rules: every lemma is the form */
    kh_arena a;
    kh_arena_init(&a, 0);
    assert_string_equal(kh_lemma_of(l, "cats", NNS, &a), "cats");
    kh_arena_free(&a);
    kh_lemma_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_generalise),
        cmocka_unit_test(test_never_empty_and_capitalised_exceptions),
        cmocka_unit_test(test_deterministic_section),
        cmocka_unit_test(test_malformed_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
