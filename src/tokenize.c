/* tokenize.c - raw text to surface tokens, EWT style (see tokenize.h).
 *
 * One pass over the text. At each non-space position the scanner tries, in order:
 * URLs and e-mail addresses (whole, minus trailing punctuation), @mentions and
 * #hashtags, emoticons, runs of dots/dashes/!?, then a "word run" of letters and
 * digits with the connectors that stay inside a token ("U.S", "2,500", "4.5",
 * "don't", "10:30", "AT&T"). A word run is then cut at hyphens (EWT splits most
 * compounds) and its clitic is split off as a multiword token. Anything else is
 * one token per character. */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize.h"

/* ---- character access ---------------------------------------------------- */

/* Decodes the code point at i; invalid bytes count as one-byte symbols. */
static int cp_at(const char *s, size_t n, size_t i, int32_t *cp)
{
    if (i >= n) {
        *cp = 0;
        return 0;
    }
    if ((unsigned char)s[i] < 0x80) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    int len = kh_utf8_decode(s + i, n - i, cp);
    if (len < 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return len;
}

static int class_at(const char *s, size_t n, size_t i)
{
    int32_t c;
    if (i >= n)
        return KH_C_SPACE;
    cp_at(s, n, i, &c);
    return kh_norm_class_fast(c);
}

static int is_alnum_class(int c)
{
    return c == KH_C_LETTER || c == KH_C_DIGIT;
}

static int is_digit(const char *s, size_t n, size_t i)
{
    return i < n && s[i] >= '0' && s[i] <= '9';
}

/* ---- the token vector ---------------------------------------------------- */

static kh_tok *push(kh_toks *t, size_t start, size_t end, int kind)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        kh_tok *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return NULL;
        t->v = v;
        t->cap = cap;
    }
    kh_tok *k = &t->v[t->n++];
    memset(k, 0, sizeof *k);
    k->start = (uint32_t)start;
    k->end = (uint32_t)end;
    k->kind = (uint8_t)kind;
    k->nwords = 1;
    return k;
}

void kh_toks_free(kh_toks *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* ---- tables -------------------------------------------------------------- */

/* Words that keep a following period. Titles, months, company and state
 * abbreviations of news English. Case matters: "Gen." is a title, "gen." is not. */
static const char *const abbrevs[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Maj", "Col", "Lt", "Sgt", "Capt", "Cmdr",
    "Cpl", "Pvt", "Adm", "Brig", "Rep", "Reps", "Sen", "Sens", "Gov", "Govs", "Pres",
    "Rev", "Hon", "Amb", "Supt", "Insp", "Messrs", "Mmes", "Mme", "Mlle", "Sr", "Jr",
    "St", "Ste", "Mt", "Ft", "Ave", "Blvd", "Rd", "Hwy", "Inc", "Corp", "Co", "Ltd",
    "Bros", "Cos", "Plc", "Dept", "Univ", "Assn", "Gov't", "vs", "etc", "al", "approx",
    "cf", "ca", "viz", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
    "Oct", "Nov", "Dec", "Tue", "Tues", "Thu", "Thur", "Thurs", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
    "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mich", "Minn", "Miss", "Mo", "Mont",
    "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis",
    "Wyo", "Fig", "Figs", "Vol", "Vols", "Ch", "Sec", "Art", "Arts", "Ed", "Eds",
    "est", "Est", "ft", "mi", "oz", "lb", "lbs", "sq", "Nos", "No", "no", "nos",
    "Op", "Pp", "pp", "Sts", "Drs", "Profs", "ext", "Ext", "LTD", "INC", "CORP", "PVT",
    "Pvt", "Mssrs", "Sgts", "Lts", "Cols", "Gens", "Adms", "Cmdrs",
};
#define NABBREVS (sizeof abbrevs / sizeof abbrevs[0])

int kh_tok_abbrev(const char *s, size_t n)
{
    if (n == 0 || n > 6)
        return 0;
    for (size_t i = 0; i < NABBREVS; i++)
        if (abbrevs[i][0] == s[0] && strlen(abbrevs[i]) == n && memcmp(abbrevs[i], s, n) == 0) {
            if ((n == 2 || n == 3) && (s[0] == 'N' || s[0] == 'n') && s[1] == 'o')
                return 2;   /* "No. 2" but "said no." */
            if (n == 3 && strcmp(abbrevs[i], "Art") == 0)
                return 2;
            if (strcmp(abbrevs[i], "etc") == 0)
                return 3;
            return 1;
        }
    return 0;
}

/* Prefixes that EWT keeps attached by their hyphen ("e-mail", "non-state"). */
static const char *const hyphen_prefixes[] = {
    "e", "non", "pre", "anti", "mid", "re", "post", "co", "over", "pro", "multi",
    "ex", "sub", "semi", "cross", "neo", "psycho", "socio", "arch", "counter", "intra",
    "inter", "micro", "macro", "un", "ultra", "pseudo", "quasi", "bi", "tri", "vice",
    "trans", "hyper", "mega", "mis",
};

/* Contractions written without apostrophe, and the fused forms EWT splits:
 * the word and the length of its first part. */
static const struct { const char *w; int cut; } fused[] = {
    {"cannot", 3}, {"gonna", 3}, {"wanna", 3}, {"gotta", 3}, {"dont", 2}, {"didnt", 3},
    {"doesnt", 4}, {"cant", 2}, {"wont", 2}, {"isnt", 2}, {"wasnt", 3}, {"arent", 3},
    {"werent", 4}, {"couldnt", 5}, {"wouldnt", 5}, {"shouldnt", 6}, {"hasnt", 3},
    {"havent", 4}, {"hadnt", 3}, {"aint", 2}, {"im", 1}, {"ive", 1}, {"thats", 4},
    {"youre", 3}, {"theyre", 4}, {"alot", 1},
};
#define NFUSED (sizeof fused / sizeof fused[0])

/* fused[] by first byte, built from the table by kh_tokenize (so it cannot go out of
 * step with it): every word run asks whether it is a fused form, and a scan of the
 * whole table cost ~100 instructions a token (issue 8). */
typedef struct fused_index {
    uint8_t head[256];          /* first byte -> first entry, FUSED_NONE: none */
    uint8_t next[NFUSED];       /* the next entry with the same first byte */
    uint8_t len[NFUSED];        /* strlen(fused[i].w) */
} fused_index;
#define FUSED_NONE 0xFF
_Static_assert(NFUSED < FUSED_NONE, "fused_index holds entry numbers in a byte");

static void fused_index_build(fused_index *fx)
{
    memset(fx->head, FUSED_NONE, sizeof fx->head);
    for (size_t i = NFUSED; i-- > 0;) {      /* backwards: each chain keeps table order */
        uint8_t b = (uint8_t)fused[i].w[0];
        fx->next[i] = fx->head[b];
        fx->head[b] = (uint8_t)i;
        fx->len[i] = (uint8_t)strlen(fused[i].w);
    }
}

static const char *const emoticons[] = {
    ":-)", ":-(", ";-)", ":-D", ":-P", ":-p", ":-/", ":'(", ":-O", ":-o", ":-|", "^_^",
    ":)", ":(", ";)", ":D", ":P", ":p", ":/", ":O", ":o", ":|", "=)", "<3", "XD", ":]",
};

/* ---- word runs ----------------------------------------------------------- */

/* Length of the connector at j that continues a word run, or 0 when the run ends.
 * prev/next are classes of the neighbouring characters. */
static size_t connector(const char *s, size_t n, size_t start, size_t j)
{
    int32_t c;
    int len = cp_at(s, n, j, &c);
    int cls = kh_norm_class_fast(c);
    int next = class_at(s, n, j + (size_t)len);
    int prevdigit = j > start && s[j - 1] >= '0' && s[j - 1] <= '9';
    if (cls == KH_C_LETTER || cls == KH_C_DIGIT || cls == KH_C_MARK)
        return (size_t)len;
    switch (c) {
    case '.':
        return is_alnum_class(next) ? 1 : 0;
    case ',':   /* thousands: 2,500 but not "1,2" nor "2,5000" */
        if (prevdigit && is_digit(s, n, j + 1) && is_digit(s, n, j + 2) && is_digit(s, n, j + 3)
            && !is_digit(s, n, j + 4))
            return 1;
        return 0;
    case ':':   /* times 10:30 */
        return prevdigit && is_digit(s, n, j + 1) && is_digit(s, n, j + 2) ? 1 : 0;
    case '/':   /* dates and fractions 9/11, 1/2; b/c, w/o */
        if (prevdigit && is_digit(s, n, j + 1))
            return 1;
        return j == start + 1 && class_at(s, n, start) == KH_C_LETTER && next == KH_C_LETTER
               && class_at(s, n, j + 2) != KH_C_LETTER ? 1 : 0;
    case '&':   /* AT&T, S&P */
        return j > start && s[j - 1] >= 'A' && s[j - 1] <= 'Z' && j + 1 < n && s[j + 1] >= 'A'
               && s[j + 1] <= 'Z' ? 1 : 0;
    case '_':
        return is_alnum_class(next) ? 1 : 0;
    default:
        break;
    }
    if (cls == KH_C_APOS && next == KH_C_LETTER && c != 0x2018)
        return (size_t)len;
    if ((c == '-' || c == 0x2010 || c == 0x2011) && is_alnum_class(next))
        return (size_t)len;
    return 0;
}

static int is_hyphen_at(const char *s, size_t n, size_t i, int *len)
{
    int32_t c;
    *len = cp_at(s, n, i, &c);
    return c == '-' || c == 0x2010 || c == 0x2011;
}

static int all_digits(const char *s, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    for (size_t i = a; i < b; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_prefix_word(const char *s, size_t a, size_t b)
{
    for (size_t i = 0; i < sizeof hyphen_prefixes / sizeof hyphen_prefixes[0]; i++)
        if (strlen(hyphen_prefixes[i]) == b - a && strncasecmp(hyphen_prefixes[i], s + a, b - a) == 0)
            return 1;
    return 0;
}

/* Splits a clitic off piece [a,b) by setting the token's cut. */
static void split_clitic(const char *s, kh_tok *t, const fused_index *fx)
{
    size_t a = t->start, b = t->end, len = b - a;
    if (len > 200)
        return;
    uint8_t c0 = (uint8_t)(s[a] | 0x20);   /* ASCII lower case of the first letter */
    for (unsigned i = len <= 8 ? fx->head[c0] : FUSED_NONE; i != FUSED_NONE; i = fx->next[i])
        if (fx->len[i] == len && strncasecmp(fused[i].w, s + a, len) == 0) {
            t->nwords = 2;
            t->cut[0] = (uint8_t)fused[i].cut;
            return;
        }
    /* find the last apostrophe */
    size_t ap = 0, al = 0;
    for (size_t i = a; i < b;) {
        int32_t c;
        int l = cp_at(s, b, i, &c);
        if (kh_norm_class_fast(c) == KH_C_APOS) {
            ap = i;
            al = (size_t)l;
        }
        i += (size_t)l;
    }
    if (!al || ap == a)
        return;
    const char *suf = s + ap + al;
    size_t sl = b - (ap + al);
    if (sl == 1 && (suf[0] == 't' || suf[0] == 'T') && (s[ap - 1] == 'n' || s[ap - 1] == 'N')
        && ap - 1 > a) {
        t->nwords = 2;
        t->cut[0] = (uint8_t)(ap - 1 - a);
        return;
    }
    static const char *const clitics[] = {"s", "m", "d", "re", "ve", "ll"};
    for (size_t i = 0; i < sizeof clitics / sizeof clitics[0]; i++)
        if (strlen(clitics[i]) == sl && strncasecmp(clitics[i], suf, sl) == 0) {
            t->nwords = 2;
            t->cut[0] = (uint8_t)(ap - a);
            return;
        }
}

/* Decides whether the hyphen between parts [a,h) and [h+hl, b) stays inside the token. */
static int mixed_alnum(const char *s, size_t a, size_t b)
{
    int letters = 0, digits = 0;
    for (size_t i = a; i < b; i++) {
        letters |= (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z');
        digits |= s[i] >= '0' && s[i] <= '9';
    }
    return letters && digits;
}

/* Decides whether the hyphen between part [a,h) and the part after it stays inside
 * the token: after a prefix ("e-mail"), or in codes mixing letters and digits
 * ("x3-9890"). */
static int keep_hyphen(const char *s, size_t a, size_t h, size_t rest_end)
{
    if (is_prefix_word(s, a, h) || mixed_alnum(s, a, h))
        return 1;
    size_t e = h + 1;
    while (e < rest_end && s[e] != '-')
        e++;
    return mixed_alnum(s, h + 1, e);
}

/* Emits the tokens of word run [a,b) (without a final period), cutting at hyphens. */
static int emit_run(const char *s, size_t n, size_t a, size_t b, size_t tok_end, int kind,
                    kh_toks *out, const fused_index *fx)
{
    /* Number chains: 713-853-3989, 11-20-2000 and 345-9945 stay whole; 1969-1970 splits. */
    size_t groups = 1, glen[3] = {0, 0, 0};
    int digits_only = 1;
    size_t g0 = a;
    for (size_t i = a; i < b; i++) {
        int hl;
        if (is_hyphen_at(s, n, i, &hl) && hl == 1) {
            if (!all_digits(s, g0, i))
                digits_only = 0;
            if (groups <= 3)
                glen[groups - 1] = i - g0;
            groups++;
            g0 = i + 1;
        }
    }
    if (!all_digits(s, g0, b))
        digits_only = 0;
    if (groups <= 3)
        glen[groups - 1] = b - g0;
    int whole = groups == 1 || (digits_only && (groups >= 3 || (glen[0] <= 3 && glen[1] == 4)
                                                   || (glen[0] == 5 && glen[1] == 4)));
    if (!whole) {
        size_t p = a;
        for (size_t i = a; i < b;) {
            int hl;
            if (i > p && is_hyphen_at(s, n, i, &hl) && !keep_hyphen(s, p, i, b)) {
                kh_tok *t = push(out, p, i, kind);
                if (!t)
                    return -1;
                split_clitic(s, t, fx);
                if (!push(out, i, i + (size_t)hl, KH_TOK_PUNCT))
                    return -1;
                p = i + (size_t)hl;
                kind = all_digits(s, p, p + 1) ? KH_TOK_NUM : KH_TOK_WORD;
                i = p;
                continue;
            }
            int32_t c;
            i += (size_t)cp_at(s, n, i, &c);
        }
        a = p;
    }
    kh_tok *t = push(out, a, tok_end, kind);
    if (!t)
        return -1;
    if (tok_end == b)
        split_clitic(s, t, fx);
    return 0;
}

/* 1 when run [a,b) has an inner period between letters ("U.S", "a.m", "e.g"). */
static int has_inner_period(const char *s, size_t a, size_t b)
{
    for (size_t i = a + 1; i + 1 < b; i++)
        if (s[i] == '.')
            return 1;
    return 0;
}

/* The next non-space byte after i, or 0. */
static char next_visible(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i < n ? s[i] : 0;
}

/* Where a unit starts in number run [a,b) ("65k", "5pm"), or 0 when it is not one. */
static size_t unit_start(const char *s, size_t a, size_t b)
{
    static const char *const units[] = {
        "k", "K", "m", "M", "b", "bn", "pm", "am", "PM", "AM", "mm", "cm", "km", "kg", "g",
        "mg", "lb", "lbs", "mph", "ft", "GB", "MB", "TB", "KB", "kb", "gb", "mb", "ml", "x", "hrs",
        "min",
    };
    size_t k = a;
    while (k < b && ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == ',' || s[k] == ':'))
        k++;
    if (k == a || k == b || s[k - 1] < '0' || s[k - 1] > '9')
        return 0;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
        if (strlen(units[u]) == b - k && memcmp(units[u], s + k, b - k) == 0)
            return k;
    return 0;
}

/* 1 when a single quote opens before position i on the same line and is still open. */
static int single_quote_open(const char *s, size_t i)
{
    size_t lim = i > 400 ? i - 400 : 0;
    for (size_t k = i; k > lim; k--) {
        char c = s[k - 1];
        if (c == '\n')
            return 0;
        if (c == '\'' && (k - 1 == 0 || s[k - 2] == ' ' || s[k - 2] == '(' || s[k - 2] == '"'))
            return 1;
        if (k >= 3 && memcmp(s + k - 3, "\xE2\x80\x98", 3) == 0)
            return 1;
    }
    return 0;
}

/* Length of the apostrophe after plural run [a,j) ("veterans'"), or 0. */
static size_t plural_possessive(const char *s, size_t n, size_t a, size_t j)
{
    if (j - a < 3 || (s[j - 1] != 's' && s[j - 1] != 'S'))
        return 0;
    size_t al = 0;
    if (j < n && s[j] == '\'')
        al = 1;
    else if (j + 3 <= n && memcmp(s + j, "\xE2\x80\x99", 3) == 0)
        al = 3;
    if (!al)
        return 0;
    int next = class_at(s, n, j + al);
    if (next == KH_C_LETTER || next == KH_C_DIGIT || next == KH_C_APOS)
        return 0;
    return single_quote_open(s, a) ? 0 : al;
}

/* Scans a word run at i; returns its end (after an attached period). */
static int scan_word(const char *s, size_t n, size_t i, size_t *endp, kh_toks *out,
                     const fused_index *fx)
{
    size_t j = i;
    int32_t c;
    j += (size_t)cp_at(s, n, j, &c);
    for (;;) {
        size_t l = j < n ? connector(s, n, i, j) : 0;
        if (!l)
            break;
        j += l;
    }
    int kind = (s[i] >= '0' && s[i] <= '9') ? KH_TOK_NUM : KH_TOK_WORD;
    size_t tok_end = j;
    int ellipsis = j + 2 < n && s[j + 1] == '.' && s[j + 2] == '.';
    if (j < n && s[j] == '.' && !ellipsis && kind == KH_TOK_WORD) {
        int ab = kh_tok_abbrev(s + i, j - i);
        int letter_initial = j - i == 1 || (j - i <= 3 && (unsigned char)s[i] >= 0x80
                                            && class_at(s, n, i) == KH_C_LETTER
                                            && j - i == (size_t)cp_at(s, n, i, &c));
        int32_t c0;
        cp_at(s, n, i, &c0);
        if (ab == 3) {   /* "etc." keeps its period inside a sentence, not at its end */
            char nv = next_visible(s, n, j + 1);
            ab = (nv >= 'a' && nv <= 'z') || nv == ',' || nv == ';' || nv == ')' || nv == ':';
        }
        if (ab == 1 || (ab == 2 && next_visible(s, n, j + 1) >= '0' && next_visible(s, n, j + 1) <= '9')
            || has_inner_period(s, i, j) || (letter_initial && kh_norm_is_upper(c0))) {
            tok_end = j + 1;
            kind = KH_TOK_ABBR;
        }
    }
    size_t unit = kind == KH_TOK_NUM ? unit_start(s, i, j) : 0;
    if (unit) {   /* 65k, 5pm, 10km: number and unit are two tokens */
        *endp = j;
        return push(out, i, unit, KH_TOK_NUM) && push(out, unit, j, KH_TOK_WORD) ? 0 : -1;
    }
    size_t al = tok_end == j ? plural_possessive(s, n, i, j) : 0;
    if (al) {     /* "the veterans' votes": veterans + ' as one multiword token */
        *endp = j + al;
        if (emit_run(s, n, i, j, j + al, kind, out, fx) < 0)
            return -1;
        kh_tok *t = &out->v[out->n - 1];
        if (j - t->start < 250) {
            t->nwords = 2;
            t->cut[0] = (uint8_t)(j - t->start);
        }
        return 0;
    }
    *endp = tok_end;
    return emit_run(s, n, i, j, tok_end, kind, out, fx);
}

/* ---- special tokens ------------------------------------------------------ */

/* End of the non-space chunk starting at i. */
static size_t chunk_end(const char *s, size_t n, size_t i)
{
    while (i < n) {
        int cls = class_at(s, n, i);
        if (cls == KH_C_SPACE || cls == KH_C_NEWLINE)
            break;
        int32_t c;
        i += (size_t)cp_at(s, n, i, &c);
    }
    return i;
}

/* Drops trailing punctuation that belongs to the sentence, not to the URL. */
static size_t trim_url(const char *s, size_t a, size_t b)
{
    while (b > a && strchr(".,;:!?\"')]>", s[b - 1])) {
        if (s[b - 1] == ')' && memchr(s + a, '(', b - a))
            break;
        b--;
    }
    while (b > a && (unsigned char)s[b - 1] >= 0x80) {   /* a closing curly quote */
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        int32_t c;
        if (kh_utf8_decode(s + k, b - k, &c) > 0) {
            int cls = kh_norm_class_fast(c);
            if (cls == KH_C_APOS || cls == KH_C_DQUOTE || c == 0x2026) {
                b = k;
                continue;
            }
        }
        break;
    }
    return b;
}

static size_t match_url(const char *s, size_t n, size_t i)
{
    static const char *const schemes[] = {"http://", "https://", "ftp://", "www."};
    char c0 = (char)(s[i] | 0x20);
    if (c0 != 'h' && c0 != 'f' && c0 != 'w')   /* cheap reject: asked at every token */
        return 0;
    for (size_t k = 0; k < 4; k++) {
        size_t l = strlen(schemes[k]);
        if (i + l < n && strncasecmp(s + i, schemes[k], l) == 0) {
            size_t e = trim_url(s, i, chunk_end(s, n, i));
            return e > i + l ? e - i : 0;
        }
    }
    return 0;
}

/* 1 when the chunk at i is plain ASCII without '@', so cannot be an address.
 * Decides most words in one byte loop; chunk_end() classifies every character. */
static int ascii_without_at(const char *s, size_t n, size_t i)
{
    for (; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x80 || b == '@')
            return 0;   /* the full scan decides */
        int cls = kh_norm_ascii_class[b];
        if (cls == KH_C_SPACE || cls == KH_C_NEWLINE)
            break;
    }
    return 1;
}

/* user@example.com: letters/digits before '@', a dot after it. */
static size_t match_email(const char *s, size_t n, size_t i)
{
    if (ascii_without_at(s, n, i))
        return 0;
    size_t e = chunk_end(s, n, i);
    const char *at = memchr(s + i, '@', e - i);
    if (!at || at == s + i)
        return 0;
    size_t k = (size_t)(at - s) + 1;
    if (k >= e || class_at(s, n, k) != KH_C_LETTER)
        return 0;
    for (size_t j = i; j < (size_t)(at - s); j++)
        if (!(class_at(s, n, j) == KH_C_LETTER || class_at(s, n, j) == KH_C_DIGIT
              || strchr("._-+", s[j])))
            return 0;
    e = trim_url(s, i, e);
    if (!memchr(s + k, '.', e - k)) {
        /* an internal address: Name@ENRON, Name@ENRON_DEVELOPMENT */
        size_t d = k;
        while (d < e && ((s[d] >= 'A' && s[d] <= 'Z') || s[d] == '_'))
            d++;
        return d == e && e - k >= 2 ? e - i : 0;
    }
    return e - i;
}

static size_t match_emoticon(const char *s, size_t n, size_t i, int after_space)
{
    /* every emoticon of the table starts with one of these */
    if (s[i] != ':' && s[i] != ';' && s[i] != '^' && s[i] != '=' && s[i] != '<' && s[i] != 'X')
        return 0;
    for (size_t k = 0; k < sizeof emoticons / sizeof emoticons[0]; k++) {
        size_t l = strlen(emoticons[k]);
        if (i + l > n || memcmp(s + i, emoticons[k], l) != 0)
            continue;
        int nc = class_at(s, n, i + l);
        if (is_alnum_class(nc))
            continue;
        /* letters inside ("XD", ":D", ":P") need a space before them */
        if ((strpbrk(emoticons[k], "DPpOoX") || emoticons[k][0] == '<') && !after_space)
            continue;
        return l;
    }
    return 0;
}

/* @name or #tag. */
static size_t match_handle(const char *s, size_t n, size_t i)
{
    if (s[i] != '@' && s[i] != '#')
        return 0;
    size_t j = i + 1;
    while (j < n && (class_at(s, n, j) == KH_C_LETTER || class_at(s, n, j) == KH_C_DIGIT
                     || s[j] == '_')) {
        int32_t c;
        j += (size_t)cp_at(s, n, j, &c);
    }
    if (j == i + 1 || (s[i] == '#' && s[i + 1] >= '0' && s[i + 1] <= '9'))
        return 0;
    return j - i;
}

/* A run of the same punctuation that EWT keeps as one token: ... -- !!! ?! */
static size_t match_punct_run(const char *s, size_t n, size_t i)
{
    size_t j = i;
    static const char *const pairs[] = {"''", "``", "\xE2\x80\x99\xE2\x80\x99",
                                        "\xE2\x80\x98\xE2\x80\x98", "\xE2\x80\x98\xE2\x80\x99"};
    int quote = s[i] == '\'' || s[i] == '`' || s[i] == '\xE2';   /* the pairs' first bytes */
    for (size_t k = 0; quote && k < sizeof pairs / sizeof pairs[0]; k++) {
        size_t l = strlen(pairs[k]);
        if (i + l <= n && memcmp(s + i, pairs[k], l) == 0)
            return l;
    }
    if (s[i] == '.' || s[i] == '-' || s[i] == '*' || s[i] == '=' || s[i] == '_' || s[i] == '<'
        || s[i] == '>') {
        while (j < n && s[j] == s[i])
            j++;
    } else if (s[i] == '!' || s[i] == '?') {   /* !!! ?! ?. */
        while (j < n && (s[j] == '!' || s[j] == '?' || s[j] == '.'))
            j++;
    } else if (s[i] == '$') {   /* $$$ */
        while (j < n && s[j] == '$')
            j++;
    }
    if (s[i] == '.' && j - i == 1 && j < n && (s[j] == '?' || s[j] == '!'))
        while (j < n && (s[j] == '!' || s[j] == '?'))   /* .? */
            j++;
    return j - i >= 2 ? j - i : 0;
}

/* ---- the scanner --------------------------------------------------------- */

int kh_tokenize(const char *s, size_t n, kh_toks *out)
{
    size_t i = 0;
    int nl = 0, space = 1;
    fused_index fx;
    fused_index_build(&fx);
    while (i < n) {
        int32_t c;
        int len = cp_at(s, n, i, &c);
        int cls = kh_norm_class_fast(c);
        if (cls == KH_C_SPACE) {
            i += (size_t)len;
            space = 1;
            continue;
        }
        if (cls == KH_C_NEWLINE) {
            if (!(c == '\r' && i + 1 < n && s[i + 1] == '\n'))
                nl++;
            i += (size_t)len;
            space = 1;
            continue;
        }
        size_t first = out->n, l, end;
        if ((l = match_url(s, n, i)) > 0) {
            if (!push(out, i, i + l, KH_TOK_URL))
                return -1;
            end = i + l;
        } else if (is_alnum_class(cls) && (l = match_email(s, n, i)) > 0) {
            if (!push(out, i, i + l, KH_TOK_EMAIL))
                return -1;
            end = i + l;
        } else if ((l = match_handle(s, n, i)) > 0) {
            if (!push(out, i, i + l, s[i] == '@' ? KH_TOK_MENTION : KH_TOK_HASHTAG))
                return -1;
            end = i + l;
        } else if (is_alnum_class(cls)) {
            if (scan_word(s, n, i, &end, out, &fx) < 0)
                return -1;
        } else if ((l = match_emoticon(s, n, i, space)) > 0) {
            if (!push(out, i, i + l, KH_TOK_EMOTICON))
                return -1;
            end = i + l;
        } else if ((l = match_punct_run(s, n, i)) > 0) {
            if (!push(out, i, i + l, KH_TOK_PUNCT))
                return -1;
            end = i + l;
        } else {
            /* one character, with any combining marks that follow it */
            end = i + (size_t)len;
            for (;;) {
                int32_t m;
                int ml = cp_at(s, n, end, &m);
                if (!ml || kh_norm_class_fast(m) != KH_C_MARK)
                    break;
                end += (size_t)ml;
            }
            int kind = (cls == KH_C_OTHER && strchr("$%&+<>=^|~#@", (int)c) && c < 0x80)
                       ? KH_TOK_SYM : KH_TOK_PUNCT;
            if (!push(out, i, end, kind))
                return -1;
        }
        if (out->n > first) {
            out->v[first].nl = (uint8_t)(nl > 2 ? 2 : nl);
            out->v[first].space = (uint8_t)space;
        }
        nl = 0;
        space = 0;
        i = end;
    }
    return 0;
}
