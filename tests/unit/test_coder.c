/* test_coder.c - the event coder on hand-built trees (no model needed): subjects and
 * objects, passive agents, conjuncts, reciprocal predicates, patterns, paired codes,
 * negation, modality, reported speech, options; and the pipeline's CoNLL-U loader. */
#include "codertest.h"

#include "coder.h"
#include "coref.h"
#include "dict.h"
#include "pipeline.h"

static const char verbs[] =
    "--- MEET [040] ---\n"
    "MEET\n"
    "- * WITH + [046]\n"
    "\n"
    "--- ATTACK [190] ---\n"
    "ATTACK\n"
    "\n"
    "--- RESTORE [050] ---\n"
    "RESTORE\n"
    "- * TIES WITH + [064]\n"
    "\n"
    "--- VISIT [042:043] ---\n"
    "VISIT\n"
    "\n"
    "--- SAY [010] ---\n"
    "SAY\n"
    "\n"
    "--- SEND [070] ---\n"
    "SEND\n"
    "- * TROOPS TO + [0234]\n";

static const char actors[] =
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n"
    "MORDOR [MOR]\n";

static kh_dict *dict;

static int setup(void **state)
{
    (void)state;
    dict = kh_test_dict((const kh_test_part[]){
        {"verbs", verbs, KH_DICT_PETR_VERBS},
        {"actors", actors, KH_DICT_PETR_ACTORS},
        {NULL, NULL, 0}});
    return dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_dict_free(dict);
    return 0;
}

/* The rows coded with the test dictionary: "SRC TGT CODE[!]" of each event. */
static int code_rows(const char *const *rows, int n, const kh_code_opts *o, char *out, size_t outn)
{
    return kh_test_code(dict, o, rows, n, out, outn, KH_TEST_MARK_NEGATED | KH_TEST_NEED_PATTERN);
}

#define CODE(rows, o, buf) code_rows(rows, (int)(sizeof rows / sizeof rows[0]), o, buf, sizeof buf)

static void test_subject_object(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                    "Gondor Gondor PROPN 2 obj", ". . PUNCT 2 punct"};
    assert_int_equal(CODE(r, &o, got), KH_SENT_CODED);
    assert_string_equal(got, "ARN GON 190");
}

static void test_passive_agent(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Gondor Gondor PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "attacked attack VERB 0 root", "by by ADP 5 case",
                                    "Arnor Arnor PROPN 3 obl:agent"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 190");
}

static void test_conjoined_subjects_and_reciprocal(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r1[] = {"Arnor Arnor PROPN 4 nsubj", "and and CCONJ 3 cc",
                                     "Rohan Rohan PROPN 1 conj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 4 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "ARN GON 190;ROH GON 190");
    static const char *const r2[] = {"Arnor Arnor PROPN 4 nsubj", "and and CCONJ 3 cc",
                                     "Gondor Gondor PROPN 1 conj", "met meet VERB 0 root"};
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 040;GON ARN 040");
}

static void test_pattern_wins_over_verb_code(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "restored restore VERB 0 root",
                                    "ties tie NOUN 2 obj", "with with ADP 5 case",
                                    "Gondor Gondor PROPN 2 obl"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 064");
    static const char *const r2[] = {"Arnor Arnor PROPN 2 nsubj", "met meet VERB 0 root",
                                     "with with ADP 4 case", "Gondor Gondor PROPN 2 obl"};
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 046");
}

static void test_paired_code(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "visited visit VERB 0 root",
                                    "Gondor Gondor PROPN 2 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 042;GON ARN 043");
}

static void test_negation(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 4 nsubj", "did do AUX 4 aux", "not not PART 4 advmod",
                                    "attack attack VERB 0 root", "Gondor Gondor PROPN 4 obj"};
    assert_int_equal(CODE(r, &o, got), KH_SENT_NOEVENT);
    assert_string_equal(got, "");
    o.negated = 1;
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 190!");
}

static void test_intent_and_reported_speech(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 3 nsubj", "will will AUX 3 aux",
                                    "meet meet VERB 0 root", "Gondor Gondor PROPN 3 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 036");
    o.intent_codes = 0;
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 040");
    kh_code_opts_init(&o);
    static const char *const s[] = {"Rohan Rohan PROPN 2 nsubj", "said say VERB 0 root",
                                    "Arnor Arnor PROPN 4 nsubj", "attacked attack VERB 2 ccomp",
                                    "Gondor Gondor PROPN 4 obj"};
    CODE(s, &o, got);
    assert_string_equal(got, "ARN GON 190");
    o.code_statements = 1;
    CODE(s, &o, got);
    assert_string_equal(got, "ROH ARN 010;ARN GON 190");
}

static void test_require_dyad_and_long_sentences(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                    "orcs orc NOUN 2 obj"};
    CODE(r, &o, got);
    assert_string_equal(got, "");
    assert_int_equal(kh_code_opts_set(&o, "require_dyad", "FALSE"), 0);
    CODE(r, &o, got);
    assert_string_equal(got, "ARN --- 190");
    o.max_words = 2;
    assert_int_equal(CODE(r, &o, got), KH_SENT_TOO_LONG);
    assert_int_equal(kh_code_opts_set(&o, "no_such_option", "1"), -1);
    assert_int_equal(kh_code_opts_set(&o, "comma_max", "x"), -1);
    assert_int_equal(kh_code_opts_set(&o, "stop_on_error", "true"), 1);
}

static void test_broken_tree_is_unparsed(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 1 root",
                                    "Gondor Gondor PROPN 2 obj"};
    assert_int_equal(CODE(r, &o, got), KH_SENT_UNPARSED);
    assert_string_equal(kh_sent_status_name(KH_SENT_UNPARSED), "unparsed");
}

/* PETRARCH's verb phrases (option verb_phrases): a coded verb's phrase is its own, so
 * the verb of an adverbial clause inside it is not coded again, and the first actor in
 * the phrase (the clause's subject here) is the target the tree does not give; with
 * require_dyad off, a verb that acts on no noun phrase ("met today") writes nothing. */
static void test_verb_phrases(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Rohan Rohan PROPN 2 nsubj", "restored restore VERB 0 root",
                                    "trade trade NOUN 2 obj", "after after SCONJ 6 mark",
                                    "Gondor Gondor PROPN 6 nsubj", "attacked attack VERB 2 advcl",
                                    "Mordor Mordor PROPN 6 obj", ". . PUNCT 2 punct"};
    CODE(r, &o, got);
    assert_string_equal(got, "GON MOR 190");
    assert_int_equal(kh_code_opts_set(&o, "verb_phrases", "true"), 0);
    CODE(r, &o, got);
    assert_string_equal(got, "ROH GON 050");
    /* a conjoined verb is a phrase of its own */
    static const char *const c[] = {"Rohan Rohan PROPN 2 nsubj", "restored restore VERB 0 root",
                                    "trade trade NOUN 2 obj", "and and CCONJ 6 cc",
                                    "Gondor Gondor PROPN 6 nsubj", "attacked attack VERB 2 conj",
                                    "Mordor Mordor PROPN 6 obj", ". . PUNCT 2 punct"};
    CODE(c, &o, got);
    assert_string_equal(got, "GON MOR 190");
    o.require_dyad = 0;
    static const char *const t[] = {"Arnor Arnor PROPN 2 nsubj", "met meet VERB 0 root",
                                    "today today NOUN 2 obl:tmod", ". . PUNCT 2 punct"};
    CODE(t, &o, got);
    assert_string_equal(got, "");
    static const char *const on[] = {"Arnor Arnor PROPN 2 nsubj", "met meet VERB 0 root",
                                     "on on ADP 4 case", "Sunday Sunday PROPN 2 obl", ". . PUNCT 2 punct"};
    CODE(on, &o, got);
    assert_string_equal(got, "ARN --- 040");
    o.verb_phrases = 0;
    CODE(t, &o, got);
    assert_string_equal(got, "ARN --- 040");
}

/* PETRARCH's reading of a phrase (verb_phrases): what the copular predicate of "is about
 * to restore" governs after the verb belongs to the verb's phrase (its clause's actor is
 * the target, its verb not coded again), while a trailing attribution after the last
 * comma (", Mordor said on Sunday") is a clause of its own wherever the parser hung it. */
static void test_phrase_edges(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.verb_phrases = 1;
    o.require_dyad = 0;
    char got[256];
    static const char *const r[] = {
        "Arnor Arnor PROPN 3 nsubj", "is be AUX 3 cop", "about about ADJ 0 root", "to to PART 5 mark",
        "restore restore VERB 3 xcomp", "ties tie NOUN 5 obj", ", , PUNCT 10 punct", "after after SCONJ 10 mark",
        "Rohan Rohan PROPN 10 nsubj", "attacked attack VERB 3 parataxis", "Gondor Gondor PROPN 10 obj",
        ", , PUNCT 14 punct", "Mordor Mordor PROPN 14 nsubj", "said say VERB 10 advcl", "on on ADP 16 case",
        "Sunday Sunday PROPN 14 obl", ". . PUNCT 3 punct"};
    CODE(r, &o, got);
    assert_non_null(strstr(got, "ARN ROH 050"));
    assert_non_null(strstr(got, "MOR --- 010"));
    assert_null(strstr(got, "190"));
    /* with an object the clause after the last comma is no attribution: it stays in the
     * phrase of the verb it hangs under */
    static const char *const q[] = {
        "Arnor Arnor PROPN 2 nsubj", "restored restore VERB 0 root", "ties tie NOUN 2 obj",
        ", , PUNCT 6 punct", "Mordor Mordor PROPN 6 nsubj", "attacked attack VERB 2 advcl",
        "Gondor Gondor PROPN 6 obj", ". . PUNCT 2 punct"};
    CODE(q, &o, got);
    assert_string_equal(got, "ARN MOR 050");
}

/* A passive's "by" agent the parser hung under an adverb ("was attacked earlier by X"). */
static void test_passive_agent_under_adverb(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Gondor Gondor PROPN 3 nsubj:pass", "was be AUX 3 aux:pass",
                                    "attacked attack VERB 0 root", "earlier early ADV 3 advmod",
                                    "by by ADP 6 case", "Arnor Arnor PROPN 4 obl", ". . PUNCT 3 punct"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 190");
}

/* A comma between the modifiers of one noun is no clause edge for PETRARCH; TABARI's
 * shallow reading counts it. */
static void test_comma_in_noun_phrase(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    static const char *const r[] = {
        "Arnor Arnor PROPN 2 nsubj", "restored restore VERB 0 root", "close close ADJ 7 amod",
        ", , PUNCT 7 punct", "warm warm ADJ 7 amod", "trade trade NOUN 7 compound", "ties tie NOUN 2 obj",
        "with with ADP 9 case", "Gondor Gondor PROPN 2 obl", ", , PUNCT 12 punct",
        "officials official NOUN 12 nsubj", "said say VERB 2 parataxis", ". . PUNCT 2 punct"};
    kh_test_make_doc(&doc, &a, r, (int)(sizeof r / sizeof r[0]));
    unsigned char del[16];
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.comma_bmin = 2;
    o.comma_bmax = 6;
    assert_int_equal(kh_code_comma_clauses(&o, &doc.sents[0], del), 0);
    o.shallow = 1;
    assert_int_equal(kh_code_comma_clauses(&o, &doc.sents[0], del), 4);
    kh_arena_free(&a);
}

/* Penn Treebank parses: a temporal noun phrase (NP-TMP) is no object ("met today"). */
static void test_ptb_temporal_np(void **state)
{
    (void)state;
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.no_model = 1;
    po.use_file_parses = 1;
    po.code.verb_phrases = 1;
    po.code.require_dyad = 0;
    kh_pipeline *pl = kh_pipeline_wrap(NULL, dict, &po);
    assert_non_null(pl);
    kh_diag d;
    kh_diag_init(&d, NULL);
    const char *parses[2] = {"(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP-TMP (NN today))) (. .)))",
                             "(ROOT (S (NP (NNP Arnor)) (VP (VBD met) (NP (NNS envoys))) (. .)))"};
    const char *texts[2] = {"Arnor met today.", "Arnor met envoys."};
    for (int k = 0; k < 2; k++) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc doc;
        kh_doc_init(&doc, &a);
        doc.id = "u";
        doc.text = texts[k];
        doc.text_len = strlen(doc.text);
        doc.parse = parses[k];
        kh_events ev = {0};
        kh_counts cnt;
        memset(&cnt, 0, sizeof cnt);
        assert_int_equal(kh_pipeline_doc(pl, &doc, NULL, &ev, &cnt, &d, NULL), 0);
        assert_int_equal(ev.n, k);
        kh_arena_free(&a);
    }
    kh_pipeline_close(pl);
}

/* A record whose Penn Treebank parse does not balance is bad input, refused even when
 * the tree is not used (PETRARCH's bad_input_parse). */
static void test_unbalanced_parse_rejected(void **state)
{
    (void)state;
    kh_pipeline_opts po;
    kh_pipeline_opts_init(&po);
    po.no_model = 1;
    kh_pipeline *pl = kh_pipeline_wrap(NULL, dict, &po);
    assert_non_null(pl);
    kh_diag d;
    kh_diag_init(&d, NULL);
    const char *parses[2] = {"(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor))) (. .)))",
                             "(ROOT (S (NP (NNP Arnor)) (VP (VBD attacked) (NP (NNP Gondor)) (. .)))"};
    for (int k = 0; k < 2; k++) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_doc doc;
        kh_doc_init(&doc, &a);
        doc.id = "u";
        doc.text = "Arnor attacked Gondor.";
        doc.text_len = strlen(doc.text);
        doc.parse = parses[k];
        kh_events ev = {0};
        kh_counts cnt;
        memset(&cnt, 0, sizeof cnt);
        assert_true(kh_pipeline_doc(pl, &doc, NULL, &ev, &cnt, &d, NULL) >= 0);
        assert_int_equal(cnt.rejected, k);
        kh_arena_free(&a);
    }
    kh_pipeline_close(pl);
}

static void test_file_parse_v1_labels(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    doc.text = "Gondor was attacked by Arnor.";
    doc.text_len = strlen(doc.text);
    const char *conllu =
        "1\tGondor\tGondor\tPROPN\tNNP\t_\t3\tnsubjpass\t_\t_\n"
        "2\twas\tbe\tAUX\tVBD\t_\t3\tauxpass\t_\t_\n"
        "3\tattacked\tattack\tVERB\tVBN\t_\t0\troot\t_\t_\n"
        "4\tby\tby\tADP\tIN\t_\t5\tcase\t_\t_\n"
        "5\tArnor\tArnor\tPROPN\tNNP\t_\t3\tnmod\t_\t_\n"
        "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n";
    assert_int_equal(kh_pipeline_load_parse(&doc, conllu), 0);
    assert_int_equal(doc.nsents, 1);
    assert_string_equal(doc.sents[0].words[0].deprel, "nsubj:pass");
    assert_string_equal(doc.sents[0].words[4].deprel, "obl:agent");
    assert_int_equal(doc.sents[0].words[4].start, 23);
    kh_code_opts o;
    kh_code_opts_init(&o);
    kh_events ev = {0};
    assert_int_equal(kh_code_sentence(dict, &o, &doc, 0, &ev, NULL), KH_SENT_CODED);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.ev[0].source.code, "ARN");
    assert_string_equal(ev.ev[0].target.code, "GON");
    assert_int_equal(ev.ev[0].span_start, 0);
    assert_int_equal(ev.ev[0].span_end, 28);
    kh_arena_free(&a);
}

/* A stylised sentence misparsed as a noun phrase ("Arnor attacked towns of Gondor" with
 * "Arnor" the root, "towns" its object and "attacked" a modifier of "towns"): the actor
 * right before the verb is the subject, the noun it modifies the object. */
static void test_misparsed_subject_and_object(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r[] = {"Arnor Arnor PROPN 0 root", "attacked attack VERB 3 amod",
                                    "towns town NOUN 1 obj", "of of ADP 5 case", "Gondor Gondor PROPN 3 nmod"};
    CODE(r, &o, got);
    assert_string_equal(got, "ARN GON 190");
    /* an actor inside a prepositional phrase is no subject */
    static const char *const q[] = {"towns town NOUN 0 root", "in in ADP 3 case", "Arnor Arnor PROPN 1 nmod",
                                    "attacked attack VERB 5 amod", "posts post NOUN 1 conj",
                                    "of of ADP 7 case", "Gondor Gondor PROPN 5 nmod"};
    CODE(q, &o, got);
    assert_string_equal(got, "");
}

/* ---- PETRARCH's and TABARI's options ------------------------------------------------- */

static void test_comma_clauses(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    static const char *const r[] = {
        "Arnor Arnor PROPN 2 nsubj", "restored restore VERB 0 root", "ties tie NOUN 2 obj",
        "with with ADP 5 case", "Gondor Gondor PROPN 2 obl", ", , PUNCT 8 punct", "five five NUM 8 nummod",
        "years year NOUN 2 obl", "after after SCONJ 11 mark", "Rohan Rohan PROPN 11 nsubj",
        "attacked attack VERB 2 advcl", ", , PUNCT 15 punct", "an a DET 14 det", "official official NOUN 15 nsubj",
        "said say VERB 2 parataxis", ". . PUNCT 2 punct"};
    kh_test_make_doc(&doc, &a, r, (int)(sizeof r / sizeof r[0]));
    unsigned char del[16];
    kh_code_opts o;
    kh_code_opts_init(&o);
    assert_int_equal(kh_code_comma_clauses(&o, &doc.sents[0], del), 0);    /* off by default */
    o.comma_min = o.comma_emin = 2;
    o.comma_max = o.comma_emax = 8;
    /* the middle clause (5 words) goes with its closing comma; the end clause then has
     * no comma of its own left and stays */
    assert_int_equal(kh_code_comma_clauses(&o, &doc.sents[0], del), 6);
    assert_int_equal(del[4], 0);
    assert_int_equal(del[5], 0);
    assert_int_equal(del[6], 1);
    assert_int_equal(del[11], 1);
    assert_int_equal(del[13], 0);
    o.comma_max = 4;            /* the middle clause is too long now: the end one goes */
    assert_int_equal(kh_code_comma_clauses(&o, &doc.sents[0], del), 4);
    assert_int_equal(del[6], 0);
    assert_int_equal(del[11], 1);
    assert_int_equal(del[14], 1);
    assert_int_equal(del[15], 0);       /* the final stop stays */
    /* coding skips what was removed: the restoring is coded, Rohan's attack is not */
    char got[256];
    o.require_dyad = 0;
    o.comma_max = 8;
    assert_int_equal(CODE(r, &o, got), KH_SENT_CODED);
    assert_non_null(strstr(got, "ARN GON 064"));
    assert_null(strstr(got, "ROH"));
    o.comma_max = o.comma_emax = 0;
    CODE(r, &o, got);
    assert_non_null(strstr(got, "ROH --- 190"));
    /* a clause that continues a list of names stays */
    static const char *const l[] = {
        "Arnor Arnor PROPN 2 nsubj", "met meet VERB 0 root", "Gondor Gondor PROPN 2 obj", ", , PUNCT 5 punct",
        "Rohan Rohan PROPN 3 conj", "and and CCONJ 7 cc", "Mordor Mordor PROPN 3 conj", ". . PUNCT 2 punct"};
    kh_doc doc2;
    kh_test_make_doc(&doc2, &a, l, (int)(sizeof l / sizeof l[0]));
    assert_int_equal(kh_code_comma_clauses(&o, &doc2.sents[0], del), 0);
    kh_arena_free(&a);
}

static void test_tabari_defaults_and_agents(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    char got[256];
    static const char *const r[] = {"the the DET 2 det", "orcs orc NOUN 3 nsubj", "attacked attack VERB 0 root",
                                    "Gondor Gondor PROPN 3 obj", "today today NOUN 3 obl", "and and CCONJ 8 cc",
                                    "then then ADV 8 advmod", "left leave VERB 3 conj", "quickly quickly ADV 8 advmod"};
    CODE(r, &o, got);
    assert_string_equal(got, "");               /* no source */
    snprintf(o.default_source, sizeof o.default_source, "DEFSRC");
    o.default_prior = 1;
    CODE(r, &o, got);
    assert_string_equal(got, "DEFSRC GON 190");
    /* without PRIOR the first actor of the sentence is the source, the target the default */
    o.default_prior = 0;
    snprintf(o.default_target, sizeof o.default_target, "DEFTAR");
    o.default_after = 1;
    CODE(r, &o, got);
    assert_string_equal(got, "GON DEFTAR 190");
    /* a sentence too short for SET: MINIMUM WORDS is not coded */
    o.min_words = 10;
    CODE(r, &o, got);
    assert_string_equal(got, "");
}

/* TABARI's verb forms in its reading: a subordinate code [023?] waits for the other
 * verbs; pattern words written with '_' after them match as written, others as stems;
 * "DON'T" is the tokens "do" "n't"; patterns are tried by TABARI's length; an actor
 * with the null code [---] is no actor. */
static const char tab_verbs[] =
    "SAID  [023?]\n"
    "HELP_  [070]\n"
    "SCOLD_  [120]\n"
    "- * FOR_TAX_  [121]\n"
    "- * OVER DEBT  [122]\n"
    "- DON'T *  [123]\n"
    "PLEDGE_  [050]\n"
    "- * HELP FOR THE CITIZEN  [111]\n"
    "- * HELPERS FOR THE CITIZENS  [112]\n"
    "~~FINISH\n";
static const char tab_actors[] =
    "ARNOR_  [ARN]\n"
    "GONDOR_  [GON]\n"
    "HALBARAD_  [---]\n"
    "~~FINISH\n";

static void test_tabari_verb_forms(void **state)
{
    (void)state;
    kh_dict *saved = dict, *tab = kh_test_dict((const kh_test_part[]){
        {"t.verbs", tab_verbs, KH_DICT_TABARI_VERBS},
        {"t.actors", tab_actors, KH_DICT_TABARI_ACTORS},
        {NULL, NULL, 0}});
    assert_non_null(tab);
    dict = tab;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.intent_codes = 0;
    char got[256];
    static const char *const a[] = {"Arnor Arnor PROPN 2 nsubj", "said say VERB 0 root", "it it PRON 5 nsubj",
                                    "would would AUX 5 aux", "help help VERB 2 ccomp", "Gondor Gondor PROPN 5 obj"};
    CODE(a, &o, got);
    assert_string_equal(got, "ARN GON 070");      /* not SAID's 023 */
    static const char *const b[] = {"Arnor Arnor PROPN 2 nsubj", "said say VERB 0 root", "so so ADV 2 advmod",
                                    "to to ADP 5 case", "Gondor Gondor PROPN 2 obl"};
    CODE(b, &o, got);
    assert_string_equal(got, "ARN GON 023");      /* nothing else: the subordinate code */
    static const char *const c[] = {"Arnor Arnor PROPN 2 nsubj", "scolded scold VERB 0 root",
                                    "Gondor Gondor PROPN 2 obj", "for for ADP 5 case", "taxes tax NOUN 2 obl"};
    CODE(c, &o, got);
    assert_string_equal(got, "ARN GON 120");      /* TAX_ is not "taxes" */
    static const char *const e[] = {"Arnor Arnor PROPN 2 nsubj", "scolded scold VERB 0 root",
                                    "Gondor Gondor PROPN 2 obj", "over over ADP 5 case", "debtors debtor NOUN 2 obl"};
    CODE(e, &o, got);
    assert_string_equal(got, "ARN GON 122");      /* the stem DEBT */
    static const char *const f[] = {"Arnor Arnor PROPN 4 nsubj", "do do AUX 4 aux", "n't not PART 4 advmod",
                                    "scold scold VERB 0 root", "Gondor Gondor PROPN 4 obj"};
    CODE(f, &o, got);
    assert_string_equal(got, "ARN GON 123");
    static const char *const g[] = {"Arnor Arnor PROPN 2 nsubj", "pledged pledge VERB 0 root",
                                    "helpers helper NOUN 2 obj", "for for ADP 6 case", "the the DET 6 det",
                                    "citizens citizen NOUN 3 nmod", "of of ADP 8 case", "Gondor Gondor PROPN 6 nmod"};
    CODE(g, &o, got);
    assert_string_equal(got, "ARN GON 112");      /* the longer pattern by TABARI's length */
    static const char *const h[] = {"Arnor Arnor PROPN 2 nsubj", "helped help VERB 0 root",
                                    "Halbarad Halbarad PROPN 2 obj", "in in ADP 5 case", "Gondor Gondor PROPN 2 obl"};
    CODE(h, &o, got);
    assert_string_equal(got, "ARN GON 070");      /* a null-coded actor is no actor */
    dict = saved;
    kh_dict_free(tab);
}

/* ---- coreference: actors across the sentences of one document --------------------- */

/* "Iraqi Defense Minister Karim Nouri met Lloyd Austin. He praised Turkey. The two
 * sides criticized Iran." parsed by hand; coded with our dictionaries (data/dict). */
static const char three_text[] =
    "Iraqi Defense Minister Karim Nouri met Lloyd Austin. He praised Turkey. "
    "The two sides criticized Iran.";
static const char three_conllu[] =
    "1\tIraqi\tIraqi\tADJ\tJJ\t_\t3\tamod\t_\t_\n"
    "2\tDefense\tdefense\tPROPN\tNNP\t_\t3\tcompound\t_\t_\n"
    "3\tMinister\tminister\tPROPN\tNNP\t_\t5\tcompound\t_\t_\n"
    "4\tKarim\tKarim\tPROPN\tNNP\t_\t5\tcompound\t_\t_\n"
    "5\tNouri\tNouri\tPROPN\tNNP\t_\t6\tnsubj\t_\t_\n"
    "6\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "7\tLloyd\tLloyd\tPROPN\tNNP\t_\t8\tcompound\t_\t_\n"
    "8\tAustin\tAustin\tPROPN\tNNP\t_\t6\tobj\t_\tSpaceAfter=No\n"
    "9\t.\t.\tPUNCT\t.\t_\t6\tpunct\t_\t_\n"
    "\n"
    "1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tpraised\tpraise\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tTurkey\tTurkey\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No\n"
    "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n"
    "1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\t_\n"
    "2\ttwo\ttwo\tNUM\tCD\t_\t3\tnummod\t_\t_\n"
    "3\tsides\tside\tNOUN\tNNS\t_\t4\tnsubj\t_\t_\n"
    "4\tcriticized\tcriticize\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "5\tIran\tIran\tPROPN\tNNP\t_\t4\tobj\t_\tSpaceAfter=No\n"
    "6\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n";

/* Codes the three sentences (with the resolver when use_coref) and writes
 * "SENT:SRC TGT CODE" of each event, ';'-separated. */
static void code_three(const kh_dict *d, int use_coref, char *out, size_t outn)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    doc.id = "three";
    doc.date = "2024-04-13";
    doc.text = three_text;
    doc.text_len = strlen(three_text);
    assert_int_equal(kh_pipeline_load_parse(&doc, three_conllu), 0);
    assert_int_equal(doc.nsents, 3);
    kh_code_opts o;
    kh_code_opts_init(&o);
    kh_coref *c = use_coref ? kh_coref_new(d, &a) : NULL;
    if (use_coref)
        assert_non_null(c);
    kh_events ev = {0};
    for (int si = 0; si < 3; si++)
        assert_true(kh_code_sentence_coref(d, &o, &doc, si, c, &ev, NULL) >= 0);
    size_t pos = 0;
    out[0] = '\0';
    for (int i = 0; i < ev.n && pos < outn; i++)
        pos += (size_t)snprintf(out + pos, outn - pos, "%s%d:%s %s %s", i ? ";" : "", ev.ev[i].sentence,
                                ev.ev[i].source.code, ev.ev[i].target.code, ev.ev[i].cameo);
    kh_arena_free(&a);
}

static void test_coref_across_sentences(void **state)
{
    (void)state;
    if (access("data/dict/verbs.dict", R_OK) != 0) {
        fprintf(stderr, "# SKIP: data/dict is absent (run from the repository)\n");
        skip();
    }
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    const char *paths[] = {"data/dict"};
    kh_dict *ours = kh_dict_open(paths, 1, &diag);
    assert_non_null(ours);
    char got[512];
    /* alone, the coder sees no actor in "He" and "The two sides" */
    code_three(ours, 0, got, sizeof got);
    assert_null(strstr(got, "1:"));
    assert_null(strstr(got, "2:"));
    /* with the resolver: "He" is the minister, "the two sides" the last pair */
    code_three(ours, 1, got, sizeof got);
    assert_non_null(strstr(got, "0:IRQGOVMIL "));
    assert_non_null(strstr(got, "1:IRQGOVMIL TUR 051"));
    assert_non_null(strstr(got, "2:IRQGOVMIL IRN 111"));
    assert_non_null(strstr(got, "2:TUR IRN 111"));
    kh_dict_free(ours);
}

/* Agents and actors of one noun phrase (dictionary lines written for this test):
 * conjoined agents share the countries one of them names ("lawmakers and heralds in
 * Valinor"); a title before a name with a possessor in front is the possessor's
 * (PETRARCH), the possessor alone in TABARI's shallow reading. */
static void test_agent_composition(void **state)
{
    (void)state;
    static const char v[] = "--- ATTACK [190] ---\nATTACK\n";
    static const char ac[] = "VALINOR [VAL]\nERESSEA [ERS]\nFINROD [FIN]\n";
    static const char ag[] = "LAWMAKER [~LEG]\nHERALD [~GOV]\n";
    kh_dict *saved = dict, *mine = kh_test_dict((const kh_test_part[]){
        {"v", v, KH_DICT_PETR_VERBS},
        {"ac", ac, KH_DICT_PETR_ACTORS},
        {"ag", ag, KH_DICT_PETR_AGENTS},
        {NULL, NULL, 0}});
    assert_non_null(mine);
    dict = mine;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.fill_agents = 0;
    char got[256];
    static const char *const r1[] = {"Lawmakers lawmaker NOUN 6 nsubj", "and and CCONJ 3 cc",
                                     "heralds herald NOUN 1 conj", "in in ADP 5 case",
                                     "Valinor Valinor PROPN 1 nmod", "attacked attack VERB 0 root",
                                     "Eressea Eressea PROPN 6 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "VALLEG ERS 190;VALGOV ERS 190");
    static const char *const r2[] = {"Valinor Valinor PROPN 4 nmod:poss", "'s 's PART 1 case",
                                     "old old ADJ 4 amod", "herald herald NOUN 6 nsubj",
                                     "Finrod Finrod PROPN 4 flat", "attacked attack VERB 0 root",
                                     "Eressea Eressea PROPN 6 obj"};
    CODE(r2, &o, got);
    assert_string_equal(got, "VALGOV ERS 190");
    o.shallow = 1;
    CODE(r2, &o, got);
    assert_string_equal(got, "VAL ERS 190");
    dict = saved;
    kh_dict_free(mine);
}

/* PETRARCH's noun phrases: '^' passes over the phrase there even when it names no actor
 * (verb_phrases); every agent of a phrase is added to its actor, and a conjoined agent
 * shares the actor with the agents before the head; with first_np_actor the first of two
 * actors in one run of a noun phrase is kept. */
static void test_petrarch_noun_phrases(void **state)
{
    (void)state;
    static const char v[] = "--- CAUTION [160] ---\nCAUTION\n- * THEIR ^ OVER + [162]\n\n"
                            "--- ATTACK [190] ---\nATTACK\n";
    static const char ac[] = "VALINOR [VAL]\nERESSEA [ERS]\nNUMENOR [NUM]\n";
    static const char ag[] = "PRIEST [~REL]\nCHRONICLER [~MED]\nCOUNCIL [~GOV]\n";
    kh_dict *saved = dict, *mine = kh_test_dict((const kh_test_part[]){
        {"v", v, KH_DICT_PETR_VERBS},
        {"ac", ac, KH_DICT_PETR_ACTORS},
        {"ag", ag, KH_DICT_PETR_AGENTS},
        {NULL, NULL, 0}});
    assert_non_null(mine);
    dict = mine;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.fill_agents = 0;
    o.verb_phrases = 1;
    char got[256];
    static const char *const r1[] = {"Valinor Valinor PROPN 2 nsubj", "cautioned caution VERB 0 root",
                                     "their their PRON 4 nmod:poss", "sailors sailor NOUN 2 obj",
                                     "over over ADP 6 case", "Eressea Eressea PROPN 2 obl",
                                     ". . PUNCT 2 punct"};
    CODE(r1, &o, got);
    assert_string_equal(got, "VAL ERS 162");
    static const char *const r2[] = {"the the DET 4 det", "Valinor Valinor PROPN 4 compound",
                                     "priest priest NOUN 4 compound", "chroniclers chronicler NOUN 7 nsubj",
                                     "and and CCONJ 6 cc", "council council NOUN 4 conj",
                                     "attacked attack VERB 0 root", "Eressea Eressea PROPN 7 obj"};
    CODE(r2, &o, got);
    assert_string_equal(got, "VALRELMED ERS 190;VALRELGOV ERS 190");
    static const char *const r3[] = {"the the DET 5 det", "proud proud ADJ 5 amod",
                                     "Eressea Eressea PROPN 5 compound", "brave brave ADJ 5 amod",
                                     "Numenor Numenor PROPN 6 nsubj", "attacked attack VERB 0 root",
                                     "Valinor Valinor PROPN 6 obj"};
    CODE(r3, &o, got);
    assert_string_equal(got, "NUM VAL 190");
    assert_int_equal(kh_code_opts_set(&o, "first_np_actor", "yes"), 0);
    CODE(r3, &o, got);
    assert_string_equal(got, "ERS VAL 190");
    /* not across a preposition: two phrases the parser joined */
    static const char *const r4[] = {"Eressea Eressea PROPN 4 compound", "of of ADP 3 case",
                                     "the the DET 4 det", "Numenor Numenor PROPN 5 nsubj",
                                     "attacked attack VERB 0 root", "Valinor Valinor PROPN 5 obj"};
    CODE(r4, &o, got);
    assert_string_equal(got, "NUM VAL 190");
    dict = saved;
    kh_dict_free(mine);
}

/* PETRARCH's new_actor_length: a noun phrase in a verb's argument place that names no
 * actor is coded with its own words, quoted, when it has at most that many words (no
 * possessive "'s"); the phrase right after the verb stands for the target even when it
 * is too long. Off (0) by default. */
static void test_new_actors(void **state)
{
    (void)state;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r1[] = {"Lindon Lindon PROPN 3 nmod:poss", "'s 's PART 1 case",
                                     "council council NOUN 4 nsubj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 4 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "");
    o.new_actor_length = 2;
    CODE(r1, &o, got);
    assert_string_equal(got, "\"LINDON COUNCIL\" GON 190");
    o.new_actor_length = 1;
    CODE(r1, &o, got);
    assert_string_equal(got, "");
    /* a conjunct without an actor beside one with an actor */
    static const char *const r2[] = {"Arnor Arnor PROPN 6 nsubj", "and and CCONJ 5 cc",
                                     "the the DET 5 det", "river river NOUN 5 compound",
                                     "wardens warden NOUN 1 conj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 6 obj"};
    o.new_actor_length = 3;
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 190;\"THE RIVER WARDENS\" GON 190");
    o.new_actor_length = 2;
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 190");
    /* the first prepositional object: too long, and no later one is taken instead */
    static const char *const r3[] = {"Arnor Arnor PROPN 2 nsubj", "met meet VERB 0 root",
                                     "with with ADP 5 case", "the the DET 5 det",
                                     "elders elder NOUN 2 obl", "of of ADP 7 case",
                                     "Lindon Lindon PROPN 5 nmod", "on on ADP 9 case",
                                     "Tuesday Tuesday PROPN 2 obl"};
    o.new_actor_length = 4;
    CODE(r3, &o, got);
    assert_string_equal(got, "ARN \"THE ELDERS OF LINDON\" 046");
    o.new_actor_length = 3;
    CODE(r3, &o, got);
    assert_string_equal(got, "");
}

/* PETRARCH's actor files are TABARI's: a blank between the words of a phrase lets other
 * words stand between them ("ESGAROTH RADIO" names "Esgaroth state-run radio"); '_'
 * keeps them adjacent. */
static void test_petrarch_actor_gaps(void **state)
{
    (void)state;
    static const char ac[] = "ESGAROTH [ESG]\nESGAROTH RADIO [ESGRAD]\nDALE_TOWER [DALTWR]\nARNOR [ARN]\n";
    kh_dict *saved = dict, *mine = kh_test_dict((const kh_test_part[]){
        {"v", verbs, KH_DICT_PETR_VERBS},
        {"ac", ac, KH_DICT_PETR_ACTORS},
        {NULL, NULL, 0}});
    assert_non_null(mine);
    dict = mine;
    kh_code_opts o;
    kh_code_opts_init(&o);
    char got[256];
    static const char *const r1[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                     "Esgaroth Esgaroth PROPN 5 compound", "state-run state-run ADJ 5 amod",
                                     "radio radio NOUN 2 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "ARN ESGRAD 190");
    /* in PETRARCH's files a gap holds a few words, not a whole sentence's worth (TABARI's
     * files: any number) */
    static const char *const texts[] = {"Esgaroth state-run radio", "Esgaroth and then the old bridge near the radio"};
    for (int t = 0; t < 2; t++) {
        kh_arena a;
        kh_arena_init(&a, 0);
        kh_dict_sent ds;
        kh_actor_match *am = NULL;
        assert_int_equal(kh_dict_prepare_text(mine, texts[t], &a, &ds), 0);
        int n = kh_dict_find_actors(mine, &ds, 20200101, &a, &am);
        int radio = 0;
        for (int k = 0; k < n; k++)
            radio |= am[k].code && strcmp(am[k].code, "ESGRAD") == 0;
        assert_int_equal(radio, t == 0);
        kh_arena_free(&a);
    }
    dict = saved;
    kh_dict_free(mine);
}

/* ---- TABARI's shallow reading: targets, clauses, code ranks, FORWARD ----------------- */

static const char tabari_verbs[] =
    "URGE  [102]\n"
    "HELP  [070]\n"
    "ATTACK  [190]\n"
    "VISIT  [031!]\n"
    "PRAISE  [041?]\n";
static const char tabari_actors[] =
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n";

static void test_tabari_shallow_rules(void **state)
{
    (void)state;
    kh_dict *saved = dict, *td = kh_test_dict((const kh_test_part[]){
        {"t.verbs", tabari_verbs, KH_DICT_TABARI_VERBS},
        {"t.actors", tabari_actors, KH_DICT_TABARI_ACTORS},
        {NULL, NULL, 0}});
    assert_non_null(td);
    dict = td;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.code_by = KH_CODE_BY_ALL;
    char got[256];
    /* no actor after "help" will do ("it" is none): the target is the first actor before
     * the verb whose code differs from the source's (TABARI manual 5.8) */
    static const char *const r1[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "to to PART 5 mark",
                                     "help help VERB 2 advcl", "it it PRON 5 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "ARN GON 102;ARN GON 070");
    /* clauses are delimited by AND, BUT, OR, NOR: a conjoined verb without one is no clause */
    o.code_by = KH_CODE_BY_CLAUSE;
    static const char *const r2[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 5 cc",
                                     "helped help VERB 2 conj", "Rohan Rohan PROPN 5 obj"};
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 190;ARN ROH 070");
    static const char *const r3[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", ", , PUNCT 5 punct",
                                     "helped help VERB 2 conj", "Rohan Rohan PROPN 5 obj"};
    CODE(r3, &o, got);
    assert_string_equal(got, "ARN GON 190");
    /* a dominant code ("[031!]") leaves only the dominant events; a subordinate one
     * ("[041?]") stays only when nothing else was coded */
    o.code_by = KH_CODE_BY_ALL;
    static const char *const r4[] = {"Arnor Arnor PROPN 2 nsubj", "attacked attack VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 5 cc",
                                     "visited visit VERB 2 conj", "Rohan Rohan PROPN 5 obj"};
    CODE(r4, &o, got);
    assert_string_equal(got, "ARN ROH 031");
    static const char *const r5[] = {"Arnor Arnor PROPN 2 nsubj", "praised praise VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 5 cc",
                                     "attacked attack VERB 2 conj", "Rohan Rohan PROPN 5 obj"};
    CODE(r5, &o, got);
    assert_string_equal(got, "ARN ROH 190");
    static const char *const r6[] = {"Arnor Arnor PROPN 2 nsubj", "praised praise VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj"};
    CODE(r6, &o, got);
    assert_string_equal(got, "ARN GON 041");
    /* FORWARD: a pronoun opening the record before any actor is the actor forwarded */
    static const char *const r7[] = {"Later later ADV 3 advmod", "he he PRON 3 nsubj",
                                     "attacked attack VERB 0 root", "Gondor Gondor PROPN 3 obj"};
    CODE(r7, &o, got);
    assert_string_equal(got, "");
    snprintf(o.forward_actor, sizeof o.forward_actor, "ROH");
    CODE(r7, &o, got);
    assert_string_equal(got, "ROH GON 190");
    static const char *const r8[] = {"Arnor Arnor PROPN 2 nsubj", "said say VERB 0 root",
                                     "it it PRON 4 nsubj", "attacked attack VERB 2 ccomp",
                                     "Gondor Gondor PROPN 4 obj"};
    CODE(r8, &o, got);
    assert_null(strstr(got, "ROH"));          /* an actor comes first: no forwarding */
    dict = saved;
    kh_dict_free(td);
}

/* TABARI's clauses on the surface, the source kept across them, its pronouns, its
 * compound source and its verb stems. */
static const char clause_verbs[] =
    "URGE  [102]\n"
    "HELP  [070]\n"
    "ANNOUNC  [010]\n"
    "RESUM  [065]\n";
static const char clause_actors[] =
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n";

static void test_tabari_surface_clauses(void **state)
{
    (void)state;
    kh_dict *saved = dict, *td = kh_test_dict((const kh_test_part[]){
        {"c.verbs", clause_verbs, KH_DICT_TABARI_VERBS},
        {"c.actors", clause_actors, KH_DICT_TABARI_ACTORS},
        {NULL, NULL, 0}});
    assert_non_null(td);
    dict = td;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.code_by = KH_CODE_BY_CLAUSE;
    char got[256];
    /* "or" starts a clause though the parser made "help Rohan" a conjunct of Gondor:
     * the second clause keeps the source, its target is its own */
    static const char *const r1[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "or or CCONJ 6 cc",
                                     "help help NOUN 6 compound", "Rohan Rohan PROPN 3 conj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "ARN GON 102;ARN ROH 070");
    /* an actor right after the conjunction is the clause's source; "him" is the first
     * actor of the sentence */
    static const char *const r2[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "but but CCONJ 6 cc",
                                     "Rohan Rohan PROPN 6 nsubj", "helped help VERB 2 conj",
                                     "him he PRON 6 obj"};
    CODE(r2, &o, got);
    assert_string_equal(got, "ARN GON 102;ROH ARN 070");
    /* "and then": no actor follows the conjunction, so the source stays; the target is
     * searched in the clause only (Rohan, not Gondor) */
    static const char *const r3[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 7 cc",
                                     "then then ADV 7 advmod", "Rohan Rohan PROPN 7 nsubj",
                                     "helped help VERB 2 conj"};
    CODE(r3, &o, got);
    assert_string_equal(got, "ARN GON 102;ARN ROH 070");
    /* the compound source is read on the surface, whatever the tree */
    static const char *const r4[] = {"Arnor Arnor PROPN 4 nmod", "and and CCONJ 3 cc",
                                     "Gondor Gondor PROPN 4 nsubj", "urged urge VERB 0 root",
                                     "Rohan Rohan PROPN 4 obj"};
    CODE(r4, &o, got);
    assert_string_equal(got, "ARN ROH 102;GON ROH 102");
    /* a stem matches every word that begins with it ("RESUM": "resumption") */
    o.code_by = KH_CODE_BY_ALL;
    static const char *const r5[] = {"Arnor Arnor PROPN 2 nsubj", "announced announce VERB 0 root",
                                     "its its PRON 4 nmod:poss", "resumption resumption NOUN 2 obj",
                                     "of of ADP 6 case", "ties tie NOUN 4 nmod", "with with ADP 8 case",
                                     "Rohan Rohan PROPN 6 nmod"};
    CODE(r5, &o, got);
    assert_non_null(strstr(got, "ARN ROH 065"));
    dict = saved;
    kh_dict_free(td);
}

/* TABARI's compound phrases (manual 7.5, 7.5.1): only words of its <ADJECTIVE> and
 * <NOUN> lists make a conjunction part of a phrase; every actor of a compound's
 * phrases is one of the compound. */
static const char phrase_verbs[] = "URGE  [102]\n";
static const char phrase_actors[] =
    "<NOUN>\n"
    "HORSES\n"
    "PONIES\n"
    "</NOUN>\n"
    "<ADJECTIVE>\n"
    "PROUD\n"
    "BOLD\n"
    "</ADJECTIVE>\n"
    "ARNOR [ARN]\n"
    "GONDOR [GON]\n"
    "ROHAN [ROH]\n"
    "MORDOR [MOR]\n"
    "HALBARAD [ARNMIL]\n"
    "ARAGORN [RNG]\n";

static void test_tabari_compound_phrases(void **state)
{
    (void)state;
    kh_dict *saved = dict, *td = kh_test_dict((const kh_test_part[]){
        {"p.verbs", phrase_verbs, KH_DICT_TABARI_VERBS},
        {"p.actors", phrase_actors, KH_DICT_TABARI_ACTORS},
        {NULL, NULL, 0}});
    assert_non_null(td);
    dict = td;
    kh_code_opts o;
    kh_code_opts_init(&o);
    o.shallow = 1;
    o.fill_agents = 0;
    o.code_by = KH_CODE_BY_CLAUSE;
    char got[256];
    /* "tall" is no adjective of the list: "and" starts a clause, whose source is the
     * actor after it */
    static const char *const r1[] = {"Arnor Arnor PROPN 4 nmod:poss", "'s 's PART 1 case",
                                     "proud proud ADJ 7 amod", "and and CCONJ 5 cc",
                                     "tall tall ADJ 3 conj", "Halbarad Halbarad PROPN 7 nsubj",
                                     "urged urge VERB 0 root", "Gondor Gondor PROPN 7 obj"};
    CODE(r1, &o, got);
    assert_string_equal(got, "ARNMIL GON 102");
    /* "mules" is no noun of the list: the clause before "and" has no verb, so the
     * source is the first actor of the verb's clause */
    static const char *const r2[] = {"Arnor Arnor PROPN 3 nmod:poss", "'s 's PART 1 case",
                                     "horses horse NOUN 8 nsubj", "and and CCONJ 5 cc",
                                     "mules mule NOUN 3 conj", "of of ADP 7 case",
                                     "Rohan Rohan PROPN 5 nmod", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 8 obj"};
    CODE(r2, &o, got);
    assert_string_equal(got, "ROH GON 102");
    /* "horses and ponies" are both nouns of the list: one clause, Arnor the source */
    static const char *const r3[] = {"Arnor Arnor PROPN 3 nmod:poss", "'s 's PART 1 case",
                                     "horses horse NOUN 8 nsubj", "and and CCONJ 5 cc",
                                     "ponies pony NOUN 3 conj", "of of ADP 7 case",
                                     "Rohan Rohan PROPN 5 nmod", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 8 obj"};
    CODE(r3, &o, got);
    assert_string_equal(got, "ARN GON 102");
    /* "A and the proud B bold C": B and C are both of the compound source */
    static const char *const r4[] = {"Arnor Arnor PROPN 8 nsubj", "and and CCONJ 7 cc",
                                     "the the DET 7 det", "proud proud ADJ 7 amod",
                                     "Rohan Rohan PROPN 7 compound", "bold bold ADJ 7 amod",
                                     "Gondor Gondor PROPN 1 conj", "urged urge VERB 0 root",
                                     "Mordor Mordor PROPN 8 obj"};
    CODE(r4, &o, got);
    assert_non_null(strstr(got, "ARN MOR 102"));
    assert_non_null(strstr(got, "GON MOR 102"));
    assert_non_null(strstr(got, "ROH MOR 102"));
    /* "B's C" after the conjunction is one phrase: C is a target too; "B C" are two */
    static const char *const r5[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 5 cc",
                                     "Rohan Rohan PROPN 3 conj", "'s 's PART 5 case",
                                     "Aragorn Aragorn PROPN 5 flat"};
    CODE(r5, &o, got);
    assert_non_null(strstr(got, "ARN RNG 102"));
    static const char *const r6[] = {"Arnor Arnor PROPN 2 nsubj", "urged urge VERB 0 root",
                                     "Gondor Gondor PROPN 2 obj", "and and CCONJ 5 cc",
                                     "Rohan Rohan PROPN 3 conj", "Aragorn Aragorn PROPN 5 flat"};
    CODE(r6, &o, got);
    assert_null(strstr(got, "RNG"));
    /* a pronoun after the verb comes before the tree's target: THEIR is the compound
     * source, each of its actors the others' target */
    static const char *const r7[] = {"Arnor Arnor PROPN 6 nsubj", ", , PUNCT 3 punct",
                                     "Gondor Gondor PROPN 1 conj", "and and CCONJ 5 cc",
                                     "Rohan Rohan PROPN 1 conj", "urged urge VERB 0 root",
                                     "their their PRON 8 nmod:poss", "envoys envoy NOUN 6 obj",
                                     "near near ADP 10 case", "Mordor Mordor PROPN 8 nmod"};
    CODE(r7, &o, got);
    assert_non_null(strstr(got, "ARN GON 102"));
    assert_non_null(strstr(got, "GON ARN 102"));
    assert_null(strstr(got, "MOR"));
    dict = saved;
    kh_dict_free(td);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subject_object),
        cmocka_unit_test(test_passive_agent),
        cmocka_unit_test(test_conjoined_subjects_and_reciprocal),
        cmocka_unit_test(test_pattern_wins_over_verb_code),
        cmocka_unit_test(test_paired_code),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_intent_and_reported_speech),
        cmocka_unit_test(test_require_dyad_and_long_sentences),
        cmocka_unit_test(test_broken_tree_is_unparsed),
        cmocka_unit_test(test_file_parse_v1_labels),
        cmocka_unit_test(test_coref_across_sentences),
        cmocka_unit_test(test_misparsed_subject_and_object),
        cmocka_unit_test(test_comma_clauses),
        cmocka_unit_test(test_verb_phrases),
        cmocka_unit_test(test_phrase_edges),
        cmocka_unit_test(test_passive_agent_under_adverb),
        cmocka_unit_test(test_comma_in_noun_phrase),
        cmocka_unit_test(test_ptb_temporal_np),
        cmocka_unit_test(test_unbalanced_parse_rejected),
        cmocka_unit_test(test_tabari_defaults_and_agents),
        cmocka_unit_test(test_agent_composition),
        cmocka_unit_test(test_tabari_shallow_rules),
        cmocka_unit_test(test_new_actors),
        cmocka_unit_test(test_petrarch_noun_phrases),
        cmocka_unit_test(test_petrarch_actor_gaps),
        cmocka_unit_test(test_tabari_surface_clauses),
        cmocka_unit_test(test_tabari_verb_forms),
        cmocka_unit_test(test_tabari_compound_phrases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
