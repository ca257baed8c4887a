/* names.c - name-variant matching across transliterations (see names.h).
 *
 * A name goes through three steps, once (kh_names_prepare):
 *   1. fold: UTF-8 to lower-case ASCII letters (diacritics stripped, apostrophes
 *      of ain/hamza dropped, anything else a token separator); plain ASCII, the
 *      common case, is folded directly, only other text goes through utf8proc;
 *   2. tokens: titles and honorifics dropped from the front, particles dropped
 *      (al-, el-, de, van...), "bin/ibn/ben" dropped but the following token
 *      marked as a patronym, the forms of "Abd al-" joined into one token;
 *   3. units: each token rewritten as a string of sound units (digraphs folded,
 *      doubled consonants collapsed, vowel runs reduced to one unit).
 * Two prepared names match when their blocking keys agree and the tokens of the
 * shorter are an ordered subsequence of the longer's with the same last token,
 * each pair within an edit budget that grows with the token's length. Word lists
 * are sorted tables searched by bisection. Everything lives on the stack. */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum {
    NAME_MAX_BYTES = 256, /* folded bytes kept from one name */
    TOK_MAX = 48,         /* bytes of one token */
    TOKS_MAX = KH_NAME_TOKS
};

/* ---- step 1: fold to ASCII ------------------------------------------------ */

/* Letters outside ASCII that do not decompose into a letter and a mark. */
static const char *fold_special(utf8proc_int32_t c)
{
    switch (c) {
    case 0x0131: return "i";   /* dotless i (Turkish) */
    case 0x00F8: return "o";   /* o with stroke */
    case 0x0142: return "l";   /* l with stroke */
    case 0x00DF: return "ss";
    case 0x00E6: return "ae";
    case 0x0153: return "oe";
    case 0x0111: case 0x00F0: return "d";
    case 0x00FE: return "th";
    default: return NULL;
    }
}

/* Apostrophe-like marks inside a word (ain, hamza, okina) join rather than split. */
static int is_joiner(utf8proc_int32_t c)
{
    return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 || c == 0x02BF ||
           c == 0x02BE || c == 0x02BC || c == 0x02BB;
}

/* Appends code point c (already case-folded, marks stripped) to out; *o is the length. */
static void fold_char(utf8proc_int32_t c, char *out, size_t *o, size_t n)
{
    const char *sp;
    if (c >= 'a' && c <= 'z')
        out[(*o)++] = (char)c;
    else if (c >= 'A' && c <= 'Z')
        out[(*o)++] = (char)(c | 0x20);
    else if (is_joiner(c))
        return;
    else if (c == '-' || c == 0x2010 || c == 0x2011)
        out[(*o)++] = '-';
    else if ((sp = fold_special(c)) != NULL) {
        while (*sp && *o + 3 < n)
            out[(*o)++] = *sp++;
    } else if (*o > 0 && out[*o - 1] != ' ')
        out[(*o)++] = ' ';
}

/* Writes the folded name into out: letters, ' ' between tokens, '-' for a hyphen. */
static void fold_name(const char *in, char *out, size_t n)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p && *p < 0x80)
        p++;
    if (!*p) {   /* ASCII: case folding is the whole normalisation */
        for (p = (const unsigned char *)in; *p && o + 3 < n; p++)
            fold_char(*p, out, &o, n);
        out[o] = '\0';
        return;
    }
    out[0] = '\0';
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)in, 0, &m,
                                        UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                        UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                        UTF8PROC_CASEFOLD);
    if (len < 0 || !m)
        return;   /* invalid UTF-8 or no memory: no letters, so no match */
    utf8proc_ssize_t i = 0;
    while (i < len && o + 3 < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(m + i, len - i, &c);
        if (k <= 0)
            break;
        i += k;
        fold_char(c, out, &o, n);
    }
    out[o] = '\0';
    free(m);
}

/* ---- step 2: tokens ------------------------------------------------------- */

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* 1 when w is in list, a table of n words in strcmp order. */
static int in_sorted(const char *w, const char *const *list, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(w, list[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* Titles dropped from the front of a name. Given names that double as titles
 * ("Amir", "Sultan") are deliberately absent. Kept in strcmp order. */
static const char *const honorifics[] = {
    "acting", "adm", "admiral", "ambassador", "archbishop", "ayatollah", "bishop", "brig",
    "brigadier", "capt", "captain", "cardinal", "chairman", "chairwoman", "chancellor",
    "chief", "cmdr", "col", "colonel", "commander", "comrade", "congressman",
    "congresswoman", "crown", "dame", "daw", "defence", "defense", "deputy", "dr", "emir",
    "envoy", "excellency", "father", "field", "finance", "foreign", "former", "gen",
    "general", "gov", "governor", "grand", "haji", "hajji", "her", "highness", "his",
    "hojatoleslam", "hojjatoleslam", "hrh", "imam", "interior", "judge", "justice", "king",
    "lady", "late", "leader", "lieutenant", "lord", "lt", "maj", "majesty", "major",
    "marshal", "marshall", "mayor", "mian", "minister", "miss", "mp", "mr", "mrs", "ms",
    "mullah", "of", "pope", "premier", "president", "prime", "prince", "princess", "prof",
    "professor", "queen", "rep", "representative", "rev", "reverend", "sayed", "sayyed",
    "sayyid", "secretary", "sen", "senator", "senior", "sergeant", "seyed", "seyyed", "sgt",
    "shaikh", "shaykh", "sheik", "sheikh", "sheikha", "sir", "speaker", "state", "supreme",
    "syed", "the", "u", "vice"
};

/* Particles that carry no identity: the Arabic article and European particles. */
static const char *const particles[] = {
    "al", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "el",
    "ol", "ter", "ul", "van", "von"
};

/* The Arabic article assimilated to a sun letter, dropped only when hyphenated. */
static const char *const sun_articles[] = {
    "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "esh",
    "et", "ez"
};

static const char *const patronymics[] = { "ben", "bin", "bint", "binti", "ibn" };

/* Suffixes must agree: Donald Trump is not Donald Trump Jr., Mohammed VI not V. */
static const char *const suffixes[] = {
    "i", "ii", "iii", "iv", "ix", "jr", "sr", "v", "vi", "vii", "viii", "x"
};

/* Letters after a name, dropped from its end ("David Lammy MP"). */
static const char *const post_nominals[] = { "kc", "mep", "mp", "qc" };

static int is_honorific(const char *w) { return in_sorted(w, honorifics, COUNT(honorifics)); }
static int is_particle(const char *w) { return in_sorted(w, particles, COUNT(particles)); }
static int is_sun_article(const char *w) { return in_sorted(w, sun_articles, COUNT(sun_articles)); }
static int is_suffix(const char *w) { return in_sorted(w, suffixes, COUNT(suffixes)); }
static int is_post_nominal(const char *w) { return in_sorted(w, post_nominals, COUNT(post_nominals)); }

static int is_patronymic(const char *w)
{
    return (w[0] == 'b' || w[0] == 'i') && in_sorted(w, patronymics, COUNT(patronymics));
}

static int is_vowel(int c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* English short forms of given names, read as the full name ("Joe Biden" is
 * "Joseph Biden"). Transliteration variants need no table; these do. Kept in
 * strcmp order of the short form. */
static const struct { const char *nick, *full; } nicknames[] = {
    { "alex", "alexander" }, { "andy", "andrew" }, { "ash", "ashton" }, { "ben", "benjamin" },
    { "beth", "elizabeth" }, { "bibi", "benjamin" }, { "bill", "william" }, { "bob", "robert" },
    { "cathy", "catherine" }, { "charlie", "charles" }, { "chris", "christopher" },
    { "chuck", "charles" }, { "dan", "daniel" }, { "dave", "david" }, { "dick", "richard" },
    { "don", "donald" }, { "ed", "edward" }, { "greg", "gregory" }, { "hank", "henry" },
    { "jeff", "jeffrey" }, { "jen", "jennifer" }, { "jim", "james" }, { "jimmy", "james" },
    { "joe", "joseph" }, { "jon", "jonathan" }, { "kate", "katherine" }, { "larry", "lawrence" },
    { "liz", "elizabeth" }, { "matt", "matthew" }, { "mike", "michael" }, { "nick", "nicholas" },
    { "pete", "peter" }, { "rick", "richard" }, { "rob", "robert" }, { "ron", "ronald" },
    { "sam", "samuel" }, { "sasha", "alexander" }, { "stephen", "steven" },
    { "steve", "steven" }, { "ted", "edward" }, { "tom", "thomas" }, { "tony", "anthony" },
    { "will", "william" }
};

static void fold_nickname(char *w)
{
    size_t lo = 0, hi = COUNT(nicknames);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(w, nicknames[mid].nick);
        if (c == 0) {
            snprintf(w, TOK_MAX, "%s", nicknames[mid].full);
            return;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
}

/* Writes "abdal" + rest into w (a TOK_MAX buffer), truncating. */
static void set_abdal(char *w, const char *rest)
{
    char tmp[TOK_MAX];
    size_t k = strlen(rest);
    if (k > TOK_MAX - 6)
        k = TOK_MAX - 6;
    memcpy(tmp, "abdal", 5);
    memcpy(tmp + 5, rest, k);
    tmp[5 + k] = '\0';
    memcpy(w, tmp, 6 + k);
}

/* "Abdel", "Abdul", "Abd al", "Abdur-Rahman": one servant-of prefix "abdal". */
static void fold_abd(char *w)
{
    if (strncmp(w, "abd", 3) != 0 || !is_vowel((unsigned char)w[3]))
        return;
    const char *rest;
    if (w[4] == 'l')
        rest = w + 5;                              /* abdel-, abdul-, abdal- */
    else if (w[4] && w[5] == w[4] && !is_vowel((unsigned char)w[4]))
        rest = w + 5;                              /* abdur-rahman, abdus-salam */
    else
        return;
    set_abdal(w, rest);
}

static int is_abd(const char *w)
{
    return strcmp(w, "abd") == 0 || strcmp(w, "abdel") == 0 || strcmp(w, "abdul") == 0 ||
           strcmp(w, "abdal") == 0;
}

/* Splits the folded name into raw words; hyph[i] says word i was followed by '-'. */
static int split_words(const char *f, char words[][TOK_MAX], int *hyph, int max)
{
    int n = 0;
    const char *p = f;
    while (*p && n < max) {
        while (*p == ' ' || *p == '-')
            p++;
        if (!*p)
            break;
        size_t k = 0;
        while (p[k] && p[k] != ' ' && p[k] != '-')
            k++;
        size_t c = k < TOK_MAX - 1 ? k : TOK_MAX - 1;
        memcpy(words[n], p, c);
        words[n][c] = '\0';
        hyph[n] = p[k] == '-';
        n++;
        p += k;
    }
    return n;
}

static size_t units_of(const char *raw, char *u);
static int unit_distance(const char *a, size_t la, const char *b, size_t lb, int limit);
static void key_of(kh_name_prep *p);

/* Appends one token (its folded word) to p; 0 when the unit buffer is full. */
static int add_token(kh_name_prep *p, char *word, int patron, size_t *used)
{
    char raw[TOK_MAX], u[TOK_MAX];
    memcpy(raw, word, strlen(word) + 1);
    fold_abd(raw);
    fold_nickname(raw);
    size_t ul = units_of(raw, u);
    if (*used + ul + 1 > KH_NAME_UNITS)
        return 0;
    kh_name_tok *t = &p->t[p->n];
    t->off = (uint8_t)*used;
    t->len = (uint8_t)ul;
    t->first = raw[0];
    t->flags = (uint8_t)((raw[1] == '\0' ? KH_NAME_INITIAL : 0) | (patron ? KH_NAME_PATRONYM : 0));
    memcpy(p->units + *used, u, ul + 1);
    *used += ul + 1;
    /* A leading Mohammad that Iranian and Arab names often drop ("Javad Zarif"). Every
     * edit costs at least a half, and only h and y are cheap to insert before the m. */
    if (p->n == 0 && !(t->flags & KH_NAME_INITIAL) && (u[0] == 'm' || u[0] == 'h' || u[0] == 'y') &&
        ul >= 5 && ul <= 9 &&
        unit_distance(u, ul, "mohamed", 7, 2) <= 2)
        t->flags |= KH_NAME_MOHAMMAD;
    p->n++;
    return 1;
}

/* "bin Hamad Al Thani": after a patronym, "Al X" is a house name that reports often
 * leave out; the patronym then serves as the family name. The patronym's name may be
 * written in two or three words ("bin Abdul Rahman Al Thani", "bin Abd al Rahman"). */
static int house_name(char w[][TOK_MAX], int i, int n)
{
    if (n < i + 4 || strcmp(w[n - 2], "al") != 0)
        return 0;
    int k = n - 4;
    if (k - 1 >= i && is_abd(w[k]))
        k--;
    else if (k - 2 >= i && is_particle(w[k]) && is_abd(w[k - 1]))
        k -= 2;
    return is_patronymic(w[k]);
}

int kh_names_prepare(const char *name, kh_name_prep *out)
{
    char f[NAME_MAX_BYTES];
    char w[TOKS_MAX][TOK_MAX];
    int hyph[TOKS_MAX];
    memset(out, 0, sizeof *out);
    if (!name)
        return 0;
    fold_name(name, f, sizeof f);
    int n = split_words(f, w, hyph, TOKS_MAX);
    int i = 0;
    while (i < n - 1 && is_honorific(w[i]))
        i++;
    if (n > i + 1 && is_post_nominal(w[n - 1]))
        n--;
    if (n > i + 1 && is_suffix(w[n - 1])) {
        memcpy(out->suffix, w[n - 1], strlen(w[n - 1]) + 1);
        n--;
    }
    out->house = (uint8_t)house_name(w, i, n);
    int patron = 0;
    size_t used = 0;
    for (; i < n; i++) {
        char *word = w[i];
        if (out->n > 0 && i + 1 < n && is_patronymic(word)) {   /* not "Ben Wallace" */
            patron = 1;
            continue;
        }
        int last = i == n - 1;
        if (!last && (is_particle(word) || (hyph[i] && is_sun_article(word))))
            continue;
        /* "Abd al-Aziz", "Abdel Aziz": the prefix joins the next word. */
        if (!last && word[0] == 'a' && is_abd(word)) {
            int j = i + 1;
            if (j < n - 1 && is_particle(w[j]))
                j++;
            set_abdal(w[j], w[j]);
            i = j - 1;
            continue;
        }
        if (out->n == TOKS_MAX || !add_token(out, word, patron, &used))
            break;
        patron = 0;
    }
    key_of(out);
    return out->n;
}

/* ---- step 3: sound units -------------------------------------------------- */

/* Reduces a vowel run to units: close spellings of one sound become one unit.
 * Pairs fold from the left ("oua" -> "ua"); a repeated vowel counts once. */
static size_t vowel_run(const char *r, size_t k, char *u)
{
    static const struct { char a, b, to; } pairs[] = {
        {'o','u','u'}, {'o','o','u'}, {'u','o','u'}, {'e','i','i'}, {'i','e','i'},
        {'a','i','e'}, {'a','e','e'}, {'o','i','o'}, {'a','u','o'}, {0,0,0}
    };
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        char c = r[i];
        if (n > 0 && u[n - 1] == c)
            continue;
        int folded = 0;
        for (int p = 0; n > 0 && pairs[p].a; p++)
            if (pairs[p].a == u[n - 1] && pairs[p].b == c) {
                u[n - 1] = pairs[p].to;
                folded = 1;
                break;
            }
        if (!folded && n < 2)
            u[n++] = c;
        else if (!folded)
            u[n - 1] = c;   /* long runs keep their first and last sound */
    }
    return n;
}

/* Consonant digraphs (longest first) fold to one unit; upper-case units are
 * H kh, S sh, C ch, Z zh. Writes the unit(s) at r into s, returns the bytes of
 * r used (0: not a digraph). */
static size_t digraph(const char *r, char *s, size_t *o)
{
    const char *to = NULL;
    size_t k = 2;
    switch (r[0]) {
    case 'd':
        if (r[1] == 'z' && r[2] == 'h') { to = "j"; k = 3; }
        else if (r[1] == 'h') to = "d";
        else if (r[1] == 'j') to = "j";
        break;
    case 't':
        if (r[1] == 'c' && r[2] == 'h') { to = "C"; k = 3; }
        else if (r[1] == 'h') to = "t";
        break;
    case 's':
        if (r[1] == 'c' && r[2] == 'h') { to = "S"; k = 3; }
        else if (r[1] == 'h') to = "S";
        break;
    case 'k': if (r[1] == 'h') to = "H"; break;
    case 'c':
        if (r[1] == 'h') to = "C";
        else if (r[1] == 'k') to = "k";
        break;
    case 'z': if (r[1] == 'h') to = "Z"; break;
    case 'g': if (r[1] == 'h') to = "q"; break;
    case 'p': if (r[1] == 'h') to = "f"; break;
    case 'x': to = "ks"; k = 1; break;
    default: break;
    }
    if (!to)
        return 0;
    for (; *to; to++)
        s[(*o)++] = *to;
    return k;
}

/* Writes the units of a folded word into u (TOK_MAX bytes); returns their length. */
static size_t units_of(const char *word, char *u)
{
    char s[TOK_MAX * 2];
    char raw[TOK_MAX];
    size_t o = 0;
    size_t wl = strlen(word);
    memcpy(raw, word, wl + 1);
    /* Persian and Arabic final "-eh" is the "-a" of other spellings (Haniyeh/Haniya). */
    if (wl > 3 && raw[wl - 2] == 'e' && raw[wl - 1] == 'h') {
        raw[wl - 2] = 'a';
        raw[wl - 1] = '\0';
    }
    /* digraphs and c */
    for (size_t i = 0; raw[i] && o + 3 < sizeof s;) {
        size_t k = digraph(raw + i, s, &o);
        if (k) {
            i += k;
            continue;
        }
        char c = raw[i];
        if (c == 'c')
            c = (raw[i + 1] == 'e' || raw[i + 1] == 'i' || raw[i + 1] == 'y') ? 's' : 'k';
        else if (c == 'w')   /* "Rowhani": w closing a vowel is the vowel u */
            c = (i > 0 && is_vowel((unsigned char)raw[i - 1]) &&
                 !is_vowel((unsigned char)raw[i + 1])) ? 'u' : 'v';
        else if (c == 'y') { /* consonant before a vowel, glide between vowels, else i */
            int before = i > 0 && is_vowel((unsigned char)raw[i - 1]);
            int after = is_vowel((unsigned char)raw[i + 1]);
            if (before && after) {
                i++;
                continue;
            }
            c = after ? 'y' : 'i';
        }
        s[o++] = c;
        i++;
    }
    s[o] = '\0';
    /* vowel runs and doubled consonants */
    size_t n = 0;
    for (size_t i = 0; s[i] && n + 2 < TOK_MAX;) {
        if (is_vowel((unsigned char)s[i])) {
            size_t k = 0;
            while (is_vowel((unsigned char)s[i + k]))
                k++;
            n += vowel_run(s + i, k, u + n);
            i += k;
        } else {
            if (n == 0 || u[n - 1] != s[i])
                u[n++] = s[i];
            i++;
        }
    }
    u[n] = '\0';
    return n;
}

/* ---- distance -------------------------------------------------------------- */

/* Costs are in halves to keep the arithmetic exact. Close consonants share a
 * group: q/k/g, h/kh, t/d, s/z, j/zh/y. */
static int cons_group(char c)
{
    switch (c) {
    case 'q': case 'k': case 'g': return 1;
    case 'h': case 'H': return 2;
    case 't': case 'd': return 3;
    case 's': case 'z': return 4;
    case 'j': case 'Z': case 'y': return 5;
    default: return 0;
    }
}

static int sub_cost(char x, char y)
{
    if (x == y)
        return 0;
    int vx = is_vowel((unsigned char)x), vy = is_vowel((unsigned char)y);
    if (vx && vy) {   /* close vowels: a/e, e/i, o/u */
        int lo = x < y ? x : y, hi = x < y ? y : x;
        return (lo == 'a' && hi == 'e') || (lo == 'e' && hi == 'i') ||
               (lo == 'o' && hi == 'u') ? 1 : 2;
    }
    if (vx || vy)
        return 4;
    int g = cons_group(x);
    return g && g == cons_group(y) ? 1 : 4;
}

static int indel_cost(char c, int edge)
{
    if (c == 'h' || c == 'y')
        return 1;
    if (is_vowel((unsigned char)c))
        return edge ? 4 : 2;   /* Abbas/Abbasi, Ahmad/Ahmadi differ at the edge */
    return 4;
}

/* Weighted edit distance between unit strings, in halves; once it is sure to exceed
 * limit, some value above limit (every caller only asks d <= limit). Costs are never
 * negative, so no row's minimum is below the one before: when a row's minimum passes
 * the limit, so does the distance, and most pairs compared are different names that
 * stop after a row or two (issue 8). Equal strings are at 0 without the table. */
static int unit_distance(const char *a, size_t la, const char *b, size_t lb, int limit)
{
    int row[TOK_MAX + 1], prev[TOK_MAX + 1], ins[TOK_MAX + 1];
    if (la > TOK_MAX)
        la = TOK_MAX;
    if (lb > TOK_MAX)
        lb = TOK_MAX;
    if (la == lb && memcmp(a, b, la) == 0)
        return 0;
    prev[0] = 0;
    for (size_t j = 1; j <= lb; j++) {
        ins[j] = indel_cost(b[j - 1], j == 1 || j == lb);
        prev[j] = prev[j - 1] + ins[j];
    }
    for (size_t i = 1; i <= la; i++) {
        int del = indel_cost(a[i - 1], i == 1 || i == la);
        row[0] = prev[0] + del;
        for (size_t j = 1; j <= lb; j++) {
            int best = prev[j - 1] + sub_cost(a[i - 1], b[j - 1]);
            int d = prev[j] + del;
            int in = row[j - 1] + ins[j];
            if (d < best) best = d;
            if (in < best) best = in;
            row[j] = best;
        }
        int low = row[0];
        for (size_t j = 1; j <= lb; j++)
            if (row[j] < low)
                low = row[j];
        if (low > limit)
            return low;
        memcpy(prev, row, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

/* Budget in halves: short tokens must be identical (Said/Saad, Merz/Marz),
 * longer ones may differ by a close vowel or two. */
static int budget(size_t len)
{
    return len <= 4 ? 0 : len <= 6 ? 1 : len == 7 ? 2 : 3;
}

static const char *unit(const kh_name_prep *p, int i)
{
    return p->units + p->t[i].off;
}

/* Cost of matching token si of s against token li of l, or -1 when they are
 * different names. */
static int token_cost(const kh_name_prep *s, int si, const kh_name_prep *l, int li)
{
    const kh_name_tok *a = &s->t[si], *b = &l->t[li];
    if ((a->flags | b->flags) & KH_NAME_INITIAL)
        return a->first == b->first ? 0 : -1;
    size_t ls = a->len, ll = b->len;
    const char *ua = unit(s, si), *ub = unit(l, li);
    size_t lmax = ls > ll ? ls : ll, diff = ls > ll ? ls - ll : ll - ls;
    int bud = budget(lmax);
    /* Each unit of length difference costs at least a half: past the budget, only
     * the equal-length qaf rule below can still accept. */
    if ((int)diff <= bud) {
        int d = unit_distance(ua, ls, ub, ll, bud);
        if (d <= bud)
            return d;
    }
    if (ls != ll)
        return -1;
    /* Short names allow no vowel change (Said/Saad), but the qaf may be written
     * q, k or g (Qais/Kais), and a first o may be u (Omar/Umar). */
    if (ls <= 4) {
        for (size_t i = 0; i < ls; i++) {
            char x = ua[i], y = ub[i];
            if (x != y && !(cons_group(x) == 1 && cons_group(y) == 1) &&
                !(i == 0 && (x == 'o' || x == 'u') && (y == 'o' || y == 'u')))
                return -1;
        }
        return 1;
    }
    /* The vowel of a closing syllable is u in one spelling and e in another
     * (Yusuf/Youssef, Yunus/Younes): that one difference only. */
    for (size_t i = 0; i < ls; i++) {
        char x = ua[i], y = ub[i];
        if (x != y && !(i == ls - 2 && ((x == 'u' && y == 'e') || (x == 'e' && y == 'u'))))
            return -1;
    }
    return is_vowel((unsigned char)ua[ls - 1]) ? -1 : 2;
}

/* Concatenated units of tokens [from, to) into buf. */
static size_t concat_units(const kh_name_prep *t, int from, int to, char *buf, size_t n)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = from; i < to; i++)
        for (const char *u = unit(t, i); *u && o + 1 < n; u++)
            buf[o++] = *u;
    buf[o] = '\0';
    return o;
}

/* Given names written as one word or two ("Abubakr", "Mohammadreza"). */
static int given_joined(const kh_name_prep *s, int sn, const kh_name_prep *l, int ln, int *len)
{
    char a[TOK_MAX], b[TOK_MAX];
    if (sn < 2 || ln < 2 || (sn == 2 && ln == 2))
        return -1;
    size_t la = concat_units(s, 0, sn - 1, a, sizeof a);
    size_t lb = concat_units(l, 0, ln - 1, b, sizeof b);
    *len += (int)lb;
    if (la > lb + 1 || lb > la + 1)
        return -1;   /* within one half: at most one unit apart */
    int d = unit_distance(a, la, b, lb, 1);
    return d <= 1 ? d : -1;
}

static int is_mohammad(const kh_name_prep *p)
{
    return (p->t[0].flags & KH_NAME_MOHAMMAD) != 0;
}

/* Cost of aligning the first sn tokens of the shorter name s into the first ln
 * tokens of the longer l, or -1: same last token, the first tokens agree (or l
 * starts with a droppable Mohammad), the rest of s in order within l. */
static int align_n(const kh_name_prep *s, int sn, const kh_name_prep *l, int ln, int *len)
{
    const kh_name_tok *ls = &s->t[sn - 1], *ll = &l->t[ln - 1];
    if ((ls->flags & KH_NAME_INITIAL) || sn > ln)
        return -1;
    if (sn == 1 && (ll->flags & KH_NAME_PATRONYM) && !(ls->flags & KH_NAME_PATRONYM))
        return -1;   /* "Salman" alone is not "Mohammed bin Salman" */
    if (sn == 1 && l->house && ln == l->n)
        return -1;   /* "Al Thani" alone names a family, not a person */
    int cost = token_cost(s, sn - 1, l, ln - 1);
    if (cost < 0)
        return -1;
    *len = ll->len;
    if (sn == 1)
        return cost;
    int j = 0;
    if (token_cost(s, 0, l, 0) < 0) {
        if (ln > 2 && is_mohammad(l) && !is_mohammad(s))
            j = 1;
        else {
            int g = given_joined(s, sn, l, ln, len);
            return g < 0 ? -1 : cost + g;
        }
    }
    for (int i = 0; i < sn - 1; i++) {
        int c = -1;
        while (j < ln - 1) {
            c = token_cost(s, i, l, j);
            if (c >= 0 && (l->t[j].flags & KH_NAME_PATRONYM) == (s->t[i].flags & KH_NAME_PATRONYM))
                break;
            c = -1;
            j++;
        }
        if (c < 0) {
            int g = given_joined(s, sn, l, ln, len);
            return g < 0 ? -1 : cost + g;
        }
        cost += c;
        *len += l->t[j].len;
        j++;
    }
    return cost;
}

static int align(const kh_name_prep *s, const kh_name_prep *l, int *len)
{
    int c = align_n(s, s->n, l, l->n, len);
    if (c < 0 && l->house && !s->house && l->n >= 2)
        c = align_n(s, s->n, l, l->n - 1, len);   /* "Tamim bin Hamad" */
    if (c < 0 && s->house && !l->house && s->n >= 2)
        c = align_n(s, s->n - 1, l, l->n, len);
    return c;
}

/* ---- the API --------------------------------------------------------------- */

double kh_names_score_prepared(const kh_name_prep *a, const kh_name_prep *b)
{
    /* Matching names share a blocking key: the cheapest test goes first. */
    if (!a || !b || a->n == 0 || b->n == 0 || strcmp(a->key, b->key) != 0 ||
        strcmp(a->suffix, b->suffix) != 0)
        return 0.0;
    const kh_name_prep *s = a->n <= b->n ? a : b;
    const kh_name_prep *l = a->n <= b->n ? b : a;
    int len = 0;
    int cost = align(s, l, &len);
    if (cost < 0 && a->n == b->n)
        cost = align(l, s, &len);
    if (cost < 0)
        return 0.0;
    if (len <= 0)
        return 1.0;
    double sc = 1.0 - (cost / 2.0) / (double)len;
    return sc < 0.01 ? 0.01 : sc;
}

double kh_names_score(const char *a, const char *b)
{
    kh_name_prep pa, pb;
    if (kh_names_prepare(a, &pa) == 0 || kh_names_prepare(b, &pb) == 0)
        return 0.0;
    return kh_names_score_prepared(&pa, &pb);
}

int kh_names_match(const char *a, const char *b)
{
    return kh_names_score(a, b) > 0.0;
}

int kh_names_prep_single(const kh_name_prep *p)
{
    return p->n == 1 && !(p->t[0].flags & KH_NAME_INITIAL);
}

/* The skeleton keeps consonants, folds close ones together and drops what the
 * distance lets vary cheaply (vowels, h, y), so matching names share it. The
 * family name is the last token, or the one before a house name. */
static void key_of(kh_name_prep *p)
{
    p->key[0] = '\0';
    if (p->n == 0)
        return;
    int k = p->house && p->n >= 2 ? p->n - 2 : p->n - 1;
    const char *u = unit(p, k);
    size_t o = 0;
    for (; *u && o + 1 < sizeof p->key; u++) {
        char c = *u;
        if (is_vowel((unsigned char)c) || c == 'h' || c == 'H' || c == 'y' || c == 'j' ||
            c == 'Z')
            continue;
        if (c == 'q' || c == 'g') c = 'k';
        else if (c == 'd') c = 't';
        else if (c == 'z') c = 's';
        if (o > 0 && p->key[o - 1] == c)
            continue;
        p->key[o++] = c;
    }
    p->key[o] = '\0';
}

size_t kh_names_key(const char *name, char *out, size_t n)
{
    if (!out || n == 0)
        return 0;
    out[0] = '\0';
    kh_name_prep p;
    kh_names_prepare(name, &p);
    size_t k = strlen(p.key);
    if (k > n - 1)
        k = n - 1;
    memcpy(out, p.key, k);
    out[k] = '\0';
    return k;
}
