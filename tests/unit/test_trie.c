/* test_trie.c - interned words: the one-pass ASCII look-up of kh_trie_lookup agrees
 * with folding then kh_trie_word, for ASCII, non-ASCII and over-long words. */
#include "testutil.h"

#include "arena.h"
#include "trie.h"

typedef struct fixture {
    kh_arena a;
    kh_trie t;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    kh_arena_init(&f->a, 0);
    if (kh_trie_init(&f->t, &f->a) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kh_trie_free(&f->t);
    kh_arena_free(&f->a);
    free(f);
    return 0;
}

static uint32_t look(const kh_trie *t, const char *w)
{
    return kh_trie_lookup(t, w, strlen(w));
}

static void test_ascii_lookup_folds_case(void **state)
{
    fixture *f = *state;
    uint32_t army = kh_trie_intern(&f->t, "Army", 4);
    uint32_t arm = kh_trie_intern(&f->t, "arm", 3);
    assert_true(army != 0 && arm != 0 && army != arm);
    assert_int_equal(look(&f->t, "army"), army);
    assert_int_equal(look(&f->t, "ARMY"), army);
    assert_int_equal(look(&f->t, "aRmY"), army);
    assert_int_equal(look(&f->t, "arm"), arm);
    assert_int_equal(kh_trie_word(&f->t, "army", 4), army);
    /* prefixes and extensions of a stored word are other words */
    assert_int_equal(look(&f->t, "ar"), 0);
    assert_int_equal(look(&f->t, "armys"), 0);
    assert_int_equal(look(&f->t, ""), 0);
    assert_int_equal(kh_trie_lookup(&f->t, "army!", 4), army);   /* only n bytes count */
    assert_int_equal(kh_trie_word(&f->t, "armyx", 3), arm);
}

static void test_non_ascii_and_long_words(void **state)
{
    fixture *f = *state;
    uint32_t e = kh_trie_intern(&f->t, "\xC3\x89lys\xC3\xA9" "e", 8);   /* Élysée */
    assert_true(e != 0);
    assert_int_equal(look(&f->t, "\xC3\xA9lys\xC3\xA9" "e"), e);       /* élysée */
    assert_int_equal(look(&f->t, "\xC3\x89LYS\xC3\x89" "E"), e);       /* ÉLYSÉE */
    assert_int_equal(look(&f->t, "elysee"), 0);
    /* ASCII words of 256 bytes or more are in no dictionary; 255 fit */
    char w[300];
    memset(w, 'a', sizeof w);
    uint32_t w255 = kh_trie_intern(&f->t, w, 255);
    assert_true(w255 != 0);
    assert_int_equal(kh_trie_lookup(&f->t, w, 255), w255);
    assert_int_equal(kh_trie_lookup(&f->t, w, 256), 0);
    /* many words: the lookups still find each (the table grows) */
    char buf[16];
    for (int i = 0; i < 3000; i++) {
        snprintf(buf, sizeof buf, "W%d", i);
        assert_true(kh_trie_intern(&f->t, buf, strlen(buf)) != 0);
    }
    for (int i = 0; i < 3000; i += 7) {
        snprintf(buf, sizeof buf, "w%d", i);
        uint32_t id = look(&f->t, buf);
        assert_true(id != 0);
        assert_string_equal(f->t.words[id], buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ascii_lookup_folds_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_ascii_and_long_words, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
