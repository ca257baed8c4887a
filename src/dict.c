/* dict.c - the dictionary engine: building, indexing and matching (see dict.h).
 *
 * Entries are allocated one by one in the dictionary's arena and held through pointer
 * arrays, so a pointer to an entry stays valid while more are loaded. Phrases go into
 * one hashed word trie (trie.h) with a root per kind; node values name the entry. */
#include "dict_impl.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "names.h"

/* ---- small helpers ---------------------------------------------------------------- */

static int vec_reserve(void **p, int32_t *cap, int32_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    int32_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *q = realloc(*p, (size_t)ncap * size);
    if (!q)
        return -1;
    *p = q;
    *cap = ncap;
    return 0;
}

const char *kh_dict_str(kh_dict *d, const char *s)
{
    return s ? kh_arena_strdup(&d->arena, s) : NULL;
}

const char *kh_dict_strn(kh_dict *d, const char *s, size_t n)
{
    return kh_arena_strndup(&d->arena, s, n);
}

uint32_t kh_dict_intern(kh_dict *d, const char *w, size_t n)
{
    return kh_trie_intern(&d->trie, w, n);
}

int32_t kh_dict_date(const char *s, int end)
{
    int v[3] = {0, 0, 0}, nd[3] = {0, 0, 0}, k = 0;
    const char *p = s;
    if (!s || !*s)
        return -1;
    while (*p && k < 3) {
        if (*p >= '0' && *p <= '9') {
            if (nd[k] >= 8)
                return -1;      /* no part of a date has more digits (and v[k] stays in range) */
            v[k] = v[k] * 10 + (*p - '0');
            nd[k]++;
        } else if (*p == '-' && nd[k] > 0) {
            k++;
        } else {
            return -1;
        }
        p++;
    }
    if (*p)
        return -1;
    int y, m = 0, dd = 0;
    if (k == 0 && nd[0] == 8) {
        y = v[0] / 10000; m = v[0] / 100 % 100; dd = v[0] % 100;
    } else if (k == 0 && nd[0] == 6) {
        y = v[0] / 10000; m = v[0] / 100 % 100; dd = v[0] % 100;
        y += y < 30 ? 2000 : 1900;
    } else if (k == 0 && nd[0] == 4) {
        y = v[0];
    } else if (k == 1 && nd[0] == 4 && nd[1] == 2) {
        y = v[0]; m = v[1];
    } else if (k == 2 && nd[0] == 4 && nd[1] == 2 && nd[2] == 2) {
        y = v[0]; m = v[1]; dd = v[2];
    } else {
        return -1;
    }
    if (m > 12 || dd > 31 || (m == 0 && dd != 0))
        return -1;
    if (m == 0)
        m = end ? 12 : 1;
    if (dd == 0)
        dd = end ? 31 : 1;
    return y * 10000 + m * 100 + dd;
}

/* ---- phrases into words --------------------------------------------------------- */

/* Splits a phrase into word ids (spaces and '_' separate words; a final "'s" or "n't" is
 * a word of its own, as the tokenizer makes it). Returns the count, or -1 (too long / OOM). */
static int phrase_ids(kh_dict *d, const char *p, uint32_t *ids, int max, int intern)
{
    int n = 0;
    while (*p) {
        while (*p == ' ' || *p == '_' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '_' && *p != '\t')
            p++;
        size_t len = (size_t)(p - w), poss = 0;
        if (len > 2 && (w[len - 2] == '\'') && (w[len - 1] == 's' || w[len - 1] == 'S'))
            poss = 2;
        else if (len > 3 && strncasecmp(w + len - 3, "n't", 3) == 0)
            poss = 3;           /* "DIDN'T" is "did n't", as the tokenizer splits it */
        for (int part = 0; part < (poss ? 2 : 1); part++) {
            const char *s = part ? w + len - poss : w;
            size_t sl = part ? poss : len - poss;
            if (n >= max)
                return -1;
            uint32_t id = intern ? kh_dict_intern(d, s, sl) : kh_trie_lookup(&d->trie, s, sl);
            if (!id && intern)
                return -1;
            ids[n++] = id;
        }
    }
    return n;
}

/* Normalises a phrase for display and storage: '_' and runs of blanks to one space. */
static const char *phrase_norm(kh_dict *d, const char *p)
{
    size_t n = strlen(p);
    char *out = kh_arena_alloc(&d->arena, n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i] == '_' || p[i] == '\t' ? ' ' : p[i];
        if (c == ' ' && (k == 0 || out[k - 1] == ' '))
            continue;
        out[k++] = c;
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return out;
}

static int nodes_reserve(kh_dict *d)
{
    size_t need = (size_t)d->trie.nnodes + 2;
    if (need <= d->capnodes)
        return 0;
    size_t ncap = d->capnodes ? d->capnodes * 2 : 4096;
    while (ncap < need)
        ncap *= 2;
    int32_t *v = realloc(d->nval, ncap * sizeof *v);
    if (!v)
        return -1;
    d->nval = v;
    int32_t *ph = realloc(d->nphr, ncap * sizeof *ph);
    if (!ph)
        return -1;
    d->nphr = ph;
    if (d->ncase) {
        const char **c = realloc(d->ncase, ncap * sizeof *c);
        if (!c)
            return -1;
        d->ncase = c;
        for (size_t i = d->capnodes; i < ncap; i++)
            d->ncase[i] = NULL;
    }
    for (size_t i = d->capnodes; i < ncap; i++)
        d->nval[i] = -1;
    d->capnodes = ncap;
    return 0;
}

/* Marks the terminal node of a case=exact phrase: the matcher then compares the tokens
 * with the phrase as written. The node table is only allocated once a dictionary has
 * such an entry, so dictionaries without one pay nothing. */
static int mark_exact(kh_dict *d, uint32_t node, const char *phrase)
{
    if (!d->ncase) {
        d->ncase = calloc(d->capnodes, sizeof *d->ncase);
        if (!d->ncase)
            return -1;
    }
    d->ncase[node] = phrase;
    return 0;
}

/* 1 when attrs holds the attribute `what` ("case=exact"). */
static int attr_has(const char *attrs, const char *what)
{
    size_t wl = strlen(what);
    for (const char *p = attrs; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t");
        if (n == wl && strncmp(p, what, wl) == 0)
            return 1;
        p += n;
    }
    return 0;
}

/* 1 when attrs holds case=exact. */
static int attr_case_exact(const char *attrs)
{
    return attr_has(attrs, "case=exact");
}

static int add_dup(kh_dict *d, const char *kind, const char *phrase, const char *f1, long l1,
                   const char *f2, long l2, int conflict)
{
    if (vec_reserve((void **)&d->dups, &d->capdups, d->ndups + 1, sizeof *d->dups) < 0)
        return -1;
    kh_dict_dup *x = &d->dups[d->ndups++];
    x->kind = kind;
    x->phrase = phrase;
    x->file1 = f1; x->line1 = l1;
    x->file2 = f2; x->line2 = l2;
    x->conflict = conflict;
    return 0;
}

/* Inserts a phrase under root; returns the terminal node (0 on OOM or empty phrase).
 * *old gets the entry already there (-1 when none). */
static uint32_t insert_phrase_end(kh_dict *d, uint32_t root, const char *phrase, int32_t entry,
                                  int32_t phr, int32_t *old, uint8_t end);

static uint32_t insert_phrase(kh_dict *d, uint32_t root, const char *phrase, int32_t entry,
                              int32_t phr, int32_t *old)
{
    return insert_phrase_end(d, root, phrase, entry, phr, old, KH_WEND_NONE);
}

/* The edge bit of a TABARI word end (0 for KH_WEND_NONE). */
static uint32_t wend_bit(uint8_t end)
{
    return end == KH_WEND_STEM ? KH_WEND_BIT_STEM : end == KH_WEND_REGULAR ? KH_WEND_BIT_REGULAR
         : end == KH_WEND_EXACT ? KH_WEND_BIT_EXACT : 0;
}

/* insert_phrase with the last word's TABARI end: its edge carries the end's bit. */
static uint32_t insert_phrase_end(kh_dict *d, uint32_t root, const char *phrase, int32_t entry,
                                  int32_t phr, int32_t *old, uint8_t end)
{
    uint32_t ids[64];
    int n = phrase_ids(d, phrase, ids, 64, 1);
    *old = -1;
    if (n <= 0)
        return 0;
    if (end != KH_WEND_NONE) {
        const char *w = d->trie.words[ids[n - 1]];
        size_t wl = strlen(w);
        if (end == KH_WEND_STEM && (d->wstem_min == 0 || wl < d->wstem_min))
            d->wstem_min = wl;
        if (end == KH_WEND_STEM && wl > d->wstem_max)
            d->wstem_max = wl;
        ids[n - 1] |= wend_bit(end);
        d->has_ends = 1;
    }
    uint32_t node = root;
    for (int i = 0; i < n && node; i++)
        node = kh_trie_add(&d->trie, node, ids[i]);
    if (!node || nodes_reserve(d) < 0)
        return 0;
    if (d->nval[node] >= 0) {
        *old = d->nval[node];
        return node;
    }
    d->nval[node] = entry;
    d->nphr[node] = phr;
    return node;
}

/* ---- building ------------------------------------------------------------------- */

kh_dict *kh_dict_new(void)
{
    kh_dict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    kh_arena_init(&d->arena, 1 << 20);
    if (kh_trie_init(&d->trie, &d->arena) < 0) {
        free(d);
        return NULL;
    }
    d->root_actor = kh_trie_node(&d->trie);
    d->root_agent = kh_trie_node(&d->trie);
    d->root_issue = kh_trie_node(&d->trie);
    d->root_discard = kh_trie_node(&d->trie);
    d->root_wclass = kh_trie_node(&d->trie);
    d->w_s = kh_dict_intern(d, "'s", 2);
    d->w_apos = kh_dict_intern(d, "'", 1);
    d->w_of = kh_dict_intern(d, "of", 2);
    d->w_the = kh_dict_intern(d, "the", 3);
    d->w_former = kh_dict_intern(d, "former", 6);
    if (nodes_reserve(d) < 0 || !d->w_s || !d->w_the || !d->w_former) {
        kh_dict_free(d);
        return NULL;
    }
    return d;
}

/* Verb blocks and time blocks: their verb and pattern arrays grow with realloc. */
static void free_blocks(kh_block_b **b, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        free((void *)b[i]->pub.verbs);
        free((void *)b[i]->pub.patterns);
    }
    free(b);
}

void kh_dict_free(kh_dict *d)
{
    if (!d)
        return;
    kh_trie_free(&d->trie);
    free(d->nval);
    free(d->nphr);
    free(d->ncase);
    free(d->actors);
    free(d->agents);
    free(d->synsets);
    free(d->synroots);
    free(d->synmems);
    free(d->nsynmems);
    free_blocks(d->blocks, d->nblocks);
    free(d->discards);
    free(d->dwords);
    free(d->dlast);
    free(d->dnwords);
    free(d->issues);
    free(d->dups);
    free(d->preps);
    free(d->vforms);
    free(d->vf_start);
    free_blocks(d->times, d->ntimes);
    free(d->wclasses);
    free(d->preplist);
    free(d->opts);
    free(d->vkeys);
    kh_arena_free(&d->arena);
    free(d);
}

static const char **copy_phrases(kh_dict *d, const char *const *phrases, int32_t n)
{
    const char **p = kh_arena_alloc(&d->arena, sizeof *p * (size_t)(n ? n : 1));
    if (!p)
        return NULL;
    for (int32_t i = 0; i < n; i++)
        if (!(p[i] = phrase_norm(d, phrases[i])))
            return NULL;
    return p;
}

void kh_dict_word_ends(kh_dict *d, int on)
{
    d->word_ends = (uint8_t)(on != 0);
}

/* copy_phrases for the actor and agent builders: while TABARI word ends are on, each
 * phrase's final '=' or '_' gives its end (*ends, from the arena; NULL when off). */
static const char **copy_phrases_ends(kh_dict *d, const char *const *phrases, int32_t n,
                                      const uint8_t **ends)
{
    *ends = NULL;
    if (!d->word_ends)
        return copy_phrases(d, phrases, n);
    const char **p = kh_arena_alloc(&d->arena, sizeof *p * (size_t)(n ? n : 1));
    uint8_t *e = kh_arena_alloc(&d->arena, (size_t)(n ? n : 1));
    if (!p || !e)
        return NULL;
    for (int32_t i = 0; i < n; i++) {
        size_t len = strlen(phrases[i]);
        while (len > 0 && phrases[i][len - 1] == ' ')
            len--;
        e[i] = KH_WEND_STEM;
        if (len > 1 && phrases[i][len - 1] == '=')
            e[i] = KH_WEND_EXACT, len--;
        else if (len > 1 && phrases[i][len - 1] == '_')
            e[i] = KH_WEND_REGULAR;
        const char *cut = kh_dict_strn(d, phrases[i], len);
        if (!cut || !(p[i] = phrase_norm(d, cut)))
            return NULL;
    }
    *ends = e;
    return p;
}

static int same_codes(const kh_actor_entry *a, const kh_actor_entry *b)
{
    if (a->ncodes != b->ncodes)
        return 0;
    for (int32_t i = 0; i < a->ncodes; i++)
        if (strcmp(a->codes[i].code, b->codes[i].code) != 0 || a->codes[i].from != b->codes[i].from)
            return 0;
    return 1;
}

static kh_actor_type actor_type(const char *attrs)
{
    static const struct { const char *name; kh_actor_type t; } types[] = {
        {"country", KH_ACTOR_COUNTRY}, {"org", KH_ACTOR_ORG}, {"group", KH_ACTOR_GROUP},
        {"person", KH_ACTOR_PERSON}, {"metonym", KH_ACTOR_METONYM}, {"city", KH_ACTOR_CITY},
        {"region", KH_ACTOR_REGION},
    };
    const char *t = attrs ? strstr(attrs, "type=") : NULL;
    if (!t || (t != attrs && t[-1] != ' ' && t[-1] != '\t'))
        return KH_ACTOR_UNSPEC;
    t += 5;
    size_t n = strcspn(t, " \t");
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].name) == n && strncmp(types[i].name, t, n) == 0)
            return types[i].t;
    return KH_ACTOR_UNSPEC;
}

/* The value of key= in attrs, copied to the arena; NULL when absent. */
static const char *attr_get(kh_dict *d, const char *attrs, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = attrs; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t");
        if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=')
            return kh_dict_strn(d, p + kl + 1, n - kl - 1);
        p += n;
    }
    return NULL;
}

static const char *entity_id(kh_dict *d, const char *name)
{
    size_t n = strlen(name);
    char *out = kh_arena_alloc(&d->arena, n * 4 + 1);
    if (!out)
        return NULL;
    long m = kh_trie_fold(name, n, out, n * 4 + 1);
    if (m < 0)
        return NULL;
    for (long i = 0; i < m; i++)
        if (out[i] == ' ')
            out[i] = '_';
    return out;
}

/* The phrase with every hyphen between two letters written as a word of its own
 * ("Thabet al - Abbasi"); NULL when it has none, HYPHEN_OOM when memory runs out. */
static const char hyphen_oom_mark;
#define HYPHEN_OOM (&hyphen_oom_mark)

static int letter_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

static const char *hyphen_split(kh_dict *d, const char *p)
{
    size_t n = strlen(p), hy = 0;
    for (size_t i = 1; i + 1 < n; i++)
        hy += p[i] == '-' && letter_byte(p[i - 1]) && letter_byte(p[i + 1]);
    if (hy == 0)
        return NULL;
    char *out = kh_arena_alloc(&d->arena, n + 2 * hy + 1);
    if (!out)
        return HYPHEN_OOM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i + 1 < n && p[i] == '-' && letter_byte(p[i - 1]) && letter_byte(p[i + 1])) {
            memcpy(out + k, " - ", 3);
            k += 3;
        } else {
            out[k++] = p[i];
        }
    }
    out[k] = '\0';
    return out;
}

int kh_dict_add_actor(kh_dict *d, const char *const *phrases, int32_t nphrases,
                      const kh_dict_code *codes, int32_t ncodes, const char *attrs,
                      const char *file, long line)
{
    if (nphrases <= 0)
        return 0;
    if (vec_reserve((void **)&d->actors, &d->capactors, d->nactors + 1, sizeof *d->actors) < 0)
        return -1;
    kh_actor_entry *e = kh_arena_calloc(&d->arena, 1, sizeof *e);
    const uint8_t *ends;
    const char **ph = copy_phrases_ends(d, phrases, nphrases, &ends);
    kh_dict_code *cs = kh_arena_alloc(&d->arena, sizeof *cs * (size_t)(ncodes ? ncodes : 1));
    if (!e || !ph || !cs)
        return -1;
    for (int32_t i = 0; i < ncodes; i++) {
        cs[i] = codes[i];
        if (!(cs[i].code = kh_dict_str(d, codes[i].code)))
            return -1;
    }
    e->name = ph[0];
    e->phrases = ph;
    e->nphrases = nphrases;
    e->codes = cs;
    e->ncodes = ncodes;
    e->attrs = attrs && *attrs ? kh_dict_str(d, attrs) : NULL;
    e->type = actor_type(attrs);
    e->country = attr_get(d, attrs, "country");
    e->role = attr_get(d, attrs, "role");
    const char *id = attr_get(d, attrs, "id");
    e->entity = id ? id : entity_id(d, e->name);
    e->file = file;
    e->line = line;
    e->case_exact = (uint8_t)attr_case_exact(attrs);
    if (!e->entity)
        return -1;
    int32_t idx = d->nactors++;
    d->actors[idx] = e;
    for (int32_t i = 0; i < nphrases; i++) {
        int32_t old;
        uint8_t end = ends ? ends[i] : KH_WEND_NONE;
        uint32_t node = insert_phrase_end(d, d->root_actor, ph[i], idx, i, &old, end);
        if (!node)
            continue;   /* an empty phrase: nothing to index */
        if (e->case_exact && old < 0 && mark_exact(d, node, ph[i]) < 0)
            return -1;
        if (old >= 0 && old != idx) {
            const kh_actor_entry *o = d->actors[old];
            if (add_dup(d, "actors", ph[i], o->file, o->line, file, line, !same_codes(o, e)) < 0)
                return -1;
        }
        /* The tokenizer cuts "al-Abbasi" into "al" "-" "Abbasi" (as EWT does), while a
         * typed look-up keeps it whole: index both, so either matches exactly. */
        const char *split = hyphen_split(d, ph[i]);
        if (split == HYPHEN_OOM)
            return -1;
        if (split) {  /* 0 = too many words once cut: the phrase as written still matches */
            node = insert_phrase_end(d, d->root_actor, split, idx, i, &old, end);
            if (node && e->case_exact && old < 0 && mark_exact(d, node, split) < 0)
                return -1;
        }
    }
    return 0;
}

int kh_dict_add_agent(kh_dict *d, const char *const *phrases, int32_t nphrases,
                      const char *code, int prefix, const char *file, long line)
{
    return kh_dict_add_agent_attrs(d, phrases, nphrases, code, prefix, NULL, file, line);
}

int kh_dict_add_agent_attrs(kh_dict *d, const char *const *phrases, int32_t nphrases,
                            const char *code, int prefix, const char *attrs,
                            const char *file, long line)
{
    if (nphrases <= 0)
        return 0;
    if (vec_reserve((void **)&d->agents, &d->capagents, d->nagents + 1, sizeof *d->agents) < 0)
        return -1;
    kh_agent_entry *e = kh_arena_calloc(&d->arena, 1, sizeof *e);
    const uint8_t *ends;
    const char **ph = copy_phrases_ends(d, phrases, nphrases, &ends);
    if (!e || !ph || !(e->code = kh_dict_str(d, code)))
        return -1;
    e->name = ph[0];
    e->phrases = ph;
    e->nphrases = nphrases;
    e->prefix = (uint8_t)(prefix != 0);
    e->file = file;
    e->line = line;
    e->case_exact = (uint8_t)attr_case_exact(attrs);
    e->written_forms = (uint8_t)attr_has(attrs, "inflect=none");
    int32_t idx = d->nagents++;
    d->agents[idx] = e;
    for (int32_t i = 0; i < nphrases; i++) {
        int32_t old;
        uint32_t node = insert_phrase_end(d, d->root_agent, ph[i], idx, i, &old,
                                          ends ? ends[i] : KH_WEND_NONE);
        if (!node)
            continue;
        if (e->case_exact && old < 0 && mark_exact(d, node, ph[i]) < 0)
            return -1;
        if (old >= 0 && old != idx) {
            const kh_agent_entry *o = d->agents[old];
            int conflict = strcmp(o->code, e->code) != 0 || o->prefix != e->prefix;
            if (add_dup(d, "agents", ph[i], o->file, o->line, file, line, conflict) < 0)
                return -1;
        }
    }
    return 0;
}

/* 1 when a member needs the element matcher rather than the trie: it names a synset or
 * an actor, or is TABARI's (open words, room between words, exact words). */
static int complex_member(const char *m, int tabari)
{
    return tabari || strpbrk(m, "&$+%^") != NULL;
}

/* Parses member m into elements kept in the arena; appends it to synset idx's list. */
static int add_synmem(kh_dict *d, int32_t idx, const char *m, int tabari)
{
    enum { MAXE = 32 };
    kh_pat_elem el[MAXE];
    int32_t ns[1];
    int r = kh_dict_parse_pattern(d, m, el, MAXE, ns, 1);
    if (r == -2)
        return -1;
    if (r <= 0)
        return 0;               /* malformed: never matches, as before */
    if (tabari)
        kh_dict_tabari_words(el, ns[0]);
    else
        for (int32_t k = 1; k < ns[0]; k++)
            el[k].flags |= KH_PE_NEXT;   /* PETRARCH: a member's words are consecutive */
    kh_pat_elem *copy = kh_arena_memdup(&d->arena, el, sizeof el[0] * (size_t)ns[0]);
    kh_synmem *list = kh_arena_alloc(&d->arena, sizeof *list * (size_t)(d->nsynmems[idx] + 1));
    if (!copy || !list)
        return -1;
    if (d->nsynmems[idx])
        memcpy(list, d->synmems[idx], sizeof *list * (size_t)d->nsynmems[idx]);
    list[d->nsynmems[idx]].el = copy;
    list[d->nsynmems[idx]].n = ns[0];
    d->synmems[idx] = list;
    d->nsynmems[idx]++;
    return 0;
}

int kh_dict_add_synset(kh_dict *d, const char *name, const char *const *members, int32_t n,
                       const uint8_t *generated, const char *file, long line)
{
    return kh_dict_add_synset_ex(d, name, members, n, generated, file, line, 0);
}

int kh_dict_add_synset_ex(kh_dict *d, const char *name, const char *const *members, int32_t n,
                          const uint8_t *generated, const char *file, long line, int tabari)
{
    int32_t cap = d->capsynsets;
    if (vec_reserve((void **)&d->synsets, &d->capsynsets, d->nsynsets + 1, sizeof *d->synsets) < 0)
        return -1;
    uint32_t *roots = realloc(d->synroots, (size_t)d->capsynsets * sizeof *roots);
    if (!roots)
        return -1;
    d->synroots = roots;
    if (cap != d->capsynsets || !d->synmems) {
        kh_synmem **sm = realloc(d->synmems, (size_t)d->capsynsets * sizeof *sm);
        if (!sm)
            return -1;
        d->synmems = sm;
        int32_t *nm = realloc(d->nsynmems, (size_t)d->capsynsets * sizeof *nm);
        if (!nm)
            return -1;
        d->nsynmems = nm;
    }
    kh_synset *s = kh_arena_calloc(&d->arena, 1, sizeof *s);
    const char **ph = copy_phrases(d, members, n);
    if (!s || !ph || !(s->name = kh_dict_str(d, name)))
        return -1;
    s->members = ph;
    s->nmembers = n;
    if (generated && !(s->generated = kh_arena_memdup(&d->arena, generated, (size_t)(n ? n : 1))))
        return -1;
    s->file = file;
    s->line = line;
    uint32_t root = kh_trie_node(&d->trie);
    if (!root || nodes_reserve(d) < 0)
        return -1;
    int32_t idx = d->nsynsets++;
    d->synsets[idx] = s;
    s->index = idx;
    d->synroots[idx] = root;
    d->synmems[idx] = NULL;
    d->nsynmems[idx] = 0;
    for (int32_t i = 0; i < n; i++) {
        /* members exactly as written (the copies in ph have '_' turned to blanks) */
        if (complex_member(members[i], tabari)) {
            /* a plural generated from "&OTHER" names no synset */
            if (generated && generated[i] && strchr(members[i], '&'))
                continue;
            if (add_synmem(d, idx, members[i], tabari) < 0)
                return -1;
            continue;
        }
        int32_t old;
        insert_phrase(d, root, ph[i], idx, i, &old);
    }
    return 0;
}

/* Discards go into their own trie: every word but a stem's last is an exact edge; a
 * stem's last word is an edge with KH_STEM_BIT set, found by looking up the prefixes of
 * a token (kh_dict_discard). The node value names the discard entry. */
int kh_dict_add_discard(kh_dict *d, const char *phrase, kh_discard_kind kind, int stem,
                        const char *file, long line)
{
    int32_t cap = d->capdiscards;
    if (vec_reserve((void **)&d->discards, &d->capdiscards, d->ndiscards + 1, sizeof *d->discards) < 0)
        return -1;
    if (cap != d->capdiscards) {
        const uint32_t **w = realloc(d->dwords, (size_t)d->capdiscards * sizeof *w);
        if (!w) return -1;
        d->dwords = w;
        const char **l = realloc(d->dlast, (size_t)d->capdiscards * sizeof *l);
        if (!l) return -1;
        d->dlast = l;
        int16_t *nw = realloc(d->dnwords, (size_t)d->capdiscards * sizeof *nw);
        if (!nw) return -1;
        d->dnwords = nw;
    }
    kh_discard_entry *e = kh_arena_calloc(&d->arena, 1, sizeof *e);
    uint32_t ids[64];
    const char *ph = phrase_norm(d, phrase);
    if (!e || !ph)
        return -1;
    int n = phrase_ids(d, ph, ids, 64, 1);
    if (n <= 0)
        return 0;
    uint32_t *w = kh_arena_memdup(&d->arena, ids, sizeof ids[0] * (size_t)n);
    if (!w)
        return -1;
    e->phrase = ph;
    e->kind = kind;
    e->stem = (uint8_t)(stem != 0);
    e->file = file;
    e->line = line;
    int32_t i = d->ndiscards++;
    d->discards[i] = e;
    d->dwords[i] = w;
    d->dnwords[i] = (int16_t)n;
    d->dlast[i] = d->trie.words[ids[n - 1]];
    uint32_t node = d->root_discard;
    for (int k = 0; k < n && node; k++)
        node = kh_trie_add(&d->trie, node, k == n - 1 && stem ? ids[k] | KH_STEM_BIT : ids[k]);
    if (!node || nodes_reserve(d) < 0)
        return -1;
    if (stem) {
        size_t ll = strlen(d->dlast[i]);
        if (d->stem_min == 0 || ll < d->stem_min)
            d->stem_min = ll;
        if (ll > d->stem_max)
            d->stem_max = ll;
    }
    if (d->nval[node] < 0) {
        d->nval[node] = i;          /* the first entry of a phrase is the one reported */
    } else {
        const kh_discard_entry *o = d->discards[d->nval[node]];
        if (o->kind < kind)
            d->nval[node] = i;      /* the stronger kind wins (story over sentence) */
        if (add_dup(d, "discards", ph, o->file, o->line, file, line, o->kind != kind) < 0)
            return -1;
    }
    return 0;
}

int kh_dict_add_wordclass(kh_dict *d, const char *phrase, kh_word_class cls, const char *file, long line)
{
    if (vec_reserve((void **)&d->wclasses, &d->capwclasses, d->nwclasses + 1, sizeof *d->wclasses) < 0)
        return -1;
    kh_wordclass_entry *e = kh_arena_calloc(&d->arena, 1, sizeof *e);
    if (!e || !(e->phrase = phrase_norm(d, phrase)))
        return -1;
    e->cls = (uint8_t)cls;
    e->file = file;
    e->line = line;
    int32_t idx = d->nwclasses++;
    d->wclasses[idx] = e;
    int32_t old;
    insert_phrase(d, d->root_wclass, e->phrase, idx, 0, &old);
    return 0;
}

int kh_dict_add_option(kh_dict *d, const char *name, const char *value, const char *file, long line)
{
    if (vec_reserve((void **)&d->opts, &d->capopts, d->nopts + 1, sizeof *d->opts) < 0)
        return -1;
    kh_dict_opt *o = &d->opts[d->nopts];
    if (!(o->name = kh_dict_str(d, name)) || !(o->value = kh_dict_str(d, value ? value : "")))
        return -1;
    o->file = file;
    o->line = line;
    d->nopts++;
    return 0;
}

int kh_dict_add_issue(kh_dict *d, const char *code, const char *const *phrases, int32_t n,
                      int exclude, const char *file, long line)
{
    if (vec_reserve((void **)&d->issues, &d->capissues, d->nissues + 1, sizeof *d->issues) < 0)
        return -1;
    kh_issue_entry *e = kh_arena_calloc(&d->arena, 1, sizeof *e);
    const char **ph = copy_phrases(d, phrases, n);
    if (!e || !ph || !(e->code = kh_dict_str(d, code ? code : "")))
        return -1;
    e->phrases = ph;
    e->nphrases = n;
    e->exclude = (uint8_t)(exclude != 0);
    e->file = file;
    e->line = line;
    int32_t idx = d->nissues++;
    d->issues[idx] = e;
    for (int32_t i = 0; i < n; i++) {
        int32_t old;
        insert_phrase(d, d->root_issue, ph[i], idx, i, &old);
    }
    return 0;
}

int kh_dict_add_prep(kh_dict *d, const char *word)
{
    uint32_t id = kh_dict_intern(d, word, strlen(word));
    if (!id)
        return -1;
    if (id >= d->capprep) {
        size_t ncap = d->capprep ? d->capprep : 1024;
        while (ncap <= id)
            ncap *= 2;
        uint8_t *p = realloc(d->preps, ncap);
        if (!p)
            return -1;
        memset(p + d->capprep, 0, ncap - d->capprep);
        d->preps = p;
        d->capprep = ncap;
    }
    if (!d->preps[id]) {
        if (vec_reserve((void **)&d->preplist, &d->cappreplist, d->npreplist + 1, sizeof *d->preplist) < 0)
            return -1;
        d->preplist[d->npreplist++] = id;
    }
    d->preps[id] = 1;
    return 0;
}

static int code_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

int kh_dict_parse_ecode_rank(kh_dict *d, const char *s0, size_t n0, const char **code,
                             const char **code2, uint8_t *special, uint8_t *rank)
{
    char buf[64];
    size_t n = 0;
    *code = *code2 = NULL;
    *special = KH_CODE_EVENT;
    if (rank)
        *rank = KH_RANK_NORMAL;
    for (size_t i = 0; i < n0; i++)       /* TABARI writes the null code "- - -" */
        if (s0[i] != ' ' && s0[i] != '\t') {
            if (n + 1 >= sizeof buf)
                return -1;
            buf[n++] = s0[i];
        }
    buf[n] = '\0';
    const char *s = buf;
    if (n > 1 && (s[n - 1] == '!' || s[n - 1] == '?')) {
        if (rank)
            *rank = s[n - 1] == '!' ? KH_RANK_DOMINANT : KH_RANK_SUBORDINATE;
        n--;
    }
    if (n == 3 && strncmp(s, "---", 3) == 0) { *special = KH_CODE_NONE; return 0; }
    if (n == 3 && strncmp(s, "###", 3) == 0) { *special = KH_CODE_DISCARD; return 0; }
    if (n == 3 && strncmp(s, "+++", 3) == 0) { *special = KH_CODE_COMPLEX; return 0; }
    const char *colon = memchr(s, ':', n);
    size_t n1 = colon ? (size_t)(colon - s) : n;
    if (n1 == 0 && colon) {           /* "[:173]": only the paired code from the target */
        *special = KH_CODE_NONE;
    } else if (n1 == 0 || n1 > 8)
        return -1;
    for (size_t i = 0; i < n1; i++)
        if (!code_char(s[i]))
            return -1;
    if (n1 == 0 || (n1 == 3 && strncmp(s, "---", 3) == 0))
        *special = KH_CODE_NONE;
    else if (!(*code = kh_dict_strn(d, s, n1)))
        return -1;
    if (colon) {
        const char *c2 = colon + 1;
        size_t n2 = n - n1 - 1;
        if (n2 == 0 || n2 > 8)
            return -1;
        for (size_t i = 0; i < n2; i++)
            if (!code_char(c2[i]))
                return -1;
        if (!(n2 == 3 && strncmp(c2, "---", 3) == 0) && !(*code2 = kh_dict_strn(d, c2, n2)))
            return -1;
    }
    return 0;
}

int kh_dict_parse_ecode(kh_dict *d, const char *s, size_t n, const char **code,
                        const char **code2, uint8_t *special)
{
    return kh_dict_parse_ecode_rank(d, s, n, code, code2, special, NULL);
}

int kh_dict_parse_tcode(kh_dict *d, const char *s, size_t n, const char **code, uint8_t *special)
{
    const char *code2;
    while (n > 0 && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= 2 && (s[0] == '+' || s[0] == '-') && s[1] >= '0' && s[1] <= '9') {
        for (size_t i = 1; i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                return -1;
        *special = KH_CODE_EVENT;
        return (*code = kh_dict_strn(d, s, n)) ? 0 : -1;
    }
    if (kh_dict_parse_ecode(d, s, n, code, &code2, special) < 0 || *special == KH_CODE_EVENT)
        return -1;
    return 0;
}

kh_verb_block *kh_dict_time_begin(kh_dict *d, const char *name, const char *code, uint8_t special,
                                  const char *file, long line)
{
    if (vec_reserve((void **)&d->times, &d->captimes, d->ntimes + 1, sizeof *d->times) < 0)
        return NULL;
    kh_block_b *b = kh_arena_calloc(&d->arena, 1, sizeof *b);
    if (!b || !(b->pub.name = kh_dict_str(d, name)))
        return NULL;
    b->pub.code = code;
    b->pub.special = special;
    b->pub.time = 1;
    b->pub.file = file;
    b->pub.line = line;
    d->times[d->ntimes++] = b;
    return &b->pub;
}

kh_verb_block *kh_dict_block_begin(kh_dict *d, const char *name, const char *code,
                                   const char *code2, uint8_t special, const char *file, long line)
{
    if (vec_reserve((void **)&d->blocks, &d->capblocks, d->nblocks + 1, sizeof *d->blocks) < 0)
        return NULL;
    kh_block_b *b = kh_arena_calloc(&d->arena, 1, sizeof *b);
    if (!b)
        return NULL;
    b->pub.name = name ? kh_dict_str(d, name) : NULL;
    b->pub.code = code;
    b->pub.code2 = code2;
    b->pub.special = special;
    b->pub.file = file;
    b->pub.line = line;
    d->blocks[d->nblocks++] = b;
    return &b->pub;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int push_form(kh_dict *d, const char **out, int *k, int max, const char *stem, size_t n,
                     const char *suffix)
{
    if (*k >= max)
        return 0;
    size_t sl = strlen(suffix);
    char *s = kh_arena_alloc(&d->arena, n + sl + 1);
    if (!s)
        return -1;
    memcpy(s, stem, n);
    memcpy(s + n, suffix, sl + 1);
    out[(*k)++] = s;
    return 0;
}

int kh_dict_verb_inflect(kh_dict *d, const char *lemma, const char **out, int max)
{
    size_t n = strlen(lemma);
    int k = 0;
    char last = n ? (char)(lemma[n - 1] | 0x20) : 0;
    char prev = n > 1 ? (char)(lemma[n - 2] | 0x20) : 0;
    if (n < 2)
        return 0;
    if (last == 'e') {
        push_form(d, out, &k, max, lemma, n, "s");
        push_form(d, out, &k, max, lemma, n, "d");
        push_form(d, out, &k, max, lemma, prev == 'e' ? n : n - 1, "ing");
    } else if (last == 'y' && !is_vowel(prev)) {
        push_form(d, out, &k, max, lemma, n - 1, "ies");
        push_form(d, out, &k, max, lemma, n - 1, "ied");
        push_form(d, out, &k, max, lemma, n, "ing");
    } else if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'))) {
        push_form(d, out, &k, max, lemma, n, "es");
        push_form(d, out, &k, max, lemma, n, "ed");
        push_form(d, out, &k, max, lemma, n, "ing");
    } else {
        push_form(d, out, &k, max, lemma, n, "s");
        push_form(d, out, &k, max, lemma, n, "ed");
        push_form(d, out, &k, max, lemma, n, "ing");
        /* consonant-vowel-consonant: also the doubled forms (stopped, committed); the
         * undoubled ones stay, so "visited" and "referred" are both found. */
        char pp = n > 2 ? (char)(lemma[n - 3] | 0x20) : 'a';
        if (!is_vowel(last) && last != 'w' && last != 'x' && last != 'y' && is_vowel(prev) && !is_vowel(pp)) {
            char dbl[2] = {lemma[n - 1], 0};
            char buf[64];
            if (n + 1 < sizeof buf) {
                memcpy(buf, lemma, n);
                memcpy(buf + n, dbl, 2);
                push_form(d, out, &k, max, buf, n + 1, "ed");
                push_form(d, out, &k, max, buf, n + 1, "ing");
            }
        }
    }
    return k;
}

int kh_dict_noun_plural(kh_dict *d, const char *noun, const char **out, int max)
{
    size_t n = strlen(noun);
    int k = 0;
    if (n < 2)
        return 0;
    char last = (char)(noun[n - 1] | 0x20), prev = (char)(noun[n - 2] | 0x20);
    if (last == 'y' && !is_vowel(prev))
        push_form(d, out, &k, max, noun, n - 1, "ies");
    else if (last == 's' && prev == 's')
        push_form(d, out, &k, max, noun, n, "es");
    else if (last != 's')
        push_form(d, out, &k, max, noun, n, "s");
    return k;
}

/* Inflects the head word of a multi-word form: "carry out" -> "carries out" ... */
static int inflect_phrase(kh_dict *d, const char *form, int32_t head, int noun, const char **out, int max)
{
    const char *w = form;
    for (int32_t i = 0; i < head && w; i++) {
        w = strchr(w, ' ');
        if (w)
            w++;
    }
    if (!w)
        return 0;
    size_t wl = strcspn(w, " ");
    char word[128];
    if (wl == 0 || wl >= sizeof word)
        return 0;
    memcpy(word, w, wl);
    word[wl] = '\0';
    const char *tmp[8];
    int k = noun ? kh_dict_noun_plural(d, word, tmp, 8) : kh_dict_verb_inflect(d, word, tmp, 8);
    int m = 0;
    for (int i = 0; i < k && m < max; i++) {
        size_t pre = (size_t)(w - form), tl = strlen(tmp[i]), post = strlen(w + wl);
        char *s = kh_arena_alloc(&d->arena, pre + tl + post + 1);
        if (!s)
            return -1;
        memcpy(s, form, pre);
        memcpy(s + pre, tmp[i], tl);
        memcpy(s + pre + tl, w + wl, post + 1);
        out[m++] = s;
    }
    return m;
}

kh_verb *kh_dict_block_verb(kh_dict *d, kh_verb_block *pb, const char *const *forms, int32_t nforms,
                            int regular, int32_t head, const char *code, const char *code2,
                            int has_code, uint8_t special, int is_noun, const char *file, long line)
{
    kh_block_b *b = (kh_block_b *)pb;
    if (nforms <= 0)
        return NULL;
    if (vec_reserve((void **)&b->pub.verbs, &b->capverbs, b->pub.nverbs + 1, sizeof(kh_verb *)) < 0)
        return NULL;
    kh_verb *v = kh_arena_calloc(&d->arena, 1, sizeof *v);
    int32_t cap = nforms + (regular ? 8 : 0);
    const char **fs = kh_arena_alloc(&d->arena, sizeof *fs * (size_t)cap);
    if (!v || !fs)
        return NULL;
    int32_t k = 0;
    for (int32_t i = 0; i < nforms; i++)
        if (!(fs[k++] = phrase_norm(d, forms[i])))
            return NULL;
    if (regular) {
        const char *gen[8];
        int m = inflect_phrase(d, fs[0], head, is_noun, gen, 8);
        if (m < 0)
            return NULL;
        /* Keep a generated form only when it was not written already. */
        for (int i = 0; i < m; i++) {
            int dup = 0;
            for (int32_t j = 0; j < k && !dup; j++)
                dup = strcasecmp(fs[j], gen[i]) == 0;
            if (!dup)
                fs[k++] = gen[i];
        }
    }
    v->lemma = fs[0];
    v->forms = fs;
    v->nforms = k;
    v->head = head;
    if (has_code) {
        v->code = code;
        v->code2 = code2;
        v->special = special;
    } else {
        v->code = b->pub.code;
        v->code2 = b->pub.code2;
        v->special = b->pub.special;
    }
    v->is_noun = (uint8_t)(is_noun != 0);
    v->block = &b->pub;
    v->file = file;
    v->line = line;
    ((const kh_verb **)b->pub.verbs)[b->pub.nverbs++] = v;
    return v;
}

static int block_pattern(kh_dict *d, kh_verb_block *pb, const kh_pat_elem *elems, int32_t n,
                         const char *code, const char *code2, uint8_t special, uint8_t rank, int alt,
                         const char *text, const char *note, const char *file, long line)
{
    kh_block_b *b = (kh_block_b *)pb;
    if (vec_reserve((void **)&b->pub.patterns, &b->cappats, b->pub.npatterns + 1, sizeof(kh_pattern)) < 0)
        return -1;
    kh_pat_elem *es = kh_arena_memdup(&d->arena, elems, sizeof *elems * (size_t)(n ? n : 1));
    if (!es)
        return -1;
    kh_pattern *p = (kh_pattern *)&b->pub.patterns[b->pub.npatterns];
    memset(p, 0, sizeof *p);
    p->elems = es;
    p->nelems = n;
    p->verb_at = -1;
    for (int32_t i = 0; i < n; i++)
        if (es[i].kind == KH_PE_VERB && p->verb_at < 0)
            p->verb_at = i;
    for (int32_t i = 0; i < n; i++)
        for (const char *c = es[i].kind == KH_PE_WORD ? es[i].text : NULL; c && *c; c++)
            p->chars += isalnum((unsigned char)*c) != 0;
    p->code = code;
    p->code2 = code2;
    p->special = special;
    p->rank = rank;
    p->alt = (uint8_t)(alt != 0);
    p->text = text ? kh_dict_str(d, text) : NULL;
    p->note = note && *note ? kh_dict_str(d, note) : NULL;
    p->file = file;
    p->line = line;
    if ((text && !p->text) || (note && *note && !p->note))
        return -1;
    b->pub.npatterns++;
    return 0;
}

int kh_dict_block_patterns(kh_dict *d, kh_verb_block *b, const kh_pat_elem *el, int max,
                           const int32_t *ns, int nalt, const char *code, const char *code2,
                           uint8_t special, uint8_t rank, const char *text, const char *note,
                           const char *file, long line)
{
    for (int k = 0; k < nalt; k++)
        if (block_pattern(d, b, el + (size_t)k * (size_t)max, ns[k], code, code2, special, rank, k > 0,
                          text, note, file, line) < 0)
            return -1;
    return 0;
}

/* ---- loading ------------------------------------------------------------------------ */

int kh_dict_next_line(kh_dict_lines *it, const char **s, size_t *n)
{
    if (it->p >= it->end)
        return 0;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *e = nl ? nl : it->end;
    *s = it->p;
    *n = (size_t)(e - it->p);
    if (*n > 0 && (*s)[*n - 1] == '\r')
        (*n)--;
    it->p = nl ? nl + 1 : it->end;
    it->line++;
    return 1;
}

static const struct { kh_dict_format f; const char *name; } format_names[] = {
    {KH_DICT_UNKNOWN, "unknown"}, {KH_DICT_OURS, "khaldun"},
    {KH_DICT_PETR_VERBS, "petrarch-verbs"}, {KH_DICT_PETR_ACTORS, "petrarch-actors"},
    {KH_DICT_PETR_AGENTS, "petrarch-agents"}, {KH_DICT_PETR_DISCARDS, "petrarch-discards"},
    {KH_DICT_PETR_ISSUES, "petrarch-issues"}, {KH_DICT_PETR_PREPS, "petrarch-prepositions"},
    {KH_DICT_TABARI_VERBS, "tabari-verbs"}, {KH_DICT_TABARI_ACTORS, "tabari-actors"},
    {KH_DICT_TABARI_AGENTS, "tabari-agents"}, {KH_DICT_TABARI_OPTIONS, "tabari-options"},
};

const char *kh_dict_format_name(kh_dict_format f)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (format_names[i].f == f)
            return format_names[i].name;
    return "unknown";
}

static int name_has(const char *base, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = base; *p; p++)
        if (strncasecmp(p, what, n) == 0)
            return 1;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* By name first (the conventions of the two projects), then by content. */
kh_dict_format kh_dict_detect(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (ends_with(base, ".dict"))
        return KH_DICT_OURS;
    if (ends_with(base, ".verbs"))
        return KH_DICT_TABARI_VERBS;
    if (ends_with(base, ".actors"))
        return KH_DICT_TABARI_ACTORS;
    if (ends_with(base, ".agents"))
        return KH_DICT_TABARI_AGENTS;
    if (ends_with(base, ".options"))
        return KH_DICT_TABARI_OPTIONS;
    if (ends_with(base, ".txt")) {
        if (name_has(base, "verbs") || strncasecmp(base, "CAMEO.", 6) == 0)
            return KH_DICT_PETR_VERBS;
        if (name_has(base, "actors"))
            return KH_DICT_PETR_ACTORS;
        if (name_has(base, "agents"))
            return KH_DICT_PETR_AGENTS;
        if (name_has(base, "discards"))
            return KH_DICT_PETR_DISCARDS;
        if (name_has(base, "issue"))
            return KH_DICT_PETR_ISSUES;
        if (name_has(base, "preposition"))
            return KH_DICT_PETR_PREPS;
    }
    /* Content: our files start with %kind. */
    FILE *f = fopen(path, "rb");
    if (!f)
        return KH_DICT_UNKNOWN;
    char line[512];
    kh_dict_format r = KH_DICT_UNKNOWN;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
            continue;
        if (strncmp(line, "%kind", 5) == 0)
            r = KH_DICT_OURS;
        break;
    }
    fclose(f);
    return r;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1))) {
            *len = fread(p, 1, (size_t)n, f);
            p[*len] = '\0';
        }
    }
    fclose(f);
    return p;
}

static void counts_add(kh_dict_counts *a, const kh_dict_counts *b)
{
    long *x = (long *)a;
    const long *y = (const long *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(long); i++)
        x[i] += y[i];
}

int kh_dict_load_mem(kh_dict *d, const char *name, const char *text, size_t len,
                     kh_dict_format fmt, kh_diag *diag, kh_dict_counts *counts)
{
    kh_dict_counts c;
    memset(&c, 0, sizeof c);
    const char *file = kh_dict_str(d, name);
    int r;
    if (!file)
        return -1;
    if (d->finished) {
        kh_diag_error(diag, file, 0, "the dictionary is already finished (load before kh_dict_finish)");
        return -1;
    }
    if (fmt == KH_DICT_OURS)
        r = kh_dict_load_ours(d, file, text, len, diag, &c);
    else if (fmt >= KH_DICT_PETR_VERBS && fmt <= KH_DICT_PETR_PREPS)
        r = kh_dict_load_petrarch(d, fmt, file, text, len, diag, &c);
    else if (fmt >= KH_DICT_TABARI_VERBS && fmt <= KH_DICT_TABARI_OPTIONS)
        r = kh_dict_load_tabari(d, fmt, file, text, len, diag, &c);
    else {
        kh_diag_error(diag, file, 0, "unknown dictionary format");
        return -1;
    }
    counts_add(&d->totals, &c);
    if (counts)
        counts_add(counts, &c);
    return r;
}

static int load_file(kh_dict *d, const char *path, kh_dict_format fmt, kh_diag *diag,
                     kh_dict_counts *counts)
{
    if (fmt == KH_DICT_UNKNOWN)
        fmt = kh_dict_detect(path);
    if (fmt == KH_DICT_UNKNOWN) {
        kh_diag_error(diag, path, 0, "cannot tell the dictionary format (name it .dict, .verbs, "
                      ".actors, .agents, or a PETRARCH *.verbs.txt / *.actors.txt ... name)");
        return -1;
    }
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) {
        kh_diag_error(diag, path, 0, "cannot read the file");
        return -1;
    }
    int r = kh_dict_load_mem(d, path, text, len, fmt, diag, counts);
    free(text);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int kh_dict_load(kh_dict *d, const char *path, kh_dict_format fmt, kh_diag *diag,
                 kh_dict_counts *counts)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        kh_diag_error(diag, path, 0, "no such file or directory");
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return load_file(d, path, fmt, diag, counts);
    /* A directory: every file of a known format, in name order (deterministic). */
    DIR *dir = opendir(path);
    if (!dir) {
        kh_diag_error(diag, path, 0, "cannot open the directory");
        return -1;
    }
    char **names = NULL;
    int32_t n = 0, cap = 0, r = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        char *full = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (!full || vec_reserve((void **)&names, &cap, n + 1, sizeof *names) < 0) {
            free(full);
            r = -1;
            break;
        }
        sprintf(full, "%s/%s", path, e->d_name);
        names[n++] = full;
    }
    closedir(dir);
    if (n > 0)
        qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int32_t i = 0; i < n; i++) {
        struct stat fs;
        kh_dict_format f = fmt;
        if (r == 0 && stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode)) {
            if (f == KH_DICT_UNKNOWN)
                f = kh_dict_detect(names[i]);
            if (f != KH_DICT_UNKNOWN && load_file(d, names[i], f, diag, counts) < 0)
                r = -1;
        }
        free(names[i]);
    }
    free(names);
    return r;
}

/* ---- finishing ------------------------------------------------------------------------ */

const kh_synset *kh_dict_synset_get(const kh_dict *d, const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name);
    while (n > 0 && name[n - 1] == '_')   /* PETRARCH "&AUXVERB1_" is "&AUXVERB1" */
        n--;
    for (int32_t i = 0; i < d->nsynsets; i++) {
        const char *s = d->synsets[i]->name;
        size_t m = strlen(s);
        while (m > 0 && s[m - 1] == '_')
            m--;
        if (m == n && strncasecmp(s, name, n) == 0)
            return d->synsets[i];
    }
    return NULL;
}

int kh_dict_set_verb_ends(kh_dict *d, kh_verb *v, const uint8_t *ends, int32_t n)
{
    uint8_t *e = kh_arena_memdup(&d->arena, ends, (size_t)(n > 0 ? n : 1));
    if (!e)
        return -1;
    v->ends = e;
    v->nends = n;
    for (int32_t i = 0; i < n; i++)
        d->has_vends |= ends[i] != KH_WEND_NONE;
    return 0;
}

static int cmp_vform(const void *a, const void *b)
{
    const kh_vform *x = a, *y = b;
    uint32_t hx = x->words[x->head], hy = y->words[y->head];
    if (hx != hy)
        return hx < hy ? -1 : 1;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;      /* longest first */
    if (x->verb->file != y->verb->file || x->verb->line != y->verb->line)
        return x->verb->line < y->verb->line ? -1 : 1;
    return x->form < y->form ? -1 : (x->form > y->form);
}

/* The words of TABARI's <TIME> phrases get ids, so that kh_dict_time_find can match them
 * (they are in no verb index). */
static int intern_time_words(kh_dict *d)
{
    for (int32_t t = 0; t < d->ntimes; t++)
        for (int32_t v = 0; v < d->times[t]->pub.nverbs; v++) {
            const kh_verb *vb = d->times[t]->pub.verbs[v];
            uint32_t ids[32];
            for (int32_t f = 0; f < vb->nforms; f++)
                if (phrase_ids(d, vb->forms[f], ids, 32, 1) < 0)
                    return -1;
            if (vb->lemma && phrase_ids(d, vb->lemma, ids, 32, 1) < 0)
                return -1;
        }
    return 0;
}

static int build_verb_index(kh_dict *d)
{
    int32_t total = 0, k = 0;
    for (int32_t b = 0; b < d->nblocks; b++)
        for (int32_t v = 0; v < d->blocks[b]->pub.nverbs; v++)
            total += d->blocks[b]->pub.verbs[v]->nforms;
    d->vforms = calloc((size_t)(total ? total : 1), sizeof *d->vforms);
    if (!d->vforms)
        return -1;
    for (int32_t b = 0; b < d->nblocks; b++) {
        for (int32_t v = 0; v < d->blocks[b]->pub.nverbs; v++) {
            const kh_verb *vb = d->blocks[b]->pub.verbs[v];
            for (int32_t f = 0; f < vb->nforms; f++) {
                /* a TABARI verb of one word matches by its word end, not by the forms
                 * generated from it ("DEPART_" takes "departs", "BAN=" no "bans") */
                if (vb->ends && f >= vb->nends && vb->nends > 0 && vb->ends[0] != KH_WEND_NONE)
                    continue;
                uint32_t ids[32];
                int n = phrase_ids(d, vb->forms[f], ids, 32, 1);
                if (n <= 0)
                    continue;
                uint32_t *w = kh_arena_memdup(&d->arena, ids, sizeof ids[0] * (size_t)n);
                if (!w)
                    return -1;
                kh_vform *x = &d->vforms[k++];
                x->verb = vb;
                x->form = f;
                x->words = w;
                x->n = (int16_t)n;
                x->head = (int16_t)(vb->head < n ? vb->head : 0);
                x->end = vb->ends && f < vb->nends && n == 1 ? vb->ends[f] : KH_WEND_NONE;
            }
        }
    }
    d->nvforms = k;
    qsort(d->vforms, (size_t)k, sizeof *d->vforms, cmp_vform);
    d->vf_start = calloc((size_t)d->trie.nwords + 2, sizeof *d->vf_start);
    if (!d->vf_start)
        return -1;
    /* counting sort offsets: vf_start[w] = first index with head word >= w */
    int32_t j = 0;
    for (uint32_t w = 0; w <= d->trie.nwords + 1; w++) {
        while (j < k && d->vforms[j].words[d->vforms[j].head] < w)
            j++;
        d->vf_start[w] = j;
    }
    return 0;
}

/* Synsets named inside synset members ("+&TIETYPES_MEMOS"), once all are known. */
static void resolve_synmems(kh_dict *d, kh_diag *diag)
{
    for (int32_t i = 0; i < d->nsynsets; i++) {
        for (int32_t m = 0; m < d->nsynmems[i]; m++) {
            for (int32_t e = 0; e < d->synmems[i][m].n; e++) {
                kh_pat_elem *el = (kh_pat_elem *)&d->synmems[i][m].el[e];
                if (el->kind != KH_PE_SYNSET || el->synset)
                    continue;
                el->synset = kh_dict_synset_get(d, el->text);
                if (!el->synset)
                    kh_diag_warn(diag, d->synsets[i]->file, d->synsets[i]->line,
                                 "synset %s is not defined: member %d of %s never matches", el->text,
                                 (int)m + 1, d->synsets[i]->name);
            }
        }
    }
}

/* 1 when pattern a is to be tried before b: TABARI's by their letters and digits
 * (manual 5.7.1: "- * DOLLAR" before "- * &CURRENCY"), others by their elements. */
static int pattern_longer(const kh_pattern *a, const kh_pattern *b)
{
    if (a->by_chars && b->by_chars)
        return a->chars > b->chars;
    return a->nelems > b->nelems;
}

/* Patterns longest first (pattern_longer), file order among equals: a stable
 * insertion sort, since blocks hold at most a few hundred patterns. */
static void sort_patterns(kh_pattern *p, int32_t n)
{
    for (int32_t i = 1; i < n; i++) {
        kh_pattern x = p[i];
        int32_t j = i - 1;
        while (j >= 0 && pattern_longer(&x, &p[j])) {
            p[j + 1] = p[j];
            j--;
        }
        p[j + 1] = x;
    }
}

static int build_variant_index(kh_dict *d);

/* A named block, for grouping blocks of one file and name (link_same_names). */
typedef struct named {
    const char *file, *name;
    int32_t idx;
} named;

static int cmp_named(const void *pa, const void *pb)
{
    const named *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (!c)
        c = strcasecmp(a->name, b->name);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* Links the named blocks of one file and name (kh_verb_block same_first, same_next),
 * so the coder walks a block's namesakes instead of every block. -1 out of memory. */
static int link_same_names(kh_dict *d)
{
    named *v = malloc(sizeof *v * (size_t)(d->nblocks ? d->nblocks : 1));
    if (!v)
        return -1;
    int32_t n = 0;
    for (int32_t b = 0; b < d->nblocks; b++) {
        kh_verb_block *blk = &d->blocks[b]->pub;
        blk->same_first = blk->same_next = -1;
        if (blk->has_name && blk->name && blk->file)
            v[n++] = (named){blk->file, blk->name, b};
    }
    qsort(v, (size_t)n, sizeof *v, cmp_named);
    for (int32_t i = 0, first = 0; i < n; i++) {
        if (i > 0 && (strcmp(v[i].file, v[i - 1].file) != 0 || strcasecmp(v[i].name, v[i - 1].name) != 0))
            first = i;
        kh_verb_block *blk = &d->blocks[v[i].idx]->pub;
        blk->same_first = v[first].idx;
        if (i + 1 < n && strcmp(v[i + 1].file, v[i].file) == 0 && strcasecmp(v[i + 1].name, v[i].name) == 0)
            blk->same_next = v[i + 1].idx;
    }
    free(v);
    return 0;
}

int kh_dict_finish(kh_dict *d, kh_diag *diag)
{
    if (d->finished)
        return 0;
    for (int32_t b = 0; b < d->nblocks; b++) {
        kh_verb_block *blk = &d->blocks[b]->pub;
        kh_pattern *ps = (kh_pattern *)blk->patterns;
        for (int32_t i = 0; i < blk->npatterns; i++) {
            for (int32_t e = 0; e < ps[i].nelems; e++) {
                kh_pat_elem *el = (kh_pat_elem *)&ps[i].elems[e];
                if (el->kind != KH_PE_SYNSET || el->synset)
                    continue;
                el->synset = kh_dict_synset_get(d, el->text);
                if (!el->synset)
                    kh_diag_warn(diag, ps[i].file, ps[i].line,
                                 "synset %s is not defined: the pattern never matches", el->text);
            }
        }
        sort_patterns(ps, blk->npatterns);
    }
    resolve_synmems(d, diag);
    for (int32_t t = 0; t < d->ntimes; t++)
        sort_patterns((kh_pattern *)d->times[t]->pub.patterns, d->times[t]->pub.npatterns);
    if (intern_time_words(d) < 0 || build_verb_index(d) < 0 || build_variant_index(d) < 0 ||
        link_same_names(d) < 0)
        return -1;
    d->finished = 1;
    return 0;
}

kh_dict *kh_dict_open(const char *const *paths, int npaths, kh_diag *diag)
{
    kh_dict *d = kh_dict_new();
    if (!d) {
        kh_diag_error(diag, NULL, 0, "out of memory");
        return NULL;
    }
    for (int i = 0; i < npaths; i++) {
        if (kh_dict_load(d, paths[i], KH_DICT_UNKNOWN, diag, NULL) < 0) {
            kh_dict_free(d);
            return NULL;
        }
    }
    if (kh_dict_finish(d, diag) < 0) {
        kh_dict_free(d);
        return NULL;
    }
    return d;
}

const kh_dict_counts *kh_dict_totals(const kh_dict *d) { return &d->totals; }
int32_t kh_dict_ndups(const kh_dict *d) { return d->ndups; }
const kh_dict_dup *kh_dict_dup_at(const kh_dict *d, int32_t i) { return i >= 0 && i < d->ndups ? &d->dups[i] : NULL; }
int32_t kh_dict_nactors(const kh_dict *d) { return d->nactors; }
const kh_actor_entry *kh_dict_actor(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nactors ? d->actors[i] : NULL; }
int32_t kh_dict_nagents(const kh_dict *d) { return d->nagents; }
const kh_agent_entry *kh_dict_agent(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nagents ? d->agents[i] : NULL; }
int32_t kh_dict_nsynsets(const kh_dict *d) { return d->nsynsets; }
const kh_synset *kh_dict_synset(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nsynsets ? d->synsets[i] : NULL; }
int32_t kh_dict_nblocks(const kh_dict *d) { return d->nblocks; }
const kh_verb_block *kh_dict_block(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nblocks ? &d->blocks[i]->pub : NULL; }
int32_t kh_dict_ndiscards(const kh_dict *d) { return d->ndiscards; }
const kh_discard_entry *kh_dict_discard_at(const kh_dict *d, int32_t i) { return i >= 0 && i < d->ndiscards ? d->discards[i] : NULL; }
int32_t kh_dict_nissues(const kh_dict *d) { return d->nissues; }
const kh_issue_entry *kh_dict_issue(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nissues ? d->issues[i] : NULL; }
int32_t kh_dict_ntimes(const kh_dict *d) { return d->ntimes; }
const kh_verb_block *kh_dict_time(const kh_dict *d, int32_t i) { return i >= 0 && i < d->ntimes ? &d->times[i]->pub : NULL; }
int32_t kh_dict_nwordclasses(const kh_dict *d) { return d->nwclasses; }
const kh_wordclass_entry *kh_dict_wordclass(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nwclasses ? d->wclasses[i] : NULL; }
int32_t kh_dict_npreps(const kh_dict *d) { return d->npreplist; }
const char *kh_dict_prep(const kh_dict *d, int32_t i) { return i >= 0 && i < d->npreplist ? d->trie.words[d->preplist[i]] : NULL; }
int32_t kh_dict_noptions(const kh_dict *d) { return d->nopts; }
const kh_dict_opt *kh_dict_option_at(const kh_dict *d, int32_t i) { return i >= 0 && i < d->nopts ? &d->opts[i] : NULL; }

const char *kh_dict_option(const kh_dict *d, const char *name)
{
    for (int32_t i = d->nopts - 1; i >= 0; i--)
        if (strcasecmp(d->opts[i].name, name) == 0)
            return d->opts[i].value;
    return NULL;
}

/* ---- sentences ---------------------------------------------------------------------- */

static int sent_alloc(kh_arena *a, int32_t n, kh_dict_sent *out)
{
    size_t m = (size_t)(n ? n : 1);
    uint32_t *f = kh_arena_alloc(a, m * sizeof *f);
    uint32_t *l = kh_arena_alloc(a, m * sizeof *l);
    const char **t = kh_arena_alloc(a, m * sizeof *t);
    uint8_t *u = kh_arena_calloc(a, m, 1);
    if (!f || !l || !t || !u)
        return -1;
    out->n = n;
    out->form = f;
    out->lemma = l;
    out->text = t;
    out->upos = u;
    out->caps = 0;
    return 0;
}

/* 1 when three words or more have letters and none has a lower-case one ("US TROOPS
 * LEAVE"). Fewer words ("US", "US ARMY", a typed look-up) keep their case meaningful.
 * Only ASCII letters are looked at: that is enough to tell a headline in capitals. */
static uint8_t all_caps(const char *const *text, int32_t n)
{
    int words = 0;
    for (int32_t i = 0; i < n; i++) {
        int upper = 0;
        for (const char *p = text[i]; p && *p; p++) {
            if (*p >= 'a' && *p <= 'z')
                return 0;
            upper |= *p >= 'A' && *p <= 'Z';
        }
        words += upper;
    }
    return words >= 3;
}

int kh_dict_prepare_words(const kh_dict *d, const char *const *forms, const char *const *lemmas,
                          int32_t n, kh_arena *a, kh_dict_sent *out)
{
    if (sent_alloc(a, n, out) < 0)
        return -1;
    uint32_t *f = (uint32_t *)out->form, *l = (uint32_t *)out->lemma;
    for (int32_t i = 0; i < n; i++) {
        const char *w = forms[i] ? forms[i] : "";
        ((const char **)out->text)[i] = w;
        f[i] = kh_trie_lookup(&d->trie, w, strlen(w));
        const char *lm = lemmas ? lemmas[i] : NULL;
        l[i] = lm ? kh_trie_lookup(&d->trie, lm, strlen(lm)) : 0;
    }
    out->caps = all_caps(out->text, n);
    return 0;
}

int kh_dict_prepare(const kh_dict *d, const kh_sentence *s, kh_arena *a, kh_dict_sent *out)
{
    if (sent_alloc(a, s->nwords, out) < 0)
        return -1;
    uint32_t *f = (uint32_t *)out->form, *l = (uint32_t *)out->lemma;
    for (int32_t i = 0; i < s->nwords; i++) {
        const kh_word *w = &s->words[i];
        const char *form = w->form ? w->form : "";
        ((const char **)out->text)[i] = form;
        ((uint8_t *)out->upos)[i] = w->upos;
        f[i] = kh_trie_lookup(&d->trie, form, strlen(form));
        /* most lemmas are their form written alike: one look-up serves both */
        l[i] = !w->lemma ? 0 : strcmp(w->lemma, form) == 0 ? f[i]
                                : kh_trie_lookup(&d->trie, w->lemma, strlen(w->lemma));
    }
    out->caps = all_caps(out->text, s->nwords);
    return 0;
}

int kh_dict_prepare_text(const kh_dict *d, const char *text, kh_arena *a, kh_dict_sent *out)
{
    /* Split at blanks; "'s" or "n't" at a word's end becomes a word of its own. */
    size_t len = strlen(text);
    const char **words = kh_arena_alloc(a, sizeof *words * (len + 1));
    int32_t n = 0;
    if (!words)
        return -1;
    for (const char *p = text; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        size_t wl = (size_t)(p - w);
        size_t cut = 0;
        if (wl > 2 && w[wl - 2] == '\'' && (w[wl - 1] == 's' || w[wl - 1] == 'S'))
            cut = 2;
        else if (wl > 3 && strncasecmp(w + wl - 3, "n't", 3) == 0)
            cut = 3;
        if (cut) {
            words[n++] = kh_arena_strndup(a, w, wl - cut);
            if (!words[n - 1])
                return -1;
            words[n++] = kh_arena_strndup(a, w + wl - cut, cut);
        } else {
            words[n++] = kh_arena_strndup(a, w, wl);
        }
        if (!words[n - 1])
            return -1;
    }
    return kh_dict_prepare_words(d, words, NULL, n, a, out);
}

uint32_t kh_dict_word_id(const kh_dict *d, const char *word)
{
    return word ? kh_trie_lookup(&d->trie, word, strlen(word)) : 0;
}

int kh_dict_is_preposition(const kh_dict *d, const kh_dict_sent *s, int32_t i)
{
    if (i < 0 || i >= s->n || !d->preps)
        return 0;
    uint32_t f = s->form[i];
    return f && f < d->capprep && d->preps[f];
}

/* ---- matching ------------------------------------------------------------------------ */

/* A case=exact phrase against tokens i..: each word of the phrase (split as phrase_ids
 * splits it: at blanks and '_', "'s" apart) must equal the token's form byte for byte.
 * In a sentence written in capitals case says nothing, so nothing matches there. */
static int case_matches(const char *p, const kh_dict_sent *s, int32_t i)
{
    if (s->caps || !s->text)
        return 0;
    while (*p) {
        while (*p == ' ' || *p == '_' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '_' && *p != '\t')
            p++;
        size_t len = (size_t)(p - w), poss = 0;
        if (len > 2 && w[len - 2] == '\'' && (w[len - 1] == 's' || w[len - 1] == 'S'))
            poss = 2;
        for (int part = 0; part < (poss ? 2 : 1); part++, i++) {
            const char *x = part ? w + len - poss : w;
            size_t xl = part ? poss : len - poss;
            const char *t = i < s->n ? s->text[i] : NULL;
            if (!t || strlen(t) != xl || memcmp(t, x, xl) != 0)
                return 0;
        }
    }
    return 1;
}

/* The child of node for token j through an edge of a TABARI word end (the last word of
 * a TABARI phrase, enum kh_word_end), 0 when none: the word itself ("MOUSE=", "LIBYA_"),
 * the word with the plural S ("Libyas" for "LIBYA_"; "'s" is a token of its own), then
 * the longest stem the token begins with ("Kuwaiti" for "KUWAIT"). Only the token's
 * form counts: TABARI knows no lemmas. */
static uint32_t wend_child(const kh_dict *d, uint32_t node, const kh_dict_sent *s, int32_t j)
{
    const kh_trie *t = &d->trie;
    uint32_t c, f = s->form[j];
    if (f && ((c = kh_trie_child(t, node, f | KH_WEND_BIT_EXACT)) ||
              (c = kh_trie_child(t, node, f | KH_WEND_BIT_REGULAR))))
        return c;
    char buf[256];
    const char *x = s->text ? s->text[j] : NULL;
    long m = x ? kh_trie_fold(x, strlen(x), buf, sizeof buf) : -1;
    if (m <= 1)
        return 0;
    uint32_t w;
    if (buf[m - 1] == 's' && (w = kh_trie_word(t, buf, (size_t)m - 1)) &&
        (c = kh_trie_child(t, node, w | KH_WEND_BIT_REGULAR)))
        return c;
    for (long len = m < (long)d->wstem_max ? m : (long)d->wstem_max; len >= (long)d->wstem_min && len > 0; len--)
        if ((w = kh_trie_word(t, buf, (size_t)len)) && (c = kh_trie_child(t, node, w | KH_WEND_BIT_STEM)))
            return c;
    return 0;
}

/* Longest phrase under root starting at token i: returns its length (0 none) and the
 * terminal node in *node. Each step follows the form, else the lemma. A case=exact
 * phrase (rare) is checked against the tokens only once the trie has matched it. The
 * last word of a TABARI phrase follows its word end (wend_child); a phrase as written
 * wins over one of the same length matched that way. */
static int32_t longest_ex(const kh_dict *d, uint32_t root, const kh_dict_sent *s, int32_t i,
                          uint32_t *node, int forms_only)
{
    uint32_t cur = root;
    int32_t best = 0;
    *node = 0;
    for (int32_t j = i; j < s->n; j++) {
        uint32_t next = s->form[j] ? kh_trie_child(&d->trie, cur, s->form[j]) : 0;
        if (!next && !forms_only && s->lemma[j] && s->lemma[j] != s->form[j])
            next = kh_trie_child(&d->trie, cur, s->lemma[j]);
        uint32_t end = d->has_ends ? wend_child(d, cur, s, j) : 0;
        if (end && d->nval[end] >= 0) {
            best = j - i + 1;
            *node = end;
        }
        if (!next)
            break;
        cur = next;
        if (d->nval[cur] >= 0 && (!d->ncase || !d->ncase[cur] || case_matches(d->ncase[cur], s, i))) {
            best = j - i + 1;
            *node = cur;
        }
    }
    return best;
}

static int32_t longest(const kh_dict *d, uint32_t root, const kh_dict_sent *s, int32_t i, uint32_t *node)
{
    return longest_ex(d, root, s, i, node, 0);
}

int kh_dict_elem_match(const kh_dict_sent *s, int32_t i, const kh_pat_elem *e)
{
    if (i < 0 || i >= s->n || e->kind != KH_PE_WORD)
        return 0;
    if (e->flags & KH_PE_EXACT)
        return e->word != 0 && s->form[i] == e->word;
    if (kh_dict_word_match(s, i, e->word))
        return 1;
    if (!(e->flags & KH_PE_STEM) || !s->text || !s->text[i] || !e->text)
        return 0;
    return strncasecmp(s->text[i], e->text, strlen(e->text)) == 0;
}

/* Synsets may name synsets: deeper than this is a loop (the manual forbids it). */
#define SYN_DEPTH 8

static int32_t syn_index(const kh_dict *d, const kh_synset *ss)
{
    /* the synset knows its place: every pattern element asks, a scan cost ~100
     * instructions a call (issue 8); the scan stays for a synset of another dict */
    if (ss->index >= 0 && ss->index < d->nsynsets && d->synsets[ss->index] == ss)
        return ss->index;
    for (int32_t k = 0; k < d->nsynsets; k++)
        if (d->synsets[k] == ss)
            return k;
    return -1;
}

/* Actors for the '$' and '+' of synset members (kh_dict_synset_bind): where they were
 * matched, -1 when not. */
typedef struct synbind {
    const int32_t *actor_end;
    int32_t src, tgt;
} synbind;

static int32_t syn_end(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i,
                       int32_t bound, int depth, synbind *b);
static int32_t syn_start(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t last,
                         int32_t lo, int depth);

/* Element e at token j read rightwards: the end (exclusive) of its match, 0 when none. */
static int32_t elem_end(const kh_dict *d, const kh_pat_elem *e, const kh_dict_sent *s, int32_t j,
                        int32_t bound, int depth, synbind *b)
{
    if (e->kind == KH_PE_WORD)
        return j < bound && kh_dict_elem_match(s, j, e) ? j + 1 : 0;
    if (e->kind == KH_PE_SYNSET)
        return syn_end(d, e->synset, s, j, bound, depth + 1, b);
    /* '$', '+', '%': an actor mention the caller found starts here */
    int actor = e->kind == KH_PE_SOURCE || e->kind == KH_PE_TARGET || e->kind == KH_PE_BOTH;
    if (!actor || !b || !b->actor_end || j >= bound || b->actor_end[j] <= j || b->actor_end[j] > bound)
        return 0;
    if (e->kind != KH_PE_TARGET)
        b->src = j;
    if (e->kind != KH_PE_SOURCE)
        b->tgt = j;
    return b->actor_end[j];
}

/* Element e ending at token j read leftwards: the start of its match, -1 when none. */
static int32_t elem_start(const kh_dict *d, const kh_pat_elem *e, const kh_dict_sent *s, int32_t j,
                          int32_t lo, int depth)
{
    if (e->kind == KH_PE_WORD)
        return j >= lo && kh_dict_elem_match(s, j, e) ? j : -1;
    if (e->kind == KH_PE_SYNSET)
        return syn_start(d, e->synset, s, j, lo, depth + 1);
    return -1;
}

/* A member's elements from token i on (its first element at i; one marked KH_PE_NEXT
 * right after the one before, any other at the first place it matches): the end. */
static int32_t seq_end(const kh_dict *d, const kh_synmem *m, const kh_dict_sent *s, int32_t i,
                       int32_t bound, int depth, synbind *b)
{
    int32_t cur = i;
    for (int32_t k = 0; k < m->n; k++) {
        int anchored = k == 0 || (m->el[k].flags & KH_PE_NEXT);
        int32_t end = 0;
        for (int32_t j = cur; j < bound && !end; j++) {
            end = elem_end(d, &m->el[k], s, j, bound, depth, b);
            if (!end && anchored)
                break;
        }
        if (!end)
            return 0;
        cur = end;
    }
    return cur;
}

/* The same read leftwards, its last element ending at token last: the start. */
static int32_t seq_start(const kh_dict *d, const kh_synmem *m, const kh_dict_sent *s, int32_t last,
                         int32_t lo, int depth)
{
    int32_t cur = last;
    for (int32_t k = m->n - 1; k >= 0; k--) {
        int anchored = k == m->n - 1 || (m->el[k + 1].flags & KH_PE_NEXT);
        int32_t st = -1;
        for (int32_t j = cur; j >= lo && st < 0; j--) {
            st = elem_start(d, &m->el[k], s, j, lo, depth);
            if (st < 0 && anchored)
                break;
        }
        if (st < 0)
            return -1;
        cur = st - 1;
    }
    return cur + 1;
}

/* 1 when the trie under root holds the phrase of tokens [i, last] exactly. */
static int trie_span(const kh_dict *d, uint32_t root, const kh_dict_sent *s, int32_t i, int32_t last)
{
    uint32_t cur = root;
    for (int32_t j = i; j <= last; j++) {
        uint32_t next = s->form[j] ? kh_trie_child(&d->trie, cur, s->form[j]) : 0;
        if (!next && s->lemma[j] && s->lemma[j] != s->form[j])
            next = kh_trie_child(&d->trie, cur, s->lemma[j]);
        if (!next)
            return 0;
        cur = next;
    }
    return d->nval[cur] >= 0 && (!d->ncase || !d->ncase[cur] || case_matches(d->ncase[cur], s, i));
}

static int32_t syn_end(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i,
                       int32_t bound, int depth, synbind *b)
{
    int32_t k = syn_index(d, ss);
    if (k < 0 || depth > SYN_DEPTH || i < 0 || i >= s->n || i >= bound)
        return 0;
    uint32_t node;
    int32_t len = longest(d, d->synroots[k], s, i, &node);
    int32_t best = len > 0 && i + len <= bound ? i + len : 0;
    synbind keep = b ? *b : (synbind){NULL, -1, -1};
    for (int32_t m = 0; m < d->nsynmems[k]; m++) {
        synbind trial = keep;   /* actors of a member that fails or loses are not kept */
        int32_t e = seq_end(d, &d->synmems[k][m], s, i, bound, depth, b ? &trial : NULL);
        if (e > best) {
            best = e;
            if (b)
                *b = trial;
        }
    }
    return best;
}

static int32_t syn_start(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t last,
                         int32_t lo, int depth)
{
    int32_t k = syn_index(d, ss);
    if (k < 0 || depth > SYN_DEPTH || last < 0 || last >= s->n || last < lo)
        return -1;
    int32_t best = -1;
    for (int32_t i = lo > last - 31 ? lo : last - 31; i <= last && best < 0; i++)
        if (trie_span(d, d->synroots[k], s, i, last))
            best = i;
    for (int32_t m = 0; m < d->nsynmems[k]; m++) {
        int32_t st = seq_start(d, &d->synmems[k][m], s, last, lo, depth);
        if (st >= 0 && (best < 0 || st < best))
            best = st;
    }
    return best;
}

int32_t kh_dict_synset_end(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s,
                           int32_t i, int32_t bound)
{
    if (!ss)
        return 0;
    return syn_end(d, ss, s, i, bound > s->n ? s->n : bound, 0, NULL);
}

int32_t kh_dict_synset_bind(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i,
                            int32_t bound, const int32_t *actor_end, int32_t *src, int32_t *tgt)
{
    synbind b = {actor_end, -1, -1};
    int32_t e = ss ? syn_end(d, ss, s, i, bound > s->n ? s->n : bound, 0, &b) : 0;
    *src = e ? b.src : -1;
    *tgt = e ? b.tgt : -1;
    return e;
}

int32_t kh_dict_synset_start(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s,
                             int32_t last, int32_t lo)
{
    if (!ss)
        return -1;
    return syn_start(d, ss, s, last, lo < 0 ? 0 : lo, 0);
}

int32_t kh_dict_synset_match(const kh_dict *d, const kh_synset *ss, const kh_dict_sent *s, int32_t i)
{
    int32_t e = kh_dict_synset_end(d, ss, s, i, s->n);
    return e > i ? e - i : 0;
}

/* TABARI replaces the hyphens of its dictionaries' words with underscores (manual
 * 5.2: "ANTI-" is "ANTI_", a whole word), as it reads the text's hyphens as blanks. */
void kh_dict_tabari_hyphens(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '-' && p > s && isalnum((unsigned char)p[-1]))
            *p = '_';
}

void kh_dict_tabari_words(kh_pat_elem *el, int32_t n)
{
    for (int32_t k = 0; k < n; k++) {
        if (el[k].kind != KH_PE_WORD)
            continue;
        el[k].flags &= (uint8_t)~(KH_PE_STEM | KH_PE_EXACT);
        el[k].flags |= (el[k].flags & KH_PE_CLOSED) ? KH_PE_EXACT : KH_PE_STEM;
    }
}

int32_t kh_dict_match_agent(const kh_dict *d, const kh_dict_sent *s, int32_t from,
                            const kh_agent_entry **agent)
{
    uint32_t node;
    int32_t n = (from >= 0 && from < s->n) ? longest(d, d->root_agent, s, from, &node) : 0;
    if (n && d->agents[d->nval[node]]->written_forms)   /* "polices" is no "POLICE {}" */
        n = longest_ex(d, d->root_agent, s, from, &node, 1);
    *agent = n ? d->agents[d->nval[node]] : NULL;
    return n;
}

static int32_t match_actor_at(const kh_dict *d, const kh_dict_sent *s, int32_t from,
                              const kh_actor_entry **e, int32_t *phrase)
{
    uint32_t node;
    int32_t n = (from >= 0 && from < s->n) ? longest(d, d->root_actor, s, from, &node) : 0;
    *e = n ? d->actors[d->nval[node]] : NULL;
    *phrase = n ? d->nphr[node] : -1;
    return n;
}

const char *kh_actor_code_on(const kh_actor_entry *e, int32_t date)
{
    const char *dflt = NULL, *latest = NULL;
    int32_t latest_to = -1;
    for (int32_t i = 0; i < e->ncodes; i++) {
        const kh_dict_code *c = &e->codes[i];
        if (!c->ranged) {
            if (!dflt)
                dflt = c->code;
            continue;
        }
        if (date > 0 && c->from <= date && date <= c->to)
            return c->code;
        if (c->to > latest_to) {
            latest_to = c->to;
            latest = c->code;
        }
    }
    if (dflt)
        return dflt;
    return date == 0 ? latest : NULL;
}

/* actor + role: the role's elements are appended, without repeating elements that
 * end the actor code and start the role (IRQGOV + GOVMIL = IRQGOVMIL); a prefix role
 * goes in front (NGO + ARN = NGOARN), without repeating those that end the role and
 * start the actor code (NGM + NGM = NGM). */
static const char *combine_role(kh_arena *a, const char *actor, const char *role, int prefix)
{
    if (!actor)
        actor = "---";
    size_t na = strlen(actor), ng = strlen(role);
    char *out = kh_arena_alloc(a, na + ng + 1);
    if (!out)
        return NULL;
    size_t overlap = 0;
    if (prefix) {      /* NGM + NGM (Amnesty International) = NGM, as TABARI's manual says */
        for (size_t k = 3; k <= na && k <= ng; k += 3)
            if (memcmp(role + ng - k, actor, k) == 0)
                overlap = k;
        memcpy(out, role, ng - overlap);
        memcpy(out + ng - overlap, actor, na + 1);
        return out;
    }
    for (size_t k = 3; k <= na && k <= ng; k += 3)
        if (memcmp(actor + na - k, role, k) == 0)
            overlap = k;
    memcpy(out, actor, na);
    memcpy(out + na, role + overlap, ng - overlap + 1);
    return out;
}

/* actor + the agent of match m, as m has it (its role after "former"). */
static const char *combine(kh_arena *a, const char *actor, const kh_actor_match *m)
{
    if (m->role)
        return combine_role(a, actor, m->role, 0);
    return combine_role(a, actor, m->agent->code, m->agent->prefix);
}

/* The role of an agent after "former": CAMEO's elites. */
#define KH_ROLE_FORMER "ELI"

/* "former" at token i: the agent it precedes, or whose actor it precedes, is an elite. */
static int former_at(const kh_dict *d, const kh_dict_sent *s, int32_t i)
{
    return i >= 0 && i < s->n && s->form[i] == d->w_former;
}

/* A person (or another named actor) right after a title: "Defense Minister X". Our
 * format says type=person; in PETRARCH and TABARI files a person is an entry with a
 * dated code longer than a country (AFGGOV 011222-...); countries have dated codes too
 * (IRQ before 2003) but only 3-letter ones. */
static int is_person(const kh_actor_entry *e)
{
    if (e->type == KH_ACTOR_PERSON)
        return 1;
    if (e->type != KH_ACTOR_UNSPEC)
        return 0;
    for (int32_t i = 0; i < e->ncodes; i++)
        if (e->codes[i].ranged && strlen(e->codes[i].code) > 3)
            return 1;
    return 0;
}

static void set_actor(kh_actor_match *m, const kh_actor_entry *e, int32_t phrase, int32_t start, int32_t end)
{
    m->actor = e;
    m->actor_phrase = phrase;
    m->actor_start = start;
    m->actor_end = end;
}

/* ---- name variants ---------------------------------------------------------------------
 *
 * Person phrases are indexed by kh_names_key (the folded consonant skeleton of the family
 * name, shared by every spelling the name matcher accepts). A run of capitalised words
 * where a person may stand is keyed the same way; only when its key is in the index is
 * the (costlier) matcher run against the phrases under that key. Full names only: a lone
 * surname ("Abbasi") is left to coreference, so a phrase or run that the name matcher
 * reads as one token is neither indexed nor looked up. */

enum { VARIANT_RUN_MAX = 8, VARIANT_TEXT_MAX = 256 };

/* Particles that may stand inside a name run (lower case or capitalised). */
static const char *const name_particles[] = { "al", "el", "bin", "ibn", "abu", "de", "van", "von", NULL };

/* Length of the particle `w` starts with when a hyphen or its end follows, else 0.
 * Particles are two or three letters: the word's first letters up to a hyphen or its
 * end are folded once and compared with the particles of that length. */
static size_t particle_prefix(const char *w)
{
    char low[4];
    size_t k = 0;
    while (k < 4 && w[k] && w[k] != '-') {
        low[k] = (char)(w[k] | 0x20);   /* ASCII letters only can fold to one */
        k++;
    }
    if (k < 2 || k > 3 || (w[k] != '\0' && w[k] != '-'))
        return 0;
    for (int i = 0; name_particles[i]; i++) {
        const char *q = name_particles[i];   /* every particle has two letters or more */
        if (q[0] == low[0] && q[1] == low[1] &&
            (k == 2 ? q[2] == '\0' : q[2] == low[2] && q[3] == '\0'))
            return k;
    }
    return 0;
}

static int is_capitalised(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)w, -1, &cp) <= 0)
        return 0;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

enum { RUN_NONE = 0, RUN_NAME, RUN_PART, RUN_HYPH };

/* An initial ("M.", "A"): one letter, perhaps with a period. The name matcher lets an
 * initial stand for any given name, which is right between two reports of one person
 * but too weak to pick a person out of a dictionary ("M. Anderson" is not Magdalena
 * Andersson): a run needs two name words of two letters or more. */
static int is_initial(const char *w)
{
    int letters = 0;
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if ((*p & 0xC0) != 0x80 && *p != '.')
            letters++;
    return letters < 2;
}

/* What token i is to a name run: a name word (PROPN when tagged, else capitalised; also
 * "al-Abassi" as typed), a particle, a hyphen, or none. */
static int run_class(const kh_dict_sent *s, int32_t i)
{
    const char *w = s->text[i];
    if (!w || !*w)
        return RUN_NONE;
    if (w[0] == '-')
        return w[1] == '\0' ? RUN_HYPH : RUN_NONE;
    switch (w[0] | 0x20) {      /* particles start with one of these: test them only then */
    case 'a': case 'b': case 'd': case 'e': case 'i': case 'v': {
        size_t pk = particle_prefix(w);
        if (pk && w[pk] == '\0')
            return RUN_PART;
        if (pk && w[pk + 1] != '\0')
            return RUN_NAME;                    /* "al-Abassi", "el-Sisi" kept whole */
        break;
    }
    default:
        break;
    }
    if (s->upos && s->upos[i] != KH_UPOS_NONE)
        return s->upos[i] == KH_UPOS_PROPN ? RUN_NAME : RUN_NONE;
    return is_capitalised(w) ? RUN_NAME : RUN_NONE;
}

static int cmp_vkey(const void *a, const void *b)
{
    const kh_vkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->actor != y->actor)
        return x->actor < y->actor ? -1 : 1;
    return x->phrase < y->phrase ? -1 : x->phrase > y->phrase;
}

static int is_person(const kh_actor_entry *e);

/* The prepared form of every row, folded once at kh_dict_finish. dict_impl.h (shared)
 * has no field for them, so they share the rows' allocation: nvkeys rows, then (from
 * vprep_offset) nvkeys prepared names in the same order; free(d->vkeys) frees both. */
static size_t vprep_offset(int32_t n)
{
    size_t al = _Alignof(kh_name_prep);
    return ((size_t)n * sizeof(kh_vkey) + al - 1) / al * al;
}

static const kh_name_prep *vprep(const kh_dict *d, int32_t row)
{
    const char *base = (const char *)d->vkeys + vprep_offset(d->nvkeys);
    return (const kh_name_prep *)(const void *)base + row;
}

/* The key of a prepared name as the index holds it (KH_VKEY_MAX bytes); 0 when empty. */
static size_t vkey_of(const kh_name_prep *p, char *key)
{
    size_t k = strlen(p->key);
    if (k > KH_VKEY_MAX - 1)
        k = KH_VKEY_MAX - 1;
    memcpy(key, p->key, k);
    key[k] = '\0';
    return k;
}

/* Every phrase (of two words or more) of every person entry, keyed and sorted, with its
 * prepared name. Phrases that the name matcher reads as a single name token ("King
 * Salman", "Sheikh Hasina" after their titles) are left out: a single token would match
 * any full name with that family name ("Faisal Salman" is not King Salman). The rows are
 * sorted first and the phrases prepared again into their final place, so that no second
 * copy of the prepared names is ever held (20,000 rows for the Phoenix dictionaries). */
static int build_variant_index(kh_dict *d)
{
    int32_t n = 0, cap = 0;
    kh_vkey *v = NULL;
    kh_name_prep p;
    for (int32_t a = 0; a < d->nactors; a++) {
        const kh_actor_entry *e = d->actors[a];
        if (!is_person(e))
            continue;
        for (int32_t ph = 0; ph < e->nphrases; ph++) {
            const char *text = e->phrases[ph];
            if (!strchr(text, ' ') || strlen(text) >= VARIANT_TEXT_MAX)
                continue;
            if (kh_names_prepare(text, &p) == 0 || kh_names_prep_single(&p))
                continue;
            kh_vkey k;
            if (vkey_of(&p, k.key) == 0)
                continue;
            if (vec_reserve((void **)&v, &cap, n + 1, sizeof *v) < 0) {
                free(v);
                return -1;
            }
            k.actor = a;
            k.phrase = ph;
            v[n++] = k;
        }
    }
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_vkey);
    size_t off = vprep_offset(n);
    char *block = realloc(v, off + (size_t)(n ? n : 1) * sizeof(kh_name_prep));
    if (!block) {
        free(v);
        return -1;
    }
    kh_name_prep *preps = (kh_name_prep *)(void *)(block + off);
    free(d->vkeys);
    d->vkeys = (kh_vkey *)(void *)block;
    d->nvkeys = n;
    for (int32_t i = 0; i < n; i++)
        kh_names_prepare(d->actors[d->vkeys[i].actor]->phrases[d->vkeys[i].phrase], &preps[i]);
    return 0;
}

/* First row with key `key`, or nvkeys when none. */
static int32_t vkey_find(const kh_dict *d, const char *key)
{
    int32_t lo = 0, hi = d->nvkeys;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (strcmp(d->vkeys[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nvkeys && strcmp(d->vkeys[lo].key, key) == 0 ? lo : d->nvkeys;
}

/* The best entry for a prepared name whose key is in the index: each person's best
 * phrase by kh_names_score_prepared; a tie between two persons (different entities) is
 * no match. */
static const kh_actor_entry *variant_best(const kh_dict *d, const kh_name_prep *name, int32_t row,
                                          int32_t *phrase, double *score, int *ambiguous)
{
    const kh_actor_entry *best = NULL;
    int32_t bestph = -1;
    double bs = 0.0;
    int tie = 0;
    for (int32_t r = row; r < d->nvkeys && strcmp(d->vkeys[r].key, d->vkeys[row].key) == 0; r++) {
        double sc = kh_names_score_prepared(name, vprep(d, r));
        if (sc <= 0.0)
            continue;
        const kh_actor_entry *e = d->actors[d->vkeys[r].actor];
        if (best && fabs(sc - bs) < 1e-9) {
            if (e != best && strcmp(e->entity, best->entity) != 0)
                tie = 1;
            continue;
        }
        if (sc > bs) {
            best = e;
            bestph = d->vkeys[r].phrase;
            bs = sc;
            tie = 0;
        }
    }
    *ambiguous = tie;
    if (!best || tie)
        return NULL;
    *phrase = bestph;
    *score = bs;
    return best;
}

const kh_actor_entry *kh_dict_name_variant(const kh_dict *d, const char *name, int32_t *phrase,
                                           double *score)
{
    char key[KH_VKEY_MAX];
    kh_name_prep p;
    int32_t ph = -1;
    double sc = 0.0;
    if (!name || d->nvkeys == 0 || strlen(name) >= VARIANT_TEXT_MAX ||
        kh_names_prepare(name, &p) == 0 || kh_names_prep_single(&p) || vkey_of(&p, key) == 0)
        return NULL;
    int32_t row = vkey_find(d, key);
    if (row == d->nvkeys)
        return NULL;
    int tie;
    const kh_actor_entry *e = variant_best(d, &p, row, &ph, &sc, &tie);
    if (e) {
        if (phrase)
            *phrase = ph;
        if (score)
            *score = sc;
    }
    return e;
}

int32_t kh_dict_nvariant_keys(const kh_dict *d)
{
    return d->nvkeys;
}

/* Writes tokens [from, to) as a name: words joined by spaces, hyphens without. */
static int run_text(const kh_dict_sent *s, int32_t from, int32_t to, char *buf, size_t n)
{
    size_t k = 0;
    for (int32_t i = from; i < to; i++) {
        const char *w = s->text[i];
        size_t wl = strlen(w);
        int hy = w[0] == '-' && w[1] == '\0';
        int join = i == from || hy || (i > from && strcmp(s->text[i - 1], "-") == 0);
        if (k + wl + 2 > n)
            return -1;
        if (!join)
            buf[k++] = ' ';
        memcpy(buf + k, w, wl);
        k += wl;
    }
    buf[k] = '\0';
    return 0;
}

/* A person named by a variant spelling starting at token `from`: the longest run end
 * (of two name words or more) whose key is in the index and that matches an entry;
 * a tie between two persons ends the search. Returns the mention's length (0 none). */
static int32_t match_variant_at(const kh_dict *d, const kh_dict_sent *s, int32_t from,
                                const kh_actor_entry **e, int32_t *phrase, double *score)
{
    if (d->nvkeys == 0 || from < 0 || from >= s->n)
        return 0;
    int c0 = run_class(s, from);
    if (c0 != RUN_NAME && !(c0 == RUN_PART && is_capitalised(s->text[from])))
        return 0;
    int32_t ends[VARIANT_RUN_MAX], nends = 0, names = c0 == RUN_NAME && !is_initial(s->text[from]);
    /* Each word is classed once: prev, c and next slide along the run. */
    int prev = c0, c = from + 1 < s->n ? run_class(s, from + 1) : RUN_NONE;
    for (int32_t i = from + 1; i < s->n && i - from < VARIANT_RUN_MAX && c != RUN_NONE; i++) {
        int next = i + 1 < s->n ? run_class(s, i + 1) : RUN_NONE;
        if (c == RUN_HYPH && (prev == RUN_HYPH || i + 1 >= s->n || next == RUN_NONE ||
                              next == RUN_HYPH))
            break;
        if (c == RUN_NAME && !is_initial(s->text[i]) && ++names >= 2)
            ends[nends++] = i + 1;
        prev = c;
        c = next;
    }
    char text[VARIANT_TEXT_MAX], key[KH_VKEY_MAX];
    kh_name_prep p;
    for (int k = nends - 1; k >= 0; k--) {
        if (run_text(s, from, ends[k], text, sizeof text) < 0 ||
            kh_names_prepare(text, &p) == 0 || vkey_of(&p, key) == 0)
            continue;
        int32_t row = vkey_find(d, key);
        if (row == d->nvkeys)
            continue;
        int tie;
        *e = variant_best(d, &p, row, phrase, score, &tie);
        if (*e)
            return kh_names_prep_single(&p) ? 0 : ends[k] - from;
        if (tie)
            return 0;    /* two persons: a shorter run would only guess */
        /* else the run may have run on past the name ("Thabit Al Abbasi Tuesday") */
    }
    return 0;
}

static void set_variant(kh_actor_match *m, double score)
{
    m->variant = 1;
    m->variant_of = m->actor->phrases[m->actor_phrase];
    m->variant_score = score;
}

int kh_dict_match_describe(const kh_actor_match *m, const kh_dict_sent *s, char *buf, size_t n)
{
    char text[VARIANT_TEXT_MAX] = "";
    if (m->end > m->start && run_text(s, m->start, m->end, text, sizeof text) < 0)
        snprintf(text, sizeof text, "%s ...", s->text[m->start]);
    if (m->variant)
        return snprintf(buf, n, "%s '%s' (matched by name variant of '%s', score %.2f)",
                        m->code ? m->code : "(no code on the date)", text, m->variant_of,
                        m->variant_score);
    return snprintf(buf, n, "%s '%s'", m->code ? m->code : "(no code on the date)", text);
}

/* The actor after a title: an exact phrase, else a name variant (*score > 0). */
static int32_t person_at(const kh_dict *d, const kh_dict_sent *s, int32_t k,
                         const kh_actor_entry **p, int32_t *phrase, double *score)
{
    *score = 0.0;
    int32_t np = match_actor_at(d, s, k, p, phrase);
    if (np == 0)
        np = match_variant_at(d, s, k, p, phrase, score);
    return np;
}

/* A person after a title at k ("Defense Minister X", an exact phrase or a name
 * variant): out, which holds the title as its agent, becomes that person's match.
 * Returns 1, or 0 when no person follows. */
static int take_person(const kh_dict *d, const kh_dict_sent *s, int32_t k, int32_t date,
                       kh_actor_match *out)
{
    const kh_actor_entry *p = NULL;
    int32_t ph = -1;
    double vs;
    int32_t np = person_at(d, s, k, &p, &ph, &vs);
    if (np <= 0 || !is_person(p))
        return 0;
    set_actor(out, p, ph, k, k + np);
    if (vs > 0.0)
        set_variant(out, vs);
    out->end = k + np;
    out->head = k + np - 1;
    out->code = kh_actor_code_on(p, date);
    return 1;
}

/* AGENT ACTOR ['s] [AGENT]: an actor right after the agent of out (which ends at k)
 * takes it, as TABARI codes an agent "immediately before an actor" and PETRARCH every
 * agent of the noun phrase ("human rights activists Gondor" -> NGMGON; "MSF Arnor
 * diplomat" -> NGO + ARNGOV). Returns 1 when it filled out, 0 when no actor with a
 * code follows, -1 out of memory. */
static int agent_actor(const kh_dict *d, const kh_dict_sent *s, int32_t k, int32_t date,
                       kh_arena *a, kh_actor_match *out)
{
    const kh_actor_entry *p = NULL;
    const kh_agent_entry *g = NULL;
    int32_t ph = -1;
    int32_t np = match_actor_at(d, s, k, &p, &ph);
    const char *code = np > 0 ? kh_actor_code_on(p, date) : NULL;
    if (!code || np < kh_dict_match_agent(d, s, k, &g))
        return 0;
    set_actor(out, p, ph, k, k + np);
    out->end = k + np;
    out->head = k + np - 1;
    int32_t j = k + np;
    if (j < s->n && (s->form[j] == d->w_s || s->form[j] == d->w_apos))
        j++;
    int32_t ng = kh_dict_match_agent(d, s, j, &g);
    if (ng > 0) {                                   /* a second agent after the actor */
        if (!(code = combine_role(a, code, g->code, g->prefix)))
            return -1;
        out->end = j + ng;
        out->head = j + ng - 1;
    }
    out->code = combine(a, code, out);
    return out->code ? 1 : -1;
}

int kh_dict_match_actor(const kh_dict *d, const kh_dict_sent *s, int32_t from, int32_t date,
                        kh_arena *a, kh_actor_match *out)
{
    const kh_actor_entry *e = NULL, *p = NULL;
    const kh_agent_entry *g = NULL;
    int32_t ph = -1, pph = -1;
    memset(out, 0, sizeof *out);
    out->actor_phrase = out->agent_phrase = -1;
    out->actor_start = out->actor_end = out->agent_start = out->agent_end = -1;
    if (from < 0 || from >= s->n)
        return 0;
    int32_t na = match_actor_at(d, s, from, &e, &ph);
    int32_t ng = kh_dict_match_agent(d, s, from, &g);
    double vs = 0.0;
    int variant = 0;
    if (na == 0 && ng == 0)
        variant = (na = match_variant_at(d, s, from, &e, &ph, &vs)) > 0;
    if (na > 0 && na >= ng) {
        int32_t j = from + na;
        set_actor(out, e, ph, from, j);
        if (variant)
            set_variant(out, vs);
        out->start = from;
        out->end = j;
        out->head = j - 1;
        out->code = kh_actor_code_on(e, date);
        if (j < s->n && (s->form[j] == d->w_s || s->form[j] == d->w_apos))
            j++;
        int former = former_at(d, s, from - 1) || former_at(d, s, j);
        if (former_at(d, s, j))
            j++;                                      /* "Arnor former officials" */
        int32_t ng2 = kh_dict_match_agent(d, s, j, &g);
        if (ng2 > 0 && !is_person(e)) {
            int32_t k = j + ng2;
            out->agent = g;
            out->agent_start = j;
            out->agent_end = k;
            out->end = k;
            out->head = k - 1;
            out->role = former ? KH_ROLE_FORMER : NULL;
            if (take_person(d, s, k, date, out))      /* "Iraqi Defense Minister X" */
                return 1;
            out->code = combine(a, out->code, out);
            if (out->code && (ng2 = kh_dict_match_agent(d, s, k, &g)) > 0) {
                /* ACTOR AGENT AGENT: each agent of the noun phrase is added in turn, as
                 * PETRARCH mixes a phrase's agents into its actor ("Danish Islamist
                 * media" -> DNK + MUS + MED) */
                if (!(out->code = combine_role(a, out->code, g->code, g->prefix)))
                    return -1;
                out->end = k + ng2;
                out->head = k + ng2 - 1;
            }
            return out->code ? 1 : -1;
        }
        return 1;
    }
    if (ng <= 0)
        return 0;
    /* AGENT of [the] ACTOR; AGENT PERSON; AGENT alone. */
    int32_t k = from + ng;
    out->agent = g;
    out->agent_start = from;
    out->agent_end = k;
    out->start = from;
    out->end = k;
    out->head = k - 1;
    out->role = former_at(d, s, from - 1) ? KH_ROLE_FORMER : NULL;
    if (take_person(d, s, k, date, out))
        return 1;
    if (k < s->n && (s->form[k] == d->w_of)) {
        int32_t j = k + 1;
        if (j < s->n && s->form[j] == d->w_the)
            j++;
        int32_t np = match_actor_at(d, s, j, &p, &pph);
        if (np > 0) {
            set_actor(out, p, pph, j, j + np);
            out->end = j + np;
            out->code = combine(a, kh_actor_code_on(p, date), out);
            return out->code ? 1 : -1;
        }
    }
    int r = agent_actor(d, s, k, date, a, out);
    if (r != 0)
        return r;
    out->code = combine(a, NULL, out);
    return out->code ? 1 : -1;
}

int kh_dict_find_actors(const kh_dict *d, const kh_dict_sent *s, int32_t date, kh_arena *a,
                        kh_actor_match **out)
{
    int32_t n = 0, cap = 0;
    kh_actor_match *arr = NULL;
    *out = NULL;
    kh_gap_words *gw = NULL;
    if (d->gaps && s->n > 0 && !(gw = kh_dict_gap_words(s, a)))
        return -1;
    for (int32_t i = 0; i < s->n;) {
        kh_actor_match m;
        int r = kh_dict_match_actor(d, s, i, date, a, &m);
        if (r < 0)
            return -1;
        if (d->gaps) {   /* a TABARI phrase with words between its words, when longer */
            kh_actor_match g;
            int rg = kh_dict_match_gapped(d, s, gw, i, r ? m.end : i, date, a, &g);
            if (rg < 0)
                return -1;
            if (rg) {
                m = g;
                r = 1;
            }
        }
        if (r == 0) {
            i++;
            continue;
        }
        if (n == cap) {
            int32_t ncap = cap ? cap * 2 : 8;
            arr = kh_arena_grow(a, arr, (size_t)cap, (size_t)ncap, sizeof *arr);
            if (!arr)
                return -1;
            cap = ncap;
        }
        arr[n++] = m;
        i = m.end > i ? m.end : i + 1;
    }
    *out = arr;
    return n;
}

/* ---- verbs ---------------------------------------------------------------------------- */

static int vform_fits(const kh_vform *f, const kh_dict_sent *s, int32_t i)
{
    int32_t start = i - f->head;
    if (start < 0 || start + f->n > s->n)
        return 0;
    for (int32_t k = 0; k < f->n; k++) {
        if (k == f->head)
            continue;
        if (!kh_dict_word_match(s, start + k, f->words[k]))
            return 0;
    }
    return 1;
}

#define VGAP_MAX 4      /* words that may stand between two words of a gapped verb */

/* A word a gapped verb phrase does not reach across: a clause mark or a conjunction
 * (TABARI's phrase matching stops there, manual 5.5.3). */
static int vgap_stop(const kh_dict_sent *s, int32_t t)
{
    if (s->upos && s->upos[t] == KH_UPOS_CCONJ)
        return 1;
    const char *w = s->text ? s->text[t] : NULL;
    return w && (strcmp(w, ",") == 0 || strcmp(w, ";") == 0 || strcmp(w, ".") == 0 ||
                 strcmp(w, ":") == 0 || strcasecmp(w, "and") == 0 || strcasecmp(w, "or") == 0 ||
                 strcasecmp(w, "but") == 0 || strcasecmp(w, "nor") == 0);
}

/* Form f of a gapped verb around head token i, its words in order with at most
 * VGAP_MAX others between two of them ("death toll has risen"); fills [*start, *end). */
static int vform_fits_gapped(const kh_vform *f, const kh_dict_sent *s, int32_t i, int32_t *start,
                             int32_t *end)
{
    int32_t t = i;
    for (int32_t k = f->head - 1; k >= 0; k--) {
        int32_t lim = t - 1 - VGAP_MAX;
        for (t = t - 1; t >= 0 && t >= lim && !vgap_stop(s, t) && !kh_dict_word_match(s, t, f->words[k]); t--)
            ;
        if (t < 0 || t < lim || vgap_stop(s, t))
            return 0;
    }
    *start = t;
    t = i;
    for (int32_t k = f->head + 1; k < f->n; k++) {
        int32_t lim = t + 1 + VGAP_MAX;
        for (t = t + 1; t < s->n && t <= lim && !vgap_stop(s, t) && !kh_dict_word_match(s, t, f->words[k]); t++)
            ;
        if (t >= s->n || t > lim || vgap_stop(s, t))
            return 0;
    }
    *end = t + 1;
    return 1;
}

static int noun_pref(const kh_dict_sent *s, int32_t i, const kh_verb *v)
{
    uint8_t u = s->upos ? s->upos[i] : 0;
    if (u == KH_UPOS_NONE)
        return !v->is_noun;
    int noun = u == KH_UPOS_NOUN || u == KH_UPOS_PROPN;
    return noun == (v->is_noun != 0);
}

/* TABARI verb ends (enum kh_word_end) at token i: the one-word forms that the token's
 * text matches through its ending ("departed" for "DEPART_", "deplored" for "DEPLORE_")
 * or as a stem ("contributes" for "CONTRIBUT"); the token as written is matched by
 * kh_dict_match_verb's first pass. Keeps the best in *best (score as there: a longer
 * dictionary word wins). */
static const char *const verb_endings[] = {"s", "ed", "es", "en", "ing", NULL};

static void consider_wend(const kh_dict *d, const kh_dict_sent *s, int32_t i, const char *w, size_t n,
                          int regular, const kh_vform **best, int *best_score)
{
    uint32_t id = kh_trie_word(&d->trie, w, n);
    if (!id || id > d->trie.nwords)
        return;
    for (int32_t k = d->vf_start[id]; k < d->vf_start[id + 1]; k++) {
        const kh_vform *f = &d->vforms[k];
        if (f->n != 1 || f->end == KH_WEND_NONE || f->end == KH_WEND_EXACT ||
            (f->end == KH_WEND_REGULAR && !regular))
            continue;
        int score = ((f->n * 4 + 1) * 2 + noun_pref(s, i, f->verb)) * 256 + (int)(n < 255 ? n : 255);
        if (score > *best_score) {
            *best_score = score;
            *best = f;
        }
    }
}

static void match_verb_ends(const kh_dict *d, const kh_dict_sent *s, int32_t i,
                            const kh_vform **best, int *best_score)
{
    char t[128], b[130];
    const char *x = s->text ? s->text[i] : NULL;
    long m = x ? kh_trie_fold(x, strlen(x), t, sizeof t) : -1;
    if (m < 2)
        return;
    for (int k = 0; verb_endings[k]; k++) {
        size_t el = strlen(verb_endings[k]);
        if ((size_t)m <= el || strcmp(t + m - el, verb_endings[k]) != 0)
            continue;
        size_t bl = (size_t)m - el;
        consider_wend(d, s, i, t, bl, 1, best, best_score);
        /* "deplored", "deploring": the E of "DEPLORE_" merges with the ending */
        memcpy(b, t, bl);
        b[bl] = 'e';
        if (t[bl - 1] != 'e')
            consider_wend(d, s, i, b, bl + 1, 1, best, best_score);
    }
    for (long len = m - 1; len >= 1; len--)
        consider_wend(d, s, i, t, (size_t)len, 0, best, best_score);
}

int kh_dict_match_verb(const kh_dict *d, const kh_dict_sent *s, int32_t i, kh_verb_match *out)
{
    const kh_vform *best = NULL;
    int best_score = -1;
    memset(out, 0, sizeof *out);
    if (!d->finished || i < 0 || i >= s->n)
        return 0;
    /* TABARI reads "DONATE'S" as one word, and 'S is no verb ending */
    int poss = i + 1 < s->n && d->w_s && s->form[i + 1] == d->w_s;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t w = pass == 0 ? s->form[i] : s->lemma[i];
        if (!w || w > d->trie.nwords || (pass == 1 && w == s->form[i]))
            continue;
        for (int32_t k = d->vf_start[w]; k < d->vf_start[w + 1]; k++) {
            const kh_vform *f = &d->vforms[k];
            int32_t st = i - f->head, en = st + f->n;
            if (!vform_fits(f, s, i) && !(f->verb->gapped && vform_fits_gapped(f, s, i, &st, &en)))
                continue;
            if (f->end != KH_WEND_NONE && (pass == 1 || poss))
                continue;           /* TABARI knows no lemmas */
            /* longer phrase, then form over lemma (over a TABARI ending or stem), then
             * noun/verb agreement with the tag */
            int score = ((f->n * 4 + (pass == 0) * 2) * 2 + noun_pref(s, i, f->verb)) * 256;
            if (score > best_score) {
                best_score = score;
                best = f;
                out->form = pass == 0 ? f->form : -1;
                out->start = st;
                out->end = en;
            }
        }
    }
    if (d->has_vends && !poss) {
        const kh_vform *before = best;
        match_verb_ends(d, s, i, &best, &best_score);
        if (best != before) {       /* a one-word form through its ending or stem */
            out->form = -1;
            out->start = i - best->head;
            out->end = out->start + best->n;
        }
    }
    if (!best)
        return 0;
    out->verb = best->verb;
    return 1;
}

const kh_verb *kh_dict_verb_lookup(const kh_dict *d, const char *text)
{
    kh_arena a;
    kh_dict_sent s;
    kh_verb_match m;
    const kh_verb *v = NULL;
    kh_arena_init(&a, 4096);
    if (kh_dict_prepare_text(d, text, &a, &s) == 0) {
        /* Try each word as the head: the whole text must be the verb phrase. */
        for (int32_t i = 0; i < s.n && !v; i++)
            if (kh_dict_match_verb(d, &s, i, &m) && m.start == 0 && m.end == s.n)
                v = m.verb;
    }
    kh_arena_free(&a);
    return v;
}

/* ---- discards and issues ---------------------------------------------------------------- */

/* Keeps in *best the stronger of discard entries *best and k (-1: none): the story
 * kind over the sentence kind, the earlier entry on a tie. */
static void keep_stronger(const kh_dict *d, int32_t k, int32_t *best)
{
    if (k < 0)
        return;
    if (*best < 0 || d->discards[k]->kind > d->discards[*best]->kind ||
        (d->discards[k]->kind == d->discards[*best]->kind && k < *best))
        *best = k;
}

/* Follows the discard trie from node at token j (form and lemma both, since either may
 * match); records the best entry found: the stronger kind, then the earlier entry. */
static void discard_walk(const kh_dict *d, const kh_dict_sent *s, uint32_t node, int32_t j, int32_t *best)
{
    if (j >= s->n)
        return;
    /* a stem ends here: look up the token's prefixes as stem words */
    if (d->stem_max > 0) {
        char buf[256];
        const char *t = s->text[j];
        long m = kh_trie_fold(t, strlen(t), buf, sizeof buf);
        for (long len = (long)d->stem_min; m > 0 && len <= m && len <= (long)d->stem_max; len++) {
            uint32_t w = kh_trie_word(&d->trie, buf, (size_t)len);
            uint32_t c = w ? kh_trie_child(&d->trie, node, w | KH_STEM_BIT) : 0;
            if (c)
                keep_stronger(d, d->nval[c], best);
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        uint32_t w = pass == 0 ? s->form[j] : s->lemma[j];
        if (!w || (pass == 1 && w == s->form[j]))
            continue;
        uint32_t c = kh_trie_child(&d->trie, node, w);
        if (!c)
            continue;
        keep_stronger(d, d->nval[c], best);
        discard_walk(d, s, c, j + 1, best);
    }
}

kh_discard_kind kh_dict_discard(const kh_dict *d, const kh_dict_sent *s, const kh_discard_entry **which)
{
    int32_t best = -1;
    if (which)
        *which = NULL;
    /* Indexed: one trie walk from each token, so the cost does not grow with the number
     * of discard phrases. */
    for (int32_t i = 0; i < s->n && d->ndiscards > 0; i++)
        discard_walk(d, s, d->root_discard, i, &best);
    if (best < 0)
        return KH_DISCARD_NONE;
    if (which)
        *which = d->discards[best];
    return d->discards[best]->kind;
}

int kh_dict_find_issues(const kh_dict *d, const kh_dict_sent *s, kh_issue_match *out, int max)
{
    int n = 0;
    for (int32_t i = 0; i < s->n;) {
        uint32_t node;
        int32_t len = longest(d, d->root_issue, s, i, &node);
        if (len == 0) {
            i++;
            continue;
        }
        const kh_issue_entry *e = d->issues[d->nval[node]];
        if (e->exclude)
            return 0;
        if (n < max) {
            out[n].issue = e;
            out[n].start = i;
            out[n].end = i + len;
        }
        n++;
        i += len;
    }
    return n;
}
