/* segment.c - sentence boundaries from tokens and line breaks (see segment.h). */
#include "segment.h"

#include <string.h>
#include <strings.h>

#include "normalize.h"

static int32_t first_cp(const char *s, const kh_tok *t)
{
    int32_t c = 0;
    if (kh_utf8_decode(s + t->start, t->end - t->start, &c) < 0)
        return 0;
    return c;
}

static int tok_is(const char *s, const kh_tok *t, const char *w)
{
    size_t l = strlen(w);
    return t->end - t->start == l && memcmp(s + t->start, w, l) == 0;
}

/* . ! ? and runs of them; the ellipsis only with an upper-case word after it. */
static int is_final(const char *s, const kh_tok *t)
{
    if (t->kind != KH_TOK_PUNCT)
        return 0;
    char c = s[t->start];
    return c == '.' || c == '!' || c == '?' || tok_is(s, t, "\xE2\x80\xA6");
}

static int is_ellipsis(const char *s, const kh_tok *t)
{
    return (s[t->start] == '.' && t->end - t->start > 1) || tok_is(s, t, "\xE2\x80\xA6");
}

/* Closing quotes and brackets that belong to the sentence before them. */
static int is_closing(const char *s, const kh_tok *t)
{
    if (t->kind != KH_TOK_PUNCT)
        return 0;
    char c = s[t->start];
    if (c == ')' || c == ']' || c == '}')
        return 1;
    if (tok_is(s, t, "\xE2\x80\x9D") || tok_is(s, t, "\xE2\x80\x99") || tok_is(s, t, "\xC2\xBB"))
        return 1;
    /* a straight quote glued to the mark before it closes ("Go." he said) */
    return (c == '"' || c == '\'') && !t->space;
}

static int starts_lower(const char *s, const kh_tok *t)
{
    return kh_norm_is_lower(first_cp(s, t));
}

/* Words that open sentences: after "U.S." or "Inc." they signal a new one. */
static const char *const openers[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But", "And", "In",
    "This", "That", "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "My",
    "On", "At", "As", "If", "When", "While", "After", "Before", "Since", "However", "Meanwhile",
    "Also", "So", "Yet", "Some", "Many", "Most", "Other", "Officials", "What", "Why", "How",
    "Who", "Where", "Last", "Earlier", "Later", "Still", "Now", "Then", "Thus", "For", "Both",
};

static int is_opener(const char *s, const kh_tok *t)
{
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
        if (tok_is(s, t, openers[i]))
            return 1;
    return 0;
}

/* Titles and other abbreviations that always precede a name or number. */
static int is_title(const char *s, const kh_tok *t)
{
    static const char *const titles[] = {
        "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Maj.", "Col.", "Lt.", "Sgt.", "Capt.",
        "Cmdr.", "Cpl.", "Pvt.", "Adm.", "Brig.", "Rep.", "Reps.", "Sen.", "Sens.", "Gov.",
        "Pres.", "Rev.", "Hon.", "Amb.", "Messrs.", "St.", "Mt.", "Ft.", "No.", "Nos.",
        "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.",
        "Nov.", "Dec.", "vs.", "Fig.", "Vol.", "Art.", "Mme.", "Supt.", "Insp.", "pp.",
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (tok_is(s, t, titles[i]))
            return 1;
    /* an initial: one letter and a period */
    size_t l = t->end - t->start;
    return l <= 3 && kh_norm_is_upper(first_cp(s, t)) && s[t->end - 1] == '.'
           && (l == 2 || (unsigned char)s[t->start] >= 0x80);
}

/* Length of the line that ends before token i (up to 200 bytes counted). */
static size_t prev_line_len(const char *s, const kh_tok *t, size_t i)
{
    size_t e = t[i - 1].end, b = e;
    while (b > 0 && s[b - 1] != '\n' && e - b < 200)
        b--;
    return e - b;
}

/* Whether a line break before token i (i > 0) ends the sentence. A line ends a
 * sentence unless it looks hard-wrapped: a long line that stops mid-sentence
 * (on a comma, a hyphen or an open bracket, or before a lower-case word). */
static int line_break_ends(const char *s, const kh_tok *t, size_t i)
{
    if (t[i].nl >= 2)
        return 1;
    const kh_tok *prev = &t[i - 1];
    if (prev_line_len(s, t, i) < 50 || is_final(s, prev))
        return 1;
    if (starts_lower(s, &t[i]))
        return 0;
    char pc = s[prev->start];
    if (prev->kind == KH_TOK_PUNCT && (pc == ',' || pc == '(' || pc == '[' || pc == '-'))
        return 0;
    return 1;
}

static int is_dash(const char *s, const kh_tok *t)
{
    return t->kind == KH_TOK_PUNCT && (s[t->start] == '-' || tok_is(s, t, "\xE2\x80\x94")
                                       || tok_is(s, t, "\xE2\x80\x93"));
}

/* A dateline opens a paragraph: upper-case place names (with commas and
 * abbreviations such as "D.C."), an optional "(Agency)", then a dash:
 * "WASHINGTON, D.C. —", "ERBIL (Kurdistan24) –". Returns the index of the
 * token after the dash, or 0 when tokens from a on are not a dateline. */
static size_t dateline_end(const char *s, const kh_tok *t, size_t nt, size_t a)
{
    size_t i = a, words = 0;
    for (; i < nt && i < a + 8 && !(i > a && t[i].nl); i++) {
        const kh_tok *k = &t[i];
        if (k->kind == KH_TOK_WORD || k->kind == KH_TOK_ABBR) {
            for (uint32_t b = k->start; b < k->end; b++)
                if (s[b] >= 'a' && s[b] <= 'z')
                    return 0;
            words++;
        } else if (!(k->kind == KH_TOK_PUNCT && s[k->start] == ','))
            break;
    }
    if (!words || i >= nt)
        return 0;
    int agency = 0;
    if (s[t[i].start] == '(') {   /* (AFP), (Kurdistan24) */
        agency = 1;
        size_t j = i + 1;
        while (j < nt && j < i + 6 && s[t[j].start] != ')')
            j++;
        if (j >= nt || s[t[j].start] != ')')
            return 0;
        i = j + 1;
    }
    /* An ASCII hyphen only with an agency: "HR - Veronica" is not a dateline. */
    if (i + 1 < nt && is_dash(s, &t[i]) && !t[i + 1].nl && (agency || s[t[i].start] != '-'))
        return i + 1;
    return 0;
}

static int all_caps(const char *s, const kh_tok *t)
{
    for (uint32_t b = t->start; b < t->end; b++)
        if (s[b] >= 'a' && s[b] <= 'z')
            return 0;
    return 1;
}

static int is_date_or_time(const char *s, const kh_tok *t)
{
    if (t->kind != KH_TOK_NUM)
        return 0;
    int slashes = 0;
    for (uint32_t b = t->start; b < t->end; b++)
        slashes += s[b] == '/';
    return slashes == 2;
}

/* Boundaries without final punctuation, after token k, learnt from where EWT's web
 * and e-mail text ends sentences: a URL or an address before a capitalised word,
 * "12:05 PM" before one, a closing ">" or ">>", a signature before a date. */
static int unpunctuated_end(const char *s, const kh_tok *t, size_t k, size_t nt)
{
    const kh_tok *p = &t[k], *nx = &t[k + 1];
    if (nx->nl || !nx->space)
        return 0;
    int32_t c = first_cp(s, nx);
    int cap = kh_norm_is_upper(c), digit = c >= '0' && c <= '9';
    switch (p->kind) {
    case KH_TOK_URL:
        return cap || nx->kind == KH_TOK_URL;
    case KH_TOK_EMAIL:
        return cap || digit;
    case KH_TOK_PUNCT:
        return s[p->start] == '>' && (cap || digit) && p->space;
    case KH_TOK_WORD:
        if ((tok_is(s, p, "PM") || tok_is(s, p, "AM")) && k > 0 && t[k - 1].kind == KH_TOK_NUM)
            return cap && !all_caps(s, nx);   /* not before a time zone: "10 AM CST" */
        return kh_norm_is_upper(first_cp(s, p)) && is_date_or_time(s, nx);
    default:
        return 0;
    }
}

/* Whether the sentence ends after final punctuation at k, when next is the token after
 * the closing quotes. */
static int final_ends(const char *s, const kh_tok *t, size_t k, const kh_tok *next, int quoted)
{
    if (!next || next->nl || next->kind == KH_TOK_URL || next->kind == KH_TOK_EMAIL)
        return 1;
    if (next->space && next->kind == KH_TOK_PUNCT && next->end - next->start > 1
        && (s[next->start] == '.' || s[next->start] == '-'))
        return 1;   /* "... alone. ... a drop", "intoxicating. -- Simone Weil" */
    if (next->kind == KH_TOK_PUNCT) {
        char c = s[next->start];
        if (strchr(",;:).-?!*", c))
            return 0;
    }
    if (next->kind == KH_TOK_EMOTICON || !next->space)
        return 0;   /* "that. :)" and "Specifications.........And" */
    if (starts_lower(s, next))   /* a big "Welcome!" to ...; "wait... what" */
        return !quoted && !is_ellipsis(s, &t[k]);
    return 1;
}

void kh_segment(const char *s, size_t n, const kh_tok *t, size_t nt, uint8_t *brk)
{
    if (nt == 0)
        return;
    memset(brk, 0, nt);
    brk[0] = 1;
    for (size_t i = 1; i < nt; i++)
        if (t[i].nl && line_break_ends(s, t, i))
            brk[i] = 1;
    for (size_t k = 0; k < nt; k++) {
        const kh_tok *tk = &t[k];
        if (brk[k]) {
            size_t d = dateline_end(s, t, nt, k);
            if (d)
                brk[d] = 1;
        }
        if (is_final(s, tk)) {
            size_t j = k + 1;
            while (j < nt && !t[j].nl && is_closing(s, &t[j]))
                j++;
            if (j < nt && !brk[j] && final_ends(s, t, k, &t[j], j > k + 1))
                brk[j] = 1;
        } else if (k + 1 < nt && unpunctuated_end(s, t, k, nt)) {
            brk[k + 1] = 1;
        } else if (tk->kind == KH_TOK_EMOTICON && k + 1 < nt) {
            if (kh_norm_is_upper(first_cp(s, &t[k + 1])))
                brk[k + 1] = 1;
        } else if (tk->kind == KH_TOK_ABBR && !is_title(s, tk) && k + 1 < nt) {
            const kh_tok *next = &t[k + 1];
            if (!next->nl && is_opener(s, next))
                brk[k + 1] = 1;
        }
    }
}
