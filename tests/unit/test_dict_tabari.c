/* test_dict_tabari.c - the TABARI loaders (skipped when ../shared is absent) and the
 * matching of TABARI <TIME> phrases. */
#include "testutil.h"

#include "dict.h"

static void test_tabari_master_verbs(void **state)
{
    (void)state;
    char path[512];
    kh_dict_counts c;
    kh_diag diag;
    KH_SHARED_OR_SKIP(path, "data/dictionaries/tabari/CAMEO.091003.master.verbs");
    kh_diag_init(&diag, NULL);
    memset(&c, 0, sizeof c);
    kh_dict *d = kh_dict_new();
    assert_int_equal(kh_dict_detect(path), KH_DICT_TABARI_VERBS);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    assert_int_equal(c.verb_blocks, 1216);
    assert_true(c.patterns >= 15500 && c.patterns <= 15582);
    const kh_verb *v = kh_dict_verb_lookup(d, "abandoned");
    assert_non_null(v);
    assert_int_equal(v->special, KH_CODE_NONE);
    kh_dict_free(d);
}

static void test_tabari_demo(void **state)
{
    (void)state;
    char path[512];
    kh_diag diag;
    KH_SHARED_OR_SKIP(path, "data/validation/tabari/TABARI.Demo.actors");
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    kh_dict_counts c;
    memset(&c, 0, sizeof c);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_true(c.actors >= 100);
    snprintf(path, sizeof path, "%s/data/validation/tabari/Validate.agents", kh_test_shared_dir());
    memset(&c, 0, sizeof c);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_int_equal(c.agents, 86);
    kh_dict_free(d);
}

static const char time_verbs[] =
    "<TIME>\n"
    "WHOSE_FAULT [---]\n"
    "LONG_AGO [###]\n"
    "BY_THE_SEA [+++]\n"
    "LAST_WEEK [-7]\n"
    "- * AND A DAY [-8]\n"
    "</TIME>\n"
    "MEET  [031]\n";

/* The time phrase of a typed sentence: 1 and *tm, or 0. */
static int find_time(const kh_dict *d, const char *text, kh_time_match *tm)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, &a, &s), 0);
    int r = kh_dict_time_find(d, &s, tm);
    kh_arena_free(&a);
    return r;
}

static void test_tabari_time_phrases(void **state)
{
    (void)state;
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_int_equal(kh_dict_load_mem(d, "t.verbs", time_verbs, sizeof time_verbs - 1, KH_DICT_TABARI_VERBS,
                                      &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    kh_time_match tm;
    assert_int_equal(find_time(d, "Arnor met Gondor on Monday", &tm), 0);
    assert_int_equal(find_time(d, "Arnor met Gondor last week", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_EVENT);
    assert_int_equal(tm.days, -7);
    assert_int_equal(tm.start, 3);
    assert_int_equal(tm.end, 5);
    /* a pattern of the phrase's block: the words after it, gaps allowed */
    assert_int_equal(find_time(d, "Arnor met Gondor last week and then a day", &tm), 1);
    assert_int_equal(tm.days, -8);
    /* the first phrase that is not null counts: [---] is passed over */
    assert_int_equal(find_time(d, "whose fault was it long ago by the sea", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_DISCARD);
    assert_int_equal(find_time(d, "they met by the sea", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_COMPLEX);
    assert_int_equal(find_time(d, "whose fault", &tm), 0);
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tabari_master_verbs),
        cmocka_unit_test(test_tabari_demo),
        cmocka_unit_test(test_tabari_time_phrases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
