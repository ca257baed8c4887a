/* place.c - event locations from a sentence (see place.h).
 *
 * Three passes over the words: (1) every capitalised run of up to six words that
 * the gazetteer knows, longest first, with the locative cue before it; (2) the
 * countries the sentence itself settles (names with a single country, "X, Y"
 * qualifiers); (3) each cued mention resolved among its candidates. A name with
 * no locative cue ("Iraq's minister", "the president of Iraq") is never a
 * location: an actor's country is not where the event happened.
 *
 * Pass 1 is where the time goes (it runs several times per sentence): only
 * capitalised words start a span, each word is folded once per call, the keys
 * of a word's spans are built from those foldings, and each is one hash look-up;
 * nothing is allocated. */
#include "place.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SPAN 6
#define MAX_CAND 16
#define MAX_MENTIONS 32

typedef struct mention {
    int32_t first, last;
    const kh_gaz_entry *cand[MAX_CAND];
    int ncand;
    int cue;               /* 0: no locative cue; higher is stronger */
    const char *qual_country, *qual_name;   /* "Arlington, Virginia": USA, "Virginia" */
} mention;

static const char *form(const kh_sentence *s, int i)
{
    return (i >= 0 && i < s->nwords && s->words[i].form) ? s->words[i].form : "";
}

static int lower_ascii(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* The first letters are compared before strcasecmp: most words match nothing. */
static int is_in(const char *w, const char *const *list)
{
    int c0 = lower_ascii((unsigned char)w[0]);
    for (; *list; list++)
        if (lower_ascii((unsigned char)(*list)[0]) == c0 && strcasecmp(w, *list) == 0)
            return 1;
    return 0;
}

static const char *const connectors[] = { "al", "el", "ez", "es", "ad", "as", "ash", "an", "ar", "at", "az",
                                          "of", "de", "la", "le", "du", "-", "and", "ul", "bin", "abu",
                                          "'", "d'", NULL };

static const char *const not_places[] = { "january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december",
                                          "monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday", "police", "parliament", "congress",
                                          "president", "state", "university", "mobile", "reading",
                                          "university", "senate", "union", "the", "nato", NULL };

static int capital_word(const char *w)
{
    unsigned char c = (unsigned char)w[0];
    return (c >= 'A' && c <= 'Z') || c >= 0xC3;   /* "Élysée" */
}

/* The words first..last joined as written (no space where the text had none). */
static void join(const kh_sentence *s, int first, int last, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = first; i <= last; i++) {
        int r = snprintf(out + k, n - k, "%s%s", form(s, i),
                         (i < last && s->words[i].space_after) ? " " : "");
        if (r < 0 || (size_t)r >= n - k)
            break;
        k += (size_t)r;
    }
}

/* ---- locative cues ---- */

static const char *const modifiers[] = { "northern", "southern", "eastern", "western", "central",
                                         "northeastern", "northwestern", "southeastern", "southwestern",
                                         "north-eastern", "north-western", "south-eastern", "south-western",
                                         "north-east", "north-west", "south-east", "south-west",
                                         "northeast", "northwest", "southeast", "southwest",
                                         "north", "south", "east", "west", "-", "occupied", "rebel-held",
                                         "besieged", "annexed", "war-torn", "neighbouring", "neighboring",
                                         "restive", "embattled", "nearby", "Russian-occupied", "Israeli-occupied",
                                         "eastern", "coastal", "northernmost", "southernmost", NULL };

static const char *const place_nouns[] = { "city", "town", "village", "province", "region", "district",
                                           "port", "capital", "governorate", "state", "area", "suburb",
                                           "county", "oblast", "camp", "island", "border", "neighbourhood",
                                           "neighborhood", NULL };

static const char *const around_nouns[] = { "north", "south", "east", "west", "northeast", "northwest",
                                            "southeast", "southwest", "north-east", "north-west",
                                            "south-east", "south-west", "outskirts", "suburbs", "outside",
                                            "centre", "center", "heart", "parts", "part", "areas", "streets",
                                            "edge", "east", NULL };

typedef struct cue_word { const char *w; int strength; } cue_word;

static const cue_word preps[] = {
    { "in", 5 }, { "at", 5 }, { "near", 5 }, { "outside", 5 }, { "inside", 5 }, { "across", 4 },
    { "throughout", 4 }, { "around", 4 }, { "into", 4 }, { "within", 4 }, { "off", 3 }, { "over", 2 },
    { "towards", 3 }, { "toward", 3 }, { "from", 1 }, { "via", 1 }, { "on", 2 },
    { "visited", 4 }, { "visit", 4 }, { "visiting", 4 }, { "visits", 4 }, { "toured", 4 },
    { "entered", 4 }, { "reached", 3 }, { "captured", 4 }, { "recaptured", 4 }, { "seized", 4 },
    { "shelled", 4 }, { "bombed", 4 }, { "struck", 3 }, { "hit", 3 }, { "attacked", 3 },
    { "stormed", 4 }, { "besieged", 4 }, { "liberated", 4 }, { "rocked", 4 }, { "targeted", 3 },
    { NULL, 0 },
};

static const char *const travel_words[] = { "travelled", "traveled", "travel", "travels", "flew", "fly",
                                            "trip", "visit", "returned", "return", "arrived", "came",
                                            "went", "headed", "sent", "deployed", "moved", "journey",
                                            "reinforcements", "delegation", "mission", "way", NULL };

static int prep_strength(const kh_sentence *s, int k)
{
    const char *w = form(s, k);
    int c0 = lower_ascii((unsigned char)w[0]);
    for (int i = 0; preps[i].w; i++)
        if (preps[i].w[0] == c0 && strcasecmp(w, preps[i].w) == 0)
            return preps[i].strength;
    if (strcasecmp(w, "to") == 0) {
        for (int j = k - 1; j >= 0 && j >= k - 4; j--)
            if (is_in(form(s, j), travel_words))
                return 3;
    }
    return 0;
}

/* How strongly the words before position i mark a location (0: not at all). */
static int cue_before(const kh_sentence *s, int i)
{
    int k = i - 1;
    if (strcasecmp(form(s, k), "the") == 0)
        k--;
    for (int steps = 0; steps < 4 && is_in(form(s, k), modifiers); steps++)
        k--;
    if (strcasecmp(form(s, k), "the") == 0)
        k--;                                         /* "in the occupied West Bank" */
    if (strcasecmp(form(s, k), "of") == 0) {
        const char *n = form(s, k - 1);
        if (is_in(n, around_nouns))
            return 5;                                /* "north of Baghdad" */
        if (!is_in(n, place_nouns))
            return 0;                                /* "the president of Iraq" */
        k -= 2;                                      /* "the southern city of Basra" */
        for (int steps = 0; steps < 4 && is_in(form(s, k), modifiers); steps++)
            k--;
        if (strcasecmp(form(s, k), "the") == 0)
            k--;
        for (int steps = 0; steps < 3 && is_in(form(s, k), modifiers); steps++)
            k--;
        int p = prep_strength(s, k);
        return p ? p : 3;
    }
    return prep_strength(s, k);
}

static const char *const actor_nouns[] = { "government", "officials", "official", "forces", "police",
                                           "authorities", "president", "minister", "ministry", "army",
                                           "military", "leaders", "leader", "embassy", "delegation",
                                           "counterpart", "envoy", "side", "regime", "'s", "’s",
                                           "administration", "spokesman", "spokeswoman", NULL };

/* ---- pass 1: mentions ---- */

/* Each word is folded once per call, not once per span it belongs to: the spans
 * from one word share their prefixes, so their keys come from feeding the folded
 * words in order. Words past MAX_WORDS, or whose folding does not fit, take the
 * slow path (join, then fold the whole span), which gives the same keys. */
#define MAX_WORDS 256
#define MAP_BYTES 8192
#define FAST_KEY 200        /* longer keys go the slow way (its buffers truncate) */

typedef struct word_map {
    const char *m[MAX_WORDS];   /* folded form; NULL: not foldable here */
    uint8_t done[MAX_WORDS];
    uint8_t flags[MAX_WORDS];   /* W_* bits, once W_KNOWN is set */
    char bytes[MAP_BYTES];
    size_t used;
} word_map;

static const char *mapped(word_map *wm, const kh_sentence *s, int i)
{
    if (i >= MAX_WORDS)
        return NULL;
    if (!wm->done[i]) {
        wm->done[i] = 1;
        wm->m[i] = NULL;
        int r = kh_gazetteer_fold_map(form(s, i), wm->bytes + wm->used, MAP_BYTES - wm->used);
        if (r >= 0) {
            wm->m[i] = wm->bytes + wm->used;
            wm->used += (size_t)r + 1;
        }
    }
    return wm->m[i];
}

enum { W_KNOWN = 1, W_BAD_END = 2, W_BREAK = 4 };

/* What span_ok asks of word i: may a span end on it, does it break a span. */
static int word_flags(word_map *wm, const kh_sentence *s, int i)
{
    if (i < MAX_WORDS && (wm->flags[i] & W_KNOWN))
        return wm->flags[i];
    const char *w = form(s, i);
    int f = W_KNOWN;
    if (is_in(w, connectors) || ispunct((unsigned char)w[0]))
        f |= W_BAD_END;
    if (strcmp(w, ",") == 0 || strcmp(w, ".") == 0)
        f |= W_BREAK;
    if (i < MAX_WORDS)
        wm->flags[i] = (uint8_t)f;
    return f;
}

/* A name starts with a capital; later words may be lower case ("Zaporizhzhia
 * nuclear plant", "Port-au-Prince"): the gazetteer decides. A single word must
 * be capitalised, and no span ends on a connector or punctuation. The
 * first word is tested by the caller, once for all lengths. */
static int span_ok(word_map *wm, const kh_sentence *s, int first, int last)
{
    if (last > first && (word_flags(wm, s, last) & W_BAD_END))
        return 0;
    for (int i = first + 1; i <= last; i++)
        if (word_flags(wm, s, i) & W_BREAK)
            return 0;
    return 1;
}

/* Keys of the spans i..i+len-1 for len 1..maxlen: keys + koff[len], or koff[len]
 * < 0 when that span must take the slow path. */
static void span_keys(word_map *wm, const kh_sentence *s, int i, int maxlen, char *keys, size_t n,
                      int *koff)
{
    char run[512];
    kh_gaz_fold st;
    kh_gazetteer_fold_begin(&st, run, sizeof run);
    size_t raw = 0, at = 0;
    int ok = 1;
    for (int len = 1; len <= maxlen; len++) {
        int j = i + len - 1;
        if (len > 1 && s->words[j - 1].space_after) {
            kh_gazetteer_fold_feed(&st, " ");
            raw++;
        }
        const char *m = mapped(wm, s, j);
        raw += strlen(form(s, j));
        if (!m)
            ok = 0;
        else if (ok)
            kh_gazetteer_fold_feed(&st, m);
        /* join() fits 511 bytes; the folded key must be far from any buffer's end */
        if (!ok || raw >= 500 || st.k > FAST_KEY || at + st.k + 1 > n) {
            ok = 0;
            koff[len] = -1;
            continue;
        }
        memcpy(keys + at, run, st.k);
        keys[at + st.k] = '\0';
        koff[len] = (int)at;
        at += st.k + 1;
    }
}

static int collect(const kh_gazetteer *g, const kh_sentence *s, mention *m, int max)
{
    int n = 0;
    char buf[512], key[512];
    char keys[MAX_SPAN * (FAST_KEY + 1)];
    int koff[MAX_SPAN + 1];
    word_map map, *wm = &map;              /* about 11 KB; its bytes are filled on demand */
    memset(wm->done, 0, sizeof wm->done);
    memset(wm->flags, 0, sizeof wm->flags);
    wm->used = 0;
    for (int i = 0; i < s->nwords && n < max;) {
        int found = 0;
        if (!capital_word(form(s, i))) {      /* span_ok's first test, for every length */
            i++;
            continue;
        }
        int maxlen = s->nwords - i < MAX_SPAN ? s->nwords - i : MAX_SPAN;
        span_keys(wm, s, i, maxlen, keys, sizeof keys, koff);
        for (int len = maxlen; len >= 1 && !found; len--) {
            int last = i + len - 1;
            if (!span_ok(wm, s, i, last))
                continue;
            mention *x = &m[n];
            memset(x, 0, sizeof *x);
            int nc;
            if (koff[len] >= 0) {
                const char *k = keys + koff[len];
                if (len == 1 && is_in(k, not_places))
                    continue;
                nc = kh_gazetteer_lookup_key(g, k, x->cand, MAX_CAND);
            } else {
                join(s, i, last, buf, sizeof buf);
                kh_gazetteer_fold(buf, key, sizeof key);
                if (len == 1 && is_in(key, not_places))
                    continue;
                nc = kh_gazetteer_lookup(g, buf, x->cand, MAX_CAND);
            }
            if (nc == 0)
                continue;
            x->ncand = nc < MAX_CAND ? nc : MAX_CAND;
            x->first = i;
            x->last = last;
            x->cue = cue_before(s, i);
            if (is_in(form(s, last + 1), actor_nouns))
                x->cue = 0;                           /* "Baghdad's", "Kyiv officials" */
            found = len;
        }
        if (found) {
            n++;
            i += found;
        } else {
            i++;
        }
    }
    return n;
}

/* ---- pass 2: what the sentence itself says about countries ---- */

static const char *single_country(const mention *x)
{
    const char *c = x->cand[0]->country;
    for (int k = 1; k < x->ncand; k++)
        if (strcmp(x->cand[k]->country, c) != 0)
            return NULL;
    return c;
}

/* "Arlington, Virginia", "Tripoli, Lebanon": the second names the first's state or country. */
static void qualify(const kh_sentence *s, mention *m, int n)
{
    for (int k = 0; k + 1 < n; k++) {
        if (m[k + 1].first != m[k].last + 2 || strcmp(form(s, m[k].last + 1), ",") != 0)
            continue;
        for (int c = 0; c < m[k + 1].ncand; c++) {
            const kh_gaz_entry *q = m[k + 1].cand[c];
            if (q->kind == KH_GAZ_COUNTRY || q->kind == KH_GAZ_SUBDIVISION || q->kind == KH_GAZ_REGION) {
                m[k].qual_country = q->country;
                m[k].qual_name = q->name;
                m[k + 1].cue = 0;                     /* a qualifier, not a place of its own */
                break;
            }
        }
    }
}

/* ---- pass 3: resolution ---- */

static int same_admin(const kh_gaz_entry *e, const char *qual)
{
    char a[256], b[256];
    kh_gazetteer_fold(e->admin, a, sizeof a);
    kh_gazetteer_fold(qual, b, sizeof b);
    return a[0] && strcmp(a, b) == 0;
}

static int kind_score(const kh_gaz_entry *e)
{
    switch (e->kind) {
    case KH_GAZ_COUNTRY: return 50;
    case KH_GAZ_SITE: return 45;
    case KH_GAZ_REGION: return 40;
    case KH_GAZ_CITY: {
        int p = 30;
        for (uint32_t pop = e->population; pop >= 10 && p < 49; pop /= 10)
            p += 2;                                   /* bigger cities are named more often */
        return p;
    }
    default: return 25;
    }
}

static int in_list(const char *c, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], c) == 0)
            return 1;
    return 0;
}

static const kh_gaz_entry *resolve(const mention *x, const kh_place_hints *h,
                                   const char *const *sent_countries, int nsent)
{
    const kh_gaz_entry *best = NULL;
    int best_score = -1;
    for (int k = 0; k < x->ncand; k++) {
        const kh_gaz_entry *e = x->cand[k];
        int sc = kind_score(e);
        if (x->qual_country && strcmp(e->country, x->qual_country) == 0)
            sc += 1000;
        if (x->qual_name && e->kind != KH_GAZ_COUNTRY && same_admin(e, x->qual_name))
            sc += 500;
        if (in_list(e->country, sent_countries, nsent))
            sc += 150;
        if (h && in_list(e->country, h->countries, h->ncountries))
            sc += 100;
        if (sc > best_score) {
            best = e;
            best_score = sc;
        }
    }
    return best;
}

static void fill(const kh_gazetteer *g, const mention *x, const kh_gaz_entry *e, kh_place *out)
{
    memset(out, 0, sizeof *out);
    out->entry = e;
    out->name = e->name;
    out->country = e->country;
    out->kind = e->kind;
    out->first = x->first;
    out->last = x->last;
    out->score = x->cue;
    if (e->has_latlon) {
        out->lat = e->lat;
        out->lon = e->lon;
        out->has_latlon = 1;
    } else {
        const kh_gaz_entry *c = kh_gazetteer_country(g, e->country);
        if (c && c->has_latlon) {
            out->lat = c->lat;
            out->lon = c->lon;
            out->has_latlon = 1;
        }
    }
}

int kh_place_find(const kh_gazetteer *g, const kh_sentence *s, const kh_place_hints *hints,
                  kh_place *out, int max)
{
    if (!g || !s || s->nwords <= 0 || max <= 0)
        return 0;
    mention m[MAX_MENTIONS];
    int n = collect(g, s, m, MAX_MENTIONS);
    qualify(s, m, n);
    const char *sent_countries[MAX_MENTIONS];
    int nsent = 0;
    for (int k = 0; k < n; k++) {
        const char *c = single_country(&m[k]);
        if (c)
            sent_countries[nsent++] = c;
    }
    int w = 0;
    for (int k = 0; k < n && w < max; k++) {
        if (!m[k].cue)
            continue;
        const kh_gaz_entry *e = resolve(&m[k], hints, sent_countries, nsent);
        if (e)
            fill(g, &m[k], e, &out[w++]);
    }
    return w;
}

static int specificity(int kind)
{
    switch (kind) {
    case KH_GAZ_SITE: return 5;
    case KH_GAZ_CITY: return 4;
    case KH_GAZ_REGION: return 3;
    case KH_GAZ_SUBDIVISION: return 3;
    default: return 1;
    }
}

int kh_place_locate(const kh_gazetteer *g, const kh_sentence *s, int32_t pred,
                    const kh_place_hints *hints, kh_place *out)
{
    kh_place p[MAX_MENTIONS];
    int n = kh_place_find(g, s, hints, p, MAX_MENTIONS);
    int best = -1;
    long best_score = 0;
    for (int k = 0; k < n; k++) {
        /* a strong cue first ("in", "at", "north of"), then the most specific
         * place, then the nearest to the predicate */
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
