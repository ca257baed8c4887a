/* test_cameo.c - the CAMEO ontology: codes, roots, Goldstein, PLOVER, actor codes. */
#include "testutil.h"

#include "cameo.h"

static void test_event_counts(void **state)
{
    (void)state;
    assert_int_equal(kh_cameo_event_count(), 318);
    assert_int_equal(kh_cameo_root_count(), 20);
}

static void test_event_lookup(void **state)
{
    (void)state;
    const kh_cameo_event *e = kh_cameo_event_get("0212");
    assert_non_null(e);
    assert_string_equal(e->root, "02");
    assert_string_equal(e->plover, "REQUEST");          /* our extension for root 02 */
    e = kh_cameo_event_get("190");
    assert_non_null(e);
    assert_true(e->goldstein < -9.9 && e->goldstein > -10.1);
    assert_int_equal(e->quad_class, 4);
    assert_string_equal(e->plover, "ASSAULT");
    e = kh_cameo_event_get("040");
    assert_non_null(e);
    assert_string_equal(e->plover, "CONSULT");
    assert_int_equal(e->quad_class, 1);
    e = kh_cameo_event_get("010");
    assert_non_null(e);
    assert_null(e->plover);                             /* 01 has no PLOVER type */
    e = kh_cameo_event_get("155");
    assert_non_null(e);
    assert_int_equal(e->has_goldstein, 0);
    assert_null(kh_cameo_event_get("40"));              /* leading zero matters: 040 */
    assert_null(kh_cameo_event_get("999"));
    assert_true(kh_cameo_event_valid("13"));
    e = kh_cameo_event_get("13");
    assert_true(e->goldstein < -5.9 && e->goldstein > -6.1);
}

static void test_actor_codes(void **state)
{
    (void)state;
    char why[64], c[4];
    assert_int_equal(kh_cameo_actor_check("IRQGOVMIL", why, sizeof why), 0);
    assert_int_equal(kh_cameo_actor_check("IGOUNOREFHCR", why, sizeof why), 0);
    assert_int_equal(kh_cameo_actor_check("---GOV", why, sizeof why), 0);
    assert_int_equal(kh_cameo_actor_check("KSV", why, sizeof why), 0);
    assert_int_equal(kh_cameo_actor_check("IRQXYZ", why, sizeof why), -1);
    assert_non_null(strstr(why, "XYZ"));
    assert_int_equal(kh_cameo_actor_check("IRQG", why, sizeof why), -1);
    assert_int_equal(kh_cameo_actor_country("IRQGOV", c), 1);
    assert_string_equal(c, "IRQ");
    assert_int_equal(kh_cameo_actor_country("IGOUNO", c), 0);
    const kh_cameo_element *el = kh_cameo_element_get("MEA");
    assert_non_null(el);
    assert_int_equal(el->kind, KH_CAMEO_REGION);
    assert_int_equal(kh_cameo_element_get("kur")->kind, KH_CAMEO_ETHNIC);
    assert_string_equal(kh_cameo_country_get("IRQ")->name, "Iraq");
    assert_string_equal(kh_cameo_country_by_name("iraq")->code, "IRQ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_counts),
        cmocka_unit_test(test_event_lookup),
        cmocka_unit_test(test_actor_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
