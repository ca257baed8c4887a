/* test_entity.c - mentions of known and unknown actors, suggested codes, and names
 * resolved across documents to one entity with a stable id. */
#include "testutil.h"

#include "entity.h"

/* A sentence from "Form/UPOS Form/UPOS ..." (words separated by single spaces; the
 * text is the forms joined by spaces), appended to doc. */
static void add_sentence(kh_doc *d, const char *tagged)
{
    kh_arena *a = d->arena;
    char *copy = kh_arena_strdup(a, tagged);
    kh_word *w = kh_arena_calloc(a, 64, sizeof *w);
    int n = 0;
    size_t base = d->text_len + (d->text_len ? 1 : 0);
    char text[1024] = "";
    size_t len = 0;
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        char *slash = strrchr(tok, '/');
        assert_non_null(slash);
        *slash = '\0';
        w[n].form = tok;
        w[n].upos = (uint8_t)kh_upos_from_name(slash + 1);
        w[n].head = -1;
        if (len)
            text[len++] = ' ';
        w[n].start = (uint32_t)(base + len);
        len += (size_t)snprintf(text + len, sizeof text - len, "%s", tok);
        w[n].end = (uint32_t)(base + len);
        n++;
    }
    size_t old = d->text_len;
    char *all = kh_arena_alloc(a, old + len + 2);
    if (old)
        memcpy(all, d->text, old), all[old] = ' ';
    memcpy(all + base, text, len + 1);
    d->text = all;
    d->text_len = base + len;
    kh_sentence *s = kh_doc_add_sentence(d);
    s->words = w;
    s->nwords = n;
    s->start = (uint32_t)base;
    s->end = (uint32_t)(base + len);
    s->text = kh_arena_strdup(a, text);
}

static const char dict_text[] =
    "%kind actors\n"
    "Iraq | Iraqi\tIRQ\ttype=country country=IRQ\n"
    "United States | American\tUSA\ttype=country country=USA\n"
    "Turkey | Turkish\tTUR\ttype=country country=TUR\n"
    "Lloyd Austin\tUSAGOVMIL\ttype=person country=USA\n"
    "%kind agents\n"
    "defense minister | defence minister\tGOVMIL\n"
    "minister\tGOV\n";

static kh_dict *small_dict(void)
{
    kh_dict *d = kh_dict_new();
    assert_non_null(d);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    assert_int_equal(kh_dict_load_mem(d, "test.dict", dict_text, strlen(dict_text), KH_DICT_OURS, &diag, NULL), 0);
    assert_int_equal(kh_dict_finish(d, &diag), 0);
    assert_int_equal(diag.nerrors, 0);
    return d;
}

static void test_mentions_and_suggestions(void **state)
{
    (void)state;
    kh_dict *dict = small_dict();
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    d.id = "d1";
    d.date = "2024-04-13";
    add_sentence(&d, "Iraqi/ADJ Defense/PROPN Minister/PROPN Thabet/PROPN al-Abbasi/PROPN met/VERB "
                     "Lloyd/PROPN Austin/PROPN on/ADP Saturday/PROPN ./PUNCT");
    add_sentence(&d, "Zubair/PROPN Haddad/PROPN ,/PUNCT Iraqi/ADJ defence/NOUN minister/NOUN ,/PUNCT spoke/VERB ./PUNCT");
    add_sentence(&d, "Omar/PROPN Farouk/PROPN visited/VERB Iraq/PROPN and/CCONJ Turkey/PROPN and/CCONJ Iraq/PROPN ./PUNCT");
    kh_mention *m;
    int n = kh_entity_mentions(dict, &d, &a, &m);
    assert_int_equal(n, 9);
    /* sentence 0: the unknown name after a title and nationality, the known person */
    assert_string_equal(m[0].text, "Iraqi");   /* the name the code rests on */
    assert_string_equal(m[0].code, "IRQGOVMIL");
    assert_string_equal(m[1].text, "Thabet al-Abbasi");
    assert_null(m[1].code);
    assert_string_equal(m[1].suggest, "IRQGOVMIL");
    assert_string_equal(m[1].why, "title");
    assert_string_equal(m[1].country, "IRQ");
    assert_string_equal(m[2].text, "Lloyd Austin");
    assert_string_equal(m[2].code, "USAGOVMIL");
    assert_true(m[2].person);
    assert_string_equal(m[2].entity, "lloyd_austin");
    /* sentence 1: apposition after the name ("Saturday" is no actor) */
    assert_string_equal(m[3].text, "Zubair Haddad");
    assert_string_equal(m[3].suggest, "IRQGOVMIL");
    assert_string_equal(m[3].why, "apposition");
    /* sentence 2: the country most of the sentence's actors belong to */
    assert_string_equal(m[5].text, "Omar Farouk");
    assert_string_equal(m[5].suggest, "IRQ");
    assert_string_equal(m[5].why, "co-occurring");
    assert_string_equal(m[6].text, "Iraq");
    assert_false(m[6].person);
    kh_arena_free(&a);
    kh_dict_free(dict);
}

static void test_unknown_without_dict(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    d.id = "d2";
    add_sentence(&d, "In/ADP March/PROPN ,/PUNCT Mohammed/PROPN bin/NOUN Salman/PROPN met/VERB Ursula/PROPN "
                     "von/X der/X Leyen/PROPN ./PUNCT");
    kh_mention *m;
    int n = kh_entity_mentions(NULL, &d, &a, &m);
    assert_int_equal(n, 2);   /* "March" is no actor */
    assert_string_equal(m[0].text, "Mohammed bin Salman");
    assert_string_equal(m[1].text, "Ursula von der Leyen");
    assert_null(m[0].suggest);
    kh_arena_free(&a);
}

/* The spellings of DESIGN.md resolve to one entity; the id is that of the first
 * spelling and does not change as later spellings arrive. */
static void test_resolve_variants(void **state)
{
    (void)state;
    kh_entity_index *ix = kh_entity_index_new();
    assert_non_null(ix);
    int created;
    const char *id = kh_entity_resolve(ix, "Thabet al-Abbasi", "IRQ", NULL, &created);
    assert_string_equal(id, "u:thabet_al-abbasi");
    assert_int_equal(created, 1);
    const char *v[] = {"Thabit Al Abbasi", "Thabit Muhammad al-Abassi", "Abbasi"};
    for (int i = 0; i < 3; i++) {
        const char *id2 = kh_entity_resolve(ix, v[i], NULL, NULL, &created);
        assert_non_null(id2);
        assert_string_equal(id2, "u:thabet_al-abbasi");
        assert_int_equal(created, 0);
    }
    assert_string_equal(kh_entity_name(ix, "u:thabet_al-abbasi"), "Thabit Muhammad al-Abassi");
    /* another person, and the same name in another country: new entities */
    id = kh_entity_resolve(ix, "Mohammed bin Salman", "SAU", NULL, &created);
    assert_string_equal(id, "u:mohammed_bin_salman");
    assert_int_equal(created, 1);
    id = kh_entity_resolve(ix, "Thabet al-Abbasi", "EGY", NULL, &created);
    assert_string_equal(id, "u:thabet_al-abbasi-2");
    assert_int_equal(created, 1);
    /* a bare family name with no country: the candidate of the sentence's country wins */
    id = kh_entity_resolve(ix, "Abbasi", NULL, "EGY", &created);
    assert_string_equal(id, "u:thabet_al-abbasi-2");
    id = kh_entity_resolve(ix, "Abbasi", NULL, "IRQ", &created);
    assert_string_equal(id, "u:thabet_al-abbasi");
    kh_entity_index_free(ix);
}

static void test_known_entities_win(void **state)
{
    (void)state;
    kh_entity_index *ix = kh_entity_index_new();
    assert_int_equal(kh_entity_index_add(ix, "lloyd_austin", "Lloyd Austin", "USA"), 0);
    assert_int_equal(kh_entity_index_add(ix, "lloyd_austin", "Lloyd Austin", "USA"), 0);   /* once */
    assert_int_equal(kh_entity_index_alias(ix, "lloyd_austin", "Lloyd J. Austin"), 0);
    assert_int_equal(kh_entity_index_alias(ix, "nobody", "X"), -1);
    int created;
    assert_string_equal(kh_entity_resolve(ix, "Austin", NULL, NULL, &created), "lloyd_austin");
    assert_int_equal(created, 0);
    for (int i = 0; i < 3000; i++) {   /* many entities: the table grows and still finds them */
        char name[64];
        snprintf(name, sizeof name, "Person%c%c Name%d", 'A' + i % 26, 'a' + (i / 26) % 26, i);
        assert_non_null(kh_entity_resolve(ix, name, NULL, NULL, &created));
    }
    assert_string_equal(kh_entity_resolve(ix, "Lloyd Austin", "USA", NULL, &created), "lloyd_austin");
    kh_entity_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mentions_and_suggestions),
        cmocka_unit_test(test_unknown_without_dict),
        cmocka_unit_test(test_resolve_variants),
        cmocka_unit_test(test_known_entities_win),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
