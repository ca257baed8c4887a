/* pipeline.c - one document through text -> nlp -> coder (see pipeline.h). */
#include "pipeline.h"
#include "context.h"
#include "coref.h"
#include "timex.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

struct kh_pipeline {
    kh_pipeline_opts o;
    const kh_nlp *nlp;
    const kh_dict *dict;
    kh_nlp *own_nlp;       /* loaded by kh_pipeline_open, freed by close */
    kh_dict *own_dict;
    kh_context *cx;        /* dates, places, themes, quantities; NULL: no gazetteer */
    kh_coref_people *people;  /* the dictionary's persons by name key (coref look-ups); NULL:
                                 none or out of memory, then coref scans the dictionary */
};

void kh_pipeline_opts_init(kh_pipeline_opts *o)
{
    memset(o, 0, sizeof *o);
    kh_code_opts_init(&o->code);
    o->data_dir = "data";
}

/* ---- counts ----------------------------------------------------------------------- */

void kh_counts_add(kh_counts *to, const kh_counts *from)
{
    to->documents += from->documents;
    to->sentences += from->sentences;
    to->events += from->events;
    to->negated += from->negated;
    to->rejected += from->rejected;
    for (int i = 0; i < KH_SENT_STATUS_COUNT; i++)
        to->skipped[i] += from->skipped[i];
}

long kh_counts_skipped(const kh_counts *c)
{
    long n = 0;
    for (int i = KH_SENT_TOO_LONG; i < KH_SENT_STATUS_COUNT; i++)
        n += c->skipped[i];
    return n;
}

void kh_counts_print(FILE *out, const kh_counts *c)
{
    fprintf(out, "%ld documents, %ld sentences, %ld events", c->documents, c->sentences, c->events);
    if (c->negated)
        fprintf(out, " (%ld negated)", c->negated);
    fprintf(out, ", %ld skipped", kh_counts_skipped(c));
    const char *sep = " (";
    for (int i = KH_SENT_TOO_LONG; i < KH_SENT_STATUS_COUNT; i++)
        if (c->skipped[i]) {
            fprintf(out, "%s%ld %s", sep, c->skipped[i], kh_sent_status_name(i));
            sep = ", ";
        }
    fprintf(out, "%s, %ld rejected\n", *sep == ',' ? ")" : "", c->rejected);
}

/* ---- opening ----------------------------------------------------------------------- */

kh_pipeline *kh_pipeline_wrap(const kh_nlp *nlp, const kh_dict *dict, const kh_pipeline_opts *o)
{
    kh_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->o = *o;
    p->nlp = nlp;
    p->dict = dict;
    if (dict)
        p->people = kh_coref_people_new(dict);
    return p;
}

/* The model is the longest part of start-up (0.13 s of 0.2): it is loaded on a thread
 * of its own while this one reads the dictionaries and the gazetteer. */
typedef struct nlp_job {
    const char *path;
    kh_nlp *nlp;
    char err[512];
} nlp_job;

static void *open_nlp(void *arg)
{
    nlp_job *j = arg;
    j->nlp = kh_nlp_open(j->path, j->err, sizeof j->err);
    return NULL;
}

/* The dictionaries and the gazetteer; 0, or -1 (reported on diag). */
static int open_knowledge(kh_pipeline *p, const kh_pipeline_opts *o, kh_diag *diag)
{
    char defdir[1024];
    const char *def[1];
    const char *const *paths = o->dict_paths;
    int n = o->ndict_paths;
    if (n == 0) {
        snprintf(defdir, sizeof defdir, "%s/dict", o->data_dir ? o->data_dir : "data");
        def[0] = defdir;
        paths = def;
        n = 1;
    }
    p->own_dict = kh_dict_open(paths, n, diag);
    if (!p->own_dict)
        return -1;
    p->dict = p->own_dict;
    p->people = kh_coref_people_new(p->dict);
    p->cx = kh_context_open(o->data_dir ? o->data_dir : "data", diag);
    return p->cx ? 0 : -1;
}

kh_pipeline *kh_pipeline_open(const kh_pipeline_opts *o, kh_diag *diag)
{
    kh_pipeline *p = kh_pipeline_wrap(NULL, NULL, o);
    if (!p) {
        kh_diag_error(diag, "khaldun", 0, "out of memory");
        return NULL;
    }
    nlp_job job = { o->model_path, NULL, "" };
    pthread_t th;
    int threaded = 0;
    if (!o->no_model) {
        threaded = pthread_create(&th, NULL, open_nlp, &job) == 0;
        if (!threaded)
            open_nlp(&job);
    }
    int rc = open_knowledge(p, o, diag);
    if (threaded)
        pthread_join(th, NULL);
    p->own_nlp = job.nlp;
    p->nlp = job.nlp;
    if (!o->no_model && !job.nlp) {
        kh_diag_error(diag, NULL, 0, "%s", job.err);   /* the message names the model */
        rc = -1;
    }
    if (rc != 0) {
        kh_pipeline_close(p);
        return NULL;
    }
    return p;
}

void kh_pipeline_close(kh_pipeline *p)
{
    if (!p)
        return;
    if (p->own_nlp)
        kh_nlp_close(p->own_nlp);
    if (p->own_dict)
        kh_dict_free(p->own_dict);
    kh_context_close(p->cx);
    kh_coref_people_free(p->people);
    free(p);
}

const kh_dict *kh_pipeline_dict(const kh_pipeline *p) { return p->dict; }
const kh_pipeline_opts *kh_pipeline_options(const kh_pipeline *p) { return &p->o; }

/* ---- trees carried by the input ------------------------------------------------------ */

static const char *const v1_to_v2[][2] = {
    {"dobj", "obj"}, {"nsubjpass", "nsubj:pass"}, {"csubjpass", "csubj:pass"},
    {"auxpass", "aux:pass"}, {"neg", "advmod"}, {"name", "flat"}, {"mwe", "fixed"},
    {"nmod:agent", "obl:agent"},
};

static int is_verbal(const kh_word *w)
{
    return w->upos == KH_UPOS_VERB || w->upos == KH_UPOS_AUX || w->upos == KH_UPOS_ADJ;
}

/* UD v1 -> v2 labels, in place: the plain renames, then nmod of a verb -> obl and
 * "by" nmod of a passive verb -> obl:agent. */
static void map_labels(kh_sentence *s, kh_arena *a)
{
    int n = s->nwords;
    for (int i = 0; i < n; i++) {
        kh_word *w = &s->words[i];
        for (size_t k = 0; w->deprel && k < sizeof v1_to_v2 / sizeof v1_to_v2[0]; k++)
            if (strcmp(w->deprel, v1_to_v2[k][0]) == 0)
                w->deprel = v1_to_v2[k][1];
    }
    for (int i = 0; i < n; i++) {
        kh_word *w = &s->words[i];
        if (!w->deprel || w->head <= 0 || strncmp(w->deprel, "nmod", 4) != 0)
            continue;
        if (strcmp(w->deprel, "nmod:poss") == 0)
            continue;
        const kh_word *h = &s->words[w->head - 1];
        if (!is_verbal(h))
            continue;
        int by = 0, passive = 0;
        for (int j = 0; j < n; j++) {
            const kh_word *c = &s->words[j];
            if (c->head == i + 1 && c->deprel && strcmp(c->deprel, "case") == 0 && c->lemma &&
                strcasecmp(c->lemma, "by") == 0)
                by = 1;
            if (c->head == w->head && c->deprel &&
                (strcmp(c->deprel, "aux:pass") == 0 || strcmp(c->deprel, "nsubj:pass") == 0))
                passive = 1;
        }
        if (by && passive)
            w->deprel = "obl:agent";
        else if (strcmp(w->deprel, "nmod:tmod") == 0)
            w->deprel = "obl:tmod";
        else if (strcmp(w->deprel, "nmod") == 0)
            w->deprel = "obl";
        else {
            char buf[64];
            snprintf(buf, sizeof buf, "obl%s", w->deprel + 4);
            const char *d = kh_arena_strdup(a, buf);
            if (d)
                w->deprel = d;
        }
    }
}

static const char *field_dup(kh_arena *a, const char *f, size_t n)
{
    if (n == 1 && f[0] == '_')
        return NULL;
    return kh_arena_strndup(a, f, n);
}

/* Appends one CoNLL-U word line to s; 1 when malformed. */
static int add_word_line(kh_doc *doc, kh_sentence *s, int *cap, const char *line, size_t len, size_t *pos)
{
    const char *f[10];
    size_t fl[10];
    int nf = 0;
    const char *p = line, *end = line + len;
    while (nf < 10) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        f[nf] = p;
        fl[nf] = t ? (size_t)(t - p) : (size_t)(end - p);
        nf++;
        if (!t)
            break;
        p = t + 1;
    }
    if (nf < 8)
        return 1;
    if (memchr(f[0], '-', fl[0]) || memchr(f[0], '.', fl[0]))
        return 0;                             /* multiword token or empty node */
    if (s->nwords == *cap) {
        int nc = *cap ? *cap * 2 : 32;
        kh_word *w = kh_arena_grow(doc->arena, s->words, (size_t)s->nwords, (size_t)nc, sizeof *w);
        if (!w)
            return -1;
        s->words = w;
        *cap = nc;
    }
    kh_word *w = &s->words[s->nwords];
    memset(w, 0, sizeof *w);
    w->form = kh_arena_strndup(doc->arena, f[1], fl[1]);
    w->lemma = field_dup(doc->arena, f[2], fl[2]);
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(fl[3] < 31 ? fl[3] : 31), f[3]);
    w->upos = (uint8_t)kh_upos_from_name(tmp);
    w->xpos = field_dup(doc->arena, f[4], fl[4]);
    w->feats = field_dup(doc->arena, f[5], fl[5]);
    w->head = (int32_t)strtol(f[6], NULL, 10);
    w->deprel = field_dup(doc->arena, f[7], fl[7]);
    w->space_after = 1;
    if (!w->form)
        return -1;
    /* find the word in the text so that spans point at it */
    const char *hit = doc->text ? strstr(doc->text + *pos, w->form) : NULL;
    if (hit && (size_t)(hit - (doc->text + *pos)) < 200) {
        w->start = (uint32_t)(hit - doc->text);
        w->end = w->start + (uint32_t)strlen(w->form);
        *pos = w->end;
    } else {
        w->start = w->end = (uint32_t)*pos;
    }
    s->nwords++;
    return 0;
}

static int finish_sentence(kh_doc *doc, kh_sentence *s)
{
    if (s->nwords == 0) {
        doc->nsents--;
        return 0;
    }
    for (int i = 0; i < s->nwords; i++)
        if (s->words[i].head < 0 || s->words[i].head > s->nwords)
            return 1;
    map_labels(s, doc->arena);
    s->start = s->words[0].start;
    s->end = s->words[s->nwords - 1].end;
    if (doc->text && s->end >= s->start)
        s->text = kh_arena_strndup(doc->arena, doc->text + s->start, s->end - s->start);
    return 0;
}

int kh_pipeline_load_parse(kh_doc *doc, const char *conllu)
{
    doc->nsents = 0;
    size_t pos = 0;
    kh_sentence *s = NULL;
    int cap = 0;
    const char *p = conllu;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
            len--;
        const char *q = p;
        while (len && (*q == ' ' || *q == '\t')) {
            q++;
            len--;
        }
        if (len == 0 || (len >= 2 && q[0] == '1' && q[1] == '\t' && s && s->nwords)) {
            if (s && finish_sentence(doc, s))
                return 1;
            s = NULL;
        }
        if (len > 0 && *q != '#') {
            if (!s) {
                if (!(s = kh_doc_add_sentence(doc)))
                    return -1;
                cap = 0;
            }
            int rc = add_word_line(doc, s, &cap, q, len, &pos);
            if (rc)
                return rc;
        }
        p += (eol ? (size_t)(eol - p) + 1 : strlen(p));
    }
    if (s && finish_sentence(doc, s))
        return 1;
    return 0;
}


/* ---- Penn Treebank parses (petrarch2's <Parse>) ------------------------------------
 *
 * A constituency tree is turned into UD basic dependencies with head rules and
 * labels read off the configuration, enough for the coder: subjects (passive too),
 * objects, prepositional dependents with their case, by-agents, clausal
 * complements, relative clauses, appositions, conjuncts, possessives, negation. */


static int is_be_form(const char *w)
{
    static const char *const be[] = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", NULL};
    for (int i = 0; w && be[i]; i++)
        if (strcasecmp(w, be[i]) == 0)
            return 1;
    return 0;
}

typedef struct ptb_node {
    const char *label;        /* phrase label, or the tag of a leaf */
    const char *word;         /* leaf: the word; NULL for phrases */
    int first, next;          /* children (node indexes), -1 */
    int head;                 /* head word (0-based) */
    int leaf;                 /* word index of a leaf */
} ptb_node;

typedef struct ptb {
    ptb_node *n;
    int nn, cap;
    kh_arena *a;
    const char **wtag, **wform;
    int nw, capw;
} ptb;

static int ptb_new(ptb *t, const char *label, const char *word)
{
    if (t->nn == t->cap) {
        int c = t->cap ? t->cap * 2 : 64;
        ptb_node *n = kh_arena_grow(t->a, t->n, (size_t)t->nn, (size_t)c, sizeof *n);
        if (!n)
            return -1;
        t->n = n;
        t->cap = c;
    }
    ptb_node *x = &t->n[t->nn];
    x->label = label;
    x->word = word;
    x->first = x->next = -1;
    x->head = -1;
    x->leaf = -1;
    if (word) {
        if (t->nw == t->capw) {
            int c = t->capw ? t->capw * 2 : 64;
            const char **a1 = kh_arena_grow(t->a, t->wtag, (size_t)t->nw, (size_t)c, sizeof *a1);
            const char **a2 = kh_arena_grow(t->a, t->wform, (size_t)t->nw, (size_t)c, sizeof *a2);
            if (!a1 || !a2)
                return -1;
            t->wtag = a1;
            t->wform = a2;
            t->capw = c;
        }
        x->leaf = x->head = t->nw;
        t->wtag[t->nw] = label;
        t->wform[t->nw] = word;
        t->nw++;
    }
    return t->nn++;
}

static const char *ptb_token(ptb *t, const char **pp)
{
    const char *p = *pp;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    const char *b = p;
    while (*p && *p != '(' && *p != ')' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        p++;
    *pp = p;
    return p > b ? kh_arena_strndup(t->a, b, (size_t)(p - b)) : NULL;
}

/* Reads "(LABEL child...)" or "(TAG word)" at *pp; returns the node or -1 / -2 (oom). */
static int ptb_read(ptb *t, const char **pp, int depth)
{
    const char *p = *pp;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p != '(' || depth > 200)
        return -1;
    p++;
    const char *label = ptb_token(t, &p);
    if (!label)
        label = "ROOT";
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    int me;
    if (*p != '(') {                                  /* a leaf */
        const char *word = ptb_token(t, &p);
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!word || *p != ')')
            return -1;
        me = ptb_new(t, label, word);
        *pp = p + 1;
        return me < 0 ? -2 : me;
    }
    if ((me = ptb_new(t, label, NULL)) < 0)
        return -2;
    int last = -1;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (*p == ')') {
            p++;
            break;
        }
        int c = ptb_read(t, &p, depth + 1);
        if (c < 0)
            return c;
        if (last < 0)
            t->n[me].first = c;
        else
            t->n[last].next = c;
        last = c;
    }
    *pp = p;
    return me;
}

static int lab(const ptb *t, int c, const char *l)
{
    return strcmp(t->n[c].label, l) == 0;
}

static int lab_pre(const ptb *t, int c, const char *l)
{
    return strncmp(t->n[c].label, l, strlen(l)) == 0;
}

static int is_verb_tag(const char *l)
{
    return l[0] == 'V' && l[1] == 'B';
}

static int is_punct_tag(const char *l)
{
    return strchr(",.:``''-LRB--RRB-#$", l[0]) != NULL && !isalpha((unsigned char)l[0]);
}

static int has_child_label(const ptb *t, int x, const char *l);
static int last_child_is(const ptb *t, int x, const char *l);

/* The head child of phrase x by simple head rules (UD style: content words head). */
static int head_child(const ptb *t, int x)
{
    const ptb_node *n = &t->n[x];
    int first = n->first, best = -1;
    if (lab(t, x, "PP") || lab(t, x, "WHPP")) {        /* the object, not the preposition */
        for (int c = first; c >= 0; c = t->n[c].next)
            if (lab_pre(t, c, "NP") || lab(t, c, "S") || lab(t, c, "SBAR") || lab_pre(t, c, "WHNP") ||
                lab(t, c, "ADJP") || lab(t, c, "ADVP"))
                return c;
        return first;
    }
    if (lab(t, x, "VP")) {
        int verb = -1;
        for (int c = first; c >= 0; c = t->n[c].next) {
            if (lab(t, c, "VP") && verb >= 0)
                return c;                               /* aux + VP: the inner verb heads */
            if (is_verb_tag(t->n[c].label) || lab(t, c, "MD") || lab(t, c, "TO")) {
                if (verb < 0)
                    verb = c;
            } else if (lab(t, c, "VP") && verb < 0) {
                return c;
            }
        }
        if (verb >= 0 && (lab(t, verb, "TO") || lab(t, verb, "MD") || is_be_form(t->n[verb].word)))
            for (int c = t->n[verb].next; c >= 0; c = t->n[c].next)   /* copula: the predicate heads */
                if (lab(t, c, "ADJP") || lab_pre(t, c, "NP") || lab(t, c, "VP"))
                    return c;
        return verb >= 0 ? verb : first;
    }
    if (lab(t, x, "S") || lab(t, x, "SQ") || lab(t, x, "SINV") || lab(t, x, "ROOT") || lab(t, x, "SBARQ")) {
        for (int c = first; c >= 0; c = t->n[c].next)
            if (lab(t, c, "VP"))
                return c;
        for (int c = first; c >= 0; c = t->n[c].next)
            if (lab(t, c, "S") || lab(t, c, "SINV") || lab(t, c, "SBAR"))
                return c;
        for (int c = first; c >= 0; c = t->n[c].next)
            if (!is_punct_tag(t->n[c].label))
                return c;
        return first;
    }
    if (lab(t, x, "SBAR")) {
        for (int c = first; c >= 0; c = t->n[c].next)
            if (lab_pre(t, c, "S"))
                return c;
        return first;
    }
    if (lab_pre(t, x, "NP") || lab(t, x, "WHNP") || lab(t, x, "NX") || lab(t, x, "QP")) {
        /* coordination of words: "(NP (NNP Mordor) (, ,) (NNP Rohan) (CC and) (NNP Bree))" */
        if (has_child_label(t, x, "CC") && !has_child_label(t, x, "NP"))
            for (int c = first; c >= 0; c = t->n[c].next)
                if (t->n[c].word && t->n[c].label[0] == 'N')
                    return c;
        /* NP PP / NP , NP / NP CC NP: the first NP (not a possessor "Arnor 's");
         * else the last noun */
        for (int c = first; c >= 0; c = t->n[c].next)
            if (lab_pre(t, c, "NP") && !last_child_is(t, c, "POS"))
                return c;
        for (int c = first; c >= 0; c = t->n[c].next) {
            const char *l = t->n[c].label;
            if (t->n[c].word && (l[0] == 'N' || !strcmp(l, "PRP") || !strcmp(l, "CD") || !strcmp(l, "FW") ||
                                 !strcmp(l, "WP") || !strcmp(l, "EX")))
                best = c;
            else if (best >= 0 && !strcmp(l, "POS"))
                break;
        }
        if (best >= 0)
            return best;
        for (int c = first; c >= 0; c = t->n[c].next)
            if (!is_punct_tag(t->n[c].label) && !lab(t, c, "DT"))
                best = c;
        return best >= 0 ? best : first;
    }
    if (lab(t, x, "ADVP") || lab(t, x, "ADJP"))        /* "(ADVP earlier (PP by X))": the adverb */
        for (int c = first; c >= 0; c = t->n[c].next)
            if (t->n[c].word && (t->n[c].label[0] == 'R' || t->n[c].label[0] == 'J'))
                return c;
    for (int c = first; c >= 0; c = t->n[c].next)     /* ADJP, ADVP, PRT, ...: the last word */
        if (!is_punct_tag(t->n[c].label) && !lab(t, c, "CC"))
            best = c;
    return best >= 0 ? best : first;
}

static int ptb_heads(ptb *t, int x)
{
    if (t->n[x].word)
        return t->n[x].head;
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next)
        ptb_heads(t, c);
    int h = head_child(t, x);
    t->n[x].head = h >= 0 ? t->n[h].head : -1;
    return t->n[x].head;
}

static int has_child_label(const ptb *t, int x, const char *l)
{
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next)
        if (lab_pre(t, c, l))
            return 1;
    return 0;
}

static int last_child_is(const ptb *t, int x, const char *l)
{
    int last = -1;
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next)
        last = c;
    return last >= 0 && lab(t, last, l);
}

static int first_word_is(const ptb *t, int x, const char *w)
{
    while (x >= 0 && !t->n[x].word)
        x = t->n[x].first;
    return x >= 0 && strcasecmp(t->n[x].word, w) == 0;
}

/* The relation of child c (not the head child h) of phrase x. */
static const char *ptb_rel(const ptb *t, int x, int c, int h, int before, int after_cc, int nps_after)
{
    const char *l = t->n[c].label;
    if (t->n[c].word && is_punct_tag(l))
        return "punct";
    if (lab(t, c, "CC"))
        return "cc";
    if (after_cc && !t->n[c].word)
        return "conj";
    if (lab(t, x, "PP") || lab(t, x, "WHPP"))
        return (lab(t, c, "IN") || lab(t, c, "TO")) ? "case" : "advmod";
    if (lab(t, x, "SBAR"))
        return "mark";
    if (lab(t, c, "RB") || lab(t, c, "ADVP") || lab(t, c, "WHADVP"))
        return "advmod";
    if (lab(t, x, "VP")) {
        if (before && (is_verb_tag(l) || lab(t, c, "MD")))
            return "aux";
        if (lab(t, c, "TO"))
            return "mark";
        if (lab(t, c, "NP-TMP"))
            return "obl:tmod";      /* "said today": a time, not an object */
        if (lab_pre(t, c, "NP"))
            return nps_after > 1 ? "iobj" : "obj";
        if (lab(t, c, "PP"))
            return "obl";
        if (lab(t, c, "S"))
            return has_child_label(t, c, "NP") ? "ccomp" : "xcomp";
        if (lab(t, c, "SBAR"))
            return (first_word_is(t, c, "that") || !has_child_label(t, c, "IN")) ? "ccomp" : "advcl";
        if (lab(t, c, "ADJP"))
            return "xcomp";
        if (lab(t, c, "PRT"))
            return "compound:prt";
        if (lab(t, c, "VP"))
            return "conj";
        return "dep";
    }
    if (lab_pre(t, x, "NP") || lab(t, x, "WHNP") || lab(t, x, "NX")) {
        if (lab(t, c, "POS"))
            return "case";
        if (before) {
            if (lab(t, c, "DT") || lab(t, c, "PDT") || lab(t, c, "WDT"))
                return "det";
            if (lab(t, c, "PRP$") || lab(t, c, "WP$") || (lab_pre(t, c, "NP") && last_child_is(t, c, "POS")))
                return "nmod:poss";
            if (l[0] == 'J' || lab(t, c, "ADJP") || lab(t, c, "VBN") || lab(t, c, "VBG"))
                return "amod";
            if (lab(t, c, "CD") || lab(t, c, "QP"))
                return "nummod";
            return "compound";
        }
        if (has_child_label(t, x, "CC") && (lab_pre(t, c, "NP") || (t->n[c].word && l[0] == 'N')))
            return "conj";
        if (lab(t, c, "PP"))
            return "nmod";
        if (lab(t, c, "SBAR"))
            return "acl:relcl";
        if (lab(t, c, "VP") || lab(t, c, "RRC") || lab(t, c, "S"))
            return "acl";
        if (lab_pre(t, c, "NP"))
            return "appos";
        if (l[0] == 'J' || lab(t, c, "ADJP"))
            return "amod";
        return "dep";
    }
    /* S, SINV, ROOT, ... */
    if (lab_pre(t, c, "NP") && before)
        return "nsubj";
    if (lab(t, c, "PP"))
        return "obl";
    if (lab(t, c, "SBAR"))
        return "advcl";
    if (lab_pre(t, c, "S"))
        return "ccomp";
    return "dep";
}

static void ptb_deps(const ptb *t, int x, int32_t *head, const char **rel)
{
    if (t->n[x].word)
        return;
    int h = head_child(t, x), before = 1, after_cc = 0, nps_after = 0;
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next)
        if (c != h && lab_pre(t, c, "NP") && !lab(t, c, "NP-TMP") && t->n[c].head > t->n[x].head)
            nps_after++;
    for (int c = t->n[x].first; c >= 0; c = t->n[c].next) {
        if (c == h) {
            before = 0;
        } else if (t->n[c].head >= 0 && t->n[x].head >= 0 && t->n[c].head != t->n[x].head) {
            head[t->n[c].head] = t->n[x].head + 1;
            rel[t->n[c].head] = ptb_rel(t, x, c, h, before, after_cc, nps_after);
            if (!before && lab_pre(t, c, "NP") && !lab(t, c, "NP-TMP"))
                nps_after--;
        }
        if (!before && lab(t, c, "CC"))
            after_cc = 1;
        ptb_deps(t, c, head, rel);
    }
}

static int ptb_upos(const char *tag)
{
    static const char *const map[][2] = {
        {"NNPS", "PROPN"}, {"NNP", "PROPN"}, {"NN", "NOUN"}, {"VB", "VERB"}, {"MD", "AUX"}, {"JJ", "ADJ"},
        {"RB", "ADV"}, {"IN", "ADP"}, {"DT", "DET"}, {"PDT", "DET"}, {"WDT", "PRON"}, {"PRP", "PRON"},
        {"WP", "PRON"}, {"EX", "PRON"}, {"CC", "CCONJ"}, {"CD", "NUM"}, {"TO", "PART"}, {"POS", "PART"},
        {"RP", "ADP"}, {"UH", "INTJ"}, {"FW", "X"}, {"SYM", "SYM"}, {"WRB", "ADV"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncmp(tag, map[i][0], strlen(map[i][0])) == 0)
            return kh_upos_from_name(map[i][1]);
    return isalpha((unsigned char)tag[0]) ? KH_UPOS_X : KH_UPOS_PUNCT;
}

/* A small lemmatiser for Penn tags: the irregular verbs news uses, then suffixes. */
static const char *ptb_lemma(kh_arena *a, const char *form, const char *tag)
{
    static const char *const irr[][2] = {
        {"is", "be"}, {"are", "be"}, {"was", "be"}, {"were", "be"}, {"been", "be"}, {"being", "be"},
        {"am", "be"}, {"has", "have"}, {"had", "have"}, {"did", "do"}, {"does", "do"}, {"said", "say"},
        {"met", "meet"}, {"went", "go"}, {"made", "make"}, {"took", "take"}, {"taken", "take"},
        {"gave", "give"}, {"given", "give"}, {"held", "hold"}, {"sent", "send"}, {"left", "leave"},
        {"told", "tell"}, {"won", "win"}, {"brought", "bring"}, {"fought", "fight"}, {"shot", "shoot"},
        {"seen", "see"}, {"saw", "see"}, {"began", "begin"}, {"struck", "strike"}, {"n't", "not"},
        {"ca", "can"}, {"wo", "will"}, {"sought", "seek"}, {"kept", "keep"}, {"led", "lead"},
    };
    char low[128];
    size_t n = strlen(form);
    if (n >= sizeof low)
        return form;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)form[i]);
    for (size_t i = 0; i < sizeof irr / sizeof irr[0]; i++)
        if (strcmp(low, irr[i][0]) == 0)
            return irr[i][1];
    if (tag[0] == 'N' && tag[1] == 'N' && tag[2] == 'P')
        return form;
    if ((!strcmp(tag, "VBD") || !strcmp(tag, "VBN")) && n > 4 && !strcmp(low + n - 2, "ed")) {
        if (!strcmp(low + n - 3, "ied"))
            strcpy(low + n - 3, "y");
        else if (n > 5 && low[n - 3] == low[n - 4] && !strchr("aeiouls", low[n - 3]))
            low[n - 3] = '\0';
        else if (strchr("szvcu", low[n - 3]))
            low[n - 1] = '\0';                  /* opposed, criticized, solved, forced, argued */
        else
            low[n - 2] = '\0';
    } else if (!strcmp(tag, "VBG") && n > 5 && !strcmp(low + n - 3, "ing")) {
        low[n - 3] = '\0';
    } else if ((!strcmp(tag, "VBZ") || !strcmp(tag, "NNS")) && n > 3 && low[n - 1] == 's') {
        if (!strcmp(low + n - 3, "ies") && n > 5)
            strcpy(low + n - 3, "y");
        else
            low[n - 1] = '\0';
    }
    return kh_arena_strdup(a, low);
}

static void place_word(const kh_doc *doc, kh_word *w, size_t *pos)
{
    const char *hit = doc->text ? strstr(doc->text + *pos, w->form) : NULL;
    if (hit && (size_t)(hit - (doc->text + *pos)) < 200) {
        w->start = (uint32_t)(hit - doc->text);
        w->end = w->start + (uint32_t)strlen(w->form);
        *pos = w->end;
    } else {
        w->start = w->end = (uint32_t)*pos;
    }
}

/* The passive: a VBN head with a form of "be" as auxiliary. */
static void ptb_passive(kh_sentence *s)
{
    for (int i = 0; i < s->nwords; i++) {
        if (!s->words[i].xpos || strcmp(s->words[i].xpos, "VBN") != 0)
            continue;
        int be = -1;
        for (int j = 0; j < s->nwords; j++)
            if (s->words[j].head == i + 1 && s->words[j].deprel && !strcmp(s->words[j].deprel, "aux") &&
                is_be_form(s->words[j].form))
                be = j;
        if (be < 0)
            continue;
        s->words[be].deprel = "aux:pass";
        for (int j = 0; j < s->nwords; j++) {
            kh_word *w = &s->words[j];
            if (w->head != i + 1 || !w->deprel)
                continue;
            if (!strcmp(w->deprel, "nsubj"))
                w->deprel = "nsubj:pass";
            else if (!strcmp(w->deprel, "obl"))
                for (int k = 0; k < s->nwords; k++)
                    if (s->words[k].head == j + 1 && s->words[k].deprel && !strcmp(s->words[k].deprel, "case") &&
                        !strcasecmp(s->words[k].form, "by"))
                        w->deprel = "obl:agent";
        }
    }
}

/* Fills doc->sents from Penn Treebank bracketings; 1 when malformed. */
static int load_ptb(kh_doc *doc, const char *text)
{
    doc->nsents = 0;
    size_t pos = 0;
    const char *p = text;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        ptb t;
        memset(&t, 0, sizeof t);
        t.a = doc->arena;
        int root = ptb_read(&t, &p, 0);
        if (root == -2)
            return -1;
        if (root < 0 || t.nw == 0)
            return 1;
        ptb_heads(&t, root);
        kh_sentence *s = kh_doc_add_sentence(doc);
        int32_t *head = kh_arena_calloc(doc->arena, (size_t)t.nw, sizeof *head);
        const char **rel = kh_arena_calloc(doc->arena, (size_t)t.nw, sizeof *rel);
        s = s ? s : NULL;
        if (!s || !head || !rel || !(s->words = kh_arena_calloc(doc->arena, (size_t)t.nw, sizeof *s->words)))
            return -1;
        ptb_deps(&t, root, head, rel);
        s->nwords = t.nw;
        for (int i = 0; i < t.nw; i++) {
            kh_word *w = &s->words[i];
            const char *f = t.wform[i];
            w->form = !strcmp(f, "-LRB-") ? "(" : !strcmp(f, "-RRB-") ? ")" : !strcmp(f, "``") ? "\"" :
                      !strcmp(f, "''") ? "\"" : f;
            w->xpos = t.wtag[i];
            w->upos = (uint8_t)ptb_upos(t.wtag[i]);
            w->lemma = ptb_lemma(doc->arena, w->form, t.wtag[i]);
            w->head = i == t.n[root].head ? 0 : head[i];
            w->deprel = i == t.n[root].head ? "root" : rel[i] ? rel[i] : "dep";
            w->space_after = 1;
            if (w->head == 0 && i != t.n[root].head) {    /* unattached: under the root */
                w->head = t.n[root].head + 1;
                w->deprel = "dep";
            }
            place_word(doc, w, &pos);
        }
        if (!s->words[0].lemma)
            return -1;
        ptb_passive(s);
        s->start = s->words[0].start;
        s->end = s->words[s->nwords - 1].end;
        if (doc->text && s->end >= s->start)
            s->text = kh_arena_strndup(doc->arena, doc->text + s->start, s->end - s->start);
    }
    return doc->nsents ? 0 : 1;
}

/* ---- one document --------------------------------------------------------------------- */

/* PETRARCH's and TABARI's comma options: the clauses they remove are taken out of the
 * sentence and what is left is tagged and parsed again, as those coders read the
 * sentence without them ("Arnor is about to restore ties with Gondor, a senior official
 * said": the parser no longer makes "said" the root). Returns 1 when the sentence was
 * reduced, 0 when nothing was removed (or the re-parse failed: the full parse stays),
 * -1 out of memory. */
static int drop_comma_clauses(const kh_pipeline *p, kh_sentence *s, const kh_code_opts *o, kh_arena *a,
                              kh_buf *trace)
{
    unsigned char *del = kh_arena_alloc(a, (size_t)s->nwords + 1);
    if (!del)
        return -1;
    int nd = kh_code_comma_clauses(o, s, del);
    if (nd <= 0 || nd >= s->nwords)
        return 0;
    kh_word *kept = kh_arena_calloc(a, (size_t)(s->nwords - nd), sizeof *kept);
    if (!kept)
        return -1;
    int k = 0;
    for (int t = 0; t < s->nwords; t++)
        if (!del[t]) {
            kept[k] = s->words[t];
            kept[k].head = -1;
            kept[k].deprel = NULL;
            k++;
        }
    kh_sentence r = *s;
    r.words = kept;
    r.nwords = k;
    r.nmwts = 0;            /* token ranges of the full sentence no longer apply */
    if (kh_nlp_annotate(p->nlp, &r, a) != 0)
        return 0;
    if (trace)
        kh_buf_printf(trace, "  comma options: %d tokens removed, the rest parsed again\n", nd);
    *s = r;
    return 1;
}

/* A Penn Treebank bracketing carried by the input ("(ROOT (S ...") whose brackets do not
 * balance: the record is malformed even when its tree is not used (PETRARCH rejects it as
 * bad_input_parse), so it is refused whichever parser codes it. 0 for anything else. */
static int ptb_unbalanced(const char *parse)
{
    if (!parse)
        return 0;
    while (*parse == ' ' || *parse == '\n' || *parse == '\r' || *parse == '\t')
        parse++;
    if (*parse != '(')
        return 0;
    long depth = 0;
    for (const char *q = parse; *q; q++) {
        depth += *q == '(';
        depth -= *q == ')';
        if (depth < 0)
            return 1;
    }
    return depth != 0;
}

/* TABARI's time phrases (SET: TIME SHIFT, its <TIME> section): the first one of the whole
 * sentence, read before comma clauses are removed, discards it ([###]), marks it complex
 * ([+++]) or shifts the date of its events by a number of days. Returns the sentence
 * status (KH_SENT_CODED when the sentence is to be coded), *days the shift; -1 memory. */
static int time_phrase(const kh_pipeline *p, const kh_sentence *s, kh_arena *a, kh_buf *trace, int *days)
{
    kh_dict_sent ds;
    kh_time_match tm;
    *days = 0;
    if (kh_dict_ntimes(p->dict) == 0 || s->nwords == 0)
        return KH_SENT_CODED;
    if (kh_dict_prepare(p->dict, s, a, &ds) < 0)
        return -1;
    if (!kh_dict_time_find(p->dict, &ds, &tm))
        return KH_SENT_CODED;
    if (trace)
        kh_buf_printf(trace, "  time phrase '%s' [%s]\n", tm.block->name,
                      tm.special == KH_CODE_DISCARD ? "###" : tm.special == KH_CODE_COMPLEX ? "+++" : tm.block->code);
    if (tm.special == KH_CODE_DISCARD)
        return KH_SENT_DISCARD;
    if (tm.special == KH_CODE_COMPLEX)
        return KH_SENT_COMPLEX;
    *days = tm.days;
    return KH_SENT_CODED;
}

/* Moves the date of events ev[0..n-1] by days from the story date. */
static int shift_dates(kh_doc *doc, kh_event *ev, int n, int days)
{
    kh_date d;
    if (!days || !doc->date || kh_timex_parse_date(doc->date, &d) < 0)
        return 0;
    kh_date t = kh_civil_from_days(kh_days_from_civil(d.year, d.month, d.day) + days);
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
    for (int k = 0; k < n; k++) {
        if (!(ev[k].date = kh_arena_strdup(doc->arena, buf)))
            return -1;
        ev[k].date_precision = "day";
    }
    return 0;
}

static int has_trees(const kh_doc *doc)
{
    if (doc->nsents == 0)
        return 0;
    for (int i = 0; i < doc->nsents; i++)
        for (int j = 0; j < doc->sents[i].nwords; j++)
            if (doc->sents[i].words[j].head < 0 || !doc->sents[i].words[j].deprel)
                return 0;
    return 1;
}

int kh_pipeline_doc(const kh_pipeline *p, kh_doc *doc, const kh_code_opts *code_opts,
                    kh_events *out, kh_counts *c, kh_diag *diag, kh_buf *trace)
{
    const kh_code_opts *o = code_opts ? code_opts : &p->o.code;
    c->documents++;
    int parsed = 0;
    if (ptb_unbalanced(doc->parse)) {
        kh_diag_error(diag, doc->file, doc->line, "document %s: malformed Penn Treebank parse "
                      "(unbalanced brackets)", doc->id ? doc->id : "?");
        c->rejected++;
        return 1;
    }
    if (p->o.use_file_parses && doc->parse) {
        const char *q = doc->parse;
        while (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t')
            q++;
        int rc = *q == '(' ? load_ptb(doc, q) : kh_pipeline_load_parse(doc, doc->parse);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            kh_diag_error(diag, doc->file, doc->line, "document %s: malformed CoNLL-U parse",
                          doc->id ? doc->id : "?");
            c->rejected++;
            return 1;
        }
        parsed = 1;
    } else if (has_trees(doc)) {
        parsed = 1;
    } else if (doc->nsents == 0) {
        if (kh_text_process(doc, &p->o.text, diag) < 0) {
            c->rejected++;
            return 1;
        }
    }
    int first_event = out->n;
    kh_coref *coref = NULL;    /* actors within the document */
    if (o->coref && !(coref = kh_coref_new(p->dict, doc->arena)))
        return -1;
    kh_coref_use_people(coref, p->people);
    int *shift = NULL;         /* sentence -> days its time phrase moves its events */
    for (int si = 0; si < doc->nsents; si++) {
        kh_sentence *s = &doc->sents[si];
        c->sentences++;
        if (trace)
            kh_buf_printf(trace, "sentence %d: %s\n", si, s->text ? s->text : "");
        int too_long = o->max_words > 0 && s->nwords > o->max_words;
        if (!parsed && !too_long) {
            if (!p->nlp || kh_nlp_annotate(p->nlp, s, doc->arena) != 0) {
                c->skipped[KH_SENT_UNPARSED]++;
                s->skipped = 1;
                s->skip_reason = "unparsed";
                if (trace)
                    kh_buf_puts(trace, "  skipped: the sentence could not be parsed\n");
                continue;
            }
        }
        int days = 0;
        if (o->time_shift && !too_long) {
            int ts = time_phrase(p, s, doc->arena, trace, &days);
            if (ts < 0)
                return -1;
            if (ts != KH_SENT_CODED) {
                c->skipped[ts]++;
                s->skipped = 1;
                s->skip_reason = kh_sent_status_name(ts);
                continue;
            }
        }
        const kh_code_opts *so = o;
        kh_code_opts reduced_opts;
        if (!parsed && !too_long && (o->comma_max > 0 || o->comma_emax > 0 || o->comma_bmax > 0)) {
            int r = drop_comma_clauses(p, s, o, doc->arena, trace);
            if (r < 0)
                return -1;
            if (r > 0) {            /* coded as re-parsed, without removing anything more */
                reduced_opts = *o;
                reduced_opts.comma_max = reduced_opts.comma_emax = reduced_opts.comma_bmax = 0;
                so = &reduced_opts;
            }
        }
        if (days && !shift && !(shift = kh_arena_calloc(doc->arena, (size_t)doc->nsents, sizeof *shift)))
            return -1;
        if (days)
            shift[si] = days;
        int st = kh_code_sentence_coref(p->dict, so, doc, si, coref, out, trace);
        if (st < 0)
            return -1;
        if (st >= KH_SENT_TOO_LONG) {
            c->skipped[st]++;
            s->skipped = 1;
            s->skip_reason = kh_sent_status_name(st);
        }
        if (st == KH_SENT_STORY_DISCARD) {
            out->n = first_event;    /* the story is dropped with everything coded so far */
            break;
        }
    }
    /* Dates, places, themes and quantities of this document's events. */
    if (out->n > first_event &&   /* (out->ev is NULL before the first event) */
        kh_context_events(p->cx, p->dict, doc, out->ev + first_event, out->n - first_event) != 0)
        return -1;
    for (int k = first_event; shift && k < out->n; k++)
        if (out->ev[k].sentence >= 0 && out->ev[k].sentence < doc->nsents &&
            shift_dates(doc, &out->ev[k], 1, shift[out->ev[k].sentence]) < 0)
            return -1;
    for (int k = first_event; k < out->n; k++)
        c->negated += out->ev[k].negated;
    c->events += out->n - first_event;
    return 0;
}
