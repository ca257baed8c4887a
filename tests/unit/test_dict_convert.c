/* test_dict_convert.c - `dict convert`: writing our format and reading it back gives the
 * same entries and counts (fixtures always; Phoenix, PETR.Validate.* and TABARI.Demo.*
 * when ../shared is present), and the TABARI loader's sections, codes and options. */
#include "testutil.h"

#include <strings.h>

#include "dict.h"

static kh_dict *load_paths(const char *const *paths, int n, kh_dict_counts *c)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    memset(c, 0, sizeof *c);
    for (int i = 0; i < n; i++)
        assert_int_equal(kh_dict_load(d, paths[i], KH_DICT_UNKNOWN, &diag, c), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    return d;
}

/* Writes every kind of d in our format and loads the text back; returns the copy. */
static kh_dict *round_trip(const kh_dict *d, kh_dict_counts *back, long *errors)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *b = kh_dict_new();
    assert_non_null(b);
    memset(back, 0, sizeof *back);
    for (int k = 0; kh_dict_kinds[k]; k++) {
        if (kh_dict_kind_count(d, kh_dict_kinds[k]) == 0)
            continue;
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        assert_non_null(f);
        assert_true(kh_dict_write_kind(d, kh_dict_kinds[k], "test", f) >= 0);
        fclose(f);
        assert_int_equal(kh_dict_load_mem(b, kh_dict_kinds[k], text, len, KH_DICT_OURS, &diag, back), 0);
        free(text);
    }
    assert_int_equal(kh_dict_finish(b, &diag), 0);
    *errors = diag.nerrors;
    return b;
}

static void assert_same_counts(const kh_dict_counts *a, const kh_dict_counts *b)
{
    assert_int_equal(a->actors, b->actors);
    assert_int_equal(a->actor_synonyms, b->actor_synonyms);
    assert_int_equal(a->actor_dated, b->actor_dated);
    assert_int_equal(a->agents, b->agents);
    assert_int_equal(a->synsets, b->synsets);
    assert_int_equal(a->synset_members, b->synset_members);
    assert_int_equal(a->verb_blocks, b->verb_blocks);
    assert_int_equal(a->verbs, b->verbs);
    assert_int_equal(a->patterns, b->patterns);
    assert_int_equal(a->discards, b->discards);
    assert_int_equal(a->issues, b->issues);
    assert_int_equal(a->issue_exclusions, b->issue_exclusions);
    assert_int_equal(a->issue_categories, b->issue_categories);
    assert_int_equal(a->prepositions, b->prepositions);
    assert_int_equal(a->time_phrases, b->time_phrases);
    assert_int_equal(a->nouns, b->nouns);
    assert_int_equal(a->adjectives, b->adjectives);
    assert_int_equal(a->options, b->options);
}

/* Same entries, not only same counts: codes, forms, patterns. */
static void assert_same_entries(const kh_dict *a, const kh_dict *b)
{
    assert_int_equal(kh_dict_nactors(a), kh_dict_nactors(b));
    for (int32_t i = 0; i < kh_dict_nactors(a); i++) {
        const kh_actor_entry *x = kh_dict_actor(a, i), *y = kh_dict_actor(b, i);
        assert_int_equal(x->nphrases, y->nphrases);
        assert_int_equal(x->ncodes, y->ncodes);
        for (int32_t k = 0; k < x->ncodes; k++) {
            assert_string_equal(x->codes[k].code, y->codes[k].code);
            assert_int_equal(x->codes[k].from, y->codes[k].from);
            assert_int_equal(x->codes[k].to, y->codes[k].to);
        }
    }
    assert_int_equal(kh_dict_nblocks(a), kh_dict_nblocks(b));
    for (int32_t i = 0; i < kh_dict_nblocks(a); i++) {
        const kh_verb_block *x = kh_dict_block(a, i), *y = kh_dict_block(b, i);
        assert_int_equal(x->nverbs, y->nverbs);
        assert_int_equal(x->npatterns, y->npatterns);
        for (int32_t v = 0; v < x->nverbs; v++) {
            assert_int_equal(x->verbs[v]->nforms, y->verbs[v]->nforms);
            assert_int_equal(x->verbs[v]->special, y->verbs[v]->special);
            assert_int_equal(x->verbs[v]->rank, y->verbs[v]->rank);
        }
        for (int32_t p = 0; p < x->npatterns; p++) {
            assert_int_equal(x->patterns[p].nelems, y->patterns[p].nelems);
            assert_int_equal(x->patterns[p].special, y->patterns[p].special);
            assert_int_equal(x->patterns[p].rank, y->patterns[p].rank);
            for (int32_t e = 0; e < x->patterns[p].nelems; e++) {
                assert_int_equal(x->patterns[p].elems[e].kind, y->patterns[p].elems[e].kind);
                assert_int_equal(x->patterns[p].elems[e].flags, y->patterns[p].elems[e].flags);
            }
        }
    }
}

static void check_round_trip(const char *const *paths, int n)
{
    kh_dict_counts c, back;
    long errors = -1;
    kh_dict *d = load_paths(paths, n, &c);
    kh_dict *b = round_trip(d, &back, &errors);
    assert_int_equal(errors, 0);
    assert_same_counts(&c, &back);
    assert_same_entries(d, b);
    kh_dict_free(b);
    kh_dict_free(d);
}

static void test_fixtures_round_trip(void **state)
{
    (void)state;
    const char *paths[] = {
        "tests/fixtures/dict/small.dict", "tests/fixtures/dict/mini.verbs", "tests/fixtures/dict/mini.actors",
        "tests/fixtures/dict/mini.options", "tests/fixtures/dict/mini.issues.txt",
    };
    check_round_trip(paths, 5);
    const char *petr[] = {"tests/fixtures/dict/mini.verbs.txt"};
    check_round_trip(petr, 1);
}

static void test_tabari_fixture(void **state)
{
    (void)state;
    kh_dict_counts c;
    const char *paths[] = {"tests/fixtures/dict/mini.verbs", "tests/fixtures/dict/mini.actors",
                           "tests/fixtures/dict/mini.options"};
    kh_dict *d = load_paths(paths, 3, &c);
    assert_int_equal(c.verb_blocks, 3);          /* nothing after ~~FINISH */
    assert_int_equal(c.patterns, 5);             /* the alternatives line counts once */
    assert_int_equal(c.time_phrases, 2);
    assert_int_equal(c.nouns, 2);
    assert_int_equal(c.adjectives, 1);
    assert_int_equal(c.actors, 4);
    assert_int_equal(c.actor_synonyms, 1);
    assert_int_equal(c.actor_dated, 4);
    assert_int_equal(c.options, 5);
    assert_int_equal(c.skipped, 0);
    /* GREET: 3 pattern lines, 4 patterns (one alternative line expands in two) */
    const kh_verb *v = kh_dict_verb_lookup(d, "greeted");
    assert_non_null(v);
    assert_int_equal(v->block->npatterns, 4);
    int ranks = 0, alts = 0;
    for (int32_t p = 0; p < v->block->npatterns; p++) {
        ranks += v->block->patterns[p].rank;
        alts += v->block->patterns[p].alt;
    }
    assert_int_equal(ranks, KH_RANK_DOMINANT + KH_RANK_SUBORDINATE);
    assert_int_equal(alts, 1);
    /* SING_ with {SANG_ SUNG_} on the next line: irregular forms plus regular ones */
    v = kh_dict_verb_lookup(d, "sang");
    assert_non_null(v);
    assert_int_equal(strcasecmp(v->lemma, "sing"), 0);      /* lemmas keep the case written */
    assert_non_null(kh_dict_verb_lookup(d, "sings"));
    /* HUM=: no regular endings */
    assert_non_null(kh_dict_verb_lookup(d, "hum"));
    assert_null(kh_dict_verb_lookup(d, "hums"));
    assert_int_equal(kh_dict_ntimes(d), 2);
    assert_string_equal(kh_dict_time(d, 0)->code, "+1");
    assert_int_equal(kh_dict_time(d, 0)->npatterns, 1);
    assert_int_equal(kh_dict_time(d, 1)->special, KH_CODE_DISCARD);
    /* actors: several brackets on a line, blanks inside them */
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    kh_actor_match m;
    assert_int_equal(kh_dict_prepare_text(d, "Mu", &a, &s), 0);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 19980101, &a, &m), 1);
    assert_string_equal(m.code, "MUU");
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 20050101, &a, &m), 1);
    assert_string_equal(m.code, "LEM");
    assert_int_equal(kh_dict_prepare_text(d, "Emerald City", &a, &s), 0);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 19970101, &a, &m), 1);
    assert_string_equal(m.code, "OZZGOV");
    kh_arena_free(&a);
    /* options */
    assert_string_equal(kh_dict_option(d, "minimum words"), "5");
    assert_string_equal(kh_dict_option(d, "CODE BY"), "CLAUSE");
    assert_string_equal(kh_dict_option(d, "LABEL 010"), "GREET");
    assert_string_equal(kh_dict_option(d, "COMPLEX"), "VERBS[5] NOACTPRIOR");
    assert_string_equal(kh_dict_option(d, "OUTPUT"), "ACTOR MATCH");
    assert_null(kh_dict_option(d, "IGNORED"));
    assert_int_equal(kh_dict_nwordclasses(d), 3);
    assert_string_equal(kh_dict_wordclass(d, 1)->phrase, "GADGET");
    kh_dict_free(d);
}

static void test_discard_index(void **state)
{
    (void)state;
    static const char text[] = "%kind discards\nbaseball*\tstory\nworld cup\tsentence\nbox office\tstory\n";
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_int_equal(kh_dict_load_mem(d, "x.dict", text, strlen(text), KH_DICT_OURS, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    const kh_discard_entry *e;
    assert_int_equal(kh_dict_prepare_text(d, "the world cup and baseballs", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, &e), KH_DISCARD_STORY);    /* story wins */
    assert_string_equal(e->phrase, "baseball");
    assert_int_equal(kh_dict_prepare_text(d, "base ball", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, NULL), KH_DISCARD_NONE);
    assert_int_equal(kh_dict_prepare_text(d, "a world tour", &a, &s), 0);
    assert_int_equal(kh_dict_discard(d, &s, NULL), KH_DISCARD_NONE);
    kh_arena_free(&a);
    kh_dict_free(d);
}

static void shared_round_trip(const char *const *rels, int n)
{
    char path[8][512];
    const char *paths[8];
    for (int i = 0; i < n; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", kh_test_shared_dir(), rels[i]);
        paths[i] = path[i];
    }
    check_round_trip(paths, n);
}

static void test_shared_round_trips(void **state)
{
    (void)state;
    char path[512];
    KH_SHARED_OR_SKIP(path, "data/dictionaries/phoenix/CAMEO.2.0.txt");
    const char *phoenix[] = {"data/dictionaries/phoenix"};
    shared_round_trip(phoenix, 1);
    const char *petr[] = {"data/validation/petrarch/PETR.Validate.verbs.txt",
                          "data/validation/petrarch/PETR.Validate.actors.txt",
                          "data/validation/petrarch/PETR.Validate.agents.txt",
                          "data/validation/petrarch/PETR.Validate.discards.txt"};
    shared_round_trip(petr, 4);
    const char *up[] = {"data/validation/petrarch/PETR.Validate.verbs.2.0.txt",
                        "data/validation/petrarch/PETR.Validate.actors.UniversalPetrarch.txt"};
    shared_round_trip(up, 2);
    const char *tabari[] = {"data/validation/tabari/TABARI.Demo.actors", "data/validation/tabari/TABARI.Demo.verbs",
                            "data/validation/tabari/Validate.agents", "data/validation/tabari/Validate.options",
                            "data/validation/tabari/TABARI.Demo.options", "data/validation/tabari/CAMEO.09b5.options"};
    shared_round_trip(tabari, 6);
}

static void test_tabari_demo_counts(void **state)
{
    (void)state;
    char path[512];
    kh_dict_counts c;
    KH_SHARED_OR_SKIP(path, "data/validation/tabari/TABARI.Demo.verbs");
    const char *verbs[] = {path};
    kh_dict *d = load_paths(verbs, 1, &c);
    assert_int_equal(c.verbs + c.time_phrases, 293);     /* README: 293 verb/time lines */
    assert_int_equal(c.time_phrases, 10);
    assert_int_equal(c.patterns, 409);                   /* README: 409 patterns */
    assert_int_equal(c.synsets, 5);
    assert_int_equal(c.skipped, 0);
    kh_dict_free(d);
    snprintf(path, sizeof path, "%s/data/validation/tabari/TABARI.Demo.actors", kh_test_shared_dir());
    d = load_paths(verbs, 1, &c);
    /* README: 127 lines carrying codes (4 of them commented out) and 5 synonyms */
    assert_int_equal(c.actor_synonyms, 5);
    assert_int_equal(c.actors, 120);
    assert_int_equal(c.nouns, 8);
    assert_int_equal(c.adjectives, 5);
    long codes = 0;
    for (int32_t i = 0; i < kh_dict_nactors(d); i++)
        codes += kh_dict_actor(d, i)->ncodes;
    assert_int_equal(codes, 131);                        /* 123 coded lines, some with two codes */
    kh_dict_free(d);
    snprintf(path, sizeof path, "%s/data/validation/tabari/Validate.agents", kh_test_shared_dir());
    d = load_paths(verbs, 1, &c);
    assert_int_equal(c.agents, 86);
    kh_dict_free(d);
    snprintf(path, sizeof path, "%s/data/validation/tabari/Validate.options", kh_test_shared_dir());
    d = load_paths(verbs, 1, &c);
    assert_string_equal(kh_dict_option(d, "COMPLEX"), "VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN");
    assert_string_equal(kh_dict_option(d, "SKIP RECORDS"), "FALSE");
    assert_string_equal(kh_dict_option(d, "LABEL"), "TRUE");
    assert_string_equal(kh_dict_option(d, "LABEL 223"), "MIL ENGAGEMENT");
    assert_string_equal(kh_dict_option(d, "OUTPUT"), "ACTOR MATCH ID");
    assert_null(kh_dict_option(d, "DUP WARNING"));      /* commented out */
    kh_dict_free(d);
    snprintf(path, sizeof path, "%s/data/validation/tabari/CAMEO.09b5.options", kh_test_shared_dir());
    d = load_paths(verbs, 1, &c);
    assert_string_equal(kh_dict_option(d, "COMPLEX"), "VERBS[6] ACTORS[6] EXPLAIN");
    assert_string_equal(kh_dict_option(d, "FORWARD"), "^********^*** OFF");
    assert_string_equal(kh_dict_option(d, "OUTPUT"), "ID");
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_round_trip),
        cmocka_unit_test(test_tabari_fixture),
        cmocka_unit_test(test_discard_index),
        cmocka_unit_test(test_shared_round_trips),
        cmocka_unit_test(test_tabari_demo_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
