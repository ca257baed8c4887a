/* lemma.c - suffix-rule lemmatiser with an exception lexicon (see lemma.h).
 *
 * Keys of the maps are binary: two bytes of class then the string, so no separator
 * can clash with a form. The builder learns casing and rules first, loads them into a
 * real lemmatiser, and keeps in the exception lexicon only the training words that
 * this lemmatiser gets wrong: the section stays small and the two can never disagree. */
#include "lemma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tagfeat.h"
#include "wordcount.h"

#define LEMMA_MAXSUF 8     /* longest suffix (bytes) a rule looks at */
#define LEMMA_KEYMAX 256
#define LEMMA_SHAPES 5     /* shape classes, see shape_class */

/* What a form's case becomes in its lemma, by class and shape (learned). */
enum { CASE_KEEP = 0, CASE_LOWER = 1, CASE_TITLE = 2, CASE_MODES = 3 };

struct kh_lemmatiser {
    kh_arena arena;
    int nclasses;
    unsigned char *casing;    /* [cls * LEMMA_SHAPES + shape]: a CASE_* mode */
    kh_wordmap rules;         /* cls + suffix -> rule index */
    uint16_t *suflens;        /* [cls * 256 + last byte]: bit k set when cls has a rule for a
                                 suffix of k bytes ending in that byte (bit 0: the empty one) */
    int32_t *strip;
    const char **append;
    int32_t nrules, caprules;
    kh_wordmap vocab;         /* every lemma of the training data */
    kh_wordmap lex;           /* cls + form -> exception index */
    const char **lexlemma;
    int32_t nlex, caplex;
};

static size_t make_key(char *key, int cls, const char *s, size_t n)
{
    if (n > LEMMA_KEYMAX - 2)
        n = LEMMA_KEYMAX - 2;
    key[0] = (char)(cls & 0xff);
    key[1] = (char)((cls >> 8) & 0xff);
    memcpy(key + 2, s, n);
    return n + 2;
}

/* 0: no upper case; 1: first letter only; 2: all letters (two to four); 3: mixed;
 * 4: all letters, five or more ("TEHRAN": a name in capitals, whose lemma is "Tehran",
 * unlike an acronym). */
static int shape_class(const char *s)
{
    int up = 0, low = 0, first = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            up++;
            if (i == 0)
                first = 1;
        } else if (c >= 'a' && c <= 'z') {
            low++;
        }
    }
    if (!up)
        return 0;
    if (up >= 5 && !low)
        return 4;
    if (up >= 2 && !low)
        return 2;
    if (up == 1 && first)
        return 1;
    return 3;
}

/* form in the case of mode (CASE_*) into out (ASCII letters only change). */
static void cased(const char *form, int mode, char *out, size_t cap)
{
    if (mode == CASE_KEEP)
        snprintf(out, cap, "%s", form);
    else
        kh_tagfeat_lower(form, out, cap);
    if (mode == CASE_TITLE && out[0] >= 'a' && out[0] <= 'z')
        out[0] = (char)(out[0] - 32);
}

/* ---- applying ---- */

static int push_rule(kh_lemmatiser *l, int strip, const char *append)
{
    if (l->nrules == l->caprules) {
        int32_t nc = l->caprules ? l->caprules * 2 : 1024;
        int32_t *s = realloc(l->strip, (size_t)nc * sizeof *s);
        if (!s)
            return -1;
        l->strip = s;
        const char **a = realloc(l->append, (size_t)nc * sizeof *a);
        if (!a)
            return -1;
        l->append = a;
        l->caprules = nc;
    }
    l->strip[l->nrules] = strip;
    l->append[l->nrules] = append;
    l->nrules++;
    return 0;
}

static int push_lex(kh_lemmatiser *l, const char *lemma)
{
    if (l->nlex == l->caplex) {
        int32_t nc = l->caplex ? l->caplex * 2 : 1024;
        const char **a = realloc(l->lexlemma, (size_t)nc * sizeof *a);
        if (!a)
            return -1;
        l->lexlemma = a;
        l->caplex = nc;
    }
    l->lexlemma[l->nlex++] = lemma;
    return 0;
}

void kh_lemma_free(kh_lemmatiser *l)
{
    if (!l)
        return;
    kh_wordmap_free(&l->rules);
    kh_wordmap_free(&l->lex);
    kh_wordmap_free(&l->vocab);
    free(l->strip);
    free(l->append);
    free(l->lexlemma);
    free(l->casing);
    free(l->suflens);
    kh_arena_free(&l->arena);
    free(l);
}

static kh_lemmatiser *lemma_new(int nclasses)
{
    kh_lemmatiser *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    kh_arena_init(&l->arena, 0);
    l->nclasses = nclasses;
    l->casing = calloc((size_t)nclasses * LEMMA_SHAPES, 1);
    l->suflens = calloc((size_t)nclasses * 256, sizeof *l->suflens);
    if (!l->casing || !l->suflens || kh_wordmap_init(&l->rules) < 0 ||
        kh_wordmap_init(&l->lex) < 0 || kh_wordmap_init(&l->vocab) < 0) {
        kh_lemma_free(l);
        return NULL;
    }
    return l;
}

/* The candidate of rule r applied to x[0..n-1] into buf (cap bytes); length or -1. */
static long rule_apply(const kh_lemmatiser *l, int32_t r, const char *x, size_t n, char *buf, size_t cap)
{
    size_t strip = (size_t)l->strip[r];
    const char *app = l->append[r];
    size_t an = strlen(app);
    if (strip > n || n - strip + an + 1 > cap)
        return -1;
    memmove(buf, x, n - strip);
    memcpy(buf + n - strip, app, an + 1);
    return (long)(n - strip + an);
}

/* Writes the rule-based lemma of form into out (cap bytes); no exception lookup. n is
 * strlen(form) and sh its shape_class (the caller has them).
 * The rules of the suffixes, longest first, propose candidates; the first that is a
 * known lemma wins ("provoked": "provok" is not a lemma, "provoke" is), else the
 * longest suffix's. */
static size_t apply_rules_with(const kh_lemmatiser *l, const char *form, size_t n, int sh, int cls,
                               char *out, size_t cap)
{
    if (n + 1 > cap)
        n = cap - 1;
    char low[LEMMA_KEYMAX];
    size_t ln = kh_tagfeat_lower(form, low, sizeof low);
    int mode = cls >= 0 && cls < l->nclasses ? l->casing[cls * LEMMA_SHAPES + sh] : 0;
    char x[LEMMA_KEYMAX + 64];
    if (n + 1 > sizeof x)
        n = sizeof x - 1;
    memcpy(x, mode != CASE_KEEP && n <= ln ? low : form, n);
    x[n] = '\0';
    if (mode == CASE_TITLE && n <= ln && x[0] >= 'a' && x[0] <= 'z')
        x[0] = (char)(x[0] - 32);
    memcpy(out, x, n + 1);
    char key[LEMMA_KEYMAX];
    size_t maxk = ln < LEMMA_MAXSUF ? ln : LEMMA_MAXSUF;
    int32_t first = -1;
    /* only the suffix lengths that have rules for the class and the word's last byte
     * are looked up */
    unsigned lens = ~0u;
    if (cls >= 0 && cls < l->nclasses)
        lens = l->suflens[(size_t)cls * 256 + (ln ? (unsigned char)low[ln - 1] : 0)] | (ln ? 0u : 1u);
    for (size_t k = maxk + 1; k-- > 0;) {
        if (!(lens >> k & 1u))
            continue;
        size_t kn = make_key(key, cls, low + ln - k, k);
        int32_t r = kh_wordmap_get(&l->rules, key, kn);
        if (r < 0)
            continue;
        char cand[LEMMA_KEYMAX + 64];
        long cn = rule_apply(l, r, x, n, cand, sizeof cand);
        /* a lemma is never empty: "'s" as NOUN must not lose its "s" */
        if (cn <= 0 || (size_t)cn + 1 > cap)
            continue;
        if (first < 0)
            first = r;
        if (!l->vocab.n || kh_wordmap_get(&l->vocab, cand, (size_t)cn) >= 0) {
            memcpy(out, cand, (size_t)cn + 1);
            return (size_t)cn;
        }
    }
    if (first < 0)
        return n;
    return (size_t)rule_apply(l, first, x, n, out, cap);
}

static size_t apply_rules(const kh_lemmatiser *l, const char *form, int cls, char *out, size_t cap)
{
    return apply_rules_with(l, form, strlen(form), shape_class(form), cls, out, cap);
}

const char *kh_lemma_of(const kh_lemmatiser *l, const char *form, int cls, kh_arena *a)
{
    char key[LEMMA_KEYMAX];
    size_t fn = strlen(form);
    int sh = -1;
    if (fn + 2 <= LEMMA_KEYMAX) {
        size_t kn = make_key(key, cls, form, fn);
        int32_t e = kh_wordmap_get(&l->lex, key, kn);
        if (e >= 0) {
            const char *lem = l->lexlemma[e];
            return strcmp(lem, form) == 0 ? form : kh_arena_strdup(a, lem);
        }
        /* "HAS", "Went": an irregular word in capitals, for a class whose lemmas are
         * lowercased, is the lowercase word's exception ("have", "go") */
        sh = shape_class(form);
        if (sh && cls >= 0 && cls < l->nclasses && l->casing[cls * LEMMA_SHAPES + sh] == CASE_LOWER) {
            char low[LEMMA_KEYMAX];
            size_t ln = kh_tagfeat_lower(form, low, sizeof low);
            kn = make_key(key, cls, low, ln);
            e = kh_wordmap_get(&l->lex, key, kn);
            if (e >= 0)
                return kh_arena_strdup(a, l->lexlemma[e]);
        }
    }
    char out[LEMMA_KEYMAX + 64];
    size_t n = apply_rules_with(l, form, fn, sh >= 0 ? sh : shape_class(form), cls, out, sizeof out);
    if (n == fn && memcmp(out, form, n) == 0)
        return form;
    return kh_arena_strndup(a, out, n);
}

size_t kh_lemma_nrules(const kh_lemmatiser *l) { return (size_t)l->nrules; }
size_t kh_lemma_nexceptions(const kh_lemmatiser *l) { return (size_t)l->nlex; }

/* ---- loading ---- */

/* Splits line into at most max tab-separated fields (in place). */
static int split_tabs(char *line, char **f, int max)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < max; p++) {
        if (*p == '\t') {
            *p = '\0';
            f[k++] = p + 1;
        }
    }
    return k;
}

static int parse_int(const char *s, long lo, long hi, long *v)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

/* Records that class cls has a rule for suffix suf (suflens). */
static void note_suffix(kh_lemmatiser *l, int cls, const char *suf)
{
    size_t k = strlen(suf);
    uint16_t *m = l->suflens + (size_t)cls * 256;
    if (k == 0)
        for (int c = 0; c < 256; c++)
            m[c] |= 1u;
    else
        m[(unsigned char)suf[k - 1]] |= (uint16_t)(1u << k);
}

kh_lemmatiser *kh_lemma_load(const char *text, size_t n, int nclasses, char *err, size_t errlen)
{
    kh_lemmatiser *l = lemma_new(nclasses);
    if (!l) {
        snprintf(err, errlen, "lemmatiser: out of memory");
        return NULL;
    }
    int32_t kinds[256];
    kh_wordmap_line_kinds(text, n, kinds);
    char *copy = kh_arena_strndup(&l->arena, text, n);
    if (!copy || kh_wordmap_reserve(&l->rules, kinds['R']) < 0 || kh_wordmap_reserve(&l->lex, kinds['L']) < 0 ||
        kh_wordmap_reserve(&l->vocab, kinds['V']) < 0) {
        snprintf(err, errlen, "lemmatiser: out of memory");
        kh_lemma_free(l);
        return NULL;
    }
    long lineno = 0;
    for (char *line = copy; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *f[6];
        int nf = split_tabs(line, f, 6);
        long cls, a, b;
        char key[LEMMA_KEYMAX];
        int bad = 0;
        if (f[0][0] == 'K' && !f[0][1] && nf == 4) {
            bad = parse_int(f[1], 0, nclasses - 1, &cls) || parse_int(f[2], 0, LEMMA_SHAPES - 1, &a) ||
                  parse_int(f[3], 0, CASE_MODES - 1, &b);
            if (!bad)
                l->casing[cls * LEMMA_SHAPES + a] = (unsigned char)b;
        } else if (f[0][0] == 'R' && !f[0][1] && nf == 5) {
            bad = parse_int(f[1], 0, nclasses - 1, &cls) || parse_int(f[3], 0, 1000, &a) ||
                  strlen(f[2]) > LEMMA_MAXSUF;
            if (!bad) {
                size_t kn = make_key(key, (int)cls, f[2], strlen(f[2]));
                int32_t id = kh_wordmap_put(&l->rules, key, kn);
                if (id < 0 || id != l->nrules || push_rule(l, (int)a, f[4]) < 0)
                    bad = 1;
                else
                    note_suffix(l, (int)cls, f[2]);
            }
        } else if (f[0][0] == 'V' && !f[0][1] && nf == 2) {
            if (kh_wordmap_put(&l->vocab, f[1], strlen(f[1])) < 0)
                bad = 1;
        } else if (f[0][0] == 'L' && !f[0][1] && nf == 4) {
            bad = parse_int(f[2], 0, nclasses - 1, &cls) || strlen(f[1]) + 2 > LEMMA_KEYMAX;
            if (!bad) {
                size_t kn = make_key(key, (int)cls, f[1], strlen(f[1]));
                int32_t id = kh_wordmap_put(&l->lex, key, kn);
                if (id < 0 || id != l->nlex || push_lex(l, f[3]) < 0)
                    bad = 1;
            }
        } else {
            bad = 1;
        }
        if (bad) {
            snprintf(err, errlen, "lemmatiser section, line %ld: malformed or duplicate entry", lineno);
            kh_lemma_free(l);
            return NULL;
        }
        line = nl ? nl + 1 : NULL;
    }
    return l;
}

/* ---- learning ---- */

struct kh_lemma_builder {
    int nclasses;
    kh_wordcount triples;    /* cls + form \0 lemma -> tokens */
};

kh_lemma_builder *kh_lemma_builder_new(int nclasses)
{
    kh_lemma_builder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->nclasses = nclasses;
    if (kh_wordcount_init(&b->triples) < 0) {
        kh_lemma_builder_free(b);
        return NULL;
    }
    return b;
}

void kh_lemma_builder_free(kh_lemma_builder *b)
{
    if (!b)
        return;
    kh_wordcount_free(&b->triples);
    free(b);
}

int kh_lemma_builder_add(kh_lemma_builder *b, const char *form, int cls, const char *lemma)
{
    char key[2 * LEMMA_KEYMAX];
    size_t fn = strlen(form), ln = strlen(lemma);
    if (cls < 0 || cls >= b->nclasses || fn + 2 > LEMMA_KEYMAX || ln + 2 > LEMMA_KEYMAX ||
        strchr(form, '\t') || strchr(form, '\n') || strchr(lemma, '\t') || strchr(lemma, '\n'))
        return 0;   /* not learnable: skipped */
    size_t n = make_key(key, cls, form, fn);
    key[n++] = '\0';
    memcpy(key + n, lemma, ln);
    return kh_wordcount_add(&b->triples, key, n + ln, 1) < 0 ? -1 : 0;
}

typedef struct pair_best {
    int32_t triple;    /* best triple of this (cls, form) */
    long count, total;
} pair_best;

static size_t lcp(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

int kh_lemma_builder_write(kh_lemma_builder *b, kh_buf *out)
{
    int rc = -1;
    kh_wordcount pairs = {0}, ruleset = {0}, edits = {0};
    pair_best *best = NULL;
    long *casing = calloc((size_t)b->nclasses * LEMMA_SHAPES * CASE_MODES, sizeof *casing);
    unsigned char *cmode = calloc((size_t)b->nclasses * LEMMA_SHAPES, 1);
    int32_t *rule_best = NULL;
    kh_lemmatiser *l = NULL;
    kh_buf text = KH_BUF_INIT;
    if (!casing || !cmode || kh_wordcount_init(&pairs) < 0 || kh_wordcount_init(&ruleset) < 0 ||
        kh_wordcount_init(&edits) < 0)
        goto done;
    kh_wordcount *tr = &b->triples;

    /* 1. the most frequent lemma of each (class, form); ties: the smaller lemma */
    for (int32_t t = 0; t < tr->m.n; t++) {
        const char *k = tr->m.keys[t];
        size_t pn = 2 + strlen(k + 2);
        if (kh_wordcount_add(&pairs, k, pn, 0) < 0)
            goto done;
    }
    best = calloc((size_t)pairs.m.n + 1, sizeof *best);
    if (!best)
        goto done;
    for (int32_t p = 0; p < pairs.m.n; p++)
        best[p].triple = -1;
    for (int32_t t = 0; t < tr->m.n; t++) {
        const char *k = tr->m.keys[t];
        int32_t p = kh_wordmap_get(&pairs.m, k, 2 + strlen(k + 2));
        pair_best *pb = &best[p];
        pb->total += tr->count[t];
        if (pb->triple < 0 || tr->count[t] > pb->count ||
            (tr->count[t] == pb->count &&
             strcmp(k + 3 + strlen(k + 2), tr->m.keys[pb->triple] + 3 + strlen(k + 2)) < 0)) {
            pb->triple = t;
            pb->count = tr->count[t];
        }
    }

    /* 2. casing: keep or lowercase, by class and shape, weighted by tokens */
    for (int32_t p = 0; p < pairs.m.n; p++) {
        const char *k = tr->m.keys[best[p].triple];
        const char *form = k + 2, *lemma = form + strlen(form) + 1;
        int cls = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        int sh = shape_class(form);
        if (!sh)
            continue;
        int mode = CASE_KEEP;
        size_t got = 0;
        for (int m = 0; m < CASE_MODES; m++) {
            char x[LEMMA_KEYMAX];
            cased(form, m, x, sizeof x);
            size_t c = lcp(x, lemma);
            if (c > got) {
                got = c;
                mode = m;
            }
        }
        casing[(cls * LEMMA_SHAPES + sh) * CASE_MODES + mode] += best[p].total;
    }
    for (int c = 0; c < b->nclasses; c++)
        for (int sh = 1; sh < LEMMA_SHAPES; sh++) {
            const long *cm = casing + (c * LEMMA_SHAPES + sh) * CASE_MODES;
            int m = CASE_KEEP;
            for (int j = 1; j < CASE_MODES; j++)
                if (cm[j] > cm[m])
                    m = j;
            cmode[c * LEMMA_SHAPES + sh] = (unsigned char)m;
            if (m != CASE_KEEP && kh_buf_printf(&text, "K\t%d\t%d\t%d\n", c, sh, m) < 0)
                goto done;
        }

    /* 3. suffix rules from word types: (class, suffix) -> (strip, append) counts */
    for (int32_t p = 0; p < pairs.m.n; p++) {
        const char *k = tr->m.keys[best[p].triple];
        const char *form = k + 2, *lemma = form + strlen(form) + 1;
        int cls = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        char low[LEMMA_KEYMAX], x[LEMMA_KEYMAX];
        size_t ln = kh_tagfeat_lower(form, low, sizeof low);
        int sh = shape_class(form);
        cased(form, cmode[cls * LEMMA_SHAPES + sh], x, sizeof x);
        size_t c = lcp(x, lemma), xn = strlen(x);
        size_t strip = xn - c;
        const char *app = lemma + c;
        for (size_t s = strip; s <= ln && s <= LEMMA_MAXSUF; s++) {
            char key[LEMMA_KEYMAX * 2];
            size_t kn = make_key(key, cls, low + ln - s, s);
            int32_t r = kh_wordcount_add(&ruleset, key, kn, 1);
            if (r < 0)
                goto done;
            /* edit key: rule id, strip, append */
            size_t an = strlen(app);
            memcpy(key, &r, 4);
            key[4] = (char)strip;
            memcpy(key + 5, app, an);
            if (kh_wordcount_add(&edits, key, 5 + an, 1) < 0)
                goto done;
        }
    }
    rule_best = malloc(((size_t)ruleset.m.n + 1) * sizeof *rule_best);
    if (!rule_best)
        goto done;
    for (int32_t r = 0; r < ruleset.m.n; r++)
        rule_best[r] = -1;
    /* the most frequent edit of each rule; ties: the shorter, then the smaller key */
    for (int32_t e = 0; e < edits.m.n; e++) {
        const char *k = edits.m.keys[e];
        int32_t r;
        memcpy(&r, k, 4);
        int32_t cur = rule_best[r];
        if (cur < 0 || edits.count[e] > edits.count[cur] ||
            (edits.count[e] == edits.count[cur] &&
             (edits.m.lens[e] < edits.m.lens[cur] ||
              (edits.m.lens[e] == edits.m.lens[cur] && memcmp(k, edits.m.keys[cur], edits.m.lens[e]) < 0))))
            rule_best[r] = e;
    }
    /* keep a rule when it has support, and differs from its parent (one byte shorter) */
    for (int32_t r = 0; r < ruleset.m.n; r++) {
        int32_t e = rule_best[r];
        size_t kn = ruleset.m.lens[r];
        if (e < 0 || (kn > 4 && ruleset.count[r] < 2))
            continue;
        const char *k = ruleset.m.keys[r];
        if (kn > 2) {
            /* the parent is (cls, suffix minus its first byte) */
            char pk[LEMMA_KEYMAX];
            pk[0] = k[0];
            pk[1] = k[1];
            memcpy(pk + 2, k + 3, kn - 3);
            int32_t parent = kh_wordmap_get(&ruleset.m, pk, kn - 1);
            if (parent >= 0 && rule_best[parent] >= 0 &&
                (ruleset.count[parent] >= 2 || kn - 1 <= 4)) {
                int32_t pe = rule_best[parent];
                if (edits.m.lens[pe] == edits.m.lens[e] &&
                    memcmp(edits.m.keys[pe] + 4, edits.m.keys[e] + 4, edits.m.lens[e] - 4) == 0)
                    continue;
            }
        }
        int cls = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        const char *ed = edits.m.keys[e] + 4;
        size_t el = edits.m.lens[e] - 4;
        if (kh_buf_printf(&text, "R\t%d\t%.*s\t%d\t%.*s\n", cls, (int)(kn - 2), k + 2,
                          (unsigned char)ed[0], (int)(el - 1), ed + 1) < 0)
            goto done;
    }

    /* 4. the known lemmas (a rule's output is preferred when it is one) */
    {
        kh_wordmap seen;
        if (kh_wordmap_init(&seen) < 0)
            goto done;
        for (int32_t p = 0; p < pairs.m.n; p++) {
            const char *k = tr->m.keys[best[p].triple];
            const char *lemma = k + 2 + strlen(k + 2) + 1;
            int32_t before = seen.n;
            if (kh_wordmap_put(&seen, lemma, strlen(lemma)) < 0) {
                kh_wordmap_free(&seen);
                goto done;
            }
            if (seen.n > before && kh_buf_printf(&text, "V\t%s\n", lemma) < 0) {
                kh_wordmap_free(&seen);
                goto done;
            }
        }
        kh_wordmap_free(&seen);
    }

    /* 5. exceptions: the training words the rules get wrong */
    char err[200];
    l = kh_lemma_load(text.data ? text.data : "", text.len, b->nclasses, err, sizeof err);
    if (!l)
        goto done;
    for (int32_t p = 0; p < pairs.m.n; p++) {
        const char *k = tr->m.keys[best[p].triple];
        const char *form = k + 2, *lemma = form + strlen(form) + 1;
        int cls = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        char got[LEMMA_KEYMAX + 64];
        apply_rules(l, form, cls, got, sizeof got);
        if (strcmp(got, lemma) != 0 &&
            kh_buf_printf(&text, "L\t%s\t%d\t%s\n", form, cls, lemma) < 0)
            goto done;
    }
    if (kh_buf_append(out, text.data ? text.data : "", text.len) < 0)
        goto done;
    rc = 0;
done:
    kh_lemma_free(l);
    kh_buf_free(&text);
    free(rule_best);
    free(best);
    free(casing);
    free(cmode);
    kh_wordcount_free(&pairs);
    kh_wordcount_free(&ruleset);
    kh_wordcount_free(&edits);
    return rc;
}
