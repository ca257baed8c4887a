/* dict_petrarch.c - loaders of the PETRARCH (Phoenix) dictionary formats.
 *
 * Verbs (CAMEO.2.0.txt): synsets "&NAME" with "+member" lines; blocks "--- NAME [code] ---";
 * verb lines "VERB {IRREGULAR FORMS} [code]" ('+' marks the verb word of a multi-word verb,
 * '_' joins words); patterns "- ... * ... [code] # note"; "~" transformations (counted).
 * Actors: "PHRASE [CODE]", "+SYNONYM", indented "[CODE date-restriction]" lines.
 * Agents: "PHRASE {PLURALS} [~CODE]" with "!MACRO! = A, B" substitutions.
 * Discards: one phrase a line, '+' = whole story. Issues: <ISSUE CATEGORY=...> sections.
 * Words are upper case in these files; matching folds case anyway. */
#include "dict_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXP 256

typedef struct pctx {
    kh_dict *d;
    const char *file;
    long line;
    kh_diag *diag;
    kh_dict_counts *c;
    int tabari;        /* TABARI files: ';' comments, <SECTION> lines, one block per verb */
    int skip_section;  /* inside a TABARI section we do not read (counted as other) */
    int in_markup;     /* inside a "<!-- ..." comment whose "-->" is still to come */
} pctx;

static void bad(pctx *x, const char *what)
{
    kh_diag_error(x->diag, x->file, x->line, "expected %s", what);
    x->c->skipped++;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\x1a')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\x1a'))
        s[--n] = '\0';
    return s;
}

/* The next line of it, as kh_dict_next_line gives it, but a markup comment line
 * ("<!-- ... -->", also written "<! -- ... -->"), which PETRARCH's files use beside '#',
 * comes back empty; one without its "-->" blanks the lines up to the one that has it. */
static int next_line(pctx *x, kh_dict_lines *it, const char **ln, size_t *n)
{
    if (!kh_dict_next_line(it, ln, n))
        return 0;
    size_t i = 0;
    while (i < *n && ((*ln)[i] == ' ' || (*ln)[i] == '\t'))
        i++;
    int opens = i + 1 < *n && (*ln)[i] == '<' && (*ln)[i + 1] == '!';
    if (opens || x->in_markup) {
        int closes = 0;
        for (size_t j = i; j + 2 < *n && !closes; j++)
            closes = (*ln)[j] == '-' && (*ln)[j + 1] == '-' && (*ln)[j + 2] == '>';
        x->in_markup = !closes;
        *n = 0;
    }
    return 1;
}

/* Cuts a comment that starts with c at the line's start or after a blank (so that
 * "[###]" and words with '#' inside stay). Returns the comment text or NULL. */
static char *cut(char *s, char c)
{
    for (char *p = s; *p; p++) {
        if (*p == c && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return trim(p + 1);
        }
    }
    return NULL;
}

/* The last "[...]" of s: returns its content (NUL-terminated in place) and cuts s there. */
static char *take_bracket(char *s)
{
    char *o = strrchr(s, '[');
    if (!o)
        return NULL;
    char *e = strchr(o, ']');
    if (!e)
        return NULL;
    *e = '\0';
    *o = '\0';
    return trim(o + 1);
}

/* "{A B C}" -> list (in place); returns count, -1 without braces, -2 malformed. */
static int take_braces(char *s, char **out, int max)
{
    char *o = strchr(s, '{');
    if (!o)
        return -1;
    char *e = strchr(o, '}');
    if (!e)
        return -2;
    *e = '\0';
    *o = '\0';
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(o + 1, " \t", &save); t && n < max; t = strtok_r(NULL, " \t", &save))
        out[n++] = t;
    return n;
}

/* ---- verbs ------------------------------------------------------------------------------- */

static int32_t plus_head(char *w)
{
    int32_t word = 0;
    for (char *p = w; *p; p++) {
        if (*p == '_' || *p == ' ')
            word++;
        if (*p == '+') {
            memmove(p, p + 1, strlen(p));
            return word;
        }
    }
    return 0;
}

static int add_elem(kh_dict *d, kh_pat_elem *el, int *n, int max, const char *t, size_t len,
                    uint8_t flags, int16_t group)
{
    if (*n >= max || len == 0)
        return len == 0 ? 0 : -1;
    kh_pat_elem *e = &el[(*n)++];
    memset(e, 0, sizeof *e);
    e->flags = flags;
    e->group = group;
    if (len == 1 && *t == '*') e->kind = KH_PE_VERB;
    else if (len == 1 && *t == '+') e->kind = KH_PE_TARGET;
    else if (len == 1 && *t == '$') e->kind = KH_PE_SOURCE;
    else if (len == 1 && *t == '%') e->kind = KH_PE_BOTH;
    else if (len == 1 && *t == '^') e->kind = KH_PE_SKIP;
    else if (*t == '&') e->kind = KH_PE_SYNSET;
    else {
        e->kind = KH_PE_WORD;
        if (!(e->word = kh_dict_intern(d, t, len)))
            return -2;
    }
    char low[256];
    long m = kh_trie_fold(t, len, low, sizeof low);
    if (m < 0 || !(e->text = kh_dict_strn(d, low, (size_t)m)))
        return -2;
    return 0;
}

/* add_elem, with a word ending in "n't" split as the tokenizer splits it ("DIDN'T" is
 * "did" then "n't" right after it). */
static int add_word_elems(kh_dict *d, kh_pat_elem *el, int *n, int max, const char *t, size_t len,
                          uint8_t flags, int16_t group)
{
    if (len > 3 && *t != '&' && strncasecmp(t + len - 3, "n't", 3) == 0) {
        int r = add_elem(d, el, n, max, t, len - 3, (uint8_t)(flags | KH_PE_CLOSED), group);
        if (r < 0)
            return r;
        flags = (uint8_t)((flags & ~KH_PE_PREP) | KH_PE_NEXT);
        t += len - 3;
        len = 3;
    }
    return add_elem(d, el, n, max, t, len, flags, group);
}

/* PETRARCH/TABARI pattern text (after "- ", before the code) into elements. */
static int parse_pattern(kh_dict *d, char *s, kh_pat_elem *el, int max)
{
    int n = 0, depth_np = 0, depth_pp = 0, first_in_pp = 0;
    int16_t group = 0, cur = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        while (*t == '(' || *t == '{') {
            if (*t == '(') { depth_pp++; first_in_pp = 1; }
            else depth_np++;
            if (!cur)
                cur = ++group;
            t++;
        }
        size_t len = strlen(t);
        int close_np = 0, close_pp = 0;
        while (len > 0 && (t[len - 1] == ')' || t[len - 1] == '}')) {
            if (t[len - 1] == ')') close_pp++; else close_np++;
            len--;
        }
        t[len] = '\0';
        /* '_' joins words that must be consecutive (and marks the word before it closed,
         * for TABARI); TABARI's '~' joins them leaving the word before it open */
        int firstpart = 1;
        for (char *p = t; *p || firstpart;) {
            char *u = strpbrk(p, "_~");
            size_t pl = u ? (size_t)(u - p) : strlen(p);
            int last_part = !u;
            uint8_t fl = (uint8_t)((firstpart ? 0 : KH_PE_NEXT) | (depth_np ? KH_PE_NP : 0) |
                                   (depth_pp ? KH_PE_PP : 0) | (u && *u == '_' ? KH_PE_CLOSED : 0));
            if (first_in_pp && pl > 0) {
                fl |= KH_PE_PREP;
                first_in_pp = 0;
            }
            if (depth_np && close_np && last_part)
                fl |= KH_PE_HEAD;
            int r = add_word_elems(d, el, &n, max, p, pl, fl, (depth_np || depth_pp) ? cur : 0);
            if (r < 0)
                return r;
            firstpart = 0;
            if (!u)
                break;
            p = u + 1;
        }
        depth_np -= close_np;
        depth_pp -= close_pp;
        if (depth_np < 0 || depth_pp < 0)
            return -1;
        if (!depth_np && !depth_pp)
            cur = 0;
    }
    return (depth_np || depth_pp) ? -1 : n;
}

/* TABARI connectors at the text level: "XXXX~ YYYY" (YYYY follows immediately, XXXX
 * stays open) becomes "XXXX~YYYY"; runs of '_' become one. In place. */
static void tabari_connectors(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '~' && (p[1] == ' ' || p[1] == '_' || p[1] == '\0')) {
            *o++ = '~';
            while (p[1] == ' ' || p[1] == '_')
                p++;
            continue;
        }
        if (*p == '_' && o > s && o[-1] == '_')
            continue;
        *o++ = *p;
    }
    *o = '\0';
}

/* Expands the first TABARI alternative "{ A | B }" of text (a brace group holding '|'):
 * writes up to max variants (malloc'd) and returns their count; 0 when text has none,
 * -1 when malformed, -2 out of memory. */
static int expand_alt(const char *text, char **out, int max)
{
    for (const char *o = strchr(text, '{'); o; o = strchr(o + 1, '{')) {
        const char *e = strchr(o, '}');
        if (!e)
            return -1;
        const char *bar = memchr(o, '|', (size_t)(e - o));
        if (!bar)
            continue;
        int n = 0;
        const char *p = o + 1;
        for (;;) {
            const char *q = memchr(p, '|', (size_t)(e - p));
            const char *end = q ? q : e;
            while (p < end && *p == ' ')
                p++;
            size_t al = (size_t)(end - p);
            while (al > 0 && p[al - 1] == ' ')
                al--;
            size_t pre = (size_t)(o - text), post = strlen(e + 1);
            if (n >= max)
                return n;
            char *v = malloc(pre + al + post + 3);
            if (!v)
                return -2;
            /* "DEMAND_{ A | B }_X": the connectors join the alternative to its neighbours */
            size_t k = 0;
            memcpy(v, text, pre);
            k = pre;
            if (pre == 0 || text[pre - 1] != '_')
                v[k++] = ' ';
            memcpy(v + k, p, al);
            k += al;
            if (e[1] != '_')
                v[k++] = ' ';
            memcpy(v + k, e + 1, post + 1);
            out[n++] = v;
            if (!q)
                break;
            p = q + 1;
        }
        return n;
    }
    return 0;
}

int kh_dict_parse_pattern(kh_dict *d, const char *text, kh_pat_elem *el, int max, int32_t *ns, int maxalt)
{
    char *vars[64];
    int nv = 1, r = 0;
    if (maxalt > 64)
        maxalt = 64;
    if (!(vars[0] = strdup(text)))
        return -2;
    /* expand alternatives until none is left (each round expands one group of each variant) */
    for (int i = 0; i < nv && r == 0;) {
        char *sub[64];
        int k = expand_alt(vars[i], sub, maxalt - nv + 1 > 0 ? maxalt - nv + 1 : 1);
        if (k < 0) {
            r = k;
            break;
        }
        if (k == 0) {
            i++;
            continue;
        }
        free(vars[i]);
        vars[i] = sub[0];
        for (int j = 1; j < k; j++) {
            if (nv < maxalt)
                vars[nv++] = sub[j];
            else
                free(sub[j]);
        }
    }
    for (int i = 0; i < nv && r == 0; i++) {
        tabari_connectors(vars[i]);
        int n = parse_pattern(d, vars[i], el + (size_t)i * (size_t)max, max);
        if (n == -2 || n <= 0)
            r = n == -2 ? -2 : -1;
        else
            ns[i] = n;
    }
    for (int i = 0; i < nv; i++)
        free(vars[i]);
    return r < 0 ? r : nv;
}

typedef struct vstate {
    kh_verb_block *block;
    int in_synset;
    char *syn_name;
    char **members;
    uint8_t *gen;                /* gen[i]: members[i] is a generated plural */
    int nmembers, capmembers;
    long syn_line;
    int no_plurals;
    int in_time;                 /* TABARI <TIME> section */
} vstate;

static int flush_synset(pctx *x, vstate *v)
{
    if (!v->in_synset)
        return 0;
    v->in_synset = 0;
    int r = kh_dict_add_synset_ex(x->d, v->syn_name, (const char *const *)v->members, v->nmembers,
                                  v->gen, x->file, v->syn_line, x->tabari);
    for (int i = 0; i < v->nmembers; i++)
        free(v->members[i]);
    free(v->syn_name);
    v->syn_name = NULL;
    v->nmembers = 0;
    return r;
}

static int synset_member(pctx *x, vstate *v, const char *m)
{
    size_t n = strlen(m);
    int no_plural = v->no_plurals || (n > 0 && m[n - 1] == '_');
    const char *forms[4];
    int k = 1;
    forms[0] = m;
    if (!no_plural)
        k += kh_dict_noun_plural(x->d, m, forms + 1, 3);
    x->c->synset_members++;
    for (int i = 0; i < k; i++) {
        if (v->nmembers + 1 > v->capmembers) {
            int nc = v->capmembers ? v->capmembers * 2 : 32;
            char **q = realloc(v->members, (size_t)nc * sizeof *q);
            if (!q)
                return -1;
            v->members = q;
            uint8_t *g = realloc(v->gen, (size_t)nc);
            if (!g)
                return -1;
            v->gen = g;
            v->capmembers = nc;
        }
        if (!(v->members[v->nmembers] = strdup(forms[i])))
            return -1;
        v->gen[v->nmembers] = (uint8_t)(i > 0);
        v->nmembers++;
    }
    return 0;
}

/* TABARI "BAN=": no regular endings. Returns 1 when the mark was there (removed). */
static int no_endings_mark(char *w)
{
    size_t n = strlen(w);
    if (n > 1 && w[n - 1] == '=') {
        w[n - 1] = '\0';
        return 1;
    }
    return 0;
}

/* TABARI: how a one-word verb form written as f matches (manual 5.2.2, 5.2.3): "BAN="
 * only itself, "DEPART_" with the regular endings, "CONTRIBUT" as a stem. A form of
 * several words matches as written (KH_WEND_NONE). */
static uint8_t tabari_verb_end(const char *f)
{
    size_t n = strlen(f);
    while (n > 0 && f[n - 1] == ' ')
        n--;
    int mark = 0;
    if (n > 1 && f[n - 1] == '=')
        mark = '=', n--;
    while (n > 1 && f[n - 1] == '_')
        mark = '_', n--;
    if (n == 0 || memchr(f, '_', n) || memchr(f, ' ', n) || memchr(f, '+', n))
        return KH_WEND_NONE;
    return mark == '=' ? KH_WEND_EXACT : mark == '_' ? KH_WEND_REGULAR : KH_WEND_STEM;
}

/* A verb line; irr_line (may be NULL) is TABARI's "{FORMS}" line that follows it. */
static int verb_line(pctx *x, vstate *v, char *s, char *irr_line)
{
    char *irr[64];
    const char *code = NULL, *code2 = NULL;
    uint8_t sp = 0, rank = 0;
    int has_code = 0;
    char *cb = take_bracket(s);
    if (cb) {
        if (kh_dict_parse_ecode_rank(x->d, cb, strlen(cb), &code, &code2, &sp, &rank) < 0) {
            bad(x, "a verb code [CODE]");
            return 0;
        }
        has_code = 1;
    }
    int ni = take_braces(irr_line ? irr_line : s, irr, 63);
    if (ni == -2) {
        bad(x, "irregular forms in {...}");
        return 0;
    }
    char *w = trim(s);
    if (!*w) {
        bad(x, "a verb (words joined by '_') on the line");
        return 0;
    }
    if (!v->block) {
        bad(x, "a '--- NAME [code] ---' block line before verbs");
        return 0;
    }
    uint8_t ends[65];
    ends[0] = tabari_verb_end(w);
    int noend = x->tabari && no_endings_mark(w);
    int32_t head = plus_head(w);
    const char *forms[65];
    forms[0] = w;
    for (int i = 0; i < ni && ni > 0; i++) {
        ends[1 + i] = tabari_verb_end(irr[i]);
        if (x->tabari && ends[1 + i] == KH_WEND_EXACT)
            no_endings_mark(irr[i]);
        plus_head(irr[i]);
        forms[1 + i] = irr[i];
    }
    int nforms = 1 + (ni > 0 ? ni : 0);
    /* PETRARCH: braces replace the regular forms; TABARI adds them to the regular ones
     * unless the verb ends in '=' (manual 5.2.3, 5.5.1) */
    int regular = x->tabari ? !noend : ni < 0;
    kh_verb *vb = kh_dict_block_verb(x->d, v->block, forms, nforms, regular, head, code, code2,
                                     has_code, sp, 0, x->file, x->line);
    if (!vb)
        return -1;
    vb->rank = has_code ? rank : v->block->rank;
    vb->no_endings = (uint8_t)!regular;
    /* TABARI: a blank between two words of a verb lets others stand between them */
    vb->gapped = (uint8_t)(x->tabari && strchr(w, ' ') != NULL);
    if (x->tabari && kh_dict_set_verb_ends(x->d, vb, ends, nforms) < 0)
        return -1;
    x->c->verbs++;
    return 0;
}

static int pattern_line(pctx *x, vstate *v, char *s, const char *note)
{
    enum { MAXE = 64, MAXALT = 16 };
    kh_pat_elem *el = malloc(sizeof *el * MAXE * MAXALT);
    int32_t ns[MAXALT];
    const char *code, *code2;
    uint8_t sp, rank = 0;
    int r = 0;
    if (!el)
        return -1;
    char *cb = take_bracket(s);
    int bad_code = !cb;
    if (cb && v->block && v->block->time)
        bad_code = kh_dict_parse_tcode(x->d, cb, strlen(cb), &code, &sp) < 0, code2 = NULL;
    else if (cb)
        bad_code = kh_dict_parse_ecode_rank(x->d, cb, strlen(cb), &code, &code2, &sp, &rank) < 0;
    char *body = trim(s + 1);
    const char *text = kh_dict_str(x->d, body);
    int n = 0;
    if (x->tabari)
        kh_dict_tabari_hyphens(body);
    if (bad_code) {
        bad(x, "a pattern code [CODE] at the end of the pattern");
    } else if (!v->block) {
        bad(x, "a verb block before its patterns");
    } else if (!text || (n = kh_dict_parse_pattern(x->d, body, el, MAXE, ns, MAXALT)) == -2) {
        r = -1;
    } else if (n <= 0) {
        bad(x, "pattern elements with balanced (...) and {...}");
    } else {
        for (int k = 0; k < n && x->tabari; k++)
            kh_dict_tabari_words(el + (size_t)k * MAXE, ns[k]);
        r = kh_dict_block_patterns(x->d, v->block, el, MAXE, ns, n, code, code2, sp, rank, text, note,
                                   x->file, x->line);
        /* TABARI tries its patterns by their length in letters (manual 5.7.1) */
        for (int k = 0; r == 0 && x->tabari && k < n; k++)
            ((kh_pattern *)v->block->patterns)[v->block->npatterns - 1 - k].by_chars = 1;
        x->c->patterns++;
    }
    free(el);
    return r;
}

static int block_line(pctx *x, vstate *v, char *s)
{
    const char *code = NULL, *code2 = NULL;
    uint8_t sp = KH_CODE_NONE, rank = 0;
    char *body = trim(s + 3);
    size_t n = strlen(body);
    if (n >= 3 && strcmp(body + n - 3, "---") == 0)
        body[n - 3] = '\0';
    char *cb = take_bracket(body);
    if (cb && kh_dict_parse_ecode_rank(x->d, cb, strlen(cb), &code, &code2, &sp, &rank) < 0) {
        bad(x, "'--- NAME [CODE] ---'");
        return 0;
    }
    v->block = kh_dict_block_begin(x->d, trim(body), code, code2, sp, x->file, x->line);
    if (!v->block)
        return -1;
    v->block->rank = rank;
    v->block->has_name = 1;
    x->c->verb_blocks++;
    return 0;
}

/* TABARI: a <TIME> phrase line "LAST_WEEK [-7]" opens a time block. */
static int time_line(pctx *x, vstate *v, char *s)
{
    const char *code = NULL;
    uint8_t sp = KH_CODE_NONE;
    char *cb = take_bracket(s);
    char *w = trim(s);
    if (!cb || !*w || kh_dict_parse_tcode(x->d, cb, strlen(cb), &code, &sp) < 0) {
        bad(x, "a time phrase with a shift in days [+7] or [---], [###], [+++]");
        v->block = NULL;
        return 0;
    }
    no_endings_mark(w);
    v->block = kh_dict_time_begin(x->d, w, code, sp, x->file, x->line);
    const char *forms[1] = {w};
    if (!v->block || !kh_dict_block_verb(x->d, v->block, forms, 1, 0, 0, code, NULL, 1, sp, 0,
                                         x->file, x->line))
        return -1;
    x->c->time_phrases++;
    return 0;
}

/* TABARI section lines of a .verbs file. Returns 1 when the line is one. */
static int verbs_section(pctx *x, vstate *v, const char *s)
{
    size_t n = strlen(s);
    if (s[0] != '<' || n < 3 || s[n - 1] != '>')
        return 0;
    v->in_time = strcmp(s, "<TIME>") == 0;
    x->skip_section = s[1] != '/' && !v->in_time && strcmp(s, "<SYNSETS>") != 0;
    v->block = NULL;
    return 1;
}

/* TABARI: the "{FORMS}" line after a verb line, when there is one (consumed). */
static char *irregular_next(kh_dict_lines *it)
{
    kh_dict_lines peek = *it;
    const char *ln;
    size_t n;
    while (kh_dict_next_line(&peek, &ln, &n)) {
        while (n > 0 && (*ln == ' ' || *ln == '\t')) {
            ln++;
            n--;
        }
        if (n == 0)
            continue;
        if (*ln != '{')
            return NULL;
        *it = peek;
        return strndup(ln, n);
    }
    return NULL;
}

static int load_verbs(pctx *x, const char *text, size_t len)
{
    kh_dict_lines it = {text, text + len, 0};
    vstate v;
    const char *ln;
    size_t n;
    int r = 0;
    memset(&v, 0, sizeof v);
    while (r == 0 && next_line(x, &it, &ln, &n)) {
        x->line = it.line;
        if (x->tabari && n >= 2 && ln[0] == '~' && ln[1] == '~')
            break;                      /* TABARI "~~FINISH": the end of the dictionary */
        char *buf = strndup(ln, n);
        if (!buf) {
            r = -1;
            break;
        }
        if (x->tabari && (buf[0] == '/' || buf[0] == '#'))
            buf[0] = '\0';
        char *note = cut(buf, '#');
        if (x->tabari && !note) {
            char *semi = strchr(buf, ';');
            if (semi) {
                *semi = '\0';
                note = trim(semi + 1);
            }
        }
        char *s = trim(buf);
        if (!*s) {
            /* blank and comment lines do not end a synset */
        } else if (x->tabari && verbs_section(x, &v, s)) {
            r = flush_synset(x, &v);
        } else if (x->tabari && x->skip_section) {
            x->c->other++;
        } else if (s[0] == '&') {
            r = flush_synset(x, &v);
            v.in_synset = 1;
            v.syn_line = x->line;
            size_t sl = strlen(s);
            v.no_plurals = sl > 0 && s[sl - 1] == '_';
            if (!(v.syn_name = strdup(s)))
                r = -1;
            x->c->synsets++;
        } else if (v.in_synset && s[0] == '+') {
            r = synset_member(x, &v, trim(s + 1));
        } else if (strncmp(s, "---", 3) == 0) {
            r = flush_synset(x, &v);
            if (r == 0)
                r = block_line(x, &v, s);
        } else if (s[0] == '-') {
            r = flush_synset(x, &v);
            if (r == 0)
                r = pattern_line(x, &v, s, note);
        } else if (s[0] == '~') {
            x->c->other++;    /* transformations: kept for counting only */
        } else if (x->tabari && v.in_time) {
            r = time_line(x, &v, s);
        } else {
            r = flush_synset(x, &v);
            char *irr = NULL;
            if (r == 0 && x->tabari) {   /* TABARI: every verb line starts its own block */
                char name[128];
                snprintf(name, sizeof name, "%.*s", (int)strcspn(s, " [{"), s);
                v.block = kh_dict_block_begin(x->d, name, NULL, NULL, KH_CODE_NONE, x->file, x->line);
                if (!v.block)
                    r = -1;
                else
                    x->c->verb_blocks++;
                long at = x->line;
                irr = irregular_next(&it);
                x->line = at;
            }
            if (r == 0)
                r = verb_line(x, &v, s, irr);
            free(irr);
        }
        free(buf);
    }
    if (r == 0)
        r = flush_synset(x, &v);
    free(v.members);
    free(v.gen);
    free(v.syn_name);
    return r;
}

/* ---- actors ------------------------------------------------------------------------------ */

typedef struct astate {
    char *phrases[MAXP];
    int nphrases;
    kh_dict_code codes[128];
    char *codestr[128];
    int ncodes;
    long line;
    int open;
} astate;

static void astate_clear(astate *a)
{
    for (int i = 0; i < a->nphrases; i++)
        free(a->phrases[i]);
    for (int i = 0; i < a->ncodes; i++)
        free(a->codestr[i]);
    a->nphrases = a->ncodes = 0;
    a->open = 0;
}

/* A blank between two words of a phrase (not only around it). */
static int inner_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    const char *b = s + strcspn(s, " \t");
    while (*b == ' ' || *b == '\t')
        b++;
    return *b != '\0';
}

static int flush_actor(pctx *x, astate *a)
{
    if (!a->open)
        return 0;
    for (int i = 0; i < a->ncodes; i++)
        a->codes[i].code = a->codestr[i];
    int32_t before = x->d->nactors;
    int r = kh_dict_add_actor(x->d, (const char *const *)a->phrases, a->nphrases, a->codes,
                              a->ncodes, NULL, x->file, a->line);
    /* TABARI: a blank between words lets others stand between them (dict_gap.c); so in
     * PETRARCH's actor files, which are TABARI's (its format notes), where a phrase has
     * a blank rather than '_' ("NORTH LANDS TELEVISION" names "North Lands state-run
     * television") */
    for (int i = 0; r == 0 && x->d->nactors > before && i < a->nphrases; i++)
        if (x->tabari || inner_blank(a->phrases[i]))
            r = kh_dict_add_gapped(x->d, before, i, a->phrases[i], x->tabari ? 0 : 4);
    astate_clear(a);
    return r;
}

/* Trailing '_' marks the end of a phrase in TABARI; words are matched whole anyway. */
static char *strip_underscores(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '_')
        s[--n] = '\0';
    return s;
}

/* "CODE", "CODE <date", "CODE >date", "CODE d1-d2" */
static int actor_code(pctx *x, astate *a, char *s)
{
    if (a->ncodes >= 128)
        return 1;
    char *sp = strchr(s, ' ');
    kh_dict_code *c = &a->codes[a->ncodes];
    memset(c, 0, sizeof *c);
    c->from = KH_DATE_MIN;
    c->to = KH_DATE_MAX;
    if (sp) {
        *sp = '\0';
        char *r = trim(sp + 1);
        c->ranged = 1;
        if (*r == '<') {
            c->to = kh_dict_date(trim(r + 1), 1);
        } else if (*r == '>') {
            c->from = kh_dict_date(trim(r + 1), 0);
        } else {
            char *dash = strchr(r, '-');
            if (!dash)
                return 1;
            *dash = '\0';
            c->from = kh_dict_date(trim(r), 0);
            c->to = kh_dict_date(trim(dash + 1), 1);
        }
        if (c->from < 0 || c->to < 0 || c->from > c->to)
            return 1;                   /* malformed, or a range that ends before it starts */
    }
    if (!*s)
        return 1;
    if (!(a->codestr[a->ncodes] = strdup(s)))
        return -1;
    a->ncodes++;
    if (c->ranged)
        x->c->actor_dated++;
    return 0;
}

/* Every "[...]" of s, left to right (TABARI puts several on a line: "[USAGOV <011214] [---]").
 * Cuts s at the first '['. Returns 0, -1 out of memory; reports malformed codes. */
static int actor_codes(pctx *x, astate *a, char *s, const char *what)
{
    char *o = strchr(s, '[');
    if (o)
        *o = '\0';
    while (o) {
        char *e = strchr(o + 1, ']');
        if (!e) {
            bad(x, what);
            return 0;
        }
        *e = '\0';
        char *next = strchr(e + 1, '[');
        int r = actor_code(x, a, trim(o + 1));
        if (r < 0)
            return -1;
        if (r > 0) {
            bad(x, what);
            return 0;
        }
        o = next;
    }
    return 0;
}

/* TABARI "MOUSE=" (no regular endings) and "ESTONIA_" (whole word): the marks go. */
static char *actor_phrase(char *s)
{
    s = trim(s);
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '=')
        s[--n] = '\0';
    return strip_underscores(s);
}

/* An actor phrase: with TABARI word ends on, the marks stay for the builder to read. */
static char *actor_phrase_ends(pctx *x, char *s)
{
    return x->d->word_ends ? trim(s) : actor_phrase(s);
}

static int load_actors(pctx *x, const char *text, size_t len)
{
    kh_dict_lines it = {text, text + len, 0};
    astate a;
    const char *ln;
    size_t n;
    int r = 0;
    kh_word_class wclass = KH_WORD_NONE;
    memset(&a, 0, sizeof a);
    while (r == 0 && next_line(x, &it, &ln, &n)) {
        x->line = it.line;
        if (x->tabari && n >= 2 && ln[0] == '~' && ln[1] == '~')
            break;                      /* TABARI "~~FINISH" */
        char *buf = strndup(ln, n);
        if (!buf) {
            r = -1;
            break;
        }
        int indented = buf[0] == '\t' || buf[0] == ' ';
        if (x->tabari && buf[0] == '/')
            buf[0] = '\0';
        cut(buf, '#');
        cut(buf, ';');
        char *s = trim(buf);
        size_t sl = strlen(s);
        if (x->tabari && sl > 2 && s[0] == '<' && s[sl - 1] == '>') {
            /* <NOUN> ... </NOUN>, <ADJECTIVE> ... </ADJECTIVE> word lists */
            r = flush_actor(x, &a);
            wclass = s[1] == '/' ? KH_WORD_NONE : strncmp(s, "<NOUN", 5) == 0 ? KH_WORD_NOUN
                   : strncmp(s, "<ADJ", 4) == 0 ? KH_WORD_ADJECTIVE : KH_WORD_NONE;
            free(buf);
            continue;
        }
        if (!*s) {
            free(buf);
            continue;
        }
        if (wclass != KH_WORD_NONE) {
            r = kh_dict_add_wordclass(x->d, actor_phrase(s), wclass, x->file, x->line);
            if (wclass == KH_WORD_NOUN)
                x->c->nouns++;
            else
                x->c->adjectives++;
        } else if (indented && s[0] == '[') {
            if (!a.open)
                bad(x, "an actor before its date-restricted codes");
            else
                r = actor_codes(x, &a, s, "[CODE], [CODE <DATE], [CODE >DATE] or [CODE DATE-DATE]");
        } else if (s[0] == '+') {
            if (!a.open) {
                bad(x, "an actor before its '+' synonyms");
            } else if (a.nphrases < MAXP) {
                r = actor_codes(x, &a, s, "[CODE] after a synonym");
                if (r == 0 && !(a.phrases[a.nphrases++] = strdup(actor_phrase_ends(x, s + 1))))
                    r = -1;
                x->c->actor_synonyms++;
            }
        } else {
            r = flush_actor(x, &a);
            a.open = 1;
            a.line = x->line;
            if (r == 0)
                r = actor_codes(x, &a, s, "[CODE] after the actor phrase");
            if (r == 0 && !(a.phrases[a.nphrases++] = strdup(actor_phrase_ends(x, s))))
                r = -1;
            x->c->actors++;
        }
        free(buf);
    }
    if (r == 0)
        r = flush_actor(x, &a);
    astate_clear(&a);
    return r;
}

/* ---- agents ------------------------------------------------------------------------------ */

typedef struct macro {
    char name[64];
    char *items[32];
    int n;
} macro;

static int expand_agent(pctx *x, macro *mac, int nmac, char *phrase, char **plurals, int np,
                        const char *code, int prefix)
{
    const char *list[MAXP];
    char *owned[MAXP];
    int n = 0, nown = 0, r = 0;
    char *bang = strchr(phrase, '!');
    if (bang) {
        char *end = strchr(bang + 1, '!');
        macro *m = NULL;
        for (int i = 0; end && i < nmac; i++)
            if ((size_t)(end - bang + 1) == strlen(mac[i].name) && strncmp(bang, mac[i].name, (size_t)(end - bang + 1)) == 0)
                m = &mac[i];
        if (!m) {
            bad(x, "a macro !NAME! defined above");
            return 0;
        }
        for (int i = 0; i < m->n && n < MAXP; i++) {
            size_t pre = (size_t)(bang - phrase), il = strlen(m->items[i]), post = strlen(end + 1);
            char *s = malloc(pre + il + post + 1);
            if (!s) { r = -1; break; }
            memcpy(s, phrase, pre);
            memcpy(s + pre, m->items[i], il);
            memcpy(s + pre + il, end + 1, post + 1);
            owned[nown++] = s;
            list[n++] = s;
        }
    } else {
        list[n++] = phrase;
        if (np < 0 && !x->d->word_ends) {   /* no braces: the regular plural (TABARI's
                                                 word ends match plurals themselves) */
            const char *pl[2];
            int k = kh_dict_noun_plural(x->d, phrase, pl, 1);
            for (int i = 0; i < k; i++)
                list[n++] = pl[i];
        }
        for (int i = 0; i < np && n < MAXP; i++)
            list[n++] = plurals[i];
    }
    /* plurals in braces, even none ("POLICE {}"): only the forms written match */
    if (r == 0 && kh_dict_add_agent_attrs(x->d, list, n, code, prefix, np >= 0 ? "inflect=none" : NULL,
                                          x->file, x->line) < 0)
        r = -1;
    for (int i = 0; i < nown; i++)
        free(owned[i]);
    if (r == 0)
        x->c->agents++;
    return r;
}

static int load_agents(pctx *x, const char *text, size_t len)
{
    kh_dict_lines it = {text, text + len, 0};
    macro mac[16];
    int nmac = 0, r = 0;
    const char *ln;
    size_t n;
    while (r == 0 && next_line(x, &it, &ln, &n)) {
        x->line = it.line;
        char *buf = strndup(ln, n);
        if (!buf)
            return -1;
        if (x->tabari && n >= 2 && ln[0] == '~' && ln[1] == '~') {
            free(buf);
            break;                      /* TABARI "~~FINISH" */
        }
        if (x->tabari && buf[0] == '/')
            buf[0] = '\0';
        cut(buf, '#');
        if (x->tabari)
            cut(buf, ';');
        char *s = trim(buf);
        if (!*s || strncmp(s, "<!--", 4) == 0) {
            free(buf);
            continue;
        }
        if (s[0] == '!' && strchr(s, '=')) {
            char *eq = strchr(s, '=');
            *eq = '\0';
            if (nmac < 16) {
                macro *m = &mac[nmac++];
                snprintf(m->name, sizeof m->name, "%s", trim(s));
                m->n = 0;
                char *save = NULL;
                for (char *t = strtok_r(eq + 1, ",", &save); t && m->n < 32; t = strtok_r(NULL, ",", &save))
                    if ((m->items[m->n] = strdup(trim(t))))
                        m->n++;
                x->c->other++;
                free(buf);
                continue;
            }
        }
        char *cb = take_bracket(s);
        if (!cb) {
            /* "[~GOV}" typo of the PETRARCH docs: accept a closing brace */
            char *o = strrchr(s, '[');
            if (o && strchr(o, '}')) {
                *strchr(o, '}') = '\0';
                *o = '\0';
                cb = o + 1;
            }
        }
        if (!cb || !strchr(cb, '~')) {
            bad(x, "PHRASE [~CODE] or PHRASE [CODE~]");
            free(buf);
            continue;
        }
        cb = trim(cb);
        int prefix = cb[strlen(cb) - 1] == '~';
        char code[64];
        snprintf(code, sizeof code, "%s", prefix ? cb : cb + 1);
        if (prefix)
            code[strlen(code) - 1] = '\0';
        char *pl[64];
        int np = take_braces(s, pl, 64);
        if (np == -2) {
            bad(x, "plurals in {...}");
            free(buf);
            continue;
        }
        r = expand_agent(x, mac, nmac, trim(s), pl, np, code, prefix);
        free(buf);
    }
    for (int i = 0; i < nmac; i++)
        for (int j = 0; j < mac[i].n; j++)
            free(mac[i].items[j]);
    return r;
}

/* ---- discards, issues, prepositions --------------------------------------------------------- */

/* The next line of it for the one-phrase-a-line files: a copy in *buf (the caller frees
 * it) with its '#' comment cut, *s its trimmed text. Returns 1, 0 at the end of the
 * text, -1 out of memory; x->line follows the line read. */
static int next_phrase_line(pctx *x, kh_dict_lines *it, char **buf, char **s)
{
    const char *ln;
    size_t n;
    if (!next_line(x, it, &ln, &n))
        return 0;
    x->line = it->line;
    if (!(*buf = strndup(ln, n)))
        return -1;
    cut(*buf, '#');
    *s = trim(*buf);
    return 1;
}

static int load_discards(pctx *x, const char *text, size_t len)
{
    kh_dict_lines it = {text, text + len, 0};
    char *buf, *s;
    int r = 0, got = 0;
    while (r == 0 && (got = next_phrase_line(x, &it, &buf, &s)) > 0) {
        if (*s && strncmp(s, "<!--", 4) != 0) {
            kh_discard_kind k = KH_DISCARD_SENTENCE;
            if (*s == '+') {
                k = KH_DISCARD_STORY;
                s = trim(s + 1);
            }
            size_t sl = strlen(s);
            int stem = !(sl > 0 && s[sl - 1] == '_');
            r = kh_dict_add_discard(x->d, strip_underscores(s), k, stem, x->file, x->line);
            x->c->discards++;
        }
        free(buf);
    }
    return got < 0 ? -1 : r;
}

/* Expands n: (noun + plural), v: (verb forms) and '+' (space or hyphen) in an issue phrase. */
static int issue_expand(pctx *x, const char *phrase, char **out, int max)
{
    int n = 0;
    out[n++] = strdup(phrase);
    if (!out[0])
        return -1;
    for (int i = 0; i < n; i++) {
        char *s = out[i];
        char *m = NULL;
        int kind = 0;
        for (char *p = s; *p; p++) {
            if ((p == s || p[-1] == ' ') && (strncmp(p, "n:", 2) == 0 || strncmp(p, "v:", 2) == 0)) {
                m = p;
                kind = p[0];
                break;
            }
            if (*p == '+') {
                m = p;
                kind = '+';
                break;
            }
        }
        if (!m)
            continue;
        if (kind == '+') {
            *m = ' ';
            if (n < max) {
                char *h = strdup(s);
                if (!h)
                    return -1;
                h[m - s] = '-';
                out[n++] = h;
            }
            i--;     /* look at this one again for further markers */
            continue;
        }
        memmove(m, m + 2, strlen(m + 2) + 1);
        size_t wl = strcspn(m, " ");
        char word[128];
        if (wl >= sizeof word)
            continue;
        memcpy(word, m, wl);
        word[wl] = '\0';
        const char *f[8];
        int k = kind == 'n' ? kh_dict_noun_plural(x->d, word, f, 8) : kh_dict_verb_inflect(x->d, word, f, 8);
        for (int j = 0; j < k && n < max; j++) {
            size_t pre = (size_t)(m - s), fl = strlen(f[j]), post = strlen(m + wl);
            char *h = malloc(pre + fl + post + 1);
            if (!h)
                return -1;
            memcpy(h, s, pre);
            memcpy(h + pre, f[j], fl);
            memcpy(h + pre + fl, m + wl, post + 1);
            out[n++] = h;
        }
        i--;
    }
    return n;
}

static int load_issues(pctx *x, const char *text, size_t len)
{
    char cat[128] = "";
    kh_dict_lines it = {text, text + len, 0};
    char *buf, *s;
    int r = 0, got = 0;
    while (r == 0 && (got = next_phrase_line(x, &it, &buf, &s)) > 0) {
        if (!*s || strncmp(s, "</ISSUE", 7) == 0) {
            free(buf);
            continue;
        }
        if (strncmp(s, "<ISSUE", 6) == 0) {
            const char *q = strstr(s, "CATEGORY=\"");
            cat[0] = '\0';
            if (q)
                snprintf(cat, sizeof cat, "%.*s", (int)strcspn(q + 10, "\""), q + 10);
            x->c->issue_categories++;
            /* a placeholder without phrases keeps the section (even an empty one) */
            if (kh_dict_add_issue(x->d, cat, NULL, 0, 0, x->file, x->line) < 0 ||
                !(x->d->issues[x->d->nissues - 1]->category = kh_dict_str(x->d, cat)))
                r = -1;
            free(buf);
            continue;
        }
        int exclude = 0;
        while (*s == '~') {
            exclude = 1;
            s++;
        }
        char *cb = exclude ? NULL : take_bracket(s);
        if (!exclude && !cb && cat[0])
            cb = cat;      /* a phrase without a code takes its section's category */
        if (!exclude && (!cb || !*cb)) {
            bad(x, "PHRASE [CODE] or ~PHRASE");
            free(buf);
            continue;
        }
        char *ph[64];
        int np = issue_expand(x, trim(s), ph, 64);
        if (np < 0) {
            free(buf);
            return -1;
        }
        r = kh_dict_add_issue(x->d, exclude ? "~" : cb, (const char *const *)ph, np, exclude, x->file, x->line);
        if (r == 0 && cat[0] && !(x->d->issues[x->d->nissues - 1]->category = kh_dict_str(x->d, cat)))
            r = -1;
        for (int i = 0; i < np; i++)
            free(ph[i]);
        if (exclude)
            x->c->issue_exclusions++;
        else
            x->c->issues++;
        free(buf);
    }
    return got < 0 ? -1 : r;
}

static int load_preps(pctx *x, const char *text, size_t len)
{
    kh_dict_lines it = {text, text + len, 0};
    char *buf, *s;
    int r = 0, got = 0;
    while (r == 0 && (got = next_phrase_line(x, &it, &buf, &s)) > 0) {
        if (*s) {
            r = kh_dict_add_prep(x->d, s);
            x->c->prepositions++;
        }
        free(buf);
    }
    return got < 0 ? -1 : r;
}

int kh_dict_load_petrarch_ex(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                             size_t len, kh_diag *diag, kh_dict_counts *c, int tabari)
{
    pctx x = {d, file, 0, diag, c, tabari, 0, 0};
    int r;
    switch (fmt) {
    case KH_DICT_PETR_VERBS:    r = load_verbs(&x, text, len); break;
    case KH_DICT_PETR_ACTORS:   r = load_actors(&x, text, len); break;
    case KH_DICT_PETR_AGENTS:   r = load_agents(&x, text, len); break;
    case KH_DICT_PETR_DISCARDS: r = load_discards(&x, text, len); break;
    case KH_DICT_PETR_ISSUES:   r = load_issues(&x, text, len); break;
    case KH_DICT_PETR_PREPS:    r = load_preps(&x, text, len); break;
    default:                    r = -1; break;
    }
    if (r < 0)
        kh_diag_error(diag, file, x.line, "out of memory");
    return r;
}

int kh_dict_load_petrarch(kh_dict *d, kh_dict_format fmt, const char *file, const char *text,
                          size_t len, kh_diag *diag, kh_dict_counts *c)
{
    return kh_dict_load_petrarch_ex(d, fmt, file, text, len, diag, c, 0);
}
