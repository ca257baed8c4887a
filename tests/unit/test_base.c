/* test_base.c - arena, buffer, diagnostics and document model. */
#include "testutil.h"

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "doc.h"

static void test_arena_alignment_and_strings(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 1024);
    for (int i = 1; i < 200; i++) {
        void *p = kh_arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    char *big = kh_arena_alloc(&a, 100000);   /* larger than a chunk */
    assert_non_null(big);
    memset(big, 'x', 100000);
    char *s = kh_arena_strndup(&a, "hello world", 5);
    assert_string_equal(s, "hello");
    int *grown = kh_arena_grow(&a, NULL, 0, 4, sizeof(int));
    grown[3] = 7;
    grown = kh_arena_grow(&a, grown, 4, 100, sizeof(int));
    assert_int_equal(grown[3], 7);
    kh_arena_reset(&a);
    assert_non_null(kh_arena_calloc(&a, 10, 10));
    kh_arena_free(&a);
    assert_null(a.head);
}

static void test_buf_json_escape(void **state)
{
    (void)state;
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_buf_json_str(&b, "a\"b\\c\n\x01", 7), 0);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    kh_buf_clear(&b);
    assert_int_equal(kh_buf_printf(&b, "%d-%s", 42, "x"), 0);
    assert_string_equal(b.data, "42-x");
    kh_buf_clear(&b);
    kh_buf_tsv_field(&b, "a\tb\nc");
    assert_string_equal(b.data, "a b c");
    kh_buf_free(&b);
}

static void test_diag_names_file_and_line(void **state)
{
    (void)state;
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    kh_diag d;
    kh_diag_init(&d, f);
    kh_diag_error(&d, "in.jsonl", 12, "broken JSON: %s", "unexpected end");
    fclose(f);
    assert_string_equal(mem, "in.jsonl:12: error: broken JSON: unexpected end\n");
    assert_int_equal(d.nerrors, 1);
    assert_false(kh_diag_should_stop(&d));
    d.strict = 1;
    assert_true(kh_diag_should_stop(&d));
    free(mem);
}

static void test_upos_names_round_trip(void **state)
{
    (void)state;
    for (int i = 1; i < KH_UPOS_COUNT; i++)
        assert_int_equal(kh_upos_from_name(kh_upos_name(i)), i);
    assert_int_equal(kh_upos_from_name("NOPE"), KH_UPOS_NONE);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    for (int i = 0; i < 100; i++)
        assert_non_null(kh_doc_add_sentence(&d));
    assert_int_equal(d.nsents, 100);
    kh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alignment_and_strings),
        cmocka_unit_test(test_buf_json_escape),
        cmocka_unit_test(test_diag_names_file_and_line),
        cmocka_unit_test(test_upos_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
