/* test_dict.c - the engine and our format: look-ups, dates, agents, verbs, discards,
 * issues and the messages about malformed lines (fixtures in tests/fixtures/dict). */
#include "testutil.h"

#include "dict.h"

static kh_dict *load_fixture(const char *name, char **msgs)
{
    char path[256];
    size_t len = 0;
    snprintf(path, sizeof path, "tests/fixtures/dict/%s", name);
    char *text = kh_test_slurp(path, NULL);
    assert_non_null(text);
    FILE *f = open_memstream(msgs, &len);
    kh_diag diag;
    kh_diag_init(&diag, f);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    assert_int_equal(kh_dict_load_mem(d, name, text, strlen(text), KH_DICT_OURS, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    fclose(f);
    free(text);
    return d;
}

static void test_counts_and_dates(void **state)
{
    (void)state;
    char *msgs = NULL;
    kh_dict *d = load_fixture("small.dict", &msgs);
    const kh_dict_counts *c = kh_dict_totals(d);
    assert_int_equal(c->actors, 3);
    assert_int_equal(c->agents, 4);
    assert_int_equal(c->verb_blocks, 2);
    assert_int_equal(c->patterns, 2);
    assert_int_equal(c->synsets, 1);
    assert_int_equal(c->discards, 3);
    assert_int_equal(c->skipped, 0);
    assert_string_equal(msgs, "");
    assert_int_equal(kh_dict_date("2022-10-27", 0), 20221027);
    assert_int_equal(kh_dict_date("2022", 1), 20221231);
    assert_int_equal(kh_dict_date("030320", 0), 20030320);
    assert_int_equal(kh_dict_date("2022-13", 0), -1);
    assert_int_equal(kh_dict_date("9101910114", 0), -1);     /* too many digits (was an overflow) */
    assert_int_equal(kh_dict_date("2022-10-2700000000000", 0), -1);

    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    kh_actor_match m;
    assert_int_equal(kh_dict_prepare_text(d, "Thabit al-Abbasi", &a, &s), 0);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 20230101, &a, &m), 1);
    assert_string_equal(m.code, "IRQGOVMIL");
    assert_string_equal(m.actor->entity, "thabet_al-abbasi");
    assert_int_equal(m.actor_phrase, 1);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 20200101, &a, &m), 1);
    assert_string_equal(m.code, "IRQELI");
    kh_arena_free(&a);
    kh_dict_free(d);
    free(msgs);
}

static const char *code_of(kh_dict *d, kh_arena *a, const char *text, int32_t *end)
{
    kh_dict_sent s;
    kh_actor_match m;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    if (kh_dict_match_actor(d, &s, 0, 20230101, a, &m) != 1)
        return "";
    *end = m.end;
    return m.code;
}

static void test_agents_combine(void **state)
{
    (void)state;
    char *msgs = NULL;
    kh_dict *d = load_fixture("small.dict", &msgs);
    kh_arena a;
    int32_t end = 0;
    kh_arena_init(&a, 0);
    assert_string_equal(code_of(d, &a, "Iraqi police", &end), "IRQCOP");
    assert_int_equal(end, 2);
    assert_string_equal(code_of(d, &a, "army of Turkey", &end), "TURMIL");
    assert_int_equal(end, 3);
    assert_string_equal(code_of(d, &a, "Iraq's minister of defense", &end), "IRQGOVMIL");
    assert_int_equal(end, 5);
    assert_string_equal(code_of(d, &a, "police", &end), "---COP");
    assert_string_equal(code_of(d, &a, "Iraqi defense minister Thabet al-Abbasi", &end), "IRQGOVMIL");
    assert_int_equal(end, 5);

    kh_dict_sent s;
    kh_actor_match *ms;
    assert_int_equal(kh_dict_prepare_text(d, "The Turkish army met Iraqi police", &a, &s), 0);
    assert_int_equal(kh_dict_find_actors(d, &s, 0, &a, &ms), 2);
    assert_string_equal(ms[0].code, "TURMIL");
    assert_int_equal(ms[0].start, 1);
    assert_string_equal(ms[1].code, "IRQCOP");
    kh_arena_free(&a);
    kh_dict_free(d);
    free(msgs);
}

static void test_verbs_discards_issues(void **state)
{
    (void)state;
    char *msgs = NULL;
    kh_dict *d = load_fixture("small.dict", &msgs);
    kh_arena a;
    kh_arena_init(&a, 0);
    const kh_verb *v = kh_dict_verb_lookup(d, "met");
    assert_non_null(v);
    assert_string_equal(v->lemma, "meet");
    assert_string_equal(v->code, "040");
    assert_int_equal(v->block->npatterns, 2);
    const kh_pattern *p = &v->block->patterns[0];      /* longest first */
    assert_string_equal(p->code, "0312");
    assert_string_equal(p->note, "arms talks");
    assert_int_equal(p->elems[0].kind, KH_PE_VERB);
    assert_int_equal(p->elems[4].kind, KH_PE_SYNSET);
    assert_non_null(p->elems[4].synset);
    v = kh_dict_verb_lookup(d, "visited");
    assert_non_null(v);
    assert_string_equal(v->code, "042");
    assert_string_equal(v->code2, "043");
    v = kh_dict_verb_lookup(d, "talks");
    assert_non_null(v);
    assert_int_equal(v->is_noun, 1);
    assert_null(kh_dict_verb_lookup(d, "slept"));

    kh_dict_sent s;
    const kh_discard_entry *de;
    assert_int_equal(kh_dict_prepare_text(d, "the world cup final", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, &de), KH_DISCARD_SENTENCE);
    assert_string_equal(de->phrase, "world cup");
    assert_int_equal(kh_dict_prepare_text(d, "a box office hit", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, NULL), KH_DISCARD_STORY);
    assert_int_equal(kh_dict_prepare_text(d, "talks on uranium enrichment", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, NULL), KH_DISCARD_NONE);
    kh_issue_match im[4];
    assert_int_equal(kh_dict_find_issues(d, &s, im, 4), 1);
    assert_string_equal(im[0].issue->code, "NUCLEAR");
    assert_int_equal(im[0].start, 2);
    assert_int_equal(kh_dict_synset_match(d, kh_dict_synset_get(d, "&WEAPON"), &s, 0), 0);
    kh_arena_free(&a);
    kh_dict_free(d);
    free(msgs);
}

static void test_malformed_lines(void **state)
{
    (void)state;
    char *msgs = NULL;
    kh_dict *d = load_fixture("malformed.dict", &msgs);
    assert_non_null(strstr(msgs, "malformed.dict:3: error: expected PHRASES<TAB>CODES[<TAB>ATTRIBUTES]"));
    assert_non_null(strstr(msgs, "malformed.dict:4: error: expected a date range"));
    assert_non_null(strstr(msgs, "malformed.dict:6: error: expected a role code"));
    assert_non_null(strstr(msgs, "malformed.dict:8: error: expected a VERB line before an indented pattern"));
    assert_non_null(strstr(msgs, "malformed.dict:9: error: expected VERB forms"));
    assert_non_null(strstr(msgs, "malformed.dict:10: error: expected %kind"));
    assert_int_equal(kh_dict_totals(d)->actors, 1);
    assert_int_equal(kh_dict_totals(d)->skipped, 6);
    kh_dict_free(d);
    free(msgs);
}

/* case=exact: "US" is the country, "us" the pronoun. Written here rather than in a
 * fixture so that each line's purpose sits next to its assertions. */
static const char case_dict[] =
    "%kind actors\n"
    "US\tUSA\ttype=country case=exact id=united_states\n"
    "United States | U.S.\tUSA\ttype=country\n"
    "US Virgin Islands\tVIR\ttype=country\n"
    "Bad\tBAD\tcase=upper\n"
    "%kind agents\n"
    "Secretary of Defense\tGOVMIL\n"
    "NSA\tSPY\tcase=exact\n";

static kh_dict *load_case_dict(char **msgs)
{
    size_t len = 0;
    FILE *f = open_memstream(msgs, &len);
    kh_diag diag;
    kh_diag_init(&diag, f);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    assert_int_equal(kh_dict_load_mem(d, "case.dict", case_dict, sizeof case_dict - 1, KH_DICT_OURS,
                                      &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    fclose(f);
    return d;
}

static int count_actors(kh_dict *d, kh_arena *a, const char *text, kh_actor_match **ms)
{
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    return kh_dict_find_actors(d, &s, 20230101, a, ms);
}

static void test_case_exact(void **state)
{
    (void)state;
    char *msgs = NULL;
    kh_dict *d = load_case_dict(&msgs);
    assert_non_null(strstr(msgs, "case.dict:5: error: expected case=exact"));
    assert_int_equal(kh_dict_totals(d)->skipped, 1);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_actor_match *ms;
    int32_t end = 0;

    assert_int_equal(count_actors(d, &a, "the US Secretary of Defense received him", &ms), 1);
    assert_string_equal(ms[0].code, "USAGOVMIL");
    assert_int_equal(ms[0].start, 1);
    assert_int_equal(ms[0].end, 5);
    assert_string_equal(ms[0].actor->entity, "united_states");
    assert_int_equal(ms[0].actor->case_exact, 1);
    /* the pronoun, in any case but the phrase's own */
    assert_int_equal(count_actors(d, &a, "he told us", &ms), 0);
    assert_int_equal(count_actors(d, &a, "Us and them", &ms), 0);
    assert_string_equal(code_of(d, &a, "us", &end), "");
    /* an agent after the pronoun is an agent alone */
    assert_int_equal(count_actors(d, &a, "join us Secretary of Defense", &ms), 1);
    assert_string_equal(ms[0].code, "---GOVMIL");
    /* a longer case-insensitive phrase past a failed exact one still matches */
    assert_string_equal(code_of(d, &a, "us virgin islands", &end), "VIR");
    assert_int_equal(end, 3);
    assert_string_equal(code_of(d, &a, "US Virgin Islands", &end), "VIR");
    /* other entries stay case-insensitive */
    assert_string_equal(code_of(d, &a, "united states", &end), "USA");
    assert_string_equal(code_of(d, &a, "US", &end), "USA");
    /* a sentence in capitals: case tells nothing, the exact phrase does not match */
    assert_int_equal(count_actors(d, &a, "THEY TOLD US", &ms), 0);
    assert_int_equal(count_actors(d, &a, "US TROOPS LEAVE", &ms), 0);
    /* agents too */
    assert_string_equal(code_of(d, &a, "US NSA", &end), "USASPY");
    assert_string_equal(code_of(d, &a, "U.S. nsa", &end), "USA");
    assert_int_equal(end, 1);

    /* written back on convert */
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    assert_int_equal(kh_dict_write_kind(d, "actors", "test", f), 3);
    assert_int_equal(kh_dict_write_kind(d, "agents", "test", f), 2);
    fclose(f);
    assert_non_null(strstr(out, "\nUS\tUSA\ttype=country case=exact id=united_states\n"));
    assert_non_null(strstr(out, "\nNSA\tSPY\tcase=exact\n"));
    assert_non_null(strstr(out, "\nSecretary of Defense\tGOVMIL\n"));
    free(out);
    kh_arena_free(&a);
    kh_dict_free(d);
    free(msgs);
}

/* PETRARCH-format files written for this test: markup comment lines are skipped; an
 * agent right before an actor combines with it (a prefix agent goes in front, a second
 * agent after the actor is appended, a prefix already leading the code is not repeated);
 * "former" makes the agent an elite; "{}" (no plurals) matches only the forms written. */
static void test_petrarch_agent_rules(void **state)
{
    (void)state;
    static const char actors[] =
        "<!-- actors written for this test -->\n"
        "<! -- a comment written with a blank -->\n"
        "<!-- a comment on\n"
        "     two lines -->\n"
        "VALINOR [VAL]\n"
        "ERESSEA [ERS]\n"
        "WHITE_COUNCIL [NGMWCO]\n";
    static const char agents[] =
        "<!-- agents written for this test -->\n"
        "HEALERS_GUILD {} [NGO~]\n"
        "WATCHERS [NGM~]\n"
        "HERALD [~GOV]\n"
        "WARDEN {} [~COP]\n"
        "SHIPWRIGHT [~BUS]\n";
    char *msgs = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&msgs, &len);
    kh_diag diag;
    kh_diag_init(&diag, f);
    kh_dict_counts c;
    memset(&c, 0, sizeof c);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    assert_int_equal(kh_dict_load_mem(d, "a.actors", actors, sizeof actors - 1, KH_DICT_PETR_ACTORS, &diag, &c), 0);
    assert_int_equal(kh_dict_load_mem(d, "a.agents", agents, sizeof agents - 1, KH_DICT_PETR_AGENTS, &diag, &c), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    fclose(f);
    assert_string_equal(msgs, "");                /* no errors about the comment lines */
    assert_int_equal(c.actors, 3);                /* and no actors made of them */
    assert_int_equal(c.agents, 5);
    kh_arena a;
    int32_t end = 0;
    kh_arena_init(&a, 0);
    assert_string_equal(code_of(d, &a, "healers guild Valinor", &end), "NGOVAL");
    assert_string_equal(code_of(d, &a, "healers guild Valinor herald", &end), "NGOVALGOV");
    assert_int_equal(end, 4);
    assert_string_equal(code_of(d, &a, "watchers Eressea", &end), "NGMERS");
    assert_string_equal(code_of(d, &a, "watchers White Council", &end), "NGMWCO");
    assert_string_equal(code_of(d, &a, "Valinor former shipwrights", &end), "VALELI");
    assert_string_equal(code_of(d, &a, "Valinor shipwrights", &end), "VALBUS");
    assert_string_equal(code_of(d, &a, "Valinor wardens", &end), "VAL");   /* no plural of WARDEN {} */
    assert_string_equal(code_of(d, &a, "Valinor warden", &end), "VALCOP");
    kh_dict_sent s;
    kh_actor_match *ms;
    assert_int_equal(kh_dict_prepare_text(d, "the former Eressea heralds met former shipwrights", &a, &s), 0);
    assert_int_equal(kh_dict_find_actors(d, &s, 0, &a, &ms), 2);
    assert_string_equal(ms[0].code, "ERSELI");
    assert_string_equal(ms[1].code, "---ELI");
    assert_string_equal(ms[1].role, "ELI");
    kh_arena_free(&a);
    kh_dict_free(d);
    free(msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_and_dates),
        cmocka_unit_test(test_agents_combine),
        cmocka_unit_test(test_petrarch_agent_rules),
        cmocka_unit_test(test_verbs_discards_issues),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_case_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
