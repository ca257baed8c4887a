/* test_tokenize.c - tokenisation to UD English EWT conventions: clitics as
 * multiword tokens, hyphens, numbers, URLs, abbreviations, quotes, offsets. */
#include "testutil.h"
#include "textfix.h"

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "text.h"
#include "normalize.h"
#include "tokenize.h"

/* Tokens of s joined by '|'; a multiword token is shown as "don't=do+n't". */
static char *toks(const char *s)
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
        int32_t m = 0;
        for (int32_t k = 0; k < st->nwords; k++) {
            const char *sep = o ? "|" : "";
            if (m < st->nmwts && st->mwts[m].first == k + 1) {
                o += (size_t)snprintf(out + o, sizeof out - o, "%s%s=", sep, st->mwts[m].form);
                for (int32_t w = st->mwts[m].first; w <= st->mwts[m].last; w++)
                    o += (size_t)snprintf(out + o, sizeof out - o, "%s%s",
                                          w > st->mwts[m].first ? "+" : "", st->words[w - 1].form);
                k = st->mwts[m].last - 1;
                m++;
                continue;
            }
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", sep, st->words[k].form);
        }
    }
    kh_arena_free(&a);
    return out;
}

static void test_clitics(void **state)
{
    (void)state;
    assert_string_equal(toks("Google's rivals don't know"),
                        "Google's=Google+'s|rivals|don't=do+n't|know");
    assert_string_equal(toks("I'm sure we've won and it's over"),
                        "I'm=I+'m|sure|we've=we+'ve|won|and|it's=it+'s|over");
    assert_string_equal(toks("They cannot and won't"), "They|cannot=can+not|and|won't=wo+n't");
    assert_string_equal(toks("We're gonna wait, they'll see"),
                        "We're=We+'re|gonna=gon+na|wait|,|they'll=they+'ll|see");
    assert_string_equal(toks("Iraq\xE2\x80\x99s army can\xE2\x80\x99t"),
                        "Iraq\xE2\x80\x99s=Iraq+\xE2\x80\x99s|army|can\xE2\x80\x99t=ca+n\xE2\x80\x99t");
    assert_string_equal(toks("the ministers' meeting"), "the|ministers'=ministers+'|meeting");
    assert_string_equal(toks("O'Brien said"), "O'Brien|said");
}

static void test_hyphens(void **state)
{
    (void)state;
    assert_string_equal(toks("its search-engine wares"), "its|search|-|engine|wares");
    assert_string_equal(toks("an e-mail to non-state actors"), "an|e-mail|to|non-state|actors");
    assert_string_equal(toks("a post-war U.S.-led force"), "a|post-war|U.S.|-|led|force");
    assert_string_equal(toks("call 713-853-3989 in 1969-1970"), "call|713-853-3989|in|1969|-|1970");
    assert_string_equal(toks("a 15-year term"), "a|15|-|year|term");
}

static void test_numbers_and_amounts(void **state)
{
    (void)state;
    assert_string_equal(toks("$550 million, 2,500 troops, 64% and 4.5 points"),
                        "$|550|million|,|2,500|troops|,|64|%|and|4.5|points");
    assert_string_equal(toks("at 10:30 on 9/11 with 65k"), "at|10:30|on|9/11|with|65|k");
}

static void test_web_tokens(void **state)
{
    (void)state;
    assert_string_equal(toks("See http://www.example.com/a-b?x=1. Mail press@example.org now"),
                        "See|http://www.example.com/a-b?x=1|.|Mail|press@example.org|now");
    assert_string_equal(toks("@UN_News posted #Iraq news :) today"),
                        "@UN_News|posted|#Iraq|news|:)|today");
}

static void test_abbreviations_and_punctuation(void **state)
{
    (void)state;
    assert_string_equal(toks("Mr. Smith met U.S. officials at 9 a.m. Monday"),
                        "Mr.|Smith|met|U.S.|officials|at|9|a.m.|Monday");
    assert_string_equal(toks("He waited... and \"left\" (again)!"),
                        "He|waited|...|and|\"|left|\"|(|again|)|!");
    assert_string_equal(toks("No. 2 and Lloyd J. Austin III"), "No.|2|and|Lloyd|J.|Austin|III");
    assert_string_equal(toks("Troops \xE2\x80\x9C" "fled\xE2\x80\x9D \xE2\x80\x94 reports"),
                        "Troops|\xE2\x80\x9C|fled|\xE2\x80\x9D|\xE2\x80\x94|reports");
}

/* Offsets point into the original bytes, through no-break and zero-width spaces. */
static void test_offsets(void **state)
{
    (void)state;
    const char *s = "Iraq's\xC2\xA0" "army\xE2\x80\x8B" "won.";
    kh_toks t = {NULL, 0, 0};
    assert_int_equal(kh_tokenize(s, strlen(s), &t), 0);
    assert_int_equal(t.n, 4);
    assert_int_equal(t.v[0].start, 0);
    assert_int_equal(t.v[0].end, 6);
    assert_int_equal(t.v[0].nwords, 2);
    assert_int_equal(t.v[0].cut[0], 4);
    assert_int_equal(t.v[1].start, 8);    /* after the 2-byte no-break space */
    assert_int_equal(t.v[1].end, 12);
    assert_int_equal(t.v[2].start, 15);   /* after the 3-byte zero-width space */
    assert_int_equal(t.v[2].end, 18);
    assert_int_equal(t.v[3].start, 18);
    assert_int_equal(t.v[3].space, 0);
    kh_toks_free(&t);
}

/* Every fused form of split_clitic()'s table splits, lower case and capitalised. */
static void test_fused_forms(void **state)
{
    (void)state;
    static const struct { const char *w; int cut; } fused[] = {
        {"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"dont", 2}, {"didnt", 3},
        {"doesnt", 4}, {"cant", 2}, {"wont", 2}, {"isnt", 2}, {"wasnt", 3}, {"arent", 3},
        {"werent", 4}, {"couldnt", 5}, {"wouldnt", 5}, {"shouldnt", 6}, {"hasnt", 3},
        {"havent", 4}, {"hadnt", 3}, {"aint", 2}, {"im", 1}, {"ive", 1}, {"thats", 4},
        {"youre", 3}, {"theyre", 4}, {"alot", 1},
    };
    for (size_t i = 0; i < sizeof fused / sizeof fused[0]; i++) {
        char w[16];
        snprintf(w, sizeof w, "%s", fused[i].w);
        for (int up = 0; up < 2; up++) {
            if (up)
                w[0] = (char)(w[0] - 'a' + 'A');
            kh_toks t = {NULL, 0, 0};
            assert_int_equal(kh_tokenize(w, strlen(w), &t), 0);
            assert_int_equal(t.n, 1);
            assert_int_equal(t.v[0].nwords, 2);
            assert_int_equal(t.v[0].cut[0], fused[i].cut);
            kh_toks_free(&t);
        }
    }
    assert_string_equal(toks("bonna and dint"), "bonna|and|dint");
    /* the index by first byte: words sharing a first letter or a length with a fused
     * form, longer than eight bytes, or starting with another byte stay whole */
    assert_string_equal(toks("cants dog Wonts imam alots theyres shouldnta"),
                        "cants|dog|Wonts|imam|alots|theyres|shouldnta");
    assert_string_equal(toks("\xc3\xa7" "ant 9ive IM THATS"), "\xc3\xa7" "ant|9ive|IM=I+M|THATS=THAT+S");
}

/* The cheap rejects in front of URLs, addresses, emoticons and quote pairs keep
 * every case the full scans accept. */
static void test_fast_rejects(void **state)
{
    (void)state;
    assert_string_equal(toks("Go to WWW.Example.com or FTP://files.example.org/x now"),
                        "Go|to|WWW.Example.com|or|FTP://files.example.org/x|now");
    assert_string_equal(toks("Write caf\xC3\xA9.owner@example.com or x\xC3\xA9y today"),
                        "Write|caf\xC3\xA9.owner@example.com|or|x\xC3\xA9y|today");
    assert_string_equal(toks("ok ^_^ and =) then <3 XD ;-)"), "ok|^_^|and|=)|then|<3|XD|;-)");
    assert_string_equal(toks("he said ``no'' twice"), "he|said|``|no|''|twice");
    assert_string_equal(toks("name@ENRON wrote"), "name@ENRON|wrote");
}

/* The inline ASCII class table agrees with the rules of kh_norm_class(). */
static void test_ascii_classes(void **state)
{
    (void)state;
    for (int c = 0; c < 128; c++) {
        int want;
        if (c == '\n' || c == '\r' || c == '\f' || c == '\v')
            want = KH_C_NEWLINE;
        else if (c == ' ' || c == '\t' || c < 0x20 || c == 0x7F)
            want = KH_C_SPACE;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            want = KH_C_LETTER;
        else if (c >= '0' && c <= '9')
            want = KH_C_DIGIT;
        else if (c == '\'' || c == '`')
            want = KH_C_APOS;
        else if (c == '"')
            want = KH_C_DQUOTE;
        else if (c == '-')
            want = KH_C_DASH;
        else
            want = KH_C_OTHER;
        assert_int_equal(kh_norm_class(c), want);
        assert_int_equal(kh_norm_class_fast(c), want);
    }
    assert_int_equal(kh_norm_class(-5), KH_C_SPACE);
    assert_int_equal(kh_norm_class_fast(-5), KH_C_SPACE);
    assert_int_equal(kh_norm_class_fast(0x2019), KH_C_APOS);
    assert_int_equal(kh_norm_class_fast(0xE9), KH_C_LETTER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clitics),
        cmocka_unit_test(test_hyphens),
        cmocka_unit_test(test_numbers_and_amounts),
        cmocka_unit_test(test_web_tokens),
        cmocka_unit_test(test_abbreviations_and_punctuation),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_fused_forms),
        cmocka_unit_test(test_fast_rejects),
        cmocka_unit_test(test_ascii_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
