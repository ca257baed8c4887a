/* tagger.c - the part-of-speech tagger: UPOS+XPOS as one joint class, FEATS, lemmas.
 *
 * Tagging is greedy, left to right, with an averaged perceptron over hashed features
 * (tagfeat.c); a second pass sees the first pass's tags on the right as well. Frequent
 * unambiguous words take their tag from a tag dictionary without scoring (speed, and
 * stable tags on function words). FEATS come from a (form, class) lexicon, else from
 * a small perceptron choosing among the FEATS values seen with the class. Lemmas come
 * from lemma.c, except for the few that need the context ("'s been") or the number's
 * shape ("1,250"). Distributional word classes (tagfeat.c), built from the raw text of
 * train and dev, are features for rare words and their neighbours.
 *
 * Model sections: tag.lex (classes, FEATS values, tag dictionary, FEATS lexicon, as
 * text lines), tag.lemma (lemma.c), tag.w1 / tag.w2 / tag.wf (perceptron blobs),
 * tag.clus (word classes; optional, older models have none). The loaded tagger is
 * read-only; tagging allocates only from the caller's arena. */
#include "tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "lemma.h"
#include "perceptron.h"
#include "tagfeat.h"
#include "wordnet.h"

#define TAG_MAXCLS 1000
#define TAG_MAXFEATS 4000
#define TAG_UNIQ_MIN 20        /* tag dictionary: at least this many occurrences */
#define TAG_UNIQ_RATIO 0.97    /* ... with one class this often */
#define TAG_AMB_MIN 3          /* ambiguity classes only for words seen this often */
#define TAG_AMB_SHARE 0.05     /* a class belongs to a word's ambiguity class from this share */
#define TAG_STACK_WORDS 128
#define TAG_UNKNOWN_WORD 0x3333333333333333ULL   /* word hash of a dropped-out word */
#define TAG_DEFAULT_EPOCHS 8
#define TAG_FEATS_EPOCHS 5
#define TAG_FEATLEX_SHARE 0.95  /* FEATS lexicon: a (form, class) with one FEATS this often */
#define TAG_PRUNE 0.8f           /* averaged weights below this are dropped (model size) */
#define TAG_CLUSTERS 128       /* distributional word classes */
#define TAG_FOLDS 4             /* jackknife folds for the second pass's training tags */
/* A first-pass lead (real weight units) the second pass keeps without scoring the word
 * again. Measured on EWT dev with the committed model: 40 leaves every figure as it is
 * to two decimals (6 of 25,147 words change) and saves 7.4k instructions a word; 20
 * saves 8.5k but costs 0.03 UPOS. */
#define TAG_SURE 40.0f

struct kh_tagger {
    kh_arena arena;
    int ncls;
    uint8_t *cls_upos;
    const char **cls_xpos;      /* NULL for "_" */
    int nfeats;
    const char **feats;         /* FEATS values; feats[0] is NULL ("_") */
    int32_t *cls_feats;         /* the usual FEATS of a class */
    unsigned char *feats_ok;    /* [cls * nfeats + f]: f was seen with cls */
    unsigned char *cls_featamb; /* the class has more than one FEATS value */
    kh_wordmap words;           /* exact form -> index */
    int32_t *w_uniq;            /* class, or -1 */
    uint32_t *w_amb;            /* ambiguity class (never 0) */
    kh_wordmap featlex;         /* class + form -> index */
    int32_t *featlex_val;
    kh_wordmap clus;            /* lowercased form -> index (tag.clus, optional) */
    int32_t *clus_id;           /* its distributional class (1..) */
    kh_lemmatiser *lem;
    kh_pct w1, w2, wf;
    int has2, hasf;
    const kh_wordnet *wn;       /* WordNet features (NULL: the model has none) */
    kh_wordnet *own_wn;         /* ... loaded by this tagger */
    uint32_t *w_wn;             /* WordNet mask of each form of words (NULL: no WordNet) */
    uint32_t *w_clus;           /* word class of each form of words (NULL: look it up) */
    void *own[3];               /* blobs of a tagger trained in memory */
};

/* ---- small helpers ---- */

static int grow_arr(void **p, int32_t *cap, int32_t need, size_t el)
{
    if (need <= *cap)
        return 0;
    int32_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, (size_t)nc * el);
    if (!q)
        return -1;
    memset((char *)q + (size_t)*cap * el, 0, (size_t)(nc - *cap) * el);
    *p = q;
    *cap = nc;
    return 0;
}

static size_t cls_key(char *key, size_t cap, int cls, const char *s)
{
    size_t n = strlen(s);
    if (n + 2 > cap)
        n = cap - 2;
    key[0] = (char)(cls & 0xff);
    key[1] = (char)(cls >> 8);
    memcpy(key + 2, s, n);
    return n + 2;
}

void kh_tagger_free(kh_tagger *t)
{
    if (!t)
        return;
    kh_wordmap_free(&t->words);
    kh_wordmap_free(&t->featlex);
    kh_wordmap_free(&t->clus);
    free(t->clus_id);
    free(t->cls_upos);
    free(t->cls_xpos);
    free(t->feats);
    free(t->cls_feats);
    free(t->feats_ok);
    free(t->cls_featamb);
    free(t->w_uniq);
    free(t->w_amb);
    free(t->featlex_val);
    kh_lemma_free(t->lem);
    kh_wordnet_free(t->own_wn);
    free(t->w_wn);
    free(t->w_clus);
    for (int i = 0; i < 3; i++)
        free(t->own[i]);
    kh_arena_free(&t->arena);
    free(t);
}

/* ---- the lexicon section ----
 *   C<TAB>UPOS<TAB>XPOS        class i (in order)
 *   F<TAB>FEATS                FEATS value j (in order; the first is "_")
 *   D<TAB>class<TAB>feats      the usual FEATS of a class
 *   A<TAB>class<TAB>feats      a FEATS value seen with a class
 *   W<TAB>form<TAB>uniq<TAB>amb  tag dictionary (uniq -1: ambiguous)
 *   X<TAB>form<TAB>class<TAB>feats  FEATS of a (form, class) unlike the class's usual */

static int split_tabs(char *line, char **f, int max)
{
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[k++] = p + 1;
        }
    return k;
}

static int parse_long(const char *s, long lo, long hi, long *v)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

static kh_tagger *tagger_new(void)
{
    kh_tagger *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    kh_arena_init(&t->arena, 1 << 16);
    if (kh_wordmap_init(&t->words) < 0 || kh_wordmap_init(&t->featlex) < 0 ||
        kh_wordmap_init(&t->clus) < 0) {
        kh_tagger_free(t);
        return NULL;
    }
    return t;
}

static int load_lex(kh_tagger *t, const char *text, size_t n, char *err, size_t errlen)
{
    int32_t kinds[256];
    kh_wordmap_line_kinds(text, n, kinds);
    char *copy = kh_arena_strndup(&t->arena, text, n);
    if (!copy || kh_wordmap_reserve(&t->words, kinds['W']) < 0 ||
        kh_wordmap_reserve(&t->featlex, kinds['X']) < 0) {
        snprintf(err, errlen, "tagger: out of memory");
        return -1;
    }
    int32_t capc = 0, capf = 0, capw = 0, capx = 0;
    long lineno = 0;
    for (char *line = copy; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *f[5];
        int nf = split_tabs(line, f, 5);
        long a, b;
        char key[300];
        int bad = f[0][0] == '\0' || f[0][1] != '\0';
        switch (bad ? 0 : f[0][0]) {
        case 'C':
            if (nf != 3 || t->ncls >= TAG_MAXCLS || t->nfeats) { bad = 1; break; }
            if (grow_arr((void **)&t->cls_upos, &capc, t->ncls + 1, 1) < 0) { bad = 2; break; }
            t->cls_upos[t->ncls] = (uint8_t)kh_upos_from_name(f[1]);
            {
                void *q = realloc(t->cls_xpos, (size_t)(t->ncls + 1) * sizeof *t->cls_xpos);
                if (!q) { bad = 2; break; }
                t->cls_xpos = q;
            }
            t->cls_xpos[t->ncls] = strcmp(f[2], "_") == 0 ? NULL : f[2];
            t->ncls++;
            break;
        case 'F':
            if (nf != 2 || t->nfeats >= TAG_MAXFEATS || !t->ncls) { bad = 1; break; }
            if (grow_arr((void **)&t->feats, &capf, t->nfeats + 1, sizeof *t->feats) < 0) { bad = 2; break; }
            t->feats[t->nfeats++] = strcmp(f[1], "_") == 0 ? NULL : f[1];
            break;
        case 'D':
        case 'A':
            if (nf != 3 || !t->nfeats || parse_long(f[1], 0, t->ncls - 1, &a) ||
                parse_long(f[2], 0, t->nfeats - 1, &b)) { bad = 1; break; }
            if (!t->cls_feats) {
                t->cls_feats = calloc((size_t)t->ncls, sizeof *t->cls_feats);
                t->feats_ok = calloc((size_t)t->ncls * (size_t)t->nfeats, 1);
                t->cls_featamb = calloc((size_t)t->ncls, 1);
                if (!t->cls_feats || !t->feats_ok || !t->cls_featamb) { bad = 2; break; }
            }
            if (f[0][0] == 'D') {
                t->cls_feats[a] = (int32_t)b;
            } else {
                if (t->feats_ok[a * t->nfeats + b]) { bad = 1; break; }
                for (int j = 0; j < t->nfeats; j++)
                    if (t->feats_ok[a * t->nfeats + j])
                        t->cls_featamb[a] = 1;
                t->feats_ok[a * t->nfeats + b] = 1;
            }
            break;
        case 'W': {
            if (nf != 4 || parse_long(f[2], -1, t->ncls - 1, &a) ||
                parse_long(f[3], 1, 0xffffffffL, &b)) { bad = 1; break; }
            int32_t id = kh_wordmap_put(&t->words, f[1], strlen(f[1]));
            if (id < 0) { bad = 2; break; }
            if (id != t->words.n - 1) { bad = 1; break; }
            if (grow_arr((void **)&t->w_uniq, &capw, id + 1, sizeof *t->w_uniq) < 0) { bad = 2; break; }
            {
                void *q = realloc(t->w_amb, (size_t)capw * sizeof *t->w_amb);
                if (!q) { bad = 2; break; }
                t->w_amb = q;
            }
            t->w_uniq[id] = (int32_t)a;
            t->w_amb[id] = (uint32_t)b;
            break;
        }
        case 'X': {
            if (nf != 4 || !t->nfeats || parse_long(f[2], 0, t->ncls - 1, &a) ||
                parse_long(f[3], 0, t->nfeats - 1, &b) || strlen(f[1]) > 250) { bad = 1; break; }
            size_t kn = cls_key(key, sizeof key, (int)a, f[1]);
            int32_t id = kh_wordmap_put(&t->featlex, key, kn);
            if (id < 0) { bad = 2; break; }
            if (id != t->featlex.n - 1) { bad = 1; break; }
            if (grow_arr((void **)&t->featlex_val, &capx, id + 1, sizeof *t->featlex_val) < 0) { bad = 2; break; }
            t->featlex_val[id] = (int32_t)b;
            break;
        }
        default:
            bad = 1;
        }
        if (bad) {
            if (bad == 2)
                snprintf(err, errlen, "tagger: out of memory");
            else
                snprintf(err, errlen, "tagger section %s, line %ld: malformed or duplicate entry",
                         KH_TAGGER_SECTION_LEX, lineno);
            return -1;
        }
        line = nl ? nl + 1 : NULL;
    }
    if (!t->ncls || !t->nfeats || !t->cls_feats) {
        snprintf(err, errlen, "tagger section %s has no classes", KH_TAGGER_SECTION_LEX);
        return -1;
    }
    return 0;
}

/* The classes section: "word<TAB>class" lines (tagfeat.c builds them). */
static int load_clusters(kh_tagger *t, const char *text, size_t n, char *err, size_t errlen)
{
    int32_t kinds[256], lines = 0;
    kh_wordmap_line_kinds(text, n, kinds);
    for (int c = 0; c < 256; c++)
        lines += kinds[c];
    char *copy = kh_arena_strndup(&t->arena, text, n);
    int32_t cap = 0;
    long lineno = 0;
    if (!copy || kh_wordmap_reserve(&t->clus, lines) < 0) {
        snprintf(err, errlen, "tagger: out of memory");
        return -1;
    }
    for (char *line = copy; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *f[3];
        long c;
        int32_t id;
        if (split_tabs(line, f, 3) != 2 || parse_long(f[1], 1, 1000000, &c) < 0 ||
            (id = kh_wordmap_put(&t->clus, f[0], strlen(f[0]))) != t->clus.n - 1) {
            snprintf(err, errlen, "tagger section %s, line %ld: malformed or duplicate entry",
                     KH_TAGGER_SECTION_CLUS, lineno);
            return -1;
        }
        if (grow_arr((void **)&t->clus_id, &cap, id + 1, sizeof *t->clus_id) < 0) {
            snprintf(err, errlen, "tagger: out of memory");
            return -1;
        }
        t->clus_id[id] = (int32_t)c;
        line = nl ? nl + 1 : NULL;
    }
    return 0;
}

/* WordNet masks of the lexicon's forms, once: most running words are in the lexicon,
 * so most words cost one lookup instead of WordNet's inflection rules. */
static int cache_wordnet(kh_tagger *t)
{
    if (!t->wn || t->words.n == 0)
        return 0;
    t->w_wn = malloc((size_t)t->words.n * sizeof *t->w_wn);
    if (!t->w_wn)
        return -1;
    for (int32_t i = 0; i < t->words.n; i++)
        t->w_wn[i] = kh_wordnet_mask(t->wn, t->words.keys[i], t->words.lens[i]);
    return 0;
}

/* Word classes of the lexicon's forms (their lowercased form's, as prepare looks them
 * up), once: a lookup a running word fewer. */
static int cache_clusters(kh_tagger *t)
{
    if (!t->clus.n || t->words.n == 0)
        return 0;
    t->w_clus = malloc((size_t)t->words.n * sizeof *t->w_clus);
    if (!t->w_clus)
        return -1;
    for (int32_t i = 0; i < t->words.n; i++) {
        char low[128];
        size_t n = kh_tagfeat_lower(t->words.keys[i], low, sizeof low);
        int32_t id = kh_wordmap_get(&t->clus, low, n);
        t->w_clus[i] = id >= 0 ? (uint32_t)t->clus_id[id] : 0;
    }
    return 0;
}

/* ---- features of a sentence ---- */

/* The ambiguity class and tag-dictionary entry of a form (exact, else lowercased);
 * low, ln: kh_tagfeat_lower of form (fn bytes); h: kh_wordmap_hash of form. Returns
 * the lexicon index of the form itself, or -1. */
static int32_t lookup_word(const kh_tagger *t, const char *form, size_t fn, uint64_t h, const char *low,
                           size_t ln, kh_tagfeat_word *w, int32_t *uniq)
{
    *uniq = -1;
    int32_t id = kh_wordmap_get_hashed(&t->words, form, fn, h);
    if (id >= 0) {
        *uniq = t->w_uniq[id];
        w->amb = t->w_amb[id];
        if (t->w_wn)
            w->wn = t->w_wn[id];
        return id;
    }
    if (t->wn)
        w->wn = kh_wordnet_mask(t->wn, form, fn);
    if (ln != fn || memcmp(low, form, fn) != 0) {
        if ((id = kh_wordmap_get(&t->words, low, ln)) >= 0)
            w->amb = t->w_amb[id] ^ 0x5bd1e995u;   /* known only in lower case: a class of its own */
    } else if (ln > 1 && low[0] >= 'a' && low[0] <= 'z') {
        /* "google", "kerala": known only capitalised, often a name typed in lower case */
        char cap[128];
        memcpy(cap, low, ln);
        cap[0] = (char)(low[0] - 32);
        if ((id = kh_wordmap_get(&t->words, cap, ln)) >= 0)
            w->amb = t->w_amb[id] ^ 0x27d4eb2fu;
    }
    return -1;
}

static const char *form_of(const kh_sentence *s, int i)
{
    return s->words[i].form ? s->words[i].form : "_";
}

/* The one-word parts of every word: the string work (lowercasing, lengths) once.
 * The next word's form is hashed a word ahead and its slot in the lexicon fetched
 * while this word is prepared: the lexicon is large, and the look-up waited on memory. */
static void prepare(const kh_tagger *t, const kh_sentence *s, kh_tagfeat_word *tw, int32_t *uniq)
{
    size_t nfn = s->nwords > 0 ? strlen(form_of(s, 0)) : 0;
    uint64_t nh = s->nwords > 0 ? kh_wordmap_hash(form_of(s, 0), nfn) : 0;
    for (int i = 0; i < s->nwords; i++) {
        const char *form = form_of(s, i);
        size_t fn = nfn;
        uint64_t h = nh;
        if (i + 1 < s->nwords) {
            nfn = strlen(form_of(s, i + 1));
            nh = kh_wordmap_hash(form_of(s, i + 1), nfn);
            kh_wordmap_prefetch(&t->words, nh);
        }
        char low[128];
        size_t ln = kh_tagfeat_lower(form, low, sizeof low);
        kh_tagfeat_prepare_lower(form, low, ln, &tw[i]);
        int32_t known = lookup_word(t, form, fn, h, low, ln, &tw[i], &uniq[i]);
        if (known >= 0 && t->w_clus) {
            tw[i].cluster = t->w_clus[known];
        } else if (t->clus.n) {
            int32_t id = kh_wordmap_get(&t->clus, low, ln);
            tw[i].cluster = id >= 0 ? (uint32_t)t->clus_id[id] : 0;
        }
    }
}

/* The static features (kh_tagfeat_static) of the words the first pass was not sure
 * of, kept for the second pass, which would compute the same keys again: the first
 * TAG_KEEP_WORDS such words of a sentence of up to TAG_STACK_WORDS (the rest are
 * computed again; a few are seldom unsure in longer sentences). */
#define TAG_KEEP_WORDS 48
typedef struct tag_keep {
    uint64_t f[TAG_KEEP_WORDS][KH_TAGFEAT_STATIC];
    uint8_t nf[TAG_KEEP_WORDS];
    int16_t row[TAG_STACK_WORDS];   /* word -> row of f, or -1 */
    int used;
} tag_keep;

/* Greedy decoding of one pass; out receives the classes. Words with uniq[i] >= 0 are
 * not scored. With sure_at > 0 (first pass), a word whose best class leads the next
 * by at least sure_at is written into uniq[] as settled, so the second pass keeps it
 * (see kh_tagger_tag); the static features of the others go into keep (NULL: none). */
static void decode(const kh_tagger *t, const kh_pct *w, int second, kh_tagfeat_word *tw,
                   int32_t *uniq, int n, int32_t *out, int32_t sure_at, tag_keep *keep)
{
    uint64_t f[KH_TAGFEAT_MAX];
    int32_t sc[TAG_MAXCLS];
    int t1 = -1, t2 = -1;
    for (int i = 0; i < n; i++) {
        int c = uniq[i];
        if (c < 0) {
            int row = second && keep && i < TAG_STACK_WORDS ? keep->row[i] : -1, nf;
            int split[3] = {0, 0, 0};
            if (row >= 0) {
                int ns = keep->nf[row];
                memcpy(f, keep->f[row], (size_t)ns * sizeof *f);
                nf = ns + kh_tagfeat_dynamic(tw, n, i, t1, t2, second, f + ns);
            } else {
                nf = kh_tagfeat_extract_split(tw, n, i, t1, t2, second, f, split);
            }
            memset(sc, 0, (size_t)t->ncls * sizeof *sc);
            kh_pct_score(w, f, nf, sc);
            int32_t margin;
            c = kh_pct_best_margin(w, sc, t->ncls, &margin);
            if (sure_at > 0 && margin >= sure_at) {
                uniq[i] = c;
            } else if (sure_at > 0 && keep && i < TAG_STACK_WORDS && keep->used < TAG_KEEP_WORDS) {
                row = keep->used++;
                keep->row[i] = (int16_t)row;
                keep->nf[row] = (uint8_t)(split[0] + split[2]);
                memcpy(keep->f[row], f, (size_t)split[0] * sizeof *f);
                memcpy(keep->f[row] + split[0], f + split[1], (size_t)split[2] * sizeof *f);
            }
        }
        out[i] = c;
        t2 = t1;
        t1 = c;
    }
}

/* Classes of every word of s; tw and uniq are scratch of s->nwords entries. The second
 * pass (right-hand tags as features) re-decides only the words the first pass was not
 * sure of: a first-pass lead of TAG_SURE is kept, as the second pass almost never
 * overturns it, and a third of the tagger's work goes. */
static void tag_classes(const kh_tagger *t, const kh_sentence *s, kh_tagfeat_word *tw,
                        int32_t *uniq, int32_t *out)
{
    prepare(t, s, tw, uniq);
    int32_t sure_at = 0;
    if (t->has2 && t->w1.scale > 0)
        sure_at = (int32_t)(TAG_SURE / t->w1.scale);
    tag_keep keep;
    keep.used = 0;
    for (int i = 0; i < s->nwords && i < TAG_STACK_WORDS; i++)
        keep.row[i] = -1;
    decode(t, &t->w1, 0, tw, uniq, s->nwords, out, sure_at, &keep);
    if (t->has2) {
        for (int i = 0; i < s->nwords; i++)
            tw[i].tag1 = out[i];
        decode(t, &t->w2, 1, tw, uniq, s->nwords, out, 0, &keep);
    }
}

/* FEATS features: the word, its class, its neighbours' words and classes. Every key
 * starts from its template and the class; the keys are laid out by their number of
 * further values so that each hashing round is one batch (the order of keys does not
 * matter to the scores): the class alone, then one more value, then two more. */
#define FT(t) (0xcbf29ce484222325ULL ^ ((uint64_t)(t) * 0x9E3779B97F4A7C15ULL))   /* kh_pct_hash_start */
static const uint64_t kFeatsOne[8] = { FT(2), FT(3), FT(4), FT(5), FT(6), FT(7), FT(8), FT(11) };
static const uint64_t kFeatsTwo[6] = { FT(9), FT(10), FT(13), FT(14), FT(15), FT(16) };

static int feats_keys(const kh_tagfeat_word *tw, const int32_t *cls, int n, int i, uint64_t *f)
{
    int c = cls[i], cp = i > 0 ? cls[i - 1] : -1, cn = i + 1 < n ? cls[i + 1] : -2;
    int cp2 = i > 1 ? cls[i - 2] : -1, cn2 = i + 2 < n ? cls[i + 2] : -2;
    uint64_t wp = i > 0 ? tw[i - 1].w : 1, wn = i + 1 < n ? tw[i + 1].w : 2;
    uint64_t wp2 = i > 1 ? tw[i - 2].w : 1, w = tw[i].w;
    uint64_t p3 = (uint64_t)(cp + 3), n3 = (uint64_t)(cn + 3);
    int nl = i < 3 ? i : 3;           /* classes on the left for template 12 */
    int k1 = 8 + nl, k = 1 + k1 + 6;
    uint64_t cv[20], v1[20], v2[6];
    f[0] = FT(1);
    memcpy(f + 1, kFeatsOne, sizeof kFeatsOne);
    memcpy(f + 1 + k1, kFeatsTwo, sizeof kFeatsTwo);
    for (int j = 0; j < k; j++)
        cv[j] = (uint64_t)c + 7;
    v1[0] = w;          v1[1] = tw[i].suf[1];   v1[2] = p3;         v1[3] = n3;
    v1[4] = wp;         v1[5] = wn;             v1[6] = wp2;
    v1[7] = tw[i].flags | (i == 0 ? 0x100u : 0u);
    /* the nearest words on the left that are a pronoun or noun (subject agreement) */
    for (int j = 0; j < nl; j++) {
        f[9 + j] = FT(12);
        v1[8 + j] = (uint64_t)cls[i - 1 - j] * 1000003u + (uint64_t)(j + 1);
    }
    uint64_t *u1 = v1 + k1;
    u1[0] = p3;         v2[0] = (uint64_t)(cp2 + 3);    /* 9 */
    u1[1] = wp;         v2[1] = w;                      /* 10 */
    u1[2] = n3;         v2[2] = (uint64_t)(cn2 + 3);    /* 13 */
    u1[3] = p3;         v2[3] = n3;                     /* 14 */
    u1[4] = w;          v2[4] = n3;                     /* 15 */
    u1[5] = w;          v2[5] = p3;                     /* 16 */
    kh_pct_hash_int_n(f, cv, k);
    kh_pct_hash_int_n(f + 1, v1, k1 + 6);
    kh_pct_hash_int_n(f + 1 + k1, v2, 6);
    kh_pct_hash_end_n(f, f, k);
    return k;
}
#undef FT

/* The same keys in template order (1..11, 13..16, then the 12s), the order training has
 * always seen them in: it decides the layout of the trained blob. */
static int feats_features(const kh_tagfeat_word *tw, const int32_t *cls, int n, int i, uint64_t *f)
{
    uint64_t g[20];
    int k = feats_keys(tw, cls, n, i, g), nl = k - 15;
    memcpy(f, g, 8 * sizeof *f);            /* 1..8 */
    f[8] = g[9 + nl];                       /* 9 */
    f[9] = g[10 + nl];                      /* 10 */
    f[10] = g[8];                           /* 11 */
    memcpy(f + 11, g + 11 + nl, 4 * sizeof *f);   /* 13..16 */
    memcpy(f + 15, g + 9, (size_t)nl * sizeof *f); /* 12 */
    return k;
}

#define FEAT_KEYMAX 300

/* Word i's key in featlex (class cls[i] + form) and its hash: built a word ahead, so
 * that its slot is fetched while the word before is done, and built once. */
typedef struct feat_key {
    char key[FEAT_KEYMAX];
    size_t n;
    uint64_t h;
} feat_key;

static void feat_key_of(feat_key *k, const kh_sentence *s, const int32_t *cls, int i)
{
    k->n = cls_key(k->key, sizeof k->key, cls[i], form_of(s, i));
    k->h = kh_wordmap_hash(k->key, k->n);
}

/* k: feat_key_of word i. */
static int choose_feats(const kh_tagger *t, const kh_sentence *s, const kh_tagfeat_word *tw,
                        const int32_t *cls, int i, const feat_key *k)
{
    int c = cls[i];
    int32_t id = kh_wordmap_get_hashed(&t->featlex, k->key, k->n, k->h);
    if (id >= 0)
        return t->featlex_val[id];
    if (t->hasf && t->cls_featamb[c]) {
        uint64_t f[40];
        int32_t sc[TAG_MAXFEATS];
        int nf = feats_keys(tw, cls, s->nwords, i, f);
        memset(sc, 0, (size_t)t->nfeats * sizeof *sc);
        kh_pct_score(&t->wf, f, nf, sc);
        int best = kh_pct_argmax_i(sc, t->nfeats, t->feats_ok + (size_t)c * t->nfeats);
        if (best >= 0)
            return best;
    }
    return t->cls_feats[c];
}

/* "1,100" (CD) -> "1100": digit groups of three after the first, an optional decimal
 * part. The treebank writes numbers' lemmas without thousands separators. */
static int grouped_number(const char *f)
{
    size_t i = 0, run = 0, groups = 0;
    while (f[i] >= '0' && f[i] <= '9')
        i++, run++;
    if (run < 1 || run > 3)
        return 0;
    while (f[i] == ',') {
        run = 0;
        for (i++; f[i] >= '0' && f[i] <= '9'; i++)
            run++;
        if (run != 3)
            return 0;
        groups++;
    }
    if (f[i] == '.')
        for (i++; f[i] >= '0' && f[i] <= '9'; i++)
            ;
    return groups > 0 && f[i] == '\0';
}

/* The lemma of word i of s tagged with class c: the lemmatiser's, with the few cases
 * that need the context or the number's shape. */
static const char *word_lemma(const kh_tagger *t, const kh_sentence *s, const int32_t *cls,
                              int i, kh_arena *a)
{
    const char *form = s->words[i].form;
    const char *xp = t->cls_xpos[cls[i]];
    if (xp && strcmp(xp, "CD") == 0 && grouped_number(form)) {
        size_t n = strlen(form), k = 0;
        char *out = kh_arena_alloc(a, n + 1);
        if (!out)
            return NULL;
        for (size_t j = 0; j < n; j++)
            if (form[j] != ',')
                out[k++] = form[j];
        out[k] = '\0';
        return out;
    }
    /* "'s" is "be" unless a participle of perfect tense follows ("'s been", "'s got") */
    if (xp && strcmp(xp, "VBZ") == 0 && i + 1 < s->nwords &&
        (strcmp(form, "'s") == 0 || strcmp(form, "\xe2\x80\x99s") == 0)) {
        const char *nx = s->words[i + 1].form;
        const char *nxp = t->cls_xpos[cls[i + 1]];
        if (nx && nxp && strcmp(nxp, "VBN") == 0 &&
            (strcmp(nx, "been") == 0 || strcmp(nx, "got") == 0 || strcmp(nx, "gotten") == 0 ||
             strcmp(nx, "had") == 0))
            return "have";
    }
    return kh_lemma_of(t->lem, form, cls[i], a);
}

int kh_tagger_tag(const kh_tagger *t, kh_sentence *s, kh_arena *a)
{
    int n = s->nwords;
    if (n <= 0)
        return 0;
    kh_tagfeat_word tws[TAG_STACK_WORDS];
    int32_t us[TAG_STACK_WORDS], cs[TAG_STACK_WORDS];
    kh_tagfeat_word *tw = tws;
    int32_t *uniq = us, *cls = cs;
    if (n > TAG_STACK_WORDS) {
        tw = kh_arena_alloc(a, (size_t)n * sizeof *tw);
        uniq = kh_arena_alloc(a, (size_t)n * sizeof *uniq);
        cls = kh_arena_alloc(a, (size_t)n * sizeof *cls);
        if (!tw || !uniq || !cls)
            return -1;
    }
    tag_classes(t, s, tw, uniq, cls);
    feat_key fk[2];   /* word i's and word i + 1's */
    if (n > 0)
        feat_key_of(&fk[0], s, cls, 0);
    for (int i = 0; i < n; i++) {
        kh_word *w = &s->words[i];
        int c = cls[i];
        if (i + 1 < n) {
            feat_key_of(&fk[(i + 1) & 1], s, cls, i + 1);
            kh_wordmap_prefetch(&t->featlex, fk[(i + 1) & 1].h);
        }
        w->upos = t->cls_upos[c];
        /* copies: the sentence must not depend on the tagger staying loaded */
        const char *xp = t->cls_xpos[c], *fe = t->feats[choose_feats(t, s, tw, cls, i, &fk[i & 1])];
        w->xpos = xp ? kh_arena_strdup(a, xp) : NULL;
        w->feats = fe ? kh_arena_strdup(a, fe) : NULL;
        if ((xp && !w->xpos) || (fe && !w->feats))
            return -1;
        if (w->form) {
            w->lemma = word_lemma(t, s, cls, i, a);
            if (!w->lemma)
                return -1;
        }
    }
    return 0;
}

/* ---- loading ---- */

static int open_weights(const kh_model *m, const char *name, kh_pct *w, int nclasses, int *has,
                        int required, char *err, size_t errlen)
{
    const kh_model_section *sec = kh_model_section_get(m, name);
    *has = 0;
    if (!sec) {
        if (required)
            snprintf(err, errlen, "the model has no section %s (not a tagger model?); "
                     "rebuild it with 'khaldun train'", name);
        return required ? -1 : 0;
    }
    char e2[200];
    if (kh_pct_open(w, sec->data, sec->size, e2, sizeof e2) < 0) {
        snprintf(err, errlen, "model section %s: %s; rebuild it with 'khaldun train'", name, e2);
        return -1;
    }
    if (w->nclasses != nclasses) {
        snprintf(err, errlen, "model section %s has %d classes, the tagger %d; "
                 "rebuild it with 'khaldun train'", name, w->nclasses, nclasses);
        return -1;
    }
    *has = 1;
    return 0;
}

kh_tagger *kh_tagger_from_model(const kh_model *m, char *err, size_t errlen)
{
    const kh_model_section *lex = kh_model_section_get(m, KH_TAGGER_SECTION_LEX);
    const kh_model_section *lem = kh_model_section_get(m, KH_TAGGER_SECTION_LEMMA);
    if (!lex || !lem) {
        snprintf(err, errlen, "the model has no tagger sections (%s, %s); rebuild it with 'khaldun train'",
                 KH_TAGGER_SECTION_LEX, KH_TAGGER_SECTION_LEMMA);
        return NULL;
    }
    kh_tagger *t = tagger_new();
    if (!t) {
        snprintf(err, errlen, "tagger: out of memory");
        return NULL;
    }
    int has1;
    if (load_lex(t, (const char *)lex->data, lex->size, err, errlen) < 0 ||
        open_weights(m, KH_TAGGER_SECTION_W1, &t->w1, t->ncls, &has1, 1, err, errlen) < 0 ||
        open_weights(m, KH_TAGGER_SECTION_W2, &t->w2, t->ncls, &t->has2, 0, err, errlen) < 0 ||
        open_weights(m, KH_TAGGER_SECTION_WF, &t->wf, t->nfeats, &t->hasf, 0, err, errlen) < 0) {
        kh_tagger_free(t);
        return NULL;
    }
    /* word classes: absent from models of older versions */
    const kh_model_section *cl = kh_model_section_get(m, KH_TAGGER_SECTION_CLUS);
    if (cl && load_clusters(t, (const char *)cl->data, cl->size, err, errlen) < 0) {
        kh_tagger_free(t);
        return NULL;
    }
    if (cache_clusters(t) < 0) {
        snprintf(err, errlen, "tagger: out of memory");
        kh_tagger_free(t);
        return NULL;
    }
    t->lem = kh_lemma_load((const char *)lem->data, lem->size, t->ncls, err, errlen);
    if (!t->lem) {
        kh_tagger_free(t);
        return NULL;
    }
    /* a model trained with WordNet features needs WordNet: without it, every word's
     * features would differ from training and the tags would silently degrade */
    if (kh_model_section_get(m, KH_TAGGER_SECTION_WN)) {
        char e2[512];
        t->own_wn = kh_wordnet_open(NULL, e2, sizeof e2);
        if (!t->own_wn) {
            snprintf(err, errlen, "the model's tagger uses WordNet, which could not be read (%s); "
                     "install the Debian package wordnet-base (make deps) or set KH_WORDNET to its "
                     "folder", e2);
            kh_tagger_free(t);
            return NULL;
        }
        t->wn = t->own_wn;
        if (cache_wordnet(t) < 0) {
            snprintf(err, errlen, "tagger: out of memory");
            kh_tagger_free(t);
            return NULL;
        }
    }
    return t;
}

/* ---- training ---- */

typedef struct trainer {
    const kh_doc *train, *dev;
    int epochs;
    unsigned seed;
    int verbose;
    float prune;            /* weights below this (averaged) are dropped */
    kh_arena arena;
    kh_wordmap clsmap;      /* "UPOS\tXPOS" -> class */
    kh_wordmap featmap;     /* FEATS -> id */
    int32_t **gold;         /* per sentence: gold classes (-1: unknown class) */
    int32_t **goldf;        /* per sentence: gold FEATS ids (-1: unknown) */
    kh_buf lex, lemma, clus;
    const kh_wordnet *wn;   /* WordNet features (NULL: none) */
} trainer;

static int class_of(kh_wordmap *m, const kh_word *w, int add)
{
    char key[64];
    const char *x = w->xpos ? w->xpos : "_";
    int n = snprintf(key, sizeof key, "%s\t%s", kh_upos_name(w->upos), x);
    if (n < 0 || (size_t)n >= sizeof key)
        return -1;
    int32_t c = add ? kh_wordmap_put(m, key, (size_t)n) : kh_wordmap_get(m, key, (size_t)n);
    return c >= TAG_MAXCLS ? -1 : c;
}

static int feats_of(kh_wordmap *m, const kh_word *w, int add)
{
    const char *f = w->feats ? w->feats : "_";
    if (strchr(f, '\t') || strchr(f, '\n'))
        return -1;
    int32_t id = add ? kh_wordmap_put(m, f, strlen(f)) : kh_wordmap_get(m, f, strlen(f));
    return id >= TAG_MAXFEATS ? -1 : id;
}

static int form_ok(const char *f)
{
    return f && *f && !strchr(f, '\t') && !strchr(f, '\n') && strlen(f) <= 250;
}

/* Counts, then writes the lexicon and lemma sections' text. */
static int build_lexicons(trainer *tr)
{
    int rc = -1;
    kh_wordmap forms, pairs, fpairs;
    long *fcount = NULL, *pcount = NULL, *cfcount = NULL, *fpcount = NULL;
    int32_t capf = 0, capp = 0, capfp = 0;
    kh_lemma_builder *lb = NULL;
    int ok = kh_wordmap_init(&forms) == 0 && kh_wordmap_init(&pairs) == 0 &&
             kh_wordmap_init(&fpairs) == 0;
    if (!ok)
        goto done;
    if (kh_wordmap_put(&tr->featmap, "_", 1) != 0)
        goto done;
    const kh_doc *d = tr->train;
    tr->gold = kh_arena_calloc(&tr->arena, (size_t)d->nsents + 1, sizeof *tr->gold);
    tr->goldf = kh_arena_calloc(&tr->arena, (size_t)d->nsents + 1, sizeof *tr->goldf);
    if (!tr->gold || !tr->goldf)
        goto done;
    for (int si = 0; si < d->nsents; si++) {
        const kh_sentence *s = &d->sents[si];
        tr->gold[si] = kh_arena_alloc(&tr->arena, (size_t)s->nwords * sizeof(int32_t) + 1);
        tr->goldf[si] = kh_arena_alloc(&tr->arena, (size_t)s->nwords * sizeof(int32_t) + 1);
        if (!tr->gold[si] || !tr->goldf[si])
            goto done;
        for (int i = 0; i < s->nwords; i++) {
            const kh_word *w = &s->words[i];
            int c = w->upos ? class_of(&tr->clsmap, w, 1) : -1;
            int fe = w->upos ? feats_of(&tr->featmap, w, 1) : -1;
            tr->gold[si][i] = c;
            tr->goldf[si][i] = fe;
            if (c < 0 || !form_ok(w->form))
                continue;
            /* (form, class) and (form, class, feats) counts */
            char key[300];
            size_t kn = cls_key(key, sizeof key, c, w->form);
            int32_t f = kh_wordmap_put(&forms, w->form, strlen(w->form));
            int32_t p = kh_wordmap_put(&pairs, key, kn);
            if (f < 0 || p < 0 || grow_arr((void **)&fcount, &capf, f + 1, sizeof *fcount) < 0 ||
                grow_arr((void **)&pcount, &capp, p + 1, sizeof *pcount) < 0)
                goto done;
            fcount[f]++;
            pcount[p]++;
            if (fe >= 0) {
                char k2[310];
                memcpy(k2, key, kn);
                k2[kn] = (char)(fe & 0xff);
                k2[kn + 1] = (char)(fe >> 8);
                int32_t q = kh_wordmap_put(&fpairs, k2, kn + 2);
                if (q < 0 || grow_arr((void **)&fpcount, &capfp, q + 1, sizeof *fpcount) < 0)
                    goto done;
                fpcount[q]++;
            }
        }
    }
    int ncls = tr->clsmap.n, nfe = tr->featmap.n;
    if (ncls == 0)
        goto done;

    /* classes and FEATS values */
    for (int c = 0; c < ncls; c++)
        if (kh_buf_printf(&tr->lex, "C\t%s\n", tr->clsmap.keys[c]) < 0)
            goto done;
    for (int j = 0; j < nfe; j++)
        if (kh_buf_printf(&tr->lex, "F\t%s\n", tr->featmap.keys[j]) < 0)
            goto done;
    /* FEATS per class: counts from the (form, class, feats) table */
    cfcount = calloc((size_t)ncls * (size_t)nfe, sizeof *cfcount);
    if (!cfcount)
        goto done;
    for (int32_t q = 0; q < fpairs.n; q++) {
        const char *k = fpairs.keys[q];
        size_t kn = fpairs.lens[q];
        int c = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        int fe = (unsigned char)k[kn - 2] | (unsigned char)k[kn - 1] << 8;
        cfcount[(size_t)c * nfe + fe] += fpcount[q];
    }
    int32_t *cdef = calloc((size_t)ncls, sizeof *cdef);
    if (!cdef)
        goto done;
    for (int c = 0; c < ncls; c++) {
        int best = 0;
        for (int j = 0; j < nfe; j++) {
            if (cfcount[(size_t)c * nfe + j] > cfcount[(size_t)c * nfe + best])
                best = j;
            if (cfcount[(size_t)c * nfe + j] &&
                kh_buf_printf(&tr->lex, "A\t%d\t%d\n", c, j) < 0) {
                free(cdef);
                goto done;
            }
        }
        cdef[c] = best;
        if (kh_buf_printf(&tr->lex, "D\t%d\t%d\n", c, best) < 0) {
            free(cdef);
            goto done;
        }
    }

    /* tag dictionary and ambiguity classes */
    long *best = calloc((size_t)forms.n + 1, sizeof *best);
    int32_t *bestc = calloc((size_t)forms.n + 1, sizeof *bestc);
    uint64_t *bits = calloc(((size_t)forms.n + 1) * ((TAG_MAXCLS + 63) / 64), sizeof *bits);
    if (!best || !bestc || !bits) {
        free(best); free(bestc); free(bits); free(cdef);
        goto done;
    }
    const size_t words64 = (TAG_MAXCLS + 63) / 64;
    for (int32_t p = 0; p < pairs.n; p++) {
        const char *k = pairs.keys[p];
        int c = (unsigned char)k[0] | (unsigned char)k[1] << 8;
        int32_t f = kh_wordmap_get(&forms, k + 2, pairs.lens[p] - 2);
        if (pcount[p] > best[f] || (pcount[p] == best[f] && c < bestc[f])) {
            best[f] = pcount[p];
            bestc[f] = c;
        }
        if (pcount[p] >= TAG_AMB_SHARE * fcount[f])
            bits[(size_t)f * words64 + (size_t)c / 64] |= 1ULL << (c % 64);
    }
    for (int32_t f = 0; f < forms.n; f++) {
        if (fcount[f] < TAG_AMB_MIN)
            continue;
        int uniq = fcount[f] >= TAG_UNIQ_MIN && best[f] >= TAG_UNIQ_RATIO * fcount[f] ? bestc[f] : -1;
        uint64_t h = kh_pct_hash_start(77);
        for (size_t j = 0; j < words64; j++)
            h = kh_pct_hash_int(h, bits[(size_t)f * words64 + j]);
        uint32_t amb = (uint32_t)kh_pct_hash_end(h) | 1u;
        if (kh_buf_printf(&tr->lex, "W\t%s\t%d\t%u\n", forms.keys[f], uniq, amb) < 0) {
            free(best); free(bestc); free(bits); free(cdef);
            goto done;
        }
    }
    free(best);
    free(bestc);
    free(bits);

    /* FEATS lexicon: the most frequent FEATS of a (form, class) when unlike the class's */
    {
        int32_t *pbest = malloc(((size_t)pairs.n + 1) * sizeof *pbest);
        long *pbc = calloc((size_t)pairs.n + 1, sizeof *pbc);
        if (!pbest || !pbc) {
            free(pbest); free(pbc); free(cdef);
            goto done;
        }
        for (int32_t p = 0; p < pairs.n; p++)
            pbest[p] = -1;
        for (int32_t q = 0; q < fpairs.n; q++) {
            const char *k = fpairs.keys[q];
            size_t kn = fpairs.lens[q];
            int fe = (unsigned char)k[kn - 2] | (unsigned char)k[kn - 1] << 8;
            int32_t p = kh_wordmap_get(&pairs, k, kn - 2);
            if (fpcount[q] > pbc[p] || (fpcount[q] == pbc[p] && fe < pbest[p])) {
                pbc[p] = fpcount[q];
                pbest[p] = fe;
            }
        }
        for (int32_t p = 0; p < pairs.n; p++) {
            const char *k = pairs.keys[p];
            int c = (unsigned char)k[0] | (unsigned char)k[1] << 8;
            int nvalues = 0;
            for (int j = 0; j < nfe; j++)
                nvalues += cfcount[(size_t)c * nfe + j] > 0;
            /* only where the class alone does not decide, and the word does: words
             * with two readings ("it" Nom/Acc) are left to the FEATS perceptron */
            if (pbest[p] < 0 || nvalues < 2 || pbc[p] < TAG_FEATLEX_SHARE * pcount[p])
                continue;
            if (kh_buf_printf(&tr->lex, "X\t%.*s\t%d\t%d\n", (int)(pairs.lens[p] - 2), k + 2, c,
                              pbest[p]) < 0) {
                free(pbest); free(pbc); free(cdef);
                goto done;
            }
        }
        free(pbest);
        free(pbc);
        free(cdef);
    }

    /* lemmas */
    lb = kh_lemma_builder_new(ncls);
    if (!lb)
        goto done;
    for (int si = 0; si < d->nsents; si++) {
        const kh_sentence *s = &d->sents[si];
        for (int i = 0; i < s->nwords; i++) {
            const kh_word *w = &s->words[i];
            if (tr->gold[si][i] >= 0 && form_ok(w->form) && w->lemma &&
                kh_lemma_builder_add(lb, w->form, tr->gold[si][i], w->lemma) < 0)
                goto done;
        }
    }
    if (kh_lemma_builder_write(lb, &tr->lemma) < 0)
        goto done;
    rc = 0;
done:
    kh_lemma_builder_free(lb);
    free(fcount);
    free(pcount);
    free(cfcount);
    free(fpcount);
    kh_wordmap_free(&forms);
    kh_wordmap_free(&pairs);
    kh_wordmap_free(&fpairs);
    return rc;
}

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static void shuffle(int32_t *order, int n, uint32_t *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(xorshift(rng) % (uint32_t)(i + 1));
        int32_t x = order[i];
        order[i] = order[j];
        order[j] = x;
    }
}

/* Scratch big enough for the longest sentence of a document. */
typedef struct scratch {
    kh_tagfeat_word *tw;
    int32_t *uniq, *out, *tag1;
    int cap;
} scratch;

static int scratch_fit(scratch *sc, int n)
{
    if (n <= sc->cap)
        return 0;
    int nc = n < 256 ? 256 : n;
    void *a = realloc(sc->tw, (size_t)nc * sizeof *sc->tw);
    if (!a)
        return -1;
    sc->tw = a;
    int32_t **arrs[3] = { &sc->uniq, &sc->out, &sc->tag1 };
    for (int k = 0; k < 3; k++) {
        void *b = realloc(*arrs[k], (size_t)nc * sizeof(int32_t));
        if (!b)
            return -1;
        *arrs[k] = b;
    }
    sc->cap = nc;
    return 0;
}

static void scratch_free(scratch *sc)
{
    free(sc->tw);
    free(sc->uniq);
    free(sc->out);
    free(sc->tag1);
}

/* One model of a pass: trains the perceptron for tr->epochs on the sentences
 * sents[0..nsents-1] of the training document. second: the pass also sees tags on the
 * right, taken from tag1[sentence] (first-pass tags from a model that did not see the
 * sentence, so that they are as wrong as they will be on new text). */
static int train_pass(trainer *tr, kh_tagger *t, int second, const int32_t *sents, int nsents,
                      int32_t *const *tag1, void **blob, size_t *size)
{
    const kh_doc *d = tr->train;
    kh_pct_train *pt = kh_pct_train_new(t->ncls);
    int32_t *order = malloc(((size_t)nsents + 1) * sizeof *order);
    float *scores = malloc((size_t)t->ncls * sizeof *scores);
    scratch sc = {0};
    int rc = -1;
    if (!pt || !order || !scores)
        goto done;
    memcpy(order, sents, (size_t)nsents * sizeof *order);
    uint32_t rng = tr->seed * 2654435761u + 12345u + (uint32_t)second;
    if (!rng)
        rng = 1;
    uint64_t f[KH_TAGFEAT_MAX];
    for (int ep = 0; ep < tr->epochs; ep++) {
        shuffle(order, nsents, &rng);
        long right = 0, total = 0;
        for (int k = 0; k < nsents; k++) {
            const kh_sentence *s = &d->sents[order[k]];
            const int32_t *gold = tr->gold[order[k]];
            int n = s->nwords;
            if (scratch_fit(&sc, n) < 0)
                goto done;
            prepare(t, s, sc.tw, sc.uniq);
            /* word dropout: rare words (no ambiguity class) lose their identity half of
             * the time, so that the model learns what unknown words look like from
             * their affixes, shape and context rather than memorising them */
            for (int i = 0; i < n; i++)
                if (sc.tw[i].amb == 0 && (xorshift(&rng) & 1))
                    sc.tw[i].w = TAG_UNKNOWN_WORD;
            if (second)
                for (int i = 0; i < n; i++)
                    sc.tw[i].tag1 = tag1[order[k]][i];
            int t1 = -1, t2 = -1;
            for (int i = 0; i < n; i++) {
                int c = sc.uniq[i];
                if (c < 0) {
                    int nf = kh_tagfeat_extract(sc.tw, n, i, t1, t2, second, f);
                    memset(scores, 0, (size_t)t->ncls * sizeof *scores);
                    kh_pct_train_score(pt, f, nf, scores);
                    c = kh_pct_argmax_f(scores, t->ncls, NULL);
                    if (gold[i] >= 0) {
                        if (kh_pct_train_update(pt, f, nf, gold[i], c) < 0)
                            goto done;
                        kh_pct_train_tick(pt);
                    }
                }
                right += c == gold[i];
                total++;
                t2 = t1;
                t1 = c;
            }
        }
        if (tr->verbose > 1)
            fprintf(stderr, "tagger pass %d epoch %d: train accuracy %.2f, %zu features\n",
                    second + 1, ep + 1, 100.0 * right / (total ? total : 1), kh_pct_train_nfeats(pt));
    }
    if (kh_pct_train_freeze(pt, tr->prune, blob, size) < 0)
        goto done;
    rc = 0;
done:
    free(scores);
    scratch_free(&sc);
    free(order);
    kh_pct_train_free(pt);
    return rc;
}

/* First-pass tags of every training sentence from models trained on the other folds. */
static int jackknife(trainer *tr, kh_tagger *t, int32_t **tag1)
{
    const kh_doc *d = tr->train;
    int32_t *in = malloc(((size_t)d->nsents + 1) * sizeof *in);
    scratch sc = {0};
    int rc = -1;
    if (!in)
        return -1;
    int folds = d->nsents >= 50 ? TAG_FOLDS : 1;
    for (int k = 0; k < folds; k++) {
        int nin = 0;
        for (int i = 0; i < d->nsents; i++)
            if (folds == 1 || i % folds != k)
                in[nin++] = i;
        void *blob = NULL;
        size_t size;
        kh_pct w;
        char err[200];
        if (train_pass(tr, t, 0, in, nin, NULL, &blob, &size) < 0 ||
            kh_pct_open(&w, blob, size, err, sizeof err) < 0) {
            free(blob);
            goto done;
        }
        for (int i = 0; i < d->nsents; i++) {
            if (folds > 1 && i % folds != k)
                continue;
            const kh_sentence *s = &d->sents[i];
            if (scratch_fit(&sc, s->nwords) < 0) {
                free(blob);
                goto done;
            }
            prepare(t, s, sc.tw, sc.uniq);
            decode(t, &w, 0, sc.tw, sc.uniq, s->nwords, tag1[i], 0, NULL);
        }
        free(blob);
    }
    rc = 0;
done:
    scratch_free(&sc);
    free(in);
    return rc;
}

/* The FEATS perceptron, for classes with more than one FEATS value; trained on the
 * tags the trained tagger predicts, so that it sees the errors it will see. */
static int train_feats(trainer *tr, kh_tagger *t, void **blob, size_t *size)
{
    const kh_doc *d = tr->train;
    kh_pct_train *pt = kh_pct_train_new(t->nfeats);
    int32_t *order = malloc(((size_t)d->nsents + 1) * sizeof *order);
    scratch sc = {0};
    int32_t *sco = malloc((size_t)t->nfeats * sizeof *sco);
    float *scores = malloc((size_t)t->nfeats * sizeof *scores);
    int rc = -1;
    if (!pt || !order || !sco || !scores)
        goto done;
    for (int i = 0; i < d->nsents; i++)
        order[i] = i;
    uint32_t rng = tr->seed * 2654435761u + 999u;
    if (!rng)
        rng = 1;
    uint64_t f[40];
    for (int ep = 0; ep < TAG_FEATS_EPOCHS; ep++) {
        shuffle(order, d->nsents, &rng);
        for (int k = 0; k < d->nsents; k++) {
            const kh_sentence *s = &d->sents[order[k]];
            const int32_t *goldf = tr->goldf[order[k]];
            int n = s->nwords;
            if (scratch_fit(&sc, n) < 0)
                goto done;
            tag_classes(t, s, sc.tw, sc.uniq, sc.out);
            for (int i = 0; i < n; i++) {
                int c = sc.out[i];
                if (!t->cls_featamb[c] || goldf[i] < 0 || !t->feats_ok[(size_t)c * t->nfeats + goldf[i]])
                    continue;
                int nf = feats_features(sc.tw, sc.out, n, i, f);
                memset(scores, 0, (size_t)t->nfeats * sizeof *scores);
                kh_pct_train_score(pt, f, nf, scores);
                int g = kh_pct_argmax_f(scores, t->nfeats, t->feats_ok + (size_t)c * t->nfeats);
                if (kh_pct_train_update(pt, f, nf, goldf[i], g) < 0)
                    goto done;
                kh_pct_train_tick(pt);
            }
        }
    }
    if (kh_pct_train_freeze(pt, 0.0f, blob, size) < 0)
        goto done;
    rc = 0;
done:
    free(sco);
    free(scores);
    scratch_free(&sc);
    free(order);
    kh_pct_train_free(pt);
    return rc;
}

/* Accuracy of t on gold document d (UPOS, XPOS, FEATS, lemma), in percent. */
static void evaluate(const kh_tagger *t, const kh_doc *d, double acc[4])
{
    long right[4] = {0, 0, 0, 0}, total = 0;
    kh_arena a;
    kh_arena_init(&a, 1 << 16);
    scratch sc = {0};
    for (int si = 0; si < d->nsents; si++) {
        const kh_sentence *s = &d->sents[si];
        if (scratch_fit(&sc, s->nwords) < 0)
            break;
        tag_classes(t, s, sc.tw, sc.uniq, sc.out);
        for (int i = 0; i < s->nwords; i++) {
            const kh_word *w = &s->words[i];
            int c = sc.out[i];
            feat_key fk;
            feat_key_of(&fk, s, sc.out, i);
            const char *xp = t->cls_xpos[c], *fe = t->feats[choose_feats(t, s, sc.tw, sc.out, i, &fk)];
            const char *lem = w->form ? word_lemma(t, s, sc.out, i, &a) : NULL;
            right[0] += t->cls_upos[c] == w->upos;
            right[1] += (xp && w->xpos) ? strcmp(xp, w->xpos) == 0 : xp == w->xpos;
            right[2] += (fe && w->feats) ? strcmp(fe, w->feats) == 0 : fe == w->feats;
            right[3] += (lem && w->lemma) ? strcmp(lem, w->lemma) == 0 : lem == w->lemma;
            total++;
        }
        kh_arena_reset(&a);
    }
    scratch_free(&sc);
    kh_arena_free(&a);
    for (int k = 0; k < 4; k++)
        acc[k] = 100.0 * right[k] / (total ? total : 1);
}

/* Builds the lexicons and trains every part; the tagger keeps the section texts in
 * tr->lex / tr->lemma and the weight blobs in t->own. */
static kh_tagger *train_all(trainer *tr)
{
    clock_t t0 = clock();
    if (build_lexicons(tr) < 0)
        return NULL;
    kh_tagger *t = tagger_new();
    char err[256];
    if (t)
        t->wn = tr->wn;
    if (!t || load_lex(t, tr->lex.data, tr->lex.len, err, sizeof err) < 0 || cache_wordnet(t) < 0 ||
        !(t->lem = kh_lemma_load(tr->lemma.data ? tr->lemma.data : "", tr->lemma.len, t->ncls,
                                 err, sizeof err))) {
        if (tr->verbose && t)
            fprintf(stderr, "tagger: %s\n", err);
        kh_tagger_free(t);
        return NULL;
    }
    /* word classes from the raw text of train (and dev: no labels are used) */
    {
        const kh_doc *docs[2] = { tr->train, tr->dev };
        int nd = tr->dev ? 2 : 1;
        if (kh_tagfeat_build_clusters(docs, nd, TAG_CLUSTERS, &tr->clus) < 0) {
            tr->clus.len = 0;   /* little text: fewer classes, or none */
            if (kh_tagfeat_build_clusters(docs, nd, TAG_CLUSTERS / 8, &tr->clus) < 0)
                tr->clus.len = 0;
        }
        else if (load_clusters(t, tr->clus.data ? tr->clus.data : "", tr->clus.len, err, sizeof err) < 0) {
            kh_tagger_free(t);
            return NULL;
        }
    }
    size_t sizes[3] = {0, 0, 0};
    char e2[200];
    const kh_doc *d = tr->train;
    int32_t *all = malloc(((size_t)d->nsents + 1) * sizeof *all);
    int32_t **tag1 = kh_arena_calloc(&tr->arena, (size_t)d->nsents + 1, sizeof *tag1);
    if (!all || !tag1) {
        free(all);
        goto fail;
    }
    for (int i = 0; i < d->nsents; i++) {
        all[i] = i;
        if (!(tag1[i] = kh_arena_alloc(&tr->arena, ((size_t)d->sents[i].nwords + 1) * sizeof(int32_t)))) {
            free(all);
            goto fail;
        }
    }
    if (train_pass(tr, t, 0, all, d->nsents, NULL, &t->own[0], &sizes[0]) < 0 ||
        kh_pct_open(&t->w1, t->own[0], sizes[0], e2, sizeof e2) < 0) {
        free(all);
        goto fail;
    }
    if (tr->verbose && tr->dev) {
        double acc[4];
        evaluate(t, tr->dev, acc);
        fprintf(stderr, "tagger pass 1 dev: UPOS %.2f XPOS %.2f FEATS %.2f lemma %.2f (%.1fs)\n",
                acc[0], acc[1], acc[2], acc[3], (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    if (jackknife(tr, t, tag1) < 0 ||
        train_pass(tr, t, 1, all, d->nsents, tag1, &t->own[1], &sizes[1]) < 0 ||
        kh_pct_open(&t->w2, t->own[1], sizes[1], e2, sizeof e2) < 0) {
        free(all);
        goto fail;
    }
    free(all);
    t->has2 = 1;
    if (tr->verbose && tr->dev) {
        double acc[4];
        evaluate(t, tr->dev, acc);
        fprintf(stderr, "tagger pass 2 dev: UPOS %.2f XPOS %.2f FEATS %.2f lemma %.2f (%.1fs)\n",
                acc[0], acc[1], acc[2], acc[3], (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    if (train_feats(tr, t, &t->own[2], &sizes[2]) < 0 ||
        kh_pct_open(&t->wf, t->own[2], sizes[2], e2, sizeof e2) < 0)
        goto fail;
    t->hasf = 1;
    if (tr->verbose && tr->dev) {
        double acc[4];
        evaluate(t, tr->dev, acc);
        fprintf(stderr, "tagger dev: UPOS %.2f XPOS %.2f FEATS %.2f lemma %.2f (%.1fs); "
                "weights %zu + %zu + %zu bytes, lexicon %zu, lemma %zu bytes\n",
                acc[0], acc[1], acc[2], acc[3], (double)(clock() - t0) / CLOCKS_PER_SEC,
                sizes[0], sizes[1], sizes[2], tr->lex.len, tr->lemma.len);
    }
    return t;
fail:
    kh_tagger_free(t);
    return NULL;
}

static void trainer_init(trainer *tr, const kh_doc *train, const kh_doc *dev,
                         const kh_tagger_train_opts *o)
{
    memset(tr, 0, sizeof *tr);
    tr->train = train;
    tr->dev = dev;
    tr->epochs = o && o->epochs > 0 ? o->epochs : TAG_DEFAULT_EPOCHS;
    tr->seed = o ? o->seed : 0;
    tr->verbose = o ? o->verbose : 0;
    tr->prune = TAG_PRUNE;
    tr->wn = o ? o->wordnet : NULL;
    kh_arena_init(&tr->arena, 1 << 20);
    kh_wordmap_init(&tr->clsmap);
    kh_wordmap_init(&tr->featmap);
}

static void trainer_free(trainer *tr)
{
    kh_wordmap_free(&tr->clsmap);
    kh_wordmap_free(&tr->featmap);
    kh_buf_free(&tr->lex);
    kh_buf_free(&tr->lemma);
    kh_buf_free(&tr->clus);
    kh_arena_free(&tr->arena);
}

kh_tagger *kh_tagger_train_mem(const kh_doc *train, const kh_tagger_train_opts *o)
{
    if (!train)
        return NULL;
    trainer tr;
    trainer_init(&tr, train, NULL, o);
    kh_tagger *t = tr.clsmap.slots && tr.featmap.slots ? train_all(&tr) : NULL;
    /* the lexicon strings point into the tagger's own copy: tr can go */
    trainer_free(&tr);
    return t;
}

int kh_tagger_train(const kh_doc *train, const kh_doc *dev, const kh_tagger_train_opts *o,
                    kh_model_writer *w)
{
    if (!train || !w)
        return -1;
    trainer tr;
    trainer_init(&tr, train, dev, o);
    kh_tagger *t = tr.clsmap.slots && tr.featmap.slots ? train_all(&tr) : NULL;
    int rc = -1;
    if (t) {
        rc = 0;
        const char *names[3] = { KH_TAGGER_SECTION_W1, KH_TAGGER_SECTION_W2, KH_TAGGER_SECTION_WF };
        const kh_pct *ws[3] = { &t->w1, &t->w2, &t->wf };
        if (kh_model_writer_add(w, KH_TAGGER_SECTION_LEX, tr.lex.data, tr.lex.len) < 0 ||
            kh_model_writer_add(w, KH_TAGGER_SECTION_LEMMA, tr.lemma.data ? tr.lemma.data : "",
                                tr.lemma.len) < 0 ||
            (tr.clus.len && kh_model_writer_add(w, KH_TAGGER_SECTION_CLUS, tr.clus.data, tr.clus.len) < 0) ||
            (tr.wn && kh_model_writer_add(w, KH_TAGGER_SECTION_WN, "wordnet index\n", 14) < 0))
            rc = -1;
        for (int i = 0; i < 3 && rc == 0; i++) {
            if (!t->own[i])
                continue;
            size_t sz = 32 + (size_t)ws[i]->nslots * 8 + (size_t)ws[i]->nentries * 4;
            if (kh_model_writer_add(w, names[i], t->own[i], sz) < 0)
                rc = -1;
        }
    }
    kh_tagger_free(t);
    trainer_free(&tr);
    return rc;
}
