/* entity.c - mentions of actors, and people resolved across documents (see entity.h).
 *
 * Unknown actors are runs of proper nouns the dictionary left alone; month and day
 * names are proper nouns in UD but not actors, so they never start a run. The index
 * is a chained hash table on kh_names_key (the folded family name): every spelling
 * of an entity is filed under its key, so a new spelling is compared only with the
 * few names that share its family name. */
#include "entity.h"

#include "cameo.h"
#include "names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- mentions ------------------------------------------------------------------ */

static const char *const not_actors[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", NULL};

/* Lower-case particles inside names ("Mohammed bin Salman", "Ursula von der Leyen"). */
static const char *const particles[] = {"bin", "ibn", "bint", "al", "el", "de", "da", "der",
                                        "van", "von", "la", "le", "du", "del", "abu", NULL};

static int in_list(const char *const *list, const char *w)
{
    for (int i = 0; list[i]; i++)
        if (strcasecmp(list[i], w) == 0)
            return 1;
    return 0;
}

static int starts_name(const kh_word *w)
{
    return w->upos == KH_UPOS_PROPN && isupper((unsigned char)w->form[0]) && !in_list(not_actors, w->form);
}

static const char *span_text(kh_doc *doc, const kh_sentence *s, int32_t first, int32_t last, kh_arena *a)
{
    uint32_t st = s->words[first].start, en = s->words[last - 1].end;
    if (doc->text && en > st && en <= doc->text_len)
        return kh_arena_strndup(a, doc->text + st, en - st);
    size_t n = 0;   /* no offsets: the forms joined by spaces */
    for (int32_t i = first; i < last; i++)
        n += strlen(s->words[i].form) + 1;
    char *p = kh_arena_alloc(a, n + 1), *q = p;
    if (!p)
        return NULL;
    for (int32_t i = first; i < last; i++)
        q += sprintf(q, "%s%s", i > first ? " " : "", s->words[i].form);
    *q = '\0';
    return p;
}

static const char *code_country(const char *code, kh_arena *a)
{
    char c3[4];
    return code && kh_cameo_actor_country(code, c3) ? kh_arena_strdup(a, c3) : NULL;
}

/* The most frequent country among the sentence's coded actors (first on ties). */
static const char *context_country(const kh_actor_match *am, int n, kh_arena *a)
{
    char best[4] = "", c3[4];
    int bestn = 0;
    for (int i = 0; i < n; i++) {
        if (!am[i].code || !kh_cameo_actor_country(am[i].code, c3))
            continue;
        int k = 0;
        for (int j = 0; j < n; j++) {
            char d3[4];
            k += am[j].code && kh_cameo_actor_country(am[j].code, d3) && strcmp(c3, d3) == 0;
        }
        if (k > bestn) {
            bestn = k;
            memcpy(best, c3, 4);
        }
    }
    return bestn ? kh_arena_strdup(a, best) : NULL;
}

/* An agent code without a country ("---GOV") takes the sentence's country. */
static const char *with_country(const char *code, const char *ctx, kh_arena *a)
{
    if (!code || strncmp(code, "---", 3) != 0 || !ctx)
        return code;
    size_t n = strlen(code);
    char *p = kh_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, ctx, 3);
    memcpy(p + 3, code + 3, n - 2);
    return p;
}

static void suggest(kh_mention *m, const kh_sentence *s, const kh_actor_match *am, int nam,
                    const char *ctx, kh_arena *a)
{
    for (int k = 0; k < nam; k++)   /* "Iraqi Defense Minister X" */
        if (am[k].end == m->first && am[k].agent && am[k].code) {
            m->suggest = with_country(am[k].code, ctx, a);
            m->why = "title";
            break;
        }
    if (!m->suggest && m->last + 1 < s->nwords && strcmp(s->words[m->last].form, ",") == 0)
        for (int k = 0; k < nam; k++)   /* "X, Iraq's defence minister" */
            if (am[k].start >= m->last + 1 && am[k].start <= m->last + 2 && am[k].agent && am[k].code) {
                m->suggest = with_country(am[k].code, ctx, a);
                m->why = "apposition";
                break;
            }
    if (!m->suggest && ctx) {
        m->suggest = ctx;
        m->why = "co-occurring";
    }
    m->country = code_country(m->suggest, a);
}

static int push(kh_arena *a, kh_mention **v, int *n, int *cap, const kh_mention *m)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 16;
        kh_mention *g = kh_arena_grow(a, *v, (size_t)*n, (size_t)nc, sizeof *g);
        if (!g)
            return -1;
        *v = g;
        *cap = nc;
    }
    (*v)[(*n)++] = *m;
    return 0;
}

static int sentence_mentions(const kh_dict *dict, kh_doc *doc, int si, int32_t date, kh_arena *a,
                             kh_mention **v, int *n, int *cap)
{
    const kh_sentence *s = &doc->sents[si];
    kh_actor_match *am = NULL;
    int nam = 0;
    if (dict) {
        kh_dict_sent ds;
        if (kh_dict_prepare(dict, s, a, &ds) < 0 || (nam = kh_dict_find_actors(dict, &ds, date, a, &am)) < 0)
            return -1;
    }
    uint8_t *covered = kh_arena_calloc(a, (size_t)s->nwords + 1, 1);
    if (!covered)
        return -1;
    const char *ctx = context_country(am, nam, a);
    for (int k = 0; k < nam; k++) {
        for (int32_t i = am[k].start; i < am[k].end && i < s->nwords; i++)
            covered[i] = 1;
        if (!am[k].actor)
            continue;   /* an agent alone ("police") names no one */
        kh_mention m = {0};
        m.sentence = si;
        m.first = am[k].actor_start;
        m.last = am[k].actor_end;
        m.code = am[k].code;
        m.entity = am[k].actor->entity;
        m.person = am[k].actor->type == KH_ACTOR_PERSON;
        m.country = am[k].actor->country ? am[k].actor->country : code_country(am[k].code, a);
        m.text = span_text(doc, s, m.first, m.last, a);
        m.start = s->words[m.first].start;
        m.end = s->words[m.last - 1].end;
        if (!m.text || push(a, v, n, cap, &m) < 0)
            return -1;
    }
    for (int32_t i = 0; i < s->nwords; i++) {
        if (covered[i] || !starts_name(&s->words[i]))
            continue;
        int32_t j = i + 1;
        while (j < s->nwords && !covered[j]) {
            const kh_word *w = &s->words[j];
            if (w->upos == KH_UPOS_PROPN && !in_list(not_actors, w->form))
                j++;
            else {
                int32_t k = j;   /* particles ("von der") count when a name follows them */
                while (k < s->nwords && !covered[k] && in_list(particles, s->words[k].form))
                    k++;
                if (k == j || k >= s->nwords || covered[k] || s->words[k].upos != KH_UPOS_PROPN)
                    break;
                j = k + 1;
            }
        }
        kh_mention m = {0};
        m.sentence = si;
        m.first = i;
        m.last = j;
        m.person = 1;
        m.text = span_text(doc, s, i, j, a);
        m.start = s->words[i].start;
        m.end = s->words[j - 1].end;
        if (!m.text)
            return -1;
        suggest(&m, s, am, nam, ctx, a);
        if (push(a, v, n, cap, &m) < 0)
            return -1;
        i = j - 1;
    }
    return 0;
}

static int cmp_mention(const void *pa, const void *pb)
{
    const kh_mention *a = pa, *b = pb;
    if (a->sentence != b->sentence)
        return a->sentence < b->sentence ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

int kh_entity_mentions(const kh_dict *dict, kh_doc *doc, kh_arena *a, kh_mention **out)
{
    kh_mention *v = NULL;
    int n = 0, cap = 0;
    int32_t date = doc->date ? kh_dict_date(doc->date, 0) : 0;
    if (date < 0)
        date = 0;
    for (int si = 0; si < doc->nsents; si++) {
        if (doc->sents[si].nwords <= 0 || doc->sents[si].skipped)
            continue;
        if (sentence_mentions(dict, doc, si, date, a, &v, &n, &cap) < 0)
            return -1;
    }
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_mention);
    *out = v;
    return n;
}

/* ---- the index ----------------------------------------------------------------- */

typedef struct ent {
    char *id, *name, *country;
} ent;

typedef struct spelling {
    char *name;
    char key[64];
    int ent;       /* index into ents */
    int next;      /* next spelling in the bucket, -1 */
} spelling;

struct kh_entity_index {
    ent *ents;
    int nents, capents;
    spelling *sp;
    int nsp, capsp;
    int *buckets;  /* first spelling per bucket, -1 */
    int nbuckets;
};

static unsigned long hash_str(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

kh_entity_index *kh_entity_index_new(void)
{
    kh_entity_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->nbuckets = 1024;
    ix->buckets = malloc((size_t)ix->nbuckets * sizeof *ix->buckets);
    if (!ix->buckets) {
        free(ix);
        return NULL;
    }
    for (int i = 0; i < ix->nbuckets; i++)
        ix->buckets[i] = -1;
    return ix;
}

void kh_entity_index_free(kh_entity_index *ix)
{
    if (!ix)
        return;
    for (int i = 0; i < ix->nents; i++) {
        free(ix->ents[i].id);
        free(ix->ents[i].name);
        free(ix->ents[i].country);
    }
    for (int i = 0; i < ix->nsp; i++)
        free(ix->sp[i].name);
    free(ix->ents);
    free(ix->sp);
    free(ix->buckets);
    free(ix);
}

static int find_ent(const kh_entity_index *ix, const char *id)
{
    for (int i = ix->nents - 1; i >= 0; i--)   /* recent first: resolution adds and looks up at once */
        if (strcmp(ix->ents[i].id, id) == 0)
            return i;
    return -1;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int rehash(kh_entity_index *ix)
{
    int nb = ix->nbuckets * 2;
    int *b = malloc((size_t)nb * sizeof *b);
    if (!b)
        return -1;
    for (int i = 0; i < nb; i++)
        b[i] = -1;
    for (int i = 0; i < ix->nsp; i++) {
        unsigned long h = hash_str(ix->sp[i].key) % (unsigned long)nb;
        ix->sp[i].next = b[h];
        b[h] = i;
    }
    free(ix->buckets);
    ix->buckets = b;
    ix->nbuckets = nb;
    return 0;
}

static int add_spelling(kh_entity_index *ix, int e, const char *name)
{
    char key[64];
    if (kh_names_key(name, key, sizeof key) == 0)
        return 0;   /* no letters: nothing to match on */
    unsigned long h = hash_str(key) % (unsigned long)ix->nbuckets;
    for (int i = ix->buckets[h]; i >= 0; i = ix->sp[i].next)
        if (ix->sp[i].ent == e && strcmp(ix->sp[i].name, name) == 0)
            return 0;
    if (ix->nsp == ix->capsp) {
        int nc = ix->capsp ? ix->capsp * 2 : 64;
        spelling *g = realloc(ix->sp, (size_t)nc * sizeof *g);
        if (!g)
            return -1;
        ix->sp = g;
        ix->capsp = nc;
    }
    spelling *s = &ix->sp[ix->nsp];
    if (!(s->name = strdup(name)))
        return -1;
    memcpy(s->key, key, sizeof key);
    s->ent = e;
    s->next = ix->buckets[h];
    ix->buckets[h] = ix->nsp++;
    /* the longest spelling is the canonical name */
    if (strlen(name) > strlen(ix->ents[e].name)) {
        char *p = strdup(name);
        if (!p)
            return -1;
        free(ix->ents[e].name);
        ix->ents[e].name = p;
    }
    return ix->nsp > ix->nbuckets * 2 ? rehash(ix) : 0;
}

int kh_entity_index_add(kh_entity_index *ix, const char *id, const char *name, const char *country)
{
    int e = find_ent(ix, id);
    if (e >= 0)
        return e;
    if (ix->nents == ix->capents) {
        int nc = ix->capents ? ix->capents * 2 : 64;
        ent *g = realloc(ix->ents, (size_t)nc * sizeof *g);
        if (!g)
            return -1;
        ix->ents = g;
        ix->capents = nc;
    }
    ent *x = &ix->ents[ix->nents];
    x->id = strdup(id);
    x->name = strdup(name);
    x->country = dup_or_null(country && *country ? country : NULL);
    if (!x->id || !x->name || ((country && *country) && !x->country)) {
        free(x->id);
        free(x->name);
        free(x->country);
        return -1;
    }
    e = ix->nents++;
    return add_spelling(ix, e, name) < 0 ? -1 : e;
}

int kh_entity_index_alias(kh_entity_index *ix, const char *id, const char *alias)
{
    int e = find_ent(ix, id);
    return e < 0 ? -1 : add_spelling(ix, e, alias);
}

const char *kh_entity_name(const kh_entity_index *ix, const char *id)
{
    int e = find_ent(ix, id);
    return e < 0 ? NULL : ix->ents[e].name;
}

/* "u:" + the name lower-cased with '_' for spaces; "-2", "-3", ... when taken. */
static int new_id(const kh_entity_index *ix, const char *name, char *out, size_t n)
{
    char base[200];
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < sizeof base; p++)
        base[k++] = *p == ' ' ? '_' : (char)tolower((unsigned char)*p);
    base[k] = '\0';
    snprintf(out, n, "u:%s", base);
    for (int i = 2; find_ent(ix, out) >= 0; i++)
        snprintf(out, n, "u:%s-%d", base, i);
    return 0;
}

const char *kh_entity_resolve(kh_entity_index *ix, const char *name, const char *country,
                              const char *context, int *created)
{
    char key[64];
    *created = 0;
    int best = -1;
    double best_score = 0;
    int best_ctx = 0;
    if (kh_names_key(name, key, sizeof key) > 0) {
        unsigned long h = hash_str(key) % (unsigned long)ix->nbuckets;
        for (int i = ix->buckets[h]; i >= 0; i = ix->sp[i].next) {
            const spelling *s = &ix->sp[i];
            const ent *e = &ix->ents[s->ent];
            if (strcmp(s->key, key) != 0)
                continue;
            if (country && e->country && strcmp(country, e->country) != 0)
                continue;   /* two people of one name in different countries */
            double sc = kh_names_score(name, s->name);
            if (sc <= 0)
                continue;
            int cx = context && e->country && strcmp(context, e->country) == 0;
            if (best < 0 || sc > best_score + 1e-9 ||
                (sc > best_score - 1e-9 && (cx > best_ctx || (cx == best_ctx && s->ent < best)))) {
                best = s->ent;
                best_score = sc;
                best_ctx = cx;
            }
        }
    }
    if (best >= 0) {
        if (add_spelling(ix, best, name) < 0)
            return NULL;
        if (!ix->ents[best].country && country && !(ix->ents[best].country = strdup(country)))
            return NULL;
        return ix->ents[best].id;
    }
    char id[256];
    new_id(ix, name, id, sizeof id);
    int e = kh_entity_index_add(ix, id, name, country);
    if (e < 0)
        return NULL;
    *created = 1;
    return ix->ents[e].id;
}
