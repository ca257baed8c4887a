/* test_dedup.c - cross-source de-duplication: three reports of one meeting merge,
 * other meetings stay apart (by date, dyad, code and location). */
#include "testutil.h"

#include "dedup.h"

static kh_event ev(const char *src, const char *tgt, const char *code, const char *date,
                   const char *doc, const char *loc_country)
{
    kh_event e;
    memset(&e, 0, sizeof e);
    e.source.code = src;
    e.target.code = tgt;
    e.cameo = code;
    e.root = code ? (code[0] == '0' && code[1] == '4' ? "04" : code[0] == '0' && code[1] == '3' ? "03" : "05") : NULL;
    e.date = date;
    e.doc_id = doc;
    e.loc_country = loc_country;
    e.loc_name = loc_country ? "somewhere" : NULL;
    return e;
}

static void test_days(void **state)
{
    (void)state;
    long d;
    assert_int_equal(kh_dedup_days("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(kh_dedup_days("2024-03-01", &d), 0);
    long e;
    assert_int_equal(kh_dedup_days("2024-02-28", &e), 0);
    assert_int_equal(d - e, 2);   /* 2024 is a leap year */
    assert_int_equal(kh_dedup_days("2024-05", &d), 0);
    assert_int_equal(kh_dedup_days("2024-05-01", &e), 0);
    assert_int_equal(d, e);
    assert_int_equal(kh_dedup_days("someday", &d), -1);
    assert_int_equal(kh_dedup_days(NULL, &d), -1);
}

/* Three outlets report one meeting (dates a day apart); a second meeting two months
 * later and a meeting of another dyad stay apart. */
static void test_three_reports_one_meeting(void **state)
{
    (void)state;
    kh_event e[6] = {
        ev("IRQGOV", "USAGOV", "040", "2024-04-13", "outlet-a-1", NULL),
        ev("IRQGOV", "USAGOV", "040", "2024-06-02", "outlet-a-2", NULL),   /* another meeting */
        ev("IRQGOV", "USAGOV", "040", "2024-04-14", "outlet-b-1", "IRQ"),
        ev("IRQGOV", "TURGOV", "040", "2024-04-13", "outlet-b-1", NULL),   /* another dyad */
        ev("IRQGOV", "USAGOV", "040", "2024-04-15", "outlet-c-1", NULL),
        ev("IRQGOV", "USAGOV", "0311", "2024-04-13", "outlet-c-1", NULL),  /* another code */
    };
    int cl[6];
    assert_int_equal(kh_dedup_cluster(e, 6, NULL, cl), 4);
    assert_int_equal(cl[0], 0);
    assert_int_equal(cl[2], 0);
    assert_int_equal(cl[4], 0);
    assert_int_equal(cl[1], 1);
    assert_int_equal(cl[3], 3);
    assert_int_equal(cl[5], 5);
    assert_true(kh_dedup_same(&e[0], &e[4], NULL));
    assert_false(kh_dedup_same(&e[0], &e[1], NULL));
}

static void test_window_and_location(void **state)
{
    (void)state;
    kh_event e[4] = {
        ev("USA", "IRN", "0311", "2024-01-01", "a", "IRQ"),
        ev("USA", "IRN", "0311", "2024-01-05", "b", NULL),    /* 4 days: outside the default window */
        ev("USA", "IRN", "0311", "2024-01-01", "c", "SYR"),   /* another country */
        ev("USA", "IRN", "0312", "2024-01-02", "d", NULL),    /* same root, other code */
    };
    int cl[4];
    assert_int_equal(kh_dedup_cluster(e, 4, NULL, cl), 4);
    kh_dedup_opts o;
    kh_dedup_opts_init(&o);
    assert_int_equal(o.window_days, 3);
    o.window_days = 4;
    o.by_root = 1;
    /* 0,1,3 now merge (window 4, same root); 2 is in Syria, not Iraq */
    assert_int_equal(kh_dedup_cluster(e, 4, &o, cl), 2);
    assert_int_equal(cl[1], 0);
    assert_int_equal(cl[3], 0);
    assert_int_equal(cl[2], 2);
}

static void test_undated_never_merge(void **state)
{
    (void)state;
    kh_event e[3] = {
        ev("USA", "IRQ", "042", NULL, "a", NULL),
        ev("USA", "IRQ", "042", NULL, "b", NULL),
        ev("USA", "IRQ", "042", "2024-01-01", "c", NULL),
    };
    int cl[3];
    assert_int_equal(kh_dedup_cluster(e, 3, NULL, cl), 3);
    assert_int_equal(kh_dedup_cluster(e, 0, NULL, cl), 0);
}

/* A long chain of daily reports: clusters are anchored at their first date, so a
 * story that runs for days is cut into windows rather than merged into one. */
static void test_chain_is_windowed(void **state)
{
    (void)state;
    static char dates[10][24];
    kh_event e[10];
    for (int i = 0; i < 10; i++) {
        snprintf(dates[i], sizeof dates[i], "2024-01-%02d", i + 1);
        e[i] = ev("USA", "IRQ", "042", dates[i], "x", NULL);
    }
    int cl[10];
    assert_int_equal(kh_dedup_cluster(e, 10, NULL, cl), 3);   /* 1-4, 5-8, 9-10 */
    assert_int_equal(cl[3], 0);
    assert_int_equal(cl[4], 4);
    assert_int_equal(cl[9], 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_three_reports_one_meeting),
        cmocka_unit_test(test_window_and_location),
        cmocka_unit_test(test_undated_never_merge),
        cmocka_unit_test(test_chain_is_windowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
