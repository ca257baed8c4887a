/* test_reader.c - the document readers: each format on fixtures written for
 * these tests (tests/fixtures/formats), every kind of bad input with its exact
 * message and the document after it still read, dates, detection, and the
 * shared validation files when present. */
#include "testutil.h"

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "reader.h"

#define FIX "tests/fixtures/formats/"

/* Everything a reader produced: documents (id|date|text|gold|extra lines) and messages. */
typedef struct run {
    char *docs;     /* one line per document: id|date|text|gold (\n in gold as ;)|extra */
    char *msgs;
    long nread, nrejected;
    int ndocs;
    char ids[64][64];
} run;

static void put_field(FILE *f, const char *s)
{
    for (; s && *s; s++)
        fputc(*s == '\n' ? ';' : *s == '\t' ? ',' : *s, f);
}

static void read_all(run *out, kh_reader *r, kh_diag *d)
{
    char *docs = NULL;
    size_t dl = 0;
    FILE *fd = open_memstream(&docs, &dl);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    int rc;
    out->ndocs = 0;
    while ((rc = kh_reader_next(r, &a, &doc)) == 1) {
        put_field(fd, doc.id);
        fputc('|', fd);
        put_field(fd, doc.date ? doc.date : "-");
        fputc('|', fd);
        put_field(fd, doc.text);
        fputc('|', fd);
        put_field(fd, doc.gold);
        fputc('|', fd);
        put_field(fd, doc.extra_json);
        fputc('\n', fd);
        assert_int_equal(strlen(doc.text), doc.text_len);
        if (out->ndocs < 64)
            snprintf(out->ids[out->ndocs], 64, "%s", doc.id);
        out->ndocs++;
        kh_arena_reset(&a);
    }
    assert_int_equal(rc, 0);
    fclose(fd);
    out->docs = docs;
    out->nread = kh_reader_count_read(r);
    out->nrejected = kh_reader_count_rejected(r);
    assert_int_equal(out->nread, out->ndocs);
    kh_arena_free(&a);
    (void)d;
}

static void run_file(run *out, const char *path, const kh_read_opts *opts)
{
    size_t ml = 0;
    FILE *fm = open_memstream(&out->msgs, &ml);
    kh_diag d;
    kh_diag_init(&d, fm);
    kh_reader *r = kh_reader_open(path, opts, &d);
    assert_non_null(r);
    read_all(out, r, &d);
    kh_reader_close(r);
    fclose(fm);
}

static void run_mem(run *out, const char *name, const char *data, size_t n, const kh_read_opts *opts)
{
    size_t ml = 0;
    FILE *fm = open_memstream(&out->msgs, &ml);
    FILE *in = fmemopen((void *)data, n, "r");
    assert_non_null(in);
    kh_diag d;
    kh_diag_init(&d, fm);
    kh_reader *r = kh_reader_open_stream(in, name, opts, &d);
    assert_non_null(r);
    read_all(out, r, &d);
    kh_reader_close(r);
    fclose(in);
    fclose(fm);
}

static void run_free(run *r)
{
    free(r->docs);
    free(r->msgs);
}

static void expect(run *r, const char *docs, const char *msgs)
{
    if (strcmp(r->docs, docs) != 0)
        fprintf(stderr, "# docs got:\n%s", r->docs);
    if (strcmp(r->msgs, msgs) != 0)
        fprintf(stderr, "# messages got:\n%s", r->msgs);
    assert_string_equal(r->docs, docs);
    assert_string_equal(r->msgs, msgs);
}

/* ---- JSONL ---- */

static void test_jsonl_fixture(void **state)
{
    (void)state;
    run r;
    run_file(&r, FIX "mixed.jsonl", NULL);
    expect(&r,
           "a1|2024-04-13|Iraqi Defence Minister Thabet al-Abbasi visited Washington on Saturday.||"
           "{\"lang\":\"en\",\"tags\":[\"defence\",\"visit\"]}\n"
           "mixed.jsonl:5|2024-04-14|No id here, so the reader makes one.||\n"
           "7|2024-04-15|A numeric id and an ISO date-time.||\n",
           FIX "mixed.jsonl:2: error: broken JSON: premature end of input near '\"This line is cut' (column 35)\n"
           FIX "mixed.jsonl:3: error: document has no \"text\"\n"
           FIX "mixed.jsonl:4: error: date '13/04/2024' does not parse (YYYY-MM-DD, YYYYMMDD or ISO 8601)\n"
           FIX "mixed.jsonl:6: error: \"text\" is not a string\n");
    assert_int_equal(r.nread, 3);
    assert_int_equal(r.nrejected, 4);
    run_free(&r);
}

static void test_jsonl_bad_bytes(void **state)
{
    (void)state;
    /* a NUL byte, invalid UTF-8, an over-long line: each rejected, the next read */
    char data[4096];
    size_t n = 0;
    static const char nul_line[] = "{\"id\":\"b1\",\"te\0t\":\"x\"}\n";
    n += (size_t)sprintf(data + n, "{\"id\":\"g1\",\"text\":\"one\"}\n");
    memcpy(data + n, nul_line, sizeof nul_line - 1);
    n += sizeof nul_line - 1;
    n += (size_t)sprintf(data + n, "{\"id\":\"b2\",\"text\":\"caf\xe9\"}\n");
    n += (size_t)sprintf(data + n, "{\"id\":\"b3\",\"text\":\"");
    memset(data + n, 'x', 1000);
    n += 1000;
    n += (size_t)sprintf(data + n, "\"}\n{\"id\":\"g2\",\"text\":\"two\"}");   /* no final newline */
    kh_read_opts o = {KH_FMT_AUTO, NULL, 200, 0};
    run r;
    run_mem(&r, "mem.jsonl", data, n, &o);
    expect(&r, "g1|-|one||\ng2|-|two||\n",
           "mem.jsonl:2: error: NUL byte in line (binary data?)\n"
           "mem.jsonl:3: error: broken JSON: unable to decode byte 0xe9 near '\"caf' (column 22)\n"
           "mem.jsonl:4: error: line of 1021 bytes is longer than the limit (200); skipped\n");
    assert_int_equal(r.nrejected, 3);
    run_free(&r);
}

static void test_empty_input(void **state)
{
    (void)state;
    run r;
    run_mem(&r, "empty.jsonl", "", 0, NULL);
    expect(&r, "", "empty.jsonl:1: error: empty input (no documents)\n");
    assert_int_equal(r.nrejected, 1);
    run_free(&r);
}

/* ---- plain text ---- */

static void test_text_file(void **state)
{
    (void)state;
    run r;
    run_file(&r, FIX "2024-04-14_signing.txt", NULL);
    expect(&r, "2024-04-14_signing|2024-04-14|Iraq and the United States signed a defence agreement "
               "on Sunday.;The text has two lines.;||\n", "");
    run_free(&r);
    kh_read_opts o = {KH_FMT_AUTO, "20230101", 0, 0};
    run_file(&r, FIX "2024-04-14_signing.txt", &o);
    assert_non_null(strstr(r.docs, "|2023-01-01|"));
    run_free(&r);
    /* binary data in a text file */
    run_mem(&r, "bin.txt", "abc\0def\n", 8, NULL);
    expect(&r, "", "bin.txt:1: error: NUL byte in text (binary data?)\n");
    run_free(&r);
    run_mem(&r, "latin1.txt", "ok\nna\xefve\n", 9, NULL);
    expect(&r, "", "latin1.txt:2: error: invalid UTF-8 (byte 0xef at column 3)\n");
    run_free(&r);
}

/* ---- PETRARCH XML ---- */

typedef struct configs {
    char log[512];
} configs;

static void on_config(void *ctx, const char *option, const char *value, const char *file, long line)
{
    configs *c = ctx;
    size_t n = strlen(c->log);
    snprintf(c->log + n, sizeof c->log - n, "%ld:%s=%s;", line, option, value);
}

static void test_petrarch_fixture(void **state)
{
    (void)state;
    char *msgs = NULL;
    size_t ml = 0;
    FILE *fm = open_memstream(&msgs, &ml);
    kh_diag d;
    kh_diag_init(&d, fm);
    kh_reader *rd = kh_reader_open(FIX "small.xml", NULL, &d);
    assert_non_null(rd);
    assert_int_equal(kh_reader_format(rd), KH_FMT_PETRARCH_XML);
    configs c = {""};
    kh_reader_on_config(rd, on_config, &c);
    run r;
    r.msgs = NULL;
    read_all(&r, rd, &d);
    const kh_petrarch_env *env = kh_reader_petrarch_env(rd);
    assert_non_null(env);
    assert_string_equal(env->verbfile, "verbs.txt");
    assert_string_equal(env->actorfile, "actors.txt");
    assert_null(env->agentfile);
    assert_string_equal(env->include, "valid DEMO VERB");
    kh_reader_close(rd);
    fclose(fm);
    r.msgs = msgs;
    expect(&r,
           "X-01|2024-04-13|Iraq's defence minister visited Washington & met officials.|"
           "IRQGOV,USA,042;USA,IRQGOV,043|\n"
           "X-03|2024-04-15|BAGHDAD, April 15|error:dateline|{\"sentence\":false}\n"
           "X-06|2024-04-17|Iraq criticised Turkey.|IRQ,TUR,111|\n",
           FIX "small.xml:23: error: record not terminated (a new <Sentence> starts at line 29)\n"
           FIX "small.xml:35: error: broken record: unknown entity 'entity'\n"
           FIX "small.xml:37: error: record X-05: date '2024-99-01' does not parse\n");
    assert_string_equal(c.log, "7:require_dyad=True;33:new_actor_length=4;");
    assert_int_equal(r.nrejected, 3);
    run_free(&r);
}

static void test_petrarch_unterminated_at_end(void **state)
{
    (void)state;
    const char *xml = "<Sentences>\n<Sentence id=\"A\" date=\"20240101\"><Text>One.</Text></Sentence>\n"
                      "<Sentence id=\"B\" date=\"20240102\">\n<Text>Two.</Text>\n";
    run r;
    run_mem(&r, "cut.xml", xml, strlen(xml), NULL);
    expect(&r, "A|2024-01-01|One.||\n",
           "cut.xml:3: error: record not terminated (no </Sentence> before the end of the file)\n");
    run_free(&r);
}

/* The suites write a multiword name with underscores, as their dictionaries do: an
 * underscore between two letters or digits is read as a blank. */
static void test_petrarch_underscore_names(void **state)
{
    (void)state;
    const char *xml = "<Sentences>\n<Sentence id=\"U\" date=\"20240101\"><Text>The Lord of "
                      "Minas_Vale_2 met _Bree_.</Text></Sentence>\n</Sentences>\n";
    run r;
    run_mem(&r, "u.xml", xml, strlen(xml), NULL);
    expect(&r, "U|2024-01-01|The Lord of Minas Vale 2 met _Bree_.||\n", "");
    run_free(&r);
}

/* ---- TABARI ---- */

static void test_tabari_fixture(void **state)
{
    (void)state;
    char *msgs = NULL;
    size_t ml = 0;
    FILE *fm = open_memstream(&msgs, &ml);
    kh_diag d;
    kh_diag_init(&d, fm);
    kh_reader *rd = kh_reader_open(FIX "small.text", NULL, &d);
    assert_non_null(rd);
    assert_int_equal(kh_reader_format(rd), KH_FMT_TABARI);
    configs c = {""};
    kh_reader_on_config(rd, on_config, &c);
    run r;
    read_all(&r, rd, &d);
    kh_reader_close(rd);
    fclose(fm);
    r.msgs = msgs;
    expect(&r,
           "KH-01|2024-04-13|Iraq's defence minister visited Washington on Saturday.|"
           "IRQGOV,USA,042,2024-04-13;USA,IRQGOV,043|\n"
           "KH-02|2024-04-14||option:SET: TIME SHIFT = FALSE|\n"
           "KH-03|2024-04-15|Baghdad said nothing.|null|{\"docid\":\"DOC-0001\"}\n"
           "KH-04|2024-04-16|A complex one.|unchecked:IRQ,USA,036;unchecked:USA,IRQ,043|\n"
           "KH-06|2024-04-17|Last record, no comment block.||\n",
           FIX "small.text:16: error: record does not start with a 'DATE ID' header\n"
           FIX "small.text:28: error: record KH-05: date '241399' does not parse\n");
    assert_string_equal(c.log, "13:tabari=SET: TIME SHIFT = FALSE;");
    run_free(&r);
}

/* ---- CoNLL-U documents ---- */

static void test_conllu_documents(void **state)
{
    (void)state;
    kh_diag d;
    kh_diag_init(&d, NULL);
    kh_reader *rd = kh_reader_open(FIX "two.conllu", NULL, &d);
    assert_non_null(rd);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    assert_int_equal(kh_reader_next(rd, &a, &doc), 1);
    assert_string_equal(doc.id, "doc-a");
    assert_string_equal(doc.text, "Iraq signed. It's done.");
    assert_int_equal(doc.nsents, 2);
    const kh_sentence *s = &doc.sents[1];
    assert_int_equal(s->start, 13);
    /* "It" and "'s" share the span of the token "It's" */
    assert_int_equal(s->words[0].start, 13);
    assert_int_equal(s->words[1].end, 17);
    assert_memory_equal(doc.text + s->words[2].start, "done", 4);
    assert_int_equal(s->words[2].head, 0);
    kh_arena_reset(&a);
    /* the first sentence of doc-b is malformed: doc-b still begins at the next one */
    assert_int_equal(kh_reader_next(rd, &a, &doc), 1);
    assert_string_equal(doc.id, "doc-b");
    assert_string_equal(doc.text, "Turkey protested.");
    assert_int_equal(doc.nsents, 1);
    assert_int_equal(kh_reader_next(rd, &a, &doc), 0);
    assert_int_equal(kh_reader_count_rejected(rd), 1);
    assert_int_equal(d.nerrors, 1);
    kh_reader_close(rd);
    kh_arena_free(&a);
}

/* ---- dates and detection ---- */

static void test_dates(void **state)
{
    (void)state;
    char out[11];
    static const char *const good[][2] = {
        {"2024-04-13", "2024-04-13"}, {"20240413", "2024-04-13"}, {"240413", "2024-04-13"},
        {"950101", "1995-01-01"}, {"2024-04-13T10:30:00Z", "2024-04-13"},
        {"2024-04-13 10:30", "2024-04-13"}, {"2024-02-29", "2024-02-29"}, {" 20000229 ", "2000-02-29"},
        {"2024-04-13T10:30:00+03:00", "2024-04-13"}};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        assert_int_equal(kh_date_normalize(good[i][0], out), 0);
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {"", "2024-13-01", "2023-02-29", "1900-02-29", "13/04/2024",
                                      "April 13", "2024-04-31", "9501201", "2024-04-13Tnoon", "20240413x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(kh_date_normalize(bad[i], out), -1);
}

static void test_detection(void **state)
{
    (void)state;
    static const struct { const char *data; kh_format f; } cases[] = {
        {"{\"text\":\"x\"}\n", KH_FMT_JSONL},
        {"<Validation>\n", KH_FMT_PETRARCH_XML},
        {"# newdoc id = x\n", KH_FMT_CONLLU},
        {"1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n", KH_FMT_CONLLU},
        {"950101  DEMO-01\nText.\n", KH_FMT_TABARI},
        {"#####\n# banner\n\n950101 X-1\nText.\n", KH_FMT_TABARI},
        {"Plain news text.\n", KH_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        FILE *in = fmemopen((void *)cases[i].data, strlen(cases[i].data), "r");
        kh_diag d;
        kh_diag_init(&d, NULL);
        kh_reader *r = kh_reader_open_stream(in, "-", NULL, &d);
        assert_int_equal(kh_reader_format(r), cases[i].f);
        kh_reader_close(r);
        fclose(in);
    }
    assert_int_equal(kh_format_from_name("tabari"), KH_FMT_TABARI);
    assert_int_equal((int)kh_format_from_name("nope"), -1);
    assert_string_equal(kh_format_name(KH_FMT_PETRARCH_XML), "petrarch");
}

/* ---- the shared validation files ---- */

typedef struct gold_counts {
    int records, with_events, events, noevents, errors, none;
} gold_counts;

static gold_counts count_gold(const char *path, long *rejected)
{
    gold_counts g = {0, 0, 0, 0, 0, 0};
    kh_diag d;
    kh_diag_init(&d, NULL);
    kh_reader *r = kh_reader_open(path, NULL, &d);
    assert_non_null(r);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    while (kh_reader_next(r, &a, &doc) == 1) {
        g.records++;
        int ev = 0;
        for (const char *p = doc.gold; p && *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            if (memchr(p, '\t', n) && strncmp(p, "unchecked:", 10) != 0)
                ev++;
            else if (n == 8 && strncmp(p, "noevents", 8) == 0)
                g.noevents++;
            else if (strncmp(p, "error:", 6) == 0)
                g.errors++;
            p = nl ? nl + 1 : p + n;
        }
        g.events += ev;
        g.with_events += ev > 0;
        g.none += doc.gold == NULL;
        kh_arena_reset(&a);
    }
    *rejected = kh_reader_count_rejected(r);
    kh_reader_close(r);
    kh_arena_free(&a);
    return g;
}

static void test_shared_petrarch(void **state)
{
    (void)state;
    char path[1024];
    KH_SHARED_OR_SKIP(path, "data/validation/petrarch/PETR.UnitTest.records.xml");
    long rej;
    gold_counts g = count_gold(path, &rej);
    /* the figures of ../shared/data/validation/README.md */
    assert_int_equal(rej, 0);
    assert_int_equal(g.records, 284);
    assert_int_equal(g.with_events, 257);
    assert_int_equal(g.events, 359);
    assert_int_equal(g.noevents, 19);
    assert_int_equal(g.errors, 7);
    assert_int_equal(g.none, 1);
    KH_SHARED_OR_SKIP(path, "data/validation/petrarch/PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml");
    g = count_gold(path, &rej);
    assert_int_equal(rej, 0);
    assert_int_equal(g.records, 284);
    assert_int_equal(g.with_events, 257);
    /* the README's "375 gold events" counts every <EventCoding>, the 19
     * noevents and 7 error ones included: 375 - 26 = 349 events */
    assert_int_equal(g.events, 349);
    assert_int_equal(g.noevents, 19);
    assert_int_equal(g.errors, 7);
}

static void test_shared_tabari(void **state)
{
    (void)state;
    char path[1024];
    KH_SHARED_OR_SKIP(path, "data/validation/tabari/Validate.text");
    long rej;
    gold_counts g = count_gold(path, &rej);
    /* 480 records; YYYY-03's date "186010029" is not a date and is rejected */
    assert_int_equal(g.records, 480);
    assert_int_equal(rej, 1);
    KH_SHARED_OR_SKIP(path, "data/validation/tabari/TABARI.Demo.text");
    g = count_gold(path, &rej);
    assert_int_equal(g.records, 46);
    assert_int_equal(rej, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_fixture),
        cmocka_unit_test(test_jsonl_bad_bytes),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_text_file),
        cmocka_unit_test(test_petrarch_fixture),
        cmocka_unit_test(test_petrarch_unterminated_at_end),
        cmocka_unit_test(test_petrarch_underscore_names),
        cmocka_unit_test(test_tabari_fixture),
        cmocka_unit_test(test_conllu_documents),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_detection),
        cmocka_unit_test(test_shared_petrarch),
        cmocka_unit_test(test_shared_tabari),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
