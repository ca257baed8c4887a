/* test_dict_tabari.c - the TABARI loaders (skipped when ../shared is absent). */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tabari_master_verbs),
        cmocka_unit_test(test_tabari_demo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
