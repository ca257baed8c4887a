/* test_dict_petrarch.c - the PETRARCH loaders on the Phoenix and validation dictionaries
 * (skipped when ../shared is absent): entry counts and known look-ups. */
#include "testutil.h"

#include "dict.h"

static kh_dict *load(const char *rel, kh_dict_counts *c, char *path, size_t n)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    snprintf(path, n, "%s/%s", kh_test_shared_dir(), rel);
    kh_dict *d = kh_dict_new();
    memset(c, 0, sizeof *c);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, c), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    return d;
}

static void test_phoenix_counts(void **state)
{
    (void)state;
    char path[512];
    kh_dict_counts c;
    KH_SHARED_OR_SKIP(path, "data/dictionaries/phoenix/CAMEO.2.0.txt");
    kh_dict *d = load("data/dictionaries/phoenix/Phoenix.Countries.actors.txt", &c, path, sizeof path);
    assert_int_equal(c.actors, 18390);
    assert_int_equal(c.actor_synonyms, 7527);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    kh_actor_match m;
    assert_int_equal(kh_dict_prepare_text(d, "Hamid Karzai", &a, &s), 0);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 20050101, &a, &m), 1);
    assert_string_equal(m.code, "AFGGOV");
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 19900101, &a, &m), 1);
    assert_string_equal(m.code, "AFGELI");
    kh_arena_free(&a);
    kh_dict_free(d);

    d = load("data/dictionaries/phoenix/CAMEO.2.0.txt", &c, path, sizeof path);
    assert_int_equal(c.synsets, 40);
    assert_int_equal(c.synset_members, 558);
    assert_int_equal(c.verb_blocks, 397);
    assert_int_equal(c.patterns + c.skipped, 4668);   /* 2 lines have unbalanced brackets */
    const kh_verb *v = kh_dict_verb_lookup(d, "asked for");
    assert_non_null(v);
    assert_string_equal(v->code, "020");
    kh_dict_free(d);

    d = load("data/dictionaries/phoenix/Phoenix.agents.txt", &c, path, sizeof path);
    assert_int_equal(c.agents, 2244);   /* README: 2,243; see docs/DICTIONARIES.md */
    assert_int_equal(c.skipped, 1);     /* line 1927 has no code */
    kh_dict_free(d);
    d = load("data/dictionaries/phoenix/Phoenix.discards.txt", &c, path, sizeof path);
    assert_int_equal(c.discards, 506);
    kh_dict_free(d);
    d = load("data/dictionaries/phoenix/Phoenix.IssueCoding.txt", &c, path, sizeof path);
    assert_int_equal(c.issue_categories, 52);
    assert_int_equal(c.issue_exclusions, 181);
    kh_dict_free(d);
    d = load("data/dictionaries/phoenix/Phoenix.MilNonState.actors.txt", &c, path, sizeof path);
    assert_int_equal(c.actors, 1021);
    assert_int_equal(c.actor_synonyms, 772);
    kh_dict_free(d);
}

static void test_validate_dicts(void **state)
{
    (void)state;
    char path[512];
    kh_dict_counts c;
    KH_SHARED_OR_SKIP(path, "data/validation/petrarch/PETR.Validate.verbs.txt");
    kh_dict *d = load("data/validation/petrarch/PETR.Validate.discards.txt", &c, path, sizeof path);
    assert_int_equal(c.discards, 9);
    kh_dict_free(d);
    d = load("data/validation/petrarch/PETR.Validate.agents.txt", &c, path, sizeof path);
    assert_true(c.agents >= 80);
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phoenix_counts),
        cmocka_unit_test(test_validate_dicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
