/* test_synset.c - synsets and pattern words as TABARI and PETRARCH read them: synsets
 * named inside synset members, room between a member's words, open (stem) and closed
 * words, "n't" split as the tokenizer splits it, TABARI's pattern order by letters, and
 * in the coder: a multi-word member read leftwards from the verb, subordinate codes,
 * PETRARCH's exact pattern words and the actors a pattern names by its words. */
#include "codertest.h"

#include "coder.h"
#include "dict.h"

/* A TABARI .verbs file written for these tests. */
static const char tverbs[] =
    "<SYNSETS>\n"
    "&HUE\n"
    "+CRIMSON\n"
    "+DEEP_BLUE_\n"
    "+PALE GREEN\n"
    "&PAINTING\n"
    "+&HUE_INK\n"
    "+INK_OF_&HUE\n"
    "&NEVERAUX\n"
    "+DIDN'T\n"
    "+HARDLY_EVER\n"
    "&COIN\n"
    "+DUCAT_$\n"
    "</SYNSETS>\n"
    "PAINT  [010]\n"
    "- * &PAINTING  [011]\n"
    "- * INK  [012]\n"
    "- * WALL_  [013]\n"
    "- * DOORFRAME  [014]\n"
    "- &NEVERAUX * FENCE  [015]\n"
    "- NEARLY_&NEVERAUX_ONCE * FENCE  [016]\n"
    "DECLARE  [020?]\n"
    "HELP  [030]\n"
    "- DECLAR * [031]\n"
    "DONATE  [070]\n"
    "- * &COIN  [071]\n";

static const char pverbs[] =
    "&TONE\n"
    "+CRIMSON\n"
    "\n"
    "&PIGMENT\n"
    "+&TONE_INK\n"
    "\n"
    "--- PAINT [010] ---\n"
    "PAINT\n"
    "- * &PIGMENT [011]\n"
    "\n"
    "--- SIGN [057] ---\n"
    "SIGN\n"
    "- * TREATY [0571]\n"
    "\n"
    "--- ACCORD [---] ---\n"
    "ACCORD\n"
    "- HURRYING * [083]\n"
    "\n"
    "--- WELCOME [041] ---\n"
    "WELCOME\n"
    "- * PLEDGES FROM [0413]\n";

static const char actors[] =
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n";

static kh_dict *load(const char *verbs, kh_dict_format fmt)
{
    kh_dict *d = kh_test_dict((const kh_test_part[]){
        {"verbs", verbs, fmt}, {"actors", actors, KH_DICT_PETR_ACTORS}, {NULL, NULL, 0}});
    assert_non_null(d);
    return d;
}

/* End of the synset match at token i of text, 0 when none. */
static int32_t syn_end(const kh_dict *d, const char *name, const char *text, int32_t i)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, &a, &s), 0);
    int32_t e = kh_dict_synset_end(d, kh_dict_synset_get(d, name), &s, i, s.n);
    kh_arena_free(&a);
    return e;
}

static int32_t syn_start(const kh_dict *d, const char *name, const char *text, int32_t last)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, &a, &s), 0);
    int32_t st = kh_dict_synset_start(d, kh_dict_synset_get(d, name), &s, last, 0);
    kh_arena_free(&a);
    return st;
}

static void test_tabari_members(void **state)
{
    (void)state;
    kh_dict *d = load(tverbs, KH_DICT_TABARI_VERBS);
    /* an open word matches the words that begin with it, a closed one only itself */
    assert_int_equal(syn_end(d, "&HUE", "crimsonish", 0), 1);
    assert_int_equal(syn_end(d, "&HUE", "deep blue", 0), 2);
    assert_int_equal(syn_end(d, "&HUE", "deep blues", 0), 0);
    /* a blank between two words leaves room for others, '_' does not */
    assert_int_equal(syn_end(d, "&HUE", "pale sea green", 0), 3);
    assert_int_equal(syn_end(d, "&HUE", "deep sea blue", 0), 0);
    /* members naming another synset */
    assert_int_equal(syn_end(d, "&PAINTING", "crimson ink", 0), 2);
    assert_int_equal(syn_end(d, "&PAINTING", "crimson red ink", 0), 0);
    assert_int_equal(syn_end(d, "&PAINTING", "ink of pale green", 0), 4);
    assert_int_equal(syn_start(d, "&PAINTING", "the crimson inks", 2), 1);
    assert_int_equal(syn_start(d, "&PAINTING", "the crimson red ink", 3), -1);
    /* "DIDN'T" is the tokenizer's "did n't" */
    assert_int_equal(syn_end(d, "&NEVERAUX", "did n't", 0), 2);
    assert_int_equal(syn_start(d, "&NEVERAUX", "they did n't", 2), 1);
    assert_int_equal(syn_end(d, "&NEVERAUX", "didn't", 0), 2);
    kh_dict_free(d);
}

static void test_tabari_pattern_order_and_words(void **state)
{
    (void)state;
    kh_dict *d = load(tverbs, KH_DICT_TABARI_VERBS);
    const kh_verb *v = kh_dict_verb_lookup(d, "paint");
    assert_non_null(v);
    const kh_verb_block *b = v->block;
    assert_int_equal(b->npatterns, 6);
    /* longest in letters first: a synset counts nothing (manual 5.7.1) */
    static const char *const order[] = {"016", "014", "015", "013", "012", "011"};
    for (int k = 0; k < 6; k++)
        assert_string_equal(b->patterns[k].code, order[k]);
    const kh_pattern *wall = &b->patterns[3], *door = &b->patterns[1];
    assert_true(wall->elems[1].flags & KH_PE_EXACT);
    assert_true(door->elems[1].flags & KH_PE_STEM);
    kh_dict_free(d);
}

static void test_petrarch_members(void **state)
{
    (void)state;
    kh_dict *d = load(pverbs, KH_DICT_PETR_VERBS);
    assert_int_equal(syn_end(d, "&PIGMENT", "crimson ink", 0), 2);
    assert_int_equal(syn_end(d, "&PIGMENT", "crimson red ink", 0), 0);
    kh_dict_free(d);
}

/* ---- in the coder ----------------------------------------------------------------- */

static int code(const kh_dict *d, const kh_code_opts *o, const char *const *rows, int n, char *out, size_t outn)
{
    return kh_test_code(d, o, rows, n, out, outn, 0);
}

#define CODE(d, o, rows, buf) code(d, o, rows, (int)(sizeof rows / sizeof rows[0]), buf, sizeof buf)

static void test_tabari_coding(void **state)
{
    (void)state;
    kh_dict *d = load(tverbs, KH_DICT_TABARI_VERBS);
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.intent_codes = 0;
    char got[256];
    /* an open pattern word: DOORFRAME on "doorframework" */
    static const char *const r1[] = {"Arnor Arnor PROPN 2 nsubj", "painted paint VERB 0 root",
                                     "doorframework doorframework NOUN 2 obj", "for for ADP 5 case",
                                     "Gondor Gondor PROPN 2 obl"};
    CODE(d, &o, r1, got);
    assert_string_equal(got, "ARN GON 014");
    /* a closed one: WALL_ is not "walls" */
    static const char *const r2[] = {"Arnor Arnor PROPN 2 nsubj", "painted paint VERB 0 root",
                                     "walls wall NOUN 2 obj", "for for ADP 5 case", "Gondor Gondor PROPN 2 obl"};
    CODE(d, &o, r2, got);
    assert_string_equal(got, "ARN GON 010");
    /* a member of two words right before "_ONCE", read leftwards from the verb */
    static const char *const r3[] = {"Arnor Arnor PROPN 6 nsubj", "nearly nearly ADV 6 advmod",
                                     "did do AUX 6 aux", "n't not PART 6 advmod", "once once ADV 6 advmod",
                                     "paint paint VERB 0 root", "the the DET 8 det", "fence fence NOUN 6 obj",
                                     "of of ADP 10 case", "Gondor Gondor PROPN 8 nmod"};
    CODE(d, &o, r3, got);
    assert_string_equal(got, "ARN GON 016");
    static const char *const r4[] = {"Arnor Arnor PROPN 6 nsubj", "nearly nearly ADV 6 advmod",
                                     "did do AUX 6 aux", "n't not PART 6 advmod", "even even ADV 6 advmod",
                                     "paint paint VERB 0 root", "the the DET 8 det", "fence fence NOUN 6 obj",
                                     "of of ADP 10 case", "Gondor Gondor PROPN 8 nmod"};
    CODE(d, &o, r4, got);
    assert_string_equal(got, "ARN GON 015");
    /* a subordinate code ("DECLARE [020?]") gives way to any other event */
    static const char *const r5[] = {"Arnor Arnor PROPN 2 nsubj", "declared declare VERB 0 root",
                                     "it it PRON 5 nsubj", "would would AUX 5 aux", "help help VERB 2 ccomp",
                                     "Gondor Gondor PROPN 5 obj"};
    CODE(d, &o, r5, got);
    assert_string_equal(got, "ARN GON 031");
    static const char *const r6[] = {"Arnor Arnor PROPN 2 nsubj", "declared declare VERB 0 root",
                                     "war war NOUN 2 obj", "on on ADP 5 case", "Gondor Gondor PROPN 2 obl"};
    CODE(d, &o, r6, got);
    assert_string_equal(got, "ARN GON 020");
    /* a member naming the source ("DUCAT_$"): the target is the next actor on */
    static const char *const r7[] = {"Arnor Arnor PROPN 2 nsubj", "donated donate VERB 0 root",
                                     "ducat ducat NOUN 2 obj", "Gondor Gondor PROPN 3 nmod",
                                     "to to ADP 6 case", "Rohan Rohan PROPN 2 obl"};
    CODE(d, &o, r7, got);
    assert_string_equal(got, "GON ROH 071");
    kh_dict_free(d);
}

static void test_petrarch_coding(void **state)
{
    (void)state;
    kh_dict *d = load(pverbs, KH_DICT_PETR_VERBS);
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.fill_agents = 0;
    o.intent_codes = 0;
    char got[256];
    /* PETRARCH's words match as written: TREATY is not "treaties" */
    static const char *const r1[] = {"Arnor Arnor PROPN 2 nsubj", "signed sign VERB 0 root",
                                     "treaties treaty NOUN 2 obj", "with with ADP 5 case",
                                     "Gondor Gondor PROPN 2 obl"};
    CODE(d, &o, r1, got);
    assert_string_equal(got, "ARN GON 0571");
    assert_int_equal(kh_code_opts_set(&o, "exact_words", "true"), 0);
    CODE(d, &o, r1, got);
    assert_string_equal(got, "ARN GON 057");
    o.exact_words = 0;
    /* a pattern reaching back to the verb that governs the predicate lends its subject */
    static const char *const r2[] = {"Arnor Arnor PROPN 3 nsubj", "is be AUX 3 aux",
                                     "hurrying hurry VERB 0 root", "to to PART 5 mark",
                                     "accord accord VERB 3 advcl", "with with ADP 7 case",
                                     "Gondor Gondor PROPN 5 obl"};
    CODE(d, &o, r2, got);
    assert_string_equal(got, "ARN GON 083");
    /* a pattern ending in a word: the actor right after it is the target */
    static const char *const r3[] = {"Arnor Arnor PROPN 2 nsubj", "welcomed welcome VERB 0 root",
                                     "pledges pledge NOUN 2 obj", "on on ADP 5 case", "trade trade NOUN 3 nmod",
                                     "sent send VERB 5 acl", "from from ADP 8 case",
                                     "Gondor Gondor PROPN 6 obl"};
    CODE(d, &o, r3, got);
    assert_string_equal(got, "ARN GON 0413");
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tabari_members),
        cmocka_unit_test(test_tabari_pattern_order_and_words),
        cmocka_unit_test(test_petrarch_members),
        cmocka_unit_test(test_tabari_coding),
        cmocka_unit_test(test_petrarch_coding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
