/* test_dict_variants.c - person names found by name variant (src/names.c) inside the
 * dictionary engine, on our dictionaries (data/dict) and on small in-memory ones:
 * spellings that are not listed, titles before them, dates, exact phrases first,
 * near misses and ties that must not match. */
#include "testutil.h"

#include "dict.h"

static kh_dict *open_ours(void)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    const char *paths[] = { "data/dict" };
    kh_dict *d = kh_dict_open(paths, 1, &diag);
    assert_non_null(d);
    return d;
}

static kh_dict *open_mem(const char *text, kh_dict_format fmt)
{
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    assert_int_equal(kh_dict_load_mem(d, "mem", text, strlen(text), fmt, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    return d;
}

/* Matches `text` from its first word on `date`; returns 1 when a mention covers all of it. */
static int lookup(const kh_dict *d, kh_arena *a, const char *text, int32_t date, kh_actor_match *m)
{
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, text, a, &s), 0);
    return kh_dict_match_actor(d, &s, 0, date, a, m) == 1 && m->end == s.n;
}

/* The entity a variant spelling resolves to, its code on `date`; asserts it is a variant. */
static void expect_variant(const kh_dict *d, kh_arena *a, const char *text, int32_t date,
                           const char *entity, const char *code)
{
    kh_actor_match m;
    assert_true(lookup(d, a, text, date, &m));
    assert_non_null(m.actor);
    assert_string_equal(m.actor->entity, entity);
    assert_string_equal(m.code, code);
    assert_int_equal(m.variant, 1);
    assert_non_null(m.variant_of);
    assert_ptr_equal(m.variant_of, m.actor->phrases[m.actor_phrase]);
    assert_true(m.variant_score > 0.0 && m.variant_score <= 1.0);
}

static void expect_none(const kh_dict *d, kh_arena *a, const char *text)
{
    kh_actor_match m;
    int found = lookup(d, a, text, 20230101, &m);
    if (found)
        fprintf(stderr, "'%s' matched %s\n", text, m.actor ? m.actor->name : m.code);
    assert_false(found);
}

static void test_spellings(void **state)
{
    (void)state;
    kh_dict *d = open_ours();
    kh_arena a;
    kh_arena_init(&a, 0);
    assert_true(kh_dict_nvariant_keys(d) > 1000);
    expect_variant(d, &a, "Thabit Al Abbasi", 20230101, "thabet_al-abbasi", "IRQGOVMIL");
    expect_variant(d, &a, "Thabit Al Abbasi", 20200101, "thabet_al-abbasi", "IRQELI");
    expect_variant(d, &a, "Thabit Muhammad al-Abassi", 20230101, "thabet_al-abbasi", "IRQGOVMIL");
    expect_variant(d, &a, "Mohamed bin Salman", 20230101, "mohammed_bin_salman", "SAUGOV");
    expect_variant(d, &a, "Muhammad bin Salman", 20200101, "mohammed_bin_salman", "SAUGOVMIL");
    expect_variant(d, &a, "Abd al-Fattah al-Sisi", 20230101, "abdel_fattah_el-sisi", "EGYGOV");
    expect_variant(d, &a, "Abd al-Fattah al-Sisi", 20130101, "abdel_fattah_el-sisi", "EGYGOVMIL");
    /* names.c lets a middle name be absent: Recep (Tayyip) Erdogan */
    expect_variant(d, &a, "Recep Erdogan", 20230101, "recep_tayyip_erdogan", "TURGOV");

    /* Listed spellings stay exact matches, also as the tokenizer cuts them at hyphens. */
    kh_actor_match m;
    assert_true(lookup(d, &a, "Abdel Fattah el-Sisi", 20230101, &m));
    assert_int_equal(m.variant, 0);
    assert_null(m.variant_of);
    assert_true(lookup(d, &a, "Thabit al-Abbasi", 20230101, &m));
    assert_int_equal(m.variant, 0);
    assert_int_equal(m.actor_phrase, 1);
    assert_true(lookup(d, &a, "Thabet al - Abbasi", 20230101, &m));
    assert_int_equal(m.variant, 0);
    assert_string_equal(m.code, "IRQGOVMIL");
    assert_true(lookup(d, &a, "Thabit Al - Abassi", 20230101, &m));   /* a variant, cut */
    assert_int_equal(m.variant, 1);
    assert_string_equal(m.actor->entity, "thabet_al-abbasi");

    /* The same through the API for typed names. */
    int32_t ph = -1;
    double sc = 0.0;
    const kh_actor_entry *e = kh_dict_name_variant(d, "Thabit Muhammad al-Abassi", &ph, &sc);
    assert_non_null(e);
    assert_string_equal(e->entity, "thabet_al-abbasi");
    assert_true(ph >= 0 && ph < e->nphrases);
    assert_true(sc > 0.5);
    assert_null(kh_dict_name_variant(d, "Abbasi", NULL, NULL));
    kh_arena_free(&a);
    kh_dict_free(d);
}

static void test_near_misses(void **state)
{
    (void)state;
    kh_dict *d = open_ours();
    kh_arena a;
    kh_arena_init(&a, 0);
    /* Pairs of tests/fixtures/names/nomatch.tsv whose first name is in people.dict. */
    expect_none(d, &a, "Thabet al-Abadi");       /* not Thabet al-Abbasi, not Haider al-Abadi */
    expect_none(d, &a, "Kim Jong Nam");          /* not Kim Jong Un / Kim Jong Il */
    expect_none(d, &a, "Hossein Rouhani");       /* not Hassan Rouhani */
    expect_none(d, &a, "Asma al-Assad");         /* not Bashar / Hafez / Maher al-Assad */
    expect_none(d, &a, "Mahmoud Abbasi");        /* not Mahmoud Abbas */
    /* A lone or titled surname is coreference's job, an initial too weak. */
    expect_none(d, &a, "Abbasi");
    expect_none(d, &a, "Faisal Salman");         /* "King Salman" is one name token: not indexed */
    expect_none(d, &a, "M. Andersson");
    /* Two listed persons stay apart. */
    kh_actor_match m;
    assert_true(lookup(d, &a, "Khalid bin Salman", 20230101, &m));
    assert_string_equal(m.actor->entity, "khalid_bin_salman");
    assert_int_equal(m.variant, 0);
    expect_variant(d, &a, "Khaled ibn Salman", 20230101, "khalid_bin_salman", "SAUGOVMIL");
    kh_arena_free(&a);
    kh_dict_free(d);
}

/* Titles and agents combine with a variant as with an exact phrase. */
static void test_sentence(void **state)
{
    (void)state;
    kh_dict *d = open_ours();
    kh_arena a;
    kh_arena_init(&a, 0);
    static const struct { const char *text; int32_t date; const char *code; int variant; } cases[] = {
        { "Iraqi Defense Minister Thabit Al Abbasi met the Turkish ambassador", 20230315, "IRQGOVMIL", 1 },
        { "Iraqi Defense Minister Thabit Al Abbasi met the Turkish ambassador", 20210101, "IRQELI", 1 },
        { "Iraqi Defense Minister Thabet al-Abbasi met the Turkish ambassador", 20230315, "IRQGOVMIL", 0 },
        { "Iraqi Defense Minister Thabet al-Abbasi met the Turkish ambassador", 20210101, "IRQELI", 0 },
        { "Defense Minister Thabit Muhammad al-Abassi met the Turkish ambassador", 20230315, "IRQGOVMIL", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kh_dict_sent s;
        kh_actor_match *am = NULL;
        assert_int_equal(kh_dict_prepare_text(d, cases[i].text, &a, &s), 0);
        int n = kh_dict_find_actors(d, &s, cases[i].date, &a, &am);
        assert_true(n >= 2);
        assert_int_equal(am[0].start, 0);
        assert_string_equal(am[0].code, cases[i].code);
        assert_int_equal(am[0].variant, cases[i].variant);
        assert_string_equal(am[0].actor->entity, "thabet_al-abbasi");
        assert_non_null(am[0].agent);
        assert_int_equal(s.form[am[0].end] == kh_dict_word_id(d, "met"), 1);
        assert_string_equal(am[n - 1].code, "TURGOV");   /* "the Turkish ambassador" */
        char buf[256];
        kh_dict_match_describe(&am[0], &s, buf, sizeof buf);
        if (cases[i].variant)
            assert_non_null(strstr(buf, "matched by name variant of 'Thabit al-Abbasi'"));
        else
            assert_null(strstr(buf, "name variant"));
    }
    kh_arena_free(&a);
    kh_dict_free(d);
}

/* A tagged sentence: only PROPN words (with particles and hyphens) make a run. */
static void test_tagged(void **state)
{
    (void)state;
    kh_dict *d = open_ours();
    kh_arena a;
    kh_arena_init(&a, 0);
    static const char *forms[] = { "Yesterday", "Thabit", "Al", "-", "Abassi", "Spoke" };
    static const uint8_t upos[] = { KH_UPOS_NOUN, KH_UPOS_PROPN, KH_UPOS_PROPN, KH_UPOS_PUNCT,
                                    KH_UPOS_PROPN, KH_UPOS_VERB };
    kh_word w[6];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 6; i++) {
        w[i].form = forms[i];
        w[i].upos = upos[i];
    }
    kh_sentence sent;
    memset(&sent, 0, sizeof sent);
    sent.words = w;
    sent.nwords = 6;
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare(d, &sent, &a, &s), 0);
    kh_actor_match *am = NULL;
    assert_int_equal(kh_dict_find_actors(d, &s, 20230101, &a, &am), 1);
    assert_int_equal(am[0].start, 1);
    assert_int_equal(am[0].end, 5);       /* "Spoke" is a VERB: not in the run */
    assert_string_equal(am[0].code, "IRQGOVMIL");
    assert_int_equal(am[0].variant, 1);
    /* Untagged, the capitalised "Spoke" would join the run; the full run then fails
     * ("Spoke" as a family name) and the shorter one matches. */
    assert_int_equal(kh_dict_prepare_words(d, forms, NULL, 6, &a, &s), 0);
    assert_int_equal(kh_dict_find_actors(d, &s, 20230101, &a, &am), 1);
    assert_int_equal(am[0].start, 1);
    assert_int_equal(am[0].end, 5);
    kh_arena_free(&a);
    kh_dict_free(d);
}

/* Exact phrases win; two persons equally close are a tie, so no match. */
static void test_exact_and_ties(void **state)
{
    (void)state;
    kh_dict *d = open_mem("%kind actors\n"
                          "Jordan\tJOR\ttype=country\n"
                          "Jordan Hassan\tJORGOV 2020..2024\ttype=person country=JOR\n"
                          "Omar Hasan\tSDNGOV 2020..2024\ttype=person id=omar1\n"
                          "Omar Hasan\tEGYGOV 2020..2024\ttype=person id=omar2\n"
                          "Samir Haddad\tLBNGOV 2020..2024\ttype=person\n",
                          KH_DICT_OURS);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_actor_match m;
    assert_true(lookup(d, &a, "Jordan Hassan", 20220101, &m));
    assert_string_equal(m.code, "JORGOV");
    assert_int_equal(m.variant, 0);
    /* "Jordan" is an exact phrase at the first word: it wins over a variant run. */
    kh_dict_sent s;
    assert_int_equal(kh_dict_prepare_text(d, "Jordan Hasan", &a, &s), 0);
    assert_int_equal(kh_dict_match_actor(d, &s, 0, 20220101, &a, &m), 1);
    assert_string_equal(m.code, "JOR");
    assert_int_equal(m.end, 1);
    expect_none(d, &a, "Omar Hassan");          /* omar1 and omar2 score the same */
    expect_variant(d, &a, "Sameer Hadad", 20220101, "samir_haddad", "LBNGOV");
    kh_arena_free(&a);
    kh_dict_free(d);
}

/* The index holds the prepared phrases of full names only; spellings that the name
 * matcher gained (Umar/Omar, Yusuf/Youssef) reach the dictionary. */
static void test_index(void **state)
{
    (void)state;
    kh_dict *d = open_mem("%kind actors\n"
                          "King Salman | Salman bin Abdulaziz\tSAUGOV 2015..\ttype=person\n"
                          "Sheikh Hasina\tBGDGOV 2009..2024\ttype=person\n"
                          "Umar Farouk\tNGAREB 2020..2024\ttype=person\n"
                          "Youssef Amrani\tMARGOV 2020..2024\ttype=person\n"
                          "Samir Haddad\tLBNGOV 2020..2024\ttype=person\n",
                          KH_DICT_OURS);
    kh_arena a;
    kh_arena_init(&a, 0);
    /* "King Salman" and "Sheikh Hasina" read as one name token: not indexed. */
    assert_int_equal(kh_dict_nvariant_keys(d), 4);
    expect_variant(d, &a, "Salman ibn Abdulaziz", 20220101, "king_salman", "SAUGOV");
    expect_variant(d, &a, "Omar Farouk", 20220101, "umar_farouk", "NGAREB");
    expect_variant(d, &a, "Yusuf Amrani", 20220101, "youssef_amrani", "MARGOV");
    expect_variant(d, &a, "Youssef Amrany", 20220101, "youssef_amrani", "MARGOV");
    expect_none(d, &a, "Faisal Salman");
    expect_none(d, &a, "Rahima Hasina");
    expect_none(d, &a, "Amar Farouk");
    int32_t ph = -1;
    double sc = 0.0;
    const kh_actor_entry *e = kh_dict_name_variant(d, "Sameer Hadad", &ph, &sc);
    assert_non_null(e);
    assert_string_equal(e->phrases[ph], "Samir Haddad");
    assert_true(sc > 0.8 && sc < 1.0);
    assert_null(kh_dict_name_variant(d, "Sheikh Hasina", NULL, NULL));   /* one token */
    assert_null(kh_dict_name_variant(d, "Samira Haddad", NULL, NULL));
    kh_arena_free(&a);
    kh_dict_free(d);
}

/* PETRARCH files have no type=: persons are entries with dated codes longer than a country. */
static void test_petrarch(void **state)
{
    (void)state;
    kh_dict *d = open_mem("HAMID_KARZAI_\n"
                          "\t[AFGGOV 011222-140929]\n"
                          "\t[AFGELI]\n"
                          "UNITED_ARAB_EMIRATES_ [ARE]\n",
                          KH_DICT_PETR_ACTORS);
    kh_arena a;
    kh_arena_init(&a, 0);
    expect_variant(d, &a, "Hamed Karzai", 20050101, "hamid_karzai", "AFGGOV");
    expect_none(d, &a, "United Arab Emirate");
    kh_arena_free(&a);
    kh_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_near_misses),
        cmocka_unit_test(test_sentence),
        cmocka_unit_test(test_tagged),
        cmocka_unit_test(test_exact_and_ties),
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_petrarch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
