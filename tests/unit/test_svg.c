/* test_svg.c - SVG charts: escaping, axis ticks, bars and lines, well-formedness. */
#include "testutil.h"

#include "svg.h"

/* Counts occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_escape(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_svg_escape(&b, "<script>a&b \"q\" 'x'</script>\x01"), 0);
    assert_string_equal(b.data, "&lt;script&gt;a&amp;b &quot;q&quot; &#39;x&#39;&lt;/script&gt;\xEF\xBF\xBD");
    kh_buf_clear(&b);
    assert_int_equal(kh_svg_escapen(&b, "abc<def", 4), 0);
    assert_string_equal(b.data, "abc&lt;");
    kh_buf_free(&b);
}

static void test_ticks(void **state)
{
    (void)state;
    double lo, hi;
    double step = kh_svg_ticks(0, 7, 5, &lo, &hi);
    assert_true(step == 2.0);
    assert_true(lo == 0.0 && hi == 8.0);
    step = kh_svg_ticks(-13.5, 8, 5, &lo, &hi);
    assert_true(step == 5.0);
    assert_true(lo == -15.0 && hi == 10.0);
    step = kh_svg_ticks(0, 0, 5, &lo, &hi);   /* empty range still gives an axis */
    assert_true(hi > lo && step > 0);
}

static void test_stacked_bars(void **state)
{
    (void)state;
    const char *x[] = {"2024-01", "2024-02", "2024-03"};
    double a[] = {1, 0, 2}, c[] = {3, 1, -4};
    kh_svg_series s[] = {{"Coop <A>", "#1b7837", a}, {"Conflict", "#b2182b", c}};
    kh_svg_chart ch = {KH_SVG_STACKED, "Events & more", NULL, "events", 600, 200, x, 3, s, 2, 0};
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_svg_chart_write(&b, &ch), 0);
    /* one bar per positive value: 1, 2, 3, 1 (the 0 and the -4 draw nothing) */
    assert_int_equal(count(b.data, "<rect class=\"bar\""), 4);
    assert_int_equal(count(b.data, "<svg "), 1);
    assert_int_equal(count(b.data, "</svg>"), 1);
    assert_non_null(strstr(b.data, "class=\"kh-chart\""));
    assert_non_null(strstr(b.data, "<title>Events &amp; more</title>"));
    assert_non_null(strstr(b.data, "Coop &lt;A&gt;"));
    assert_null(strstr(b.data, "Coop <A>"));
    /* the tallest stack is 4 (1 + 3): the axis goes to 4 and shows it */
    assert_non_null(strstr(b.data, ">4</text>"));
    /* same data, same bytes */
    kh_buf b2 = KH_BUF_INIT;
    assert_int_equal(kh_svg_chart_write(&b2, &ch), 0);
    assert_string_equal(b.data, b2.data);
    kh_buf_free(&b);
    kh_buf_free(&b2);
}

static void test_lines(void **state)
{
    (void)state;
    const char *x[] = {"w1", "w2", "w3", "w4"};
    double ab[] = {2, -3.5, 0, 8}, ba[] = {0, 0, -10, 1};
    kh_svg_series s[] = {{"A to B", "#2166ac", ab}, {"B to A", "#d6604d", ba}};
    kh_svg_chart ch = {KH_SVG_LINES, "Goldstein", "kh-chart dyad", NULL, 400, 200, x, 4, s, 2, 13};
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_svg_chart_write(&b, &ch), 0);
    assert_int_equal(count(b.data, "<polyline"), 2);
    assert_int_equal(count(b.data, "<circle"), 8);
    assert_int_equal(count(b.data, "class=\"legend\""), 2);
    assert_non_null(strstr(b.data, "font-size=\"13\""));
    assert_non_null(strstr(b.data, ">-10</text>"));   /* the axis reaches the lowest value */
    assert_non_null(strstr(b.data, "<title>w3 B to A: -10</title>"));
    /* every element opened is closed: as many '<' as '>' and no stray '&' */
    assert_int_equal(count(b.data, "<"), count(b.data, ">"));
    kh_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_stacked_bars),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
