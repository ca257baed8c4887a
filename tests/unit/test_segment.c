/* test_segment.c - sentence boundaries in news English: abbreviations and titles,
 * quotations, datelines, headlines and bylines, line breaks. */
#include "testutil.h"
#include "textfix.h"

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "text.h"

/* Sentences of s joined by " || ", each taken from its byte span. */
static char *sents(const char *s)
{
    static char out[4096];
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc d;
    assert_int_equal(kh_textfix_process(&a, &d, s, NULL), 0);
    size_t o = 0;
    out[0] = '\0';
    for (int32_t i = 0; i < d.nsents; i++) {
        const kh_sentence *st = &d.sents[i];
        assert_int_equal(strlen(st->text), st->end - st->start);
        assert_memory_equal(st->text, s + st->start, st->end - st->start);
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " || " : "",
                              (int)(st->end - st->start), s + st->start);
    }
    kh_arena_free(&a);
    return out;
}

static void test_titles_and_abbreviations(void **state)
{
    (void)state;
    assert_string_equal(sents("Maj. Gen. Lloyd J. Austin III met Mr. Karimi in the U.S. Army base. "
                              "He left on Jan. 5 at 9 a.m. for talks."),
                        "Maj. Gen. Lloyd J. Austin III met Mr. Karimi in the U.S. Army base. || "
                        "He left on Jan. 5 at 9 a.m. for talks.");
    assert_string_equal(sents("The team ranks No. 2 in the U.S. The rival is No. 1."),
                        "The team ranks No. 2 in the U.S. || The rival is No. 1.");
    assert_string_equal(sents("Talks ended at 5 p.m. The minister left."),
                        "Talks ended at 5 p.m. || The minister left.");
}

static void test_quotations(void **state)
{
    (void)state;
    assert_string_equal(sents("\"We will respond,\" he said. \"The attack was a crime.\" "
                              "Officials declined to comment."),
                        "\"We will respond,\" he said. || \"The attack was a crime.\" || "
                        "Officials declined to comment.");
    assert_string_equal(sents("She called it a \"victory!\" and left. Why? Nobody knows."),
                        "She called it a \"victory!\" and left. || Why? || Nobody knows.");
    assert_string_equal(sents("He said: \xE2\x80\x9CWe agree.\xE2\x80\x9D Then he left."),
                        "He said: \xE2\x80\x9CWe agree.\xE2\x80\x9D || Then he left.");
}

/* Decision: a dateline is a sentence of its own (so the parser never makes the
 * place the subject), when it opens a paragraph and ends in a dash. */
static void test_datelines(void **state)
{
    (void)state;
    assert_string_equal(sents("WASHINGTON, D.C. \xE2\x80\x94 The Pentagon said on Friday it had sent troops."),
                        "WASHINGTON, D.C. \xE2\x80\x94 || The Pentagon said on Friday it had sent troops.");
    assert_string_equal(sents("ERBIL (Kurdistan24) \xE2\x80\x93 Iraq's defense minister visited Erbil."),
                        "ERBIL (Kurdistan24) \xE2\x80\x93 || Iraq's defense minister visited Erbil.");
    assert_string_equal(sents("HR - Veronica will call."), "HR - Veronica will call.");
}

static void test_lines(void **state)
{
    (void)state;
    /* headline, byline, then the story; a caption after a blank line */
    assert_string_equal(sents("Iraq and US sign defense pact\nBy Jane Roe\nBAGHDAD \xE2\x80\x94 The two "
                              "governments signed an agreement.\n\nPhoto: The ministers in Baghdad"),
                        "Iraq and US sign defense pact || By Jane Roe || BAGHDAD \xE2\x80\x94 || The two "
                        "governments signed an agreement. || Photo: The ministers in Baghdad");
    /* a hard-wrapped paragraph stays one sentence */
    assert_string_equal(sents("The minister of defense met his American counterpart in the\n"
                              "capital on Saturday, and the two discussed arms sales."),
                        "The minister of defense met his American counterpart in the\n"
                        "capital on Saturday, and the two discussed arms sales.");
    assert_string_equal(sents("  \n\n  "), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_titles_and_abbreviations),
        cmocka_unit_test(test_quotations),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
