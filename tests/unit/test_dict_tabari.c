/* test_dict_tabari.c - the TABARI loaders (the tests of TABARI's files are skipped when
 * ../shared is absent), the matching of TABARI <TIME> phrases and TABARI's word ends on
 * dictionaries written here. */
#include "testutil.h"

#include "dict.h"

static void test_tabari_master_verbs(void **state)
{
    (void)state;
    char path[512];
    kh_dict_counts c;
    kh_diag diag;
    KH_SHARED_OR_SKIP(path, "data/dictionaries/tabari/CAMEO.091003.master.verbs");
    kh_diag_init(&diag, NULL);
    memset(&c, 0, sizeof c);
    kh_dict *d = kh_dict_new();
    assert_int_equal(kh_dict_detect(path), KH_DICT_TABARI_VERBS);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    assert_int_equal(c.verb_blocks, 1216);
    assert_true(c.patterns >= 15500 && c.patterns <= 15582);
    const kh_verb *v = kh_dict_verb_lookup(d, "abandoned");
    assert_non_null(v);
    assert_int_equal(v->special, KH_CODE_NONE);
    kh_dict_free(d);
}

static void test_tabari_demo(void **state)
{
    (void)state;
    char path[512];
    kh_diag diag;
    KH_SHARED_OR_SKIP(path, "data/validation/tabari/TABARI.Demo.actors");
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    kh_dict_counts c;
    memset(&c, 0, sizeof c);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_true(c.actors >= 100);
    snprintf(path, sizeof path, "%s/data/validation/tabari/Validate.agents", kh_test_shared_dir());
    memset(&c, 0, sizeof c);
    assert_int_equal(kh_dict_load(d, path, KH_DICT_UNKNOWN, &diag, &c), 0);
    assert_int_equal(c.agents, 86);
    kh_dict_free(d);
}

static const char time_verbs[] =
    "<TIME>\n"
    "WHOSE_FAULT [---]\n"
    "LONG_AGO [###]\n"
    "BY_THE_SEA [+++]\n"
    "LAST_WEEK [-7]\n"
    "- * AND A DAY [-8]\n"
    "</TIME>\n"
    "MEET  [031]\n";

/* The time phrase of a typed sentence: 1 and *tm, or 0. */
static int find_time(const kh_dict *d, const char *text, kh_time_match *tm)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, &a, &s), 0);
    int r = kh_dict_time_find(d, &s, tm);
    kh_arena_free(&a);
    return r;
}

static void test_tabari_time_phrases(void **state)
{
    (void)state;
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_int_equal(kh_dict_load_mem(d, "t.verbs", time_verbs, sizeof time_verbs - 1, KH_DICT_TABARI_VERBS,
                                      &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    kh_time_match tm;
    assert_int_equal(find_time(d, "Arnor met Gondor on Monday", &tm), 0);
    assert_int_equal(find_time(d, "Arnor met Gondor last week", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_EVENT);
    assert_int_equal(tm.days, -7);
    assert_int_equal(tm.start, 3);
    assert_int_equal(tm.end, 5);
    /* a pattern of the phrase's block: the words after it, gaps allowed */
    assert_int_equal(find_time(d, "Arnor met Gondor last week and then a day", &tm), 1);
    assert_int_equal(tm.days, -8);
    /* the first phrase that is not null counts: [---] is passed over */
    assert_int_equal(find_time(d, "whose fault was it long ago by the sea", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_DISCARD);
    assert_int_equal(find_time(d, "they met by the sea", &tm), 1);
    assert_int_equal(tm.special, KH_CODE_COMPLEX);
    assert_int_equal(find_time(d, "whose fault", &tm), 0);
    kh_dict_free(d);
}

/* ---- TABARI's word ends (manual 5.2.2, 5.2.3), on dictionaries written here ---------- */

static const char we_actors[] =
    "QUENDI_  [QEN]\n"          /* the word, or it with the plural S */
    "VANYAR  [VAN]\n"           /* a stem */
    "NOLDO=  [NOL]\n"           /* only the word */
    "THE_XY_  [XYZ]\n"
    "ELU_THINGOL_  [ELU]\n"
    "CIRDAN HAVENS_  [CHV]\n"  /* words after a blank may come later in the text */
    "~~FINISH\n";
static const char we_agents[] =
    "STEWARD_  [~GOV]\n"
    "~~FINISH\n";
static const char we_verbs[] =
    "WANDER_  [031]\n"
    "HASTE_  [032]\n"
    "SPURN=  [120]\n"
    "GALLOP  [033]\n"
    "GALLOPED  [034]\n"
    "ROAM_  [035]\n"
    "{ ROVED_ STRAY }\n"
    "~~FINISH\n";

static kh_dict *word_ends_dict(void)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    assert_int_equal(kh_dict_load_mem(d, "a.actors", we_actors, sizeof we_actors - 1, KH_DICT_TABARI_ACTORS, &diag, NULL), 0);
    assert_int_equal(kh_dict_load_mem(d, "a.agents", we_agents, sizeof we_agents - 1, KH_DICT_TABARI_AGENTS, &diag, NULL), 0);
    assert_int_equal(kh_dict_load_mem(d, "a.verbs", we_verbs, sizeof we_verbs - 1, KH_DICT_TABARI_VERBS, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    return d;
}

/* The code of the mention at the text's first word ("" when none) and its length. */
static const char *actor_at0(const kh_dict *d, kh_arena *a, const char *text, int32_t *len)
{
    kh_dict_sent s;
    kh_actor_match m;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    if (kh_dict_match_actor(d, &s, 0, 20200101, a, &m) != 1)
        return "";
    *len = m.end - m.start;
    return m.code ? m.code : "";
}

/* The code of the first mention kh_dict_find_actors finds in the text ("" when none) and
 * its length: TABARI's gapped phrases and hyphens (dict_gap.c) are matched there. */
static const char *first_actor(const kh_dict *d, kh_arena *a, const char *text, int32_t *len)
{
    kh_dict_sent s;
    kh_actor_match *m;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    if (kh_dict_find_actors(d, &s, 20200101, a, &m) < 1)
        return "";
    *len = m[0].end - m[0].start;
    return m[0].code ? m[0].code : "";
}

/* The code of the verb at word i of the text ("" when none). */
static const char *verb_at(const kh_dict *d, kh_arena *a, const char *text, int32_t i)
{
    kh_dict_sent s;
    kh_verb_match m;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    return kh_dict_match_verb(d, &s, i, &m) ? m.verb->code : "";
}

static void test_tabari_word_ends(void **state)
{
    (void)state;
    kh_dict *d = word_ends_dict();
    kh_arena a;
    kh_arena_init(&a, 0);
    int32_t n = 0;
    /* actors: "QUENDI_" takes the plural S and "'s", nothing else */
    assert_string_equal(actor_at0(d, &a, "Quendi", &n), "QEN");
    assert_string_equal(actor_at0(d, &a, "Quendis", &n), "QEN");
    assert_string_equal(actor_at0(d, &a, "Quendi's", &n), "QEN");
    assert_int_equal(n, 1);
    assert_string_equal(actor_at0(d, &a, "Quendix", &n), "");
    assert_string_equal(actor_at0(d, &a, "Quendixs", &n), "");
    /* a stem: every word that begins with it */
    assert_string_equal(actor_at0(d, &a, "Vanyarin", &n), "VAN");
    assert_string_equal(actor_at0(d, &a, "Vanya", &n), "");
    /* "NOLDO=": the word alone */
    assert_string_equal(actor_at0(d, &a, "Noldo", &n), "NOL");
    assert_string_equal(actor_at0(d, &a, "Noldos", &n), "");
    /* the last word of "THE_XY_" must end there; a stem actor with an agent after it */
    assert_string_equal(actor_at0(d, &a, "the Xylophone", &n), "");
    assert_string_equal(actor_at0(d, &a, "the XY", &n), "XYZ");
    assert_string_equal(actor_at0(d, &a, "Vanyarin stewards", &n), "VANGOV");
    assert_int_equal(n, 2);
    /* TABARI reads a hyphen of the text as a blank */
    assert_string_equal(first_actor(d, &a, "Elu - Thingol", &n), "ELU");
    assert_int_equal(n, 3);
    /* "CIRDAN HAVENS": other words may come between (dict_gap.c), its last word marked */
    assert_string_equal(first_actor(d, &a, "Cirdan of the Grey Havens", &n), "CHV");
    assert_int_equal(n, 5);
    assert_string_equal(first_actor(d, &a, "Cirdan Havens", &n), "CHV");
    /* verbs: "WANDER_" with S ED ES EN ING, an E merging with the ending */
    assert_string_equal(verb_at(d, &a, "wandered", 0), "031");
    assert_string_equal(verb_at(d, &a, "wanders", 0), "031");
    assert_string_equal(verb_at(d, &a, "wandering", 0), "031");
    assert_string_equal(verb_at(d, &a, "wanderx", 0), "");
    assert_string_equal(verb_at(d, &a, "wanderink", 0), "");
    assert_string_equal(verb_at(d, &a, "hasted", 0), "032");
    assert_string_equal(verb_at(d, &a, "hastez", 0), "");
    /* "SPURN=" only as written; a stem takes any ending */
    assert_string_equal(verb_at(d, &a, "spurn", 0), "120");
    assert_string_equal(verb_at(d, &a, "spurning", 0), "");
    assert_string_equal(verb_at(d, &a, "gallops", 0), "033");
    /* a verb written as the word wins over a stem that also matches it */
    assert_string_equal(verb_at(d, &a, "galloped", 0), "034");
    /* irregular forms keep their own ends: "ROVED_" as a word, "STRAY" as a stem */
    assert_string_equal(verb_at(d, &a, "roved", 0), "035");
    assert_string_equal(verb_at(d, &a, "strayed", 0), "035");
    /* 'S is a noun's ending, never a verb's: "wander's" is no verb */
    assert_string_equal(verb_at(d, &a, "wander's", 0), "");
    kh_arena_free(&a);
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tabari_master_verbs),
        cmocka_unit_test(test_tabari_demo),
        cmocka_unit_test(test_tabari_time_phrases),
        cmocka_unit_test(test_tabari_word_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
