/* codertest.h - what the coder's unit tests share: a one-sentence document built from
 * hand-written tree rows, and the events it gives as one line of text to compare.
 *
 * A row is "form lemma UPOS head deprel [XPOS]" (head 0 = root, 1-based otherwise).
 * Static inline, so that a test program that uses only one of them builds cleanly. */
#ifndef KH_CODERTEST_H
#define KH_CODERTEST_H

#include "testutil.h"

#include "coder.h"
#include "dict.h"

enum {
    KH_TEST_MARK_NEGATED = 1,   /* a negated event is written with '!' after its code */
    KH_TEST_NEED_PATTERN = 2    /* the first event must name the pattern or verb that fired */
};

/* One dictionary text of a test: the name the loader reports (and PETRARCH's rules
 * look at: a ".txt" verbs file is petrarch2's), the text and its format. */
typedef struct kh_test_part {
    const char *name;
    const char *text;
    kh_dict_format fmt;
} kh_test_part;

/* A finished dictionary from parts, up to one with a NULL text; NULL on any error
 * (messages on stderr). */
static inline kh_dict *kh_test_dict(const kh_test_part *parts)
{
    kh_diag d;
    kh_diag_init(&d, stderr);
    kh_dict *dict = kh_dict_new();
    if (!dict)
        return NULL;
    for (const kh_test_part *p = parts; p->text; p++)
        if (kh_dict_load_mem(dict, p->name, p->text, strlen(p->text), p->fmt, &d, NULL) < 0) {
            kh_dict_free(dict);
            return NULL;
        }
    if (kh_dict_finish(dict, &d) < 0) {
        kh_dict_free(dict);
        return NULL;
    }
    return dict;
}

/* Builds a one-sentence document (id "t", dated 2020-01-01) from rows. */
static inline void kh_test_make_doc(kh_doc *doc, kh_arena *a, const char *const *rows, int n)
{
    kh_doc_init(doc, a);
    doc->id = "t";
    doc->date = "2020-01-01";
    kh_sentence *s = kh_doc_add_sentence(doc);
    assert_non_null(s);
    s->words = kh_arena_calloc(a, (size_t)n, sizeof *s->words);
    assert_non_null(s->words);
    s->nwords = n;
    char text[1024] = "";
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        char form[64], lemma[64], upos[16], rel[32], xpos[16];
        int head;
        int nf = sscanf(rows[i], "%63s %63s %15s %d %31s %15s", form, lemma, upos, &head, rel, xpos);
        assert_true(nf == 5 || nf == 6);
        kh_word *w = &s->words[i];
        w->form = kh_arena_strdup(a, form);
        w->lemma = kh_arena_strdup(a, lemma);
        w->upos = (uint8_t)kh_upos_from_name(upos);
        w->xpos = nf == 6 ? kh_arena_strdup(a, xpos) : NULL;
        w->head = head;
        w->deprel = kh_arena_strdup(a, rel);
        w->start = (uint32_t)pos;
        pos += (size_t)snprintf(text + pos, sizeof text - pos, "%s ", form);
        w->end = (uint32_t)pos - 1;
    }
    doc->text = kh_arena_strdup(a, text);
    doc->text_len = strlen(text);
    s->text = doc->text;
    s->start = 0;
    s->end = (uint32_t)doc->text_len;
}

/* Codes the rows with dictionary d and options o and writes the events into out as
 * "SRC TGT CODE", ';'-separated (flags: KH_TEST_*). Returns the sentence's status. */
static inline int kh_test_code(const kh_dict *d, const kh_code_opts *o, const char *const *rows, int n,
                               char *out, size_t outn, int flags)
{
    kh_arena a;
    kh_arena_init(&a, 0);
    kh_doc doc;
    kh_test_make_doc(&doc, &a, rows, n);
    kh_events ev = {0};
    int st = kh_code_sentence(d, o, &doc, 0, &ev, NULL);
    out[0] = '\0';
    size_t pos = 0;
    for (int i = 0; i < ev.n && pos < outn; i++)
        pos += (size_t)snprintf(out + pos, outn - pos, "%s%s %s %s%s", i ? ";" : "", ev.ev[i].source.code,
                                ev.ev[i].target.code, ev.ev[i].cameo,
                                (flags & KH_TEST_MARK_NEGATED) && ev.ev[i].negated ? "!" : "");
    if (ev.n && (flags & KH_TEST_NEED_PATTERN))
        assert_non_null(ev.ev[0].pattern);
    kh_arena_free(&a);
    return st;
}

#endif
