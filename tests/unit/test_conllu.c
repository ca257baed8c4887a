/* test_conllu.c - the CoNLL-U reader and writer: fields, offsets, round trips,
 * and one test per kind of malformed sentence with its exact message. */
#include "testutil.h"

#include <time.h>

#include "arena.h"
#include "conllu.h"
#include "diag.h"
#include "doc.h"

/* Reads every sentence of text (named "t.conllu") and writes them back.
 * Returns the written text; *msgs gets the diagnostics, *nsent the count. */
static char *round_trip(const char *text, char **msgs, int *nsent, long *skipped)
{
    char *out = NULL, *err = NULL;
    size_t outlen = 0, errlen = 0;
    FILE *fo = open_memstream(&out, &outlen);
    FILE *fe = open_memstream(&err, &errlen);
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(in);
    kh_diag d;
    kh_diag_init(&d, fe);
    kh_conllu_reader *r = kh_conllu_open_stream(in, "t.conllu", &d);
    assert_non_null(r);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_sentence s;
    int n = 0, rc;
    while ((rc = kh_conllu_next(r, &a, &s, NULL)) == 1) {
        assert_int_equal(kh_conllu_write(fo, &s), 0);
        n++;
    }
    assert_int_equal(rc, 0);
    *skipped = kh_conllu_skipped(r);
    kh_conllu_close(r);
    kh_arena_free(&a);
    fclose(in);
    fclose(fo);
    fclose(fe);
    *nsent = n;
    *msgs = err;
    return out;
}

static const char *good =
    "# newdoc id = d1\n"
    "# sent_id = s1\n"
    "# text = The minister's visit didn't end.\n"
    "1\tThe\tthe\tDET\tDT\tDefinite=Def\t4\tdet\t4:det\t_\n"
    "2-3\tminister's\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tminister\tminister\tNOUN\tNN\tNumber=Sing\t4\tnmod:poss\t4:nmod:poss\t_\n"
    "3\t's\t's\tPART\tPOS\t_\t2\tcase\t2:case\t_\n"
    "4\tvisit\tvisit\tNOUN\tNN\tNumber=Sing\t7\tnsubj\t7:nsubj\t_\n"
    "5-6\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "5\tdid\tdo\tAUX\tVBD\t_\t7\taux\t7:aux\t_\n"
    "6\tn't\tnot\tPART\tRB\t_\t7\tadvmod\t7:advmod\t_\n"
    "6.1\tend\tend\tVERB\tVB\t_\t_\t_\t4:nsubj\tCopyOf=7\n"
    "7\tend\tend\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t7\tpunct\t7:punct\t_\n"
    "\n"
    "1\tTalks\ttalk\tNOUN\tNNS\t_\t_\t_\t_\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t_\t_\t_\t_\n"
    "\n";

static void test_fields_and_offsets(void **state)
{
    (void)state;
    FILE *in = fmemopen((void *)good, strlen(good), "r");
    kh_diag d;
    kh_diag_init(&d, NULL);
    kh_conllu_reader *r = kh_conllu_open_stream(in, "t.conllu", &d);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_sentence s;
    const char *newdoc = NULL;
    assert_int_equal(kh_conllu_next(r, &a, &s, &newdoc), 1);
    assert_string_equal(newdoc, "d1");
    assert_string_equal(s.sent_id, "s1");
    assert_string_equal(s.text, "The minister's visit didn't end.");
    assert_int_equal(s.nwords, 8);
    assert_int_equal(s.nmwts, 2);
    assert_int_equal(s.nempty, 1);
    assert_int_equal(s.ncomments, 3);
    assert_int_equal(s.line, 1);
    assert_int_equal(s.words[0].upos, KH_UPOS_DET);
    assert_int_equal(s.words[0].head, 4);
    assert_string_equal(s.words[0].deprel, "det");
    assert_null(s.words[2].feats);
    assert_null(s.words[0].misc);
    assert_int_equal(s.words[6].head, 0);
    assert_false(s.words[6].space_after);
    assert_true(s.words[5].space_after);
    /* words of the multiword token "minister's" share its span */
    assert_int_equal(s.words[1].start, 4);
    assert_int_equal(s.words[1].end, 14);
    assert_int_equal(s.words[2].start, 4);
    assert_int_equal(s.words[2].end, 14);
    assert_memory_equal(s.text + s.words[3].start, "visit", 5);
    assert_memory_equal(s.text + s.words[7].start, ".", 1);
    assert_int_equal(s.words[7].start, 31);
    /* no # text: the text is rebuilt from the forms and SpaceAfter */
    assert_int_equal(kh_conllu_next(r, &a, &s, &newdoc), 1);
    assert_null(newdoc);
    assert_string_equal(s.text, "Talks!");
    assert_int_equal(s.words[0].head, -1);
    assert_null(s.words[0].deprel);
    assert_int_equal(s.words[1].start, 5);
    assert_int_equal(s.line, 16);
    assert_int_equal(kh_conllu_next(r, &a, &s, &newdoc), 0);
    assert_int_equal(d.nerrors, 0);
    kh_conllu_close(r);
    kh_arena_free(&a);
    fclose(in);
}

static void test_round_trip_small(void **state)
{
    (void)state;
    char *msgs;
    int n;
    long skipped;
    char *out = round_trip(good, &msgs, &n, &skipped);
    assert_int_equal(n, 2);
    assert_int_equal(skipped, 0);
    /* the second sentence had no comments: the writer adds "# text" */
    const char *second = strstr(good, "1\tTalks");
    size_t head = (size_t)(second - good);
    assert_memory_equal(out, good, head);
    assert_string_equal(out + head, "# text = Talks!\n1\tTalks\ttalk\tNOUN\tNNS\t_\t_\t_\t_\tSpaceAfter=No\n"
                                    "2\t!\t!\tPUNCT\t.\t_\t_\t_\t_\t_\n\n");
    assert_string_equal(msgs, "");
    free(out);
    free(msgs);
}

/* One malformed sentence between two good ones: the message, and the good ones survive. */
static void expect_bad(const char *bad, const char *message)
{
    const char *ok1 = "1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n\n";
    const char *ok2 = "1\tB\tb\tX\t_\t_\t0\troot\t_\t_\n\n";
    char text[2048];
    snprintf(text, sizeof text, "%s%s\n%s", ok1, bad, ok2);
    char *msgs;
    int n;
    long skipped;
    char *out = round_trip(text, &msgs, &n, &skipped);
    if (strcmp(msgs, message) != 0)
        fprintf(stderr, "# got: %s# expected: %s", msgs, message);
    assert_string_equal(msgs, message);
    assert_int_equal(n, 2);
    assert_int_equal(skipped, 1);
    assert_non_null(strstr(out, "1\tA\t"));
    assert_non_null(strstr(out, "1\tB\t"));
    free(out);
    free(msgs);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\n",
               "t.conllu:3: error: expected 10 tab-separated columns, found 9\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\t_\n",
               "t.conllu:3: error: expected 10 tab-separated columns, found 11\n");
    expect_bad("one\tX\tx\tX\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:3: error: ID 'one' is not an integer\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n3\tY\ty\tX\t_\t_\t1\tdep\t_\t_\n",
               "t.conllu:4: error: word ID 3 is not consecutive (expected 2)\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n2\tY\ty\tX\t_\t_\t7\tdep\t_\t_\n",
               "t.conllu:4: error: HEAD 7 of word 2 is out of range (the sentence has 2 words)\n");
    expect_bad("1\tX\tx\tX\t_\t_\t2\tdep\t_\t_\n2\tY\ty\tX\t_\t_\t1\tdep\t_\t_\n",
               "t.conllu:3: error: HEAD of word 1 is part of a cycle\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n2\tY\ty\tX\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:4: error: more than one root (words 1 and 2 have HEAD 0)\n");
    expect_bad("1\tX\tx\tX\t_\t_\tnone\troot\t_\t_\n",
               "t.conllu:3: error: HEAD 'none' is not an integer\n");
    expect_bad("1\tX\tx\tNOUNY\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:3: error: unknown UPOS 'NOUNY'\n");
    expect_bad("1\t\tx\tX\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:3: error: column 2 is empty\n");
    expect_bad("2-3\tXY\t_\t_\t_\t_\t_\t_\t_\t_\n1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:3: error: multiword token 2-3 does not cover the next words (expected 1-N)\n");
    expect_bad("1-2\tXY\t_\t_\t_\t_\t_\t_\t_\t_\n1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n",
               "t.conllu:3: error: multiword token 1-2 extends past the last word (1)\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n1.2\tY\ty\tX\t_\t_\t_\t_\t_\t_\n",
               "t.conllu:4: error: empty node 1.2 is out of order (expected 1.1)\n");
    expect_bad("1\tX\tx\tX\t_\t_\t0\troot\t_\t_\n# late\n",
               "t.conllu:4: error: comment line inside a sentence\n");
    expect_bad("# only a comment\n", "t.conllu:3: error: sentence has no words\n");
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n\n1\tB\0\tb\n\n1\tC\tc\tX\t_\t_\t0\troot\t_\t_\n\n";
    FILE *in = fmemopen((void *)text, sizeof text - 1, "r");
    char *err = NULL;
    size_t errlen = 0;
    FILE *fe = open_memstream(&err, &errlen);
    kh_diag d;
    kh_diag_init(&d, fe);
    kh_conllu_reader *r = kh_conllu_open_stream(in, "b.conllu", &d);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_sentence s;
    assert_int_equal(kh_conllu_next(r, &a, &s, NULL), 1);
    assert_string_equal(s.words[0].form, "A");
    assert_int_equal(kh_conllu_next(r, &a, &s, NULL), 1);
    assert_string_equal(s.words[0].form, "C");
    assert_int_equal(kh_conllu_next(r, &a, &s, NULL), 0);
    kh_conllu_close(r);
    kh_arena_free(&a);
    fclose(in);
    fclose(fe);
    assert_string_equal(err, "b.conllu:3: error: NUL byte in line (binary data?)\n");
    free(err);
}

/* A UD file read and written back gives the same bytes. */
static void ud_round_trip(const char *rel, int expect_sents)
{
    char path[1024];
    KH_SHARED_OR_SKIP(path, rel);
    size_t len = 0;
    char *orig = kh_test_slurp(path, &len);
    assert_non_null(orig);
    kh_diag d;
    kh_diag_init(&d, stderr);
    kh_conllu_reader *r = kh_conllu_open(path, &d);
    assert_non_null(r);
    char *out = NULL;
    size_t outlen = 0;
    FILE *fo = open_memstream(&out, &outlen);
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_sentence s;
    int n = 0, aligned = 0;
    while (kh_conllu_next(r, &a, &s, NULL) == 1) {
        kh_conllu_write(fo, &s);
        n++;
        /* the last word's span ends inside the sentence text */
        assert_true(s.words[s.nwords - 1].end <= s.end);
        aligned += memcmp(s.text + s.words[0].start, s.words[0].form, 1) == 0;
        kh_arena_reset(&a);
    }
    fclose(fo);
    assert_int_equal(d.nerrors, 0);
    assert_int_equal(n, expect_sents);
    assert_int_equal(aligned, expect_sents);
    assert_int_equal(outlen, len);
    assert_true(memcmp(out, orig, len) == 0);
    kh_conllu_close(r);
    kh_arena_free(&a);
    free(out);
    free(orig);
}

static void test_ud_ewt_test_round_trip(void **state)
{
    (void)state;
    ud_round_trip("data/ud/en_ewt-ud-test.conllu", 2077);
}

static void test_ud_gum_dev_round_trip(void **state)
{
    (void)state;
    ud_round_trip("data/ud/en_gum-ud-dev.conllu", 1575);
}

static void test_read_all_ewt_train(void **state)
{
    (void)state;
    char path[1024];
    KH_SHARED_OR_SKIP(path, "data/ud/en_ewt-ud-train.conllu");
    kh_arena a;
    kh_arena_init(&a, 1 << 20);
    kh_doc doc;
    kh_doc_init(&doc, &a);
    kh_diag d;
    kh_diag_init(&d, stderr);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(kh_conllu_read_all(path, &doc, &d), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "# EWT train: %d sentences loaded in %.3f s\n", doc.nsents, secs);
    assert_int_equal(doc.nsents, 12544);
    assert_int_equal(d.nerrors, 0);
    long words = 0;
    for (int32_t i = 0; i < doc.nsents; i++) {
        const kh_sentence *s = &doc.sents[i];
        words += s->nwords;
        for (int32_t j = 0; j < s->nwords; j++) {
            const kh_word *w = &s->words[j];
            assert_true(w->end <= doc.text_len);
            /* a word outside a multiword token spells its form in doc->text */
            int in_mwt = 0;
            for (int32_t k = 0; k < s->nmwts; k++)
                in_mwt |= (j + 1 >= s->mwts[k].first && j + 1 <= s->mwts[k].last);
            if (!in_mwt && memcmp(doc.text + w->start, w->form, w->end - w->start) != 0)
                fail_msg("sentence %d word %d: span does not spell '%s'", i, j + 1, w->form);
        }
    }
    assert_int_equal(words, 204577);   /* lines with an integer ID in the file */
    kh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_offsets),
        cmocka_unit_test(test_round_trip_small),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_ud_ewt_test_round_trip),
        cmocka_unit_test(test_ud_gum_dev_round_trip),
        cmocka_unit_test(test_read_all_ewt_train),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
