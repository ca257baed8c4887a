/* dict_time.c - TABARI <TIME> phrases found in a sentence (see dict.h kh_dict_time_find).
 *
 * A time phrase ("LAST_WEEK [-7]", "KAN_WA_MA_KAN [###]") is matched like a verb: its
 * words in a row, each against a token's form or lemma. The patterns of its block
 * ("- * AND A WEEK [+8]") are literal words read from the phrase on, rightwards for the
 * elements after '*' and leftwards for those before it, each anywhere further on unless
 * written to follow at once ('_'); the longest pattern that fits gives the code. */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

/* Length of phrase `text` (words joined by spaces or '_') at token i, 0 when it does
 * not start there. */
static int32_t phrase_at(const kh_dict *d, const kh_dict_sent *s, int32_t i, const char *text)
{
    int32_t k = i;
    char w[128];
    for (const char *p = text; *p;) {
        while (*p == ' ' || *p == '_')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " _");
        if (n >= sizeof w)
            return 0;
        memcpy(w, p, n);
        w[n] = '\0';
        if (!kh_dict_word_match(s, k, kh_dict_word_id(d, w)))
            return 0;
        k++;
        p += n;
    }
    return k - i;
}

/* One literal element at token j (a word or a synset member), its length or 0. */
static int32_t elem_at(const kh_dict *d, const kh_pat_elem *e, const kh_dict_sent *s, int32_t j)
{
    if (e->kind == KH_PE_WORD)
        return kh_dict_word_match(s, j, e->word) ? 1 : 0;
    if (e->kind == KH_PE_SYNSET && e->synset)
        return kh_dict_synset_match(d, e->synset, s, j);
    return 0;
}

/* Pattern p around the phrase at tokens start..end-1. */
static int pattern_fits(const kh_dict *d, const kh_pattern *p, const kh_dict_sent *s, int32_t start, int32_t end)
{
    int v = p->verb_at;
    if (!p->elems || v < 0 || v >= p->nelems)
        return 0;
    int32_t cur = end;
    for (int k = v + 1; k < p->nelems; k++) {
        const kh_pat_elem *e = &p->elems[k];
        int32_t j = cur, len = 0;
        for (; j < s->n; j++) {
            if ((len = elem_at(d, e, s, j)) > 0 || (e->flags & KH_PE_NEXT))
                break;
        }
        if (len <= 0)
            return 0;
        cur = j + len;
    }
    cur = start;
    for (int k = v - 1; k >= 0; k--) {
        const kh_pat_elem *e = &p->elems[k];
        int next = (p->elems[k + 1].flags & KH_PE_NEXT) != 0;
        int32_t j = cur - 1, len = 0;
        for (; j >= 0; j--) {
            if ((len = elem_at(d, e, s, j)) > 0 || next)
                break;
        }
        if (len <= 0)
            return 0;
        cur = j;
    }
    return 1;
}

int kh_dict_time_find(const kh_dict *d, const kh_dict_sent *s, kh_time_match *out)
{
    memset(out, 0, sizeof *out);
    for (int32_t i = 0; i < s->n; i++) {
        const kh_verb_block *best = NULL;
        int32_t blen = 0;
        for (int32_t t = 0; t < kh_dict_ntimes(d); t++) {
            const kh_verb_block *b = kh_dict_time(d, t);
            for (int32_t v = 0; v < b->nverbs; v++) {
                const kh_verb *vb = b->verbs[v];
                for (int32_t f = -1; f < vb->nforms; f++) {
                    int32_t len = phrase_at(d, s, i, f < 0 ? vb->lemma : vb->forms[f]);
                    if (len > blen) {
                        blen = len;
                        best = b;
                    }
                }
            }
        }
        if (!best)
            continue;
        const char *code = best->code;
        uint8_t special = best->special;
        for (int32_t k = 0; k < best->npatterns; k++)
            if (pattern_fits(d, &best->patterns[k], s, i, i + blen)) {
                code = best->patterns[k].code;
                special = best->patterns[k].special;
                break;
            }
        if (special == KH_CODE_NONE)
            continue;           /* a null phrase: the first non-null one counts */
        out->block = best;
        out->start = i;
        out->end = i + blen;
        out->special = special;
        out->days = special == KH_CODE_EVENT && code ? (int)strtol(code, NULL, 10) : 0;
        return 1;
    }
    return 0;
}
