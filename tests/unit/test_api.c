/* test_api.c - the public API of include/khaldun.h: open with the bundled model and
 * dictionaries, code a JSON document, refuse bad documents with a reason. */
#include "testutil.h"

#include "khaldun.h"

static khaldun *open_or_skip(void)
{
    if (access("data/models/en_ewt.khm", R_OK) != 0 || access("data/dict", R_OK) != 0) {
        fprintf(stderr, "# SKIP: data/models/en_ewt.khm or data/dict is absent (run from the repository)\n");
        skip();
    }
    char err[512] = "";
    khaldun_config cfg = {.data_dir = "data"};
    khaldun *k = khaldun_open(&cfg, err, sizeof err);
    if (!k)
        fail_msg("khaldun_open: %s", err);
    return k;
}

static void test_codes_a_document(void **state)
{
    (void)state;
    khaldun *k = open_or_skip();
    char err[512] = "";
    char *out = NULL;
    /* Pretty-printed on purpose: the API accepts any JSON object, not only JSONL lines. */
    int n = khaldun_code_json(k,
                              "{\n  \"id\": \"api-1\",\n  \"date\": \"2024-04-13\",\n"
                              "  \"text\": \"Turkey condemned Syria on Saturday.\"\n}",
                              &out, err, sizeof err);
    assert_true(n >= 1);
    assert_non_null(out);
    assert_non_null(strstr(out, "\"doc_id\":\"api-1\""));
    assert_non_null(strstr(out, "\"code\":\"TUR\""));
    assert_non_null(strstr(out, "\"code\":\"SYR\""));
    assert_non_null(strstr(out, "\"root\":\"11\""));
    assert_non_null(strstr(out, "\"date\":\"2024-04-13\""));   /* the Saturday of the story */
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, n);
    free(out);
    khaldun_close(k);
}

static void test_refuses_bad_documents(void **state)
{
    (void)state;
    khaldun *k = open_or_skip();
    char err[512] = "";
    char *out = (char *)1;
    assert_int_equal(khaldun_code_json(k, "{\"id\": \"x\", \"text\": ", &out, err, sizeof err), -1);
    assert_null(out);
    assert_non_null(strstr(err, "line 1"));
    err[0] = '\0';
    assert_int_equal(khaldun_code_json(k, "[1, 2]", &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "expected a JSON object"));
    err[0] = '\0';
    assert_int_equal(khaldun_code_json(k, "{\"id\": \"x\"}", &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "text"));
    khaldun_close(k);
}

static void test_open_reports_a_missing_model(void **state)
{
    (void)state;
    char err[512] = "";
    khaldun_config cfg = {.data_dir = "data", .model_path = "/nonexistent/model.khm"};
    assert_null(khaldun_open(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/model.khm"));
    assert_string_equal(khaldun_version(), "0.1.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_a_document),
        cmocka_unit_test(test_refuses_bad_documents),
        cmocka_unit_test(test_open_reports_a_missing_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
