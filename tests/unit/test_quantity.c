/* test_quantity.c - money, troops, people, casualties and weapons counts, and
 * accuracy on our test set (tests/fixtures/quantities/dev.tsv; KH_VERBOSE=1 lists misses). */
#include "testutil.h"
#include "textfix.h"

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "quantity.h"
#include "text.h"

/* All quantities of text, formatted and joined by " ; " ("-" when none). */
static const char *quantities(kh_arena *a, const char *text, char *buf, size_t n)
{
    kh_sentence *s = kh_textfix_sentence(a, text);
    assert_non_null(s);
    kh_quantity q[16];
    int nq = kh_quantity_find(s, q, 16);
    size_t k = 0;
    snprintf(buf, n, "-");
    for (int i = 0; i < nq; i++) {
        if (i)
            k += (size_t)snprintf(buf + k, n - k, " ; ");
        k += (size_t)kh_quantity_format(&q[i], buf + k, n - k);
    }
    return buf;
}

static void test_examples(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    char buf[512];
    kh_sentence *s = kh_textfix_sentence(&a, "Congress approved nearly $550 million for about 2,500 troops.");
    kh_quantity q[4];
    assert_int_equal(kh_quantity_find(s, q, 4), 2);
    assert_int_equal(q[0].kind, KH_QTY_MONEY);
    assert_true(q[0].value == 550e6);
    assert_string_equal(q[0].unit, "USD");
    assert_int_equal(q[0].approx, 1);
    assert_int_equal(q[0].bound, -1);
    assert_string_equal(s->words[q[0].first].form, "nearly");
    assert_string_equal(s->words[q[0].last].form, "million");
    assert_int_equal(q[1].kind, KH_QTY_TROOPS);
    assert_true(q[1].value == 2500);
    assert_int_equal(q[1].bound, 0);
    assert_int_equal(kh_quantity_find(s, q, 1), 1);   /* max is respected */
    assert_string_equal(quantities(&a, "Gunmen killed at least 30 people.", buf, sizeof buf), "casualties 30 killed 1");
    assert_string_equal(quantities(&a, "The toll stood at 40 dead.", buf, sizeof buf), "casualties 40 dead 0");
    assert_string_equal(quantities(&a, "Exports fell 5% in 2023.", buf, sizeof buf), "-");
    assert_string_equal(quantities(&a, "They met on 12 March for 3 hours.", buf, sizeof buf), "-");
    assert_string_equal(quantities(&a, "Japan pledged 1.2 trillion yen.", buf, sizeof buf), "money 1200000000000 JPY 0");
    assert_string_equal(kh_qty_kind_name(KH_QTY_WEAPONS), "weapons");
    kh_arena_free(&a);
}

static void score(const char *path, int *right_out, int *total_out)
{
    size_t len;
    char *text = kh_test_slurp(path, &len);
    assert_non_null(text);
    int verbose = getenv("KH_VERBOSE") != NULL, right = 0, total = 0;
    kh_arena a;
    kh_arena_init(&a, 0);
    char *save = NULL, buf[512];
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        quantities(&a, tab + 1, buf, sizeof buf);
        total++;
        if (strcmp(buf, line) == 0)
            right++;
        else if (verbose)
            fprintf(stderr, "# miss: want %s got %s | %s\n", line, buf, tab + 1);
        kh_arena_reset(&a);
    }
    kh_arena_free(&a);
    free(text);
    *right_out = right;
    *total_out = total;
}

static void test_dev_accuracy(void **state)
{
    (void)state;
    int right, total;
    score("tests/fixtures/quantities/dev.tsv", &right, &total);
    fprintf(stderr, "# quantities dev: %d/%d = %.1f%% sentences exactly right\n", right, total, 100.0 * right / total);
    assert_true(total >= 60);
    assert_true(right * 100 >= total * 95);
}

static void test_heldout_accuracy(void **state)
{
    (void)state;
    int right, total;
    score("tests/fixtures/quantities/heldout.tsv", &right, &total);
    fprintf(stderr, "# quantities heldout: %d/%d = %.1f%% sentences exactly right\n", right, total,
            100.0 * right / total);
    assert_true(total >= 25);
    assert_true(right * 100 >= total * 70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_dev_accuracy),
        cmocka_unit_test(test_heldout_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
