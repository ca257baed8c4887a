/* test_timex.c - temporal expressions: calendar rules, patterns, the choice of
 * the expression that dates a predicate, and value accuracy on our test sets
 * (tests/fixtures/timex/dev.tsv and heldout.tsv; KH_VERBOSE=1 lists misses). */
#include "testutil.h"
#include "textfix.h"

#include <strings.h>

#include "arena.h"
#include "doc.h"
#include "timex.h"
#include "diag.h"
#include "text.h"

static int word_index(const kh_sentence *s, const char *form)
{
    for (int i = 0; i < s->nwords; i++)
        if (strcasecmp(s->words[i].form, form) == 0)
            return i;
    return -1;
}

/* The event date of the first word `pred` in text, for story date `story`. */
static const char *date_of(kh_arena *a, const char *story, const char *pred, const char *text,
                           kh_timex *out)
{
    kh_date st;
    assert_int_equal(kh_timex_parse_date(story, &st), 0);
    kh_sentence *s = kh_textfix_sentence(a, text);
    assert_non_null(s);
    int p = word_index(s, pred);
    assert_true(p >= 0);
    assert_int_equal(kh_timex_event_date(s, p, &st, out), 0);
    return out->value;
}

static void test_story_dates(void **state)
{
    (void)state;
    kh_date d;
    assert_int_equal(kh_timex_parse_date("2024-04-14T10:00:00Z", &d), 0);
    assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240414);
    assert_int_equal(kh_timex_parse_date("2023-02-29", &d), -1);
    assert_int_equal(kh_timex_parse_date("2024-02-29", &d), 0);
    assert_int_equal(kh_timex_parse_date("14 April", &d), -1);
    assert_int_equal(kh_timex_parse_date(NULL, &d), -1);
    assert_string_equal(kh_timex_prec_name(KH_TIMEX_MONTH), "month");
}

static void test_patterns(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_timex t;
    /* 2024-04-14 is a Sunday */
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on Saturday.", &t), "2024-04-13");
    assert_string_equal(date_of(&a, "2024-04-14", "meet", "They will meet on Saturday.", &t), "2024-04-20");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met last Sunday.", &t), "2024-04-07");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on Sunday.", &t), "2024-04-14");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met yesterday.", &t), "2024-04-13");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met in March.", &t), "2024-03");
    assert_int_equal(t.precision, KH_TIMEX_MONTH);
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met in May.", &t), "2023-05");
    assert_string_equal(date_of(&a, "2024-04-14", "meet", "They will meet in May.", &t), "2024-05");
    assert_string_equal(date_of(&a, "2024-04-14", "meet", "They will meet in March.", &t), "2025-03");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met in 2021.", &t), "2021");
    assert_int_equal(t.precision, KH_TIMEX_YEAR);
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met last year.", &t), "2023");
    assert_string_equal(date_of(&a, "2024-01-10", "met", "They met last month.", &t), "2023-12");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on 8/9/2023.", &t), "2023-08-09");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on 2023-08-09.", &t), "2023-08-09");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on the 5th of May 2022.", &t), "2022-05-05");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met on Aug. 8.", &t), "2023-08-08");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They met three days ago.", &t), "2024-04-11");
    assert_string_equal(date_of(&a, "2024-04-14", "met", "They have met since 2019.", &t), "2019");
    assert_int_equal(t.kind, KH_TIMEX_SINCE);
    assert_string_equal(date_of(&a, "2024-04-14", "talks", "The talks will run from 3 to 5 May.", &t), "2024-05-03");
    assert_string_equal(date_of(&a, "2024-04-14", "drills", "The drills ran between March and June.", &t), "2024-03");
    /* "march" the verb and "may" the modal are not months */
    assert_string_equal(date_of(&a, "2024-04-14", "said", "Protesters may march again, police said.", &t), "2024-04-14");
    assert_int_equal(t.kind, KH_TIMEX_DEFAULT);
    /* a year needs a preposition: "2000 troops" is not a date */
    assert_string_equal(date_of(&a, "2024-04-14", "sent", "They sent 2000 troops.", &t), "2024-04-14");
    kh_arena_free(&a);
}

static void test_spans_and_no_story(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_sentence *s = kh_textfix_sentence(&a, "The deal was signed on August 8, 2023, and ratified on Monday.");
    kh_timex tx[8];
    int n = kh_timex_find(s, NULL, tx, 8);  /* no story date: only the absolute date */
    assert_int_equal(n, 1);
    assert_string_equal(tx[0].value, "2023-08-08");
    assert_int_equal(tx[0].first, word_index(s, "August"));
    assert_int_equal(tx[0].last, word_index(s, "2023"));
    kh_date st = { 2024, 4, 14 };
    n = kh_timex_find(s, &st, tx, 8);
    assert_int_equal(n, 2);
    assert_string_equal(tx[1].value, "2024-04-08");
    assert_int_equal(kh_timex_find(s, &st, tx, 1), 1);   /* max is respected */
    kh_timex t;
    assert_int_equal(kh_timex_event_date(s, 0, NULL, &t), 0);
    assert_string_equal(t.value, "2023-08-08");
    kh_sentence *plain = kh_textfix_sentence(&a, "Nothing happened here.");
    assert_int_equal(kh_timex_event_date(plain, 1, NULL, &t), -1);
    assert_string_equal(t.value, "");
    kh_arena_free(&a);
}

/* With a tree, the expression attached to the predicate wins over a nearer one. */
static void test_pick_uses_tree(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    /* "Officials said on Monday rebels attacked the base on Sunday ." */
    kh_sentence *s = kh_textfix_sentence(&a, "Officials said on Monday rebels attacked the base on Sunday .");
    static const int heads[] = { 2, 0, 4, 2, 6, 2, 8, 6, 10, 6, 2 };
    static const int upos[] = { KH_UPOS_NOUN, KH_UPOS_VERB, KH_UPOS_ADP, KH_UPOS_PROPN, KH_UPOS_NOUN,
                                KH_UPOS_VERB, KH_UPOS_DET, KH_UPOS_NOUN, KH_UPOS_ADP, KH_UPOS_PROPN,
                                KH_UPOS_PUNCT };
    assert_int_equal(s->nwords, 11);
    for (int i = 0; i < 11; i++) {
        s->words[i].head = heads[i];
        s->words[i].upos = (uint8_t)upos[i];
    }
    kh_date st = { 2024, 4, 17 };   /* a Wednesday */
    kh_timex tx[4];
    int n = kh_timex_find(s, &st, tx, 4);
    assert_int_equal(n, 2);
    assert_int_equal(kh_timex_pick(s, tx, n, 5), 1);   /* attacked -> Sunday */
    assert_int_equal(kh_timex_pick(s, tx, n, 1), 0);   /* said -> Monday */
    assert_string_equal(tx[1].value, "2024-04-14");
    /* the rebels' attack with "Monday" moved under "attacked" */
    s->words[3].head = 6;
    s->words[9].head = 2;
    assert_int_equal(kh_timex_pick(s, tx, n, 5), 0);
    kh_arena_free(&a);
}

/* Scores a test set: story_date TAB predicate TAB expected TAB sentence. */
static void score(const char *path, int *right, int *total)
{
    size_t len;
    char *text = kh_test_slurp(path, &len);
    assert_non_null(text);
    int verbose = getenv("KH_VERBOSE") != NULL;
    *right = *total = 0;
    kh_arena a;
    kh_arena_init(&a, 0);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *f[4];
        assert_int_equal(kh_textfix_fields(line, f, 4), 4);
        kh_timex t;
        kh_date st;
        assert_int_equal(kh_timex_parse_date(f[0], &st), 0);
        kh_sentence *s = kh_textfix_sentence(&a, f[3]);
        assert_non_null(s);
        int pred = word_index(s, f[1]);
        if (pred < 0)
            fail_msg("%s: predicate '%s' not in '%s'", path, f[1], f[3]);
        kh_timex_event_date(s, pred, &st, &t);
        (*total)++;
        if (strcmp(t.value, f[2]) == 0)
            (*right)++;
        else if (verbose)
            fprintf(stderr, "# miss: want %s got %s | %s | %s\n", f[2], t.value, f[0], f[3]);
        kh_arena_reset(&a);
    }
    kh_arena_free(&a);
    free(text);
}

static void test_dev_accuracy(void **state)
{
    (void)state;
    int right, total;
    score("tests/fixtures/timex/dev.tsv", &right, &total);
    fprintf(stderr, "# timex dev: %d/%d = %.1f%% exact value\n", right, total, 100.0 * right / total);
    assert_true(total >= 120);
    assert_true(right * 100 >= total * 95);
}

static void test_heldout_accuracy(void **state)
{
    (void)state;
    int right, total;
    score("tests/fixtures/timex/heldout.tsv", &right, &total);
    fprintf(stderr, "# timex heldout: %d/%d = %.1f%% exact value\n", right, total, 100.0 * right / total);
    assert_true(total >= 60);
    assert_true(right * 100 >= total * 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_story_dates),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_spans_and_no_story),
        cmocka_unit_test(test_pick_uses_tree),
        cmocka_unit_test(test_dev_accuracy),
        cmocka_unit_test(test_heldout_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
