/* test_coder_patterns.c - the coder's reading of PETRARCH verb patterns and passives on
 * hand-built trees: the complement of a passive, passives without agent (option
 * agentless_passive), pattern nouns and their plurals (option exact_words), '^'
 * over "AGENT of ACTOR", blocks of one name sharing patterns, a subject the parser
 * split in two. */
#include "codertest.h"

#include "coder.h"
#include "dict.h"

static const char verbs[] =
    "--- ATTACK [190] ---\n"
    "ATTACK\n"
    "\n"
    "--- SEE [---] ---\n"
    "SEE {SAW SEEN SEES SEEING}\n"
    "\n"
    "--- CONDEMN [111] ---\n"
    "CONDEMN\n"
    "\n"
    "--- SIGN [050] ---\n"
    "SIGN\n"
    "- * TRUCE [062]\n"
    "\n"
    "--- HOLD [010] ---\n"
    "HOLD\n"
    "- * FEAST AT ^ ^ + [044]\n"
    "\n"
    "--- STRIKE [---] ---\n"
    "STRIKE\n"
    "- * BACK [191]\n"
    "\n"
    "--- STRIKE [190] ---\n"
    "STRIKE\n"
    "- * HARD ON + [195]\n"
    "\n"
    "--- REGRET [---] ---\n"
    "REGRET\n"
    "- NOTED + * [115]\n"
    "\n"
    "--- RISE [---] ---\n"
    "RISE {ROSE RISEN RISES RISING}\n"
    "- DEATH TOLL * [223]\n"
    "\n"
    "--- BLOCK [191] ---\n"
    "BLOCK\n";

static const char actors[] =
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n"
    "MORDOR [MOR]\n"
    "ROHAN THE BOLD [RHB]\n";

static const char agents[] = "COUNCIL [~LEG]\n";

static kh_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = kh_test_dict((const kh_test_part[]){
        {"verbs.txt", verbs, KH_DICT_PETR_VERBS},
        {"actors", actors, KH_DICT_PETR_ACTORS},
        {"agents", agents, KH_DICT_PETR_AGENTS},
        {NULL, NULL, 0}});
    return dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_dict_free(dict);
    return 0;
}

static void code_rows(const char *const *rows, int n, const kh_code_opts *o, char *out, size_t outn)
{
    kh_test_code(dict, o, rows, n, out, outn, 0);
}

#define CODE(rows, o, buf) code_rows(rows, (int)(sizeof rows / sizeof rows[0]), o, buf, sizeof buf)

/* "Rohan was seen to attack Gondor": Rohan attacks. */
static void test_complement_of_passive(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Rohan Rohan PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "seen see VERB 0 root",          "to to PART 5 mark",
                                    "attack attack VERB 3 xcomp",   "Gondor Gondor PROPN 5 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "ROH GON 190");
}

/* "Rohan was condemned over its quarrel with Gondor": nobody is named as condemning;
 * petrarch2 takes the subject as source, UniversalPetrarch as target. */
static void test_agentless_passive(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.place_targets = 1;
    char got[256];
    static const char *const r[] = {"Rohan Rohan PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "condemned condemn VERB 0 root", "over over ADP 6 case",
                                    "its its PRON 6 nmod:poss",      "quarrel quarrel NOUN 3 obl",
                                    "with with ADP 8 case",          "Gondor Gondor PROPN 6 nmod"};
    CODE(r, &o, got);
    assert_string_equal(got, "");
    assert_int_equal(kh_code_opts_set(&o, "agentless_passive", "1"), 0);
    CODE(r, &o, got);
    assert_string_equal(got, "ROH GON 111");
    assert_int_equal(kh_code_opts_set(&o, "agentless_passive", "2"), 0);
    CODE(r, &o, got);
    assert_string_equal(got, "GON ROH 111");
}

/* "* TRUCE" meets "truces" through the lemma, unless exact_words is on (petrarch2). */
static void test_pattern_plurals(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "signed sign VERB 0 root",
                                    "truces truce NOUN 2 obj",   "with with ADP 5 case",
                                    "Gondor Gondor PROPN 2 obl"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 062");
    assert_int_equal(kh_code_opts_set(&o, "exact_words", "true"), 0);
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 050");
}

/* "Arnor held a feast at Rohan with the council of Gondor in Mordor": the second '^'
 * passes over the council alone, '+' takes Gondor. */
static void test_skip_agent_of_actor(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.place_targets = 1;
    char got[256];
    static const char *const r[] = {
        "Arnor Arnor PROPN 2 nsubj",  "held hold VERB 0 root",       "a a DET 4 det",
        "feast feast NOUN 2 obj",     "at at ADP 6 case",            "Rohan Rohan PROPN 2 obl",
        "with with ADP 9 case",       "the the DET 9 det",           "council council NOUN 2 obl",
        "of of ADP 11 case",          "Gondor Gondor PROPN 9 nmod",  "in in ADP 13 case",
        "Mordor Mordor PROPN 2 obl"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 044");
}

/* Two blocks named STRIKE: the verb keeps the first block's null code, the pattern of
 * the second applies. */
static void test_blocks_of_one_name(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "strikes strike VERB 0 root",
                                    "hard hard ADV 2 advmod",    "on on ADP 5 case",
                                    "Gondor Gondor PROPN 2 obl"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 195");
}

/* "Arnor envoy of a row between Rohan the Bold attacked Gondor" misparsed with two
 * subjects, the second ("Bold") inside the first one's phrase: only the first counts. */
static void test_split_subject(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {
        "Arnor Arnor PROPN 2 compound", "envoy envoy NOUN 10 nsubj",   "of of ADP 5 case",
        "a a DET 5 det",                "row row NOUN 2 nmod",         "between between ADP 7 case",
        "Rohan Rohan PROPN 5 nmod",     "the the DET 9 det",           "Bold Bold PROPN 10 nsubj",
        "attacked attack VERB 0 root",  "Gondor Gondor PROPN 10 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 190");
}

/* Words of the pattern before the verb speak of the actor before them: "Arnor noted
 * that Rohan regretted it" (NOTED + *: Rohan is the target, Arnor the source), and
 * "Arnor's death toll rose in the fight with Gondor" misparsed with "death" as root
 * (DEATH TOLL *: the verb has no subject, Arnor's is the source). */
static void test_source_before_pattern_words(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.place_targets = 1;
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj",      "noted note VERB 0 root",
                                    "that that SCONJ 5 mark",         "Rohan Rohan PROPN 5 nsubj",
                                    "regretted regret VERB 2 ccomp",  "it it PRON 5 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN ROH 115");
    static const char *const q[] = {
        "Arnor Arnor PROPN 3 nmod:poss", "'s 's PART 1 case",           "death death NOUN 0 root",
        "toll toll NOUN 5 nsubj",        "rose rise VERB 3 acl:relcl",  "in in ADP 8 case",
        "the the DET 8 det",             "fight fight NOUN 5 obl",      "with with ADP 10 case",
        "Gondor Gondor PROPN 8 nmod"};
    CODE(q, &o, got);
    assert_string_equal(got, "ARN GON 223");
}

/* "Arnor blocked the roads leading into Gondor along the pass of Mordor": the first
 * actor after the verb is in the participle that modifies its object (Gondor), not in
 * the prepositional phrase after it; "troops to defend Rohan" is a clause, passed over. */
static void test_target_in_participle(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {
        "Arnor Arnor PROPN 2 nsubj",          "blocked block VERB 0 root",    "the the DET 4 det",
        "roads road NOUN 2 obj",              "leading lead VERB 4 acl VBG",  "into into ADP 7 case",
        "Gondor Gondor PROPN 5 obl",          "along along ADP 10 case",      "the the DET 10 det",
        "pass pass NOUN 2 obl",               "of of ADP 12 case",            "Mordor Mordor PROPN 10 nmod"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 191");
    static const char *const q[] = {
        "Arnor Arnor PROPN 2 nsubj",    "blocked block VERB 0 root",     "troops troop NOUN 2 obj",
        "to to PART 5 mark",            "defend defend VERB 3 acl VB",   "Rohan Rohan PROPN 5 obj",
        "along along ADP 9 case",       "the the DET 9 det",             "pass pass NOUN 2 obl",
        "of of ADP 11 case",            "Mordor Mordor PROPN 9 nmod"};
    CODE(q, &o, got);
    assert_string_equal(got, "ARN MOR 191");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complement_of_passive), cmocka_unit_test(test_agentless_passive),
        cmocka_unit_test(test_pattern_plurals),       cmocka_unit_test(test_skip_agent_of_actor),
        cmocka_unit_test(test_blocks_of_one_name),    cmocka_unit_test(test_split_subject),
        cmocka_unit_test(test_source_before_pattern_words), cmocka_unit_test(test_target_in_participle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
