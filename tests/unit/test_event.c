/* test_event.c - the event writers against golden files (tests/golden/):
 * JSONL in DESIGN.md's schema and the three TSV layouts. Set KH_UPDATE_GOLDEN=1
 * to rewrite the golden files after an intended change (then review the diff). */
#include "testutil.h"

#include "buf.h"
#include "event.h"

#define GOLDEN "tests/golden/"

static const char *issues[] = {"defence", "arms"};
static const char *reports[] = {"tigris-2024-04-13", "euphrates-2024-04-14", "gulf-2024-04-14"};

/* A full event, an event with nothing optional, a merged negated one. */
static void make_events(kh_event ev[3])
{
    memset(ev, 0, 3 * sizeof *ev);
    kh_event *e = &ev[0];
    e->event_id = "tigris-2024-04-13-0-1";
    e->doc_id = "tigris-2024-04-13";
    e->sentence = 0;
    e->date = "2024-04-13";
    e->date_precision = "day";
    e->source = (kh_event_actor){"IRQGOVMIL", "IRQ", "Iraq's minister of defence", "Q-abbasi"};
    e->target = (kh_event_actor){"USA", "USA", "the United States", NULL};
    e->cameo = "0212";
    e->root = "02";
    e->quad_class = 1;
    e->goldstein = 3.4;
    e->has_goldstein = 1;
    e->plover = "REQUEST";
    e->loc_name = "Washington";
    e->loc_country = "USA";
    e->lat = 38.89511;
    e->lon = -77.03637;
    e->has_latlon = 1;
    e->issues = issues;
    e->nissues = 2;
    e->sentence_text = "Iraq's minister of defence asked the United States for\tmore \"air\" defence.";
    e->span_start = 0;
    e->span_end = 72;
    e->pattern = "ASK [0212] * FOR";

    e = &ev[1];
    e->event_id = "x-1";
    e->doc_id = "x";
    e->sentence = 4;
    e->cameo = "010";
    e->root = "01";
    e->quad_class = 1;

    e = &ev[2];
    e->event_id = "m-7";
    e->doc_id = "gulf-2024-04-14";
    e->sentence = 2;
    e->date = "2024-03";
    e->date_precision = "month";
    e->source = (kh_event_actor){"TURGOV", "TUR", "Ankara", NULL};
    e->target = (kh_event_actor){"IRQ", "IRQ", "Baghdad", NULL};
    e->cameo = "040";
    e->root = "04";
    e->quad_class = 1;
    e->goldstein = 1.0;
    e->has_goldstein = 1;
    e->plover = "CONSULT";
    e->negated = 1;
    e->loc_name = "Erbil";
    e->loc_country = "IRQ";
    e->sentence_text = "Ankara has yet to meet Baghdad.";
    e->span_start = 10;
    e->span_end = 41;
    e->pattern = "MEET [040]";
    e->reports = reports;
    e->nreports = 3;
    e->extra_json = "\"confidence\":0.5";
}

static void check_golden(const char *name, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, GOLDEN "%s", name);
    const char *upd = getenv("KH_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    }
    char *want = kh_test_slurp(path, NULL);
    if (!want)
        fail_msg("cannot read %s", path);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "# %s differs; got:\n%s", path, got);
    assert_string_equal(got, want);
    free(want);
}

static void test_jsonl(void **state)
{
    (void)state;
    kh_event ev[3];
    make_events(ev);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    for (int i = 0; i < 3; i++)
        assert_int_equal(kh_event_write_jsonl(f, &ev[i]), 0);
    fclose(f);
    check_golden("events.jsonl", out);
    /* kh_event_to_json appends to what the buffer holds */
    kh_buf b = KH_BUF_INIT;
    kh_buf_puts(&b, "[");
    assert_int_equal(kh_event_to_json(&b, &ev[1]), 0);
    assert_int_equal(strncmp(b.data, "[{\"event_id\":\"x-1\",", 19), 0);
    assert_non_null(strstr(b.data, "\"location\":null"));
    assert_non_null(strstr(b.data, "\"source\":{\"code\":null,\"country\":null,\"text\":null,\"entity\":null}"));
    kh_buf_free(&b);
    free(out);
}

static void tsv(kh_tsv_layout layout, const char *golden)
{
    kh_event ev[3];
    make_events(ev);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_int_equal(kh_event_write_tsv_header(f, layout), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(kh_event_write_tsv(f, &ev[i], layout), 0);
    fclose(f);
    /* every row has as many columns as the header */
    int cols = -1;
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        assert_non_null(nl);
        int c = 1;
        for (char *p = line; p < nl; p++)
            c += *p == '\t';
        if (cols < 0)
            cols = c;
        assert_int_equal(c, cols);
        line = nl + 1;
    }
    check_golden(golden, out);
    free(out);
}

static void test_tsv_khaldun(void **state) { (void)state; tsv(KH_TSV_KHALDUN, "events.khaldun.tsv"); }
static void test_tsv_phoenix(void **state) { (void)state; tsv(KH_TSV_PHOENIX, "events.phoenix.tsv"); }
static void test_tsv_gdelt(void **state) { (void)state; tsv(KH_TSV_GDELT, "events.gdelt.tsv"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_tsv_khaldun),
        cmocka_unit_test(test_tsv_phoenix),
        cmocka_unit_test(test_tsv_gdelt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
