/* text.c - the text layer's entry point: UTF-8 check or repair, tokenisation,
 * sentence segmentation, and the document's sentences and words (see text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize.h"
#include "segment.h"
#include "tokenize.h"

long kh_utf8_check(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t c;
        int l = kh_utf8_decode(s + i, n - i, &c);
        if (l < 0)
            return (long)i;
        i += (size_t)l;
    }
    return -1;
}

char *kh_utf8_repair(kh_arena *a, const char *s, size_t n, size_t *outlen, long *nrepl)
{
    /* Each bad byte becomes 3 bytes at most. */
    char *out = kh_arena_alloc(a, n * 3 + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    long r = 0;
    while (i < n) {
        int32_t c;
        int l = (unsigned char)s[i] < 0x80 ? 1 : kh_utf8_decode(s + i, n - i, &c);
        if (l < 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            r++;
            continue;
        }
        memcpy(out + o, s + i, (size_t)l);
        o += (size_t)l;
        i += (size_t)l;
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    if (nrepl)
        *nrepl = r;
    return out;
}

char *kh_text_casefold(kh_arena *a, const char *s, size_t n)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (r < 0)
        return NULL;
    char *out = kh_arena_alloc(a, (size_t)r + 1);
    if (!out) {
        free(m);
        return NULL;
    }
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < r;) {
        int32_t c;
        int l = kh_utf8_decode((const char *)m + i, (size_t)(r - i), &c);
        if (l < 0)
            l = 1;
        int cls = l > 1 ? kh_norm_class(c) : -1;
        if (cls == KH_C_APOS)
            out[o++] = '\'';
        else if (cls == KH_C_DQUOTE)
            out[o++] = '"';
        else if (cls == KH_C_DASH)
            out[o++] = '-';
        else {
            memcpy(out + o, m + i, (size_t)l);
            o += (size_t)l;
        }
        i += l;
    }
    out[o] = '\0';
    free(m);
    return out;
}

/* Fills one word from bytes [a,b) of the text, on token span [ts,te). */
static int fill_word(kh_doc *doc, kh_word *w, size_t a, size_t b, const kh_tok *t, int space_after)
{
    memset(w, 0, sizeof *w);
    w->form = kh_norm_nfc(doc->arena, doc->text + a, b - a);
    if (!w->form)
        return -1;
    w->start = t->start;
    w->end = t->end;
    w->head = -1;
    w->space_after = (uint8_t)space_after;
    return 0;
}

/* Builds sentence s from tokens t[a..b). */
static int build_sentence(kh_doc *doc, const kh_tok *t, size_t a, size_t b, size_t nt)
{
    size_t nwords = 0, nmwts = 0;
    for (size_t i = a; i < b; i++) {
        nwords += t[i].nwords;
        nmwts += t[i].nwords > 1;
    }
    kh_sentence *s = kh_doc_add_sentence(doc);
    if (!s)
        return -1;
    s->start = t[a].start;
    s->end = t[b - 1].end;
    s->text = kh_arena_strndup(doc->arena, doc->text + s->start, s->end - s->start);
    s->words = kh_arena_calloc(doc->arena, nwords, sizeof *s->words);
    s->mwts = nmwts ? kh_arena_calloc(doc->arena, nmwts, sizeof *s->mwts) : NULL;
    if (!s->text || !s->words || (nmwts && !s->mwts))
        return -1;
    int32_t w = 0;
    for (size_t i = a; i < b; i++) {
        const kh_tok *k = &t[i];
        int sp = i + 1 < nt ? t[i + 1].space : 1;
        if (k->nwords == 1) {
            if (fill_word(doc, &s->words[w], k->start, k->end, k, sp) < 0)
                return -1;
            if (!sp)
                s->words[w].misc = "SpaceAfter=No";
            w++;
            continue;
        }
        kh_mwt *m = &s->mwts[s->nmwts++];
        m->first = w + 1;
        m->form = kh_norm_nfc(doc->arena, doc->text + k->start, k->end - k->start);
        m->misc = sp ? NULL : "SpaceAfter=No";
        if (!m->form)
            return -1;
        size_t p = k->start;
        for (int j = 0; j < k->nwords; j++) {
            size_t e = j + 1 < k->nwords ? k->start + k->cut[j] : k->end;
            if (fill_word(doc, &s->words[w], p, e, k, j + 1 == k->nwords ? sp : 0) < 0)
                return -1;
            w++;
            p = e;
        }
        m->last = w;
    }
    s->nwords = w;
    return 0;
}

static int check_text(kh_doc *doc, const kh_text_opts *opts, kh_diag *diag)
{
    const char *id = doc->id ? doc->id : "(no id)";
    if (opts && opts->max_doc_bytes > 0 && doc->text_len > (size_t)opts->max_doc_bytes) {
        kh_diag_error(diag, doc->file, doc->line, "document %s is %zu bytes, over the limit of %d",
                      id, doc->text_len, opts->max_doc_bytes);
        return -1;
    }
    if (doc->text_len >= UINT32_MAX) {
        kh_diag_error(diag, doc->file, doc->line, "document %s is too large (%zu bytes)", id,
                      doc->text_len);
        return -1;
    }
    long bad = kh_utf8_check(doc->text, doc->text_len);
    if (bad < 0)
        return 0;
    if (!opts || !opts->lenient_utf8) {
        kh_diag_error(diag, doc->file, doc->line, "invalid UTF-8 at byte %ld of document %s", bad, id);
        return -1;
    }
    size_t len;
    long nrepl;
    char *fixed = kh_utf8_repair(doc->arena, doc->text, doc->text_len, &len, &nrepl);
    if (!fixed)
        return -1;
    kh_diag_warn(diag, doc->file, doc->line,
                 "replaced %ld invalid UTF-8 sequence%s (first at byte %ld) in document %s",
                 nrepl, nrepl == 1 ? "" : "s", bad, id);
    doc->text = fixed;
    doc->text_len = len;
    return 0;
}

int kh_text_process(kh_doc *doc, const kh_text_opts *opts, kh_diag *diag)
{
    if (!doc->text) {
        doc->text = "";
        doc->text_len = 0;
    }
    if (check_text(doc, opts, diag) < 0)
        return -1;
    kh_toks toks = {NULL, 0, 0};
    if (kh_tokenize(doc->text, doc->text_len, &toks) < 0) {
        kh_toks_free(&toks);
        return -1;
    }
    uint8_t *brk = toks.n ? malloc(toks.n) : NULL;
    int rc = 0;
    if (toks.n && !brk)
        rc = -1;
    if (!rc && toks.n) {
        kh_segment(doc->text, doc->text_len, toks.v, toks.n, brk);
        size_t a = 0;
        for (size_t i = 1; i <= toks.n && !rc; i++)
            if (i == toks.n || brk[i]) {
                rc = build_sentence(doc, toks.v, a, i, toks.n);
                a = i;
            }
    }
    free(brk);
    kh_toks_free(&toks);
    return rc;
}
