/* test_place.c - the gazetteer (iso-codes, GeoNames through libgeonames, our own
 * rows) and event locations, with accuracy at country and place level on our
 * test sets (tests/fixtures/places/dev.tsv, heldout.tsv; KH_VERBOSE=1 lists misses). */
#include "testutil.h"
#include "textfix.h"

#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "gazetteer.h"
#include "place.h"
#include "text.h"

static kh_gazetteer *gaz;

static int setup(void **state)
{
    (void)state;
    kh_diag d;
    kh_diag_init(&d, stderr);
    gaz = kh_gazetteer_load("data/gazetteer", &d);
    return gaz ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kh_gazetteer_free(gaz);
    return 0;
}

/* Location of text (predicate -1), hints as "IRQ,USA" or "-". */
static int locate(kh_arena *a, const char *text, const char *hints, kh_place *out)
{
    const char *codes[8];
    char buf[64];
    int n = 0;
    snprintf(buf, sizeof buf, "%s", hints ? hints : "-");
    for (char *p = strtok(buf, ","); p && n < 8; p = strtok(NULL, ","))
        if (strcmp(p, "-") != 0)
            codes[n++] = p;
    kh_place_hints h = { codes, n };
    kh_sentence *s = kh_textfix_sentence(a, text);
    assert_non_null(s);
    return kh_place_locate(gaz, s, -1, &h, out);
}

static void test_gazetteer_tables(void **state)
{
    (void)state;
    assert_true(kh_gazetteer_size(gaz) > 25000);
    const kh_gaz_entry *e[16];
    int n = kh_gazetteer_lookup(gaz, "BAGHDAD", e, 16);
    assert_true(n >= 1);
    int city = 0;
    for (int i = 0; i < n && i < 16; i++)
        if (e[i]->kind == KH_GAZ_CITY && strcmp(e[i]->country, "IRQ") == 0) {
            city = 1;
            assert_true(e[i]->lat > 33.0 && e[i]->lat < 33.6);
            assert_true(e[i]->lon > 44.0 && e[i]->lon < 44.7);
        }
    assert_true(city);
    /* ISO 3166-2 "Al Anbār" is found as "Anbar" and "al-Anbar" */
    assert_true(kh_gazetteer_lookup(gaz, "al-Anbar", e, 16) >= 1);
    assert_string_equal(e[0]->country, "IRQ");
    const kh_gaz_entry *syr = kh_gazetteer_country(gaz, "SYR");
    assert_non_null(syr);
    assert_string_equal(syr->name, "Syria");
    assert_true(syr->has_latlon);
    assert_null(kh_gazetteer_country(gaz, "XYZ"));
    assert_int_equal(kh_gazetteer_lookup(gaz, "Nowhereville Qqq", e, 16), 0);
    char key[64];
    assert_string_equal(kh_gazetteer_fold("Sana'a, Al-Ḩudaydah", key, sizeof key), "sanaa al hudaydah");
}

static void test_bad_rows_are_reported(void **state)
{
    (void)state;
    char dir[] = "/tmp/kh_gaz_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/places.tsv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# test\nsite\tTest Site\t\tUSA\t\t1.5\t2.5\t0\nbroken line\n", f);
    fclose(f);
    char *mem = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&mem, &len);
    kh_diag d;
    kh_diag_init(&d, m);
    kh_gazetteer *g = kh_gazetteer_load(dir, &d);
    fclose(m);
    assert_non_null(g);
    assert_int_equal(kh_gazetteer_size(g), 1);
    assert_non_null(strstr(mem, "places.tsv:3:"));
    assert_int_equal(d.nwarnings, 1);
    kh_gazetteer_free(g);
    free(mem);
    unlink(path);
    rmdir(dir);
    kh_diag_init(&d, NULL);
    assert_null(kh_gazetteer_load("/nonexistent/dir", &d));
    assert_int_equal(d.nerrors, 1);
}

static void test_locations(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_place p;
    assert_int_equal(locate(&a, "They met at the Pentagon in Arlington, Virginia.", "IRQ,USA", &p), 0);
    assert_string_equal(p.name, "Pentagon");
    assert_string_equal(p.country, "USA");
    assert_int_equal(p.kind, KH_GAZ_SITE);
    assert_true(p.has_latlon && p.lat > 38.8 && p.lat < 38.9);
    /* the qualifier picks Arlington in Virginia, not the larger one in Texas */
    assert_int_equal(locate(&a, "Police were deployed in Arlington, Virginia.", "-", &p), 0);
    assert_string_equal(p.name, "Arlington");
    assert_true(p.lon > -77.3 && p.lon < -77.0);
    /* an actor's country is not a location */
    assert_int_equal(locate(&a, "Iraq's defence minister praised the United States.", "IRQ,USA", &p), -1);
    assert_int_equal(locate(&a, "The president of Iraq praised the deal.", "IRQ", &p), -1);
    /* hints settle an ambiguous name */
    assert_int_equal(locate(&a, "Militias clashed in Tripoli.", "LBN", &p), 0);
    assert_string_equal(p.country, "LBN");
    assert_int_equal(locate(&a, "Militias clashed in Tripoli.", "LBY", &p), 0);
    assert_string_equal(p.country, "LBY");
    assert_int_equal(locate(&a, "Troops remain in Georgia.", "USA", &p), 0);
    assert_string_equal(p.country, "USA");
    assert_int_equal(locate(&a, "Troops remain in Georgia.", "-", &p), 0);
    assert_string_equal(p.country, "GEO");
    /* a country gets its representative point */
    assert_int_equal(locate(&a, "Drones struck targets in north-east Syria.", "TUR", &p), 0);
    assert_string_equal(p.country, "SYR");
    assert_true(p.has_latlon && p.lat > 34.0 && p.lat < 36.0);
    kh_arena_free(&a);
}

/* country TAB place TAB hints TAB sentence; "-" = no location. */
static void score(const char *path, int *country_ok, int *place_ok, int *total)
{
    size_t len;
    char *text = kh_test_slurp(path, &len);
    assert_non_null(text);
    int verbose = getenv("KH_VERBOSE") != NULL;
    *country_ok = *place_ok = *total = 0;
    kh_arena a;
    kh_arena_init(&a, 0);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *f[4];
        assert_int_equal(kh_textfix_fields(line, f, 4), 4);
        kh_place pl;
        int found = locate(&a, f[3], f[2], &pl) == 0;
        const char *got_c = found ? pl.country : "-";
        const char *got_p = found ? pl.name : "-";
        (*total)++;
        int cok = strcmp(got_c, f[0]) == 0;
        char k1[256], k2[256];
        int pok = cok && strcmp(kh_gazetteer_fold(got_p, k1, sizeof k1), kh_gazetteer_fold(f[1], k2, sizeof k2)) == 0;
        *country_ok += cok;
        *place_ok += pok;
        if (verbose && !pok)
            fprintf(stderr, "# miss: want %s/%s got %s/%s | %s\n", f[0], f[1], got_c, got_p, f[3]);
        kh_arena_reset(&a);
    }
    kh_arena_free(&a);
    free(text);
}

static void test_dev_accuracy(void **state)
{
    (void)state;
    int c, p, t;
    score("tests/fixtures/places/dev.tsv", &c, &p, &t);
    fprintf(stderr, "# places dev: country %d/%d = %.1f%%, place %d/%d = %.1f%%\n", c, t, 100.0 * c / t, p, t,
            100.0 * p / t);
    assert_true(t >= 80);
    assert_true(c * 100 >= t * 95);
    assert_true(p * 100 >= t * 95);
}

static void test_heldout_accuracy(void **state)
{
    (void)state;
    int c, p, t;
    score("tests/fixtures/places/heldout.tsv", &c, &p, &t);
    fprintf(stderr, "# places heldout: country %d/%d = %.1f%%, place %d/%d = %.1f%%\n", c, t, 100.0 * c / t, p,
            t, 100.0 * p / t);
    assert_true(t >= 40);
    assert_true(c * 100 >= t * 85);
    assert_true(p * 100 >= t * 85);
}

/* Folding word by word gives the whole string's key; the word mapper refuses
 * what it cannot map, so callers fall back to kh_gazetteer_fold. */
static void test_fold_by_pieces(void **state)
{
    (void)state;
    static const char *const pieces[][4] = {
        { "Sana’a", ",", "Al-Ḩudaydah", NULL },
        { "Port", "-au-", "Prince", NULL },
        { "ÉLYSÉE", " ", "Palace", NULL },
        { "  ", "d'", "Kraków", NULL },
    };
    for (size_t t = 0; t < sizeof pieces / sizeof pieces[0]; t++) {
        char whole[256] = "", key[256], run[256], m[256];
        kh_gaz_fold f;
        kh_gazetteer_fold_begin(&f, run, sizeof run);
        for (int i = 0; pieces[t][i]; i++) {
            strcat(whole, pieces[t][i]);
            assert_true(kh_gazetteer_fold_map(pieces[t][i], m, sizeof m) >= 0);
            kh_gazetteer_fold_feed(&f, m);
        }
        assert_string_equal(run, kh_gazetteer_fold(whole, key, sizeof key));
        assert_int_equal(f.k, strlen(run));
    }
    char m[16];
    assert_int_equal(kh_gazetteer_fold_map("Zürich", m, sizeof m), 6);   /* the mark is stripped */
    assert_string_equal(m, "zurich");
    assert_int_equal(kh_gazetteer_fold_map("Ouagadougou", m, sizeof m), 11);   /* ASCII as is */
    assert_string_equal(m, "Ouagadougou");
    assert_int_equal(kh_gazetteer_fold_map("\xff\xfe", m, sizeof m), -1);
    assert_int_equal(kh_gazetteer_fold_map("Ouagadougou Burkina", m, sizeof m), -1);
    const kh_gaz_entry *a[16], *b[16];
    int na = kh_gazetteer_lookup(gaz, "BAGHDAD", a, 16);
    assert_int_equal(kh_gazetteer_lookup_key(gaz, "baghdad", b, 16), na);
    assert_ptr_equal(a[0], b[0]);
    assert_int_equal(kh_gazetteer_lookup_key(gaz, "BAGHDAD", b, 16), 0);   /* keys are folded */
}

/* A sentence of words as given (one space after each). */
static kh_sentence *sentence_words(kh_arena *a, const char *const *w, int n)
{
    kh_sentence *s = kh_arena_calloc(a, 1, sizeof *s);
    assert_non_null(s);
    s->words = kh_arena_calloc(a, (size_t)n, sizeof *s->words);
    assert_non_null(s->words);
    for (int i = 0; i < n; i++) {
        s->words[i].form = w[i];
        s->words[i].space_after = 1;
        s->words[i].head = -1;
    }
    s->nwords = n;
    return s;
}

/* Long sentences, long words and bytes that are not UTF-8 take the slow path of
 * place finding, with the same answers. */
static void test_long_sentences(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 1 << 16);
    enum { N = 300 };
    static char longword[700];
    memset(longword, 'x', sizeof longword - 1);
    const char *w[N];
    for (int i = 0; i < N; i++)
        w[i] = (i % 7 == 3) ? "\xff" : "word";
    w[5] = longword;
    static const char *const tail[] = { "Troops", "were", "deployed", "in", "northern", "Mosul", ",",
                                        "near", "Tall", "Afar", "." };
    int nt = (int)(sizeof tail / sizeof tail[0]);
    for (int start = 0; start <= N - nt; start += N - nt - 1) {
        for (int i = 0; i < nt; i++)
            w[start + i] = tail[i];
        kh_sentence *s = sentence_words(&a, w, N);
        kh_place p[8];
        int n = kh_place_find(gaz, s, NULL, p, 8);
        assert_true(n >= 1);
        assert_string_equal(p[0].name, "Mosul");
        assert_string_equal(p[0].country, "IRQ");
        assert_int_equal(p[0].first, start + 5);
        assert_int_equal(p[0].score, 5);
        for (int i = 0; i < nt; i++)
            w[start + i] = (start + i) % 7 == 3 ? "\xff" : "word";
        w[5] = longword;
    }
    kh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_tables),
        cmocka_unit_test(test_bad_rows_are_reported),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_dev_accuracy),
        cmocka_unit_test(test_heldout_accuracy),
        cmocka_unit_test(test_fold_by_pieces),
        cmocka_unit_test(test_long_sentences),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
