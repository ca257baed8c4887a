/* evalud.c - UD scores of a system file against gold, aligned by characters.
 *
 * Each side is flattened into tokens (a multiword token or a plain word) with spans
 * counted in non-whitespace characters from the start of the file, and words that
 * carry their token's span and their position in it. Because both sides are sorted
 * by span, one merge pass aligns them, as the CoNLL 2018 evaluation does for texts
 * whose characters agree. */
#include "evalud.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const metric_names[KH_UD_NMETRICS] = {
    "Tokens", "Sentences", "Words", "UPOS", "XPOS", "UFeats", "Lemma", "UAS", "LAS", "LAS-full"
};

const char *kh_ud_metric_name(int i)
{
    return i >= 0 && i < KH_UD_NMETRICS ? metric_names[i] : "?";
}

int kh_ud_metric_find(const char *name)
{
    for (int i = 0; i < KH_UD_NMETRICS; i++)
        if (strcasecmp(name, metric_names[i]) == 0)
            return i;
    if (strcasecmp(name, "Lemmas") == 0)
        return KH_UD_LEMMA;
    return -1;
}

typedef struct span { long s, e; } span;

typedef struct eword {
    long s, e;          /* span of the word's token */
    int sub;            /* position inside a multiword token (0 otherwise) */
    long sent_base;     /* flat index of the sentence's first word */
    const kh_word *w;
} eword;

typedef struct side {
    span *toks; long ntoks;
    span *sents; long nsents;
    eword *words; long nwords;
    char *chars; long nchars;   /* the text without whitespace */
} side;

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void side_free(side *x)
{
    free(x->toks);
    free(x->sents);
    free(x->words);
    free(x->chars);
}

/* Appends the non-whitespace characters of form; returns the new length. */
static long add_chars(side *x, const char *form, long *cap)
{
    for (const char *p = form ? form : ""; *p; p++) {
        if (is_space((unsigned char)*p))
            continue;
        if (x->nchars + 1 >= *cap) {
            long nc = *cap * 2;
            char *q = realloc(x->chars, (size_t)nc);
            if (!q)
                return -1;
            x->chars = q;
            *cap = nc;
        }
        x->chars[x->nchars++] = *p;
    }
    return x->nchars;
}

static int flatten(const kh_doc *d, side *x)
{
    long nw = 0, nt = 0;
    for (int i = 0; i < d->nsents; i++)
        nw += d->sents[i].nwords;
    nt = nw;
    long ccap = 1024;
    memset(x, 0, sizeof *x);
    x->toks = malloc(sizeof(span) * (size_t)(nt + 1));
    x->words = malloc(sizeof(eword) * (size_t)(nw + 1));
    x->sents = malloc(sizeof(span) * (size_t)(d->nsents + 1));
    x->chars = malloc((size_t)ccap);
    if (!x->toks || !x->words || !x->sents || !x->chars)
        return -1;
    long base = 0;
    for (int i = 0; i < d->nsents; i++) {
        const kh_sentence *s = &d->sents[i];
        long sstart = x->nchars;
        int m = 0;
        for (int j = 1; j <= s->nwords;) {
            while (m < s->nmwts && s->mwts[m].first < j)
                m++;
            int last = j;
            const char *form = s->words[j - 1].form;
            if (m < s->nmwts && s->mwts[m].first == j && s->mwts[m].last >= j
                && s->mwts[m].last <= s->nwords) {
                last = s->mwts[m].last;
                form = s->mwts[m].form;
            }
            long ts = x->nchars;
            if (add_chars(x, form, &ccap) < 0)
                return -1;
            x->toks[x->ntoks++] = (span){ts, x->nchars};
            for (int k = j; k <= last; k++)
                x->words[x->nwords++] = (eword){ts, x->nchars, k - j, base, &s->words[k - 1]};
            j = last + 1;
        }
        if (s->nwords > 0)
            x->sents[x->nsents++] = (span){sstart, x->nchars};
        base += s->nwords;
    }
    return 0;
}

static double f1(long correct, long gold, long sys)
{
    return gold + sys > 0 ? 200.0 * (double)correct / (double)(gold + sys) : 100.0;
}

static long match_spans(const span *a, long na, const span *b, long nb)
{
    long i = 0, j = 0, c = 0;
    while (i < na && j < nb) {
        if (a[i].s == b[j].s && a[i].e == b[j].e) {
            c++; i++; j++;
        } else if (a[i].s < b[j].s || (a[i].s == b[j].s && a[i].e < b[j].e)) {
            i++;
        } else {
            j++;
        }
    }
    return c;
}

static int cmp_word(const eword *a, const eword *b)
{
    if (a->s != b->s)
        return a->s < b->s ? -1 : 1;
    if (a->e != b->e)
        return a->e < b->e ? -1 : 1;
    return a->sub < b->sub ? -1 : a->sub > b->sub;
}

static int streq(const char *a, const char *b)
{
    if (!a) a = "_";
    if (!b) b = "_";
    return strcmp(a, b) == 0;
}

/* Length of the universal part of a relation ("nsubj:pass" -> 5). */
static size_t univ_len(const char *r)
{
    const char *c = strchr(r, ':');
    return c ? (size_t)(c - r) : strlen(r);
}

static int same_univ(const char *a, const char *b)
{
    if (!a) a = "_";
    if (!b) b = "_";
    size_t la = univ_len(a), lb = univ_len(b);
    return la == lb && memcmp(a, b, la) == 0;
}

int kh_evalud(const kh_doc *gold, const kh_doc *sys, kh_ud_scores *out, char *err, size_t errlen)
{
    side g, s;
    memset(out, 0, sizeof *out);
    int rc = -1;
    long *align = NULL;   /* system word -> gold word (flat index), -1 */
    long *galign = NULL;  /* gold word -> system word, -1 */
    if (flatten(gold, &g) != 0 || flatten(sys, &s) != 0) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    long n = g.nchars < s.nchars ? g.nchars : s.nchars;
    for (long i = 0; i < n || g.nchars != s.nchars; i++) {
        if (i >= n || g.chars[i] != s.chars[i]) {
            snprintf(err, errlen, "the texts differ at non-space character %ld (gold has %ld, system %ld)",
                     i + 1, g.nchars, s.nchars);
            goto out;
        }
    }
    align = malloc(sizeof(long) * (size_t)(s.nwords + 1));
    galign = malloc(sizeof(long) * (size_t)(g.nwords + 1));
    if (!align || !galign) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (long i = 0; i < g.nwords; i++)
        galign[i] = -1;
    long i = 0, j = 0, nal = 0;
    while (j < s.nwords) {
        align[j] = -1;
        int c = i < g.nwords ? cmp_word(&g.words[i], &s.words[j]) : 1;
        if (c == 0) {
            align[j] = i;
            galign[i] = j;
            nal++; i++; j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    long c_upos = 0, c_xpos = 0, c_feats = 0, c_lemma = 0, c_uas = 0, c_las = 0, c_lasf = 0;
    for (j = 0; j < s.nwords; j++) {
        if (align[j] < 0)
            continue;
        const kh_word *sw = s.words[j].w, *gw = g.words[align[j]].w;
        c_upos += sw->upos == gw->upos;
        c_xpos += streq(sw->xpos, gw->xpos);
        c_feats += streq(sw->feats, gw->feats);
        c_lemma += streq(sw->lemma, gw->lemma) || streq(gw->lemma, NULL);
        /* the system head, mapped to gold numbering: root stays root */
        long sh = sw->head;
        long gh = gw->head;
        int head_ok;
        if (sh <= 0 || gh <= 0) {
            head_ok = sh == 0 && gh == 0;
        } else {
            long sflat = s.words[j].sent_base + sh - 1;
            long gflat = g.words[align[j]].sent_base + gh - 1;
            head_ok = sflat < s.nwords && align[sflat] == gflat;
        }
        if (head_ok) {
            c_uas++;
            c_las += same_univ(sw->deprel, gw->deprel);
            c_lasf += streq(sw->deprel, gw->deprel);
        }
    }
    out->gold_words = g.nwords;
    out->sys_words = s.nwords;
    out->aligned_words = nal;
    out->f1[KH_UD_TOKENS] = f1(match_spans(g.toks, g.ntoks, s.toks, s.ntoks), g.ntoks, s.ntoks);
    out->f1[KH_UD_SENTENCES] = f1(match_spans(g.sents, g.nsents, s.sents, s.nsents), g.nsents, s.nsents);
    out->f1[KH_UD_WORDS] = f1(nal, g.nwords, s.nwords);
    out->f1[KH_UD_UPOS] = f1(c_upos, g.nwords, s.nwords);
    out->f1[KH_UD_XPOS] = f1(c_xpos, g.nwords, s.nwords);
    out->f1[KH_UD_UFEATS] = f1(c_feats, g.nwords, s.nwords);
    out->f1[KH_UD_LEMMA] = f1(c_lemma, g.nwords, s.nwords);
    out->f1[KH_UD_UAS] = f1(c_uas, g.nwords, s.nwords);
    out->f1[KH_UD_LAS] = f1(c_las, g.nwords, s.nwords);
    out->f1[KH_UD_LASFULL] = f1(c_lasf, g.nwords, s.nwords);
    rc = 0;
out:
    free(align);
    free(galign);
    side_free(&g);
    side_free(&s);
    return rc;
}

void kh_evalud_print(FILE *f, const kh_ud_scores *s)
{
    for (int i = 0; i < KH_UD_NMETRICS; i++)
        fprintf(f, "%s %.2f\n", metric_names[i], s->f1[i]);
}
