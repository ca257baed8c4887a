/* test_serve.c - the HTTP routes without sockets: status codes, JSON bodies, filters,
 * limits and errors. */
#include "testutil.h"

#include <jansson.h>

#include "pipeline.h"
#include "report.h"
#include "serve.h"

static kh_event evs[3];

static void fill_events(void)
{
    memset(evs, 0, sizeof evs);
    const char *codes[] = {"042", "111", "0212"};
    const char *dates[] = {"2024-01-05", "2024-02-10", "2024-03-15"};
    const char *src[] = {"USAGOV", "IRQGOV", "TURMIL"};
    const char *tgt[] = {"IRQ", "USA", "IRQ"};
    for (int i = 0; i < 3; i++) {
        evs[i].event_id = codes[i];
        evs[i].cameo = codes[i];
        evs[i].root = i == 2 ? "02" : i == 1 ? "11" : "04";
        evs[i].date = dates[i];
        evs[i].source.code = src[i];
        evs[i].source.country = i == 0 ? "USA" : i == 1 ? "IRQ" : "TUR";
        evs[i].source.text = i == 1 ? "Iraqi ministers" : "officials";
        evs[i].target.code = tgt[i];
        evs[i].target.country = tgt[i];
        evs[i].quad_class = 1;
    }
}

static kh_service *memory_service(const kh_pipeline *pl, size_t max_body)
{
    fill_events();
    kh_service_opts o;
    memset(&o, 0, sizeof o);
    o.events = evs;
    o.nevents = 3;
    o.pipeline = pl;
    o.max_body = max_body;
    char err[256];
    kh_service *s = kh_service_new(&o, err, sizeof err);
    assert_non_null(s);
    return s;
}

/* GET path?args and the JSON answer (NULL unless JSON). */
static json_t *get(kh_service *s, const char *path, const kh_serve_arg *args, int n, int *status)
{
    kh_serve_response r;
    assert_int_equal(kh_service_handle(s, "GET", path, args, n, NULL, 0, &r), 0);
    *status = r.status;
    json_t *j = strcmp(r.content_type, "application/json") == 0 ? json_loads(r.body.data, 0, NULL) : NULL;
    kh_serve_response_free(&r);
    return j;
}

static void test_routes_and_methods(void **state)
{
    (void)state;
    kh_service *s = memory_service(NULL, 0);
    int st;
    json_t *j = get(s, "/health", NULL, 0, &st);
    assert_int_equal(st, 200);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
    assert_true(json_is_false(json_object_get(j, "coder")));
    assert_int_equal(json_integer_value(json_object_get(j, "max_body")), 1 << 20);
    json_decref(j);
    j = get(s, "/nope", NULL, 0, &st);
    assert_int_equal(st, 404);
    assert_non_null(strstr(json_string_value(json_object_get(j, "error")), "/nope"));
    json_decref(j);
    kh_serve_response r;
    kh_service_handle(s, "POST", "/events", NULL, 0, "{}", 2, &r);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "GET, HEAD");
    kh_serve_response_free(&r);
    kh_service_handle(s, "GET", "/code", NULL, 0, NULL, 0, &r);
    assert_int_equal(r.status, 405);
    assert_string_equal(r.allow, "POST");
    kh_serve_response_free(&r);
    /* no coder: 503 */
    kh_service_handle(s, "POST", "/code", NULL, 0, "{}", 2, &r);
    assert_int_equal(r.status, 503);
    kh_serve_response_free(&r);
    /* the report */
    kh_service_handle(s, "GET", "/", NULL, 0, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.content_type, "text/html; charset=utf-8");
    assert_non_null(strstr(r.body.data, "data-events=\"3\""));
    kh_serve_response_free(&r);
    kh_service_free(s);
}

static void test_events_filters(void **state)
{
    (void)state;
    kh_service *s = memory_service(NULL, 0);
    int st;
    json_t *j = get(s, "/events", NULL, 0, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_array_size(json_object_get(j, "events")), 3);
    json_decref(j);
    kh_serve_arg dyad[] = {{"dyad", "USA,IRQ"}};
    j = get(s, "/events", dyad, 1, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "events"), 0), "cameo")),
                        "042");
    json_decref(j);
    kh_serve_arg dates[] = {{"from", "2024-02"}, {"to", "2024-03-01"}};
    j = get(s, "/events", dates, 2, &st);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    json_decref(j);
    kh_serve_arg root[] = {{"root", "02"}};
    j = get(s, "/events", root, 1, &st);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    json_decref(j);
    kh_serve_arg actor[] = {{"actor", "iraqi"}};
    j = get(s, "/events", actor, 1, &st);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 1);
    json_decref(j);
    kh_serve_arg limit[] = {{"limit", "2"}};
    j = get(s, "/events", limit, 1, &st);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
    json_decref(j);
    /* bad parameters: 400 with a reason */
    kh_serve_arg bad[][1] = {{{"root", "99"}}, {{"from", "yesterday"}}, {{"dyad", "USA"}},
                             {{"colour", "red"}}, {{"limit", "0"}}};
    for (int i = 0; i < 5; i++) {
        j = get(s, "/events", bad[i], 1, &st);
        assert_int_equal(st, 400);
        assert_non_null(json_string_value(json_object_get(j, "error")));
        json_decref(j);
    }
    j = get(s, "/actors", NULL, 0, &st);
    assert_int_equal(st, 200);
    /* IRQ (3 events: twice a target, once the source IRQGOV is another actor) */
    assert_true(json_integer_value(json_object_get(j, "count")) >= 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "actors"), 0), "id")),
                        "IRQ");
    json_decref(j);
    kh_service_free(s);
}

static void test_code_errors_and_limits(void **state)
{
    (void)state;
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.no_model = 1;
    kh_pipeline *pl = kh_pipeline_wrap(NULL, NULL, &po);
    assert_non_null(pl);
    kh_service *s = memory_service(pl, 64);
    kh_serve_response r;
    const char *bad = "{\"id\": \"a\", \"text\": }";
    kh_service_handle(s, "POST", "/code", NULL, 0, bad, strlen(bad), &r);
    assert_int_equal(r.status, 400);
    json_t *j = json_loads(r.body.data, 0, NULL);
    const char *msg = json_string_value(json_object_get(j, "error"));
    assert_non_null(strstr(msg, "malformed JSON at line 1, column"));
    json_decref(j);
    kh_serve_response_free(&r);
    kh_service_handle(s, "POST", "/code", NULL, 0, "[1]", 3, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body.data, "document 1 is not a JSON object"));
    kh_serve_response_free(&r);
    kh_service_handle(s, "POST", "/code", NULL, 0, "\"text\"", 6, &r);
    assert_int_equal(r.status, 400);
    kh_serve_response_free(&r);
    char big[100];
    memset(big, ' ', sizeof big);
    kh_service_handle(s, "POST", "/code", NULL, 0, big, sizeof big, &r);
    assert_int_equal(r.status, 413);
    kh_serve_response_free(&r);
    /* a good document without a model: read, its sentences skipped, no events */
    const char *doc = "[{\"id\":\"d1\",\"text\":\"Iraq thanked Turkey.\"}]";
    kh_service_handle(s, "POST", "/code", NULL, 0, doc, strlen(doc), &r);
    assert_int_equal(r.status, 200);
    j = json_loads(r.body.data, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_array_size(json_object_get(j, "events")), 0);
    json_t *c = json_object_get(j, "counts");
    assert_int_equal(json_integer_value(json_object_get(c, "documents")), 1);
    assert_int_equal(json_integer_value(json_object_get(c, "events")), 0);
    json_decref(j);
    kh_serve_response_free(&r);
    /* a document the reader refuses (no text) is counted and explained */
    const char *notext = "{\"id\":\"d2\"}";
    kh_service_handle(s, "POST", "/code", NULL, 0, notext, strlen(notext), &r);
    assert_int_equal(r.status, 200);
    j = json_loads(r.body.data, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "counts"), "documents")), 0);
    assert_true(json_array_size(json_object_get(j, "messages")) >= 1);
    json_decref(j);
    kh_serve_response_free(&r);
    kh_service_free(s);
    kh_pipeline_close(pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes_and_methods),
        cmocka_unit_test(test_events_filters),
        cmocka_unit_test(test_code_errors_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
