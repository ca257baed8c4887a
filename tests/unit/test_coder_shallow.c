/* test_coder_shallow.c - more of TABARI's shallow reading on hand-built trees: verb
 * phrases whose words need not be adjacent, a verb capitalized mid-sentence read as a
 * noun, the first actor after the verb as target (a place too), '^' before the verb,
 * and an agent with its actor in a prepositional phrase as a clause's source.
 * Dictionaries written for the test. */
#include "codertest.h"

#include "coder.h"
#include "dict.h"

static const char verbs[] =
    "WARN  [160]\n"
    "ATTACK  [190]\n"
    "HELP  [070]\n"
    "ARRIVE  [032]\n"
    "ALERT  [160]\n"
    "- $ ^ FOR *  [164]\n"
    "FLEET SAILED  [150]\n"
    "~~FINISH\n";

static const char actors[] =
    "VALDOR  [VAL]\n"
    "KESH  [KSH]\n"
    "MARLO  [MAR]\n"
    "~~FINISH\n";

static const char agents[] =
    "MERCHANT_GUILD_  [NGO~]\n"
    "~~FINISH\n";

static kh_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = kh_test_dict((const kh_test_part[]){
        {"t.verbs", verbs, KH_DICT_TABARI_VERBS},
        {"t.actors", actors, KH_DICT_TABARI_ACTORS},
        {"t.agents", agents, KH_DICT_TABARI_AGENTS},
        {NULL, NULL, 0}});
    return dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_dict_free(dict);
    return 0;
}

/* The rows coded in TABARI's reading (shallow) or ours, no agent filling or intent codes. */
static void code_rows(const char *const *rows, int n, int shallow, char *out, size_t outn)
{
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = shallow;
    o.fill_agents = 0;
    o.intent_codes = 0;
    kh_test_code(dict, &o, rows, n, out, outn, 0);
}

#define CODE(rows, shallow, buf) code_rows(rows, (int)(sizeof rows / sizeof rows[0]), shallow, buf, sizeof buf)

/* "FLEET SAILED": a blank between a TABARI verb's words lets others stand between
 * them, up to a comma or a conjunction. */
static void test_gapped_verb(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 3 nmod:poss", "'s 's PART 1 case",
                                    "fleet fleet NOUN 5 nsubj", "has have AUX 5 aux", "sailed sail VERB 0 root",
                                    "toward toward ADP 7 case", "Kesh Kesh PROPN 5 obl", ". . PUNCT 5 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 150");
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent ds;
    kh_verb_match vm;
    assert_int_equal(kh_dict_prepare_text(dict, "the fleet has quickly sailed", &a, &ds), 0);
    assert_int_equal(kh_dict_match_verb(dict, &ds, 1, &vm), 1);
    assert_int_equal(vm.start, 1);
    assert_int_equal(vm.end, 5);
    assert_int_equal(kh_dict_prepare_text(dict, "the fleet , and it sailed", &a, &ds), 0);
    assert_int_equal(kh_dict_match_verb(dict, &ds, 1, &vm), 0);
    kh_arena_free(&a);
}

/* A dictionary verb capitalized in the middle of a sentence is a noun (not in a
 * sentence all in capitals). */
static void test_capitalized_verb_is_noun(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 3 nsubj", "will will AUX 3 aux", "Warn warn VERB 0 root",
                                    "Kesh Kesh PROPN 3 obj", ". . PUNCT 3 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "");
    CODE(r, 0, got);
    assert_string_equal(got, "VAL KSH 160");
    static const char *const c[] = {"VALDOR Valdor PROPN 3 nsubj", "WILL will AUX 3 aux", "WARN warn VERB 0 root",
                                    "KESH Kesh PROPN 3 obj", ". . PUNCT 3 punct"};
    CODE(c, 1, got);
    assert_string_equal(got, "VAL KSH 160");
}

/* The shallow reading's target is the first actor after the verb, a place too; ours
 * prefers a telling preposition. */
static void test_first_actor_after_verb(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "arrived arrive VERB 0 root",
                                    "in in ADP 4 case", "Kesh Kesh PROPN 2 obl", "for for ADP 6 case",
                                    "talks talk NOUN 2 obl", "with with ADP 8 case", "Marlo Marlo PROPN 6 nmod",
                                    ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 032");
    CODE(r, 0, got);
    assert_string_equal(got, "VAL MAR 032");
}

/* '^' before the verb passes over the actor there: "$ ^ FOR *". */
static void test_skip_before_verb(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 6 nsubj", "beside beside ADP 3 case",
                                    "Kesh Kesh PROPN 1 nmod", "for for ADP 5 case", "Marlo Marlo PROPN 6 obl",
                                    "alerted alert VERB 0 root", "allies ally NOUN 6 obj", ". . PUNCT 6 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL MAR 164");
}

/* An agent whose actor follows in a prepositional phrase is the clause's source with
 * that actor ("the merchant guild in Valdor": NGOVAL), not the actor alone. */
static void test_agent_with_actor_source(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Merchant merchant NOUN 2 compound", "guild guild NOUN 6 nsubj",
                                    "in in ADP 4 case", "Valdor Valdor PROPN 2 nmod", "are be AUX 6 cop",
                                    "about about ADJ 0 root", "to to PART 8 mark", "help help VERB 6 xcomp",
                                    "Kesh Kesh PROPN 8 obj", ". . PUNCT 6 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "NGOVAL KSH 070");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gapped_verb),
        cmocka_unit_test(test_capitalized_verb_is_noun),
        cmocka_unit_test(test_first_actor_after_verb),
        cmocka_unit_test(test_skip_before_verb),
        cmocka_unit_test(test_agent_with_actor_source),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
