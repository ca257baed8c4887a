/* context.c - dates, places, themes and quantities of coded events (see context.h).
 *
 * One pass over the document first collects the countries of the places the story
 * names (they break ties between places of the same name: "Tripoli" in a story about
 * Lebanon). Then each event gets, from its sentence and its predicate word, the date
 * (timex), the location (place), the themes (dictionary issues) and the quantities
 * that hang from its predicate. */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "place.h"
#include "quantity.h"
#include "timex.h"

#define MAX_STORY_COUNTRIES 8   /* hints from the story; more only dilutes them */
#define MAX_PLACES 16           /* place mentions read per sentence */
#define MAX_QTY 32              /* quantities read per sentence */
#define MAX_ISSUES 16

struct kh_context {
    const kh_gazetteer *gaz;
    kh_gazetteer *own;          /* loaded by kh_context_open, freed by close */
};

/* ---- opening ------------------------------------------------------------------------ */

kh_context *kh_context_wrap(const kh_gazetteer *g)
{
    kh_context *cx = calloc(1, sizeof *cx);
    if (cx)
        cx->gaz = g;
    return cx;
}

kh_context *kh_context_open(const char *data_dir, kh_diag *diag)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/gazetteer", data_dir ? data_dir : "data");
    kh_gazetteer *g = kh_gazetteer_load(dir, diag);
    if (!g)
        return NULL;   /* reported by the loader */
    kh_context *cx = kh_context_wrap(g);
    if (!cx) {
        kh_gazetteer_free(g);
        kh_diag_error(diag, "khaldun", 0, "out of memory");
        return NULL;
    }
    cx->own = g;
    return cx;
}

void kh_context_close(kh_context *cx)
{
    if (!cx)
        return;
    kh_gazetteer_free(cx->own);
    free(cx);
}

const kh_gazetteer *kh_context_gazetteer(const kh_context *cx) { return cx ? cx->gaz : NULL; }

/* ---- the predicate word ------------------------------------------------------------- */

/* The coder writes "predicate_span":[start,end] (bytes of the verb phrase) into extra_json. */
static int predicate_span(const char *extra, unsigned *start, unsigned *end)
{
    const char *p = extra ? strstr(extra, "\"predicate_span\":[") : NULL;
    if (!p)
        return 0;
    return sscanf(p + 18, "%u,%u", start, end) == 2;
}

static int parsed(const kh_sentence *s)
{
    for (int i = 0; i < s->nwords; i++)
        if (s->words[i].head < 0 || s->words[i].head > s->nwords)
            return 0;
    return s->nwords > 0;
}

/* Depth of word i in the tree (0 for the root); nwords when the heads loop. */
static int depth(const kh_sentence *s, int i)
{
    int d = 0;
    while (s->words[i].head > 0 && d < s->nwords) {
        i = s->words[i].head - 1;
        d++;
    }
    return d;
}

/* 1 when bytes [a, b) of the document lie inside the text of actor t, found in the span. */
static int in_actor_text(const kh_doc *doc, const kh_event *e, const char *t, unsigned a, unsigned b)
{
    if (!t || !*t || !doc->text || e->span_end > doc->text_len || e->span_start >= e->span_end)
        return 0;
    size_t n = strlen(t);
    for (const char *p = doc->text + e->span_start; p + n <= doc->text + e->span_end; p++)
        if (memcmp(p, t, n) == 0) {
            unsigned o = (unsigned)(p - doc->text);
            if (a >= o && b <= o + n)
                return 1;
        }
    return 0;
}

int32_t kh_context_predicate(const kh_doc *doc, const kh_sentence *s, const kh_event *e)
{
    unsigned ps, pe;
    if (predicate_span(e->extra_json, &ps, &pe))
        for (int i = 0; i < s->nwords; i++)
            if (s->words[i].start >= ps && s->words[i].start < pe)
                return i;
    /* no predicate recorded: the word of the span that governs the others */
    int best = -1, best_depth = 0;
    int tree = parsed(s);
    for (int i = 0; i < s->nwords; i++) {
        const kh_word *w = &s->words[i];
        if (w->start < e->span_start || w->end > e->span_end)
            continue;
        if (tree) {
            int d = depth(s, i);
            if (best < 0 || d < best_depth) {
                best = i;
                best_depth = d;
            }
        } else if (w->upos == KH_UPOS_VERB) {
            return i;
        }
    }
    if (best >= 0)
        return best;
    /* untagged: the first lower-case word that is not part of an actor's words */
    for (int i = 0; i < s->nwords; i++) {
        const kh_word *w = &s->words[i];
        if (w->start < e->span_start || w->end > e->span_end)
            continue;
        unsigned char c = (unsigned char)w->form[0];
        if (c < 'a' || c > 'z')
            continue;
        if (in_actor_text(doc, e, e->source.text, w->start, w->end) ||
            in_actor_text(doc, e, e->target.text, w->start, w->end))
            continue;
        return i;
    }
    return -1;
}

/* ---- which predicate words belong to ----------------------------------------------- */

/* 1 when predicate word p is among preds[0..n-1]. */
static int is_pred(const int32_t *preds, int n, int32_t p)
{
    for (int k = 0; k < n; k++)
        if (preds[k] == p)
            return 1;
    return 0;
}

/* The predicate, among the sentence's preds, that words first..last (a quantity, a
 * place) belong to: with a tree, the nearest one above the words; otherwise (or when
 * none is above) the nearest in words, the earlier on ties. -1 when preds is empty. */
static int32_t span_owner(const kh_sentence *s, int32_t first, int32_t last, const int32_t *preds, int n)
{
    if (n == 0)
        return -1;
    if (parsed(s)) {
        int a = first;   /* the word of the span whose head lies outside it */
        for (int i = first; i <= last; i++)
            if (s->words[i].head - 1 < first || s->words[i].head - 1 > last) {
                a = i;
                break;
            }
        for (int steps = 0; a >= 0 && steps <= s->nwords; steps++) {
            if (is_pred(preds, n, a))
                return a;
            a = s->words[a].head - 1;
        }
    }
    int32_t best = -1;
    long best_d = 0;
    for (int k = 0; k < n; k++) {
        long d = preds[k] < first ? first - preds[k] : preds[k] > last ? preds[k] - last : 0;
        if (best < 0 || d < best_d || (d == best_d && preds[k] < best)) {
            best = preds[k];
            best_d = d;
        }
    }
    return best;
}

/* 1 when predicates a and b share their arguments' setting: the same word, or
 * conjoined verbs ("visited Kyiv and promised tanks": both happened in Kyiv). */
static int conjoined(const kh_sentence *s, int32_t a, int32_t b)
{
    if (a == b)
        return 1;
    if (a < 0 || b < 0)
        return 0;
    const kh_word *wa = &s->words[a], *wb = &s->words[b];
    return (wa->head == b + 1 && wa->deprel && strncmp(wa->deprel, "conj", 4) == 0) ||
           (wb->head == a + 1 && wb->deprel && strncmp(wb->deprel, "conj", 4) == 0);
}

static int clause_word(const char *f)
{
    static const char *const w[] = { "that", "said", "says", "which", "who", "while", "but", ";", ",", "\"" };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(f, w[i]) == 0)
            return 1;
    return 0;
}

/* The same without a tree: an "and" between them and no clause boundary. */
static int conjoined_flat(const kh_sentence *s, int32_t a, int32_t b)
{
    if (a == b)
        return 1;
    if (a < 0 || b < 0)
        return 0;
    int32_t lo = a < b ? a : b, hi = a < b ? b : a;
    int has_and = 0;
    for (int32_t i = lo + 1; i < hi; i++) {
        if (clause_word(s->words[i].form))
            return 0;
        has_and |= strcmp(s->words[i].form, "and") == 0;
    }
    return has_and;
}

/* 1 when what belongs to predicate owner also belongs to pred. */
static int shares(const kh_sentence *s, int32_t owner, int32_t pred)
{
    return parsed(s) ? conjoined(s, owner, pred) : conjoined_flat(s, owner, pred);
}

/* ---- places ------------------------------------------------------------------------- */

typedef struct story_countries {
    const char *code[MAX_STORY_COUNTRIES];
    int count[MAX_STORY_COUNTRIES];
    int n;
} story_countries;

/* A place the story names: its sentence and country (a gazetteer string). */
typedef struct story_place {
    int32_t si;
    const char *country;
} story_place;

/* 1 when every place called `name` lies in one country ("Beirut"). */
static int one_country(const kh_gazetteer *g, const char *name)
{
    const kh_gaz_entry *e[16];
    int n = kh_gazetteer_lookup(g, name, e, 16);
    if (n <= 0 || n > 16)
        return 0;
    for (int k = 1; k < n; k++)
        if (strcmp(e[k]->country, e[0]->country) != 0)
            return 0;
    return 1;
}

/* The first pass: the places of every sentence of the story, in a malloc'd array
 * (*out; NULL when none). A name counts when it is a country ("Lebanon"; the
 * Lebanons of Pennsylvania and Tennessee rank below it anyway) or when every place of
 * that name lies in one country: "Tripoli" resolved without hints would mislead.
 * Returns how many, or -1 when memory ran out. */
static int collect_story_places(const kh_gazetteer *g, const kh_doc *doc, story_place **out)
{
    story_place *v = NULL;
    int n = 0, cap = 0;
    kh_place p[MAX_PLACES];
    for (int si = 0; si < doc->nsents; si++) {
        int np = kh_place_find(g, &doc->sents[si], NULL, p, MAX_PLACES);
        for (int k = 0; k < np; k++) {
            if (p[k].kind != KH_GAZ_COUNTRY && !one_country(g, p[k].name))
                continue;
            if (n == cap) {
                int nc = cap ? cap * 2 : 16;
                story_place *w = realloc(v, sizeof *v * (size_t)nc);
                if (!w) {
                    free(v);
                    return -1;
                }
                v = w;
                cap = nc;
            }
            v[n].si = si;
            v[n++].country = p[k].country;
        }
    }
    *out = v;
    return n;
}

/* Countries of the story's places outside sentence si (the event's own sentence has
 * its say in kh_place_find), most often named first, first named on ties. */
static void story_hints(const story_place *v, int n, int32_t si, story_countries *sc)
{
    memset(sc, 0, sizeof *sc);
    for (int k = 0; k < n; k++) {
        if (v[k].si == si)
            continue;
        int j = 0;
        while (j < sc->n && strcmp(sc->code[j], v[k].country) != 0)
            j++;
        if (j == sc->n) {
            if (sc->n == MAX_STORY_COUNTRIES)
                continue;
            sc->code[sc->n] = v[k].country;
            sc->count[sc->n++] = 0;
        }
        sc->count[j]++;
    }
    for (int i = 1; i < sc->n; i++)   /* stable insertion sort by count */
        for (int j = i; j > 0 && sc->count[j] > sc->count[j - 1]; j--) {
            const char *c = sc->code[j];
            int t = sc->count[j];
            sc->code[j] = sc->code[j - 1];
            sc->count[j] = sc->count[j - 1];
            sc->code[j - 1] = c;
            sc->count[j - 1] = t;
        }
}

/* The ISO alpha-3 country of an actor, or 0 when its code starts with no country the
 * gazetteer knows ("IGOUNO", "---GOV"). */
static int actor_country(const kh_gazetteer *g, const kh_event_actor *a, char out[4])
{
    const char *c = a->country && *a->country ? a->country : a->code;
    if (!c || strlen(c) < 3)
        return 0;
    memcpy(out, c, 3);
    out[3] = '\0';
    return kh_gazetteer_country(g, out) != NULL;
}

static int specificity(int kind)
{
    switch (kind) {
    case KH_GAZ_SITE: return 5;
    case KH_GAZ_CITY: return 4;
    case KH_GAZ_REGION: case KH_GAZ_SUBDIVISION: return 3;
    default: return 1;
    }
}

/* 1 when place p is one of the event's actors named as a country after a weak cue:
 * "imposed sanctions on Belarus" targets Belarus, it does not happen there. */
static int actor_not_place(const kh_doc *doc, const kh_sentence *s, const kh_event *e, const kh_place *p)
{
    if (p->kind != KH_GAZ_COUNTRY || p->score >= 3 || !doc->text)
        return 0;
    unsigned a = s->words[p->first].start, b = s->words[p->last].end;
    const char *texts[2] = { e->source.text, e->target.text };
    for (int k = 0; k < 2; k++) {
        const char *t = texts[k];
        size_t n = t ? strlen(t) : 0;
        if (n == 0 || s->end > doc->text_len)
            continue;
        for (const char *q = doc->text + s->start; q + n <= doc->text + s->end; q++)
            if (memcmp(q, t, n) == 0 && a >= (unsigned)(q - doc->text) && b <= (unsigned)(q - doc->text) + n)
                return 1;
    }
    return 0;
}

/* The place of the event: among the sentence's place mentions that belong to its
 * predicate (all of them when the sentence has one predicate; else those under it or
 * under a predicate conjoined with it) and are not its actors, kh_place_locate's
 * order: a strong cue, then the most specific, then the nearest. -1 when none. */
static int choose_place(const kh_gazetteer *g, const kh_doc *doc, const kh_sentence *s, const kh_event *e,
                        int32_t pred, const int32_t *preds, int npreds, const kh_place_hints *h, kh_place *out)
{
    kh_place p[MAX_PLACES];
    int n = kh_place_find(g, s, h, p, MAX_PLACES), best = -1;
    long best_score = 0;
    for (int k = 0; k < n; k++) {
        if (npreds > 1 && pred >= 0 && !shares(s, span_owner(s, p[k].first, p[k].last, preds, npreds), pred))
            continue;
        if (actor_not_place(doc, s, e, &p[k]))
            continue;
        long dist = pred >= 0 ? labs((long)p[k].first - pred) : 0;
        long sc = (p[k].score >= 3 ? 100000 : 0) + specificity(p[k].kind) * 1000 - (dist < 999 ? dist : 999);
        if (best < 0 || sc > best_score) {
            best = k;
            best_score = sc;
        }
    }
    if (best < 0)
        return -1;
    *out = p[best];
    return 0;
}

static int set_location(const kh_gazetteer *g, const story_countries *sc, kh_doc *doc,
                        const kh_sentence *s, int32_t pred, const int32_t *preds, int npreds, kh_event *e)
{
    char src[4], tgt[4];
    const char *hint[2 + MAX_STORY_COUNTRIES];
    int nh = 0;
    if (actor_country(g, &e->source, src))
        hint[nh++] = src;
    if (actor_country(g, &e->target, tgt) && !(nh && strcmp(src, tgt) == 0))
        hint[nh++] = tgt;
    for (int k = 0; k < sc->n; k++) {
        int seen = 0;
        for (int j = 0; j < nh; j++)
            seen |= strcmp(hint[j], sc->code[k]) == 0;
        if (!seen)
            hint[nh++] = sc->code[k];
    }
    kh_place_hints h = { hint, nh };
    kh_place p;
    if (choose_place(g, doc, s, e, pred, preds, npreds, &h, &p) != 0)
        return 0;
    e->loc_name = kh_arena_strdup(doc->arena, p.name);
    e->loc_country = kh_arena_strdup(doc->arena, p.country);
    if (!e->loc_name || !e->loc_country)
        return -1;
    e->lat = p.lat;
    e->lon = p.lon;
    e->has_latlon = p.has_latlon;
    return 0;
}

/* ---- dates -------------------------------------------------------------------------- */

static int is_word(const char *f, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(f, *list) == 0)
            return 1;
    return 0;
}

/* 1 when word w (a temporal expression) lies in a clause that pred reports rather than
 * in pred's own: "Iran said it would resume enrichment next month" dates the
 * resumption, not the statement. With a tree: the path from w up to pred passes a
 * clausal complement (ccomp, parataxis). Without: pred is a verb of saying, w comes
 * after it, and a complementiser or an auxiliary opens a new clause in between. */
static int reported(const kh_sentence *s, int32_t pred, int32_t w)
{
    static const char *const say[] = { "said", "says", "say", "told", "tells", "announced", "stated",
                                       "added", "warned", "claimed", "reported", NULL };
    static const char *const opener[] = { "that", "would", "will", "could", "might", "had", "has", "have",
                                          "was", "were", "is", "are", "to", NULL };
    if (pred < 0 || w < 0 || w >= s->nwords)
        return 0;
    if (parsed(s)) {
        for (int i = w, steps = 0; i >= 0 && steps <= s->nwords; steps++) {
            const kh_word *x = &s->words[i];
            if (x->head - 1 == pred)
                return x->deprel && (strncmp(x->deprel, "ccomp", 5) == 0 || strcmp(x->deprel, "parataxis") == 0);
            i = x->head - 1;
        }
        return 0;
    }
    if (w <= pred || !is_word(s->words[pred].form, say))
        return 0;
    for (int32_t i = pred + 1; i < w; i++)
        if (is_word(s->words[i].form, opener))
            return 1;
    return 0;
}

static int set_date(kh_doc *doc, const kh_sentence *s, int32_t pred, const kh_date *story, kh_event *e)
{
    kh_timex tx;
    if (kh_timex_event_date(s, pred, story, &tx) != 0)
        return 0;   /* no expression and no story date: the coder's value stays */
    if (tx.kind != KH_TIMEX_DEFAULT && reported(s, pred, tx.first)) {
        if (!story)
            return 0;
        snprintf(tx.value, sizeof tx.value, "%04d-%02d-%02d", story->year, story->month, story->day);
        tx.precision = KH_TIMEX_DAY;
    }
    e->date = kh_arena_strdup(doc->arena, tx.value);
    e->date_precision = kh_timex_prec_name(tx.precision);
    return e->date ? 0 : -1;
}

/* ---- issues ------------------------------------------------------------------------- */

/* The themes of sentence si, each once, in order of appearance; cached per sentence. */
typedef struct issue_cache {
    int si;
    const char **codes;
    int n;
} issue_cache;

static int sentence_issues(const kh_dict *dict, kh_doc *doc, int si, issue_cache *c)
{
    if (c->si == si)
        return 0;
    c->si = si;
    c->codes = NULL;
    c->n = 0;
    kh_dict_sent ds;
    if (kh_dict_prepare(dict, &doc->sents[si], doc->arena, &ds) != 0)
        return -1;
    kh_issue_match im[MAX_ISSUES];
    int n = kh_dict_find_issues(dict, &ds, im, MAX_ISSUES);
    if (n > MAX_ISSUES)
        n = MAX_ISSUES;
    if (n <= 0)
        return 0;
    c->codes = kh_arena_alloc(doc->arena, sizeof *c->codes * (size_t)n);
    if (!c->codes)
        return -1;
    for (int k = 0; k < n; k++) {
        int seen = 0;
        for (int j = 0; j < c->n; j++)
            seen |= strcmp(c->codes[j], im[k].issue->code) == 0;
        if (!seen)
            c->codes[c->n++] = im[k].issue->code;
    }
    return 0;
}

/* ---- quantities --------------------------------------------------------------------- */

static int json_quantity(kh_buf *b, const kh_doc *doc, const kh_sentence *s, const kh_quantity *q)
{
    int rc = kh_buf_puts(b, "{\"kind\":");
    const char *kind = kh_qty_kind_name(q->kind);
    rc |= kh_buf_json_str(b, kind, strlen(kind));
    /* %.15g keeps integers whole ("550000000") and decimals short ("1.5") */
    rc |= kh_buf_printf(b, ",\"value\":%.15g,\"unit\":", q->value);
    rc |= kh_buf_json_str(b, q->unit, strlen(q->unit));
    rc |= kh_buf_printf(b, ",\"approx\":%s", q->approx ? "true" : "false");
    if (q->bound)
        rc |= kh_buf_printf(b, ",\"bound\":\"%s\"", q->bound > 0 ? "lower" : "upper");
    rc |= kh_buf_puts(b, ",\"text\":");
    const kh_word *w0 = &s->words[q->first], *w1 = &s->words[q->last];
    if (doc->text && w1->end >= w0->start && w1->end <= doc->text_len) {
        rc |= kh_buf_json_str(b, doc->text + w0->start, w1->end - w0->start);
    } else {   /* no text to point into: the forms joined by spaces */
        kh_buf t = KH_BUF_INIT;
        for (int i = q->first; i <= q->last; i++)
            rc |= (i > q->first ? kh_buf_putc(&t, ' ') : 0) | kh_buf_puts(&t, s->words[i].form);
        rc |= kh_buf_json_str(b, t.data ? t.data : "", t.len);
        kh_buf_free(&t);
    }
    rc |= kh_buf_putc(b, '}');
    return rc ? -1 : 0;
}

/* Appends "quantities":[...] with the quantities of s that belong to predicate pred
 * (preds: the predicates of every event of the sentence) to e->extra_json. */
static int set_quantities(kh_doc *doc, const kh_sentence *s, int32_t pred, const int32_t *preds,
                          int npreds, kh_event *e)
{
    kh_quantity q[MAX_QTY];
    int n = kh_quantity_find(s, q, MAX_QTY);
    kh_buf b = KH_BUF_INIT;
    int rc = 0, w = 0;
    for (int k = 0; k < n; k++) {
        if (q[k].first < 0 || q[k].last >= s->nwords || q[k].first > q[k].last)
            continue;
        if (pred >= 0 && span_owner(s, q[k].first, q[k].last, preds, npreds) != pred)
            continue;
        if (w++ == 0) {
            if (e->extra_json && *e->extra_json)
                rc |= kh_buf_puts(&b, e->extra_json) | kh_buf_putc(&b, ',');
            rc |= kh_buf_puts(&b, "\"quantities\":[");
        } else {
            rc |= kh_buf_putc(&b, ',');
        }
        rc |= json_quantity(&b, doc, s, &q[k]);
    }
    if (w && rc == 0) {
        rc |= kh_buf_putc(&b, ']');
        const char *x = rc ? NULL : kh_arena_strndup(doc->arena, b.data, b.len);
        if (x)
            e->extra_json = x;
        else
            rc = -1;
    }
    kh_buf_free(&b);
    return rc ? -1 : 0;
}

/* ---- the stage ---------------------------------------------------------------------- */

int kh_context_events(const kh_context *cx, const kh_dict *dict, kh_doc *doc, kh_event *ev, int n)
{
    if (!doc || !ev || n <= 0)
        return 0;
    const kh_gazetteer *g = cx ? cx->gaz : NULL;
    kh_date story;
    const kh_date *sd = doc->date && kh_timex_parse_date(doc->date, &story) == 0 ? &story : NULL;
    story_place *places = NULL;
    int nplaces = g ? collect_story_places(g, doc, &places) : 0;
    if (nplaces < 0)
        return -1;
    int32_t *pred = malloc(sizeof *pred * (size_t)n);
    if (!pred) {
        free(places);
        return -1;
    }
    for (int k = 0; k < n; k++) {
        int si = ev[k].sentence;
        pred[k] = si >= 0 && si < doc->nsents ? kh_context_predicate(doc, &doc->sents[si], &ev[k]) : -1;
    }
    int32_t *spreds = malloc(sizeof *spreds * (size_t)n);   /* the predicates of one sentence */
    issue_cache ic = { -1, NULL, 0 };
    int rc = spreds ? 0 : -1;
    for (int k = 0; k < n && rc == 0; k++) {
        kh_event *e = &ev[k];
        int si = e->sentence;
        if (si < 0 || si >= doc->nsents)
            continue;
        const kh_sentence *s = &doc->sents[si];
        int ns = 0;
        for (int j = 0; j < n; j++)
            if (ev[j].sentence == si && pred[j] >= 0 && !is_pred(spreds, ns, pred[j]))
                spreds[ns++] = pred[j];
        rc |= set_date(doc, s, pred[k], sd, e);
        if (g && !e->loc_name) {
            story_countries sc;
            story_hints(places, nplaces, si, &sc);
            rc |= set_location(g, &sc, doc, s, pred[k], spreds, ns, e);
        }
        if (dict && e->nissues == 0) {
            rc |= sentence_issues(dict, doc, si, &ic);
            e->issues = ic.codes;
            e->nissues = ic.n;
        }
        rc |= set_quantities(doc, s, pred[k], spreds, ns, e);
    }
    free(spreds);
    free(pred);
    free(places);
    return rc ? -1 : 0;
}

static int same_doc(const kh_event *e, const kh_doc *doc)
{
    if (!e->doc_id || !doc->id)
        return e->doc_id == doc->id;
    return e->doc_id == doc->id || strcmp(e->doc_id, doc->id) == 0;
}

int kh_context_apply(const kh_context *cx, const kh_dict *dict, kh_doc *doc, kh_events *ev)
{
    if (!doc || !ev || ev->n <= 0)
        return 0;
    /* the document's events are runs in the list (the coder appends them together) */
    for (int first = 0; first < ev->n;) {
        if (!same_doc(&ev->ev[first], doc)) {
            first++;
            continue;
        }
        int last = first;
        while (last < ev->n && same_doc(&ev->ev[last], doc))
            last++;
        if (kh_context_events(cx, dict, doc, ev->ev + first, last - first) != 0)
            return -1;
        first = last;
    }
    return 0;
}
