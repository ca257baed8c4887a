/* test_text.c - the text layer's entry point: UTF-8 checking and repair, NFC and
 * case folding, and the words, offsets and multiword tokens it fills in. */
#include "testutil.h"

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "text.h"

static void test_utf8_check(void **state)
{
    (void)state;
    assert_int_equal(kh_utf8_check("plain", 5), -1);
    assert_int_equal(kh_utf8_check("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", 14), -1);
    assert_int_equal(kh_utf8_check("ab\xC3(", 4), 2);            /* bad continuation */
    assert_int_equal(kh_utf8_check("abc\xC0\xAF", 5), 3);        /* overlong */
    assert_int_equal(kh_utf8_check("x\xED\xA0\x80", 4), 1);      /* surrogate */
    assert_int_equal(kh_utf8_check("xy\xE2\x80", 4), 2);         /* truncated */
    assert_int_equal(kh_utf8_check("\xFF", 1), 0);
}

static char *process_capture(kh_doc *d, const char *text, const kh_text_opts *o, int *rc)
{
    static char msg[512];
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    kh_diag diag;
    kh_diag_init(&diag, f);
    d->text = text;
    d->text_len = strlen(text);
    d->file = "news.jsonl";
    d->line = 7;
    d->id = "doc-42";
    *rc = kh_text_process(d, o, &diag);
    fclose(f);
    snprintf(msg, sizeof msg, "%s", mem ? mem : "");
    free(mem);
    return msg;
}

static void test_invalid_utf8_is_rejected_with_offset(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    int rc;
    char *msg = process_capture(&d, "Talks in Erbil \xE9t\xE9 ended.", NULL, &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(msg, "news.jsonl:7: error: invalid UTF-8 at byte 15 of document doc-42\n");
    assert_int_equal(d.nsents, 0);
    kh_arena_free(&a);
}

static void test_lenient_replaces_with_fffd(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    kh_text_opts o = {1, 0};
    int rc;
    char *msg = process_capture(&d, "Talks in Erbil \xE9t\xE9 ended.", &o, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(msg, "news.jsonl:7: warning: replaced 2 invalid UTF-8 sequences "
                             "(first at byte 15) in document doc-42\n");
    assert_string_equal(d.text, "Talks in Erbil \xEF\xBF\xBDt\xEF\xBF\xBD ended.");
    assert_int_equal(d.text_len, 29);
    assert_int_equal(d.nsents, 1);
    assert_int_equal(d.sents[0].nwords, 6);
    const kh_word *w = &d.sents[0].words[3];
    assert_string_equal(w->form, "\xEF\xBF\xBDt\xEF\xBF\xBD");
    assert_int_equal(w->start, 15);
    assert_int_equal(w->end, 22);
    kh_arena_free(&a);
}

static void test_words_offsets_and_mwt(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    int rc;
    process_capture(&d, "Iraq's minister didn't come. He stayed home.", NULL, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.nsents, 2);
    const kh_sentence *s = &d.sents[0];
    assert_int_equal(s->start, 0);
    assert_int_equal(s->end, 28);
    assert_string_equal(s->text, "Iraq's minister didn't come.");
    assert_int_equal(s->nwords, 7);
    assert_int_equal(s->nmwts, 2);
    assert_int_equal(s->mwts[0].first, 1);
    assert_int_equal(s->mwts[0].last, 2);
    assert_string_equal(s->mwts[0].form, "Iraq's");
    assert_int_equal(s->mwts[1].first, 4);
    assert_int_equal(s->mwts[1].last, 5);
    static const char *const forms[] = {"Iraq", "'s", "minister", "did", "n't", "come", "."};
    static const uint32_t starts[] = {0, 0, 7, 16, 16, 23, 27};
    static const uint32_t ends[] = {6, 6, 15, 22, 22, 27, 28};
    static const uint8_t spaces[] = {0, 1, 1, 0, 1, 0, 1};
    for (int i = 0; i < 7; i++) {
        assert_string_equal(s->words[i].form, forms[i]);
        assert_int_equal(s->words[i].start, starts[i]);
        assert_int_equal(s->words[i].end, ends[i]);
        assert_int_equal(s->words[i].space_after, spaces[i]);
        assert_int_equal(s->words[i].head, -1);
    }
    assert_string_equal(s->words[5].misc, "SpaceAfter=No");
    assert_null(s->words[2].misc);
    assert_int_equal(d.sents[1].start, 29);
    kh_arena_free(&a);
}

static void test_nfc_forms_keep_original_offsets(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    kh_doc_init(&d, &a);
    int rc;
    /* "Café" with a combining acute accent (e + U+0301): NFC form, original span */
    process_capture(&d, "Cafe\xCC\x81 talks", NULL, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(d.sents[0].words[0].form, "Caf\xC3\xA9");
    assert_int_equal(d.sents[0].words[0].end, 6);
    assert_int_equal(d.sents[0].words[1].start, 7);
    kh_arena_free(&a);
}

static void test_casefold_and_limits(void **state)
{
    (void)state;
    kh_arena a;
    kh_arena_init(&a, 0);
    assert_string_equal(kh_text_casefold(&a, "IRAQ\xE2\x80\x99S Stra\xC3\x9F" "e", 16),
                        "iraq's strasse");
    assert_string_equal(kh_text_casefold(&a, "\xE2\x80\x9CPro\xE2\x80\x93US\xE2\x80\x9D", 14),
                        "\"pro-us\"");
    kh_doc d;
    kh_doc_init(&d, &a);
    kh_text_opts o = {0, 10};
    int rc;
    char *msg = process_capture(&d, "This document is too long.", &o, &rc);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(msg, "document doc-42 is 26 bytes, over the limit of 10"));
    kh_doc_init(&d, &a);
    process_capture(&d, "", NULL, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(d.nsents, 0);
    kh_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_check),
        cmocka_unit_test(test_invalid_utf8_is_rejected_with_offset),
        cmocka_unit_test(test_lenient_replaces_with_fffd),
        cmocka_unit_test(test_words_offsets_and_mwt),
        cmocka_unit_test(test_nfc_forms_keep_original_offsets),
        cmocka_unit_test(test_casefold_and_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
