/* test_coder_tabari.c - TABARI's shallow reading of sentence structure on hand-built
 * trees: actor phrases with words between their words, null-coded actors, '%' after
 * the verb, a name the parser made a second subject, a subject that is a list of
 * nouns, the source of a subordinate clause, pattern words as stems, hyphens in
 * patterns, TABARI's pattern order, '^' and the first verb of COMPLEX: NOACTPRIOR, a
 * word of an actor that is no verb, the passive that needs "by". Dictionaries written
 * for the test. */
#include "codertest.h"

#include "coder.h"
#include "dict.h"

static const char verbs[] =
    "WARN  [160]\n"
    "TRADE  [---]\n"
    "- HAS * WITH %  [067]\n"
    "ATTACK  [190]\n"
    "REJECT  [111]\n"
    "HELP  [070]\n"
    "- * FIRM SUPPORT  [072]\n"
    "- * SOFT_ LOANS  [071]\n"
    "RALLY  [140]\n"
    "- PRO- + *  [051]\n"
    "VOW  [170]\n"
    "- * FIGHT TO THE END  [173]\n"
    "- * FIGHTING TO THE END  [174]\n"
    "GREET  [040]\n"
    "- * GUESTS AT ^ ^ +  [043]\n"
    "GUARD  [170]\n"
    "START  [---]\n"
    "- * TRADE WAR  [163]\n"
    "~~FINISH\n";

static const char actors[] =
    "<NOUN>\n"
    "SHEEP\n"
    "GOATS\n"
    "</NOUN>\n"
    "VALDOR  [VAL]\n"
    "KESH  [KSH]\n"
    "MARLO  [MAR]\n"
    "DUKE TIRAN_VALE  [TVL]\n"
    "BRENN  [BRN <100101] [---]\n"
    "TOLVEN  [TOL]\n"
    "GUARDSMEN  [GRD]\n"
    "~~FINISH\n";

static kh_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = kh_test_dict((const kh_test_part[]){
        {"t.verbs", verbs, KH_DICT_TABARI_VERBS},
        {"t.actors", actors, KH_DICT_TABARI_ACTORS},
        {NULL, NULL, 0}});
    return dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_dict_free(dict);
    return 0;
}

/* The rows coded with options op: "SRC TGT CODE;..."; returns the sentence's status. */
static int code_rows_opts(const char *const *rows, int n, const kh_code_opts *op, char *out, size_t outn)
{
    return kh_test_code(dict, op, rows, n, out, outn, 0);
}

/* The rows coded in TABARI's reading (shallow) or ours, no agent filling or intent codes. */
static void code_rows(const char *const *rows, int n, int shallow, char *out, size_t outn)
{
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = shallow;
    o.fill_agents = 0;
    o.intent_codes = 0;
    code_rows_opts(rows, n, &o, out, outn);
}

#define CODE(rows, shallow, buf) code_rows(rows, (int)(sizeof rows / sizeof rows[0]), shallow, buf, sizeof buf)

/* "DUKE TIRAN_VALE": a blank lets any number of words stand between, also a
 * conjunction or a verb, '_' does not; '_' in the text joins words; a comma ends the
 * phrase's reach. */
static void test_gapped_actor_phrase(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "warned warn VERB 0 root",
                                    "the the DET 4 det", "Duke Duke PROPN 2 obj", "of of ADP 6 case",
                                    "Tiran_Vale Tiran_Vale PROPN 4 nmod", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL TVL 160");
    static const char *const cut[] = {"Valdor Valdor PROPN 2 nsubj", "warned warn VERB 0 root",
                                      "the the DET 4 det", "Duke Duke PROPN 2 obj", ", , PUNCT 6 punct",
                                      "Tiran_Vale Tiran_Vale PROPN 4 conj", ". . PUNCT 2 punct"};
    CODE(cut, 1, got);
    assert_string_equal(got, "");
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_dict_sent ds;
    kh_actor_match *m = NULL;
    assert_int_equal(kh_dict_prepare_text(dict, "Duke Tiran of Vale", &a, &ds), 0);
    assert_int_equal(kh_dict_find_actors(dict, &ds, 20200101, &a, &m), 0);   /* TIRAN_VALE adjacent */
    assert_int_equal(kh_dict_prepare_text(dict, "a duke said the envoys should go to the hills and "
                                          "meet the Tiran_Vale riders", &a, &ds), 0);
    assert_int_equal(kh_dict_find_actors(dict, &ds, 20200101, &a, &m), 1);
    assert_string_equal(m[0].code, "TVL");
    kh_arena_free(&a);
    /* a conjunction inside such a phrase starts no clause */
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.intent_codes = 0;
    o.code_by = KH_CODE_BY_CLAUSE;
    static const char *const across[] = {"Valdor Valdor PROPN 2 nsubj", "warned warn VERB 0 root",
                                         "the the DET 4 det", "Duke Duke PROPN 2 obj", "and and CCONJ 9 cc",
                                         "a a DET 8 det", "Tiran_Vale Tiran_Vale PROPN 8 compound",
                                         "officer officer NOUN 9 nsubj", "attacked attack VERB 2 conj",
                                         "Marlo Marlo PROPN 9 obj", ". . PUNCT 2 punct"};
    code_rows_opts(across, (int)(sizeof across / sizeof across[0]), &o, got, sizeof got);
    assert_string_equal(got, "VAL TVL 160");
}

/* A word of an actor phrase is no verb, though a verb's stem begins it ("guardsmen"
 * is not GUARD). */
static void test_actor_word_is_no_verb(void **state)
{
    (void)state;
    char got[256];
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.intent_codes = 0;
    o.code_by = KH_CODE_BY_ALL;
    static const char *const r[] = {"Kesh Kesh PROPN 2 compound", "guardsmen guardsman NOUN 3 nsubj",
                                    "attacked attack VERB 0 root", "Marlo Marlo PROPN 3 obj",
                                    ". . PUNCT 3 punct"};
    code_rows_opts(r, (int)(sizeof r / sizeof r[0]), &o, got, sizeof got);
    assert_null(strstr(got, "170"));
    assert_non_null(strstr(got, "MAR 190"));
}

/* TABARI's passive needs "by" after the verb: without it the subject is the source. */
static void test_passive_needs_by(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "warned warn VERB 0 root", "on on ADP 5 case", "Monday Monday PROPN 3 obl",
                                    "near near ADP 7 case", "Kesh Kesh PROPN 3 obl", ". . PUNCT 3 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 160");
    static const char *const b[] = {"Valdor Valdor PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "warned warn VERB 0 root", "by by ADP 5 case", "Kesh Kesh PROPN 3 obl:agent",
                                    ". . PUNCT 3 punct"};
    CODE(b, 1, got);
    assert_string_equal(got, "KSH VAL 160");
}

/* An actor null-coded on the date is passed by: the target is the next actor. */
static void test_null_coded_actor(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "warned warn VERB 0 root",
                                    "Brenn Brenn PROPN 2 obj", "about about ADP 5 case",
                                    "Kesh Kesh PROPN 2 obl", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 160");
}

/* '%' after the verb: the compound there is source and target. */
static void test_compound_after_verb(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 3 nsubj", "has have AUX 3 aux",
                                    "traded trade VERB 0 root", "prisoners prisoner NOUN 3 obj",
                                    "with with ADP 6 case", "Kesh Kesh PROPN 3 obl", "and and CCONJ 8 cc",
                                    "Marlo Marlo PROPN 6 conj", ". . PUNCT 3 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "KSH MAR 067;MAR KSH 067");
}

/* A name right after its title, made a second subject, and a subject that lists nouns
 * of the <NOUN> list ("Valdor's sheep and goats of Kesh") give the first actor only. */
static void test_one_source_before_verb(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 4 nmod:poss", "'s 's PART 1 case",
                                    "awful awful ADJ 4 amod", "minister minister NOUN 6 nsubj",
                                    "Kesh Kesh PROPN 6 nsubj", "warned warn VERB 0 root",
                                    "Marlo Marlo PROPN 6 obj", ". . PUNCT 6 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL MAR 160");
    static const char *const l[] = {"Valdor Valdor PROPN 3 nmod:poss", "'s 's PART 1 case",
                                    "sheep sheep NOUN 9 nsubj", "and and CCONJ 5 cc",
                                    "goats goat NOUN 3 conj", "of of ADP 7 case", "Kesh Kesh PROPN 5 nmod",
                                    "quickly quickly ADV 9 advmod", "warned warn VERB 0 root",
                                    "Marlo Marlo PROPN 9 obj", ". . PUNCT 9 punct"};
    CODE(l, 1, got);
    assert_string_equal(got, "VAL MAR 160");
    CODE(l, 0, got);                /* our reading keeps both */
    assert_string_equal(got, "VAL MAR 160;KSH MAR 160");
}

/* A verb of a subordinate clause takes the first actor of the clause as its source. */
static void test_subordinate_clause_source(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "dismissed dismiss VERB 0 root",
                                    "reports report NOUN 2 obj", "that that SCONJ 6 mark",
                                    "Kesh Kesh PROPN 6 nsubj", "attacked attack VERB 3 acl",
                                    "Marlo Marlo PROPN 6 obj", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL MAR 190");
    CODE(r, 0, got);
    assert_string_equal(got, "KSH MAR 190");
}

/* Pattern words are stems unless '_' follows them; a hyphen of a pattern word is '_'. */
static void test_pattern_stems_and_hyphens(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "helped help VERB 0 root",
                                    "Kesh Kesh PROPN 2 obj", "with with ADP 6 case", "firmer firmer ADJ 6 amod",
                                    "support support NOUN 2 obl", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 072");
    static const char *const w[] = {"Valdor Valdor PROPN 2 nsubj", "helped help VERB 0 root",
                                    "Kesh Kesh PROPN 2 obj", "with with ADP 6 case", "softish softish ADJ 6 amod",
                                    "loans loan NOUN 2 obl", ". . PUNCT 2 punct"};
    CODE(w, 1, got);
    assert_string_equal(got, "VAL KSH 070");     /* SOFT_ is a whole word */
    static const char *const h[] = {"Valdor Valdor PROPN 2 nsubj", "joined join VERB 0 root",
                                    "a a DET 7 det", "pro pro ADJ 7 amod", "- - PUNCT 6 punct",
                                    "Kesh Kesh PROPN 7 compound", "rally rally NOUN 2 obj", ". . PUNCT 2 punct"};
    CODE(h, 1, got);
    assert_string_equal(got, "VAL KSH 051");
}

/* Of two patterns that match, the one with more letters wins (TABARI's order). */
static void test_longer_pattern_wins(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "vowed vow VERB 0 root",
                                    "fighting fighting NOUN 2 obj", "to to ADP 6 case", "the the DET 6 det",
                                    "end end NOUN 3 nmod", "against against ADP 8 case",
                                    "Kesh Kesh PROPN 2 obl", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL KSH 174");
}

/* '^' passes by the next actor however far it is. */
static void test_skips_far_actor(void **state)
{
    (void)state;
    char got[256];
    static const char *const r[] = {"Valdor Valdor PROPN 2 nsubj", "greeted greet VERB 0 root",
                                    "guests guest NOUN 2 obj", "at at ADP 5 case", "Kesh Kesh PROPN 2 obl",
                                    "with with ADP 8 case", "the the DET 8 det", "envoys envoy NOUN 2 obl",
                                    "of of ADP 10 case", "Marlo Marlo PROPN 8 nmod", "in in ADP 12 case",
                                    "Tolven Tolven PROPN 2 obl", ". . PUNCT 2 punct"};
    CODE(r, 1, got);
    assert_string_equal(got, "VAL TOL 043");
}

/* COMPLEX: NOACTPRIOR: a null-coded verb with patterns is the first verb. */
static void test_noactprior_null_verb(void **state)
{
    (void)state;
    char got[256];
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.complex_noactprior = 1;
    static const char *const r[] = {"Rumours rumour NOUN 2 nsubj", "started start VERB 0 root",
                                    "that that SCONJ 5 mark", "Valdor Valdor PROPN 5 nsubj",
                                    "attacked attack VERB 2 ccomp", "Kesh Kesh PROPN 5 obj",
                                    "today today NOUN 5 obl:tmod", ". . PUNCT 2 punct"};
    assert_int_equal(code_rows_opts(r, (int)(sizeof r / sizeof r[0]), &o, got, sizeof got), KH_SENT_COMPLEX);
    assert_string_equal(got, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gapped_actor_phrase),
        cmocka_unit_test(test_actor_word_is_no_verb),
        cmocka_unit_test(test_passive_needs_by),
        cmocka_unit_test(test_null_coded_actor),
        cmocka_unit_test(test_compound_after_verb),
        cmocka_unit_test(test_one_source_before_verb),
        cmocka_unit_test(test_subordinate_clause_source),
        cmocka_unit_test(test_pattern_stems_and_hyphens),
        cmocka_unit_test(test_longer_pattern_wins),
        cmocka_unit_test(test_noactprior_null_verb),
        cmocka_unit_test(test_skips_far_actor),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
