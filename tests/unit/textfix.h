/* textfix.h - fixtures of the unit tests of the text-level modules (segmenter,
 * tokeniser, temporal expressions, quantities, places): documents and sentences
 * built with the project's own text layer, and test-set rows split at tabs.
 * Include after testutil.h. */
#ifndef KH_TEXTFIX_H
#define KH_TEXTFIX_H

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "text.h"

/* Runs the text layer (opts may be NULL) over text into *d, whose strings go to
 * arena a; diagnostics are dropped. Returns what kh_text_process returns. */
static inline int kh_textfix_process(kh_arena *a, kh_doc *d, const char *text, const kh_text_opts *opts)
{
    kh_doc_init(d, a);
    d->text = text;
    d->text_len = strlen(text);
    kh_diag diag;
    kh_diag_init(&diag, NULL);
    return kh_text_process(d, opts, &diag);
}

/* Builds a one-sentence document from text with the project's text layer
 * (tokeniser and segmenter; several sentences are joined into one). NULL when
 * the text layer rejects text. */
static inline kh_sentence *kh_textfix_sentence(kh_arena *a, const char *text)
{
    kh_doc *d = kh_arena_calloc(a, 1, sizeof *d);
    assert_non_null(d);
    kh_text_opts opts = { 0 };
    if (kh_textfix_process(a, d, kh_arena_strdup(a, text), &opts) != 0 || d->nsents < 1)
        return NULL;
    kh_sentence *s = &d->sents[0];
    for (int k = 1; k < d->nsents; k++) {
        kh_word *w = kh_arena_grow(a, s->words, (size_t)s->nwords, (size_t)(s->nwords + d->sents[k].nwords),
                                   sizeof *w);
        assert_non_null(w);
        memcpy(w + s->nwords, d->sents[k].words, (size_t)d->sents[k].nwords * sizeof *w);
        s->words = w;
        s->nwords += d->sents[k].nwords;
    }
    return s;
}

/* Splits a test-set row at tabs (in place) into at most max fields; returns how
 * many it found. */
static inline int kh_textfix_fields(char *line, char **f, int max)
{
    int nf;
    char *p = line;
    for (nf = 0; nf < max && p; nf++) {
        f[nf] = p;
        p = strchr(p, '\t');
        if (p)
            *p++ = '\0';
    }
    return nf;
}

#endif
