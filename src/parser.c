/* parser.c - greedy arc-hybrid dependency parser with an averaged perceptron.
 *
 * Features follow Zhang & Nivre (2011), adapted to arc-hybrid (s0, s1, s2 on the
 * stack, b0..b2 in the buffer, outermost children, distances, valencies, label
 * sets, suffixes, what lies between), each hashed to 64 bits. Training uses the
 * shared sparse perceptron trainer (perceptron.h) and the dynamic oracle
 * (transition.h) with exploration after the first epoch, so the parser learns to
 * recover from its own mistakes. Each epoch the averaged weights are frozen, pruned
 * to fit the size budget and rebuilt as the fast run-time scorer (pscore.h), which
 * is what dev is scored with and what is shipped.
 *
 * Model sections: "parser.labels" (label names, one per line, the class order),
 * "parser.weights" (a pscore blob) and "parser.features" (the version of the feature
 * set: weights are keyed by template number, so a model trained with other templates
 * would parse silently badly and is refused instead). */
#include "parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"
#include "pscore.h"
#include "transition.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PARSER_X86 1
#endif

#define KH_PARSER_MAXLABELS 127
#define KH_PARSER_MAXFEATS 128   /* extract() writes 90 */
#define KH_PARSER_MAXBYTES (19500u * 1000u)   /* the parser's share of a model file */
/* Version 1: 130 templates (up to 2026-12-06). Version 2: 65 of them (faster, 0.3
 * UAS and LAS lower). Version 3: the 90 left when the 40 that added least are dropped,
 * more accurate than both when retrained (docs/MODEL.md, "Feature set"). */
#define KH_PARSER_FEATURES "3\n"
#define KH_PARSER_MINDENSE 16   /* rows with this many weights are stored dense (pscore.h) */

struct kh_parser {
    kh_psc w;
    int nlabels;
    int nclasses;
    char **labels;
    char *labelbuf;
    int root_label;   /* label id of "root" (-1 when absent) */
    int simd;         /* cpu_simd() at load; 0 after kh_parser_set_simd(p, 0) */
    int cpu_avx2, cpu_avx512;   /* the scorer's CPU flags as kh_psc_open set them */
};

/* ---- per-word feature parts, computed once per sentence ---- */

typedef struct tokf {
    uint64_t w;   /* lowercased form, digits folded */
    uint64_t l;   /* lemma */
    uint64_t p;   /* XPOS */
    uint64_t u;   /* UPOS */
    uint64_t x;   /* last three bytes of the lowercased form (unknown words) */
    int npunct;   /* punctuation among words 1..i (prefix counts: "between" features) */
    int nverb;    /* verbs and auxiliaries among words 1..i */
} tokf;

static uint64_t hash_str(const char *s, int fold)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    if (!s)
        return 0x5151;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (fold) {
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            else if (c >= '0' && c <= '9')
                c = '0';
        }
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* tf[0] = root, tf[1..n] = words, tf[n+1] = "none". */
static void fill_tokf(const kh_sentence *s, tokf *tf)
{
    int n = s->nwords;
    tf[0] = (tokf){0x1111, 0x1112, 0x1113, 0x1114, 0x1115, 0, 0};
    for (int i = 0; i < n; i++) {
        const kh_word *w = &s->words[i];
        tokf *t = &tf[i + 1];
        t->w = hash_str(w->form, 1);
        t->l = hash_str(w->lemma, 1);
        t->p = hash_str(w->xpos, 0) ^ 0x77;
        t->u = (uint64_t)w->upos + 0x300;
        size_t len = w->form ? strlen(w->form) : 0;
        t->x = hash_str(len > 3 ? w->form + len - 3 : w->form, 1) ^ 0x99;
        t->npunct = tf[i].npunct + (w->upos == KH_UPOS_PUNCT);
        t->nverb = tf[i].nverb + (w->upos == KH_UPOS_VERB || w->upos == KH_UPOS_AUX);
    }
    tf[n + 1] = (tokf){0x2221, 0x2222, 0x2223, 0x2224, 0x2225, tf[n].npunct, tf[n].nverb};
}

/* ---- feature extraction ---- */

/* Feature keys: the parts are already 64-bit hashes (or small ids), so one multiply
 * per part and one final mix are enough; odd constants per position keep (a,b) apart
 * from (b,a). Cheaper than the generic kh_pct_hash_* chain, which matters at ~140
 * keys per move. h1..h3 give the key before its final mix (kh_pct_hash_end); extract()
 * mixes all keys of a move together at the end (mix_all), which SIMD does several keys
 * at a time. */
static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t h1(int t, uint64_t a)
{
    return a * 0x9E3779B97F4A7C15ULL + (uint64_t)(t + 1) * 0xD6E8FEB86659FD93ULL;
}
static inline uint64_t h2(int t, uint64_t a, uint64_t b)
{
    return a * 0x9E3779B97F4A7C15ULL + rotl(b, 21) * 0xC2B2AE3D27D4EB4FULL
           + (uint64_t)(t + 1) * 0xD6E8FEB86659FD93ULL;
}
static inline uint64_t h3(int t, uint64_t a, uint64_t b, uint64_t c)
{
    return a * 0x9E3779B97F4A7C15ULL + rotl(b, 21) * 0xC2B2AE3D27D4EB4FULL
           + rotl(c, 42) * 0x165667B19E3779F9ULL + (uint64_t)(t + 1) * 0xD6E8FEB86659FD93ULL;
}

#ifdef PARSER_X86
/* kh_pct_hash_end on eight keys: AVX-512DQ has the 64-bit multiply (perceptron.c
 * has the AVX2 form, four keys a step). */
__attribute__((target("avx512f,avx512dq")))
static void mix_512(uint64_t *f, int n)
{
    const __m512i m1 = _mm512_set1_epi64((long long)0xff51afd7ed558ccdULL);
    const __m512i m2 = _mm512_set1_epi64((long long)0xc4ceb9fe1a85ec53ULL);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i h = _mm512_loadu_si512((const void *)(f + i));
        h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 33));
        h = _mm512_mullo_epi64(h, m1);
        h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 33));
        h = _mm512_mullo_epi64(h, m2);
        h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 33));
        _mm512_storeu_si512((void *)(f + i), h);
    }
    for (; i < n; i++)
        f[i] = kh_pct_hash_end(f[i]);
}
#endif

/* The SIMD this CPU offers the parser: 2 AVX-512 (F and DQ), 1 AVX2, 0 none. */
static int cpu_simd(void)
{
#ifdef PARSER_X86
    if (__builtin_cpu_supports("avx2"))
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 2 : 1;
#endif
    return 0;
}

/* f[i] = kh_pct_hash_end(f[i]) for the n keys of a move, with the SIMD of level simd (cpu_simd);
 * every level gives the same keys. */
static void mix_all(uint64_t *f, int n, int simd)
{
#ifdef PARSER_X86
    if (simd >= 2) {
        mix_512(f, n);
        return;
    }
    if (simd == 1) {
        kh_pct_hash_end_n(f, f, n);   /* four keys a step with AVX2 (perceptron.c) */
        return;
    }
#endif
    for (int i = 0; i < n; i++)
        f[i] = kh_pct_hash_end(f[i]);
}

static int dist_bucket(int d)
{
    if (d < 0)
        d = -d;
    return d <= 4 ? d : d < 10 ? 5 : 6;
}

static int extract(const kh_tstate *restrict st, const tokf *restrict tf, uint64_t *restrict f, int simd)
{
    int n = st->n, none = n + 1;
    int sp = st->sp;
    int s0 = sp >= 1 ? st->stack[sp - 1] : none;
    int s1 = sp >= 2 ? st->stack[sp - 2] : none;
    int s2 = sp >= 3 ? st->stack[sp - 3] : none;
    if (sp == 1)
        s0 = 0;   /* only the root: s0 is the root itself */
    int b0 = st->b <= n ? st->b : none;
    int b1 = st->b + 1 <= n ? st->b + 1 : none;
    int b2 = st->b + 2 <= n ? st->b + 2 : none;
#define CH(arr, x) ((x) <= n && (arr)[x] ? (arr)[x] : none)
    int s0l = CH(st->lc1, s0), s0l2 = CH(st->lc2, s0);
    int s0r = CH(st->rc1, s0), s0r2 = CH(st->rc2, s0);
    int s1l = CH(st->lc1, s1), s1r = CH(st->rc1, s1);
    int b0l = CH(st->lc1, b0), b0l2 = CH(st->lc2, b0);
#undef CH
#define LAB(x) ((x) <= n && (x) > 0 ? (uint64_t)(st->label[x] + 2) : 0)
    uint64_t s0ll = LAB(s0l), s0l2l = LAB(s0l2), s0rl = LAB(s0r), s0r2l = LAB(s0r2);
    uint64_t s1ll = LAB(s1l), s1rl = LAB(s1r), b0ll = LAB(b0l), b0l2l = LAB(b0l2);
#undef LAB
    const tokf *S0 = &tf[s0], *S1 = &tf[s1], *S2 = &tf[s2];
    const tokf *B0 = &tf[b0], *B1 = &tf[b1], *B2 = &tf[b2];
    uint64_t s0wp = S0->w ^ (S0->p << 1), s1wp = S1->w ^ (S1->p << 1);
    uint64_t b0wp = B0->w ^ (B0->p << 1), b1wp = B1->w ^ (B1->p << 1), b2wp = B2->w ^ (B2->p << 1);
    uint64_t d = (s0 <= n && b0 <= n) ? (uint64_t)dist_bucket(b0 - s0) : 7;
    uint64_t d1 = (s1 <= n && s0 <= n) ? (uint64_t)dist_bucket(s0 - s1) : 7;
    uint64_t s0vl = s0 <= n ? st->nl[s0] : 0, s0vr = s0 <= n ? st->nr[s0] : 0;
    uint64_t b0vl = b0 <= n ? st->nl[b0] : 0;
    uint64_t s1vl = s1 <= n ? st->nl[s1] : 0, s1vr = s1 <= n ? st->nr[s1] : 0;
    uint64_t s0ls = s0 <= n ? st->lset[s0] : 0, s0rs = s0 <= n ? st->rset[s0] : 0;
    uint64_t b0ls = b0 <= n ? st->lset[b0] : 0;
    uint64_t s1rs = s1 <= n ? st->rset[s1] : 0;
    /* punctuation and verbs strictly between s1..s0 and s0..b0 (0, 1, 2 = more) */
    uint64_t bp = 3, bv = 3, bp1 = 3, bv1 = 3;
    if (s0 <= n && b0 <= n && s0 < b0) {
        int np = tf[b0 - 1].npunct - tf[s0].npunct, nv = tf[b0 - 1].nverb - tf[s0].nverb;
        bp = (uint64_t)(np < 2 ? np : 2);
        bv = (uint64_t)(nv < 2 ? nv : 2);
    }
    if (s1 <= n && s0 <= n && s1 < s0) {
        int np = tf[s0 - 1].npunct - tf[s1].npunct, nv = tf[s0 - 1].nverb - tf[s1].nverb;
        bp1 = (uint64_t)(np < 2 ? np : 2);
        bv1 = (uint64_t)(nv < 2 ? nv : 2);
    }
    int k = 0, t = 0;

    f[k++] = h1(t++, 1);                  /* bias */
    /* single words */
    f[k++] = h1(t++, s0wp); f[k++] = h1(t++, S0->w); f[k++] = h1(t++, S0->p);
    f[k++] = h1(t++, S0->l); f[k++] = h1(t++, B0->w); f[k++] = h1(t++, B0->p);
    f[k++] = h1(t++, B0->l); f[k++] = h1(t++, b1wp); f[k++] = h1(t++, B1->w);
    f[k++] = h1(t++, B1->p); f[k++] = h1(t++, b2wp); f[k++] = h1(t++, B2->w);
    f[k++] = h1(t++, B2->p); f[k++] = h1(t++, s1wp); f[k++] = h1(t++, S1->w);
    f[k++] = h1(t++, S1->l); f[k++] = h1(t++, S2->p);
    /* pairs */
    f[k++] = h2(t++, s0wp, B0->p); f[k++] = h2(t++, S0->p, B0->p);
    f[k++] = h2(t++, B0->p, B1->p); f[k++] = h2(t++, S1->w, S0->w);
    f[k++] = h2(t++, s1wp, S0->p); f[k++] = h2(t++, s1wp, s0wp); f[k++] = h2(t++, S1->l, S0->l);
    f[k++] = h2(t++, S0->u, B0->u); f[k++] = h2(t++, S1->u, S0->u);
    f[k++] = h2(t++, S0->w, B1->p); f[k++] = h2(t++, b0wp, B1->p);
    /* triples */
    f[k++] = h3(t++, B0->p, B1->p, B2->p); f[k++] = h3(t++, S1->p, S0->p, B1->p);
    f[k++] = h3(t++, S1->u, S0->u, B0->u); f[k++] = h3(t++, S0->u, B0->u, B1->u);
    f[k++] = h3(t++, S0->p, tf[s0l].p, B0->p); f[k++] = h3(t++, S0->p, tf[s0r].p, B0->p);
    f[k++] = h3(t++, S0->p, B0->p, tf[b0l].p); f[k++] = h3(t++, S1->p, tf[s1r].p, S0->p);
    f[k++] = h3(t++, S1->p, S0->p, tf[s0l].p); f[k++] = h3(t++, S1->p, S0->p, tf[s0r].p);
    f[k++] = h3(t++, S1->p, tf[s1l].p, S0->p); f[k++] = h3(t++, S1->w, S0->p, B0->p);
    f[k++] = h3(t++, S0->w, B0->p, B1->p);
    /* distance */
    f[k++] = h2(t++, S0->p, d); f[k++] = h2(t++, B0->p, d); f[k++] = h3(t++, S0->p, B0->p, d);
    f[k++] = h2(t++, S0->w, d1);
    /* valency */
    f[k++] = h2(t++, S0->w, s0vr); f[k++] = h2(t++, S0->w, s0vl); f[k++] = h2(t++, S0->p, s0vl);
    f[k++] = h2(t++, B0->p, b0vl); f[k++] = h2(t++, S1->p, s1vr); f[k++] = h2(t++, S1->p, s1vl);
    /* children */
    f[k++] = h1(t++, tf[s0l].w); f[k++] = h1(t++, tf[s0l].p); f[k++] = h1(t++, s0ll);
    f[k++] = h1(t++, tf[s0r].p); f[k++] = h1(t++, tf[b0l].w); f[k++] = h1(t++, tf[b0l].p);
    f[k++] = h1(t++, b0ll); f[k++] = h1(t++, tf[s1r].w); f[k++] = h1(t++, s1rl);
    f[k++] = h1(t++, tf[s1l].p); f[k++] = h1(t++, s1ll); f[k++] = h2(t++, S0->p, s0ll);
    f[k++] = h2(t++, B0->p, b0ll); f[k++] = h2(t++, S1->p, s1rl);
    /* second children */
    f[k++] = h1(t++, tf[s0l2].w); f[k++] = h1(t++, tf[s0l2].p); f[k++] = h1(t++, s0l2l);
    f[k++] = h1(t++, tf[b0l2].w); f[k++] = h1(t++, tf[b0l2].p); f[k++] = h1(t++, b0l2l);
    f[k++] = h3(t++, S0->p, tf[s0l].p, tf[s0l2].p);
    f[k++] = h3(t++, S0->p, tf[s0r].p, tf[s0r2].p);
    f[k++] = h3(t++, B0->p, tf[b0l].p, tf[b0l2].p);
    /* label sets */
    f[k++] = h2(t++, S0->w, s0rs); f[k++] = h2(t++, S0->p, s0rs); f[k++] = h2(t++, S0->w, s0ls);
    f[k++] = h2(t++, S0->p, s0ls); f[k++] = h2(t++, B0->p, b0ls); f[k++] = h2(t++, S1->p, s1rs);
    /* suffixes, label pairs, words with tag context, what lies between */
    f[k++] = h2(t++, S0->x, S0->u); f[k++] = h2(t++, B0->x, B0->u);
    f[k++] = h3(t++, S0->p, s0ll, s0rl); f[k++] = h3(t++, B0->p, b0ll, b0l2l);
    f[k++] = h3(t++, S0->p, s0rl, s0r2l); f[k++] = h3(t++, S0->p, B0->p, bp * 4 + bv);
    f[k++] = h3(t++, S0->w, B0->p, bp * 4 + bv); f[k++] = h3(t++, S0->p, B0->w, bp * 4 + bv);
    f[k++] = h3(t++, S1->p, S0->p, bp1 * 4 + bv1);
    mix_all(f, k, simd);
    return k;
}

/* ---- labels ---- */

static int label_find(char **labels, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(labels[i], s) == 0)
            return i;
    return -1;
}

/* ---- parsing ---- */

kh_parser *kh_parser_from_model(const kh_model *m, char *err, size_t errlen)
{
    const kh_model_section *ls = kh_model_section_get(m, "parser.labels");
    const kh_model_section *ws = kh_model_section_get(m, "parser.weights");
    if (!ls || !ws) {
        snprintf(err, errlen, "the model has no parser (section %s missing); rebuild it with 'khaldun train'",
                 ls ? "parser.weights" : "parser.labels");
        return NULL;
    }
    const kh_model_section *fs = kh_model_section_get(m, "parser.features");
    size_t fl = strlen(KH_PARSER_FEATURES);
    if (!fs || fs->size != fl || memcmp(fs->data, KH_PARSER_FEATURES, fl) != 0) {
        char have[16] = "1";   /* models without the section have the first feature set */
        if (fs) {
            size_t n = fs->size < sizeof have - 1 ? fs->size : sizeof have - 1;
            memcpy(have, fs->data, n);
            have[n] = '\0';
            have[strcspn(have, "\n")] = '\0';
        }
        snprintf(err, errlen, "the model's parser has feature set version %s, this program reads version %.*s; "
                 "rebuild it with 'khaldun train'", have, (int)fl - 1, KH_PARSER_FEATURES);
        return NULL;
    }
    kh_parser *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    p->labelbuf = malloc(ls->size + 1);
    p->labels = calloc(KH_PARSER_MAXLABELS + 1, sizeof(char *));
    if (!p->labelbuf || !p->labels) {
        snprintf(err, errlen, "out of memory");
        kh_parser_free(p);
        return NULL;
    }
    memcpy(p->labelbuf, ls->data, ls->size);
    p->labelbuf[ls->size] = '\0';
    for (char *s = p->labelbuf, *nl; *s; s = nl + 1) {
        nl = strchr(s, '\n');
        if (!nl || p->nlabels >= KH_PARSER_MAXLABELS || nl == s) {
            snprintf(err, errlen, "the model's parser labels are malformed; rebuild it with 'khaldun train'");
            kh_parser_free(p);
            return NULL;
        }
        *nl = '\0';
        p->labels[p->nlabels++] = s;
    }
    p->nclasses = 1 + 2 * p->nlabels;
    if (p->nlabels == 0) {
        snprintf(err, errlen, "the model's parser has no labels; rebuild it with 'khaldun train'");
        kh_parser_free(p);
        return NULL;
    }
    char perr[200];
    if (kh_psc_open(&p->w, ws->data, ws->size, perr, sizeof perr) != 0) {
        snprintf(err, errlen, "the model's parser weights are malformed (%s); rebuild it with 'khaldun train'", perr);
        kh_parser_free(p);
        return NULL;
    }
    if (p->w.nclasses != p->nclasses) {
        snprintf(err, errlen, "the model's parser weights have %d classes, its labels %d; rebuild it with 'khaldun train'",
                 p->w.nclasses, p->nclasses);
        kh_parser_free(p);
        return NULL;
    }
    p->root_label = label_find(p->labels, p->nlabels, "root");
    p->simd = cpu_simd();
    p->cpu_avx2 = p->w.avx2;
    p->cpu_avx512 = p->w.avx512;
    return p;
}

void kh_parser_set_simd(kh_parser *p, int on)
{
    p->simd = on ? cpu_simd() : 0;
    p->w.avx2 = on ? p->cpu_avx2 : 0;
    p->w.avx512 = on ? p->cpu_avx512 : 0;
}

void kh_parser_free(kh_parser *p)
{
    if (!p)
        return;
    free(p->labels);
    free(p->labelbuf);
    free(p);
}

/* Allowed classes of st (and, when root_label >= 0, RIGHT to the root only with it). */
static void allowed_classes(const kh_tstate *st, int nlabels, int root_label, unsigned char *ok)
{
    int can_s = kh_ts_can(st, KH_T_SHIFT), can_l = kh_ts_can(st, KH_T_LEFT);
    int can_r = kh_ts_can(st, KH_T_RIGHT);
    int to_root = st->sp >= 2 && st->stack[st->sp - 2] == 0;
    ok[0] = (unsigned char)can_s;
    for (int l = 0; l < nlabels; l++) {
        int is_root = l == root_label;
        ok[1 + 2 * l] = (unsigned char)(can_l && !is_root);
        ok[2 + 2 * l] = (unsigned char)(can_r && (root_label < 0 || is_root == to_root));
    }
}

/* The best allowed class of st (lowest class on ties, as kh_pct_argmax_i); the same
 * rules as allowed_classes without building the mask, which costs as much as the
 * search itself at ~100 classes. */
static int best_class(const kh_tstate *st, const int32_t *sc, int nlabels, int root_label)
{
    int can_s = kh_ts_can(st, KH_T_SHIFT), can_l = kh_ts_can(st, KH_T_LEFT);
    int can_r = kh_ts_can(st, KH_T_RIGHT);
    int to_root = st->sp >= 2 && st->stack[st->sp - 2] == 0;
    int best = -1;
    int32_t bs = 0;
    if (can_s) {
        best = 0;
        bs = sc[0];
    }
    if (!can_l && !can_r)
        return best;
    for (int l = 0; l < nlabels; l++) {
        int is_root = l == root_label;
        int c = 1 + 2 * l;
        if (can_l && !is_root && (best < 0 || sc[c] > bs)) {
            best = c;
            bs = sc[c];
        }
        c++;
        if (can_r && (root_label < 0 || is_root == to_root) && (best < 0 || sc[c] > bs)) {
            best = c;
            bs = sc[c];
        }
    }
    return best;
}

#ifdef PARSER_X86
/* best_class with SIMD: the scores copied with every class that is not allowed set to
 * INT32_MIN (eight at a time: LEFT classes are the odd ones, RIGHT the even ones; then
 * SHIFT and the two root classes by hand), then the vector argmax. No real score is
 * INT32_MIN (at most 160 int16 weights are summed), so a best score of INT32_MIN means
 * that nothing is allowed. The same class as best_class in every case. */
__attribute__((target("avx2")))
static int best_class_avx2(const kh_tstate *st, const int32_t *sc, int nlabels, int root_label,
                           int32_t *masked)
{
    int can_s = kh_ts_can(st, KH_T_SHIFT), can_l = kh_ts_can(st, KH_T_LEFT);
    int can_r = kh_ts_can(st, KH_T_RIGHT);
    int to_root = st->sp >= 2 && st->stack[st->sp - 2] == 0;
    int ncls = 1 + 2 * nlabels;
    int ok_r = can_r && (root_label < 0 || !to_root);   /* a RIGHT with a label other than root */
    int e = ok_r ? -1 : 0, o = can_l ? -1 : 0;
    __m256i keep = _mm256_setr_epi32(e, o, e, o, e, o, e, o), low = _mm256_set1_epi32(INT32_MIN);
    for (int c = 0; c < ncls; c += 8) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(sc + c));
        _mm256_storeu_si256((__m256i *)(void *)(masked + c), _mm256_blendv_epi8(low, v, keep));
    }
    masked[0] = can_s ? sc[0] : INT32_MIN;
    if (root_label >= 0) {
        masked[1 + 2 * root_label] = INT32_MIN;
        masked[2 + 2 * root_label] = can_r && to_root ? sc[2 + 2 * root_label] : INT32_MIN;
    }
    int best = kh_pct_argmax_i(masked, ncls, NULL);
    return best >= 0 && masked[best] != INT32_MIN ? best : -1;
}
#endif

/* The one class st allows, or -1 when there is a choice. Two moves of every sentence
 * have no choice: the first SHIFT (only the root on the stack) and the last RIGHT that
 * gives the root its dependent. Taking them without scoring spares ~8% of the moves and
 * changes nothing, since scoring picks the only allowed class. */
static int forced_class(const kh_tstate *st, int root_label)
{
    int buf = st->b <= st->n;
    if (st->sp == 1 && buf)
        return 0;
    if (st->sp == 2 && !buf && st->stack[0] == 0 && root_label >= 0)
        return 2 + 2 * root_label;
    return -1;
}

int kh_parser_parse(const kh_parser *p, kh_sentence *s, kh_arena *a)
{
    int n = s->nwords;
    if (n <= 0)
        return 0;
    void *mem = kh_arena_alloc(a, kh_ts_bytes(n));
    tokf *tf = kh_arena_alloc(a, sizeof(tokf) * (size_t)(n + 2));
    int32_t *scores = kh_arena_alloc(a, sizeof(int32_t) * (size_t)p->w.stride);
    if (!mem || !tf || !scores)
        return -1;
    kh_tstate st;
    kh_ts_init(&st, n, mem);
    fill_tokf(s, tf);
    uint64_t f[KH_PARSER_MAXFEATS];
#ifdef PARSER_X86
    /* the masked copy of the scores for best_class_avx2 (whole blocks of eight) */
    int32_t *masked = p->simd ? kh_arena_alloc(a, sizeof(int32_t) * (size_t)p->w.stride) : NULL;
    if (p->simd && !masked)
        return -1;
#endif
    while (!kh_ts_done(&st)) {
        int c = forced_class(&st, p->root_label);
        if (c >= 0) {
            kh_ts_apply(&st, KH_T_MOVE(c), KH_T_LABEL(c));
            continue;
        }
        int nf = extract(&st, tf, f, p->simd);
        kh_psc_score(&p->w, f, nf, scores);
#ifdef PARSER_X86
        if (masked)
            c = best_class_avx2(&st, scores, p->nlabels, p->root_label, masked);
        else
#endif
            c = best_class(&st, scores, p->nlabels, p->root_label);
        if (c < 0)
            return -1;   /* cannot happen: some move is always allowed */
        kh_ts_apply(&st, KH_T_MOVE(c), KH_T_LABEL(c));
    }
    for (int i = 1; i <= n; i++) {
        kh_word *w = &s->words[i - 1];
        w->head = st.head[i];
        int l = st.label[i];
        w->deprel = kh_arena_strdup(a, l >= 0 ? p->labels[l] : "dep");
        if (!w->deprel)
            return -1;
    }
    return 0;
}

/* ---- training ---- */

typedef struct gold_sent {
    const kh_sentence *s;
    int *head;    /* [0..n] */
    int *label;   /* [0..n] */
} gold_sent;

static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Collects the label set of the training trees (sorted, so class numbers are stable). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect_labels(const kh_doc *train, char **labels)
{
    int n = 0;
    for (int i = 0; i < train->nsents; i++) {
        const kh_sentence *s = &train->sents[i];
        for (int j = 0; j < s->nwords; j++) {
            const char *r = s->words[j].deprel;
            if (!r || label_find(labels, n, r) >= 0)
                continue;
            if (n >= KH_PARSER_MAXLABELS)
                return -1;
            labels[n++] = (char *)r;
        }
    }
    qsort(labels, (size_t)n, sizeof *labels, cmp_str);
    return n;
}

static int usable(const kh_sentence *s)
{
    if (s->nwords <= 0 || s->nwords > 400)
        return 0;
    for (int j = 0; j < s->nwords; j++)
        if (!s->words[j].deprel || s->words[j].head < 0 || s->words[j].head > s->nwords)
            return 0;
    return 1;
}

/* Attachment scores of frozen weights on a gold document (heads/labels compared). */
static void evaluate(const kh_parser *p, const kh_doc *dev, double *uas, double *las)
{
    long tot = 0, uh = 0, lh = 0;
    kh_arena a;
    kh_arena_init(&a, 0);
    for (int i = 0; i < dev->nsents; i++) {
        const kh_sentence *g = &dev->sents[i];
        if (!usable(g))
            continue;
        kh_sentence s = *g;
        s.words = kh_arena_memdup(&a, g->words, sizeof(kh_word) * (size_t)g->nwords);
        if (!s.words || kh_parser_parse(p, &s, &a) != 0)
            break;
        for (int j = 0; j < s.nwords; j++) {
            tot++;
            if (s.words[j].head == g->words[j].head) {
                uh++;
                lh += strcmp(s.words[j].deprel, g->words[j].deprel) == 0;
            }
        }
        kh_arena_reset(&a);
    }
    kh_arena_free(&a);
    *uas = tot ? 100.0 * (double)uh / (double)tot : 0;
    *las = tot ? 100.0 * (double)lh / (double)tot : 0;
}

static char *labels_blob(char **labels, int n, size_t *size)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += strlen(labels[i]) + 1;
    char *b = malloc(len + 1), *q = b;
    if (!b)
        return NULL;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(labels[i]);
        memcpy(q, labels[i], l);
        q[l] = '\n';
        q += l + 1;
    }
    *size = len;
    return b;
}

/* One sentence of training: follow the oracle (or, exploring, the model) to the end. */
static int train_sentence(kh_pct_train *t, kh_psc_keys *keys, const gold_sent *g, int nlabels, int root_label,
                          int explore, uint64_t *rng, void *mem, tokf *tf, float *sc,
                          unsigned char *ok, long *nerr, long *ninst)
{
    int n = g->s->nwords, ncls = 1 + 2 * nlabels;
    kh_tstate st;
    kh_ts_init(&st, n, mem);
    fill_tokf(g->s, tf);
    uint64_t f[KH_PARSER_MAXFEATS];
    int simd = cpu_simd();
    while (!kh_ts_done(&st)) {
        int nf = extract(&st, tf, f, simd);
        memset(sc, 0, sizeof(float) * (size_t)ncls);
        kh_pct_train_score(t, f, nf, sc);
        allowed_classes(&st, nlabels, root_label, ok);
        int mc[3];
        for (int m = 0; m < 3; m++)
            mc[m] = kh_ts_can(&st, m) ? kh_ts_cost(&st, m, g->head) : 1 << 20;
        int s0 = st.sp >= 2 ? st.stack[st.sp - 1] : 0;
        int s1 = st.sp >= 2 ? st.stack[st.sp - 2] : -1;
        /* labelled costs: the right head with the wrong label costs one more */
        int guess = -1, best = -1, mincost = 1 << 30;
        int cost_of_guess = 0;
        for (int c = 0; c < ncls; c++) {
            if (!ok[c])
                continue;
            int m = KH_T_MOVE(c), l = KH_T_LABEL(c);
            int cost = mc[m];
            if (m == KH_T_LEFT && g->head[s0] == st.b && l != g->label[s0])
                cost++;
            if (m == KH_T_RIGHT && g->head[s0] == s1 && l != g->label[s0])
                cost++;
            if (guess < 0 || sc[c] > sc[guess]) {
                guess = c;
                cost_of_guess = cost;
            }
            if (cost < mincost || (cost == mincost && sc[c] > sc[best])) {
                mincost = cost;
                best = c;
            }
        }
        if (guess < 0)
            return -1;
        (*ninst)++;
        if (cost_of_guess > mincost) {
            (*nerr)++;
            if (kh_pct_train_update(t, f, nf, best, guess) != 0)
                return -1;
            for (int i = 0; i < nf; i++)
                if (kh_psc_keys_add(keys, f[i]) != 0)
                    return -1;
        }
        kh_pct_train_tick(t);
        int next = best;
        if (explore && cost_of_guess > mincost && (rng_next(rng) % 100) < 90)
            next = guess;
        kh_ts_apply(&st, KH_T_MOVE(next), KH_T_LABEL(next));
    }
    return 0;
}

/* Freezes the weights, pruning the smallest until the blob fits KH_PARSER_MAXBYTES
 * (what is evaluated on dev is what is shipped). */
static int freeze_fitting(const kh_pct_train *t, const kh_psc_keys *keys, void **blob, size_t *size,
                          int verbose, float *last_prune)
{
    /* the cut only grows from epoch to epoch: start a little below the last one */
    float prune = *last_prune > 0.5f ? *last_prune / 1.1f : 0.0f;
    for (;;) {
        void *pct = NULL;
        size_t pct_size = 0;
        if (kh_pct_train_freeze(t, prune, &pct, &pct_size) != 0)
            return -1;
        kh_pct m;
        char err[200];
        int rc = kh_pct_open(&m, pct, pct_size, err, sizeof err);
        if (rc == 0)
            rc = kh_psc_build(&m, keys, KH_PARSER_MINDENSE, blob, size);
        free(pct);
        if (rc != 0)
            return -1;
        if (*size <= KH_PARSER_MAXBYTES || prune > 1e6f)
            break;
        free(*blob);
        *blob = NULL;
        prune = prune == 0.0f ? 0.5f : prune * 1.05f;
    }
    *last_prune = prune;
    if (verbose) {
        kh_psc m;
        char err[200];
        if (kh_psc_open(&m, *blob, *size, err, sizeof err) == 0)
            fprintf(stderr, "parser: weights %.1f MB (pruned below %.2f; %u dense rows, %u sparse weights)\n",
                    (double)*size / 1e6, (double)prune, m.ndense, m.nsparse);
    }
    return 0;
}

int kh_parser_train(const kh_doc *train, const kh_doc *dev, const kh_parser_train_opts *o,
                    kh_model_writer *w)
{
    int epochs = o && o->epochs > 0 ? o->epochs : 15;
    uint64_t rng = 0x9E3779B97F4A7C15ULL ^ ((o ? o->seed : 1) * 0x2545F4914F6CDD1DULL);
    if (rng == 0)
        rng = 1;
    int verbose = o ? o->verbose : 0;
    char *labels[KH_PARSER_MAXLABELS + 1];
    int nlabels = collect_labels(train, labels);
    if (nlabels <= 0) {
        fprintf(stderr, "parser: no labelled training trees\n");
        return -1;
    }
    int root_label = label_find(labels, nlabels, "root");
    int ncls = 1 + 2 * nlabels;

    int ns = 0, maxn = 0, nproj = 0;
    gold_sent *gs = calloc((size_t)train->nsents + 1, sizeof *gs);
    int *order = calloc((size_t)train->nsents + 1, sizeof *order);
    kh_arena ga;
    kh_arena_init(&ga, 0);
    int rc = -1;
    kh_pct_train *t = NULL;
    kh_psc_keys keys = {0};
    void *best_blob = NULL, *mem = NULL;
    size_t best_size = 0;
    tokf *tf = NULL;
    float *sc = NULL;
    unsigned char *ok = NULL;
    char *lb = NULL;
    if (!gs || !order)
        goto out;
    for (int i = 0; i < train->nsents; i++) {
        const kh_sentence *s = &train->sents[i];
        if (!usable(s))
            continue;
        gold_sent *g = &gs[ns];
        g->s = s;
        g->head = kh_arena_alloc(&ga, sizeof(int) * (size_t)(s->nwords + 1));
        g->label = kh_arena_alloc(&ga, sizeof(int) * (size_t)(s->nwords + 1));
        if (!g->head || !g->label)
            goto out;
        g->head[0] = -1;
        g->label[0] = -1;
        for (int j = 0; j < s->nwords; j++) {
            g->head[j + 1] = s->words[j].head;
            g->label[j + 1] = label_find(labels, nlabels, s->words[j].deprel);
        }
        nproj += kh_tree_projective(s->nwords, g->head);
        if (s->nwords > maxn)
            maxn = s->nwords;
        order[ns] = ns;
        ns++;
    }
    if (verbose)
        fprintf(stderr, "parser: %d training sentences (%d projective), %d labels\n", ns, nproj, nlabels);
    mem = malloc(kh_ts_bytes(maxn));
    tf = malloc(sizeof(tokf) * (size_t)(maxn + 2));
    sc = malloc(sizeof(float) * (size_t)ncls);
    ok = malloc((size_t)ncls);
    t = kh_pct_train_new(ncls);
    if (!mem || !tf || !sc || !ok || !t)
        goto out;

    double best_las = -1;
    float last_prune = 0.0f;
    for (int ep = 0; ep < epochs; ep++) {
        for (int i = ns - 1; i > 0; i--) {
            int j = (int)(rng_next(&rng) % (uint64_t)(i + 1));
            int x = order[i];
            order[i] = order[j];
            order[j] = x;
        }
        long nerr = 0, ninst = 0;
        int explore = ep >= 1;
        for (int i = 0; i < ns; i++)
            if (train_sentence(t, &keys, &gs[order[i]], nlabels, root_label, explore, &rng, mem, tf, sc,
                               ok, &nerr, &ninst) != 0)
                goto out;
        void *blob = NULL;
        size_t size = 0;
        if (freeze_fitting(t, &keys, &blob, &size, verbose, &last_prune) != 0)
            goto out;
        double uas = 0, las = 0;
        if (dev && dev->nsents > 0) {
            kh_parser p;
            memset(&p, 0, sizeof p);
            char err[200];
            if (kh_psc_open(&p.w, blob, size, err, sizeof err) != 0) {
                free(blob);
                goto out;
            }
            p.nlabels = nlabels;
            p.nclasses = ncls;
            p.labels = labels;
            p.root_label = root_label;
            evaluate(&p, dev, &uas, &las);
        }
        if (verbose)
            fprintf(stderr, "parser: epoch %d: %.2f%% transitions wrong, %zu features; dev UAS %.2f LAS %.2f\n",
                    ep + 1, 100.0 * (double)nerr / (double)(ninst ? ninst : 1), kh_pct_train_nfeats(t), uas, las);
        if (!dev || dev->nsents == 0 || las > best_las) {
            free(best_blob);
            best_blob = blob;
            best_size = size;
            best_las = las;
        } else {
            free(blob);
        }
    }
    size_t lsize = 0;
    lb = labels_blob(labels, nlabels, &lsize);
    if (!lb || kh_model_writer_add(w, "parser.labels", lb, lsize) != 0
        || kh_model_writer_add(w, "parser.weights", best_blob, best_size) != 0
        || kh_model_writer_add(w, "parser.features", KH_PARSER_FEATURES, strlen(KH_PARSER_FEATURES)) != 0)
        goto out;
    rc = 0;
out:
    if (rc != 0)
        fprintf(stderr, "parser: training failed (out of memory)\n");
    free(lb);
    free(best_blob);
    kh_pct_train_free(t);
    kh_psc_keys_free(&keys);
    free(mem);
    free(tf);
    free(sc);
    free(ok);
    free(gs);
    free(order);
    kh_arena_free(&ga);
    return rc;
}
