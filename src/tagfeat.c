/* tagfeat.c - the tagger's string map and its hashed features (see tagfeat.h).
 *
 * Feature keys are template number + the values they look at, hashed with the
 * perceptron's hash helpers; the word parts are hashed once, so a position costs
 * a few integer mixes per feature and no string work. */
#include "tagfeat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"
#include "wordcount.h"

/* ---- string map ---- */

static uint64_t str_hash(const char *s, size_t n)
{
    return kh_pct_hash_end(kh_pct_hash_bytes(kh_pct_hash_start(0), s, n));
}

int kh_wordmap_init(kh_wordmap *m, kh_arena *a)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
    m->mask = 1023;
    m->slots = calloc(m->mask + 1, sizeof *m->slots);
    return m->slots ? 0 : -1;
}

void kh_wordmap_free(kh_wordmap *m)
{
    free(m->slots);
    free(m->keys);
    free(m->lens);
    memset(m, 0, sizeof *m);
}

int32_t kh_wordmap_get(const kh_wordmap *m, const char *s, size_t n)
{
    if (!m->slots)
        return -1;
    for (uint32_t j = (uint32_t)str_hash(s, n) & m->mask;; j = (j + 1) & m->mask) {
        uint32_t v = m->slots[j];
        if (!v)
            return -1;
        if (m->lens[v - 1] == n && memcmp(m->keys[v - 1], s, n) == 0)
            return (int32_t)(v - 1);
    }
}

static int grow(kh_wordmap *m)
{
    uint32_t nmask = m->mask * 2 + 1;
    uint32_t *ns = calloc((size_t)nmask + 1, sizeof *ns);
    if (!ns)
        return -1;
    for (int32_t i = 0; i < m->n; i++) {
        uint32_t j = (uint32_t)str_hash(m->keys[i], m->lens[i]) & nmask;
        while (ns[j])
            j = (j + 1) & nmask;
        ns[j] = (uint32_t)i + 1;
    }
    free(m->slots);
    m->slots = ns;
    m->mask = nmask;
    return 0;
}

/* Room for cap keys in keys[] and lens[]. */
static int grow_keys(kh_wordmap *m, int32_t cap)
{
    const char **k = realloc(m->keys, (size_t)cap * sizeof *k);
    if (!k)
        return -1;
    m->keys = k;
    uint32_t *l = realloc(m->lens, (size_t)cap * sizeof *l);
    if (!l)
        return -1;
    m->lens = l;
    m->cap = cap;
    return 0;
}

int kh_wordmap_reserve(kh_wordmap *m, int32_t n)
{
    while ((size_t)n * 2 > (size_t)m->mask + 1)
        if (grow(m) < 0)
            return -1;
    return n > m->cap ? grow_keys(m, n) : 0;
}

int32_t kh_wordmap_put(kh_wordmap *m, const char *s, size_t n)
{
    int32_t got = kh_wordmap_get(m, s, n);
    if (got >= 0)
        return got;
    if ((size_t)(m->n + 1) * 2 > (size_t)m->mask + 1 && grow(m) < 0)
        return -1;
    if (m->n == m->cap && grow_keys(m, m->cap ? m->cap * 2 : 256) < 0)
        return -1;
    char *copy = kh_arena_strndup(m->arena, s, n);
    if (!copy)
        return -1;
    m->keys[m->n] = copy;
    m->lens[m->n] = (uint32_t)n;
    uint32_t j = (uint32_t)str_hash(s, n) & m->mask;
    while (m->slots[j])
        j = (j + 1) & m->mask;
    m->slots[j] = (uint32_t)m->n + 1;
    return m->n++;
}

/* ---- word parts ---- */

size_t kh_tagfeat_lower(const char *form, char *out, size_t cap)
{
    size_t n = 0;
    for (; form[n] && n + 1 < cap; n++) {
        unsigned char c = (unsigned char)form[n];
        out[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[n] = '\0';
    return n;
}

/* Length of the UTF-8 character starting at byte c. */
static int u8len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The start offsets of the last k characters (so suffixes never split a character). */
static size_t char_starts(const char *s, size_t n, size_t *starts, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < max; i += (size_t)u8len((unsigned char)s[i]))
        starts[k++] = i;
    return k;
}

void kh_tagfeat_prepare(const char *form, kh_tagfeat_word *out)
{
    char low[128];
    size_t n = kh_tagfeat_lower(form, low, sizeof low);
    memset(out, 0, sizeof *out);
    out->tag1 = -1;
    out->w = kh_pct_hash_bytes(kh_pct_hash_start(0), low, n);

    /* prefixes by characters */
    size_t st[130];
    size_t nc = char_starts(low, n, st, 129);
    st[nc] = n;
    for (int k = 1; k <= 3; k++) {
        size_t len = (size_t)k <= nc ? st[k] : n;
        out->pre[k - 1] = kh_pct_hash_bytes(kh_pct_hash_start(1), low, len);
    }
    for (int k = 1; k <= 4; k++) {
        size_t from = (size_t)k <= nc ? st[nc - (size_t)k] : 0;
        out->suf[k - 1] = kh_pct_hash_bytes(kh_pct_hash_start(2), low + from, n - from);
    }

    /* shape and flags */
    char shape[32];
    size_t sl = 0;
    int letters = 0, uppers = 0, digits = 0, others = 0;
    for (size_t i = 0; form[i]; ) {
        unsigned char c = (unsigned char)form[i];
        char k;
        if (c >= 'A' && c <= 'Z') { k = 'X'; letters++; uppers++; }
        else if (c >= 'a' && c <= 'z') { k = 'x'; letters++; }
        else if (c >= '0' && c <= '9') { k = 'd'; digits++; }
        else if (c >= 0x80) { k = 'u'; out->flags |= KH_TF_NONASCII; letters++; }
        else {
            k = (char)c;
            others++;
            if (c == '-') out->flags |= KH_TF_HYPHEN;
            if (c == '.') out->flags |= KH_TF_PERIOD;
        }
        if (i == 0 && k == 'X')
            out->flags |= KH_TF_UPPER1;
        if (sl < sizeof shape && (sl == 0 || shape[sl - 1] != k))
            shape[sl++] = k;
        i += (size_t)u8len(c);
    }
    out->shape = kh_pct_hash_bytes(kh_pct_hash_start(3), shape, sl);
    if (uppers > 1 && uppers == letters)
        out->flags |= KH_TF_ALLUPPER;
    if (digits)
        out->flags |= KH_TF_DIGIT;
    if (digits && !letters)
        out->flags |= KH_TF_ALLDIGIT;
    if (!letters)
        out->flags |= KH_TF_NOLETTER;
    (void)others;
}

/* Boundary words: read-only, recognisable hashes. */
static const kh_tagfeat_word kBefore = { .w = 0x1111111111111111ULL, .pre = {1, 1, 1}, .suf = {1, 1, 1, 1},
                                         .shape = 1, .amb = 1, .cluster = 1, .wn = 1, .tag1 = -2 };
static const kh_tagfeat_word kAfter  = { .w = 0x2222222222222222ULL, .pre = {2, 2, 2}, .suf = {2, 2, 2, 2},
                                         .shape = 2, .amb = 2, .cluster = 2, .wn = 2, .tag1 = -3 };

static const kh_tagfeat_word *at(const kh_tagfeat_word *w, int n, int i)
{
    return i < 0 ? &kBefore : i >= n ? &kAfter : &w[i];
}

#define F(t) kh_pct_hash_start(t)
#define I(h, v) kh_pct_hash_int((h), (uint64_t)(v))

int kh_tagfeat_extract(const kh_tagfeat_word *words, int n, int i, int t1, int t2,
                       int second, uint64_t *out)
{
    const kh_tagfeat_word *w = at(words, n, i), *p1 = at(words, n, i - 1),
                          *p2 = at(words, n, i - 2), *n1 = at(words, n, i + 1),
                          *n2 = at(words, n, i + 2);
    int k = 0;
    uint32_t fl = w->flags | (i == 0 ? 0x100u : 0u);
    out[k++] = F(1);                                   /* bias */
    out[k++] = I(F(2), w->w);
    for (int j = 0; j < 4; j++)
        out[k++] = I(F(3 + j), w->suf[j]);
    for (int j = 0; j < 3; j++)
        out[k++] = I(F(7 + j), w->pre[j]);
    out[k++] = I(F(10), w->shape);
    out[k++] = I(F(11), fl);
    out[k++] = I(F(12), p1->w);
    out[k++] = I(F(13), n1->w);
    out[k++] = I(F(14), p2->w);
    out[k++] = I(F(15), n2->w);
    out[k++] = I(F(16), p1->suf[2]);
    out[k++] = I(F(17), n1->suf[2]);
    out[k++] = I(F(18), t1 + 3);
    out[k++] = I(F(19), t2 + 3);
    out[k++] = I(I(F(20), t1 + 3), t2 + 3);
    out[k++] = I(I(F(21), t1 + 3), w->w);
    out[k++] = I(I(F(22), p1->w), w->w);
    out[k++] = I(I(F(23), w->w), n1->w);
    out[k++] = I(F(24), w->amb);
    out[k++] = I(F(25), n1->amb);
    out[k++] = I(F(26), n2->amb);
    out[k++] = I(I(F(27), t1 + 3), n1->amb);
    out[k++] = I(I(F(28), w->amb), n1->amb);
    out[k++] = I(I(F(29), w->shape), fl);
    out[k++] = I(I(F(30), w->suf[2]), t1 + 3);
    out[k++] = I(I(F(31), p1->w), n1->w);
    out[k++] = I(I(F(32), w->amb), t1 + 3);
    out[k++] = I(F(33), n1->shape);
    out[k++] = I(F(34), p1->shape);
    out[k++] = I(I(F(46), t1 + 3), n1->w);
    out[k++] = I(I(F(47), n1->w), n2->w);
    out[k++] = I(I(F(48), w->w), n1->suf[1]);
    out[k++] = I(I(F(49), p1->suf[1]), w->suf[2]);
    out[k++] = I(I(F(50), w->shape), n1->shape);
    out[k++] = I(I(F(51), t1 + 3), w->suf[1]);
    out[k++] = I(I(F(52), t2 + 3), w->w);
    out[k++] = I(F(53), n2->suf[2]);
    /* proper or common noun: the word's case with its neighbours' (title-case runs),
     * and the word and its ambiguity class seen with its own case */
    {
        uint32_t cs = fl & (KH_TF_UPPER1 | KH_TF_ALLUPPER | 0x100u);
        uint32_t ctx = (p1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) |
                       (n1->flags & (KH_TF_UPPER1 | KH_TF_ALLUPPER)) << 2;
        out[k++] = I(I(F(57), cs), ctx);
        out[k++] = I(I(F(58), w->w), cs);
        out[k++] = I(I(F(59), w->amb), cs | ctx << 9);
        out[k++] = I(I(F(62), w->suf[3]), cs);
        out[k++] = I(I(F(63), p1->w), cs);
        out[k++] = I(I(F(64), n1->w), cs);
    }
    /* what WordNet knows the word (and its neighbours) as: the lexicon of the words
     * the treebank never shows ("redeploy", "Kurdish-led"), and, absent, a hint of a
     * name */
    if (w->wn) {
        uint32_t cs = fl & (KH_TF_UPPER1 | KH_TF_ALLUPPER | 0x100u);
        out[k++] = I(F(65), w->wn);
        out[k++] = I(I(F(66), w->wn), cs);
        out[k++] = I(I(F(67), w->wn), w->suf[1]);
        out[k++] = I(I(F(68), w->wn), t1 + 3);
        out[k++] = I(F(69), n1->wn);
        out[k++] = I(F(70), p1->wn);
    }
    if (w->cluster || n1->cluster || p1->cluster) {
        out[k++] = I(F(35), w->cluster);
        out[k++] = I(F(36), n1->cluster);
        out[k++] = I(F(37), p1->cluster);
        out[k++] = I(I(F(38), w->cluster), t1 + 3);
    }
    if (second) {
        out[k++] = I(F(40), n1->tag1 + 3);
        out[k++] = I(F(41), n2->tag1 + 3);
        out[k++] = I(I(F(42), n1->tag1 + 3), n2->tag1 + 3);
        out[k++] = I(I(F(43), t1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(44), w->w), n1->tag1 + 3);
        out[k++] = I(I(F(45), w->suf[2]), n1->tag1 + 3);
        out[k++] = I(F(54), w->tag1 + 3);
        out[k++] = I(I(F(55), w->tag1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(56), w->tag1 + 3), t1 + 3);
        /* function words ("to", "that", "for") decided by the tags on both sides */
        out[k++] = I(I(I(F(60), w->w), t1 + 3), n1->tag1 + 3);
        out[k++] = I(I(F(61), w->w), n2->tag1 + 3);
    }
    for (int j = 0; j < k; j++)
        out[j] = kh_pct_hash_end(out[j]);
    return k;
}

/* ---- distributional word classes ----
 * Words that occur in the same contexts get the same class, so that a rare word
 * borrows what the tagger learned about the frequent words of its class. Each word
 * of at least CL_MINCOUNT occurrences is a vector of counts of its left and right
 * neighbours (the CL_NCTX most frequent words, one bucket for the rest, one for the
 * sentence boundary), square-rooted and length-normalised; spherical k-means with a
 * deterministic start (words spread evenly over the frequency ranking) groups them. */

#define CL_MINCOUNT 3
#define CL_NCTX 128
#define CL_ITERS 10
#define CL_DIM (2 * (CL_NCTX + 2))

typedef struct cl_state {
    kh_arena arena;
    kh_wordcount vocab; /* lowercased form -> occurrences */
    int32_t *ctx;       /* word -> context index, or CL_NCTX (other) */
    int32_t *row;       /* word -> row of the vectors, or -1 */
    int32_t nrows;
    int32_t *rowword;   /* row -> word */
    float *vec;         /* nrows x CL_DIM */
} cl_state;

static int32_t cl_word(cl_state *c, const char *form, int add)
{
    char low[128];
    size_t n = kh_tagfeat_lower(form ? form : "_", low, sizeof low);
    if (!add)
        return kh_wordmap_get(&c->vocab.m, low, n);
    return kh_wordcount_add(&c->vocab, low, n, 1);
}

/* Frequency ranking keys: count descending, then first occurrence. */
static uint64_t cl_rank_key(long count, int32_t id)
{
    long c = count > 0x7fffffffL ? 0x7fffffffL : count;
    return (uint64_t)(0x7fffffffL - c) << 32 | (uint32_t)id;
}

static int cl_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void cl_free(cl_state *c)
{
    kh_wordcount_free(&c->vocab);
    free(c->ctx);
    free(c->row);
    free(c->rowword);
    free(c->vec);
    kh_arena_free(&c->arena);
}

/* Adds the neighbour counts of every word of a sentence. */
static void cl_sentence(cl_state *c, const kh_sentence *s)
{
    int32_t prev = -1;
    for (int i = 0; i < s->nwords; i++) {
        int32_t w = cl_word(c, s->words[i].form, 0);
        int32_t next = i + 1 < s->nwords ? cl_word(c, s->words[i + 1].form, 0) : -1;
        int32_t r = w >= 0 ? c->row[w] : -1;
        if (r >= 0) {
            float *v = c->vec + (size_t)r * CL_DIM;
            v[prev >= 0 ? c->ctx[prev] : CL_NCTX + 1]++;
            v[CL_NCTX + 2 + (next >= 0 ? c->ctx[next] : CL_NCTX + 1)]++;
        }
        prev = w;
    }
}

static void cl_normalise(float *v, int dim, int root)
{
    double norm = 0;
    for (int j = 0; j < dim; j++) {
        if (root)
            v[j] = sqrtf(v[j]);
        norm += (double)v[j] * v[j];
    }
    if (norm > 0)
        for (int j = 0; j < dim; j++)
            v[j] = (float)(v[j] / sqrt(norm));
}

int kh_tagfeat_build_clusters(const kh_doc *const *docs, int ndocs, int k, kh_buf *out)
{
    cl_state c;
    memset(&c, 0, sizeof c);
    kh_arena_init(&c.arena, 1 << 20);
    float *cent = NULL;
    int32_t *assign = NULL, *size = NULL;
    uint64_t *rank = NULL;
    int rc = -1;
    if (k < 2 || kh_wordcount_init(&c.vocab, &c.arena) < 0)
        goto done;
    for (int d = 0; d < ndocs; d++)
        for (int si = 0; si < docs[d]->nsents; si++)
            for (int i = 0; i < docs[d]->sents[si].nwords; i++)
                if (cl_word(&c, docs[d]->sents[si].words[i].form, 1) < 0)
                    goto done;
    int32_t nv = c.vocab.m.n;
    rank = malloc(((size_t)nv + 1) * sizeof *rank);
    c.ctx = malloc(((size_t)nv + 1) * sizeof *c.ctx);
    c.row = malloc(((size_t)nv + 1) * sizeof *c.row);
    c.rowword = malloc(((size_t)nv + 1) * sizeof *c.rowword);
    if (!rank || !c.ctx || !c.row || !c.rowword)
        goto done;
    for (int32_t w = 0; w < nv; w++)
        rank[w] = cl_rank_key(c.vocab.count[w], w);
    qsort(rank, (size_t)nv, sizeof *rank, cl_cmp);
    for (int32_t w = 0; w < nv; w++) {
        c.ctx[w] = CL_NCTX;
        c.row[w] = -1;
    }
    for (int32_t j = 0; j < nv; j++) {
        int32_t w = (int32_t)(rank[j] & 0xffffffffu);
        if (j < CL_NCTX)
            c.ctx[w] = j;
        if (c.vocab.count[w] >= CL_MINCOUNT) {
            c.row[w] = c.nrows;
            c.rowword[c.nrows++] = w;   /* rows in frequency order */
        }
    }
    if (c.nrows < k)
        goto done;
    c.vec = calloc((size_t)c.nrows * CL_DIM, sizeof *c.vec);
    cent = malloc((size_t)k * CL_DIM * sizeof *cent);
    assign = malloc((size_t)c.nrows * sizeof *assign);
    size = malloc((size_t)k * sizeof *size);
    if (!c.vec || !cent || !assign || !size)
        goto done;
    for (int d = 0; d < ndocs; d++)
        for (int si = 0; si < docs[d]->nsents; si++)
            cl_sentence(&c, &docs[d]->sents[si]);
    for (int32_t r = 0; r < c.nrows; r++)
        cl_normalise(c.vec + (size_t)r * CL_DIM, CL_DIM, 1);
    for (int j = 0; j < k; j++)
        memcpy(cent + (size_t)j * CL_DIM, c.vec + (size_t)((int64_t)j * c.nrows / k) * CL_DIM,
               CL_DIM * sizeof *cent);
    for (int it = 0; it < CL_ITERS; it++) {
        for (int32_t r = 0; r < c.nrows; r++) {
            const float *v = c.vec + (size_t)r * CL_DIM;
            int best = 0;
            float bs = -2;
            for (int j = 0; j < k; j++) {
                const float *m = cent + (size_t)j * CL_DIM;
                float dot = 0;
                for (int x = 0; x < CL_DIM; x++)
                    dot += v[x] * m[x];
                if (dot > bs) {
                    bs = dot;
                    best = j;
                }
            }
            assign[r] = best;
        }
        memset(cent, 0, (size_t)k * CL_DIM * sizeof *cent);
        memset(size, 0, (size_t)k * sizeof *size);
        for (int32_t r = 0; r < c.nrows; r++) {
            float *m = cent + (size_t)assign[r] * CL_DIM;
            const float *v = c.vec + (size_t)r * CL_DIM;
            for (int x = 0; x < CL_DIM; x++)
                m[x] += v[x];
            size[assign[r]]++;
        }
        /* an empty class takes the word of the next row in turn: no class is lost */
        for (int j = 0; j < k; j++) {
            if (size[j])
                cl_normalise(cent + (size_t)j * CL_DIM, CL_DIM, 0);
            else
                memcpy(cent + (size_t)j * CL_DIM,
                       c.vec + (size_t)((j * 7919 + it) % c.nrows) * CL_DIM, CL_DIM * sizeof *cent);
        }
    }
    for (int32_t r = 0; r < c.nrows; r++) {
        int32_t w = c.rowword[r];
        if (kh_buf_printf(out, "%.*s\t%d\n", (int)c.vocab.m.lens[w], c.vocab.m.keys[w], assign[r] + 1) < 0)
            goto done;
    }
    rc = 0;
done:
    free(cent);
    free(assign);
    free(size);
    free(rank);
    cl_free(&c);
    return rc;
}
