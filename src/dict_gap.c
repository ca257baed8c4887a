/* dict_gap.c - TABARI actor phrases whose words need not be adjacent.
 *
 * In TABARI's dictionaries '_' joins words that must follow each other and a blank
 * joins words between which others may stand (manual 5.5.3: "XXXX YYYY: YYYY does not
 * need to follow immediately"). An actor phrase "PRINCE DOL_AMROTH" therefore names
 * "the Prince of Dol_Amroth", and "AL GORE" names Al "The Weasel" Gore. The trie of
 * dict.c indexes adjacent words only; the multi-word actor phrases of TABARI files are
 * kept here as well and matched with gaps where a blank allows them: in TABARI files any
 * number of words (TABARI's "unlimited" DURTHANG...ORC, read across a conjunction or a
 * verb), in PETRARCH's actor files (which follow TABARI's format) at most a few, since
 * they code news with long sentences; none of them a clause mark (comma, colon, semicolon, full stop) or the start of another
 * actor. The text is read as TABARI reads it: a word written with '_'
 * ("Dol_Amroth") is the words joined, and a hyphen is a blank ("Al-Gore" = "Al Gore"). */
#include "dict_impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GAP_WORDS 16     /* words of one phrase */

struct kh_gap_phrase {
    struct kh_gap_phrase *next;
    int32_t entry, phrase;          /* the actor entry and which of its phrases */
    int nw;
    int reach;                      /* words that may stand in one gap; 0: any number */
    const char *w[GAP_WORDS];       /* lower case */
    uint8_t adj[GAP_WORDS];         /* 1: word k must follow word k-1 directly ('_') */
};

int kh_dict_add_gapped(kh_dict *d, int32_t entry, int32_t phrase, const char *raw, int reach)
{
    size_t n = strlen(raw);
    while (n > 0 && (raw[n - 1] == '_' || raw[n - 1] == ' ' || raw[n - 1] == '='))
        n--;
    kh_gap_phrase *g = kh_arena_calloc(&d->arena, 1, sizeof *g);
    char *buf = kh_arena_alloc(&d->arena, n + 1);
    if (!g || !buf)
        return -1;
    int adj = 0;
    size_t i = 0;
    while (i < n && g->nw < GAP_WORDS) {
        if (raw[i] == ' ' || raw[i] == '_' || raw[i] == '\t') {
            adj = adj || raw[i] == '_';
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && raw[j] != ' ' && raw[j] != '_' && raw[j] != '\t')
            j++;
        char *w = buf + i;
        for (size_t k = i; k < j; k++)
            buf[k] = (char)tolower((unsigned char)raw[k]);
        buf[j] = '\0';
        g->adj[g->nw] = (uint8_t)(g->nw > 0 && adj);
        g->w[g->nw++] = w;
        adj = 0;
        i = j;
    }
    g->reach = reach;
    if (i < n || g->nw < 2)
        return 0;                   /* too long, or one word: nothing to add */
    g->entry = entry;
    g->phrase = phrase;
    kh_gap_phrase **at = &d->gaps;  /* in file order: the first of equal matches wins */
    while (*at)
        at = &(*at)->next;
    *at = g;
    return 0;
}

/* The sentence as TABARI's words: tokens cut at '_', each word knowing its token. */
struct kh_gap_words {
    int n;
    char **w;
    int32_t *tok;
    uint8_t *first;                 /* 1: the first word of its token */
};
typedef struct kh_gap_words gwords;

static int split_words(const kh_dict_sent *s, kh_arena *a, gwords *g);

/* Once a sentence (kh_dict_find_actors): every start position reads the same words. */
kh_gap_words *kh_dict_gap_words(const kh_dict_sent *s, kh_arena *a)
{
    gwords *g = kh_arena_alloc(a, sizeof *g);
    return g && split_words(s, a, g) == 0 ? g : NULL;
}

static int split_words(const kh_dict_sent *s, kh_arena *a, gwords *g)
{
    int cap = 0;
    for (int32_t i = 0; i < s->n; i++) {
        cap++;
        for (const char *p = s->text[i]; *p; p++)
            cap += *p == '_' || *p == '-';
    }
    g->n = 0;
    g->w = kh_arena_alloc(a, sizeof *g->w * (size_t)(cap + 1));
    g->tok = kh_arena_alloc(a, sizeof *g->tok * (size_t)(cap + 1));
    g->first = kh_arena_alloc(a, (size_t)cap + 1);
    if (!g->w || !g->tok || !g->first)
        return -1;
    for (int32_t i = 0; i < s->n; i++) {
        char *t = kh_arena_strdup(a, s->text[i]);
        if (!t)
            return -1;
        int first = 1;
        for (char *p = t; ; ) {
            char *u = p + strcspn(p, "_-");
            u = *u ? u : NULL;
            if (u)
                *u = '\0';
            if (*p) {
                for (char *q = p; *q; q++)
                    *q = (char)tolower((unsigned char)*q);
                g->w[g->n] = p;
                g->tok[g->n] = i;
                g->first[g->n] = (uint8_t)first;
                g->n++;
                first = 0;
            }
            if (!u)
                break;
            p = u + 1;
        }
    }
    return 0;
}

/* A word that ends a phrase's reach: a clause mark. */
static int gap_stop(const kh_dict_sent *s, int32_t t, const char *w)
{
    return strcmp(w, ",") == 0 || strcmp(w, ";") == 0 || strcmp(w, ".") == 0 || strcmp(w, ":") == 0;
}

/* Words [k0, k1) of the sentence may stand inside a phrase: no stop, no other actor. */
static int gap_clear(const kh_dict *d, const kh_dict_sent *s, const gwords *g, int k0, int k1,
                     int32_t date, kh_arena *a)
{
    for (int k = k0; k < k1; k++) {
        if (gap_stop(s, g->tok[k], g->w[k]))
            return 0;
        kh_actor_match m;
        if (g->first[k] && kh_dict_match_actor(d, s, g->tok[k], date, a, &m) > 0 && m.actor)
            return 0;
    }
    return 1;
}

/* End (exclusive, a sentence word index) of phrase p matched from word k, or -1. */
static int match_from(const kh_dict *d, const kh_dict_sent *s, const gwords *g, const kh_gap_phrase *p,
                      int k, int32_t date, kh_arena *a)
{
    if (k >= g->n || g->w[k][0] != p->w[0][0] || strcmp(g->w[k], p->w[0]) != 0)
        return -1;      /* the first word must stand right here (most phrases fail here) */
    for (int i = 0; i < p->nw; i++) {
        int reach = i == 0 || p->adj[i] ? 0 : p->reach ? p->reach : g->n;   /* a blank */
        int found = -1;
        for (int j = k; j < g->n && j <= k + reach; j++) {
            if (g->w[j][0] == p->w[i][0] && strcmp(g->w[j], p->w[i]) == 0) {
                found = j;
                break;
            }
            if (gap_stop(s, g->tok[j], g->w[j]))
                break;
        }
        if (found < 0 || !gap_clear(d, s, g, k, found, date, a))
            return -1;
        k = found + 1;
    }
    /* the phrase ends where its last token ends */
    return k < g->n && !g->first[k] ? -1 : k;
}

int kh_dict_match_gapped(const kh_dict *d, const kh_dict_sent *s, const kh_gap_words *gw, int32_t from,
                         int32_t beyond, int32_t date, kh_arena *a, kh_actor_match *out)
{
    if (!d->gaps || from < 0 || from >= s->n)
        return 0;
    const gwords g = *gw;
    int k0 = 0;
    while (k0 < g.n && g.tok[k0] < from)
        k0++;
    const kh_gap_phrase *best = NULL;
    int32_t best_end = beyond;
    for (const kh_gap_phrase *p = d->gaps; p; p = p->next) {
        int e = match_from(d, s, &g, p, k0, date, a);
        if (e < 0)
            continue;
        int32_t end = e < g.n ? g.tok[e] : s->n;
        if (end > best_end) {
            best_end = end;
            best = p;
        }
    }
    if (!best)
        return 0;
    const kh_actor_entry *e = d->actors[best->entry];
    memset(out, 0, sizeof *out);
    out->actor = e;
    out->actor_phrase = best->phrase;
    out->actor_start = out->start = from;
    out->actor_end = out->end = best_end;
    out->head = best_end - 1;
    out->agent_phrase = -1;
    out->agent_start = out->agent_end = -1;
    out->code = kh_actor_code_on(e, date);
    return 1;
}
