/* test_wordnet.c - WordNet masks (src/wordnet.c) on a small WordNet of our own
 * written to a temporary folder, and on the installed one when it is there. */
#include "testutil.h"

#include "wordnet.h"
#include "wntest.h"

static char dir[256];

/* Index lines are "lemma pos ..."; the licence header lines start with spaces. */
static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kh_test_wordnet.%ld", (long)getpid());
    const char *const texts[8] = {
        "  1 header line of the licence\n"
        "treaty n 1 0 1 0 00000001\nchild n 1 0 1 0 00000002\n"
        "talk n 1 0 1 0 00000003\nlong-term n 1 0 1 0 00000004\n"
        "press n 1 0 1 0 00000005\n",
        "  1 header\nsign v 1 0 1 0 00000006\nstop v 1 0 1 0 00000007\n"
        "plan v 1 0 1 0 00000008\ntalk v 1 0 1 0 00000009\nsupply v 1 0 1 0 00000010\n"
        "lead v 1 0 1 0 00000011\nsmile v 1 0 1 0 00000012\npress v 1 0 1 0 00000013\n",
        "big a 1 0 1 0 00000014\ngood a 1 0 1 0 00000015\nlong-term a 1 0 1 0 00000016\n",
        "quickly r 1 0 1 0 00000017\n",
        "children child\n", "went go\nled lead\n", "better good\n", "",
    };
    kh_wn_test_write(dir, texts);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kh_wn_test_remove(dir);
    return 0;
}

static void put(const char *name, const char *text)
{
    kh_wn_test_put(dir, name, text);
}

static uint32_t mask(const kh_wordnet *wn, const char *w)
{
    return kh_wordnet_mask(wn, w, strlen(w));
}

static void test_lemmas_and_inflections(void **state)
{
    (void)state;
    char err[600];
    kh_wordnet *wn = kh_wordnet_open(dir, err, sizeof err);
    assert_non_null(wn);
    assert_int_equal(kh_wordnet_size(wn), 5 + 8 + 3 + 1);
    static const struct { const char *form; uint32_t bits; } cases[] = {
        { "treaty", KH_WN_NOUN },
        { "talk", KH_WN_NOUN | KH_WN_VERB },
        /* "talks": plural of the noun and third person of the verb */
        { "talks", KH_WN_PLURAL | KH_WN_VERB_S },
        { "treaties", KH_WN_PLURAL },
        { "supplies", KH_WN_VERB_S },
        { "supplied", KH_WN_VERB_ED },
        { "presses", KH_WN_PLURAL | KH_WN_VERB_S },
        { "signed", KH_WN_VERB_ED },
        { "smiled", KH_WN_VERB_ED },
        { "smiling", KH_WN_VERB_ING },
        /* case is ignored */
        { "Signing", KH_WN_VERB_ING },
        { "SIGNS", KH_WN_VERB_S },
        /* doubled consonants, which morphy leaves to the exception lists */
        { "stopped", KH_WN_VERB_ED },
        { "planning", KH_WN_VERB_ING },
        { "bigger", KH_WN_COMPARE },
        { "biggest", KH_WN_COMPARE },
        /* exception lists */
        { "children", KH_WN_PLURAL },
        { "went", KH_WN_VERB_ED },
        { "better", KH_WN_COMPARE },
        { "quickly", KH_WN_ADV },
        /* hyphenated: whole when listed, else by the part after the last hyphen */
        { "long-term", KH_WN_NOUN | KH_WN_ADJ },
        { "Kurdish-led", KH_WN_HYPHEN | KH_WN_VERB_ED },
        { "x-", 0 },
        /* unknown: looked up, nothing found; too short to strip a suffix */
        { "Thabet", 0 },
        { "s", 0 },
        { "", 0 },
        /* the header line's first field is not a lemma */
        { "1", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t got = mask(wn, cases[i].form);
        if (got != (cases[i].bits | KH_WN_LOOKED))
            fail_msg("%s: mask %#x, expected %#x", cases[i].form, got, cases[i].bits | KH_WN_LOOKED);
    }
    /* no WordNet: no bits at all */
    assert_int_equal(kh_wordnet_mask(NULL, "treaty", 6), 0);
    kh_wordnet_free(wn);
}

static void test_missing_and_bad_files(void **state)
{
    (void)state;
    char err[600];
    assert_null(kh_wordnet_open("/nonexistent/wordnet", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/wordnet/index.noun"));
    /* an index without lemmas is not WordNet */
    put("index.adv", "  only a header\n");
    assert_null(kh_wordnet_open(dir, err, sizeof err));
    assert_non_null(strstr(err, "index.adv: no lemmas"));
    /* a line with one field */
    put("index.adv", "quickly\n");
    assert_null(kh_wordnet_open(dir, err, sizeof err));
    assert_non_null(strstr(err, "index.adv:1: a line without fields"));
    put("index.adv", "quickly r 1 0 1 0 00000017\n");
    kh_wordnet *wn = kh_wordnet_open(dir, err, sizeof err);
    assert_non_null(wn);
    kh_wordnet_free(wn);
    /* a damaged index: an over-long lemma is skipped, a last line without a newline
     * is read, bytes that are not UTF-8 are only bytes; a NUL byte is refused */
    char path[512], longword[300];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    snprintf(path, sizeof path, "%s/index.verb", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "%s v 1\nsign v 1\n\xff\xfe v 1\nplan v 1", longword);
    fclose(f);
    wn = kh_wordnet_open(dir, err, sizeof err);
    assert_non_null(wn);
    assert_int_equal(mask(wn, "signed"), KH_WN_LOOKED | KH_WN_VERB_ED);
    assert_int_equal(mask(wn, "plan"), KH_WN_LOOKED | KH_WN_VERB);
    assert_int_equal(mask(wn, "smiled"), KH_WN_LOOKED);
    assert_int_equal(mask(wn, longword), KH_WN_LOOKED);
    kh_wordnet_free(wn);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("sign v 1\nplan v 1\n", f);
    fputc('\0', f);
    fputs("\nsmile v 1\n", f);
    fclose(f);
    assert_null(kh_wordnet_open(dir, err, sizeof err));
    assert_non_null(strstr(err, "index.verb:3: a NUL byte"));
}

static void test_default_dir(void **state)
{
    (void)state;
    setenv("KH_WORDNET", dir, 1);
    assert_string_equal(kh_wordnet_default_dir(), dir);
    char err[600];
    kh_wordnet *wn = kh_wordnet_open(NULL, err, sizeof err);
    assert_non_null(wn);
    kh_wordnet_free(wn);
    unsetenv("KH_WORDNET");
    assert_string_equal(kh_wordnet_default_dir(), "/usr/share/wordnet");
}

/* The installed WordNet (Debian wordnet-base), when present. */
static void test_installed(void **state)
{
    (void)state;
    if (access("/usr/share/wordnet/index.noun", R_OK) != 0) {
        fprintf(stderr, "# SKIP: /usr/share/wordnet is absent (Debian package wordnet-base)\n");
        skip();
    }
    char err[600];
    kh_wordnet *wn = kh_wordnet_open("/usr/share/wordnet", err, sizeof err);
    assert_non_null(wn);
    assert_true(kh_wordnet_size(wn) > 100000);
    assert_true(mask(wn, "redeployed") & KH_WN_VERB_ED);
    assert_true(mask(wn, "truces") & KH_WN_PLURAL);
    assert_true(mask(wn, "negotiate") & KH_WN_VERB);
    assert_true(mask(wn, "hostile") & KH_WN_ADJ);
    assert_int_equal(mask(wn, "Zzyzxqa"), KH_WN_LOOKED);
    kh_wordnet_free(wn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lemmas_and_inflections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_dir, setup, teardown),
        cmocka_unit_test(test_installed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
