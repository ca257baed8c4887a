/* test_report.c - the HTML report, the event JSONL reader and the progress line. */
#include "testutil.h"

#include "progress.h"
#include "report.h"

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static kh_event make_event(const char *id, const char *date, const char *src, const char *tgt,
                           const char *cameo, int quad, double g, const char *sent,
                           const char *srctext, const char *tgttext)
{
    kh_event e;
    memset(&e, 0, sizeof e);
    e.event_id = id;
    e.doc_id = id;
    e.date = date;
    e.source.code = src;
    e.source.country = src;
    e.source.text = srctext;
    e.target.code = tgt;
    e.target.country = tgt;
    e.target.text = tgttext;
    e.cameo = cameo;
    e.quad_class = quad;
    e.goldstein = g;
    e.has_goldstein = 1;
    e.sentence_text = sent;
    e.pattern = "VISIT [042]";
    return e;
}

static void test_report_page(void **state)
{
    (void)state;
    const char *rep[] = {"d1", "d9"};
    kh_event ev[4];
    ev[0] = make_event("e1", "2024-01-10", "USA", "IRQ", "042", 1, 1.9,
                       "The envoy visited Iraq on Monday.", "The envoy", "Iraq");
    ev[0].reports = rep;
    ev[0].nreports = 2;
    ev[1] = make_event("e2", "2024-03-02", "IRQ", "USA", "111", 3, -2.0,
                       "<script>alert(1)</script> Iraq criticised Washington.", "Iraq", "Washington");
    ev[2] = make_event("e3", "2024-03-05", "TUR", "IRQ", "190", 4, -10.0, "Turkey struck.", "Turkey", NULL);
    ev[3] = make_event("e4", NULL, "USA", NULL, "010", 1, 0.0, "The US said nothing.", "The US", NULL);
    kh_report_doc docs[] = {{"d1", "2024-01-10", "Tigris News", "https://example.org/a?x=1&y=2", "Envoy visits"},
                            {"d9", NULL, "Gulf <Times>", "javascript:alert(1)", NULL}};
    kh_report_input in = {ev, 4, docs, 2, "Test <report>", NULL, 0, 0};
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_report_write(&b, &in), 0);
    const char *h = b.data;
    assert_int_equal(count(h, "<article class=\"kh-event"), 4);
    /* dyads: IRQ-USA (2 events) and IRQ-TUR (1); the event without a target has none */
    assert_int_equal(count(h, "class=\"card kh-dyad\""), 2);
    assert_non_null(strstr(h, "data-dyads=\"2\""));
    /* 1 timeline + 2 dyad plots */
    assert_int_equal(count(h, "<svg "), 3);
    /* the injected script stays text, everywhere */
    assert_int_equal(count(h, "<script"), 0);
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(h, "<title>Test &lt;report&gt;</title>"));
    assert_non_null(strstr(h, "Gulf &lt;Times&gt;"));
    /* only http(s) links; the javascript: URL is not a link */
    assert_non_null(strstr(h, "href=\"https://example.org/a?x=1&amp;y=2\""));
    assert_null(strstr(h, "href=\"javascript"));
    /* codes in words, highlights, CSP, the undated event noted */
    assert_non_null(strstr(h, "<code>042</code> Make a visit"));
    assert_non_null(strstr(h, "<mark class=\"src\">The envoy</mark>"));
    assert_non_null(strstr(h, "<mark class=\"pred\">visited</mark>"));
    assert_non_null(strstr(h, "<mark class=\"tgt\">Iraq</mark>"));
    assert_non_null(strstr(h, "Content-Security-Policy\" content=\"default-src 'none'"));
    assert_non_null(strstr(h, "1 event without a date is not shown"));
    assert_non_null(strstr(h, "2 reports:"));
    /* the dates span under 3 months and all are days: weeks */
    assert_non_null(strstr(h, "per week"));
    /* deterministic */
    kh_buf b2 = KH_BUF_INIT;
    assert_int_equal(kh_report_write(&b2, &in), 0);
    assert_string_equal(b.data, b2.data);
    kh_buf_free(&b);
    kh_buf_free(&b2);
}

static void test_report_empty(void **state)
{
    (void)state;
    kh_report_input in;
    memset(&in, 0, sizeof in);
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_report_write(&b, &in), 0);
    assert_int_equal(count(b.data, "<article"), 0);
    assert_non_null(strstr(b.data, "No events."));
    assert_non_null(strstr(b.data, "</html>"));
    kh_buf_free(&b);
}

static void test_load_jsonl(void **state)
{
    (void)state;
    char path[] = "/tmp/kh_test_report_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"event_id\":\"a\",\"date\":\"2024-04\",\"cameo\":\"0212\",\"source\":{\"code\":\"IRQGOV\","
          "\"country\":\"IRQ\",\"text\":\"Iraq\",\"entity\":\"Q1\"},\"reports\":[\"x\",\"y\"],"
          "\"predicate\":\"asked\",\"goldstein\":3.4}\n\n"
          "{\"cameo\": 12}\n"
          "not json\n"
          "{\"event_id\":\"b\",\"cameo\":\"190\"}\n", f);
    fclose(f);
    char *msg = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msg, &msglen);
    kh_diag d;
    kh_diag_init(&d, mf);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_events ev = {NULL, 0, 0};
    assert_int_equal(kh_report_load_jsonl(path, &a, &ev, &d, NULL), 1);
    fclose(mf);
    assert_int_equal(ev.n, 2);
    assert_string_equal(ev.ev[0].cameo, "0212");
    assert_string_equal(ev.ev[0].root, "02");
    assert_string_equal(ev.ev[0].source.entity, "Q1");
    assert_int_equal(ev.ev[0].nreports, 2);
    assert_true(ev.ev[0].has_goldstein && ev.ev[0].goldstein > 3.3);
    assert_non_null(strstr(ev.ev[0].extra_json, "\"predicate\":\"asked\""));
    assert_int_equal(ev.ev[1].quad_class, 4);   /* from the CAMEO table */
    assert_int_equal(d.nerrors, 2);
    assert_non_null(strstr(msg, ":3: error: no valid \"cameo\""));
    assert_non_null(strstr(msg, ":4: error: bad JSON"));
    /* a copy survives its source */
    kh_arena a2;
    kh_arena_init(&a2, 0);
    kh_event c;
    assert_int_equal(kh_report_event_copy(&a2, &c, &ev.ev[0]), 0);
    kh_arena_free(&a);
    assert_string_equal(c.reports[1], "y");
    assert_string_equal(c.source.code, "IRQGOV");
    kh_arena_free(&a2);
    free(msg);
    unlink(path);
    kh_diag_init(&d, NULL);
    kh_arena_init(&a, 0);
    assert_int_equal(kh_report_load_jsonl("/nonexistent/x.jsonl", &a, &ev, &d, NULL), -1);
    kh_arena_free(&a);
}

static void test_progress_format(void **state)
{
    (void)state;
    char line[160];
    kh_progress_format(line, sizeof line, 1204, 18310, 2107, 41, 100, 10.0);
    assert_string_equal(line, "1,204 docs  18,310 sentences  2,107 events  120 docs/s  41% 00:14 left");
    kh_progress_format(line, sizeof line, 0, 0, 5, 0, 0, 0.0);
    assert_string_equal(line, "5 events");
    kh_progress_format(line, 12, 1204, 18310, 2107, 0, 0, 1.0);
    assert_int_equal(strlen(line), 11);   /* truncated, terminated */
}

static void test_progress_draws(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    kh_progress p;
    /* a memstream is not a terminal: AUTO draws nothing */
    kh_progress_init(&p, f, KH_PROGRESS_AUTO);
    kh_progress_update_at(&p, 1, 1, 1, 0, 100.0);
    assert_int_equal(p.draws, 0);
    kh_progress_init(&p, f, KH_PROGRESS_QUIET);
    kh_progress_update_at(&p, 1, 1, 1, 0, 100.0);
    assert_int_equal(p.draws, 0);
    fflush(f);
    assert_int_equal(len, 0);
    /* forced: at most one draw per 250 ms */
    kh_progress_init(&p, f, KH_PROGRESS_FORCE);
    kh_progress_update_at(&p, 1, 2, 3, 0, 100.0);
    kh_progress_update_at(&p, 2, 4, 6, 0, 100.1);
    kh_progress_update_at(&p, 3, 6, 9, 0, 100.2);
    assert_int_equal(p.draws, 1);
    kh_progress_update_at(&p, 4, 8, 12, 0, 100.3);
    assert_int_equal(p.draws, 2);
    kh_progress_finish(&p);
    kh_progress_update_at(&p, 5, 9, 13, 0, 200.0);
    assert_int_equal(p.draws, 2);
    fclose(f);
    assert_non_null(strstr(out, "\r1 docs  2 sentences  3 events"));
    assert_non_null(strstr(out, "\r4 docs  8 sentences  12 events"));
    /* ends by erasing its line */
    assert_int_equal(strcmp(out + strlen(out) - 4, "\r\033[K"), 0);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_page),
        cmocka_unit_test(test_report_empty),
        cmocka_unit_test(test_load_jsonl),
        cmocka_unit_test(test_progress_format),
        cmocka_unit_test(test_progress_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
