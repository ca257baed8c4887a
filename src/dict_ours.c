/* dict_ours.c - the loader of our own dictionary format (data/dict/NAME.dict).
 *
 * Line-oriented; fields are separated by one or more TABs, alternative phrases by
 * " | "; '%kind KIND' switches the kind. The format is described in docs/DICTIONARIES.md. */
#include "dict_impl.h"

#include <stdlib.h>
#include <string.h>

enum kind { K_NONE, K_ACTORS, K_AGENTS, K_VERBS, K_DISCARDS, K_ISSUES, K_TIME, K_NOUNS, K_ADJECTIVES,
            K_PREPS, K_OPTIONS };

#define MAXF 8
#define MAXP 256

typedef struct ctx {
    kh_dict *d;
    const char *file;
    long line;
    kh_diag *diag;
    kh_dict_counts *c;
    kh_verb_block *block;     /* the verb block that indented lines belong to */
    char *buf;                /* a writable copy of the current line */
    kh_verb_block *named;     /* the block opened by a BLOCK line: VERB lines join it */
    int categories;           /* 1: the file groups issues with %category lines */
    const char *category;     /* the current %category */
    int tabari;               /* 1 after "%tabari on": patterns read their words as TABARI
                                 does (open and closed words) and are tried by letters */
} ctx;

static void bad(ctx *x, const char *what)
{
    kh_diag_error(x->diag, x->file, x->line, "expected %s", what);
    x->c->skipped++;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Cuts a comment: '#' at the start or after a blank. Returns the comment text (after
 * '#', trimmed) or NULL. */
static char *cut_comment(char *s)
{
    for (char *p = s; *p; p++) {
        /* the actor code "###" (discard, from TABARI) is no comment */
        if (p[0] == '#' && p[1] == '#' && p[2] == '#' && (p[3] == '\0' || p[3] == ' ' || p[3] == '\t')) {
            p += 2;
            continue;
        }
        if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return trim(p + 1);
        }
    }
    return NULL;
}

/* Splits at runs of TABs into at most max fields (the rest stays in the last). */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    while (*s && n < max) {
        while (*s == '\t')
            s++;
        if (!*s)
            break;
        f[n++] = s;
        if (n == max)
            break;
        char *t = strchr(s, '\t');
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    for (int i = 0; i < n; i++)
        f[i] = trim(f[i]);
    return n;
}

/* Splits at sep (" | " or " ; "); empty parts are an error (returns -1). */
static int split_sep(char *s, const char *sep, char **out, int max)
{
    int n = 0;
    size_t sl = strlen(sep);
    for (;;) {
        char *p = strstr(s, sep);
        if (p)
            *p = '\0';
        char *t = trim(s);
        if (!*t || n >= max)
            return -1;
        out[n++] = t;
        if (!p)
            return n;
        s = p + sl;
    }
}

/* "2022-10-27..", "..2022-10-26", "2020..2022" -> from/to. */
static int parse_range(const char *r, kh_dict_code *c)
{
    const char *dots = strstr(r, "..");
    if (!dots)
        return -1;
    char a[16] = "", b[16] = "";
    size_t na = (size_t)(dots - r), nb = strlen(dots + 2);
    if (na >= sizeof a || nb >= sizeof b || (na == 0 && nb == 0))
        return -1;
    memcpy(a, r, na);
    memcpy(b, dots + 2, nb + 1);
    c->from = na ? kh_dict_date(a, 0) : KH_DATE_MIN;
    c->to = nb ? kh_dict_date(b, 1) : KH_DATE_MAX;
    c->ranged = 1;
    return (c->from < 0 || c->to < 0 || c->from > c->to) ? -1 : 0;
}

static int code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n % 3 != 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')
              || s[i] == '-'))
            return 0;
    return 1;
}

/* Actor codes converted from TABARI and PETRARCH may also be "###" (discard), "+++"
 * (complex), several codes joined by '/' ("FRO/BIL/SAM") or codes whose length is no
 * multiple of 3 ("ITHTV": TABARI codes have any length); `dict check` reports the
 * codes the CAMEO reference does not know. */
static int actor_code_ok(const char *s)
{
    if (code_ok(s) || strcmp(s, "###") == 0 || strcmp(s, "+++") == 0)
        return 1;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '/'
              || *p == '-'))
            return 0;
    return 1;
}

/* The attribute case= has one value: exact (phrases match tokens of the same case only).
 * Returns 0 when attrs has no other value of it. */
static int case_attr_ok(const char *attrs)
{
    for (const char *p = attrs; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t");
        if (n >= 5 && strncmp(p, "case=", 5) == 0 && !(n == 10 && strncmp(p, "case=exact", 10) == 0))
            return -1;
        p += n;
    }
    return 0;
}

static int line_actor(ctx *x, char *s)
{
    char *f[MAXF], *ph[MAXP], *cs[64];
    kh_dict_code codes[64];
    int nf = split_tabs(s, f, 3);
    if (nf < 2) {
        bad(x, "PHRASES<TAB>CODES[<TAB>ATTRIBUTES]");
        return 0;
    }
    int np = split_sep(f[0], " | ", ph, MAXP);
    int nc = strcmp(f[1], "-") == 0 ? 0 : split_sep(f[1], " ; ", cs, 64);   /* "-": no code */
    if (np < 0) {
        bad(x, "phrases separated by ' | '");
        return 0;
    }
    if (nc < 0) {
        bad(x, "codes separated by ' ; '");
        return 0;
    }
    for (int i = 0; i < nc; i++) {
        char *sp = strchr(cs[i], ' ');
        memset(&codes[i], 0, sizeof codes[i]);
        codes[i].from = KH_DATE_MIN;
        codes[i].to = KH_DATE_MAX;
        if (sp) {
            *sp = '\0';
            if (parse_range(trim(sp + 1), &codes[i]) < 0) {
                bad(x, "a date range FROM..TO (YYYY, YYYY-MM or YYYY-MM-DD; one end may be open)");
                return 0;
            }
        }
        if (!actor_code_ok(cs[i])) {
            bad(x, "an actor code of 3-letter elements");
            return 0;
        }
        codes[i].code = cs[i];
        if (codes[i].ranged)
            x->c->actor_dated++;
    }
    if (nf > 2 && case_attr_ok(f[2]) < 0) {
        bad(x, "case=exact (the only value of the attribute case)");
        return 0;
    }
    if (kh_dict_add_actor(x->d, (const char *const *)ph, np, codes, nc, nf > 2 ? f[2] : NULL,
                          x->file, x->line) < 0)
        return -1;
    x->c->actors++;
    x->c->actor_synonyms += np - 1;
    return 0;
}

static int line_agent(ctx *x, char *s)
{
    char *f[MAXF], *ph[MAXP];
    int nf = split_tabs(s, f, 3);
    if (nf < 2) {
        bad(x, "PHRASES<TAB>ROLE-CODE[<TAB>ATTRIBUTES]");
        return 0;
    }
    int np = split_sep(f[0], " | ", ph, MAXP);
    if (np < 0) {
        bad(x, "phrases separated by ' | '");
        return 0;
    }
    int prefix = 0;
    char *code = f[1];
    size_t cl = strlen(code);
    if (cl > 0 && code[cl - 1] == '~') {     /* "NGO~": goes before the country */
        code[--cl] = '\0';
        prefix = 1;
    }
    if (!code_ok(code)) {
        bad(x, "a role code of 3-letter elements (GOV, GOVMIL, COP)");
        return 0;
    }
    if (nf > 2 && case_attr_ok(f[2]) < 0) {
        bad(x, "case=exact (the only value of the attribute case)");
        return 0;
    }
    if (kh_dict_add_agent_attrs(x->d, (const char *const *)ph, np, code, prefix, nf > 2 ? f[2] : NULL,
                                x->file, x->line) < 0)
        return -1;
    x->c->agents++;
    return 0;
}

/* "[040]", "[042:043]", "[---]", "[031!]" (rank in *rank, may be NULL) */
static int bracket_code_rank(ctx *x, const char *s, const char **code, const char **code2, uint8_t *sp,
                             uint8_t *rank)
{
    size_t n = strlen(s);
    if (n < 3 || s[0] != '[' || s[n - 1] != ']')
        return -1;
    return kh_dict_parse_ecode_rank(x->d, s + 1, n - 2, code, code2, sp, rank);
}

/* "&NAME<TAB>MEMBERS[<TAB>MORE FORMS]": the third field holds forms that PETRARCH
 * generated (plurals); they match like members but are not counted as written members. */
static int line_synset(ctx *x, char *s)
{
    char *f[MAXF], *ph[MAXP * 2];
    uint8_t gen[MAXP * 2];
    int nf = split_tabs(s, f, 3);
    int np = nf >= 2 ? split_sep(f[1], " | ", ph, MAXP) : -1;
    int ng = nf == 3 ? split_sep(f[2], " | ", ph + (np > 0 ? np : 0), MAXP) : 0;
    if (np < 0 || ng < 0) {
        bad(x, "&NAME<TAB>MEMBERS separated by ' | '[<TAB>GENERATED FORMS]");
        return 0;
    }
    for (int i = 0; i < np + ng; i++)
        gen[i] = (uint8_t)(i >= np);
    if (kh_dict_add_synset(x->d, f[0], (const char *const *)ph, np + ng, gen, x->file, x->line) < 0)
        return -1;
    x->c->synsets++;
    x->c->synset_members += np;
    return 0;
}

/* The head of a multi-word verb: the word marked '+', else the first. Removes the mark. */
static int32_t mark_head(char *phrase)
{
    int32_t w = 0;
    for (char *p = phrase; *p; p++) {
        if (*p == ' ')
            w++;
        if (*p == '+' && (p == phrase || p[-1] == ' ')) {
            memmove(p, p + 1, strlen(p));
            return w;
        }
    }
    return 0;
}

/* "BLOCK NAME<TAB>[CODE]": a block of several verbs sharing patterns (PETRARCH's
 * "--- NAME [CODE] ---"); the VERB lines that follow join it until the next BLOCK line. */
static int line_block(ctx *x, char *s)
{
    char *f[MAXF];
    const char *code = NULL, *code2 = NULL;
    uint8_t sp = KH_CODE_NONE, rank = 0;
    int nf = split_tabs(s, f, 2);
    char *name = trim(f[0] + 5);
    if (!*name || (nf == 2 && bracket_code_rank(x, f[1], &code, &code2, &sp, &rank) < 0)) {
        bad(x, "BLOCK NAME<TAB>[CODE]");
        return 0;
    }
    x->named = x->block = kh_dict_block_begin(x->d, name, code, code2, sp, x->file, x->line);
    if (!x->block)
        return -1;
    x->block->rank = rank;
    x->block->has_name = 1;
    x->c->verb_blocks++;
    return 0;
}

/* "VERB forms [; NOUN nouns]<TAB>[CODE]"; "VERB=" / "NOUN=": the forms are all written
 * out and none is generated. Inside a BLOCK the code may be left out (the block's). */
static int line_verb(ctx *x, char *s, int time)
{
    char *f[MAXF], *parts[4], *forms[MAXP], *nouns[MAXP];
    const char *code = NULL, *code2 = NULL;
    uint8_t sp = KH_CODE_NONE, rank = 0;
    int nf = split_tabs(s, f, 2);
    int has_code = nf == 2;
    const char *form_msg = time ? "TIME phrases<TAB>[+DAYS]" : "VERB forms [; NOUN nouns]<TAB>[CODE]";
    if (has_code) {
        int r;
        if (time) {
            size_t n = strlen(f[1]);
            r = n >= 3 && f[1][0] == '[' && f[1][n - 1] == ']' ? kh_dict_parse_tcode(x->d, f[1] + 1, n - 2, &code, &sp) : -1;
        } else {
            r = bracket_code_rank(x, f[1], &code, &code2, &sp, &rank);
        }
        if (r < 0) {
            bad(x, form_msg);
            return 0;
        }
    } else if (!x->named || time) {
        bad(x, form_msg);
        return 0;
    }
    int npart = split_sep(f[0], " ; ", parts, 4);
    const char *kw = time ? "TIME" : "VERB";
    size_t kl = strlen(kw);
    int noend = npart >= 1 && strncmp(parts[0], kw, kl) == 0 && parts[0][kl] == '=';
    if (npart < 1 || strncmp(parts[0], kw, kl) != 0 || (parts[0][kl + noend] != ' ')
        || (npart == 2 && strncmp(parts[1], "NOUN", 4) != 0) || npart > 2 || (time && npart > 1)) {
        bad(x, form_msg);
        return 0;
    }
    int noun_noend = npart == 2 && parts[1][4] == '=';
    if (npart == 2 && parts[1][4 + noun_noend] != ' ') {
        bad(x, form_msg);
        return 0;
    }
    int nv = split_sep(parts[0] + kl + 1 + noend, " | ", forms, MAXP);
    int nn = npart == 2 ? split_sep(parts[1] + 5 + noun_noend, " | ", nouns, MAXP) : 0;
    if (nv < 0 || nn < 0) {
        bad(x, "forms separated by ' | '");
        return 0;
    }
    int32_t head = mark_head(forms[0]);
    for (int i = 1; i < nv; i++)
        mark_head(forms[i]);
    if (time) {
        x->named = NULL;
        x->block = kh_dict_time_begin(x->d, forms[0], code, sp, x->file, x->line);
        if (!x->block || !kh_dict_block_verb(x->d, x->block, (const char *const *)forms, nv, 0, head,
                                             code, NULL, 1, sp, 0, x->file, x->line))
            return -1;
        x->c->time_phrases++;
        return 0;
    }
    if (!x->named) {
        x->block = kh_dict_block_begin(x->d, forms[0], code, code2, sp, x->file, x->line);
        if (!x->block)
            return -1;
        x->block->rank = rank;
        x->c->verb_blocks++;
    } else {
        x->block = x->named;
    }
    kh_verb *v = kh_dict_block_verb(x->d, x->block, (const char *const *)forms, nv, !noend, head,
                                    code, code2, has_code, sp, 0, x->file, x->line);
    if (!v)
        return -1;
    v->rank = has_code ? rank : x->block->rank;
    v->no_endings = (uint8_t)noend;
    x->c->verbs++;
    if (nn > 0) {
        int32_t nh = mark_head(nouns[0]);
        kh_verb *nv2 = kh_dict_block_verb(x->d, x->block, (const char *const *)nouns, nn, !noun_noend, nh,
                                          code, code2, has_code, sp, 1, x->file, x->line);
        if (!nv2)
            return -1;
        nv2->rank = v->rank;
        nv2->no_endings = (uint8_t)noun_noend;
        x->c->verbs++;
    }
    return 0;
}

/* Pattern elements are separated by spaces (*, +, $, %, ^, &NAME, words); the notations
 * of PETRARCH and TABARI are accepted too ('_' adjacency, {noun phrase}, (prepositional
 * phrase), "{ A | B }" alternatives), so converted patterns keep their meaning. */
static int line_pattern(ctx *x, char *s, const char *note)
{
    enum { MAXE = 64, MAXALT = 16 };
    char *f[MAXF];
    kh_pat_elem *el;
    int32_t ns[MAXALT];
    const char *code, *code2 = NULL;
    uint8_t sp, rank = 0;
    if (!x->block) {
        bad(x, "a VERB line before an indented pattern");
        return 0;
    }
    int nf = split_tabs(s, f, 2);
    int r = -1;
    if (nf == 2 && x->block->time) {
        size_t n = strlen(f[1]);
        r = n >= 3 && f[1][0] == '[' && f[1][n - 1] == ']' ? kh_dict_parse_tcode(x->d, f[1] + 1, n - 2, &code, &sp) : -1;
    } else if (nf == 2) {
        r = bracket_code_rank(x, f[1], &code, &code2, &sp, &rank);
    }
    if (r < 0) {
        bad(x, "<TAB>PATTERN<TAB>[CODE]");
        return 0;
    }
    const char *text = kh_dict_str(x->d, f[0]);
    if (!text || !(el = malloc(sizeof *el * MAXE * MAXALT)))
        return -1;
    if (x->tabari)
        kh_dict_tabari_hyphens(f[0]);   /* as the TABARI loader read it ("PEACE-KEEPING") */
    int n = kh_dict_parse_pattern(x->d, f[0], el, MAXE, ns, MAXALT);
    r = 0;
    if (n == -2) {
        r = -1;
    } else if (n <= 0) {
        bad(x, "pattern elements (*, +, $, %, &NAME, words)");
    } else {
        for (int k = 0; k < n && x->tabari; k++)
            kh_dict_tabari_words(el + (size_t)k * MAXE, ns[k]);
        r = kh_dict_block_patterns(x->d, x->block, el, MAXE, ns, n, code, code2, sp, rank, text, note,
                                   x->file, x->line);
        for (int k = 0; r == 0 && x->tabari && k < n; k++)
            ((kh_pattern *)x->block->patterns)[x->block->npatterns - 1 - k].by_chars = 1;
        x->c->patterns++;
    }
    free(el);
    return r;
}

static int line_discard(ctx *x, char *s)
{
    char *f[MAXF], *ph[MAXP];
    int nf = split_tabs(s, f, 2);
    kh_discard_kind k = KH_DISCARD_NONE;
    if (nf == 2 && strcmp(f[1], "sentence") == 0)
        k = KH_DISCARD_SENTENCE;
    else if (nf == 2 && strcmp(f[1], "story") == 0)
        k = KH_DISCARD_STORY;
    int np = k ? split_sep(f[0], " | ", ph, MAXP) : -1;
    if (np < 0) {
        bad(x, "PHRASES<TAB>sentence|story");
        return 0;
    }
    for (int i = 0; i < np; i++) {
        size_t pl = strlen(ph[i]);
        int stem = pl > 1 && ph[i][pl - 1] == '*';   /* "baseball*": the last word is a stem */
        if (stem)
            ph[i][pl - 1] = '\0';
        if (kh_dict_add_discard(x->d, ph[i], k, stem, x->file, x->line) < 0)
            return -1;
        x->c->discards++;
    }
    return 0;
}

static int line_issue(ctx *x, char *s)
{
    char *f[MAXF], *ph[MAXP];
    int nf = split_tabs(s, f, 2);
    int np = nf == 2 ? split_sep(f[1], " | ", ph, MAXP) : -1;
    if (np < 0) {
        bad(x, "CODE<TAB>PHRASES separated by ' | '");
        return 0;
    }
    int exclude = strcmp(f[0], "~") == 0;      /* "~<TAB>PHRASES": exclusions */
    if (kh_dict_add_issue(x->d, f[0], (const char *const *)ph, np, exclude, x->file, x->line) < 0)
        return -1;
    x->d->issues[x->d->nissues - 1]->category = x->category;
    if (exclude) {
        x->c->issue_exclusions++;
    } else {
        x->c->issues++;
        if (!x->categories)
            x->c->issue_categories++;   /* without %category lines each line is a category */
    }
    return 0;
}

static int line_simple(ctx *x, char *s, enum kind k)
{
    char *f[MAXF];
    if (k == K_OPTIONS) {
        int nf = split_tabs(s, f, 2);
        if (kh_dict_add_option(x->d, f[0], nf == 2 ? f[1] : "", x->file, x->line) < 0)
            return -1;
        x->c->options++;
        return 0;
    }
    if (k == K_PREPS) {
        x->c->prepositions++;
        return kh_dict_add_prep(x->d, s);
    }
    if (kh_dict_add_wordclass(x->d, s, k == K_NOUNS ? KH_WORD_NOUN : KH_WORD_ADJECTIVE, x->file, x->line) < 0)
        return -1;
    if (k == K_NOUNS)
        x->c->nouns++;
    else
        x->c->adjectives++;
    return 0;
}

static int set_kind(ctx *x, const char *s, enum kind *k)
{
    static const char *names[] = {"", "actors", "agents", "verbs", "discards", "issues", "time",
                                  "nouns", "adjectives", "prepositions", "options"};
    s = s + 5;
    while (*s == ' ' || *s == '\t')
        s++;
    for (int i = 1; i < (int)(sizeof names / sizeof names[0]); i++) {
        if (strcmp(s, names[i]) == 0) {
            *k = (enum kind)i;
            x->block = x->named = NULL;
            return 0;
        }
    }
    bad(x, "%kind actors|agents|verbs|discards|issues|time|nouns|adjectives|prepositions|options");
    return 0;
}

int kh_dict_load_ours(kh_dict *d, const char *file, const char *text, size_t len,
                      kh_diag *diag, kh_dict_counts *c)
{
    ctx x = {d, file, 0, diag, c, NULL, NULL, NULL, 0, NULL, 0};
    kh_dict_lines it = {text, text + len, 0};
    const char *ln;
    size_t n;
    enum kind k = K_NONE;
    int r = 0;
    while (r == 0 && kh_dict_next_line(&it, &ln, &n)) {
        x.line = it.line;
        char *s = malloc(n + 1);
        if (!s)
            return -1;
        memcpy(s, ln, n);
        s[n] = '\0';
        int indented = s[0] == '\t';
        char *note = cut_comment(s);
        char *t = trim(s);
        while (*t == '\t')
            t++;
        if (!*t) {
            free(s);
            continue;
        }
        if (strncmp(t, "%kind", 5) == 0) {
            r = set_kind(&x, t, &k);
        } else if ((k == K_VERBS || k == K_TIME) && strncmp(t, "%tabari", 7) == 0) {
            /* converted TABARI patterns (khaldun dict convert) */
            char *m = t + 7;
            while (*m == ' ' || *m == '\t')
                m++;
            if (strcmp(m, "on") == 0 || strcmp(m, "off") == 0)
                x.tabari = strcmp(m, "on") == 0;
            else
                bad(&x, "%tabari on|off");
        } else if (k == K_ISSUES && strncmp(t, "%category", 9) == 0) {
            x.categories = 1;           /* issue lines grouped by category (converted PETRARCH) */
            x.c->issue_categories++;
            char *cn = t + 9;
            while (*cn == ' ' || *cn == '\t')
                cn++;
            if (!(x.category = kh_dict_str(d, cn)) || kh_dict_add_issue(d, cn, NULL, 0, 0, file, x.line) < 0)
                r = -1;
            else
                d->issues[d->nissues - 1]->category = x.category;   /* the section's placeholder */
        }
        else if (k == K_NONE)
            bad(&x, "'%kind KIND' as the first line");
        else if (k == K_ACTORS)
            r = line_actor(&x, t);
        else if (k == K_AGENTS)
            r = line_agent(&x, t);
        else if ((k == K_VERBS || k == K_TIME) && indented)
            r = line_pattern(&x, t, note);
        else if (k == K_VERBS && t[0] == '&')
            r = line_synset(&x, t);
        else if (k == K_VERBS && strncmp(t, "BLOCK ", 6) == 0)
            r = line_block(&x, t);
        else if (k == K_VERBS || k == K_TIME)
            r = line_verb(&x, t, k == K_TIME);
        else if (k == K_DISCARDS)
            r = line_discard(&x, t);
        else if (k == K_ISSUES)
            r = line_issue(&x, t);
        else
            r = line_simple(&x, t, k);
        free(s);
    }
    if (r < 0)
        kh_diag_error(diag, file, x.line, "out of memory");
    return r;
}
