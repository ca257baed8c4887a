/* test_context.c - the context stage: dates, places, themes and quantities put on
 * events, the JSON of an event with all of them, and the accuracy of each field on
 * our own stories (tests/fixtures/context/docs.jsonl; KH_VERBOSE=1 lists the misses).
 * Events are built by hand from the fixture's predicates; when a model loads, the
 * same stories also go through kh_pipeline_doc and the coder's events are scored. */
#include "testutil.h"

#include <jansson.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "coder.h"
#include "context.h"
#include "diag.h"
#include "dict.h"
#include "doc.h"
#include "event.h"
#include "gazetteer.h"
#include "nlp.h"
#include "pipeline.h"
#include "text.h"

static kh_context *cx;
static kh_dict *dict;

static int setup(void **state)
{
    (void)state;
    kh_diag d;
    kh_diag_init(&d, stderr);
    cx = kh_context_open("data", &d);
    const char *paths[] = { "data/dict" };
    dict = kh_dict_open(paths, 1, &d);
    return cx && dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_context_close(cx);
    kh_dict_free(dict);
    return 0;
}

/* A document of text (story date may be NULL), segmented and tokenised. */
static kh_doc *make_doc(kh_arena *a, const char *id, const char *date, const char *text)
{
    kh_doc *d = kh_arena_calloc(a, 1, sizeof *d);
    assert_non_null(d);
    kh_doc_init(d, a);
    d->id = kh_arena_strdup(a, id);
    d->date = date ? kh_arena_strdup(a, date) : NULL;
    d->text = kh_arena_strdup(a, text);
    d->text_len = strlen(text);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_text_opts opts = { 0 };
    assert_int_equal(kh_text_process(d, &opts, &diag), 0);
    return d;
}

/* Index of the first word of sentence si whose form is `form`, -1 when none. */
static int word_of(const kh_doc *d, int si, const char *form)
{
    const kh_sentence *s = &d->sents[si];
    for (int i = 0; i < s->nwords; i++)
        if (strcmp(s->words[i].form, form) == 0)
            return i;
    return -1;
}

/* Appends an event as the coder writes it: the story date, the predicate's span in
 * extra_json, the actors' codes and countries. */
static kh_event *add_event(kh_arena *a, kh_doc *d, kh_events *ev, int si, const char *pred,
                           const char *src, const char *tgt)
{
    if (ev->n == ev->cap) {
        int cap = ev->cap ? ev->cap * 2 : 8;
        kh_event *p = kh_arena_grow(a, ev->ev, (size_t)ev->n, (size_t)cap, sizeof *p);
        assert_non_null(p);
        ev->ev = p;
        ev->cap = cap;
    }
    kh_event *e = &ev->ev[ev->n++];
    memset(e, 0, sizeof *e);
    char buf[160];
    snprintf(buf, sizeof buf, "%s-%d-%d", d->id, si, ev->n - 1);
    e->event_id = kh_arena_strdup(a, buf);
    e->doc_id = d->id;
    e->sentence = si;
    e->date = d->date;
    e->date_precision = d->date ? "day" : NULL;
    e->source.code = src;
    e->target.code = tgt;
    if (src && strlen(src) >= 3 && src[0] != '-')
        e->source.country = kh_arena_strndup(a, src, 3);
    if (tgt && strlen(tgt) >= 3 && tgt[0] != '-')
        e->target.country = kh_arena_strndup(a, tgt, 3);
    e->cameo = "040";
    e->root = "04";
    e->sentence_text = d->sents[si].text;
    int w = word_of(d, si, pred);
    assert_true(w >= 0);
    const kh_word *pw = &d->sents[si].words[w];
    e->span_start = pw->start;
    e->span_end = pw->end;
    snprintf(buf, sizeof buf, "\"predicate\":\"%s\",\"predicate_span\":[%u,%u]", pred, pw->start, pw->end);
    e->extra_json = kh_arena_strdup(a, buf);
    return e;
}

/* ---- the JSON of an event with every field --------------------------------------- */

static void test_event_json_golden(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc *d = make_doc(&a, "g1", "2024-03-05",
                         "Japan pledged nearly $550 million in humanitarian aid to Ukraine during a visit to Kyiv on Monday.");
    kh_events ev = { 0 };
    kh_event *e = add_event(&a, d, &ev, 0, "pledged", "JPNGOV", "UKR");
    e->cameo = "0354";
    e->root = "03";
    e->quad_class = 1;
    e->goldstein = 5.2;
    e->has_goldstein = 1;
    e->plover = "AGREE";
    e->source.text = "Japan";
    e->target.text = "Ukraine";
    e->pattern = "pledge * + aid";
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    kh_buf b = KH_BUF_INIT;
    assert_int_equal(kh_event_to_json(&b, e), 0);
    const char *want =
        "{\"event_id\":\"g1-0-0\",\"doc_id\":\"g1\",\"sentence\":0,\"date\":\"2024-03-04\","
        "\"date_precision\":\"day\","
        "\"source\":{\"code\":\"JPNGOV\",\"country\":\"JPN\",\"text\":\"Japan\",\"entity\":null},"
        "\"target\":{\"code\":\"UKR\",\"country\":\"UKR\",\"text\":\"Ukraine\",\"entity\":null},"
        "\"cameo\":\"0354\",\"root\":\"03\",\"quad_class\":1,\"goldstein\":5.2,\"plover\":\"AGREE\","
        "\"negated\":false,\"location\":{\"name\":\"Kyiv\",\"country\":\"UKR\",\"lat\":50.4547,\"lon\":30.5238},"
        "\"issues\":[\"HUMANITARIAN\"],"
        "\"sentence_text\":\"Japan pledged nearly $550 million in humanitarian aid to Ukraine during a visit to Kyiv on Monday.\","
        "\"span\":[6,13],\"pattern\":\"pledge * + aid\",\"reports\":[\"g1\"],"
        "\"predicate\":\"pledged\",\"predicate_span\":[6,13],"
        "\"quantities\":[{\"kind\":\"money\",\"value\":550000000,\"unit\":\"USD\",\"approx\":true,"
        "\"bound\":\"upper\",\"text\":\"nearly $550 million\"}]}";
    if (strcmp(b.data, want) != 0)
        fprintf(stderr, "# got:  %s\n# want: %s\n", b.data, want);
    assert_string_equal(b.data, want);
    /* the output parses as JSON and the quantity is a number */
    json_error_t jerr;
    json_t *j = json_loads(b.data, 0, &jerr);
    assert_non_null(j);
    json_t *q = json_array_get(json_object_get(j, "quantities"), 0);
    assert_true(json_is_integer(json_object_get(q, "value")) || json_is_real(json_object_get(q, "value")));
    json_decref(j);
    kh_buf_free(&b);
    kh_arena_free(&a);
}

/* ---- dates ------------------------------------------------------------------------ */

static void test_dates(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    /* relative day, month precision, no expression (story date), two clauses */
    kh_doc *d = make_doc(&a, "d1", "2024-05-20",
                         "Rebels attacked a convoy on Saturday. The talks resumed in March. "
                         "The minister resigned. Officials said on Monday that troops withdrew on Sunday.");
    kh_events ev = { 0 };
    add_event(&a, d, &ev, 0, "attacked", "---REB", "---");
    add_event(&a, d, &ev, 1, "resumed", "---", "---");
    add_event(&a, d, &ev, 2, "resigned", "---GOV", "---");
    add_event(&a, d, &ev, 3, "said", "---GOV", "---");
    add_event(&a, d, &ev, 3, "withdrew", "---MIL", "---");
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    assert_string_equal(ev.ev[0].date, "2024-05-18");
    assert_string_equal(ev.ev[0].date_precision, "day");
    assert_string_equal(ev.ev[1].date, "2024-03");
    assert_string_equal(ev.ev[1].date_precision, "month");
    assert_string_equal(ev.ev[2].date, "2024-05-20");
    assert_string_equal(ev.ev[2].date_precision, "day");
    assert_string_equal(ev.ev[3].date, "2024-05-20");
    assert_string_equal(ev.ev[4].date, "2024-05-19");

    /* no story date: an absolute date still dates the event; nothing else: NULL */
    kh_doc *n = make_doc(&a, "d2", NULL, "The treaty was signed on 8 August 2023. The envoy arrived on Friday.");
    kh_events ev2 = { 0 };
    add_event(&a, n, &ev2, 0, "signed", "---", "---");
    add_event(&a, n, &ev2, 1, "arrived", "---", "---");
    assert_int_equal(kh_context_apply(cx, dict, n, &ev2), 0);
    assert_string_equal(ev2.ev[0].date, "2023-08-08");
    assert_null(ev2.ev[1].date);
    assert_null(ev2.ev[1].date_precision);

    /* a story date with a time is cut to the day */
    kh_doc *t = make_doc(&a, "d3", "2024-04-14T10:00:00Z", "The minister resigned.");
    kh_events ev3 = { 0 };
    add_event(&a, t, &ev3, 0, "resigned", "---GOV", "---");
    assert_int_equal(kh_context_apply(cx, dict, t, &ev3), 0);
    assert_string_equal(ev3.ev[0].date, "2024-04-14");
    kh_arena_free(&a);
}

/* ---- places ----------------------------------------------------------------------- */

static void test_places(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    /* "Tripoli" alone is the Libyan capital; the story's other place makes it Lebanon's */
    kh_doc *d = make_doc(&a, "p1", "2024-02-10",
                         "Protests spread across Lebanon on Thursday. Gunmen attacked an army checkpoint near Tripoli.");
    kh_events ev = { 0 };
    add_event(&a, d, &ev, 1, "attacked", "---", "---MIL");
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    assert_non_null(ev.ev[0].loc_name);
    assert_string_equal(ev.ev[0].loc_name, "Tripoli");
    assert_string_equal(ev.ev[0].loc_country, "LBN");
    assert_true(ev.ev[0].has_latlon);
    assert_true(ev.ev[0].lat > 34.0 && ev.ev[0].lat < 35.0);

    kh_doc *l = make_doc(&a, "p2", "2024-02-10", "Gunmen attacked an army checkpoint near Tripoli.");
    kh_events evl = { 0 };
    add_event(&a, l, &evl, 0, "attacked", "---", "---MIL");
    assert_int_equal(kh_context_apply(cx, dict, l, &evl), 0);
    assert_string_equal(evl.ev[0].loc_country, "LBY");

    /* the actors' countries are hints: Georgia the US state */
    kh_doc *g = make_doc(&a, "p3", "2024-11-06", "Voters in Georgia cast their ballots on Tuesday.");
    kh_events evg = { 0 };
    add_event(&a, g, &evg, 0, "cast", "USA", "---");
    assert_int_equal(kh_context_apply(cx, dict, g, &evg), 0);
    assert_non_null(evg.ev[0].loc_name);
    assert_string_equal(evg.ev[0].loc_country, "USA");
    assert_string_equal(evg.ev[0].date, "2024-11-05");

    /* no locative word: no location; "Iraq's minister" is an actor */
    kh_doc *n = make_doc(&a, "p4", "2024-04-14", "Iraq's defence minister praised the United States.");
    kh_events evn = { 0 };
    add_event(&a, n, &evn, 0, "praised", "IRQGOVMIL", "USA");
    assert_int_equal(kh_context_apply(cx, dict, n, &evn), 0);
    assert_null(evn.ev[0].loc_name);
    assert_null(evn.ev[0].loc_country);
    assert_false(evn.ev[0].has_latlon);

    /* two predicates: the place goes to the one it belongs to */
    kh_doc *s = make_doc(&a, "p5", "2024-05-20",
                         "The United Nations said on Monday that Israeli strikes killed 35 people in Rafah on Sunday.");
    kh_events evs = { 0 };
    add_event(&a, s, &evs, 0, "said", "IGOUNO", "---");
    add_event(&a, s, &evs, 0, "killed", "ISRMIL", "---");
    assert_int_equal(kh_context_apply(cx, dict, s, &evs), 0);
    assert_null(evs.ev[0].loc_name);
    assert_string_equal(evs.ev[1].loc_name, "Rafah");
    assert_string_equal(evs.ev[1].loc_country, "PSE");

    /* a country that is the event's actor, after a weak cue, is no location */
    kh_doc *b = make_doc(&a, "p7", "2024-08-15", "The European Union imposed new sanctions on Belarus.");
    kh_events evb = { 0 };
    kh_event *eb = add_event(&a, b, &evb, 0, "imposed", "IGOEUR", "BLR");
    assert_int_equal(kh_context_apply(cx, dict, b, &evb), 0);
    assert_string_equal(eb->loc_name, "Belarus");   /* without the actor's words it is taken */
    eb->loc_name = eb->loc_country = NULL;
    eb->has_latlon = 0;
    eb->target.text = "Belarus";
    assert_int_equal(kh_context_apply(cx, dict, b, &evb), 0);
    assert_null(eb->loc_name);

    /* without a gazetteer the other fields are still filled */
    kh_doc *w = make_doc(&a, "p6", "2024-05-20", "Rebels attacked a convoy in Mosul on Saturday.");
    kh_events evw = { 0 };
    add_event(&a, w, &evw, 0, "attacked", "---REB", "---");
    assert_int_equal(kh_context_apply(NULL, NULL, w, &evw), 0);
    assert_null(evw.ev[0].loc_name);
    assert_string_equal(evw.ev[0].date, "2024-05-18");
    kh_arena_free(&a);
}

/* ---- issues and quantities -------------------------------------------------------- */

static void test_issues_and_quantities(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc *d = make_doc(&a, "q1", "2023-08-10",
                         "Russian forces shelled Kharkiv, killing at least 12 civilians, and the United States "
                         "announced $250 million in military aid. Talks on the nuclear deal and sanctions resumed.");
    kh_events ev = { 0 };
    add_event(&a, d, &ev, 0, "shelled", "RUSMIL", "UKR");
    add_event(&a, d, &ev, 0, "announced", "USA", "UKR");
    add_event(&a, d, &ev, 1, "resumed", "---", "---");
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    /* each quantity goes to its own predicate, after the coder's members */
    assert_non_null(strstr(ev.ev[0].extra_json, "\"predicate\":\"shelled\""));
    assert_non_null(strstr(ev.ev[0].extra_json,
                           ",\"quantities\":[{\"kind\":\"casualties\",\"value\":12,\"unit\":\"killed\","
                           "\"approx\":true,\"bound\":\"lower\",\"text\":\"at least 12 civilians\"}]"));
    assert_null(strstr(ev.ev[0].extra_json, "USD"));
    assert_non_null(strstr(ev.ev[1].extra_json,
                           "\"quantities\":[{\"kind\":\"money\",\"value\":250000000,\"unit\":\"USD\","
                           "\"approx\":false,\"text\":\"$250 million\"}]"));
    assert_null(strstr(ev.ev[2].extra_json, "quantities"));
    /* themes of each sentence */
    assert_int_equal(ev.ev[0].nissues, 1);
    assert_string_equal(ev.ev[0].issues[0], "ARMS_TRADE");
    assert_int_equal(ev.ev[2].nissues, 2);
    assert_string_equal(ev.ev[2].issues[0], "NUCLEAR");
    assert_string_equal(ev.ev[2].issues[1], "SANCTIONS");
    /* issues the coder already set are kept */
    kh_doc *k = make_doc(&a, "q2", "2023-08-10", "The sanctions were lifted.");
    kh_events evk = { 0 };
    kh_event *e = add_event(&a, k, &evk, 0, "lifted", "---", "---");
    static const char *const mine[] = { "MINE" };
    e->issues = (const char **)mine;
    e->nissues = 1;
    e->extra_json = NULL;   /* an event without the coder's members gets quantities alone */
    assert_int_equal(kh_context_apply(cx, dict, k, &evk), 0);
    assert_int_equal(e->nissues, 1);
    assert_string_equal(e->issues[0], "MINE");
    assert_null(e->extra_json);
    kh_doc *m = make_doc(&a, "q3", "2023-08-10", "Rebels freed 40 prisoners.");
    kh_events evm = { 0 };
    e = add_event(&a, m, &evm, 0, "freed", "---REB", "---");
    e->extra_json = NULL;
    assert_int_equal(kh_context_apply(cx, dict, m, &evm), 0);
    assert_string_equal(e->extra_json, "\"quantities\":[{\"kind\":\"people\",\"value\":40,\"unit\":\"prisoners\","
                                       "\"approx\":false,\"text\":\"40 prisoners\"}]");
    kh_arena_free(&a);
}

/* ---- the predicate word and robustness ------------------------------------------- */

static void test_predicate_and_robustness(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc *d = make_doc(&a, "r1", "2024-01-01", "Iraq condemned Turkey on Friday. Rebels attacked a convoy.");
    kh_events ev = { 0 };
    kh_event *e = add_event(&a, d, &ev, 0, "condemned", "IRQ", "TUR");
    assert_int_equal(kh_context_predicate(d, &d->sents[0], e), 1);
    /* without predicate_span: from the span, skipping the actors' words */
    e->extra_json = NULL;
    e->span_start = 0;
    e->span_end = d->sents[0].words[2].end;
    e->source.text = "Iraq";
    e->target.text = "Turkey";
    assert_int_equal(kh_context_predicate(d, &d->sents[0], e), 1);
    /* events of another document, or of a sentence the document lacks, are left alone */
    kh_event *o = add_event(&a, d, &ev, 1, "attacked", "---REB", "---");
    o->doc_id = "other";
    kh_event *x = add_event(&a, d, &ev, 1, "attacked", "---REB", "---");
    x->sentence = 7;
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    assert_string_equal(ev.ev[0].date, "2023-12-29");
    assert_string_equal(ev.ev[1].date, "2024-01-01");   /* untouched: the coder's value */
    assert_ptr_equal(ev.ev[1].extra_json, o->extra_json);
    assert_null(ev.ev[2].loc_name);
    /* empty lists and a NULL document are no error */
    kh_events none = { 0 };
    assert_int_equal(kh_context_apply(cx, dict, d, &none), 0);
    assert_int_equal(kh_context_apply(cx, dict, NULL, &ev), 0);
    kh_arena_free(&a);
}

/* ---- with a dependency tree ------------------------------------------------------ */

/* A document with one sentence and its tree, CoNLL-U rows "FORM LEMMA UPOS HEAD DEPREL". */
static kh_doc *tree_doc(kh_arena *a, const char *id, const char *date, const char *text, const char *rows)
{
    kh_doc *d = kh_arena_calloc(a, 1, sizeof *d);
    assert_non_null(d);
    kh_doc_init(d, a);
    d->id = id;
    d->date = date;
    d->text = text;
    d->text_len = strlen(text);
    kh_buf b = KH_BUF_INIT;
    char form[64], lemma[64], upos[16], rel[32];
    int head, n = 0, used;
    for (const char *p = rows; sscanf(p, "%63s %63s %15s %d %31s%n", form, lemma, upos, &head, rel, &used) == 5;
         p += used)
        kh_buf_printf(&b, "%d\t%s\t%s\t%s\t_\t_\t%d\t%s\t_\t_\n", ++n, form, lemma, upos, head, rel);
    assert_int_equal(kh_pipeline_load_parse(d, b.data), 0);
    kh_buf_free(&b);
    assert_int_equal(d->nsents, 1);
    return d;
}

static void test_with_tree(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    /* a date in a reported clause dates that clause, not the statement */
    kh_doc *d = tree_doc(&a, "t1", "2025-01-08", "Iran said it would resume enrichment at Natanz next month.",
                         "Iran Iran PROPN 2 nsubj said say VERB 0 root it it PRON 5 nsubj would would AUX 5 aux "
                         "resume resume VERB 2 ccomp enrichment enrichment NOUN 5 obj at at ADP 8 case "
                         "Natanz Natanz PROPN 5 obl next next ADJ 10 amod month month NOUN 5 obl:tmod . . PUNCT 2 punct");
    kh_events ev = { 0 };
    add_event(&a, d, &ev, 0, "said", "IRN", "---");
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    assert_string_equal(ev.ev[0].date, "2025-01-08");
    assert_string_equal(ev.ev[0].loc_name, "Natanz");   /* the sentence's one predicate */
    ev.ev[0].loc_name = NULL;
    ev.ev[0].date = NULL;
    add_event(&a, d, &ev, 0, "resume", "IRN", "---");
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    assert_string_equal(ev.ev[0].date, "2025-01-08");
    assert_null(ev.ev[0].loc_name);                     /* Natanz is the resumption's */
    assert_string_equal(ev.ev[1].date, "2025-02");
    assert_string_equal(ev.ev[1].date_precision, "month");
    assert_string_equal(ev.ev[1].loc_name, "Natanz");
    assert_int_equal(kh_context_predicate(d, &d->sents[0], &ev.ev[1]), 4);

    /* conjoined predicates share the place; the quantity is the object's verb's */
    kh_doc *c = tree_doc(&a, "t2", "2023-03-16", "Scholz visited Kyiv on Friday and promised 18 tanks.",
                         "Scholz Scholz PROPN 2 nsubj visited visit VERB 0 root Kyiv Kyiv PROPN 2 obj "
                         "on on ADP 5 case Friday Friday PROPN 2 obl and and CCONJ 7 cc promised promise VERB 2 conj "
                         "18 18 NUM 9 nummod tanks tank NOUN 7 obj . . PUNCT 2 punct");
    kh_events evc = { 0 };
    add_event(&a, c, &evc, 0, "visited", "DEUGOV", "UKR");
    add_event(&a, c, &evc, 0, "promised", "DEUGOV", "UKR");
    assert_int_equal(kh_context_apply(cx, dict, c, &evc), 0);
    assert_string_equal(evc.ev[0].date, "2023-03-10");
    assert_string_equal(evc.ev[1].date, "2023-03-10");
    assert_string_equal(evc.ev[0].loc_name, "Kyiv");
    assert_string_equal(evc.ev[1].loc_name, "Kyiv");
    assert_null(strstr(evc.ev[0].extra_json, "quantities"));
    assert_non_null(strstr(evc.ev[1].extra_json, "\"kind\":\"weapons\",\"value\":18,\"unit\":\"tanks\""));
    /* without predicate_span, the span's highest word in the tree */
    evc.ev[1].extra_json = NULL;
    evc.ev[1].span_start = c->sents[0].words[6].start;
    evc.ev[1].span_end = c->sents[0].words[8].end;
    assert_int_equal(kh_context_predicate(c, &c->sents[0], &evc.ev[1]), 6);
    kh_arena_free(&a);
}

/* The coder's events on a document that carries its tree (no model needed). */
static void test_coder_events_with_tree(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc *d = tree_doc(&a, "t3", "2024-01-20", "Egypt hosted Jordan in Cairo on Monday.",
                         "Egypt Egypt PROPN 2 nsubj hosted host VERB 0 root Jordan Jordan PROPN 2 obj "
                         "in in ADP 5 case Cairo Cairo PROPN 2 obl on on ADP 7 case Monday Monday PROPN 2 obl "
                         ". . PUNCT 2 punct");
    kh_pipeline_opts o;
    kh_pipeline_opts_init(&o);
    kh_pipeline *p = kh_pipeline_wrap(NULL, dict, &o);
    assert_non_null(p);
    kh_events ev = { 0 };
    kh_counts cn = { 0 };
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    assert_int_equal(kh_pipeline_doc(p, d, NULL, &ev, &cn, &diag, NULL), 0);
    kh_pipeline_close(p);
    if (ev.n == 0) {
        fprintf(stderr, "# SKIP: the coder coded nothing in 'Egypt hosted Jordan in Cairo on Monday.'\n");
        kh_arena_free(&a);
        skip();
    }
    assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
    for (int k = 0; k < ev.n; k++) {
        assert_int_equal(kh_context_predicate(d, &d->sents[0], &ev.ev[k]), 1);
        assert_string_equal(ev.ev[k].date, "2024-01-15");
        assert_string_equal(ev.ev[k].loc_name, "Cairo");
        assert_string_equal(ev.ev[k].loc_country, "EGY");
        assert_true(ev.ev[k].has_latlon);
    }
    kh_arena_free(&a);
}

/* ---- accuracy on our stories ----------------------------------------------------- */

typedef struct score {
    int n, date, prec, place, country, latlon, issues, qty;
} score;

static int verbose(void) { return getenv("KH_VERBOSE") != NULL; }

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* gold place "A|B" matches any alternative, by case-insensitive name */
static int place_ok(const char *gold, const char *got)
{
    if (!gold || !got)
        return !gold && !got;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", gold);
    char *save = NULL;
    for (char *p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
        if (strcasecmp(p, got) == 0)
            return 1;
    return 0;
}

/* The event's issues, sorted names joined by ',' against the gold list (any order). */
static int issues_ok(json_t *gold, const kh_event *e)
{
    if ((int)json_array_size(gold) != e->nissues)
        return 0;
    for (size_t i = 0; i < json_array_size(gold); i++) {
        int found = 0;
        for (int k = 0; k < e->nissues; k++)
            found |= strcmp(json_string_value(json_array_get(gold, i)), e->issues[k]) == 0;
        if (!found)
            return 0;
    }
    return 1;
}

/* The event's quantities as "kind value unit approx" lines, from its extra JSON. */
static int quantities_ok(json_t *gold, const kh_event *e, char *got, size_t n)
{
    got[0] = '\0';
    json_t *q = NULL, *obj = NULL;
    if (e->extra_json) {
        kh_buf b = KH_BUF_INIT;
        kh_buf_printf(&b, "{%s}", e->extra_json);
        obj = json_loads(b.data, 0, NULL);
        kh_buf_free(&b);
        assert_non_null(obj);   /* the members must form valid JSON */
        q = json_object_get(obj, "quantities");
    }
    size_t len = 0;
    for (size_t i = 0; i < json_array_size(q); i++) {
        json_t *x = json_array_get(q, i);
        len += (size_t)snprintf(got + len, n - len, "%s%s %.15g %s %d", i ? "; " : "",
                                json_string_value(json_object_get(x, "kind")),
                                json_number_value(json_object_get(x, "value")),
                                json_string_value(json_object_get(x, "unit")),
                                json_is_true(json_object_get(x, "approx")) ? 1 : 0);
        if (len >= n)
            len = n - 1;
    }
    char want[512] = "";
    size_t wl = 0;
    for (size_t i = 0; i < json_array_size(gold); i++) {
        wl += (size_t)snprintf(want + wl, sizeof want - wl, "%s%s", i ? "; " : "",
                               json_string_value(json_array_get(gold, i)));
        if (wl >= sizeof want)
            wl = sizeof want - 1;
    }
    json_decref(obj);
    return strcmp(want, got) == 0;
}

static void score_event(score *sc, const char *id, json_t *x, const kh_event *e)
{
    const char *gdate = json_string_value(json_object_get(x, "date"));
    const char *gprec = json_string_value(json_object_get(x, "precision"));
    const char *gplace = json_string_value(json_object_get(x, "place"));
    const char *gcountry = json_string_value(json_object_get(x, "country"));
    char got[512];
    int ok_date = same_str(gdate, e->date);
    int ok_prec = same_str(gprec, e->date ? e->date_precision : NULL);
    int ok_place = place_ok(gplace, e->loc_name);
    int ok_country = gcountry && strcmp(gcountry, "*") == 0 ? ok_place : same_str(gcountry, e->loc_country);
    int ok_latlon = gplace ? e->loc_name && e->has_latlon : !e->loc_name;
    int ok_issues = issues_ok(json_object_get(x, "issues"), e);
    int ok_qty = quantities_ok(json_object_get(x, "quantities"), e, got, sizeof got);
    sc->n++;
    sc->date += ok_date;
    sc->prec += ok_prec;
    sc->place += ok_place;
    sc->country += ok_country;
    sc->latlon += ok_latlon;
    sc->issues += ok_issues;
    sc->qty += ok_qty;
    if (verbose() && !(ok_date && ok_prec && ok_place && ok_country && ok_latlon && ok_issues && ok_qty))
        fprintf(stderr, "# miss %s '%s': date %s/%s (gold %s/%s) place %s/%s (gold %s/%s) issues %d qty [%s]\n",
                id, json_string_value(json_object_get(x, "predicate")), e->date ? e->date : "-",
                e->date_precision ? e->date_precision : "-", gdate ? gdate : "-", gprec ? gprec : "-",
                e->loc_name ? e->loc_name : "-", e->loc_country ? e->loc_country : "-", gplace ? gplace : "-",
                gcountry ? gcountry : "-", e->nissues, got);
}

static void print_score(const char *what, const score *s)
{
    fprintf(stderr, "# context %s: %d events; date %d (%.1f%%), precision %d (%.1f%%), place %d (%.1f%%), "
            "country %d (%.1f%%), lat/lon %d (%.1f%%), issues %d (%.1f%%), quantities %d (%.1f%%)\n",
            what, s->n, s->date, 100.0 * s->date / (s->n ? s->n : 1), s->prec, 100.0 * s->prec / (s->n ? s->n : 1),
            s->place, 100.0 * s->place / (s->n ? s->n : 1), s->country, 100.0 * s->country / (s->n ? s->n : 1),
            s->latlon, 100.0 * s->latlon / (s->n ? s->n : 1), s->issues, 100.0 * s->issues / (s->n ? s->n : 1),
            s->qty, 100.0 * s->qty / (s->n ? s->n : 1));
}

static kh_doc *fixture_doc(kh_arena *a, json_t *j)
{
    return make_doc(a, json_string_value(json_object_get(j, "id")), json_string_value(json_object_get(j, "date")),
                    json_string_value(json_object_get(j, "text")));
}

/* Hand-built events at the predicates of fixture `path`; the scores in *sc. */
static void score_hand_built(const char *path, int want_docs, score *sc)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    int docs = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, NULL);
        assert_non_null(j);
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc *d = fixture_doc(&a, j);
        json_t *exp = json_object_get(j, "expect");
        kh_events ev = { 0 };
        for (size_t i = 0; i < json_array_size(exp); i++) {
            json_t *x = json_array_get(exp, i);
            int si = (int)json_integer_value(json_object_get(x, "sentence"));
            assert_true(si < d->nsents);
            add_event(&a, d, &ev, si, json_string_value(json_object_get(x, "predicate")),
                      json_string_value(json_object_get(x, "source")), json_string_value(json_object_get(x, "target")));
        }
        assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
        for (int k = 0; k < ev.n; k++)
            score_event(sc, d->id, json_array_get(exp, (size_t)k), &ev.ev[k]);
        docs++;
        kh_arena_free(&a);
        json_decref(j);
    }
    fclose(f);
    assert_int_equal(docs, want_docs);
}

static void test_fixture_hand_built(void **state)
{
    (void)state;
    score sc = { 0 };
    score_hand_built("tests/fixtures/context/docs.jsonl", 30, &sc);
    print_score("dev hand-built", &sc);
    /* floors, below what we measured (docs/CONTEXT.md) */
    assert_true(sc.date * 100 >= sc.n * 90);
    assert_true(sc.place * 100 >= sc.n * 80);
    assert_true(sc.country * 100 >= sc.n * 80);
    assert_true(sc.issues * 100 >= sc.n * 90);
    assert_true(sc.qty * 100 >= sc.n * 85);
    score hd = { 0 };
    score_hand_built("tests/fixtures/context/heldout.jsonl", 10, &hd);
    print_score("held-out hand-built", &hd);
    assert_true(hd.date * 100 >= hd.n * 70);
    assert_true(hd.country * 100 >= hd.n * 60);
}

/* The coder's events, when a model loads: each gold event is looked for among the
 * events of its sentence whose predicate is the gold one. */
static void test_fixture_pipeline(void **state)
{
    (void)state;
    char err[512] = "";
    kh_nlp *nlp = kh_nlp_open(NULL, err, sizeof err);
    if (!nlp) {
        fprintf(stderr, "# SKIP: no model loads (%s)\n", err);
        skip();
    }
    kh_pipeline_opts o;
    kh_pipeline_opts_init(&o);
    kh_pipeline *p = kh_pipeline_wrap(nlp, dict, &o);
    assert_non_null(p);
    FILE *f = fopen("tests/fixtures/context/docs.jsonl", "r");
    assert_non_null(f);
    char line[8192];
    score sc = { 0 };
    int gold = 0, found = 0, coded = 0;
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    while (fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, NULL);
        assert_non_null(j);
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc *d = fixture_doc(&a, j);
        kh_events ev = { 0 };
        kh_counts c = { 0 };
        assert_int_equal(kh_pipeline_doc(p, d, NULL, &ev, &c, &diag, NULL), 0);
        assert_int_equal(kh_context_apply(cx, dict, d, &ev), 0);
        coded += ev.n;
        json_t *exp = json_object_get(j, "expect");
        for (size_t i = 0; i < json_array_size(exp); i++) {
            json_t *x = json_array_get(exp, i);
            int si = (int)json_integer_value(json_object_get(x, "sentence"));
            const char *pred = json_string_value(json_object_get(x, "predicate"));
            gold++;
            for (int k = 0; k < ev.n; k++) {
                const kh_event *e = &ev.ev[k];
                int32_t w = e->sentence == si ? kh_context_predicate(d, &d->sents[si], e) : -1;
                if (w >= 0 && strcmp(d->sents[si].words[w].form, pred) == 0) {
                    score_event(&sc, d->id, x, e);
                    found++;
                    break;
                }
            }
        }
        kh_arena_free(&a);
        json_decref(j);
    }
    fclose(f);
    fprintf(stderr, "# context coder: %d events coded, %d of %d gold predicates found\n", coded, found, gold);
    print_score("coder", &sc);
    kh_pipeline_close(p);
    kh_nlp_close(nlp);
    /* the coder is another module's work; only the context fields are held to a floor */
    if (sc.n > 0)
        assert_true(sc.date * 100 >= sc.n * 80);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_json_golden),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_issues_and_quantities),
        cmocka_unit_test(test_predicate_and_robustness),
        cmocka_unit_test(test_with_tree),
        cmocka_unit_test(test_coder_events_with_tree),
        cmocka_unit_test(test_fixture_hand_built),
        cmocka_unit_test(test_fixture_pipeline),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
